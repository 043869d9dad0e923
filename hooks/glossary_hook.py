"""MkDocs adapter for the glossary (see hooks/glossary.py).

Owns: loading data/glossary.yml at each language build, the "used on" map (computed in on_files
from the source text of every page of the language being built, before any page renders), the
``[[id]]`` term links in page Markdown, and the warnings for terms no page mentions. The index
itself is rendered by the ``<!-- glossary -->`` marker, expanded by hooks/markers_hook.py, which
must be listed after this file under ``hooks:``.

Options (mkdocs.yml ``extra.glossary``): ``data`` (path of the data file, default
data/glossary.yml next to mkdocs.yml), ``autolink`` (link the first plain mention of each term, default false).
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # repo root: MkDocs loads hooks by path
from hooks import glossary  # noqa: E402

log = logging.getLogger("mkdocs.hooks.glossary")


def _options(config) -> dict:
    extra = config.get("extra") or {}
    options = extra.get("glossary") or {}
    return options if isinstance(options, dict) else {}


def _data_path(config) -> tuple[Path, str]:
    base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    rel = _options(config).get("data", glossary.DATA_LABEL)
    path = (base / rel).resolve()
    try:
        label = os.path.relpath(path, base).replace(os.sep, "/")
    except ValueError:
        label = str(path)
    return path, label


def _i18n(config):
    plugins = config.get("plugins") or {}
    return plugins.get("i18n") if hasattr(plugins, "get") else None


def _current_lang(config) -> str:
    plugin = _i18n(config)
    lang = getattr(plugin, "current_language", None) if plugin else None
    if lang:
        return lang
    theme_lang = config["theme"].get("language") if config.get("theme") else None
    return theme_lang or "en"


def _src_label(config, src_uri: str) -> str:
    return f"{Path(config['docs_dir']).name}/{src_uri}"


def _norm_uri(file) -> str:
    return getattr(file, "norm_src_uri", None) or file.src_uri


def on_pre_build(*, config) -> None:
    path, label = _data_path(config)
    terms, problems = glossary.load_glossary_with_problems(path, source=label)
    plugin = _i18n(config)
    if not (plugin and getattr(plugin, "building", False)):  # report data problems once, not per language
        for problem in problems:
            log.error(problem)
    lang = _current_lang(config)
    glossary.STATE[lang] = glossary.SiteState(terms=terms, declared=glossary.declared_ids(path) if problems else set())


@event_priority(-110)  # after static-i18n (-100) has reduced `files` to the language being built
def on_files(files, *, config):
    lang = _current_lang(config)
    state = glossary.STATE.setdefault(lang, glossary.SiteState())
    state.files = files
    state.mentions.clear()
    state.titles.clear()
    if lang not in glossary.LANGS:
        return files
    glossary_pages = set()
    for file in files.documentation_pages():
        if getattr(file, "locale", lang) != lang:
            continue
        markdown = file.content_string
        if _norm_uri(file) == glossary.GLOSSARY_URI:
            glossary_pages.add(file.src_uri)
            continue
        state.mentions[file.src_uri] = glossary.find_mentions(markdown, state.terms, lang)
        state.titles[file.src_uri] = glossary.page_title(markdown) or file.name
    if glossary_pages:  # only a site with a glossary page needs every entry to be mentioned
        mentioned = set().union(*state.mentions.values()) if state.mentions else set()
        _, label = _data_path(config)
        for term in state.terms:
            if term.id not in mentioned:
                log.warning(f"{label}:{term.line}: glossary term '{term.id}' is not mentioned on any '{lang}' page; "
                            f"link it with [[{term.id}]] where it is explained, or remove the entry.")
    return files


def on_nav(nav, *, config, files):
    state = glossary.STATE.get(_current_lang(config))
    if state is not None:
        state.order = [page.file.src_uri for page in nav.pages]
    return nav


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    lang = getattr(page.file, "locale", None) or _current_lang(config)
    state = glossary.STATE.get(_current_lang(config)) or glossary.STATE.get(lang)
    if lang not in glossary.LANGS or state is None:
        return markdown
    _, label = _data_path(config)
    new, problems = glossary.replace_term_links(
        markdown, state.terms, lang, page.file.src_uri,
        src_path=_src_label(config, page.file.src_uri), data_label=label,
        autolink=bool(_options(config).get("autolink", False)), declared=state.declared,
    )
    for problem in problems:
        log.error(problem)
    return new
