"""MkDocs adapter: registers the ``python-versions`` marker (see hooks/python_versions.py).

Listed above hooks/markers_hook.py so the marker name is registered before markers are expanded.
Owns nothing else: the table comes from data/python_support.yml, loaded once per build.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # repo root: MkDocs loads hooks by path
from hooks import python_versions  # noqa: E402  (importing registers the marker)


def on_config(config, **kwargs):
    # the data file of the project being built (a fixture site has its own); drops the cached load
    python_versions.configure(project_dir=Path(config.config_file_path).resolve().parent)
    return config


def on_serve(server, *, config, builder):
    server.watch(str(python_versions.data_file()))
    return server
