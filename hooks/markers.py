"""Generated-content markers: one parser for every generator.

A marker is an HTML comment alone on its line, outside fenced code, of the form
``<!-- name -->`` or ``<!-- name: arg1 arg2 -->``. Generators register their name with
:func:`register`; :func:`expand` replaces each marker with what its generator renders and
reports an unknown name, or a generator's complaint about its arguments, as a
:class:`MarkerError` naming the source file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from hooks import mdscan

MARKER_RE = re.compile(r"^[ \t]*<!--[ \t]*([a-z][a-z0-9-]*)[ \t]*(?::(.*?))?[ \t]*-->[ \t]*$")


class MarkerError(Exception):
    """A marker that cannot be expanded; ``str()`` is the one-sentence message."""


@dataclass(frozen=True)
class Marker:
    name: str
    args: tuple[str, ...]
    line: int  # 1-based line in the Markdown source
    src_path: str  # path shown in messages, e.g. 'docs/setup/python.md'


@dataclass
class RenderContext:
    """What a generator may know about the page it renders into."""

    lang: str
    src_uri: str  # page path relative to docs_dir, e.g. 'setup/python.md'
    extra: dict[str, Any] = field(default_factory=dict)


class Renderer(Protocol):
    def __call__(self, marker: Marker, ctx: RenderContext) -> str: ...


_REGISTRY: dict[str, Renderer] = {}


def register(name: str, render: Renderer) -> None:
    """Make ``<!-- name ... -->`` expand through ``render``; raise ``MarkerError`` from it for bad args."""
    _REGISTRY[name] = render


def registered() -> list[str]:
    return sorted(_REGISTRY)


def find_markers(markdown: str, src_path: str) -> list[tuple[Marker, int]]:
    """Return each marker with its 0-based line index; markers inside fenced code are ignored."""
    found: list[tuple[Marker, int]] = []
    if "<!--" not in markdown:  # most pages have no marker: skip the line scan
        return found
    lines = markdown.split("\n")
    for index, (line, fenced) in enumerate(zip(lines, mdscan.fenced_lines(lines))):
        if fenced:
            continue
        match = MARKER_RE.match(line)
        if match:
            args = tuple((match.group(2) or "").split())
            found.append((Marker(match.group(1), args, index + 1, src_path), index))
    return found


def expand(markdown: str, *, src_path: str, ctx: RenderContext) -> str:
    """Replace every marker in ``markdown``; raise ``MarkerError`` on the first bad one."""
    lines = markdown.split("\n")
    for marker, index in reversed(find_markers(markdown, src_path)):
        render = _REGISTRY.get(marker.name)
        if render is None:
            known = ", ".join(f"'{n}'" for n in registered()) or "none"
            raise MarkerError(
                f"{src_path}:{marker.line}: marker '{marker.name}' is not a known generator "
                f"(known: {known}); fix the name or write the comment on a line with other text."
            )
        lines[index] = render(marker, ctx)
    return "\n".join(lines)


def fail(marker: Marker, problem: str) -> MarkerError:
    """Build the error a renderer raises: ``raise markers.fail(marker, "argument 'x' is unknown")``."""
    return MarkerError(f"{marker.src_path}:{marker.line}: marker '{marker.name}': {problem}.")


__all__ = ["Marker", "MarkerError", "RenderContext", "Renderer", "expand", "fail", "find_markers", "register", "registered"]
