"""Command line: ``python -m hooks.linkcheck SITE_DIR [options]`` (see ``--help``).

Reads ``mkdocs.yml`` of the current directory (or ``--config FILE``; ``--no-config`` for none) with
MkDocs' own loader: ``site_url``, ``extra.linkcheck`` and whether Material's offline plugin is on
(the site is then checked as opened from ``file://``). Prints one line per problem on stderr,
``RELPATH:LINE: message``, sorted (the summary and ``--list-external`` go to stdout); exits 1 when there are problems (notices do not count), 0 when
none, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from hooks.core.paths import not_a_site
from hooks.core.phase import phase
from hooks.linkcheck.external import check_external
from hooks.linkcheck.resolve import Options, check_links, compile_patterns, scan_site
from hooks.linkcheck.settings import external_settings


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def read_config(path: Path) -> dict[str, Any]:
    """site_url, extra.linkcheck and offline of an mkdocs.yml, read by MkDocs; ValueError when unusable."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[assignment, method-assign]
    mkdocs_log = logging.getLogger("mkdocs")
    saved = mkdocs_log.handlers, mkdocs_log.propagate
    mkdocs_log.handlers, mkdocs_log.propagate = [handler], False  # the one line below says what failed
    try:
        config = load_config(str(path))
    except MkDocsException as err:
        errors = [record.getMessage() for record in records if record.levelno >= logging.ERROR]
        reason = " ".join((errors[0] if errors else str(err)).split()).rstrip(".")
        raise ValueError(f"config '{path}' cannot be read ({reason})") from None
    except Exception as err:  # a plugin or hook failing to load: still one line
        raise ValueError(f"config '{path}' cannot be read ({type(err).__name__})") from None
    finally:
        mkdocs_log.handlers, mkdocs_log.propagate = saved
    settings = config.extra.get("linkcheck") or {}
    if not isinstance(settings, Mapping):
        raise ValueError(f"config '{path}': extra.linkcheck must be a mapping")
    return {"site_url": config.site_url or None, "linkcheck": dict(settings), "offline": phase(config).offline}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _Parser(prog="python -m hooks.linkcheck", description="Check the links of a built site.")
    parser.add_argument("site_dir", help="the built site (e.g. site/)")
    parser.add_argument("--site-url", help="the published URL; root-absolute links resolve against its path")
    parser.add_argument(
        "--config",
        type=Path,
        help="read site_url and extra.linkcheck from this mkdocs.yml (default: ./mkdocs.yml when there is one)",
    )
    parser.add_argument("--no-config", action="store_true", help="read no mkdocs.yml")
    parser.add_argument(
        "--file-urls",
        action="store_true",
        help="the site is opened from file:// (offline bundle): no directory indexes, no root",
    )
    parser.add_argument("--ignore", action="append", default=[], metavar="REGEX", help="skip URLs matching REGEX")
    parser.add_argument("--external", action="store_true", help="also fetch external http(s) URLs")
    parser.add_argument("--list-external", action="store_true", help="print the external URLs, not fetched")
    parser.add_argument("--timeout", type=float, help="seconds for one whole request (default 10)")
    parser.add_argument("--max-workers", type=int, help="concurrent requests overall (default 8)")
    parser.add_argument("--per-host", type=int, help="concurrent requests per host (default 2)")
    parser.add_argument("--cache", type=Path, help="cache file (default .cache/linkcheck-external.json)")
    parser.add_argument("--cache-ttl", type=float, help="seconds a success stays cached (default 86400)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    args = parser.parse_args(argv)

    site_dir = Path(args.site_dir)
    not_built = not_a_site(site_dir)
    if not_built is not None:
        parser.error(not_built)
    config: dict[str, Any] = {"site_url": None, "linkcheck": {}, "offline": False}
    config_path = args.config
    if config_path is None and not args.no_config and Path("mkdocs.yml").is_file():
        config_path = Path("mkdocs.yml")
    try:
        if config_path is not None:
            config = read_config(config_path)
        settings = external_settings(config["linkcheck"])
        for name in ("timeout", "max_workers", "per_host", "cache_ttl"):
            value = getattr(args, name)
            if value is not None:
                external_settings({name: value}, settings)
        ignore = compile_patterns([*config["linkcheck"].get("ignore", []), *args.ignore])
    except ValueError as err:
        parser.error(str(err))
    settings.cache_path = None if args.no_cache else (args.cache or settings.cache_path)
    file_urls = args.file_urls or bool(config["offline"])
    options = Options(site_url=args.site_url or config["site_url"], file_urls=file_urls, ignore=ignore)

    started = time.monotonic()
    site = scan_site(site_dir)
    if config["offline"]:
        site.pages.pop("404.html", None)  # no server shows it to anyone opening the bundle from file://
    problems, external = check_links(site, options)
    if args.external:
        problems = sorted(set(problems) | set(check_external(external, settings)))
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.list_external and not args.external:
        for url, places in sorted(external.items()):
            page, line = min(places)
            print(f"{page}:{line}: external link '{url}' not fetched ({len(places)} place(s)).")
    errors = sum(1 for problem in problems if problem.severity == "error")
    links = sum(len(page.urls) for page in site.pages.values())
    fetched = " checked" if args.external else " not fetched (use --external)"
    print(
        f"linkcheck: {len(site.pages)} pages, {links} links, {len(external)} external URLs{fetched}, "
        f"{errors} problem(s) in {time.monotonic() - started:.2f} s."
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
