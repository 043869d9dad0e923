"""Unit tests for the benchmark's plain functions (bench/): no timings here, `make bench` measures."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from bench import run, synth
from bench.timed_build import hook_name

CONFIG = """\
site_name: X
plugins:
  - search
  - i18n:
      languages: [ja]

hooks:
  - hooks/a/hook.py
  - hooks/linkcheck/hook.py

markdown_extensions:
  - toc
nav:
  - Home: index.md
  - Old: old.md
"""


def test_derive_config_replaces_nav_and_drops_hooks():
    out = synth.derive_config(CONFIG, nav="nav:\n  - New: new.md\n", hooks=False)
    assert "Old: old.md" not in out and "New: new.md" in out
    assert "hooks:" not in out and "hooks/a/hook.py" not in out
    assert "markdown_extensions:\n  - toc\n" in out and "  - search\n" in out


def test_derive_config_appends_plugins_inside_the_plugins_block():
    out = synth.derive_config(CONFIG, extra_plugins="  - htmlproofer:\n      raise_error: false\n")
    plugins = out.split("plugins:\n", 1)[1].split("\nhooks:", 1)[0]
    assert plugins.rstrip().endswith("  - htmlproofer:\n      raise_error: false")
    assert "hooks/a/hook.py" in out and "Old: old.md" in out


def test_slope_of_a_power_law():
    xs = [100, 400, 1600]
    assert math.isclose(run.slope(xs, [3 * x for x in xs]), 1.0)
    assert math.isclose(run.slope(xs, [x**1.5 for x in xs]), 1.5)


def test_slope_of_one_size_is_none_and_its_row_says_so():
    assert run.slope([1600], [2.0]) is None and run.slope([400, 400], [1.0, 2.0]) is None
    size = {"pages_per_lang": 1600, "html_pages": 3201, "build_s": [3.2], "hooks_s": [0.3], "linkcheck_s": [0.1]}
    scaling = {"sizes": [size], "build_slope": None, "linkcheck_slope": None, "hooks_slope": None}
    rows = [r for r in run.table({"scaling": scaling}) if r["figure"].startswith("2a.")]
    assert len(rows) == 1 and rows[0]["measured"].startswith("n/a, one size measured") and rows[0]["result"] == "n/a"


def test_found_maps_reports_to_planted_defects():
    tokens = {"a": ("planted-a",), "b": ("%E5%AD%98", "存在")}
    hit, other = run.found(tokens, ["x.html:3: link 'p#planted-a' broken", "anchor '存在' missing", "y: other"])
    assert hit == ["a", "b"] and other == ["y: other"]


def test_linkchecker_reports_keeps_errors_and_warnings():
    csv_text = "\n".join(
        [
            "# created by LinkChecker",
            "urlname;parentname;base;result;warningstring;infostring;valid;url;line",
            "../p0003/#planted-anchor-2;http://h/s00/p0002/;;200 OK;Anchor `planted-anchor-2' not found.;;True;u;1",
            "missing.svg;http://h/s00/p0003/;;404 File not found;;;False;u;2",
            "../ok/;http://h/;;200 OK;;;True;u;3",
        ]
    )
    reports = run.linkchecker_reports(csv_text)
    assert len(reports) == 2
    assert "planted-anchor-2" in reports[0] and "404 File not found" in reports[1]


def test_synthetic_project_has_defects_terms_and_markers(tmp_path):
    project = synth.make_project(tmp_path / "p", 30, defects=True)
    docs = project / "docs"
    ja_pages = sorted(docs.glob("s*/p*.md"))
    ja_pages = [p for p in ja_pages if not p.name.endswith(".en.md")]
    assert len(ja_pages) == 30 - synth.SECTIONS - 2
    text = "\n".join(p.read_text(encoding="utf-8") for p in docs.rglob("*.md"))
    for defect in synth.DEFECTS:
        assert any(token in text for token in defect.tokens), defect.id
    assert "<!-- python-versions: azure-ai-ml -->" in text and "../assets/figures/" in text
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "not_in_nav:" in config and "hooks/linkcheck/hook.py" in config


def test_synthetic_project_switches_the_revision_date_plugin_off_and_only_it(tmp_path):
    from mkdocs.config import load_config

    project = synth.make_project(tmp_path / "p", 30)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    assert config.plugins["git-revision-date-localized"].config["enabled"] is False
    real = load_config(str(synth.ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "real-site"))
    assert real.plugins["git-revision-date-localized"].config["enabled"] is True
    assert set(config.plugins) == set(real.plugins)


def test_without_build_dates_keeps_the_entry_s_options():
    text = "plugins:\n  - search\n  - git-revision-date-localized:\n      type: date\n  - glightbox\n"
    assert synth.without_build_dates(text) == (
        "plugins:\n  - search\n  - git-revision-date-localized:\n      enabled: false\n      type: date\n  - glightbox\n"
    )
    with pytest.raises(ValueError, match="without options"):
        synth.without_build_dates("plugins:\n  - git-revision-date-localized\n")
    assert synth.without_build_dates("plugins:\n  - search\n") == "plugins:\n  - search\n"


def test_synthetic_project_rejects_tiny_sizes(tmp_path):
    with pytest.raises(ValueError, match="too small"):
        synth.make_project(tmp_path / "p", 12)


def test_update_readme_replaces_only_between_markers(tmp_path, monkeypatch):
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{run.README_START}\nold\n{run.README_END}\nend\n", encoding="utf-8")
    monkeypatch.setattr(run, "README", readme)
    rows = [{"figure": "f", "measured": "1", "target": "<= 2", "result": "pass"}]
    assert run.update_readme(rows, {"date": "2026-11-28T00:00:00Z", "runs": 5, "total_seconds": 60, "cpus": 2})
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("intro\n") and text.endswith(f"{run.README_END}\nend\n") and "old" not in text
    assert "| f      | 1        | <= 2   | pass   |" in text
    readme.write_text("no markers\n", encoding="utf-8")
    assert not run.update_readme(rows, {"date": "x", "runs": 5, "total_seconds": 60, "cpus": 2})


def test_hook_paths_and_removing_one_hook_line():
    assert run.hook_paths(CONFIG) == ["hooks/a/hook.py", "hooks/linkcheck/hook.py"]
    out = run.without_hook(CONFIG, "hooks/a/hook.py")
    assert run.hook_paths(out) == ["hooks/linkcheck/hook.py"]
    assert out.replace("hooks:\n  - hooks/linkcheck/hook.py\n", "") == CONFIG.replace(
        "hooks:\n  - hooks/a/hook.py\n  - hooks/linkcheck/hook.py\n", ""
    )


def test_hook_name_is_the_package():
    assert hook_name("hooks/linkcheck/hook.py") == "linkcheck"
    assert hook_name("/abs/repo/hooks/seo/hook.py") == "seo"
    assert hook_name("hooks/old_hook.py") == "old_hook"


def test_links_project_plants_the_same_number_of_valid_or_broken_links(tmp_path):
    for broken in (False, True):
        project = run.links_project(tmp_path / str(broken), broken)
        text = (project / "docs" / "index.md").read_text(encoding="utf-8")
        assert text.count("](target.md#") == run.LINKS
        assert ("#gone-5999)" in text) is broken and ("#here)" in text) is not broken


def test_timed_build_times_hook_events_by_package_and_not_plugins(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    hook = tmp_path / "hooks" / "slow" / "hook.py"
    hook.parent.mkdir(parents=True)
    hook.write_text("import time\n\ndef on_post_page(output, **kwargs):\n    time.sleep(0.05)\n    return output\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\ntheme:\n  name: mkdocs\nplugins:\n  - search\nhooks:\n  - hooks/slow/hook.py\n", encoding="utf-8"
    )
    done = subprocess.run(  # its own process: timed_build patches MkDocs' event loop and logging
        [sys.executable, "-m", "bench.timed_build", str(tmp_path / "mkdocs.yml"), str(tmp_path / "site")],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert list(result["hooks_s"]) == ["slow"]  # the search plugin's events are not counted
    assert 0.05 <= result["hooks_s"]["slow"] < result["build_s"]
    assert (tmp_path / "site" / "index.html").is_file()


def test_paired_added_is_the_median_of_the_pairs_ratios():
    # a machine that slows down in the third pair: the ratio of medians would say +25%, the pairs say +10%
    with_s, without_s = [1.1, 1.1, 2.2, 1.1, 1.1], [1.0, 1.0, 2.0, 1.0, 1.0]
    assert run.paired_added(with_s, without_s) == pytest.approx(0.10)
    assert run.paired_added([1.0, 3.0, 1.2], [1.0, 2.0, 1.0]) == pytest.approx(0.2)
    with pytest.raises(ValueError):
        run.paired_added([1.0], [1.0, 2.0])


def test_cold_pair_reports_what_the_first_build_adds():
    assert run.cold_pair(1.5, 1.2) == pytest.approx({"with_s": 1.5, "without_s": 1.2, "added": 0.25})


def test_pair_order_alternates_which_side_builds_first(monkeypatch):
    calls = []
    monkeypatch.setattr(run, "build", lambda **kw: calls.append(kw["site"]) or {"site": kw["site"]})
    for i in range(3):
        a, b = run.pair_order(i, {"site": "with"}, {"site": "without"})
        assert (a["site"], b["site"]) == ("with", "without")
    assert calls == ["with", "without", "without", "with", "with", "without"]


def test_server_is_quiet_when_a_client_goes_away_and_loud_otherwise(capsys):
    from bench import serve

    server = serve.Server(("127.0.0.1", 0), serve.Handler)
    try:
        for error in (
            BrokenPipeError(32, "Broken pipe"),
            ConnectionResetError(104, "reset"),
            ValueError("not a disconnect"),
        ):
            try:
                raise error
            except Exception:
                server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.server_close()
    err = capsys.readouterr().err
    assert "BrokenPipe" not in err and "ConnectionReset" not in err
    assert "ValueError: not a disconnect" in err
