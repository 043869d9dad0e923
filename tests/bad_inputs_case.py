"""One row of the bad-input catalogue (tests/test_bad_inputs.py).

A row writes ``files`` over a copy of ``tests/fixtures/badsite/`` (text as UTF-8, bytes as given,
``None`` deletes the file), runs one command in that copy and states what must come out:

- ``run``: ``"build"`` (``mkdocs build --strict``), ``"build-offline"`` (the same with ``OFFLINE=true``),
  ``"linkcheck"`` (``python -m hooks.linkcheck site`` after a non-strict build),
  ``"glossary"`` (``python -m hooks.glossary check``), ``"figures"`` (``python -m hooks.figures check``),
  ``"python-versions"`` (``python -m hooks.python_versions check``); ``args`` are appended to the command;
- ``exit``: the expected exit code (0 for inputs that must work);
- ``message``: a regex (``re.search``) that exactly one problem line matches; that line starts with
  ``where`` (``'docs/index.md:7'``) followed by ``': '``;
- ``count``: how many problem lines there are in all (``None``: not checked).

Problem lines are, for builds, every WARNING or ERROR log record (from any logger: our hooks,
MkDocs, plugins), and for the CLIs, every non-empty line they print on stderr (CLIs print one
problem per line on stderr and anything else on stdout). No run may print a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

RUNS = ("build", "build-offline", "linkcheck", "glossary", "figures", "python-versions")


@dataclass(frozen=True)
class Case:
    id: str  # 'shift-jis-page', 'ipv6-host-raw-html', ...
    files: Mapping[str, str | bytes | None] = field(default_factory=dict)
    run: str = "build"
    args: tuple[str, ...] = ()
    exit: int = 1
    message: str | None = None
    where: str | None = None
    count: int | None = 1

    def __post_init__(self) -> None:
        if self.run not in RUNS:
            raise ValueError(f"case '{self.id}': run '{self.run}' is not one of {', '.join(RUNS)}")
        if self.where is not None and self.message is None:
            raise ValueError(f"case '{self.id}': 'where' needs a 'message'")


__all__ = ["RUNS", "Case"]
