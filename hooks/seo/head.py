"""Head tags of the hosted site: hreflang alternates, description, Open Graph locale.

- ``alternate_links``: absolute ``<link rel="alternate" hreflang>`` targets of a page in every
  language plus ``x-default`` (the default language's page); rendered by overrides/main.html.
- ``page_description``: the page's ``description`` front matter, else its first paragraph as plain
  text, shortened; used for ``<meta name="description">`` and Open Graph.
"""

from __future__ import annotations

import re

from hooks.core.problems import HookError, Problem

OG_LOCALES = {"ja": "ja_JP", "en": "en_US"}
DESCRIPTION_LIMIT = 160


def absolute_url(site_url: str, url: str) -> str:
    """``site_url`` joined with a site-relative page URL (``./``, ``en/``, ``concepts/x/``...)."""
    if not site_url:
        raise HookError(
            Problem(
                "mkdocs.yml",
                None,
                "site_url is empty, so pages get no hreflang alternates; set "
                "site_url (or SITE_URL) to the address the site is published at.",
            )
        )
    base = site_url if site_url.endswith("/") else site_url + "/"
    url = url.lstrip("/")
    if url in (".", "./"):
        url = ""
    return base + url


def alternate_links(site_url: str, page_urls: dict[str, str], default_lang: str) -> list[tuple[str, str]]:
    """[(hreflang, absolute URL)] for a page given {lang: site-relative URL}, plus ``x-default``.

    The languages keep the order of ``page_urls``; ``x-default`` points to the default language's
    page and is left out when the page does not exist in the default language.
    """
    links = [(lang, absolute_url(site_url, url)) for lang, url in page_urls.items()]
    if default_lang in page_urls:
        links.append(("x-default", absolute_url(site_url, page_urls[default_lang])))
    return links


def og_locale(lang: str) -> str:
    """Open Graph locale (``ja_JP``) of a language code; unknown codes map to themselves."""
    return OG_LOCALES.get(lang, lang)


def first_paragraph(content_html: str) -> str:
    """Plain text of the first top-level paragraph with text in rendered page HTML ('' when none).

    Only paragraphs directly in the page body count: not those inside admonitions, tabs, lists,
    tables or definition lists (a generated glossary), and not image-only paragraphs.
    """
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(content_html or "<p></p>").body
    for node in body.iter() if body is not None else ():
        if node.tag == "p":
            text = re.sub(r"\s+", " ", node.text(deep=True)).strip()
            if text:
                return text
    return ""


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Cut ``text`` to at most ``limit`` characters at a sentence or word end, adding '…' when cut."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    sentence_end = max(cut.rfind("。"), cut.rfind(". "))
    if sentence_end >= limit // 2:
        return cut[: sentence_end + 1].strip()
    space = cut.rfind(" ")
    if space >= limit // 2 and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", cut[space:]):
        cut = cut[:space]
    return cut.rstrip(" 、,.;:") + "…"


def page_description(meta: dict, content_html: str, *, title: str, site_description: str) -> str:
    """Front matter ``description``, else the first paragraph (shortened), else 'title: site description'."""
    described = meta.get("description")
    if isinstance(described, str) and described.strip():
        return described.strip()
    text = shorten(first_paragraph(content_html or ""))
    if text:
        return text
    return f"{title}: {site_description}" if title and site_description else (title or site_description)
