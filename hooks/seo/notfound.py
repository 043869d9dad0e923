"""The per-language 404 pages.

static-i18n builds ``404.html`` once per language into the same file, so the last language built wins.
:class:`NotFoundPages` keeps the default language's at ``/404.html`` and writes each other language's to
``/<lang>/404.html``. MkDocs renders error pages with root-absolute links (the path of ``site_url``), so
their links work at any depth.
"""

from __future__ import annotations

from pathlib import Path


class NotFoundPages:
    """Routes the per-language renderings of ``404.html`` (see module docstring)."""

    def __init__(self) -> None:
        self.default_output: str | None = None

    def route(self, output: str, *, lang: str, default_lang: str, site_dir: Path, offline: bool = False) -> str:
        """Return what MkDocs should write to ``site_dir/404.html``; write other languages' pages.

        The offline bundle gets no 404 page ('' makes MkDocs skip the file): no server shows it there,
        and its root-absolute links would not work from file://.
        """
        if offline:
            return ""
        if lang == default_lang:
            self.default_output = output
            return output
        target = site_dir / lang / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
        return self.default_output if self.default_output is not None else output
