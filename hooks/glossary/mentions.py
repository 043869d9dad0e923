"""Which term names occur in running text: longest name first, never inside a longer word of the same script."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from hooks.core.scripts import script
from hooks.glossary.collation import name_key
from hooks.glossary.model import Term

_EN_WORD = re.compile(r"[A-Za-z0-9_\-]")


def _word_class(ch: str) -> str:
    """Japanese word boundaries: katakana, kanji and Latin (with digits and '_') words must not run on."""
    kind = script(ch)
    if kind in ("latin", "digit") or ch == "_":
        return "latin" if ch.isascii() else "other"
    return kind if kind in ("katakana", "kanji") else "other"


@dataclass(frozen=True)
class Matcher:
    """Finds the term names of one language in text (built once per language build)."""

    lang: str
    pattern: re.Pattern[str] | None
    names: dict[str, str]  # name_key -> term id ('' for an excluded phrase)
    keys: dict[str, str] = field(default_factory=dict)  # text found -> its name_key (a cache)

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, term id) of each mention in ``text``."""
        if self.pattern is None:
            return
        pos = 0
        while True:
            match = self.pattern.search(text, pos)
            if match is None:
                return
            start, end = match.span()
            term_id = self._lookup(match.group(0))
            if term_id is not None and self._bounded(text, start, end):
                if term_id:  # "" = an excluded phrase: consumed, not a mention
                    yield start, end, term_id
                pos = end
            else:
                pos = start + 1

    def _lookup(self, found: str) -> str | None:
        key = self.keys.get(found)
        if key is None:
            key = self.keys[found] = name_key(found, self.lang)
        if key in self.names:
            return self.names[key]
        if self.lang == "en":
            for suffix in ("es", "s"):
                if key.endswith(suffix) and key[: -len(suffix)] in self.names:
                    return self.names[key[: -len(suffix)]]
        return None

    def _bounded(self, text: str, start: int, end: int) -> bool:
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        if self.lang != "ja":
            return not (before and _EN_WORD.match(before)) and not (after and _EN_WORD.match(after))
        first, last = _word_class(text[start]), _word_class(text[end - 1])
        if before and first != "other" and _word_class(before) == first:
            return False
        return not (after and last != "other" and _word_class(after) == last)


def build_matcher(terms: Iterable[Term], lang: str) -> Matcher:
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
    alternatives = [
        sep.join(re.escape(w) for w in phrase.split()) for phrase in sorted(set(phrases), key=lambda p: (-len(p), p))
    ]
    plural = r"(?:e?s)?" if lang == "en" else ""
    # the first characters up front let the regex engine skip text that cannot start a name (2-3x faster)
    firsts = sorted({c for phrase in phrases for c in (phrase[0], phrase[0].lower(), phrase[0].upper())})
    lead = "(?=[" + "".join(re.escape(c) for c in firsts) + "])"
    return Matcher(lang, re.compile(lead + r"(?:" + "|".join(alternatives) + r")" + plural, re.IGNORECASE), names)
