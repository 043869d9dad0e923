"""MkDocs adapter: expands generated-content markers on every page (see hooks/markers.py).

Listed last under ``hooks:`` so that every generator hook has registered its marker name.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # repo root: MkDocs loads hooks by path
from hooks import markers  # noqa: E402

log = logging.getLogger("mkdocs.hooks.markers")


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    src_path = str(Path(config["docs_dir"]).name + "/" + page.file.src_uri)
    ctx = markers.RenderContext(lang=getattr(page.file, "locale", None) or "ja", src_uri=page.file.src_uri)
    try:
        return markers.expand(markdown, src_path=src_path, ctx=ctx)
    except markers.MarkerError as err:
        log.error(str(err))
        return markdown
