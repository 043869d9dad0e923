"""MkDocs adapter for hooks/glossary/: the data file, term links, mentions, the index, and page sources.

Per build it loads data/glossary.yml once (problems reported once, not per language), gives the
markers extension the ``<!-- glossary -->`` renderer and the term links of the language being built,
and, once every page of that language is converted, fills the index's "used on" lists and warns
about terms no page mentions. It also checks what every page needs before any hook reads it:
each page source is UTF-8 and every page exists in every language.

Options (mkdocs.yml ``extra.glossary``): ``data`` (path of the data file relative to mkdocs.yml,
default data/glossary.yml), ``learn_pages`` (the titles of the Learn pages its links open, relative to
mkdocs.yml, e.g. data/learn_pages.yml; every glossary link then needs a title there; without it each
link reads just 'Microsoft Learn'), ``autolink`` (link the first plain mention of each term, default false).
"""

from __future__ import annotations

import sys, pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # repo root (MkDocs loads hooks by path)

import functools
import os
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from hooks.core.cache import RegexCache, ServeMemo, TemplateCache, source_version, store_path
from hooks.core.paths import project_dir, shown_path, source_label
from hooks.core.phase import BuildPhase, phase
from hooks.core.problems import HookError, Problem, Reporter
from hooks.core.text import decode, read_text, salvage
from hooks.glossary import learn_pages, model
from hooks.glossary.pages import GLOSSARY_URI, LanguagePages, norm_src_uri
from hooks.glossary.render import IndexTemplate, PageRef
from hooks.glossary.translations import default_stand_ins, file_of, missing_translations
from hooks.markers.extension import Blocks, Marker, MarkersExtension, RenderContext, fail, install
from hooks.markers.page import PageContexts, front_matter_lines


class GlossaryHook:
    """Build state: the data file's terms, the current language's pages, the problems to report."""

    def __init__(self) -> None:
        self.reporter = Reporter("glossary")
        self.template = IndexTemplate()
        self.glossary = model.Glossary([], [], usable=False)
        self.learn_pages: learn_pages.LearnPages | None = None
        self.build: BuildPhase | None = None
        self.pages: LanguagePages | None = None
        self.extension: MarkersExtension | None = None
        self.contexts: PageContexts | None = None
        self.files: Any = None
        self.page_files: dict[str, Any] = {}  # src_uri -> File of each page converted in this language
        self.order: list[str] = []
        self.stand_ins: dict[str, str] = {}  # default-language page missing -> translation built in its place
        # the data file's terms by its text: across serve rebuilds, and in .cache/hooks between builds
        self.data_memo: ServeMemo[model.Glossary] = ServeMemo()
        self.regexes = RegexCache()  # the term-name patterns, compiled, between builds

    # -- configuration and data -----------------------------------------------------------------
    def on_config(self, config: Any) -> Any:
        self.build = phase(config)
        options = (config.get("extra") or {}).get("glossary") or {}
        options = options if isinstance(options, dict) else {}
        if self.build.first:
            self.reporter = Reporter("glossary")
            base = project_dir(config)
            self.template = IndexTemplate(compiled=TemplateCache.in_project(base))  # read again each build
            path = (base / str(options.get("data", model.DATA_LABEL))).resolve()
            self.glossary = self._load(path, shown_path(path, base), base)
            self.reporter.extend(self.glossary.problems)
            self.learn_pages = self._load_learn_pages(options.get("learn_pages"), base)
        if self.build.first:
            self.regexes.use_store(store_path(project_dir(config), "glossary-patterns"))
        self.pages = LanguagePages(
            self.glossary,
            self.build.current,
            self.reporter.add,
            autolink=bool(options.get("autolink", False)),
            compile=self.regexes.compile,
        )
        if self.build.last:  # every language's pattern is compiled
            self.regexes.trim()
        self.extension = install(config)
        self.contexts = PageContexts(config, self.build.current)
        self.extension.add({"glossary": self.render_marker}, terms=self.pages)
        self.files, self.order, self.page_files = None, [], {}
        return config

    def _load_learn_pages(self, option: Any, base: Path) -> learn_pages.LearnPages | None:
        """The Learn page titles named by the ``learn_pages`` option (None without it), checked against the links."""
        if option is None:
            return None
        path = (base / str(option)).resolve()
        pages = learn_pages.load(path, label=shown_path(path, base))
        self.reporter.extend(pages.problems)
        self.reporter.extend(
            learn_pages.check(pages, self.glossary.terms, self.glossary.label, self.glossary.link_lines)
        )
        return pages

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.data_memo.start(command)

    def _load(self, path: Path, label: str, base: Path) -> model.Glossary:
        """The data file's terms and problems; read and checked again only when its text changed."""
        try:
            text = read_text(path, label=label)
        except HookError:
            return model.load(path, label=label)  # which words the problem
        self.data_memo.use_store(store_path(base, "glossary-data"), _data_version() + label)
        glossary = self.data_memo.get(text, functools.partial(model.parse, label=label))
        self.data_memo.trim()  # only the current text is worth keeping
        return glossary

    def on_pre_build(self, *, config: Any) -> None:
        if self.build is not None and self.build.first:
            self._check_translations(config)
        self.reporter.flush()

    # -- page sources ---------------------------------------------------------------------------
    def _check_translations(self, config: Any) -> None:
        """Every page exists in every language (checked once, on the folder, before any language is built)."""
        assert self.build is not None
        docs_dir = Path(config["docs_dir"])
        uris = _markdown_paths(docs_dir)
        missing = missing_translations(uris, self.build.languages, shown_path(docs_dir, project_dir(config)))
        self.stand_ins = default_stand_ins(uris, self.build.languages) if len(self.build.languages) > 1 else {}
        if missing:
            self.reporter.extend(missing)
            i18n = config.plugins.get("i18n")
            if i18n is not None:  # build the page from the default language rather than break every link to it
                i18n.config["fallback_to_default"] = True

    @event_priority(-110)  # after static-i18n (-100) has kept the files of the language being built
    def on_files(self, files: Any, *, config: Any) -> Any:
        """Each page source is UTF-8: a file that is not is reported once, then read as well as can be
        (core.text.salvage), so links to its headings do not fail as well. The lines of front matter of each
        source read go to the page contexts, which then need not read the file again."""
        self.files = files
        if self.build is not None and self.build.first:  # what links to a missing page finds its translation
            docs_dir = Path(config["docs_dir"])
            for base, stand_in in self.stand_ins.items():
                if files.get_file_from_path(base) is None:
                    files.append(File.generated(config, base, abs_src_path=str(docs_dir / stand_in)))
        docs_label = source_label(config, "")  # 'docs/'
        front_matter = self.contexts.front_matter if self.contexts is not None else {}
        front_matter.clear()
        for file in files.documentation_pages():
            path = getattr(file, "abs_src_path", None)
            if path is None:
                continue
            try:
                with open(path, "rb") as handle:
                    raw = handle.read()
            except OSError:
                continue
            try:
                text = raw.decode("utf-8-sig")  # the common case; decode() words the problem of a file that is not
                # what the page contexts would read from the file (in text mode: universal newlines)
                front_matter[path] = front_matter_lines(
                    text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
                )
            except UnicodeDecodeError:
                try:
                    text = decode(raw, label=docs_label + file.src_uri)
                except HookError as err:
                    self.reporter.add(err.problem)
                    text = file.content_string = salvage(raw)
            # a page with no comment at all has no marker (a misspelt one is the markers extension's to report)
            if _is_glossary(file.src_uri) and self.pages is not None and "<!--" not in text:
                self.pages.no_index = Problem(
                    docs_label + file.src_uri,
                    None,
                    f"has no '<!-- glossary -->' marker, so the '{self.pages.lang}' term links have no entries to "
                    "point to; add the marker on a line of its own.",
                )
        if self.pages is not None and not any(_is_glossary(f.src_uri) for f in files.documentation_pages()):
            self.pages.no_index = Problem(
                source_label(
                    config, file_of(GLOSSARY_URI, self.pages.lang, self.build.languages if self.build else ())
                ),
                None,
                f"is missing, so the '{self.pages.lang}' term links ([[id]]) have no entries to point to; create it "
                "with a title and the '<!-- glossary -->' marker.",
            )
        self.reporter.flush()
        return files

    def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
        self.order = [page.file.src_uri for page in nav.pages]
        return nav

    # -- pages ----------------------------------------------------------------------------------
    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        if self.extension is not None and self.contexts is not None:
            self.contexts.begin(self.extension, page)
        self.page_files[page.file.src_uri] = page.file
        return markdown

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        self.reporter.flush()
        return html

    def render_marker(self, marker: Marker, ctx: RenderContext) -> Blocks:
        """``<!-- glossary -->``: the index of the language being built ('used on' filled in later)."""
        if marker.args:
            ctx.report(fail(marker, f"argument '{marker.args[0]}' is not accepted; write '<!-- glossary -->'").problem)
        if self.pages is not None:
            first = self.pages.indexes.setdefault(ctx.src_uri, marker.line)
            if first != marker.line:  # a second index would repeat every anchor of the first
                raise fail(marker, f"the index is already on this page (line {first}); keep one marker")
        lang = self.build.current if self.build else ctx.lang
        return self.template.blocks(self.glossary.terms, lang, None, self.learn_pages)

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        """Every page of the language is converted: warn about terms no page mentions (sites with a glossary page)."""
        pages = self.pages
        if pages is None or not any(_is_glossary(f.src_uri) for f in files.documentation_pages()):
            return env
        mentioned = set().union(*pages.mentions.values()) if pages.mentions else set()
        for term in self.glossary.terms:
            if term.id not in mentioned:
                self.reporter.add(
                    Problem(
                        self.glossary.label,
                        term.line,
                        f"glossary term '{term.id}' is not mentioned on any '{pages.lang}' page; "
                        f"link it with [[{term.id}]] where it is explained, or remove the entry.",
                        "warning",
                    )
                )
        self.reporter.flush()
        return env

    @event_priority(100)  # before the search plugin indexes the page
    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        if self.pages is None or not _is_glossary(page.file.src_uri) or "<!--glossary-used-on:" not in page.content:
            return context
        page.content = self.template.fill_used_on(page.content, self.pages.lang, self._used_on(page.file))
        return context

    def _used_on(self, here: Any) -> dict[str, list[PageRef]]:
        """term id -> pages mentioning it, in nav order, with URLs relative to the glossary page."""
        pages = self.pages
        assert pages is not None
        rank = {uri: i for i, uri in enumerate(self.order)}
        result: dict[str, list[PageRef]] = {}
        for src_uri in sorted(pages.mentions, key=lambda u: (rank.get(u, len(rank)), u)):
            if not pages.mentions[src_uri]:
                continue
            there = self.page_files.get(src_uri)
            if there is None and self.files is not None:
                there = self.files.get_file_from_path(src_uri)
            if there is None:
                continue
            ref = PageRef(pages.titles.get(src_uri) or there.name, there.url_relative_to(here))
            for term_id in sorted(pages.mentions[src_uri]):
                result.setdefault(term_id, []).append(ref)
        return result


@functools.cache
def _data_version() -> str:
    """The version of what model.parse computes: the source files of the data file's reading and checks."""
    hooks = Path(__file__).resolve().parents[1]
    files = (
        "glossary/model.py",
        "glossary/collation.py",
        "core/data.py",
        "core/problems.py",
        "core/paths.py",
        "core/text.py",
    )
    return source_version(*(hooks / name for name in files))


def _is_glossary(src_uri: str) -> bool:
    return src_uri.startswith(GLOSSARY_URI[:-3]) and norm_src_uri(src_uri) == GLOSSARY_URI


def _markdown_paths(docs_dir: Path) -> list[str]:
    """Every path under ``docs_dir`` whose name ends with '.md' (as ``rglob('*.md')`` finds them), posix, sorted."""
    found = []
    for folder, dirs, names in os.walk(docs_dir):
        rel = os.path.relpath(folder, docs_dir).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        found += [prefix + name for name in (*dirs, *names) if name.endswith(".md")]
    return sorted(found)


_hook = GlossaryHook()
on_startup = _hook.on_startup
on_config = _hook.on_config
on_pre_build = _hook.on_pre_build
on_files = _hook.on_files
on_nav = _hook.on_nav
on_page_markdown = _hook.on_page_markdown
on_page_content = _hook.on_page_content
on_env = _hook.on_env
on_page_context = _hook.on_page_context
