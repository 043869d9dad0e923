"""static-i18n's sitemap.xml lists ``hreflang`` alternates but no ``x-default``: add it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hooks.core.problems import HookError, Problem

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
_FIX = "check overrides/sitemap.xml or the i18n plugin."


def add_x_default(sitemap_xml: str, default_lang: str, *, label: str = "sitemap.xml") -> str:
    """Add ``<xhtml:link rel="alternate" hreflang="x-default">`` (the default language's URL) to every
    ``<url>`` that lists hreflang alternates; idempotent. XML that is not a sitemap raises HookError
    naming ``label`` (the template that rendered it)."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    try:
        root = ET.fromstring(sitemap_xml.encode("utf-8"))
    except ET.ParseError as err:
        raise HookError(Problem(label, None, f"renders XML that is not well-formed ({err}); {_FIX}")) from None
    if root.tag != f"{{{SITEMAP_NS}}}urlset":
        raise HookError(Problem(label, None, f"renders the root element '{root.tag}', not a sitemap <urlset>; {_FIX}"))
    for url in root.findall(f"{{{SITEMAP_NS}}}url"):
        links = url.findall(f"{{{XHTML_NS}}}link")
        langs = {link.get("hreflang"): link.get("href") for link in links}
        default_href = langs.get(default_lang)
        if "x-default" in langs or default_href is None:
            continue
        x_default = ET.SubElement(url, f"{{{XHTML_NS}}}link")
        x_default.set("rel", "alternate")
        x_default.set("hreflang", "x-default")
        x_default.set("href", default_href)
    ET.indent(root, space="    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
