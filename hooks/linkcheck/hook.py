"""MkDocs adapter of the link checker: checks every link of the whole built site once, after the last language.

Each page is parsed once, from the HTML MkDocs renders (kept at ``on_post_page``, after every other
plugin changed it); only HTML files no page produced (404.html, theme pages) are read from disk. When
the last language's build reaches ``on_post_build`` every page of every language is written (ja at
``/``, en at ``/en/``); the pages are parsed there and the check runs, once, on the whole site
directory. Each problem is logged once as a warning through ``mkdocs.hooks.linkcheck`` (``--strict``
fails) at the Markdown file and line that wrote the link (hooks/linkcheck/sourcemap.py), else at the
built HTML file and line (theme templates, generated content). With Material's offline plugin
enabled the site is checked as opened from ``file://`` and 404.html is skipped.
"""

from __future__ import annotations

import sys, pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # repo root (MkDocs loads hooks by path)

import functools
import importlib.util
import logging
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from hooks.core.cache import ServeMemo, source_version, store_path
from hooks.core.paths import project_dir, shown_path, source_label
from hooks.core.phase import phase
from hooks.core.problems import Problem, Reporter
from hooks.linkcheck.settings import external_settings
from hooks.linkcheck import parse as _parse
from hooks.linkcheck.parse import ParsedPage, parse_document
from hooks.linkcheck.resolve import Options, check_links, compile_patterns, scan_site
from hooks.linkcheck.sourcemap import SourcePage, report

log = logging.getLogger("mkdocs.hooks.linkcheck")


class LinkcheckHook:
    """State of the link check: sources and parsed pages of one build (all languages)."""

    def __init__(self) -> None:
        # a page's parse, by its HTML: across serve rebuilds, and in .cache/hooks between builds
        self.parse_cache: ServeMemo[ParsedPage] = ServeMemo(_parse.pack, _parse.unpack)
        self.reset()

    def reset(self) -> None:
        self.sources: dict[str, SourcePage] = {}  # built path (site-relative) -> Markdown source
        self.rendered: dict[str, str] = {}  # built path -> its HTML as written, until parsed
        self.parsed: dict[str, ParsedPage] = {}  # built path -> its parse
        self.reporter = Reporter("linkcheck")
        self.options: Options | None = None
        self.language = ""
        self.docs_label = "docs"

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.parse_cache.start(command)

    def on_config(self, config: MkDocsConfig) -> None:
        build = phase(config)
        if build.first:
            self.reset()
            self.parse_cache.use_store(store_path(project_dir(config), "linkcheck-pages"), _parse_version())
        self.language = build.current  # this language's build: the pages it renders
        self.docs_label = source_label(config, "").rstrip("/")  # 'docs'
        if not build.first:
            return
        settings = config.extra.get("linkcheck") or {}  # config.extra is a Mapping, not a dict
        try:
            if not isinstance(settings, Mapping):
                raise ValueError("extra.linkcheck must be a mapping")
            external_settings(dict(settings))  # validates the keys, so a typo is reported here too
            ignore = compile_patterns(settings.get("ignore", []))
        except ValueError as err:
            label = shown_path(config.config_file_path or "mkdocs.yml", project_dir(config))
            self.reporter.add(Problem(label, None, f"{err}; fix extra.linkcheck."))
            self.reporter.flush()
            return
        self.options = Options(site_url=config.site_url or None, file_urls=phase(config).offline, ignore=ignore)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Any) -> str:
        file = page.file
        src_uri = file.src_uri
        self.sources[file.dest_uri.replace(os.sep, "/")] = SourcePage(
            f"{self.docs_label}/{src_uri}", src_uri, "", self.language, load=functools.partial(_source, file, markdown)
        )
        return markdown

    @event_priority(-100)  # after the other plugins' on_post_page: the HTML as it is written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.rendered[page.file.dest_uri.replace(os.sep, "/")] = output  # parsed with the others, in on_post_build
        return output

    def parse_rendered(self) -> None:
        """Parse every page kept by on_post_page (a parse keeps the text anyway, for line numbers).

        All in one stretch: that costs less CPU time than one parse between each two renders of MkDocs.
        """
        for dest, output in self.rendered.items():
            self.parsed[dest] = self.parse_cache.get(output, parse_document)
        self.rendered.clear()

    @event_priority(-100)  # after the other plugins' on_post_build (they may still write files)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        current = phase(config)
        if not current.last:
            log.debug("linkcheck: not the last language build; the check runs when every language is written")
            return
        if self.options is None:  # the settings were reported in on_config
            return
        started = time.monotonic()
        self.parse_rendered()
        site_dir = Path(config.site_dir)
        site = scan_site(site_dir, self.parsed, parse=lambda data: self.parse_cache.get(data, parse_document))
        if current.offline:
            site.pages.pop("404.html", None)  # no server shows it to anyone opening the bundle from file://
        problems, external = check_links(site, self.options, external_lines=False)
        self.reporter.extend(report(problems, self.sources, shown_path(site_dir)))
        count = self.reporter.flush()
        # Listed with `mkdocs build -v` (pages only: lines are looked up for problems alone); fetched by
        # make linkcheck-external.
        if log.isEnabledFor(logging.DEBUG):
            for url, places in sorted(external.items()):
                log.debug(
                    f"linkcheck: external '{url}' not fetched (first in {min(places)[0]}, {len(places)} place(s))"
                )
        links = sum(len(parsed.urls) for parsed in site.pages.values())
        log.info(
            f"linkcheck: {len(site.pages)} pages, {links} links, {count} problem(s), "
            f"{len(external)} external URLs not fetched (make linkcheck-external), {time.monotonic() - started:.2f} s"
        )
        self.parse_cache.trim()  # serve: forget pages edited away


@functools.cache
def _parse_version() -> str:
    """The version of what parse_document computes: its source files and the HTML parser's version."""
    here = Path(__file__).resolve().parents[1]
    files = (here / "linkcheck" / "parse.py", here / "core" / "text.py", here / "core" / "problems.py")
    return source_version(*files) + _dist_version("selectolax")


def _dist_version(name: str) -> str:
    """The installed version of the distribution ``name`` ('' if unknown), from its dist-info folder's name
    (without importing it, or importlib.metadata)."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return ""
    found = sorted(Path(spec.origin).parents[1].glob(f"{name}-*.dist-info"))
    return found[-1].name if found else ""


def _source(file: File, markdown: str) -> str:
    """The whole source file of a page (front matter included), else the Markdown MkDocs gave the hooks."""
    try:
        return file.content_string
    except (OSError, UnicodeDecodeError):
        return markdown


_hook = LinkcheckHook()
on_startup = _hook.on_startup
on_config = _hook.on_config
on_page_markdown = _hook.on_page_markdown
on_post_page = _hook.on_post_page
on_post_build = _hook.on_post_build
