"""Supported Python versions: data, table and refresher for ``<!-- python-versions: pkg ... -->``.

Owns ``data/python_support.yml``: per package its display names, the version its metadata was
read from, ``Requires-Python``, the Python versions its classifiers list, the date read and its
lifecycle notes; and Python's own releases (release date, end of life, PEP). The build only
reads that file (no network); ``python -m hooks.python_versions refresh`` re-reads the metadata
with ``pip download --no-deps`` from a package index and rewrites it, ``--check`` reports drift.
"""
from __future__ import annotations

import argparse
import calendar
import datetime as dt
import difflib
import email.parser
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, Iterable

import yaml
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from hooks import markers

ROOT = Path(__file__).resolve().parents[1]
DATA_REL = "data/python_support.yml"
DEFAULT_INDEX_URL = "https://pypi.org/simple"
INDEX_ENV = "PYTHON_VERSIONS_INDEX_URL"
LANGS = ("ja", "en")
MARKER_NAME = "python-versions"

SUPPORTED, REQUIRES_ONLY, UNSUPPORTED = "supported", "requires-only", "unsupported"
EVENTS = ("deprecated", "end-of-support")

PACKAGE_NAME_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
PY_VERSION_RE = re.compile(r"^3\.\d+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
CLASSIFIER_RE = re.compile(r"^Programming Language :: Python :: (3\.\d+)$")

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "package": "パッケージ",
        SUPPORTED: "対応",
        REQUIRES_ONLY: "記載なし",
        UNSUPPORTED: "非対応",
        "eol": "サポート終了",
        "planned": "リリース予定",
        "legend_title": "凡例:",
        f"legend_{SUPPORTED}": "パッケージの classifiers に記載されているバージョンです。",
        f"legend_{REQUIRES_ONLY}": "Requires-Python の範囲内でインストールはできますが、classifiers には記載されていないバージョンです。",
        f"legend_{UNSUPPORTED}": "Requires-Python の範囲外のため、インストールできないバージョンです。",
        "legend_eol": "「サポート終了」の列は、{date}の時点で Python 自体のサポートが終了しているバージョンです。",
        "legend_planned": "「リリース予定」の列は、その時点で正式リリースを確認できていないバージョンです。",
        "legend_pep": "列見出しのバージョン番号は、そのリリース日とサポート終了日を定めた PEP へのリンクです。",
        "source": "{date}に {index} から読み取ったパッケージのメタデータ ({packages}) に基づきます。",
        "source_dates": "{index} から読み取ったパッケージのメタデータ ({packages}) に基づきます。",
        "pkg_version": "{name} {version}",
        "pkg_version_date": "{name} {version}、{date}に読み取り",
        "sep": "、",
        "deprecated": "{date}に非推奨",
        "end-of-support": "{date}にサポート終了",
        "end-of-support-future": "{date}にサポート終了予定",
        "lifecycle_join": "、",
        "source_link": "出典",
    },
    "en": {
        "package": "Package",
        SUPPORTED: "supported",
        REQUIRES_ONLY: "not listed",
        UNSUPPORTED: "not supported",
        "eol": "end of life",
        "planned": "planned",
        "legend_title": "Legend:",
        f"legend_{SUPPORTED}": "the package lists this version in its classifiers.",
        f"legend_{REQUIRES_ONLY}": "Requires-Python lets you install it, but the classifiers do not list this version.",
        f"legend_{UNSUPPORTED}": "outside Requires-Python, so it cannot be installed.",
        "legend_eol": "Columns marked \"end of life\" are Python versions whose own support had ended by {date}.",
        "legend_planned": "Columns marked \"planned\" are Python versions whose release was not confirmed by then.",
        "legend_pep": "Each version heading links to the PEP that sets its release and end-of-life dates.",
        "source": "Based on package metadata read from {index} on {date} ({packages}).",
        "source_dates": "Based on package metadata read from {index} ({packages}).",
        "pkg_version": "{name} {version}",
        "pkg_version_date": "{name} {version}, read on {date}",
        "sep": ", ",
        "deprecated": "deprecated on {date}",
        "end-of-support": "support ended on {date}",
        "end-of-support-future": "support ends on {date}",
        "lifecycle_join": "; ",
        "source_link": "source",
    },
}
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
SYMBOLS = {SUPPORTED: "✓", REQUIRES_ONLY: "⚠", UNSUPPORTED: "—"}  # text symbols: no emoji font needed


class DataError(markers.MarkerError):
    """The data file is missing, unreadable or invalid; ``str()`` is the one-sentence message."""


# --------------------------------------------------------------------------- data model


@dataclass(frozen=True)
class LifecycleEvent:
    event: str  # one of EVENTS
    date: str  # YYYY-MM-DD
    source: dict[str, str]  # lang -> URL


@dataclass(frozen=True)
class Package:
    name: str
    display: dict[str, str]
    version: str
    requires_python: str
    classifiers: tuple[str, ...]
    read: str  # YYYY-MM-DD
    lifecycle: tuple[LifecycleEvent, ...] = ()

    @property
    def specifier(self) -> SpecifierSet:
        return SpecifierSet(self.requires_python)


@dataclass(frozen=True)
class PythonRelease:
    version: str
    released: str  # YYYY-MM-DD or YYYY-MM (month only, as the PEP states it)
    eol: str  # YYYY-MM-DD or YYYY-MM
    pep: int
    planned: bool = False  # release not confirmed as of the data's read date
    note: str = ""


@dataclass(frozen=True)
class SupportData:
    path: str  # shown in messages, e.g. 'data/python_support.yml'
    index_url: str
    packages: dict[str, Package]
    pythons: dict[str, PythonRelease]
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Row:
    """One table row: a package and its status per Python version, in column order."""

    package: Package
    cells: tuple[tuple[str, str], ...]  # (python version, status)


# --------------------------------------------------------------------------- loading


def _line_index(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict[tuple, int]:
    """Map every key path in a composed YAML tree to its 1-based line (keys map to the key's line)."""
    out = {} if out is None else out
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = path + (str(key_node.value),)
            out[key_path] = key_node.start_mark.line + 1
            _line_index(value_node, key_path, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_index(item, path + (index,), out)
    return out


class _Validator:
    """Turns the raw YAML tree into dataclasses, raising DataError with file, line and key."""

    def __init__(self, raw: Any, lines: dict[tuple, int], path: str):
        self.raw, self.lines, self.path = raw, lines, path

    def line(self, key_path: tuple) -> int:
        while key_path and key_path not in self.lines:
            key_path = key_path[:-1]
        return self.lines.get(key_path, 1)

    def fail(self, key_path: tuple, message: str) -> DataError:
        return DataError(f"{self.path}:{self.line(key_path)}: {message}.")

    @staticmethod
    def dotted(key_path: tuple) -> str:
        return ".".join(f"[{k}]" if isinstance(k, int) else str(k) for k in key_path).replace(".[", "[")

    def mapping(self, value: Any, key_path: tuple) -> dict:
        if not isinstance(value, dict):
            raise self.fail(key_path, f"'{self.dotted(key_path) or 'top level'}' must be a mapping of keys to values")
        return value

    def get(self, mapping: dict, key: str, key_path: tuple, kind: type = str) -> Any:
        if key not in mapping:
            fix = "run 'make refresh-python-versions'" if key_path[:1] == ("packages",) and key in (
                "version", "requires_python", "classifiers", "read") else "add it"
            raise self.fail(key_path, f"'{self.dotted(key_path) or 'top level'}' has no '{key}' key; {fix}")
        value = mapping[key]
        if not isinstance(value, kind):
            want = {str: "a string", list: "a list", dict: "a mapping"}[kind]
            raise self.fail(key_path + (key,), f"'{self.dotted(key_path + (key,))}' must be {want}, not '{value}'")
        return value

    def date(self, value: str, key_path: tuple, *, month_ok: bool) -> str:
        ok = DATE_RE.match(value) or (month_ok and MONTH_RE.match(value))
        if ok:
            try:
                parse_date(value, end_of_month=False)
            except ValueError:
                ok = None
        if not ok:
            shape = "a date like 2026-06-30 or a month like 2026-10" if month_ok else "a date like 2026-06-30"
            raise self.fail(key_path, f"'{self.dotted(key_path)}' value '{value}' is not {shape}; fix it")
        return value

    def localized(self, mapping: dict, key: str, key_path: tuple) -> dict[str, str]:
        value = self.get(mapping, key, key_path, dict)
        for lang in LANGS:
            self.get(value, lang, key_path + (key,), str)
        return {lang: value[lang] for lang in LANGS}

    def run(self) -> SupportData:
        top = self.mapping(self.raw, ())
        index_url = self.get(top, "index_url", ())
        pythons_raw = self.mapping(self.get(top, "pythons", (), dict), ("pythons",))
        pythons: dict[str, PythonRelease] = {}
        for version, entry in pythons_raw.items():
            key_path = ("pythons", version)
            if not PY_VERSION_RE.match(version):
                raise self.fail(key_path, f"Python version '{version}' is not written like '3.12'; quote it as a string")
            entry = self.mapping(entry, key_path)
            pep = self.get(entry, "pep", key_path)
            if not pep.isdigit():
                raise self.fail(key_path + ("pep",), f"'{self.dotted(key_path + ('pep',))}' value '{pep}' is not a PEP number; fix it")
            planned = entry.get("planned", "false")
            if planned not in ("true", "false"):
                raise self.fail(key_path + ("planned",), f"'{self.dotted(key_path + ('planned',))}' value '{planned}' is not true or false; fix it")
            pythons[version] = PythonRelease(
                version=version,
                released=self.date(self.get(entry, "released", key_path), key_path + ("released",), month_ok=True),
                eol=self.date(self.get(entry, "eol", key_path), key_path + ("eol",), month_ok=True),
                pep=int(pep),
                planned=planned == "true",
                note=str(entry.get("note", "")),
            )
        packages_raw = self.mapping(self.get(top, "packages", (), dict), ("packages",))
        packages: dict[str, Package] = {}
        for name, entry in packages_raw.items():
            key_path = ("packages", name)
            if not PACKAGE_NAME_RE.match(name):
                raise self.fail(key_path, f"package name '{name}' is not a valid distribution name; fix it")
            entry = self.mapping(entry, key_path)
            requires = self.get(entry, "requires_python", key_path)
            try:
                SpecifierSet(requires)
            except InvalidSpecifier:
                raise self.fail(key_path + ("requires_python",),
                                f"'{self.dotted(key_path + ('requires_python',))}' value '{requires}' is not a valid "
                                f"version specifier; write one like '>=3.9,<3.13' or run 'make refresh-python-versions'") from None
            version = self.get(entry, "version", key_path)
            classifiers = self.get(entry, "classifiers", key_path, list)
            for index, py in enumerate(classifiers):
                item_path = key_path + ("classifiers", index)
                if not isinstance(py, str) or py not in pythons:
                    raise self.fail(item_path, f"'{self.dotted(key_path + ('classifiers',))}' lists Python '{py}', which "
                                               f"'pythons' does not define; add '{py}' under 'pythons' with its release "
                                               f"date, end-of-life date and PEP")
            events = []
            for index, event in enumerate(entry.get("lifecycle", []) or []):
                event_path = key_path + ("lifecycle", index)
                event = self.mapping(event, event_path)
                kind = self.get(event, "event", event_path)
                if kind not in EVENTS:
                    raise self.fail(event_path + ("event",), f"'{self.dotted(event_path + ('event',))}' value '{kind}' is "
                                                             f"not one of {', '.join(EVENTS)}; fix it")
                events.append(LifecycleEvent(
                    event=kind,
                    date=self.date(self.get(event, "date", event_path), event_path + ("date",), month_ok=False),
                    source=self.localized(event, "source", event_path),
                ))
            packages[name] = Package(
                name=name,
                display=self.localized(entry, "display", key_path),
                version=version,
                requires_python=requires,
                classifiers=tuple(classifiers),
                read=self.date(self.get(entry, "read", key_path), key_path + ("read",), month_ok=False),
                lifecycle=tuple(events),
            )
        return SupportData(path=self.path, index_url=index_url, packages=packages, pythons=pythons, raw=top)


_BASE_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml when the wheel has it (same results, ~10x faster)


def parse_data(text: str, *, path: str = DATA_REL) -> SupportData:
    """Validate the YAML text of the data file; raise DataError naming ``path``, the line and the key."""
    try:
        # BaseLoader keeps every scalar a string: '3.10' never becomes 3.1, dates stay as written
        raw = yaml.load(text, Loader=_BASE_LOADER)
        node = yaml.compose(text, Loader=_BASE_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise DataError(f"{path}:{line}: the file is not valid YAML ({problem}); fix the syntax.") from None
    if node is None:
        raise DataError(f"{path}:1: the file is empty; restore it from git.")
    return _Validator(raw, _line_index(node), path).run()


def load_data(file: Path, *, display_path: str | None = None) -> SupportData:
    """Read and validate the data file at ``file``."""
    shown = display_path or str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{shown}:1: the file does not exist; restore it from git.") from None
    return parse_data(text, path=shown)


# Per-build cache: the adapter calls configure() on every config load, so a rebuild re-reads.
_STATE: dict[str, Any] = {"project_dir": ROOT, "cache": None}


def configure(*, project_dir: Path) -> None:
    """Point the marker renderer at ``project_dir/data/python_support.yml`` and drop the cached load."""
    _STATE["project_dir"] = Path(project_dir)
    _STATE["cache"] = None


def data_file() -> Path:
    return Path(_STATE["project_dir"]) / DATA_REL


def cached_data() -> SupportData:
    """The data file, loaded once per build (configure() resets it)."""
    if _STATE["cache"] is None:
        _STATE["cache"] = load_data(data_file(), display_path=DATA_REL)
    return _STATE["cache"]


# --------------------------------------------------------------------------- matrix and table


def parse_date(value: str, *, end_of_month: bool) -> dt.date:
    """'2026-06-30' -> that day; '2026-10' -> its first or last day."""
    if MONTH_RE.match(value):
        year, month = (int(part) for part in value.split("-"))
        day = calendar.monthrange(year, month)[1] if end_of_month else 1
        return dt.date(year, month, day)
    return dt.date.fromisoformat(value)


def format_date(value: str, lang: str) -> str:
    """'2026-06-30' -> '2026 年 6 月 30 日' / 'June 30, 2026'; a month-only '2026-10' -> '2026 年 10 月' / 'October 2026'."""
    day = parse_date(value, end_of_month=False)
    month_only = bool(MONTH_RE.match(value))
    if lang == "ja":
        return f"{day.year} 年 {day.month} 月" + ("" if month_only else f" {day.day} 日")
    return f"{MONTHS_EN[day.month - 1]} {day.year}" if month_only else f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


def is_eol(release: PythonRelease, on: dt.date) -> bool:
    """True when ``release`` was past its end of life on ``on`` (a month-only date counts to its last day)."""
    return parse_date(release.eol, end_of_month=True) < on


def allows(spec: SpecifierSet, python: str) -> bool:
    """True when Requires-Python admits some 3.X.Y release of ``python`` ('3.X')."""
    return any(spec.contains(Version(f"{python}.{micro}")) for micro in range(0, 50))


def cell_status(package: Package, python: str) -> str:
    spec = package.specifier
    if not allows(spec, python):
        return UNSUPPORTED
    return SUPPORTED if python in package.classifiers else REQUIRES_ONLY


def build_rows(data: SupportData, names: Iterable[str], pythons: Iterable[str] | None = None) -> list[Row]:
    """One Row per package name, one cell per Python version (all of ``data.pythons`` by default)."""
    columns = sorted(pythons if pythons is not None else data.pythons, key=lambda v: Version(v))
    return [Row(data.packages[name], tuple((py, cell_status(data.packages[name], py)) for py in columns))
            for name in names]


def reference_date(rows: list[Row]) -> dt.date:
    """The date the table is true on: the latest read date of its packages (never 'today')."""
    return max(parse_date(row.package.read, end_of_month=False) for row in rows)


def _index_label(index_url: str) -> str:
    return "PyPI" if "pypi.org" in index_url else index_url


def render_table(rows: list[Row], lang: str, *, pythons: dict[str, PythonRelease], index_url: str) -> str:
    """The table (HTML) for ``rows`` in ``lang``, with legend, provenance line and lifecycle notes."""
    if not rows:
        raise ValueError("render_table needs at least one row")
    labels = LABELS[lang]
    on = reference_date(rows)
    # an HTML table: row headers with scope for screen readers, no dependence on the 'tables' extension
    head = [f'<th scope="col">{escape(labels["package"])}</th>']
    marks: set[str] = set()
    for py, _ in rows[0].cells:
        release = pythons[py]
        title = f'<a href="https://peps.python.org/pep-{release.pep:04d}/" title="PEP {release.pep}">{py}</a>'
        # columns are judged on the read date, never on the build date, so builds are reproducible
        if is_eol(release, on):
            title += f"<br><small>{escape(labels['eol'])}</small>"
            marks.add("eol")
        elif release.planned or parse_date(release.released, end_of_month=False) > on:
            title += f"<br><small>{escape(labels['planned'])}</small>"
            marks.add("planned")
        head.append(f'<th scope="col">{title}</th>')
    lines = ["", '<div class="python-versions">', "<table>", "<thead>", "<tr>" + "".join(head) + "</tr>", "</thead>",
             "<tbody>"]
    for row in rows:
        cells = [f'<th scope="row">{escape(row.package.display[lang])}<br><code>{escape(row.package.name)}</code></th>']
        cells += [f'<td class="pv-{status}"><span aria-hidden="true">{SYMBOLS[status]}</span><br>{escape(labels[status])}</td>'
                  for _, status in row.cells]
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>", "</div>"]
    lines += ["", labels["legend_title"], ""]
    lines += [f"- {SYMBOLS[s]} {labels[s]}: {labels['legend_' + s]}" for s in (SUPPORTED, REQUIRES_ONLY, UNSUPPORTED)]
    for mark in ("eol", "planned"):
        if mark in marks:
            lines.append("- " + labels["legend_" + mark].format(date=format_date(on.isoformat(), lang)))
    lines.append("- " + labels["legend_pep"])
    lines.append("")
    index = _index_label(index_url)
    dates = {row.package.read for row in rows}
    if len(dates) == 1:
        pkgs = labels["sep"].join(labels["pkg_version"].format(name=r.package.name, version=r.package.version) for r in rows)
        lines.append(labels["source"].format(date=format_date(dates.pop(), lang), index=index, packages=pkgs))
    else:
        pkgs = labels["sep"].join(labels["pkg_version_date"].format(
            name=r.package.name, version=r.package.version, date=format_date(r.package.read, lang)) for r in rows)
        lines.append(labels["source_dates"].format(index=index, packages=pkgs))
    notes = []
    for row in rows:
        if not row.package.lifecycle:
            continue
        parts = []
        for event in row.package.lifecycle:
            key = event.event
            if key == "end-of-support" and parse_date(event.date, end_of_month=False) > on:
                key = "end-of-support-future"
            parts.append(labels[key].format(date=format_date(event.date, lang)))
        links: list[str] = []
        for event in row.package.lifecycle:
            if event.source[lang] not in links:
                links.append(event.source[lang])
        sources = " ".join(f"([{labels['source_link']}]({url}))" for url in links)
        notes.append(f"- {row.package.display[lang]} (`{row.package.name}`): "
                     f"{labels['lifecycle_join'].join(parts)} {sources}")
    if notes:
        lines.append("")
        lines.extend(notes)
    lines.append("")
    return "\n".join(lines)


def render(marker: markers.Marker, ctx: markers.RenderContext) -> str:
    """Marker renderer: ``<!-- python-versions: azure-ai-ml azureml-core -->``."""
    if not marker.args:
        raise markers.fail(marker, "names no package; list the packages, e.g. "
                                   "'<!-- python-versions: azure-ai-ml azureml-core -->'")
    seen: set[str] = set()
    for arg in marker.args:
        if not PACKAGE_NAME_RE.match(arg):
            raise markers.fail(marker, f"argument '{arg}' is not a package name; separate package names with spaces only")
        if arg in seen:
            raise markers.fail(marker, f"package '{arg}' is listed twice; list it once")
        seen.add(arg)
    data = cached_data()
    for arg in marker.args:
        if arg not in data.packages:
            known = ", ".join(f"'{name}'" for name in data.packages)
            raise markers.fail(marker, f"package '{arg}' is not in {DATA_REL} (known: {known}); add it there and run "
                                       f"'make refresh-python-versions'")
    lang = ctx.lang if ctx.lang in LANGS else "ja"
    return render_table(build_rows(data, marker.args), lang, pythons=data.pythons, index_url=data.index_url)


markers.register(MARKER_NAME, render)


# --------------------------------------------------------------------------- refresh


@dataclass(frozen=True)
class Metadata:
    name: str
    version: str
    requires_python: str
    classifiers: tuple[str, ...]


class RefreshError(Exception):
    """Reading metadata from the index failed; ``str()`` is the one-sentence message."""


def parse_metadata(text: str, *, source: str = "METADATA") -> Metadata:
    """Name, Version, Requires-Python and the 3.X classifiers of a core-metadata file."""
    message = email.parser.Parser().parsestr(text, headersonly=True)
    name, version = message.get("Name"), message.get("Version")
    if not name or not version:
        raise RefreshError(f"{source}: the metadata has no Name or Version header; the file is not core metadata.")
    requires = (message.get("Requires-Python") or "").strip()
    try:
        SpecifierSet(requires)
    except InvalidSpecifier:
        raise RefreshError(f"{source}: Requires-Python '{requires}' of {name} {version} is not a valid version "
                           f"specifier; report it to the package or pin an older version.") from None
    pythons = [m.group(1) for c in message.get_all("Classifier") or [] if (m := CLASSIFIER_RE.match(c.strip()))]
    return Metadata(name=name, version=version, requires_python=requires,
                    classifiers=tuple(sorted(set(pythons), key=Version)))


def read_wheel_metadata(wheel: Path) -> Metadata:
    with zipfile.ZipFile(wheel) as archive:
        names = [n for n in archive.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
        if len(names) != 1:
            raise RefreshError(f"{wheel.name}: the wheel has no single *.dist-info/METADATA; the download is not a wheel.")
        return parse_metadata(archive.read(names[0]).decode("utf-8"), source=f"{wheel.name}/{names[0]}")


# pip settings that could add sources other than --index-url are dropped, so the data says exactly
# where it came from (the lead's machine has extra indexes and find-links configured globally).
_PIP_ENV_KEEP = {"PIP_CERT", "PIP_CLIENT_CERT", "PIP_TRUSTED_HOST", "PIP_DEFAULT_TIMEOUT", "PIP_RETRIES", "PIP_PROXY"}


def pip_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") or k in _PIP_ENV_KEEP}
    env["PIP_CONFIG_FILE"] = os.devnull  # pip then reads no config file at all
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def fetch_metadata(name: str, *, index_url: str, workdir: Path) -> Metadata:
    """Download the newest wheel of ``name`` from ``index_url`` with pip (no deps) and read its metadata."""
    dest = workdir / canonicalize_name(name)
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--ignore-requires-python",
           "--no-cache-dir", "--quiet", "--index-url", index_url, "--dest", str(dest), name]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=pip_env(), timeout=600)
    if proc.returncode != 0:
        detail = " ".join((proc.stderr or proc.stdout).strip().splitlines()[-1:]) or f"exit code {proc.returncode}"
        raise RefreshError(f"pip download of '{name}' from {index_url} failed ({detail}); check the name and the index URL.")
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise RefreshError(f"pip download of '{name}' from {index_url} produced {len(wheels)} wheels, not 1; "
                           f"the index must offer a wheel.")
    meta = read_wheel_metadata(wheels[0])
    if canonicalize_name(meta.name) != canonicalize_name(name):
        raise RefreshError(f"{wheels[0].name}: the metadata names '{meta.name}', not '{name}'; the index is wrong.")
    return meta


def updated_raw(raw: dict[str, Any], fetched: dict[str, Metadata], *, index_url: str, today: str) -> dict[str, Any]:
    """A copy of the raw data tree with each package's metadata fields replaced by what was fetched."""
    out = {"index_url": index_url, "packages": {}, "pythons": raw.get("pythons", {})}
    for key, value in raw.items():
        if key not in out:
            out[key] = value
    for name, entry in raw.get("packages", {}).items():
        meta = fetched[name]
        new = dict(entry)
        new.update(version=meta.version, requires_python=meta.requires_python,
                   classifiers=list(meta.classifiers), read=today)
        # keep a stable key order: display, metadata, lifecycle, anything else
        order = ["display", "version", "requires_python", "classifiers", "read", "lifecycle"]
        out["packages"][name] = {k: new[k] for k in order if k in new} | {k: v for k, v in new.items() if k not in order}
    return out


HEADER = """\
# Supported Python versions, rendered by <!-- python-versions: ... --> (hooks/python_versions.py).
# packages.*.{version,requires_python,classifiers,read} and index_url are written by
#   make refresh-python-versions   (python -m hooks.python_versions refresh [--index-url URL])
# from each package's own metadata; display names, lifecycle notes and pythons are edited by hand
# and kept by the refresh (comments other than this header are not).
# pythons: released/eol as the release-schedule PEP states them; 'YYYY-MM' where the PEP gives only a month;
# planned: 'true' while a release is scheduled but not confirmed (the table marks the column).
"""


def dump_data(raw: dict[str, Any]) -> str:
    """Serialize the raw data tree deterministically (the file the refresh writes)."""
    body = yaml.safe_dump(raw, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096)
    return HEADER + body


def _without_dates(raw: dict[str, Any]) -> dict[str, Any]:
    """The parts --check compares: everything but read dates and the index URL."""
    packages = {name: {k: v for k, v in entry.items() if k != "read"} for name, entry in raw.get("packages", {}).items()}
    return {k: v for k, v in raw.items() if k not in ("packages", "index_url")} | {"packages": packages}


def _shown_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it (as messages show it)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def refresh(data_path: Path, *, index_url: str, today: str, check: bool, out=None) -> int:
    """Re-read every package of the data file from ``index_url``; write it, or with ``check`` diff it."""
    out = out or sys.stdout
    shown = _shown_path(data_path)
    old_text = data_path.read_text(encoding="utf-8") if data_path.exists() else ""
    try:
        raw = parse_data(old_text, path=shown).raw
    except DataError:
        # metadata fields the refresh rewrites may be broken (that is what it repairs); the rest must be sound
        raw = yaml.load(old_text, Loader=yaml.BaseLoader) if old_text.strip() else None
        packages = raw.get("packages") if isinstance(raw, dict) else None
        if not isinstance(packages, dict) or not all(isinstance(e, dict) for e in packages.values()):
            raise
    fetched: dict[str, Metadata] = {}
    with tempfile.TemporaryDirectory(prefix="python-versions-") as tmp:
        for name in raw["packages"]:
            fetched[name] = fetch_metadata(name, index_url=index_url, workdir=Path(tmp))
    new_raw = updated_raw(raw, fetched, index_url=index_url, today=today)
    if check:
        if _without_dates(yaml.load(dump_data(new_raw), Loader=yaml.BaseLoader)) == _without_dates(raw):
            print(f"{shown} is up to date with {index_url}.", file=out)
            return 0
        # keep the old read dates in the shown diff so it holds only real changes
        for name, entry in new_raw["packages"].items():
            entry["read"] = raw["packages"][name].get("read", entry["read"])
        new_raw["index_url"] = raw.get("index_url", index_url)
        # both sides in the refresh's own layout, so hand formatting never shows up as a change
        diff = difflib.unified_diff(dump_data(raw).splitlines(keepends=True), dump_data(new_raw).splitlines(keepends=True),
                                    fromfile=f"{shown} (recorded)", tofile=f"{shown} (from {index_url})")
        out.write("".join(diff))
        print(f"{shown} is out of date with {index_url}; run 'make refresh-python-versions' and commit the result.",
              file=out)
        return 1
    new_text = dump_data(new_raw)
    parse_data(new_text, path=shown)  # the refreshed file must validate (e.g. a new Python in the classifiers)
    data_path.write_text(new_text, encoding="utf-8")
    for name, meta in fetched.items():
        print(f"{name} {meta.version}: Requires-Python '{meta.requires_python}', classifiers "
              f"{', '.join(meta.classifiers) or 'none'}", file=out)
    print(f"wrote {shown} (read {today} from {index_url}).", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.python_versions", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("refresh", help="re-read package metadata into the data file")
    cmd.add_argument("--index-url", default=os.environ.get(INDEX_ENV) or DEFAULT_INDEX_URL,
                     help=f"PEP 503 simple index to read from (default: ${INDEX_ENV} or {DEFAULT_INDEX_URL})")
    cmd.add_argument("--check", action="store_true", help="write nothing; exit 1 with a diff when the file is out of date")
    cmd.add_argument("--data", type=Path, default=ROOT / DATA_REL, help="data file (default: %(default)s)")
    cmd.add_argument("--date", default=dt.datetime.now(dt.timezone.utc).date().isoformat(),
                     help="read date to record, YYYY-MM-DD (default: today, UTC)")
    args = parser.parse_args(argv)
    if not DATE_RE.match(args.date):
        parser.error(f"--date '{args.date}' is not a date like 2026-11-28")
    try:
        return refresh(args.data, index_url=args.index_url, today=args.date, check=args.check)
    except (DataError, RefreshError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
