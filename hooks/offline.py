"""The offline bundle: a copy of the site that works from ``file://`` with no network.

Owns three things (the MkDocs adapter is hooks/offline_hook.py, the CLI is ``python -m hooks.offline``):

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
   ``find_remote_resources(site_dir)`` (links ``<a href="https://...">`` are fine: they are not
   loaded unless clicked).

   Other requests the theme would make, and where they are stopped: Google Fonts (``theme.font:
   false``); the repository's stars from api.github.com when ``repo_url`` is set (overrides/partials/source.html);
   ``sitemap.xml`` next to every ``<link rel="alternate">`` and Material's hijacking of the language
   links (overrides/assets/javascripts/i18n-links.js; the bundle has no hreflang links anyway).
   The bundle has no 404 pages (hooks/seo.py): no server shows them from ``file://``.

3. **The zip**: ``dist/azure-ml-intro-offline-<version>.zip`` holding one folder of the same name
   with ``index.html`` at its top. ``<version>`` is ``$OFFLINE_VERSION`` when set, else
   ``git describe --tags --always --dirty`` (a tag such as ``v1.2``, or ``v1.2-3-gabc1234``, or a
   bare commit ``abc1234`` in a clone without tags), else today's UTC date ``YYYYMMDD``.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE_NAME = "azure-ml-intro-offline"
SHIM_PACKAGE = "iframe-worker"
SHIM_SOURCE = Path("node_modules") / SHIM_PACKAGE / "shim" / "index.js"
SHIM_DEST = "assets/vendor/iframe-worker/shim.js"  # site-relative; contains "iframe-worker" (see 1.)
OFFLINE_ENV = "OFFLINE"  # mkdocs.yml: plugins: - offline: enabled: !ENV [OFFLINE, false]


class OfflineError(Exception):
    """A problem that makes the offline bundle unusable; the message says how to fix it."""


# ---------------------------------------------------------------------------------------------- shim


def shim_files(root: Path = ROOT) -> tuple[Path, Path, str]:
    """Return (shim script, LICENSE file, version) of the installed iframe-worker package."""
    package_dir = root / SHIM_SOURCE.parents[1]
    script, license_file, manifest = root / SHIM_SOURCE, package_dir / "LICENSE", package_dir / "package.json"
    for path in (script, license_file, manifest):
        if not path.is_file():
            raise OfflineError(f"{path.relative_to(root)}: file is missing; run 'npm ci' in {root} "
                               f"(the npm package '{SHIM_PACKAGE}' provides the search worker shim for file://).")
    meta = json.loads(manifest.read_text(encoding="utf-8"))
    if meta.get("license") != "MIT":
        raise OfflineError(f"{manifest.relative_to(root)}: license '{meta.get('license')}' is not the MIT license "
                           f"this bundle's notice was written for; check the new license before shipping it.")
    return script, license_file, str(meta.get("version", "?"))


def shim_contents(root: Path = ROOT) -> dict[str, bytes]:
    """{site-relative path: bytes} of the iframe-worker shim (with an MIT notice header) and its LICENSE."""
    script, license_file, version = shim_files(root)
    header = (f"/*! iframe-worker {version} | MIT License | (c) Martin Donath | "
              f"https://github.com/squidfunk/iframe-worker | full text: ./LICENSE */\n")
    license_dest = SHIM_DEST.rsplit("/", 1)[0] + "/LICENSE"
    return {SHIM_DEST: (header + script.read_text(encoding="utf-8")).encode("utf-8"),
            license_dest: license_file.read_bytes()}


def vendor_shim(site_dir: Path, root: Path = ROOT) -> list[Path]:
    """Write the shim and its LICENSE into ``site_dir`` (for a site built without the hook); return them."""
    written = []
    for rel, data in shim_contents(root).items():
        dest = site_dir / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        written.append(dest)
    return written


# ------------------------------------------------------------------------------ remote resources


@dataclass(frozen=True)
class Problem:
    path: str  # site-relative file
    line: int
    url: str
    what: str  # e.g. '<script src>'

    def __str__(self) -> str:
        return (f"{self.path}:{self.line}: {self.what} '{self.url}' loads from the network, which an offline "
                f"reader cannot reach; ship the file in the site and refer to it by a relative path.")


REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://, https://, //host, ftp://...
LOCAL_SCHEMES = ("data:", "blob:", "about:", "javascript:", "mailto:", "tel:", "#")

# Attributes whose URL the browser fetches by itself (not on a click).
LOADED_ATTRS: dict[str, tuple[str, ...]] = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "embed": ("src",), "object": ("data",), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
# <link rel=...> values that make the browser fetch href (canonical/alternate/prev/next do not).
LOADED_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch",
                    "preconnect", "dns-prefetch", "manifest", "mask-icon"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)
# Material's own scripts name two CDN URLs that they load only when needed: a ResizeObserver polyfill
# (every browser the bundle supports has ResizeObserver) and mermaid.js (only for a page with a mermaid
# diagram, which MERMAID catches in the HTML). Our own scripts and inline scripts are scanned.
MATERIAL_SCRIPTS = re.compile(r"^assets/javascripts/(?:bundle|workers/search)\.[0-9a-f]{8}\.min\.js$")
MERMAID = re.compile(r"""<(?:pre|div)\b[^>]*class=["'][^"']*\bmermaid\b""", re.I)
# Remote hosts that scripts are known to load from at runtime (CDNs, fonts, analytics).
JS_REMOTE = re.compile(r"https?://(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|fonts\.googleapis\.com|"
                       r"fonts\.gstatic\.com|www\.googletagmanager\.com|www\.google-analytics\.com)[^\s'\"`)]*")


class _ResourceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []  # (line, what, url)
        self._in: str | None = None  # 'style' or 'script' while inside an inline one

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        line = self.getpos()[0]
        names = LOADED_ATTRS.get(tag, ())
        if tag == "link":
            rels = set(attr.get("rel", "").lower().split())
            names = ("href",) if rels & LOADED_LINK_RELS else ()
        for name in names:
            for url in _split_srcset(attr.get(name, "")) if name == "srcset" else [attr.get(name, "")]:
                if REMOTE.match(url):
                    self.found.append((line, f"<{tag} {name}>", url.strip()))
        if "style" in attr:
            self.found += [(line, f"<{tag} style> url()", u) for u in _css_urls(attr["style"]) if REMOTE.match(u)]
        self._in = tag if tag == "style" or (tag == "script" and not attr.get("src")) else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        line = self.getpos()[0]
        if self._in == "style":
            self.found += [(line, "<style> url()", u) for u in _css_urls(data) if REMOTE.match(u)]
        elif self._in == "script":
            self.found += [(line + data.count("\n", 0, m.start()), "<script> URL", m.group(0))
                           for m in JS_REMOTE.finditer(data)]


def _split_srcset(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _css_urls(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(css)]


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def find_remote_resources(site_dir: Path) -> list[Problem]:
    """Every place in the built site that makes a browser load something from the network by itself."""
    problems: list[Problem] = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        suffix = path.suffix.lower()
        if suffix not in (".html", ".css", ".js", ".svg"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if suffix in (".html", ".svg"):
            parser = _ResourceParser()
            parser.feed(text)
            problems += [Problem(rel, line, url, what) for line, what, url in parser.found]
        elif suffix == ".css":
            for m in CSS_URL.finditer(text):
                url = m.group(2) or m.group(4)
                if REMOTE.match(url):
                    problems.append(Problem(rel, _line_of(text, m.start()), url, "CSS url()"))
        if suffix == ".html":
            problems += [Problem(rel, _line_of(text, m.start()), "https://unpkg.com/mermaid", "mermaid diagram")
                         for m in MERMAID.finditer(text)]
        if suffix == ".js" and not MATERIAL_SCRIPTS.match(rel):
            problems += [Problem(rel, _line_of(text, m.start()), m.group(0), "script URL")
                         for m in JS_REMOTE.finditer(text)]
    return problems


# ------------------------------------------------------------------------------------- packaging


def bundle_version(root: Path = ROOT, env: dict[str, str] | None = None) -> str:
    """The version in the zip's name: $OFFLINE_VERSION, else `git describe`, else today's UTC date."""
    env = os.environ if env is None else env
    if env.get("OFFLINE_VERSION"):
        version = env["OFFLINE_VERSION"]
    else:
        try:
            version = subprocess.run(["git", "describe", "--tags", "--always", "--dirty"], cwd=root, check=True,
                                     capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            version = ""
        version = version or _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%d")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._+-]*", version):
        raise OfflineError(f"bundle version '{version}' is not usable in a file name; set OFFLINE_VERSION to "
                           f"letters, digits, '.', '_', '+' or '-'.")
    return version


def make_zip(site_dir: Path, dist_dir: Path, version: str) -> Path:
    """Zip ``site_dir`` as one folder ``azure-ml-intro-offline-<version>/``; return the zip's path."""
    if not (site_dir / "index.html").is_file():
        raise OfflineError(f"{site_dir}/index.html: file is missing; build the offline site first.")
    folder = f"{BUNDLE_NAME}-{version}"
    dist_dir.mkdir(parents=True, exist_ok=True)
    target = dist_dir / f"{folder}.zip"
    tmp = target.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(site_dir).as_posix()
            if rel.endswith(".gz"):  # sitemap.xml.gz: of no use offline
                continue
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=(1980, 1, 1, 0, 0, 0))  # reproducible
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    tmp.replace(target)
    return target


def build_site(site_dir: Path, root: Path = ROOT, config: str = "mkdocs.yml") -> None:
    """Run the strict MkDocs build with the offline plugin enabled (OFFLINE=true) into ``site_dir``."""
    env = {**os.environ, OFFLINE_ENV: "true", "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(root / config),
           "-d", str(site_dir)]
    proc = subprocess.run(cmd, cwd=root, env=env, text=True, capture_output=True)
    sys.stderr.write(proc.stdout + proc.stderr)
    if proc.returncode:
        raise OfflineError(f"offline build of {root / config} failed (exit {proc.returncode}); see the log above.")


def bundle(*, site_dir: Path, dist_dir: Path, root: Path = ROOT, version: str | None = None,
           build: bool = True) -> Path:
    """The whole `make offline`: build, check for remote resources, zip. Returns the zip's path."""
    if build:
        build_site(site_dir, root)
    if not (site_dir / SHIM_DEST).is_file() or not (site_dir / "search" / "search_index.js").is_file():
        raise OfflineError(f"{site_dir}: '{SHIM_DEST}' or 'search/search_index.js' is missing; build with "
                           f"{OFFLINE_ENV}=true so the offline plugin and hooks/offline_hook.py run.")
    problems = find_remote_resources(site_dir)
    if problems:
        raise OfflineError("\n".join(str(p) for p in problems))
    return make_zip(site_dir, dist_dir, version or bundle_version(root))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.offline", description=__doc__.split("\n")[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "build" / "offline",
                        help="where to build the offline site (default: build/offline)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where to write the zip (default: dist)")
    parser.add_argument("--no-build", action="store_true", help="zip an existing offline build of --site-dir")
    parser.add_argument("--check", action="store_true",
                        help="only list remote resources in --site-dir (any site); exit 1 when there are some")
    args = parser.parse_args(argv)
    try:
        if args.check:
            problems = find_remote_resources(args.site_dir)
            for p in problems:
                print(p)
            return 1 if problems else 0
        print(bundle(site_dir=args.site_dir.resolve(), dist_dir=args.dist.resolve(), build=not args.no_build))
    except OfflineError as err:
        print(f"ERROR: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
