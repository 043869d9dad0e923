"""Search in the reader's language: checks that every page runs our search worker (plain functions + CLI).

What makes Japanese search work lives in the browser, in Material's supported extension points:

- ``overrides/main.html`` (``{% block config %}``) points Material's ``__config.search`` worker setting at
  ``overrides/assets/javascripts/workers/search-ja.js#lang=<page language>&material=<Material's worker>``.
- ``search-ja.js`` loads Material's own worker (``importScripts``) and rewrites each query before
  Material sees it: NFKC (full-width Latin), Japanese runs split into the words of the index by dynamic
  programming over the index vocabulary, particles dropped; pages holding every word first, then the
  rest; results in the page language first. See its header comment.

The index itself is Material's, unchanged (same size, same TinySegmenter tokens). Build-time segmentation
with SudachiPy or Janome was measured and not adopted: same recall on our query set and on 240 sampled
phrases, +31% index size and a ~200 MB dictionary dependency.

This module guards the wiring, which would otherwise fail silently: if a Material upgrade renamed its
worker or changed ``__config``, the template's replace would match nothing and pages would quietly fall
back to Material's query handling. ``find_problems(site_dir)`` reads every built page's ``__config``.
CLI: ``python -m hooks.search check SITE_DIR`` and ``python -m hooks.search size SITE_DIR``.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

WORKER = "search-ja.js"
WORKER_DIR = "assets/javascripts/workers"
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


@dataclass(frozen=True)
class Problem:
    path: str  # site-relative page or file
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def page_config(html: str) -> dict | None:
    """Material's ``__config`` JSON of a built page, or None when the page has none (e.g. a redirect)."""
    match = _CONFIG.search(html)
    if not match:
        return None
    return json.loads(match.group(1))


def check_page(rel: str, html: str, site_dir: Path) -> list[Problem]:
    """Problems with the search worker setting of one built page (``rel`` is site-relative)."""
    try:
        config = page_config(html)
    except json.JSONDecodeError as err:
        return [Problem(rel, f"search config '__config' is not JSON ({err.msg}); check the config block in "
                             f"overrides/main.html.")]
    if config is None:
        return []
    url = str(config.get("search") or "")
    parts = urlsplit(url)
    if not parts.path.endswith(f"{WORKER_DIR}/{WORKER}"):
        return [Problem(rel, f"search worker '{url}' is not '{WORKER_DIR}/{WORKER}', so Japanese queries "
                             f"typed without spaces find nothing; check the config block in overrides/main.html "
                             f"against Material's base.html.")]
    params = parse_qs(parts.fragment)
    problems = []
    material = (params.get("material") or [""])[0]
    if not material:
        problems.append(Problem(rel, f"search worker '{url}' names no Material worker ('#...&material=search.*.js')"
                                     f"; check the config block in overrides/main.html."))
    elif not (site_dir / WORKER_DIR / material).is_file():
        problems.append(Problem(rel, f"search worker '{url}' loads Material's worker '{material}', which the site "
                                     f"does not contain; check the config block in overrides/main.html against "
                                     f"Material's base.html."))
    if not (params.get("lang") or [""])[0]:
        problems.append(Problem(rel, f"search worker '{url}' has no page language ('#lang=...'); check the "
                                     f"config block in overrides/main.html."))
    return problems


def find_problems(site_dir: Path) -> list[Problem]:
    """Check the worker file and every page of a built site."""
    site_dir = Path(site_dir)
    problems = []
    if not (site_dir / WORKER_DIR / WORKER).is_file():
        problems.append(Problem(f"{WORKER_DIR}/{WORKER}", "search worker is missing from the site; keep "
                                                          f"overrides/{WORKER_DIR}/{WORKER} in the theme overrides."))
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        problems.extend(check_page(rel, path.read_text(encoding="utf-8"), site_dir))
    return problems


def index_size(site_dir: Path) -> dict:
    """Size of the search index and the documents per language prefix (the first path segment if any)."""
    path = Path(site_dir) / "search" / "search_index.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    langs = set(data["config"]["lang"])
    per_lang: dict[str, int] = {}
    for doc in data["docs"]:
        first = doc["location"].split("/")[0]
        key = first if first in langs else "default"
        per_lang[key] = per_lang.get(key, 0) + 1
    return {"bytes": path.stat().st_size, "docs": len(data["docs"]), "per_language": per_lang}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.search", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="check that every page uses our search worker").add_argument("site_dir", type=Path)
    sub.add_parser("size", help="print the search index size").add_argument("site_dir", type=Path)
    args = parser.parse_args(argv)
    if args.command == "size":
        print(json.dumps(index_size(args.site_dir)))
        return 0
    problems = find_problems(args.site_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
