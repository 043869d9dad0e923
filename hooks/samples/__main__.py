"""Command line: ``python -m hooks.samples check`` (the sample checker) and ``zip`` (a sample folder's zip).

python -m hooks.samples check [--root .] [--no-run]
python -m hooks.samples zip examples/first-run build/first-run.zip
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.samples", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check every sample under examples/ offline (needs the test requirements)")
    check.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: current folder)")
    check.add_argument("--examples", type=Path, help="samples folder (default: ROOT/examples)")
    check.add_argument("--docs", type=Path, help="pages whose snippet includes are checked (default: ROOT/docs)")
    check.add_argument("--no-run", action="store_true", help="do not run the scripts listed in examples/samples.yml")
    make_zip = sub.add_parser("zip", help="write the deterministic zip of a sample folder")
    make_zip.add_argument("folder", type=Path)
    make_zip.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    if args.command == "check":
        from hooks.samples import (
            check as checker,  # imports yaml only; the SDK is imported on first use
        )

        return checker.main(args.root, examples=args.examples, docs=args.docs, run=not args.no_run)
    from hooks.samples import bundle

    if not args.folder.is_dir():
        print(f"{args.folder}: is not a folder.", file=sys.stderr)
        return 2
    data = bundle.zip_bytes(args.folder)
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(data)
    except OSError as err:  # a file where a folder should be, a folder named like the zip, no permission
        print(f"{args.output}: cannot be written ({err.strerror or type(err).__name__}).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
