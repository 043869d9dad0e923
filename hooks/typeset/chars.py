"""Character classes of Japanese line breaking: which scripts a character belongs to, and which
characters may not start a line (JIS X 4051 kinsoku)."""

from __future__ import annotations

import re

SMALL_KANA = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
# Closing brackets, full stops and commas, middle dots, question and exclamation marks, iteration
# marks, the prolonged sound mark and small kana may not start a line.
NO_LINE_START = frozenset(SMALL_KANA + "ー〜゠‐–、。，．)）]］}｝〕〉》」』】〙〗〟’”・：；!！?？‼⁇⁈⁉ヽヾゝゞ々〻")
# Opening brackets may not end a line.
NO_LINE_END = frozenset("(（[［{｛〔〈《「『【〘〖〝‘“")

# Kana, CJK ideographs, CJK punctuation and full-width forms: text BudouX splits into phrases.
JAPANESE = re.compile(r"[\u3000-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]")
KATAKANA_CHARS = r"\u30A1-\u30FA\u30FC-\u30FE"  # katakana letters, ー and the katakana iteration marks
KATAKANA = re.compile(f"[{KATAKANA_CHARS}]")


def is_japanese(char: str) -> bool:
    return bool(JAPANESE.match(char))


def is_katakana(char: str) -> bool:
    return bool(KATAKANA.match(char))
