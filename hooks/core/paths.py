"""Path labels shown in messages: repo-relative posix paths such as 'docs/concepts/compute.md'."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def shown_path(path: Path | str, base: Path | None = None) -> str:
    """``path`` relative to ``base`` (default: the current directory) as posix, else the absolute path."""
    resolved = Path(os.path.abspath(path))
    root = Path(os.path.abspath(base if base is not None else Path.cwd()))
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return resolved.as_posix()


def not_a_site(site_dir: Path | str, build: str = "make build") -> str | None:
    """The sentence the command-line checks print before they read a site when ``site_dir`` is not a built one
    (it does not exist, is a file, or holds no HTML page: a check of no page would pass); None when it is.

    ``build`` is the command that builds it, named in the sentence.
    """
    folder = Path(site_dir)
    if not folder.exists():
        reason = "does not exist"
    elif not folder.is_dir():
        reason = "is a file, not a folder"
    elif next(folder.rglob("*.html"), None) is None:
        reason = "holds no HTML page"
    else:
        return None
    return f"{shown_path(folder)}: {reason}; build the site first ({build})."


def project_dir(config: Any) -> Path:
    """The folder of mkdocs.yml (the current directory when the config was not read from a file)."""
    config_file = config.get("config_file_path") if hasattr(config, "get") else None
    return Path(os.path.abspath(config_file)).parent if config_file else Path.cwd()


def source_label(config: Any, src_uri: str) -> str:
    """The label of a page source: 'docs/' + src_uri, with docs_dir named relative to the project."""
    docs_dir = Path(os.path.abspath(config["docs_dir"]))
    return f"{shown_path(docs_dir, project_dir(config))}/{src_uri}"
