"""A forgiving HTML tokenizer that keeps every byte of its input: tags, text, comments and raw text.

Phrase marking inserts ``<wbr>`` and ``<span>`` into HTML without re-serializing it, so entities,
attribute quoting and whitespace stay exactly as MkDocs wrote them. `tokens()` yields the pieces
with their offsets; `decode()` maps the characters of a text piece back to those offsets.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterator
from typing import NamedTuple

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
RAW_TEXT = frozenset(("script", "style", "textarea", "title"))  # their content is never markup

TOKEN = re.compile(  # a comment, a declaration or processing instruction, or a tag (groups: '/', name, attributes)
    r"""<!--.*?(?:-->|\Z)|<[!?][^>]*>|<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>""", re.DOTALL
)
# compiled on first use (``re`` keeps them): only fragments with entities and callers of classes() need them
_ENTITY = r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
_CLASS = r"""(?i)\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""


class Token(NamedTuple):
    kind: str  # "text", "start", "end", "raw" (script/style content) or "other" (comment, doctype)
    start: int
    end: int
    name: str = ""  # lower-case tag name of start and end tags
    attrs: str = ""  # raw attribute text of a start tag
    self_closing: bool = False  # void element or written as <x/>


def tokens(html: str) -> Iterator[Token]:
    """Split ``html`` into consecutive tokens covering it completely."""
    pos = 0
    n = len(html)
    while pos < n:
        m = TOKEN.search(html, pos)
        if m is None:
            yield Token("text", pos, n)
            return
        if m.start() > pos:
            yield Token("text", pos, m.start())
        name = m.group(2)
        if name is None:
            yield Token("other", m.start(), m.end())
            pos = m.end()
            continue
        name = name.lower()
        if m.group(1):
            yield Token("end", m.start(), m.end(), name)
            pos = m.end()
            continue
        attrs = m.group(3)
        self_closing = name in VOID or attrs.endswith("/")
        yield Token("start", m.start(), m.end(), name, attrs, self_closing)
        pos = m.end()
        if name in RAW_TEXT and not self_closing:
            close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(html, pos)
            stop = close.start() if close else n
            if stop > pos:
                yield Token("raw", pos, stop)
            pos = stop


def classes(attrs: str) -> tuple[str, ...]:
    """The class names in a start tag's raw attribute text."""
    if "class" not in attrs:
        return ()
    m = re.search(_CLASS, attrs)
    if not m:
        return ()
    return tuple((m.group(1) or m.group(2) or m.group(3) or "").split())


def decode(html: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The characters of the text ``html[start:end]``, entities decoded, each with its source span."""
    raw = html[start:end]
    if "&" not in raw:
        return [(ch, start + i, start + i + 1) for i, ch in enumerate(raw)]
    out: list[tuple[str, int, int]] = []
    pos = 0
    for m in re.finditer(_ENTITY, raw):
        out.extend((ch, start + pos + i, start + pos + i + 1) for i, ch in enumerate(raw[pos : m.start()]))
        out.extend((ch, start + m.start(), start + m.end()) for ch in _html.unescape(m.group()))
        pos = m.end()
    out.extend((ch, start + pos + i, start + pos + i + 1) for i, ch in enumerate(raw[pos:]))
    return out
