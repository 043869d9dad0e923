"""Deterministic zip of a sample folder: sorted entries, fixed timestamps and modes, no caches.

The same folder always gives the same bytes, so a site build is reproducible and the zip can be
compared in tests.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

# 1980-01-01 is the earliest time a zip entry can hold
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", "mlruns"}
SKIP_SUFFIXES = {".pyc", ".pyo"}


def members(folder: Path) -> list[Path]:
    """Files of ``folder`` that go into its zip, sorted by their POSIX path."""
    files = [
        p
        for p in folder.rglob("*")
        if p.is_file() and not SKIP_DIRS.intersection(p.relative_to(folder).parts) and p.suffix not in SKIP_SUFFIXES
    ]
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def zip_bytes(folder: Path, *, prefix: str | None = None) -> bytes:
    """The zip of ``folder``; entries sit under ``prefix/`` (the folder's name by default)."""
    prefix = folder.name if prefix is None else prefix
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in members(folder):
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            executable = path.suffix == ".sh"
            info.external_attr = ((0o755 if executable else 0o644) | 0o100000) << 16
            info.create_system = 3  # Unix, so the modes above are honoured
            zf.writestr(info, path.read_bytes())
    return buffer.getvalue()
