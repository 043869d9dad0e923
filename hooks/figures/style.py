"""The look of every figure, defined once: palette, type sizes, spacing, corner radii, arrow style."""

from __future__ import annotations

from typing import Final

FONT_STACK: Final = (
    '"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic UI","Yu Gothic",Meiryo,'
    '"Segoe UI",system-ui,sans-serif'
)
# type sizes in px, by role; the CSS class of each role is in CLASS_ROLE
SIZE: Final = {"label": 16.5, "note": 14.0, "heading": 15.5, "small": 13.5}
CLASS_ROLE: Final = {"lb": "label", "nb": "note", "nt": "note", "hd": "heading", "sm": "small"}
BOLD_CLASSES: Final = frozenset({"lb", "nb", "hd"})
LINE: Final = 1.3  # line height, in em
PAD: Final = 10  # inner padding of boxes, px
TITLE_GAP: Final = 7  # extra space between a box's title and its first note line, px
BULLET_INDENT: Final = 13  # hanging indent of bullet lists, px
BULLET_GAP: Final = 3  # extra space above each bullet after the first, px
HALO: Final = 2.5  # half the stroke width of a text halo, px
RADIUS: Final = {"panel": 14, "group": 12, "box": 8}
PANEL: Final = {"fill": "#f7f9fc", "stroke": "#d5dbe5"}
INK: Final = "#1c2431"
INK_SOFT: Final = "#4a5568"
ARROW: Final = {"stroke": "#4a5568", "width": 2.0, "dash": "6 5", "head": 9}
# tone -> (fill, stroke, text colour)
TONES: Final = {
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
}
SOLID_TONES: Final = frozenset({"primary", "teal_solid", "amber_solid"})

CSS: Final = (
    f"text{{font-family:{FONT_STACK};fill:{INK}}}"
    f".lb{{font-size:{SIZE['label']}px;font-weight:700}}"
    f".nt{{font-size:{SIZE['note']}px}}"
    f".nb{{font-size:{SIZE['note']}px;font-weight:700}}"
    f".hd{{font-size:{SIZE['heading']}px;font-weight:700;fill:{INK_SOFT}}}"
    f".sm{{font-size:{SIZE['small']}px;fill:{INK_SOFT}}}"
    f".halo{{paint-order:stroke;stroke:{PANEL['fill']};stroke-width:{HALO * 2:g}px;stroke-linejoin:round}}"
)
