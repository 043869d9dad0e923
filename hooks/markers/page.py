"""The :class:`~hooks.markers.extension.PageContext` of a MkDocs page."""

from __future__ import annotations

from typing import Any

from hooks.core.paths import source_label
from hooks.markers.extension import MarkersExtension, PageContext


def front_matter_lines(source: str) -> int:
    """How many lines of YAML front matter (``---`` ... ``---``/``...``) open ``source``."""
    if not source.startswith("---"):
        return 0
    lines = source.split("\n")
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return index + 1
    return 0


def _may_have_front_matter(file: Any) -> bool:
    """False when the page source does not start with '---' (after a BOM), read from its first bytes only."""
    path = getattr(file, "abs_src_path", None)
    if path is None:  # the content is in memory
        return True
    try:
        with open(path, "rb") as handle:
            head = handle.read(6)
    except OSError:
        return True  # content_string says what is wrong
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"---")


class PageContexts:
    """Page contexts of one build: the docs folder's label is worked out once, not per page."""

    def __init__(self, config: Any, lang: str) -> None:
        self.prefix = source_label(config, "")  # 'docs/'
        self.lang = lang
        self.front_matter: dict[str, int] = {}  # abs_src_path -> front_matter_lines of the source read there

    def of(self, page: Any) -> PageContext:
        """Where the page's Markdown came from, with the front matter MkDocs removed counted back in."""
        offset = 0
        if getattr(page, "meta", None):
            known = self.front_matter.get(getattr(page.file, "abs_src_path", None) or "")
            if known is not None:
                offset = known
            elif _may_have_front_matter(page.file):
                try:
                    offset = front_matter_lines(page.file.content_string)
                except (OSError, ValueError):
                    offset = 0
        src_uri = page.file.src_uri
        return PageContext(
            src_uri=src_uri,
            label=self.prefix + src_uri,
            lang=getattr(page.file, "locale", None) or self.lang,
            line_offset=offset,
        )

    def begin(self, extension: MarkersExtension, page: Any) -> None:
        """Tell ``extension`` that ``page`` is converted next (once, whichever hook says it first)."""
        if extension.source is not page:
            extension.begin(self.of(page))
            extension.source = page
