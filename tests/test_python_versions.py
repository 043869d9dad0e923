"""Tests of the supported-Python-versions generator (hooks/python_versions/ and its hook)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import markdown
import pytest
from conftest import ROOT, mkdocs_build
from hypothesis import given, settings
from hypothesis import strategies as st

from hooks.core.problems import HookError, Problem
from hooks.markers import Marker, MarkersExtension, PageContext, RenderContext
from hooks.python_versions import model, refresh, table
from hooks.python_versions.__main__ import main as pv_main
from hooks.python_versions.hook import PythonVersionsHook

LANGS = ("ja", "en")


# A small, fixed data file (not the committed one, which changes on every refresh).
SAMPLE = """\
index_url: https://pypi.org/simple
packages:
  new-sdk:
    display: {ja: 新しい SDK, en: New SDK}
    version: 2.0.0
    requires_python: '>=3.9'
    classifiers: ['3.9', '3.10', '3.11']
    read: '2026-11-28'
  old-sdk:
    display: {ja: 古い SDK, en: Old SDK}
    version: 1.0.0
    requires_python: '>=3.8,<3.11'
    classifiers: ['3.8', '3.9']
    read: '2026-11-28'
    lifecycle:
      - event: deprecated
        date: '2025-03-31'
        source: {ja: 'https://example.com/ja', en: 'https://example.com/en'}
      - event: end-of-support
        date: '2027-06-30'
        source: {ja: 'https://example.com/ja', en: 'https://example.com/en'}
pythons:
  '3.8': {released: '2019-10-14', eol: '2024-10-07', pep: '569'}
  '3.9': {released: '2020-10-05', eol: '2025-10-31', pep: '596'}
  '3.10': {released: '2021-10-04', eol: 2026-11, pep: '619'}
  '3.11': {released: '2022-10-24', eol: 2027-10, pep: '664'}
  '3.12': {released: 2026-12, eol: 2031-10, pep: '693', planned: true}
"""


def sample(**edits: str) -> str:
    """SAMPLE with each ``old=new`` text replacement applied (keyword names are unused labels)."""
    text = SAMPLE
    for old_new in edits.values():
        old, new = old_new
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# ----------------------------------------------------------------------------- loading and validation


def parse(text: str, languages=LANGS) -> model.SupportData:
    data, problems = model.parse_support(text, languages=languages)
    assert problems == [] and data is not None, problems
    return data


def problems_of(text: str, languages=LANGS) -> list[str]:
    data, problems = model.parse_support(text, label="data/python_support.yml", languages=languages)
    assert (data is None) == bool(problems)
    return [str(p) for p in problems]


def test_parse_sample_data():
    data = parse(SAMPLE)
    assert list(data.packages) == ["new-sdk", "old-sdk"]
    old = data.packages["old-sdk"]
    assert (old.version, old.requires_python, old.classifiers, old.read) == (
        "1.0.0",
        ">=3.8,<3.11",
        ("3.8", "3.9"),
        "2026-11-28",
    )
    assert old.display == {"ja": "古い SDK", "en": "Old SDK"}
    assert [(e.event, e.date, e.source["en"]) for e in old.lifecycle] == [
        ("deprecated", "2025-03-31", "https://example.com/en"),
        ("end-of-support", "2027-06-30", "https://example.com/en"),
    ]
    assert list(data.pythons) == ["3.8", "3.9", "3.10", "3.11", "3.12"]  # '3.10' stays a string, never 3.1
    assert data.pythons["3.10"].eol == "2026-11" and data.pythons["3.12"].planned and not data.pythons["3.11"].planned
    assert data.pythons["3.10"].pep_number == 619


def test_committed_data_is_valid_and_covers_the_page_packages():
    data = model.load_data(ROOT / model.DATA_REL, languages=LANGS)
    for name in ("azure-ai-ml", "azureml-core", "azureml-train-automl-client"):
        package = data.packages[name]
        assert package.version and package.classifiers and model.DATE_RE.match(package.read)
        assert set(package.classifiers) <= set(data.pythons)
    assert {"3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"} <= set(data.pythons)
    assert all(
        event.source["ja"].startswith("https://learn.microsoft.com/ja-jp/")
        for event in data.packages["azureml-core"].lifecycle
    )
    # SDK v1 support ended on 2026-06-30 (Microsoft Learn); Python 3.15.0 was released on 2026-10-09
    assert [(e.event, e.date) for e in data.packages["azureml-core"].lifecycle][-1] == ("end-of-support", "2026-06-30")
    assert data.pythons["3.15"].released == "2026-10-09" and not data.pythons["3.15"].planned


@pytest.mark.parametrize(
    "text, needle, message",
    [
        (
            sample(x=("    requires_python: '>=3.9'\n", "")),
            "  new-sdk:",
            "'packages.new-sdk' has no 'requires_python' key; run 'make refresh-python-versions'.",
        ),
        (
            sample(x=("'>=3.8,<3.11'", "'>=3.8,<<3.11'")),
            ">=3.8,<<3.11",
            "'packages.old-sdk.requires_python' value '>=3.8,<<3.11' is not a valid version specifier; "
            "write one like '>=3.9,<3.13' or run 'make refresh-python-versions'.",
        ),
        (
            sample(x=("['3.8', '3.9']", "['3.8', '3.9',\n      '3.16']")),
            "'3.16'",
            "'packages.old-sdk.classifiers' lists Python '3.16', which 'pythons' does not define; add '3.16' under "
            "'pythons' with its release date, end-of-life date and PEP.",
        ),
        (
            sample(x=("eol: '2025-10-31'", "eol: '2025/10/31'")),
            "2025/10/31",
            "'pythons.3.9.eol' value '2025/10/31' is not a date like 2026-06-30 or a month like 2026-10; fix it.",
        ),
        (
            sample(x=("date: '2025-03-31'", "date: '2025-03'")),
            "date: '2025-03'",
            "'packages.old-sdk.lifecycle[0].date' value '2025-03' is not a date like 2026-06-30; fix it.",
        ),
        (
            sample(x=("event: deprecated", "event: retired")),
            "event: retired",
            "'packages.old-sdk.lifecycle[0].event' value 'retired' is not one of deprecated, end-of-support; fix it.",
        ),
        (
            sample(x=("{ja: 新しい SDK, en: New SDK}", "{ja: 新しい SDK}")),
            "display: {ja: 新しい SDK}",
            "'packages.new-sdk.display' has no 'en' key; add it.",
        ),
        (
            sample(x=("  '3.11': {", "  'three': {")),
            "'three'",
            "Python version 'three' is not written like '3.12'; quote it as a string.",
        ),
        (
            sample(x=("pep: '664'", "pep: 'PEP 664'")),
            "PEP 664",
            "'pythons.3.11.pep' value 'PEP 664' is not a PEP number; fix it.",
        ),
        (
            sample(x=("planned: true", "planned: 'maybe'")),
            "maybe",
            "'pythons.3.12.planned' value 'maybe' is not true or false; fix it.",
        ),
        (
            sample(x=("    classifiers: ['3.9', '3.10', '3.11']\n", "    classifiers: '3.9'\n")),
            "classifiers: '3.9'",
            "'packages.new-sdk.classifiers' must be a list, not '3.9'.",
        ),
        (
            sample(x=("index_url: https://pypi.org/simple\n", "")),
            "packages:",
            "'top level' has no 'index_url' key; add it.",
        ),
        (
            sample(x=("  new-sdk:\n", "  new sdk!:\n")),
            "new sdk!",
            "package name 'new sdk!' is not a valid distribution name; fix it.",
        ),
        (
            sample(x=("    version: 2.0.0\n", "    vesion: 2.0.0\n")),
            "vesion",
            "key 'vesion' is not allowed here (allowed: display, version, requires_python, classifiers, read, lifecycle); "
            "fix the spelling.",
        ),
        (
            sample(x=("released: '2020-10-05'", "released: 2020-10-05")),
            "released: 2020-10-05",
            "'pythons.3.9.released' value '2020-10-05' must be quoted text; write it as '2020-10-05'.",
        ),
        (
            sample(
                x=(
                    "  '3.8': {released: '2019-10-14', eol: '2024-10-07', pep: '569'}\n",
                    "  '3.8': {released: '2019-10-14', eol: '2024-10-07', pep: '569'}\n"
                    "  '3.8': {released: '2019-10-14', eol: '2024-10-07', pep: '569'}\n",
                )
            ),
            "  '3.9'",
            "key 'pythons.3.8' is defined twice (first at line 23); keep one.",
        ),
    ],
)
def test_data_errors_name_file_line_and_key(text, needle, message):
    line = line_of(text, needle) - (1 if "defined twice" in message else 0)
    if message.startswith("'top level'"):
        line = 1
    assert problems_of(text) == [f"data/python_support.yml:{line}: {message}"]


def test_every_problem_of_a_file_is_reported_once():
    text = sample(
        a=("    version: 2.0.0\n", "    vesion: 2.0.0\n"),
        b=("    version: 1.0.0\n", "    version: 1.0.0\n    nte: x\n"),
    )
    found = problems_of(text)
    assert len(found) == len(set(found)) == 2 and all(p.startswith("data/python_support.yml:") for p in found)
    assert f"data/python_support.yml:{line_of(text, 'vesion')}: key 'vesion' is not allowed here" in found[0]
    assert f"data/python_support.yml:{line_of(text, 'nte: x')}: key 'nte' is not allowed here" in found[1]
    text = sample(b=("event: deprecated", "event: retired"), c=("pep: '664'", "pep: 'x'"))
    assert len(problems_of(text)) == 2  # rules beyond the types: every one


def test_languages_come_from_the_build():
    """A display name is required for each language the site builds, and only for those."""
    text = sample(x=("{ja: 新しい SDK, en: New SDK}", "{ja: 新しい SDK}"))
    assert problems_of(text, languages=("ja",)) == []
    assert problems_of(text, languages=("ja", "en", "fr"))[0].endswith(
        "'packages.new-sdk.display' has no 'en' key; add it."
    )


def test_invalid_yaml_empty_missing_and_not_utf8_files(tmp_path):
    found = problems_of("a: 1\nb: [1, 2\nc: 3\n")
    assert len(found) == 1 and re.fullmatch(
        r"data/python_support\.yml:3: the file is not valid YAML \(.+\); fix the syntax\.", found[0]
    ), found
    assert problems_of("") == ["data/python_support.yml:1: the file is empty; restore it from git."]
    assert problems_of("# only a comment\n") == ["data/python_support.yml:1: the file is empty; restore it from git."]
    data, missing = model.load_support(tmp_path / "nope.yml")
    assert data is None and [str(p) for p in missing] == [
        "data/python_support.yml: does not exist; create it or fix the path."
    ]
    legacy = tmp_path / "legacy.yml"
    legacy.write_bytes(SAMPLE.replace("新しい", "新しい").encode("shift_jis"))
    data, problems = model.load_support(legacy)
    offset = SAMPLE.encode("shift_jis").index("新しい".encode("shift_jis"))
    byte = SAMPLE.encode("shift_jis")[offset]
    line = line_of(SAMPLE, "新しい")
    assert data is None and [str(p) for p in problems] == [
        f"data/python_support.yml:{line}: is not valid UTF-8: byte 0x{byte:02x} at offset {offset} (line {line}); "
        "save the file as UTF-8."
    ]
    with pytest.raises(HookError, match=r"^data/python_support\.yml: does not exist"):
        model.load_data(tmp_path / "nope.yml")


_KEYS = st.sampled_from(
    [
        "index_url",
        "packages",
        "pythons",
        "display",
        "version",
        "requires_python",
        "classifiers",
        "read",
        "lifecycle",
        "event",
        "date",
        "source",
        "released",
        "eol",
        "pep",
        "planned",
        "note",
        "ja",
        "en",
        "3.10",
        "new-sdk",
        "x",
    ]
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5000),
    st.floats(allow_nan=False, width=32),
    st.text(max_size=12),
    st.sampled_from([">=3.9", "3.10", "2026-10", "2026-06-30", "<<3", "2026-13-40"]),
)
_TREES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(tree=_TREES)
def test_arbitrary_data_yields_problems_never_an_exception(tree):
    import json

    text = json.dumps(tree, ensure_ascii=False)  # JSON is YAML
    data, problems = model.parse_support(text, languages=LANGS)
    assert (data is None) == bool(problems)
    for problem in problems:
        assert isinstance(problem, Problem) and problem.file == model.DATA_REL
        assert problem.message.endswith(".") and "\n" not in problem.message


@settings(max_examples=200, deadline=None)
@given(edit=st.tuples(st.integers(0, len(SAMPLE) - 1), st.integers(0, 8), st.text(max_size=8)))
def test_mutated_sample_text_yields_problems_never_an_exception(edit):
    start, length, insert = edit
    text = SAMPLE[:start] + insert + SAMPLE[start + length :]
    data, problems = model.parse_support(text, languages=LANGS)
    assert (data is None) == bool(problems)
    assert all(p.line is None or 1 <= p.line <= text.count("\n") + 2 for p in problems)


def project(tmp_path: Path, data: str = SAMPLE) -> Path:
    """A project folder (mkdocs.yml, data file) for the hook's tests."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "python_support.yml").write_text(data, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ntheme: {name: mkdocs, language: ja}\n", encoding="utf-8")
    return tmp_path


def hook_config(folder: Path):
    from mkdocs.config import load_config

    return load_config(str(folder / "mkdocs.yml"))


def test_the_hook_loads_the_data_once_per_build_and_registers_its_renderer(tmp_path, caplog):
    folder = project(tmp_path)
    hook, config = PythonVersionsHook(), hook_config(folder)
    hook.on_config(config)
    first = hook.data
    assert first is not None and first.packages["new-sdk"].version == "2.0.0"
    (extension,) = [e for e in config["markdown_extensions"] if isinstance(e, MarkersExtension)]
    assert extension.renderers == {"python-versions": hook.render}
    (folder / "data" / "python_support.yml").write_text(sample(x=("2.0.0", "2.1.0")), encoding="utf-8")
    hook.render(Marker("python-versions", ("new-sdk",), 3, "docs/p.md"), RenderContext("ja", "p.md"))
    assert hook.data is first  # same build: not re-read per page
    hook.on_config(hook_config(folder))  # next build
    assert hook.data is not None and hook.data.packages["new-sdk"].version == "2.1.0"


def test_a_broken_data_file_is_reported_once_and_markers_then_render_nothing(tmp_path, caplog):
    bad = sample(x=("'>=3.9'", "'>=3.9,=<4'"))
    hook, config = PythonVersionsHook(), hook_config(project(tmp_path, bad))
    with caplog.at_level("ERROR", logger="mkdocs.hooks.python_versions"):
        hook.on_config(config)
    errors = [r.getMessage() for r in caplog.records if r.name == "mkdocs.hooks.python_versions"]
    assert len(errors) == 1 and errors[0].startswith(
        f"data/python_support.yml:{line_of(bad, '=<4')}: 'packages.new-sdk.requires_python' value '>=3.9,=<4' is not a valid"
    )
    assert hook.render(Marker("python-versions", ("new-sdk",), 3, "docs/p.md"), RenderContext("ja", "p.md")) == ""


# ----------------------------------------------------------------------------- matrix


def test_parse_date_and_eol_use_the_last_day_of_a_month_only_date():
    assert model.parse_date("2026-10", end_of_month=True) == dt.date(2026, 10, 31)
    assert model.parse_date("2026-02", end_of_month=True) == dt.date(2026, 2, 28)
    assert model.parse_date("2026-10", end_of_month=False) == dt.date(2026, 10, 1)
    release = model.PythonRelease(released="2021-10-04", eol="2026-10", pep=619)
    assert not table.is_eol(release, dt.date(2026, 10, 31))
    assert table.is_eol(release, dt.date(2026, 11, 1))
    exact = model.PythonRelease(released="2019-10-14", eol="2024-10-07", pep=569)
    assert not table.is_eol(exact, dt.date(2024, 10, 7)) and table.is_eol(exact, dt.date(2024, 10, 8))


@pytest.mark.parametrize(
    "value, lang, expected",
    [
        ("2026-06-30", "ja", "2026 年 6 月 30 日"),
        ("2026-06-30", "en", "June 30, 2026"),
        ("2026-10", "ja", "2026 年 10 月"),
        ("2026-10", "en", "October 2026"),
        ("2025-01-05", "en", "January 5, 2025"),
    ],
)
def test_format_date(value, lang, expected):
    assert table.format_date(value, lang) == expected


@pytest.mark.parametrize(
    "spec, python, expected",
    [
        (">=3.8,<3.12", "3.11", True),
        (">=3.8,<3.12", "3.12", False),
        (">=3.9", "3.8", False),
        (">=3.9.1", "3.9", True),
        ("!=3.9.*,>=3.8", "3.9", False),
        ("", "3.7", True),
        (">=3.8,< 4.0", "3.14", True),
    ],
)
def test_allows(spec, python, expected):
    from packaging.specifiers import SpecifierSet

    assert table.allows(SpecifierSet(spec), python) is expected


def test_cell_status_and_build_rows():
    data = parse(SAMPLE)
    rows = table.build_rows(data, ["old-sdk", "new-sdk"])
    assert [row.name for row in rows] == ["old-sdk", "new-sdk"]
    assert dict(rows[0].cells) == {
        "3.8": table.SUPPORTED,
        "3.9": table.SUPPORTED,
        "3.10": table.REQUIRES_ONLY,
        "3.11": table.UNSUPPORTED,
        "3.12": table.UNSUPPORTED,
    }
    assert dict(rows[1].cells) == {
        "3.8": table.UNSUPPORTED,
        "3.9": table.SUPPORTED,
        "3.10": table.SUPPORTED,
        "3.11": table.SUPPORTED,
        "3.12": table.REQUIRES_ONLY,
    }
    assert [py for py, _ in table.build_rows(data, ["new-sdk"], ["3.11", "3.9"])[0].cells] == ["3.9", "3.11"]


def test_classifier_listed_but_excluded_by_requires_python_is_not_supported():
    package = model.Package({"ja": "p", "en": "p"}, "1", "<3.12", ("3.12",), "2026-11-28")
    assert table.cell_status(package, "3.12") == table.UNSUPPORTED


def test_reference_date_is_the_latest_read_date_not_today():
    data = parse(sample(x=("read: '2026-11-28'\n  old-sdk", "read: '2026-12-05'\n  old-sdk")))
    assert table.reference_date(table.build_rows(data, ["old-sdk", "new-sdk"])) == dt.date(2026, 12, 5)


def ended_sample() -> str:
    """SAMPLE with old-sdk's support ended before the read date."""
    return sample(x=("date: '2027-06-30'", "date: '2026-06-30'"))


def test_ended_packages_come_after_the_current_ones_and_the_lead_recommends_the_current_one():
    data = parse(ended_sample())
    rows = table.build_rows(data, ["old-sdk", "new-sdk"])
    on = table.reference_date(rows)
    assert [r.name for r in table.ordered(rows, on)] == ["new-sdk", "old-sdk"]
    assert table.has_ended(data.packages["old-sdk"], on) and not table.has_ended(data.packages["new-sdk"], on)
    # 3.9 is past its end of life on 2026-11-28, 3.12 not yet released: the newest supported, living one is 3.11
    assert table.recommended_python(table.build_rows(data, ["new-sdk"])[0], data.pythons, on) == "3.11"
    ja = table.render_table(rows, "ja", pythons=data.pythons, index_url=data.index_url)
    en = table.render_table(rows, "en", pythons=data.pythons, index_url=data.index_url)
    assert ja.splitlines()[1] == (
        "2026 年 11 月 28 日の時点で新しく始めるなら、Python 3.11 と、新しい SDK のパッケージ "
        "<code>new-sdk</code> をインストールしてください。"
    )
    assert en.splitlines()[1] == (
        "If you start today (as of November 28, 2026), install Python 3.11 and the New SDK "
        "package <code>new-sdk</code>."
    )
    body = [l for l in en.splitlines() if l.startswith("<tr")]
    assert body[1].startswith('<tr><th scope="row">New SDK<br><code>new-sdk</code></th>')
    assert body[2].startswith(
        '<tr class="pv-ended"><th scope="row">Old SDK<br><code>old-sdk</code><br><small>support ended</small></th>'
    )
    assert '- Packages marked "support ended" are no longer supported by their publisher.' in en
    assert "「サポート終了」と書かれたパッケージは、提供元のサポートが終了しています。" in ja


# ----------------------------------------------------------------------------- table


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_render_table_matches_golden(lang, golden):
    data = parse(SAMPLE)
    rendered = table.render_table(
        table.build_rows(data, ["new-sdk", "old-sdk"]), lang, pythons=data.pythons, index_url=data.index_url
    )
    golden(f"python_versions.{lang}.md", rendered)


def test_render_table_marks_eol_and_planned_columns_and_localizes():
    data = parse(SAMPLE)
    rows = table.build_rows(data, ["old-sdk"])
    ja = table.render_table(rows, "ja", pythons=data.pythons, index_url=data.index_url)
    en = table.render_table(rows, "en", pythons=data.pythons, index_url=data.index_url)
    header_ja = next(l for l in ja.splitlines() if l.startswith('<tr><th scope="col">'))
    header_en = next(l for l in en.splitlines() if l.startswith('<tr><th scope="col">'))
    # 3.10's end of life is 2026-11 (a month): not yet past on the read date 2026-11-28
    assert header_ja.count("サポート終了") == 2 and header_en.count("end of life") == 2
    # version headers are plain text; the PEPs are linked in the note under the table
    assert '<th scope="col">3.10</th>' in header_en and "<a " not in header_en
    assert (
        "Each version's release and end-of-life dates are set by its release-schedule PEP: 3.8 "
        "[PEP 569](https://peps.python.org/pep-0569/), 3.9 [PEP 596](https://peps.python.org/pep-0596/), "
    ) in en
    assert "次の PEP に定められています: 3.8 は [PEP 569](https://peps.python.org/pep-0569/)、" in ja
    assert header_en.index(">3.8<") < header_en.index(">3.9<") < header_en.index(">3.10<") < header_en.index(">3.11<")
    assert "リリース予定" in header_ja and "planned" in header_en
    assert (
        "2026 年 11 月 28 日に PyPI から読み取った" in ja
        and "read from PyPI on November 28, 2026 (old-sdk 1.0.0)" in en
    )
    assert "2027 年 6 月 30 日にサポート終了予定" in ja and "support ends on June 30, 2027" in en  # after the read date
    assert "- 古い SDK (`old-sdk`): 2025 年 3 月 31 日に非推奨、" in ja
    assert "had ended by November 28, 2026." in en and "「リリース予定」の列は" in ja
    assert "[出典](https://example.com/ja)" in ja and "[source](https://example.com/en)" in en
    assert '<td class="pv-requires-only"><span aria-hidden="true">⚠</span><br>not listed</td>' in en
    assert '<td class="pv-requires-only"><span aria-hidden="true">⚠</span><br>記載なし</td>' in ja
    assert '<th scope="row">古い SDK<br><code>old-sdk</code></th>' in ja
    # the legend says what Requires-Python and classifiers are, in plain words
    assert "Requires-Python (the range of Python versions the package declares it can be installed on" in en
    assert "classifiers (作者が対応を明記した Python のバージョンの一覧)" in ja
    # old-sdk supports no living, released Python on the read date: no recommendation
    assert "新しく始めるなら" not in ja and "If you start today" not in en


def test_render_table_lists_dates_per_package_when_they_differ():
    data = parse(sample(x=("read: '2026-11-28'\n  old-sdk", "read: '2026-12-05'\n  old-sdk")))
    en = table.render_table(
        table.build_rows(data, ["new-sdk", "old-sdk"]),
        "en",
        pythons=data.pythons,
        index_url="http://127.0.0.1:1/simple",
    )
    assert (
        "Based on package metadata read from http://127.0.0.1:1/simple (new-sdk 2.0.0, read on December 5, 2026, "
        "old-sdk 1.0.0, read on November 28, 2026)."
    ) in en


def test_rendered_output_is_markdown_with_a_raw_html_table():
    data = parse(SAMPLE)
    md = table.render_table(
        table.build_rows(data, ["new-sdk", "old-sdk"]), "ja", pythons=data.pythons, index_url=data.index_url
    )
    html = markdown.markdown(md)  # no extension needed: the table is a raw HTML block
    assert html.count("<tr>") == 3 and len(re.findall(r"<th[ >]", html)) == 8 and "<code>old-sdk</code>" in html
    assert html.count("<ul>") == 2 and '<a href="https://example.com/ja">出典</a>' in html
    assert "<p>2026 年 11 月 28 日に PyPI から" in html
    assert '<a href="https://peps.python.org/pep-0619/">PEP 619</a>' in html


# ----------------------------------------------------------------------------- marker


def convert(hook: PythonVersionsHook, text: str, lang: str = "ja") -> tuple[str, list[str]]:
    """``text`` converted by Python-Markdown with the markers extension holding the hook's renderer."""
    extension = MarkersExtension()
    extension.add({"python-versions": hook.render})
    md = markdown.Markdown(extensions=[extension, "md_in_html", "fenced_code"])
    extension.begin(PageContext(src_uri="setup/python.md", label="docs/setup/python.md", lang=lang))
    html = md.convert(text)
    return html, [str(p) for p in extension.end()]


@pytest.fixture
def sample_hook(tmp_path):
    hook = PythonVersionsHook()
    hook.on_config(hook_config(project(tmp_path)))
    return hook


def test_marker_expands_through_the_renderer_given_to_the_extension(sample_hook):
    html, problems = convert(sample_hook, "# t\n\n<!-- python-versions: old-sdk new-sdk -->\n\nafter\n", lang="en")
    assert problems == []
    assert "Old SDK<br><code>old-sdk</code>" in html and html.index("<code>old-sdk") < html.index("<code>new-sdk")
    assert html.index("<table>") < html.index("<p>after</p>") and "<!--" not in html


def test_marker_inside_code_stays_literal(sample_hook):
    html, problems = convert(
        sample_hook, "text\n\n    <!-- python-versions: old-sdk -->\n\n```\n<!-- python-versions: nope -->\n```\n"
    )
    assert problems == [] and "<table>" not in html and html.count("&lt;!-- python-versions") == 2


@pytest.mark.parametrize(
    "line, message",
    [
        (
            "<!-- python-versions -->",
            "marker 'python-versions': names no package; list the packages, e.g. "
            "'<!-- python-versions: azure-ai-ml azureml-core -->'.",
        ),
        (
            "<!-- python-versions: old-sdk, new-sdk -->",
            "marker 'python-versions': argument 'old-sdk,' is not a package "
            "name; separate package names with spaces only.",
        ),
        (
            "<!-- python-versions: old-sdk old-sdk -->",
            "marker 'python-versions': package 'old-sdk' is listed twice; list it once.",
        ),
        (
            "<!-- python-versions: old-sdk azure-foo -->",
            "marker 'python-versions': package 'azure-foo' is not in "
            "data/python_support.yml (known: 'new-sdk', 'old-sdk'); add it "
            "there and run 'make refresh-python-versions'.",
        ),
    ],
)
def test_marker_errors_name_page_and_line(sample_hook, line, message):
    _, problems = convert(sample_hook, f"# t\n\ntext\n\n{line}\n")
    assert problems == [f"docs/setup/python.md:5: {message}"]


# ----------------------------------------------------------------------------- the CLI


def test_check_cli_reports_every_problem_on_stderr_and_exits_1(tmp_path, capsys, monkeypatch):
    folder = project(tmp_path)
    monkeypatch.chdir(folder)
    assert pv_main(["check"]) == 0
    assert capsys.readouterr().out == "data/python_support.yml: 2 packages, 5 Python versions, no problems.\n"
    bad = sample(a=("event: deprecated", "event: retired"), b=("pep: '664'", "pep: 'x'"))
    (folder / "data" / "python_support.yml").write_text(bad, encoding="utf-8")
    assert pv_main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"data/python_support.yml:{line_of(bad, 'pep: ' + chr(39) + 'x')}: 'pythons.3.11.pep' value 'x' "
        "is not a PEP number; fix it.",
        f"data/python_support.yml:{line_of(bad, 'retired')}: 'packages.old-sdk.lifecycle[0].event' value "
        "'retired' is not one of deprecated, end-of-support; fix it.",
    ]


# ----------------------------------------------------------------------------- metadata and the local index


def metadata_text(name: str, version: str, requires: str | None, pythons: list[str]) -> str:
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {name}",
        f"Version: {version}",
        "Classifier: Programming Language :: Python",
        "Classifier: Programming Language :: Python :: 3",
    ]
    lines += [f"Classifier: Programming Language :: Python :: {py}" for py in pythons]
    lines += ["Classifier: Programming Language :: Python :: 3 :: Only", "Classifier: License :: OSI Approved"]
    if requires is not None:
        lines.append(f"Requires-Python: {requires}")
    return "\n".join(lines) + "\n\nlong description\n"


def make_wheel(
    folder: Path, name: str, version: str, requires: str | None, pythons: list[str], *, metadata: str | None = None
) -> Path:
    """A minimal pure-Python wheel: NAME-VER.dist-info/{METADATA,WHEEL,RECORD}."""
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    path = folder / f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as whl:
        whl.writestr(f"{info}/METADATA", metadata or metadata_text(name, version, requires, pythons))
        whl.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        whl.writestr(f"{info}/RECORD", f"{info}/METADATA,,\n{info}/WHEEL,,\n{info}/RECORD,,\n")
    return path


def write_index(root: Path) -> None:
    """A PEP 503 simple index at root/simple/ for every wheel in root/files/."""
    from packaging.utils import canonicalize_name, parse_wheel_filename

    projects: dict[str, list[str]] = {}
    for wheel in sorted((root / "files").glob("*.whl")):
        projects.setdefault(canonicalize_name(parse_wheel_filename(wheel.name)[0]), []).append(wheel.name)
    simple = root / "simple"
    simple.mkdir(exist_ok=True)
    (simple / "index.html").write_text(
        "<!DOCTYPE html><html><body>" + "".join(f'<a href="{p}/">{p}</a>' for p in projects) + "</body></html>",
        encoding="utf-8",
    )
    for project, wheels in projects.items():
        (simple / project).mkdir(exist_ok=True)
        (simple / project / "index.html").write_text(
            "<!DOCTYPE html><html><body>"
            + "".join(f'<a href="../../files/{w}">{w}</a>' for w in wheels)
            + "</body></html>",
            encoding="utf-8",
        )


@pytest.fixture
def fake_index(tmp_path, serve_dir):
    """(add_wheel, index_url): wheels added later are visible on the next request."""
    root = tmp_path / "index"
    (root / "files").mkdir(parents=True)
    write_index(root)
    url = serve_dir(root) + "simple/"

    def add(name, version, requires, pythons, **kw):
        make_wheel(root / "files", name, version, requires, pythons, **kw)
        write_index(root)

    return add, url


def test_parse_metadata_and_wheel(tmp_path):
    meta = refresh.parse_metadata(metadata_text("Demo-Pkg", "1.2", ">=3.8, <4", ["3.10", "3.8", "3.9"]))
    assert meta == refresh.Metadata("Demo-Pkg", "1.2", ">=3.8, <4", ("3.8", "3.9", "3.10"))
    assert refresh.parse_metadata(metadata_text("d", "1", None, [])).requires_python == ""
    wheel = make_wheel(tmp_path, "demo-pkg", "1.2", ">=3.9", ["3.9"])
    assert refresh.read_wheel_metadata(wheel) == refresh.Metadata("demo-pkg", "1.2", ">=3.9", ("3.9",))


def test_parse_metadata_errors():
    with pytest.raises(
        HookError,
        match=r"^x/METADATA: Requires-Python '>=3\.8,<<4' of d 1 is not a valid "
        r"version specifier; report it to the package or pin an older version\.$",
    ):
        refresh.parse_metadata(metadata_text("d", "1", ">=3.8,<<4", []), source="x/METADATA")
    with pytest.raises(HookError, match=r"^x: the metadata has no Name or Version header"):
        refresh.parse_metadata("Metadata-Version: 2.1\nName: d\n", source="x")


def test_pip_env_drops_extra_sources(monkeypatch):
    monkeypatch.setenv("PIP_FIND_LINKS", "/opt/wheels")
    monkeypatch.setenv("PIP_EXTRA_INDEX_URL", "file:///elsewhere")
    monkeypatch.setenv("PIP_CERT", "/etc/ssl/certs/ca.crt")
    env = refresh.pip_env()
    assert "PIP_FIND_LINKS" not in env and "PIP_EXTRA_INDEX_URL" not in env
    assert env["PIP_CERT"] == "/etc/ssl/certs/ca.crt" and env["PIP_CONFIG_FILE"] == os.devnull


def write_sample_data(path: Path) -> Path:
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_refresh_end_to_end_against_local_index(tmp_path, fake_index, capsys):
    add, url = fake_index
    add("new-sdk", "2.0.0", ">=3.9", ["3.9", "3.10", "3.11"])
    add("new-sdk", "2.1.0", ">=3.10", ["3.10", "3.11", "3.12"])  # newest: the one read
    add("old-sdk", "1.0.1", ">=3.8,<3.11", ["3.8", "3.9", "3.10"])
    data_file = write_sample_data(tmp_path / "python_support.yml")
    assert pv_main(["refresh", "--index-url", url, "--data", str(data_file), "--date", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert "new-sdk 2.1.0: Requires-Python '>=3.10', classifiers 3.10, 3.11, 3.12" in out
    data = model.load_data(data_file)
    new, old = data.packages["new-sdk"], data.packages["old-sdk"]
    assert (new.version, new.requires_python, new.classifiers, new.read) == (
        "2.1.0",
        ">=3.10",
        ("3.10", "3.11", "3.12"),
        "2026-12-01",
    )
    assert (old.version, old.classifiers) == ("1.0.1", ("3.8", "3.9", "3.10"))
    assert data.index_url == url
    # hand-written parts survive the rewrite
    assert old.display == {"ja": "古い SDK", "en": "Old SDK"} and len(old.lifecycle) == 2
    assert data.pythons == parse(SAMPLE).pythons
    assert data_file.read_text(encoding="utf-8").startswith(refresh.HEADER)
    # the table now shows what was read
    en = table.render_table(table.build_rows(data, ["new-sdk"]), "en", pythons=data.pythons, index_url=data.index_url)
    assert f"read from {url} on December 1, 2026 (new-sdk 2.1.0)" in en


def test_check_passes_when_identical_and_fails_with_diff_after_index_changes(tmp_path, fake_index, capsys):
    add, url = fake_index
    add("new-sdk", "2.0.0", ">=3.9", ["3.9", "3.10", "3.11"])
    add("old-sdk", "1.0.0", ">=3.8,<3.11", ["3.8", "3.9"])
    data_file = write_sample_data(tmp_path / "python_support.yml")
    before = data_file.read_text(encoding="utf-8")
    # a different day and another index URL are not drift: only the metadata counts
    assert pv_main(["refresh", "--check", "--index-url", url, "--data", str(data_file), "--date", "2027-01-01"]) == 0
    assert "is up to date with" in capsys.readouterr().out
    add("old-sdk", "1.1.0", ">=3.8,<3.12", ["3.8", "3.9", "3.11"])
    assert pv_main(["refresh", "--check", "--index-url", url, "--data", str(data_file)]) == 1
    out = capsys.readouterr().out
    assert "\n-    version: 1.0.0\n-    requires_python: '>=3.8,<3.11'\n+    version: 1.1.0\n" in out
    assert "(recorded)" in out.splitlines()[0] and f"(from {url})" in out.splitlines()[1]
    assert "+    requires_python: '>=3.8,<3.12'\n" in out and "+    - '3.11'\n" in out
    assert "read:" not in "".join(l for l in out.splitlines(True) if l[:1] in "+-" and not l.startswith(("+++", "---")))
    assert out.rstrip().endswith(
        "is out of date with " + url + "; run 'make refresh-python-versions' and commit the result."
    )
    assert data_file.read_text(encoding="utf-8") == before  # --check writes nothing


def test_check_passes_on_the_committed_data(tmp_path, fake_index, capsys):
    """A local index that serves exactly what the committed file records: --check is clean."""
    add, url = fake_index
    committed = model.load_data(ROOT / model.DATA_REL)
    for name, package in committed.packages.items():
        add(name, package.version, package.requires_python, list(package.classifiers))
    copy = tmp_path / "python_support.yml"
    copy.write_text((ROOT / model.DATA_REL).read_text(encoding="utf-8"), encoding="utf-8")
    code = pv_main(["refresh", "--check", "--index-url", url, "--data", str(copy)])
    assert code == 0, capsys.readouterr().out
    assert "is up to date with" in capsys.readouterr().out
    name, first = next(iter(committed.packages.items()))
    add(name, first.version + ".post99", first.requires_python, list(first.classifiers))
    assert pv_main(["refresh", "--check", "--index-url", url, "--data", str(copy)]) == 1
    assert f"+    version: {first.version}.post99" in capsys.readouterr().out


def test_refresh_reads_only_the_given_index(tmp_path, fake_index, monkeypatch):
    """pip's own settings (extra indexes, find-links) must not leak in: the old version on the given index wins."""
    add, url = fake_index
    add("azure-ai-ml", "0.0.1", ">=3.7", ["3.7"])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    make_wheel(elsewhere, "azure-ai-ml", "9.9.9", ">=3.7", ["3.7"])
    monkeypatch.setenv("PIP_FIND_LINKS", str(elsewhere))
    meta = refresh.fetch_metadata("azure-ai-ml", index_url=url, workdir=tmp_path / "work")
    assert (meta.version, meta.requires_python, meta.classifiers) == ("0.0.1", ">=3.7", ("3.7",))


def test_refresh_as_module_cli(tmp_path, fake_index):
    add, url = fake_index
    add("new-sdk", "2.0.0", ">=3.9", ["3.9", "3.10", "3.11"])
    add("old-sdk", "1.0.0", ">=3.8,<3.11", ["3.8", "3.9"])
    data_file = write_sample_data(tmp_path / "python_support.yml")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "hooks.python_versions",
            "refresh",
            "--check",
            "--index-url",
            url,
            "--data",
            str(data_file),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    env = {**os.environ, "PYTHONPATH": str(ROOT), refresh.INDEX_ENV: url}  # the index URL from the environment
    add("old-sdk", "1.0.2", ">=3.8,<3.11", ["3.8", "3.9"])
    proc = subprocess.run(
        [sys.executable, "-m", "hooks.python_versions", "refresh", "--check", "--data", str(data_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 1 and "+    version: 1.0.2" in proc.stdout, proc.stdout + proc.stderr


def test_refresh_repairs_broken_metadata_fields(tmp_path, fake_index, capsys):
    """The data errors that advise 'make refresh-python-versions' are ones the refresh can fix."""
    add, url = fake_index
    add("new-sdk", "2.0.0", ">=3.9", ["3.9", "3.10", "3.11"])
    add("old-sdk", "1.0.0", ">=3.8,<3.11", ["3.8", "3.9"])
    data_file = tmp_path / "python_support.yml"
    data_file.write_text(
        sample(x=("'>=3.8,<3.11'", "'>=3.8,<<3.11'")).replace("    version: 2.0.0\n", ""), encoding="utf-8"
    )
    with pytest.raises(HookError):
        model.load_data(data_file)
    assert pv_main(["refresh", "--index-url", url, "--data", str(data_file)]) == 0, capsys.readouterr()
    data = model.load_data(data_file)
    assert (data.packages["new-sdk"].version, data.packages["old-sdk"].requires_python) == ("2.0.0", ">=3.8,<3.11")


def test_refresh_errors(tmp_path, fake_index, capsys):
    add, url = fake_index
    data_file = write_sample_data(tmp_path / "python_support.yml")
    add("new-sdk", "2.0.0", ">=3.9", ["3.9"])
    # old-sdk is not on the index
    assert pv_main(["refresh", "--index-url", url, "--data", str(data_file)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {url}: pip download of 'old-sdk' failed (") and err.rstrip().endswith(
        "check the name and the index URL."
    )
    # a malformed Requires-Python on the index
    add("old-sdk", "1.0.0", None, [], metadata=metadata_text("old-sdk", "1.0.0", ">=3.8,<<3.11", ["3.8"]))
    assert pv_main(["refresh", "--index-url", url, "--data", str(data_file)]) == 2
    assert "Requires-Python '>=3.8,<<3.11' of old-sdk 1.0.0 is not a valid version specifier" in capsys.readouterr().err
    # a classifier for a Python the lifecycle list lacks: the file is not written
    add("old-sdk", "1.0.1", ">=3.8", ["3.8", "3.16"])
    assert pv_main(["refresh", "--index-url", url, "--data", str(data_file)]) == 2
    assert "lists Python '3.16', which 'pythons' does not define" in capsys.readouterr().err
    assert data_file.read_text(encoding="utf-8") == SAMPLE


# ----------------------------------------------------------------------------- fixture-site builds


def fixture_site(tmp_path: Path, page: str, data: str = SAMPLE) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    (tmp_path / "data" / "python_support.yml").write_text(data, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions: [tables]\nhooks:\n"
        f"  - {ROOT / 'hooks' / 'markers' / 'hook.py'}\n  - {ROOT / 'hooks' / 'python_versions' / 'hook.py'}\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.slow
def test_fixture_site_renders_the_table(tmp_path):
    project = fixture_site(tmp_path, "# Home\n\n<!-- python-versions: new-sdk old-sdk -->\n")
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<table>" in html and "<code>new-sdk</code>" in html and "2.0.0" in html


@pytest.mark.slow
def test_fixture_site_with_bad_marker_fails_strict_build(tmp_path):
    project = fixture_site(tmp_path, "# Home\n\ntext\n\n<!-- python-versions: new-sdk nope -->\n")
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert any(
        "docs/index.md:5: marker 'python-versions': package 'nope' is not in data/python_support.yml" in w
        for w in build.warnings
    ), build.log


@pytest.mark.slow
def test_fixture_site_with_bad_data_fails_strict_build(tmp_path):
    bad = sample(x=("    classifiers: ['3.9', '3.10', '3.11']\n", "    classifiers: ['3.9', '3.6']\n"))
    project = fixture_site(tmp_path, "# Home\n\n<!-- python-versions: new-sdk -->\n", bad)
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode != 0
    line = line_of(bad, "'3.6'")
    assert any(
        f"data/python_support.yml:{line}: 'packages.new-sdk.classifiers' lists Python '3.6'" in w
        for w in build.warnings
    ), build.log


# ----------------------------------------------------------------------------- the real site


@pytest.mark.slow
@pytest.mark.parametrize("lang, path", [("ja", "setup/python/index.html"), ("en", "en/setup/python/index.html")])
def test_real_setup_page_shows_the_generated_table(real_site, lang, path):
    """The setup page holds the table built from the committed data, in its language, and none of the seed's list."""
    import html as html_lib

    data = model.load_data(ROOT / model.DATA_REL)
    page = (real_site.site_dir / path).read_text(encoding="utf-8")
    start = page.index('id="python-versions"')
    section = page[start : page.index("<h2", start + 1)]
    assert '<div class="python-versions">' in section and "<!-- python-versions" not in page
    names = ["azure-ai-ml", "azureml-core", "azureml-train-automl-client"]
    for name in names:
        assert re.search(f'<th scope="row">[^<]+<br><code>{name}</code>(<br><small>[^<]+</small>)?</th>', section)
    rows = table.build_rows(data, names)
    read = table.format_date(table.reference_date(rows).isoformat(), lang)
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", section))
    assert read in text
    for row in rows:
        assert f"{row.name} {row.package.version}" in text
    # one cell per package and Python version, each with its localized label
    assert section.count('<td class="pv-') == len(names) * len(data.pythons)
    assert table.LABELS[lang][table.SUPPORTED] in text and table.LABELS[lang]["eol"] in text
    # the current SDK first, the two SDK v1 packages (support ended 2026-06-30) after it and marked as ended;
    # Python 3.15 was released on 2026-10-09, so no column is 'planned'; the lead names what to install
    assert section.index("<code>azure-ai-ml</code>") < section.index("<code>azureml-core</code>")
    assert section.count('<tr class="pv-ended">') == 2
    assert table.LABELS[lang]["planned"] not in text
    lead = {
        "ja": "Python 3.14 と、Python SDK v2 のパッケージ azure-ai-ml をインストールしてください。",
        "en": "install Python 3.14 and the Python SDK v2 package azure-ai-ml.",
    }[lang]
    assert lead in text
    # the seed's hand-typed 2023 list is gone
    for stale in ("3.7 以上", "3.7、3.8、3.9、3.10", "3.7 または 3.8", "azureml-automl パッケージ"):
        assert stale not in text


@pytest.mark.browser
@pytest.mark.parametrize("path", ["setup/python/index.html", "en/setup/python/index.html"])
def test_table_fits_a_desktop_page_and_reads_as_labels(real_site, browser, serve_dir, path):
    """In Chromium at 1400 px the whole table is visible without scrolling, and cells read as words, not symbols."""
    base = serve_dir(real_site.site_dir)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(base + path + "#python-versions")
        grid = page.locator(".python-versions table")
        # the table's right edge against the article's: wider means Material's wrapper scrolls it sideways
        edges = grid.evaluate(
            "t => [t.getBoundingClientRect().right, t.scrollWidth - t.clientWidth, "
            "t.closest('article').getBoundingClientRect().right]"
        )
        assert edges[0] <= edges[2] + 1 and edges[1] <= 1, f"table is wider than the page: {edges}"
        lang = "en" if path.startswith("en/") else "ja"
        first = page.locator(".python-versions tbody td").first
        # the symbol is aria-hidden: the accessible text of a cell is its label
        visible = first.evaluate(
            "td => [...td.childNodes].filter(n => !(n.nodeType === 1 && "
            "n.getAttribute('aria-hidden') === 'true')).map(n => n.textContent).join('').trim()"
        )
        assert visible in {table.LABELS[lang][s] for s in (table.SUPPORTED, table.REQUIRES_ONLY, table.UNSUPPORTED)}
        assert page.locator(".python-versions tbody th[scope=row]").count() == 3
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_table_as_blocks_gives_the_html_of_the_table_markdown(lang):
    from hooks.markers import Blocks

    data, problems = model.load_support(ROOT / "data" / "python_support.yml", label="data/python_support.yml")
    assert data is not None and problems == []
    text = table.render_table(
        table.build_rows(data, list(data.packages)), lang, pythons=data.pythons, index_url=data.index_url
    )
    extensions = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc"]
    pages = []
    for rendered in (text, Blocks.split(text)):
        ext = MarkersExtension()
        ext.add({"python-versions": lambda m, c, rendered=rendered: rendered})
        ext.begin(PageContext(src_uri="setup/python.md", label="docs/setup/python.md", lang=lang))
        source = "# Python\n\n<!-- python-versions: azure-ai-ml -->\n\nafter\n"
        pages.append(markdown.markdown(source, extensions=[ext, *extensions]))
        assert ext.end() == []
    assert pages[0] == pages[1] and pages[0].count("<table>") == 1
