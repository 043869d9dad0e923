"""``python -m hooks.typeset SITE_DIR [--check]``: typeset a built site in place, without MkDocs.

Marks every ``*.html`` file under SITE_DIR as the hook does (marking is idempotent, so a site the hook
already typeset is left unchanged). With ``--check`` nothing is written and the exit status is 1 when
some page is not typeset yet, naming the first such file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hooks.core.paths import not_a_site
from hooks.core.problems import HookError
from hooks.core.text import read_text
from hooks.typeset.hook import Typesetter


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.typeset", description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a page is not typeset")
    args = parser.parse_args(argv)
    not_built = not_a_site(args.site_dir)
    if not_built is not None:
        print(not_built, file=sys.stderr)
        return 2
    typesetter = Typesetter()
    changed = []
    failed = False
    for path in sorted(args.site_dir.rglob("*.html")):
        try:
            html = read_text(path)
        except HookError as err:  # not UTF-8, unreadable: named, the other pages still typeset
            print(err.problem, file=sys.stderr)
            failed = True
            continue
        marked = typesetter.mark(html)
        if marked != html:
            changed.append(path)
            if not args.check:
                path.write_text(marked, encoding="utf-8")
    if args.check and changed:
        print(
            f"{changed[0]}: page is not typeset (pages not typeset: {len(changed)}); run "
            f"python -m hooks.typeset {args.site_dir}.",
            file=sys.stderr,
        )
        return 1
    print("every page is typeset" if args.check else f"pages typeset: {len(changed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
