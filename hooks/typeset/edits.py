"""A marked page as the markup inserted into the page it was made from, which is what the page memo keeps.

Marking only inserts ``<wbr>`` and the katakana spans, so a page's marked HTML is the page's HTML plus
those insertions: :func:`insertions` writes them as a tuple of ``(offset, token)`` pairs (flattened,
token as its index in :data:`TOKENS`), a few hundred small numbers where the marked HTML would be
kept whole, and :func:`apply` puts them back. Marked HTML that is not the page plus insertions of the
tokens is kept whole (a str), so the memo always gives back exactly what marking made.
"""

from __future__ import annotations

import re

WBR = "<wbr>"
KANA_CLASS = "ts-kana"  # a katakana word in body text, kept on one line
KANA_OPEN = f'<span class="{KANA_CLASS}">'
TOKENS = (WBR, KANA_OPEN, "</span>")
_TOKEN = re.compile("|".join(re.escape(token) for token in TOKENS))
_CODE = {token: code for code, token in enumerate(TOKENS)}

Insertions = tuple[int, ...] | str  # (offset, token index, offset, token index, ...), or the marked HTML


def insertions(original: str, marked: str) -> Insertions:
    """What was inserted into ``original`` to make ``marked``; ``marked`` itself when it is not insertions
    of :data:`TOKENS`. A token that ``original`` also has at that offset is taken as the original's (either
    reading gives the same text)."""
    if marked == original:
        return ()
    out: list[int] = []
    at = last = 0  # offset in original, and in marked after the last token read
    for match in _TOKEN.finditer(marked):
        start, token = match.start(), match.group()
        between = start - last
        if between and not original.startswith(marked[last:start], at):
            return marked
        at += between
        if original.startswith(token, at):
            at += len(token)
        else:
            out += (at, _CODE[token])
        last = match.end()
    if marked[last:] != original[at:]:
        return marked
    return tuple(out)


def apply(original: str, edits: Insertions) -> str:
    """The marked HTML that :func:`insertions` described."""
    if isinstance(edits, str):
        return edits
    if not edits:
        return original
    pieces: list[str] = []
    last = 0
    for index in range(0, len(edits), 2):
        at = edits[index]
        pieces += (original[last:at], TOKENS[edits[index + 1]])
        last = at
    pieces.append(original[last:])
    return "".join(pieces)
