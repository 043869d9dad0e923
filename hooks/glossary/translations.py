"""Every page exists in every language: the missing translations of a suffix-structured docs folder."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hooks.core.problems import Problem

_SUFFIX = re.compile(r"^(?P<base>.*)\.(?P<lang>[A-Za-z]{2}(?:[-_][A-Za-z]{2,})?)\.md$")


def page_language(src_uri: str, languages: tuple[str, ...]) -> tuple[str, str]:
    """('concepts/model.md', 'en') for 'concepts/model.en.md'; a page without a language suffix is the default's."""
    match = _SUFFIX.match(src_uri)
    if match and match.group("lang") in languages:
        return f"{match.group('base')}.md", match.group("lang")
    return src_uri, languages[0]


def file_of(base: str, lang: str, languages: tuple[str, ...]) -> str:
    """'concepts/model.en.md' for ('concepts/model.md', 'en'); the default language's file has no suffix."""
    return base if not languages or lang == languages[0] else f"{base[:-3]}.{lang}.md"


def missing_translations(
    src_uris: Iterable[str], languages: tuple[str, ...], docs_label: str = "docs"
) -> list[Problem]:
    """One problem per missing page file, naming it first: 'docs/concepts/model.en.md: the 'en' translation ...'."""
    if len(languages) < 2:
        return []
    present: dict[str, set[str]] = {}
    for src_uri in src_uris:
        if src_uri.endswith(".md"):
            base, lang = page_language(src_uri, languages)
            present.setdefault(base, set()).add(lang)
    everywhere = " and ".join(languages) if len(languages) == 2 else ", ".join(languages)
    problems = []
    for base in sorted(present):
        have = present[base]
        source = next(lang for lang in languages if lang in have)
        for lang in languages:
            if lang not in have:
                problems.append(
                    Problem(
                        f"{docs_label}/{file_of(base, lang, languages)}",
                        None,
                        f"the '{lang}' translation of '{docs_label}/{file_of(base, source, languages)}' is missing; "
                        f"add this file (every page exists in {everywhere}).",
                    )
                )
    return problems


def default_stand_ins(src_uris: Iterable[str], languages: tuple[str, ...]) -> dict[str, str]:
    """Pages missing in the default language -> the translation to build in their place ('setup.md' -> 'setup.en.md')."""
    present: dict[str, list[str]] = {}
    for src_uri in src_uris:
        if src_uri.endswith(".md"):
            base, lang = page_language(src_uri, languages)
            present.setdefault(base, []).append(lang)
    return {
        base: file_of(base, next(lang for lang in languages if lang in have), languages)
        for base, have in sorted(present.items())
        if languages[0] not in have
    }
