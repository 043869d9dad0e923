"""Results kept between builds: clean verdicts on disk (:class:`CleanCache`), per-page results in a
``mkdocs serve`` process and, with a store, on disk (:class:`ServeMemo`), compiled templates
(:class:`TemplateCache`) and regular expressions (:class:`RegexCache`).

The verdict cache on disk keeps the content hashes a check found clean.

``.cache/hooks/<name>.json`` in the project folder (beside Material's own ``.cache/``) holds
``{"version": ..., "clean": [sha256, ...]}``. The version is the SHA-256 of the checker's source
files, so editing the checker empties the cache. Only clean verdicts are stored: a file with
findings is checked again on every build, so its messages (with their lines) always come from the
check itself. A cache that cannot be read or written is treated as empty; the check then runs in
full, which is always correct.
"""

from __future__ import annotations

import _sre
import hashlib
import json
import logging
import os
import pickle
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

import jinja2
from jinja2.bccache import Bucket

log = logging.getLogger("mkdocs.hooks.core.cache")
T = TypeVar("T")
_MISSING = object()


def store_path(project: Path, name: str) -> Path:
    """Where :class:`ServeMemo` keeps the results called ``name`` for the project in ``project``."""
    return project / ".cache" / "hooks" / f"{name}.pickle"


def source_version(*files: Path) -> str:
    """The SHA-256 of the bytes of ``files`` (a checker's modules), in order."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()


class CleanCache:
    """The set of content hashes a checker of ``version`` found clean, read from and saved to ``path``."""

    def __init__(self, path: Path, version: str) -> None:
        self.path = path
        self.version = version
        self.clean: set[str] = set()
        self.changed = False
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("version") == version and isinstance(data.get("clean"), list):
            self.clean = {key for key in data["clean"] if isinstance(key, str)}

    @classmethod
    def in_project(cls, project: Path, name: str, version: str) -> CleanCache:
        return cls(project / ".cache" / "hooks" / f"{name}.json", version)

    def __contains__(self, key: str) -> bool:
        return key in self.clean

    def add(self, key: str) -> None:
        if key not in self.clean:
            self.clean.add(key)
            self.changed = True

    def save(self) -> None:
        """Write the file when something was added (atomically: a temporary file, then a rename)."""
        if self.changed:  # a read-only checkout: the next build checks everything again
            data = json.dumps({"version": self.version, "clean": sorted(self.clean)}).encode("utf-8")
            self.changed = not _write_atomically(self.path, data)


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates kept in ``.cache/hooks/jinja/`` between builds, as Python keeps bytecode.

    Jinja keys each file by the template's name and checks the checksum of its source (and its own
    bytecode version), so an edited template is compiled again. A missing, unreadable or corrupt file
    means compiling the template; an unwritable directory means compiling it again next build.
    """

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory))

    @classmethod
    def in_project(cls, project: Path) -> TemplateCache:
        return cls(project / ".cache" / "hooks" / "jinja")

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError as err:  # a read-only checkout: the template is compiled again next build
            log.debug("could not write a compiled template to %s: %s", self.directory, err)


class ServeMemo(Generic[T]):
    """Results per text (a page's HTML) that a ``mkdocs serve`` process keeps between rebuilds, and that a
    store on disk (:meth:`use_store`) keeps between builds.

    Keyed by a digest of the text. Off for a single build without a store, which sees each page once:
    :meth:`get` then just computes. :meth:`trim` at the end of a build forgets what that build did not use
    (pages edited away), so the memo holds one build's worth of results, and writes the store.

    The store, ``.cache/hooks/<name>.pickle`` in the project folder, holds ``(version, {digest: value})``;
    the version is the SHA-256 of the source files of the code that computes the values
    (:func:`source_version`), so editing that code empties it. A store that cannot be read is empty; one
    that cannot be written stays as it was (the next build computes again). ``pack`` and ``unpack`` turn a
    value into what is stored and back (``unpack`` also gets the text, which the store does not keep).
    """

    def __init__(
        self,
        pack: Callable[[T], object] | None = None,
        unpack: Callable[[object, Any], T] | None = None,
    ) -> None:
        self.enabled = False
        self._results: dict[bytes, T] = {}
        self._used: set[bytes] = set()
        self._store: Path | None = None
        self._version = ""
        self._stored: dict[bytes, object] = {}  # read from the store, not yet asked for
        self._changed = False
        self._pack = pack
        self._unpack = unpack

    def start(self, command: str) -> None:
        """A new process (``on_startup``): on for ``serve``, empty either way."""
        self.enabled = command == "serve"
        self._results = {}
        self._used = set()
        self._store = None
        self._stored = {}

    def use_store(self, path: Path, version: str) -> None:
        """Keep results in ``path`` too (read once per process; a serve rebuild keeps what it has)."""
        self.enabled = True
        if self._store == path and self._version == version:
            return
        self._store, self._version, self._stored, self._changed = path, version, {}, True
        results = _read_pickle(path, version)
        if results is not None:
            self._stored, self._changed = results, False

    def get(self, text: Any, compute: Callable[[Any], T]) -> T:
        """``compute(text)``, or what it gave for the same ``text`` (a str, or bytes) before."""
        if not self.enabled:
            return compute(text)
        data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        key = hashlib.blake2b(data, digest_size=16).digest() + (b"b" if data is text else b"")
        self._used.add(key)
        if key not in self._results:
            stored = self._stored.pop(key, _MISSING)
            if stored is not _MISSING:
                try:
                    self._results[key] = self._unpack(stored, text) if self._unpack else stored  # type: ignore[assignment]
                    return self._results[key]
                except (TypeError, ValueError):  # written by an older layout: compute it again
                    pass
            self._results[key] = compute(text)
            self._changed = True
        return self._results[key]

    def trim(self) -> None:
        dropped = len(self._results) != len(self._used) or bool(self._stored)
        self._results = {key: value for key, value in self._results.items() if key in self._used}
        self._used = set()
        self._stored = {}
        if self._store is not None and (self._changed or dropped):
            self._save()

    def _save(self) -> None:
        assert self._store is not None
        pack = self._pack
        results = {key: pack(value) if pack else value for key, value in self._results.items()}
        self._changed = not _write_pickle(self._store, (self._version, results))

    def __len__(self) -> int:
        return len(self._results)


class RegexCache:
    """Compiled regular expressions kept between builds in ``.cache/hooks/<name>.pickle``, as CPython compiles them.

    ``re.compile`` parses a pattern and generates its code in Python, which for a long generated pattern
    (the glossary's term names) costs milliseconds each build. :meth:`compile` stores what ``re``'s compiler
    hands to ``_sre.compile`` (flags, code, group count and names) and builds the pattern from it the next
    time: the same pattern object (``==`` compares pattern, flags and code). The store is kept per Python
    version and regular-expression engine (``_sre.MAGIC``); one that cannot be read, or written, is empty,
    and anything unexpected falls back to ``re.compile``.
    """

    def __init__(self) -> None:
        self._store: Path | None = None
        self._codes: dict[tuple[str, int], tuple[object, ...]] = {}
        self._used: set[tuple[str, int]] = set()
        self._changed = False

    def use_store(self, path: Path) -> None:
        if self._store == path:
            return
        self._store, self._changed = path, False
        self._codes = _read_pickle(path, _engine_version()) or {}

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        key = (pattern, int(flags))
        self._used.add(key)
        args = self._codes.get(key)
        if args is not None:
            try:
                return _sre.compile(pattern, *args)
            except (TypeError, ValueError, RuntimeError):
                pass
        try:
            compiled, args = _compile(pattern, int(flags))
        except (AttributeError, TypeError):  # another engine layout: no cache
            return re.compile(pattern, flags)
        self._codes[key] = args
        self._changed = True
        return compiled

    def trim(self) -> None:
        """Forget what this build did not compile, and write the store when it changed."""
        if len(self._codes) != len(self._used):
            self._codes = {key: args for key, args in self._codes.items() if key in self._used}
            self._changed = True
        self._used = set()
        if self._store is not None and self._changed:
            self._changed = not _write_pickle(self._store, (_engine_version(), self._codes))


def _read_pickle(path: Path, version: str) -> dict | None:
    """The dict written with ``version`` by :func:`_write_pickle` to ``path``; None when there is none to read."""
    try:
        with open(path, "rb") as handle:
            stored_version, value = pickle.load(handle)
    except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError, pickle.UnpicklingError):
        return None
    return value if stored_version == version and isinstance(value, dict) else None


def _write_pickle(path: Path, value: object) -> bool:
    """Write ``value`` pickled to ``path`` (see :func:`_write_atomically`)."""
    return _write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically (a temporary file, then a rename); False when it cannot be written
    (a read-only checkout: the next build computes again)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
        return True
    except OSError as err:
        log.debug("could not write %s: %s", path, err)
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        return False


def _engine_version() -> str:
    return f"{sys.version} {_sre.MAGIC} {_sre.CODESIZE}"


def _compile(pattern: str, flags: int) -> tuple[re.Pattern[str], tuple[object, ...]]:
    """``re.compile(pattern, flags)`` (uncached), and the arguments ``re``'s compiler gave ``_sre.compile``."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # the code holds re's named opcode constants: stored as the plain numbers _sre reads
    args = (
        int(flags | parsed.state.flags),
        [int(op) for op in code],
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    return _sre.compile(pattern, *args), args
