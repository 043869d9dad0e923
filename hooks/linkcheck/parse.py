"""The one HTML reader of the link checker: ids and links (with source lines) of an HTML or SVG document.

selectolax's Lexbor parser builds the real HTML5 DOM (entities decoded, comments, ``<template>``
content and raw-text elements such as ``<script>`` never yield links), and the DOM alone decides
which links and ids a page has. Lexbor keeps no source positions, so each link is given the line
of its attribute in the source by a forward search (:class:`_Locator`): the nth DOM node whose
``href`` is ``x`` is the next ``href="x"`` (or ``href=x``, with ``&amp;`` for ``&``) in the text,
outside comments and raw text. Nodes the tree
builder cloned (misnested ``<a>``) have no start tag of their own and are not counted twice.

Tree building costs O(depth) per element, so a page nesting thousands of unclosed elements takes
minutes in any HTML5 parser. Past :data:`DEPTH_LIMIT` levels the page is reported and the start tags
deeper than that (other than ones that carry a URL or an id) are blanked before parsing, keeping
every offset and line: the page is still checked, in linear time.
"""

from __future__ import annotations

import bisect
import html
import re

from selectolax.lexbor import LexborHTMLParser

from hooks.core.problems import HookError
from hooks.core.text import decode as decode_text

# Tag -> attributes that hold a URL (srcset holds a list of them).
LINK_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href", "xlink:href"),
    "area": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "link": ("href",),
    "script": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "iframe": ("src",),
    "object": ("data",),
    "embed": ("src",),
    "track": ("src",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}
# link[rel] values whose href is an origin to warm up, not a resource to fetch.
ORIGIN_RELS = frozenset({"preconnect", "dns-prefetch"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
DEPTH_LIMIT = 4096
# Each (tag, attribute) of LINK_ATTRS, numbered: ParsedPage.kinds holds these numbers (('a', 'href') is 0).
KINDS: tuple[tuple[str, str], ...] = tuple((tag, attr) for tag, attrs in LINK_ATTRS.items() for attr in attrs)
_CODES: dict[str, tuple[tuple[str, int], ...]] = {
    tag: tuple((attr, KINDS.index((tag, attr))) for attr in attrs) for tag, attrs in LINK_ATTRS.items()
}
_SINGLE: dict[str, tuple[str, int]] = {tag: codes[0] for tag, codes in _CODES.items() if len(codes) == 1}
_SELECTOR = ",".join([*sorted(LINK_ATTRS), "[id]"])  # elements that carry a URL, and every id
_LOOKAHEAD = 64  # attributes examined to place one DOM node
# Source text that yields no element: comments and the content of raw-text elements (and of <template>,
# which the DOM keeps apart). Only used to keep the line search out of them. These patterns serve only
# pages with a problem or with very many tags: compiled on first use (re keeps them), not at import.
_INERT = r"<!--.*?(?:-->|\Z)|<(script|style|textarea|title|template|xmp|noembed|noframes)\b[^>]*>(.*?)(?:</\1\s*>|\Z)"
_TAG = r"<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>"
_TAG_SCAN = r"<(/?)([A-Za-z][^\s/>]*)([^>]*)>"  # the same tags, '/>' told by the last group's end
_NO_NEST = frozenset(
    (  # void elements and elements whose end tag the parser implies
        "area base br col embed hr img input link meta source track wbr param keygen frame basefont bgsound "
        "p li dt dd option optgroup rb rt rp rtc tr td th tbody thead tfoot colgroup caption head body html"
    ).split()
)


class Link:
    """A link with its source line."""

    __slots__ = ("attr", "line", "tag", "url")

    def __init__(self, url: str, line: int, tag: str, attr: str) -> None:
        self.url = url  # attribute value as the DOM sees it (entities decoded), one srcset candidate at a time
        self.line = line
        self.tag = tag
        self.attr = attr

    def __repr__(self) -> str:
        return f"Link({self.url!r}, {self.line}, {self.tag!r}, {self.attr!r})"


class Entry:
    """A link before its line is known: the line is looked up only when the link has a problem."""

    __slots__ = ("attr", "node", "tag", "url")

    def __init__(self, url: str, tag: str, attr: str, node: int) -> None:
        self.url = url
        self.tag = tag
        self.attr = attr
        self.node = node  # index of its element among the page's link elements (see ParsedPage.line)

    def __repr__(self) -> str:
        return f"Entry({self.url!r}, {self.tag!r}, {self.attr!r}, {self.node})"


class ParsedPage:
    """What one HTML (or SVG) document offers to the check: its ids, its links, and its own problems.

    Links come in document order, as two flat sequences: ``urls[i]`` is the URL of link ``i`` and
    ``kinds[i]`` the index of its ``(tag, attribute)`` in :data:`KINDS`. An element with one URL
    attribute yields one link; the others (``srcset``, several URL attributes, an empty ``srcset``)
    are listed in ``elements``, one flat tuple of ``first link, link count, tag, attribute count,
    attribute, value, ...`` per element. Flat tuples of strings and numbers, which the garbage
    collector stops tracking, instead of an object per link: a site's parses add almost nothing to
    each collection. :meth:`entry_line` places a link on its source line, with one forward pass over
    the text the first time a page needs one (pages without problems never do).
    """

    __slots__ = (
        "_clones",
        "_lines",
        "_node_of",
        "duplicate_ids",
        "elements",
        "ids",
        "kinds",
        "problems",
        "text",
        "urls",
    )

    def __init__(
        self,
        ids: set[str],
        urls: tuple[str, ...],
        kinds: bytes,
        problems: list[tuple[int, str]] | None = None,
        duplicate_ids: list[tuple[int, str, int]] | None = None,
        text: str = "",
        elements: tuple[int | str, ...] = (),
    ) -> None:
        self.ids = ids
        self.urls = urls
        self.kinds = kinds
        # (line, message) about the document itself; (line, heading id, line of its first use)
        self.problems: list[tuple[int, str]] = [] if problems is None else problems
        self.duplicate_ids: list[tuple[int, str, int]] = [] if duplicate_ids is None else duplicate_ids
        self.text = text
        self.elements = elements
        self._lines: list[int] | None = None  # source line of each link element
        self._node_of: list[int] | None = None  # element index of each link
        self._clones: frozenset[int] = frozenset()

    def _nodes(self) -> tuple[list[tuple[str, tuple[tuple[str, str], ...]]], list[int]]:
        """Every link element as ``(tag, ((attribute, value), ...))`` in document order, and each link's element."""
        nodes: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        node_of: list[int] = []
        urls, kinds = self.urls, self.kinds
        elements = self.elements
        link = at = 0
        while True:
            if at < len(elements):
                first, count, tag, size = elements[at : at + 4]
                values = elements[at + 4 : at + 4 + 2 * int(size)]
                at += 4 + 2 * int(size)
            else:
                first, count, tag, values = len(urls), 0, "", ()
            for index in range(link, int(first)):  # one element per link up to the next listed element
                kind_tag, attr = KINDS[kinds[index]]
                node_of.append(len(nodes))
                nodes.append((kind_tag, ((attr, urls[index]),)))
            if not tag:
                return nodes, node_of
            node_of.extend([len(nodes)] * int(count))
            nodes.append((str(tag), tuple(zip(map(str, values[::2]), map(str, values[1::2]), strict=True))))
            link = int(first) + int(count)

    def _locate(self) -> list[int]:
        if self._lines is None:
            locator = _Locator(self.text)
            lines: list[int] = []
            clones = set()
            last_line = 1
            last_value: dict[str, tuple[tuple[str, str], ...]] = {}  # tag -> link attributes of its last element
            nodes, self._node_of = self._nodes()
            for index, (tag, wanted) in enumerate(nodes):
                offsets = [locator.find(name, value) for name, value in wanted]
                if all(offset is None for offset in offsets) and last_value.get(tag) == wanted:
                    clones.add(index)  # a clone the tree builder made of misnested <a>: the source has one link
                else:
                    last_value[tag] = wanted
                    found = [offset for offset in offsets if offset is not None]
                    if found:
                        last_line = locator.line_of(found[0])
                lines.append(last_line)
            self._lines, self._clones = lines, frozenset(clones)
        return self._lines

    def line(self, node: int) -> int:
        """The source line of link element ``node`` (1-based)."""
        lines = self._locate()
        return lines[node] if node < len(lines) else 1

    def entry_line(self, index: int) -> int:
        """The source line of link ``index`` (1-based)."""
        self._locate()
        assert self._node_of is not None
        return self.line(self._node_of[index])

    @property
    def entries(self) -> list[Entry]:
        """Every link as an :class:`Entry` (made on each call; the page keeps only its flat sequences)."""
        node_of = self._nodes()[1] if self._node_of is None else self._node_of
        return [Entry(url, *KINDS[kind], node) for url, kind, node in zip(self.urls, self.kinds, node_of, strict=True)]

    @property
    def links(self) -> list[Link]:
        """Every link with its line (elements the tree builder cloned left out)."""
        lines = self._locate()
        return [Link(e.url, lines[e.node], e.tag, e.attr) for e in self.entries if e.node not in self._clones]


class _Locator:
    """Source lines of attribute values, found in document order (see the module docstring)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._last = (0, 1)  # (offset, its line) of the last line_of() answer
        self._cursor: dict[str, int] = {}
        self._patterns: dict[str, re.Pattern[str]] = {}
        self._inert: tuple[list[int], list[int]] | None = None

    def _is_inert(self, offset: int) -> bool:
        if self._inert is None:
            starts: list[int] = []
            ends: list[int] = []
            if "<!--" in self.text or "<" in self.text:
                for match in re.finditer(_INERT, self.text, re.S | re.I):
                    span = match.span(2) if match.group(1) else match.span()
                    starts.append(span[0])
                    ends.append(span[1])
            self._inert = (starts, ends)
        starts, ends = self._inert
        index = bisect.bisect_right(starts, offset) - 1
        return index >= 0 and offset < ends[index]

    def line_of(self, offset: int) -> int:
        """1-based line of ``offset``; offsets asked in increasing order cost one pass over the text in all."""
        at, line = self._last
        if offset < at:
            at, line = 0, 1
        line += self.text.count("\n", at, offset)
        self._last = (offset, line)
        return line

    def _pattern(self, attr: str) -> re.Pattern[str]:
        pattern = self._patterns.get(attr)
        if pattern is None:
            pattern = re.compile(
                r"(?<![\w:.-])" + re.escape(attr) + r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']*))""", re.I
            )
            self._patterns[attr] = pattern
        return pattern

    def _is_value_of(self, start: int, end: int, attr: str) -> bool:
        """Whether text[start:end] is the whole value of an ``attr=`` attribute (quoted or not)."""
        text = self.text
        i = start
        quote = text[i - 1] if i and text[i - 1] in "\"'" else ""
        if quote:
            i -= 1
            if end >= len(text) or text[end] != quote:
                return False
        elif end < len(text) and text[end] not in " \t\n\f\r>":
            return False
        while i and text[i - 1] in " \t\n\f\r":
            i -= 1
        if not i or text[i - 1] != "=":
            return False
        i -= 1
        while i and text[i - 1] in " \t\n\f\r":
            i -= 1
        name_start = i - len(attr)
        if name_start < 0 or text[name_start:i].lower() != attr:
            return False
        return not name_start or not (text[name_start - 1].isalnum() or text[name_start - 1] in "_:.-")

    def find(self, attr: str, value: str) -> int | None:
        """Offset of the next ``attr=value`` in the text after the last one found for ``attr``, or None."""
        start = self._cursor.get(attr, 0)
        if not value:  # an empty value: the attribute itself
            for tries, match in enumerate(self._pattern(attr).finditer(self.text, start)):
                if tries >= _LOOKAHEAD:
                    break
                if not any(match.group(n) for n in (1, 2, 3)) and not self._is_inert(match.start()):
                    self._cursor[attr] = match.end()
                    return match.start()
            return None
        forms = (value, value.replace("&", "&amp;")) if "&" in value else (value,)
        for raw in forms:
            pos = self.text.find(raw, start)
            tries = 0
            while pos >= 0 and tries < _LOOKAHEAD:
                end = pos + len(raw)
                if self._is_value_of(pos, end, attr) and not self._is_inert(pos):
                    self._cursor[attr] = end
                    return pos
                pos = self.text.find(raw, pos + 1)
                tries += 1
        return None

    def find_all(self, attr: str, value: str) -> list[int]:
        """Lines of every ``attr=value`` in the text."""
        lines = []
        for match in self._pattern(attr).finditer(self.text):
            raw = next(group for group in match.groups() if group is not None)
            if (not self._is_inert(match.start()) and raw == value) or html.unescape(raw) == value:
                lines.append(self.line_of(match.start()))
        return lines


def parse_srcset(value: str) -> list[str]:
    """The URLs of a srcset attribute (the HTML spec's candidate parsing, descriptors dropped)."""
    urls: list[str] = []
    pos, length = 0, len(value)
    while pos < length:
        while pos < length and (value[pos] in " \t\n\r\f,"):
            pos += 1
        if pos >= length:
            break
        start = pos
        while pos < length and value[pos] not in " \t\n\r\f":
            pos += 1
        url = value[start:pos]
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        depth = 0  # skip descriptors up to a comma outside parentheses
        while pos < length:
            char = value[pos]
            if char == "(":
                depth += 1
            elif char == ")" and depth:
                depth -= 1
            elif char == "," and not depth:
                pos += 1
                break
            pos += 1
    return urls


def decode(data: bytes) -> tuple[str, list[tuple[int, str]]]:
    """Decode a file as UTF-8; an invalid byte becomes a problem at its line, and U+FFFD in the text."""
    try:
        return decode_text(data, label=""), []
    except HookError as err:
        text = data.decode("utf-8", "replace").removeprefix("\ufeff")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text, [(err.problem.line or 1, err.problem.message)]


def _may_nest_deeper(data: bytes, limit: int) -> bool:
    """False when ``data`` has too few start tags ('<' not followed by '/') to nest past ``limit``.

    Counted on the bytes, which costs less than on the text; see :func:`_nests_deeper` for the answer.
    """
    tags = data.count(b"<")
    return tags > limit and tags - data.count(b"</") > limit


def _nests_deeper(text: str, limit: int) -> bool:
    """Whether the depth estimate of :func:`_flatten` goes past ``limit`` anywhere in ``text`` (one pass, no edits)."""
    depth = 0
    for end, name, rest in re.findall(_TAG_SCAN, text):
        if rest[-1:] == "/" or name.lower() in _NO_NEST:
            continue
        if end:
            depth = depth - 1 if depth else 0
        else:
            depth += 1
            if depth > limit:
                return True
    return False


def _flatten(text: str, limit: int) -> tuple[str, int]:
    """``text`` with start tags deeper than ``limit`` blanked (same length and lines), and the first such offset.

    The depth is an estimate from the tags alone (linear); tags that carry a URL or an id are kept.
    Returns ``(text, -1)`` when nothing nests that deep (as when the text has ``limit`` tags or fewer).
    """
    if not _nests_deeper(text, limit):
        return text, -1
    depth = 0
    first = -1
    pieces: list[str] = []
    last = 0
    for match in re.finditer(_TAG, text):
        name = match.group(2).lower()
        if match.group(3) or name in _NO_NEST:
            continue
        if match.group(1):
            depth = depth - 1 if depth else 0
            continue
        depth += 1
        if depth > limit:
            if first < 0:
                first = match.start()
            tag = match.group(0)
            if name in LINK_ATTRS or re.search(r"\sid\s*=", tag, re.I):
                continue
            pieces.append(text[last : match.start()])
            pieces.append(re.sub(r"[^\n]", " ", tag))
            last = match.end()
            depth -= 1  # a blanked tag opens nothing
    if first < 0:
        return text, -1
    pieces.append(text[last:])
    return "".join(pieces), first


def parse_html(text: str, data: bytes | None = None) -> ParsedPage:
    """Ids (``id`` and ``a[name]``), links, and duplicate heading ids of one document.

    ``data`` is ``text`` encoded as UTF-8 when the caller has it (the bytes the file holds).
    """
    problems: list[tuple[int, str]] = []
    if data is None:
        data = text.encode("utf-8", "ignore")  # what LexborHTMLParser(text) feeds the parser
    if _may_nest_deeper(data, DEPTH_LIMIT):
        tree_text, deep = _flatten(text, DEPTH_LIMIT)
        if deep >= 0:
            line = text.count("\n", 0, deep) + 1
            problems.append(
                (line, f"elements nest more than {DEPTH_LIMIT} levels deep here (unclosed tags?); close them.")
            )
            data = tree_text.encode("utf-8", "ignore")
    tree = LexborHTMLParser(data)
    ids: set[str] = set()
    heading_ids: set[str] = set()
    repeated: set[str] = set()
    urls: list[str] = []
    kinds = bytearray()
    elements: list[int | str] = []
    listed = in_elements = 0  # elements listed so far, and their links
    empty_srcsets: list[tuple[int, str, str]] = []  # (element index, tag, value)
    add_url, add_kind, add_id, single_of = urls.append, kinds.append, ids.add, _SINGLE.get
    for node in tree.css(_SELECTOR):  # document order; ids, names and links in one walk
        tag = node.tag or ""
        attributes = node.attributes
        if "id" in attributes:
            value = attributes["id"]
            if value:
                if value in ids:
                    repeated.add(value)
                add_id(value)
                if tag in HEADINGS:
                    heading_ids.add(value)
        if tag == "a":
            name = attributes.get("name")
            if name:
                add_id(name)
            if "href" in attributes and "xlink:href" not in attributes:  # the usual link: one URL
                add_url(attributes["href"] or "")
                add_kind(0)
                continue
        single = single_of(tag)
        if single is not None:  # a tag with one URL attribute
            name, code = single
            if name not in attributes:
                continue
            if tag == "link" and ORIGIN_RELS & set((attributes.get("rel") or "").lower().split()):
                continue
            add_url(attributes[name] or "")
            add_kind(code)
            continue
        codes = _CODES.get(tag)
        if codes is None:
            continue
        wanted = tuple((name, attributes[name] or "", code) for name, code in codes if name in attributes)
        if not wanted:
            continue
        if len(wanted) == 1 and wanted[0][0] != "srcset":  # one URL: a link of its own, like <a href>
            add_url(wanted[0][1])
            add_kind(wanted[0][2])
            continue
        first = len(urls)
        for name, value, code in wanted:
            if name == "srcset":
                found = parse_srcset(value)
                if not found:  # the element's index: the links before it that had one each, and the listed ones
                    empty_srcsets.append((first - in_elements + listed, tag, value))
                urls.extend(found)
                kinds.extend(bytes((code,)) * len(found))
            else:
                add_url(value)
                add_kind(code)
        elements += (first, len(urls) - first, tag, len(wanted))
        for name, value, _ in wanted:
            elements += (name, value)
        listed += 1
        in_elements += len(urls) - first
    page = ParsedPage(ids, tuple(urls), bytes(kinds), problems, [], text, tuple(elements))
    for node_index, tag, value in empty_srcsets:
        problems.append((page.line(node_index), f"{tag} srcset '{value.strip()}' lists no image; give it a URL."))
    duplicates = sorted(value for value in repeated if value in heading_ids)
    if duplicates:
        locator = _Locator(text)
        for value in duplicates:
            lines = locator.find_all("id", value)
            first = lines[0] if lines else 1
            page.duplicate_ids.extend((line, value, first) for line in lines[1:])
    return page


def document_text(data: str) -> str:
    """The text :func:`parse_document` reads in a document given as text: no BOM, ``\n`` line ends."""
    text = data.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def pack(page: ParsedPage) -> tuple[object, ...]:
    """What a page's parse needs besides its text, as plain values (what hooks.core.cache.ServeMemo stores)."""
    return (page.ids, page.urls, page.kinds, page.problems, page.duplicate_ids, page.elements)


def unpack(packed: object, data: str | bytes) -> ParsedPage:
    """The parse :func:`pack` stored, of the document ``data`` (as :func:`parse_document` had it)."""
    if not isinstance(packed, tuple) or len(packed) != 6:
        raise ValueError("not a packed parse")
    ids, urls, kinds, problems, duplicate_ids, elements = packed
    return ParsedPage(
        set(ids),
        tuple(urls),
        bytes(kinds),
        list(problems),
        list(duplicate_ids),
        document_text(data) if isinstance(data, str) else decode(data)[0],
        tuple(elements),
    )


def parse_document(data: bytes | str) -> ParsedPage:
    """Decode (see :func:`decode`) and parse one file."""
    raw: bytes | None = None
    if isinstance(data, str):
        text = document_text(data)
        problems: list[tuple[int, str]] = []
    else:
        text, problems = decode(data)
        if not problems and not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data:
            raw = data  # valid UTF-8 as the text has it: no need to encode the text again
    parsed = parse_html(text, raw)
    parsed.problems[:0] = problems
    return parsed
