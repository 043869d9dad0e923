"""Readable index text for what Material's search parser runs together: table rows and definition lists.

Material's parser keeps ``<p>``, lists and code and joins the text of everything else, so a table becomes
one run of cells ("種類 概要 主な用途 コンピューティング インスタンス クラウド上の…") with its check marks
in between, and a glossary's terms all land in the section of their letter heading. :func:`index_html`
rewrites a page's HTML *for the index only* (the page keeps its markup):

- each body row of a table becomes a paragraph ``label (header: value、header: value)``; a cell holding
  only a check mark gives its column header, an empty or dash cell is left out (in Japanese the parts are
  joined with ``、``, or with `` / `` when a value itself lists words with ``、``); marks hidden from
  screen readers (``aria-hidden``), ``data-search-exclude`` elements and footnote references are dropped;
- each ``<dt id=...>`` of a definition list becomes a heading with that id, titled by the term (the text
  of the ``<dt>``'s first element, else of the whole ``<dt>``), followed by the rest of the ``<dt>`` and its
  ``<dd>``: the search result is titled by the term and lands on its entry. What the ``<dd>`` marks
  ``data-search-exclude`` (the glossary's "used on" line) is left out, as Material's parser leaves it out.
"""

from __future__ import annotations

import re
from html import escape, unescape

from selectolax.lexbor import LexborHTMLParser, LexborNode

CHECKED = {"✓", "✔", "✔️", "☑", "○", "◯", "●", "✅"}
EMPTY = {"", "—", "–", "-", "×", "✗", "✕", "n/a"}
_DROPPED = "[aria-hidden=true], [data-search-exclude], sup[id^='fnref'], a.footnote-ref, a.headerlink"
_CELLS = ("td", "th", "caption")
_INLINE = frozenset(
    "a abbr b bdi bdo br cite code data del dfn em i img ins kbd mark q s samp small span strong sub sup time u "
    "var wbr".split()
)
_VOID = frozenset(("br", "img", "wbr"))
_MARKS = ("aria-hidden", "data-search-exclude", "fnref", "footnote-ref", "headerlink")  # what _DROPPED reads
# Patterns for tags as HTML reads them (white space is ASCII); possessive, so a failed match fails fast.
_W = r"[ \t\n\r\f]*+"
_ATTRS = r"""(?:[ \t\n\r\f]++[^ \t\n\r\f/>="'<]++(?:[ \t\n\r\f]*+=[ \t\n\r\f]*+(?:"[^"]*+"|'[^']*+'|[^ \t\n\r\f"'=<>`]++))?+)*+"""
# a start or end tag: name, attributes (a quoted value may hold '>'), an optional '/'
_ANY_TAG = re.compile(r"<(/?)([A-Za-z][^ \t\n\r\f/>]*+)" + _ATTRS + _W + r"(/?)>")
# a cell's content: text and the inline tags of _INLINE (lower case)
_INLINE_NAMES = "|".join(sorted(_INLINE, key=len, reverse=True))
_CONTENT = r"(?:[^<]++|</?(?:" + _INLINE_NAMES + r")(?=[ \t\n\r\f/>])" + _ATTRS + _W + r"/?>)*+"
# a table as Markdown writes one is <table>, an optional <thead> and <tbody> (each then read with _ROW_TOKEN),
# </table>, with white space between them (see _table_sections; the attributes of these tags do not change the
# index text): their start tags, and white space
_SECTION_TAG = re.compile(f"<(table|thead|tbody){_ATTRS}{_W}>")
_SPACE = re.compile(_W)
# in such rows: a cell (name, attributes, content) or the end of a row
# in such a section, after white space: the start or end of a row, or a cell (name, attributes, content) closed
# by its own end tag
_ROW_TOKEN = re.compile(f"({_W}(?:(<tr{_ATTRS}{_W}>)|(</tr>)|<(t[dh])({_ATTRS}){_W}>({_CONTENT})</\\4{_W}>))")
_ATTRIBUTE = r"""\s([^\s/>="'<]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""  # (rarely used: re's cache)
# a table or definition list tag; or where a string search cannot tell what is a tag: a comment or doctype,
# a raw-text element, a tag name that starts with a capital
_BLOCK_TAG = re.compile(
    r"<(?:(/?)(table|dl)(?=[ \t\n\r\f/>])|[!A-Z]|/[A-Z]|script|style|textarea|template|title|xmp|no|iframe|plaintext)"
)


def needs_index_text(html: str) -> bool:
    """True when the page holds a table or a definition-list entry with an id (cheap test on the HTML)."""
    return "<table" in html or ("<dt " in html and "<dt" in html and " id=" in html)


def _text(node: LexborNode) -> str:
    """Text of ``node`` with runs of white space as one space (:func:`_drop_hidden` ran on its table)."""
    return " ".join(node.text(deep=True, separator=" ").split())


def _visible_text(node: LexborNode) -> str:
    """Visible text of ``node`` with line breaks as spaces, hidden marks dropped."""
    for dropped in node.css(_DROPPED):
        dropped.decompose()
    for br in node.css("br"):
        br.replace_with(" ")
    return _text(node)


def _drop_hidden(table: LexborNode) -> None:
    """Drop what the index text of ``table`` leaves out, and make line breaks spaces, in its cells and caption.

    A dropped element inside a cell or caption goes; a cell or caption that is itself dropped keeps its place
    (the columns stay aligned) and reads as empty.
    """
    for node in table.css(_DROPPED):
        if node == table:
            continue
        if _in_cell(node, table):
            node.decompose()
        elif node.tag in _CELLS:
            for child in list(node.iter(include_text=True)):
                child.decompose()
    for br in table.css("br"):
        if _in_cell(br, table):
            br.replace_with(" ")


def _in_cell(node: LexborNode, table: LexborNode) -> bool:
    """True when an ancestor of ``node`` below ``table`` is a cell or caption."""
    parent = node.parent
    while parent is not None and parent != table:
        if parent.tag in _CELLS:
            return True
        parent = parent.parent
    return False


def _cells(row: LexborNode) -> list[LexborNode]:
    return [cell for cell in row.iter() if cell.tag in ("th", "td")]


def _rows(table: LexborNode) -> list[tuple[LexborNode, bool]]:
    """The rows of ``table`` itself (not of a table inside it) in order, each with whether it is in ``<thead>``."""
    rows = []
    for child in table.iter():
        if child.tag == "tr":
            rows.append((child, False))
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend((row, child.tag == "thead") for row in child.iter() if row.tag == "tr")
    return rows


Row = tuple[bool, list[str], list[str]]  # (in <thead>, cell tags 'th'/'td', cell texts)


def table_sentences(table: LexborNode, lang: str) -> list[str]:
    """One plain-text sentence per body row of ``table`` (see the module docstring)."""
    rows = _rows(table)
    if not rows:
        return []
    _drop_hidden(table)
    read: list[Row] = []
    for row, in_head in rows:
        cells = _cells(row)
        read.append((in_head, [cell.tag or "" for cell in cells], [_text(cell) for cell in cells]))
    caption = table.css_first("caption")
    return _sentences(read, _text(caption) if caption is not None else None, lang)


def _sentences(rows: list[Row], caption: str | None, lang: str) -> list[str]:
    """The sentences of a table read as ``rows`` (at least one) and its caption text (None: no caption)."""
    first_is_header = not any(in_head for in_head, _, _ in rows) and all(tag == "th" for tag in rows[0][1])
    header_rows = [texts for in_head, _, texts in rows if in_head] or ([rows[0][2]] if first_is_header else [])
    headers = header_rows[-1] if header_rows else []
    join, open_, close = ("、", " (", ")") if lang == "ja" else ("; ", " (", ")")
    sentences = []
    for number, (in_head, _, values) in enumerate(rows):
        if in_head or (number == 0 and first_is_header) or not values:
            continue
        label, parts = values[0], []
        for index, value in enumerate(values[1:], start=1):
            header = headers[index] if index < len(headers) else ""
            if value.lower() in EMPTY:
                continue
            if value in CHECKED:
                if header:
                    parts.append(header)
            else:
                parts.append(f"{header}: {value}" if header else value)
        # a value listing several words ("リアルタイム、バッチ") must not run into the next column's name
        between = " / " if lang == "ja" and any(join in part for part in parts) else join
        if header_rows and headers and label and not parts:
            sentences.append(label)
        else:
            sentences.append(label + (open_ + between.join(parts) + close if parts else ""))
    if caption is not None:
        sentences.insert(0, caption)
    return [sentence for sentence in sentences if sentence]


def _table_sections(fragment: str) -> tuple[str | None, str | None] | None:
    """The content of the ``<thead>`` and ``<tbody>`` (None: none) of a table that is ``<table>``, an optional
    ``<thead>`` and ``<tbody>``, each up to its first end tag, and ``</table>``, with white space between them and
    nothing else; None for any other text."""
    start = _SECTION_TAG.match(fragment)
    if start is None or start.group(1) != "table":
        return None
    done = _after_space(fragment, start.end())
    sections: list[str | None] = []
    for name in ("thead", "tbody"):
        tag = _SECTION_TAG.match(fragment, done)
        end = fragment.find(f"</{name}>", tag.end()) if tag is not None and tag.group(1) == name else -1
        if tag is None or end < 0:
            sections.append(None)
            continue
        sections.append(fragment[tag.end() : end])
        done = _after_space(fragment, end + len(name) + 3)
    if fragment[done:] != "</table>":
        return None
    return sections[0], sections[1]


def _after_space(text: str, start: int) -> int:
    """Where the white space (maybe none) at ``start`` of ``text`` ends."""
    space = _SPACE.match(text, start)
    return space.end() if space is not None else start


def _plain_rows(fragment: str, cells: dict[str, str | None] | None = None) -> list[Row] | None:
    """The rows of a table written the way Markdown writes one, read without an HTML parser; None otherwise.

    ``fragment`` is one ``<table>...</table>``. It qualifies when :func:`_table_sections` reads it and
    each of its sections is rows of cells with only white space between the tags (:data:`_ROW_TOKEN`: every
    cell is closed by its own end tag and holds only text and inline tags), no attribute of a cell could make
    :data:`_DROPPED` match, and :func:`_cell_text` reads every cell. ``cells`` keeps what :func:`_cell_text`
    read, per cell HTML.
    """
    sections = _table_sections(fragment)
    if sections is None or "\0" in fragment:
        return None
    marks = _marked(fragment)  # False: no tag of the table can make _DROPPED match
    rows: list[Row] = []
    for in_head, section in ((True, sections[0]), (False, sections[1])):
        if not section:
            continue
        tokens = _ROW_TOKEN.findall(section)
        # the tokens, which do not overlap, cover the section up to its trailing white space: nothing between them
        if sum(len(token[0]) for token in tokens) != len(section.rstrip(" \t\n\r\f")):
            return None
        tags: list[str] | None = None  # those of the open row
        texts: list[str] = []
        for _, start, end, tag, attributes, content in tokens:
            if start:
                if tags is not None:
                    return None  # a row started in an open one
                tags, texts = [], []
                continue
            if end:
                if tags is None:
                    return None  # a row ended that is not open
                rows.append((in_head, tags, texts))
                tags = None
                continue
            if tags is None:
                return None  # a cell outside a row
            if "<" in content:
                if cells is None:
                    text = _cell_text(content)
                elif content in cells:
                    text = cells[content]
                else:
                    text = cells[content] = _cell_text(content)
                if text is None:
                    return None
            else:
                text = " ".join((unescape(content) if "&" in content else content).split())
            if marks and attributes and _marked(attributes):
                return None
            tags.append(tag)
            texts.append(text)
        if tags is not None:
            return None  # a row not ended
    return rows or None


def _cell_text(content: str) -> str | None:
    """The index text of a cell's HTML, or None unless it holds only text and inline tags.

    Inline tags (:data:`_INLINE`) must be closed in order, an ``<a>`` not in an ``<a>``, every ``<`` must
    open a tag, and an ``aria-hidden`` attribute must be ``aria-hidden="true"``. Then each tag separates
    text as it does in the parsed cell: the text is the HTML without the hidden elements, tags read as
    spaces, character references decoded, white space collapsed.
    """
    if "<" in content:
        pieces: list[str] = []  # the HTML outside hidden elements
        stack: list[str] = []
        hidden = 0  # stack depth of the open hidden element; 0: none
        start = count = 0  # start: where the part after the last hidden element starts
        for tag in _ANY_TAG.finditer(content):
            count += 1
            closing, name, slash = tag.groups()
            name = name.lower()
            if closing:
                if not stack or stack.pop() != name:
                    return None
                if len(stack) + 1 == hidden:
                    hidden, start = 0, tag.end()
                continue
            if name not in _INLINE or (name == "a" and "a" in stack):
                return None
            if name in _VOID:
                continue
            if slash:
                return None  # '<span/>' opens a span in HTML
            stack.append(name)
            if tag.end() - tag.start() > len(name) + 2 and _marked(tag.group(0)):
                if _hidden(tag.group(0)) is not True:
                    return None
                if not hidden:
                    pieces.append(content[start : tag.start()])
                    hidden = len(stack)
        if stack or count != content.count("<"):
            return None
        pieces.append(content[start:])
        content = _ANY_TAG.sub(" ", " ".join(pieces))
    return " ".join((unescape(content) if "&" in content else content).split())


def _marked(tag: str) -> bool:
    """True when attributes in the HTML ``tag`` may make :data:`_DROPPED` match."""
    lowered = tag.lower()
    return any(word in lowered for word in _MARKS)


def _hidden(tag: str) -> bool | None:
    """Whether the start tag ``tag`` has ``aria-hidden="true"``; None when it has another ``aria-hidden``."""
    values = ["".join(quoted) for name, *quoted in re.findall(_ATTRIBUTE, tag) if name.lower() == "aria-hidden"]
    if not values:
        return False
    return True if values == ["true"] else None


def _glossary_entries(dl: LexborNode, hidden: bool = True) -> str | None:
    """The HTML that replaces a definition list whose terms have ids, or None when none has one.

    ``hidden``: whether the list may hold what :data:`_DROPPED` matches or line breaks (see :func:`_may_hide`).
    """
    visible_text = _visible_text if hidden else _text
    children = [child for child in dl.iter() if child.tag in ("dt", "dd")]
    if not any(child.tag == "dt" and child.attributes.get("id") for child in children):
        return None
    out: list[str] = []
    for child in children:
        if child.tag == "dt":
            term_id = child.attributes.get("id")
            first = next((c for c in child.iter() if c.tag != "-text"), None)
            title = visible_text(first) if first is not None else ""
            if first is not None:
                first.decompose()
            rest = visible_text(child)
            if not title:
                title, rest = rest, ""
            if term_id:
                out.append(f'<h3 id="{escape(term_id)}">{escape(title)}</h3>')
            else:
                out.append(f"<p>{escape(title)}</p>")
            if rest:
                out.append(f"<p>{escape(rest)}</p>")
        else:
            if hidden:  # a definition keeps its markup for Material's parser, less what the index leaves out
                for excluded in child.css("[data-search-exclude]"):
                    excluded.decompose()
            out.append(child.inner_html or "")
    return "".join(out)


# A definition list as the glossary writes one, read without a parser (see _plain_entries): every attribute
# written name="value" after one space, in lower case, no text or value holding '<', '>', '&', a no-break
# space or a carriage return (the parser then writes back each element as written), terms and paragraphs
# holding text and inline elements that hold only text, definitions holding paragraphs.
_ENTRY_ATTRS = r'(?: [a-z][a-z-]*+="[^"<>&\x00\xa0\r]*+")*+'
_ENTRY_TEXT = r"[^<>&\x00\xa0\r]"
_ENTRY_INLINE = "a|b|code|em|i|span|strong"
_ENTRY_FLAT = rf"(?:{_ENTRY_TEXT}++|<(?:{_ENTRY_INLINE}){_ENTRY_ATTRS}>{_ENTRY_TEXT}*+</(?:{_ENTRY_INLINE})>)*+"
_ENTRY_PARAGRAPH = rf"<p{_ENTRY_ATTRS}>{_ENTRY_FLAT}</p>"
# such a list is its start tag, then white space and entries (each read with _ENTRY), then its end tag
_PLAIN_DL_START = re.compile(f"<dl{_ENTRY_ATTRS}>")
# white space, a term (attributes, content), or the start tag of a definition (group 3), whose content is white
# space and paragraphs (each read with _DEFINITION_PART) up to its end tag
_ENTRY = re.compile(rf"[ \t\n\f]++|<dt({_ENTRY_ATTRS})>({_ENTRY_FLAT})</dt>|<(dd){_ENTRY_ATTRS}>")
_DEFINITION_PART = re.compile(rf"[ \t\n\f]++|({_ENTRY_PARAGRAPH})")
_ENTRY_INLINE_TAGS = re.compile(rf"<(/?(?:{_ENTRY_INLINE}))[ >]")
# a start tag naming an attribute twice (the parser keeps the first)
_TWICE = re.compile(r'<[a-z0-9]++(?: [a-z-]++="[^"]*+")*? ([a-z-]++)="[^"]*+"(?: [a-z-]++="[^"]*+")*? \1="')
_TAG = re.compile(r"<[^>]*+>")
_EXCLUDED = ' data-search-exclude="'  # in the start tag of a paragraph the index leaves out


def _list_entries(fragment: str) -> list[tuple[str | None, str, list[str]]] | None:
    """The (term attributes, term content, ``[]``) of each term and (None, '', paragraphs) of each definition of a
    definition list as the glossary writes one (see :data:`_ENTRY_ATTRS`), which ``fragment`` is whole; None for
    any other text."""
    start = _PLAIN_DL_START.match(fragment)
    if start is None:
        return None
    done, end = start.end(), len(fragment) - len("</dl>")
    entries: list[tuple[str | None, str, list[str]]] = []
    while done < end:
        entry = _ENTRY.match(fragment, done)
        if entry is None:
            break
        done = entry.end()
        attributes, term, definition = entry.groups()
        if attributes is not None:
            entries.append((attributes, term, []))
        elif definition is not None:
            paragraphs = []
            part = _DEFINITION_PART.match(fragment, done)
            while part is not None:
                if part.group(1) is not None:
                    paragraphs.append(part.group(1))
                done = part.end()
                part = _DEFINITION_PART.match(fragment, done)
            if not fragment.startswith("</dd>", done):
                return None
            done += len("</dd>")
            entries.append((None, "", paragraphs))
    return entries if done == end and fragment.endswith("</dl>") else None


def _plain_entries(fragment: str) -> str | None:
    """What :func:`_fragment_text` gives for a definition list :func:`_list_entries` reads, read without a
    parser; None for any other list.

    The parser reads such a list as written and writes each element back as written, so the entries of
    :func:`_glossary_entries` are the text of its terms and its definitions' paragraphs as they are; an
    inline element's end tag must name it (each such element holds only text: start and end tags alternate).
    """
    entries = _list_entries(fragment)
    if entries is None:
        return None
    # a definition's paragraph marked data-search-exclude (the glossary's "used on" line) is left out whole
    rest = fragment
    for _, _, paragraphs in entries:
        for paragraph in [p for p in paragraphs if _EXCLUDED in p[: p.index(">")]]:
            paragraphs.remove(paragraph)
            rest = rest.replace(paragraph, "", 1)
    if _may_hide(rest) or _TWICE.search(fragment):
        return None
    tags = _ENTRY_INLINE_TAGS.findall(fragment)
    if tags[0::2] != [tag[1:] for tag in tags[1::2] if tag[0] == "/"]:
        return None
    out: list[str] = []
    any_id = False
    for attributes, term, paragraphs in entries:
        if attributes is None:
            out += paragraphs
            continue
        found = re.search(r' id="([^"]*)"', attributes)
        term_id = found.group(1) if found else ""
        start = term.find("<")
        if start < 0:
            title, rest = " ".join(term.split()), ""
        else:
            end = term.index(">", term.index("</", start)) + 1
            title = " ".join(_TAG.sub(" ", term[start:end]).split())
            rest = " ".join(_TAG.sub(" ", term[:start] + " " + term[end:]).split())
        if not title:
            title, rest = rest, ""
        if term_id:
            any_id = True
            out.append(f'<h3 id="{term_id}">{title}</h3>')
        else:
            out.append(f"<p>{title}</p>")
        if rest:
            out.append(f"<p>{rest}</p>")
    return "".join(out) if any_id else fragment


def _table_of(node: LexborNode) -> LexborNode | None:
    """The nearest table around ``node``."""
    parent = node.parent
    while parent is not None and parent.tag != "table":
        parent = parent.parent
    return parent


def _inside_table(node: LexborNode) -> bool:
    return _table_of(node) is not None


def _fragments(html: str) -> list[tuple[int, int]] | None:
    """The (start, end) of each outermost table or definition list in ``html``, found by a string search.

    None when a string search cannot tell (see :data:`_BLOCK_TAG`) or the tags do not balance.
    """
    spans, depth, start = [], 0, 0
    for tag in _BLOCK_TAG.finditer(html):
        if tag.group(2) is None:
            return None
        if not tag.group(1):
            if depth == 0:
                start = tag.start()
            depth += 1
            continue
        if depth == 0:
            return None
        depth -= 1
        if depth == 0:
            end = html.find(">", tag.end())
            if end < 0:
                return None
            spans.append((start, end + 1))
    return None if depth else spans


def _may_hide(html: str) -> bool:
    """False when no element of ``html`` can match :data:`_DROPPED` and it has no line break.

    Without a character reference (which could spell an attribute value) such an element names one of
    :data:`_MARKS` in its tag, and a line break is a ``<br`` or ``</br`` tag.
    """
    lowered = html.lower()
    return "&" in html or "<br" in lowered or "</br" in lowered or any(word in lowered for word in _MARKS)


def _rewrite(tree: LexborHTMLParser, lang: str, html: str) -> bool:
    """Replace the tables and glossary-style definition lists of ``tree`` (parsed from ``html``) by their index
    text; False if there are none."""
    changed = False
    # a table in a table cell is read as the outer table's cell text
    for table in [t for t in tree.css("table") if not _inside_table(t)]:
        sentences = table_sentences(table, lang)
        replacement = LexborHTMLParser("".join(f"<p>{escape(s)}</p>" for s in sentences))
        body = replacement.body
        for node in list(body.iter()) if body is not None else []:
            table.insert_before(node)
        table.decompose()
        changed = True
    hidden = None
    for dl in tree.css("dl"):
        if hidden is None:
            hidden = _may_hide(html)
        entries = _glossary_entries(dl, hidden)
        if entries is None:
            continue
        replacement = LexborHTMLParser(entries)
        body = replacement.body
        for node in list(body.iter()) if body is not None else []:
            dl.insert_before(node)
        dl.decompose()
        changed = True
    return changed


class Memo:
    """What :func:`index_html` read in one build, by content: the index HTML per (language, table or definition
    list HTML), the text per table cell HTML (see :func:`_cell_text`)."""

    def __init__(self) -> None:
        self.fragments: dict[tuple[str, str], str] = {}
        self.cells: dict[str, str | None] = {}


def _fragment_text(fragment: str, lang: str, memo: Memo | None = None) -> str:
    """The index HTML of one outermost table or definition list (``fragment`` itself when nothing changes)."""
    if memo is None:
        return _read_fragment(fragment, lang, None)
    key = (lang, fragment)
    text = memo.fragments.get(key)
    if text is None:
        text = memo.fragments[key] = _read_fragment(fragment, lang, memo.cells)
    return text


def _read_fragment(fragment: str, lang: str, cells: dict[str, str | None] | None) -> str:
    if fragment.startswith("<dl"):
        entries = _plain_entries(fragment)
        if entries is not None:
            return entries
    rows = _plain_rows(fragment, cells) if fragment[:6].lower() == "<table" else None
    if rows is not None:
        return "".join(f"<p>{escape(sentence, quote=False)}</p>" for sentence in _sentences(rows, None, lang))
    tree = LexborHTMLParser(fragment)
    body = tree.body
    top = body.child if body is not None else None
    if top is not None and top.tag == "table" and top.next is None:
        return "".join(f"<p>{escape(sentence, quote=False)}</p>" for sentence in table_sentences(top, lang))
    if not _rewrite(tree, lang, fragment) or body is None:
        return fragment
    return body.inner_html or ""


def index_html(html: str, lang: str, memo: Memo | None = None) -> str:
    """The HTML Material's parser should index for a page (see the module docstring).

    Only the tables and definition lists are parsed and rewritten; the HTML around them stays as it is.
    ``memo`` (see :class:`Memo`) saves reading the same table, list or cell again.
    """
    spans = _fragments(html)
    if spans is not None:
        out: list[str] = []
        done = 0
        for start, end in spans:
            out += (html[done:start], _fragment_text(html[start:end], lang, memo))
            done = end
        out.append(html[done:])
        return "".join(out)
    tree = LexborHTMLParser(html)
    _rewrite(tree, lang, html)
    if html.lstrip()[:5].lower() in ("<html", "<!doc"):  # a whole document: give Material the same shape
        return tree.html or ""
    body = tree.body
    inner = body.inner_html if body is not None and body.inner_html is not None else ""
    # the parser drops leading white space, which makes Material open a preface section before the h1 (the
    # page's own entry): keep it, so a page gets the same entries as without this rewrite
    return ("\n" + inner) if html[:1].isspace() else inner
