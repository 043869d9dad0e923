"""Figures: the generator (data/figures.yml -> SVG), the SVG safety rule, the build hook, and the built site."""
from __future__ import annotations

import hashlib
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

from hooks import figures
from tests.conftest import ROOT, copy_project, mkdocs_build

FIG_DIR = ROOT / "docs" / "assets" / "figures"
NS = {"svg": "http://www.w3.org/2000/svg"}
JAPANESE = re.compile(r"[\u3041-\u30ff\u4e00-\u9fff]")
SLIDE_HASHES = ROOT.parent / "shared" / "hooks" / "slide-hashes.txt"
ALL_SVGS = sorted(FIG_DIR.glob("*.svg"))
JA_SVGS = [p for p in ALL_SVGS if not p.name.endswith(".en.svg")]


def _name(path: Path) -> str:
    return path.name.removesuffix(".svg").removesuffix(".en")


# --- the committed figures ---------------------------------------------------------------------

def test_there_are_21_figures_in_two_languages():
    assert len(JA_SVGS) == 21
    assert len(ALL_SVGS) == 42
    assert set(figures.load_figures()) == {_name(p) for p in ALL_SVGS}


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
def test_figure_has_english_variant(path):
    assert (path.parent / f"{_name(path)}.en.svg").is_file()


@pytest.mark.parametrize("path", ALL_SVGS, ids=lambda p: p.name)
def test_figure_is_small_and_safe(path):
    assert path.stat().st_size < 60 * 1024
    assert figures.find_unsafe(path.read_text(encoding="utf-8")) == []


def test_every_svg_under_docs_is_safe_and_paired():
    assert figures.check_svg_tree(ROOT / "docs") == []


def test_committed_figures_equal_generator_output():
    assert figures.check() == []
    proc = subprocess.run([sys.executable, "-m", "hooks.figures", "check"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "figures are up to date and safe."


def test_no_file_in_the_repo_is_a_reference_slide():
    if not SLIDE_HASHES.exists():
        message = f"{SLIDE_HASHES} is not present (shared/ lives beside the clone)"
        if os.environ.get("CI"):  # CI lays shared/ beside the clone: a missing file there is a real failure
            pytest.fail(message)
        pytest.skip(message)
    hashes = {line.split()[0] for line in SLIDE_HASHES.read_text().splitlines() if line.strip()}
    assert hashes, "slide-hashes.txt is empty"
    skip = {".git", ".venv", "node_modules", "site", "dist", ".cache", "__pycache__", ".pytest_cache"}
    hits = []
    for path in ROOT.rglob("*"):
        if path.is_file() and not skip & set(path.relative_to(ROOT).parts):
            if hashlib.sha256(path.read_bytes()).hexdigest() in hashes:
                hits.append(str(path.relative_to(ROOT)))
    assert hits == []


def test_figures_are_drawings_not_rasters():
    rasters = [p for p in (ROOT / "docs").rglob("*") if p.suffix.lower() in {".png", ".jpg", ".jpeg", ".gif", ".webp"}
               and "figures" in p.parts]
    assert rasters == []
    for path in ALL_SVGS:
        assert "<image" not in path.read_text(encoding="utf-8"), path.name


# --- find_unsafe ---------------------------------------------------------------------------------

def _svg(body: str, attrs: str = "") -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"{attrs}>{body}</svg>'


@pytest.mark.parametrize(("svg", "expected"), [
    (_svg("<script>alert(1)</script>"), "contains a <script> element"),
    (_svg('<rect width="1" height="1" onclick="x()"/>'), "has an event attribute onclick= on <rect>"),
    (_svg("", ' onload="alert(1)"'), "has an event attribute onload= on <svg>"),
    (_svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'),
     "contains a <foreignObject> element"),
    (_svg('<a href="https://example.com/"><text>x</text></a>'),
     'has an external reference href="https://example.com/" on <a>'),
    (_svg('<use xlink:href="other.svg#shape"/>'), 'has an external reference href="other.svg#shape" on <use>'),
    (_svg('<image href="data:image/png;base64,AAAA" width="10" height="10"/>'),
     'has a data: URI href="data:image/png;base64,AAAA" on <image>'),
    (_svg('<image href="slide.png" width="10" height="10"/>'), 'has an external reference href="slide.png" on <image>'),
    (_svg("<style>@import url(https://example.com/x.css);</style>"), "a <style> element uses @import"),
    (_svg("<style>text{fill:url(http://example.com/p.svg#g)}</style>"),
     "a <style> element refers to external url(http://example.com/p.svg#g)"),
    (_svg('<rect style="fill:url(https://example.com/g)"/>'),
     "the style attribute of <rect> refers to external url(https://example.com/g)"),
    (_svg('<rect fill="url(https://example.com/g)"/>'),
     "the fill= attribute of <rect> refers to external url(https://example.com/g)"),
    (_svg('<a href="javascript:alert(1)"><text>x</text></a>'),
     'has an external reference href="javascript:alert(1)" on <a>'),
    (_svg("<iframe/>"), "contains an <iframe> element"),
    ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + _svg("<text>&x;</text>"),
     "contains a DOCTYPE or ENTITY declaration"),
    ('<?xml-stylesheet href="https://example.com/s.css"?>' + _svg(""),
     "contains an <?xml-stylesheet?> instruction (an external reference)"),
    ("<svg><rect></svg>", "is not well-formed XML"),
    ('<html xmlns="http://www.w3.org/1999/xhtml"/>', "has root element <html> instead of <svg>"),
])
def test_find_unsafe_reports(svg, expected):
    problems = figures.find_unsafe(svg)
    assert any(p.startswith(expected) for p in problems), problems


def test_find_unsafe_accepts_internal_references():
    svg = _svg('<defs><marker id="m"><path d="M0,0 L1,1"/></marker><style>.a{fill:#123}</style></defs>'
               '<path d="M0,0 L5,5" marker-end="url(#m)"/><use href="#m"/><rect fill="url(\'#m\')"/>')
    assert figures.find_unsafe(svg) == []


def test_check_svg_tree_reports_missing_variants(tmp_path):
    fig = tmp_path / "assets" / "figures"
    fig.mkdir(parents=True)
    clean = _svg("<title>t</title>")
    (fig / "only-ja.svg").write_text(clean)
    (fig / "only-en.en.svg").write_text(clean)
    (fig / "bad.svg").write_text(_svg("<script/>"))
    (fig / "bad.en.svg").write_text(clean)
    assert [str(p) for p in figures.check_svg_tree(tmp_path)] == [
        "docs/assets/figures/bad.svg: contains a <script> element; " + figures.UNSAFE_FIX,
        "docs/assets/figures/only-en.en.svg: figure has no Japanese variant 'only-en.svg'; generate both with "
        "'python -m hooks.figures build'.",
        "docs/assets/figures/only-ja.svg: figure has no English variant 'only-ja.en.svg'; generate both with "
        "'python -m hooks.figures build'.",
    ]


# --- the generator ---------------------------------------------------------------------------

MINIMAL = {"size": [200, 100], "title": {"ja": "図", "en": "Figure"}, "desc": {"ja": "説明", "en": "Description"},
           "items": [{"kind": "box", "id": "a", "x": 10, "y": 10, "w": 80, "h": 40, "label": {"ja": "箱", "en": "Box"}}]}


def _write_data(tmp_path: Path, figs: dict) -> Path:
    path = tmp_path / "figures.yml"
    path.write_text(yaml.safe_dump({"figures": figs}, allow_unicode=True), encoding="utf-8")
    return path


def _with(**changes) -> dict:
    spec = yaml.safe_load(yaml.safe_dump(MINIMAL))
    spec.update(changes)
    return spec


@pytest.mark.parametrize(("spec", "message"), [
    (_with(title={"ja": "図"}), "key 'figures.fig.title' has no text for 'en'; give both 'ja' and 'en'."),
    (_with(size=[200]), "key 'figures.fig.size' must be [width, height] in pixels."),
    (_with(items=[{"kind": "blob"}]), "key 'figures.fig.items[0]' has kind 'blob', which is not one of"),
    (_with(items=[{"kind": "box", "x": 1, "y": 1, "w": 5, "h": 5, "label": {"ja": "箱", "fr": "boîte"}}]),
     "key 'figures.fig.items[0].label' has no text for 'en'; give both 'ja' and 'en'."),
    (_with(items=[{"kind": "box", "x": 1, "y": 1, "w": 5, "h": 5, "note": {"ja": "箱", "en": "box", "fr": "boîte"}}]),
     "key 'figures.fig.items[0].note' has unknown language 'fr'; use only 'ja' and 'en'."),
    (_with(items=[{"kind": "box", "x": 1, "y": 1, "w": 5, "h": 5, "tone": "neon"}]),
     "key 'figures.fig.items[0].tone' is 'neon', which is not one of"),
    (_with(items=[{"kind": "arrow", "from": "nowhere.e", "to": [1, 1]}]),
     "key 'figures.fig.items[0].from' is 'nowhere.e', which does not name an earlier item and a side"),
    (_with(items=[{"kind": "box", "x": 1, "y": 1, "h": 5}]), "key 'figures.fig.items[0].w' is missing."),
])
def test_load_figures_reports_bad_data(tmp_path, spec, message):
    path = _write_data(tmp_path, {"fig": spec})
    with pytest.raises(figures.FigureDataError) as err:
        figures.load_figures(path)
    assert str(err.value).startswith(str(path)) and message in str(err.value), str(err.value)


def test_load_figures_reports_missing_figures_key(tmp_path):
    path = tmp_path / "figures.yml"
    path.write_text("other: 1\n")
    with pytest.raises(figures.FigureDataError, match="key 'figures' is missing"):
        figures.load_figures(path)


def test_text_that_does_not_fit_is_an_error(tmp_path):
    spec = _with(items=[{"kind": "box", "x": 1, "y": 1, "w": 60, "h": 20,
                         "label": {"ja": "とても長いラベルで箱に収まりません", "en": "A label far too long for the box"}}])
    figs = figures.load_figures(_write_data(tmp_path, {"fig": spec}))
    with pytest.raises(figures.FigureDataError, match=r"figure 'fig' \(ja\): text .* does not fit in its 60x20 box"):
        figures.render(figs["fig"], "ja")


def test_word_too_wide_for_its_box_is_an_error(tmp_path):
    spec = _with(items=[{"kind": "box", "x": 1, "y": 1, "w": 60, "h": 80,
                         "label": {"ja": "箱", "en": "Supercalifragilistic"}}])
    fig = figures.load_figures(_write_data(tmp_path, {"fig": spec}))["fig"]
    figures.render(fig, "ja")
    with pytest.raises(figures.FigureDataError,
                       match=r"figure 'fig' \(en\): text 'Supercalifragilistic' is too wide for its 60x80 box"):
        figures.render(fig, "en")


def test_render_uses_the_language_and_escapes_text(tmp_path):
    spec = _with(items=[{"kind": "box", "x": 0, "y": 0, "w": 190, "h": 60, "label": {"ja": "A&B <箱>", "en": "A&B <box>"}}])
    fig = figures.load_figures(_write_data(tmp_path, {"fig": spec}))["fig"]
    ja, en = figures.render(fig, "ja"), figures.render(fig, "en")
    assert "A&amp;B &lt;箱&gt;" in ja and "<title id=\"t\">図</title>" in ja and 'lang="ja"' in ja
    assert "A&amp;B &lt;box&gt;" in en and "<title id=\"t\">Figure</title>" in en and 'lang="en"' in en
    assert figures.find_unsafe(ja) == [] and figures.find_unsafe(en) == []


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("Azure Machine Learning workspace", 120, ["Azure Machine", "Learning", "workspace"]),
    ("データへの参照とメタデータ。データ自体はコピーしない", 160, ["データへの参照と", "メタデータ。データ", "自体はコピーしない"]),
    ("一行目\n二行目", 500, ["一行目", "二行目"]),
])
def test_wrap_breaks_between_words_and_japanese_phrases(text, width, expected):
    assert figures.wrap(text, width, 13.5) == expected


def test_check_reports_stale_missing_and_unknown_files(tmp_path):
    out = tmp_path / "figures"
    shutil.copytree(FIG_DIR, out)
    (out / "architecture.svg").write_text((out / "architecture.svg").read_text().replace("ワークスペース", "WS"))
    (out / "workflow.en.svg").unlink()
    (out / "stray.svg").write_text(_svg("<title>x</title>"))
    (out / "stray.en.svg").write_text(_svg("<title>x</title>"))
    problems = figures.check(out_dir=out)
    assert any(p.startswith(f"{out}/architecture.svg: figure differs from the generator's output") for p in problems)
    assert any(p.startswith(f"{out}/workflow.en.svg: figure is missing") for p in problems)
    assert any(p.startswith(f"{out}/stray.svg: figure is not described in data/figures.yml") for p in problems)
    assert f"{out}/workflow.svg: figure has no English variant 'workflow.en.svg'; generate both with " \
           f"'python -m hooks.figures build'." in problems


def test_check_cli_fails_on_a_stale_figure_and_build_fixes_it(tmp_path):
    out = tmp_path / "figures"
    shutil.copytree(FIG_DIR, out)
    (out / "datasets.en.svg").write_text((out / "datasets.en.svg").read_text().replace("Versioning", "Versions"))
    cmd = [sys.executable, "-m", "hooks.figures"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(cmd + ["check", "--out-dir", str(out)], cwd=ROOT, capture_output=True, text=True, env=env)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"{out}/datasets.en.svg: figure differs from the generator's output; run "
                                  f"'python -m hooks.figures build'.")
    proc = subprocess.run(cmd + ["build", "--out-dir", str(out)], cwd=ROOT, capture_output=True, text=True, env=env)
    assert proc.returncode == 0 and f"wrote {out}/datasets.en.svg" in proc.stdout
    proc = subprocess.run(cmd + ["check", "--out-dir", str(out)], cwd=ROOT, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr


def test_check_cli_reports_bad_data(tmp_path):
    data = tmp_path / "figures.yml"
    data.write_text("figures:\n  x: {size: [10, 10]}\n")
    proc = subprocess.run([sys.executable, "-m", "hooks.figures", "check", "--data", str(data)], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 1
    assert proc.stderr == f"error: {data}: key 'figures.x.title' is missing.\n"


def test_build_writes_only_changed_files(tmp_path):
    out = tmp_path / "figures"
    written = figures.build(out_dir=out)
    assert len(written) == 42
    assert figures.build(out_dir=out) == []
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in ALL_SVGS)


# --- the build hook --------------------------------------------------------------------------

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


def _fixture_site(tmp_path: Path, svgs: dict[str, str]) -> Path:
    tmp_path.mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(FIXTURE_CONFIG.format(hook=ROOT / "hooks" / "figures_hook.py"))
    fig = tmp_path / "docs" / "assets" / "figures"
    fig.mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# 図\n\n![図](assets/figures/f.svg)\n", encoding="utf-8")
    (tmp_path / "docs" / "index.en.md").write_text("# Figure\n\n![Figure](assets/figures/f.svg)\n")
    for name, text in svgs.items():
        (fig / name).write_text(text, encoding="utf-8")
    return tmp_path


CLEAN = _svg("<title>t</title><desc>d</desc>")


@pytest.mark.slow
def test_fixture_site_with_clean_figures_builds(tmp_path):
    site = _fixture_site(tmp_path / "p", {"f.svg": CLEAN, "f.en.svg": CLEAN})
    build = mkdocs_build(site, tmp_path / "out")
    assert build.returncode == 0, build.log
    assert build.warnings == []


@pytest.mark.slow
def test_fixture_site_with_unsafe_figure_fails_and_names_it(tmp_path):
    unsafe = _svg('<title>t</title><rect onload="alert(1)"/><script>alert(2)</script>')
    site = _fixture_site(tmp_path / "p", {"f.svg": CLEAN, "f.en.svg": unsafe})
    build = mkdocs_build(site, tmp_path / "out")
    assert build.returncode != 0
    assert ("ERROR   -  docs/assets/figures/f.en.svg: has an event attribute onload= on <rect>; contains a <script> "
            "element; " + figures.UNSAFE_FIX) in build.log
    assert len([l for l in build.warnings if "f.en.svg" in l]) == 1  # reported once, not once per language


@pytest.mark.slow
def test_fixture_site_with_missing_english_figure_fails(tmp_path):
    site = _fixture_site(tmp_path / "p", {"f.svg": CLEAN})
    build = mkdocs_build(site, tmp_path / "out")
    assert build.returncode != 0
    assert ("ERROR   -  docs/assets/figures/f.svg: figure has no English variant 'f.en.svg'; generate both with "
            "'python -m hooks.figures build'.") in build.log


@pytest.mark.slow
def test_real_site_with_an_unsafe_figure_fails(tmp_path):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    target = project / "docs" / "assets" / "figures" / "architecture.en.svg"
    target.write_text(target.read_text().replace("<svg ", '<svg onload="fetch(\'https://example.com\')" ', 1))
    build = mkdocs_build(project, tmp_path / "out")
    assert build.returncode != 0
    assert "docs/assets/figures/architecture.en.svg: has an event attribute onload= on <svg>" in build.log


# --- the built site ----------------------------------------------------------------------------

IMG_RE = re.compile(r'<img [^>]*src="([^"]*assets/figures/[^"]+)"[^>]*>')
ALT_RE = re.compile(r'alt="([^"]*)"')


def _figure_refs(site: Path) -> list[tuple[Path, str, Path]]:
    """(page, alt, resolved figure file) for every figure image in the built site."""
    refs = []
    for page in sorted(site.rglob("*.html")):
        for match in IMG_RE.finditer(page.read_text(encoding="utf-8")):
            alt = ALT_RE.search(match.group(0))
            refs.append((page, alt.group(1) if alt else "", (page.parent / unquote(match.group(1))).resolve()))
    return refs


@pytest.mark.slow
def test_built_site_shows_every_figure_in_both_languages(real_site):
    site = real_site.site_dir
    refs = _figure_refs(site)
    ja = [r for r in refs if r[0].relative_to(site).parts[0] != "en"]
    en = [r for r in refs if r[0].relative_to(site).parts[0] == "en"]
    assert len(ja) == 22 and len(en) == 22, (len(ja), len(en))
    assert {r[2].name for r in ja} == {p.name for p in JA_SVGS}  # 21 distinct figures, each used
    for page, alt, target in refs:
        where = f"{page.relative_to(site)} -> {target}"
        assert target.is_file(), f"missing image: {where}"
        english = page.relative_to(site).parts[0] == "en"
        svg_text = target.read_text(encoding="utf-8")
        assert ('lang="en"' in svg_text) == english, f"wrong language variant: {where}"
        assert len(alt) >= 10, f"alt text too short: {where}: {alt!r}"
        assert bool(JAPANESE.search(alt)) != english, f"alt text in the wrong language: {where}: {alt!r}"


@pytest.mark.slow
def test_built_site_wraps_figures_in_a_local_lightbox(real_site):
    site = real_site.site_dir
    for rel in ("concepts/workspace/index.html", "en/concepts/workspace/index.html"):
        html = (site / rel).read_text(encoding="utf-8")
        links = re.findall(r'<a class="glightbox"[^>]*href="([^"]+)"[^>]*><img', html)
        assert len(links) == 3 and all(l.endswith(".svg") for l in links), links
        scripts = re.findall(r'<script src="([^"]*glightbox[^"]*)"', html)
        assert scripts and not any(s.startswith(("http:", "https:", "//")) for s in scripts), scripts
        assert (site / rel).parent.joinpath(scripts[0]).resolve().is_file()


@pytest.mark.browser
@pytest.mark.slow
def test_figures_load_and_zoom_from_file_urls(real_site, browser):
    site = real_site.site_dir
    page = browser.new_page()
    outside: list[str] = []
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(("file:", "data:")) else None)
    for rel, lang in (("concepts/compute/index.html", "ja"), ("en/concepts/compute/index.html", "en")):
        page.goto((site / rel).as_uri())
        page.wait_for_load_state("load")
        sizes = page.eval_on_selector_all("article img[src*='assets/figures/']",
                                          "imgs => imgs.map(i => [i.getAttribute('src'), i.naturalWidth])")
        assert len(sizes) == 5 and all(w > 0 for _, w in sizes), sizes
        page.click("article a.glightbox >> nth=0")
        page.wait_for_selector(".glightbox-container .gslide-image img", state="visible", timeout=5000)
        src = page.get_attribute(".glightbox-container .gslide.current .gslide-image img", "src")
        assert src.endswith("compute-types.svg"), src
        page.keyboard.press("Escape")
        page.wait_for_selector(".glightbox-container", state="detached", timeout=5000)
    assert outside == []
    page.close()
