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

import functools

from hooks.core.cache import ServeMemo, source_version, store_path
from hooks.core.paths import project_dir
from hooks.core.phase import phase
from hooks.core.problems import HookError, Problem, Reporter
from hooks.core.text import read_text
from hooks.markers import Blocks, Marker, RenderContext, fail, install
from hooks.python_versions.model import DATA_REL, PACKAGE_NAME_RE, SupportData, load_support, parse_support
from hooks.python_versions.table import LABELS, build_rows, render_table

MARKER_NAME = "python-versions"


class PythonVersionsHook:
    """Build state: the data file's path and its loaded model (None when it has problems)."""

    def __init__(self) -> None:
        self.reporter = Reporter("python_versions")
        self.data_file = pathlib.Path(DATA_REL)
        self.data: SupportData | None = None
        self.tables: dict[tuple[tuple[str, ...], str], Blocks] = {}  # (packages, language) -> the table, for this data
        self.text = ""  # the data file's text
        # by the data file's text: the data and its problems, and each table; across serve rebuilds, and in
        # .cache/hooks between builds
        self.data_memo: ServeMemo[tuple[SupportData | None, list[Problem]]] = ServeMemo()
        self.table_memo: ServeMemo[Blocks] = ServeMemo()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.data_memo.start(command)
        self.table_memo.start(command)

    def on_config(self, config: Any) -> Any:
        build = phase(config)
        if build.first:
            self.data_file = project_dir(config) / DATA_REL
            self.data, problems = self._load(project_dir(config), build.languages)
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

    def _load(self, base: pathlib.Path, languages: tuple[str, ...]) -> tuple[SupportData | None, list[Problem]]:
        """The data and its problems; read and checked again only when the file's text changed."""
        try:
            self.text = read_text(self.data_file, label=DATA_REL)
        except HookError:
            return load_support(self.data_file, label=DATA_REL, languages=languages)  # which words the problem
        version = _version()
        self.data_memo.use_store(store_path(base, "python-versions-data"), f"{version} {' '.join(languages)}")
        loaded = self.data_memo.get(self.text, functools.partial(parse_support, label=DATA_REL, languages=languages))
        self.data_memo.trim()  # only the current text is worth keeping
        self.table_memo.use_store(store_path(base, "python-versions-tables"), version)
        return loaded

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
            data = self.data

            def table(_: str) -> Blocks:
                rows = build_rows(data, marker.args)
                html = render_table(rows, lang, pythons=data.pythons, index_url=data.index_url)
                return Blocks.split(html)  # its HTML table is one raw block

            self.tables[key] = self.table_memo.get(f"{self.text}\0{' '.join(marker.args)}\0{lang}", table)
        return self.tables[key]

    def on_post_build(self, *, config: Any) -> None:
        if phase(config).last:  # every language's tables are built: forget those of pages edited away
            self.table_memo.trim()

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        server.watch(str(self.data_file))
        return server


@functools.cache
def _version() -> str:
    """The version of what the data and the tables are computed by: this package's and the data reader's sources."""
    hooks = pathlib.Path(__file__).resolve().parents[1]
    files = [
        *sorted((hooks / "python_versions").glob("*.py")),
        *(hooks / "core" / n for n in ("data.py", "problems.py")),
    ]
    return source_version(*files)


_hook = PythonVersionsHook()
on_startup = _hook.on_startup
on_config = _hook.on_config
on_post_build = _hook.on_post_build
on_serve = _hook.on_serve
