"""Catalogue rows for page sources, the glossary, markers, data files, encodings, heading ids and translations."""

from __future__ import annotations

from tests.bad_inputs_case import Case

ROWS: list[Case] = [
    Case("clean-site-builds", exit=0, count=0),
]
