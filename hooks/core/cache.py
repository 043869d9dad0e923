"""Results kept between builds: clean verdicts on disk (:class:`CleanCache`), per-page results in a
``mkdocs serve`` process (:class:`ServeMemo`).

The verdict cache on disk keeps the content hashes a check found clean.

``.cache/hooks/<name>.json`` in the project folder (beside Material's own ``.cache/``) holds
``{"version": ..., "clean": [sha256, ...]}``. The version is the SHA-256 of the checker's source
files, so editing the checker empties the cache. Only clean verdicts are stored: a file with
findings is checked again on every build, so its messages (with their lines) always come from the
check itself. A cache that cannot be read or written is treated as empty; the check then runs in
full, which is always correct.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

import jinja2
from jinja2.bccache import Bucket

log = logging.getLogger("mkdocs.hooks.core.cache")
T = TypeVar("T")


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
        if not self.changed:
            return
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps({"version": self.version, "clean": sorted(self.clean)}), encoding="utf-8")
            os.replace(temporary, self.path)
            self.changed = False
        except OSError as err:  # a read-only checkout: the next build checks everything again
            log.debug("could not write %s: %s", self.path, err)
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass


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
    """Results per text (a page's HTML) that a ``mkdocs serve`` process keeps between rebuilds.

    Keyed by a digest of the text. Off for a single build, which sees each page once: :meth:`get` then
    just computes. :meth:`trim` at the end of a build forgets what that build did not use (pages edited
    away), so the memo holds one build's worth of results.
    """

    def __init__(self) -> None:
        self.enabled = False
        self._results: dict[bytes, T] = {}
        self._used: set[bytes] = set()

    def start(self, command: str) -> None:
        """A new process (``on_startup``): on for ``serve``, empty either way."""
        self.enabled = command == "serve"
        self._results = {}
        self._used = set()

    def get(self, text: str, compute: Callable[[str], T]) -> T:
        if not self.enabled:
            return compute(text)
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        self._used.add(key)
        if key not in self._results:
            self._results[key] = compute(text)
        return self._results[key]

    def trim(self) -> None:
        self._results = {key: value for key, value in self._results.items() if key in self._used}
        self._used = set()

    def __len__(self) -> int:
        return len(self._results)
