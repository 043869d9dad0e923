"""hooks.core: build phase, problems and reporter, path labels (X's part of the core)."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from mkdocs.config import load_config

from hooks.core.paths import project_dir, shown_path, source_label
from hooks.core.phase import BuildPhase, languages, phase
from hooks.core.problems import HookError, Problem, Reporter
from hooks.core.scripts import NO_LINE_END, NO_LINE_START, SMALL_KANA, is_japanese, is_katakana, script
from tests.conftest import copy_project, mkdocs_build, plant_broken_link

ROOT = Path(__file__).resolve().parents[1]

I18N_YML = """\
site_name: t
docs_dir: pages
theme:
  name: material
  language: ja
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - locale: ja
          default: true
          name: 日本語
          build: true
        - locale: en
          name: English
          build: true
        - locale: fr
          name: Français
          build: true
"""


def _config(tmp_path: Path, text: str):
    (tmp_path / "pages").mkdir(exist_ok=True)
    if "docs_dir" not in text:
        text = "docs_dir: pages\n" + text
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"))


# --- Problem, HookError, Reporter ---------------------------------------------------------------


def test_problem_str_with_and_without_line():
    assert str(Problem("docs/x.md", 12, "link 'a.md' points to 'docs/a.md', which does not exist.")) == (
        "docs/x.md:12: link 'a.md' points to 'docs/a.md', which does not exist."
    )
    assert str(Problem("data/glossary.yml", None, "is empty.")) == "data/glossary.yml: is empty."


def test_problem_defaults_to_error_and_is_frozen():
    problem = Problem("a.md", 1, "m.")
    assert problem.level == "error"
    with pytest.raises(AttributeError):
        problem.line = 2  # type: ignore[misc]


def test_problems_sort_by_file_then_line_with_no_line_first():
    problems = [
        Problem("b.md", 1, "x."),
        Problem("a.md", 10, "x."),
        Problem("a.md", 9, "y."),
        Problem("a.md", None, "z."),
        Problem("a.md", 9, "b.", "warning"),
    ]
    assert [(p.file, p.line, p.message) for p in sorted(problems)] == [
        ("a.md", None, "z."),
        ("a.md", 9, "b."),
        ("a.md", 9, "y."),
        ("a.md", 10, "x."),
        ("b.md", 1, "x."),
    ]


def test_problems_equal_and_hash_by_every_field():
    assert Problem("a.md", 1, "m.") == Problem("a.md", 1, "m.")
    assert len({Problem("a.md", 1, "m."), Problem("a.md", 1, "m.")}) == 1
    assert Problem("a.md", 1, "m.") != Problem("a.md", 2, "m.")
    assert Problem("a.md", 1, "m.") != Problem("a.md", 1, "m.", "warning")
    assert Problem("a.md", None, "m.") != Problem("a.md", 0, "m.")


def test_problems_copy_and_pickle_as_equal_problems():
    import copy
    import pickle

    problem = Problem("a.md", None, "m.", "warning")
    for again in (copy.copy(problem), copy.deepcopy(problem), pickle.loads(pickle.dumps(problem))):
        assert again == problem and again.line is None and again.level == "warning"
    assert repr(problem) == "Problem(file='a.md', line=None, message='m.', level='warning')"


def test_hook_error_carries_its_problem():
    problem = Problem("data/figures.yml", 120, "key 'vaules' is not allowed here.")
    err = HookError(problem)
    assert err.problem is problem
    assert str(err) == "data/figures.yml:120: key 'vaules' is not allowed here."


def test_reporter_logs_each_problem_once_in_first_reported_order(caplog):
    reporter = Reporter("demo")
    reporter.add(Problem("b.md", 2, "second."))
    reporter.extend([Problem("a.md", 1, "first.", "warning"), Problem("b.md", 2, "second.")])
    assert len(reporter) == 2
    with caplog.at_level(logging.DEBUG, logger="mkdocs.hooks.demo"):
        assert reporter.flush() == 2
    records = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert records == [
        ("mkdocs.hooks.demo", logging.ERROR, "b.md:2: second."),
        ("mkdocs.hooks.demo", logging.WARNING, "a.md:1: first."),
    ]
    assert reporter.flush() == 0  # cleared


# --- paths --------------------------------------------------------------------------------------


def test_shown_path_is_relative_posix_or_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert shown_path(tmp_path / "docs" / "a.md") == "docs/a.md"
    assert shown_path("docs/a.md") == "docs/a.md"
    assert shown_path(tmp_path / "x" / "y.md", base=tmp_path / "x") == "y.md"
    outside = tmp_path.parent / "elsewhere.md"
    assert shown_path(outside) == outside.as_posix()


def test_project_dir_and_source_label(tmp_path, monkeypatch):
    config = _config(tmp_path, "site_name: t\ndocs_dir: pages\n")
    monkeypatch.chdir(ROOT)
    assert project_dir(config) == tmp_path
    assert source_label(config, "concepts/compute.md") == "pages/concepts/compute.md"


# --- phase --------------------------------------------------------------------------------------


def test_languages_from_i18n_default_first(tmp_path):
    text = I18N_YML.replace("          default: true\n", "").replace(
        "        - locale: fr\n          name: Français\n",
        "        - locale: fr\n          default: true\n          name: Français\n",
    )
    assert languages(_config(tmp_path, text)) == ("fr", "ja", "en")


def test_languages_fall_back_to_theme_language(tmp_path):
    config = _config(tmp_path, "site_name: t\ntheme:\n  name: material\n  language: ja\n")
    assert languages(config) == ("ja",)
    assert phase(config) == BuildPhase(("ja",), "ja", "ja", first=True, last=True, offline=False)


def test_phase_follows_static_i18n_through_the_nested_builds(tmp_path):
    config = _config(tmp_path, I18N_YML)
    i18n = config.plugins["i18n"]
    # outer build before static-i18n's on_config: current_language is still None
    assert phase(config) == BuildPhase(("ja", "en", "fr"), "ja", "ja", first=True, last=False, offline=False)
    i18n.building = True
    i18n.current_language = "en"
    assert phase(config) == BuildPhase(("ja", "en", "fr"), "ja", "en", first=False, last=False, offline=False)
    i18n.current_language = "fr"
    assert phase(config).last and not phase(config).first
    # back in the outer build after the nested ones: current_language stays on the last one
    i18n.building = False
    assert phase(config) == BuildPhase(("ja", "en", "fr"), "ja", "ja", first=True, last=False, offline=False)


@pytest.mark.parametrize(("enabled", "expected"), [("true", True), ("false", False)])
def test_phase_offline_follows_the_offline_plugin(tmp_path, enabled, expected):
    text = f"site_name: t\ntheme:\n  name: material\nplugins:\n  - offline:\n      enabled: {enabled}\n"
    assert phase(_config(tmp_path, text)).offline is expected


def test_phase_in_a_real_bilingual_build(tmp_path):
    """Each language's build sees its own phase; only the last sees last=True, when every page is written."""
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "index.md").write_text("# ja\n", encoding="utf-8")
    (tmp_path / "pages" / "index.en.md").write_text("# en\n", encoding="utf-8")
    (tmp_path / "record.py").write_text(
        textwrap.dedent(
            f"""
            import sys, pathlib
            sys.path.insert(0, {str(ROOT)!r})
            from hooks.core.phase import phase

            def on_post_build(config):
                p = phase(config)
                written = sorted(str(x.relative_to(config.site_dir)) for x in pathlib.Path(config.site_dir).rglob("index.html"))
                with open({str(tmp_path / "log.txt")!r}, "a") as f:
                    f.write(f"{{p.current}} first={{p.first}} last={{p.last}} {{written}}\\n")
            """
        ),
        encoding="utf-8",
    )
    text = I18N_YML.replace("        - locale: fr\n          name: Français\n          build: true\n", "")
    (tmp_path / "mkdocs.yml").write_text(text + "hooks:\n  - record.py\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=tmp_path, check=True, env={"NO_MKDOCS_2_WARNING": "1"}
    )
    lines = (tmp_path / "log.txt").read_text(encoding="utf-8").splitlines()
    assert lines == [
        "ja first=True last=False ['index.html']",
        "en first=False last=True ['en/index.html', 'index.html']",
    ]


# ----------------------------------------------------------------------------------------------
# scripts: the typesetting classes, and where they differ from script()
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ch", "katakana", "japanese", "script_class"),
    [
        ("ア", True, True, "katakana"),
        ("ー", True, True, "katakana"),
        ("ヽ", True, True, "katakana"),
        ("・", False, True, "punct"),  # separates words in both views
        ("゠", False, True, "punct"),
        ("ヿ", False, True, "katakana"),  # the digraph koto: a word letter for script() only
        ("ㇰ", False, False, "katakana"),  # small-katakana extension
        ("ｱ", False, True, "katakana"),  # half-width: full-width forms are Japanese text to BudouX
        ("あ", False, True, "hiragana"),
        ("学", False, True, "kanji"),
        ("𠮷", False, False, "kanji"),  # supplementary plane: JAPANESE is the BMP only
        ("、", False, True, "punct"),
        ("a", False, False, "latin"),
    ],
)
def test_typesetting_classes_and_script_classes(ch, katakana, japanese, script_class):
    assert is_katakana(ch) is katakana
    assert is_japanese(ch) is japanese
    assert script(ch) == script_class


def test_is_japanese_and_not_latin_agree_with_japanese_on_every_code_point():
    from hooks.core import scripts

    chars = [chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF]
    japanese = [ch for ch in chars if re.fullmatch(scripts.JAPANESE_CLASS, ch)]
    assert [ch for ch in chars if is_japanese(ch)] == japanese
    assert set(japanese) <= {ch for ch in chars if scripts.NOT_LATIN.fullmatch(ch)}  # a superset
    assert not scripts.NOT_LATIN.search("café — naïve… ✓ ©")  # what English pages hold
    assert scripts.has_japanese("a 😀 — 学") and not scripts.has_japanese("a 😀 — ㄅ ꀀ")


def test_kinsoku_sets_hold_small_kana_and_brackets():
    assert set(SMALL_KANA) <= NO_LINE_START
    assert {"」", "。", "ー", "・"} <= NO_LINE_START
    assert {"「", "（"} <= NO_LINE_END
    assert not NO_LINE_START & NO_LINE_END
    assert {",", ".", "%", "％"} <= NO_LINE_START and "«" in NO_LINE_END  # ASCII look-alikes, percent after a number


def test_kinsoku_sets_are_the_rule_the_browser_line_break_test_checks():
    from linebreaks_browser import NO_LINE_START as CHECKED_IN_THE_BROWSER  # written down on its own there

    assert set(CHECKED_IN_THE_BROWSER) == NO_LINE_START


def test_serve_memo_computes_once_per_text_in_serve_and_forgets_what_a_build_did_not_use():
    from hooks.core.cache import ServeMemo

    calls: list[str] = []

    def compute(text: str) -> str:
        calls.append(text)
        return text.upper()

    memo: ServeMemo[str] = ServeMemo()
    memo.start("build")  # a single build: nothing is kept
    assert [memo.get("a", compute), memo.get("a", compute)] == ["A", "A"] and calls == ["a", "a"] and len(memo) == 0
    memo.start("serve")
    calls.clear()
    assert [memo.get("a", compute), memo.get("b", compute), memo.get("a", compute)] == ["A", "B", "A"]
    assert calls == ["a", "b"]
    memo.trim()  # the first build used both
    assert memo.get("a", compute) == "A" and calls == ["a", "b"] and len(memo) == 2
    memo.trim()  # the second build did not use 'b' (edited away)
    assert len(memo) == 1 and memo.get("b", compute) == "B" and calls == ["a", "b", "b"]


def _template_env(templates, cache):
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), bytecode_cache=cache, auto_reload=False)


def test_template_cache_keeps_compiled_templates_between_builds_and_follows_edits(tmp_path, monkeypatch):
    import jinja2

    from hooks.core.cache import TemplateCache

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.html").write_text("Hello {{ name }}!", encoding="utf-8")
    cache = TemplateCache.in_project(tmp_path)
    assert _template_env(templates, cache).get_template("t.html").render(name="a") == "Hello a!"
    assert list((tmp_path / ".cache" / "hooks" / "jinja").iterdir())  # written on the first build

    def no_compile(*args, **kwargs):
        raise AssertionError("compiled again")

    with monkeypatch.context() as patch:  # the next build loads the compiled template
        patch.setattr(jinja2.Environment, "compile", no_compile)
        assert _template_env(templates, TemplateCache.in_project(tmp_path)).get_template("t.html").render(name="b") == (
            "Hello b!"
        )
    (templates / "t.html").write_text("Bye {{ name }}.", encoding="utf-8")  # an edit: compiled again
    assert _template_env(templates, TemplateCache.in_project(tmp_path)).get_template("t.html").render(name="c") == (
        "Bye c."
    )


def test_template_cache_that_is_corrupt_or_unwritable_only_means_compiling(tmp_path):
    from hooks.core.cache import TemplateCache

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.html").write_text("{{ 1 + 1 }}", encoding="utf-8")
    cache = TemplateCache.in_project(tmp_path)
    assert _template_env(templates, cache).get_template("t.html").render() == "2"
    for file in (tmp_path / ".cache" / "hooks" / "jinja").iterdir():
        file.write_bytes(file.read_bytes()[:20] + b"\x00garbage")
    assert _template_env(templates, TemplateCache.in_project(tmp_path)).get_template("t.html").render() == "2"
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the .cache folder would be", encoding="utf-8")
    assert _template_env(templates, TemplateCache.in_project(blocked)).get_template("t.html").render() == "2"


def test_serve_memo_store_keeps_one_builds_results_between_processes(tmp_path):
    from hooks.core.cache import ServeMemo

    calls: list[str] = []

    def compute(text: str) -> str:
        calls.append(text)
        return text.upper()

    store = tmp_path / ".cache" / "hooks" / "x.pickle"
    first: ServeMemo[str] = ServeMemo(pack=str.encode, unpack=lambda packed, text: packed.decode() + "|" + text)
    first.start("build")
    first.use_store(store, "v1")
    assert [first.get("a", compute), first.get("b", compute)] == ["A", "B"] and calls == ["a", "b"]
    first.trim()
    assert store.is_file()

    def again(version: str) -> ServeMemo[str]:
        memo: ServeMemo[str] = ServeMemo(pack=str.encode, unpack=lambda packed, text: packed.decode() + "|" + text)
        memo.start("build")  # a new process
        memo.use_store(store, version)
        return memo

    calls.clear()
    second = again("v1")
    assert second.get("a", compute) == "A|a" and calls == []  # from the store, given its text back
    assert second.get("c", compute) == "C" and calls == ["c"]
    second.trim()  # 'b' was not asked for: edited away
    calls.clear()
    third = again("v1")
    assert [third.get("b", compute), third.get("c", compute)] == ["B", "C|c"] and calls == ["b"]
    calls.clear()
    assert again("v2").get("a", compute) == "A" and calls == ["a"]  # the code changed: nothing is reused

    store.write_bytes(b"not a pickle")
    calls.clear()
    broken = again("v1")
    assert broken.get("a", compute) == "A" and calls == ["a"]
    broken.trim()  # rewritten whole
    assert again("v1").get("a", compute) == "A|a"


def test_serve_memo_store_that_cannot_be_written_leaves_the_build_alone(tmp_path):
    from hooks.core.cache import ServeMemo

    (tmp_path / ".cache").write_text("a file where the .cache folder would be", encoding="utf-8")
    memo: ServeMemo[str] = ServeMemo()
    memo.start("build")
    memo.use_store(tmp_path / ".cache" / "hooks" / "x.pickle", "v1")
    assert memo.get("a", str.upper) == "A"
    memo.trim()  # no exception, nothing written
    assert (tmp_path / ".cache").is_file()


@pytest.mark.slow
def test_a_build_from_the_stores_writes_and_reports_what_a_cold_build_does(tmp_path):
    """.cache/hooks keeps typeset pages, link-check parses and the glossary's data: a second build reads them, and
    writes the same site and the same problems (a planted broken link is still reported at its line)."""
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    line = plant_broken_link(project)
    # a checkout, as a maintainer builds one: the revision dates come from git, not from the time of the build
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@127.0.0.1"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-gpg-sign", "-m", "copy"]):
        subprocess.run([*git, *args], check=True, capture_output=True)
    cold = mkdocs_build(project, tmp_path / "cold", strict=False)
    stores = {path.name for path in (project / ".cache" / "hooks").glob("*.pickle")}
    expected = {"typeset-pages", "linkcheck-pages", "glossary-data", "glossary-patterns", "python-versions-data"}
    assert {f"{name}.pickle" for name in (*expected, "python-versions-tables")} <= stores, stores
    before = {path: path.stat().st_mtime_ns for path in (project / ".cache" / "hooks").glob("*.pickle")}
    warm = mkdocs_build(project, tmp_path / "warm", strict=False)
    assert {path: path.stat().st_mtime_ns for path in before} == before  # nothing new to keep
    message = f"docs/concepts/compute.md:{line}: link 'no-such-page.md' points to"

    def warnings(log: str) -> list[str]:
        return sorted(line for line in log.splitlines() if line.startswith(("WARNING", "ERROR")))

    assert message in cold.log and warnings(warm.log) == warnings(cold.log), warm.log
    cold_files = sorted(p.relative_to(tmp_path / "cold") for p in (tmp_path / "cold").rglob("*.html"))
    assert cold_files == sorted(p.relative_to(tmp_path / "warm") for p in (tmp_path / "warm").rglob("*.html"))
    different = [
        str(p) for p in cold_files if (tmp_path / "cold" / p).read_bytes() != (tmp_path / "warm" / p).read_bytes()
    ]
    assert different == []


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"(?P<a>x+)(?i:[ab]|é)(?P=a)", 0),
        ("[々〆〇\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]+", 0),
        ("a.b", re.S | re.I),
        ("(?x) a  # comment\n b", 0),
        ("(?>(?:(?<=a)(?:zure|ks)|(?<=k)ubernetes))(?!x)", re.I),
    ],
)
def test_regex_cache_gives_the_pattern_re_compiles_in_this_process_and_the_next(tmp_path, pattern, flags):
    from hooks.core.cache import RegexCache

    store = tmp_path / ".cache" / "hooks" / "patterns.pickle"
    first = RegexCache()
    first.use_store(store)
    assert first.compile(pattern, flags) == re.compile(pattern, flags)  # == compares pattern, flags and code
    first.trim()
    second = RegexCache()
    second.use_store(store)
    cached, plain = second.compile(pattern, flags), re.compile(pattern, flags)
    assert (cached, cached.flags, cached.groups, cached.groupindex) == (
        plain,
        plain.flags,
        plain.groups,
        plain.groupindex,
    )
    text = "xxAxx azure AKS kubernetes 日本語𠀋 a\nb ab"
    assert [m.span() for m in cached.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_regex_cache_with_a_store_it_cannot_read_or_write_compiles_as_re_does(tmp_path):
    from hooks.core.cache import RegexCache

    store = tmp_path / "patterns.pickle"
    store.write_bytes(b"not a pickle")
    cache = RegexCache()
    cache.use_store(store)
    assert cache.compile("a+b", 0) == re.compile("a+b")
    cache.trim()  # rewritten
    (tmp_path / "blocked").write_text("a file where the folder would be", encoding="utf-8")
    blocked = RegexCache()
    blocked.use_store(tmp_path / "blocked" / "patterns.pickle")
    assert blocked.compile("c", 0) == re.compile("c")
    blocked.trim()  # no exception
