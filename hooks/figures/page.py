"""Figures on pages: a figure ``<img>`` becomes a ``<picture>`` that serves phones the narrow layout.

Pages show figures as Markdown images (``![alt](../assets/figures/NAME.svg)``). When
``NAME.narrow.svg`` exists, the ``<img>`` is wrapped so that screens up to :data:`NARROW_MEDIA`
load the narrow layout; static-i18n serves each language its own file under the same name, and
the relative URL works from ``file://`` too. The lightbox link around the image keeps the wide
figure.
"""

from __future__ import annotations

import re
from pathlib import Path

NARROW_MEDIA = "(max-width: 640px)"  # below this the wide figures' smallest text drops under 10 px
FIGURES_DIR = "assets/figures"
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_SRC = re.compile(r"""\ssrc=(["'])((?:[^"']*/)?assets/figures/([a-z][a-z0-9-]*)\.svg)\1""", re.I)


def narrow_figures(docs_dir: Path) -> set[str]:
    """Names of the figures that have a narrow layout."""
    folder = docs_dir / FIGURES_DIR
    if not folder.is_dir():
        return set()
    return {p.name[: -len(".narrow.svg")] for p in folder.glob("*.narrow.svg")}


def with_narrow(html: str, narrow: set[str]) -> str:
    """``html`` with each figure image that has a narrow layout wrapped in a ``<picture>``."""
    if not narrow or "assets/figures/" not in html:
        return html

    def wrap(match: re.Match[str]) -> str:
        img = match.group(0)
        src = _SRC.search(img)
        if src is None or src.group(3) not in narrow:
            return img
        url = src.group(2)[: -len(".svg")] + ".narrow.svg"
        return f'<picture><source media="{NARROW_MEDIA}" srcset="{url}" type="image/svg+xml">{img}</picture>'

    return _IMG.sub(wrap, html)
