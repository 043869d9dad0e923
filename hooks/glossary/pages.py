"""Term links and mentions in the pages of one language build (the glossary's side of hooks/markers).

:class:`LanguagePages` is handed to the markers extension: it turns ``[[id]]`` / ``[[id|text]]``
into a link to the entry on the same-language glossary page (tooltip: the definition), and, once a
page's element tree is complete, records which terms the page mentions (by name, alias or link)
and its title. Headings, admonition/details/tab titles, code and the glossary page itself do not
count, nor does what a marker generated; in headings, titles and the text of other links a term link
becomes plain text.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable
from typing import Any

from markdown.util import AtomicString

from hooks.core.problems import Problem
from hooks.glossary.mentions import Matcher, build_matcher
from hooks.glossary.model import Glossary, Term
from hooks.markers.extension import GENERATED_ATTR, PageContext, untag, untag_heading

GLOSSARY_URI = "glossary.md"
TERM_ATTR = "data-glossary-term"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
NOT_TEXT = {"code", "pre", "script", "style", "kbd", "samp", "svg", "math"}  # never read for mentions
TITLE_CLASSES = {"admonition-title"}
TITLE_TAGS = {"summary", "label"}  # details titles, tab labels
PLAIN_TAGS = HEADINGS | TITLE_TAGS
_SPECIAL = PLAIN_TAGS | NOT_TEXT | {"a"}  # what the walk does not read as ordinary running text
_URL = re.compile(r"https?://[^\s<>()\[\]]+")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def glossary_href(term: Term, page_src_uri: str, glossary_uri: str = GLOSSARY_URI) -> str:
    """The link target from the page to the term's entry: '../glossary.md#workspace' (MkDocs makes it a URL)."""
    return f"{posixpath.relpath(glossary_uri, posixpath.dirname(page_src_uri) or '.')}#{term.id}"


def unknown_term(term_id: str, known: Iterable[str], where: str, data_label: str) -> str:
    import difflib  # only for an unknown id

    close = difflib.get_close_matches(term_id, list(known), n=1)
    hint = f" (closest id: '{close[0]}')" if close else ""
    return f"{where}: glossary term '{term_id}' is not defined in {data_label}; check the id{hint} or add the term."


class LanguagePages:
    """State of one language build: the glossary, what each page mentions, the page titles."""

    def __init__(
        self,
        glossary: Glossary,
        lang: str,
        report: Callable[[Problem], None],
        autolink: bool = False,
        glossary_uri: str = GLOSSARY_URI,
        compile: Callable[[str, int], re.Pattern[str]] = re.compile,
    ) -> None:
        self.glossary = glossary
        self.lang = lang
        self.report = report
        self.autolink = autolink
        self.glossary_uri = glossary_uri
        self.matcher: Matcher = build_matcher(glossary.terms, lang, compile)
        self.mentions: dict[str, set[str]] = {}  # src_uri -> term ids
        self.titles: dict[str, str] = {}  # src_uri -> first level-1 heading
        self.to_glossary: dict[str, str] = {}  # page folder -> relative path of the glossary page
        self.titles_of: dict[str, str] = {}  # term id -> its link title (the definition on one line)
        self.indexes: dict[str, int | None] = {}  # src_uri -> line of its '<!-- glossary -->'
        self.no_index: Problem | None = None  # why this language has no glossary index to link to (no page, no marker)
        self.no_index_reported = False
        # the page of the last term link, and the relative path from it to the glossary page
        self.href_page: str | None = None
        self.href_start = ""

    # -- TermLinks ----------------------------------------------------------------------------
    def link(self, term_id: str, text: str | None, line: int | None, page: PageContext) -> etree.Element | str:
        if self.no_index is not None:  # nowhere to link to: said once, with the glossary page; text only
            if not self.no_index_reported:
                self.report(self.no_index)
                self.no_index_reported = True
            return text or (
                self.glossary.by_id[term_id].entries[self.lang].term if term_id in self.glossary.by_id else term_id
            )
        term = self.glossary.by_id.get(term_id)
        if term is None or self.lang not in term.entries:
            # an id the data file declares but could not use, or any id when the file itself is
            # broken, was reported with the data file: show the text, say nothing more
            if self.glossary.usable and term_id not in self.glossary.declared:
                message = unknown_term(term_id, self.glossary.by_id, "", self.glossary.label)[2:]
                self.report(Problem(page.label, line, message))
            return text or term_id
        entry = term.entries[self.lang]
        title = self.titles_of.get(term.id)
        if title is None:
            title = self.titles_of[term.id] = _one_line(entry.definition)
        element = etree.Element("a", {"href": self.href(term, page.src_uri), "title": title, TERM_ATTR: term.id})
        element.text = AtomicString(text or entry.term)
        return element

    def href(self, term: Term, page_src_uri: str) -> str:
        """:func:`glossary_href`, with one relative path per folder rather than per link."""
        if page_src_uri != self.href_page:
            folder = posixpath.dirname(page_src_uri) or "."
            start = self.to_glossary.get(folder)
            if start is None:
                start = self.to_glossary[folder] = posixpath.relpath(self.glossary_uri, folder)
            self.href_page, self.href_start = page_src_uri, start
        return f"{self.href_start}#{term.id}"

    def finish(self, root: etree.Element, page: PageContext) -> bool:
        """Record what the page mentions and its title; True: every heading outside what a marker generated is untagged."""
        walk = _Walk(self, page, counts=norm_src_uri(page.src_uri) != self.glossary_uri)
        read = walk.run(root)
        if walk.counts:
            self.mentions[page.src_uri] = walk.found
        if walk.title is not None:
            self.titles[page.src_uri] = walk.title
        return read


def norm_src_uri(src_uri: str) -> str:
    """'glossary.en.md' -> 'glossary.md' (the suffix that static-i18n reads)."""
    return re.sub(r"\.[a-z]{2}(?:[-_][A-Za-z]{2})?\.md$", ".md", src_uri)


class _Walk:
    """One pass over a page's tree: demote term links where links do not belong, collect mentions."""

    def __init__(self, pages: LanguagePages, page: PageContext, *, counts: bool) -> None:
        self.pages = pages
        self.page = page
        self.counts = counts
        self.autolink = pages.autolink
        self.record = counts and not pages.autolink  # collect running text for run() to match in one pass
        self.found: set[str] = set()
        self.linked: set[str] = set()  # terms the author linked (never auto-linked)
        self.title: str | None = None
        self.texts: list[str] = []  # running text, matched in one pass at the end (without autolink)

    def run(self, root: etree.Element) -> bool:
        """Walk the tree; True when it was read (each heading outside what a marker generated is then untagged)."""
        if self.pages.autolink:
            self.linked = {el.get(TERM_ATTR, "") for el in root.iter("a") if el.get(TERM_ATTR)}
        read = self._read(root)
        if read:
            self._element(root, _plain(root, root.tag), False)
        if self.texts:  # NUL between text nodes: a name never runs on from one node into the next
            masked = "\0".join(self.texts)
            if "://" in masked:
                masked = _URL.sub(_blank, masked)
            self.found.update(self.pages.matcher.ids(masked))
        return read

    def _read(self, element: etree.Element) -> bool:
        """Untag a heading and take the title from the first level-1 heading; False for what is not read (code,
        what a marker generated)."""
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in HEADINGS:
            untag_heading(element)
            if tag == "h1" and self.title is None:
                self.title = untag(_one_line("".join(element.itertext())))[0].strip() or None
        return tag not in NOT_TEXT and element.get(GENERATED_ATTR) is None

    def _element(self, element: etree.Element, plain: bool, in_link: bool) -> None:
        """Read ``element`` (its own plain and in_link already decided) and its children."""
        autolink = self.autolink
        record = self.record  # running text, matched in one pass by run()
        add = self.texts.append
        if not plain:
            text = element.text
            if text:
                if record:
                    add(text)
                elif autolink:
                    element.text = self._text(element, text, None, in_link)
        # children change only when term links are unwrapped (plain, in a link) or autolinks are added
        for child in list(element) if plain or in_link or autolink else element:
            tag = child.tag
            if tag.__class__ is str and tag not in _SPECIAL:  # running text: p, li, em, td, span ...
                if child.get(GENERATED_ATTR) is None:  # not what a marker generated
                    if _title_class(child):
                        self._element(child, True, in_link)
                    elif autolink or len(child):
                        self._element(child, plain, in_link)
                    elif record and not plain:
                        text = child.text
                        if text:
                            add(text)
            else:  # a heading, a title, code, a link, a comment
                term_id = child.get(TERM_ATTR) if tag == "a" else None
                if term_id is not None:
                    del child.attrib[TERM_ATTR]
                    if not plain and self.counts:
                        self.found.add(term_id)
                    if plain or in_link:  # no link in a heading, a title or another link: its text only
                        if child.tail and not plain:
                            self._text(element, child.tail, None, in_link=True)
                        _unwrap(element, child)
                        continue
                elif tag in NOT_TEXT:  # not read (its tail is); a heading in it is untagged all the same
                    if len(child):
                        for node in child.iter():
                            if node.tag in HEADINGS:
                                untag_heading(node)
                elif record and tag == "a" and not len(child) and child.get(GENERATED_ATTR) is None:
                    # a link holding only text: its text is running text, unless it is a title
                    if not plain and not _title_class(child):
                        text = child.text
                        if text:
                            add(text)
                elif self._read(child):
                    self._element(child, plain or _plain(child, tag), in_link or tag == "a")
            if not plain:
                tail = child.tail
                if tail:
                    if record:
                        add(tail)
                    elif autolink:
                        child.tail = self._text(element, tail, child, in_link)

    def _mention(self, term_id: str) -> None:
        if self.counts:
            self.found.add(term_id)

    def _text(self, parent: etree.Element, text: str, after: etree.Element | None, in_link: bool) -> str:
        """Record the mentions in ``text``; with autolink, link the first plain mention of each term."""
        if not self.pages.autolink:
            if self.counts:
                self.texts.append(text)
            return text
        masked = _URL.sub(_blank, text)
        spans = list(self.pages.matcher.spans(masked))
        for _, _, term_id in spans:
            self._mention(term_id)
        if not self.pages.autolink or in_link or isinstance(text, AtomicString):
            return text
        for start, end, term_id in spans:
            if term_id in self.linked:
                continue
            self.linked.add(term_id)
            term = self.pages.glossary.by_id[term_id]
            link = etree.Element(
                "a",
                {
                    "href": self.pages.href(term, self.page.src_uri),
                    "title": _one_line(term.entries[self.pages.lang].definition),
                },
            )
            link.text = AtomicString(text[start:end])
            link.tail = text[end:]
            index = 0 if after is None else list(parent).index(after) + 1
            parent.insert(index, link)
            if link.tail:
                link.tail = self._text(parent, link.tail, link, in_link)
            return text[:start]
        return text


def _plain(element: etree.Element, tag: object) -> bool:
    """True for a heading or a title (its text is no mention, a term link in it becomes its text)."""
    return tag in PLAIN_TAGS or _title_class(element)


def _title_class(element: etree.Element) -> bool:
    classes = element.get("class")
    return classes is not None and not TITLE_CLASSES.isdisjoint(classes.split())


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _unwrap(parent: etree.Element, child: etree.Element) -> None:
    """Replace ``child`` (a term link) by its text."""
    children = list(parent)
    index = children.index(child)
    text = (child.text or "") + (child.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = children[index - 1]
        previous.tail = (previous.tail or "") + text
    parent.remove(child)


def convert(
    markdown_text: str,
    terms: list[Term] | Glossary,
    lang: str,
    src_uri: str,
    *,
    label: str | None = None,
    extensions: Iterable[Any] = ("attr_list", "tables", "admonition", "fenced_code", "footnotes"),
    autolink: bool = False,
) -> tuple[str, list[Problem], LanguagePages]:
    """``markdown_text`` converted by Python-Markdown with the markers extension and this language's term
    links, outside MkDocs: (HTML, problems, the pages state with its mentions and titles)."""
    import markdown

    from hooks.markers.extension import MarkersExtension

    glossary = terms if isinstance(terms, Glossary) else Glossary(list(terms), [], declared=frozenset())
    problems: list[Problem] = []
    pages = LanguagePages(glossary, lang, problems.append, autolink=autolink)
    extension = MarkersExtension()
    extension.add(terms=pages)
    extension.begin(PageContext(src_uri=src_uri, label=label or f"docs/{src_uri}", lang=lang))
    html = markdown.markdown(markdown_text, extensions=[extension, *extensions])
    return html, [*problems, *extension.end()], pages


def find_mentions(markdown_text: str, terms: list[Term], lang: str, src_uri: str = "page.md") -> set[str]:
    """Ids of the terms the page's running text mentions (by name, alias or [[id]] link)."""
    return convert(markdown_text, terms, lang, src_uri)[2].mentions.get(src_uri, set())
