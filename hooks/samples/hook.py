"""MkDocs adapter for hooks.samples: sample zips as site files, and snippet includes checked per page.

Configuration (mkdocs.yml)::

    extra:
      samples:
        zips: {downloads/first-run.zip: examples/first-run}   # site path: folder (relative to mkdocs.yml)

The zips are added in ``on_files`` (so every language build, hosted or offline, has them and links to
them validate); an include whose file or section is missing is reported with the page's line before
pymdownx.snippets runs. Build state lives on one `SamplesHook`, reset in ``on_config``; the zips'
bytes are made once per build of all languages.
"""

from __future__ import annotations

import sys, pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # repo root (MkDocs loads hooks by path)

from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

from hooks.core.paths import project_dir, source_label
from hooks.core.phase import phase
from hooks.core.problems import Problem, Reporter
from hooks.markers.page import front_matter_lines
from hooks.samples import bundle, snippets


class SamplesHook:
    """Build state: the project folder, the zips to add (site path -> folder) and their bytes, what includes
    found out about their files."""

    def __init__(self) -> None:
        self.reporter = Reporter("samples")
        self.root = Path.cwd()
        self.zips: dict[str, Path] = {}
        self.zip_cache: dict[str, bytes] = {}
        self.targets = snippets.Targets()

    def on_config(self, config: Any) -> Any:
        build = phase(config)
        self.root = project_dir(config)
        if build.first:
            self.zip_cache, self.targets = {}, snippets.Targets()
        raw = ((config.get("extra") or {}).get("samples") or {}).get("zips") or {}
        self.zips = {}
        for site_path, folder in raw.items():
            path = self.root / str(folder)
            if path.is_dir():
                self.zips[str(site_path)] = path
            elif build.first:  # said once, not once per language
                self.reporter.add(
                    Problem(
                        "mkdocs.yml",
                        None,
                        f"extra.samples.zips['{site_path}'] names folder '{folder}', which does not exist.",
                    )
                )
        self.reporter.flush()
        return config

    def zip_bytes(self, site_path: str) -> bytes:
        if site_path not in self.zip_cache:
            self.zip_cache[site_path] = bundle.zip_bytes(self.zips[site_path])
        return self.zip_cache[site_path]

    @event_priority(-110)  # after static-i18n (-100), which expects every file to have a source path
    def on_files(self, files: Any, *, config: Any) -> Any:
        from mkdocs.structure.files import File

        for site_path in sorted(self.zips):
            if files.get_file_from_path(site_path) is None:
                files.append(File.generated(config, site_path, content=self.zip_bytes(site_path)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        if snippets.HINT in markdown:
            found = snippets.problems(markdown, source="", base=self.root, targets=self.targets)
            if found:
                label = source_label(config, page.file.src_uri)
                offset = _front_matter(page.file)  # MkDocs hands the Markdown after the front matter
                self.reporter.extend(
                    Problem(label, p.line + offset if p.line else p.line, p.message, level=p.level) for p in found
                )
                self.reporter.flush()
                # pymdownx.snippets would stop the build (with a traceback) on these includes: shown as written
                markdown = snippets.escape(markdown, {p.line for p in found if p.line})
        return markdown

    def on_post_build(self, *, config: Any) -> None:
        self.reporter.flush()


def _front_matter(file: Any) -> int:
    """Lines of front matter in the page's source (0 when it cannot be read: MkDocs reports that itself)."""
    try:
        return front_matter_lines(file.content_string)
    except (OSError, UnicodeDecodeError):
        return 0


_hook = SamplesHook()
on_config = _hook.on_config
on_files = _hook.on_files
on_page_markdown = _hook.on_page_markdown
on_post_build = _hook.on_post_build
