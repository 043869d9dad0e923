"""MkDocs adapter for Japanese typesetting (see hooks/typeset/__init__.py).

Marks each page in ``on_post_page`` (and the 404 page in ``on_post_template``), after the search plugin has indexed the page's text, so search
results and the search index never contain ``<wbr>`` or the katakana spans. Build state (the BudouX
model and the memos of marked texts, shared by both languages' builds) lives on one `Typesetter`,
reset in ``on_startup``, whose bound methods are this module's event functions. A page's marked HTML
is kept by its HTML (``.cache/hooks/typeset-pages.pickle``, see hooks.core.cache.ServeMemo), so a page
that did not change since the last build is not marked again; what is kept is the markup marking
inserted (hooks/typeset/edits.py), not a second copy of every page.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # repo root: MkDocs loads hooks by path
import functools

from hooks.core.cache import ServeMemo, source_version, store_path
from hooks.core.paths import project_dir
from hooks.core.phase import phase
from hooks.core.scripts import NOT_LATIN
from hooks.typeset import edits
from hooks.typeset.model import Phrases, model_path


class Typesetter:
    """Marks pages; memoizes each distinct short text and page block (the navigation repeats on every page)."""

    def __init__(self) -> None:
        self._model: Phrases | None = None  # BudouX's Japanese model, read on first use
        self._marked: dict[str, str] = {}
        self._phrases: dict[str, tuple[str, ...]] = {}  # tuples of strings: the cyclic GC leaves them alone
        self._blocks: dict[str, str] = {}  # marked blocks of the pages (navigation, header, footer)
        # a page's marked HTML, by its HTML: across serve rebuilds, and in .cache/hooks between builds
        self._pages: ServeMemo[edits.Insertions] = ServeMemo()

    def on_startup(self, *, command, dirty) -> None:
        # `mkdocs serve` keeps the process between builds: a build starts with empty memos
        self._marked.clear()
        self._phrases.clear()
        self._blocks.clear()
        self._pages.start(command)

    def on_config(self, config):
        if phase(config).first and _version():
            self._pages.use_store(store_path(project_dir(config), "typeset-pages"), _version())
        return config

    def parse(self, chunk: str) -> tuple[str, ...]:
        phrases_of = self._phrases.get(chunk)
        if phrases_of is None:
            if self._model is None:
                self._model = Phrases.default_japanese()  # only when a page has Japanese short text
            phrases_of = self._phrases[chunk] = tuple(self._model.parse(chunk))
        return phrases_of

    def mark_short(self, fragment: str) -> str:
        marked = self._marked.get(fragment)
        if marked is None:
            from hooks.typeset import phrases

            marked = self._marked[fragment] = phrases.mark_fragment(fragment, self.parse)
        return marked

    def mark(self, html: str) -> str:
        # imported by the first page marked: a build whose pages all come from the cache needs neither module
        from hooks.typeset import page as typeset_page
        from hooks.typeset import phrases

        return typeset_page.mark_page(
            html, mark_short=self.mark_short, wrap_body=phrases.wrap_katakana, memo=self._blocks, needs=NOT_LATIN
        )

    def insertions(self, html: str) -> edits.Insertions:
        return edits.insertions(html, self.mark(html))

    def marked(self, html: str) -> str:
        """``html`` marked, through the page memo."""
        return edits.apply(html, self._pages.get(html, self.insertions))

    def on_post_page(self, output: str, *, page, config) -> str:
        return self.marked(output)

    def on_post_build(self, *, config) -> None:
        if phase(config).last:  # every language's pages are marked: forget pages edited away
            self._pages.trim()

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        # static templates (404.html) are not pages; sitemap.xml and other non-HTML output stay as they are
        return self.marked(output_content) if template_name.endswith(".html") else output_content


@functools.cache
def _version() -> str:
    """The version of what a page's marking computes: the typesetting modules, the scripts they read, the model."""
    hooks = Path(__file__).resolve().parents[1]
    try:
        files = sorted((hooks / "typeset").glob("*.py")) + [hooks / "core" / "scripts.py", model_path("ja")]
        return source_version(*files)
    except (ModuleNotFoundError, OSError):  # no model to read: nothing is kept (marking reports it)
        return ""


typesetter = Typesetter()
on_startup = typesetter.on_startup
on_config = typesetter.on_config
on_post_page = typesetter.on_post_page
on_post_template = typesetter.on_post_template
on_post_build = typesetter.on_post_build
