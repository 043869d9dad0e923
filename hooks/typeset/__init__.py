"""Japanese typesetting of the rendered pages: short texts wrap between phrases, body text keeps its
katakana words whole.

- character classes (Japanese, katakana, characters that may not start or end a line) come from
  hooks/core/scripts.py;
- `markup`: a tokenizer that keeps every byte of the HTML it reads;
- `phrases`: BudouX phrase breaks and the ``<wbr>``/``<span>`` markup (pure functions);
- `page`: which elements of a page are short texts and which text is body text;
- `hook`: the MkDocs adapter (listed under ``hooks:`` in mkdocs.yml), one `Typesetter` per build.

The matching CSS is docs/assets/css/typeset.css.
"""
