"""CLI: ``python -m hooks.python_versions check`` validates the data file; ``refresh`` re-reads it from an index."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from hooks.core.paths import shown_path
from hooks.core.problems import HookError
from hooks.python_versions.model import DATA_REL, DATE_RE, load_support
from hooks.python_versions.refresh import DEFAULT_INDEX_URL, INDEX_ENV, refresh


def _languages(config_file: Path | None) -> tuple[str, ...]:
    """The languages the site builds, from its mkdocs.yml (none when there is no config to read)."""
    if config_file is None or not config_file.is_file():
        return ()
    from mkdocs.config import load_config

    from hooks.core.phase import languages

    try:
        return languages(load_config(str(config_file)))
    except Exception as err:  # an unreadable mkdocs.yml: check the data file alone, and say why
        print(f"{shown_path(config_file)}: cannot be read ({err}); the display names are not checked per language.")
        return ()


def check(data_file: Path, config_file: Path | None) -> int:
    shown = shown_path(data_file)
    data, problems = load_support(data_file, label=shown, languages=_languages(config_file))
    for problem in problems:
        print(problem, file=sys.stderr)
    if data is None:
        return 1
    print(f"{shown}: {len(data.packages)} packages, {len(data.pythons)} Python versions, no problems.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.python_versions", description=(__doc__ or "").split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    chk = sub.add_parser("check", help="validate the data file (exit 1 with one line per problem)")
    chk.add_argument("--data", type=Path, default=Path(DATA_REL), help="data file (default: %(default)s)")
    chk.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="mkdocs.yml whose languages need display names (default: %(default)s when it exists)",
    )
    cmd = sub.add_parser("refresh", help="re-read package metadata into the data file")
    cmd.add_argument(
        "--index-url",
        default=os.environ.get(INDEX_ENV) or DEFAULT_INDEX_URL,
        help=f"PEP 503 simple index to read from (default: ${INDEX_ENV} or {DEFAULT_INDEX_URL})",
    )
    cmd.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 with a diff when the file is out of date"
    )
    cmd.add_argument(
        "--data",
        type=Path,
        default=Path(__file__).resolve().parents[2] / DATA_REL,
        help="data file (default: %(default)s)",
    )
    cmd.add_argument(
        "--date",
        default=dt.datetime.now(dt.UTC).date().isoformat(),
        help="read date to record, YYYY-MM-DD (default: today, UTC)",
    )
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.data, args.config)
    if not DATE_RE.match(args.date):
        parser.error(f"--date '{args.date}' is not a date like 2026-11-28")
    try:
        return refresh(args.data, index_url=args.index_url, today=args.date, check=args.check)
    except HookError as err:
        print(f"error: {err.problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
