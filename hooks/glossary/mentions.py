"""Which term names occur in running text: longest name first, never inside a longer word of the same script."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

import msgspec

from hooks.glossary.collation import name_key
from hooks.glossary.model import Term

# The word classes of Japanese word boundaries (core.scripts.script, as the glossary reads it): ASCII
# letters, digits and '_' form Latin words; katakana and kanji form words of their own. A name must
# not start or end inside a word of the class of its first or last character.
LATIN = "A-Za-z0-9_"
KATAKANA = "\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"  # without ゠ (U+30A0) and ・ (U+30FB)
KANJI = "\u3005\u3006\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
EN_WORD = "A-Za-z0-9_\\-"
# İ ı ſ K: the letters besides ASCII ones that ASCII letters match when case is ignored
_ASCII_FOLDS = "\u0130\u0131\u017f\u212a"


def _ranges(cls: str) -> list[tuple[int, int]]:
    """The code point ranges of a character class body made of characters and 'a-b' ranges."""
    out, i = [], 0
    while i < len(cls):
        if i + 2 < len(cls) and cls[i + 1] == "-":
            out.append((ord(cls[i]), ord(cls[i + 2])))
            i += 3
        else:
            out.append((ord(cls[i]), ord(cls[i])))
            i += 1
    return out


def _narrowed(cls: str, chars: Iterable[str]) -> str:
    """The characters of ``chars`` in the class ``cls``, as the body of a character class ('' for none)."""
    ranges = _ranges(cls)
    return "".join(re.escape(c) for c in sorted(set(chars)) if any(lo <= ord(c) <= hi for lo, hi in ranges))


def _ja_edges(phrases: Iterable[str]) -> tuple[str, str, str]:
    """The Japanese word-boundary checks for these names: (at the start, after the first character, at the end).

    Each fails between two characters of one class. Katakana and kanji have no case, so the character of
    the text there that a name matches is one of the names' first (or last) characters of that class:
    the side of the name is checked against those few characters only, which compiles much faster than
    the whole class (the kanji class alone takes milliseconds) and matches the same text.
    """
    words = ["".join(phrase.split()) for phrase in phrases]
    firsts, lasts = {w[0] for w in words if w}, {w[-1] for w in words if w}
    at_start = [f"(?!(?<=(?-i:[{LATIN}]))(?-i:[{LATIN}]))"]
    after_first = [f"(?<![{LATIN}][{LATIN}])"]
    at_end = list(at_start)
    for cls in (KATAKANA, KANJI):
        first, last = _narrowed(cls, firsts), _narrowed(cls, lasts)
        if first:
            at_start.append(f"(?!(?<=(?-i:[{cls}]))(?-i:[{first}]))")
            after_first.append(f"(?<![{cls}][{first}])")
        if last:
            at_end.append(f"(?!(?<=(?-i:[{last}]))(?-i:[{cls}]))")
    return "".join(at_start), "".join(after_first), "".join(at_end)


_EN_BEFORE = f"(?<!(?-i:[{EN_WORD}]))"
_EN_AFTER = f"(?!(?-i:[{EN_WORD}]))"


class Matcher(msgspec.Struct, frozen=True):
    """Finds the term names of one language in text (built once per language build).

    The pattern takes, at each position, the first (longest) name that matches there, as one atomic
    group, and fails the position when that name runs on into a word before or after it; the
    search then goes on one character later.
    """

    lang: str
    pattern: re.Pattern[str] | None
    names: dict[str, str]  # name_key -> term id ('' for an excluded phrase)
    found: dict[str, str | None] = msgspec.field(default_factory=dict)  # text matched -> term id (a cache)

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, term id) of each mention in ``text``."""
        if self.pattern is None:
            return
        search, pos = self.pattern.search, 0
        while True:
            match = search(text, pos)
            if match is None:
                return
            start, end = match.span()
            term_id = self._lookup(match.group(0))
            if term_id is not None:
                if term_id:  # "" = an excluded phrase: consumed, not a mention
                    yield start, end, term_id
                pos = end
            else:
                pos = start + 1

    def ids(self, text: str) -> set[str]:
        """The ids of the terms ``text`` mentions (what :meth:`spans` finds, from one ``findall``)."""
        if self.pattern is None:
            return set()
        found = set()
        for name in set(self.pattern.findall(text)):
            term_id = self._lookup(name)
            if term_id is None:  # not a name after all: spans() goes on one character later
                return {term_id for _, _, term_id in self.spans(text)}
            if term_id:
                found.add(term_id)
        return found

    def _lookup(self, found: str) -> str | None:
        if found in self.found:
            return self.found[found]
        key = name_key(found, self.lang)
        term_id = self.names.get(key)
        if term_id is None and self.lang == "en":
            for suffix in ("es", "s"):
                if key.endswith(suffix) and key[: -len(suffix)] in self.names:
                    term_id = self.names[key[: -len(suffix)]]
                    break
        self.found[found] = term_id
        return term_id


def build_matcher(
    terms: Iterable[Term], lang: str, compile: Callable[[str, int], re.Pattern[str]] = re.compile
) -> Matcher:
    """The matcher of the term names of ``lang``; ``compile`` compiles its pattern (hooks.core.cache.RegexCache
    keeps it between builds)."""
    names: dict[str, str] = {}
    phrases: list[str] = []
    for term in terms:
        entry = term.entries[lang]
        for name in (entry.term, *entry.aliases):
            names.setdefault(name_key(name, lang), term.id)
            phrases.append(unicodedata.normalize("NFKC", name))
        for phrase in entry.excludes:  # matched (so the shorter name inside is skipped) but not a mention
            names.setdefault(name_key(phrase, lang), "")
            phrases.append(unicodedata.normalize("NFKC", phrase))
    if not phrases:
        return Matcher(lang, None, names)
    sep = r"[ \t]*" if lang == "ja" else r"[ \t]+"
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    alternatives = [sep.join(re.escape(w) for w in phrase.split()) for phrase in ordered]
    plural = r"(?:e?s)?" if lang == "en" else ""
    ja_start, ja_after_first, ja_end = _ja_edges(ordered)
    after = ja_end if lang == "ja" else _EN_AFTER
    grouped = _grouped(ordered, alternatives, plural, ja_after_first if lang == "ja" else None)
    if grouped is not None:
        return Matcher(lang, compile(grouped + after, 0), names)
    # the first characters up front let the regex engine skip text that cannot start a name (2-3x faster)
    firsts = sorted({c for phrase in phrases for c in (phrase[0], phrase[0].lower(), phrase[0].upper())})
    lead = "(?=[" + "".join(re.escape(c) for c in firsts) + "])"
    body = "(?>(?:" + "|".join(alternatives) + ")" + plural + ")"  # atomic: no shorter name at a failed position
    before = ja_start if lang == "ja" else _EN_BEFORE
    return Matcher(lang, compile(lead + before + body + after, re.IGNORECASE), names)


def _grouped(phrases: list[str], alternatives: list[str], plural: str, ja_before: str | None) -> str | None:
    """The same pattern, faster: it starts by taking one character of the set that can start a name
    (case-sensitive, so the engine skips other text without trying the pattern there), checks the
    word boundary before it, then tries only the names starting with that character, in their order.
    None (use the plain pattern) unless every first character is ASCII or has no case, so that no
    character starts names of two groups."""
    groups: dict[str, list[str]] = {}
    for phrase, alternative in zip(phrases, alternatives, strict=True):
        first = re.escape(phrase[0])
        if not (phrase[0].isascii() or phrase[0].lower() == phrase[0] == phrase[0].upper()):
            return None
        if not alternative.startswith(first):
            return None
        groups.setdefault(phrase[0].lower(), []).append(alternative[len(first) :])
    starts = {c for key in groups for c in (key, key.upper())}
    if any(c.isascii() and c.isalpha() for c in starts):
        starts.update(_ASCII_FOLDS)
    charset = "[" + "".join(re.escape(c) for c in sorted(starts)) + "]"
    # ja: the character before and the first one are not of one word class
    before = ja_before if ja_before is not None else f"(?<![{EN_WORD}](?s:.))"
    branches = "|".join(f"(?<={re.escape(key)})(?:{'|'.join(rests)})" for key, rests in groups.items())
    return charset + before + "(?i:(?>(?:" + branches + ")" + plural + "))"
