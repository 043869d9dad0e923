"""Build-time logic of the site, one package per concern.

``hooks/core/`` holds what every concern shares (build phase, problems, path labels, text decoding,
YAML data, script classes). Each ``hooks/<concern>/`` holds plain modules, a ``__main__.py`` (the CLI,
``python -m hooks.<concern>``) and a ``hook.py``: the thin MkDocs adapter listed under ``hooks:`` in
mkdocs.yml. MkDocs loads a hook by file path, so the first line of each ``hook.py`` puts the repository
root on ``sys.path``; every other module is imported as ``hooks.<concern>.<module>``.
"""
