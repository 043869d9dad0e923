"""Head tags, sitemap and 404 pages of the hosted site (plain functions; adapter: hooks/seo_hook.py).

- ``alternate_links``: absolute ``<link rel="alternate" hreflang>`` targets of a page in every
  language plus ``x-default`` (the default language's page); rendered by overrides/main.html.
- ``page_description``: the page's ``description`` front matter, else its first paragraph as plain
  text, shortened; used for ``<meta name="description">`` and Open Graph.
- ``add_x_default``: static-i18n's sitemap.xml lists ``hreflang`` alternates but no ``x-default``.
- ``NotFoundPages``: static-i18n builds ``404.html`` once per language into the same file, so the
  last language built wins. We keep the default language's at ``/404.html`` and write each other
  language's to ``/<lang>/404.html``. MkDocs renders error pages with root-absolute links (the
  path of ``site_url``), so their links work at any depth.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
OG_LOCALES = {"ja": "ja_JP", "en": "en_US"}
DESCRIPTION_LIMIT = 160


def absolute_url(site_url: str, url: str) -> str:
    """``site_url`` joined with a site-relative page URL (``./``, ``en/``, ``concepts/x/``...)."""
    if not site_url:
        raise ValueError("site_url is empty; set site_url (or SITE_URL) to the address the site is published at.")
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


def add_x_default(sitemap_xml: str, default_lang: str) -> str:
    """Add ``<xhtml:link rel="alternate" hreflang="x-default">`` (the default language's URL) to every
    ``<url>`` that lists hreflang alternates; idempotent. Raises ValueError on XML that is not a sitemap."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    try:
        root = ET.fromstring(sitemap_xml.encode("utf-8"))
    except ET.ParseError as err:
        raise ValueError(f"sitemap.xml is not well-formed XML ({err}).") from err
    if root.tag != f"{{{SITEMAP_NS}}}urlset":
        raise ValueError(f"sitemap.xml root element is '{root.tag}', not a sitemap <urlset>.")
    for url in root.findall(f"{{{SITEMAP_NS}}}url"):
        links = url.findall(f"{{{XHTML_NS}}}link")
        langs = {link.get("hreflang"): link.get("href") for link in links}
        if "x-default" in langs or default_lang not in langs:
            continue
        x_default = ET.SubElement(url, f"{{{XHTML_NS}}}link")
        x_default.set("rel", "alternate")
        x_default.set("hreflang", "x-default")
        x_default.set("href", langs[default_lang])
    ET.indent(root, space="    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


class NotFoundPages:
    """Routes the per-language renderings of ``404.html`` (see module docstring)."""

    def __init__(self) -> None:
        self.default_output: str | None = None

    def route(self, output: str, *, lang: str, default_lang: str, site_dir: Path, offline: bool = False) -> str:
        """Return what MkDocs should write to ``site_dir/404.html``; write other languages' pages.

        The offline bundle gets no 404 page ('' makes MkDocs skip the file): no server shows it there,
        and its root-absolute links would not work from file://.
        """
        if offline:
            return ""
        if lang == default_lang:
            self.default_output = output
            return output
        target = site_dir / lang / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
        return self.default_output if self.default_output is not None else output
