"""Link checker for a built site directory: every URL in every HTML page, in one pass.

What it checks (see :func:`check_site`): for each URL in ``a[href]``, ``area[href]``, ``img[src]``,
``img[srcset]``, ``source[src|srcset]``, ``link[href]``, ``script[src]``, ``video[src|poster]``,
``audio[src]``, ``iframe[src]``, ``object[data]``, ``embed[src]``, ``track[src]`` and SVG
``use``/``image``/``a`` ``href``/``xlink:href``:

- the target file exists with exactly that case; a directory URL needs its ``index.html`` (``dir``
  without the slash too, which servers redirect; from ``file://`` a directory URL is reported);
- the fragment names an ``id`` or ``a[name]`` of the target (HTML or SVG), compared raw and after
  percent-decoding; ``#``, ``#top`` and an empty ``href`` are always valid (HTML spec);
- no URL climbs above the site root, and none uses ``file:`` or ``javascript:``;
- root-absolute paths (``/x/...``) are resolved against the path of ``site_url``, and reported
  when there is no ``site_url`` or when the site is meant to be opened from ``file://``;
- absolute URLs under ``site_url`` (canonical and hreflang links) are checked as local files;
- ``link[rel=preconnect|dns-prefetch]`` names an origin, not a resource, and is skipped.

External URLs (``http:``/``https:`` elsewhere) are collected, and fetched only by
:func:`check_external` (``--external``): threads with a global and a per-host limit, timeouts,
HEAD then GET, retries on 429/503 honouring ``Retry-After``, redirects followed (permanent ones
reported as notices), successes cached with a TTL in ``.cache/linkcheck-external.json``.

Cost: each HTML file is read and parsed once (selectolax/Lexbor, which decodes entities and
builds the real DOM); ids are collected once per file into a set, so the whole check is linear in
links + ids. Lexbor does not expose source positions, so :func:`locate_tags` makes one forward
pass over the raw text, tokenizing only the start tags that can carry a URL (skipping comments
and raw-text elements), and each DOM node is matched in document order to the next start tag
with the same name and attribute value. The DOM stays the source of truth for which URLs exist;
the scan only supplies line numbers. Tree building costs O(depth) per tag, so a page nested more
than :data:`DEPTH_LIMIT` deep (thousands of unclosed tags) is reported and read with the stdlib
tokenizer instead: never a hang.

Configuration (read by the MkDocs hook from ``mkdocs.yml``, and by the CLI with ``--config``)
lives under ``extra: linkcheck:`` because MkDocs warns about unknown top-level keys (fatal in
``--strict``) and ``extra`` is free-form::

    extra:
      linkcheck:
        ignore: ['^https://example\\.com/']   # regexes searched in each URL (internal or external)
        cache_ttl: 86400                       # seconds an external success stays cached
        timeout: 10                            # seconds per request
        max_workers: 8                         # concurrent requests overall
        per_host: 2                            # concurrent requests per host
        retries: 3                             # extra attempts after HTTP 429/503
        backoff: 1                             # first wait (doubled each time) without Retry-After
        max_wait: 30                           # a longer Retry-After is reported, not waited for

Command line: ``python -m hooks.linkcheck SITE_DIR [--site-url URL] [--config mkdocs.yml]
[--file-urls] [--ignore REGEX]... [--external] [--list-external]``. It prints one line per
problem, ``RELPATH:LINE: message``, sorted, and exits 1 when there are problems (notices do not
count), 0 when none, 2 on a usage error. Python API: ``check_site(site_dir, *, site_url=None,
file_urls=False, ignore=()) -> list[Problem]`` (``Problem(path, line, message)``, sortable), or
``scan_site`` + ``check_links`` + ``check_external`` for the parts.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import email.utils
import functools
import html
import http.client
import json
import os
import posixpath
import re
import socket
import ssl
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from hooks import mdscan

# Tag -> attributes that hold a URL (srcset holds a list of them).
LINK_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href", "xlink:href"),
    "area": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "link": ("href",),
    "script": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "iframe": ("src",),
    "object": ("data",),
    "embed": ("src",),
    "track": ("src",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}
# Attributes where an empty value means "this document" (valid) rather than a missing URL.
EMPTY_OK = {"href", "xlink:href"}
# link[rel] values whose href is an origin to warm up, not a resource to fetch.
ORIGIN_RELS = {"preconnect", "dns-prefetch"}
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
SKIPPED_SCHEMES = {"mailto", "tel", "data", "sms", "blob", "about", "geo", "irc", "news", "urn", "xmpp", "callto"}
_SELECTOR = ",".join(sorted(LINK_ATTRS))

# Start-tag scanner used only for line numbers (see the module docstring).
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext",
             "template")  # template content is not in the DOM tree that css() searches
_SCAN_RE = re.compile(
    r"<(?:(?P<comment>!--)|(?P<cdata>!\[CDATA\[)|(?P<name>"
    + "|".join(sorted(set(LINK_ATTRS) | set(_RAW_TEXT), key=len, reverse=True))
    + r")(?=[\s/>]))",
    re.I,
)
_ATTR_RE = re.compile(
    r"""[\s/]*(?P<name>[^\s/>"'=][^\s/>=]*)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s>]*)))?"""
)
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_CLOSE_RE = {name: re.compile(r"</" + name + r"(?=[\s/>])", re.I) for name in _RAW_TEXT}
_LOOKAHEAD = 64  # start tags examined to match one DOM node (the DOM can hold clones of <a>)
# Tree building costs O(depth) per tag, so a page of thousands of unclosed <div> takes minutes in any
# HTML5 parser; past this depth the page is reported and read with the stdlib tokenizer instead.
DEPTH_LIMIT = 4096
_TAG_RE = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>")
_NO_NEST = frozenset((  # void elements and elements whose end tag the parser implies
    "area base br col embed hr img input link meta source track wbr param keygen frame basefont bgsound "
    "p li dt dd option optgroup rb rt rp rtc tr td th tbody thead tfoot colgroup caption head body html").split())


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, sortable by path, line and message; ``str()`` is the output line."""

    path: str  # relative to the site directory, posix separators
    line: int  # 1-based line in that file
    message: str
    url: str = field(default="", compare=False)  # the URL as written in the HTML
    target: str | None = field(default=None, compare=False)  # target file (relative) when it resolved
    fragment: str | None = field(default=None, compare=False)  # percent-decoded fragment at fault
    severity: str = field(default="error", compare=False)  # "error" or "notice"
    kind: str = field(default="", compare=False)  # missing, anchor, directory, url, file, external, redirect

    def __str__(self) -> str:
        prefix = "notice: " if self.severity == "notice" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass(frozen=True)
class Link:
    url: str  # attribute value as the DOM sees it (entities decoded), one srcset candidate at a time
    line: int
    tag: str
    attr: str


@dataclass
class ParsedFile:
    """What one HTML (or SVG) file offers to the check: its ids, its links, and its own problems."""

    ids: set[str]
    links: list[Link]
    problems: list[tuple[int, str]]  # (line, message) about the file itself


@dataclass
class Options:
    site_url: str | None = None
    file_urls: bool = False  # the site is opened from file:// (offline bundle): no server, no index
    ignore: tuple[re.Pattern[str], ...] = ()


# --------------------------------------------------------------------------- parsing


def decode(data: bytes) -> tuple[str, list[tuple[int, str]]]:
    """Decode a file as UTF-8; an invalid byte becomes a problem at its line, and U+FFFD in the text."""
    try:
        text = data.decode("utf-8")
        problems: list[tuple[int, str]] = []
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        problems = [(line, f"file is not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
                           "save it as UTF-8.")]
        text = data.decode("utf-8", "replace")
    text = text.removeprefix("\ufeff")
    if "\r" in text:  # the HTML tokenizer's newline normalization, so lines agree with the DOM
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems


def locate_tags(text: str) -> dict[str, list[tuple[int, dict[str, tuple[str, int]]]]]:
    """Start tags that can carry a URL, per tag name, in source order: ``(line, {attr: (raw value, line)})``.

    Comments, CDATA sections and the content of raw-text elements (script, style, textarea,
    title, iframe...) are skipped, as the HTML tokenizer does. One forward pass: linear in the text.
    """
    found: dict[str, list[tuple[int, dict[str, tuple[str, int]]]]] = {}
    length = len(text)
    pos = 0  # scan position
    at, line = 0, 1  # line number of offset `at`; only ever moves forward

    def line_of(offset: int) -> int:
        nonlocal at, line
        if offset > at:
            line += text.count("\n", at, offset)
            at = offset
        return line

    while pos < length:
        match = _SCAN_RE.search(text, pos)
        if match is None:
            break
        start = match.start()
        if match.group("comment") or match.group("cdata"):
            end = text.find("-->" if match.group("comment") else "]]>", start + 2)  # '<!-->' is a comment too
            pos = length if end < 0 else end + 3
            continue
        name = match.group("name").lower()
        tag_line = line_of(start)
        attrs: dict[str, tuple[str, int]] = {}
        cursor = match.end()
        while True:
            attr = _ATTR_RE.match(text, cursor)
            if attr is None or attr.end() == cursor:
                break
            for group in ("dq", "sq", "uq"):
                value = attr.group(group)
                if value is not None:
                    value_start = attr.start(group)
                    break
            else:
                value, value_start = "", attr.start("name")
            key = attr.group("name").lower()
            if key not in attrs:  # the first of duplicate attributes wins
                attrs[key] = (value, line_of(value_start))
            cursor = attr.end()
        tag_end = text.find(">", cursor)
        pos = length if tag_end < 0 else tag_end + 1
        if name in LINK_ATTRS:
            found.setdefault(name, []).append((tag_line, attrs))
        if name in _RAW_TEXT:
            close = _CLOSE_RE[name].search(text, pos)
            pos = length if close is None else close.start()
    return found


def parse_srcset(value: str) -> list[str]:
    """The URLs of a srcset attribute (the HTML spec's candidate parsing, descriptors dropped)."""
    urls: list[str] = []
    pos, length = 0, len(value)
    while pos < length:
        while pos < length and (value[pos] in " \t\n\r\f,"):
            pos += 1
        if pos >= length:
            break
        start = pos
        while pos < length and value[pos] not in " \t\n\r\f":
            pos += 1
        url = value[start:pos]
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        depth = 0  # skip descriptors up to a comma outside parentheses
        while pos < length:
            char = value[pos]
            if char == "(":
                depth += 1
            elif char == ")" and depth:
                depth -= 1
            elif char == "," and not depth:
                pos += 1
                break
            pos += 1
    return urls


def nesting_offset(text: str, limit: int = DEPTH_LIMIT) -> int:
    """Offset of the start tag where elements first nest deeper than ``limit``, or -1 (an estimate, linear)."""
    if text.count("<") <= limit:
        return -1
    depth = 0
    for match in _TAG_RE.finditer(text):
        if match.group(3) or match.group(2).lower() in _NO_NEST:
            continue
        if match.group(1):
            depth = depth - 1 if depth else 0
        else:
            depth += 1
            if depth > limit:
                return match.start()
    return -1


def _add_links(links: list[Link], problems: list[tuple[int, str]], tag: str, name: str, value: str,
               line: int) -> None:
    if name == "srcset":
        urls = parse_srcset(value)
        if not urls:
            problems.append((line, f"{tag} srcset '{value.strip()}' lists no image; give it a URL."))
        links.extend(Link(url, line, tag, name) for url in urls)
    else:
        links.append(Link(value, line, tag, name))


class _FlatParser(HTMLParser):
    """Tokenizer-level reading (stdlib, linear) for pages nested too deep to build a tree from."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[Link] = []
        self.problems: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values: dict[str, str] = {}
        for key, value in attrs:
            values.setdefault(key, value or "")
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        if tag not in LINK_ATTRS or (tag == "link" and ORIGIN_RELS & set(values.get("rel", "").lower().split())):
            return
        line = self.getpos()[0]
        source = (self.get_starttag_text() or "").lower()
        for name in LINK_ATTRS[tag]:
            if name in values:
                at = source.find(name + "=")
                _add_links(self.links, self.problems, tag, name, values[name],
                           line + source.count("\n", 0, at) if at > 0 else line)


def parse_html(data: bytes | str) -> ParsedFile:
    """Parse one HTML (or SVG) document: its ids (``id`` and ``a[name]``) and its links with lines."""
    text, problems = decode(data.encode("utf-8", "replace") if isinstance(data, str) else data)
    deep = nesting_offset(text)
    if deep >= 0:
        problems.append((text.count("\n", 0, deep) + 1, f"elements nest more than {DEPTH_LIMIT} levels deep here "
                                                        "(unclosed tags?); close them."))
        flat = _FlatParser()
        flat.feed(text)
        flat.close()
        return ParsedFile(flat.ids, flat.links, problems + flat.problems)
    tree = LexborHTMLParser(text)
    ids: set[str] = set()
    for node in tree.css("[id]"):
        value = node.attributes.get("id")
        if value:
            ids.add(value)
    for node in tree.css("a[name]"):
        value = node.attributes.get("name")
        if value:
            ids.add(value)

    located = locate_tags(text)
    pointers = {name: 0 for name in located}
    last_line = 1
    last_value: dict[str, list[tuple[str, str]]] = {}  # tag -> link attributes of its last node
    links: list[Link] = []
    for node in tree.css(_SELECTOR):
        tag = node.tag or ""
        attributes = node.attributes
        wanted = [(name, attributes[name] or "") for name in LINK_ATTRS.get(tag, ()) if name in attributes]
        if not wanted:
            continue
        if tag == "link" and ORIGIN_RELS & set((attributes.get("rel") or "").lower().split()):
            continue
        # Match the node to its start tag in the source: next same-name tag with the same value.
        lines: dict[str, int] | None = None
        candidates = located.get(tag, [])
        index = pointers.get(tag, 0)
        key, key_value = wanted[0]
        for probe in range(index, min(index + _LOOKAHEAD, len(candidates))):
            tag_line, raw_attrs = candidates[probe]
            raw = raw_attrs.get(key)
            if raw is not None and (raw[0] == key_value or html.unescape(raw[0]) == key_value):
                pointers[tag] = probe + 1
                last_line = tag_line
                lines = {name: value_line for name, (_, value_line) in raw_attrs.items()}
                break
        if lines is None:
            if last_value.get(tag) == wanted:
                continue  # a clone the tree builder made of misnested <a>: the source has one link
            lines = {}
        last_value[tag] = wanted
        for name, value in wanted:
            _add_links(links, problems, tag, name, value, lines.get(name, last_line))
    return ParsedFile(ids, links, problems)


def parse_ids(data: bytes) -> set[str]:
    """Ids of a non-HTML document that fragments may point into (an SVG sprite or figure)."""
    return parse_html(data).ids


# --------------------------------------------------------------------------- the site


@dataclass
class Site:
    root: Path
    files: set[str]  # every file, relative posix path, exact case
    dirs: set[str]  # every directory ('' is the root)
    pages: dict[str, ParsedFile]  # parsed HTML files
    problems: list[Problem]  # about files themselves (encoding, symlinks, unreadable)
    lower: dict[str, str] = field(default_factory=dict)  # lower-cased path -> real path (case hints)
    _svg_ids: dict[str, set[str]] = field(default_factory=dict)

    def ids_of(self, rel: str) -> set[str] | None:
        """Ids of an HTML or SVG file (SVG parsed on first use, once); None for other types."""
        if rel in self.pages:
            return self.pages[rel].ids
        if rel.lower().endswith(".svg"):
            if rel not in self._svg_ids:
                try:
                    self._svg_ids[rel] = parse_ids((self.root / rel).read_bytes())
                except OSError:
                    self._svg_ids[rel] = set()
            return self._svg_ids[rel]
        return None


def scan_site(site_dir: Path | str) -> Site:
    """Walk the site once: list files and directories (following in-site symlinks), parse HTML files."""
    root = Path(site_dir)
    real_root = os.path.realpath(root)
    files: set[str] = set()
    dirs: set[str] = {""}
    problems: list[Problem] = []
    pages: dict[str, ParsedFile] = {}
    seen_real: set[str] = {real_root}

    def inside(path: str) -> bool:
        return path == real_root or path.startswith(real_root.rstrip(os.sep) + os.sep)

    def check_symlink(full: str, rel: str) -> bool:
        """True when a symlink may be followed; otherwise record why not."""
        target = os.readlink(full)
        real = os.path.realpath(full)
        if not os.path.exists(real):
            problems.append(Problem(rel, 1, f"symbolic link points to '{target}', which does not exist; "
                                            "remove it or copy the file in.", kind="file"))
            return False
        if not inside(real):
            problems.append(Problem(rel, 1, f"symbolic link points to '{target}', outside the site, which a "
                                            "published copy will not contain; copy the file in instead.",
                                    kind="file"))
            return False
        return True

    def unreadable(err: OSError) -> None:
        rel = os.path.relpath(err.filename or str(root), root).replace(os.sep, "/")
        problems.append(Problem(rel, 1, f"directory cannot be read ({err.strerror}); fix its permissions.",
                                kind="file"))

    for current, dirnames, filenames in os.walk(root, followlinks=True, onerror=unreadable):
        rel_dir = os.path.relpath(current, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir
        keep = []
        for name in sorted(dirnames):
            full = os.path.join(current, name)
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if os.path.islink(full):
                if not check_symlink(full, rel):
                    continue
                real = os.path.realpath(full)
                if real in seen_real:  # a loop, or a second route to a walked directory
                    dirs.add(rel)
                    continue
                seen_real.add(real)
            else:
                seen_real.add(os.path.realpath(full))
            dirs.add(rel)
            keep.append(name)
        dirnames[:] = keep
        for name in filenames:
            full = os.path.join(current, name)
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if os.path.islink(full) and not check_symlink(full, rel):
                continue
            if os.path.isdir(full):  # a symlink to an already walked directory
                dirs.add(rel)
                continue
            if not os.path.isfile(full):  # a FIFO would block the read forever
                problems.append(Problem(rel, 1, "is not a regular file (a pipe, socket or device); remove it.",
                                        kind="file"))
                continue
            files.add(rel)
            if name.lower().endswith(HTML_SUFFIXES):
                try:
                    data = Path(full).read_bytes()
                except OSError as err:
                    problems.append(Problem(rel, 1, f"file cannot be read ({err.strerror}); fix its permissions.",
                                            kind="file"))
                    continue
                page = parse_html(data)
                pages[rel] = page
                problems.extend(Problem(rel, line, message, kind="file") for line, message in page.problems)
    lower = {}
    for rel in files | dirs:
        lower.setdefault(rel.lower(), rel)
    return Site(root, files, dirs, pages, problems, lower)


# --------------------------------------------------------------------------- resolving URLs


@dataclass(frozen=True)
class Resolved:
    kind: str  # "internal", "external", "skip" or "problem"
    path: str = ""  # internal: target path relative to the root ('' or 'x/' for a directory URL)
    is_dir: bool = False
    fragment: str | None = None  # raw fragment (without '#'), None when absent
    message: str = ""  # for "problem"
    url: str = ""  # for "external": the URL to fetch (without fragment)


def clean_url(value: str) -> str:
    """Strip ASCII whitespace around a URL and remove tabs and newlines inside it (URL spec)."""
    value = value.strip(" \t\n\r\f")
    if "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\t", "").replace("\n", "").replace("\r", "")
    return value


def normalize(path: str) -> str | None:
    """Resolve '.' and '..' segments of a relative posix path; None if it climbs above the root."""
    parts: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        if segment == "..":
            if not parts:
                return None
            parts.pop()
        elif segment == "." or (segment == "" and index < len(segments) - 1):
            continue
        else:
            parts.append(segment)
    if segments and segments[-1] in (".", "..") and parts != [""]:
        parts.append("")
    return "/".join(parts)


@functools.lru_cache(maxsize=8)
def _site_parts(site_url: str | None):
    """(urlsplit(site_url), its path ending in '/'), or (None, None) without a site_url."""
    if not site_url:
        return None, None
    site = urlsplit(site_url)
    base_path = site.path or "/"
    return site, base_path if base_path.endswith("/") else base_path + "/"


def resolve(raw: str, page: str, *, attr: str = "href", options: Options | None = None) -> Resolved:
    """Classify one URL found in ``page`` (relative path of the HTML file) and resolve it in the site."""
    options = options or Options()
    url = clean_url(raw)
    if url == "":
        if attr in EMPTY_OK:
            return Resolved("skip")
        return Resolved("problem", message="is empty; give it a URL.")
    if url.startswith("#"):
        return Resolved("internal", page, False, url[1:])
    scheme_match = _SCHEME_RE.match(url)
    site, base_path = _site_parts(options.site_url)
    if scheme_match or url.startswith("//"):
        scheme = scheme_match.group(1).lower() if scheme_match else "https"
        if scheme == "javascript":
            return Resolved("problem", message="uses the javascript: scheme; use a real URL, or a button for a script.")
        if scheme == "file":
            return Resolved("problem", message="uses the file: scheme, which works only on the author's machine; "
                                               "use a relative link.")
        if scheme not in ("http", "https"):
            return Resolved("skip")
        parts = urlsplit(url if scheme_match else "https:" + url)
        if site and not options.file_urls and parts.netloc.lower() == site.netloc.lower() and (
                parts.path + "/").startswith(base_path or "/"):
            # An absolute URL into this very site (canonical, hreflang): check the local file.
            local = parts.path
        else:
            external = parts._replace(fragment="").geturl()
            return Resolved("external", url=external, fragment=parts.fragment or None)
        fragment = parts.fragment if "#" in url else None
    else:
        local, _, fragment_part = url.partition("#")
        fragment = fragment_part if "#" in url else None
        local = local.split("?", 1)[0]
    path = unquote(local)
    if path.startswith("/"):
        if options.file_urls:
            return Resolved("problem", message="is root-absolute, which does not work when the site is opened "
                                               "from file://; use a relative link.")
        if base_path is None:
            return Resolved("problem", message="is root-absolute, but site_url is not set; use a relative link "
                                               "or set site_url.")
        if not (path + "/").startswith(base_path):
            return Resolved("problem", message=f"is outside the site's base path '{base_path}'; use a relative link.")
        rel = path[len(base_path):] if len(path) >= len(base_path) else ""
    elif path == "":
        return Resolved("internal", page, False, fragment)
    else:
        rel = posixpath.dirname(page) + "/" + path if posixpath.dirname(page) else path
    normalized = normalize(rel)
    if normalized is None:
        return Resolved("problem", message="points outside the site root; use a link inside the site.")
    is_dir = normalized == "" or normalized.endswith("/")
    return Resolved("internal", normalized, is_dir, fragment)


def check_target(site: Site, page: str, link: Link, resolved: Resolved, options: Options) -> Problem | None:
    """Check that an internal target exists and defines the fragment; None when it does."""
    url = clean_url(link.url)
    path = resolved.path
    directory = path.rstrip("/") if resolved.is_dir else (path if path in site.dirs and path not in site.files
                                                           else None)
    if directory is not None:
        index = f"{directory}/index.html" if directory else "index.html"
        shown_dir = f"{directory}/" if directory else "./"
        if options.file_urls:
            return Problem(page, link.line, f"link '{url}' points to directory '{shown_dir}', which a browser "
                                            f"opening the site from file:// shows as a listing; link to "
                                            f"'{index}'.", url, kind="directory")
        if index not in site.files:
            if directory in site.dirs:
                return Problem(page, link.line, f"link '{url}' points to directory '{shown_dir}', which has no "
                                                "index.html.", url, kind="directory")
            return missing(site, page, link.line, url, index)
        target = index
    elif path in site.files:
        target = path
    else:
        return missing(site, page, link.line, url, path)
    fragment = resolved.fragment
    if not fragment or fragment.startswith(":~:"):  # '#', or a text fragment
        return None
    decoded = unquote(fragment)
    if decoded.lower() == "top" or fragment.lower() == "top":
        return None
    ids = site.ids_of(target)
    if ids is None or fragment in ids or decoded in ids:
        return None
    return Problem(page, link.line, f"link '{url}' points to anchor '{decoded}', which '{target}' does not define.",
                   url, target, decoded, kind="anchor")


def missing(site: Site, page: str, line: int, url: str, path: str) -> Problem:
    hint = ""
    other = site.lower.get(path.lower())
    if other is not None and other != path:
        hint = f"; the file is named '{other}' (case differs)"
    return Problem(page, line, f"link '{url}' points to '{path}', which does not exist{hint}.", url, path,
                   kind="missing")


def ignored(url: str, options: Options) -> bool:
    return any(pattern.search(url) for pattern in options.ignore)


def check_links(site: Site, options: Options) -> tuple[list[Problem], dict[str, list[tuple[str, int]]]]:
    """All problems of internal links, and the external URLs with where they occur."""
    problems: set[Problem] = set(site.problems)
    external: dict[str, list[tuple[str, int]]] = {}
    for page, parsed in site.pages.items():
        for link in parsed.links:
            if options.ignore and ignored(link.url, options):
                continue
            resolved = resolve(link.url, page, attr=link.attr, options=options)
            if resolved.kind == "skip":
                continue
            if resolved.kind == "external":
                external.setdefault(resolved.url, []).append((page, link.line))
            elif resolved.kind == "problem":
                value = clean_url(link.url)
                subject = f"link '{value}'" if value else f"{link.tag} {link.attr}"
                problems.add(Problem(page, link.line, f"{subject} {resolved.message}", value, kind="url"))
            else:
                problem = check_target(site, page, link, resolved, options)
                if problem is not None:
                    problems.add(problem)
    return sorted(problems), external


def check_site(site_dir: Path | str, *, site_url: str | None = None, file_urls: bool = False,
               ignore: Iterable[str] = ()) -> list[Problem]:
    """Check every internal link of a built site; sorted problems (empty when the site is clean)."""
    options = Options(site_url=site_url, file_urls=file_urls, ignore=compile_patterns(ignore))
    return check_links(scan_site(site_dir), options)[0]


def compile_patterns(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """Compile ignore regexes; a bad one raises ValueError naming it."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except (re.error, TypeError) as err:
            raise ValueError(f"ignore pattern '{pattern}' is not a valid regular expression ({err})") from None
    return tuple(compiled)


# --------------------------------------------------------------------------- back to Markdown

_TOKEN_START = set("(<\"'[= \t")
_TOKEN_END = set(")>\"' \t")


def markdown_needles(problem: Problem, *, page_src: str | None = None, target_src: str | None = None) -> list[str]:
    """Strings that the Markdown link behind ``problem`` may contain, most specific first.

    ``page_src`` and ``target_src`` are docs-relative source paths ('concepts/compute.md') of the page
    holding the link and of the page it points to, when known: MkDocs rewrote 'datastore.md#x'
    to '../datastore/#x', so the HTML URL alone is not in the Markdown.
    """
    url = problem.url
    needles = [url, unquote(url)]
    fragment = url.partition("#")[2] if "#" in url else None
    suffix = f"#{fragment}" if fragment is not None else ""
    if page_src is not None and target_src is not None:
        relative = posixpath.relpath(target_src, posixpath.dirname(page_src) or ".")
        plain = re.sub(r"\.[a-z]{2}(?:_[A-Z]{2})?\.md$", ".md", relative)  # 'x.en.md' is written 'x.md'
        for path in dict.fromkeys([plain, relative]):
            needles += [path + suffix, path + unquote(suffix)]
    if fragment:
        needles += [f"#{fragment}", f"#{unquote(fragment)}"]
    return [needle for needle in dict.fromkeys(needles) if needle]


def find_in_markdown(markdown: str, needles: Sequence[str], nth: int = 0) -> tuple[int, str, str] | None:
    """First needle that occurs as a link target in ``markdown`` (outside fenced code).

    Returns (line, the whole target as written, the character before it: '(' or ' ' for a
    Markdown link, '"', "'" or '=' for a raw HTML attribute).

    A needle must end where a link target ends; one that is not a bare fragment must also start
    where a target starts. ``nth`` picks the nth occurrence (the last one if there are fewer).
    """
    lines = markdown.split("\n")
    code = {index for index, fenced in enumerate(mdscan.fenced_lines(lines)) if fenced}
    for needle in needles:
        hits: list[tuple[int, str, str]] = []
        fragment_only = needle.startswith("#")
        for index, text in enumerate(lines):
            if index in code or needle not in text:
                continue
            start = text.find(needle)
            while start >= 0:
                end = start + len(needle)
                before = text[start - 1] if start else " "
                after = text[end] if end < len(text) else " "
                if after in _TOKEN_END and (
                        (fragment_only and before not in " \t{") or (not fragment_only and before in _TOKEN_START)):
                    left = start
                    while left > 0 and text[left - 1] not in _TOKEN_START:
                        left -= 1
                    hits.append((index + 1, text[left:end], text[left - 1] if left else ""))
                start = text.find(needle, start + 1)
        if hits:
            return hits[min(nth, len(hits) - 1)]
    return None


# --------------------------------------------------------------------------- external URLs


@dataclass
class ExternalSettings:
    timeout: float = 10.0  # seconds per connect / read
    max_workers: int = 8  # concurrent requests overall
    per_host: int = 2  # concurrent requests per host
    retries: int = 3  # extra attempts after a 429/503
    backoff: float = 1.0  # first wait when the server gives no Retry-After; doubled each time
    max_wait: float = 30.0  # longest Retry-After honoured; a longer one is reported
    max_redirects: int = 10
    cache_path: Path | None = Path(".cache/linkcheck-external.json")
    cache_ttl: float = 86400.0
    user_agent: str = "azure-ml-intro-linkcheck/1.0"


@dataclass(frozen=True)
class ExternalResult:
    url: str
    ok: bool
    status: int | None = None
    message: str = ""  # why it failed
    redirect: str | None = None  # final URL when a permanent redirect was followed
    redirect_status: int | None = None
    cached: bool = False


def retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); ``default`` if absent/bad."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when is None:
        return default
    return max(0.0, when.timestamp() - time.time())


def _request(method: str, url: str, settings: ExternalSettings) -> tuple[int, str | None, str | None]:
    """One HTTP request without following redirects: (status, Location, Retry-After)."""
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    target = quote(target, safe="/%?=&;:@!$'()*+,~-._[]")  # a request line is ASCII: encode 'ページ'
    if parts.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname or "", parts.port, timeout=settings.timeout, context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=settings.timeout)
    try:
        conn.request(method, target, headers={"User-Agent": settings.user_agent, "Accept": "*/*"})
        response = conn.getresponse()
        if method == "GET":
            response.read(65536)  # enough to know the server answers; never the whole body
        return response.status, response.getheader("Location"), response.getheader("Retry-After")
    finally:
        conn.close()


def fetch(url: str, settings: ExternalSettings, *, host_lock: threading.Semaphore | None = None) -> ExternalResult:
    """Check one external URL: HEAD (GET when HEAD is refused), redirects followed, 429/503 retried."""
    attempt = 0
    method = "HEAD"
    current = url
    permanent: tuple[int, str] | None = None
    redirects = 0
    lock = host_lock or threading.Semaphore(1)
    while True:
        try:
            with lock:
                status, location, wait_header = _request(method, current, settings)
        except (socket.timeout, TimeoutError):
            return ExternalResult(url, False, None, f"timed out after {settings.timeout:g} s")
        except ssl.SSLError as err:
            return ExternalResult(url, False, None, f"failed the TLS handshake ({err.reason or err})")
        except (OSError, http.client.HTTPException) as err:
            if method == "HEAD" and isinstance(err, http.client.HTTPException):
                method = "GET"  # some servers drop HEAD requests
                continue
            reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
            return ExternalResult(url, False, None, f"could not be reached ({reason})")
        except (ValueError, UnicodeError) as err:  # a URL http.client cannot send (bad port, bad host)
            return ExternalResult(url, False, None, f"is not a valid URL ({err})")
        if status in (301, 302, 303, 307, 308) and location:
            redirects += 1
            if redirects > settings.max_redirects:
                return ExternalResult(url, False, status, f"redirects more than {settings.max_redirects} times")
            following = urljoin(current, location)
            if status in (301, 308) and permanent is None:
                permanent = (status, following)
            elif permanent is not None:
                permanent = (permanent[0], following)
            if status == 303:
                method = "GET"
            current = following
            continue
        if permanent is not None and (status < 300 or status >= 400):
            permanent = (permanent[0], current)
        if status in (429, 503) and attempt < settings.retries:
            wait = retry_after(wait_header, settings.backoff * (2 ** attempt))
            if wait > settings.max_wait:
                return ExternalResult(url, False, status, f"returned HTTP {status} and asks to retry after "
                                                          f"{wait:.0f} s")
            attempt += 1
            time.sleep(wait)
            continue
        if status >= 400 and method == "HEAD" and status not in (404, 410, 429, 503):
            method = "GET"  # HEAD refused or mishandled (405, 403, 501, 500...): ask properly
            continue
        if 200 <= status < 400:
            return ExternalResult(url, True, status, "", permanent[1] if permanent else None,
                                  permanent[0] if permanent else None)
        reason = http.client.responses.get(status, "")
        return ExternalResult(url, False, status, f"returned HTTP {status}" + (f" ({reason})" if reason else ""))


def load_cache(path: Path | None, ttl: float) -> dict[str, dict]:
    if path is None or not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["entries"]
        now = time.time()
        return {url: entry for url, entry in entries.items() if now - float(entry["checked"]) < ttl}
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # a damaged cache is only a slower run


def save_cache(path: Path | None, entries: dict[str, dict]) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps({"version": 1, "entries": entries}, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def check_external(urls: dict[str, list[tuple[str, int]]], settings: ExternalSettings | None = None
                   ) -> list[Problem]:
    """Fetch every external URL concurrently; a problem per place a failing URL appears, notices for moves."""
    settings = settings or ExternalSettings()
    cache = load_cache(settings.cache_path, settings.cache_ttl)
    results: dict[str, ExternalResult] = {}
    todo = []
    for url in urls:
        entry = cache.get(url)
        if entry is not None:
            results[url] = ExternalResult(url, True, entry.get("status"), "", entry.get("redirect"),
                                          entry.get("redirect_status"), cached=True)
        else:
            todo.append(url)
    host_locks: dict[str, threading.Semaphore] = {}
    for url in todo:
        host = (urlsplit(url).hostname or "").lower()
        host_locks.setdefault(host, threading.BoundedSemaphore(max(1, settings.per_host)))
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, settings.max_workers)) as pool:
        futures = {pool.submit(fetch, url, settings, host_lock=host_locks[(urlsplit(url).hostname or "").lower()]):
                   url for url in todo}
        for future in concurrent.futures.as_completed(futures):
            results[futures[future]] = future.result()
    now = time.time()
    for url, result in results.items():
        if result.ok and not result.cached:
            cache[url] = {"checked": now, "status": result.status, "redirect": result.redirect,
                          "redirect_status": result.redirect_status}
    try:
        save_cache(settings.cache_path, cache)
    except OSError:
        pass  # read-only checkout: the cache is an optimisation
    problems: set[Problem] = set()
    for url, places in urls.items():
        result = results[url]
        for page, line in places:
            if not result.ok:
                problems.add(Problem(page, line, f"external link '{url}' {result.message}.", url, kind="external"))
            elif result.redirect:
                problems.add(Problem(page, line, f"external link '{url}' permanently redirects (HTTP "
                                                 f"{result.redirect_status}) to '{result.redirect}'; update the link.",
                                     url, severity="notice", kind="redirect"))
    return sorted(problems)


# --------------------------------------------------------------------------- configuration and CLI


class _ConfigLoader(__import__("yaml").SafeLoader):
    """Reads mkdocs.yml: !ENV is honoured, other tags (!!python/...) become None."""


def _env_constructor(loader, node):
    import yaml

    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1] or items, items[-1] if len(items) > 1 else None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env_constructor)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(path: Path) -> dict:
    """site_url, use_directory_urls and extra.linkcheck of an mkdocs.yml; ValueError when unusable."""
    import yaml

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (OSError, yaml.YAMLError) as err:
        raise ValueError(f"config '{path}' cannot be read ({err.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise ValueError(f"config '{path}' is not a mapping")
    extra = data.get("extra") or {}
    settings = extra.get("linkcheck") or {} if isinstance(extra, dict) else {}
    if not isinstance(settings, dict):
        raise ValueError(f"config '{path}': extra.linkcheck must be a mapping")
    return {"site_url": data.get("site_url"), "linkcheck": settings}


def external_settings(config: dict, base: ExternalSettings | None = None) -> ExternalSettings:
    """Apply extra.linkcheck keys to the defaults; ValueError names a bad key."""
    settings = base or ExternalSettings()
    numbers = {"cache_ttl": float, "timeout": float, "max_workers": int, "per_host": int, "retries": int,
               "max_wait": float, "backoff": float}
    for key, value in config.items():
        if key == "ignore":
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ValueError("extra.linkcheck.ignore must be a list of regular expressions")
            continue
        if key not in numbers:
            raise ValueError(f"extra.linkcheck.{key} is not a known setting (known: ignore, "
                             + ", ".join(sorted(numbers)) + ")")
        try:
            number = numbers[key](value)
        except (TypeError, ValueError):
            raise ValueError(f"extra.linkcheck.{key} must be a number, not '{value}'") from None
        if number < 0 or (key in ("max_workers", "per_host") and number < 1):
            raise ValueError(f"extra.linkcheck.{key} must be positive, not '{value}'")
        setattr(settings, key, number)
    return settings


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _Parser(prog="python -m hooks.linkcheck", description="Check the links of a built site.")
    parser.add_argument("site_dir", help="the built site (e.g. site/)")
    parser.add_argument("--site-url", help="the published URL; root-absolute links resolve against its path")
    parser.add_argument("--config", type=Path, help="read site_url and extra.linkcheck from this mkdocs.yml")
    parser.add_argument("--file-urls", action="store_true",
                        help="the site is opened from file:// (offline bundle): no directory indexes, no root")
    parser.add_argument("--ignore", action="append", default=[], metavar="REGEX", help="skip URLs matching REGEX")
    parser.add_argument("--external", action="store_true", help="also fetch external http(s) URLs")
    parser.add_argument("--list-external", action="store_true", help="print the external URLs, not fetched")
    parser.add_argument("--timeout", type=float, help="seconds per request (default 10)")
    parser.add_argument("--max-workers", type=int, help="concurrent requests overall (default 8)")
    parser.add_argument("--per-host", type=int, help="concurrent requests per host (default 2)")
    parser.add_argument("--cache", type=Path, help="cache file (default .cache/linkcheck-external.json)")
    parser.add_argument("--cache-ttl", type=float, help="seconds a success stays cached (default 86400)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    args = parser.parse_args(argv)

    site_dir = Path(args.site_dir)
    if not site_dir.is_dir():
        parser.error(f"site directory '{site_dir}' does not exist or is not a directory")
    config: dict = {"site_url": None, "linkcheck": {}}
    try:
        if args.config is not None:
            config = read_config(args.config)
        settings = external_settings(config["linkcheck"])
        for name in ("timeout", "max_workers", "per_host", "cache_ttl"):
            value = getattr(args, name)
            if value is not None:
                external_settings({name: value}, settings)
        ignore = compile_patterns([*config["linkcheck"].get("ignore", []), *args.ignore])
    except ValueError as err:
        parser.error(str(err))
    settings.cache_path = None if args.no_cache else (args.cache or settings.cache_path)
    options = Options(site_url=args.site_url or config["site_url"], file_urls=args.file_urls, ignore=ignore)

    started = time.monotonic()
    site = scan_site(site_dir)
    problems, external = check_links(site, options)
    if args.external:
        problems = sorted(set(problems) | set(check_external(external, settings)))
    for problem in problems:
        print(problem)
    if args.list_external and not args.external:
        for url, places in sorted(external.items()):
            page, line = min(places)
            print(f"{page}:{line}: external link '{url}' not fetched ({len(places)} place(s)).")
    errors = sum(1 for problem in problems if problem.severity == "error")
    links = sum(len(page.links) for page in site.pages.values())
    print(f"linkcheck: {len(site.pages)} pages, {links} links, {len(external)} external URLs"
          f"{' checked' if args.external else ' not fetched (use --external)'}, {errors} problem(s) "
          f"in {time.monotonic() - started:.2f} s.", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
