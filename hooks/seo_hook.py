"""MkDocs adapter for head tags, sitemap x-default and per-language 404 pages (see hooks/seo.py).

Gives templates a ``seo`` dict (overrides/main.html renders it): description, hreflang alternates
(absolute, with x-default; none in the offline bundle), Open Graph locale and type.
"""
from __future__ import annotations

import logging
import sys
from copy import deepcopy
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # repo root: MkDocs loads hooks by path
from hooks import seo  # noqa: E402

log = logging.getLogger("mkdocs.hooks.seo")
_not_found = seo.NotFoundPages()


def _languages(config) -> tuple[str, str, list[str]]:
    """(current language, default language, built languages) from static-i18n, or the theme language."""
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.current_language:
        return i18n.current_language, i18n.default_language, list(i18n.build_languages)
    lang = config.theme.get("language") or "en"
    return lang, lang, [lang]


def _offline(config) -> bool:
    return bool(config.extra.get("offline_bundle"))


def on_page_context(context, *, page, config, nav):
    lang, default_lang, languages = _languages(config)
    alternates = getattr(page.file, "alternates", None) or {}
    page_urls = {code: alternates[code].url for code in languages if code in alternates}
    if lang not in page_urls:
        page_urls = {lang: page.url, **page_urls}
    headings = [item for item in (page.toc.items if page.toc else []) if item.level == 1]
    # page.is_homepage is False for en/index.md; static-i18n sets each language's nav.homepage
    is_home = page.is_homepage or (nav is not None and nav.homepage is not None and nav.homepage.url == page.url)
    context["seo"] = {
        # the page's own h1 names it better than its (often shorter) nav label, e.g. "概念" vs "概要"
        "title": headings[0].title if headings else (page.title or ""),
        "description": seo.page_description(page.meta, page.content or "", title=page.title or "",
                                            site_description=config.site_description or ""),
        "alternates": [] if _offline(config) else seo.alternate_links(config.site_url, page_urls, default_lang),
        "og_locale": seo.og_locale(lang),
        "og_locale_alternates": [seo.og_locale(code) for code in page_urls if code != lang],
        "og_type": "website" if is_home else "article",
        "is_home": is_home,
        "lang": lang,
    }
    return context


def on_template_context(context, *, template_name, config):
    if template_name != "404.html":
        return context
    lang, default_lang, languages = _languages(config)
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "extra_alternate", None):
        # static-i18n leaves the language switcher pointing at the last page built; on 404 pages it
        # should lead to each language's home page. It assigns the *attribute* extra.alternate, which
        # Jinja reads before the dict key, so set both.
        alternates = deepcopy(i18n.extra_alternate)
        config.extra["alternate"] = alternates
        config.extra.alternate = alternates
    context["seo"] = {"description": config.site_description or "", "alternates": [], "not_found": True,
                      "og_locale": seo.og_locale(lang), "og_locale_alternates": [], "og_type": "website",
                      "lang": lang}
    return context


def on_post_template(output: str, *, template_name: str, config) -> str:
    lang, default_lang, _ = _languages(config)
    if template_name == "404.html":
        return _not_found.route(output, lang=lang, default_lang=default_lang, site_dir=Path(config["site_dir"]),
                                 offline=_offline(config))
    if template_name == "sitemap.xml":
        try:
            return seo.add_x_default(output, default_lang)
        except ValueError as err:
            log.error(f"theme template 'sitemap.xml': {err} Check overrides/sitemap.xml or the i18n plugin.")
    return output
