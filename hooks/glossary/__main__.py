"""``python -m hooks.glossary check [path]``: check the glossary data file; problems on stderr, exit 1 on any."""

from __future__ import annotations

import sys
from pathlib import Path

from hooks.glossary.model import DATA_LABEL, load


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "check" or len(args) > 2:
        print("usage: python -m hooks.glossary check [data/glossary.yml]", file=sys.stderr)
        return 2
    path = Path(args[1]) if len(args) > 1 else Path(DATA_LABEL)
    result = load(path, label=args[1] if len(args) > 1 else DATA_LABEL)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.problems:
        return 1
    print(f"{len(result.terms)} glossary terms, no problems.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
