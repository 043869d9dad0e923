"""Figures: the model (data/figures.yml), text fitting, the generator and its overlap rules, the SVG
safety rule and its cache, the build hook (narrow figures as <picture>), and the built site in a browser."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from hooks.core.cache import CleanCache, source_version
from hooks.core.problems import HookError
from hooks.figures import draw, files, fit, layout, page, safety
from hooks.figures.model import load_figures
from tests.conftest import ROOT, copy_project, mkdocs_build

FIG_DIR = ROOT / "docs" / "assets" / "figures"
NS = {"svg": "http://www.w3.org/2000/svg"}
JAPANESE = re.compile(r"[\u3041-\u30ff\u4e00-\u9fff]")
SLIDE_HASHES = ROOT / "tests" / "data" / "slide-hashes.txt"  # sha256 of each reference slide (hashes only)
ALL_SVGS = sorted(FIG_DIR.glob("*.svg"))
WIDE_SVGS = [p for p in ALL_SVGS if ".narrow." not in p.name]
JA_SVGS = [p for p in WIDE_SVGS if not p.name.endswith(".en.svg")]
FIGURES = load_figures()


def _name(path: Path) -> str:
    return path.name.removesuffix(".svg").removesuffix(".en").removesuffix(".narrow")


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hooks.figures", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


# --- the committed figures ---------------------------------------------------------------------


def test_there_are_24_figures_in_two_languages_and_two_layouts():
    assert len(JA_SVGS) == 24
    assert len(WIDE_SVGS) == 48
    assert len(ALL_SVGS) == 96  # every figure also has a narrow layout per language
    assert set(FIGURES) == {_name(p) for p in ALL_SVGS}


@pytest.mark.parametrize("path", ALL_SVGS, ids=lambda p: p.name)
def test_figure_is_valid_svg_with_title_and_desc_in_its_language(path):
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text)  # raises if not well-formed
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None and (title.text or "").strip(), "figure has no <title>"
    assert desc is not None and len((desc.text or "").strip()) > 40, "figure has no meaningful <desc>"
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    if path.name.endswith(".en.svg"):
        assert root.get("lang") == "en"
        for part, value in (("title", title.text), ("desc", desc.text), ("text", texts)):
            assert not JAPANESE.search(value), f"{path.name}: Japanese in the English {part}: {value[:80]!r}"
    else:
        assert root.get("lang") == "ja"
        assert JAPANESE.search(title.text) and JAPANESE.search(desc.text)
        assert JAPANESE.search(texts), f"{path.name}: the Japanese figure has no Japanese text"


@pytest.mark.parametrize("path", JA_SVGS, ids=lambda p: p.name)
def test_figure_has_english_and_narrow_variants(path):
    name = _name(path)
    for other in (f"{name}.en.svg", f"{name}.narrow.svg", f"{name}.narrow.en.svg"):
        assert (path.parent / other).is_file(), other


@pytest.mark.parametrize("path", ALL_SVGS, ids=lambda p: p.name)
def test_figure_is_small_and_safe(path):
    assert path.stat().st_size < 60 * 1024
    assert safety.find_unsafe(path.read_text(encoding="utf-8")) == []


def test_every_svg_under_docs_is_safe_and_paired():
    assert safety.check_tree(ROOT / "docs") == []


def test_committed_figures_equal_generator_output():
    assert files.check() == []
    proc = _cli("check")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "figures are up to date and safe."


def test_no_file_in_the_repo_is_a_reference_slide():
    hashes = {line.split()[0] for line in SLIDE_HASHES.read_text().splitlines() if line.strip()}
    assert len(hashes) == 21 and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), "slide-hashes.txt is damaged"
    skip = {".git", ".venv", "node_modules", "site", "dist", ".cache", "__pycache__", ".pytest_cache"}
    hits = []
    for path in ROOT.rglob("*"):
        inside = path.is_file() and not skip & set(path.relative_to(ROOT).parts)
        if inside and hashlib.sha256(path.read_bytes()).hexdigest() in hashes:
            hits.append(str(path.relative_to(ROOT)))
    assert hits == []


def test_figures_are_drawings_not_rasters():
    rasters = [
        p
        for p in (ROOT / "docs").rglob("*")
        if p.suffix.lower() in {".png", ".jpg", ".jpeg", ".gif", ".webp"} and "figures" in p.parts
    ]
    assert rasters == []
    for path in ALL_SVGS:
        assert "<image" not in path.read_text(encoding="utf-8"), path.name


# --- overlaps and phones -----------------------------------------------------------------------


@pytest.mark.parametrize("out", files.generate(FIGURES), ids=lambda o: o.name)
def test_no_text_overlaps_a_line_a_border_or_another_text(out):
    assert layout.overlaps(out.layout) == []


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_phone_readers_see_figure_text_of_at_least_10_px(name):
    fig = FIGURES[name]
    assert fig.narrow is not None, f"{name} has no narrow layout"
    assert files.phone_text_px(fig, "narrow") >= files.MIN_PHONE_PX


def _geometry(**items) -> draw.Layout:
    geo = draw.Layout(300, 200)
    geo.texts += items.get("texts", [])
    geo.segments += items.get("segments", [])
    geo.boxes += items.get("boxes", [])
    return geo


def test_overlap_rules_catch_each_kind_of_collision():
    label = draw.TextBox((100, 90, 160, 106), "submit", 1, "sm", True, None)
    line = draw.Segment(50, 98, 250, 98, "the arrow a -> b")
    assert layout.overlaps(_geometry(texts=[label], segments=[line])) == [
        "text 'submit' (with its halo) crosses or touches the arrow a -> b; move the text or the line."
    ]
    beside = draw.TextBox((100, 70, 160, 86), "submit", 1, "sm", True, None)
    assert layout.overlaps(_geometry(texts=[beside], segments=[line])) == []
    other = draw.TextBox((150, 80, 200, 95), "job", 2, "nt", False, None)
    assert layout.overlaps(_geometry(texts=[beside, other])) == ["text 'submit' overlaps text 'job'; move one of them."]
    title = draw.TextBox((10, 10, 100, 26), "Title", 3, "lb", False, (0, 0, 300, 200))
    first = draw.TextBox((10, 28, 100, 40), "first line", 3, "nt", False, (0, 0, 300, 200))
    assert layout.overlaps(_geometry(texts=[title, first])) == [
        "title 'Title' touches the line under it 'first line'; leave 4 px between them."
    ]
    outside = draw.TextBox((10, 10, 120, 26), "too wide", 4, "nt", False, (0, 0, 100, 50))
    assert layout.overlaps(_geometry(texts=[outside])) == [
        "text 'too wide' runs outside its box; make the box larger or the text shorter."
    ]
    bullet = draw.TextBox((12, 20, 18, 30), "•", 5, "nt", False, (0, 0, 200, 200))
    assert layout.overlaps(_geometry(texts=[bullet], boxes=[((0, 0, 200, 200), 40.0, "box rec")])) == [
        "box rec is mostly empty: its text fills 20% of its 200 px height; make the box smaller."
    ]


def test_phone_text_needs_a_narrow_layout(tmp_path):
    spec = _with()
    spec["size"] = [800, 100]
    fig = load_figures(_write_data(tmp_path, {"fig": spec}))["fig"]
    assert files.phone_text_px(fig, "wide") == pytest.approx(13.5 * 358 / 800)


# --- find_unsafe -------------------------------------------------------------------------------


def _svg(body: str, attrs: str = "") -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"{attrs}>{body}</svg>'


@pytest.mark.parametrize(
    ("svg", "expected"),
    [
        (_svg("<script>alert(1)</script>"), "contains a <script> element"),
        (_svg('<rect width="1" height="1" onclick="x()"/>'), "has an event attribute onclick= on <rect>"),
        (_svg("", ' onload="alert(1)"'), "has an event attribute onload= on <svg>"),
        (
            _svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'),
            "contains a <foreignObject> element",
        ),
        (
            _svg('<a href="https://example.com/"><text>x</text></a>'),
            'has an external reference href="https://example.com/" on <a>',
        ),
        (_svg('<use xlink:href="other.svg#shape"/>'), 'has an external reference href="other.svg#shape" on <use>'),
        (
            _svg('<use href="https://example.com/sprite.svg#icon"/>'),
            'has an external reference href="https://example.com/sprite.svg#icon" on <use>',
        ),
        (
            _svg('<image href="data:image/png;base64,AAAA" width="10" height="10"/>'),
            'has a data: URI href="data:image/png;base64,AAAA" on <image>',
        ),
        (
            _svg('<image href="slide.png" width="10" height="10"/>'),
            'has an external reference href="slide.png" on <image>',
        ),
        (
            _svg('<filter id="f"><feImage href="https://example.com/x.png"/></filter>'),
            'has an external reference href="https://example.com/x.png" on <feImage>',
        ),
        (_svg("<style>@import url(https://example.com/x.css);</style>"), "a <style> element uses @import"),
        (_svg("<style>@\\69mport 'https://example.com/x.css';</style>"), "a <style> element uses @import"),
        (_svg("<style>/* x */@import/**/'x.css';</style>"), "a <style> element uses @import"),
        (_svg("<style>rect{fill:url(/**/https://example.com/g)}</style>"), "a <style> element refers to external url("),
        (
            _svg("<style>text{fill:url(http://example.com/p.svg#g)}</style>"),
            "a <style> element refers to external url(http://example.com/p.svg#g)",
        ),
        (
            _svg("<style>rect{fill:u\\72l(https://example.com/g)}</style>"),
            "a <style> element refers to external url(https://example.com/g)",
        ),
        (
            _svg("<style>rect{background:image-set('https://example.com/a.png' 1x)}</style>"),
            "a <style> element uses image-set()",
        ),
        (
            _svg("<style>rect{background:-webkit-image-set('a.png' 1x)}</style>"),
            "a <style> element uses -webkit-image-set()",
        ),
        (_svg("<style>@font-face{font-family:x;src:local(x)}</style>"), "a <style> element uses @font-face"),
        (
            _svg('<rect style="fill:url(https://example.com/g)"/>'),
            "the style attribute of <rect> refers to external url(https://example.com/g)",
        ),
        (
            _svg('<rect fill="url(https://example.com/g)"/>'),
            "the fill= attribute of <rect> refers to external url(https://example.com/g)",
        ),
        (
            _svg('<rect filter="url(other.svg#f)"/>'),
            "the filter= attribute of <rect> refers to external url(other.svg#f)",
        ),
        (
            _svg('<a href="#x"><set attributeName="href" to="https://example.com/"/><text>x</text></a>'),
            'animates href to the external reference "https://example.com/" on <set>',
        ),
        (
            _svg('<a href="#x"><animate attributeName="xlink:href" values="#x;https://example.com/" dur="1s"/></a>'),
            'animates href to the external reference "https://example.com/" on <animate>',
        ),
        (
            _svg('<rect><animate attributeName="fill" values="red;url(https://example.com/g)" dur="1s"/></rect>'),
            "the values= attribute of <animate> refers to external url(https://example.com/g)",
        ),
        (
            _svg('<rect><set attributeName="style" to="fill:url(https://example.com/g)"/></rect>'),
            "the to= attribute of <set> refers to external url(https://example.com/g)",
        ),
        (
            _svg('<a href="javascript:alert(1)"><text>x</text></a>'),
            'has an external reference href="javascript:alert(1)" on <a>',
        ),
        (
            _svg('<rect><set attributeName="fill" to="javascript:alert(1)"/></rect>'),
            "has a javascript: URL in to= on <set>",
        ),
        (_svg("<iframe/>"), "contains an <iframe> element"),
        (_svg('<audio src="https://example.com/a.mp3"/>'), "contains an <audio> element"),
        (
            '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + _svg("<text>&x;</text>"),
            "contains a DOCTYPE or ENTITY declaration",
        ),
        (
            '<?xml-stylesheet href="https://example.com/s.css"?>' + _svg(""),
            "contains an <?xml-stylesheet?> instruction (an external reference)",
        ),
        ("<svg><rect></svg>", "is not well-formed XML"),
        ('<html xmlns="http://www.w3.org/1999/xhtml"/>', "has root element <html> instead of <svg>"),
    ],
)
def test_find_unsafe_reports(svg, expected):
    problems = [f.message for f in safety.find_unsafe(svg)]
    assert any(p.startswith(expected) for p in problems), problems


def test_find_unsafe_names_the_line_of_each_finding():
    svg = '<svg xmlns="http://www.w3.org/2000/svg">\n<rect/>\n<rect onclick="x()"/>\n<style>\n@import "x.css";</style>\n</svg>'
    assert safety.find_unsafe(svg) == [
        safety.Finding(3, "has an event attribute onclick= on <rect>"),
        safety.Finding(4, "a <style> element uses @import"),
    ]
    line, message = safety.summary(safety.find_unsafe(svg))
    assert line == 3 and message == (
        "has an event attribute onclick= on <rect>; a <style> element uses @import (line 4); " + safety.UNSAFE_FIX
    )


def test_find_unsafe_accepts_internal_references():
    svg = _svg(
        '<defs><marker id="m"><path d="M0,0 L1,1"/></marker><style>.a{fill:#123}</style></defs>'
        '<path d="M0,0 L5,5" marker-end="url(#m)"/><use href="#m"/><rect fill="url(\'#m\')"/>'
        '<a href="#m"><set attributeName="href" to="#m"/></a>'
    )
    assert safety.find_unsafe(svg) == []


def test_check_tree_reports_missing_variants_and_any_case_of_svg(tmp_path):
    fig = tmp_path / "assets" / "figures"
    fig.mkdir(parents=True)
    clean = _svg("<title>t</title>")
    (fig / "only-ja.svg").write_text(clean)
    (fig / "only-en.en.svg").write_text(clean)
    (fig / "bad.svg").write_text(_svg("<script/>"))
    (fig / "bad.en.svg").write_text(clean)
    (tmp_path / "evil.SVG").write_text(_svg('<use href="https://example.com/x.svg#a"/>'))
    shift_jis = '<svg xmlns="http://www.w3.org/2000/svg"><text>図</text></svg>'.encode("shift_jis")
    (tmp_path / "shift.svg").write_bytes(shift_jis)
    assert [str(p) for p in safety.check_tree(tmp_path)] == [
        "docs/assets/figures/bad.svg:1: contains a <script> element; " + safety.UNSAFE_FIX,
        'docs/evil.SVG:1: has an external reference href="https://example.com/x.svg#a" on <use>; ' + safety.UNSAFE_FIX,
        f"docs/shift.svg:1: is not valid UTF-8: byte 0x{shift_jis[46]:02x} at offset 46 (line 1); save the file as UTF-8.",
        "docs/assets/figures/only-en.en.svg: figure has no Japanese variant 'only-en.svg'; generate both with "
        "'python -m hooks.figures build'.",
        "docs/assets/figures/only-ja.svg: figure has no English variant 'only-ja.en.svg'; generate both with "
        "'python -m hooks.figures build'.",
    ]


def test_safety_cache_parses_each_content_once(tmp_path):
    (tmp_path / "a.svg").write_text(_svg("<title>a</title>"))
    (tmp_path / "b.svg").write_text(_svg("<script/>"))
    cache = safety.SafetyCache()
    first = safety.check_tree(tmp_path, figures_subdir="none", cache=cache)
    assert (cache.misses, cache.hits) == (2, 0)
    assert safety.check_tree(tmp_path, figures_subdir="none", cache=cache) == first
    assert (cache.misses, cache.hits) == (2, 2)
    (tmp_path / "a.svg").write_text(_svg("<script/>"))  # same content as b.svg: still no new parse
    assert len(safety.check_tree(tmp_path, figures_subdir="none", cache=cache)) == 2
    assert (cache.misses, cache.hits) == (2, 4)


def _clean_cache(project: Path, version: str = "v1") -> CleanCache:
    return CleanCache.in_project(project, "figures-safety", version)


def test_clean_verdicts_survive_between_builds_and_unsafe_files_are_checked_every_time(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.svg").write_text(_svg("<title>a</title>"))
    (docs / "b.svg").write_text(_svg("<script/>"))
    first = safety.SafetyCache(clean=_clean_cache(tmp_path))
    reported = safety.check_tree(docs, figures_subdir="none", cache=first)
    first.save()
    assert [p.file for p in reported] == ["docs/b.svg"]
    stored = json.loads((tmp_path / ".cache/hooks/figures-safety.json").read_text(encoding="utf-8"))
    assert stored == {"version": "v1", "clean": [hashlib.sha256((docs / "a.svg").read_bytes()).hexdigest()]}
    second = safety.SafetyCache(clean=_clean_cache(tmp_path))  # the next build: a new process
    assert safety.check_tree(docs, figures_subdir="none", cache=second) == reported
    assert second.misses == 1  # only b.svg was parsed again, and it is reported again with its line
    (docs / "a.svg").write_text(_svg("<use href='https://example.com/x.svg#a'/>"))  # edited: a new hash
    third = safety.SafetyCache(clean=_clean_cache(tmp_path))
    assert [p.file for p in safety.check_tree(docs, figures_subdir="none", cache=third)] == ["docs/a.svg", "docs/b.svg"]


def test_clean_cache_of_another_checker_version_or_unreadable_is_empty(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.svg").write_text(_svg("<title>a</title>"))
    cache = safety.SafetyCache(clean=_clean_cache(tmp_path, "v1"))
    safety.check_tree(docs, figures_subdir="none", cache=cache)
    cache.save()
    assert len(_clean_cache(tmp_path, "v1").clean) == 1
    assert _clean_cache(tmp_path, "v2").clean == set()  # the rule changed: every file is checked again
    (tmp_path / ".cache/hooks/figures-safety.json").write_text("{not json", encoding="utf-8")
    assert _clean_cache(tmp_path, "v1").clean == set()
    (tmp_path / ".cache/hooks/figures-safety.json").write_text('{"version": "v1", "clean": "x"}', encoding="utf-8")
    assert _clean_cache(tmp_path, "v1").clean == set()


def test_clean_cache_that_cannot_be_written_leaves_the_check_complete(tmp_path):
    (tmp_path / ".cache").write_text("a file where the folder would be", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.svg").write_text(_svg("<title>a</title>"))
    cache = safety.SafetyCache(clean=_clean_cache(tmp_path))
    assert safety.check_tree(docs, figures_subdir="none", cache=cache) == []
    cache.save()  # no exception, nothing written
    assert (tmp_path / ".cache").read_text(encoding="utf-8").startswith("a file")


def test_checker_version_changes_with_the_rule(tmp_path):
    assert safety.checker_version() == source_version(Path(safety.__file__), ROOT / "hooks/core/text.py")
    assert safety.checker_version() != source_version(Path(safety.__file__))


# --- the model -----------------------------------------------------------------------------------

MINIMAL = {
    "size": [200, 100],
    "title": {"ja": "図", "en": "Figure"},
    "desc": {"ja": "説明", "en": "Description"},
    "items": [{"kind": "box", "id": "a", "x": 10, "y": 10, "w": 80, "h": 40, "label": {"ja": "箱", "en": "Box"}}],
}


def _write_data(tmp_path: Path, figs: dict) -> Path:
    path = tmp_path / "figures.yml"
    path.write_text(yaml.safe_dump({"figures": figs}, allow_unicode=True, default_flow_style=False), encoding="utf-8")
    return path


def _with(**changes) -> dict:
    spec = yaml.safe_load(yaml.safe_dump(MINIMAL))
    spec.update(changes)
    return spec


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("spec", "needle", "message"),
    [
        (
            _with(title={"ja": "図", "en": ""}),
            "title:",
            "key 'figures.fig.title' has no text for 'en'; give both 'ja' and 'en'.",
        ),
        (_with(title={"ja": "図"}), "title:", "key 'en' is missing in 'figures.fig.title'; add it."),
        (_with(size=[200]), "size:", "key 'figures.fig.size' must be [width, height] in pixels."),
        (
            _with(items=[{"kind": "blob"}]),
            "kind: blob",
            "key 'figures.fig.items[0].kind' is 'blob', which is not one of",
        ),
        (
            _with(
                items=[
                    {"kind": "box", "x": 1, "y": 1, "w": 5, "h": 5, "label": {"ja": "箱", "en": "box", "fr": "boîte"}}
                ]
            ),
            "fr:",
            "key 'fr' is not allowed here (allowed: ja, en); fix the spelling.",
        ),
        (
            _with(items=[{"kind": "box", "x": 1, "y": 1, "w": 5, "h": 5, "tone": "neon"}]),
            "tone: neon",
            "key 'figures.fig.items[0].tone' is 'neon', which is not one of",
        ),
        (
            _with(items=[{"kind": "arrow", "from": "nowhere.e", "to": [1, 1]}]),
            "from: nowhere.e",
            "key 'figures.fig.items[0].from' is 'nowhere.e', which does not name an earlier item and a side",
        ),
        (
            _with(items=[{"kind": "box", "x": 1, "y": 1, "h": 5}]),
            "- h: 5",
            "key 'w' is missing in 'figures.fig.items[0]'",
        ),
        (
            _with(items=[{"kind": "chart", "x": 1, "y": 1, "w": 5, "h": 5, "values": ["a"]}]),
            "- a",
            "'figures.fig.items[0].values[0]' must be a number, not text; fix the value.",
        ),
        (
            _with(items=[{"kind": "chart", "x": 1, "y": 1, "w": 5, "h": 5, "vaules": [0.1, 0.2]}]),
            "vaules:",
            "key 'vaules' is not allowed here (allowed: id, only, x, y, w, h, values, label, tone, threshold, threshold_label)",
        ),
        (
            _with(items=[{"kind": "arrow", "from": [0, 0], "to": [1, 1], "lable": "x"}]),
            "lable:",
            "key 'lable' is not allowed here (allowed: id, only, from, to, route",
        ),
        (
            _with(narrow={"size": [100, 100], "place": {"zz": {"x": 1}}}),
            "zz:",
            "key 'figures.fig.narrow.place' names item 'zz', which the figure does not define",
        ),
        (
            _with(narrow={"size": [100, 100], "place": {"a": {"colour": 1}}}),
            "colour:",
            "key 'colour' is not allowed here",
        ),
    ],
)
def test_load_figures_reports_bad_data_with_file_and_line(tmp_path, spec, needle, message):
    path = _write_data(tmp_path, {"fig": spec})
    with pytest.raises(HookError) as err:
        load_figures(path, label="data/figures.yml")
    problem = err.value.problem
    assert problem.file == "data/figures.yml" and message in problem.message, str(problem)
    assert problem.line == _line_of(path, needle), (str(problem), path.read_text())


def test_load_figures_reports_missing_figures_key(tmp_path):
    path = tmp_path / "figures.yml"
    path.write_text("other: 1\n")
    with pytest.raises(HookError, match="key 'other' is not allowed here"):
        load_figures(path)


def test_text_that_does_not_fit_is_an_error(tmp_path):
    spec = _with(
        items=[
            {
                "kind": "box",
                "x": 1,
                "y": 1,
                "w": 80,
                "h": 20,
                "label": {"ja": "とても 長い 文で 箱に 入り ません", "en": "A label far too long for the box"},
            }
        ]
    )
    figs = load_figures(_write_data(tmp_path, {"fig": spec}), label="data/figures.yml")
    with pytest.raises(
        HookError, match=r"figure 'fig' \(ja\): text .* does not fit in its 80x20 box \(it needs \d+ px\)"
    ) as err:
        draw.render(figs["fig"], "ja")
    assert str(err.value.problem).startswith("data/figures.yml:2: ")


def test_word_too_wide_for_its_box_is_an_error(tmp_path):
    spec = _with(
        items=[{"kind": "box", "x": 1, "y": 1, "w": 60, "h": 80, "label": {"ja": "箱", "en": "Supercalifragilistic"}}]
    )
    fig = load_figures(_write_data(tmp_path, {"fig": spec}))["fig"]
    draw.render(fig, "ja")
    with pytest.raises(
        HookError, match=r"figure 'fig' \(en\): text 'Supercalifragilistic' is too wide for its 60x80 box"
    ):
        draw.render(fig, "en")


def test_render_uses_the_language_and_escapes_text(tmp_path):
    spec = _with(
        items=[{"kind": "box", "x": 0, "y": 0, "w": 190, "h": 60, "label": {"ja": "A&B <箱>", "en": "A&B <box>"}}]
    )
    fig = load_figures(_write_data(tmp_path, {"fig": spec}))["fig"]
    ja, en = draw.render(fig, "ja"), draw.render(fig, "en")
    assert "A&amp;B &lt;箱&gt;" in ja and '<title id="t">図</title>' in ja and 'lang="ja"' in ja
    assert "A&amp;B &lt;box&gt;" in en and '<title id="t">Figure</title>' in en and 'lang="en"' in en
    assert safety.find_unsafe(ja) == [] and safety.find_unsafe(en) == []


def test_narrow_layout_moves_items_and_keeps_their_text(tmp_path):
    spec = _with(narrow={"size": [120, 160], "place": {"a": {"x": 5, "y": 90, "w": 100}}})
    fig = load_figures(_write_data(tmp_path, {"fig": spec}))["fig"]
    wide, narrow = draw.render(fig, "en"), draw.render(fig, "en", "narrow")
    assert 'width="200" height="100"' in wide and 'x="10" y="10" width="80"' in wide
    assert 'width="120" height="160"' in narrow and 'x="5" y="90" width="100"' in narrow
    assert ">Box</text>" in wide and ">Box</text>" in narrow
    assert draw.file_name("fig", "en", "narrow") == "fig.narrow.en.svg" and draw.file_name("fig", "ja") == "fig.svg"


# --- text fitting --------------------------------------------------------------------------------


def test_widths_come_from_the_noto_sans_cjk_jp_table():
    table = fit.metrics()
    assert table.font == "Noto Sans CJK JP" and table.upem == 1000
    assert table.advance("あ", False) == table.advance("漢", True) == 1000
    assert (table.advance("i", False), table.advance("m", False), table.advance("W", True)) == (275, 926, 915)
    assert fit.text_width("ワークスペース", 14) == pytest.approx(7 * 14)
    assert fit.text_width("Workspace", 14, bold=True) > fit.text_width("Workspace", 14)
    assert fit.missing("A漢\u00a0ｱ😀") == ["😀"]


@pytest.mark.skipif(
    not fit.FONT_FILES["regular"].exists() and not os.environ.get("CI"), reason="fonts-noto-cjk is not installed"
)
def test_metrics_table_matches_the_installed_font():
    fresh = fit.read_font_metrics()
    table = fit.metrics()
    for face in ("regular", "bold"):
        assert [tuple(r) for r in fresh[face]] == table.runs[face], f"{face}: run 'python -m hooks.figures metrics'"


def test_every_character_the_figures_use_has_metrics():
    chars = {c for fig in FIGURES.values() for text in files.texts_of(fig) for c in text.replace("\n", "")}
    assert fit.missing("".join(chars)) == []


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Azure Machine Learning workspace", 120, ["Azure Machine", "Learning", "workspace"]),
        (
            "データへの参照とメタデータ。データ自体はコピーしない",
            160,
            ["データへの参照と", "メタデータ。", "データ自体は", "コピーしない"],
        ),
        (
            "データへの参照とメタデータ。データ自体はコピーしない",
            200,
            ["データへの参照とメタデータ。", "データ自体はコピーしない"],
        ),
        ("再利用可能なパイプライン", 120, ["再利用可能な", "パイプライン"]),
        ("推論コードとスコアリング スクリプト", 160, ["推論コードと", "スコアリング スクリプト"]),
        ("推論コードとスコアリング スクリプト", 100, ["推論コードと", "スコアリング", "スクリプト"]),
        ("conda YAML で定義する", 100, ["conda YAML で", "定義する"]),
        ("Azure\u00a0Arc cluster", 70, ["Azure\u00a0Arc", "cluster"]),
        ("一行目\n二行目", 500, ["一行目", "二行目"]),
    ],
)
def test_wrap_breaks_between_words_and_japanese_phrases(text, width, expected):
    assert fit.wrap(text, width, 13.5) == expected


def test_wrap_never_ends_a_line_with_an_opening_bracket():
    for width in range(60, 300, 9):
        for line in fit.wrap("バッチ エンドポイント (コンピューティング クラスター、Kubernetes)", width, 14)[:-1]:
            assert line.rstrip()[-1:] not in fit.NO_LINE_END, (width, line)


def test_table_text_wider_than_its_column_is_an_error(tmp_path):
    table = {
        "kind": "table",
        "x": 0,
        "y": 0,
        "cols": [{"w": 60, "label": "A"}],
        "rows": [[{"ja": "リアルタイム", "en": "x"}]],
    }
    fig = load_figures(_write_data(tmp_path, {"fig": _with(items=[table])}))["fig"]
    draw.render(fig, "en")
    with pytest.raises(HookError, match=r"table cell text 'リアルタイム' is too wide for its 60 px column"):
        draw.render(fig, "ja")


def test_wrap_never_starts_a_line_with_a_small_kana_or_closing_mark():
    for width in range(30, 200, 7):
        for line in fit.wrap("コンピューティング、インスタンス（ジョブ）。ッァー", width, 14)[1:]:
            assert line[:1] not in fit.NO_LINE_START, (width, line)


# --- build and check -----------------------------------------------------------------------------


def test_check_reports_stale_missing_and_unknown_files(tmp_path):
    out = tmp_path / "figures"
    shutil.copytree(FIG_DIR, out)
    (out / "architecture.svg").write_text((out / "architecture.svg").read_text().replace("ワークスペース", "WS"))
    (out / "workflow.en.svg").unlink()
    (out / "stray.svg").write_text(_svg("<title>x</title>"))
    (out / "stray.en.svg").write_text(_svg("<title>x</title>"))
    details: list[str] = []
    problems = [str(p) for p in files.check(out_dir=out, details=details)]
    assert (
        f"{out}/architecture.svg: figure differs from the generator's output; run 'python -m hooks.figures build'."
        in problems
    )
    assert any(line.startswith("-") and "WS" in line for line in details), details
    assert f"{out}/workflow.en.svg: figure is missing; run 'python -m hooks.figures build'." in problems
    assert any(p.startswith(f"{out}/stray.svg: figure is not described in ") for p in problems)
    assert (
        f"{out}/workflow.svg: figure has no English variant 'workflow.en.svg'; generate both with "
        f"'python -m hooks.figures build'." in problems
    )


def test_check_cli_fails_on_a_stale_figure_and_build_fixes_it(tmp_path):
    out = tmp_path / "figures"
    shutil.copytree(FIG_DIR, out)
    (out / "datasets.en.svg").write_text((out / "datasets.en.svg").read_text().replace("Versioning", "Versions"))
    proc = _cli("check", "--out-dir", str(out))
    assert proc.returncode == 1
    assert proc.stderr == (
        f"{out}/datasets.en.svg: figure differs from the generator's output; run 'python -m hooks.figures build'.\n"
    )
    proc = _cli("build", "--out-dir", str(out))
    assert proc.returncode == 0 and f"wrote {out}/datasets.en.svg" in proc.stdout
    proc = _cli("check", "--out-dir", str(out))
    assert proc.returncode == 0, proc.stderr


def test_a_committed_figure_that_is_not_utf8_is_named_and_build_rewrites_it(tmp_path):
    out = tmp_path / "figures"
    shutil.copytree(FIG_DIR, out)
    svg = out / "datasets.en.svg"
    svg.write_bytes(svg.read_bytes().replace(b"Versioning", b"Versi\xf6ning"))
    proc = _cli("check", "--out-dir", str(out))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert (
        f"{out}/datasets.en.svg: figure differs from the generator's output; run 'python -m hooks.figures build'."
        in (proc.stderr.splitlines())
    )
    proc = _cli("build", "--out-dir", str(out))
    assert proc.returncode == 0 and f"wrote {out}/datasets.en.svg" in proc.stdout, proc.stderr
    assert _cli("check", "--out-dir", str(out)).returncode == 0


def test_cli_out_dir_that_is_missing_or_a_file_is_one_sentence(tmp_path):
    (tmp_path / "file.svg").write_text("x")
    for command, out, what in (("check", "none", "does not exist"), ("build", "file.svg", "is a file")):
        proc = _cli(command, "--out-dir", out, cwd=tmp_path)
        assert proc.returncode == 1
        assert proc.stderr == f"{out}: {what}; give --out-dir the folder of the figures.\n"


def test_check_cli_reports_bad_data(tmp_path):
    data = tmp_path / "figures.yml"
    data.write_text("figures:\n  x: {size: [10, 10]}\n")
    proc = _cli("check", "--data", str(data))
    assert proc.returncode == 1
    assert proc.stderr == f"{data}:2: key 'title' is missing in 'figures.x'; add it.\n"
    assert "Traceback" not in proc.stderr


def test_check_cli_reads_the_current_directory(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "figures.yml").write_text(yaml.safe_dump({"figures": {"fig": MINIMAL}}, allow_unicode=True))
    assert _cli("build", cwd=tmp_path).returncode == 0
    assert sorted(p.name for p in (tmp_path / "docs" / "assets" / "figures").iterdir()) == ["fig.en.svg", "fig.svg"]
    proc = _cli("check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_build_writes_only_changed_files(tmp_path):
    out = tmp_path / "figures"
    written = files.build(out_dir=out)
    assert len(written) == 4 * len(FIGURES) == len(ALL_SVGS)
    assert files.build(out_dir=out) == []
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in ALL_SVGS)


# --- pages: narrow figures as <picture> ------------------------------------------------------------


def test_with_narrow_wraps_only_figures_that_have_a_narrow_layout():
    html = (
        '<p><a class="glightbox" href="../assets/figures/a.svg"><img alt="A" src="../assets/figures/a.svg" /></a>'
        '<img alt="B" src="../assets/figures/b.svg"><img src="../img/a.svg"></p>'
    )
    assert page.with_narrow(html, {"a"}) == (
        '<p><a class="glightbox" href="../assets/figures/a.svg"><picture><source media="(max-width: 640px)" '
        'srcset="../assets/figures/a.narrow.svg" type="image/svg+xml"><img alt="A" src="../assets/figures/a.svg" />'
        '</picture></a><img alt="B" src="../assets/figures/b.svg"><img src="../img/a.svg"></p>'
    )
    assert page.with_narrow(html, set()) == html
    home = '<img alt="A" src="assets/figures/a.svg">'
    assert page.with_narrow(home, {"a"}) == (
        '<picture><source media="(max-width: 640px)" srcset="assets/figures/a.narrow.svg" type="image/svg+xml">'
        + home
        + "</picture>"
    )


# --- the build hook ------------------------------------------------------------------------------

FIXTURE_CONFIG = """\
site_name: Figures fixture
strict: true
theme: {{name: mkdocs}}
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - {{locale: ja, default: true, name: 日本語, build: true}}
        - {{locale: en, name: English, build: true}}
hooks:
  - {hook}
"""


def _fixture_site(tmp_path: Path, svgs: dict[str, str | bytes]) -> Path:
    tmp_path.mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(FIXTURE_CONFIG.format(hook=ROOT / "hooks" / "figures" / "hook.py"))
    fig = tmp_path / "docs" / "assets" / "figures"
    fig.mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# 図\n\n![図](assets/figures/f.svg)\n", encoding="utf-8")
    (tmp_path / "docs" / "index.en.md").write_text("# Figure\n\n![Figure](assets/figures/f.svg)\n")
    for name, text in svgs.items():
        target = tmp_path / "docs" / name if "/" in name else fig / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    return tmp_path


CLEAN = _svg("<title>t</title><desc>d</desc>")


@pytest.mark.slow
def test_fixture_site_with_clean_figures_builds_and_serves_narrow_ones_as_picture(tmp_path):
    narrow = _svg("<title>narrow</title>")
    site = _fixture_site(
        tmp_path / "p",
        {
            "f.svg": CLEAN,
            "f.en.svg": CLEAN,
            "f.narrow.svg": narrow,
            "f.narrow.en.svg": narrow.replace("narrow", "narrow en"),
        },
    )
    build = mkdocs_build(site, tmp_path / "out")
    assert build.returncode == 0, build.log
    assert build.warnings == []
    for rel, title in (("index.html", "narrow"), ("en/index.html", "narrow en")):
        html = (tmp_path / "out" / rel).read_text(encoding="utf-8")
        source = re.search(r'<picture><source media="\(max-width: 640px\)" srcset="([^"]+)"', html)
        assert source is not None, html
        target = (tmp_path / "out" / rel).parent / source.group(1)
        assert f"<title>{title}</title>" in target.read_text(encoding="utf-8")


@pytest.mark.slow
def test_fixture_site_with_unsafe_figure_fails_and_names_it(tmp_path):
    unsafe = _svg('<title>t</title><rect onload="alert(1)"/><script>alert(2)</script>')
    site = _fixture_site(
        tmp_path / "p",
        {"f.svg": CLEAN, "f.en.svg": unsafe, "img/evil.SVG": _svg('<set attributeName="href" to="https://e.com/"/>')},
    )
    build = mkdocs_build(site, tmp_path / "out")
    assert build.returncode != 0
    assert (
        "ERROR   -  docs/assets/figures/f.en.svg:1: has an event attribute onload= on <rect>; contains a <script> "
        "element; " + safety.UNSAFE_FIX
    ) in build.log
    assert (
        'ERROR   -  docs/img/evil.SVG:1: animates href to the external reference "https://e.com/" on <set>; '
        + safety.UNSAFE_FIX
    ) in build.log
    assert len([l for l in build.warnings if "f.en.svg" in l]) == 1  # reported once, not once per language


@pytest.mark.slow
def test_fixture_site_with_missing_english_figure_fails(tmp_path):
    site = _fixture_site(tmp_path / "p", {"f.svg": CLEAN})
    build = mkdocs_build(site, tmp_path / "out")
    assert build.returncode != 0
    assert (
        "ERROR   -  docs/assets/figures/f.svg: figure has no English variant 'f.en.svg'; generate both with "
        "'python -m hooks.figures build'."
    ) in build.log


@pytest.mark.slow
def test_real_site_with_an_unsafe_figure_fails(tmp_path):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    target = project / "docs" / "assets" / "figures" / "architecture.en.svg"
    target.write_text(target.read_text().replace("<svg ", "<svg onload=\"fetch('https://example.com')\" ", 1))
    build = mkdocs_build(project, tmp_path / "out")
    assert build.returncode != 0
    assert "docs/assets/figures/architecture.en.svg:1: has an event attribute onload= on <svg>" in build.log


# --- the built site ------------------------------------------------------------------------------

IMG_RE = re.compile(r'<img [^>]*src="([^"]*assets/figures/[^"]+)"[^>]*>')
SOURCE_RE = re.compile(r'<source media="[^"]+" srcset="([^"]*assets/figures/[^"]+)"')
ALT_RE = re.compile(r'alt="([^"]*)"')


def _figure_refs(site: Path) -> list[tuple[Path, str, Path, Path | None]]:
    """(page, alt, figure file, narrow figure file) for every figure image in the built site."""
    refs = []
    for page_path in sorted(site.rglob("*.html")):
        html = page_path.read_text(encoding="utf-8")
        for match in re.finditer(r"(?:<picture>(<source [^>]*>))?(<img [^>]*>)", html):
            img = IMG_RE.match(match.group(2))
            if img is None:
                continue
            alt = ALT_RE.search(img.group(0))
            source = SOURCE_RE.search(match.group(1) or "")
            narrow = (page_path.parent / unquote(source.group(1))).resolve() if source else None
            refs.append(
                (page_path, alt.group(1) if alt else "", (page_path.parent / unquote(img.group(1))).resolve(), narrow)
            )
    return refs


@pytest.mark.slow
def test_built_site_shows_every_figure_in_both_languages_and_layouts(real_site):
    site = real_site.site_dir
    refs = _figure_refs(site)
    ja = [r for r in refs if r[0].relative_to(site).parts[0] != "en"]
    en = [r for r in refs if r[0].relative_to(site).parts[0] == "en"]
    assert len(ja) == len(en) >= 21, (len(ja), len(en))
    assert {r[2].name for r in ja} == {p.name for p in JA_SVGS}  # 21 distinct figures, each used
    for page_path, alt, target, narrow in refs:
        where = f"{page_path.relative_to(site)} -> {target}"
        english = page_path.relative_to(site).parts[0] == "en"
        assert narrow is not None, f"no narrow layout offered: {where}"
        for shown in (target, narrow):
            assert shown.is_file(), f"missing image: {where}: {shown}"
            assert ('lang="en"' in shown.read_text(encoding="utf-8")) == english, f"wrong language variant: {shown}"
        assert len(alt) >= 10, f"alt text too short: {where}: {alt!r}"
        assert bool(JAPANESE.search(alt)) != english, f"alt text in the wrong language: {where}: {alt!r}"


@pytest.mark.slow
def test_built_site_wraps_figures_in_a_local_lightbox(real_site):
    site = real_site.site_dir
    for rel in ("concepts/workspace/index.html", "en/concepts/workspace/index.html"):
        html = (site / rel).read_text(encoding="utf-8")
        links = re.findall(r'<a class="glightbox"[^>]*href="([^"]+)"[^>]*><picture>', html)
        assert len(links) == 3 and all(l.endswith(".svg") and ".narrow." not in l for l in links), links
        scripts = re.findall(r'<script src="([^"]*glightbox[^"]*)"', html)
        assert scripts and not any(s.startswith(("http:", "https:", "//")) for s in scripts), scripts
        assert (site / rel).parent.joinpath(scripts[0]).resolve().is_file()


# --- in a browser: phones and the lightbox ---------------------------------------------------------

PHONE = {"width": 390, "height": 844}
FIGURES_ON_PAGE = """() => Array.from(document.querySelectorAll("article img[src*='assets/figures/']"),
    img => ({src: img.currentSrc, shown: img.getBoundingClientRect().width, loaded: img.complete && img.naturalWidth > 0}))"""
SMALLEST_TEXT = """() => ({width: document.documentElement.viewBox.baseVal.width,
    font: Math.min(...Array.from(document.querySelectorAll('text'), t => parseFloat(getComputedStyle(t).fontSize)))})"""


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    """The offline bundle (OFFLINE=true), built once for this module."""
    build = mkdocs_build(ROOT, tmp_path_factory.mktemp("offline") / "site", env={"OFFLINE": "true"})
    assert build.returncode == 0, build.log
    return build


def _figure_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if "assets/figures/" in p.read_text(encoding="utf-8")]


def _smallest_phone_text(browser, site: Path) -> list[tuple[str, str, float]]:
    """(page, figure, smallest text in CSS px) for every figure of every page, seen at 390 px from file://."""
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    svg_page = browser.new_page()
    sizes: dict[str, tuple[float, float]] = {}
    found = []
    for path in _figure_pages(site):
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        for fig in page.evaluate(FIGURES_ON_PAGE):
            rel = path.relative_to(site).as_posix()
            assert fig["loaded"], f"{rel}: {fig['src']} did not load"
            if fig["src"] not in sizes:
                svg_page.goto(fig["src"])
                measured = svg_page.evaluate(SMALLEST_TEXT)
                sizes[fig["src"]] = (measured["width"], measured["font"])
            width, font = sizes[fig["src"]]
            found.append((rel, fig["src"].rsplit("/", 1)[-1], font * fig["shown"] / width))
    page.close()
    svg_page.close()
    return found


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("bundle", ["hosted", "offline"])
def test_phone_readers_see_figure_text_of_at_least_10_px_on_every_page(bundle, real_site, offline_site, browser):
    site = (real_site if bundle == "hosted" else offline_site).site_dir
    found = _smallest_phone_text(browser, site)
    pages = {p for p, _, _ in found}
    assert any(p.startswith("en/") for p in pages) and any(not p.startswith("en/") for p in pages), pages
    assert len(found) >= 42, found  # every figure of both languages
    wide = [(p, f) for p, f, _ in found if ".narrow." not in f]
    assert wide == [], f"phones are served wide figures: {wide}"
    small = [(p, f, round(px, 1)) for p, f, px in found if px < 10]
    assert small == [], f"figure text below 10 px at 390 px: {small}"


@pytest.mark.browser
@pytest.mark.slow
def test_figures_load_and_zoom_from_file_urls(real_site, browser):
    site = real_site.site_dir
    outside: list[str] = []
    for viewport in ({"width": 1366, "height": 900}, PHONE):
        page = browser.new_page(viewport=viewport)
        page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(("file:", "data:")) else None)
        for rel in ("concepts/compute/index.html", "en/concepts/compute/index.html"):
            page.goto((site / rel).as_uri())
            page.wait_for_load_state("load")
            figures = page.evaluate(FIGURES_ON_PAGE)
            assert len(figures) == 5 and all(f["loaded"] for f in figures), figures
            narrow = viewport is PHONE
            assert all(f["src"].endswith(".narrow.svg") == narrow for f in figures), figures
            page.click("article a.glightbox >> nth=0")
            slide = ".glightbox-container .gslide.current .gslide-image"
            page.wait_for_selector(f"{slide} img", state="visible", timeout=5000)
            page.wait_for_function(f"() => document.querySelector('{slide} img').naturalWidth > 0", timeout=5000)
            if viewport is PHONE:  # once the opening animation is over, the figure shows at its natural size
                page.wait_for_function(
                    f"""() => {{ const i = document.querySelector('{slide} img');
                    return i.getBoundingClientRect().width === i.naturalWidth; }}""",
                    timeout=5000,
                )
            shown = page.evaluate(f"""() => {{ const box = document.querySelector('{slide}');
                const img = box.querySelector('img'); box.scrollLeft = 120;
                return {{src: img.currentSrc, width: img.getBoundingClientRect().width, natural: img.naturalWidth,
                        scrolled: box.scrollLeft}}; }}""")
            assert shown["src"].endswith("/compute-types.svg"), shown  # the lightbox shows the wide figure
            if narrow:  # at its natural size, panned by scrolling
                assert shown["width"] == shown["natural"] == 800 and shown["scrolled"] == 120, shown
            page.keyboard.press("Escape")
            page.wait_for_selector(".glightbox-container", state="detached", timeout=5000)
        page.close()
    assert outside == []


def test_hook_keeps_its_safety_cache_across_rebuilds(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("figures_hook_under_test", ROOT / "hooks" / "figures" / "hook.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    site = _fixture_site(
        tmp_path / "p", {"f.svg": CLEAN, "f.en.svg": CLEAN, "f.narrow.svg": CLEAN, "f.narrow.en.svg": CLEAN}
    )
    config = {"docs_dir": str(site / "docs"), "config_file_path": str(site / "mkdocs.yml"), "plugins": {}}
    hook = module.FiguresHook()
    hook.on_startup(command="serve", dirty=False)
    for _ in range(3):  # mkdocs serve: on_config and the build events again for every rebuild
        hook.on_config(config)
        hook.on_pre_build(config=config)
    assert (hook.cache.misses, hook.cache.hits) == (1, 11)  # four files, one distinct content, parsed once
    html = hook.on_page_content('<img alt="x" src="assets/figures/f.svg">', page=None, config=config, files=None)
    assert 'srcset="assets/figures/f.narrow.svg"' in html
