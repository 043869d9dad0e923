"""MkDocs adapter for hooks.samples: sample zips as site files, and snippet includes checked per page.

Configuration (mkdocs.yml)::

    extra:
      samples:
        zips: {downloads/first-run.zip: examples/first-run}   # site path: folder (relative to mkdocs.yml)

The zips are added in ``on_files`` (so every language build, hosted or offline, has them and links to
them validate); an include whose file or section is missing is reported with the page's line before
pymdownx.snippets runs. State lives on one ``SamplesBuild`` per build, created in ``on_config`` and
kept on the config object (``config.samples_build``); this module holds no mutable state.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # repo root: MkDocs loads hooks by path
from hooks.samples import bundle, snippets

log = logging.getLogger("mkdocs.hooks.samples")


@dataclass
class SamplesBuild:
    """What one build needs: the project root, the zips to add, and their bytes (made once per build)."""

    root: Path
    zips: dict[str, Path]
    cache: dict[str, bytes] = field(default_factory=dict)

    def zip_bytes(self, site_path: str) -> bytes:
        if site_path not in self.cache:
            self.cache[site_path] = bundle.zip_bytes(self.zips[site_path])
        return self.cache[site_path]


def _state(config) -> SamplesBuild | None:
    return getattr(config, "samples_build", None)


def on_config(config, **_):
    root = Path(config["config_file_path"]).resolve().parent
    raw = ((config.get("extra") or {}).get("samples") or {}).get("zips") or {}
    zips: dict[str, Path] = {}
    for site_path, folder in raw.items():
        path = root / str(folder)
        if not path.is_dir():
            log.error(f"mkdocs.yml: extra.samples.zips['{site_path}'] names folder '{folder}', which does not exist.")
            continue
        zips[str(site_path)] = path
    config.samples_build = SamplesBuild(root, zips)
    return config


@event_priority(-110)  # after static-i18n (-100), which expects every file to have a source path
def on_files(files, *, config):
    from mkdocs.structure.files import File

    state = _state(config)
    if state is None:
        return files
    for site_path in sorted(state.zips):
        if files.get_file_from_path(site_path) is None:
            files.append(File.generated(config, site_path, content=state.zip_bytes(site_path)))
    return files


def on_page_markdown(markdown: str, *, page, config, files) -> str:
    state = _state(config)
    if state is None:
        return markdown
    source = f"{Path(config['docs_dir']).name}/{page.file.src_uri}"
    for problem in snippets.problems(markdown, source=source, base=state.root):
        log.warning(str(problem))
    return markdown
