"""Typesetting of one rendered page: which elements are short texts, which text is body text.

`mark_page()` reads the page's HTML once and hands each short-text element's inner HTML to
``mark_short`` and each piece of body text (inside ``<article>``, outside short texts and code) that
holds a katakana word to ``wrap_body``; everything else is copied unchanged.
"""
from __future__ import annotations

from collections.abc import Callable

from hooks.typeset import markup
from hooks.typeset.chars import KATAKANA
from hooks.typeset.phrases import KANA_CLASS, SKIP

# Elements whose text wraps only between phrases, wherever they are on the page ...
SHORT_TAGS = frozenset("h1 h2 h3 h4 h5 h6 th td figcaption caption summary".split())
# ... and the theme's navigation labels and titles, found by class.
SHORT_CLASSES = frozenset(("admonition-title", "md-nav__link", "md-nav__title", "md-header__topic",
                           "md-footer__title"))
TAB_LABELS = "tabbed-labels"  # pymdownx.tabbed: <div class="tabbed-labels"><label>...</label></div>


def is_short_text(name: str, class_names: tuple[str, ...], parent_classes: tuple[str, ...]) -> bool:
    """Whether an element (tag name, its classes, its parent's classes) holds a short text."""
    if name in SHORT_TAGS:
        return True
    if name == "label" and TAB_LABELS in parent_classes:
        return True
    return any(c in SHORT_CLASSES for c in class_names)


def mark_page(html: str, *, mark_short: Callable[[str], str], wrap_body: Callable[[str], str]) -> str:
    """``html`` with short texts and katakana words in body text marked (see module docstring)."""
    # open elements: (tag name, classes, role) where role is "short", "skip", "article", "kana" or ""
    stack: list[tuple[str, tuple[str, ...], str]] = []
    short_at = -1  # index in ``stack`` of the open short-text element, -1 when none
    short_start = 0
    skip = article = kana = 0
    edits: list[tuple[int, int, str]] = []

    for token in markup.tokens(html):
        kind = token.kind
        if kind == "text":
            if short_at < 0 and article and not skip and not kana and KATAKANA.search(html, token.start, token.end):
                text = html[token.start:token.end]
                new = wrap_body(text)
                if new != text:
                    edits.append((token.start, token.end, new))
        elif kind == "start":
            if token.self_closing:
                continue
            name = token.name
            names = markup.classes(token.attrs)
            role = ""
            if name in SKIP:
                role, skip = "skip", skip + 1
            elif short_at < 0 and is_short_text(name, names, stack[-1][1] if stack else ()):
                role, short_at, short_start = "short", len(stack), token.end
            elif name == "article":
                role, article = "article", article + 1
            elif name == "span" and KANA_CLASS in names:
                role, kana = "kana", kana + 1
            stack.append((name, names, role))
        elif kind == "end":
            if not any(entry[0] == token.name for entry in stack):
                continue  # a stray end tag closes nothing
            while stack:
                name, _, role = stack.pop()
                if role == "skip":
                    skip -= 1
                elif role == "article":
                    article -= 1
                elif role == "kana":
                    kana -= 1
                elif role == "short" and len(stack) == short_at:
                    # closed by its own end tag or, implicitly, by an ancestor's
                    inner = html[short_start:token.start]
                    new = mark_short(inner)
                    if new != inner:
                        edits.append((short_start, token.start, new))
                    short_at = -1
                if name == token.name:
                    break
    if not edits:
        return html
    out, last = [], 0
    for start, end, new in edits:
        out.append(html[last:start])
        out.append(new)
        last = end
    out.append(html[last:])
    return "".join(out)
