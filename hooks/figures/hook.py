"""MkDocs adapter of the figures: the SVG safety check, and narrow figures for phones.

- In the default-language build, every ``*.svg`` (any case) under ``docs_dir`` must pass
  :func:`hooks.figures.safety.find_unsafe` and every figure must exist in both languages; each
  problem is logged once as an error naming the file and line, so ``--strict`` fails. Results are
  cached by content hash on the hook object, which lives as long as a ``mkdocs serve`` process, and
  the hashes found safe in ``.cache/hooks/figures-safety.json`` (see :mod:`hooks.core.cache`).
- On every page, a figure ``<img>`` whose ``NAME.narrow.svg`` exists becomes a ``<picture>``
  that serves the narrow layout to narrow screens (:func:`hooks.figures.page.with_narrow`).
"""

from __future__ import annotations

import sys, pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # repo root (MkDocs loads hooks by path)

from pathlib import Path
from typing import Any

from hooks.core.cache import CleanCache
from hooks.core.paths import project_dir, shown_path
from hooks.core.phase import phase
from hooks.core.problems import Reporter
from hooks.figures import page as figure_page
from hooks.figures.safety import SafetyCache, check_tree, checker_version


class FiguresHook:
    """All state of the figures hook; the safety cache survives serve rebuilds."""

    def __init__(self) -> None:
        self.cache = SafetyCache()
        self.reporter = Reporter("figures")
        self.narrow: set[str] = set()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.cache = SafetyCache()

    def on_config(self, config: Any) -> Any:
        self.reporter = Reporter("figures")
        return config

    def on_pre_build(self, *, config: Any) -> None:
        docs_dir = Path(config["docs_dir"])
        self.narrow = figure_page.narrow_figures(docs_dir)
        if not phase(config).first:  # static-i18n builds once per language: check the sources once
            return
        project = project_dir(config)
        if self.cache.clean is None:
            self.cache.clean = CleanCache.in_project(project, "figures-safety", checker_version())
        shown = shown_path(docs_dir, project)
        self.reporter.extend(check_tree(docs_dir, shown_prefix=shown, cache=self.cache))
        self.cache.save()
        self.reporter.flush()

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        return figure_page.with_narrow(html, self.narrow)


_hook = FiguresHook()
on_startup = _hook.on_startup
on_config = _hook.on_config
on_pre_build = _hook.on_pre_build
on_page_content = _hook.on_page_content
