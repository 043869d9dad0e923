"""MkDocs adapter: checks every link of the whole built site once, after the last language build.

Owns: the ``on_post_build`` link check (see hooks/linkcheck.py for what is checked). static-i18n
builds ja, then en from inside ja's ``on_post_build``; when the last language's build reaches
``on_post_build`` every page of every language is written, so the check runs there, once, on the
whole site directory (ja at ``/``, en at ``/en/``). Running inside that build (rather than after
it returns to the ja build) matters: a warning in the en build aborts it under ``--strict``
before ja's ``on_post_build`` would run.

Each problem is logged as a warning through ``mkdocs.hooks.linkcheck`` (so ``--strict`` fails).
When the link is in a page built from Markdown and the URL (or the Markdown link it was rewritten
from) appears in that Markdown, the message names the Markdown file and line:
``docs/concepts/compute.md:42: link 'datastore.md#blob' points to anchor 'blob', which
'docs/concepts/datastore.md' does not define.``; otherwise (theme templates, generated content)
it names the HTML file and line. Settings: ``extra: linkcheck: ignore: [regex...]`` in mkdocs.yml
(the other keys there only concern external checks, which the build never makes). With the
Material offline plugin enabled, the site is checked as opened from ``file://``: directory URLs
must name their ``index.html``, root-absolute URLs are reported, and 404.html is skipped.
"""
from __future__ import annotations

import logging
import os
import posixpath
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # repo root: MkDocs loads hooks by path
from hooks import linkcheck  # noqa: E402

log = logging.getLogger("mkdocs.hooks.linkcheck")


@dataclass
class SourcePage:
    src_path: str  # shown in messages: 'docs/concepts/compute.md'
    src_uri: str  # relative to docs_dir: 'concepts/compute.md'
    markdown: str  # the whole source file, front matter included, so lines match the file


_pages: dict[str, SourcePage] = {}  # output path relative to site_dir -> its Markdown source


def _nested_language_build(config) -> bool:
    """True while static-i18n builds a further language from inside the first build."""
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "building", False))


def _last_language_build(config) -> bool:
    """True in the build that writes the last language (static-i18n builds the default one first)."""
    i18n = config.plugins.get("i18n")
    if i18n is None or not getattr(i18n, "build_languages", None):
        return True
    others = [locale for locale in i18n.build_languages if locale != i18n.default_language]
    if not others:
        return True
    # The plugin builds the others from inside the first build (``building`` is then True) and
    # leaves current_language on the last one, also when control returns to the first build.
    return bool(getattr(i18n, "building", False)) and i18n.current_language == others[-1]


def _offline(config) -> bool:
    for name in ("material/offline", "offline"):
        plugin = config.plugins.get(name)
        if plugin is not None and plugin.config.get("enabled", True):
            return True
    return False


def on_pre_build(*, config) -> None:
    if not _nested_language_build(config):
        _pages.clear()  # a new build (serve rebuilds too): forget the previous one


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    docs = Path(config["docs_dir"]).name
    try:
        source = page.file.content_string
    except (OSError, UnicodeDecodeError):
        source = markdown
    dest = page.file.dest_uri.replace(os.sep, "/")
    _pages[dest] = SourcePage(f"{docs}/{page.file.src_uri}", page.file.src_uri, source)
    return markdown


def source_message(problem: linkcheck.Problem, pages: dict[str, SourcePage], nth: int) -> str | None:
    """The problem restated at its Markdown source line, or None when no Markdown holds the link."""
    page = pages.get(problem.path)
    if page is None or not problem.url:
        return None
    target = pages.get(problem.target) if problem.target else None
    needles = linkcheck.markdown_needles(problem, page_src=page.src_uri, target_src=target.src_uri if target else None)
    found = linkcheck.find_in_markdown(page.markdown, needles, nth)
    if found is None:
        return None
    line, written, opener = found
    docs = page.src_path[: -len(page.src_uri)].rstrip("/")
    raw_html = opener in ("\"", "'", "=")
    message = problem.message.replace(f"'{problem.url}'", f"'{written}'", 1)
    if problem.kind == "missing" and not raw_html and written == problem.url and "//" not in written \
            and not written.startswith("/"):
        # MkDocs leaves a link to a missing file as written: say which source file it meant.
        path = unquote(written.split("#", 1)[0].split("?", 1)[0])
        meant = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), path))
        message = f"link '{written}' points to '{docs}/{meant}', which does not exist."
    elif problem.kind == "missing" and raw_html:
        built = posixpath.dirname(problem.path)
        message = message.rstrip(".") + (f"; a URL in raw HTML is relative to the built page's folder "
                                         f"'{built or '.'}/', not to the Markdown file.")
    if target is not None:
        message = message.replace(f"which '{problem.target}'", f"which '{target.src_path}'", 1)
    return f"{page.src_path}:{line}: {message}"


def report(problems: list[linkcheck.Problem], pages: dict[str, SourcePage], site_dir: Path) -> list[str]:
    """One message per problem, at the Markdown source when known, else at the HTML file."""
    shown_root = site_dir.resolve()
    try:
        shown_root = shown_root.relative_to(Path.cwd().resolve())
    except ValueError:
        pass
    seen: dict[tuple[str, str], int] = {}  # (page, url) -> occurrences so far, to pick the nth Markdown match
    messages: dict[str, None] = {}  # ordered set: one line per problem
    for problem in sorted(problems):
        key = (problem.path, problem.url)
        nth = seen.get(key, 0)
        seen[key] = nth + 1
        message = source_message(problem, pages, nth)
        if message is None:
            message = f"{(shown_root / problem.path).as_posix()}:{problem.line}: {problem.message}"
        messages[message] = None
    return list(messages)


@event_priority(-100)  # after the other plugins' on_post_build (they may still write files)
def on_post_build(*, config) -> None:
    if not _last_language_build(config):
        log.debug("linkcheck: not the last language build; the check runs when every language is written")
        return
    started = time.monotonic()
    settings = config.extra.get("linkcheck") or {}  # config.extra is a Mapping, not a dict
    try:
        if not isinstance(settings, Mapping):
            raise ValueError("extra.linkcheck must be a mapping")
        linkcheck.external_settings(dict(settings))  # validates the keys, so a typo is reported here too
        ignore = linkcheck.compile_patterns(settings.get("ignore", []))
    except ValueError as err:
        log.error(f"mkdocs.yml: {err}; fix extra.linkcheck.")
        return
    site_dir = Path(config.site_dir)
    offline = _offline(config)
    options = linkcheck.Options(site_url=config.site_url or None, file_urls=offline, ignore=ignore)
    site = linkcheck.scan_site(site_dir)
    if offline:
        site.pages.pop("404.html", None)  # no server shows it to anyone opening the bundle from file://
    problems, external = linkcheck.check_links(site, options)
    for message in report(problems, _pages, site_dir):
        log.warning(message)
    for url, places in sorted(external.items()):  # listed with `mkdocs build -v`; fetched by make linkcheck-external
        log.debug(f"linkcheck: external '{url}' not fetched (first in {min(places)[0]}, {len(places)} place(s))")
    links = sum(len(parsed.links) for parsed in site.pages.values())
    log.info(f"linkcheck: {len(site.pages)} pages, {links} links, {len(problems)} problem(s), "
             f"{len(external)} external URLs not fetched (make linkcheck-external), "
             f"{time.monotonic() - started:.2f} s")
