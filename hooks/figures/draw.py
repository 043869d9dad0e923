"""Drawing: one figure, in one language and one layout (wide or narrow), as SVG text plus its geometry.

:class:`Canvas` draws the items of a :class:`~hooks.figures.model.Figure` in order. Besides the SVG
elements it records the geometry of what it drew (:class:`Layout`): the ink box of every text line
(measured with :mod:`hooks.figures.fit`), the box its text belongs in, and every border and line
segment, so :mod:`hooks.figures.layout` can check that nothing overlaps. The narrow layout is the
same figure with the figure's ``narrow`` places applied to its items (same texts, same styles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal
from xml.sax.saxutils import escape

import msgspec

from hooks.core.problems import HookError
from hooks.figures import fit, style
from hooks.figures.model import (
    Arrow,
    Box,
    Chart,
    Chevron,
    Column,
    Cylinder,
    Figure,
    Group,
    Item,
    Labelled,
    Loc,
    People,
    Row,
    RowEntry,
    Table,
    TextItem,
    loc,
)

SVG_NS = "http://www.w3.org/2000/svg"
Layoutname = Literal["wide", "narrow"]
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class TextBox:
    """The ink box of one drawn line of text (with its halo, when it has one)."""

    rect: Rect
    text: str
    block: int  # lines drawn together share a block number
    role: str  # css class: lb, nb, nt, hd, sm
    halo: bool
    inside: Rect | None  # the area the line must stay in (a box's inner area), None for free text


@dataclass(frozen=True)
class Segment:
    """A straight piece of a border or a line, as drawn."""

    x0: float
    y0: float
    x1: float
    y1: float
    what: str  # 'border of box ws', 'arrow ws.n -> deps.s', ...


@dataclass
class Layout:
    """The geometry of one drawn figure."""

    width: float
    height: float
    texts: list[TextBox] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    boxes: list[tuple[Rect, float, str]] = field(default_factory=list)  # (box, text height in it, what)


def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


Line = tuple[str, str]  # (css class, text)


class Canvas:
    """Draws one figure in one language and layout."""

    def __init__(self, fig: Figure, lang: str, layout: Layoutname = "wide") -> None:
        self.fig, self.lang, self.layout_name = fig, lang, layout
        width, height = fig.size if layout == "wide" or fig.narrow is None else fig.narrow.size
        self.width, self.height = float(width), float(height)
        self.parts: list[str] = []
        self.boxes: dict[str, tuple[float, float, float, float]] = {}
        self.markers: set[str] = set()
        self.min_height = 0.0
        self.layout = Layout(self.width, self.height)
        self._block = 0

    # -- errors ----------------------------------------------------------------------------
    def fail(self, message: str) -> HookError:
        return HookError(self.fig.problem(f"{self.title()}: {message}"))

    def title(self) -> str:
        """How messages name this drawing: "figure 'workflow' (en, narrow)"."""
        return f"figure '{self.fig.name}' ({self.lang}{', narrow' if self.layout_name == 'narrow' else ''})"

    # -- primitives ------------------------------------------------------------------------
    def _outline(self, x: float, y: float, w: float, h: float, what: str) -> None:
        segs = self.layout.segments
        segs += [
            Segment(x, y, x + w, y, what),
            Segment(x + w, y, x + w, y + h, what),
            Segment(x, y + h, x + w, y + h, what),
            Segment(x, y, x, y + h, what),
        ]

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        tone: str = "light",
        r: float | None = None,
        dash: bool = False,
        width: float = 1.5,
        what: str = "box",
    ) -> None:
        fill, stroke, _ = style.TONES[tone]
        r = style.RADIUS["box"] if r is None else r
        extra = f' stroke-dasharray="{style.ARROW["dash"]}"' if dash else ""
        self.parts.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="{_n(r)}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"{extra}/>'
        )
        if stroke != "none":
            self._outline(x, y, w, h, what)

    @staticmethod
    def _size(cls: str) -> float:
        return style.SIZE[style.CLASS_ROLE[cls]]

    @classmethod
    def _advance(cls, i: int, lines: Sequence[Line]) -> float:
        """Distance from the previous baseline (or from the block's top, for the first line)."""
        kind, txt = lines[i]
        size = cls._size(kind)
        if i == 0:
            return size * 0.95
        gap = style.BULLET_GAP if txt.startswith("• ") else 0
        if lines[i - 1][0] in style.BOLD_CLASSES and kind not in style.BOLD_CLASSES:
            gap += style.TITLE_GAP  # a box's title stands apart from its first note line
        return size * style.LINE + gap

    @classmethod
    def block_height(cls, lines: Sequence[Line]) -> float:
        h = sum(cls._advance(i, lines) for i in range(len(lines)))
        return h + (0.25 * style.SIZE["note"] if lines else 0)

    def text_block(
        self,
        lines: Sequence[Line],
        cx: float,
        top: float,
        anchor: str = "middle",
        color: str | None = None,
        halo: bool = False,
        inside: Rect | None = None,
        block: int | None = None,
    ) -> None:
        """Lines of (css class, text), the first baseline placed one ascent below ``top``.

        A text starting with "• " is a bullet and one starting with a tab continues it: both get a
        hanging indent (meaningful with ``anchor="start"``).
        """
        if not lines:
            return
        if block is None:
            self._block += 1
            block = self._block
        fill = f' style="fill:{color}"' if color else ""
        cls_halo = " halo" if halo else ""
        out = []
        y = top
        for i, (cls, txt) in enumerate(lines):
            y += self._advance(i, lines)
            x = cx
            if txt.startswith(("• ", "\t")):
                if txt.startswith("• "):
                    out.append(f'<text x="{_n(cx)}" y="{_n(y)}" class="{cls}"{fill}>•</text>')
                    self._record("•", cx, y, "start", cls, False, inside, block)
                txt, x = (txt[2:] if txt.startswith("• ") else txt[1:]), cx + style.BULLET_INDENT
            out.append(
                f'<text x="{_n(x)}" y="{_n(y)}" class="{cls}{cls_halo}" text-anchor="{anchor}"{fill}>'
                f"{escape(txt)}</text>"
            )
            self._record(txt, x, y, anchor, cls, halo, inside, block)
        self.parts.append("".join(out))

    def _record(
        self, txt: str, x: float, baseline: float, anchor: str, cls: str, halo: bool, inside: Rect | None, block: int
    ) -> None:
        size = self._size(cls)
        width = fit.text_width(txt, size, cls in style.BOLD_CLASSES)
        x0 = {"start": x, "end": x - width}.get(anchor, x - width / 2)
        grow = style.HALO if halo else 0.0
        rect = (x0 - grow, baseline - fit.ASCENT * size - grow, x0 + width + grow, baseline + fit.DESCENT * size + grow)
        self.layout.texts.append(TextBox(rect, txt, block, cls, halo, inside))

    def wrap(self, text: str, width: float, cls: str) -> list[Line]:
        size = self._size(cls)
        return [(cls, t) for t in fit.wrap(text, width, size, cls in style.BOLD_CLASSES)]

    def lines_for(self, label: object, note: object, width: float, compact: bool = False) -> list[Line]:
        lines: list[Line] = []
        if label is not None:
            lines += self.wrap(loc(label, self.lang), width, "nb" if compact else "lb")  # type: ignore[arg-type]
        if note is not None:
            for para in loc(note, self.lang).split("\n"):  # type: ignore[arg-type]
                bullet = para.startswith("- ")
                body = para[2:] if bullet else para
                wrapped = fit.wrap(body, width - (style.BULLET_INDENT if bullet else 0), style.SIZE["note"])
                for k, t in enumerate(wrapped):
                    lines.append(("nt", ("• " if k == 0 else "\t") + t if bullet else t))
        return lines

    # -- items -----------------------------------------------------------------------------
    def draw(self, item: Item) -> None:
        if isinstance(item, Box):
            self.draw_box(item)
        elif isinstance(item, Chevron):
            self.draw_chevron(item)
        elif isinstance(item, Cylinder):
            self.draw_cylinder(item)
        elif isinstance(item, People):
            self.draw_people(item)
        elif isinstance(item, Group):
            self.draw_group(item)
        elif isinstance(item, Row):
            self.draw_row(item)
        elif isinstance(item, TextItem):
            self.draw_text(item)
        elif isinstance(item, Table):
            self.draw_table(item)
        elif isinstance(item, Chart):
            self.draw_chart(item)
        elif isinstance(item, Arrow):
            self.draw_arrow(item)

    def _register(self, item: Item, x: float, y: float, w: float, h: float) -> None:
        if item.id is not None:
            self.boxes[item.id] = (x, y, w, h)

    def _labelled(
        self, item: Labelled, x: float, y: float, w: float, h: float, tone: str, what: str, align_top: bool = False
    ) -> None:
        pad = style.PAD
        lines = self.lines_for(item.label, item.note, w - 2 * pad, item.compact)
        _, _, color = style.TONES[tone]
        bh = self.block_height(lines)
        bullets = any(t.startswith("• ") for c, t in lines if c == "nt")
        align_top = align_top or item.valign == "top"
        top = y + pad if align_top else y + (h - bh) / 2
        inside = (x + pad / 2, y + 2, x + w - pad / 2, y + h - 2)
        self._block += 1
        block = self._block
        if item.align == "left" or bullets:  # title centred, bullet notes left-aligned
            lab = [ln for ln in lines if ln[0] in ("lb", "nb")]
            rest = [ln for ln in lines if ln[0] not in ("lb", "nb")]
            self.text_block(lab, x + w / 2, top, color=color, inside=inside, block=block)
            rest_top = top + (self.block_height(lab) - 0.25 * style.SIZE["note"] + style.TITLE_GAP if lab else 0)
            self.text_block(
                rest,
                x + pad + 2,
                rest_top,
                anchor="start",
                inside=inside,
                block=block,
                color=color if tone in style.SOLID_TONES else None,
            )
            bh = rest_top - top + self.block_height(rest)
        else:
            self.text_block(lines, x + w / 2, top, color=color, inside=inside, block=block)
        self.layout.boxes.append(((x, y, x + w, y + h), bh, what))
        for value, cls, indent in (
            (item.label, "nb" if item.compact else "lb", 0.0),
            (item.note, "nt", float(style.BULLET_INDENT)),
        ):
            if value is None:
                continue
            text = "\n".join(p[2:] if p.startswith("- ") else p for p in loc(value, self.lang).split("\n"))
            word, width = fit.widest_word(text, self._size(cls), cls in style.BOLD_CLASSES)
            if width > w - 2 * pad - (indent if "\n- " in "\n" + loc(value, self.lang) else 0) + 0.5:
                raise self.fail(
                    f"text {word!r} is too wide for its {_n(w)}x{_n(h)} box; make the box wider or the text shorter."
                )
        if bh > h - (pad if align_top else 0) + 2:
            need = bh + (pad if align_top else 0)
            raise self.fail(
                f"text {lines[0][1]!r}... does not fit in its {_n(w)}x{_n(h)} box (it needs {need:.0f} px); "
                f"make the box larger or the text shorter."
            )

    def draw_box(self, item: Box) -> None:
        x, y, w, h = item.x, item.y, item.w, item.h
        tone = item.tone or "light"
        what = f"box {item.id}" if item.id else "a box"
        self.rect(x, y, w, h, tone, dash=item.dash, what=what)
        self._labelled(item, x, y, w, h, tone, what)
        self._register(item, x, y, w, h)

    def draw_chevron(self, item: Chevron) -> None:
        x, y, w, h = item.x, item.y, item.w, item.h
        tone = item.tone or "primary"
        fill, stroke, _ = style.TONES[tone]
        d = h / 2 * 0.55
        pts = [(x, y), (x + w - d, y), (x + w, y + h / 2), (x + w - d, y + h), (x, y + h)]
        if not item.first:
            pts.append((x + d, y + h / 2))
        self.parts.append(
            f'<polygon points="{" ".join(f"{_n(a)},{_n(b)}" for a, b in pts)}" fill="{fill}" '
            f'stroke="{stroke}" stroke-linejoin="round" stroke-width="1.5"/>'
        )
        what = f"chevron {item.id}" if item.id else "a chevron"
        for (ax, ay), (bx, by) in zip(pts, pts[1:] + pts[:1]):
            self.layout.segments.append(Segment(ax, ay, bx, by, what))
        self._labelled(item, x + (0 if item.first else d * 0.6), y, w - d * 1.6, h, tone, what)
        self._register(item, x, y, w, h)

    def draw_group(self, item: Group) -> None:
        x, y, w, h = item.x, item.y, item.w, item.h
        tone = item.tone or "group"
        what = f"group {item.id}" if item.id else "a group"
        self.rect(x, y, w, h, tone, r=style.RADIUS["group"], dash=item.dash, width=1.5, what=what)
        if item.heading is not None:
            pad = style.PAD
            lines = self.wrap(loc(item.heading, self.lang), w - 2 * pad, "hd")
            left = item.heading_align == "left"
            self.text_block(
                lines,
                x + pad + 4 if left else x + w / 2,
                y + pad - 2,
                anchor="start" if left else "middle",
                color="#ffffff" if tone in style.SOLID_TONES else None,
                inside=(x + pad / 2, y + 2, x + w - pad / 2, y + h - 2),
            )
        self._register(item, x, y, w, h)

    def draw_cylinder(self, item: Cylinder) -> None:
        x, y, w, h = item.x, item.y, item.w, item.h
        tone = item.tone or "teal"
        fill, stroke, _ = style.TONES[tone]
        ry = min(10.0, h * 0.12)
        self.parts.append(
            f'<path d="M{_n(x)},{_n(y + ry)} a{_n(w / 2)},{_n(ry)} 0 0 1 {_n(w)},0 v{_n(h - 2 * ry)} '
            f'a{_n(w / 2)},{_n(ry)} 0 0 1 {_n(-w)},0 z" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
            f'<path d="M{_n(x)},{_n(y + ry)} a{_n(w / 2)},{_n(ry)} 0 0 0 {_n(w)},0" fill="none" '
            f'stroke="{stroke}" stroke-width="1.5"/>'
        )
        what = f"cylinder {item.id}" if item.id else "a cylinder"
        segs = self.layout.segments  # the body's sides, and its bottom and the lid's front rim as polylines
        segs += [Segment(x, y + ry, x, y + h - ry, what), Segment(x + w, y + ry, x + w, y + h - ry, what)]
        for top, down in ((y + ry, -1), (y + ry, 1), (y + h - ry, 1)):
            arc = [(x + w * (1 - c) / 2, top + down * ry * s) for c, s in ((1, 0), (0.7, 0.71), (0, 1))]
            arc += [(2 * x + w - px, py) for px, py in reversed(arc[:-1])]
            segs += [Segment(a[0], a[1], b[0], b[1], what) for a, b in zip(arc, arc[1:])]
        self._labelled(item, x, y + 2 * ry, w, h - 2 * ry, tone, what)
        self._register(item, x, y, w, h)

    def draw_people(self, item: People) -> None:
        x, y, w, h = item.x, item.y, item.w, item.h
        _, stroke, _ = style.TONES[item.tone or "light"]
        label_h = 0.0
        if item.label is not None:
            lines = self.lines_for(None, item.label, w + 40)
            label_h = self.block_height(lines) + 4
            self.text_block(lines, x + w / 2, y + h - label_h + 4)
        ih = h - label_h
        count = item.count
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
                f'stroke-width="2" stroke-linejoin="round"/>'
            )
        self._register(item, x, y, w, h)

    def draw_text(self, item: TextItem) -> None:
        width = item.w if item.w is not None else self.width
        lines = self.lines_for(item.label, item.note, width)
        if item.small:
            lines = [("sm", t) for _, t in lines]
        anchor = {"left": "start", "right": "end"}.get(item.align, "middle")
        self.text_block(lines, item.x, item.y, anchor=anchor, halo=item.halo, color=item.color)

    def draw_row(self, item: Row) -> None:
        """Equal boxes side by side (or stacked), ids ``<id>1``, ``<id>2``... unless each entry has its own."""
        subs = item.items
        gap, n = item.gap, len(subs)
        vertical = item.direction == "down"
        columns = item.columns or (1 if vertical else n)
        lines = -(-n // columns)
        bw = (item.w - gap * (columns - 1)) / columns
        bh = (item.h - gap * (lines - 1)) / lines
        for i, sub in enumerate(subs):
            if isinstance(sub, RowEntry) and (sub.label is not None or sub.note is not None):
                fields = {
                    k: getattr(sub, k)
                    for k in ("label", "note", "align", "valign", "compact", "tone", "id")
                    if getattr(sub, k) is not None
                }
            else:
                fields = {"label": sub if isinstance(sub, str) else Loc(ja=sub.ja or "", en=sub.en or "")}
            fields.setdefault("tone", item.tone or "light")
            if item.compact:
                fields.setdefault("compact", True)
            if "id" not in fields and item.id is not None:
                fields["id"] = f"{item.id}{i + 1}"
            x = item.x + (i % columns) * (bw + gap)
            y = item.y + (i // columns) * (bh + gap)
            if item.shape == "chevron":
                self.draw_chevron(Chevron(x=x, y=y, w=bw, h=bh, first=i == 0, **fields))
            elif item.shape == "cylinder":
                self.draw_cylinder(Cylinder(x=x, y=y, w=bw, h=bh, **fields))
            else:
                self.draw_box(Box(x=x, y=y, w=bw, h=bh, **fields))

    def draw_table(self, item: Table) -> None:
        x0, y0 = item.x, item.y
        cols: list[Column] = item.cols
        head_h, row_h = item.head_h, item.row_h
        total_w = sum(c.w for c in cols)
        size = style.SIZE["note"]
        fill, _, _ = style.TONES["primary"]
        self.rect(x0, y0, total_w, head_h, "primary", r=6, what="the table head")
        x = x0
        for c in cols:
            label = loc(c.label, self.lang)
            lines = [("nb", t) for t in fit.wrap(label, c.w - 12, size, True)]
            word, width = fit.widest_word(label, size, True)
            if width > c.w - 12 + 0.5:
                raise self.fail(
                    f"table heading {word!r} is too wide for its {_n(c.w)} px column; make the column "
                    f"wider or the heading shorter."
                )
            tx = x + 10 if c.align == "start" else x + c.w / 2
            self.text_block(
                lines,
                tx,
                y0 + (head_h - self.block_height(lines)) / 2 + 2,
                anchor=c.align,
                color="#ffffff",
                inside=(x + 2, y0, x + c.w - 2, y0 + head_h),
            )
            x += c.w
        y = y0 + head_h
        for r, row in enumerate(item.rows):
            cells = []
            height = row_h
            for c, cell in zip(cols, row):
                text = loc(cell, self.lang) if cell is not None else ""
                cls = "nb" if c.bold else "nt"
                lines = [] if text in ("yes", "no", "") else self.wrap(text, c.w - 16, cls)
                word, width = fit.widest_word(text, self._size(cls), c.bold)
                if lines and width > c.w - 16 + 0.5:
                    raise self.fail(
                        f"table cell text {word!r} is too wide for its {_n(c.w)} px column; make the "
                        f"column wider or the text shorter."
                    )
                cells.append((c, text, lines))
                height = max(height, self.block_height(lines) + 14)  # a row grows with its wrapped text
            if r % 2 == 0:
                self.parts.append(
                    f'<rect x="{_n(x0)}" y="{_n(y)}" width="{_n(total_w)}" height="{_n(height)}" fill="#eef1f9"/>'
                )
            self.parts.append(
                f'<line x1="{_n(x0)}" y1="{_n(y + height)}" x2="{_n(x0 + total_w)}" '
                f'y2="{_n(y + height)}" stroke="#c9d0dc" stroke-width="1"/>'
            )
            self.layout.segments.append(Segment(x0, y + height, x0 + total_w, y + height, f"table row {r + 1}"))
            x = x0
            for c, text, lines in cells:
                cx = x + c.w / 2
                if text == "yes":  # a check mark
                    s, cy = 8, y + height / 2
                    self.parts.append(
                        f'<path d="M{_n(cx - s)},{_n(cy)} l{_n(s * 0.7)},{_n(s * 0.75)} '
                        f'l{_n(s * 1.35)},{_n(-s * 1.5)}" fill="none" stroke="{fill}" '
                        f'stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>'
                    )
                elif text == "no":  # a dash
                    self.parts.append(
                        f'<line x1="{_n(cx - 6)}" y1="{_n(y + height / 2)}" x2="{_n(cx + 6)}" '
                        f'y2="{_n(y + height / 2)}" stroke="#a3adbb" stroke-width="2"/>'
                    )
                elif lines:
                    tx = x + 10 if c.align == "start" else cx
                    self.text_block(
                        lines,
                        tx,
                        y + (height - self.block_height(lines)) / 2 + 2,
                        anchor=c.align,
                        inside=(x + 2, y, x + c.w - 2, y + height),
                    )
                x += c.w
            y += height
        self._register(item, x0, y0, total_w, y - y0)
        self.min_height = max(self.min_height, y + 20)  # a table grows with its wrapped rows

    def draw_chart(self, item: Chart) -> None:
        x, y, w, h = item.x, item.y, item.w, item.h
        values = item.values
        _, stroke, _ = style.TONES[item.tone or "primary"]
        left, bottom = 8, 24
        px, py, pw, ph = x + left, y + 6, w - left - 6, h - bottom - 6
        ink = style.INK_SOFT
        self.parts.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="6" fill="#ffffff" stroke="#c9d0dc"/>'
        )
        what = f"chart {item.id}" if item.id else "a chart"
        self._outline(x, y, w, h, what)
        self.parts.append(
            f'<path d="M{_n(px)},{_n(py)} V{_n(py + ph)} H{_n(px + pw)}" fill="none" stroke="{ink}" '
            f'stroke-width="1.5"/>'
        )
        self.layout.segments += [
            Segment(px, py, px, py + ph, f"the axes of {what}"),
            Segment(px, py + ph, px + pw, py + ph, f"the axes of {what}"),
        ]
        step = pw / (len(values) - 1)
        points = [(px + i * step, py + ph - v * ph) for i, v in enumerate(values)]
        if item.threshold is not None:
            ty = py + ph - item.threshold * ph
            amber = style.TONES["amber_solid"][0]
            self.parts.append(
                f'<line x1="{_n(px)}" y1="{_n(ty)}" x2="{_n(px + pw)}" y2="{_n(ty)}" stroke="{amber}" '
                f'stroke-width="1.8" stroke-dasharray="6 4"/>'
            )
            self.layout.segments.append(Segment(px, ty, px + pw, ty, f"the threshold of {what}"))
            if item.threshold_label is not None:
                self.text_block(
                    [("sm", loc(item.threshold_label, self.lang))],
                    px + 6,
                    ty - 19,
                    anchor="start",
                    color=amber,
                    halo=True,
                )
        pts = " ".join(f"{_n(a)},{_n(b)}" for a, b in points)
        self.parts.append(
            f'<polyline points="{pts}" fill="none" stroke="{stroke}" stroke-width="2.4" '
            f'stroke-linejoin="round" stroke-linecap="round"/>'
        )
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            self.layout.segments.append(Segment(ax, ay, bx, by, f"the curve of {what}"))
        for cx, cy in points:
            self.parts.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="2.8" fill="{stroke}"/>')
        if item.label is not None:
            self.text_block([("sm", loc(item.label, self.lang))], x + w / 2, py + ph + 5, inside=(x, y, x + w, y + h))
        self._register(item, x, y, w, h)

    # -- arrows ----------------------------------------------------------------------------
    def anchor(self, ref: str | tuple[float, float]) -> tuple[float, float]:
        if not isinstance(ref, str):
            return float(ref[0]), float(ref[1])
        target, _, side = ref.partition(".")
        if target not in self.boxes:
            raise self.fail(
                f"arrow end {ref!r} names item '{target}', which this layout does not draw; "
                f"hide the arrow too or place the item."
            )
        x, y, w, h = self.boxes[target]
        cx, cy = x + w / 2, y + h / 2
        return {
            "n": (cx, y),
            "s": (cx, y + h),
            "e": (x + w, cy),
            "w": (x, cy),
            "c": (cx, cy),
            "ne": (x + w * 0.75, y),
            "nw": (x + w * 0.25, y),
            "se": (x + w * 0.75, y + h),
            "sw": (x + w * 0.25, y + h),
        }[side]

    def draw_arrow(self, item: Arrow) -> None:
        (x1, y1), (x2, y2) = self.anchor(item.from_), self.anchor(item.to)
        off = item.offset
        x1, y1 = x1 + off[0], y1 + off[1]
        off2 = item.offset_to if item.offset_to is not None else off
        x2, y2 = x2 + off2[0], y2 + off2[1]
        if item.route == "hvh":
            mx = item.mid if item.mid is not None else (x1 + x2) / 2
            pts = [(x1, y1), (mx, y1), (mx, y2), (x2, y2)]
        elif item.route == "vhv":
            my = item.mid if item.mid is not None else (y1 + y2) / 2
            pts = [(x1, y1), (x1, my), (x2, my), (x2, y2)]
        elif item.route == "hv":
            pts = [(x1, y1), (x2, y1), (x2, y2)]
        elif item.route == "vh":
            pts = [(x1, y1), (x1, y2), (x2, y2)]
        else:
            pts = [(x1, y1), (x2, y2)]
        a = style.ARROW
        color = style.TONES[item.tone][1] if item.tone else str(a["stroke"])
        mid = "m" + color.lstrip("#")
        self.markers.add(color)
        dash = f' stroke-dasharray="{a["dash"]}"' if item.dash else ""
        mk = ""
        if item.heads in ("end", "both"):
            mk += f' marker-end="url(#{mid})"'
        if item.heads == "both":
            mk += f' marker-start="url(#{mid})"'
        d = "M" + " L".join(f"{_n(px)},{_n(py)}" for px, py in pts)
        width = item.width if item.width is not None else a["width"]
        self.parts.append(
            f'<path d="{d}" fill="none" stroke="{color}" stroke-width="{width}"{dash}{mk} stroke-linejoin="round"/>'
        )
        what = f"the arrow {_ref(item.from_)} -> {_ref(item.to)}"
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            self.layout.segments.append(Segment(ax, ay, bx, by, what))
        if item.label is not None:
            default_seg = len(pts) // 2 - (1 if len(pts) % 2 == 0 else 0)
            seg = (item.label_seg if item.label_seg is not None else default_seg) % (len(pts) - 1)
            (ax, ay), (bx, by) = pts[seg], pts[min(seg + 1, len(pts) - 1)]
            lx, ly = (ax + bx) / 2, (ay + by) / 2
            dx, dy = item.label_offset
            lines = self.wrap(loc(item.label, self.lang), item.label_w, "sm")
            anchor = {"left": "start", "right": "end"}.get(item.label_align, "middle")
            self.text_block(
                lines, lx + dx, ly + dy - self.block_height(lines) / 2, anchor=anchor, halo=True, color=style.INK
            )

    # -- whole figure ----------------------------------------------------------------------
    def placed_items(self) -> list[Item]:
        """The figure's items, with the narrow layout's places applied when drawing it."""
        narrow = self.fig.narrow
        if self.layout_name == "wide" or narrow is None:
            return [item for item in self.fig.items if item.only != "narrow"]
        out: list[Item] = []
        hidden = set(narrow.hide)
        for item in self.fig.items:
            if item.only == "wide":
                continue
            if item.id in hidden or (isinstance(item, Arrow) and {_ref(item.from_), _ref(item.to)} & hidden):
                continue
            place = narrow.place.get(item.id or "")
            if place is not None:
                changes = {f: getattr(place, f) for f in place.__struct_fields__ if getattr(place, f) is not None}
                if isinstance(item, Table) and "cols" in changes:
                    widths = changes.pop("cols")
                    if len(widths) != len(item.cols):
                        raise self.fail(
                            f"the narrow place of table '{item.id}' gives {len(widths)} column widths "
                            f"for {len(item.cols)} columns."
                        )
                    changes["cols"] = [msgspec.structs.replace(c, w=w) for c, w in zip(item.cols, widths)]
                try:
                    item = msgspec.structs.replace(item, **changes)
                except TypeError as err:
                    raise self.fail(f"the narrow place of '{item.id}' sets a field its kind has not ({err}).") from None
            out.append(item)
        return out

    def svg(self) -> str:
        fig, lang = self.fig, self.lang
        for item in self.placed_items():
            self.draw(item)
        head = style.ARROW["head"]
        defs = "".join(
            f'<marker id="m{c.lstrip("#")}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="{head}" '
            f'markerHeight="{head}" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
            for c in sorted(self.markers)
        )
        title = escape(loc(fig.title, lang))
        desc = escape(" ".join(loc(fig.desc, lang).split()))
        p = style.PANEL
        width, height = int(self.width), max(int(self.height), int(self.min_height + 0.999))
        self.layout.height = height
        return (
            f'<svg xmlns="{SVG_NS}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-labelledby="t d" lang="{lang}">\n'
            f'<title id="t">{title}</title>\n<desc id="d">{desc}</desc>\n'
            f"<defs><style>{style.CSS}</style>{defs}</defs>\n"
            f'<rect x="1" y="1" width="{width - 2}" height="{height - 2}" rx="{style.RADIUS["panel"]}" '
            f'fill="{p["fill"]}" stroke="{p["stroke"]}" stroke-width="1.5"/>\n' + "\n".join(self.parts) + "\n</svg>\n"
        )


def _ref(ref: str | tuple[float, float]) -> str:
    return ref.partition(".")[0] if isinstance(ref, str) else f"[{_n(ref[0])}, {_n(ref[1])}]"


def render(fig: Figure, lang: str, layout: Layoutname = "wide") -> str:
    """The SVG text of one figure in one language and layout."""
    return Canvas(fig, lang, layout).svg()


def drawn(fig: Figure, lang: str, layout: Layoutname = "wide") -> tuple[str, Layout]:
    """The SVG text and the geometry of what it draws."""
    canvas = Canvas(fig, lang, layout)
    return canvas.svg(), canvas.layout


def file_name(name: str, lang: str, layout: Layoutname = "wide") -> str:
    """NAME.svg, NAME.en.svg, NAME.narrow.svg, NAME.narrow.en.svg (static-i18n picks the language by suffix)."""
    stem = name if layout == "wide" else f"{name}.narrow"
    return f"{stem}.svg" if lang == "ja" else f"{stem}.{lang}.svg"


def layouts(fig: Figure) -> tuple[Layoutname, ...]:
    return ("wide", "narrow") if fig.narrow is not None else ("wide",)
