"""The typed model of ``data/python_support.yml`` and its loader (YAML with lines via ``hooks.core.data``).

Per package: display names per language, the version its metadata was read from, ``Requires-Python``,
the Python versions its classifiers list, the date read and its lifecycle notes. Per Python version:
release date, end of life (a day, or a month where the PEP gives only a month), the release-schedule PEP.
Unknown keys are errors; every problem names the file and the line of the offending key.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from hooks.core import data as yamldata
from hooks.core.data import Issue, dotted
from hooks.core.problems import HookError, Problem
from hooks.core.text import read_text

if TYPE_CHECKING:  # packaging is imported where a check needs it (a build from the cache needs none)
    from packaging.specifiers import SpecifierSet

DATA_REL = "data/python_support.yml"
EVENTS = ("deprecated", "end-of-support")
METADATA_FIELDS = ("version", "requires_python", "classifiers", "read")  # written by the refresh

PACKAGE_NAME_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
PY_VERSION_RE = re.compile(r"^3\.\d+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
REFRESH = "run 'make refresh-python-versions'"

Path_ = tuple[str | int, ...]


def parse_date(value: str, *, end_of_month: bool) -> dt.date:
    """'2026-06-30' -> that day; '2026-10' -> its first or last day."""
    if MONTH_RE.match(value):
        year, month = (int(part) for part in value.split("-"))
        day = calendar.monthrange(year, month)[1] if end_of_month else 1
        return dt.date(year, month, day)
    return dt.date.fromisoformat(value)


def _date_problem(value: str, key: str, *, month_ok: bool) -> str | None:
    ok = bool(DATE_RE.match(value) or (month_ok and MONTH_RE.match(value)))
    if ok:
        try:
            parse_date(value, end_of_month=False)
        except ValueError:
            ok = False
    if ok:
        return None
    shape = "a date like 2026-06-30 or a month like 2026-10" if month_ok else "a date like 2026-06-30"
    return f"'{key}' value '{value}' is not {shape}; fix it."


class LifecycleEvent(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    event: str  # one of EVENTS
    date: str  # YYYY-MM-DD
    source: dict[str, str]  # language -> URL


class Package(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    display: dict[str, str]  # language -> name shown in the table
    version: str
    requires_python: str
    classifiers: tuple[str, ...]
    read: str  # YYYY-MM-DD
    lifecycle: tuple[LifecycleEvent, ...] = ()

    @property
    def specifier(self) -> SpecifierSet:
        from packaging.specifiers import SpecifierSet

        return SpecifierSet(self.requires_python)


class PythonRelease(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    released: str  # YYYY-MM-DD or YYYY-MM (month only, as the PEP states it)
    eol: str  # YYYY-MM-DD or YYYY-MM
    pep: int | str  # a number; a quoted number is accepted
    planned: bool = False  # release not confirmed as of the data's read date
    note: str = ""

    @property
    def pep_number(self) -> int:
        return int(self.pep)


class SupportData(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    index_url: str
    packages: dict[str, Package]
    pythons: dict[str, PythonRelease]

    def check(self) -> Iterator[tuple[Path_, str]]:
        """Rules the types cannot say (``core.data.convert`` calls it with paths relative to the file)."""
        for version, release in self.pythons.items():
            where: Path_ = ("pythons", version)
            if not PY_VERSION_RE.match(version):
                yield where, f"Python version '{version}' is not written like '3.12'; quote it as a string."
                continue
            if isinstance(release.pep, str) and not release.pep.isdigit():
                yield (*where, "pep"), f"'{dotted((*where, 'pep'))}' value '{release.pep}' is not a PEP number; fix it."
            for key in ("released", "eol"):
                problem = _date_problem(getattr(release, key), dotted((*where, key)), month_ok=True)
                if problem:
                    yield (*where, key), problem
        for name, package in self.packages.items():
            where = ("packages", name)
            if not PACKAGE_NAME_RE.match(name):
                yield where, f"package name '{name}' is not a valid distribution name; fix it."
                continue
            # a malformed version key is the cause of any classifier it fails to match: report it alone
            sound = all(PY_VERSION_RE.match(version) for version in self.pythons)
            yield from _check_package(package, where, self.pythons if sound else None)


def _check_package(
    package: Package, where: Path_, pythons: dict[str, PythonRelease] | None
) -> Iterator[tuple[Path_, str]]:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        SpecifierSet(package.requires_python)
    except InvalidSpecifier:
        key = dotted((*where, "requires_python"))
        yield (
            (*where, "requires_python"),
            (
                f"'{key}' value '{package.requires_python}' is not a valid version "
                f"specifier; write one like '>=3.9,<3.13' or {REFRESH}."
            ),
        )
    for index, python in enumerate(package.classifiers):
        if pythons is not None and python not in pythons:
            yield (
                (*where, "classifiers", index),
                (
                    f"'{dotted((*where, 'classifiers'))}' lists Python '{python}', which 'pythons' does not define; add "
                    f"'{python}' under 'pythons' with its release date, end-of-life date and PEP."
                ),
            )
    problem = _date_problem(package.read, dotted((*where, "read")), month_ok=False)
    if problem:
        yield (*where, "read"), problem
    for index, event in enumerate(package.lifecycle):
        at: Path_ = (*where, "lifecycle", index)
        if event.event not in EVENTS:
            yield (
                (*at, "event"),
                (f"'{dotted((*at, 'event'))}' value '{event.event}' is not one of {', '.join(EVENTS)}; fix it."),
            )
        problem = _date_problem(event.date, dotted((*at, "date")), month_ok=False)
        if problem:
            yield (*at, "date"), problem


_WANT = {
    "str": "a string",
    "array": "a list",
    "object": "a mapping",
    "int | str": "a PEP number",
    "bool": "true or false",
}


def describe(issue: Issue) -> str:
    """The sentence for an issue of this file (the wording the data file's messages always had)."""
    where = dotted(issue.path)
    if issue.kind == "syntax":
        return f"the file is not valid YAML ({issue.detail}); fix the syntax."
    if issue.kind == "empty":
        return "the file is empty; restore it from git."
    if issue.kind == "missing":
        parent = issue.path[:-1]
        fix = REFRESH if parent[:1] == ("packages",) and len(parent) == 2 and issue.key in METADATA_FIELDS else "add it"
        return f"'{dotted(parent) or 'top level'}' has no '{issue.key}' key; {fix}."
    if issue.kind == "type":
        if issue.expected == "bool":
            return f"'{where}' value '{_shown(issue.value)}' is not true or false; fix it."
        if issue.expected == "object":
            return f"'{where or 'top level'}' must be a mapping of keys to values."
        if issue.got in ("date", "datetime"):
            return f"'{where}' value '{_shown(issue.value)}' must be quoted text; write it as '{_shown(issue.value)}'."
        want = _WANT.get(issue.expected or "", f"'{issue.expected}'")
        return f"'{where}' must be {want}, not '{_shown(issue.value)}'."
    return yamldata.describe(issue)


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _missing_languages(data: SupportData, languages: Sequence[str], doc: yamldata.Document) -> Iterator[Issue]:
    """A display name and a lifecycle source link for every language built."""
    for name, package in data.packages.items():
        holders: list[tuple[Path_, dict[str, str]]] = [(("packages", name, "display"), package.display)]
        holders += [(("packages", name, "lifecycle", i, "source"), e.source) for i, e in enumerate(package.lifecycle)]
        for path, mapping in holders:
            for lang in languages:
                if lang not in mapping:
                    yield Issue("missing", (*path, lang), doc.line(path), key=lang)


def parse_support(
    text: str, *, label: str = DATA_REL, languages: Sequence[str] = ()
) -> tuple[SupportData | None, list[Problem]]:
    """The data file's text as SupportData, and every problem (then the data is None)."""
    doc, issues = yamldata.parse(text, label=label)
    if doc is None:
        return None, yamldata.problems_of(issues, label, describe)
    if doc.data is None:
        return None, yamldata.problems_of([*issues, Issue("empty", (), 1)], label, describe)
    obj, more = yamldata.convert(doc, SupportData)
    # a misspelt key is the cause of the key missing beside it: report the misspelling alone
    misspelt = {issue.path[:-1] for issue in more if issue.kind == "unknown"}
    issues = [*issues, *(i for i in more if not (i.kind == "missing" and i.path[:-1] in misspelt))]
    if obj is not None:
        issues += _missing_languages(obj, languages, doc)
    if issues or obj is None:
        return None, yamldata.problems_of(issues, label, describe)
    return obj, []


def load_support(
    path: Path, *, label: str = DATA_REL, languages: Sequence[str] = ()
) -> tuple[SupportData | None, list[Problem]]:
    """:func:`parse_support` of the file at ``path``; an unreadable or non-UTF-8 file is a problem too."""
    try:
        text = read_text(path, label=label)
    except HookError as err:
        return None, [err.problem]
    return parse_support(text, label=label, languages=languages)


def load_data(path: Path, *, label: str = DATA_REL, languages: Sequence[str] = ()) -> SupportData:
    """The data file at ``path``; the first problem raises HookError."""
    data, problems = load_support(path, label=label, languages=languages)
    if data is None:
        raise HookError(problems[0])
    return data
