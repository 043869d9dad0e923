"""Which build is this: languages from the static-i18n config, the language being built, offline or not.

static-i18n builds the default language first and, from inside that build's ``on_post_build``, each
further language with ``mkdocs.commands.build.build`` (its ``building`` flag is then True). When the
last language's build reaches ``on_post_build``, every page of every language is written.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class BuildPhase(NamedTuple):
    languages: tuple[str, ...]  # default language first
    default: str  # default language
    current: str  # language being built now
    first: bool  # True in the default-language build (the outer one)
    last: bool  # True in the build of the last language
    offline: bool  # Material's offline plugin enabled


def _plugin(config: Any, *names: str) -> Any:
    plugins: Any = getattr(config, "plugins", None)
    if plugins is None and isinstance(config, dict):
        plugins = config.get("plugins")
    if plugins is None or not hasattr(plugins, "get"):
        return None
    for name in names:
        plugin = plugins.get(name)
        if plugin is not None:
            return plugin
    return None


def _theme_language(config: Any) -> str:
    theme = config.get("theme") if hasattr(config, "get") else None
    language = None
    if theme is not None:
        try:
            language = theme["language"]
        except (KeyError, TypeError):
            language = getattr(theme, "language", None)
    return str(language or "en")


def languages(config: Any) -> tuple[str, ...]:
    """The languages built, default first: from the i18n plugin, else the theme language alone."""
    i18n = _plugin(config, "i18n")
    built = list(getattr(i18n, "build_languages", None) or []) if i18n is not None else []
    if not built:
        return (_theme_language(config),)
    default = getattr(i18n, "default_language", None) or built[0]
    return (default, *[lang for lang in built if lang != default])


def phase(config: Any) -> BuildPhase:
    """The build phase of ``config`` as seen from any event of any build."""
    langs = languages(config)
    default = langs[0]
    i18n = _plugin(config, "i18n")
    nested = bool(getattr(i18n, "building", False))
    # Outside the nested builds static-i18n's current_language is None (before its on_config) or
    # the last language built (after its on_post_build returned): either way the outer build is
    # the default language's.
    current = str(getattr(i18n, "current_language", None) or default) if nested else default
    last = current == langs[-1] and (nested or len(langs) == 1)
    offline_plugin = _plugin(config, "material/offline", "offline")
    offline = False
    if offline_plugin is not None:
        settings: Any = getattr(offline_plugin, "config", None)
        offline = bool(settings.get("enabled", True)) if hasattr(settings, "get") else True
    return BuildPhase(languages=langs, default=default, current=current, first=not nested, last=last, offline=offline)
