"""The iframe-worker shim that lets Material's search run from ``file://`` (see the package docstring, 1.)."""

from __future__ import annotations

import json
from pathlib import Path

from hooks.core.problems import HookError, Problem
from hooks.core.text import read_text

ROOT = Path(__file__).resolve().parents[2]
SHIM_PACKAGE = "iframe-worker"
SHIM_SOURCE = Path("node_modules") / SHIM_PACKAGE / "shim" / "index.js"
SHIM_DEST = "assets/vendor/iframe-worker/shim.js"  # site-relative; contains "iframe-worker" (see 1.)


def shim_files(root: Path = ROOT) -> tuple[Path, Path, str]:
    """Return (shim script, LICENSE file, version) of the installed iframe-worker package."""
    package_dir = root / SHIM_SOURCE.parents[1]
    script, license_file, manifest = root / SHIM_SOURCE, package_dir / "LICENSE", package_dir / "package.json"
    for path in (script, license_file, manifest):
        if not path.is_file():
            raise HookError(
                Problem(
                    path.relative_to(root).as_posix(),
                    None,
                    f"file is missing; run 'npm ci' in {root} "
                    f"(the npm package '{SHIM_PACKAGE}' provides the search worker shim for file://).",
                )
            )
    label = manifest.relative_to(root).as_posix()
    try:
        meta = json.loads(read_text(manifest, label=label))
    except json.JSONDecodeError as err:
        raise HookError(Problem(label, err.lineno, f"is not JSON ({err.msg}); run 'npm ci' again.")) from None
    if not isinstance(meta, dict):
        raise HookError(Problem(label, None, "is not a package manifest (a JSON object); run 'npm ci' again."))
    if meta.get("license") != "MIT":
        raise HookError(
            Problem(
                manifest.relative_to(root).as_posix(),
                None,
                f"license '{meta.get('license')}' is not "
                "the MIT license this bundle's notice was written for; check the new license before "
                "shipping it.",
            )
        )
    return script, license_file, str(meta.get("version", "?"))


def shim_contents(root: Path = ROOT) -> dict[str, bytes]:
    """{site-relative path: bytes} of the iframe-worker shim (with an MIT notice header) and its LICENSE."""
    script, license_file, version = shim_files(root)
    header = (
        f"/*! iframe-worker {version} | MIT License | (c) Martin Donath | "
        f"https://github.com/squidfunk/iframe-worker | full text: ./LICENSE */\n"
    )
    license_dest = SHIM_DEST.rsplit("/", 1)[0] + "/LICENSE"
    text = read_text(script, label=script.relative_to(root).as_posix())
    return {SHIM_DEST: (header + text).encode("utf-8"), license_dest: license_file.read_bytes()}


def vendor_shim(site_dir: Path, root: Path = ROOT) -> list[Path]:
    """Write the shim and its LICENSE into ``site_dir`` (for a site built without the hook); return them."""
    written = []
    for rel, data in shim_contents(root).items():
        dest = site_dir / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        written.append(dest)
    return written
