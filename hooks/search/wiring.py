"""The check that every built page runs our search worker (see the package docstring)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from hooks.core.problems import Problem

WORKER = "search-ja.js"
WORKER_DIR = "assets/javascripts/workers"
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def page_config(html: str) -> dict[str, Any] | None:
    """Material's ``__config`` JSON of a built page, or None when the page has none (e.g. a redirect)."""
    match = _CONFIG.search(html)
    if not match:
        return None
    return json.loads(match.group(1))


def check_page(rel: str, html: str, site_dir: Path, *, exists: Callable[[Path], bool] | None = None) -> list[Problem]:
    """Problems with the search worker setting of one built page (``rel`` is site-relative).

    ``exists`` tells whether a file of the site exists (default: ``Path.is_file``; the hook caches it).
    """
    exists = exists or Path.is_file
    try:
        config = page_config(html)
    except json.JSONDecodeError as err:
        return [
            Problem(
                rel,
                None,
                f"search config '__config' is not JSON ({err.msg}); check the config block in overrides/main.html.",
            )
        ]
    if config is None:
        return []
    url = str(config.get("search") or "")
    parts = urlsplit(url)
    if not parts.path.endswith(f"{WORKER_DIR}/{WORKER}"):
        return [
            Problem(
                rel,
                None,
                f"search worker '{url}' is not '{WORKER_DIR}/{WORKER}', so Japanese queries "
                f"typed without spaces find nothing; check the config block in overrides/main.html "
                f"against Material's base.html.",
            )
        ]
    params = parse_qs(parts.fragment)
    problems = []
    material = (params.get("material") or [""])[0]
    if not material:
        problems.append(
            Problem(
                rel,
                None,
                f"search worker '{url}' names no Material worker ('#...&material=search.*.js')"
                f"; check the config block in overrides/main.html.",
            )
        )
    elif not exists(_worker_dir(site_dir, rel, parts.path) / material):
        problems.append(
            Problem(
                rel,
                None,
                f"search worker '{url}' loads Material's worker '{material}', which the site "
                f"does not contain; check the config block in overrides/main.html against "
                f"Material's base.html.",
            )
        )
    if not (params.get("lang") or [""])[0]:
        problems.append(
            Problem(
                rel,
                None,
                f"search worker '{url}' has no page language ('#lang=...'); check the "
                f"config block in overrides/main.html.",
            )
        )
    return problems


def missing_worker() -> Problem:
    """The problem of a site without our worker file."""
    return Problem(
        f"{WORKER_DIR}/{WORKER}",
        None,
        f"search worker is missing from the site; keep overrides/{WORKER_DIR}/{WORKER} in the theme overrides.",
    )


def _worker_dir(site_dir: Path, rel: str, path: str) -> Path:
    """The folder the page at ``rel`` loads the worker ``path`` from (a root-absolute path: the site's worker folder)."""
    if path.startswith("/"):  # error pages link root-absolute (the path of site_url)
        return site_dir / WORKER_DIR
    return Path(os.path.normpath(site_dir / Path(rel).parent / path)).parent


def find_problems(site_dir: Path) -> list[Problem]:
    """Check the worker file and every page of a built site."""
    site_dir = Path(site_dir)
    problems = []
    if not (site_dir / WORKER_DIR / WORKER).is_file():
        problems.append(missing_worker())
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        problems.extend(check_page(rel, path.read_bytes().decode("utf-8", errors="replace"), site_dir))
    return problems


def index_size(site_dir: Path) -> dict[str, Any]:
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
