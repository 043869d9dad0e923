"""The hosted build as published: head tags, sitemap, both 404 pages, and a reader in Chromium.

The site is built once with SITE_URL pointing at a 127.0.0.1 server that serves it under the same path
prefix as the real site (/azure-ml-intro/), so site_url, canonical URLs and root-absolute 404 links are
all exercised the way GitHub Pages serves them.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import ROOT, mkdocs_build
from site_browser import Recorder, Site, check_reader_journey

PREFIX = "azure-ml-intro/"
SITE_NAMES = {"ja": "Azure Machine Learning 入門", "en": "Introduction to Azure Machine Learning"}
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@dataclass
class Hosted:
    site_dir: Path
    site_url: str  # http://127.0.0.1:PORT/azure-ml-intro/


@pytest.fixture(scope="session")
def hosted(tmp_path_factory) -> Hosted:
    """`make build` with SITE_URL set, served on 127.0.0.1 under /azure-ml-intro/."""
    www = tmp_path_factory.mktemp("www")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            """Like GitHub Pages: a missing address gets the site's root 404.html, with status 404."""
            page = www / PREFIX / "404.html"
            if code != 404 or not page.is_file():
                return super().send_error(code, message, explain)
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site_url = f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}"
    build = mkdocs_build(ROOT, www / PREFIX.rstrip("/"), env={"SITE_URL": site_url})
    assert build.returncode == 0, build.log
    yield Hosted(build.site_dir, site_url)
    server.shutdown()
    server.server_close()


class Head(HTMLParser):
    """The tags of <head> this test looks at, plus every href/src in the document."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title = ""
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.urls: list[str] = []
        self._in_head = self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "head":
            self._in_head = True
        elif tag == "title" and self._in_head:
            self._in_title = True
        elif tag == "meta" and self._in_head:
            key = a.get("name") or a.get("property")
            if key:
                self.meta.setdefault(key, []).append(a.get("content", ""))
        elif tag == "link" and self._in_head:
            self.links.append(a)
        for name in ("href", "src"):
            if a.get(name):
                self.urls.append(a[name])

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def rel(self, rel: str) -> list[dict[str, str]]:
        return [link for link in self.links if link.get("rel") == rel]


def _pages(site_dir: Path) -> dict[str, Path]:
    """{page URL relative to the site root: file} for every content page (not 404 pages)."""
    pages = {}
    for path in sorted(site_dir.rglob("index.html")):
        rel = path.parent.relative_to(site_dir).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        pages["" if rel == "." else rel + "/"] = path
    return pages


def _file_for(site_dir: Path, site_url: str, url: str) -> Path | None:
    """The file a URL of this site maps to, or None when it is not under the site."""
    path = urlsplit(url).path
    prefix = urlsplit(site_url).path
    if urlsplit(url).netloc not in ("", urlsplit(site_url).netloc) or not path.startswith(prefix):
        return None
    target = site_dir / path[len(prefix) :]
    return target / "index.html" if path.endswith("/") else target


def test_site_url_comes_from_the_environment(hosted):
    html = (hosted.site_dir / "index.html").read_text()
    assert f'<link rel="canonical" href="{hosted.site_url}">' in html
    assert "example.github.io" not in html


def test_every_page_has_canonical_hreflang_and_open_graph(hosted):
    pages = _pages(hosted.site_dir)
    assert len(pages) >= 30, sorted(pages)
    heads = {url: Head(path.read_text()) for url, path in pages.items()}
    descriptions: dict[str, list[str]] = {"ja": [], "en": []}
    for url, head in heads.items():
        lang = "en" if url.startswith("en/") else "ja"
        canonical = hosted.site_url + url
        assert head.lang == lang, url
        assert [l["href"] for l in head.rel("canonical")] == [canonical], url
        alternates = {l["hreflang"]: l["href"] for l in head.rel("alternate") if l.get("hreflang")}
        assert len([l for l in head.rel("alternate") if l.get("hreflang")]) == 3, url
        assert set(alternates) == {"ja", "en", "x-default"}, url
        assert alternates[lang] == canonical, url
        assert alternates["x-default"] == alternates["ja"], url
        for href in alternates.values():  # absolute, existing, and pointing back ("both ways")
            assert href.startswith(hosted.site_url), (url, href)
            other = href[len(hosted.site_url) :]
            assert other in heads, (url, href)
            back = {l["hreflang"]: l["href"] for l in heads[other].rel("alternate") if l.get("hreflang")}
            assert back == alternates, (url, other)
        # title, description, Open Graph
        site_name = SITE_NAMES[lang]
        h1 = re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", pages[url].read_text(), re.S).group(1))
        h1 = h1.replace("¶", "").strip()
        if url in ("", "en/"):
            assert head.title.strip() == site_name, url
        else:
            assert head.title.strip() == f"{h1} - {site_name}", url
            assert head.one("og:title") == h1, url
        description = head.one("description")
        assert 20 <= len(description) <= 200, (url, description)
        descriptions[lang].append(description)
        assert head.one("og:description") == description, url
        assert head.one("og:url") == canonical, url
        assert head.one("og:site_name") == site_name, url
        assert head.one("og:type") == ("website" if url in ("", "en/") else "article"), url
        assert head.one("og:locale") == {"ja": "ja_JP", "en": "en_US"}[lang], url
        assert head.one("og:locale:alternate") == {"ja": "en_US", "en": "ja_JP"}[lang], url
        assert head.one("twitter:card") == "summary", url
    for lang, values in descriptions.items():
        assert len(set(values)) == len(values), f"{lang}: pages share a description: {sorted(values)}"


def test_sitemap_lists_every_page_with_hreflang_and_x_default(hosted):
    text = (hosted.site_dir / "sitemap.xml").read_text()
    assert gzip.decompress((hosted.site_dir / "sitemap.xml.gz").read_bytes()).decode() == text
    root = ET.fromstring(text.encode())
    locs = []
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        locs.append(loc)
        links = {l.get("hreflang"): l.get("href") for l in url.findall("x:link", NS)}
        assert set(links) == {"ja", "en", "x-default"}, loc
        assert links["x-default"] == links["ja"], loc
        assert loc in (links["ja"], links["en"]), loc
        for href in links.values():
            target = _file_for(hosted.site_dir, hosted.site_url, href)
            assert target is not None and target.is_file(), href
    assert sorted(locs) == sorted(hosted.site_url + url for url in _pages(hosted.site_dir))


@pytest.mark.parametrize("lang, path", [("ja", "404.html"), ("en", "en/404.html")])
def test_404_page_per_language_works_from_any_depth(hosted, lang, path):
    html = (hosted.site_dir / path).read_text()
    head = Head(html)
    assert head.lang == lang
    assert (
        head.title.strip() == {"ja": "ページが見つかりません", "en": "Page not found"}[lang] + " - " + SITE_NAMES[lang]
    )
    assert head.one("robots") == "noindex"
    assert not head.rel("canonical") and not [l for l in head.rel("alternate") if l.get("hreflang")]
    prefix = urlsplit(hosted.site_url).path
    # GitHub Pages shows the page at whatever address was missing: resolve every link from a deep one
    missing = hosted.site_url + ("en/" if lang == "en" else "") + "no/such/deep/page/"
    local = [u for u in head.urls if not re.match(r"^(https?:)?//|^(mailto|data|javascript):|^#", u)]
    assert local, "no links on the 404 page"
    for url in local:
        assert url.startswith(prefix), f"{path}: link {url!r} is not root-absolute under {prefix}"
        target = _file_for(hosted.site_dir, hosted.site_url, urljoin(missing, url))
        assert target is not None and target.is_file(), f"{path}: link {url!r} leads nowhere"
    # its navigation stays in its language, and the language switch leads to each home page
    switch = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)" class="md-select__link"', html))
    assert switch == {prefix: "ja", prefix + "en/": "en"}
    nav = re.findall(r'<a href="([^"]+)" class="md-nav__link', html)
    expected_prefix = prefix + ("en/" if lang == "en" else "")
    assert nav and all(u.startswith(expected_prefix) for u in nav), nav
    if lang == "ja":
        assert not any(u.startswith(prefix + "en/") for u in nav)
        # GitHub Pages shows the root 404 page for missing English addresses too
        assert f'<p lang="en">Page not found. Go to the <a href="{prefix}en/" hreflang="en">' in html


@pytest.mark.browser
def test_hosted_site_works_without_leaving_the_server(browser, hosted):
    recorder = check_reader_journey(browser, Site(hosted.site_url, directory_urls=True))
    assert any(url.endswith("/search/search_index.json") for url in recorder.requests)
    assert not any(url.endswith("/sitemap.xml") and "/concepts/" in url for url in recorder.requests), (
        "Material asked for a sitemap.xml next to a page (overrides/assets/javascripts/i18n-links.js should stop it)"
    )


def test_link_checker_passes_on_the_hosted_build(hosted):
    proc = subprocess.run(
        [sys.executable, "-m", "hooks.linkcheck", str(hosted.site_dir), "--site-url", hosted.site_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " 0 problem(s)" in proc.stdout + proc.stderr


@pytest.mark.browser
def test_404_page_shown_at_a_deep_missing_address_is_styled_and_its_links_work(browser, hosted):
    site = Site(hosted.site_url, directory_urls=True)
    context = browser.new_context()
    recorder = Recorder(site)
    recorder.attach(context)
    page = context.new_page()
    missing = hosted.site_url + "concepts/no/such/page/"
    response = page.goto(missing)
    assert response.status == 404
    assert page.locator("article h1").inner_text().startswith("ページが見つかりません")
    # Material's stylesheet applied (a relative link would have missed it at this depth)
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    with page.expect_navigation():
        page.locator("article a", has_text="トップページ").click()
    assert page.url == hosted.site_url
    context.close()
    # the 404 status of the missing address itself is the one expected console error
    recorder.errors = [e for e in recorder.errors if not ("status of 404" in e and f"({missing})" in e)]
    recorder.check()
