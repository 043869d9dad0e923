"""The Python-Markdown extension for ``<!-- name: args -->`` markers and ``[[id]]`` / ``[[id|text]]`` term links.

Markdown decides what is code: markers are recognised by a block processor that runs after
indented code blocks were taken, on the comments Python-Markdown's raw-HTML step set aside (or, in
lists, admonitions and quotes, on the literal comment); term links by Python-Markdown's inline
processing, which never sees code spans, fenced or indented code, or raw HTML such as ``<pre>``. So
both stay literal in every kind of code. Python-Markdown tries every inline pattern on every piece of
text, so term links are not one more pattern: the link pattern, which stops at every '[', is replaced
by one that reads ``[[id]]`` there and leaves every other '[' to the link pattern it replaced.

Python-Markdown keeps no source lines, so the first preprocessor appends to every ``[[...]]`` and
after every ``<!--`` a line tag: the line number in ASCII digits between the control characters SO
and SI (U+000E, U+000F), and writes the ``|`` of ``[[id|text]]`` as the control character US
(U+001F, so a table does not split a cell there). The processors read and drop them; a last
postprocessor removes any that were left in code or raw HTML, and turns the pipe character back into
``|``. Tags of ASCII characters keep the text as narrow as it was: an English page stays one byte per
character for every regular expression Markdown runs over it.

What a marker renders, and what a term link becomes, is not decided here: generators pass their
renderers to :meth:`MarkersExtension.add` as a dict, and the glossary passes a :class:`TermLinks`.
A renderer returns Markdown, or :class:`Blocks` whose raw HTML blocks go to the page without being
parsed again.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import msgspec
from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor, LinkInlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER, HTML_PLACEHOLDER_RE, AtomicString

from hooks.core.problems import HookError, Problem

TAG_OPEN, TAG_CLOSE = "\x0e", "\x0f"  # line n is TAG_OPEN + str(n) + TAG_CLOSE
PIPE = "\x1f"  # the '|' of [[id|text]] while Markdown parses the page
TAGS_RE = re.compile("\x0e([0-9]+)\x0f")
TERM_SOURCE_RE = re.compile(r"\[\[([^\[\]\n]*)\]\]")
_TERM_RE = re.compile(r"\[\[([^\[\]\n]*)\]\]", re.DOTALL)  # as an inline pattern compiles it
MARKER_RE = re.compile(r"^([a-z][a-z0-9-]*)(?:[ \t]*:[ \t]*(.*?))?$", re.S)
LOOKS_LIKE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*")  # a comment whose text starts like a name
TERM_HINT = "[["
_ANCHOR_RE = re.compile(r"""<[A-Za-z][^>]*?\s(id|name)=["']([^"'>]+)["']""")  # ids and <a name> in raw HTML
_ALONE_RE = re.compile(
    r"^[ \t>]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?<!--(?:(?!-->).)*(?:-->)?[ \t]*$"
)  # one comment, no text
_IN_RAW_HTML = re.compile(r"<(?:!--(?:(?!-->).)*|[A-Za-z/][^<>]*)\Z", re.S)  # text ends inside '<!--' or '<tag'
GENERATED_ATTR = "data-markers-generated"  # on what a marker rendered, until the tree is finished
_COMMENT_STARTS = ("<", HTML_PLACEHOLDER[0])  # how a block that is a comment starts ('<!--' or a placeholder)
_NUMBERED = re.compile(r"\d+[.)]")  # a numbered list item
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def line_tag(line: int) -> str:
    return f"{TAG_OPEN}{line}{TAG_CLOSE}" if line > 0 else ""


def untag(text: str) -> tuple[str, int | None]:
    """``text`` without line tags (the pipe character back as '|'), and the line of the first tag."""
    match = TAGS_RE.search(text)
    line = int(match.group(1)) if match else None
    return TAGS_RE.sub("", text).replace(PIPE, "|"), line


class Marker(msgspec.Struct, frozen=True, gc=False):
    name: str
    args: tuple[str, ...]
    line: int | None  # 1-based line in the Markdown source
    src_path: str  # path shown in messages, e.g. 'docs/setup/python.md'


class PageContext(msgspec.Struct, frozen=True, gc=False):
    """The page being converted: set by the hook before MkDocs renders it."""

    src_uri: str  # relative to docs_dir, e.g. 'setup/python.md'
    label: str  # shown in messages, e.g. 'docs/setup/python.md'
    lang: str
    line_offset: int = 0  # lines of front matter MkDocs removed before conversion


class RenderContext(msgspec.Struct, frozen=True):
    """What a generator may know about the page it renders into, and where it reports problems."""

    lang: str
    src_uri: str
    report: Callable[[Problem], None] = lambda problem: None


class Blocks(msgspec.Struct, frozen=True, gc=False):
    """What a renderer may return instead of one Markdown text: its blocks in order, each ``(text, raw)``.

    A raw block is one HTML block written as Python-Markdown's raw-HTML step would set it aside (its text
    from the opening tag to the closing one, and the newline after it when a blank line follows): it is
    stashed as it is, not parsed again.
    The other blocks are Markdown, parsed as a Markdown text would be."""

    parts: tuple[tuple[str, bool], ...]

    @classmethod
    def split(cls, markdown_text: str) -> Blocks:
        """The blocks of a generated Markdown text in which each part between blank lines that starts with a tag is
        one whole HTML block (its first element closed at its end, no ``markdown`` attribute), as a generator's
        template writes it. Python-Markdown keeps the newline after such a block when a blank line follows it."""
        chunks = markdown_text.split("\n\n")
        parts = []
        for index, chunk in enumerate(chunks, start=1):
            html = chunk.strip("\n")
            if html.startswith("<"):
                parts.append((html + "\n" if index < len(chunks) else html, True))
            else:
                parts.append((chunk, False))
        return cls(tuple(parts))


Renderer = Callable[[Marker, RenderContext], "str | Blocks"]  # returns Markdown; raises HookError for bad arguments


class TermLinks(Protocol):
    """What ``[[id]]`` / ``[[id|text]]`` become (the glossary implements it)."""

    def link(self, term_id: str, text: str | None, line: int | None, page: PageContext) -> etree.Element | str:
        """An ``<a>`` element, or the plain text to show (having reported any problem)."""
        ...

    def finish(self, root: etree.Element, page: PageContext) -> bool | None:
        """Called with the page's element tree once inline Markdown is done; elements a marker rendered
        carry the attribute ``GENERATED_ATTR`` (removed afterwards). True when it has called
        :func:`untag_heading` on every heading outside what a marker generated (the extension then untags
        only those); otherwise the extension untags every heading."""
        ...


def fail(marker: Marker, problem: str) -> HookError:
    """The error a renderer raises: ``raise fail(marker, "argument 'x' is unknown")``."""
    return HookError(Problem(marker.src_path, marker.line, f"marker '{marker.name}': {problem}."))


class MarkersExtension(Extension):
    """One per build (see :func:`install`): renderers, the term links, the page, the problems found."""

    def __init__(self) -> None:
        super().__init__()
        self.renderers: dict[str, Renderer] = {}
        self.terms: TermLinks | None = None
        self.page: PageContext | None = None
        self.source: Any = None  # the MkDocs page ``page`` was made from (see hooks/markers/page.py)
        self.problems: list[Problem] = []
        self.alone: set[int] = set()  # lines of the page being converted that hold one comment and nothing else
        self.generated: list[etree.Element] = []  # what markers rendered into the page being converted
        self.parsed: dict[
            str | Blocks, _Parsed
        ] = {}  # generated Markdown -> its blocks, for the next page rendering it

    def add(self, renderers: Mapping[str, Renderer] | None = None, *, terms: TermLinks | None = None) -> None:
        """Make ``<!-- name ... -->`` expand through ``renderers[name]``; let ``terms`` handle ``[[id]]``."""
        self.renderers.update(renderers or {})
        if terms is not None:
            self.terms = terms

    def begin(self, page: PageContext) -> None:
        """The next conversion is of ``page`` (problems of an earlier page not taken with :meth:`end` stay)."""
        self.page = page
        self.source = None

    def end(self) -> list[Problem]:
        """The problems found since the last call, in source order."""
        found, self.problems = self.problems, []
        return found

    def report(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(_Tagger(md, self), "hooks_markers_tags", 29)  # before fenced code (25)
        md.parser.blockprocessors.register(_MarkerBlocks(md.parser, md, self), "hooks_markers", 79)  # after code (80)
        patterns = md.inlinePatterns
        link = patterns["link"] if "link" in patterns else None  # noqa: SIM401 (a Registry: no .get())
        if isinstance(link, LinkInlineProcessor):  # term links read where links are, not in a pass of their own
            patterns.register(_TermsAndLinks(md, self, link), "link", _priority(patterns, "link", 160))
        else:  # no standard link pattern to read them with
            patterns.register(_TermPattern(md, self), "hooks_terms", 135)  # after links and images
        md.treeprocessors.register(_Finish(md, self), "hooks_terms_finish", 7)  # after attr_list (8), before toc (5)
        md.postprocessors.register(_Untag(md), "hooks_markers_untag", 0)


def install(config: Any) -> MarkersExtension:
    """The build's MarkersExtension in ``config['markdown_extensions']``, added there on first use."""
    extensions = config["markdown_extensions"]
    for extension in extensions:
        if isinstance(extension, MarkersExtension):
            return extension
    extension = MarkersExtension()
    extensions.append(extension)
    return extension


class _Parsed(msgspec.Struct, frozen=True):
    """The blocks a generated Markdown text parsed to, with the raw HTML they stashed (from placeholder ``base``)."""

    base: int
    raw_html: tuple[str, ...]
    elements: tuple[etree.Element, ...]

    def replay(self, parent: etree.Element, stash: Any) -> None:
        """Append copies of the blocks to ``parent``, their raw HTML stashed again under new placeholders."""
        shift = stash.html_counter - self.base
        for block in self.raw_html:
            stash.store(block)
        renumber = _renumber(shift)
        for element in self.elements:
            element = copy.deepcopy(element)
            if shift and self.raw_html:
                for node in element.iter():
                    if node.text and HTML_PLACEHOLDER[0] in node.text:
                        node.text = type(node.text)(HTML_PLACEHOLDER_RE.sub(renumber, node.text))
                    if node.tail and HTML_PLACEHOLDER[0] in node.tail:
                        node.tail = type(node.tail)(HTML_PLACEHOLDER_RE.sub(renumber, node.tail))
            parent.append(element)


def _renumber(shift: int) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        return HTML_PLACEHOLDER % (int(match.group(1)) + shift)

    return replace


# --------------------------------------------------------------------------------------------
# Processors
# --------------------------------------------------------------------------------------------
class _Tagger(Preprocessor):
    def __init__(self, md: Markdown, ext: MarkersExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        offset = self.ext.page.line_offset if self.ext.page else 0
        alone: set[int] = set()
        self.ext.alone = alone
        self.ext.generated = []
        text = "\n".join(lines)
        term, comment = text.find(TERM_HINT), text.find("<!--")
        if term < 0 and comment < 0:
            return lines
        out = list(lines)
        index, pos = 0, 0
        while term >= 0 or comment >= 0:  # the lines holding '[[' or '<!--', each once
            start = comment if term < 0 or 0 <= comment < term else term
            index += text.count("\n", pos, start)
            pos = text.find("\n", start) + 1 or len(text)
            line = lines[index]
            tag = line_tag(index + 1 + offset)
            has_comment = "<!--" in line
            if has_comment and _ALONE_RE.match(line):
                alone.add(index + 1 + offset)
            if TERM_HINT in line:
                line = TERM_SOURCE_RE.sub(_tagged_term(tag), line)
            if has_comment:
                line = line.replace("<!--", "<!--" + tag)
            out[index] = line
            index += 1  # pos is the start of the next line
            if 0 <= term < pos:
                term = text.find(TERM_HINT, pos)
            if 0 <= comment < pos:
                comment = text.find("<!--", pos)
        return out


def _tagged_term(tag: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        return f"[[{match.group(1).replace('|', PIPE)}{tag}]]"

    return replace


class _Untag(Postprocessor):
    def run(self, text: str) -> str:
        if PIPE in text:
            text = text.replace(PIPE, "|")
        return TAGS_RE.sub("", text) if TAG_OPEN in text else text


class _MarkerBlocks(BlockProcessor):
    """A block that is one HTML comment: a marker when its text starts like a name."""

    def __init__(self, parser: BlockParser, md: Markdown, ext: MarkersExtension) -> None:
        super().__init__(parser)
        self.md = md
        self.ext = ext

    def _comment(self, first: str) -> str | None:
        """The comment the block's first line is (raw text), or None."""
        stripped = first.strip()
        placeholder = HTML_PLACEHOLDER_RE.fullmatch(stripped)
        if placeholder:
            index = int(placeholder.group(1))
            blocks = self.md.htmlStash.rawHtmlBlocks
            raw = blocks[index] if index < len(blocks) else None
            return raw.strip() if isinstance(raw, str) and raw.strip().startswith("<!--") else None
        return stripped if stripped.startswith("<!--") else None

    def test(self, parent: etree.Element, block: str) -> bool:
        if block.lstrip()[:1] not in _COMMENT_STARTS:  # neither a comment nor a stashed raw-HTML block
            return False
        comment = self._comment(block.partition("\n")[0])
        if comment is None:
            return False
        first = untag(comment.split("\n", 1)[0][4:])[0]
        if "\n" in comment and "-->" in first:  # a one-line comment, then more raw HTML: not a marker
            return False
        inner = first[: first.index("-->")] if "-->" in first else first
        line = untag(comment)[1]
        if line is not None and line not in self.ext.alone:  # shares its line with other text: a comment
            return False
        return bool(LOOKS_LIKE_RE.match(inner.strip()))

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        block = blocks.pop(0)
        first, _, rest = block.partition("\n")
        if rest.strip():
            blocks.insert(0, rest)
        comment = self._comment(first) or ""
        comment, _, swallowed = comment.partition("\n")  # an unclosed marker ran on to a later '-->'
        text, line = untag(comment)
        page = self.ext.page
        label = page.label if page else "(page)"
        closed = text.endswith("-->") and not swallowed
        inner = (text[4:-3] if closed else text[4:]).strip()
        marker = self._marker(inner, closed, line, label)
        if marker is not None:
            self._render(parent, marker, page)
        if swallowed:
            self._parse(parent, swallowed)
        return True

    def _render(self, parent: etree.Element, marker: Marker, page: PageContext | None) -> None:
        render = self.ext.renderers[marker.name]
        ctx = RenderContext(
            lang=page.lang if page else "", src_uri=page.src_uri if page else "", report=self.ext.report
        )
        try:
            markdown_text = render(marker, ctx)
        except HookError as err:
            self.ext.report(err.problem)
            return
        before = len(parent)
        self._parse(parent, markdown_text, generated=True)
        for element in parent[before:]:  # what a generator wrote is not the author's text (no mentions)
            element.set(GENERATED_ATTR, marker.name)
            self.ext.generated.append(element)

    def _parse(self, parent: etree.Element, content: str | Blocks, *, generated: bool = False) -> None:
        """Append what ``content`` parses to (a Markdown text, or blocks with raw HTML to stash as it is)."""
        markdown_text = content if isinstance(content, str) else "\n\n".join(text for text, _ in content.parts)
        anchors: Any = None
        if "mkdocs_raw_html" in self.md.preprocessors:  # a Registry: no .get()
            anchors = self.md.preprocessors["mkdocs_raw_html"]
        if anchors is not None and isinstance(getattr(anchors, "present_anchor_ids", None), set):
            # MkDocs learns the ids in raw HTML (for its anchor validation) in this preprocessor, which
            # ran before blocks were parsed: give it the ids of the generated raw HTML too
            anchors.present_anchor_ids.update(m.group(2) for m in _ANCHOR_RE.finditer(markdown_text))
        key = content if generated and self._replayable(markdown_text) else None
        parsed = self.ext.parsed.get(key) if key is not None else None
        if parsed is not None:
            parsed.replay(parent, self.md.htmlStash)
            return
        stash = self.md.htmlStash
        before, base, stored, tags = len(parent), stash.html_counter, len(stash.rawHtmlBlocks), stash.tag_counter
        text_before, tail_before = parent.text, parent[-1].tail if len(parent) else None
        if not isinstance(content, str):  # each raw block stashed, as Python-Markdown's raw-HTML step would
            markdown_text = "\n\n".join(stash.store(text) if raw else text for text, raw in content.parts)
        lines = markdown_text.split("\n")
        if "html_block" in self.md.preprocessors:
            lines = self.md.preprocessors["html_block"].run(lines)
        self.parser.parseChunk(parent, "\n".join(lines))
        blocks = stash.rawHtmlBlocks[stored:]
        if (
            key is not None
            and len(parent) > before
            and len(blocks) == stash.html_counter - base
            and stash.tag_counter == tags
            and all(isinstance(block, str) for block in blocks)
            and parent.text == text_before
            and (before == 0 or parent[before - 1].tail == tail_before)
        ):
            self.ext.parsed[key] = _Parsed(base, tuple(blocks), tuple(copy.deepcopy(e) for e in parent[before:]))

    def _replayable(self, markdown_text: str) -> bool:
        """True when ``markdown_text`` parses the same wherever a marker stands at the top level of a page:
        its first block is a paragraph, heading or raw HTML (nothing that continues a list, a quote or
        code before it), and it defines nothing (references, footnotes, abbreviations) and holds no comment."""
        if self.parser.state or "]:" in markdown_text or "<!--" in markdown_text:
            return False
        first = markdown_text.lstrip("\n").partition("\n")[0]
        return first[:1] in ("<", "#") or first[:1].isalpha() or (first[:1].isdigit() and not _NUMBERED.match(first))

    def _marker(self, inner: str, closed: bool, line: int | None, label: str) -> Marker | None:
        """The marker to render, or None; a malformed or unknown one is reported (and rendered when its
        intended name is known, so a typo does not also remove what the page links to)."""
        known = self.ext.renderers
        shown = f"<!-- {inner}" + (" -->" if closed else "")
        match = MARKER_RE.match(inner) if closed else None
        if match:
            name, args = match.group(1), tuple((match.group(2) or "").split())
            if name in known:
                return Marker(name, args, line, label)
            listing = ", ".join(f"'{n}'" for n in sorted(known)) or "none"
            self.ext.report(
                Problem(
                    label,
                    line,
                    f"marker '{name}' is not a known generator (known: {listing}); "
                    "fix the name or write the comment on a line with other text.",
                )
            )
            # a misspelt name still renders what was meant, so the page does not lose what others link to
            import difflib  # only for a misspelt name

            close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
            return Marker(close[0], args, line, label) if close else None
        word = LOOKS_LIKE_RE.match(inner)
        name = word.group(0) if word else inner
        lower = name.lower()
        args = tuple(inner[len(name) :].strip().lstrip(":").split())
        suggestion = f"<!-- {lower}{': ' + ' '.join(args) if args else ''} -->"
        if not closed:
            message = f"marker '{shown}' has no closing '-->'; end it on the same line: '{suggestion}'."
        elif name != lower and lower in known:
            message = f"marker '{shown}' is not well-formed: marker names are lowercase; write '{suggestion}'."
        elif lower in known and args and not inner[len(name) :].strip().startswith(":"):
            message = f"marker '{shown}' is not well-formed: a colon must follow the name; write '{suggestion}'."
        else:
            message = (
                f"comment '{shown}' looks like a marker but is not well-formed; write '<!-- name -->' or "
                "'<!-- name: arguments -->' with a lowercase name, or put the comment on a line with other text."
            )
        self.ext.report(Problem(label, line, message))
        return Marker(lower, args, line, label) if lower in known else None


def _priority(registry: Any, name: str, default: float) -> float:
    """The priority ``name`` is registered with (Python-Markdown's Registry keeps it privately)."""
    for item in getattr(registry, "_priority", ()):
        if getattr(item, "name", None) == name:
            return float(item.priority)
    return default


class _TermReader:
    """What ``[[id]]`` / ``[[id|text]]`` at a position of inline text becomes."""

    def __init__(self, ext: MarkersExtension) -> None:
        self.ext = ext

    def term(self, data: str, start: int, *, before_paren: bool = True) -> tuple[etree.Element | str | None, int]:
        """The node for the term link at ``start`` and where it ends; (None, 0) when none is there, when the
        text there is inside an inline comment or tag (raw HTML keeps it as written), or (``before_paren``
        false) when '(' follows it."""
        match = _TERM_RE.match(data, start)
        terms, page = self.ext.terms, self.ext.page
        if (
            match is None
            or terms is None
            or page is None
            or (not before_paren and data.startswith("(", match.end()))
            or ("<" in data and _IN_RAW_HTML.search(data, 0, start))
        ):
            return None, 0
        inner = match.group(1)
        line_match = TAGS_RE.search(inner)
        line = None
        if line_match is not None:  # the tag _Tagger wrote last, or (rarely) more
            line = int(line_match.group(1))
            inner = inner[: line_match.start()] if line_match.end() == len(inner) else TAGS_RE.sub("", inner)
        term_id, sep, text = inner.replace("|", PIPE).partition(PIPE)
        node = terms.link(term_id.strip(), text.replace(PIPE, "|").strip() if sep else None, line, page)
        return node, match.end()

    def in_text(self, element: etree.Element) -> None:
        """Term links in the text of ``element`` (a link just made, holding no element yet) as its children."""
        text = element.text or ""
        if TERM_HINT not in text or isinstance(text, AtomicString) or len(element):
            return
        kept, last, pos = [], 0, text.find(TERM_HINT)
        while pos >= 0:
            node, end = self.term(text, pos)
            if node is None:
                pos = text.find(TERM_HINT, pos + 1)
                continue
            kept.append((text[last:pos], node))
            last, pos = end, text.find(TERM_HINT, end)
        if not kept:
            return
        element.text, tail = "", text[last:]
        previous: etree.Element | None = None
        for before, node in kept:
            _append_text(element, previous, before)
            if isinstance(node, str):
                _append_text(element, previous, node)
            else:
                element.append(node)
                previous = node
        _append_text(element, previous, tail)


def _append_text(parent: etree.Element, previous: etree.Element | None, text: str) -> None:
    if not text:
        return
    if previous is None:
        parent.text = (parent.text or "") + text
    else:
        previous.tail = (previous.tail or "") + text


class _TermsAndLinks(InlineProcessor):
    """Python-Markdown's link pattern, reading term links at the brackets it already visits.

    Each pattern Python-Markdown adds is tried on every piece of inline text, so term links are not a
    pattern of their own: at a '[' this pattern matches, ``[[id]]`` (not followed by '(', which keeps it
    the link text it always was) is a term link; otherwise the link pattern it replaces decides. Term
    links in a link's text become the link's children, as they did when read after links."""

    def __init__(self, md: Markdown, ext: MarkersExtension, link: LinkInlineProcessor) -> None:
        super().__init__(link.pattern, md)
        self.compiled_re = link.compiled_re
        self.ANCESTOR_EXCLUDES = link.ANCESTOR_EXCLUDES
        self.link = link
        self.reader = _TermReader(ext)

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | str | None, int | None, int | None]:
        start = m.start(0)
        if start and data[start - 1] == "[" and data.startswith("!", start - 2):  # '![[id]]': the '!' is text
            start -= 1
        if data.startswith(TERM_HINT, start):
            node, end = self.reader.term(data, start, before_paren=False)
            if node is not None:
                return node, start, end
        node, begin, end = self.link.handleMatch(m, data)
        if isinstance(node, etree.Element):
            self.reader.in_text(node)
        return node, begin, end


class _TermPattern(InlineProcessor):
    """Term links as a pattern of their own, for a Markdown whose link pattern is not Python-Markdown's."""

    def __init__(self, md: Markdown, ext: MarkersExtension) -> None:
        super().__init__(r"\[\[([^\[\]\n]*)\]\]", md)
        self.reader = _TermReader(ext)

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | str | None, int | None, int | None]:
        node, end = self.reader.term(data, m.start(0))
        return (node, m.start(0), end) if node is not None else (None, None, None)


class _Finish(Treeprocessor):
    def __init__(self, md: Markdown, ext: MarkersExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        terms, page, generated = self.ext.terms, self.ext.page, self.ext.generated
        untagged = bool(terms.finish(root, page)) if terms is not None and page is not None else False
        for element in generated:
            element.attrib.pop(GENERATED_ATTR, None)
        self.ext.generated = []
        for tree in generated if untagged else (root,):  # the table of contents reads heading text after this
            for tag in HEADING_TAGS:
                for heading in tree.iter(tag):
                    untag_heading(heading)


def untag_heading(heading: etree.Element) -> None:
    """Remove the line tags from the text in ``heading`` (not from its tail)."""
    for node in heading.iter():
        if node.text and TAGS_RE.search(node.text):
            node.text = type(node.text)(untag(node.text)[0])
        if node is not heading and node.tail and TAGS_RE.search(node.tail):
            node.tail = untag(node.tail)[0]


__all__ = [
    "Blocks",
    "Marker",
    "MarkersExtension",
    "PageContext",
    "RenderContext",
    "Renderer",
    "TermLinks",
    "fail",
    "install",
    "line_tag",
    "untag",
    "untag_heading",
]
