"""Drive Material's search box in Chromium and measure recall@k (used by tests/test_search.py and the benchmark).

`run_queries(page, base_url, queries, directory_urls=...)` types every query into the real search box of the
page in the query's language, waits until Material rendered the results for it, and returns one `Outcome` per
query with the top result pages in order. Everything goes through the UI a reader uses: no worker internals.

For benchmarks: `open_search(page, url)` opens the search box and waits until the index is ready;
`search(page, text) -> (result links, ms)` puts a whole query in the box (as an IME commits it), presses End
and returns the milliseconds from that keystroke until Material rendered the results (MutationObserver on
the result list, plus two animation frames so the rendering is on screen). `clear(page)` empties the box.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

# Resolves once Material has re-rendered the result metadata or list after the next keystroke.
_ARM = """() => {
  const root = document.querySelector('.md-search-result');
  window.__searchRendered = new Promise(resolve => {
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      observer.disconnect();
      const t1 = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(t1 - t0)));
    });
    observer.observe(root, {childList: true, subtree: true, characterData: true});
  });
}"""

_COLLECT = """() => Array.from(document.querySelectorAll('.md-search-result__list > li'))
  .map(li => li.querySelector('a.md-search-result__link')?.href || '')"""

_READY = """() => {
  const cfg = JSON.parse(document.getElementById('__config').textContent);
  const meta = document.querySelector('.md-search-result__meta');
  return meta && meta.textContent.trim() === cfg.translations['search.result.placeholder'];
}"""


@dataclass
class Query:
    query: str
    lang: str
    page: str  # source path of the page that must be found, e.g. "concepts/compute.md"


@dataclass
class Outcome:
    query: Query
    results: list[str] = field(default_factory=list)  # page URLs relative to the site root, best first
    rank: int | None = None  # 1-based rank of the expected page, None when missing
    ms: float = 0.0  # keystroke to rendered results


def page_url(src: str, lang: str, default_lang: str, *, directory_urls: bool) -> str:
    """URL (relative to the site root) of the page built from ``src`` in ``lang``."""
    stem = src[:-3] if src.endswith(".md") else src
    prefix = "" if lang == default_lang else f"{lang}/"
    if directory_urls:
        if stem == "index":
            return prefix
        if stem.endswith("/index"):
            return f"{prefix}{stem[:-5]}"
        return f"{prefix}{stem}/"
    return f"{prefix}{stem}.html"


def open_search(page, url: str, timeout_ms: int = 20000) -> None:
    page.goto(url)
    page.click("label.md-search__icon[for=__search], .md-search__input", timeout=timeout_ms)
    page.focus("input.md-search__input")
    page.wait_for_function(_READY, timeout=timeout_ms)


def search(page, text: str, timeout_ms: int = 10000) -> tuple[list[str], float]:
    """Type ``text`` into the open search box as a reader would; return result links and elapsed ms."""
    # The whole query arrives at once, as from an IME or a paste; the End key's keyup makes Material read it
    # (non-ASCII text inserted by Playwright fires no key events, see facts.md). Typing letter by letter
    # would render results for every prefix and we could not tell which rendering is the last one.
    page.fill("input.md-search__input", text)
    page.evaluate(_ARM)
    t0 = time.perf_counter()
    page.keyboard.press("End")
    page.wait_for_function("() => window.__searchRendered", timeout=timeout_ms)
    page.evaluate("() => window.__searchRendered")
    ms = (time.perf_counter() - t0) * 1000
    return page.evaluate(_COLLECT), ms


def clear(page, settle_ms: int = 300) -> list[str]:
    """Empty the search box as a reader would; Material may reset without re-rendering, so just let it settle."""
    page.fill("input.md-search__input", "")
    page.keyboard.press("End")
    page.wait_for_timeout(settle_ms)
    return page.evaluate(_COLLECT)


def run_queries(
    page, base_url: str, queries: list[Query], *, default_lang: str = "ja", directory_urls: bool = True, k: int = 10
) -> list[Outcome]:
    outcomes = []
    by_lang: dict[str, list[Query]] = {}
    for q in queries:
        by_lang.setdefault(q.lang, []).append(q)
    for lang, group in by_lang.items():
        open_search(page, urljoin(base_url, page_url("index.md", lang, default_lang, directory_urls=directory_urls)))
        for q in group:
            links, ms = search(page, q.query)
            rel = [relative(link, base_url) for link in links]
            want = page_url(q.page, lang, default_lang, directory_urls=directory_urls)
            rank = next((i + 1 for i, r in enumerate(rel[:k]) if r == want), None)
            outcomes.append(Outcome(q, rel, rank, ms))
    return outcomes


def relative(link: str, base_url: str) -> str:
    parts = urlsplit(link)
    path = parts.path
    base = urlsplit(base_url).path
    return path[len(base) :] if path.startswith(base) else path


def recall(outcomes: list[Outcome], lang: str) -> tuple[int, int]:
    mine = [o for o in outcomes if o.query.lang == lang]
    return sum(o.rank is not None for o in mine), len(mine)
