"""Glossary: one data file (data/glossary.yml) -> term links in pages and a generated index per language.

Owns:
- loading and validating ``data/glossary.yml`` (:func:`load_glossary`, :func:`parse_glossary`);
- the Japanese gojūon order of readings (:func:`sort_key_ja`, :func:`row_ja`) and the grouped
  index (:func:`group_terms`, :func:`render_index`, template ``overrides/partials/glossary-index.html``);
- the author syntax ``[[id]]`` / ``[[id|text]]`` (:func:`replace_term_links`) and the detection of
  which page mentions which term (:func:`find_mentions`), both blind to code, headings and link targets;
- the ``<!-- glossary -->`` marker (registered with :mod:`hooks.markers`).

Plain functions only: the MkDocs side lives in ``hooks/glossary_hook.py``.
Run ``python -m hooks.glossary check [data/glossary.yml]`` to validate the data file alone.
"""
from __future__ import annotations

import difflib
import functools
import posixpath
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from hooks import markers, mdscan

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = ROOT / "overrides" / "partials"
TEMPLATE_NAME = "glossary-index.html"
DATA_LABEL = "data/glossary.yml"
GLOSSARY_URI = "glossary.md"

LANGS = ("ja", "en")
CATEGORIES: dict[str, dict[str, str]] = {
    "resource": {"ja": "リソース", "en": "Resource"},
    "asset": {"ja": "アセット", "en": "Asset"},
    "concept": {"ja": "概念", "en": "Concept"},
    "tool": {"ja": "ツール", "en": "Tool"},
    "service": {"ja": "サービス", "en": "Service"},
}
ENTRY_KEYS = {"term", "yomi", "definition", "link", "aliases", "excludes"}
REQUIRED_ENTRY_KEYS = ("term", "definition", "link")
TERM_KEYS = {"category", *LANGS}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_IDS = {"glossary"}

LABELS = {
    "ja": {"learn": "Microsoft Learn", "used_on": "使用ページ", "not_used": "(使用ページなし)", "sep": "、",
           "jump": "行で移動", "reading": "読み"},
    "en": {"learn": "Microsoft Learn", "used_on": "Used on", "not_used": "(not used on any page)", "sep": ", ",
           "jump": "Jump to letter", "reading": "Reading"},
}


class GlossaryError(Exception):
    """The data file has problems; ``problems`` holds one sentence per problem."""

    def __init__(self, problems: list[str]):
        super().__init__(problems[0] if len(problems) == 1 else "\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Entry:
    """One language's side of a term."""

    term: str
    definition: str
    link: str
    aliases: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()  # longer phrases containing the name that are not mentions ("クラウド コンピューティング")
    yomi: str | None = None  # ja only: hand-written reading in kana


@dataclass(frozen=True)
class Term:
    id: str
    category: str
    entries: dict[str, Entry]
    line: int = 0  # line of the id in the data file (1-based, 0 if unknown)

    def entry(self, lang: str) -> Entry:
        return self.entries[lang]


# --------------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------------
class _LineDict(dict):
    """A mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when the wheel has it
    """SafeLoader that records lines of mapping keys and reports duplicate keys instead of overwriting."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[str, int, int, tuple[str, ...]]] = []
        self._path: list[str] = []


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    result = _LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(None, None, "found an unhashable key", key_node.start_mark)
        key = str(key)
        if key in result:
            loader.duplicates.append((key, line, result.key_lines[key], ()))
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _is_kana_reading(yomi: str) -> bool:
    """Kana (either script), the long-vowel mark, middle dots and spaces; must start with a kana."""
    text = unicodedata.normalize("NFKC", yomi).strip()
    if not text or _kana_base(text[0]) is None:
        return False
    return all(_kana_base(ch) is not None or ch in "ー・ 　" for ch in text)


def _learn_locale(url: str) -> str | None:
    match = re.match(r"^https://learn\.microsoft\.com/([a-z]{2}-[a-z]{2})/", url)
    return match.group(1) if match else None


LEARN_LOCALES = {"ja": "ja-jp", "en": "en-us"}


def parse_glossary(text: str, *, source: str = DATA_LABEL) -> tuple[list[Term], list[str]]:
    """Parse and validate the YAML text; return the usable terms and one sentence per problem."""
    problems: list[str] = []
    loader = _LineLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        return [], [f"{where}: glossary data is not valid YAML ({problem}); fix the syntax."]
    finally:
        loader.dispose()
    for key, line, first, _ in loader.duplicates:
        problems.append(f"{source}:{line}: glossary key '{key}' is defined twice (first at line {first}); "
                        "keep one entry per id and per key.")
    if data is None:
        data = _LineDict()
        data.key_lines = {}
    if not isinstance(data, dict):
        return [], [f"{source}:1: glossary data must be a mapping of term ids to entries; "
                    "write 'workspace:' followed by its fields."]

    terms: list[Term] = []
    for term_id, raw in data.items():
        line = data.key_lines.get(term_id, 0)
        where = f"{source}:{line}"
        if not ID_RE.match(term_id) or term_id in RESERVED_IDS:
            problems.append(f"{where}: glossary id '{term_id}' is not a valid id; use lowercase letters, digits "
                            "and single hyphens (e.g. 'compute-instance'), and not 'glossary'.")
            continue
        if not isinstance(raw, dict):
            problems.append(f"{where}: glossary term '{term_id}' must be a mapping with category, ja and en; "
                            "indent its fields under the id.")
            continue
        ok = True
        for key in raw:
            if key not in TERM_KEYS:
                problems.append(f"{source}:{raw.key_lines.get(key, line)}: glossary term '{term_id}' has unknown key "
                                f"'{key}'; use only {', '.join(sorted(TERM_KEYS))}.")
                ok = False
        category = raw.get("category")
        if category not in CATEGORIES:
            problems.append(f"{source}:{raw.key_lines.get('category', line)}: glossary term '{term_id}' has category "
                            f"'{category}', which is not one of {', '.join(CATEGORIES)}; pick one of them.")
            ok = False
        entries: dict[str, Entry] = {}
        for lang in LANGS:
            block = raw.get(lang)
            if block is None:
                problems.append(f"{where}: glossary term '{term_id}' has no '{lang}' translation; add the '{lang}:' "
                                "block with term, definition and link.")
                ok = False
                continue
            bline = raw.key_lines.get(lang, line)
            if not isinstance(block, dict):
                problems.append(f"{source}:{bline}: glossary term '{term_id}' key '{lang}' must be a mapping; "
                                "give it term, definition and link fields.")
                ok = False
                continue
            entry = _parse_entry(term_id, lang, block, source, bline, problems)
            if entry is None:
                ok = False
            else:
                entries[lang] = entry
        if ok:
            terms.append(Term(term_id, category, entries, line))
    problems.extend(_duplicate_names(terms, source))
    return terms, problems


def _parse_entry(term_id: str, lang: str, block: _LineDict, source: str, bline: int,
                 problems: list[str]) -> Entry | None:
    def where(key: str) -> str:
        return f"{source}:{block.key_lines.get(key, bline)}"

    before = len(problems)
    for key in block:
        if key not in ENTRY_KEYS or (key == "yomi" and lang != "ja"):
            problems.append(f"{where(key)}: glossary term '{term_id}' has unknown key '{lang}.{key}'; "
                            f"use only {', '.join(sorted(ENTRY_KEYS - ({'yomi'} if lang != 'ja' else set())))}.")
    for key in REQUIRED_ENTRY_KEYS:
        value = block.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where(key)}: glossary term '{term_id}' has no '{lang}.{key}' text; add it "
                            f"(a missing translation is an error).")
    link = block.get("link")
    if isinstance(link, str) and link.strip():
        if not link.startswith("https://") or re.search(r"\s", link):
            problems.append(f"{where('link')}: glossary term '{term_id}' {lang}.link '{link}' is not an https URL; "
                            "use the https:// address of the Microsoft Learn page.")
        else:
            locale = _learn_locale(link)
            if locale is not None and locale != LEARN_LOCALES[lang]:
                problems.append(f"{where('link')}: glossary term '{term_id}' {lang}.link '{link}' points to the "
                                f"'{locale}' edition of Microsoft Learn; use '/{LEARN_LOCALES[lang]}/'.")
    yomi = block.get("yomi")
    if lang == "ja":
        if yomi is None or (isinstance(yomi, str) and not yomi.strip()):
            problems.append(f"{where('yomi')}: glossary term '{term_id}' has no 'ja.yomi' reading; write its "
                            "reading by hand in hiragana or katakana.")
        elif not isinstance(yomi, str) or not _is_kana_reading(yomi):
            problems.append(f"{where('yomi')}: glossary term '{term_id}' ja.yomi '{yomi}' is not a kana reading; "
                            "write it in hiragana or katakana only (ー and spaces allowed).")
    lists = {}
    for key in ("aliases", "excludes"):
        value = block.get(key) or []
        if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
            problems.append(f"{where(key)}: glossary term '{term_id}' {lang}.{key} must be a list of "
                            f"non-empty strings; write {key}: [phrase, other phrase].")
            value = []
        lists[key] = value
    if len(problems) > before:
        return None
    return Entry(
        term=_one_line(block["term"]),
        definition=_one_line(block["definition"]),
        link=block["link"].strip(),
        aliases=tuple(_one_line(a) for a in lists["aliases"]),
        excludes=tuple(_one_line(a) for a in lists["excludes"]),
        yomi=_one_line(yomi) if lang == "ja" else None,
    )


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def name_key(name: str, lang: str) -> str:
    """How names are compared: case-insensitive; spaces ignored in Japanese, collapsed in English."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(folded.split()) if lang == "ja" else " ".join(folded.split())


def _duplicate_names(terms: list[Term], source: str) -> list[str]:
    problems = []
    for lang in LANGS:
        seen: dict[str, str] = {}
        names = {name_key(n, lang) for t in terms for n in (t.entries[lang].term, *t.entries[lang].aliases)}
        for term in terms:
            for phrase in term.entries[lang].excludes:
                if name_key(phrase, lang) in names:
                    problems.append(f"{source}:{term.line}: glossary term '{term.id}' {lang}.excludes lists "
                                    f"'{phrase}', which is a term or alias; remove it from excludes.")
        for term in terms:
            entry = term.entries[lang]
            own: set[str] = set()
            for name in (entry.term, *entry.aliases):
                key = name_key(name, lang)
                if key in own:
                    problems.append(f"{source}:{term.line}: glossary term '{term.id}' lists {lang} name '{name}' "
                                    "twice; remove the repeated alias.")
                    continue
                own.add(key)
                if key in seen:
                    problems.append(f"{source}:{term.line}: glossary term '{term.id}' {lang} name '{name}' is already "
                                    f"used by term '{seen[key]}'; give each term and alias to one entry only.")
                else:
                    seen[key] = term.id
    return problems


_CACHE: dict[str, tuple[float, list[Term], list[str]]] = {}


def load_glossary_with_problems(path: Path | str, *, source: str | None = None) -> tuple[list[Term], list[str]]:
    """Read and validate the data file (cached by modification time): usable terms and problems."""
    path = Path(path)
    label = source or DATA_LABEL
    if not path.exists():
        return [], [f"{label}: glossary data file is missing; create it (see hooks/glossary.py)."]
    mtime = path.stat().st_mtime
    cached = _CACHE.get(str(path))
    if cached and cached[0] == mtime:
        return cached[1], cached[2]
    terms, problems = parse_glossary(path.read_text(encoding="utf-8"), source=label)
    _CACHE[str(path)] = (mtime, terms, problems)
    return terms, problems


def declared_ids(path: Path | str) -> set[str]:
    """Every top-level id in the data file, valid or not (so a broken entry is not also 'undefined' in pages)."""
    try:
        loader = _LineLoader(Path(path).read_text(encoding="utf-8"))
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except (OSError, yaml.YAMLError):
        return set()
    return {str(k) for k in data} if isinstance(data, dict) else set()


def load_glossary(path: Path | str, *, source: str | None = None) -> list[Term]:
    """Read and validate the data file; raise :class:`GlossaryError` naming file, line and key on problems."""
    terms, problems = load_glossary_with_problems(path, source=source)
    if problems:
        raise GlossaryError(problems)
    return terms


# --------------------------------------------------------------------------------------------
# Japanese ordering
# --------------------------------------------------------------------------------------------
GOJUON = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわゐゑをん"
_ORDER = {ch: i for i, ch in enumerate(GOJUON)}
_SMALL = {"ぁ": "あ", "ぃ": "い", "ぅ": "う", "ぇ": "え", "ぉ": "お", "っ": "つ", "ゃ": "や", "ゅ": "ゆ",
          "ょ": "よ", "ゎ": "わ", "ゕ": "か", "ゖ": "け"}
_VOWEL_OF_ROW_POS = "あいうえお"
_VOWEL = {**{ch: _VOWEL_OF_ROW_POS[i % 5] for i, ch in enumerate(GOJUON[:35])},
          "や": "あ", "ゆ": "う", "よ": "お", **{ch: _VOWEL_OF_ROW_POS[i % 5] for i, ch in enumerate(GOJUON[38:43])},
          "わ": "あ", "ゐ": "い", "ゑ": "え", "を": "お", "ん": "ん"}
ROWS_JA = [("あ", "a"), ("か", "ka"), ("さ", "sa"), ("た", "ta"), ("な", "na"), ("は", "ha"), ("ま", "ma"),
           ("や", "ya"), ("ら", "ra"), ("わ", "wa")]
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
    first = sort_key_ja(yomi)[0][0]
    index = max(i for i, start in enumerate(_ROW_START) if first >= start)
    return ROWS_JA[index]


def sort_key_en(term: str) -> tuple[str, str]:
    folded = unicodedata.normalize("NFKD", term).casefold()
    letters = re.sub(r"[^0-9a-z]+", "", folded)
    return letters, term


def group_ja(terms: Iterable[Term]) -> list[tuple[str, str, list[Term]]]:
    """[(heading 'か行', anchor 'ka-row', terms in gojūon order)] for the rows that have terms."""
    ordered = sorted(terms, key=lambda t: (sort_key_ja(t.entries["ja"].yomi or ""), t.entries["ja"].term, t.id))
    groups: dict[str, tuple[str, str, list[Term]]] = {}
    for term in ordered:
        kana, roman = row_ja(term.entries["ja"].yomi or "")
        groups.setdefault(roman, (f"{kana}行", f"{roman}-row", []))[2].append(term)
    return [groups[roman] for _, roman in ROWS_JA if roman in groups]


def group_en(terms: Iterable[Term]) -> list[tuple[str, str, list[Term]]]:
    """[(heading 'A', anchor 'letter-a', terms A–Z)]; terms not starting with a letter go under '#'."""
    ordered = sorted(terms, key=lambda t: (sort_key_en(t.entries["en"].term), t.id))
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


# --------------------------------------------------------------------------------------------
# Scanning page Markdown: what is text, what is code, links, headings
# --------------------------------------------------------------------------------------------
HEADING_RE = re.compile(r"^[ \t]{0,3}(?:>[ \t]*)*#{1,6}(?:[ \t]|$)")
TITLE_LINE_RE = re.compile(r"^[ \t]*(?:>[ \t]*)*(?:!!!|\?\?\?\+?|===\+?)[ \t]")  # admonition/details/tab titles
SKIP_LINE_RE = re.compile(r"^[ \t]{0,3}(?:\[(?!\^)[^\]]+\]:[ \t]|\*\[[^\]]+\]:|-{2,}8<-{2,})")  # link refs, abbr, snippets
SETEXT_RE = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$")

_TEXT = r"(?:[^\[\]\n]|\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\])*"
INLINE_RE = re.compile(
    r"(?P<escape>\\[\\`*_{}\[\]()#+\-.!|<>])"
    r"|(?P<code>(?P<ticks>`+)(?:.*?[^`])?(?P=ticks)(?!`))"
    r"|(?P<term>\[\[(?P<term_id>[^\[\]|\n]*)(?:\|(?P<term_text>[^\[\]\n]*))?\]\])"
    r"|(?P<footnote>\[\^[^\]\n]+\])"
    r"|(?P<image>!\[" + _TEXT + r"\](?:\((?:[^()\n]|\([^()\n]*\))*\)|\[[^\]\n]*\])?)"
    r"|(?P<link>\[(?P<link_text>" + _TEXT + r")\](?P<link_dest>\((?:[^()\n]|\([^()\n]*\))*\)|\[[^\]\n]*\]))"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<html></?[A-Za-z][^>\n]*>|<https?://[^>\s]+>)"
    r"|(?P<attr>\{:?[ \t]*[#.:][^}\n]*\})"
    r"|(?P<url>https?://[^\s<>()\[\]]+)"
    r"|(?P<entity>&#?[A-Za-z0-9]+;)"
)
TERM_RE = re.compile(r"\[\[(?P<term_id>[^\[\]|\n]*)(?:\|(?P<term_text>[^\[\]\n]*))?\]\]")


@dataclass
class Segment:
    kind: str  # text, term, link, code, other
    text: str
    match: re.Match | None = None


def _segments(line: str) -> list[Segment]:
    out: list[Segment] = []
    pos = 0
    for match in INLINE_RE.finditer(line):
        if match.start() > pos:
            out.append(Segment("text", line[pos:match.start()]))
        kind = match.lastgroup
        if kind in ("term_id", "term_text", "ticks", "link_text", "link_dest"):
            kind = next(k for k in ("term", "code", "link") if match.group(k))
        out.append(Segment(kind if kind in ("term", "link", "code") else "other", match.group(0), match))
        pos = match.end()
    if pos < len(line):
        out.append(Segment("text", line[pos:]))
    return out


@dataclass
class LineInfo:
    number: int  # 1-based
    text: str
    kind: str  # body, plain (heading or title: no links), skip (code, comment, front matter...)


def _classify_lines(markdown: str) -> list[LineInfo]:
    """Label every line: 'body' (term links and mentions), 'plain' (headings, titles), or 'skip'."""
    lines = markdown.split("\n")
    infos: list[LineInfo] = []
    fenced = mdscan.fenced_lines(lines)
    in_comment = False
    front_matter = bool(lines) and lines[0].strip() == "---"
    for index, line in enumerate(lines):
        number = index + 1
        if front_matter:
            infos.append(LineInfo(number, line, "skip"))
            if index > 0 and line.strip() in ("---", "..."):
                front_matter = False
            continue
        if fenced[index]:
            infos.append(LineInfo(number, line, "skip"))
            continue
        if in_comment:
            if "-->" in line:
                in_comment = False
            infos.append(LineInfo(number, line, "skip"))
            continue
        if "<!--" in line and "-->" not in line[line.index("<!--"):]:
            in_comment = True
            infos.append(LineInfo(number, line, "skip"))
            continue
        if SKIP_LINE_RE.match(line):
            infos.append(LineInfo(number, line, "skip"))
            continue
        if HEADING_RE.match(line) or TITLE_LINE_RE.match(line):
            infos.append(LineInfo(number, line, "plain"))
            continue
        if SETEXT_RE.match(line) and infos and infos[-1].kind == "body" and infos[-1].text.strip() \
                and not re.match(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]", infos[-1].text):
            infos[-1].kind = "plain"  # setext heading: the line above is a heading
            infos.append(LineInfo(number, line, "skip"))
            continue
        infos.append(LineInfo(number, line, "body"))
    return infos


# --------------------------------------------------------------------------------------------
# Mentions: which term names occur in running text
# --------------------------------------------------------------------------------------------
def _script(ch: str) -> str:
    code = ord(ch)
    if 0x30A0 <= code <= 0x30FF or 0xFF66 <= code <= 0xFF9F:
        return "kana-k"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or ch == "々":
        return "kanji"
    if ch.isascii() and (ch.isalnum() or ch == "_"):
        return "latin"
    return "other"


@dataclass
class Matcher:
    """Finds term names of one language in text: longest name first, never inside a longer word."""

    lang: str
    pattern: re.Pattern | None
    names: dict[str, str]  # name_key -> term id

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
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
        key = name_key(found, self.lang)
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
        if self.lang == "en":
            word = re.compile(r"[A-Za-z0-9_\-]")
            return not (before and word.match(before)) and not (after and word.match(after))
        # Japanese: a katakana, kanji or Latin term must not continue a word of the same script
        first, last = _script(text[start]), _script(text[end - 1])
        if before and first != "other" and _script(before) == first:
            return False
        if after and last != "other" and _script(after) == last:
            return False
        return True


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
    alternatives = []
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        words = phrase.split()
        alternatives.append(sep.join(re.escape(w) for w in words))
    plural = r"(?:e?s)?" if lang == "en" else ""
    pattern = re.compile(r"(?:" + "|".join(alternatives) + r")" + plural, re.IGNORECASE)
    return Matcher(lang, pattern, names)


def _matcher_for(terms: list[Term], lang: str) -> Matcher:
    key = (id(terms), tuple(t.id for t in terms), lang)
    cached = _MATCHERS.get(key)
    if cached is None:
        cached = _MATCHERS[key] = build_matcher(terms, lang)
    return cached


_MATCHERS: dict[tuple, Matcher] = {}


def find_mentions(markdown: str, terms: list[Term], lang: str) -> set[str]:
    """Ids of the terms this page's running text mentions (by name, alias or [[id]] link).

    Code blocks, inline code, headings, admonition titles, link targets, images, HTML tags and
    comments do not count; the visible text of links does.
    """
    matcher = _matcher_for(terms, lang)
    known = {t.id for t in terms}
    found: set[str] = set()
    for info in _classify_lines(markdown):
        if info.kind != "body":
            continue
        for seg in _segments(info.text):
            if seg.kind == "term":
                if seg.match.group("term_id").strip() in known:
                    found.add(seg.match.group("term_id").strip())
            elif seg.kind == "text":
                found.update(term_id for _, _, term_id in matcher.spans(seg.text))
            elif seg.kind == "link":
                text = seg.match.group("link_text")
                for m in TERM_RE.finditer(text):
                    if m.group("term_id").strip() in known:
                        found.add(m.group("term_id").strip())
                found.update(term_id for _, _, term_id in matcher.spans(TERM_RE.sub(" ", text)))
    return found


def page_title(markdown: str) -> str | None:
    """The first level-1 heading's text, without attribute lists or [[...]] syntax."""
    for info in _classify_lines(markdown):
        if info.kind == "plain":
            match = re.match(r"^[ \t]{0,3}#[ \t]+(.*?)[ \t#]*$", info.text)
            if match:
                title = re.sub(r"[ \t]*\{[^}]*\}[ \t]*$", "", match.group(1))
                title = TERM_RE.sub(lambda m: m.group("term_text") or m.group("term_id"), title)
                return title.strip() or None
    return None


# --------------------------------------------------------------------------------------------
# Term links in pages
# --------------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!])")
_TEXT_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;"}
_TITLE_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "|": "&#124;",
                  "`": "&#96;", "\\": "&#92;", "[": "&#91;", "]": "&#93;", "*": "&#42;", "_": "&#95;",
                  "(": "&#40;", ")": "&#41;"}


def escape_markdown_text(text: str) -> str:
    """Link text that Markdown shows as written: markup characters backslash-escaped, HTML ones as entities."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return "".join(_TEXT_ENTITIES.get(ch, ch) for ch in escaped)


def title_attribute(definition: str) -> str:
    """A definition as a Markdown link title: plain text, every markup character as an entity."""
    return "".join(_TITLE_ESCAPES.get(ch, ch) for ch in _one_line(definition))


def glossary_link(term: Term, lang: str, page_src_uri: str, *, text: str | None = None,
                  glossary_uri: str = GLOSSARY_URI) -> str:
    """Markdown link from the page to the term's entry, tooltip = definition."""
    entry = term.entries[lang]
    start = posixpath.dirname(page_src_uri) or "."
    target = posixpath.relpath(glossary_uri, start)
    label = escape_markdown_text(text if text is not None else entry.term)
    return f'[{label}]({target}#{term.id} "{title_attribute(entry.definition)}")'


def _unknown(term_id: str, known: Iterable[str], where: str, data_label: str) -> str:
    close = difflib.get_close_matches(term_id, list(known), n=1)
    hint = f" (closest id: '{close[0]}')" if close else ""
    return (f"{where}: glossary term '{term_id}' is not defined in {data_label}; "
            f"check the id{hint} or add the term.")


def replace_term_links(markdown: str, terms: list[Term], lang: str, page_src_uri: str, *,
                       src_path: str | None = None, data_label: str = DATA_LABEL,
                       glossary_uri: str = GLOSSARY_URI, autolink: bool = False,
                       declared: Iterable[str] = ()) -> tuple[str, list[str]]:
    """Turn ``[[id]]`` / ``[[id|text]]`` into glossary links; return (markdown, problems).

    In headings, titles and the text of existing links the syntax becomes plain text (never a
    link inside a heading or a link); in code it stays as written. With ``autolink``, the first
    plain mention of each term not otherwise linked on the page becomes a link too. Ids in
    ``declared`` (present in the data file but invalid there, already reported) become plain text silently.
    """
    declared = set(declared)
    by_id = {t.id: t for t in terms}
    label = src_path or f"docs/{page_src_uri}"
    problems: list[str] = []
    infos = _classify_lines(markdown)
    linked: set[str] = set()
    if autolink:  # terms the author links explicitly are never auto-linked
        for info in infos:
            if info.kind == "body":
                linked.update(m.group("term_id").strip() for m in TERM_RE.finditer(info.text))
    matcher = _matcher_for(terms, lang) if autolink else None

    def resolve(match: re.Match, number: int) -> tuple[Term | None, str]:
        term_id = match.group("term_id").strip()
        text = match.group("term_text")
        term = by_id.get(term_id)
        if term is None:
            if term_id not in declared:
                problems.append(_unknown(term_id, by_id, f"{label}:{number}", data_label))
            return None, text.strip() if text and text.strip() else term_id
        return term, text.strip() if text and text.strip() else term.entries[lang].term

    def plain(text: str, number: int) -> str:
        return TERM_RE.sub(lambda m: escape_markdown_text(resolve(m, number)[1]), text)

    out_lines: list[str] = []
    for info in infos:
        if info.kind == "skip" or "[[" not in info.text and not autolink:
            out_lines.append(info.text)
            continue
        if info.kind == "plain":
            out_lines.append(plain(info.text, info.number))
            continue
        pieces: list[str] = []
        for seg in _segments(info.text):
            if seg.kind == "term":
                term, text = resolve(seg.match, info.number)
                pieces.append(glossary_link(term, lang, page_src_uri, text=text, glossary_uri=glossary_uri)
                              if term else escape_markdown_text(text))
            elif seg.kind == "link":
                pieces.append(plain(seg.text, info.number))
            elif seg.kind == "text" and matcher is not None:
                pieces.append(_autolink(seg.text, matcher, by_id, linked, lang, page_src_uri, glossary_uri))
            else:
                pieces.append(seg.text)
        out_lines.append("".join(pieces))
    return "\n".join(out_lines), problems


def _autolink(text: str, matcher: Matcher, by_id: dict[str, Term], linked: set[str], lang: str,
              page_src_uri: str, glossary_uri: str) -> str:
    out, pos = [], 0
    for start, end, term_id in matcher.spans(text):
        if term_id in linked:
            continue
        linked.add(term_id)
        out.append(text[pos:start])
        out.append(glossary_link(by_id[term_id], lang, page_src_uri, text=text[start:end], glossary_uri=glossary_uri))
        pos = end
    out.append(text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PageRef:
    title: str
    url: str  # relative to the glossary page


def _is_kana_only(text: str) -> bool:
    return all(_kana_base(ch) is not None or ch in "ー・ 　" for ch in text)


_ENV = None


def _template():
    global _ENV
    if _ENV is None:
        import jinja2

        _ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True,
                                  trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                                  undefined=jinja2.StrictUndefined)
    return _ENV.get_template(TEMPLATE_NAME)


def render_index(terms: list[Term], lang: str, used_on: dict[str, list[PageRef]]) -> str:
    """The glossary index of one language: Markdown group headings (for the TOC) + escaped HTML entries."""
    groups = []
    for heading, anchor, members in group_terms(terms, lang):
        items = []
        for term in members:
            entry = term.entries[lang]
            display = entry.term  # as written in the data file: "conda" stays lowercase
            other_lang = "en" if lang == "ja" else "ja"
            other = term.entries[other_lang].term
            items.append({
                "id": term.id,
                "term": display,
                "other": other if name_key(other, lang) != name_key(entry.term, lang) else None,
                "other_lang": other_lang,
                "yomi": entry.yomi if lang == "ja" and not _is_kana_only(entry.term) else None,
                "definition": entry.definition,
                "link": entry.link,
                "category": CATEGORIES[term.category][lang],
                "used_on": used_on.get(term.id, []),
            })
        groups.append({"heading": heading, "anchor": anchor, "terms": items})
    return _template().render(lang=lang, groups=groups, labels=LABELS[lang])


# --------------------------------------------------------------------------------------------
# Build state shared with the hook, and the marker
# --------------------------------------------------------------------------------------------
@dataclass
class SiteState:
    """What the hook learned in on_files for one language build."""

    terms: list[Term] = field(default_factory=list)
    mentions: dict[str, set[str]] = field(default_factory=dict)  # src_uri -> term ids
    titles: dict[str, str] = field(default_factory=dict)  # src_uri -> page title
    files: Any = None  # mkdocs Files of this language build
    order: list[str] = field(default_factory=list)  # src_uris in nav order
    declared: set[str] = field(default_factory=set)  # ids in the data file, including invalid entries


STATE: dict[str, SiteState] = {}


def used_on_for(state: SiteState, glossary_src_uri: str, url_of) -> dict[str, list[PageRef]]:
    """term id -> pages mentioning it (nav order), with URLs from ``url_of(src_uri)``."""
    rank = {uri: i for i, uri in enumerate(state.order)}
    result: dict[str, list[PageRef]] = {}
    for src_uri in sorted(state.mentions, key=lambda u: (rank.get(u, len(rank)), u)):
        if src_uri == glossary_src_uri:
            continue
        for term_id in state.mentions[src_uri]:
            result.setdefault(term_id, []).append(PageRef(state.titles.get(src_uri, src_uri), url_of(src_uri)))
    return result


def render_marker(marker: markers.Marker, ctx: markers.RenderContext) -> str:
    if marker.args:
        raise markers.fail(marker, f"argument '{marker.args[0]}' is not accepted; write '<!-- glossary -->'")
    state = STATE.get(ctx.lang)
    if state is None:
        raise markers.fail(marker, f"no glossary data was loaded for language '{ctx.lang}'; list "
                                   "hooks/glossary_hook.py above hooks/markers_hook.py in mkdocs.yml")

    @functools.lru_cache(maxsize=None)  # one URL per page, however many terms it mentions
    def url_of(src_uri: str) -> str:
        if state.files is None:
            return posixpath.relpath(src_uri, posixpath.dirname(ctx.src_uri) or ".")
        here = state.files.get_file_from_path(ctx.src_uri)
        there = state.files.get_file_from_path(src_uri)
        return there.url_relative_to(here)

    return render_index(state.terms, ctx.lang, used_on_for(state, ctx.src_uri, url_of))


markers.register("glossary", render_marker)


def main(argv: list[str] | None = None) -> int:
    """``python -m hooks.glossary check [path]``: validate the data file, print problems, exit 1 on any."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "check":
        print("usage: python -m hooks.glossary check [data/glossary.yml]", file=sys.stderr)
        return 2
    path = Path(args[1]) if len(args) > 1 else ROOT / DATA_LABEL
    terms, problems = load_glossary_with_problems(path, source=str(args[1]) if len(args) > 1 else DATA_LABEL)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{len(terms)} glossary terms, no problems.")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
