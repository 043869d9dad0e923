"""MkDocs adapter for search (hooks/search/): readable index text, and the check that pages run our worker.

- ``on_config`` (after Material's search plugin made the build's index): Material's index reads a page
  with a table or a glossary-style definition list through :func:`hooks.search.index.index_html`; every
  page is still parsed once, by Material, and the page itself keeps its markup.
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
        self.checked = wiring.Memo()
        self.read = index.Memo()
        self.site_dir = Path()
        self.lang = ""

    @event_priority(-110)  # after Material's search plugin made this build's index (static-i18n: -100)
    def on_config(self, config: Any) -> Any:
        build = phase(config)
        if build.first:
            self.exists, self.checked, self.read = {}, wiring.Memo(), index.Memo()
        self.lang = build.current
        self.site_dir = Path(config["site_dir"])
        self._index_text(config)
        return config

    def on_files(self, files: Any, *, config: Any) -> Any:
        if phase(config).first and files.get_file_from_path(f"{wiring.WORKER_DIR}/{wiring.WORKER}") is None:
            self.reporter.add(wiring.missing_worker())
        return files

    def _index_text(self, config: Any) -> None:
        """Let Material's index of this build read :func:`hooks.search.index.index_html` of pages that need it."""
        plugin: Any = config.plugins.get("material/search") or config.plugins.get("search")
        if plugin is None or not getattr(plugin.config, "enabled", True):
            return
        search_index: Any = getattr(plugin, "search_index", None)
        add = getattr(search_index, "add_entry_from_context", None)
        if add is None:
            self.reporter.add(
                Problem(
                    "mkdocs.yml",
                    None,
                    "the search plugin has no 'search_index.add_entry_from_context', so table rows and glossary "
                    "entries are indexed as run-on text; check hooks/search/hook.py against the installed "
                    "Material search plugin.",
                    level="warning",
                )
            )
            return
        if getattr(add, "index_text", False):
            return
        lang, memo = self.lang, self.read

        def add_entry(page: Any) -> None:
            content = page.content or ""
            if index.needs_index_text(content):
                page = SimpleNamespace(
                    content=index.index_html(content, lang, memo),
                    toc=page.toc,
                    url=page.url,
                    meta=page.meta,
                    title=page.title,
                )
            add(page)

        add_entry.index_text = True  # type: ignore[attr-defined]
        search_index.add_entry_from_context = add_entry

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        self.reporter.extend(
            wiring.check_page(page.file.dest_uri, output, self.site_dir, exists=self._exists, memo=self.checked)
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
on_post_page = _hook.on_post_page
on_post_build = _hook.on_post_build
