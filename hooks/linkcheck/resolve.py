"""Resolving the URLs of a built site and checking their targets; problems as structured fields.

For each URL of each page (see hooks/linkcheck/parse.py for which attributes hold URLs):

- the target file exists with exactly that case; a directory URL needs its ``index.html`` (``dir``
  without the slash too, which servers redirect; from ``file://`` a directory URL is reported);
- the fragment names an ``id`` or ``a[name]`` of the target (HTML or SVG), compared raw and after
  percent-decoding; ``#``, ``#top`` and an empty ``href`` are always valid (HTML spec);
- no URL climbs above the site root, none uses ``file:`` or ``javascript:``, and a URL that cannot be
  parsed (``http://[::1``) is reported;
- root-absolute paths (``/x/...``) are resolved against the path of ``site_url``, and reported
  when there is no ``site_url`` or when the site is meant to be opened from ``file://``;
- absolute URLs under ``site_url`` (canonical and hreflang links) are checked as local files;
- ``link[rel=preconnect|dns-prefetch]`` names an origin, not a resource, and is skipped.

External URLs (``http:``/``https:`` elsewhere) are collected for hooks/linkcheck/external.py.
Each problem is a :class:`LinkProblem`; :func:`message` builds its sentence from its fields, so the
MkDocs hook can restate it at the Markdown source (other URL and paths) without rewriting text.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal
from urllib.parse import SplitResult, unquote, urlsplit

from hooks.linkcheck.parse import KINDS, ParsedPage, parse_document

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
EMPTY_OK = frozenset({"href", "xlink:href"})  # an empty value means "this document"
SKIPPED_SCHEMES = {"mailto", "tel", "data", "sms", "blob", "about", "geo", "irc", "news", "urn", "xmpp", "callto"}
_EMPTY = "is empty; give it a URL."  # the problem of an empty URL where one is needed
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# A relative path that clean_url and unquote leave as it is (no space, ':', '%', '?'), not starting with
# '/' or '#', with an optional fragment: resolve() joins it to the folder without the general steps.
_PLAIN_RE = re.compile(r"([^\t\n\r\f :%?#/][^\t\n\r\f :%?#]*)(?:#([^\t\n\r\f ]*))?")

Kind = Literal["missing", "anchor", "directory", "listing", "url", "file", "external", "redirect", "duplicate-id"]


class LinkProblem:
    """One problem of a built page, as fields; sortable by page, line and sentence.

    Immutable; equal (and hashed, and ordered) by ``page``, ``line`` and ``text`` alone.
    """

    __slots__ = ("detail", "fragment", "kind", "line", "page", "severity", "subject", "target", "text", "url")
    _FIELDS = ("page", "line", "text", "kind", "url", "target", "fragment", "detail", "subject", "severity")
    page: str  # relative to the site directory, posix separators
    line: int  # 1-based line in that file
    text: str  # the sentence as the HTML shows it; '' is filled in by message()
    kind: Kind
    url: str  # the URL as written in the HTML (cleaned)
    target: str | None  # site path it resolved to
    fragment: str | None  # percent-decoded fragment at fault
    detail: str  # kind-specific rest of the sentence
    subject: str  # 'img src': names an empty URL in the sentence
    severity: Literal["error", "notice"]

    def __init__(
        self,
        page: str,
        line: int,
        text: str,
        kind: Kind = "file",
        url: str = "",
        target: str | None = None,
        fragment: str | None = None,
        detail: str = "",
        subject: str = "",
        severity: Literal["error", "notice"] = "error",
    ) -> None:
        init = object.__setattr__
        init(self, "page", page)
        init(self, "line", line)
        init(self, "kind", kind)
        init(self, "url", url)
        init(self, "target", target)
        init(self, "fragment", fragment)
        init(self, "detail", detail)
        init(self, "subject", subject)
        init(self, "severity", severity)
        init(self, "text", text or message(self))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field '{name}'")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field '{name}'")

    def _key(self) -> tuple[str, int, str]:
        return self.page, self.line, self.text

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, LinkProblem) else NotImplemented

    def __lt__(self, other: LinkProblem) -> bool:
        return self._key() < other._key() if isinstance(other, LinkProblem) else NotImplemented

    def __le__(self, other: LinkProblem) -> bool:
        return self._key() <= other._key() if isinstance(other, LinkProblem) else NotImplemented

    def __gt__(self, other: LinkProblem) -> bool:
        return self._key() > other._key() if isinstance(other, LinkProblem) else NotImplemented

    def __ge__(self, other: LinkProblem) -> bool:
        return self._key() >= other._key() if isinstance(other, LinkProblem) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS)
        return f"LinkProblem({fields})"

    def __str__(self) -> str:
        prefix = "notice: " if self.severity == "notice" else ""
        return f"{self.page}:{self.line}: {prefix}{self.text}"

    def replace(self, **changes: object) -> LinkProblem:
        """A copy with ``changes``; the sentence is copied too, not made again from the new fields."""
        fields = {name: getattr(self, name) for name in self._FIELDS}
        return LinkProblem(**{**fields, **changes})


def message(
    problem: LinkProblem,
    *,
    url: str | None = None,
    target: str | None = None,
    missing: str | None = None,
    first_line: int | None = None,
    note: str = "",
) -> str:
    """The sentence of ``problem``, optionally with the URL as written elsewhere, other path labels and a note.

    ``url`` replaces the URL, ``target`` the label of the target file (anchors), ``missing`` the label
    of the missing path, ``first_line`` the line of a duplicate id's first use; ``note`` is a clause
    added before the final period.
    """
    shown = problem.url if url is None else url
    kind = problem.kind
    if kind == "missing":
        text = f"link '{shown}' points to '{missing or problem.target}', which does not exist{problem.detail}"
    elif kind == "anchor":
        text = (
            f"link '{shown}' points to anchor '{problem.fragment}', which '{target or problem.target}' does not define"
        )
    elif kind == "directory":
        text = f"link '{shown}' points to directory '{problem.detail}', which has no index.html"
    elif kind == "listing":
        text = (
            f"link '{shown}' points to directory '{problem.detail}', which a browser opening the site from "
            f"file:// shows as a listing; link to '{problem.target}'"
        )
    elif kind == "url":
        subject = f"link '{shown}'" if shown else problem.subject
        text = f"{subject} {problem.detail}"
    elif kind == "external":
        text = f"external link '{shown}' {problem.detail}"
    elif kind == "duplicate-id":
        first = first_line if first_line is not None else problem.detail
        text = f"heading id '{problem.fragment}' is already used at line {first} of this page; give each heading its own id"
    elif kind == "redirect":
        text = f"external link '{shown}' permanently redirects {problem.detail}; update the link"
    else:
        text = problem.detail
    text = text.rstrip(".")
    return f"{text}{note}."


def make(page: str, line: int, kind: Kind, **fields: object) -> LinkProblem:
    """A LinkProblem whose ``text`` is :func:`message` of its fields."""
    return LinkProblem(page, line, "", kind, **fields)  # type: ignore[arg-type]


class Options:
    """How the URLs of a site resolve: against ``site_url``, as opened from ``file://``; ``ignore`` skips some."""

    __slots__ = ("file_urls", "ignore", "site_url")

    def __init__(
        self, site_url: str | None = None, file_urls: bool = False, ignore: tuple[re.Pattern[str], ...] = ()
    ) -> None:
        self.site_url = site_url
        self.file_urls = file_urls  # the site is opened from file:// (offline bundle): no server, no index
        self.ignore = ignore


# --------------------------------------------------------------------------- the site


class Site:
    """The files and directories of a built site, and its parsed HTML files."""

    __slots__ = ("_svg_ids", "dirs", "files", "lower", "pages", "problems", "root")

    def __init__(
        self,
        root: Path,
        files: set[str],
        dirs: set[str],
        pages: dict[str, ParsedPage],
        problems: list[LinkProblem],
        lower: dict[str, str] | None = None,
    ) -> None:
        self.root = root
        self.files = files  # every file, relative posix path, exact case
        self.dirs = dirs  # every directory ('' is the root)
        self.pages = pages  # parsed HTML files
        self.problems = problems  # about files themselves (encoding, symlinks, unreadable, duplicate ids)
        self.lower: dict[str, str] = {} if lower is None else lower  # lower-cased path -> real path (case hints)
        self._svg_ids: dict[str, set[str]] = {}

    def ids_of(self, rel: str) -> set[str] | None:
        """Ids of an HTML or SVG file (SVG parsed on first use, once); None for other types."""
        if rel in self.pages:
            return self.pages[rel].ids
        if rel.lower().endswith(".svg"):
            if rel not in self._svg_ids:
                try:
                    self._svg_ids[rel] = parse_document((self.root / rel).read_bytes()).ids
                except OSError:
                    self._svg_ids[rel] = set()
            return self._svg_ids[rel]
        return None


def page_problems(rel: str, page: ParsedPage) -> list[LinkProblem]:
    """The problems of a parsed document itself: encoding, nesting, empty srcset, duplicate heading ids."""
    problems = [make(rel, line, "file", detail=text) for line, text in page.problems]
    problems.extend(
        make(
            rel,
            line,
            "duplicate-id",
            fragment=value,
            detail=str(first),
        )
        for line, value, first in page.duplicate_ids
    )
    return problems


def scan_site(
    site_dir: Path | str,
    parsed: dict[str, ParsedPage] | None = None,
    parse: Callable[[bytes], ParsedPage] = parse_document,
) -> Site:
    """Walk the site once: list files and directories (following in-site symlinks), parse HTML files.

    ``parsed`` holds pages already parsed (by the MkDocs hook, from the HTML it wrote), keyed by
    their relative path; only the other HTML files are read, and given to ``parse``.
    """
    root = Path(site_dir)
    real_root = os.path.realpath(root)
    files: set[str] = set()
    dirs: set[str] = {""}
    problems: list[LinkProblem] = []
    pages: dict[str, ParsedPage] = {}
    known = parsed or {}
    seen_real: set[str] = {real_root}

    def inside(path: str) -> bool:
        return path == real_root or path.startswith(real_root.rstrip(os.sep) + os.sep)

    def file_problem(rel: str, text: str) -> None:
        problems.append(make(rel, 1, "file", detail=text))

    def check_symlink(full: str, rel: str) -> bool:
        """True when a symlink may be followed; otherwise record why not."""
        target = os.readlink(full)
        real = os.path.realpath(full)
        if not os.path.exists(real):
            file_problem(
                rel, f"symbolic link points to '{target}', which does not exist; remove it or copy the file in."
            )
            return False
        if not inside(real):
            file_problem(
                rel,
                f"symbolic link points to '{target}', outside the site, which a published copy will not contain; "
                "copy the file in instead.",
            )
            return False
        return True

    def unreadable(err: OSError) -> None:
        rel = os.path.relpath(err.filename or str(root), root).replace(os.sep, "/")
        file_problem(rel, f"directory cannot be read ({err.strerror}); fix its permissions.")

    # os.walk(root, followlinks=True) in the same order (a directory, then its subdirectories sorted),
    # with the types scandir already knows, and each directory's real path carried down instead of
    # asked of the file system again.
    stack: list[tuple[str, str, str]] = [(str(root), "", real_root)]  # (path, relative path, real path)
    while stack:
        current, rel_dir, real_dir = stack.pop()
        subdirs: list[str] = []
        others: list[os.DirEntry[str]] = []
        try:
            listing = os.scandir(current)
        except OSError as err:
            unreadable(err)
            continue
        with listing:
            try:
                for entry in listing:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        is_dir = False
                    if is_dir:
                        subdirs.append(entry.name)
                    else:
                        others.append(entry)
            except OSError as err:
                unreadable(err)
                continue
        keep: list[tuple[str, str, str]] = []
        for name in sorted(subdirs):
            full = os.path.join(current, name)
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if os.path.islink(full):
                if not check_symlink(full, rel):
                    continue
                real = os.path.realpath(full)
                if real in seen_real:  # a loop, or a second route to a walked directory
                    dirs.add(rel)
                    continue
            else:
                real = os.path.join(real_dir, name)  # its realpath: the real folder's entry, not a link
            seen_real.add(real)
            dirs.add(rel)
            keep.append((full, rel, real))
        stack.extend(reversed(keep))
        for entry in others:
            name = entry.name
            full = entry.path
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if entry.is_symlink():
                if not check_symlink(full, rel):
                    continue
                if os.path.isdir(full):  # a symlink to an already walked directory
                    dirs.add(rel)
                    continue
                regular = os.path.isfile(full)
            else:
                regular = entry.is_file()
            if not regular:  # a FIFO would block the read forever
                file_problem(rel, "is not a regular file (a pipe, socket or device); remove it.")
                continue
            files.add(rel)
            if name.lower().endswith(HTML_SUFFIXES):
                page = known.get(rel)
                if page is None:
                    try:
                        data = Path(full).read_bytes()
                    except OSError as err:
                        file_problem(rel, f"file cannot be read ({err.strerror}); fix its permissions.")
                        continue
                    page = parse(data)
                pages[rel] = page
                problems.extend(page_problems(rel, page))
    lower: dict[str, str] = {}
    for rel in files | dirs:
        lower.setdefault(rel.lower(), rel)
    return Site(root, files, dirs, pages, problems, lower)


# --------------------------------------------------------------------------- resolving URLs


class Resolved:
    """What one URL is: an internal target, an external address, nothing to check, or a problem."""

    __slots__ = ("fragment", "is_dir", "kind", "message", "path", "url")

    def __init__(
        self,
        kind: Literal["internal", "external", "skip", "problem"],
        path: str = "",
        is_dir: bool = False,
        fragment: str | None = None,
        message: str = "",
        url: str = "",
    ) -> None:
        self.kind = kind
        self.path = path  # internal: target path relative to the root ('' or 'x/' for a directory URL)
        self.is_dir = is_dir
        self.fragment = fragment  # raw fragment (without '#'), None when absent
        self.message = message  # for "problem"
        self.url = url  # for "external": the URL to fetch (without fragment)

    def _key(self) -> tuple[str, str, bool, str | None, str, str]:
        return self.kind, self.path, self.is_dir, self.fragment, self.message, self.url

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Resolved) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return "Resolved({!r}, {!r}, {!r}, {!r}, {!r}, {!r})".format(*self._key())


def clean_url(value: str) -> str:
    """Strip ASCII whitespace around a URL and remove tabs and newlines inside it (URL spec)."""
    value = value.strip(" \t\n\r\f")
    if "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\t", "").replace("\n", "").replace("\r", "")
    return value


def normalize(path: str) -> str | None:
    """Resolve '.' and '..' segments of a relative posix path; None if it climbs above the root.

    Empty segments are dropped, except the last one (a trailing '/'); a final '.' or '..' leaves one.
    """
    if path[:1] not in "./" and "/." not in path and "//" not in path:  # no '.', '..' or empty segment but the last
        return path
    segments = path.split("/")
    last = segments.pop()
    parts: list[str] = []
    for segment in segments:
        if segment == "..":
            if not parts:
                return None
            parts.pop()
        elif segment and segment != ".":
            parts.append(segment)
    if last == "..":
        if not parts:
            return None
        parts[-1] = ""
    elif last == ".":
        parts.append("")
    else:
        parts.append(last)
    return "/".join(parts)


@functools.lru_cache(maxsize=8)
def _site_parts(site_url: str | None) -> tuple[SplitResult | None, str | None]:
    """(urlsplit(site_url), its path ending in '/'), or (None, None) without a usable site_url."""
    if not site_url:
        return None, None
    try:
        site = urlsplit(site_url)
    except ValueError:
        return None, None
    base_path = site.path or "/"
    return site, base_path if base_path.endswith("/") else base_path + "/"


def _split(url: str) -> SplitResult | str:
    """urlsplit(url), or the reason it cannot be parsed (a malformed IPv6 host, a bad port)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
        return parts
    except ValueError as err:
        return str(err)


def resolve(
    raw: str, page: str, *, attr: str = "href", options: Options | None = None, folder: str | None = None
) -> Resolved:
    """Classify one URL found in ``page`` (relative path of the HTML file) and resolve it in the site.

    ``folder`` is ``posixpath.dirname(page)`` when the caller has it already.
    """
    plain = _PLAIN_RE.fullmatch(raw)
    if plain is not None:
        path, fragment = plain.groups()
        folder = posixpath.dirname(page) if folder is None else folder
        return _internal(f"{folder}/{path}" if folder else path, fragment)
    options = options or Options()
    url = clean_url(raw)
    if url == "":
        if attr in EMPTY_OK:
            return Resolved("skip")
        return Resolved("problem", message=_EMPTY)
    if url.startswith("#"):
        return Resolved("internal", page, False, url[1:])
    scheme_match = _SCHEME_RE.match(url)
    site, base_path = _site_parts(options.site_url)
    if scheme_match or url.startswith("//"):
        scheme = scheme_match.group(1).lower() if scheme_match else "https"
        if scheme == "javascript":
            return Resolved("problem", message="uses the javascript: scheme; use a real URL, or a button for a script.")
        if scheme == "file":
            return Resolved(
                "problem",
                message="uses the file: scheme, which works only on the author's machine; use a relative link.",
            )
        if scheme not in ("http", "https"):
            return Resolved("skip")
        parts = _split(url if scheme_match else "https:" + url)
        if isinstance(parts, str):
            return Resolved("problem", message=f"is not a valid URL ({parts}); fix the address.")
        if not parts.hostname:
            return Resolved("problem", message="has no host name; fix the address.")
        if (
            site
            and not options.file_urls
            and parts.netloc.lower() == site.netloc.lower()
            and (parts.path + "/").startswith(base_path or "/")
        ):
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
            return Resolved(
                "problem",
                message="is root-absolute, which does not work when the site is opened from file://; use a relative link.",
            )
        if base_path is None:
            return Resolved(
                "problem", message="is root-absolute, but site_url is not set; use a relative link or set site_url."
            )
        if not (path + "/").startswith(base_path):
            return Resolved("problem", message=f"is outside the site's base path '{base_path}'; use a relative link.")
        rel = path[len(base_path) :] if len(path) >= len(base_path) else ""
    elif path == "":
        return Resolved("internal", page, False, fragment)
    else:
        folder = posixpath.dirname(page) if folder is None else folder
        rel = f"{folder}/{path}" if folder else path
    return _internal(rel, fragment)


def _internal(rel: str, fragment: str | None) -> Resolved:
    """The resolution of site path ``rel`` (before '.' and '..' are resolved) with ``fragment``."""
    normalized = normalize(rel)
    if normalized is None:
        return Resolved("problem", message="points outside the site root; use a link inside the site.")
    return Resolved("internal", normalized, normalized == "" or normalized.endswith("/"), fragment)


Found = tuple[Kind, dict[str, object]]  # a problem's kind and fields, before its line is looked up
# What check_links does at each occurrence of a URL on a page: ('external', its address), ('url', the
# sentence of a problem of the URL itself), ('empty', the same unless the attribute may be empty) or
# ('target', the Found of a problem of its target).
Action = tuple[Literal["external", "url", "empty"], str] | tuple[Literal["target"], Found]
_ANYWHERE = (-1, "")  # check_links: the key of URLs whose resolution depends on no folder


def missing(site: Site, url: str, path: str) -> Found:
    hint = ""
    other = site.lower.get(path.lower())
    if other is not None and other != path:
        hint = f"; the file is named '{other}' (case differs)"
    return "missing", {"url": url, "target": path, "detail": hint}


def check_target(site: Site, url: str, resolved: Resolved, options: Options) -> Found | None:
    """Check that an internal target exists and defines the fragment; None when it does."""
    path = resolved.path
    if resolved.is_dir:
        directory: str | None = path.rstrip("/")
    else:
        directory = path if path in site.dirs and path not in site.files else None
    if directory is not None:
        index = f"{directory}/index.html" if directory else "index.html"
        shown_dir = f"{directory}/" if directory else "./"
        if options.file_urls:
            return "listing", {"url": url, "target": index, "detail": shown_dir}
        if index not in site.files:
            if directory in site.dirs:
                return "directory", {"url": url, "target": index, "detail": shown_dir}
            return missing(site, url, index)
        target = index
    elif path in site.files:
        target = path
    else:
        return missing(site, url, path)
    fragment = resolved.fragment
    if not fragment or fragment.startswith(":~:"):  # '#', or a text fragment
        return None
    decoded = unquote(fragment)
    if decoded.lower() == "top" or fragment.lower() == "top":
        return None
    ids = site.ids_of(target)
    if ids is None or fragment in ids or decoded in ids:
        return None
    return "anchor", {"url": url, "target": target, "fragment": decoded}


def _shape(url: str, patterns: tuple[re.Pattern[str], ...]) -> tuple[int, str] | None:
    """What the resolution of ``url`` depends on; None when an ignore pattern matches it.

    ``(-1, url)``: nothing (a scheme, ``//`` or ``/``); ``(0, url)``: the page's folder; ``(n, rest)``:
    only the folder ``n`` levels up, for ``url`` written ``'../' * n + rest``; ``(-2, '')``: the
    attribute, for a URL that is empty once cleaned (``href`` may be empty, ``src`` may not).
    """
    if patterns and any(pattern.search(url) for pattern in patterns):
        return None
    if not url.strip(" \t\n\r\f"):
        return -2, ""
    if url[:3] == "../":
        ups = 1
        while url.startswith("../", 3 * ups):
            ups += 1
        return ups, url[3 * ups :]
    if url[:1] == "/" or _SCHEME_RE.match(url):
        return -1, url
    return 0, url


def _ancestors(folder: str) -> list[str]:
    """``folder`` and every folder above it: ``[folder, its parent, ..., '']``."""
    found = [folder]
    while folder:
        folder = posixpath.dirname(folder)
        found.append(folder)
    return found


def check_links(
    site: Site, options: Options, *, external_lines: bool = True
) -> tuple[list[LinkProblem], dict[str, list[tuple[str, int]]]]:
    """All problems of internal links, and the external URLs with where they occur.

    A link's line is looked up only for a problem (and, with ``external_lines``, for an external URL;
    without it their places carry line 0).
    """
    problems: set[LinkProblem] = set(site.problems)
    external: dict[str, list[tuple[str, int]]] = {}
    patterns = options.ignore
    # Most URLs repeat from page to page (navigation, theme), so each is resolved once per key of what its
    # resolution depends on (see _shape): the URL alone when absolute, with the page's folder when
    # relative, and for '../../x' the folder two levels up with 'x', shared by every page below that
    # folder. A link known to be fine (or skipped) maps to None; the others keep their Resolved.
    # The URLs known fine are also kept as sets, one per (levels up, folder they resolve against) and
    # one for URLs that depend on no folder (absolute, or ignored): a page subtracts the sets of its
    # folder and of the folders above it from the set of its URLs, and looks only at what remains.
    # A URL that cleans to nothing depends on its attribute ('href' may be empty, 'src' not) and is
    # looked at on each occurrence. What the other URLs that depend on no folder do at each occurrence
    # (an external address, a problem) is kept by URL.
    outcome: dict[tuple[str, str, int], Resolved | None] = {}
    shapes: dict[str, tuple[int, str] | None] = {}
    fine: set[tuple[str, bool, str | None]] = set()  # targets (path, is_dir, fragment) checked fine
    anywhere: set[str] = set()  # URLs fine from every page
    fine_from: dict[tuple[int, str], set[str]] = {}  # (levels up, folder) -> URLs fine from there
    free: dict[str, Action] = {}  # URL that depends on no folder -> its action
    for page, parsed in site.pages.items():
        urls = parsed.urls
        pending = set(urls)
        pending -= anywhere
        if not pending:
            continue
        folder = posixpath.dirname(page)
        ancestors = _ancestors(folder)
        for ups, ancestor in enumerate(ancestors):
            known = fine_from.get((ups, ancestor))
            if known is not None:
                pending -= known
        if not pending:
            continue
        ids = parsed.ids if page in site.files else ()
        actions: dict[str, Action] = {}  # URL -> what each of its occurrences on this page adds
        for url in pending:
            if url[:1] == "#" and url[1:] in ids and url[-1] != " " and url.isprintable():
                continue  # an anchor this very page defines (and a URL clean_url leaves as it is)
            action = free.get(url)
            if action is not None:
                actions[url] = action
                continue
            if url in shapes:
                shape = shapes[url]
            else:
                shape = shapes[url] = _shape(url, patterns)
            if shape is None:  # ignored
                anywhere.add(url)
                continue
            ups, rest = shape
            if ups == -2:  # empty once cleaned: a problem unless the attribute may be empty
                actions[url] = ("empty", _EMPTY)
                continue
            if ups == 0:
                key, known_key = (url, folder, 0), (0, folder)
            elif ups < 0:
                key, known_key = (url, "", -1), _ANYWHERE
            elif ups < len(ancestors):
                key, known_key = (rest, ancestors[ups], 1), (ups, ancestors[ups])
            else:  # climbs above the site root from any page this shallow
                key, known_key = (url, "", 2), None  # not remembered: deeper pages resolve it otherwise
            if key in outcome:
                resolved = outcome[key]
                here = False
            else:
                resolved = resolve(url, page, options=options, folder=folder)
                here = resolved.kind == "internal" and resolved.path == page  # '#x': this very page, not cached
                if resolved.kind == "skip":
                    resolved = None
                if not here:
                    outcome[key] = resolved
            if resolved is not None:
                if resolved.kind == "external":
                    action = ("external", resolved.url)
                elif resolved.kind == "problem":
                    action = ("url", resolved.message)
                else:
                    target_key = (resolved.path, resolved.is_dir, resolved.fragment)
                    if target_key not in fine:
                        found = check_target(site, clean_url(url), resolved, options)
                        if found is not None:
                            action = ("target", found)
                        else:
                            fine.add(target_key)
                if action is not None:
                    actions[url] = action
                    if known_key is _ANYWHERE and not here:
                        free[url] = action
                    continue
                if not here:
                    outcome[key] = None
            if here or known_key is None:
                continue
            if known_key is _ANYWHERE:
                anywhere.add(url)
            elif known_key in fine_from:
                fine_from[known_key].add(url)
            else:
                fine_from[known_key] = {url}
        if not actions:
            continue
        kinds = parsed.kinds
        for index, url in enumerate(urls):  # document order
            action = actions.get(url)
            if action is None:
                continue
            if action[0] == "target":
                kind, fields = action[1]
                problems.add(make(page, parsed.entry_line(index), kind, **fields))
                continue
            what, detail = action
            if what == "external":
                line = parsed.entry_line(index) if external_lines else 0
                external.setdefault(detail, []).append((page, line))
                continue
            tag, attr = KINDS[kinds[index]]
            if what == "url" or attr not in EMPTY_OK:  # 'empty': a problem where the attribute needs a URL
                problems.add(
                    make(
                        page,
                        parsed.entry_line(index),
                        "url",
                        url=clean_url(url),
                        subject=f"{tag} {attr}",
                        detail=detail,
                    )
                )
    return sorted(problems), external


def compile_patterns(patterns: Iterable[object]) -> tuple[re.Pattern[str], ...]:
    """Compile ignore regexes; a bad one, or one that matches every URL (the empty string), raises ValueError."""
    compiled = []
    for pattern in patterns:
        try:
            regex = re.compile(pattern)  # type: ignore[call-overload]
        except (re.error, TypeError) as err:
            raise ValueError(f"ignore pattern '{pattern}' is not a valid regular expression ({err})") from None
        if regex.search("") is not None:
            raise ValueError(
                f"ignore pattern '{pattern}' matches the empty string, so it would skip URLs it was not meant for; "
                "give a pattern that names the URLs to skip"
            )
        compiled.append(regex)
    return tuple(compiled)


def check_site(
    site_dir: Path | str, *, site_url: str | None = None, file_urls: bool = False, ignore: Iterable[str] = ()
) -> list[LinkProblem]:
    """Check every internal link of a built site; sorted problems (empty when the site is clean)."""
    options = Options(site_url=site_url, file_urls=file_urls, ignore=compile_patterns(ignore))
    return check_links(scan_site(site_dir), options)[0]
