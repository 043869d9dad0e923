"""One ``mkdocs build`` in this process, timing each of our hooks (the files under ``hooks:``).

``python -m bench.timed_build CONFIG SITE_DIR [--strict] [--rebuild PAGE --times N]`` builds like
``mkdocs build -f CONFIG -d SITE_DIR --clean`` and prints one JSON line on stdout: ``{"build_s": ...,
"hooks_s": {name: s}, "warnings": n}``; the MkDocs log goes to stderr. Exit status 1 when the build
failed (including ``--strict`` with warnings). A hook is named by its package
(``hooks/linkcheck/hook.py`` -> ``linkcheck``); each event method is timed around its call, and our
hooks never start a nested build, so the times do not overlap.

With ``--rebuild PAGE`` it does what ``mkdocs serve`` does when an author saves PAGE: after a first
build (``on_startup`` with ``command='serve'``), N times: append a line to PAGE, read the config
again and rebuild; ``rebuild_s`` and ``rebuild_cpu_s`` list those rebuild times (config reading
included), wall and CPU.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import mkdocs.plugins

HOOK_TIMES: dict[str, float] = defaultdict(float)
HOOK_CPU: dict[str, float] = defaultdict(float)  # process CPU time in each hook's events
_HOOK_OF: dict[str, str] = {}  # event origin -> hook name, '' for a plugin


def hook_name(origin: str) -> str:
    """'hooks/linkcheck/hook.py' -> 'linkcheck'; 'hooks/x_hook.py' -> 'x_hook'."""
    name = origin.replace("\\", "/").rsplit("hooks/", 1)[-1].removesuffix(".py")
    return name.removesuffix("/hook")


def _timed_run_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
    """mkdocs.plugins.PluginCollection.run_event (MkDocs 1.6), plus a timer around hook methods."""
    pass_item = item is not None
    for method in self.events[name]:
        origin = self._event_origins.get(method, "<unknown>")
        self._current_plugin = origin
        hook = _HOOK_OF.get(origin)
        if hook is None:
            hook = _HOOK_OF[origin] = hook_name(origin) if "hooks/" in origin.replace("\\", "/") else ""
        if not hook:  # a plugin: not timed, as in the build without our hooks
            result = method(item, **kwargs) if pass_item else method(**kwargs)
        else:
            started, cpu = time.perf_counter(), time.process_time()
            result = method(item, **kwargs) if pass_item else method(**kwargs)
            HOOK_TIMES[hook] += time.perf_counter() - started
            HOOK_CPU[hook] += time.process_time() - cpu
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
    rebuild = Path(argv[argv.index("--rebuild") + 1]) if "--rebuild" in argv else None
    times = int(argv[argv.index("--times") + 1]) if "--times" in argv else 5
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    mkdocs.plugins.PluginCollection.run_event = _timed_run_event  # type: ignore[method-assign]
    started = time.perf_counter()
    warnings = 0

    class Counter(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            nonlocal warnings
            warnings += 1

    counter = Counter(level=logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    status = 0
    rebuilds: list[float] = []
    rebuilds_cpu: list[float] = []
    try:
        cfg = load_config(config_file, strict=strict, site_dir=site_dir)
        cfg.plugins.on_startup(command="serve" if rebuild else "build", dirty=False)
        try:
            build(cfg, dirty=False)
            if rebuild is not None:
                original = rebuild.read_text(encoding="utf-8")
                try:
                    for i in range(times):
                        rebuild.write_text(original + f"\n\nEdit {i}.\n", encoding="utf-8")
                        t0, c0 = time.perf_counter(), time.process_time()
                        again = load_config(config_file, strict=strict, site_dir=site_dir)
                        build(again, serve_url="http://127.0.0.1:8000/", dirty=False)
                        rebuilds.append(time.perf_counter() - t0)
                        rebuilds_cpu.append(time.process_time() - c0)
                finally:
                    rebuild.write_text(original, encoding="utf-8")
        finally:
            cfg.plugins.on_shutdown()
    except (exceptions.Abort, exceptions.ConfigurationError, exceptions.PluginError) as err:
        print(f"build failed: {err}", file=sys.stderr)
        status = 1
    out = {
        "build_s": time.perf_counter() - started,
        "hooks_s": dict(HOOK_TIMES),
        "hooks_cpu_s": dict(HOOK_CPU),
        "warnings": warnings,
    }
    if rebuild is not None:
        out["rebuild_s"] = rebuilds
        out["rebuild_cpu_s"] = rebuilds_cpu
    print(json.dumps(out))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
