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
  ``<dd>``: the search result is titled by the term and lands on its entry.
"""

from __future__ import annotations

import re
from html import escape

from selectolax.lexbor import LexborHTMLParser, LexborNode

CHECKED = {"✓", "✔", "✔️", "☑", "○", "◯", "●", "✅"}
EMPTY = {"", "—", "–", "-", "×", "✗", "✕", "n/a"}
_SPACE = re.compile(r"\s+")
_DROPPED = "[aria-hidden=true], [data-search-exclude], sup[id^='fnref'], a.footnote-ref, a.headerlink"


def needs_index_text(html: str) -> bool:
    """True when the page holds a table or a definition-list entry with an id (cheap test on the HTML)."""
    return "<table" in html or ("<dt " in html and "<dt" in html and " id=" in html)


def _text(node: LexborNode) -> str:
    """Visible text of ``node`` with line breaks and cell borders as spaces, hidden marks dropped."""
    for dropped in node.css(_DROPPED):
        dropped.decompose()
    for br in node.css("br"):
        br.replace_with(" ")
    return _SPACE.sub(" ", node.text(deep=True, separator=" ")).strip()


def _cells(row: LexborNode) -> list[LexborNode]:
    return [cell for cell in row.iter() if cell.tag in ("th", "td")]


def table_sentences(table: LexborNode, lang: str) -> list[str]:
    """One plain-text sentence per body row of ``table`` (see the module docstring)."""
    rows = [row for row in table.css("tr") if _table_of(row) == table]
    if not rows:
        return []
    head = table.css_first("thead")
    header_rows = [row for row in rows if head is not None and row.parent is not None and row.parent.tag == "thead"]
    if not header_rows and all(cell.tag == "th" for cell in _cells(rows[0])):
        header_rows = rows[:1]
    headers: list[str] = []
    for row in header_rows[-1:]:
        headers = [_text(cell) for cell in _cells(row)]
    join, open_, close = ("、", " (", ")") if lang == "ja" else ("; ", " (", ")")
    sentences = []
    for row in rows:
        if row in header_rows:
            continue
        values = [_text(cell) for cell in _cells(row)]
        if not values:
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
    caption = table.css_first("caption")
    if caption is not None:
        sentences.insert(0, _text(caption))
    return [sentence for sentence in sentences if sentence]


def _glossary_entries(dl: LexborNode) -> str | None:
    """The HTML that replaces a definition list whose terms have ids, or None when none has one."""
    children = [child for child in dl.iter() if child.tag in ("dt", "dd")]
    if not any(child.tag == "dt" and child.attributes.get("id") for child in children):
        return None
    out: list[str] = []
    for child in children:
        if child.tag == "dt":
            term_id = child.attributes.get("id")
            first = next((c for c in child.iter() if c.tag != "-text"), None)
            title = _text(first) if first is not None else ""
            if first is not None:
                first.decompose()
            rest = _text(child)
            if not title:
                title, rest = rest, ""
            if term_id:
                out.append(f'<h3 id="{escape(term_id)}">{escape(title)}</h3>')
            else:
                out.append(f"<p>{escape(title)}</p>")
            if rest:
                out.append(f"<p>{escape(rest)}</p>")
        else:
            out.append(child.inner_html or "")
    return "".join(out)


def _table_of(node: LexborNode) -> LexborNode | None:
    """The nearest table around ``node``."""
    parent = node.parent
    while parent is not None and parent.tag != "table":
        parent = parent.parent
    return parent


def _inside_table(node: LexborNode) -> bool:
    return _table_of(node) is not None


def index_html(html: str, lang: str) -> str:
    """The HTML Material's parser should index for a page (see the module docstring)."""
    tree = LexborHTMLParser(html)
    # a table in a table cell is read as the outer table's cell text
    for table in [t for t in tree.css("table") if not _inside_table(t)]:
        sentences = table_sentences(table, lang)
        replacement = LexborHTMLParser("".join(f"<p>{escape(s)}</p>" for s in sentences))
        body = replacement.body
        for node in list(body.iter()) if body is not None else []:
            table.insert_before(node)
        table.decompose()
    for dl in tree.css("dl"):
        entries = _glossary_entries(dl)
        if entries is None:
            continue
        replacement = LexborHTMLParser(entries)
        body = replacement.body
        for node in list(body.iter()) if body is not None else []:
            dl.insert_before(node)
        dl.decompose()
    if html.lstrip()[:5].lower() in ("<html", "<!doc"):  # a whole document: give Material the same shape
        return tree.html or ""
    body = tree.body
    inner = body.inner_html if body is not None and body.inner_html is not None else ""
    # the parser drops leading white space, which makes Material open a preface section before the h1 (the
    # page's own entry): keep it, so a page gets the same entries as without this rewrite
    return ("\n" + inner) if html[:1].isspace() else inner
