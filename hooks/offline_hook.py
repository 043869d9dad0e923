"""MkDocs adapter for the offline bundle (see hooks/offline.py for the mechanism).

Active only when Material's offline plugin is enabled (``OFFLINE=true``): points ``extra.polyfills``
at our own copy of the iframe-worker shim before the offline plugin would add the CDN one, marks the
build as offline for templates and hooks/seo_hook.py (``config.extra.offline_bundle``), and adds the
shim and its license to the site's files.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # repo root: MkDocs loads hooks by path
from hooks import offline  # noqa: E402

log = logging.getLogger("mkdocs.hooks.offline")


def _offline_enabled(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


@event_priority(100)  # before the offline plugin's on_config, which adds the unpkg shim unless ours is listed
def on_config(config):
    enabled = _offline_enabled(config)
    config.extra["offline_bundle"] = enabled
    if enabled:
        polyfills = config.extra.setdefault("polyfills", [])
        if offline.SHIM_DEST not in polyfills:
            polyfills.append(offline.SHIM_DEST)
    return config


@event_priority(-200)  # after static-i18n sorted the files of the language being built
def on_files(files, *, config):
    if not _offline_enabled(config):
        return files
    project_dir = Path(config["config_file_path"]).parent
    root = project_dir if (project_dir / offline.SHIM_SOURCE).is_file() else offline.ROOT
    try:
        contents = offline.shim_contents(root)
    except offline.OfflineError as err:
        log.error(str(err))
        return files
    for rel, data in contents.items():
        if files.get_file_from_path(rel) is None:
            files.append(File.generated(config, rel, content=data))
    return files
