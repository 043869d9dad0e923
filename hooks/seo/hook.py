"""MkDocs adapter for head tags, sitemap x-default and per-language 404 pages (hooks/seo/).

Gives templates a ``seo`` dict (overrides/main.html renders it): description, hreflang alternates
(absolute, with x-default; none in the offline bundle), Open Graph locale and type.
"""

from __future__ import annotations

import sys, pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # repo root (MkDocs loads hooks by path)

from copy import deepcopy
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

from hooks.core.phase import BuildPhase, phase
from hooks.core.paths import project_dir, shown_path
from hooks.core.problems import HookError, Reporter
from hooks.seo import head, sitemap
from hooks.seo.notfound import NotFoundPages


class SeoHook:
    """Build state: the 404 routing of the whole (all-language) build, the language switcher's home links,
    the phase of the language build running now."""

    def __init__(self) -> None:
        self.reporter = Reporter("seo")
        self.not_found = NotFoundPages()
        self.home_alternates: Any = None
        self.build: BuildPhase | None = None

    @event_priority(-110)  # after static-i18n's on_config (-100) has set extra.alternate to each language's home
    def on_config(self, config: Any) -> Any:
        # static-i18n runs every language's build on this config: each build starts here, and its pages and
        # templates are rendered before the next one starts
        self.build = phase(config)
        if self.build.first:
            self.not_found = NotFoundPages()
        alternates = config.extra.get("alternate")
        self.home_alternates = deepcopy(alternates) if alternates else None
        return config

    def _phase(self, config: Any) -> BuildPhase:
        return self.build or phase(config)

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        build = self._phase(config)
        alternates = getattr(page.file, "alternates", None) or {}
        page_urls = {code: alternates[code].url for code in build.languages if code in alternates}
        if build.current not in page_urls:
            page_urls = {build.current: page.url, **page_urls}
        headings = [item for item in (page.toc.items if page.toc else []) if item.level == 1]
        # page.is_homepage is False for en/index.md; static-i18n sets each language's nav.homepage
        is_home = page.is_homepage or (nav is not None and nav.homepage is not None and nav.homepage.url == page.url)
        links: list[tuple[str, str]] = []
        if not build.offline:
            try:
                links = head.alternate_links(config.site_url or "", page_urls, build.default)
            except HookError as err:
                self.reporter.add(err.problem)
        context["seo"] = {
            # the page's own h1 names it better than its (often shorter) nav label, e.g. "概念" vs "概要"
            "title": headings[0].title if headings else (page.title or ""),
            "description": head.page_description(
                page.meta, page.content or "", title=page.title or "", site_description=config.site_description or ""
            ),
            "alternates": links,
            "og_locale": head.og_locale(build.current),
            "og_locale_alternates": [head.og_locale(code) for code in page_urls if code != build.current],
            "og_type": "website" if is_home else "article",
            "is_home": is_home,
            "lang": build.current,
        }
        return context

    def on_template_context(self, context: Any, *, template_name: str, config: Any) -> Any:
        if template_name != "404.html":
            return context
        if self.home_alternates:
            # static-i18n leaves the language switcher pointing at the last page built; on 404 pages it
            # should lead to each language's home page. It assigns the *attribute* extra.alternate, which
            # Jinja reads before the dict key, so set both.
            alternates = deepcopy(self.home_alternates)
            config.extra["alternate"] = alternates
            config.extra.alternate = alternates
        lang = self._phase(config).current
        context["seo"] = {
            "description": config.site_description or "",
            "alternates": [],
            "not_found": True,
            "og_locale": head.og_locale(lang),
            "og_locale_alternates": [],
            "og_type": "website",
            "lang": lang,
        }
        return context

    def on_post_template(self, output: str, *, template_name: str, config: Any) -> str:
        build = self._phase(config)
        if template_name == "404.html":
            return self.not_found.route(
                output,
                lang=build.current,
                default_lang=build.default,
                site_dir=Path(config["site_dir"]),
                offline=build.offline,
            )
        if template_name == "sitemap.xml":
            try:
                return sitemap.add_x_default(output, build.default, label=_template_label(config, template_name))
            except HookError as err:
                self.reporter.add(err.problem)
        return output

    def on_post_build(self, *, config: Any) -> None:
        self.reporter.flush()


def _template_label(config: Any, name: str) -> str:
    """'overrides/sitemap.xml' when the theme's custom_dir overrides the template, else 'theme template 'x''."""
    custom = config.theme.custom_dir
    if custom and (Path(custom) / name).is_file():
        return shown_path(Path(custom) / name, project_dir(config))
    return f"theme template '{name}'"


_hook = SeoHook()
on_config = _hook.on_config
on_page_context = _hook.on_page_context
on_template_context = _hook.on_template_context
on_post_template = _hook.on_post_template
on_post_build = _hook.on_post_build
