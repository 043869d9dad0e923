"""MkDocs adapter: fails the build when a page does not run our search worker (see hooks/search.py)."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # repo root: MkDocs loads hooks by path
from hooks import search  # noqa: E402

log = logging.getLogger("mkdocs.hooks.search")


def on_post_build(*, config) -> None:
    # static-i18n runs this once per language; the last run sees every language's pages
    for problem in search.find_problems(Path(config["site_dir"])):
        log.error(str(problem))
