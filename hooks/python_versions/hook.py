"""MkDocs adapter for the ``<!-- python-versions: pkg ... -->`` marker (hooks/python_versions/).

Loads data/python_support.yml of the project once per build (all languages), reports its problems once,
and gives the markers extension (hooks/markers/) its renderer explicitly, so the order of ``hooks:`` in
mkdocs.yml does not matter. With a broken data file the markers render nothing more: the file's own
problem is the one reported.
"""

from __future__ import annotations

import sys, pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # repo root (MkDocs loads hooks by path)

from typing import Any

from hooks.core.paths import project_dir
from hooks.core.phase import phase
from hooks.core.problems import Problem, Reporter
from hooks.markers import Blocks, Marker, RenderContext, fail, install
from hooks.python_versions.model import DATA_REL, PACKAGE_NAME_RE, SupportData, load_support
from hooks.python_versions.table import LABELS, build_rows, render_table

MARKER_NAME = "python-versions"


class PythonVersionsHook:
    """Build state: the data file's path and its loaded model (None when it has problems)."""

    def __init__(self) -> None:
        self.reporter = Reporter("python_versions")
        self.data_file = pathlib.Path(DATA_REL)
        self.data: SupportData | None = None
        self.tables: dict[tuple[tuple[str, ...], str], Blocks] = {}  # (packages, language) -> the table, for this data

    def on_config(self, config: Any) -> Any:
        build = phase(config)
        if build.first:
            self.data_file = project_dir(config) / DATA_REL
            self.data, problems = load_support(self.data_file, label=DATA_REL, languages=build.languages)
            self.tables = {}
            self.reporter.extend(problems)
            for lang in build.languages:
                if lang not in LABELS:
                    self.reporter.add(
                        Problem(
                            "hooks/python_versions/table.py",
                            None,
                            f"the table has no labels for "
                            f"language '{lang}' (it shows English); add '{lang}' to LABELS.",
                        )
                    )
            self.reporter.flush()
        install(config).add({MARKER_NAME: self.render})
        return config

    def render(self, marker: Marker, ctx: RenderContext) -> str | Blocks:
        """``<!-- python-versions: azure-ai-ml azureml-core -->``: the table of those packages in the page's language."""
        if not marker.args:
            raise fail(
                marker, "names no package; list the packages, e.g. '<!-- python-versions: azure-ai-ml azureml-core -->'"
            )
        seen: set[str] = set()
        for arg in marker.args:
            if not PACKAGE_NAME_RE.match(arg):
                raise fail(marker, f"argument '{arg}' is not a package name; separate package names with spaces only")
            if arg in seen:
                raise fail(marker, f"package '{arg}' is listed twice; list it once")
            seen.add(arg)
        if self.data is None:
            return ""  # the data file's problems were reported once, in on_config
        for arg in marker.args:
            if arg not in self.data.packages:
                known = ", ".join(f"'{name}'" for name in self.data.packages)
                raise fail(
                    marker,
                    f"package '{arg}' is not in {DATA_REL} (known: {known}); add it there and run "
                    f"'make refresh-python-versions'",
                )
        lang = ctx.lang if ctx.lang in LABELS else "en"
        key = (marker.args, lang)
        if key not in self.tables:
            rows = build_rows(self.data, marker.args)
            table = render_table(rows, lang, pythons=self.data.pythons, index_url=self.data.index_url)
            self.tables[key] = Blocks.split(table)  # its HTML table is one raw block
        return self.tables[key]

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        server.watch(str(self.data_file))
        return server


_hook = PythonVersionsHook()
on_config = _hook.on_config
on_serve = _hook.on_serve
