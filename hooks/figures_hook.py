"""MkDocs adapter: refuses unsafe SVGs and figures missing a language variant (see hooks/figures.py).

Every ``*.svg`` under ``docs_dir`` must pass :func:`hooks.figures.find_unsafe` (no scripts, event
attributes, foreignObject or external references), and every figure in ``docs/assets/figures/``
must exist as ``NAME.svg`` (ja) and ``NAME.en.svg`` (en). Problems are logged as errors, so
``--strict`` fails the build and names the file.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # repo root: MkDocs loads hooks by path
from hooks import figures  # noqa: E402

log = logging.getLogger("mkdocs.hooks.figures")


def on_pre_build(*, config) -> None:
    # static-i18n runs the whole build once per language: check the sources once, in the default build
    i18n = config.plugins.get("i18n")
    if i18n is not None and not getattr(i18n, "is_default_language_build", True):
        return
    docs_dir = Path(config["docs_dir"])
    try:
        shown = docs_dir.resolve().relative_to(Path(config.config_file_path).resolve().parent).as_posix()
    except (ValueError, TypeError):
        shown = docs_dir.name
    for problem in figures.check_svg_tree(docs_dir, shown_prefix=shown):
        log.error(str(problem))
