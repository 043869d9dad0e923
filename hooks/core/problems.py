"""One problem type for every hook and CLI, the reporter that logs them once, the one exception type."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """A bad input: where (shown path, 1-based line or None) and one sentence saying what to fix."""

    file: str = field(compare=False)  # repo-relative posix: 'docs/concepts/compute.md'
    line: int | None = field(compare=False)
    message: str = field(compare=False)  # one sentence, no file prefix, ends with '.'
    level: Level = field(default="error", compare=False)
    # Problems compare (and sort) by file, then line (no line first), message, level.
    _key: tuple[str, int, int, str, str] = field(init=False, repr=False, compare=True)

    def __post_init__(self) -> None:
        has_line = self.line is not None
        object.__setattr__(self, "_key", (self.file, int(has_line), self.line or 0, self.message, self.level))

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
