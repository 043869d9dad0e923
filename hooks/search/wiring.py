"""The check that every built page runs our search worker (see the package docstring)."""

from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from hooks.core.problems import Problem

WORKER = "search-ja.js"
WORKER_DIR = "assets/javascripts/workers"
_CONFIG_OPEN = '<script id="__config" type="application/json">'
_CONFIG_CLOSE = "</script>"


class Memo:
    """What :func:`check_page` worked out in one build, for as long as its ``exists`` answers the same.

    Per ``__config`` text, the path of its worker URL; per text, folder that path leads to and site, the
    messages (they depend on nothing else).
    """

    def __init__(self) -> None:
        self.paths: dict[str, str] = {}
        self.messages: dict[tuple[str, str, str], tuple[str, ...]] = {}


def config_text(html: str) -> str | None:
    """The text of Material's ``__config`` script in a built page, or None when the page has none."""
    start = html.find(_CONFIG_OPEN)
    if start < 0:
        return None
    start += len(_CONFIG_OPEN)
    end = html.find(_CONFIG_CLOSE, start)
    return None if end < 0 else html[start:end]


def page_config(html: str) -> dict[str, Any] | None:
    """Material's ``__config`` JSON of a built page, or None when the page has none (e.g. a redirect)."""
    text = config_text(html)
    return None if text is None else json.loads(text)


def check_page(
    rel: str,
    html: str,
    site_dir: Path,
    *,
    exists: Callable[[Path], bool] | None = None,
    memo: Memo | None = None,
) -> list[Problem]:
    """Problems with the search worker setting of one built page (``rel`` is site-relative).

    ``exists`` tells whether a file of the site exists (default: ``Path.is_file``; the hook caches it).
    ``memo`` (see :class:`Memo`) saves reading the same ``__config`` again.
    """
    text = config_text(html)
    if text is None:
        return []
    if memo is None:
        return [
            Problem(rel, None, message) for message in _config_messages(text, rel, site_dir, exists or Path.is_file)
        ]
    path = memo.paths.get(text)
    if path is None:
        path = memo.paths[text] = _worker_path(text)
    # the folder the worker URL leads to from the page (as _worker_dir finds it), when that is inside the site
    where = "/" if path.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
    key = (text, rel if where == ".." or where.startswith("../") else where, str(site_dir))
    messages = memo.messages.get(key)
    if messages is None:
        messages = memo.messages[key] = _config_messages(text, rel, site_dir, exists or Path.is_file)
    return [Problem(rel, None, message) for message in messages]


def _worker_path(text: str) -> str:
    """The path of the worker URL in the ``__config`` text ('' when the text is no JSON object naming one)."""
    try:
        config = json.loads(text)
    except json.JSONDecodeError:
        return ""
    return urlsplit(str(config.get("search") or "")).path if config is not None else ""


def _config_messages(text: str, rel: str, site_dir: Path, exists: Callable[[Path], bool]) -> tuple[str, ...]:
    """What is wrong with the ``__config`` text of the page at ``rel``, one sentence each."""
    try:
        config = json.loads(text)
    except json.JSONDecodeError as err:
        return (f"search config '__config' is not JSON ({err.msg}); check the config block in overrides/main.html.",)
    if config is None:
        return ()
    url = str(config.get("search") or "")
    parts = urlsplit(url)
    if not parts.path.endswith(f"{WORKER_DIR}/{WORKER}"):
        return (
            f"search worker '{url}' is not '{WORKER_DIR}/{WORKER}', so Japanese queries "
            f"typed without spaces find nothing; check the config block in overrides/main.html "
            f"against Material's base.html.",
        )
    params = parse_qs(parts.fragment)
    messages = []
    material = (params.get("material") or [""])[0]
    if not material:
        messages.append(
            f"search worker '{url}' names no Material worker ('#...&material=search.*.js')"
            f"; check the config block in overrides/main.html."
        )
    elif not exists(_worker_dir(site_dir, rel, parts.path) / material):
        messages.append(
            f"search worker '{url}' loads Material's worker '{material}', which the site "
            f"does not contain; check the config block in overrides/main.html against "
            f"Material's base.html."
        )
    if not (params.get("lang") or [""])[0]:
        messages.append(
            f"search worker '{url}' has no page language ('#lang=...'); check the config block in overrides/main.html."
        )
    return tuple(messages)


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
