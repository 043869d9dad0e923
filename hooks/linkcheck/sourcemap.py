"""From a problem in a built page back to the Markdown line that wrote the link.

MkDocs rewrote ``datastore.md#blob`` into ``../datastore/#blob``, so the HTML URL alone is often not
in the Markdown: :func:`needles` lists what the source may contain, most specific first, and
:class:`LineIndex` finds them. The index is built once per page (on first use) from every place a
link target can start and end in that Markdown, outside fenced code, so each problem costs a few
dictionary lookups however many problems a page has.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Sequence
from urllib.parse import unquote

from hooks.core.problems import Level, Problem
from hooks.linkcheck.resolve import LinkProblem, message

_TOKEN_START = frozenset("(<\"'[= \t")
_TOKEN_END = frozenset(")>\"' \t")
# Patterns used only for pages with a problem: compiled on first use (re keeps them), not at import.
_RUN = r"[^)>\"' \t]+"
_LANGUAGE_MD = r"\.([a-z]{2}(?:_[A-Z]{2})?)\.md$"
_TERM = r"\[\[([^\[\]\n|]+)(?:\|[^\[\]\n]*)?\]\]"  # [[id]] or [[id|text]]: a glossary term link

Hit = tuple[int, str, str]  # (line, the whole target as written, the character before it)


class LineIndex:
    """Every link target of one Markdown text, by the strings a needle can equal."""

    __slots__ = ("fragments", "lines", "targets", "terms")

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.targets: dict[str, list[Hit]] = {}  # needle that starts a target -> hits
        self.fragments: dict[str, list[Hit]] = {}  # '#frag' ending a target -> hits
        self.terms: dict[str, list[Hit]] = {}  # glossary term id -> its [[id]] links

    @classmethod
    def build(cls, markdown: str) -> LineIndex:
        from hooks.core import mdscan  # only for pages with a problem: not imported by every build

        lines = markdown.split("\n")
        index = cls(lines)
        term_re, run_re = re.compile(_TERM), re.compile(_RUN)
        for number, (text, fenced) in enumerate(zip(lines, mdscan.fenced_lines(lines), strict=True), start=1):
            if fenced:
                continue
            if "[[" in text:
                for term in term_re.finditer(text):
                    index.terms.setdefault(term.group(1).strip(), []).append((number, term.group(0), ""))
            for run in run_re.finditer(text):
                start, end = run.span()
                if end < len(text) and text[end] not in _TOKEN_END:
                    continue
                left = None  # the last start seen, for fragments
                for pos in range(start, end):
                    before = text[pos - 1] if pos else " "
                    if before in _TOKEN_START:
                        left = pos
                        index.targets.setdefault(text[pos:end], []).append(
                            (number, text[pos:end], text[pos - 1] if pos else "")
                        )
                    if text[pos] == "#" and before not in " \t{":
                        begin = _start_before(text, pos) if left is None else left
                        hit = (number, text[begin:end], text[begin - 1] if begin else "")
                        index.fragments.setdefault(text[pos:end], []).append(hit)
        return index

    def find(self, needles: Sequence[str], nth: int = 0) -> Hit | None:
        """First needle that occurs as a link target; ``nth`` picks the nth occurrence (the last if fewer)."""
        for needle in needles:
            hits = (self.fragments if needle.startswith("#") else self.targets).get(needle)
            if hits is None and any(char in _TOKEN_END for char in needle):
                hits = self._scan(needle)  # a target with ')' or a quote inside: rare, searched directly
            if hits:
                return hits[min(nth, len(hits) - 1)]
        return None

    def find_term(self, term_id: str, nth: int = 0) -> Hit | None:
        """The nth ``[[term_id]]`` (or ``[[term_id|text]]``) outside code: the glossary links it produces."""
        hits = self.terms.get(term_id)
        return hits[min(nth, len(hits) - 1)] if hits else None

    def _scan(self, needle: str) -> list[Hit]:
        fragment_only = needle.startswith("#")
        hits: list[Hit] = []
        from hooks.core import mdscan

        code = mdscan.fenced_lines(self.lines)
        for number, text in enumerate(self.lines, start=1):
            if code[number - 1] or needle not in text:
                continue
            start = text.find(needle)
            while start >= 0:
                end = start + len(needle)
                before = text[start - 1] if start else " "
                after = text[end] if end < len(text) else " "
                if after in _TOKEN_END and (
                    (fragment_only and before not in " \t{") or (not fragment_only and before in _TOKEN_START)
                ):
                    left = _start_before(text, start)
                    hits.append((number, text[left:end], text[left - 1] if left else ""))
                start = text.find(needle, start + 1)
        return hits


def _start_before(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1] not in _TOKEN_START:
        pos -= 1
    return pos


def find_in_markdown(markdown: str, needles: Sequence[str], nth: int = 0) -> Hit | None:
    """:meth:`LineIndex.find` on a Markdown text (builds the index; keep one per page for many lookups)."""
    return LineIndex.build(markdown).find(needles, nth)


def needles(url: str, *, page_src: str | None = None, target_src: str | None = None) -> list[str]:
    """Strings that the Markdown link behind the HTML ``url`` may contain, most specific first.

    ``page_src`` and ``target_src`` are docs-relative source paths ('concepts/compute.md') of the page
    holding the link and of the page it points to, when known.
    """
    found = [url, unquote(url)]
    fragment = url.partition("#")[2] if "#" in url else None
    suffix = f"#{fragment}" if fragment is not None else ""
    if page_src is not None and target_src is not None:
        for path in _relative_paths(target_src, posixpath.dirname(page_src) or "."):
            found += [path + suffix, path + unquote(suffix)]
    if fragment:
        found += [f"#{fragment}", f"#{unquote(fragment)}"]
    return [needle for needle in dict.fromkeys(found) if needle]


@functools.lru_cache(maxsize=4096)
def _relative_paths(target_src: str, page_dir: str) -> tuple[str, ...]:
    """How a page in ``page_dir`` writes a link to ``target_src``: 'x.md' (and 'x.en.md' for an en file)."""
    relative = posixpath.relpath(target_src, page_dir)
    return tuple(dict.fromkeys([re.sub(_LANGUAGE_MD, ".md", relative), relative]))  # 'x.en.md' is written 'x.md'


class SourcePage:
    """The Markdown source of one built page.

    ``load``, when given, reads the source on first use instead of ``markdown`` (a page without
    problems is never read again).
    """

    __slots__ = ("_index", "label", "language", "load", "markdown", "src_uri")

    def __init__(
        self,
        label: str,
        src_uri: str,
        markdown: str,
        language: str | None = None,
        load: Callable[[], str] | None = None,
    ) -> None:
        self.label = label  # shown in messages: 'docs/concepts/compute.md'
        self.src_uri = src_uri  # relative to docs_dir: 'concepts/compute.md' (or 'concepts/compute.en.md')
        self.markdown = markdown  # the whole source file, front matter included, so lines match the file
        self.language = language  # the language of the build that wrote the page
        self.load = load
        self._index: LineIndex | None = None

    @property
    def docs(self) -> str:
        """The docs folder as shown: 'docs'."""
        return self.label[: -len(self.src_uri)].rstrip("/")

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            if self.load is not None:
                self.markdown, self.load = self.load(), None
            self._index = LineIndex.build(self.markdown)
        return self._index


def _language_file_note(written: str, page: SourcePage, meant: str, sources: set[str]) -> str | None:
    """For 'x.en.md' written in a page of another language: the sentence that says how to link."""
    match = re.search(_LANGUAGE_MD, meant)
    if match is None or meant not in sources:
        return None
    plain = re.sub(_LANGUAGE_MD, ".md", written.split("#", 1)[0].split("?", 1)[0])
    return (
        f"link '{written}' names the {match.group(1)} file '{page.docs}/{meant}'; pages link to the "
        f"same-language file name ('{plain}') and static-i18n picks each language's file."
    )


def restate(
    problem: LinkProblem,
    pages: dict[str, SourcePage],
    nth: int,
    *,
    sources: set[str] | None = None,
    level: Level = "error",
) -> Problem | None:
    """The problem at its Markdown source line, or None when no Markdown of ``pages`` holds the link.

    ``pages`` maps built paths (site-relative) to their sources; ``sources`` is every src_uri of the
    docs folder (all languages), for telling a link to another language's file from a missing one.
    """
    page = pages.get(problem.page)
    if page is None:
        return None
    if problem.kind == "duplicate-id":
        lines = _heading_lines(page, problem.fragment or "")
        if len(lines) < 2:
            return None
        return Problem(page.label, lines[1], message(problem, first_line=lines[0]), level)
    if not problem.url:
        return None
    target = pages.get(problem.target) if problem.target else None
    candidates = needles(problem.url, page_src=page.src_uri, target_src=target.src_uri if target else None)
    fragment = unquote(problem.url.partition("#")[2]) if "#" in problem.url else ""
    # The Markdown as written, then a glossary term link [[id]] (it produces '<glossary>#id'), then the bare '#id'.
    found = (
        page.index.find([needle for needle in candidates if not needle.startswith("#")], nth)
        or (page.index.find_term(fragment, nth) if fragment else None)
        or page.index.find([needle for needle in candidates if needle.startswith("#")], nth)
    )
    if found is None:
        return None
    line, written, opener = found
    raw_html = opener in ('"', "'", "=")
    target_label = target.label if target is not None else None
    if (
        problem.kind == "missing"
        and not raw_html
        and written == problem.url
        and "//" not in written
        and not written.startswith("/")
    ):
        # MkDocs leaves a link to a missing file as written: say which source file it meant.
        path = unquote(written.split("#", 1)[0].split("?", 1)[0])
        meant = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), path))
        other_language = _language_file_note(written, page, meant, sources or set())
        if other_language is not None:
            return Problem(page.label, line, other_language, level)
        # The case hint names built paths; the source path is what the author fixes.
        return Problem(
            page.label, line, message(problem.replace(detail=""), url=written, missing=f"{page.docs}/{meant}"), level
        )
    note = ""
    if problem.kind == "missing" and raw_html:
        built = posixpath.dirname(problem.page)
        note = f"; a URL in raw HTML is relative to the built page's folder '{built or '.'}/', not to the Markdown file"
    return Problem(page.label, line, message(problem, url=written, target=target_label, note=note), level)


def _heading_lines(page: SourcePage, anchor: str) -> list[int]:
    """Lines of the Markdown headings whose explicit id is ``anchor`` ('{ #anchor }' or '{#anchor}')."""
    pattern = re.compile(r"^#{1,6}\s.*\{[^}]*#" + re.escape(anchor) + r"(?=[\s}])")
    from hooks.core import mdscan

    code = mdscan.fenced_lines(page.index.lines)
    lines = [n for n, text in enumerate(page.index.lines, start=1) if not code[n - 1] and pattern.search(text)]
    return lines


def report(problems: list[LinkProblem], pages: dict[str, SourcePage], site_label: str) -> list[Problem]:
    """One Problem per link problem, at the Markdown source when known, else at the HTML file."""
    sources = {page.src_uri for page in pages.values()}
    seen: dict[tuple[str, str], int] = {}  # (page, url) -> occurrences so far, to pick the nth Markdown match
    found: list[Problem] = []
    for problem in sorted(problems):
        key = (problem.page, problem.url)
        nth = seen.get(key, 0)
        seen[key] = nth + 1
        restated = restate(problem, pages, nth, sources=sources, level="warning")
        found.append(restated or Problem(f"{site_label}/{problem.page}", problem.line, problem.text, "warning"))
    return found
