"""CLI: ``python -m hooks.offline`` builds the offline site, checks it and writes the zip; ``--check`` checks any site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import hooks.offline
from hooks.core.paths import not_a_site, shown_path
from hooks.core.problems import HookError
from hooks.offline.bundle import BundleError, bundle
from hooks.offline.resources import find_remote_resources
from hooks.offline.shim import ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hooks.offline", description=(hooks.offline.__doc__ or "").split("\n")[0]
    )
    parser.add_argument(
        "--site-dir",
        type=Path,
        default=ROOT / "build" / "offline",
        help="where to build the offline site (default: build/offline)",
    )
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where to write the zip (default: dist)")
    parser.add_argument("--no-build", action="store_true", help="zip an existing offline build of --site-dir")
    parser.add_argument(
        "--check",
        action="store_true",
        help="only list remote resources in --site-dir (any site); exit 1 when there are some",
    )
    args = parser.parse_args(argv)
    if args.check or args.no_build:  # these read a site that is already built
        not_built = not_a_site(args.site_dir, build="make offline")
        if not_built is not None:
            print(f"ERROR: {not_built}", file=sys.stderr)
            return 1
    for option, folder in (("--site-dir", args.site_dir), ("--dist", args.dist)):
        if folder.is_file():  # MkDocs or the zip writer would stop on it with a traceback
            print(f"ERROR: {shown_path(folder)}: is a file, not a folder; give {option} a folder.", file=sys.stderr)
            return 1
    try:
        if args.check:
            problems = find_remote_resources(args.site_dir)
            for p in problems:
                print(p)
            return 1 if problems else 0
        print(bundle(site_dir=args.site_dir.resolve(), dist_dir=args.dist.resolve(), build=not args.no_build))
    except BundleError as err:
        for problem in err.problems:
            print(f"ERROR: {problem}", file=sys.stderr)
        return 1
    except HookError as err:
        print(f"ERROR: {err.problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
