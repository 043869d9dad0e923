"""``refresh``: re-read each package's metadata (``pip download --no-deps`` from a package index) into the data file.

The build only reads ``data/python_support.yml`` (no network); ``python -m hooks.python_versions refresh``
rewrites the metadata fields (version, Requires-Python, classifiers, read date) and keeps the hand-written
ones; ``--check`` prints a diff and exits 1 when the index says something else.
"""

from __future__ import annotations

import difflib
import email.parser
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from hooks.core import data as yamldata
from hooks.core.paths import shown_path
from hooks.core.problems import HookError, Problem
from hooks.core.text import decode, read_text
from hooks.python_versions.model import parse_support

DEFAULT_INDEX_URL = "https://pypi.org/simple"
INDEX_ENV = "PYTHON_VERSIONS_INDEX_URL"
CLASSIFIER_RE = re.compile(r"^Programming Language :: Python :: (3\.\d+)$")


@dataclass(frozen=True)
class Metadata:
    name: str
    version: str
    requires_python: str
    classifiers: tuple[str, ...]


def parse_metadata(text: str, *, source: str = "METADATA") -> Metadata:
    """Name, Version, Requires-Python and the 3.X classifiers of a core-metadata file."""
    message = email.parser.Parser().parsestr(text, headersonly=True)
    name, version = message.get("Name"), message.get("Version")
    if not name or not version:
        raise HookError(
            Problem(source, None, "the metadata has no Name or Version header; the file is not core metadata.")
        )
    requires = (message.get("Requires-Python") or "").strip()
    try:
        SpecifierSet(requires)
    except InvalidSpecifier:
        raise HookError(
            Problem(
                source,
                None,
                f"Requires-Python '{requires}' of {name} {version} is not a valid version "
                f"specifier; report it to the package or pin an older version.",
            )
        ) from None
    pythons = [m.group(1) for c in message.get_all("Classifier") or [] if (m := CLASSIFIER_RE.match(c.strip()))]
    return Metadata(
        name=name, version=version, requires_python=requires, classifiers=tuple(sorted(set(pythons), key=Version))
    )


def read_wheel_metadata(wheel: Path) -> Metadata:
    with zipfile.ZipFile(wheel) as archive:
        names = [n for n in archive.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
        if len(names) != 1:
            raise HookError(
                Problem(wheel.name, None, "the wheel has no single *.dist-info/METADATA; the download is not a wheel.")
            )
        source = f"{wheel.name}/{names[0]}"
        return parse_metadata(decode(archive.read(names[0]), label=source), source=source)


# pip settings that could add sources other than --index-url are dropped, so the data says exactly
# where it came from (the lead's machine has extra indexes and find-links configured globally).
_PIP_ENV_KEEP = {"PIP_CERT", "PIP_CLIENT_CERT", "PIP_TRUSTED_HOST", "PIP_DEFAULT_TIMEOUT", "PIP_RETRIES", "PIP_PROXY"}


def pip_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") or k in _PIP_ENV_KEEP}
    env["PIP_CONFIG_FILE"] = os.devnull  # pip then reads no config file at all
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def fetch_metadata(name: str, *, index_url: str, workdir: Path) -> Metadata:
    """Download the newest wheel of ``name`` from ``index_url`` with pip (no deps) and read its metadata."""
    dest = workdir / canonicalize_name(name)
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--ignore-requires-python",
        "--no-cache-dir",
        "--quiet",
        "--index-url",
        index_url,
        "--dest",
        str(dest),
        name,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=pip_env(), timeout=600)
    if proc.returncode != 0:
        detail = " ".join((proc.stderr or proc.stdout).strip().splitlines()[-1:]) or f"exit code {proc.returncode}"
        raise HookError(
            Problem(index_url, None, f"pip download of '{name}' failed ({detail}); check the name and the index URL.")
        )
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise HookError(
            Problem(
                index_url,
                None,
                f"pip download of '{name}' produced {len(wheels)} wheels, not 1; the index must offer a wheel.",
            )
        )
    meta = read_wheel_metadata(wheels[0])
    if canonicalize_name(meta.name) != canonicalize_name(name):
        raise HookError(
            Problem(wheels[0].name, None, f"the metadata names '{meta.name}', not '{name}'; the index is wrong.")
        )
    return meta


def updated_raw(raw: dict[str, Any], fetched: dict[str, Metadata], *, index_url: str, today: str) -> dict[str, Any]:
    """A copy of the raw data tree with each package's metadata fields replaced by what was fetched."""
    out = {"index_url": index_url, "packages": {}, "pythons": raw.get("pythons", {})}
    for key, value in raw.items():
        if key not in out:
            out[key] = value
    for name, entry in raw.get("packages", {}).items():
        meta = fetched[name]
        new = dict(entry)
        new.update(
            version=meta.version, requires_python=meta.requires_python, classifiers=list(meta.classifiers), read=today
        )
        # keep a stable key order: display, metadata, lifecycle, anything else
        order = ["display", "version", "requires_python", "classifiers", "read", "lifecycle"]
        out["packages"][name] = {k: new[k] for k in order if k in new} | {
            k: v for k, v in new.items() if k not in order
        }
    return out


HEADER = """\
# Supported Python versions, rendered by <!-- python-versions: ... --> (hooks/python_versions/).
# packages.*.{version,requires_python,classifiers,read} and index_url are written by
#   make refresh-python-versions   (python -m hooks.python_versions refresh [--index-url URL])
# from each package's own metadata; display names, lifecycle notes and pythons are edited by hand
# and kept by the refresh (comments other than this header are not).
# pythons: released/eol as the release-schedule PEP states them; 'YYYY-MM' where the PEP gives only a month;
# planned: true while a release is scheduled but not confirmed (the table marks the column).
"""


def _plain(text: str, label: str) -> Any:
    doc, _ = yamldata.parse(text, label=label)
    return doc.data if doc is not None else None


def dump_data(raw: dict[str, Any]) -> str:
    """Serialize the raw data tree deterministically (the file the refresh writes)."""
    body = yaml.safe_dump(raw, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096)
    return HEADER + body


def _without_dates(raw: dict[str, Any]) -> dict[str, Any]:
    """The parts --check compares: everything but read dates and the index URL."""
    packages = {
        name: {k: v for k, v in entry.items() if k != "read"} for name, entry in raw.get("packages", {}).items()
    }
    return {k: v for k, v in raw.items() if k not in ("packages", "index_url")} | {"packages": packages}


def refresh(data_path: Path, *, index_url: str, today: str, check: bool, out: TextIO | None = None) -> int:
    """Re-read every package of the data file from ``index_url``; write it, or with ``check`` diff it."""
    out = out or sys.stdout
    shown = shown_path(data_path)
    old_text = read_text(data_path, label=shown)
    data, problems = parse_support(old_text, label=shown)
    doc, _ = yamldata.parse(old_text, label=shown)
    raw: Any = doc.data if doc is not None else None
    packages = raw.get("packages") if isinstance(raw, dict) else None
    if data is None and (not isinstance(packages, dict) or not all(isinstance(e, dict) for e in packages.values())):
        # metadata fields the refresh rewrites may be broken (that is what it repairs); the rest must be sound
        raise HookError(problems[0])
    fetched: dict[str, Metadata] = {}
    with tempfile.TemporaryDirectory(prefix="python-versions-") as tmp:
        for name in raw["packages"]:
            fetched[name] = fetch_metadata(name, index_url=index_url, workdir=Path(tmp))
    new_raw = updated_raw(raw, fetched, index_url=index_url, today=today)
    if check:
        if _without_dates(_plain(dump_data(new_raw), shown)) == _without_dates(raw):
            print(f"{shown} is up to date with {index_url}.", file=out)
            return 0
        # keep the old read dates in the shown diff so it holds only real changes
        for name, entry in new_raw["packages"].items():
            entry["read"] = raw["packages"][name].get("read", entry["read"])
        new_raw["index_url"] = raw.get("index_url", index_url)
        # both sides in the refresh's own layout, so hand formatting never shows up as a change
        diff = difflib.unified_diff(
            dump_data(raw).splitlines(keepends=True),
            dump_data(new_raw).splitlines(keepends=True),
            fromfile=f"{shown} (recorded)",
            tofile=f"{shown} (from {index_url})",
        )
        out.write("".join(diff))
        print(
            f"{shown} is out of date with {index_url}; run 'make refresh-python-versions' and commit the result.",
            file=out,
        )
        return 1
    new_text = dump_data(new_raw)
    _, problems = parse_support(new_text, label=shown)  # the refreshed file must validate (e.g. a new Python)
    if problems:
        raise HookError(problems[0])
    data_path.write_text(new_text, encoding="utf-8")
    for name, meta in fetched.items():
        print(
            f"{name} {meta.version}: Requires-Python '{meta.requires_python}', classifiers "
            f"{', '.join(meta.classifiers) or 'none'}",
            file=out,
        )
    print(f"wrote {shown} (read {today} from {index_url}).", file=out)
    return 0
