"""CLI: ``python -m hooks.search check SITE_DIR`` (every page runs our worker) and ``size SITE_DIR``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import hooks.search
from hooks.core.paths import not_a_site, shown_path
from hooks.search.wiring import find_problems, index_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hooks.search", description=(hooks.search.__doc__ or "").split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="check that every page uses our search worker").add_argument("site_dir", type=Path)
    sub.add_parser("size", help="print the search index size").add_argument("site_dir", type=Path)
    args = parser.parse_args(argv)
    not_built = not_a_site(args.site_dir)
    if not_built is not None:
        print(not_built, file=sys.stderr)
        return 2
    if args.command == "size":
        if not (args.site_dir / "search" / "search_index.json").is_file():
            print(
                f"{shown_path(args.site_dir)}: has no search/search_index.json; build it with search on.",
                file=sys.stderr,
            )
            return 1
        print(json.dumps(index_size(args.site_dir)))
        return 0
    problems = find_problems(args.site_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
