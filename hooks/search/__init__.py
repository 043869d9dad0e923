"""Search in the reader's language: the index text Material builds, and the check that every page runs our worker.

What makes Japanese search work lives in the browser, in Material's supported extension points:

- ``overrides/main.html`` (``{% block config %}``) points Material's ``__config.search`` worker setting at
  ``overrides/assets/javascripts/workers/search-ja.js#lang=<page language>&material=<Material's worker>``.
- ``search-ja.js`` loads Material's own worker (``importScripts``) and rewrites each query before
  Material sees it: NFKC (full-width Latin), Japanese runs split into the words of the index by dynamic
  programming over the index vocabulary, particles dropped; pages holding every word first, then the
  rest; results in the page language first. See its header comment.

The index is Material's, built by Material's own parser; ``index.py`` gives it readable text for what that
parser runs together: each table row becomes a sentence (``header: value``; check marks become the column
name), and each entry of a definition list with an id (the glossary) becomes a section of its own, titled
by the term and linking to its id. Only pages with a table or such a list are indexed again. Build-time segmentation
with SudachiPy or Janome was measured and not adopted: same recall on our query set and on 240 sampled
phrases, +31% index size and a ~200 MB dictionary dependency.

``wiring.py`` guards the wiring, which would otherwise fail silently: if a Material upgrade renamed its
worker or changed ``__config``, the template's replace would match nothing and pages would quietly fall
back to Material's query handling. The hook checks each page's ``__config`` as MkDocs writes it;
``find_problems(site_dir)`` checks a built site. CLI: ``python -m hooks.search check SITE_DIR`` and
``python -m hooks.search size SITE_DIR``.
"""
