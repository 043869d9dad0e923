"""One ``mkdocs build`` in this process, timing each of our hooks (``hooks/*.py`` under ``hooks:``).

``python -m bench.timed_build CONFIG SITE_DIR [--strict]`` builds like ``mkdocs build -f CONFIG -d
SITE_DIR --clean`` and prints one JSON line on stdout: ``{"build_s": ..., "hooks_s": {name: s},
"warnings": n}``; the MkDocs log goes to stderr. Exit status 1 when the build failed (including
``--strict`` with warnings). The benchmark times the whole subprocess from outside; the per-hook
times show where our share of it goes. Each event method of a hook is timed around its call;
our hooks never start a nested build, so the times do not overlap.
"""
from __future__ import annotations

import json
import logging
import sys
import time
from collections import defaultdict

import mkdocs.plugins

HOOK_TIMES: dict[str, float] = defaultdict(float)


def _timed_run_event(self, name, item=None, **kwargs):
    """mkdocs.plugins.PluginCollection.run_event (MkDocs 1.6), plus a timer around hook methods."""
    pass_item = item is not None
    for method in self.events[name]:
        origin = self._event_origins.get(method, "<unknown>")
        self._current_plugin = origin
        started = time.perf_counter()
        result = method(item, **kwargs) if pass_item else method(**kwargs)
        if origin.startswith("hooks/"):
            HOOK_TIMES[origin.removeprefix("hooks/").removesuffix(".py")] += time.perf_counter() - started
        if result is not None:
            item = result
    self._current_plugin = None
    return item


def main(argv: list[str]) -> int:
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file, site_dir = argv[0], argv[1]
    strict = "--strict" in argv
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    mkdocs.plugins.PluginCollection.run_event = _timed_run_event
    started = time.perf_counter()
    warnings = 0

    class Counter(logging.Handler):
        def emit(self, record):
            nonlocal warnings
            warnings += 1

    counter = Counter(level=logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    status = 0
    try:
        cfg = load_config(config_file, strict=strict, site_dir=site_dir)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg, dirty=False)
        finally:
            cfg.plugins.on_shutdown()
    except (exceptions.Abort, exceptions.ConfigurationError, exceptions.PluginError) as err:
        print(f"build failed: {err}", file=sys.stderr)
        status = 1
    print(json.dumps({"build_s": time.perf_counter() - started, "hooks_s": dict(HOOK_TIMES), "warnings": warnings}))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
