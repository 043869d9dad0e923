"""The glossary data file (data/glossary.yml): its schema (msgspec Structs), its checks, and the loaded terms.

The file maps term ids to entries::

    workspace:                 # id: lowercase letters, digits, single hyphens
      category: resource       # resource | asset | concept | tool | service
      ja: {term, yomi, definition, link, aliases?, excludes?}   # yomi optional when term starts with A–Z or 0–9
      en: {term, definition, link, aliases?, excludes?}

:func:`parse_glossary` reads it through :mod:`hooks.core.data` (YAML with lines, unknown keys
refused) and returns the usable terms with one :class:`~hooks.core.problems.Problem` per problem,
each naming the line of the offending key.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import msgspec

from hooks.core import data
from hooks.core.paths import shown_path
from hooks.core.problems import HookError, Problem
from hooks.core.text import read_text
from hooks.glossary.collation import is_kana_reading, is_latin_name, name_key

DATA_LABEL = "data/glossary.yml"
LANGS = data.LANGS
CATEGORIES: dict[str, dict[str, str]] = {
    "resource": {"ja": "リソース", "en": "Resource"},
    "asset": {"ja": "アセット", "en": "Asset"},
    "concept": {"ja": "概念", "en": "Concept"},
    "tool": {"ja": "ツール", "en": "Tool"},
    "service": {"ja": "サービス", "en": "Service"},
}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_IDS = {"glossary"}
LEARN_LOCALES = {"ja": "ja-jp", "en": "en-us"}
TEXT_KEYS = ("term", "definition", "link")
Path_ = tuple[str | int, ...]


# --------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------
class EnEntryData(msgspec.Struct, forbid_unknown_fields=True):
    term: str
    definition: str
    link: str
    aliases: list[str] = []
    excludes: list[str] = []  # longer phrases containing the name that are not mentions

    def check_entry(self, lang: str) -> Iterator[tuple[Path_, str, str]]:
        """(key path, kind, detail) of each rule broken: kinds 'text', 'link', 'locale', 'list'."""
        for key in TEXT_KEYS:
            if not getattr(self, key).strip():
                yield (key,), "text", key
        link = self.link.strip()
        if link:
            if not link.startswith("https://") or re.search(r"\s", link):
                yield ("link",), "link", link
            else:
                match = re.match(r"^https://learn\.microsoft\.com/([a-z]{2}-[a-z]{2})/", link)
                if match and match.group(1) != LEARN_LOCALES[lang]:
                    yield ("link",), "locale", link
        for key in ("aliases", "excludes"):
            if not all(item.strip() for item in getattr(self, key)):
                yield (key,), "list", key


class JaEntryData(EnEntryData, forbid_unknown_fields=True):
    yomi: str | None = None  # reading in kana, written by hand; sorts the kana index (optional for a Latin name)

    def check_entry(self, lang: str) -> Iterator[tuple[Path_, str, str]]:
        yield from super().check_entry(lang)
        if self.yomi is None or not self.yomi.strip():
            if not is_latin_name(self.term):  # 'CLI v2' is filed under 英字 by its own letters
                yield ("yomi",), "no-yomi", ""
        elif not is_kana_reading(self.yomi):
            yield ("yomi",), "yomi", self.yomi


class TermData(msgspec.Struct, forbid_unknown_fields=True):
    category: str
    ja: JaEntryData
    en: EnEntryData


# --------------------------------------------------------------------------------------------
# Loaded terms
# --------------------------------------------------------------------------------------------
class Entry(msgspec.Struct, frozen=True, gc=False):
    """One language's side of a term."""

    term: str
    definition: str
    link: str
    aliases: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()  # longer phrases containing the name that are not mentions
    yomi: str | None = None  # ja only


class Term(msgspec.Struct, frozen=True):
    id: str
    category: str
    entries: dict[str, Entry]
    line: int = 0  # line of the id in the data file (1-based, 0 if unknown)

    def entry(self, lang: str) -> Entry:
        return self.entries[lang]


class Glossary(msgspec.Struct, frozen=True):
    """What one data file gives: the usable terms, every problem, and what the pages may rely on."""

    terms: list[Term]
    problems: list[Problem]
    declared: frozenset[str] = frozenset()  # every id in the file, valid or not
    usable: bool = True  # False when the file as a whole could not be read (missing, not UTF-8, not YAML, empty)
    label: str = DATA_LABEL
    by_id: dict[str, Term] = msgspec.field(default_factory=dict)
    link_lines: dict[tuple[str, str], int] = msgspec.field(default_factory=dict)  # (id, lang) -> line of link:

    def __post_init__(self) -> None:
        self.by_id.update({t.id: t for t in self.terms})


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class GlossaryError(Exception):
    """The data file has problems; ``problems`` holds them all."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------
def _describe(term_id: str | None):
    """The glossary's own wording of a core.data issue for the entry ``term_id`` (None: the whole file)."""

    def describe(issue: data.Issue) -> str:
        rel = issue.path[1:] if term_id is not None else issue.path
        if issue.kind == "syntax":
            return f"glossary data is not valid YAML ({issue.detail}); fix the syntax."
        if issue.kind == "duplicate":
            return (
                f"glossary key '{issue.key}' is defined twice (first at line {issue.expected}); "
                "keep one entry per id and per key."
            )
        if issue.kind == "empty":
            return (
                "glossary data is empty; write one entry per term, keyed by its id "
                "(see the comment at the top of data/glossary.yml)."
            )
        if term_id is None:
            return "glossary data must be a mapping of term ids to entries; write 'workspace:' followed by its fields."
        # the language block the offending key sits in (an unknown or missing key is named by the last step)
        inside = rel[:-1] if issue.kind in ("unknown", "missing") else rel
        lang = inside[0] if inside and inside[0] in LANGS else None
        if issue.kind == "unknown":
            if lang is None:
                return f"glossary term '{term_id}' has unknown key '{issue.key}'; use only category, en, ja."
            allowed = ", ".join(sorted(issue.allowed))
            return f"glossary term '{term_id}' has unknown key '{lang}.{issue.key}'; use only {allowed}."
        if issue.kind == "missing":
            if lang is None and issue.key in LANGS:
                return (
                    f"glossary term '{term_id}' has no '{issue.key}' translation; add the '{issue.key}:' "
                    "block with term, definition and link."
                )
            if lang is None:
                return (
                    f"glossary term '{term_id}' has category 'None', which is not one of "
                    f"{', '.join(CATEGORIES)}; pick one of them."
                )
            return f"glossary term '{term_id}' has no '{lang}.{issue.key}' text; add it (a missing translation is an error)."
        # type / value mismatches
        if not rel:
            return (
                f"glossary term '{term_id}' must be a mapping with category, ja and en; indent its fields under the id."
            )
        if rel == ("category",):
            return (
                f"glossary term '{term_id}' has category '{issue.value}', which is not one of "
                f"{', '.join(CATEGORIES)}; pick one of them."
            )
        if lang is not None and len(rel) == 1:
            return (
                f"glossary term '{term_id}' key '{lang}' must be a mapping; give it term, definition and link fields."
            )
        key = rel[1]
        if key in TEXT_KEYS:
            return f"glossary term '{term_id}' has no '{lang}.{key}' text; add it (a missing translation is an error)."
        if key == "yomi":
            return (
                f"glossary term '{term_id}' ja.yomi '{issue.value}' is not a kana reading; write it in "
                "hiragana or katakana only (ー and spaces allowed)."
            )
        return (
            f"glossary term '{term_id}' {lang}.{key} must be a list of non-empty strings; "
            f"write {key}: [phrase, other phrase]."
        )

    return describe


def _rule_sentence(term_id: str, lang: str, kind: str, detail: str) -> str:
    if kind == "text":
        return f"glossary term '{term_id}' has no '{lang}.{detail}' text; add it (a missing translation is an error)."
    if kind == "link":
        return (
            f"glossary term '{term_id}' {lang}.link '{detail}' is not an https URL; "
            "use the https:// address of the Microsoft Learn page."
        )
    if kind == "locale":
        locale = detail.split("/")[3]
        return (
            f"glossary term '{term_id}' {lang}.link '{detail}' points to the '{locale}' edition of Microsoft "
            f"Learn; use '/{LEARN_LOCALES[lang]}/'."
        )
    if kind == "no-yomi":
        return f"glossary term '{term_id}' has no 'ja.yomi' reading; write its reading by hand in hiragana or katakana."
    if kind == "yomi":
        return (
            f"glossary term '{term_id}' ja.yomi '{detail}' is not a kana reading; write it in hiragana or "
            "katakana only (ー and spaces allowed)."
        )
    return (
        f"glossary term '{term_id}' {lang}.{detail} must be a list of non-empty strings; "
        f"write {detail}: [phrase, other phrase]."
    )


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------
def parse_glossary(text: str, *, source: str = DATA_LABEL) -> tuple[list[Term], list[Problem]]:
    """Parse and check the YAML text; return the usable terms and one Problem per problem."""
    result = parse(text, label=source)
    return result.terms, result.problems


def parse(text: str, *, label: str = DATA_LABEL) -> Glossary:
    doc, issues = data.parse(text, label=label)
    whole = _describe(None)
    problems = data.problems_of(issues, label, whole)
    if doc is None:
        return Glossary([], problems, usable=False, label=label)
    if doc.data is None:
        return Glossary(
            [], [*problems, Problem(label, None, whole(data.Issue("empty", (), None)))], usable=False, label=label
        )
    if not isinstance(doc.data, dict):
        return Glossary([], [*problems, Problem(label, 1, whole(data.Issue("type", (), 1)))], usable=False, label=label)
    terms: list[Term] = []
    for term_id in doc.data:
        line = doc.line((term_id,)) or 0
        if not ID_RE.match(term_id) or term_id in RESERVED_IDS:
            problems.append(
                Problem(
                    label,
                    line,
                    f"glossary id '{term_id}' is not a valid id; use lowercase letters, "
                    "digits and single hyphens (e.g. 'compute-instance'), and not "
                    "'glossary'.",
                )
            )
            continue
        term, found = _term(doc, term_id, line, label)
        problems.extend(found)
        if term is not None:
            terms.append(term)
    problems.extend(_duplicate_names(terms, label))
    links = {(str(p[0]), str(p[1])): line for p, line in doc.lines.items() if len(p) == 3 and p[2] == "link"}
    return Glossary(terms, problems, declared=frozenset(doc.data), label=label, link_lines=links)


def _term(doc: data.Document, term_id: str, line: int, label: str) -> tuple[Term | None, list[Problem]]:
    describe = _describe(term_id)
    raw = doc.data[term_id]
    problems: list[Problem] = []
    missing = [lang for lang in LANGS if isinstance(raw, dict) and lang not in raw]
    if len(missing) > 1:  # every missing translation, not only the first msgspec meets
        return None, [
            Problem(label, line, describe(data.Issue("missing", (term_id, lang), line, key=lang))) for lang in missing
        ]
    obj, issues = data.convert(doc, TermData, path=(term_id,))
    problems.extend(data.problems_of(issues, label, describe))
    if obj is None:
        return None, problems
    if obj.category not in CATEGORIES:
        problems.append(
            Problem(
                label,
                doc.line((term_id, "category")),
                describe(data.Issue("value", (term_id, "category"), None, value=obj.category)),
            )
        )
    for lang in LANGS:
        block = getattr(obj, lang)
        for rel, kind, detail in block.check_entry(lang):
            path = (term_id, lang, *rel)
            where = doc.lines.get(path) or doc.line((term_id, lang))
            problems.append(Problem(label, where, _rule_sentence(term_id, lang, kind, detail)))
    if problems:
        return None, problems
    entries = {lang: _entry(getattr(obj, lang), lang) for lang in LANGS}
    return Term(term_id, obj.category, entries, line), []


def _entry(block: EnEntryData, lang: str) -> Entry:
    return Entry(
        term=_one_line(block.term),
        definition=_one_line(block.definition),
        link=block.link.strip(),
        aliases=tuple(_one_line(a) for a in block.aliases),
        excludes=tuple(_one_line(a) for a in block.excludes),
        yomi=_one_line(block.yomi) if isinstance(block, JaEntryData) and block.yomi else None,
    )


def _duplicate_names(terms: list[Term], label: str) -> list[Problem]:
    problems = []
    for lang in LANGS:
        seen: dict[str, str] = {}
        names = {name_key(n, lang) for t in terms for n in (t.entries[lang].term, *t.entries[lang].aliases)}
        for term in terms:
            for phrase in term.entries[lang].excludes:
                if name_key(phrase, lang) in names:
                    problems.append(
                        Problem(
                            label,
                            term.line,
                            f"glossary term '{term.id}' {lang}.excludes lists "
                            f"'{phrase}', which is a term or alias; remove it from "
                            "excludes.",
                        )
                    )
        for term in terms:
            entry = term.entries[lang]
            own: set[str] = set()
            for name in (entry.term, *entry.aliases):
                key = name_key(name, lang)
                if key in own:
                    problems.append(
                        Problem(
                            label,
                            term.line,
                            f"glossary term '{term.id}' lists {lang} name '{name}' twice; remove the repeated alias.",
                        )
                    )
                    continue
                own.add(key)
                if key in seen:
                    problems.append(
                        Problem(
                            label,
                            term.line,
                            f"glossary term '{term.id}' {lang} name '{name}' is "
                            f"already used by term '{seen[key]}'; give each term "
                            "and alias to one entry only.",
                        )
                    )
                else:
                    seen[key] = term.id
    return problems


def load(path: Path | str, *, label: str | None = None) -> Glossary:
    """Read and check the data file; an unreadable or non-UTF-8 file is a problem, never an exception."""
    path = Path(path)
    shown = label if label is not None else shown_path(path)
    try:
        text = read_text(path, label=shown)
    except HookError as err:
        problem = err.problem
        if problem.message.startswith("does not exist"):
            problem = Problem(shown, None, "glossary data file is missing; create it (see hooks/glossary/model.py).")
        return Glossary([], [problem], usable=False, label=shown)
    return parse(text, label=shown)


def load_glossary(path: Path | str, *, source: str | None = None) -> list[Term]:
    """The terms of the data file; raise :class:`GlossaryError` with every problem when there is any."""
    result = load(path, label=source or DATA_LABEL)
    if result.problems:
        raise GlossaryError(result.problems)
    return result.terms
