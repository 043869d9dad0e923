"""The supported-Python-versions table: pure functions from the model to Markdown (a raw HTML table, a legend).

Columns are judged on the table's reference date (the latest date its packages' metadata was read),
never on the build date, so builds are reproducible. Rows: packages still supported first, in the order
given, then packages whose support has ended (marked as ended).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:  # packaging is imported by the first table built (a build from the cache builds none)
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

from hooks.python_versions.model import MONTH_RE, Package, PythonRelease, SupportData, parse_date

SUPPORTED, REQUIRES_ONLY, UNSUPPORTED = "supported", "requires-only", "unsupported"
SYMBOLS = {SUPPORTED: "✓", REQUIRES_ONLY: "⚠", UNSUPPORTED: "—"}  # text symbols: no emoji font needed
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "package": "パッケージ",
        SUPPORTED: "対応",
        REQUIRES_ONLY: "記載なし",
        UNSUPPORTED: "非対応",
        "eol": "サポート終了",
        "planned": "リリース予定",
        "ended": "サポート終了",
        "lead": "{date}の時点で新しく始めるなら、Python {python} と、{display} のパッケージ <code>{name}</code> を"
        "インストールしてください。",
        "legend_title": "凡例:",
        f"legend_{SUPPORTED}": "パッケージの作者が、このバージョンに対応すると明記しています。",
        f"legend_{REQUIRES_ONLY}": "インストールはできますが、作者は対応を明記していません。動かないことがあります。",
        f"legend_{UNSUPPORTED}": "パッケージがこのバージョンへのインストールを認めていないため、pip でインストールできません。",
        "legend_terms": "「インストールできるか」はパッケージの Requires-Python (インストールできる Python の範囲として"
        "パッケージが宣言する情報。pip はこの範囲外の Python にはインストールしません) で、"
        "「対応を明記しているか」は classifiers (作者が対応を明記した Python のバージョンの一覧) で"
        "判断しています。",
        "legend_eol": "「サポート終了」の列は、{date}の時点で Python 自体のサポートが終了しているバージョンです。",
        "legend_planned": "「リリース予定」の列は、その時点で正式リリースを確認できていないバージョンです。",
        "legend_ended": "「サポート終了」と書かれたパッケージは、提供元のサポートが終了しています。",
        "peps": "各バージョンのリリース日とサポート終了日は、次の PEP に定められています: {peps}。",
        "pep": "{python} は [PEP {pep}]({url})",
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
        "ended": "support ended",
        "lead": "If you start today (as of {date}), install Python {python} and the {display} package "
        "<code>{name}</code>.",
        "legend_title": "Legend:",
        f"legend_{SUPPORTED}": "the package's authors state that it supports this version.",
        f"legend_{REQUIRES_ONLY}": "it installs, but the authors do not state support for this version; it may not work.",
        f"legend_{UNSUPPORTED}": "the package does not allow installing on this version, so pip refuses to install it.",
        "legend_terms": "Whether a package installs comes from its Requires-Python (the range of Python versions the "
        "package declares it can be installed on; pip does not install it on a Python outside that "
        "range); whether support is stated comes from its classifiers (the list of Python versions "
        "its authors state it supports).",
        "legend_eol": 'Columns marked "end of life" are Python versions whose own support had ended by {date}.',
        "legend_planned": 'Columns marked "planned" are Python versions whose release was not confirmed by then.',
        "legend_ended": 'Packages marked "support ended" are no longer supported by their publisher.',
        "peps": "Each version's release and end-of-life dates are set by its release-schedule PEP: {peps}.",
        "pep": "{python} [PEP {pep}]({url})",
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


class Row(msgspec.Struct, frozen=True, gc=False):
    """One table row: a package and its status per Python version, in column order."""

    name: str  # the distribution name, e.g. 'azure-ai-ml'
    package: Package
    cells: tuple[tuple[str, str], ...]  # (python version, status)


def format_date(value: str, lang: str) -> str:
    """'2026-06-30' -> '2026 年 6 月 30 日' / 'June 30, 2026'; a month-only '2026-10' -> '2026 年 10 月' / 'October 2026'."""
    day = parse_date(value, end_of_month=False)
    month_only = bool(MONTH_RE.match(value))
    if lang == "ja":
        return f"{day.year} 年 {day.month} 月" + ("" if month_only else f" {day.day} 日")
    return (
        f"{MONTHS_EN[day.month - 1]} {day.year}" if month_only else f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
    )


def is_eol(release: PythonRelease, on: dt.date) -> bool:
    """True when ``release`` was past its end of life on ``on`` (a month-only date counts to its last day)."""
    return parse_date(release.eol, end_of_month=True) < on


def is_planned(release: PythonRelease, on: dt.date) -> bool:
    """True when ``release`` was not confirmed released on ``on``."""
    return release.planned or parse_date(release.released, end_of_month=False) > on


def allows(spec: SpecifierSet, python: str) -> bool:
    """True when Requires-Python admits some 3.X.Y release of ``python`` ('3.X')."""
    return any(spec.contains(version) for version in _releases(python))


@functools.lru_cache(maxsize=64)
def _releases(python: str) -> tuple[Version, ...]:
    """3.X.0 to 3.X.49 of ``python`` ('3.X')."""
    from packaging.version import Version

    return tuple(Version(f"{python}.{micro}") for micro in range(0, 50))


@functools.lru_cache(maxsize=256)
def _allowed(requires_python: str, python: str) -> bool:
    from packaging.specifiers import SpecifierSet

    return allows(SpecifierSet(requires_python), python)


def cell_status(package: Package, python: str) -> str:
    if not _allowed(package.requires_python, python):
        return UNSUPPORTED
    return SUPPORTED if python in package.classifiers else REQUIRES_ONLY


def has_ended(package: Package, on: dt.date) -> bool:
    """True when the package's support had ended on ``on``."""
    return any(e.event == "end-of-support" and parse_date(e.date, end_of_month=False) <= on for e in package.lifecycle)


def build_rows(data: SupportData, names: Iterable[str], pythons: Iterable[str] | None = None) -> list[Row]:
    """One Row per package name (in the order given), one cell per Python version (all of ``data.pythons`` by default)."""
    from packaging.version import Version

    columns = sorted(pythons if pythons is not None else data.pythons, key=Version)
    return [
        Row(name, data.packages[name], tuple((py, cell_status(data.packages[name], py)) for py in columns))
        for name in names
    ]


def reference_date(rows: Sequence[Row]) -> dt.date:
    """The date the table is true on: the latest read date of its packages (never 'today')."""
    return max(parse_date(row.package.read, end_of_month=False) for row in rows)


def ordered(rows: Sequence[Row], on: dt.date) -> list[Row]:
    """Supported packages first, ended ones after; each group keeps the given order."""
    return [r for r in rows if not has_ended(r.package, on)] + [r for r in rows if has_ended(r.package, on)]


def recommended_python(row: Row, pythons: Mapping[str, PythonRelease], on: dt.date) -> str | None:
    """The newest released, not end-of-life Python version the package states support for."""
    good = [
        py
        for py, status in row.cells
        if status == SUPPORTED and not is_eol(pythons[py], on) and not is_planned(pythons[py], on)
    ]
    from packaging.version import Version

    return max(good, key=Version) if good else None


def _index_label(index_url: str) -> str:
    return "PyPI" if "pypi.org" in index_url else index_url


def _pep_url(pep: int) -> str:
    return f"https://peps.python.org/pep-{pep:04d}/"


def render_table(rows: Sequence[Row], lang: str, *, pythons: Mapping[str, PythonRelease], index_url: str) -> str:
    """The lead sentence, table (HTML), legend, PEP note, provenance line and lifecycle notes for ``rows`` in ``lang``."""
    if not rows:
        raise ValueError("render_table needs at least one row")
    labels = LABELS[lang]
    on = reference_date(rows)
    rows = ordered(rows, on)
    lines = [""]
    current = rows[0]
    best = None if has_ended(current.package, on) else recommended_python(current, pythons, on)
    if best is not None:
        lines += [
            labels["lead"].format(
                date=format_date(on.isoformat(), lang),
                python=best,
                display=escape(current.package.display[lang]),
                name=escape(current.name),
            ),
            "",
        ]
    # an HTML table: row headers with scope for screen readers, no dependence on the 'tables' extension
    head = [f'<th scope="col">{escape(labels["package"])}</th>']
    marks: set[str] = set()
    for py, _ in rows[0].cells:
        title = escape(py)
        if is_eol(pythons[py], on):
            title += f"<br><small>{escape(labels['eol'])}</small>"
            marks.add("eol")
        elif is_planned(pythons[py], on):
            title += f"<br><small>{escape(labels['planned'])}</small>"
            marks.add("planned")
        head.append(f'<th scope="col">{title}</th>')
    lines += [
        '<div class="python-versions">',
        "<table>",
        "<thead>",
        "<tr>" + "".join(head) + "</tr>",
        "</thead>",
        "<tbody>",
    ]
    for row in rows:
        ended = has_ended(row.package, on)
        if ended:
            marks.add("ended")
        name = f"{escape(row.package.display[lang])}<br><code>{escape(row.name)}</code>"
        if ended:
            name += f"<br><small>{escape(labels['ended'])}</small>"
        cells = [f'<th scope="row">{name}</th>']
        cells += [
            f'<td class="pv-{status}"><span aria-hidden="true">{SYMBOLS[status]}</span><br>'
            f"{escape(labels[status])}</td>"
            for _, status in row.cells
        ]
        lines.append(('<tr class="pv-ended">' if ended else "<tr>") + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>", "</div>"]
    lines += ["", labels["legend_title"], ""]
    lines += [f"- {SYMBOLS[s]} {labels[s]}: {labels['legend_' + s]}" for s in (SUPPORTED, REQUIRES_ONLY, UNSUPPORTED)]
    lines.append("- " + labels["legend_terms"])
    for mark in ("eol", "planned", "ended"):
        if mark in marks:
            lines.append("- " + labels["legend_" + mark].format(date=format_date(on.isoformat(), lang)))
    lines.append("")
    peps = labels["sep"].join(
        labels["pep"].format(python=py, pep=pythons[py].pep_number, url=_pep_url(pythons[py].pep_number))
        for py, _ in rows[0].cells
    )
    lines += [labels["peps"].format(peps=peps), ""]
    lines.append(_provenance(rows, lang, index_url))
    notes = _lifecycle_notes(rows, lang, on)
    if notes:
        lines.append("")
        lines.extend(notes)
    lines.append("")
    return "\n".join(lines)


def _provenance(rows: Sequence[Row], lang: str, index_url: str) -> str:
    labels = LABELS[lang]
    index = _index_label(index_url)
    dates = {row.package.read for row in rows}
    if len(dates) == 1:
        pkgs = labels["sep"].join(labels["pkg_version"].format(name=r.name, version=r.package.version) for r in rows)
        return labels["source"].format(date=format_date(dates.pop(), lang), index=index, packages=pkgs)
    pkgs = labels["sep"].join(
        labels["pkg_version_date"].format(
            name=r.name, version=r.package.version, date=format_date(r.package.read, lang)
        )
        for r in rows
    )
    return labels["source_dates"].format(index=index, packages=pkgs)


def _lifecycle_notes(rows: Sequence[Row], lang: str, on: dt.date) -> list[str]:
    labels = LABELS[lang]
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
        notes.append(f"- {row.package.display[lang]} (`{row.name}`): {labels['lifecycle_join'].join(parts)} {sources}")
    return notes
