"""Overlap rules, checked on the geometry the generator records while drawing (:class:`draw.Layout`).

- no text line (its halo included) crosses or touches a border or a line: it keeps
  :data:`CLEARANCE` px from every segment, its own arrow included;
- text lines of different blocks keep :data:`CLEARANCE` px apart; within a block, a title keeps
  :data:`TITLE_CLEARANCE` px from the line under it;
- a text that belongs in a box stays inside it, and every text stays inside the figure;
- a box holding a bullet list is not mostly empty: its text fills at least
  :data:`MIN_FILL` of its height.
"""

from __future__ import annotations

from hooks.figures.draw import Layout, Rect, Segment, TextBox
from hooks.figures.style import BOLD_CLASSES

CLEARANCE = 2.0  # px between a text's ink box and any line or other text
TITLE_CLEARANCE = 4.0  # px between a title line and the first line under it
MIN_FILL = 0.6  # share of a bulleted box's height its text must fill
MIN_EMPTY_PX = 60.0  # an empty stretch smaller than this is never "large"


def _grow(rect: Rect, by: float) -> Rect:
    return rect[0] - by, rect[1] - by, rect[2] + by, rect[3] + by


def _meets(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(rect: Rect, seg: Segment) -> bool:
    """Whether the segment passes through the rectangle (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = rect
    dx, dy = seg.x1 - seg.x0, seg.y1 - seg.y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, seg.x0 - x0), (dx, x1 - seg.x0), (-dy, seg.y0 - y0), (dy, y1 - seg.y0)):
        if p == 0:
            if q <= 0:
                return False
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 >= t1:
                return False
    return True


def _label(text: TextBox) -> str:
    return repr(text.text.strip())


def overlaps(geometry: Layout) -> list[str]:
    """Every broken rule, one sentence each."""
    found: list[str] = []
    texts = [t for t in geometry.texts if t.text.strip()]
    for text in texts:
        near = _grow(text.rect, CLEARANCE)
        for seg in geometry.segments:
            if _crosses(near, seg):
                found.append(
                    f"text {_label(text)} {'(with its halo) ' if text.halo else ''}crosses or touches "
                    f"{seg.what}; move the text or the line."
                )
                break
        area = text.inside or (0.0, 0.0, geometry.width, geometry.height)
        x0, y0, x1, y1 = text.rect
        if x0 < area[0] - 0.5 or y0 < area[1] - 0.5 or x1 > area[2] + 0.5 or y1 > area[3] + 0.5:
            place = "its box" if text.inside else "the figure"
            found.append(f"text {_label(text)} runs outside {place}; make the box larger or the text shorter.")
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if a.block == b.block:
                continue
            if _meets(_grow(a.rect, CLEARANCE / 2), _grow(b.rect, CLEARANCE / 2)):
                found.append(f"text {_label(a)} overlaps text {_label(b)}; move one of them.")
    by_block: dict[int, list[TextBox]] = {}
    for text in texts:
        by_block.setdefault(text.block, []).append(text)
    for lines in by_block.values():
        for above, below in zip(lines, lines[1:]):
            if (
                above.role in BOLD_CLASSES
                and below.role not in BOLD_CLASSES
                and below.rect[1] - above.rect[3] < TITLE_CLEARANCE
            ):
                found.append(
                    f"title {_label(above)} touches the line under it {_label(below)}; leave "
                    f"{TITLE_CLEARANCE:g} px between them."
                )
    for box, text_h, what in geometry.boxes:
        inner = box[3] - box[1]
        if (
            text_h
            and any(t.text == "•" and t.inside and _meets(t.rect, box) for t in texts)
            and inner - text_h > MIN_EMPTY_PX
            and text_h / inner < MIN_FILL
        ):
            found.append(
                f"{what} is mostly empty: its text fills {text_h / inner:.0%} of its {inner:.0f} px height; "
                f"make the box smaller."
            )
    return found
