"""Deterministic zip of a sample folder: sorted entries, fixed timestamps and modes, no caches.

The same folder always gives the same bytes, so a site build is reproducible and the zip can be
compared in tests.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
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
    """The zip of ``folder``; entries sit under ``prefix/`` (the folder's name by default).

    The bytes are those ``zipfile`` writes for these entries (:func:`zipfile_bytes`); small zips are written
    directly, which takes a fraction of the time ``zipfile`` spends per entry.
    """
    prefix = folder.name if prefix is None else prefix
    entries = [
        (f"{prefix}/{path.relative_to(folder).as_posix()}", path.read_bytes(), path.suffix == ".sh")
        for path in members(folder)
    ]
    if len(entries) >= _MAX_ENTRIES or sum(len(data) for _, data, _ in entries) > _MAX_BYTES:
        return zipfile_bytes(entries)
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data, executable in entries:
        try:
            raw, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            raw, flags = name.encode("utf-8"), _UTF8_NAME
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        packed = compressor.compress(data) + compressor.flush()
        fields = (flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, zlib.crc32(data), len(packed), len(data), len(raw))
        local += (struct.pack(_LOCAL_HEADER, b"PK\x03\x04", _VERSION, 0, *fields, 0), raw, packed)
        central += (
            struct.pack(
                _CENTRAL_HEADER,
                b"PK\x01\x02",
                _VERSION,
                _UNIX,
                _VERSION,
                0,
                *fields,
                0,
                0,
                0,
                0,
                _mode(executable),
                offset,
            ),
            raw,
        )
        offset += _LOCAL_SIZE + len(raw) + len(packed)
    directory = b"".join(central)
    end = struct.pack(_END_RECORD, b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join(local) + directory + end


def zipfile_bytes(entries: list[tuple[str, bytes, bool]]) -> bytes:
    """The zip ``zipfile`` writes of (name, bytes, executable) entries, each deflated, at :data:`FIXED_TIME`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data, executable in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = _mode(executable)
            info.create_system = _UNIX  # so the modes are honoured
            zf.writestr(info, data)
    return buffer.getvalue()


def _mode(executable: bool) -> int:
    """The external attributes of a regular file: mode 755 or 644."""
    return ((0o755 if executable else 0o644) | 0o100000) << 16


# what zipfile writes for a deflated entry at FIXED_TIME with no extra field or comment (zip format 2.0, Unix)
_VERSION = 20
_UNIX = 3
_UTF8_NAME = 0x800
_DOS_DATE = (FIXED_TIME[0] - 1980) << 9 | FIXED_TIME[1] << 5 | FIXED_TIME[2]
_DOS_TIME = FIXED_TIME[3] << 11 | FIXED_TIME[4] << 5 | FIXED_TIME[5] // 2
_LOCAL_HEADER = "<4s2B4HL2L2H"
_LOCAL_SIZE = struct.calcsize(_LOCAL_HEADER)
_CENTRAL_HEADER = "<4s4B4HL2L5H2L"
_END_RECORD = "<4s4H2LH"
# beyond these, zipfile may write zip64 records: it writes those zips itself
_MAX_ENTRIES = 0xFFFF
_MAX_BYTES = 1 << 30
