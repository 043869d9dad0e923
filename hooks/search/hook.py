"""MkDocs adapter for search (hooks/search/): readable index text, and the check that pages run our worker.

- ``on_page_context`` (after Material's search plugin indexed the page): for a page with a table or a
  glossary-style definition list, replaces the entries Material just added with entries Material's own
  index builds from :func:`hooks.search.index.index_html` (other pages are not parsed again).
- ``on_post_page``: checks the ``__config`` of the HTML MkDocs is about to write (no page is read back).
"""

from __future__ import annotations

import sys, pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # repo root (MkDocs loads hooks by path)

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from mkdocs.plugins import event_priority

from hooks.core.phase import phase
from hooks.core.problems import Problem, Reporter
from hooks.search import index, wiring


class SearchHook:
    """Build state: the reporter, the worker files already found on disk, whether Material's index is reachable."""

    def __init__(self) -> None:
        self.reporter = Reporter("search")
        self.exists: dict[Path, bool] = {}
        self.lang = ""

    def on_config(self, config: Any) -> Any:
        build = phase(config)
        if build.first:
            self.exists = {}
        self.lang = build.current
        return config

    def on_files(self, files: Any, *, config: Any) -> Any:
        if phase(config).first and files.get_file_from_path(f"{wiring.WORKER_DIR}/{wiring.WORKER}") is None:
            self.reporter.add(wiring.missing_worker())
        return files

    @event_priority(-50)  # after Material's search plugin added this page's entries
    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        if page.content and index.needs_index_text(page.content):
            self._reindex(page, config)
        return context

    def _reindex(self, page: Any, config: Any) -> None:
        plugin: Any = config.plugins.get("material/search") or config.plugins.get("search")
        if plugin is None or not getattr(plugin.config, "enabled", True):
            return
        search_index: Any = getattr(plugin, "search_index", None)
        entries = getattr(search_index, "entries", None)
        if not isinstance(entries, list) or not hasattr(search_index, "add_entry_from_context"):
            self.reporter.add(
                Problem(
                    "mkdocs.yml",
                    None,
                    "the search plugin keeps no 'search_index.entries' list, so "
                    "table rows and glossary entries are indexed as run-on text; check "
                    "hooks/search/index.py against the installed Material search plugin.",
                    level="warning",
                )
            )
            return
        count = 0
        while count < len(entries) and str(entries[-1 - count]["location"]).split("#")[0] == page.url:
            count += 1
        if not count:  # excluded from search (front matter 'search: exclude')
            return
        fresh = type(search_index)(**search_index.config)
        fresh.add_entry_from_context(
            SimpleNamespace(
                content=index.index_html(page.content, self.lang),
                toc=page.toc,
                url=page.url,
                meta=page.meta,
                title=page.title,
            )
        )
        entries[len(entries) - count :] = fresh.entries

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        self.reporter.extend(
            wiring.check_page(page.file.dest_uri, output, Path(config["site_dir"]), exists=self._exists)
        )
        return output

    def _exists(self, path: Path) -> bool:
        if path not in self.exists:
            self.exists[path] = path.is_file()
        return self.exists[path]

    def on_post_build(self, *, config: Any) -> None:
        self.reporter.flush()


_hook = SearchHook()
on_config = _hook.on_config
on_files = _hook.on_files
on_page_context = _hook.on_page_context
on_post_page = _hook.on_post_page
on_post_build = _hook.on_post_build
