"""What a reader does on the site, in Chromium, for the offline bundle (file://) and the hosted build (http).

`check_reader_journey(browser, site)` runs every step and returns nothing; each step asserts. All the
while it records every request of every frame and every console error: a request that leaves the
allowed origin (file:// for the bundle, the 127.0.0.1 server for the hosted site) or any console error
fails the test. Used by tests/test_offline.py and tests/test_site_output.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

SEARCH_WORDS = {"ja": "ワークスペース", "en": "workspace"}
SECTION_PAGE = "concepts/workspace"  # page and section used for the language switch
SECTION_ID = "workspace-layouts"
FIGURE_PAGE = "concepts/compute"  # the page with the most figures (5)
TIMEOUT_MS = 15_000


@dataclass
class Site:
    """A built site as the browser sees it."""

    base_url: str  # ends with '/': file:///.../ or http://127.0.0.1:PORT/prefix/
    directory_urls: bool  # hosted: concepts/workspace/ ; offline: concepts/workspace.html

    def url(self, page: str, lang: str = "ja", fragment: str = "") -> str:
        """URL of a page given as 'concepts/workspace' ('' is the home page)."""
        prefix = "" if lang == "ja" else f"{lang}/"
        if self.directory_urls:
            path = f"{page}/" if page else ""
        else:
            path = f"{page}.html" if page else "index.html"
        return self.base_url + prefix + path + (f"#{fragment}" if fragment else "")

    def allowed(self, url: str) -> bool:
        """True for requests that stay on this machine's copy of the site."""
        scheme = urlsplit(url).scheme
        if scheme in ("data", "blob", "about"):
            return True
        if self.base_url.startswith("file:"):
            return scheme == "file"
        origin = urlsplit(self.base_url)
        target = urlsplit(url)
        return (target.scheme, target.hostname, target.port) == ("http", "127.0.0.1", origin.port)


@dataclass
class Recorder:
    site: Site
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("weberror", lambda error: self.errors.append(f"page error: {error.error}"))
        context.on("console", self._console)

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text} ({message.location.get('url', '')})")

    def check(self) -> None:
        leaving = sorted({url for url in self.requests if not self.site.allowed(url)})
        assert not leaving, f"requests that leave {self.site.base_url}: {leaving}"
        assert not self.errors, "\n".join(self.errors)


def _wait_for_search_results(page, word: str) -> int:
    """Type ``word`` into Material's search box like a reader and return the number of results shown."""
    page.locator("input.md-search__input").click()
    page.keyboard.type(word)
    page.keyboard.press("End")  # non-ASCII text arrives without key events; Material reacts to keys
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__list > li').length > 0", timeout=TIMEOUT_MS
    )
    return page.locator(".md-search-result__list > li").count()


def check_search(page, site: Site) -> None:
    for lang, word in SEARCH_WORDS.items():
        page.goto(site.url("", lang))
        count = _wait_for_search_results(page, word)
        assert count > 0, f"{lang}: no search results for {word!r}"
        hrefs = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
        assert any(SECTION_PAGE in href for href in hrefs), f"{lang}: {word!r} did not find {SECTION_PAGE}: {hrefs}"
        # following a result opens the page (file:// included)
        page.locator(".md-search-result__link").first.click()
        page.wait_for_load_state("load")
        assert page.locator("article h1").count() == 1, f"{lang}: search result did not open a page"


def _switch_language(page, lang: str) -> None:
    page.locator(".md-header__option .md-select").first.hover()
    link = page.locator(f"a.md-select__link[hreflang='{lang}']")
    link.wait_for(state="visible", timeout=TIMEOUT_MS)
    with page.expect_navigation():
        link.click()


def _section_in_view(page, section_id: str) -> bool:
    return page.evaluate(
        """id => {
        const el = document.getElementById(id);
        if (!el) return false;
        const r = el.getBoundingClientRect();
        return r.top >= -2 && r.top < window.innerHeight;
    }""",
        section_id,
    )


def check_language_switch(page, site: Site) -> None:
    for source, target in (("ja", "en"), ("en", "ja")):
        page.goto(site.url(SECTION_PAGE, source, SECTION_ID))
        _switch_language(page, target)
        expected = site.url(SECTION_PAGE, target, SECTION_ID)
        assert page.url == expected, f"{source}->{target}: landed on {page.url}, expected {expected}"
        assert page.locator("html").get_attribute("lang") == target
        page.wait_for_function(
            "id => { const el = document.getElementById(id); return el && el.getBoundingClientRect().top < innerHeight; }",
            arg=SECTION_ID,
            timeout=TIMEOUT_MS,
        )
        assert _section_in_view(page, SECTION_ID), f"{source}->{target}: section #{SECTION_ID} is not in view"


def check_navigation(page, site: Site) -> None:
    page.goto(site.url(""))
    next_link = page.locator("a.md-footer__link--next")
    target = urljoin(page.url, next_link.get_attribute("href"))
    with page.expect_navigation():
        next_link.click()
    assert page.url == target
    assert page.locator("article h1").count() == 1
    # the primary navigation reaches a page two levels down
    nav_link = page.locator("nav.md-nav--primary a.md-nav__link[href*='compute']").first
    with page.expect_navigation():
        nav_link.click(force=True)  # inside a collapsed section on narrow screens; the link itself works
    assert page.url == site.url(FIGURE_PAGE)


def check_figures_and_lightbox(page, site: Site) -> None:
    sources = {}
    for lang in ("ja", "en"):
        page.goto(site.url(FIGURE_PAGE, lang))
        page.wait_for_load_state("load")
        images = page.eval_on_selector_all(
            "article img", "imgs => imgs.map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0}))"
        )
        assert len(images) >= 2, f"{lang}: expected the figures of {FIGURE_PAGE}, found {images}"
        broken = [i["src"] for i in images if not i["ok"]]
        assert not broken, f"{lang}: figures that did not load: {broken}"
        sources[lang] = [i["src"] for i in images]
    # static-i18n serves NAME.en.svg to English pages (as en/assets/figures/NAME.svg)
    assert not set(sources["ja"]) & set(sources["en"]), f"English pages show the Japanese figures: {sources}"
    # lightbox: clicking a figure opens it large, with the image loaded
    page.locator("article a.glightbox").first.click()
    slide_image = page.locator(".glightbox-container .gslide.current img")
    slide_image.wait_for(state="visible", timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => { const i = document.querySelector('.glightbox-container .gslide.current img');"
        " return i && i.complete && i.naturalWidth > 0; }",
        timeout=TIMEOUT_MS,
    )
    page.keyboard.press("Escape")
    page.locator(".glightbox-container").wait_for(state="detached", timeout=TIMEOUT_MS)


def check_glossary(page, site: Site) -> None:
    for lang in ("ja", "en"):
        page.goto(site.url("", lang))
        term = page.locator("article a[href*='glossary']").first
        href = term.get_attribute("href")
        fragment = urlsplit(href).fragment
        assert fragment, f"{lang}: glossary link {href!r} names no term"
        with page.expect_navigation():
            term.click()
        assert urlsplit(page.url).path.endswith(("glossary/", "glossary.html")), page.url
        assert page.locator(f"[id='{fragment}']").count() == 1, f"{lang}: glossary has no entry #{fragment}"
        assert page.locator("article").inner_text().count("\n") > 20, f"{lang}: the glossary page is nearly empty"


def check_reader_journey(browser, site: Site) -> Recorder:
    """Every reader check on ``site``; fails on the first broken step, then on stray requests/errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    recorder = Recorder(site)
    recorder.attach(context)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        check_navigation(page, site)
        check_search(page, site)
        check_language_switch(page, site)
        check_figures_and_lightbox(page, site)
        check_glossary(page, site)
        page.wait_for_timeout(300)  # let late requests (e.g. lazily loaded scripts) show up
    finally:
        context.close()
    recorder.check()
    assert any(url.endswith(("search_index.js", "search_index.json")) for url in recorder.requests), (
        "the search index was never loaded"
    )
    return recorder
