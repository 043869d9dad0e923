"""Head tags of the hosted site: hreflang alternates, description, Open Graph locale.

- ``alternate_links``: absolute ``<link rel="alternate" hreflang>`` targets of a page in every
  language plus ``x-default`` (the default language's page); rendered by overrides/main.html.
- ``page_description``: the page's ``description`` front matter, else its first paragraph as plain
  text, shortened; used for ``<meta name="description">`` and Open Graph.
"""

from __future__ import annotations

import re
from html import unescape

from hooks.core.problems import HookError, Problem

OG_LOCALES = {"ja": "ja_JP", "en": "en_US"}
DESCRIPTION_LIMIT = 160
_SCAN_TAGS = 400
_DOCUMENT_START = "<html><head></head><body>"
_DOCUMENT_END = "</body></html>"
# a start or end tag: name, attributes (a quoted value may hold '>'), an optional '/'
_ANY_TAG = re.compile(
    r"""<(/?)([A-Za-z][^\s/>]*)(?:\s+[^\s/>="'<]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*(/?)>"""
)
# attributes as Markdown writes them (each tag _ANY_TAG reads the same way)
_ATTRIBUTES = r'(?: [a-z][a-z0-9_:.-]*+="[^"]*+")*+ ?'


_NAMES = "a|abbr|b|cite|code|em|i|kbd|mark|q|s|samp|small|span|strong|sub|sup|u|var"
# text, inline elements holding only text, line breaks and images (the end tag's name is checked by
# _closed_in_order: a capturing group in a repeat would need a pattern that backtracks)
_FLAT = rf"(?:[^<]++|<(?:{_NAMES})(?=[\s/>]){_ATTRIBUTES}>[^<]*+</[a-z]++>|<(?:br|img|wbr)(?=[\s/>]){_ATTRIBUTES}/?>)*+"
# text, then a heading (group 1: 'h') or a paragraph, holding only what _FLAT matches (group 2); headings then a
# paragraph are the top of most pages, which _plain_first_paragraph reads with one match per element (_lead)
_LEAD_BLOCK = re.compile(rf"[^<]*+<(?:(h)[1-6]|p)(?=[\s/>]){_ATTRIBUTES}>({_FLAT})</(?(1)h[1-6]|p)>")
# the start and end tags of inline elements and headings: in what _lead reads neither kind nests in itself,
# so each start tag is followed by its own end tag
_INLINE_TAGS = re.compile(rf"<(/?(?:{_NAMES}))(?=[\s/>])")
_HEADING_TAGS = re.compile(r"<(/?h[1-6])(?=[\s/>])")


def _lead(html: str, start: int) -> re.Match[str] | None:
    """The match of the paragraph when headings then a paragraph, as :data:`_LEAD_BLOCK` reads them, start ``html`` at
    ``start``; None otherwise."""
    block = _LEAD_BLOCK.match(html, start)
    while block is not None and block.group(1) is not None:
        block = _LEAD_BLOCK.match(html, block.end())
    return block


def _closed_in_order(html: str, start: int, end: int) -> bool:
    """Whether, in a part of ``html`` that :func:`_lead` read, each element is closed by its own end tag."""
    for tags in (_INLINE_TAGS.findall(html, start, end), _HEADING_TAGS.findall(html, start, end)):
        if tags[0::2] != [tag[1:] for tag in tags[1::2] if tag[0] == "/"]:
            return False
    return True


_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_INLINE = frozenset(
    "a abbr b bdi bdo br cite code data del dfn em i img input ins kbd mark picture q s samp small source span "
    "strong sub sup time u var wbr".split()
)
# elements a tag scan does not follow: raw text, foreign content, and those the parser moves or merges
_UNSCANNED = frozenset(
    "script style textarea template title xmp noscript noembed noframes iframe plaintext svg math html head body "
    "frameset frame select option optgroup form button nobr".split()
)
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_TABLE_PARTS = ("thead", "tbody", "tfoot", "tr", "td", "th")
_TABLE_CHILDREN = {
    "table": ("caption", "colgroup", *_TABLE_PARTS),
    "thead": _TABLE_PARTS[3:],
    "tbody": _TABLE_PARTS[3:],
    "tfoot": _TABLE_PARTS[3:],
    "tr": ("td", "th"),
    "colgroup": ("col",),
}


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
    text = _plain_first_paragraph(content_html or "")
    if text is not None:
        return text
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(content_html or "<p></p>").body
    for node in body.iter() if body is not None else ():
        if node.tag == "p":
            text = " ".join(node.text(deep=True).split())
            if text:
                return text
    return ""


def _plain_first_paragraph(html: str) -> str | None:
    """:func:`first_paragraph` read with a tag scan, or None when only an HTML parser can tell.

    The scan reads up to the end of the paragraph it returns, at most :data:`_SCAN_TAGS` tags (a parser
    reads a page without such a paragraph near its top faster). It gives up where a parser would build a
    tree other than the tags as written: a tag closed out of order or never, a ``<`` that opens no tag,
    a comment or raw-text element, foreign content (``<svg>``), an element a table moves out of it, an
    ``<a>`` in an ``<a>``, or a paragraph holding more than text and inline tags. The document tags a
    parser's serialization starts with (``<html><head></head><body>``) are skipped.
    """
    done, end = 0, len(html)
    if html.startswith(_DOCUMENT_START):
        done = len(_DOCUMENT_START)
        if html.endswith(_DOCUMENT_END):
            end -= len(_DOCUMENT_END)
    lead = _lead(html, done)
    if (
        lead is not None
        and html.count("<", done, lead.end()) <= _SCAN_TAGS
        and _closed_in_order(html, done, lead.end())
    ):
        text = " ".join(_text_of(lead.group(2)).split())
        if text:
            return None if html.find("\0", 0, lead.end()) >= 0 else text
    stack: list[str] = []
    paragraph = -1  # where the open top-level paragraph's content starts; -1: none open
    for count, tag in enumerate(_ANY_TAG.finditer(html, done, end)):
        if count == _SCAN_TAGS or html.find("<", done, tag.start()) >= 0:
            return None
        done = tag.end()
        closing, name, slash = tag.groups()
        name = name.lower()
        if closing:
            if not stack or stack.pop() != name:
                return None
            if paragraph >= 0:
                if stack:
                    continue
                text = " ".join(_text_of(html[paragraph : tag.start()]).split())
                if text:
                    return None if html.find("\0", 0, done) >= 0 else text
                paragraph = -1
            continue
        if name in _VOID:
            if paragraph >= 0 and name not in _INLINE:
                return None  # '<hr>' ends a paragraph
            continue
        parent = stack[-1] if stack else ""
        if (
            slash
            or name in _UNSCANNED
            or (name == "a" and "a" in stack)
            or (parent in _TABLE_CHILDREN and name not in _TABLE_CHILDREN[parent])
            or (paragraph >= 0 and name not in _INLINE)
        ):
            return None
        if name in _HEADINGS and parent in _HEADINGS:
            return None  # a heading start tag closes the heading open around it
        if name == "p" and not stack:
            paragraph = tag.end()
        stack.append(name)
    if stack or html.find("<", done, end) >= 0 or html.find("\0") >= 0:
        return None
    return ""  # no top-level paragraph with text


def _text_of(html: str) -> str:
    """The text of an HTML fragment holding only text and inline tags."""
    text = _ANY_TAG.sub("", html)
    return unescape(text) if "&" in text else text


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Cut ``text`` to at most ``limit`` characters at a sentence or word end, adding '…' when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    sentence_end = max(cut.rfind("。"), cut.rfind(". "))
    if sentence_end >= limit // 2:
        return cut[: sentence_end + 1].strip()
    space = cut.rfind(" ")
    if space >= limit // 2 and not any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in cut[space:]):
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
