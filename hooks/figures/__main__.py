"""``python -m hooks.figures build|check|metrics``: draw the figures, compare them, refresh font metrics.

- ``build`` writes ``docs/assets/figures/*.svg`` (ja, en, and narrow layouts) from ``data/figures.yml``;
- ``check`` exits 1 when a committed figure differs from the generator's output, is unsafe, lacks a
  variant, or when the generator's layout has overlapping text; it prints one line per problem;
- ``metrics`` rewrites ``hooks/figures/metrics.json`` from the installed Noto Sans CJK JP
  (Debian ``fonts-noto-cjk``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hooks.core.paths import shown_path
from hooks.core.problems import HookError
from hooks.figures import files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.figures", description=(__doc__ or "").split("\n")[0])
    parser.add_argument("command", choices=["build", "check", "metrics"])
    parser.add_argument(
        "--data",
        type=Path,
        default=Path("data/figures.yml"),
        help="figure descriptions (default: %(default)s, from the current directory)",
    )
    parser.add_argument(
        "--out-dir", type=Path, default=Path("docs/assets/figures"), help="where the SVGs live (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    out_dir: Path = args.out_dir
    if args.command != "metrics" and (out_dir.is_file() or (args.command == "check" and not out_dir.is_dir())):
        what = "is a file" if out_dir.is_file() else "does not exist"
        print(f"{shown_path(out_dir)}: {what}; give --out-dir the folder of the figures.", file=sys.stderr)
        return 1
    try:
        if args.command == "metrics":
            path = files.refresh_metrics()
            print(f"wrote {shown_path(path)}")
            return 0
        if args.command == "build":
            written = files.build(args.out_dir, args.data)
            for path in written:
                print(f"wrote {shown_path(path)}")
            print(f"{len(written)} file(s) changed.")
            return 0
        details: list[str] = []
        problems = files.check(args.out_dir, args.data, details)
    except HookError as err:
        print(err.problem, file=sys.stderr)
        return 1
    for problem in problems:
        print(problem, file=sys.stderr)
    for line in details:
        print(line)
    if not problems:
        print("figures are up to date and safe.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
