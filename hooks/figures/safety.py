"""The safety rule for every SVG the site ships, and a content-hash cache for it.

An SVG may not run code or reach outside its own file. :func:`find_unsafe` refuses, with the line
of each finding:

- ``<script>``, ``<foreignObject>``, ``<iframe>``, ``<embed>``, ``<object>``, ``<handler>``,
  ``<listener>``, ``<audio>``, ``<video>`` and event attributes (``on*=``);
- any ``href``/``xlink:href``/``src`` that is not a ``#fragment`` of the file (``data:`` URIs too:
  they can smuggle a raster or a document into a "drawing"), on any element (``<use>``,
  ``<image>``, ``<feImage>``, ``<a>``, ``<xi:include>``...);
- an animation (``<animate>``, ``<set>``...) of ``href``, ``xlink:href``, ``src`` or ``style``
  to anything but a ``#fragment``;
- in ``<style>`` elements, ``style=`` and any attribute (presentation attributes, animation
  values): ``@import``, ``@font-face``, ``url()`` to anything but a ``#fragment``, ``image-set()``,
  ``image()``, ``cross-fade()``, ``element()``, ``src()``, ``expression()`` and ``javascript:``,
  after CSS comments and escapes are undone;
- DOCTYPE and entity declarations, ``<?xml-stylesheet?>``, a root element other than ``<svg>``,
  and text that is not well-formed XML.

:class:`SafetyCache` keeps the findings per content hash, so a ``mkdocs serve`` rebuild only
parses the SVGs that changed; with a :class:`hooks.core.cache.CleanCache` it also remembers, between
builds, which contents were found safe (keyed by this module's own hash).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from hooks.core.cache import CleanCache, source_version
from hooks.core.problems import HookError, Problem
from hooks.core.text import decode

FORBIDDEN_ELEMENTS = {
    "script": "contains a <script> element",
    "foreignobject": "contains a <foreignObject> element",
    "iframe": "contains an <iframe> element",
    "embed": "contains an <embed> element",
    "object": "contains an <object> element",
    "handler": "contains a <handler> element",
    "listener": "contains a <listener> element",
    "audio": "contains an <audio> element",
    "video": "contains a <video> element",
}
ANIMATIONS = {"animate", "set", "animatemotion", "animatetransform", "animatecolor"}
LINK_ATTRIBUTES = {"href", "src"}
ANIMATED_LINKS = {"href", "src", "style"}
UNSAFE_FIX = "figures must be plain SVG without scripts, event attributes, foreignObject or external references."


class _Patterns(NamedTuple):
    css_comment: re.Pattern[str]
    css_escape: re.Pattern[str]
    css_url: re.Pattern[str]
    css_fetching: re.Pattern[str]
    suspect: re.Pattern[str]
    javascript: re.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    """The patterns of the rule, compiled when an SVG is first parsed (a build whose SVGs are all known clean
    parses none)."""
    return _Patterns(
        re.compile(r"/\*.*?(\*/|$)", re.S),
        re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.S),
        re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S),
        re.compile(r"(?:-webkit-)?image-set\s*\(|\bimage\s*\(|cross-fade\s*\(|\belement\s*\(|\bsrc\s*\(", re.I),
        re.compile(r"url\s*\(|image-set|cross-fade|@import|\\", re.I),
        re.compile(r"j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.I),
    )


class Finding(NamedTuple):
    """One reason an SVG is unsafe: the line (1-based, None when unknown) and a phrase."""

    line: int | None
    message: str


@functools.lru_cache(maxsize=1024)
def _local(name: str) -> str:
    """'href' for 'http://www.w3.org/1999/xlink href' (expat's namespace separator is a space) or 'xlink:href'."""
    return name.rpartition(" ")[2].rpartition(":")[2]


def _css_plain(css: str) -> str:
    """CSS with comments removed and escapes decoded, as a browser reads it."""
    css = _patterns().css_comment.sub(" ", css)

    def unescape(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return match.group(2)

    return _patterns().css_escape.sub(unescape, css)


def _check_css(css: str, where: str) -> list[str]:
    plain = _css_plain(css)
    found = []
    if re.search(r"@import", plain, re.I):
        found.append(f"{where} uses @import")
    if re.search(r"@font-face", plain, re.I):
        found.append(f"{where} uses @font-face")
    for _, target in _patterns().css_url.findall(plain):
        if not target.strip().startswith("#"):
            found.append(f"{where} refers to external url({target.strip()[:60]})")
    fetching = _patterns().css_fetching.search(plain)
    if fetching:
        found.append(f"{where} uses {fetching.group(0).rstrip('( ').strip()}()")
    if re.search(r"expression\s*\(|javascript:", plain, re.I):
        found.append(f"{where} contains script in CSS")
    return found


class _Scanner:
    """Walks the XML with expat, which gives the line of each start tag."""

    def __init__(self) -> None:
        import xml.parsers.expat

        self.findings: list[Finding] = []
        self.parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.chars
        self.parser.ProcessingInstructionHandler = self.instruction
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.EntityDeclHandler = self.doctype
        self.depth = 0
        self.style: list[str] | None = None
        self.style_line = 0

    def add(self, message: str, line: int | None = None) -> None:
        self.findings.append(Finding(line if line is not None else self.parser.CurrentLineNumber, message))

    def doctype(self, *_args: object) -> None:
        self.add("contains a DOCTYPE or ENTITY declaration")
        raise _Stop  # never let expat read a document type or expand an entity

    def instruction(self, target: str, _data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self.add("contains an <?xml-stylesheet?> instruction (an external reference)")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        low = tag.lower()
        if self.depth == 0 and tag != "svg":
            self.add(f"has root element <{tag}> instead of <svg>")
        self.depth += 1
        if low in FORBIDDEN_ELEMENTS:
            self.add(FORBIDDEN_ELEMENTS[low])
        animated = _local(attrs.get("attributeName", "")).lower() if low in ANIMATIONS else ""
        for attr, value in attrs.items():
            key = _local(attr).lower()
            if key.startswith("on"):
                self.add(f"has an event attribute {key}= on <{tag}>")
            elif key in LINK_ATTRIBUTES:
                stripped = value.strip()
                if not stripped.startswith("#"):
                    kind = "a data: URI" if stripped.lower().startswith("data:") else "an external reference"
                    self.add(f'has {kind} {key}="{stripped[:60]}" on <{tag}>')
            elif key == "style":
                self._css(value, f"the style attribute of <{tag}>")
            elif animated in ANIMATED_LINKS and key in ("to", "from", "by", "values"):
                for target in (v.strip() for v in value.split(";") if v.strip()):
                    if animated == "style":
                        self._css(target, f"the {key}= attribute of <{tag}>")
                    elif not target.startswith("#"):
                        self.add(f'animates {animated} to the external reference "{target[:60]}" on <{tag}>')
            elif ("(" in value or "\\" in value or "@" in value) and _patterns().suspect.search(value):
                self._css(value, f"the {key}= attribute of <{tag}>")
            if ":" in value and key not in LINK_ATTRIBUTES and _patterns().javascript.search(value):
                self.add(f"has a javascript: URL in {key}= on <{tag}>")
        if low == "style":
            self.style, self.style_line = [], self.parser.CurrentLineNumber

    def _css(self, css: str, where: str) -> None:
        line = self.parser.CurrentLineNumber
        self.findings += [Finding(line, message) for message in _check_css(css, where)]

    def chars(self, data: str) -> None:
        if self.style is not None:
            self.style.append(data)

    def end(self, name: str) -> None:
        self.depth -= 1
        if _local(name).lower() == "style" and self.style is not None:
            for message in _check_css("".join(self.style), "a <style> element"):
                self.add(message, self.style_line)
            self.style = None


class _Stop(Exception):
    pass


def find_unsafe(svg_text: str) -> list[Finding]:
    """What makes an SVG unsafe to ship, in document order (empty when the file is clean)."""
    import xml.parsers.expat

    scanner = _Scanner()
    try:
        scanner.parser.Parse(svg_text, True)
    except _Stop:
        pass
    except xml.parsers.expat.ExpatError as err:
        scanner.findings.append(
            Finding(err.lineno, f"is not well-formed XML ({xml.parsers.expat.errors.messages[err.code]})")
        )
    unique = dict.fromkeys(scanner.findings)
    return list(unique)


def summary(findings: list[Finding]) -> tuple[int | None, str]:
    """(line of the first finding, one sentence naming every finding and the fix)."""
    first = findings[0].line
    parts = [f.message if f.line == first or f.line is None else f"{f.message} (line {f.line})" for f in findings]
    return first, "; ".join(parts) + "; " + UNSAFE_FIX


def svg_files(folder: Path) -> Iterator[Path]:
    """Every file under ``folder`` whose name ends in .svg in any case, sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found += [Path(dirpath, f) for f in filenames if f.lower().endswith(".svg")]
    yield from sorted(found)


def checker_version() -> str:
    """The version of the safety rule: a hash of the modules that decide it (this one and the decoder)."""
    from hooks.core import text

    return source_version(Path(__file__), Path(text.__file__))


class SafetyCache:
    """Findings per SHA-256 of the file's bytes; lives as long as the object (a serve process).

    With ``clean`` (a :class:`hooks.core.cache.CleanCache`), files an earlier build found safe are not
    parsed again; call :meth:`save` after a check to keep the new clean verdicts.
    """

    def __init__(
        self,
        results: dict[str, tuple[Problem | None, tuple[Finding, ...]]] | None = None,
        clean: CleanCache | None = None,
    ) -> None:
        self.results = {} if results is None else results
        self.clean = clean
        self.hits = 0
        self.misses = 0

    def save(self) -> None:
        if self.clean is not None:
            self.clean.save()

    def problem(self, path: Path | str, shown: str | Callable[[], str]) -> Problem | None:
        """The problem of one SVG file (unsafe, or not UTF-8), or None when it is safe; ``shown`` is its label
        in messages, or what gives it."""
        with open(path, "rb") as file:
            data = file.read()
        key = hashlib.sha256(data).hexdigest()
        cached = self.results.get(key)
        if cached is None and self.clean is not None and key in self.clean:
            cached = self.results[key] = (None, ())
        if cached == (None, ()):
            self.hits += 1
            return None
        if not isinstance(shown, str):
            shown = shown()
        if cached is None:
            self.misses += 1
            try:
                findings = tuple(find_unsafe(decode(data, label=shown)))
                cached = (None, findings)
            except HookError as err:
                cached = (err.problem, ())
            self.results[key] = cached
            if cached == (None, ()) and self.clean is not None:
                self.clean.add(key)
        else:
            self.hits += 1
        failed, findings = cached
        if failed is not None:
            return Problem(shown, failed.line, failed.message)
        if findings:
            line, message = summary(list(findings))
            return Problem(shown, line, message)
        return None


def _shown(prefix: str, folder: Path, path: Path) -> str:
    return f"{prefix}/{path.relative_to(folder).as_posix()}"


def check_tree(
    folder: Path, shown_prefix: str = "docs", figures_subdir: str = "assets/figures", cache: SafetyCache | None = None
) -> list[Problem]:
    """Every unsafe SVG under ``folder``, and every figure lacking its ja or en variant."""
    cache = cache if cache is not None else SafetyCache()
    problems: list[Problem] = []
    for path in svg_files(folder):
        problem = cache.problem(path, functools.partial(_shown, shown_prefix, folder, path))
        if problem is not None:
            problems.append(problem)
    fig_dir = folder / figures_subdir
    sub = "" if figures_subdir in ("", ".") else figures_subdir.strip("/") + "/"
    if fig_dir.is_dir():
        names = {p.name for p in fig_dir.iterdir() if p.name.lower().endswith(".svg")}
        for name in sorted(names):
            shown = f"{shown_prefix}/{sub}{name}"
            stem = name[: -len(".svg")]
            if stem.endswith(".en"):
                other = stem[: -len(".en")] + name[-4:]
                if other not in names:
                    problems.append(
                        Problem(
                            shown,
                            None,
                            f"figure has no Japanese variant '{other}'; generate both "
                            f"with 'python -m hooks.figures build'.",
                        )
                    )
            elif stem + ".en" + name[-4:] not in names:
                problems.append(
                    Problem(
                        shown,
                        None,
                        f"figure has no English variant '{stem}.en{name[-4:]}'; "
                        f"generate both with 'python -m hooks.figures build'.",
                    )
                )
    return problems
