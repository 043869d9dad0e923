"""Ideas every hook shares, each written once.

- ``phase``: which static-i18n build this is (languages, current, first/last, offline).
- ``problems``: ``Problem``, ``Reporter`` and ``HookError``, for every message a hook or CLI gives.
- ``paths``: the path labels messages show.
- ``text``: decoding files (UTF-8, errors naming file and byte). ``data``: YAML with line numbers and
  typed models. ``scripts``: Japanese script classes of a character and the character sets of
  typesetting. ``mdscan``: fenced-code lines of Markdown. ``cache``: clean verdicts kept between builds.
"""
