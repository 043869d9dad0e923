"""Where the browser breaks lines in Japanese text, read from the rendered line boxes (Range rects).

`page_breaks(page)` evaluates one script in the loaded page that walks every text node of the main
content, the navigation, the header and footer titles, asks the layout engine for the rectangle of
each character and reports each soft line break (a character whose box starts lower than the previous
character's middle, within one block, with no ``<br>`` between them). `bad_breaks(breaks)` then names
the breaks a Japanese typesetter would not make:

- ``kinsoku``: the line starts with ー, a small kana, an iteration mark or closing punctuation;
- ``katakana``: the break cuts a katakana word (the characters on both sides are katakana or ー);
- ``phrase``: in a short text (table cell, heading, navigation label, admonition title, caption, tab
  label) the break falls inside a BudouX phrase of the space-separated chunk around it.

Used by tests/test_linebreaks.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

SMALL_KANA = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
# JIS X 4051 line-start prohibited characters: closing brackets, full stops and commas, middle dots,
# question/exclamation marks, iteration marks, prolonged sound mark; plus their ASCII look-alikes.
NO_LINE_START = SMALL_KANA + "ー〜゠‐–、。，．,.)）]］}｝〕〉》」』】〙〗〟’”»・：；:;!！?？‼⁇⁈⁉ヽヾゝゞ々〻%％"
KATAKANA = re.compile(r"[\u30A1-\u30FA\u30FC-\u30FE]")

# Elements whose text wraps only between phrases (what hooks/typeset marks).
SHORT_TEXT = (
    "article :is(h1, h2, h3, h4, h5, h6, th, td, figcaption, caption, summary, .admonition-title), "
    ".tabbed-labels > label, .md-nav__link, .md-nav__title, .md-header__topic, .md-footer__title"
)
# Where text is read: the page's content and everything that labels it.
ROOTS = "article.md-content__inner, nav.md-nav, .md-header__title, .md-footer__inner"
# Subtrees never read: code keeps its own line breaking, the rest is not text a reader sees as lines.
SKIP = "code, pre, kbd, samp, script, style, svg, math, textarea, noscript, input, .md-search"

_SCRIPT = r"""
([SHORT, ROOTS, SKIP]) => {
  const roots = [...document.querySelectorAll(ROOTS)].filter((r, i, all) => !all.some(o => o !== r && o.contains(r)));
  const blockCache = new Map();
  const blockOf = el => {
    let e = el;
    while (e && e !== document.body) {
      let b = blockCache.get(e);
      if (b === undefined) {
        const d = getComputedStyle(e).display;
        b = d !== 'inline' && d !== 'contents';
        blockCache.set(e, b);
      }
      if (b) return e;
      e = e.parentElement;
    }
    return document.body;
  };
  const range = document.createRange();
  const breaks = [];
  let chars = 0;
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    // prev: the last character seen in this block: its text, its visible box, the flow it belongs to
    let prev = null;
    // flow: the text of a short-text element since its start or the last <br>/block, code included
    let flow = null;
    let node = walker.nextNode();
    while (node) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.tagName === 'BR') { prev = null; if (flow) flow = {el: flow.el, block: flow.block, text: ''}; }
        if (node.matches(SKIP)) {
          const short = node.parentElement.closest(SHORT);
          if (flow && flow.el === short && blockOf(node.parentElement) === flow.block) flow.text += node.textContent;
          const boxes = node.getClientRects();
          const last = boxes.length ? boxes[boxes.length - 1] : null;
          if (prev) prev = {...prev, ch: ' ', skipped: true, context: prev.context + node.textContent.slice(-12),
                            ...(last ? {top: last.top, height: last.height} : {})};
          // jump over the subtree
          let next = null, n = node;
          while (n && n !== root && !(next = n.nextSibling)) n = n.parentNode;
          node = n === root ? null : next;
          if (node) walker.currentNode = node;
          continue;
        }
        node = walker.nextNode();
        continue;
      }
      const parent = node.parentElement;
      const block = blockOf(parent);
      if (prev && prev.block !== block) prev = null;
      const short = parent.closest(SHORT);
      if (short && !(flow && flow.el === short && flow.block === block)) flow = {el: short, block, text: ''};
      if (!short) flow = null;
      const data = node.data;
      for (let i = 0; i < data.length; i++) {
        let ch = data[i];
        const hi = ch.charCodeAt(0);
        if (hi >= 0xD800 && hi < 0xDC00 && i + 1 < data.length) ch = data.slice(i, i + 2);
        const start = i;
        i += ch.length - 1;
        const offset = flow ? flow.text.length : -1;
        if (flow) flow.text += ch;
        if (/\s/.test(ch)) { if (prev) prev = {...prev, ch: ' ', space: true, context: prev.context + ' '}; continue; }
        range.setStart(node, start);
        range.setEnd(node, start + ch.length);
        const rects = range.getClientRects();
        let r = null;
        for (const x of rects) if (x.width > 0 || x.height > 0) r = x;
        if (!r) continue;
        chars++;
        if (prev && r.top > prev.top + prev.height / 2) {
          const before = (prev.context || '').slice(-12);
          breaks.push({ch, prev: prev.ch, space: !!prev.space, skipped: !!prev.skipped,
                       short: !!(flow && prev.flow === flow), flow: flow ? flow : null, offset,
                       context: before + '／' + data.slice(start, start + 12),
                       where: (short || block).tagName.toLowerCase() + (short || block).className.split(' ').filter(Boolean).map(c => '.' + c).join('')});
        }
        const context = ((prev && prev.block === block && prev.context) || '').slice(-24) + ch;
        prev = {block, ch, top: r.top, height: r.height, flow, context, space: false, skipped: false};
      }
      node = walker.nextNode();
    }
  }
  // flows are shared objects: resolve them to their final text once
  for (const b of breaks) b.flow = b.flow ? b.flow.text : null;
  return {chars, breaks};
}
"""


@dataclass(frozen=True)
class Break:
    kind: str  # kinsoku | katakana | phrase
    where: str  # element (tag.class) holding the line
    context: str  # text around the break, the break shown as ／

    def __str__(self) -> str:
        return f"{self.kind} in <{self.where}>: 「{self.context.strip()}」"


def page_breaks(page) -> tuple[int, list[dict]]:
    """(characters measured, soft line breaks) of the page as currently laid out."""
    result = page.evaluate(_SCRIPT, [SHORT_TEXT, ROOTS, SKIP])
    return result["chars"], result["breaks"]


@lru_cache(maxsize=1)
def _budoux():
    import budoux

    return budoux.load_default_japanese_parser()


_JAPANESE = re.compile(r"[\u3040-\u30FF\u3400-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F]")


def inside_phrase(flow: str, offset: int) -> bool:
    """True when ``offset`` of ``flow`` falls inside a BudouX phrase of the whitespace-free chunk around it."""
    for chunk in re.finditer(r"\S+", flow):
        if chunk.start() < offset < chunk.end():
            text = chunk.group()
            if not _JAPANESE.search(text):
                return False
            ends, pos = set(), 0
            for phrase in _budoux().parse(text):
                pos += len(phrase)
                ends.add(pos)
            return (offset - chunk.start()) not in ends
    return False


def bad_breaks(breaks: list[dict]) -> list[Break]:
    """The breaks of `page_breaks` that start a line badly, split a katakana word or split a phrase."""
    bad = []
    for b in breaks:
        glued = not b["space"]  # nothing between the two characters: the break cuts a word or a phrase
        if b["ch"] in NO_LINE_START:
            kind = "kinsoku"
        elif glued and not b["skipped"] and KATAKANA.match(b["prev"]) and KATAKANA.match(b["ch"]):
            kind = "katakana"
        elif b["short"] and glued and b["flow"] is not None and inside_phrase(b["flow"], b["offset"]):
            kind = "phrase"
        else:
            continue
        bad.append(Break(kind, b["where"], b["context"]))
    return bad
