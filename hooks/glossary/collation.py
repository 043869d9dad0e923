"""Japanese gojūon order of kana readings, the A–Z order of English terms, and the index groups of each language."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hooks.glossary.model import Term

GOJUON = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわゐゑをん"
_ORDER = {ch: i for i, ch in enumerate(GOJUON)}
_SMALL = {
    "ぁ": "あ",
    "ぃ": "い",
    "ぅ": "う",
    "ぇ": "え",
    "ぉ": "お",
    "っ": "つ",
    "ゃ": "や",
    "ゅ": "ゆ",
    "ょ": "よ",
    "ゎ": "わ",
    "ゕ": "か",
    "ゖ": "け",
}
_VOWEL_OF_ROW_POS = "あいうえお"
_VOWEL = {
    **{ch: _VOWEL_OF_ROW_POS[i % 5] for i, ch in enumerate(GOJUON[:35])},
    "や": "あ",
    "ゆ": "う",
    "よ": "お",
    **{ch: _VOWEL_OF_ROW_POS[i % 5] for i, ch in enumerate(GOJUON[38:43])},
    "わ": "あ",
    "ゐ": "い",
    "ゑ": "え",
    "を": "お",
    "ん": "ん",
}
ROWS_JA = [
    ("あ", "a"),
    ("か", "ka"),
    ("さ", "sa"),
    ("た", "ta"),
    ("な", "na"),
    ("は", "ha"),
    ("ま", "ma"),
    ("や", "ya"),
    ("ら", "ra"),
    ("わ", "wa"),
]
_ROW_START = [0, 5, 10, 15, 20, 25, 30, 35, 38, 43]
LONG_MARK = "ー"
_IGNORED = set("・ 　")


def _kana_base(ch: str) -> tuple[str, int, int] | None:
    """(base hiragana, voicing 0/1/2, small 0/1) for one kana character, or None if it is not kana."""
    code = ord(ch)
    if 0x30A1 <= code <= 0x30F6:  # katakana -> hiragana
        ch = chr(code - 0x60)
    elif 0x30F7 <= code <= 0x30FA:  # ヷヸヹヺ
        ch = {"ヷ": "わ\u3099", "ヸ": "ゐ\u3099", "ヹ": "ゑ\u3099", "ヺ": "を\u3099"}[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    voicing = 0
    if len(decomposed) == 2 and decomposed[1] in "\u3099\u309a":
        voicing = 1 if decomposed[1] == "\u3099" else 2
        ch = decomposed[0]
    elif len(decomposed) != 1:
        return None
    small = 0
    if ch in _SMALL:
        ch, small = _SMALL[ch], 1
    if ch not in _ORDER:
        return None
    return ch, voicing, small


def sort_key_ja(yomi: str) -> tuple[tuple[int, ...], tuple[tuple[int, int, int], ...]]:
    """Gojūon sort key of a kana reading.

    Primary: the base kana of every character (katakana read as hiragana, が as か, ぱ as は, ゃ as や,
    ー as the vowel of the kana before it). Only when all primaries tie: per character voicing
    (plain < voiced < semi-voiced), then size (full-size < small), then written vowel < ー.
    Hiragana and katakana spellings of the same reading get equal keys. Raises ValueError on non-kana.
    """
    text = unicodedata.normalize("NFKC", yomi)
    primary: list[int] = []
    secondary: list[tuple[int, int, int]] = []
    previous: str | None = None  # base (or small-kana base) of the last kana, for ー
    for ch in text:
        if ch in _IGNORED:
            continue
        if ch in (LONG_MARK, "〜", "～"):
            if previous is None:
                raise ValueError(f"reading {yomi!r} starts with a long-vowel mark")
            vowel = _VOWEL[previous]
            primary.append(_ORDER[vowel])
            secondary.append((0, 0, 1))
            continue
        info = _kana_base(ch)
        if info is None:
            raise ValueError(f"reading {yomi!r} contains {ch!r}, which is not kana")
        base, voicing, small = info
        primary.append(_ORDER[base])
        secondary.append((voicing, small, 0))
        previous = base
    if not primary:
        raise ValueError(f"reading {yomi!r} is empty")
    return tuple(primary), tuple(secondary)


def row_ja(yomi: str) -> tuple[str, str]:
    """The gojūon row of a reading: ('か', 'ka') for がくしゅう."""
    return _row_of(sort_key_ja(yomi))


def _row_of(key: tuple[tuple[int, ...], tuple[tuple[int, int, int], ...]]) -> tuple[str, str]:
    first = key[0][0]
    index = max(i for i, start in enumerate(_ROW_START) if first >= start)
    return ROWS_JA[index]


def sort_key_en(term: str) -> tuple[str, str]:
    folded = unicodedata.normalize("NFKD", term).casefold()
    letters = re.sub(r"[^0-9a-z]+", "", folded)
    return letters, term


LATIN_HEADING = ("英字", "latin")  # the ja index's first group: terms whose name starts with a Latin letter or digit


def is_latin_name(name: str) -> bool:
    """True when the name starts with a Latin letter or a digit (CLI v2, Docker イメージ, 3D): filed under 英字."""
    text = unicodedata.normalize("NFKC", name).strip()
    return bool(text) and text[0].isascii() and text[0].isalnum()


LatinKey = tuple[tuple[int, int | str], ...]


def sort_key_latin(name: str) -> LatinKey:
    """A–Z key of a name, as dictionaries order Latin words: case-insensitive, letter by letter (spaces and
    punctuation ignored), numbers by value (v1 < v2 < v10), digits before letters before kana before other
    scripts; kana in gojūon order (katakana read as hiragana)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    key: list[tuple[int, int | str]] = []
    for match in re.finditer(r"[0-9]+|.", text, re.S):
        part = match.group()
        if part.isdigit():
            key.append((0, int(part)))
        elif part.isascii():
            if part.isalpha():
                key.append((1, part))
        elif (info := _kana_base(part)) is not None:
            key.append((2, _ORDER[info[0]] * 6 + info[1] * 2 + info[2]))
        elif part == LONG_MARK:
            key.append((2, -1))
        elif part.isalnum():
            key.append((3, ord(part)))
    return tuple(key)


def group_ja(terms: Iterable[Term]) -> list[tuple[str, str, list[Term]]]:
    """[(heading, anchor, terms)]: '英字' first (Latin-named terms A–Z, see :func:`sort_key_latin`), then
    the gojūon rows that have terms ('か行', 'ka-row'), each in gojūon order of the readings."""
    terms = list(terms)
    latin = [t for t in terms if is_latin_name(t.entries["ja"].term)]
    kana = [t for t in terms if not is_latin_name(t.entries["ja"].term)]
    heading: list[tuple[str, str, list[Term]]] = []
    if latin:
        ordered = sorted(latin, key=lambda t: (sort_key_latin(t.entries["ja"].term), t.entries["ja"].term, t.id))
        heading.append((LATIN_HEADING[0], LATIN_HEADING[1], ordered))
    return heading + _group_rows(kana)


def _group_rows(terms: Iterable[Term]) -> list[tuple[str, str, list[Term]]]:
    keyed = sorted(((sort_key_ja(t.entries["ja"].yomi or ""), t.entries["ja"].term, t.id), t) for t in terms)
    groups: dict[str, tuple[str, str, list[Term]]] = {}
    for (key, _, _), term in keyed:  # ids are unique, so the sort never compares two terms
        kana, roman = _row_of(key)
        groups.setdefault(roman, (f"{kana}行", f"{roman}-row", []))[2].append(term)
    return [groups[roman] for _, roman in ROWS_JA if roman in groups]


def group_en(terms: Iterable[Term]) -> list[tuple[str, str, list[Term]]]:
    """[(heading 'A', anchor 'letter-a', terms A–Z by :func:`sort_key_latin`)]; terms not starting with a letter go under '#'."""
    ordered = sorted(terms, key=lambda t: (sort_key_latin(t.entries["en"].term), t.entries["en"].term, t.id))
    groups: dict[str, tuple[str, str, list[Term]]] = {}
    for term in ordered:
        letters = sort_key_en(term.entries["en"].term)[0]
        initial = letters[:1]
        if initial.isalpha():
            groups.setdefault(initial, (initial.upper(), f"letter-{initial}", []))[2].append(term)
        else:
            groups.setdefault("#", ("#", "letter-other", []))[2].append(term)
    return [groups[k] for k in sorted(groups, key=lambda k: (k == "#", k))]


def group_terms(terms: Iterable[Term], lang: str) -> list[tuple[str, str, list[Term]]]:
    return group_ja(terms) if lang == "ja" else group_en(terms)


def is_kana_reading(yomi: str) -> bool:
    """Kana (either script), the long-vowel mark, middle dots and spaces; must start with a kana."""
    text = unicodedata.normalize("NFKC", yomi).strip()
    if not text or _kana_base(text[0]) is None:
        return False
    return all(_kana_base(ch) is not None or ch in "ー・ 　" for ch in text)


def is_kana_only(text: str) -> bool:
    return all(_kana_base(ch) is not None or ch in "ー・ 　" for ch in text)


def name_key(name: str, lang: str) -> str:
    """How names are compared: case-insensitive; spaces ignored in Japanese, collapsed in English."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(folded.split()) if lang == "ja" else " ".join(folded.split())
