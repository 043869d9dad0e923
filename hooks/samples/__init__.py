"""Code samples under ``examples/``: snippet includes in pages, downloadable zips, and the offline checker.

Plain modules, usable without MkDocs:
- :mod:`hooks.samples.snippets` finds ``--8<-- "path[:section]"`` includes in Markdown and reports the
  ones whose file or section does not exist;
- :mod:`hooks.samples.bundle` writes a deterministic zip of a sample folder;
- :mod:`hooks.samples.check` checks every sample with azure-ai-ml, Python, bash and json (test-only
  dependencies, imported only by the checker);
- ``python -m hooks.samples check|zip`` runs them from the command line; ``hook.py`` adapts them to MkDocs.
"""

from __future__ import annotations
