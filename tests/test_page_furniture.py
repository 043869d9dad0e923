"""Page furniture a reader relies on: external links marked, glossary links told apart, last-updated dates.

The built real site (session fixture ``real_site``) is read as HTML for the date line; Chromium reads the
computed styles and the accessibility name of links, which only a browser computes.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import ROOT, copy_project, mkdocs_build

DATE_JA = re.compile(r'<span class="page-updated">最終更新日: <span [^>]*>\d{4}年\d{1,2}月\d{1,2}日</span>')
DATE_EN = re.compile(r'<span class="page-updated">Last update: <span [^>]*>[A-Z][a-z]+ \d{1,2}, \d{4}</span>')


def _pages(site_dir, lang):
    root = site_dir if lang == "ja" else site_dir / "en"
    for path in sorted(root.rglob("index.html")):
        rel = path.relative_to(site_dir).as_posix()
        if lang == "ja" and rel.startswith("en/"):
            continue
        yield rel, path.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("lang, pattern", [("ja", DATE_JA), ("en", DATE_EN)])
def test_every_page_shows_its_last_updated_date_in_its_language(real_site, lang, pattern):
    pages = list(_pages(real_site.site_dir, lang))
    assert len(pages) >= 18
    missing = [rel for rel, html in pages if not pattern.search(html)]
    assert not missing, f"pages without a '{lang}' last-updated line: {missing}"


@pytest.mark.slow
def test_a_copy_without_git_history_still_builds_strict(tmp_path):
    # a tarball or a copy outside git: the plugin falls back to the build date instead of failing --strict
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    html = (tmp_path / "site" / "concepts" / "compute" / "index.html").read_text(encoding="utf-8")
    assert DATE_JA.search(html)


@pytest.mark.slow
def test_a_shallow_clone_builds_strict(tmp_path, monkeypatch):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{ROOT}", str(clone)], check=True)
    for name in (
        "docs",
        "data",
        "hooks",
        "overrides",
        "mkdocs.yml",
    ):  # the working tree's pages, with a 1-commit history
        target = clone / name
        if target.is_dir():
            shutil.rmtree(target)
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, target)
    # the plugin warns about shallow clones on GitHub's runners only, where our workflows fetch full history
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    build = mkdocs_build(clone, tmp_path / "site")
    assert build.returncode == 0, build.log


LINKS_JS = """() => {
  const out = [];
  for (const a of document.querySelectorAll('.md-content a[href]')) {
    const href = a.getAttribute('href');
    const after = getComputedStyle(a, '::after');
    out.push({href, text: a.textContent.trim(), afterContent: after.content, afterWidth: after.width,
              decoration: getComputedStyle(a).textDecorationStyle});
  }
  return out;
}"""


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang, label", [("ja", "外部サイト"), ("en", "external site")])
def test_external_links_carry_an_icon_and_screen_reader_text(browser, real_site, serve_dir, lang, label):
    base = serve_dir(real_site.site_dir)
    page = browser.new_page()
    try:
        page.goto(base + ("" if lang == "ja" else "en/") + "concepts/compute/")
        links = page.evaluate(LINKS_JS)
        external = [link for link in links if link["href"].startswith(("http://", "https://"))]
        internal = [link for link in links if not link["href"].startswith(("http://", "https://", "#"))]
        assert external and internal
        assert all(
            link["afterContent"] not in ("none", "normal") and link["afterWidth"] != "0px" for link in external
        ), external
        assert all(link["afterContent"] in ("none", "normal") for link in internal), internal
        # the accessible name of an external link ends with the alternative text of its icon
        first = external[0]
        named = page.get_by_role("link", name=re.compile(re.escape(label)))
        assert named.count() >= len({link["text"] for link in external}) > 0
        assert (
            page.get_by_role("link", name=re.compile(re.escape(first["text"]) + ".*" + re.escape(label))).count() >= 1
        )
        glossary = [link for link in links if re.search(r"glossary(/|\.html)#", link["href"])]
        others = [link for link in internal if link not in glossary and link["decoration"]]
        assert glossary, "the compute page links glossary terms"
        assert {link["decoration"] for link in glossary} == {"dotted"}
        assert "dotted" not in {link["decoration"] for link in others if link["href"].endswith("/")}
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_tapping_clear_in_search_on_a_phone_leaves_no_tooltip(browser, real_site, serve_dir):
    base = serve_dir(real_site.site_dir)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(base)
        page.tap("label[for=__search]")
        page.keyboard.type("ワークスペース")
        page.keyboard.press("End")  # non-ASCII typing arrives without key events; a key press lets search react
        page.wait_for_selector(".md-search-result__item")
        page.tap("button.md-search__icon[type=reset]")
        page.wait_for_timeout(400)  # the tooltip appears after a short delay when it does
        shown = page.evaluate("""() => [...document.querySelectorAll('.md-search__options .md-tooltip')]
            .filter(e => getComputedStyle(e).display !== 'none' && getComputedStyle(e).opacity !== '0'
                         && e.getBoundingClientRect().height > 0).map(e => e.textContent.trim())""")
        assert shown == []
    finally:
        context.close()
