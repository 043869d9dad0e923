"""The script class of one character, for Japanese word boundaries (glossary mentions) and line breaking (figures)."""

from __future__ import annotations

import unicodedata
from typing import Literal

Script = Literal["kanji", "hiragana", "katakana", "latin", "digit", "space", "punct", "other"]

_KANJI_MARKS = "々〆〇"  # iteration mark, shime, kanji zero: written and read as kanji
_KANA_PUNCT = "゠・"  # U+30A0 and U+30FB sit in the katakana block but separate words


def script(ch: str) -> Script:
    """Class of the character ``ch``.

    - ``hiragana``: U+3041–U+309F (with the voicing marks and ゝゞ);
    - ``katakana``: U+30A1–U+30FF except the middle dot ・ (the long-vowel mark ー included),
      U+31F0–U+31FF and half-width katakana U+FF66–U+FF9F;
    - ``kanji``: CJK unified ideographs (U+4E00–U+9FFF, extension A, the supplementary planes),
      compatibility ideographs, and 々〆〇;
    - ``latin``: Latin letters (ASCII, Latin-1/Extended, full-width); ``digit``: 0–9 and full-width ０–９;
    - ``space``: any white space (the ideographic space U+3000 included);
    - ``punct``: Unicode punctuation and symbols (、。「」・ and ASCII signs such as ``-_./``);
    - ``other``: everything else (Greek, Hangul, emoji modifiers, control characters, ...).
    """
    code = ord(ch)
    if 0x3041 <= code <= 0x309F:
        return "hiragana"
    if 0x30A0 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
        return "punct" if ch in _KANA_PUNCT else "katakana"
    if (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
        or ch in _KANJI_MARKS
    ):
        return "kanji"
    if "0" <= ch <= "9" or "０" <= ch <= "９":
        return "digit"
    if ch.isspace():
        return "space"
    if ch.isalpha() and (code < 0x0250 or 0x1E00 <= code <= 0x1EFF or 0xFF21 <= code <= 0xFF5A):
        return "latin"
    category = unicodedata.category(ch)
    if category[0] in "PS":
        return "punct"
    return "other"


__all__ = ["Script", "script"]
