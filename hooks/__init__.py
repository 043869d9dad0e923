"""Build-time logic of the site: plain modules (importable, testable, runnable as CLIs).

Files named ``*_hook.py`` are the thin MkDocs adapters listed under ``hooks:`` in mkdocs.yml;
every other module is plain code that takes data and returns data.
"""
