"""``python -m hooks.glossary check [data/glossary.yml] [--learn-pages data/learn_pages.yml]``: check the
glossary data file (and, with ``--learn-pages``, that every link has its Learn page title); problems on
stderr, exit 1 on any."""

from __future__ import annotations

import sys
from pathlib import Path

from hooks.glossary import learn_pages
from hooks.glossary.model import DATA_LABEL, load

USAGE = "usage: python -m hooks.glossary check [data/glossary.yml] [--learn-pages data/learn_pages.yml]"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "-h" in args or "--help" in args:
        print(__doc__.split("\n\n")[0].replace("\n", " "))
        return 0
    titles_path: str | None = None
    if "--learn-pages" in args:
        at = args.index("--learn-pages")
        if at + 1 >= len(args):
            print(USAGE, file=sys.stderr)
            return 2
        titles_path = args[at + 1]
        del args[at : at + 2]
    if not args or args[0] != "check" or len(args) > 2:
        print(USAGE, file=sys.stderr)
        return 2
    path = Path(args[1]) if len(args) > 1 else Path(DATA_LABEL)
    label = args[1] if len(args) > 1 else DATA_LABEL
    result = load(path, label=label)
    problems = list(result.problems)
    if titles_path is not None:
        pages = learn_pages.load(titles_path, label=titles_path)
        problems += pages.problems
        problems += learn_pages.check(pages, result.terms, label, learn_pages.link_lines(path, label=label))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    titles = f", {len(pages.titles)} Learn page titles" if titles_path is not None else ""
    print(f"{len(result.terms)} glossary terms{titles}, no problems.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
