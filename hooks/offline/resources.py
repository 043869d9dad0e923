"""Checking that nothing in a site makes the browser load a resource from the network (package docstring, 2.)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import msgspec

from hooks.core.problems import Problem
from hooks.linkcheck.parse import parse_srcset


class Found(msgspec.Struct, frozen=True):
    """One resource a browser would load from the network: where in the text, what refers to it, the URL."""

    line: int
    what: str  # e.g. '<script src>'
    url: str

    @property
    def message(self) -> str:
        return (
            f"{self.what} '{self.url}' loads from the network, which an offline reader cannot reach; ship the "
            f"file in the site and refer to it by a relative path."
        )


REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://, https://, //host, ftp://...
LOCAL_SCHEMES = ("data:", "blob:", "about:", "javascript:", "mailto:", "tel:", "#")

# Attributes whose URL the browser fetches by itself (not on a click).
LOADED_ATTRS: dict[str, tuple[str, ...]] = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# <link rel=...> values that make the browser fetch href (canonical/alternate/prev/next do not).
LOADED_LINK_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "manifest",
    "mask-icon",
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)
# Material's own scripts name two CDN URLs that they load only when needed: a ResizeObserver polyfill
# (every browser the bundle supports has ResizeObserver) and mermaid.js (only for a page with a mermaid
# diagram, which MERMAID catches in the HTML). Our own scripts and inline scripts are scanned.
MATERIAL_SCRIPTS = re.compile(r"^assets/javascripts/(?:bundle|workers/search)\.[0-9a-f]{8}\.min\.js$")
# Material's Lunr language packs (stemmers and segmenters): code that loads nothing, read by no one but the worker
MATERIAL_LUNR = re.compile(r"^assets/javascripts/lunr/")
MERMAID = re.compile(r"""<(?:pre|div)\b[^>]*class=["'][^"']*\bmermaid\b""", re.I)
# Remote hosts that scripts are known to load from at runtime (CDNs, fonts, analytics).
JS_REMOTE = re.compile(
    r"https?://(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|fonts\.googleapis\.com|"
    r"fonts\.gstatic\.com|www\.googletagmanager\.com|www\.google-analytics\.com)[^\s'\"`)]*"
)


class _ResourceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []  # (line, what, url)
        self._in: str | None = None  # 'style' or 'script' while inside an inline one

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        line = self.getpos()[0]
        names = LOADED_ATTRS.get(tag, ())
        if tag == "link":
            rels = set(attr.get("rel", "").lower().split())
            names = ("href",) if rels & LOADED_LINK_RELS else ()
        for name in names:
            for url in parse_srcset(attr.get(name, "")) if name == "srcset" else [attr.get(name, "")]:
                if REMOTE.match(url):
                    self.found.append((line, f"<{tag} {name}>", url.strip()))
        if "style" in attr:
            self.found += [(line, f"<{tag} style> url()", u) for u in _css_urls(attr["style"]) if REMOTE.match(u)]
        self._in = tag if tag == "style" or (tag == "script" and not attr.get("src")) else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        line = self.getpos()[0]
        if self._in == "style":
            self.found += [(line, "<style> url()", u) for u in _css_urls(data) if REMOTE.match(u)]
        elif self._in == "script":
            self.found += [
                (line + data.count("\n", 0, m.start()), "<script> URL", m.group(0)) for m in JS_REMOTE.finditer(data)
            ]


def _css_urls(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(css)]


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


SCANNED = (".html", ".css", ".js", ".svg")


def scan(rel: str, text: str) -> list[Found]:
    """Remote resources in the text of the site file ``rel`` (site-relative; its suffix says how to read it)."""
    suffix = Path(rel).suffix.lower()
    found: list[Found] = []
    if suffix in (".html", ".svg"):
        parser = _ResourceParser()
        parser.feed(text)
        parser.close()
        found += [Found(line, what, url) for line, what, url in parser.found]
    elif suffix == ".css":
        for m in CSS_URL.finditer(text):
            url = m.group(2) or m.group(4)
            if REMOTE.match(url):
                found.append(Found(_line_of(text, m.start()), "CSS url()", url))
    if suffix == ".html":
        found += [
            Found(_line_of(text, m.start()), "mermaid diagram", "https://unpkg.com/mermaid")
            for m in MERMAID.finditer(text)
        ]
    if suffix == ".js" and not MATERIAL_SCRIPTS.match(rel):
        found += [Found(_line_of(text, m.start()), "script URL", m.group(0)) for m in JS_REMOTE.finditer(text)]
    return found


def find_remote_resources(site_dir: Path) -> list[Problem]:
    """Every place in the built site that makes a browser load something from the network by itself."""
    problems: list[Problem] = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        if path.suffix.lower() not in SCANNED:
            continue
        rel = path.relative_to(site_dir).as_posix()
        text = path.read_bytes().decode("utf-8", errors="replace")
        problems += [Problem(rel, f.line, f.message) for f in scan(rel, text)]
    return problems
