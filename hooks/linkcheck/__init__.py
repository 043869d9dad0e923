"""Link checker of the built site: every URL of every page, internal targets and anchors, in one pass.

- ``parse``: the one HTML reader (ids, links with lines, duplicate heading ids).
- ``resolve``: URL resolution, the site walk, the checks, problems as fields (``LinkProblem``).
- ``sourcemap``: from a problem in a built page to the Markdown line (a line index per page).
- ``external``: external URLs over HTTP (``--external``; never during a build).
- ``__main__``: the CLI, ``python -m hooks.linkcheck site``.
- ``hook``: the MkDocs adapter; it checks the HTML MkDocs renders (``on_post_page``) after the last
  language's build.

Settings live under ``extra: linkcheck:`` in mkdocs.yml (MkDocs refuses unknown top-level keys)::

    extra:
      linkcheck:
        ignore: ['^https://example\\.com/']   # regexes searched in each URL (internal or external)
        cache_ttl: 86400                       # seconds an external success stays cached
        timeout: 10                            # seconds for one whole request
        max_workers: 8                         # concurrent requests overall
        per_host: 2                            # concurrent requests per host
        retries: 3                             # extra attempts after HTTP 429/503
        backoff: 1                             # first wait (doubled each time) without Retry-After
        max_wait: 30                           # a longer Retry-After is reported, not waited for
"""
