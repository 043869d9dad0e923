"""static-i18n's sitemap.xml lists ``hreflang`` alternates but no ``x-default``: add it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from hooks.core.problems import HookError, Problem

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
_FIX = "check overrides/sitemap.xml or the i18n plugin."
_URL = f"{{{SITEMAP_NS}}}url"
_LINK = f"{{{XHTML_NS}}}link"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
# A sitemap as static-i18n's template writes one, read without a parser (_regular_text, step by step): the
# declaration, <urlset> with both namespaces, then <url>s, then </urlset>, XML white space between the tags, text
# and attribute values of characters that ElementTree writes back as they are (no quote, no control character or
# other character XML does not allow, no reference but &amp; &lt; &gt;); each <url> a run of one or more
# childless sitemap elements with text (_ITEM), then its alternates (_ALTERNATE_ITEM: rel, hreflang, href in
# this order).
_WS = r"[ \t\r\n]*+"
_VALUE = r"(?:[^\x00-\x1f<>&\"']++|&(?:amp|lt|gt);)"  # (characters XML does not allow: see _regular_text)
_URLSET = f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">'
_SPACE = re.compile(_WS)
# white space, then an element (group 1) of text closed by its own end tag
_ITEM = re.compile(f"{_WS}(<([a-z]++)>{_VALUE}++</\\2>)")
_ALTERNATE_ITEM = re.compile(
    f'{_WS}<xhtml:link rel="alternate" hreflang="([A-Za-z0-9_-]++)" href="({_VALUE}*+)"{_WS}/>'
)


def add_x_default(sitemap_xml: str, default_lang: str, *, label: str = "sitemap.xml") -> str:
    """Add ``<xhtml:link rel="alternate" hreflang="x-default">`` (the default language's URL) to every
    ``<url>`` that lists hreflang alternates; idempotent. XML that is not a sitemap raises HookError
    naming ``label`` (the template that rendered it)."""
    text = _regular_text(sitemap_xml, default_lang)
    if text is not None:
        return text
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
    text = _plain_text(root)
    if text is None:
        ET.indent(root, space="    ")
        text = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"


def _regular_text(sitemap_xml: str, default_lang: str) -> str | None:
    """What :func:`add_x_default` writes for a sitemap as the template writes one (see :data:`_ITEM`): the
    text ElementTree writes, built from the tags as written; None for any other text."""
    if not sitemap_xml.startswith(_DECLARATION):
        return None
    done = _after_space(sitemap_xml, len(_DECLARATION))
    if not sitemap_xml.startswith(_URLSET, done) or (
        not sitemap_xml.isascii() and re.search("[\ud800-\udfff\ufffe\uffff]", sitemap_xml)
    ):
        return None
    done = _after_space(sitemap_xml, done + len(_URLSET))
    out = []
    links = False
    while sitemap_xml.startswith("<url>", done):
        items, alternates = [], []
        block = _ITEM.match(sitemap_xml, done + len("<url>"))
        while block is not None:
            items.append(block.group(1))
            done = block.end()
            block = _ITEM.match(sitemap_xml, done)
        if not items:
            return None
        link = _ALTERNATE_ITEM.match(sitemap_xml, done)
        while link is not None:
            alternates.append((link.group(1), link.group(2)))
            done = link.end()
            link = _ALTERNATE_ITEM.match(sitemap_xml, done)
        done = _after_space(sitemap_xml, done)
        if not sitemap_xml.startswith("</url>", done):
            return None
        done = _after_space(sitemap_xml, done + len("</url>"))
        out.append("\n    <url>")
        for item in items:
            out += ("\n        ", item)
        if alternates:
            links = True
            for lang, href in alternates:
                out.append(f'\n        <xhtml:link rel="alternate" hreflang="{lang}" href="{href}" />')
            langs = dict(alternates)
            default_href = langs.get(default_lang)
            if default_href is not None and "x-default" not in langs:
                out.append(f'\n        <xhtml:link rel="alternate" hreflang="x-default" href="{default_href}" />')
        out.append("\n    </url>")
    if (
        not out
        or not sitemap_xml.startswith("</urlset>", done)
        or _after_space(sitemap_xml, done + 9) != len(sitemap_xml)
    ):
        return None
    xhtml = f' xmlns:xhtml="{XHTML_NS}"' if links else ""
    return f'{_DECLARATION}\n<urlset xmlns="{SITEMAP_NS}"{xhtml}>' + "".join(out) + "\n</urlset>\n"


def _after_space(text: str, start: int) -> int:
    """Where the XML white space (maybe none) at ``start`` of ``text`` ends."""
    space = _SPACE.match(text, start)
    return space.end() if space is not None else start


def _plain_text(root: ET.Element) -> str | None:
    """What ``ET.indent(root, space="    ")`` then ``ET.tostring(root, encoding="unicode")`` give, written
    directly for a sitemap of ``<url>`` elements holding only childless sitemap elements and ``xhtml:link``s
    with plain attributes and no text between them; None for any other tree."""
    if root.attrib or not _blank(root.text) or not len(root):
        return None
    sitemap_ns = f"{{{SITEMAP_NS}}}"
    out = []
    links = False
    for url in root:
        if url.tag != _URL or url.attrib or not _blank(url.text) or not _blank(url.tail) or not len(url):
            return None
        out.append("\n    <url>")
        for item in url:
            tag = item.tag
            if len(item) or not _blank(item.tail) or not isinstance(tag, str):
                return None
            if tag == _LINK:
                name, links = "xhtml:link", True
            elif tag.startswith(sitemap_ns) and "}" not in tag[len(sitemap_ns) :]:
                name = tag[len(sitemap_ns) :]
            else:
                return None
            attributes = ""
            for key, value in item.items():
                if key[:1] == "{":
                    return None
                attributes += f' {key}="{_attribute(value)}"'
            if item.text:
                out.append(f"\n        <{name}{attributes}>{_character_data(item.text)}</{name}>")
            else:
                out.append(f"\n        <{name}{attributes} />")
        out.append("\n    </url>")
    xhtml = f' xmlns:xhtml="{XHTML_NS}"' if links else ""
    return f'<urlset xmlns="{SITEMAP_NS}"{xhtml}>' + "".join(out) + "\n</urlset>"


def _blank(text: str | None) -> bool:
    return not text or not text.strip()


def _character_data(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    text = _character_data(text).replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")
