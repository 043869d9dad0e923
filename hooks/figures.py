"""Figures: the SVG generator and the SVG safety check.

The site's diagrams are drawn from data: ``data/figures.yml`` describes each figure (boxes,
groups, arrows, tables, small charts; every text in ja and en) and :func:`render` turns one
figure into an SVG for one language. ``python -m hooks.figures build`` writes
``docs/assets/figures/NAME.svg`` (ja) and ``NAME.en.svg`` (en); ``python -m hooks.figures check``
exits 1 when the committed files differ from what the generator produces, or when a figure in
the folder is unsafe or lacks its other-language variant.

The look (palette, type sizes, corner radii, arrow style) is defined once, in :data:`STYLE`.

:func:`find_unsafe` is the safety rule the build enforces on every SVG under ``docs/``: no
scripts, no event attributes, no ``<foreignObject>``, no reference to anything outside the file
(``href``/``url()`` may only point at ``#fragment`` inside it; ``data:`` URIs are rejected too,
because they can smuggle a raster copy or an HTML document into a "drawing"), no DOCTYPE or
entity declarations, no ``@import``.
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA_FILE = ROOT / "data" / "figures.yml"
OUT_DIR = ROOT / "docs" / "assets" / "figures"
LANGS = ("ja", "en")
MAX_BYTES = 60 * 1024
SVG_NS = "http://www.w3.org/2000/svg"

# ---------------------------------------------------------------------------------------------
# The look, defined once.
# ---------------------------------------------------------------------------------------------
STYLE: dict[str, Any] = {
    "font": '"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic UI","Yu Gothic",Meiryo,'
            '"Segoe UI",system-ui,sans-serif',
    "size": {"label": 16.5, "note": 14, "heading": 15.5, "small": 13.5},
    "line": 1.3,  # line height, in em
    "pad": 10,  # inner padding of boxes
    "radius": {"panel": 14, "group": 12, "box": 8},
    "panel": {"fill": "#f7f9fc", "stroke": "#d5dbe5"},
    "ink": "#1c2431",
    "ink_soft": "#4a5568",
    "arrow": {"stroke": "#4a5568", "width": 2, "dash": "6 5", "head": 9},
    # tone -> (fill, stroke, text colour)
    "tones": {
        "primary": ("#3345a8", "#3345a8", "#ffffff"),
        "light": ("#e6eaf8", "#7f8fd6", "#1c2431"),
        "teal": ("#ddf2ef", "#2f9484", "#12332e"),
        "teal_solid": ("#1f7d70", "#1f7d70", "#ffffff"),
        "amber": ("#fdf0da", "#d18b16", "#3d2a05"),
        "amber_solid": ("#a35f00", "#a35f00", "#ffffff"),
        "rose": ("#fbe4e6", "#c4505e", "#3d0f15"),
        "muted": ("#eceff3", "#a3adbb", "#1c2431"),
        "white": ("#ffffff", "#a3adbb", "#1c2431"),
        "group": ("#ffffff", "#9aa6b8", "#1c2431"),
        "none": ("none", "none", "#1c2431"),
    },
}

CSS = (
    "text{{font-family:{font};fill:{ink}}}"
    ".lb{{font-size:{label}px;font-weight:700}}"
    ".nt{{font-size:{note}px}}"
    ".nb{{font-size:{note}px;font-weight:700}}"
    ".hd{{font-size:{heading}px;font-weight:700;fill:{soft}}}"
    ".sm{{font-size:{small}px;fill:{soft}}}"
    ".halo{{paint-order:stroke;stroke:{panel};stroke-width:5px;stroke-linejoin:round}}"
).format(font=STYLE["font"], ink=STYLE["ink"], soft=STYLE["ink_soft"], panel=STYLE["panel"]["fill"],
         **STYLE["size"])


class FigureDataError(ValueError):
    """A figure description that cannot be drawn; ``str()`` names the file and the key."""


# ---------------------------------------------------------------------------------------------
# Text measuring and wrapping (no font metrics at hand: a conservative estimate per character).
# ---------------------------------------------------------------------------------------------
_NARROW = set("ijlI.,:;|!'`()[]{} ")
_WIDE_LATIN = set("mwMW@%")
_NO_LINE_START = set("、。，．）」』】〉》ー・：；！？,.)]}%")


def char_em(ch: str) -> float:
    """Estimated advance width of one character in em."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch in _NARROW:
        return 0.3
    if ch in _WIDE_LATIN:
        return 0.85
    if ch.isupper() or ch.isdigit():
        return 0.64
    return 0.55


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in px; bold widens Latin letters only (CJK glyphs stay 1em)."""
    factor = 1.06 if bold else 1.0
    return sum(char_em(c) * (1.0 if char_em(c) == 1.0 else factor) for c in text) * size


def _tokens(text: str) -> list[str]:
    """Split into breakable pieces: Latin words keep their trailing space; CJK characters stand alone."""
    tokens: list[str] = []
    for piece in re.findall(r"[A-Za-z0-9_\-/.:#@+&'()%]+ ?| |.", text):
        if tokens and piece and piece[0] in _NO_LINE_START:
            tokens[-1] += piece  # kinsoku: never start a line with closing punctuation
        else:
            tokens.append(piece)
    return tokens


def _script(ch: str) -> str:
    """Rough script class of a character: H(iragana), K(atakana), C(kanji), L(atin), P(unctuation)."""
    if "\u3041" <= ch <= "\u309f":
        return "H"
    if "\u30a0" <= ch <= "\u30ff" or ch == "ー":
        return "K"
    if "\u4e00" <= ch <= "\u9fff" or ch in "々〆":
        return "C"
    if ch.isascii() and (ch.isalnum() or ch in "_-/.:#@+&'%"):
        return "L"
    return "P"


_OPENING = set("（「『【〈《(")
_PARTICLES = set("のをはがにでとへもや")


def _phrases(word: str) -> list[str]:
    """Cut a run of Japanese into phrase-like chunks, so lines break between phrases, not inside words.

    A chunk ends after 、。 and similar, where a particle or a run of two or more hiragana meets
    katakana, kanji or Latin (a single okurigana like the り in 取り込み does not end a chunk), and
    where Latin meets Japanese or katakana meets kanji; kanji followed by hiragana stays together.
    """
    chunks: list[str] = []
    current = ""
    for i, ch in enumerate(word):
        current += ch
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if not nxt:
            break
        a, b = _script(ch), _script(nxt)
        cut = (ch in "、。・：" or nxt in _OPENING
               or (a == "H" and b in "KCL" and (ch in _PARTICLES or _script(word[i - 1:i] or "x") == "H"))
               or (a == "L" and b in "HKC") or (a in "HKC" and b == "L")
               or (a == "K" and b == "C") or (a == "C" and b == "K")
               or (a == "P" and ch not in _OPENING and b in "HKCL" and ch in "）」』】〉》)"))
        if cut and nxt not in _NO_LINE_START:
            chunks.append(current)
            current = ""
    if current:
        chunks.append(current)
    return chunks


def _words(text: str, width: float, size: float, bold: bool) -> list[str]:
    """Break at spaces, then between Japanese phrases; a piece wider than the line falls back to characters."""
    out: list[str] = []
    for word in re.findall(r"\S+ ?| ", text):
        pieces = _phrases(word.rstrip(" ")) or [""]
        if word.endswith(" "):
            pieces[-1] += " "
        for piece in pieces:
            if text_width(piece.rstrip(), size, bold) > width:
                out += _tokens(piece)
            elif out and piece[:1] in _NO_LINE_START:
                out[-1] += piece
            else:
                out.append(piece)
    return out


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Wrap ``text`` into lines no wider than ``width``; "\\n" forces a break."""
    lines: list[str] = []
    for para in str(text).split("\n"):
        line = ""
        for tok in _words(para, width, size, bold):
            if line and text_width((line + tok).rstrip(), size, bold) > width:
                lines.append(line.rstrip())
                line = tok.lstrip()
            else:
                line += tok
        lines.append(line.rstrip())
    return lines


# ---------------------------------------------------------------------------------------------
# Loading and validating data/figures.yml
# ---------------------------------------------------------------------------------------------
@dataclass
class Figure:
    name: str
    width: int
    height: int
    title: dict[str, str]
    desc: dict[str, str]
    items: list[dict]


ITEM_KINDS = {"box", "group", "cylinder", "people", "arrow", "text", "table", "chart", "row", "chevron"}
SIDES = {"n", "s", "e", "w", "c", "ne", "nw", "se", "sw"}


def _where(path: str, key: str) -> str:
    return f"{path}: key '{key}'"


def loc(value: Any, lang: str) -> str:
    """Text in one language: a plain string is the same in both, a mapping has one per language."""
    if isinstance(value, dict):
        return str(value[lang])
    return "" if value is None else str(value)


def _check_text(value: Any, where: str) -> None:
    if isinstance(value, dict):
        missing = [lang for lang in LANGS if not str(value.get(lang) or "").strip()]
        if missing:
            raise FigureDataError(f"{where} has no text for {', '.join(repr(m) for m in missing)}; "
                                  f"give both 'ja' and 'en'.")
        extra = sorted(set(value) - set(LANGS))
        if extra:
            raise FigureDataError(f"{where} has unknown language {extra[0]!r}; use only 'ja' and 'en'.")
    elif not isinstance(value, (str, int, float)):
        raise FigureDataError(f"{where} must be a string or a mapping with 'ja' and 'en'.")


def load_figures(path: Path = DATA_FILE) -> dict[str, Figure]:
    """Read and validate the figure descriptions; errors name the file and the key."""
    shown = _shown(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise FigureDataError(f"{shown}: is not valid YAML ({err}).") from err
    if not isinstance(data, dict) or not isinstance(data.get("figures"), dict):
        raise FigureDataError(f"{shown}: key 'figures' is missing; it must map figure names to descriptions.")
    figures: dict[str, Figure] = {}
    for name, spec in data["figures"].items():
        key = f"figures.{name}"
        if not re.fullmatch(r"[a-z][a-z0-9-]*", str(name)):
            raise FigureDataError(f"{_where(shown, key)} is not a valid figure name; use lowercase letters, "
                                  f"digits and '-'.")
        if not isinstance(spec, dict):
            raise FigureDataError(f"{_where(shown, key)} must be a mapping.")
        for field_ in ("size", "title", "desc", "items"):
            if field_ not in spec:
                raise FigureDataError(f"{_where(shown, key + '.' + field_)} is missing.")
        size = spec["size"]
        if not (isinstance(size, list) and len(size) == 2 and all(isinstance(v, int) and v > 0 for v in size)):
            raise FigureDataError(f"{_where(shown, key + '.size')} must be [width, height] in pixels.")
        for field_ in ("title", "desc"):
            if not isinstance(spec[field_], dict):
                raise FigureDataError(f"{_where(shown, key + '.' + field_)} must be a mapping with 'ja' and 'en'.")
            _check_text(spec[field_], _where(shown, f"{key}.{field_}"))
        if not isinstance(spec["items"], list) or not spec["items"]:
            raise FigureDataError(f"{_where(shown, key + '.items')} must be a non-empty list.")
        ids: set[str] = set()
        for index, item in enumerate(spec["items"]):
            ikey = f"{key}.items[{index}]"
            _check_item(item, shown, ikey, ids)
        figures[name] = Figure(name, size[0], size[1], spec["title"], spec["desc"], spec["items"])
    return figures


_TEXT_FIELDS = ("label", "note", "heading", "text")


def _is_item(sub: Any) -> bool:
    """A row entry is either a text (str or {ja, en}) or an item mapping with its own fields."""
    return isinstance(sub, dict) and not set(sub) <= set(LANGS)


def _check_item(item: Any, shown: str, key: str, ids: set[str]) -> None:
    def at(sub: str = "") -> str:
        return f"{shown}: key '{key}{sub}'"

    if not isinstance(item, dict) or item.get("kind") not in ITEM_KINDS:
        raise FigureDataError(f"{at()} has kind {item.get('kind') if isinstance(item, dict) else item!r}, "
                              f"which is not one of {', '.join(sorted(ITEM_KINDS))}.")
    kind = item["kind"]
    for field_ in _TEXT_FIELDS:
        if field_ in item:
            _check_text(item[field_], f"{at('.' + field_)}")
    if "tone" in item and item["tone"] not in STYLE["tones"]:
        raise FigureDataError(f"{at('.tone')} is {item['tone']!r}, which is not one of "
                              f"{', '.join(STYLE['tones'])}.")
    if kind in ("box", "group", "cylinder", "people", "table", "chart", "row", "chevron", "text"):
        need = ("x", "y") if kind == "text" else ("x", "y", "w", "h")
        if kind == "table":
            need = ("x", "y", "cols", "rows")
        for coord in need:
            if coord not in item:
                raise FigureDataError(f"{at('.' + coord)} is missing.")
    if kind == "row":
        if not isinstance(item.get("items"), list) or not item["items"]:
            raise FigureDataError(f"{at('.items')} must be a non-empty list of labels.")
        for i, sub in enumerate(item["items"]):
            if _is_item(sub):
                for field_ in _TEXT_FIELDS:
                    if field_ in sub:
                        _check_text(sub[field_], f"{at(f'.items[{i}].{field_}')}")
            else:
                _check_text(sub, f"{at(f'.items[{i}]')}")
    if kind == "table":
        cols = item["cols"]
        if not isinstance(cols, list) or not all(isinstance(c, dict) and "w" in c for c in cols):
            raise FigureDataError(f"{at('.cols')} must be a list of {{w: width, label: text}}.")
        for i, col in enumerate(cols):
            _check_text(col.get("label", ""), at(f".cols[{i}].label"))
        for r, row in enumerate(item["rows"]):
            if not isinstance(row, list) or len(row) != len(cols):
                raise FigureDataError(f"{at(f'.rows[{r}]')} must have {len(cols)} cells, one per column.")
            for c, cell in enumerate(row):
                _check_text(cell if cell is not None else "", f"{at(f'.rows[{r}][{c}]')}")
    if kind == "chart":
        if not isinstance(item.get("values"), list) or len(item["values"]) < 2:
            raise FigureDataError(f"{at('.values')} must list at least two numbers between 0 and 1.")
    if kind == "arrow":
        for end in ("from", "to"):
            if end not in item:
                raise FigureDataError(f"{at('.' + end)} is missing.")
            ref = item[end]
            if isinstance(ref, str):
                target, _, side = ref.partition(".")
                if target not in ids or side not in SIDES:
                    raise FigureDataError(f"{at('.' + end)} is {ref!r}, which does not name an earlier item and a side "
                                          f"(id.n/s/e/w/c); define the item first.")
            elif not (isinstance(ref, list) and len(ref) == 2):
                raise FigureDataError(f"{at('.' + end)} must be 'id.side' or [x, y].")
        if item.get("route", "straight") not in ("straight", "hvh", "vhv", "hv", "vh"):
            raise FigureDataError(f"{at('.route')} is {item.get('route')!r}; use straight, hvh, vhv, hv or vh.")
    if "id" in item:
        if item["id"] in ids:
            raise FigureDataError(f"{at('.id')} {item['id']!r} is used twice in this figure.")
        ids.add(item["id"])
    if kind == "row":
        for i, sub in enumerate(item["items"]):
            if isinstance(sub, dict) and "id" in sub:
                ids.add(sub["id"])
            elif "id" in item:
                ids.add(f"{item['id']}{i + 1}")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------------------
def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


BULLET_INDENT = 13  # hanging indent of bullet lists, px
BULLET_GAP = 3  # extra space above each bullet after the first, px
_CLASS_SIZE = {"lb": "label", "nb": "note", "nt": "note", "hd": "heading", "sm": "small"}


class Canvas:
    def __init__(self, fig: Figure, lang: str):
        self.fig, self.lang = fig, lang
        self.parts: list[str] = []
        self.boxes: dict[str, tuple[float, float, float, float]] = {}
        self.markers: set[str] = set()
        self.min_height = 0.0

    # -- primitives ------------------------------------------------------------------------
    def rect(self, x, y, w, h, tone="light", r=None, dash=False, width=1.5):
        fill, stroke, _ = STYLE["tones"][tone]
        r = STYLE["radius"]["box"] if r is None else r
        extra = f' stroke-dasharray="{STYLE["arrow"]["dash"]}"' if dash else ""
        self.parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="{_n(r)}" '
                          f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"{extra}/>')

    def text_block(self, lines: list[tuple[str, str]], cx: float, top: float, anchor="middle", color=None,
                   halo=False):
        """Lines of (css class, text), first baseline placed one ascent below ``top``.

        A text starting with "• " is a bullet and one starting with a tab continues it: both get a
        hanging indent (only meaningful with ``anchor="start"``).
        """
        if not lines:
            return
        fill = f' style="fill:{color}"' if color else ""
        cls_halo = " halo" if halo else ""
        out = []
        y = top
        for i, (cls, txt) in enumerate(lines):
            y += self._advance(i, cls, txt)
            x = cx
            if txt.startswith(("• ", "\t")):
                if txt.startswith("• "):
                    out.append(f'<text x="{_n(cx)}" y="{_n(y)}" class="{cls}"{fill}>•</text>')
                txt, x = txt[2:] if txt.startswith("• ") else txt[1:], cx + BULLET_INDENT
            out.append(f'<text x="{_n(x)}" y="{_n(y)}" class="{cls}{cls_halo}" text-anchor="{anchor}"{fill}>'
                       f'{escape(txt)}</text>')
        self.parts.append("".join(out))

    @staticmethod
    def _advance(i: int, cls: str, txt: str) -> float:
        size = STYLE["size"][_CLASS_SIZE[cls]]
        if i == 0:
            return size * 0.95
        return size * STYLE["line"] + (BULLET_GAP if txt.startswith("• ") else 0)

    @classmethod
    def block_height(cls_, lines: list[tuple[str, str]]) -> float:
        h = sum(cls_._advance(i, c, t) for i, (c, t) in enumerate(lines))
        return h + (0.25 * STYLE["size"]["note"] if lines else 0)

    def lines_for(self, item: dict, width: float) -> list[tuple[str, str]]:
        lines: list[tuple[str, str]] = []
        if "label" in item:
            cls = "nb" if item.get("compact") else "lb"
            size = STYLE["size"]["note" if item.get("compact") else "label"]
            lines += [(cls, t) for t in wrap(loc(item["label"], self.lang), width, size, bold=True)]
        if "note" in item:
            size = STYLE["size"]["note"]
            for para in loc(item["note"], self.lang).split("\n"):
                bullet = para.startswith("- ")
                body = para[2:] if bullet else para
                wrapped = wrap(body, width - (BULLET_INDENT if bullet else 0), size)
                for k, t in enumerate(wrapped):
                    lines.append(("nt", ("• " if k == 0 else "\t") + t if bullet else t))
        return lines

    # -- items -----------------------------------------------------------------------------
    def draw(self, item: dict) -> None:
        getattr(self, "draw_" + item["kind"])(item)

    def _register(self, item: dict, x, y, w, h):
        if "id" in item:
            self.boxes[item["id"]] = (x, y, w, h)

    def _labelled(self, item: dict, x, y, w, h, tone: str, *, align_top=False):
        pad = STYLE["pad"]
        lines = self.lines_for(item, w - 2 * pad)
        _, _, color = STYLE["tones"][tone]
        bh = self.block_height(lines)
        bullets = any(t.startswith("• ") for c, t in lines if c == "nt")
        align_top = align_top or item.get("valign") == "top"
        top = y + pad if align_top else y + (h - bh) / 2
        if item.get("align") == "left" or bullets:
            # label centred, bullet notes left-aligned
            lab = [l for l in lines if l[0] in ("lb", "nb")]
            rest = [l for l in lines if l[0] not in ("lb", "nb")]
            self.text_block(lab, x + w / 2, top, color=color)
            self.text_block(rest, x + pad + 2, top + self.block_height(lab), anchor="start",
                            color=color if tone in ("primary", "teal_solid", "amber_solid") else None)
        else:
            self.text_block(lines, x + w / 2, top, color=color)
        for cls, txt in lines:  # a word too long to wrap may overflow a little (estimates are conservative)
            size, bold = STYLE["size"][_CLASS_SIZE[cls]], cls in ("lb", "nb")
            if text_width(txt.lstrip("•\t "), size, bold) > (w - 2 * pad) * 1.12:
                raise FigureDataError(f"figure '{self.fig.name}' ({self.lang}): text {txt.strip()!r} is too wide for "
                                      f"its {w}x{h} box; make the box wider or the text shorter.")
        if self.block_height(lines) > h - (0 if not align_top else pad) + 2:
            raise FigureDataError(f"figure '{self.fig.name}' ({self.lang}): text {lines[0][1]!r}... does not fit "
                                  f"in its {w}x{h} box; make the box larger or the text shorter.")

    def draw_box(self, item):
        x, y, w, h = item["x"], item["y"], item["w"], item["h"]
        tone = item.get("tone", "light")
        self.rect(x, y, w, h, tone, dash=item.get("dash", False))
        self._labelled(item, x, y, w, h, tone)
        self._register(item, x, y, w, h)

    def draw_chevron(self, item):
        x, y, w, h = item["x"], item["y"], item["w"], item["h"]
        tone = item.get("tone", "primary")
        fill, stroke, _ = STYLE["tones"][tone]
        d = h / 2 * 0.55
        first = item.get("first", False)
        pts = [(x, y), (x + w - d, y), (x + w, y + h / 2), (x + w - d, y + h), (x, y + h)]
        if not first:
            pts.append((x + d, y + h / 2))
        self.parts.append(f'<polygon points="{" ".join(f"{_n(a)},{_n(b)}" for a, b in pts)}" fill="{fill}" '
                          f'stroke="{stroke}" stroke-linejoin="round" stroke-width="1.5"/>')
        inner = dict(item)
        self._labelled(inner, x + (0 if first else d * 0.6), y, w - d * 1.6, h, tone)
        self._register(item, x, y, w, h)

    def draw_group(self, item):
        x, y, w, h = item["x"], item["y"], item["w"], item["h"]
        tone = item.get("tone", "group")
        self.rect(x, y, w, h, tone, r=STYLE["radius"]["group"], dash=item.get("dash", True), width=1.5)
        if "heading" in item:
            _, _, color = STYLE["tones"][tone]
            pad = STYLE["pad"]
            lines = [("hd", t) for t in wrap(loc(item["heading"], self.lang), w - 2 * pad, STYLE["size"]["heading"],
                                             True)]
            solid = tone in ("primary", "teal_solid", "amber_solid")
            self.text_block(lines, x + pad + 4 if item.get("heading_align") == "left" else x + w / 2, y + pad - 2,
                            anchor="start" if item.get("heading_align") == "left" else "middle",
                            color="#ffffff" if solid else None)
        self._register(item, x, y, w, h)

    def draw_cylinder(self, item):
        x, y, w, h = item["x"], item["y"], item["w"], item["h"]
        tone = item.get("tone", "teal")
        fill, stroke, color = STYLE["tones"][tone]
        ry = min(10.0, h * 0.12)
        self.parts.append(
            f'<path d="M{_n(x)},{_n(y + ry)} a{_n(w / 2)},{_n(ry)} 0 0 1 {_n(w)},0 v{_n(h - 2 * ry)} '
            f'a{_n(w / 2)},{_n(ry)} 0 0 1 {_n(-w)},0 z" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
            f'<path d="M{_n(x)},{_n(y + ry)} a{_n(w / 2)},{_n(ry)} 0 0 0 {_n(w)},0" fill="none" '
            f'stroke="{stroke}" stroke-width="1.5"/>')
        self._labelled(item, x, y + 2 * ry, w, h - 2 * ry, tone)
        self._register(item, x, y, w, h)

    def draw_people(self, item):
        x, y, w, h = item["x"], item["y"], item["w"], item["h"]
        _, stroke, _ = STYLE["tones"][item.get("tone", "light")]
        count = int(item.get("count", 3))
        label_h = 0
        if "label" in item:
            lines = self.lines_for({"note": item["label"]}, w + 40)
            label_h = self.block_height(lines) + 4
            self.text_block(lines, x + w / 2, y + h - label_h + 4)
        ih = h - label_h
        unit = min(w / (count * 0.8 + 0.2), ih / 1.1)
        total = unit * (count * 0.8 + 0.2)
        ox = x + (w - total) / 2
        for i in range(count):
            cx = ox + unit * (0.5 + i * 0.8)
            cy = y + (ih - unit) / 2 + (unit * 0.1 if i % 2 else 0)
            r = unit * 0.2
            self.parts.append(
                f'<circle cx="{_n(cx)}" cy="{_n(cy + r + 1)}" r="{_n(r)}" fill="#ffffff" stroke="{stroke}" '
                f'stroke-width="2"/>'
                f'<path d="M{_n(cx - unit * 0.36)},{_n(cy + unit)} q0,{_n(-unit * 0.52)} {_n(unit * 0.36)},'
                f'{_n(-unit * 0.52)} t{_n(unit * 0.36)},{_n(unit * 0.52)}" fill="#ffffff" stroke="{stroke}" '
                f'stroke-width="2" stroke-linejoin="round"/>')
        self._register(item, x, y, w, h)

    def draw_text(self, item):
        pad = 0
        width = item.get("w", self.fig.width)
        lines = self.lines_for(item, width - pad)
        if item.get("small"):
            lines = [("sm", t) for _, t in lines]
        anchor = {"left": "start", "right": "end"}.get(item.get("align", "center"), "middle")
        self.text_block(lines, item["x"], item["y"], anchor=anchor, halo=item.get("halo", False),
                        color=item.get("color"))

    def draw_row(self, item):
        """``n`` equal boxes side by side, ids ``<id>1``, ``<id>2``... unless each sub-item has its own id."""
        subs = item["items"]
        gap = item.get("gap", 12)
        n = len(subs)
        vertical = item.get("direction") == "down"
        if vertical:
            bh = (item["h"] - gap * (n - 1)) / n
        else:
            bw = (item["w"] - gap * (n - 1)) / n
        for i, sub in enumerate(subs):
            spec = dict(sub) if _is_item(sub) else {"label": sub}
            spec.setdefault("tone", item.get("tone", "light"))
            if item.get("compact"):
                spec.setdefault("compact", True)
            if "id" not in spec and "id" in item:
                spec["id"] = f"{item['id']}{i + 1}"
            if vertical:
                spec.update(x=item["x"], y=item["y"] + i * (bh + gap), w=item["w"], h=bh)
            else:
                spec.update(x=item["x"] + i * (bw + gap), y=item["y"], w=bw, h=item["h"])
            spec["kind"] = item.get("shape", "box")
            if spec["kind"] == "chevron" and i == 0:
                spec["first"] = True
            self.draw(spec)

    def draw_table(self, item):
        x0, y0 = item["x"], item["y"]
        cols = item["cols"]
        head_h = item.get("head_h", 40)
        row_h = item.get("row_h", 34)
        total_w = sum(c["w"] for c in cols)
        size = STYLE["size"]["note"]
        fill, stroke, _ = STYLE["tones"]["primary"]
        self.rect(x0, y0, total_w, head_h, "primary", r=6)
        x = x0
        for c in cols:
            label = loc(c.get("label", ""), self.lang)
            lines = [("nt", t) for t in wrap(label, c["w"] - 12, size, True)]
            anchor = c.get("align", "middle")
            tx = x + 10 if anchor == "start" else x + c["w"] / 2
            self.text_block(lines, tx, y0 + (head_h - self.block_height(lines)) / 2 + 2, anchor=anchor,
                            color="#ffffff")
            x += c["w"]
        y = y0 + head_h
        for r, row in enumerate(item["rows"]):
            # row height grows with wrapped text
            cells = []
            height = row_h
            for c, cell in zip(cols, row):
                text = loc(cell, self.lang) if cell is not None else ""
                cls = "nb" if c.get("bold") else "nt"
                lines = [] if text in ("yes", "no", "") else \
                    [(cls, t) for t in wrap(text, c["w"] - 16, size, bold=c.get("bold", False))]
                cells.append((c, text, lines))
                height = max(height, self.block_height(lines) + 14)
            if r % 2 == 0:
                self.parts.append(f'<rect x="{_n(x0)}" y="{_n(y)}" width="{_n(total_w)}" height="{_n(height)}" '
                                  f'fill="#eef1f9"/>')
            self.parts.append(f'<line x1="{_n(x0)}" y1="{_n(y + height)}" x2="{_n(x0 + total_w)}" '
                              f'y2="{_n(y + height)}" stroke="#c9d0dc" stroke-width="1"/>')
            x = x0
            for c, text, lines in cells:
                cx = x + c["w"] / 2
                if text == "yes":
                    s = 8
                    cy = y + height / 2
                    self.parts.append(f'<path d="M{_n(cx - s)},{_n(cy)} l{_n(s * 0.7)},{_n(s * 0.75)} '
                                      f'l{_n(s * 1.35)},{_n(-s * 1.5)}" fill="none" stroke="{fill}" '
                                      f'stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>')
                elif text == "no":
                    self.parts.append(f'<line x1="{_n(cx - 6)}" y1="{_n(y + height / 2)}" x2="{_n(cx + 6)}" '
                                      f'y2="{_n(y + height / 2)}" stroke="#a3adbb" stroke-width="2"/>')
                elif lines:  # "yes" draws a check mark, "no" a dash, anything else is text
                    anchor = c.get("align", "middle")
                    tx = x + 10 if anchor == "start" else cx
                    self.text_block(lines, tx, y + (height - self.block_height(lines)) / 2 + 2, anchor=anchor)
                x += c["w"]
            y += height
        self._register(item, x0, y0, total_w, y - y0)
        self.min_height = max(self.min_height, y + 20)  # a table grows with its wrapped rows

    def draw_chart(self, item):
        x, y, w, h = item["x"], item["y"], item["w"], item["h"]
        values = item["values"]
        fill, stroke, _ = STYLE["tones"][item.get("tone", "primary")]
        left, bottom = 8, 24
        px, py, pw, ph = x + left, y + 6, w - left - 6, h - bottom - 6
        ink = STYLE["ink_soft"]
        self.parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="6" fill="#ffffff" '
                          f'stroke="#c9d0dc"/>')
        self.parts.append(f'<path d="M{_n(px)},{_n(py)} V{_n(py + ph)} H{_n(px + pw)}" fill="none" stroke="{ink}" '
                          f'stroke-width="1.5"/>')
        step = pw / (len(values) - 1)
        pts = " ".join(f"{_n(px + i * step)},{_n(py + ph - v * ph)}" for i, v in enumerate(values))
        if "threshold" in item:
            ty = py + ph - item["threshold"] * ph
            amber = STYLE["tones"]["amber_solid"][0]
            self.parts.append(f'<line x1="{_n(px)}" y1="{_n(ty)}" x2="{_n(px + pw)}" y2="{_n(ty)}" stroke="{amber}" '
                              f'stroke-width="1.8" stroke-dasharray="6 4"/>')
            if "threshold_label" in item:
                self.text_block([("sm", loc(item["threshold_label"], self.lang))], px + 6, ty - 18, anchor="start",
                                color=amber, halo=True)
        self.parts.append(f'<polyline points="{pts}" fill="none" stroke="{stroke}" stroke-width="2.4" '
                          f'stroke-linejoin="round" stroke-linecap="round"/>')
        for i, v in enumerate(values):
            self.parts.append(f'<circle cx="{_n(px + i * step)}" cy="{_n(py + ph - v * ph)}" r="2.8" '
                              f'fill="{stroke}"/>')
        if "label" in item:
            self.text_block([("sm", loc(item["label"], self.lang))], x + w / 2, py + ph + 5)
        self._register(item, x, y, w, h)

    # -- arrows ----------------------------------------------------------------------------
    def anchor(self, ref) -> tuple[float, float]:
        if isinstance(ref, list):
            return float(ref[0]), float(ref[1])
        target, _, side = ref.partition(".")
        x, y, w, h = self.boxes[target]
        cx, cy = x + w / 2, y + h / 2
        return {"n": (cx, y), "s": (cx, y + h), "e": (x + w, cy), "w": (x, cy), "c": (cx, cy),
                "ne": (x + w * 0.75, y), "nw": (x + w * 0.25, y), "se": (x + w * 0.75, y + h),
                "sw": (x + w * 0.25, y + h)}[side]

    def draw_arrow(self, item):
        (x1, y1), (x2, y2) = self.anchor(item["from"]), self.anchor(item["to"])
        off = item.get("offset", [0, 0])
        x1, y1 = x1 + off[0], y1 + off[1]
        off2 = item.get("offset_to", off)
        x2, y2 = x2 + off2[0], y2 + off2[1]
        route = item.get("route", "straight")
        if route == "hvh":
            mx = item.get("mid", (x1 + x2) / 2)
            pts = [(x1, y1), (mx, y1), (mx, y2), (x2, y2)]
        elif route == "vhv":
            my = item.get("mid", (y1 + y2) / 2)
            pts = [(x1, y1), (x1, my), (x2, my), (x2, y2)]
        elif route == "hv":
            pts = [(x1, y1), (x2, y1), (x2, y2)]
        elif route == "vh":
            pts = [(x1, y1), (x1, y2), (x2, y2)]
        else:
            pts = [(x1, y1), (x2, y2)]
        a = STYLE["arrow"]
        color = STYLE["tones"][item["tone"]][1] if "tone" in item else a["stroke"]
        heads = item.get("heads", "end")
        mid = "m" + color.lstrip("#")
        self.markers.add(color)
        dash = f' stroke-dasharray="{a["dash"]}"' if item.get("dash") else ""
        mk = ""
        if heads in ("end", "both"):
            mk += f' marker-end="url(#{mid})"'
        if heads == "both":
            mk += f' marker-start="url(#{mid})"'
        d = "M" + " L".join(f"{_n(px)},{_n(py)}" for px, py in pts)
        width = item.get("width", a["width"])
        self.parts.append(f'<path d="{d}" fill="none" stroke="{color}" stroke-width="{width}"{dash}{mk} '
                          f'stroke-linejoin="round"/>')
        if "label" in item:
            seg = item.get("label_seg", len(pts) // 2 - (1 if len(pts) % 2 == 0 else 0)) % (len(pts) - 1)
            (ax, ay), (bx, by) = pts[seg], pts[min(seg + 1, len(pts) - 1)]
            lx, ly = (ax + bx) / 2, (ay + by) / 2
            dx, dy = item.get("label_offset", [0, 0])
            lines = [("sm", t) for t in wrap(loc(item["label"], self.lang), item.get("label_w", 200),
                                             STYLE["size"]["small"])]
            anchor = {"left": "start", "right": "end"}.get(item.get("label_align", "center"), "middle")
            self.text_block(lines, lx + dx, ly + dy - self.block_height(lines) / 2, anchor=anchor, halo=True,
                            color=STYLE["ink"])

    # -- whole figure ----------------------------------------------------------------------
    def svg(self) -> str:
        fig, lang = self.fig, self.lang
        for item in fig.items:
            self.draw(item)
        body = self.parts
        a = STYLE["arrow"]
        head = a["head"]
        defs = "".join(
            f'<marker id="m{c.lstrip("#")}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="{head}" '
            f'markerHeight="{head}" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>' for c in sorted(self.markers))
        title = escape(loc(fig.title, lang))
        desc = escape(" ".join(loc(fig.desc, lang).split()))
        p = STYLE["panel"]
        width, height = fig.width, max(fig.height, int(self.min_height + 0.999))
        return (
            f'<svg xmlns="{SVG_NS}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-labelledby="t d" lang="{lang}">\n'
            f'<title id="t">{title}</title>\n<desc id="d">{desc}</desc>\n'
            f'<defs><style>{CSS}</style>{defs}</defs>\n'
            f'<rect x="1" y="1" width="{width - 2}" height="{height - 2}" rx="{STYLE["radius"]["panel"]}" '
            f'fill="{p["fill"]}" stroke="{p["stroke"]}" stroke-width="1.5"/>\n'
            + "\n".join(body) + "\n</svg>\n")


def render(fig: Figure, lang: str) -> str:
    """The SVG text of one figure in one language."""
    return Canvas(fig, lang).svg()


def file_name(name: str, lang: str) -> str:
    return f"{name}.svg" if lang == "ja" else f"{name}.{lang}.svg"


def generate(figures: dict[str, Figure]) -> dict[str, str]:
    """Every output file name mapped to its content."""
    return {file_name(name, lang): render(fig, lang) for name, fig in figures.items() for lang in LANGS}


# ---------------------------------------------------------------------------------------------
# Safety
# ---------------------------------------------------------------------------------------------
FORBIDDEN_ELEMENTS = {
    "script": "contains a <script> element",
    "foreignobject": "contains a <foreignObject> element",
    "iframe": "contains an <iframe> element",
    "embed": "contains an <embed> element",
    "object": "contains an <object> element",
    "handler": "contains a <handler> element",
    "listener": "contains a <listener> element",
}
_URL_RE = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _check_css(css: str, where: str) -> list[str]:
    found = []
    if re.search(r"@import", css, re.I):
        found.append(f"{where} uses @import")
    for _, target in _URL_RE.findall(css):
        if not target.strip().startswith("#"):
            found.append(f"{where} refers to external url({target.strip()[:60]})")
    if re.search(r"expression\s*\(|javascript:", css, re.I):
        found.append(f"{where} contains script in CSS")
    return found


def find_unsafe(svg_text: str) -> list[str]:
    """What makes an SVG unsafe to ship, one phrase per problem (empty when the file is clean)."""
    problems: list[str] = []
    if re.search(r"<!DOCTYPE|<!ENTITY", svg_text, re.I):
        problems.append("contains a DOCTYPE or ENTITY declaration")
        return problems  # never hand entity declarations to the XML parser
    if re.search(r"<\?xml-stylesheet", svg_text, re.I):
        problems.append("contains an <?xml-stylesheet?> instruction (an external reference)")
    try:
        root = ET.fromstring(svg_text)
    except ET.ParseError as err:
        return problems + [f"is not well-formed XML ({err})"]
    if _local(root.tag) != "svg":
        problems.append(f"has root element <{_local(root.tag)}> instead of <svg>")
    for el in root.iter():
        tag = _local(el.tag).lower()
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(FORBIDDEN_ELEMENTS[tag])
        for attr, value in el.attrib.items():
            name = _local(attr).lower()
            if name.startswith("on"):
                problems.append(f"has an event attribute {name}= on <{_local(el.tag)}>")
            elif name in ("href", "src") or attr.endswith("}href"):
                if not value.strip().startswith("#"):
                    kind = "a data: URI" if value.strip().lower().startswith("data:") else "an external reference"
                    problems.append(f"has {kind} {name}=\"{value.strip()[:60]}\" on <{_local(el.tag)}>")
            elif name == "style":
                problems += _check_css(value, f"the style attribute of <{_local(el.tag)}>")
            elif "url(" in value.lower():
                problems += _check_css(value, f"the {name}= attribute of <{_local(el.tag)}>")
            elif "javascript:" in value.lower():
                problems.append(f"has a javascript: URL in {name}= on <{_local(el.tag)}>")
        if tag == "style":
            problems += _check_css(el.text or "", "a <style> element")
    return list(dict.fromkeys(problems))


@dataclass(frozen=True)
class Problem:
    path: str  # as shown in messages, e.g. 'docs/assets/figures/x.svg'
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


UNSAFE_FIX = ("figures must be plain SVG without scripts, event attributes, foreignObject or external "
              "references.")


def check_svg_tree(docs_dir: Path, shown_prefix: str = "docs", figures_subdir: str = "assets/figures") \
        -> list[Problem]:
    """Every unsafe SVG under ``docs_dir``, and every figure lacking its ja or en variant."""
    problems: list[Problem] = []
    for path in sorted(docs_dir.rglob("*.svg")):
        shown = f"{shown_prefix}/{path.relative_to(docs_dir).as_posix()}"
        found = find_unsafe(path.read_text(encoding="utf-8", errors="replace"))
        if found:
            problems.append(Problem(shown, "; ".join(found) + "; " + UNSAFE_FIX))
    fig_dir = docs_dir / figures_subdir
    sub = "" if figures_subdir in ("", ".") else figures_subdir.strip("/") + "/"
    if fig_dir.is_dir():
        names = {p.name for p in fig_dir.glob("*.svg")}
        for name in sorted(names):
            shown = f"{shown_prefix}/{sub}{name}"
            if name.endswith(".en.svg"):
                other = name[: -len(".en.svg")] + ".svg"
                if other not in names:
                    problems.append(Problem(shown, f"figure has no Japanese variant '{other}'; generate both with "
                                                   f"'python -m hooks.figures build'."))
            else:
                other = name[: -len(".svg")] + ".en.svg"
                if other not in names:
                    problems.append(Problem(shown, f"figure has no English variant '{other}'; generate both with "
                                                   f"'python -m hooks.figures build'."))
    return problems


# ---------------------------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------------------------
def build(out_dir: Path = OUT_DIR, data_file: Path = DATA_FILE) -> list[Path]:
    files = generate(load_figures(data_file))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        target = out_dir / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def check(out_dir: Path = OUT_DIR, data_file: Path = DATA_FILE) -> list[str]:
    """Differences between the committed figures and the generator's output, plus unsafe/oversized files."""
    expected = generate(load_figures(data_file))
    shown_dir = _shown(out_dir)
    problems = []
    for name, text in sorted(expected.items()):
        target = out_dir / name
        if not target.exists():
            problems.append(f"{shown_dir}/{name}: figure is missing; run 'python -m hooks.figures build'.")
        elif target.read_text(encoding="utf-8") != text:
            diff = difflib.unified_diff(target.read_text(encoding="utf-8").splitlines(), text.splitlines(),
                                        "committed", "generated", n=0, lineterm="")
            first = "\n".join(list(diff)[:8])
            problems.append(f"{shown_dir}/{name}: figure differs from the generator's output; run "
                            f"'python -m hooks.figures build'.\n{first}")
        if len(text.encode("utf-8")) > MAX_BYTES:
            problems.append(f"{shown_dir}/{name}: figure is {len(text.encode())} bytes, over the {MAX_BYTES} limit; "
                            f"simplify it.")
    for path in sorted(out_dir.glob("*.svg")):
        if path.name not in expected:
            problems.append(f"{shown_dir}/{path.name}: figure is not described in {_shown(data_file)}; "
                            f"add it there or delete the file.")
    problems += [str(p) for p in check_svg_tree(out_dir, shown_dir, figures_subdir=".")]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.figures", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["build", "check"])
    parser.add_argument("--data", type=Path, default=DATA_FILE, help="figure descriptions (default: %(default)s)")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR, help="where the SVGs live (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            written = build(args.out_dir, args.data)
            for path in written:
                print(f"wrote {_shown(path)}")
            print(f"{len(written)} file(s) changed.")
            return 0
        problems = check(args.out_dir, args.data)
    except FigureDataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print("figures are up to date and safe.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
