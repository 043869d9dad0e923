"""Japanese line breaks and tables as Chromium lays them out, on every page of the built site, in both
languages, at 1366 px and 390 px, hosted (http://127.0.0.1) and offline (OFFLINE=true, file://).

The line boxes are read with Range rects (tests/linebreaks_browser.py); the checker itself is tested on
a hand-made page with one break of each kind, so that it is known to report what it should.
"""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build
from linebreaks_browser import Break, bad_breaks, page_breaks

WIDTHS = (1366, 390)
PREFIX = "azure-ml-intro/"
PYTHON_PAGE = "setup/python"


@dataclass
class Built:
    base_url: str  # ends with '/'
    site_dir: Path
    pages: list[str]  # HTML files relative to site_dir, both languages

    def url(self, rel: str) -> str:
        return self.base_url + rel


def _pages(site_dir: Path) -> list[str]:
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
    return [p for p in pages if not p.startswith("assets/")]


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    """The site built as for GitHub Pages, served from 127.0.0.1 under /azure-ml-intro/ while the tests run."""
    www = tmp_path_factory.mktemp("linebreaks-www")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site_url = f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}"
    try:
        build = mkdocs_build(ROOT, www / PREFIX.rstrip("/"), env={"SITE_URL": site_url})
        assert build.returncode == 0, build.log
        yield Built(site_url, build.site_dir, _pages(build.site_dir))
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def offline(tmp_path_factory) -> Built:
    """The offline build (what the bundle's zip holds), opened from file://."""
    build = mkdocs_build(ROOT, tmp_path_factory.mktemp("linebreaks-offline") / "site", env={"OFFLINE": "true"})
    assert build.returncode == 0, build.log
    return Built(build.site_dir.as_uri() + "/", build.site_dir, _pages(build.site_dir))


def _bad_breaks_of_site(browser, site: Built, width: int) -> tuple[int, int, list[str]]:
    """(characters measured, soft breaks seen, bad breaks as 'page: description') at one viewport width."""
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block")
    page = context.new_page()
    chars = seen = 0
    bad: list[str] = []
    try:
        for rel in site.pages:
            page.goto(site.url(rel))
            n, breaks = page_breaks(page)
            assert n > 100, f"{rel}: only {n} characters laid out; did the page render?"
            chars += n
            seen += len(breaks)
            bad.extend(f"{rel} @{width}px: {b}" for b in bad_breaks(breaks))
    finally:
        context.close()
    return chars, seen, bad


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("variant", ["hosted", "offline"])
def test_no_page_breaks_a_line_badly(browser, request, report, variant):
    site: Built = request.getfixturevalue(variant)
    assert any(p.startswith("en/") for p in site.pages) and "index.html" in site.pages
    found: list[str] = []
    for width in WIDTHS:
        chars, seen, bad = _bad_breaks_of_site(browser, site, width)
        report(
            f"line breaks, {variant}, {width} px: {len(bad)} bad of {seen} soft breaks "
            f"({chars} characters, {len(site.pages)} pages)"
        )
        found.extend(bad)
    assert not found, f"{len(found)} bad line breaks:\n" + "\n".join(found[:60])


# ------------------------------------------------------------------------------------ the checker itself

_SAMPLE = """<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>
  body { margin: 0; font: 20px/1.6 "Noto Sans CJK JP", sans-serif; }
  p, h2 { margin: 0 0 1em; font-size: 20px; font-weight: 400; }
  .narrow { width: 4em; line-break: anywhere; }
  .three { width: 3em; word-break: keep-all; }
</style></head><body><article class="md-content__inner">
  <p class="narrow" id="kinsoku">あいうえーお</p>
  <p class="narrow" id="small">あいうえっと</p>
  <p class="narrow" id="close">あいうえ」お</p>
  <p class="narrow" id="katakana">アイウエオカ</p>
  <h2 class="narrow" id="phrase">今日は天気です</h2>
  <h2 class="three" id="between">今日は<wbr>天気</h2>
  <p class="three" id="space">データ ストア</p>
  <p class="narrow" id="forced">アイ<br>ーウ</p>
</article></body></html>"""


@pytest.mark.browser
def test_checker_reports_each_kind_of_bad_break_and_nothing_else(browser):
    page = browser.new_page()
    try:
        page.set_content(_SAMPLE)
        page.evaluate("document.fonts.ready")
        _, breaks = page_breaks(page)
    finally:
        page.close()
    assert bad_breaks(breaks) == [
        Break("kinsoku", "p.narrow", "あいうえ／ーお"),
        Break("kinsoku", "p.narrow", "あいうえ／っと"),
        Break("kinsoku", "p.narrow", "あいうえ／」お"),
        Break("katakana", "p.narrow", "アイウエ／オカ"),
        Break("phrase", "h2.narrow", "今日は天／気です"),
    ]
    # the break at <wbr> between phrases, at the space and after <br> are seen but are not bad
    contexts = [b["context"] for b in breaks]
    assert "今日は／天気" in contexts and "データ ／ストア" in contexts
    assert not any(c.startswith("アイ／") for c in contexts)


# ---------------------------------------------------------------------------------------------- tables

_FIRST_COLUMNS = """() => [...document.querySelectorAll('article table')].map(t => {
  const cells = [...t.querySelectorAll('tr > :first-child')];
  const size = parseFloat(getComputedStyle(t).fontSize);
  return {widths: cells.map(c => c.getBoundingClientRect().width / size), cols: t.rows[0] ? t.rows[0].cells.length : 0,
          text: (cells[1] || cells[0] || t).textContent.trim().slice(0, 20)};
})"""


@pytest.mark.browser
@pytest.mark.slow
def test_tables_on_a_phone_keep_their_first_column(browser, hosted):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    crushed, tables = [], 0
    try:
        for rel in hosted.pages:
            page.goto(hosted.url(rel))
            for table in page.evaluate(_FIRST_COLUMNS):
                if table["cols"] < 2:
                    continue
                tables += 1
                narrowest = min(table["widths"])
                if narrowest < 6.4:  # typeset.css: min-width 6.5em (border box)
                    crushed.append(f"{rel}: table starting 「{table['text']}」: first column {narrowest:.1f} em wide")
    finally:
        context.close()
    assert tables >= 10, f"only {tables} tables found: did the selectors change?"
    assert not crushed, "\n".join(crushed)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_python_versions_table_keeps_its_first_column_in_view_on_a_phone(browser, hosted, lang):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        page.goto(hosted.url(("" if lang == "ja" else "en/") + PYTHON_PAGE + "/"))
        state = page.evaluate("""() => {
          const table = document.querySelector('.python-versions table');
          const wrap = table.closest('.md-typeset__scrollwrap');
          table.scrollIntoView({block: 'center'});
          const row = table.querySelector('tbody tr');
          const first = row.cells[0], last = row.cells[row.cells.length - 1];
          const lefts = () => [first.getBoundingClientRect().left, last.getBoundingClientRect().left];
          const before = lefts();
          wrap.scrollLeft = wrap.scrollWidth;
          const after = lefts();
          const box = first.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return {scrolls: wrap.scrollWidth - wrap.clientWidth, before, after, edge: wrap.getBoundingClientRect().left,
                  right: box.right, covered: !(hit && (hit === first || first.contains(hit)))};
        }""")
    finally:
        context.close()
    assert state["scrolls"] > 50, f"the table fits a phone ({state}); this test no longer checks anything"
    assert state["after"][1] < state["before"][1] - 50, f"the table did not scroll: {state}"
    # sticky: the first column stops at the scroll container's left edge and stays whole on the screen
    assert abs(state["after"][0] - state["edge"]) < 1 and state["right"] <= 390, (
        f"the first column scrolled away: {state}"
    )
    assert not state["covered"], f"the first column is drawn under the scrolled cells: {state}"
