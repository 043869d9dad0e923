"""MkDocs adapter for the offline bundle (hooks/offline/, whose docstring explains the mechanism).

Active only in an offline build (Material's offline plugin enabled, ``OFFLINE=true``; ``core.phase`` says
so): points ``extra.polyfills`` at our own copy of the iframe-worker shim before the offline plugin would
add the CDN one, tells templates (``config.extra.offline_bundle``), adds the shim and its license to the
site's files, and reports every resource a page or asset would load from the network, naming the ``.md``
source of a page (and the line where the URL is written) or the asset's source file.
"""

from __future__ import annotations

import sys, pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # repo root (MkDocs loads hooks by path)

from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from hooks.core.paths import project_dir, shown_path, source_label
from hooks.core.phase import phase
from hooks.core.problems import HookError, Problem, Reporter
from hooks.offline.shim import ROOT, SHIM_DEST, SHIM_SOURCE, shim_contents


class OfflineHook:
    """Build state: whether this is an offline build, the shim's files (read once), the files to check."""

    def __init__(self) -> None:
        self.reporter = Reporter("offline")
        self.enabled = False
        self.resources: Any = None  # hooks.offline.resources, imported by the first offline build
        self.shim: dict[str, bytes] | None = None
        self.files: Files | None = None
        self.assets_checked: set[str] = set()  # source files already scanned in this (all-language) build

    @event_priority(100)  # before the offline plugin's on_config, which adds the unpkg shim unless ours is listed
    def on_config(self, config: Any) -> Any:
        build = phase(config)
        if build.first:
            self.shim = None
            self.assets_checked = set()
        self.enabled = build.offline
        config.extra["offline_bundle"] = self.enabled
        if self.enabled:
            if self.resources is None:
                from hooks.offline import resources  # its HTML readers are needed by offline builds only

                self.resources = resources
            polyfills = config.extra.setdefault("polyfills", [])
            if SHIM_DEST not in polyfills:
                polyfills.append(SHIM_DEST)
        return config

    @event_priority(-200)  # after static-i18n sorted the files of the language being built
    def on_files(self, files: Files, *, config: Any) -> Files:
        self.files = files
        if not self.enabled:
            return files
        if self.shim is None:
            project = project_dir(config)
            root = project if (project / SHIM_SOURCE).is_file() else ROOT
            try:
                self.shim = shim_contents(root)
            except HookError as err:
                self.reporter.add(err.problem)
                self.shim = {}
        for rel, data in self.shim.items():
            if files.get_file_from_path(rel) is None:
                files.append(File.generated(config, rel, content=data))
        return files

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        if self.enabled:
            found = self.resources.scan(page.file.dest_uri, output)
            if found:
                label = source_label(config, page.file.src_uri)
                source = page.file.content_string if page.file.abs_src_path else ""
                self.reporter.extend(Problem(label, _line_in(source, f.url), f.message) for f in found)
        return output

    def on_post_build(self, *, config: Any) -> None:
        if self.enabled and self.files is not None:
            resources = self.resources
            for file in self.files:
                if file.is_documentation_page() or Path(file.dest_uri).suffix.lower() not in resources.SCANNED:
                    continue
                key = file.abs_src_path or file.dest_uri
                trusted = resources.MATERIAL_SCRIPTS.match(file.dest_uri) or resources.MATERIAL_LUNR.match(
                    file.dest_uri
                )
                if key in self.assets_checked or trusted:
                    continue  # each language build copies the same theme assets; Material's own bundles are trusted
                self.assets_checked.add(key)
                try:
                    text = file.content_string
                except (OSError, UnicodeDecodeError):
                    continue  # not text: nothing a browser would read URLs from
                found = resources.scan(file.dest_uri, text)
                if found:
                    label = _file_label(config, file)
                    self.reporter.extend(Problem(label, f.line, f.message) for f in found)
        self.reporter.flush()


def _line_in(source: str, url: str) -> int | None:
    """The 1-based line of the first ``url`` in the page's Markdown; None when the theme or a hook added it."""
    index = source.find(url)
    return source.count("\n", 0, index) + 1 if index >= 0 else None


def _file_label(config: Any, file: File) -> str:
    if file.abs_src_path is None:
        return file.src_uri  # generated (the shim)
    if Path(file.abs_src_path).resolve().is_relative_to(Path(config["docs_dir"]).resolve()):
        return source_label(config, file.src_uri)
    return shown_path(file.abs_src_path, project_dir(config))  # a theme file (overrides/ or the theme's own)


_hook = OfflineHook()
on_config = _hook.on_config
on_files = _hook.on_files
on_post_page = _hook.on_post_page
on_post_build = _hook.on_post_build
