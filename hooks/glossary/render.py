"""The glossary index of one language, rendered with overrides/partials/glossary-index.html."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import msgspec
from markupsafe import escape

from hooks.glossary.collation import group_terms, is_kana_only, is_latin_name, name_key
from hooks.glossary.model import CATEGORIES, Term
from hooks.markers.extension import Blocks

if TYPE_CHECKING:
    from hooks.glossary.learn_pages import LearnPages

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = ROOT / "overrides" / "partials"
TEMPLATE_NAME = "glossary-index.html"
USED_ON_NAME = "glossary-used-on.html"
USED_ON_RE = re.compile(r"<!--glossary-used-on:([a-z0-9-]+)-->")

LABELS = {
    "ja": {
        "learn": "Microsoft Learn",
        "used_on": "使用ページ",
        "not_used": "(使用ページなし)",
        "sep": "、",
        "jump": "行で移動",
        "reading": "読み",
    },
    "en": {
        "learn": "Microsoft Learn",
        "used_on": "Used on",
        "not_used": "(not used on any page)",
        "sep": ", ",
        "jump": "Jump to letter",
        "reading": "Reading",
    },
}


class PageRef(msgspec.Struct, frozen=True, gc=False):
    title: str
    url: str  # relative to the glossary page


class IndexTemplate:
    """The Jinja template, loaded on first use (one per hook instance, or per call of render_index)."""

    def __init__(self, directory: Path = TEMPLATE_DIR, compiled: jinja2.BytecodeCache | None = None) -> None:
        self.directory = directory
        self.compiled = compiled  # where compiled templates are kept between builds (None: compile each time)
        self._env: jinja2.Environment | None = None

    @property
    def env(self) -> jinja2.Environment:
        if self._env is None:
            self._env = jinja2.Environment(
                loader=jinja2.FileSystemLoader(str(self.directory)),
                autoescape=True,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
                undefined=jinja2.StrictUndefined,
                auto_reload=False,  # read once per instance (the hook makes one per build process)
                bytecode_cache=self.compiled,
            )
        return self._env

    @property
    def template(self) -> jinja2.Template:
        return self.env.get_template(TEMPLATE_NAME)

    def render(
        self,
        terms: list[Term],
        lang: str,
        used_on: dict[str, list[PageRef]] | None,
        learn_pages: LearnPages | None = None,
    ) -> str:
        """The index; each Learn link reads 'Microsoft Learn: <page title>' from ``learn_pages`` (just
        'Microsoft Learn' without them, or for a page they have no title for: the hook reports that)."""
        groups = []
        other_lang = "en" if lang == "ja" else "ja"
        for heading, anchor, members in group_terms(terms, lang):
            items = []
            for term in members:
                entry = term.entries[lang]
                other = term.entries[other_lang].term
                items.append(
                    {
                        "id": term.id,
                        "term": entry.term,  # as written in the data file: "conda" stays lowercase
                        "other": other if name_key(other, lang) != name_key(entry.term, lang) else None,
                        "other_lang": other_lang,
                        "yomi": _shown_yomi(entry.term, entry.yomi, lang),
                        "definition": entry.definition,
                        "link": entry.link,
                        "link_title": learn_pages.title(entry.link, lang) if learn_pages is not None else None,
                        "category": CATEGORIES[term.category][lang],
                        "used_on": None if used_on is None else used_on.get(term.id, []),
                    }
                )
            groups.append({"heading": heading, "anchor": anchor, "terms": items})
        return self.template.render(lang=lang, groups=groups, labels=LABELS[lang])

    def blocks(
        self,
        terms: list[Term],
        lang: str,
        used_on: dict[str, list[PageRef]] | None,
        learn_pages: LearnPages | None = None,
    ) -> Blocks:
        """:meth:`render` as the markers extension's blocks: each part of the index that starts with a tag (the
        letter links, each group's ``<dl>``) is one raw HTML block, handed over as it is rather than parsed again."""
        return Blocks.split(self.render(terms, lang, used_on, learn_pages))

    def fill_used_on(self, html: str, lang: str, used_on: dict[str, list[PageRef]]) -> str:
        """Replace the placeholders of a deferred index with the 'used on' links."""
        module: Any = self.env.get_template(USED_ON_NAME).module
        links = _UsedOnLinks(module.used_on_links, LABELS[lang], used_on)
        return USED_ON_RE.sub(lambda m: links.of(used_on.get(m.group(1), [])), html)


class _UsedOnLinks:
    """The template's ``used_on_links(pages, labels)`` for many lists of pages: the links of a list are each page's
    own link (rendered once per page), joined by the separator, once the macro has been seen to give the
    longest list exactly that; otherwise every list is the macro's."""

    def __init__(self, macro: Any, labels: dict[str, str], used_on: dict[str, list[PageRef]]) -> None:
        self.macro = macro
        self.labels = labels
        self.links: dict[PageRef, str] = {}
        self.sep = str(escape(labels["sep"]))  # as the template writes it (autoescaped)
        self.none = str(macro([], labels))
        longest = max(used_on.values(), key=len, default=[])
        self.joined = len(longest) < 2 or str(macro(longest, labels)) == self._join(longest)

    def of(self, pages: list[PageRef]) -> str:
        if not pages:
            return self.none
        return self._join(pages) if self.joined else str(self.macro(pages, self.labels))

    def _join(self, pages: list[PageRef]) -> str:
        links = self.links
        for page in pages:
            if page not in links:
                links[page] = str(self.macro([page], self.labels))
        return self.sep.join([links[page] for page in pages])


def _shown_yomi(name: str, yomi: str | None, lang: str) -> str | None:
    """The reading shown after a ja name: only for names with kanji (not for kana-only or Latin names)."""
    if lang != "ja" or is_kana_only(name) or is_latin_name(name):
        return None
    return yomi


def render_index(
    terms: list[Term],
    lang: str,
    used_on: dict[str, list[PageRef]] | None,
    learn_pages: LearnPages | None = None,
) -> str:
    """The index as Markdown: group headings (for the TOC) and escaped HTML entries.

    With ``used_on=None`` each entry's 'used on' list is a placeholder for :meth:`IndexTemplate.fill_used_on`.
    """
    return IndexTemplate().render(terms, lang, used_on, learn_pages)
