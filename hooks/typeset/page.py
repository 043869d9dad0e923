"""Typesetting of one rendered page: which elements are short texts, which text is body text.

`mark_page()` hands each short-text element's inner HTML to ``mark_short`` and each stretch of body
HTML (inside ``<article>``, outside short texts and opaque content: comments, code, raw text, SVG,
math) to ``wrap_body``; everything else is copied unchanged. It reads the page with a few compiled
regular expressions rather than a full tokenizer (a page is ~40 kB, most of it navigation that needs
no work), which relies on what MkDocs, Python-Markdown and Material write: lower-case tag names and
double-quoted class attributes.

The navigation, header and footer repeat from page to page, so a page is read as a sequence of
blocks cut before the theme's navigation items and layout elements (`BLOCK_STARTS`): a block outside
the article whose elements all end inside it is marked once per distinct text and then taken from
``memo``. When some block does not stand alone (an element or a comment runs past its end) the page is
marked as one block, so the result is always the one of reading the whole page at once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cache
from itertools import chain

# Elements whose text wraps only between phrases, wherever they are on the page ...
SHORT_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "th", "td", "figcaption", "caption", "summary")
# ... the theme's navigation labels and titles and admonition titles, found by class ...
SHORT_CLASSES = ("admonition-title", "md-nav__link", "md-nav__title", "md-header__topic", "md-footer__title")
# ... and the labels of pymdownx.tabbed: <div class="tabbed-labels"><label for="...">...</label></div>.
TAB_LABELS = "tabbed-labels"
# Elements whose content is never body text (with comments).
OPAQUE_TAGS = ("script", "style", "textarea", "pre", "code", "kbd", "samp", "var", "svg", "math")
# Where the blocks outside the article start: Material's navigation items and layout elements, none
# of which is inside a short text.
BLOCK_STARTS = (
    '<li class="md-nav__item',
    '<nav class="md-',
    '<div class="md-search"',
    '<div class="md-container"',
    '<div class="md-footer-meta',
    '<header class="md-header',
    '<div class="md-header__',
    '<form class="md-header__option"',
    '<li class="md-select__item"',
    '<footer class="md-footer',
    "<body",
    "<script",
)

_SHORT_TAG = re.compile(rf"<({'|'.join(SHORT_TAGS)})(?=[\s>])[^>]*>")
# a class attribute naming one of SHORT_CLASSES or TAB_LABELS; its tag is found by looking back to '<'
_SHORT_CLASS = re.compile(rf"class=\"(?:[^\"]*\s)?(?:({'|'.join(SHORT_CLASSES)})|{TAB_LABELS})[\s\"]")
_TAG_AT = re.compile(r"<([a-z][a-z0-9]*)\s[^>]*>")
_LABEL = re.compile(r"<label(?=[\s>])[^>]*>(.*?)</label>", re.S)
# A comment or an opaque element, up to the first end tag of its name; the last alternative is the
# start of one that never ends (group 1 is what follows its '<'): a block holding one does not stand alone.
_OPAQUE = re.compile(
    r"<!--.*?-->|"
    + "|".join(rf"<{name}(?=[\s>])[^>]*>[^<]*+(?:<(?!/{name}\s*>)[^<]*+)*+</{name}\s*>" for name in OPAQUE_TAGS)
    + rf"|<(!--|(?:{'|'.join(OPAQUE_TAGS)})(?=[\s>]))",
    re.S,
)
# Joins the stretches of body HTML that wrap_body reads at once: no text has a NUL, and after the '>'
# the next stretch starts outside a tag, as it does on the page.
_STRETCH_SEP = "\x00>"
_ARTICLE = re.compile(r"<article(?=[\s>])[^>]*>")


def _alternation(words: list[str]) -> str:
    """A regular expression matching exactly ``words``, factored by common prefix (``re`` then scans faster)."""
    words = sorted(set(words))
    first, last = words[0], words[-1]  # sorted: their common prefix is every word's
    prefix = first[: next((i for i, (a, b) in enumerate(zip(first, last)) if a != b), min(len(first), len(last)))]
    if len(words) == 1 or prefix:
        rest = [word[len(prefix) :] for word in words]
        return re.escape(prefix) + (f"(?:{_alternation(rest)})" if len(words) > 1 else "")
    heads: dict[str, list[str]] = {}
    for word in words:
        heads.setdefault(word[:1], []).append(word)
    alternatives = [_alternation(group) for head, group in heads.items() if head]
    return "|".join(alternatives + [""] * ("" in heads))  # a word ending here is the last alternative


_BLOCK_START = re.compile(_alternation(list(BLOCK_STARTS)))
_START = re.Match.start


def _after_last(char_class: re.Pattern[str], html: str) -> int:
    """The offset just after the last character of ``html`` that ``char_class`` matches, or -1.

    Read from the end, 4,096 characters at a time, reversed: on a page the last such character is
    usually in the footer, so the article and navigation before it are not read.
    """
    end = len(html)
    while end > 0:
        start = max(0, end - 4096)
        found = char_class.search(html[start:end][::-1])
        if found is not None:
            return end - found.start()
        end = start
    return -1


@cache
def _tag_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){name}(?=[\s>/])[^>]*>")


def _element_end(html: str, name: str, pos: int) -> tuple[int, int]:
    """(start, end) of the end tag closing the ``name`` element whose content starts at ``pos``."""
    pattern = _tag_pattern(name)
    close = html.find("</" + name, pos)
    if close >= 0 and html.find("<" + name, pos, close) < 0:  # no tag of that name before the first '</name'
        m = pattern.match(html, close)
        if m is not None:
            return m.start(), m.end()
    depth = 1
    for m in pattern.finditer(html, pos):
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


def _short_texts(html: str, opaque: _Ranges) -> tuple[list[tuple[int, int]], bool]:
    """Content spans of the outermost short-text elements, in page order, and whether all of them end."""
    spans: list[tuple[int, int]] = []
    pos = 0
    closed = True
    for tag_start, start, name, tab_labels in _short_starts(html):
        if tag_start < pos or opaque.end_of(tag_start) >= 0:
            continue  # inside a short text already taken, or in a comment, script or code
        close_start, close_end = _element_end(html, name, start)
        if close_start == close_end:
            closed = False  # runs to the end of html
        if tab_labels:
            spans.extend((lm.start(1), lm.end(1)) for lm in _LABEL.finditer(html, start, close_start))
        else:
            spans.append((start, close_start))
        pos = close_end
    return spans, closed


def _body_gaps(start: int, end: int, skipped: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end) outside the sorted ``skipped`` ranges (which may overlap)."""
    gaps = []
    pos = start
    for s, e in skipped:
        if s > pos:
            gaps.append((pos, s if s < end else end))
        if e > pos:
            pos = e
            if pos >= end:
                break
    if pos < end:
        gaps.append((pos, end))
    return [gap for gap in gaps if gap[0] < gap[1]]


def _mark_block(
    html: str, body: tuple[int, int] | None, mark_short: Callable[[str], str], wrap_body: Callable[[str], str]
) -> tuple[str, bool]:
    """``html`` marked as a whole (body text is ``html[body[0]:body[1]]``), and whether it stands alone.

    ``wrap_body`` reads the stretches of body HTML between short texts and opaque content (each such
    boundary is next to a ``<`` or a ``>``, so no katakana word spans one) in one string, joined by
    `_STRETCH_SEP`, unless ``html`` holds a NUL.
    """
    opaque_spans = []
    closed = True
    for m in _OPAQUE.finditer(html):
        if m.group(1) is None:
            opaque_spans.append(m.span())
        else:
            closed = False
    opaque = _Ranges(opaque_spans)
    shorts, shorts_closed = _short_texts(html, opaque)
    edits: list[tuple[int, int, str]] = []
    for start, end in shorts:
        inner = html[start:end]
        new = mark_short(inner)
        if new != inner:
            edits.append((start, end, new))
    if body is not None:
        gaps = _body_gaps(*body, sorted(opaque_spans + shorts))
        texts = [html[start:end] for start, end in gaps]
        if _STRETCH_SEP[0] in html:
            wrapped = [wrap_body(text) for text in texts]
        else:
            wrapped = wrap_body(_STRETCH_SEP.join(texts)).split(_STRETCH_SEP)
        edits.extend((start, end, new) for (start, end), text, new in zip(gaps, texts, wrapped) if new != text)
    # a block stands alone when everything in it ends in it and it does not end inside a tag
    closed = closed and shorts_closed and html.rfind("<") <= html.rfind(">")
    if not edits:
        return html, closed
    edits.sort()
    out, last = [], 0
    for start, end, new in edits:
        out.append(html[last:start])
        out.append(new)
        last = end
    out.append(html[last:])
    return "".join(out), closed


def mark_page(
    html: str,
    *,
    mark_short: Callable[[str], str],
    wrap_body: Callable[[str], str],
    memo: dict[str, str] | None = None,
    needs: re.Pattern[str] | None = None,
) -> str:
    """``html`` with short texts and katakana words in body text marked (see module docstring).

    ``wrap_body`` is given stretches of body HTML joined by ``"\\x00>"`` and keeps each separator as it is.
    ``memo`` keeps the marked blocks of earlier pages marked with the same ``mark_short`` and ``wrap_body``
    (``""`` for a block they leave as it is).
    ``needs``, when given, is a character class matching some character of every text that ``mark_short``
    or ``wrap_body`` changes: the blocks after its last match on the page are then kept as they are
    without being read (the blocks before them stand alone, so reading the whole page would change
    nothing after that match either).
    """
    if memo is None:
        memo = {}
    needed_until = len(html) if needs is None else _after_last(needs, html)  # blocks from there stay as they are
    if needed_until < 0:
        return html
    article = _ARTICLE.search(html)
    if article is None:
        cuts = chain(map(_START, _BLOCK_START.finditer(html)), (len(html),))
        article_span = (len(html), len(html))
        body = None
    else:
        article_end = _element_end(html, "article", article.end())[0]
        article_span = (article.start(), article_end)
        cuts = chain(
            map(_START, _BLOCK_START.finditer(html, 0, article.start())),
            article_span,
            map(_START, _BLOCK_START.finditer(html, article_end)),
            (len(html),),
        )
        body = (article.end(), article_end)
    out = []
    changed = False
    last = 0
    for cut in cuts:
        if cut <= last:
            continue
        if last >= needed_until:
            break  # nothing from here on changes
        block = html[last:cut]
        marked = memo.get(block)
        if marked is None:
            in_article = last == article_span[0] and body is not None
            window = (body[0] - last, len(block)) if in_article and body is not None else None
            marked, closed = _mark_block(block, window, mark_short, wrap_body)
            if not closed:
                return _mark_block(html, body, mark_short, wrap_body)[0]
            if not in_article:
                memo[block] = "" if marked is block else marked
        if marked and marked is not block:
            changed = True
            out.append(marked)
        else:
            out.append(block)
        last = cut
    if not changed:
        return html
    out.append(html[last:])
    return "".join(out)
