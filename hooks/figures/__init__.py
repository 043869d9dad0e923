"""Figures: drawn from ``data/figures.yml`` into SVG, and the safety rule every SVG under ``docs/`` obeys.

- ``model``: the typed figure descriptions and their checks;
- ``fit``: text measured with Noto Sans CJK JP's advance widths, phrase wrapping (BudouX), kinsoku;
- ``draw``: one figure in one language and layout (wide or narrow) as SVG, with the geometry of
  every text, border and line it drew (``layout``: the overlap rules checked on that geometry);
- ``safety``: what an SVG may not contain, with a content-hash cache;
- ``files``: the committed files (``build``/``check``); ``__main__``: the CLI; ``hook.py``: the MkDocs adapter.
"""
