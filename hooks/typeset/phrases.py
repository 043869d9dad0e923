"""Where short Japanese texts may break, and the markup that tells the browser so.

A short text (table cell, heading, navigation label, admonition title, caption, tab label) wraps only
between its phrases: `phrase_breaks()` finds them with a BudouX parser in each whitespace-free chunk
of Japanese text, and `mark_fragment()` inserts ``<wbr>`` there; CSS (docs/assets/css/typeset.css)
sets ``word-break: keep-all`` on those elements so that ``<wbr>`` and spaces are the only breaks.
Body text keeps normal breaking with kinsoku; `wrap_katakana()` keeps its katakana words whole.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from functools import cache

from hooks.core.scripts import (
    KATAKANA,
    KATAKANA_CHARS,
    NO_LINE_END,
    NO_LINE_START,
    NOT_LATIN,
    has_japanese,
    is_japanese,
    is_katakana,
)
from hooks.typeset import markup
from hooks.typeset.edits import KANA_OPEN, WBR

# Subtrees whose text is read (it is context for the phrases around it) but never marked.
SKIP = frozenset("code kbd samp pre script style svg math textarea var".split())
# Tags that end a line of text, so phrases never span them.
FLOW_BREAKS = frozenset(
    "br p div ul ol li dl dt dd table thead tbody tfoot tr td th caption blockquote figure figcaption "
    "hr details summary h1 h2 h3 h4 h5 h6 section nav header footer aside article main form".split()
)
_NOT_INLINE = SKIP | FLOW_BREAKS | markup.RAW_TEXT | {"wbr"}
KATAKANA_WORD_MAX = 20  # a longer katakana run (rare) may still wrap rather than overflow a phone's line

_CHUNK = re.compile(r"\S+")
_K = f"[{KATAKANA_CHARS}]"
# Body HTML up to the next katakana word to wrap (group 1) and that word (group 2), or up to the end:
# text without katakana, a word already wrapped, a tag (from '<' to the next '<' or '>'), a katakana
# word too long to wrap and a single katakana letter are kept as they are.
_BODY_WORD = re.compile(
    rf"((?:[^<{KATAKANA_CHARS}]++|{re.escape(KANA_OPEN)}{_K}++</span>|<[^<>]*+"
    rf"|{_K}{{{KATAKANA_WORD_MAX + 1},}}+|{_K}(?!{_K}))*+)(?:({_K}{{2,{KATAKANA_WORD_MAX}}}+)|\Z)"
)

Parse = Callable[[str], Sequence[str]]


@cache  # a pure function of two characters, asked for the same pairs page after page
def may_break_between(before: str, after: str) -> bool:
    """Whether a phrase boundary between these two characters may become a line break."""
    if not (is_japanese(before) or is_japanese(after)):
        return False  # inside a Latin word or number
    if is_katakana(before) and is_katakana(after):
        return False  # inside a katakana word
    return after not in NO_LINE_START and before not in NO_LINE_END


def phrase_breaks(text: str, parse: Parse) -> list[int]:
    """Offsets in ``text`` between two BudouX phrases where a line may break (spaces excluded)."""
    breaks: list[int] = []
    for chunk in _CHUNK.finditer(text):
        word = chunk.group()
        if not NOT_LATIN.search(word):
            continue  # no Japanese character: no break (may_break_between), the parse is not needed
        pos = chunk.start()
        for phrase in parse(word)[:-1]:
            pos += len(phrase)
            if may_break_between(text[pos - 1], text[pos]):
                breaks.append(pos)
    return breaks


def mark_fragment(fragment: str, parse: Parse) -> str:
    """``fragment`` (the inner HTML of one short text) with ``<wbr>`` between its phrases.

    Text inside code, pre, kbd, samp, script, style, svg, math, textarea and var is read as part of its
    sentence but never marked; tags, attributes, entities and existing ``<wbr>`` are kept as they are,
    so marking twice gives the same result.
    """
    found = NOT_LATIN.search(fragment)  # most often the fragment's first Japanese character
    if found is None or not (is_japanese(found.group()) or has_japanese(fragment)):
        return fragment
    if "<" not in fragment and "&" not in fragment:  # plain text: its characters are its source
        breaks = phrase_breaks(fragment, parse)
        if not breaks:
            return fragment
        return WBR.join(fragment[start:end] for start, end in zip([0, *breaks], [*breaks, len(fragment)]))
    if "&" not in fragment:
        inline = _mark_inline(fragment, parse)
        if inline is not None:
            return inline
    return _mark_tokens(fragment, parse)


def _mark_tokens(fragment: str, parse: Parse) -> str:
    """`mark_fragment` of any fragment, read token by token (`markup.tokens`)."""
    inserts: list[int] = []
    # the text of the current flow, one piece per text token: its characters, its offset in the flow's text,
    # its source offset, whether it may be marked, and the source span of each character when entities
    # make characters and source differ
    texts: list[str] = []
    offsets: list[int] = []
    pieces: list[tuple[int, bool, list[tuple[int, int]] | None]] = []
    present: set[int] = set()  # text offsets that already have a <wbr>
    skipping: list[str] = []
    length = 0

    def span(k: int) -> tuple[int, int, bool]:
        """Source span of character ``k`` of the flow's text and whether it may be marked."""
        i = bisect.bisect_right(offsets, k) - 1
        source, markable, spans = pieces[i]
        if spans is None:
            at = source + k - offsets[i]
            return at, at + 1, markable
        return (*spans[k - offsets[i]], markable)

    def flush() -> None:
        nonlocal length
        if length:
            for k in phrase_breaks("".join(texts), parse):
                if k in present:
                    continue
                before, after = span(k - 1), span(k)
                if before[2]:
                    inserts.append(before[1])
                elif after[2]:
                    inserts.append(after[0])
            texts.clear()
            offsets.clear()
            pieces.clear()
            length = 0
        present.clear()

    for token in markup.tokens(fragment):
        kind = token.kind
        if kind == "text":
            raw = fragment[token.start : token.end]
            if "&" in raw:
                decoded = markup.decode(fragment, token.start, token.end)
                raw = "".join([c[0] for c in decoded])
                spans: list[tuple[int, int]] | None = [(c[1], c[2]) for c in decoded]
            else:
                spans = None
            if raw:
                texts.append(raw)
                offsets.append(length)
                pieces.append((token.start, not skipping, spans))
                length += len(raw)
        elif kind == "start":
            name = token.name
            if name == "wbr":
                present.add(length)
            elif name in SKIP:
                if not token.self_closing:
                    skipping.append(name)
            elif name in FLOW_BREAKS and not skipping:
                flush()
        elif kind == "end":
            name = token.name
            if name in skipping:
                while skipping and skipping.pop() != name:
                    pass
            elif name in FLOW_BREAKS and not skipping:
                flush()
    flush()
    if not inserts:
        return fragment
    out, last = [], 0
    for pos in sorted(set(inserts)):
        out.append(fragment[last:pos])
        out.append(WBR)
        last = pos
    out.append(fragment[last:])
    return "".join(out)


def _mark_inline(fragment: str, parse: Parse) -> str | None:
    """`mark_fragment` of a fragment without entities whose tags are all inline and markable (``<a>``,
    ``<span>``, ...: none of SKIP, FLOW_BREAKS, raw text, ``<wbr>`` or a comment), or None for another
    fragment: its text is one flow, every character of which may be marked.
    """
    texts: list[str] = []
    offsets: list[int] = []  # of each text piece in the text
    sources: list[int] = []  # of each text piece in the fragment
    length = pos = 0
    for m in markup.TOKEN.finditer(fragment):
        name = m.group(2)
        if name is None or name.lower() in _NOT_INLINE:
            return None
        if m.start() > pos:
            texts.append(fragment[pos : m.start()])
            offsets.append(length)
            sources.append(pos)
            length += m.start() - pos
        pos = m.end()
    if pos < len(fragment):
        texts.append(fragment[pos:])
        offsets.append(length)
        sources.append(pos)
    out, last = [], 0
    for k in phrase_breaks("".join(texts), parse):
        i = bisect.bisect_right(offsets, k - 1) - 1
        at = sources[i] + k - offsets[i]  # just after character k - 1
        out.append(fragment[last:at])
        last = at
    if not out:
        return fragment
    out.append(fragment[last:])
    return WBR.join(out)


def wrap_katakana(html: str) -> str:
    """Body HTML with each katakana word of its text in a ``<span class="ts-kana">``.

    Text after a ``<`` up to the next ``>`` is inside a tag and stays as it is, as do words already
    wrapped, single katakana letters and words longer than `KATAKANA_WORD_MAX`.
    """
    if not KATAKANA.search(html):
        return html
    parts = _BODY_WORD.split(html)  # [""] + [kept, word or None, ""] for each match
    parts[2::3] = [f"{KANA_OPEN}{word}</span>" if word else "" for word in parts[2::3]]
    return "".join(parts)
