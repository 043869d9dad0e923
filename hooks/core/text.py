"""Text files decoded in one place: UTF-8 (a BOM is dropped), newlines as ``\\n``, errors naming file and byte."""

from __future__ import annotations

from pathlib import Path

from hooks.core.paths import shown_path
from hooks.core.problems import HookError, Problem

BOM = b"\xef\xbb\xbf"


def decode(data: bytes, *, label: str) -> str:
    """``data`` as text; a byte that is not UTF-8 raises HookError naming ``label``, the byte, its offset and line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # err.start counts from after the BOM that utf-8-sig removed
        offset = err.start + (len(BOM) if data.startswith(BOM) else 0)
        line = data.count(b"\n", 0, offset) + 1
        raise HookError(
            Problem(
                label,
                line,
                f"is not valid UTF-8: byte 0x{data[offset]:02x} at offset {offset} (line {line}); save the file as UTF-8.",
            )
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def salvage(data: bytes) -> str:
    """Best-effort text of bytes that are not UTF-8, for going on after the problem was reported.

    UTF-16 with a BOM, else Shift_JIS (cp932, the usual legacy Japanese encoding) when the bytes are
    valid in it, else UTF-8 with U+FFFD for each bad byte; newlines as ``\\n``.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("cp932")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, *, label: str | None = None) -> str:
    """The text of the file at ``path`` (see :func:`decode`); a file that cannot be read raises HookError."""
    shown = label if label is not None else shown_path(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise HookError(Problem(shown, None, "does not exist; create it or fix the path.")) from None
    except IsADirectoryError:
        raise HookError(Problem(shown, None, "is a folder, not a file; give the path of a file.")) from None
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise HookError(Problem(shown, None, f"cannot be read ({reason}); check the file.")) from None
    return decode(data, label=shown)


__all__ = ["decode", "read_text", "salvage"]
