"""Snippet includes (pymdownx.snippets) in Markdown: where they are and whether their targets exist.

Only the block form on its own line is recognised: ``--8<-- "examples/first-run/job.yml"`` or
``--8<-- "examples/first-run/src/train.py:train"`` (a section between ``[start:train]`` and
``[end:train]`` markers), optionally indented; ``;--8<--`` is pymdownx's escape and is skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import msgspec

from hooks.core.problems import HookError, Problem
from hooks.core.text import read_text

INCLUDE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(["'])(?P<target>[^"'\n]+)\1[ \t]*$""")
LINE_RANGE = re.compile(r"^\d*(?::\d*)?$")
HINT = "8<-"  # in every include: a page without it has none


class Include(msgspec.Struct, frozen=True):
    """One include: its 1-based line, the path as written, the section after ``:`` (None: none)."""

    line: int
    path: str
    section: str | None


def includes(markdown: str) -> list[Include]:
    """Every snippet include in ``markdown``, in order, with its 1-based line."""
    found = []
    for number, text in enumerate(markdown.splitlines(), start=1):
        m = INCLUDE.match(text) if HINT in text else None
        if not m:
            continue
        target = m.group("target").strip()
        path, _, rest = target.partition(":")
        found.append(Include(number, path, rest or None))
    return found


def escape(markdown: str, lines: set[int]) -> str:
    """``markdown`` with the includes on ``lines`` (1-based) escaped as pymdownx.snippets reads ``;--8<--``: shown as
    written instead of included (and instead of stopping the build on a file it cannot include)."""
    out = markdown.split("\n")
    for number in lines:
        if 0 < number <= len(out) and INCLUDE.match(out[number - 1]):
            text = out[number - 1]
            dash = text.index("-")
            out[number - 1] = f"{text[:dash]};{text[dash:]}"
    return "\n".join(out)


def sections(text: str) -> set[str]:
    """Names of the sections marked in a sample file (``--8<-- [start:name]`` ... ``[end:name]``)."""
    starts = set(re.findall(r"--8<--\s*\[start:([\w-]+)\]", text))
    ends = set(re.findall(r"--8<--\s*\[end:([\w-]+)\]", text))
    return starts & ends


class Targets:
    """What :func:`problems` found out about the files includes name, per path as written (one build: the
    files do not change while it runs): whether the file exists, why it cannot be read, the sections it marks."""

    def __init__(self) -> None:
        self.exists: dict[str, bool] = {}
        self.unreadable: dict[str, str | None] = {}  # path -> what read_text said about it (None: it reads)
        self.sections: dict[str, set[str]] = {}

    def read(self, base: Path, path: str) -> str | None:
        """Read an existing target once: its sections are kept; returns the reason it cannot be read, or None."""
        if path not in self.unreadable:
            try:
                self.sections[path] = sections(read_text(base / path, label=path))
                self.unreadable[path] = None
            except HookError as err:
                self.unreadable[path] = err.problem.message
        return self.unreadable[path]


def problems(markdown: str, *, source: str, base: Path, targets: Targets | None = None) -> list[Problem]:
    """One Problem (a warning) per include in ``markdown`` (labelled ``source``) whose file or section is missing.

    ``targets`` (see :class:`Targets`) saves looking at the same file again; paths are relative to ``base``.
    """
    known = targets if targets is not None else Targets()
    out = []
    for inc in includes(markdown) if HINT in markdown else ():
        exists = known.exists.get(inc.path)
        if exists is None:
            exists = known.exists[inc.path] = (base / inc.path).is_file()
        if not exists:
            out.append(
                Problem(
                    source,
                    inc.line,
                    f"snippet '{inc.path}' names a file that does not exist; "
                    "include paths are relative to the folder of mkdocs.yml.",
                    level="warning",
                )
            )
            continue
        reason = known.read(base, inc.path)
        if reason is not None:  # pymdownx.snippets would stop the build on it
            out.append(Problem(source, inc.line, f"snippet '{inc.path}' {reason}", level="warning"))
            continue
        if inc.section is None or LINE_RANGE.match(inc.section):
            continue
        if inc.section not in known.sections[inc.path]:
            out.append(
                Problem(
                    source,
                    inc.line,
                    f"snippet '{inc.path}:{inc.section}' names section "
                    f"'{inc.section}', which '{inc.path}' does not mark with "
                    f"'--8<-- [start:{inc.section}]' and '[end:{inc.section}]'.",
                    level="warning",
                )
            )
    return out
