"""One problem type for every hook and CLI, the reporter that logs them once, the one exception type."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from typing import Literal

Level = Literal["error", "warning"]


@functools.total_ordering
class Problem:
    """A bad input: where (shown path, 1-based line or None) and one sentence saying what to fix.

    Immutable and hashable; problems compare (and sort) by file, then line (no line first), message,
    level.
    """

    __slots__ = ("_key", "file", "level", "line", "message")
    file: str  # repo-relative posix: 'docs/concepts/compute.md'
    line: int | None
    message: str  # one sentence, no file prefix, ends with '.'
    level: Level
    _key: tuple[str, int, int, str, str]

    def __init__(self, file: str, line: int | None, message: str, level: Level = "error") -> None:
        init = object.__setattr__
        init(self, "file", file)
        init(self, "line", line)
        init(self, "message", message)
        init(self, "level", level)
        init(self, "_key", (file, int(line is not None), line or 0, message, level))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field '{name}' of a Problem")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field '{name}' of a Problem")

    def __eq__(self, other: object) -> bool:
        return self._key == other._key if isinstance(other, Problem) else NotImplemented

    def __lt__(self, other: Problem) -> bool:
        return self._key < other._key if isinstance(other, Problem) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key)

    def __reduce__(self) -> tuple[type[Problem], tuple[str, int | None, str, Level]]:
        return Problem, (self.file, self.line, self.message, self.level)  # copy and pickle

    def __repr__(self) -> str:
        return f"Problem(file={self.file!r}, line={self.line!r}, message={self.message!r}, level={self.level!r})"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


class HookError(Exception):
    """The exception plain code raises for bad input; it carries the Problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class Reporter:
    """Collects problems for one build, drops exact duplicates, logs each once through 'mkdocs.hooks.<name>'."""

    def __init__(self, name: str) -> None:
        self.log = logging.getLogger(f"mkdocs.hooks.{name}")
        self._problems: dict[Problem, None] = {}  # ordered set: first report first

    def add(self, problem: Problem) -> None:
        self._problems.setdefault(problem, None)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    @property
    def problems(self) -> list[Problem]:
        """The problems collected so far, in the order first reported."""
        return list(self._problems)

    def __len__(self) -> int:
        return len(self._problems)

    def flush(self) -> int:
        """Log every collected problem once (error -> log.error, warning -> log.warning); return how many, and clear."""
        count = len(self._problems)
        for problem in self._problems:
            if problem.level == "error":
                self.log.error(str(problem))
            else:
                self.log.warning(str(problem))
        self._problems.clear()
        return count
