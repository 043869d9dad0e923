"""MkDocs adapter for hooks/markers/: installs the Markdown extension, names each page for it, reports its problems.

Generators add their renderers from their own hooks (``install(config).add({...})``), so the
order of ``hooks:`` in mkdocs.yml does not matter.
"""

from __future__ import annotations

import sys, pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # repo root (MkDocs loads hooks by path)

from typing import Any

from hooks.core.phase import phase
from hooks.core.problems import Reporter
from hooks.markers.extension import MarkersExtension, install
from hooks.markers.page import PageContexts


class MarkersHook:
    """Build state: the build's extension and the problems it reported."""

    def __init__(self) -> None:
        self.reporter = Reporter("markers")
        self.extension: MarkersExtension | None = None
        self.pages: PageContexts | None = None

    def on_config(self, config: Any) -> Any:
        self.reporter = Reporter("markers")
        self.extension = install(config)
        self.pages = PageContexts(config, phase(config).current)
        return config

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        if self.extension is not None and self.pages is not None:
            self.pages.begin(self.extension, page)
        return markdown

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        if self.extension is not None:
            self.reporter.extend(self.extension.end())
            self.reporter.flush()
        return html


_hook = MarkersHook()
on_config = _hook.on_config
on_page_markdown = _hook.on_page_markdown
on_page_content = _hook.on_page_content
