"""Line-level Markdown scanning for mapping output back to source lines: which lines are fenced code."""

from __future__ import annotations

import re

FENCE_RE = re.compile(r"^[ \t]*(?:>[ \t]*)*(`{3,}|~{3,})")


def fenced_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (its opening and closing fences included).

    A fence opens with three or more backticks or tildes (also inside block quotes) and closes with
    a line of at least as many of the same character and nothing else after it.
    """
    flags: list[bool] = []
    fence: str | None = None
    for line in lines:
        match = FENCE_RE.match(line)
        if fence is not None:
            token = match.group(1) if match else ""
            if (
                match
                and token
                and token[0] == fence[0]
                and len(token) >= len(fence)
                and not line[match.end() :].strip()
            ):
                fence = None
            flags.append(True)
        elif match:
            fence = match.group(1)
            flags.append(True)
        else:
            flags.append(False)
    return flags
