"""Glossary: one data file (data/glossary.yml) -> term links in pages and a generated index per language.

- ``model``: the data file's schema (msgspec Structs), its checks, the loaded :class:`Term` s;
- ``collation``: the gojūon order of kana readings and the A–Z order, the index groups;
- ``mentions``: finding term names in running text (Japanese word boundaries, English plurals);
- ``pages``: what ``[[id]]`` becomes and what each page mentions (used by hooks/markers' extension);
- ``render``: the index, rendered with overrides/partials/glossary-index.html;
- ``translations``: every page exists in every language;
- ``__main__``: ``python -m hooks.glossary check [data/glossary.yml]``; ``hook.py``: the MkDocs adapter.
"""

from hooks.glossary.collation import group_en, group_ja, group_terms, name_key, row_ja, sort_key_en, sort_key_ja
from hooks.glossary.model import (
    CATEGORIES,
    DATA_LABEL,
    LANGS,
    Entry,
    Glossary,
    GlossaryError,
    Term,
    load,
    load_glossary,
    parse,
    parse_glossary,
)
from hooks.glossary.pages import GLOSSARY_URI, LanguagePages, convert, find_mentions
from hooks.glossary.render import PageRef, render_index

__all__ = [
    "CATEGORIES",
    "DATA_LABEL",
    "GLOSSARY_URI",
    "LANGS",
    "Entry",
    "Glossary",
    "GlossaryError",
    "LanguagePages",
    "PageRef",
    "Term",
    "convert",
    "find_mentions",
    "group_en",
    "group_ja",
    "group_terms",
    "load",
    "load_glossary",
    "name_key",
    "parse",
    "parse_glossary",
    "render_index",
    "row_ja",
    "sort_key_en",
    "sort_key_ja",
]
