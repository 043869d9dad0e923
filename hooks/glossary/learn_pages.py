"""Titles of the Microsoft Learn pages the glossary links to (data/learn_pages.yml), per language.

The file maps the page's path on learn.microsoft.com, without locale, query and fragment, to its
title in each language, as the Learn page writes its heading::

    azure/machine-learning/concept-workspace:
      ja: Azure Machine Learning ワークスペースとは
      en: What is an Azure Machine Learning workspace?

The glossary index shows each link as 'Microsoft Learn: <title>'. Every glossary link needs an
entry (:func:`check`), so the data stays complete; an entry no link uses is reported too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import msgspec

from hooks.core import data
from hooks.core.paths import shown_path
from hooks.core.problems import HookError, Problem
from hooks.glossary.model import LANGS, Term

LEARN_PAGES_LABEL = "data/learn_pages.yml"
LEARN_HOST = "learn.microsoft.com"


class PageTitles(msgspec.Struct, forbid_unknown_fields=True):
    ja: str
    en: str

    def check(self) -> Iterable[tuple[tuple[str, ...], str]]:
        for lang in LANGS:
            if not getattr(self, lang).strip():
                yield (lang,), f"the '{lang}' title is empty; write the Learn page's title in that language."


class LearnPages(msgspec.Struct, frozen=True):
    """The titles by page path, the line of each path in the file, and the file's problems."""

    titles: Mapping[str, PageTitles]
    lines: Mapping[str, int] = msgspec.field(default_factory=dict)
    problems: list[Problem] = msgspec.field(default_factory=list)
    label: str = LEARN_PAGES_LABEL
    usable: bool = True

    def title(self, url: str, lang: str) -> str | None:
        key = page_key(url)
        page = self.titles.get(key) if key is not None else None
        return " ".join(getattr(page, lang).split()) if page is not None else None


def page_key(url: str) -> str | None:
    """'azure/machine-learning/concept-workspace' for https://learn.microsoft.com/ja-jp/azure/...#x (None: not Learn)."""
    parts = urlsplit(url.strip())
    if parts.hostname != LEARN_HOST:
        return None
    steps = [step for step in parts.path.split("/") if step]
    if steps and len(steps[0]) == 5 and steps[0][2] == "-":  # the locale: ja-jp, en-us
        steps = steps[1:]
    return "/".join(steps) or None


def load(path: Path | str, *, label: str | None = None) -> LearnPages:
    """Read and check the file; problems (missing file, bad UTF-8 or YAML, unknown keys) name file and line."""
    path = Path(path)
    shown = label if label is not None else shown_path(path)
    if not path.is_file():
        problem = Problem(
            shown, None, "Learn page titles file is missing; create it (see hooks/glossary/learn_pages.py)."
        )
        return LearnPages({}, problems=[problem], label=shown, usable=False)
    try:
        doc, issues = data.read(path, label=shown)
    except HookError as err:
        return LearnPages({}, problems=[err.problem], label=shown, usable=False)
    if doc is None or doc.data is None:
        issues = issues if doc is None else [*issues, data.Issue("empty", (), None)]
        return LearnPages({}, problems=data.problems_of(issues, shown), label=shown, usable=False)
    obj, more = data.convert(doc, dict[str, PageTitles])
    typos = {issue.path[:-1] for issue in more if issue.kind == "unknown"}
    more = [i for i in more if not (i.kind == "missing" and i.path[:-1] in typos)]  # 'eh:' is the missing 'en:'
    problems = data.problems_of([*issues, *more], shown)
    lines = {key: doc.line((key,)) or 0 for key in doc.data} if isinstance(doc.data, dict) else {}
    return LearnPages(obj or {}, lines, problems, shown, usable=obj is not None)


def link_lines(path: Path | str, *, label: str | None = None) -> dict[tuple[str, str], int]:
    """(term id, lang) -> line of its 'link:' key in the glossary data file (empty when it cannot be read)."""
    try:
        doc, _ = data.read(Path(path), label=label)
    except HookError:
        return {}
    if doc is None:
        return {}
    return {(str(p[0]), str(p[1])): line for p, line in doc.lines.items() if len(p) == 3 and p[2] == "link"}


def check(
    pages: LearnPages,
    terms: Iterable[Term],
    glossary_label: str,
    lines: Mapping[tuple[str, str], int] | None = None,
) -> list[Problem]:
    """A glossary link without a title is an error at its 'link:' line (``lines``, else the term's line);
    an entry of the titles file that no glossary link uses is a warning at its line."""
    problems: list[Problem] = []
    used: set[str] = set()
    for term in terms:
        for lang in LANGS:
            link = term.entries[lang].link
            key = page_key(link)
            if key is None:
                continue  # not a Learn page: the link shows its generic text
            used.add(key)
            if pages.usable and key not in pages.titles:
                problems.append(
                    Problem(
                        glossary_label,
                        (lines or {}).get((term.id, lang)) or term.line or None,
                        f"glossary term '{term.id}' {lang}.link '{link}' has no title in {pages.label}; "
                        f"add '{key}:' with its ja and en titles.",
                    )
                )
    if pages.usable:
        for key in pages.titles:
            if key not in used:
                problems.append(
                    Problem(
                        pages.label,
                        pages.lines.get(key) or None,
                        f"Learn page '{key}' is not linked from any glossary term; remove it or fix its path.",
                        "warning",
                    )
                )
    return problems
