"""Supported Python versions: ``<!-- python-versions: pkg ... -->`` renders a table from ``data/python_support.yml``.

- ``model``: the typed model of the data file and its loader (every problem with file and line);
- ``table``: the table, legend and notes, as pure functions of the model;
- ``refresh``: re-reading package metadata from an index (``make refresh-python-versions``);
- ``__main__``: the CLI (``python -m hooks.python_versions check|refresh``); ``hook.py``: the MkDocs adapter.
"""
