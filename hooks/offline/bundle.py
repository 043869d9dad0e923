"""The zip of the offline bundle (see the package docstring, 3.), and the whole ``make offline``."""

from __future__ import annotations

import datetime as _dt
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Mapping
from pathlib import Path

from hooks.core.paths import shown_path
from hooks.core.problems import HookError, Problem
from hooks.offline.resources import find_remote_resources
from hooks.offline.shim import ROOT, SHIM_DEST

BUNDLE_NAME = "azure-ml-intro-offline"
OFFLINE_ENV = "OFFLINE"  # mkdocs.yml: plugins: - offline: enabled: !ENV [OFFLINE, false]


class BundleError(HookError):
    """The built site loads resources from the network; ``problems`` lists every one (``problem`` is the first)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0])
        self.problems = problems


def bundle_version(root: Path = ROOT, env: Mapping[str, str] | None = None) -> str:
    """The version in the zip's name: $OFFLINE_VERSION, else `git describe`, else today's UTC date."""
    environ: Mapping[str, str] = os.environ if env is None else env
    if environ.get("OFFLINE_VERSION"):
        version = environ["OFFLINE_VERSION"]
    else:
        try:
            version = subprocess.run(
                ["git", "describe", "--tags", "--always", "--dirty"],
                cwd=root,
                check=True,
                capture_output=True,
                text=True,
                timeout=30,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            version = ""
        version = version or _dt.datetime.now(_dt.UTC).strftime("%Y%m%d")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._+-]*", version):
        source = "OFFLINE_VERSION" if environ.get("OFFLINE_VERSION") else "git describe"
        raise HookError(
            Problem(
                source,
                None,
                f"bundle version '{version}' is not usable in a file name; set "
                f"OFFLINE_VERSION to letters, digits, '.', '_', '+' or '-'.",
            )
        )
    return version


def make_zip(site_dir: Path, dist_dir: Path, version: str) -> Path:
    """Zip ``site_dir`` as one folder ``azure-ml-intro-offline-<version>/``; return the zip's path."""
    if not (site_dir / "index.html").is_file():
        raise HookError(Problem(f"{site_dir}/index.html", None, "file is missing; build the offline site first."))
    folder = f"{BUNDLE_NAME}-{version}"
    dist_dir.mkdir(parents=True, exist_ok=True)
    target = dist_dir / f"{folder}.zip"
    tmp = target.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(site_dir).as_posix()
            if rel.endswith(".gz"):  # sitemap.xml.gz: of no use offline
                continue
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=(1980, 1, 1, 0, 0, 0))  # reproducible
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    tmp.replace(target)
    return target


def build_site(site_dir: Path, root: Path = ROOT, config: str = "mkdocs.yml") -> None:
    """Run the strict MkDocs build with the offline plugin enabled (OFFLINE=true) into ``site_dir``."""
    env = {
        **os.environ,
        OFFLINE_ENV: "true",
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
    }
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--clean",
        "-f",
        str(root / config),
        "-d",
        str(site_dir),
    ]
    proc = subprocess.run(cmd, cwd=root, env=env, text=True, capture_output=True)
    sys.stderr.write(proc.stdout + proc.stderr)
    if proc.returncode:
        raise HookError(
            Problem(
                shown_path(root / config),
                None,
                f"the offline build failed (exit {proc.returncode}); see the log above.",
            )
        )


def bundle(
    *, site_dir: Path, dist_dir: Path, root: Path = ROOT, version: str | None = None, build: bool = True
) -> Path:
    """The whole `make offline`: build, check for remote resources, zip. Returns the zip's path.

    Raises :class:`BundleError` with every remote resource the built site would load, HookError for
    anything else that stops it.
    """
    if build:
        build_site(site_dir, root)
    if not (site_dir / SHIM_DEST).is_file() or not (site_dir / "search" / "search_index.js").is_file():
        raise HookError(
            Problem(
                str(site_dir),
                None,
                f"'{SHIM_DEST}' or 'search/search_index.js' is missing; build "
                f"with {OFFLINE_ENV}=true so the offline plugin and "
                f"hooks/offline/hook.py run.",
            )
        )
    # the strict offline build reported remote resources at their .md lines already; a site built elsewhere is checked here
    problems = [] if build else find_remote_resources(site_dir)
    if problems:
        raise BundleError(problems)
    return make_zip(site_dir, dist_dir, version or bundle_version(root))
