"""The offline bundle: a copy of the site that works from ``file://`` with no network.

Owns three things: ``shim`` (1.), ``resources`` (2.), ``bundle`` (3.); the MkDocs adapter is ``hook.py``, the CLI
``python -m hooks.offline`` (``__main__.py``).

1. **Search under file://** (the Web-Worker shim). Material's search runs Lunr in a Web Worker, and
   Chromium refuses ``new Worker("file://...")``. Material's ``offline`` plugin therefore adds the
   ``iframe-worker`` shim to ``extra.polyfills``, but from a CDN (unpkg) that an offline reader
   cannot reach, so the search box never appears. We ship the same shim ourselves:

   - ``package.json`` pins the npm package ``iframe-worker`` (MIT, by Material's author); ``npm ci``
     installs it into ``node_modules/`` (never committed; ``make offline`` / ``make test`` run it).
   - In an offline build the hook puts ``assets/vendor/iframe-worker/shim.js`` into
     ``extra.polyfills`` *before* the offline plugin's ``on_config`` runs; the plugin sees a URL
     containing "iframe-worker" and adds no CDN script. The build copies
     ``node_modules/iframe-worker/shim/index.js`` there, with its MIT
     notice as a header and the package's LICENSE file beside it (``shim_contents()``, added to
     MkDocs' files in ``on_files`` so link checks see them).
   - How the shim works: under ``file:`` it replaces ``window.Worker`` with ``IFrameWorker``,
     which runs the worker script in a hidden same-page ``<iframe>`` (``<script src=URL?<time>>``),
     routes ``postMessage`` both ways, and defines ``importScripts(...urls)`` as an *async*
     function that appends ``<script>`` tags and returns a Promise (Material's worker awaits it).
     Inside the iframe ``location`` is the page's URL, not the worker's: a worker script finds
     its own URL from ``document.currentScript`` / ``script[src]`` (Material's worker does so to
     find ``../lunr``). The shim appends ``?<timestamp>`` to the worker URL *after* any
     ``#fragment`` the page put there, so the last fragment parameter gets that suffix.
   - The search index: the offline plugin writes ``search/search_index.js`` (``var __index = ...``)
     and Material's bundle loads it with a ``<script>`` tag under ``file:``. The ``i18n`` plugin
     must be listed before ``offline`` in mkdocs.yml, or that file holds one language only.

2. **Checking** that nothing in the output makes the browser load a resource from the network:
   during an offline build the hook checks each page as MkDocs writes it and names the ``.md`` source
   (and its line, when the URL is written there); ``find_remote_resources(site_dir)`` checks a built
   site (links ``<a href="https://...">`` are fine: they are not loaded unless clicked).

   Other requests the theme would make, and where they are stopped: Google Fonts (``theme.font:
   false``); the repository's stars from api.github.com when ``repo_url`` is set (overrides/partials/source.html);
   ``sitemap.xml`` next to every ``<link rel="alternate">`` and Material's hijacking of the language
   links (overrides/assets/javascripts/i18n-links.js; the bundle has no hreflang links anyway).
   The bundle has no 404 pages (hooks/seo/): no server shows them from ``file://``.

3. **The zip**: ``dist/azure-ml-intro-offline-<version>.zip`` holding one folder of the same name
   with ``index.html`` at its top. ``<version>`` is ``$OFFLINE_VERSION`` when set, else
   ``git describe --tags --always --dirty`` (a tag such as ``v1.2``, or ``v1.2-3-gabc1234``, or a
   bare commit ``abc1234`` in a clone without tags), else today's UTC date ``YYYYMMDD``.
"""
