"""Japanese script classes of characters, for word boundaries (glossary mentions), line breaking
(figures) and typesetting (hooks/typeset).

Two views of the same Unicode blocks live here:

- `script()` gives each character one class (kanji, hiragana, katakana, latin, ...): glossary
  mentions end where the class changes, figure labels break between classes;
- the typesetting classes: `JAPANESE_CLASS` (text BudouX splits into phrases), `KATAKANA` (letters of the
  katakana words body text keeps whole), and `NO_LINE_START` / `NO_LINE_END` (JIS X 4051 kinsoku).

Where the two views differ, each keeps what its callers need:

- katakana: `script()` counts U+30A0–U+30FF except ゠ and ・ (so ヿ U+30FF too), the small-katakana
  extension U+31F0–U+31FF and half-width katakana U+FF66–U+FF9F; `KATAKANA` is U+30A1–U+30FA and
  U+30FC–U+30FE only (letters, ー and the iteration marks ヽヾ), the characters a word is wrapped in;
- kanji: `script()` includes the ideographs of the supplementary planes (U+20000–U+3134F) and 々〆〇;
  `JAPANESE_CLASS` covers the same ideograph blocks of the BMP (U+3400–U+4DBF, U+4E00–U+9FFF,
  U+F900–U+FAFF), CJK symbols and punctuation and kana (U+3000–U+30FF) and the half- and full-width
  forms (U+FF00–U+FFEF), and nothing beyond the BMP.
"""

from __future__ import annotations

import re
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


# ------------------------------------------------------------------------------------ typesetting

SMALL_KANA = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
# Closing brackets and quotes, full stops and commas (full-width and ASCII), middle dots, colons and
# semicolons, question and exclamation marks, iteration marks, the prolonged sound mark, small kana and
# the percent signs after a number may not start a line. Body text (hooks/typeset) and the figures'
# own line wrapping (hooks/figures/fit.py) both read these two sets.
NO_LINE_START = frozenset(
    SMALL_KANA + "ー〜゠‐–、。，．,.)）]］}｝〕〉》」』】〙〗〟’”»・：；:;!！?？‼⁇⁈⁉ヽヾゝゞ々〻%％"
)
# Opening brackets and quotes may not end a line.
NO_LINE_END = frozenset("(（[［{｛〔〈《「『【〘〖〝‘“«")

# Kana, CJK ideographs, CJK punctuation and full-width forms: text BudouX splits into phrases.
# As a pattern string, not compiled here: ``re`` takes ~2 ms to compile it, and is_japanese() and
# has_japanese() answer the same question without it.
JAPANESE_CLASS = r"[\u3000-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]"
# Every character of JAPANESE_CLASS and more: all but ASCII, Latin-1, Latin Extended-A/B, IPA and the spacing
# modifiers (U+0000-U+02FF) and the punctuation, symbols, arrows and dingbats of U+2000-U+2BFF; ``re``
# compiles it ~10 times faster than JAPANESE_CLASS (its cost grows with the code points its ranges cover).
NOT_LATIN = re.compile(r"[^\x00-\u02FF\u2000-\u2BFF]")
KATAKANA_CHARS = r"\u30A1-\u30FA\u30FC-\u30FE"  # katakana letters, ー and the katakana iteration marks
KATAKANA = re.compile(f"[{KATAKANA_CHARS}]")


def is_japanese(char: str) -> bool:
    """Whether the character ``char`` is one JAPANESE_CLASS matches."""
    code = ord(char)
    return (
        0x3000 <= code <= 0x30FF
        or 0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
    )


def has_japanese(text: str) -> bool:
    """Whether ``text`` holds a character JAPANESE_CLASS matches (read with NOT_LATIN, each match checked)."""
    return any(is_japanese(m.group()) for m in NOT_LATIN.finditer(text))


def is_katakana(char: str) -> bool:
    return bool(KATAKANA.match(char))


__all__ = [
    "JAPANESE_CLASS",
    "KATAKANA",
    "KATAKANA_CHARS",
    "NOT_LATIN",
    "NO_LINE_END",
    "NO_LINE_START",
    "SMALL_KANA",
    "Script",
    "has_japanese",
    "is_japanese",
    "is_katakana",
    "script",
]
