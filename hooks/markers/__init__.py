"""Generated-content markers ``<!-- name: args -->`` and term links ``[[id]]``, as one Python-Markdown extension.

- ``extension``: :class:`MarkersExtension` (block processor for markers, term links read by the
  inline link pattern it replaces, both blind to every kind of code), :func:`install` (the build's one instance), :func:`fail`,
  :class:`Blocks` (what a renderer may return instead of Markdown: its raw HTML blocks stashed as they are);
- ``hook.py``: the MkDocs adapter that installs the extension, tells it which page is converted and
  reports what it found.

Generators (the glossary, the Python-version tables) pass their renderers to
``install(config).add({...})`` from their own hooks, in any order.
"""

from hooks.markers.extension import (
    Blocks,
    Marker,
    MarkersExtension,
    PageContext,
    RenderContext,
    Renderer,
    TermLinks,
    fail,
    install,
)

__all__ = [
    "Blocks",
    "Marker",
    "MarkersExtension",
    "PageContext",
    "RenderContext",
    "Renderer",
    "TermLinks",
    "fail",
    "install",
]
