"""Typesetting of one rendered page: which elements are short texts, which text is body text.

`mark_page()` hands each short-text element's inner HTML to ``mark_short`` and each katakana word of
body text (inside ``<article>``, outside short texts, code and tags) to ``wrap_body``; everything else
is copied unchanged. It reads the page with a few compiled regular expressions rather than a full
tokenizer (a page is ~40 kB, most of it navigation that needs no work), which relies on what MkDocs,
Python-Markdown and Material write: lower-case tag names and double-quoted class attributes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cache

from hooks.typeset.chars import KATAKANA_CHARS
from hooks.typeset.phrases import KANA_CLASS

# Elements whose text wraps only between phrases, wherever they are on the page ...
SHORT_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "th", "td", "figcaption", "caption", "summary")
# ... the theme's navigation labels and titles and admonition titles, found by class ...
SHORT_CLASSES = ("admonition-title", "md-nav__link", "md-nav__title", "md-header__topic", "md-footer__title")
# ... and the labels of pymdownx.tabbed: <div class="tabbed-labels"><label for="...">...</label></div>.
TAB_LABELS = "tabbed-labels"

_SHORT_TAG = re.compile(rf"<({'|'.join(SHORT_TAGS)})(?=[\s>])[^>]*>")
# a class attribute naming one of SHORT_CLASSES or TAB_LABELS; its tag is found by looking back to '<'
_SHORT_CLASS = re.compile(rf"class=\"(?:[^\"]*\s)?(?:({'|'.join(SHORT_CLASSES)})|{TAB_LABELS})[\s\"]")
_TAG_AT = re.compile(r"<([a-z][a-z0-9]*)\s[^>]*>")
_LABEL = re.compile(r"<label(?=[\s>])[^>]*>(.*?)</label>", re.S)
# Text that is never body text: comments, raw text, code, inline SVG and math.
_OPAQUE = re.compile(
    r"<!--.*?-->|<(script|style|textarea|pre|code|kbd|samp|var|svg|math)(?=[\s>])[^>]*>.*?</\1\s*>", re.S
)
_ARTICLE = re.compile(r"<article(?=[\s>])[^>]*>")
_KATAKANA_RUN = re.compile(f"[{KATAKANA_CHARS}]{{2,}}")
_KANA_OPEN = f'<span class="{KANA_CLASS}">'


@cache
def _tag_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){name}(?=[\s>/])[^>]*>")


def _element_end(html: str, name: str, pos: int) -> tuple[int, int]:
    """(start, end) of the end tag closing the ``name`` element whose content starts at ``pos``."""
    depth = 1
    for m in _tag_pattern(name).finditer(html, pos):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.start(), m.end()
    return len(html), len(html)  # never closed: the element runs to the end of the page


class _Ranges:
    """Sorted, non-overlapping [start, end) ranges with a membership test."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.starts = [r[0] for r in ranges]
        self.ends = [r[1] for r in ranges]

    def end_of(self, pos: int) -> int:
        """The end of the range holding ``pos``, or -1."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.ends[i] if i >= 0 and pos < self.ends[i] else -1


def _short_starts(html: str) -> list[tuple[int, int, str, bool]]:
    """(tag start, content start, tag name, holds tab labels) of candidate short texts, in page order."""
    found = [(m.start(), m.end(), m.group(1), False) for m in _SHORT_TAG.finditer(html)]
    for m in _SHORT_CLASS.finditer(html):
        tag = _TAG_AT.match(html, html.rfind("<", 0, m.start()))
        if tag is not None and tag.end() > m.start():
            found.append((tag.start(), tag.end(), tag.group(1), m.group(1) is None))
    found.sort()
    return found


def _short_texts(html: str, opaque: _Ranges) -> list[tuple[int, int]]:
    """Content spans of the outermost short-text elements, in page order."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for tag_start, start, name, tab_labels in _short_starts(html):
        if tag_start < pos or opaque.end_of(tag_start) >= 0:
            continue  # inside a short text already taken, or in a comment, script or code
        close_start, close_end = _element_end(html, name, start)
        if tab_labels:
            spans.extend((lm.start(1), lm.end(1)) for lm in _LABEL.finditer(html, start, close_start))
        else:
            spans.append((start, close_start))
        pos = close_end
    return spans


def mark_page(html: str, *, mark_short: Callable[[str], str], wrap_body: Callable[[str], str]) -> str:
    """``html`` with short texts and katakana words in body text marked (see module docstring)."""
    opaque = _Ranges([m.span() for m in _OPAQUE.finditer(html)])
    shorts = _short_texts(html, opaque)
    edits: list[tuple[int, int, str]] = []
    for start, end in shorts:
        inner = html[start:end]
        new = mark_short(inner)
        if new != inner:
            edits.append((start, end, new))
    article = _ARTICLE.search(html)
    if article is not None:
        article_end = _element_end(html, "article", article.end())[0]
        in_short = _Ranges(shorts)
        for m in _KATAKANA_RUN.finditer(html, article.end(), article_end):
            start = m.start()
            if html.rfind("<", 0, start) > html.rfind(">", 0, start):
                continue  # inside a tag: an attribute value
            if opaque.end_of(start) >= 0 or in_short.end_of(start) >= 0:
                continue
            if html.endswith(_KANA_OPEN, 0, start) and html.startswith("</span>", m.end()):
                continue  # already wrapped
            new = wrap_body(m.group())
            if new != m.group():
                edits.append((start, m.end(), new))
    if not edits:
        return html
    edits.sort()
    out, last = [], 0
    for start, end, new in edits:
        out.append(html[last:start])
        out.append(new)
        last = end
    out.append(html[last:])
    return "".join(out)
