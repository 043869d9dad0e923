"""Data files: YAML with the line of every key, converted to typed models (msgspec Structs).

One way for every data file (data/glossary.yml, data/python_support.yml, data/figures.yml):

- :func:`parse` reads YAML (libyaml when available) into plain Python values and remembers the
  line of every mapping key and sequence item (:class:`Document`); a syntax error, a key given twice,
  aliases that expand without bound or nesting too deep become :class:`Issue` s, never exceptions;
- :func:`convert` turns (part of) a document into a model with ``msgspec.convert``; models are
  ``msgspec.Struct`` s with ``forbid_unknown_fields=True``. Every unknown key is found (each is
  dropped and the conversion retried), then the first other mismatch; a model may define
  ``check(self) -> Iterable[tuple[path, message]]`` for rules types cannot say;
- :func:`load` / :func:`load_many` do both for a file and turn issues into :class:`Problem` s whose
  line is the line of the offending key, with wording from :func:`describe` or the caller's own.
"""

from __future__ import annotations

import collections.abc
import copy
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

import msgspec
import yaml

from hooks.core.paths import shown_path
from hooks.core.problems import HookError, Problem
from hooks.core.text import read_text

# The languages each entry of a bilingual data file (glossary.yml, figures.yml) holds, the site's default first.
LANGS = ("ja", "en")
T = TypeVar("T")
Key = str | int
KeyPath = tuple[Key, ...]
IssueKind = Literal["syntax", "duplicate", "empty", "unknown", "missing", "type", "value", "invalid"]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it
MAX_DEPTH = 100  # nesting of mappings and sequences
MAX_NODES = 1_000_000  # values after expanding aliases (a 'billion laughs' file stops here)
_MISSING = object()
_STR_TAG = "tag:yaml.org,2002:str"


class Document(NamedTuple):
    """Plain data of one YAML file plus the 1-based line of each key path (mapping key or sequence item)."""

    data: Any
    lines: Mapping[KeyPath, int]
    label: str

    def line(self, path: KeyPath) -> int | None:
        return line_of(self, path)


@dataclass(frozen=True)
class Issue:
    """One mismatch between a file and its model, as structured fields (wording is :func:`describe`'s)."""

    kind: IssueKind
    path: KeyPath  # key path of the offending key/value from the document root
    line: int | None
    key: str | None = None  # unknown/missing/duplicate key name
    expected: str | None = None  # 'str', 'object', 'array', ... (type); for 'duplicate': the first line
    got: str | None = None
    allowed: tuple[str, ...] = ()  # keys the mapping accepts (unknown, missing)
    value: Any = field(default=None, compare=False)  # the value found at ``path`` (type, value, invalid)
    detail: str = ""  # the parser's or the model's own words


def line_of(doc: Document, path: KeyPath) -> int | None:
    """Line of ``path`` in ``doc``, or of its nearest enclosing key that has one."""
    for end in range(len(path), -1, -1):
        line = doc.lines.get(path[:end])
        if line is not None:
            return line
    return None


def dotted(path: KeyPath) -> str:
    """'ja.aliases[1]' for ('ja', 'aliases', 1)."""
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


# --------------------------------------------------------------------------------------------
# YAML with lines
# --------------------------------------------------------------------------------------------
class _Builder:
    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.lines: dict[KeyPath, int] = {}
        self.issues: list[Issue] = []
        self.done: dict[int, Any] = {}  # id(node) -> value, so an alias reuses what its anchor built
        self.sizes: dict[int, int] = {}
        self.active: set[int] = set()
        self.total = 0

    def build(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        key = id(node)
        if key in self.done:  # an alias: the same value again, counted at its full size
            self.total += self.sizes[key]
            if self.total > MAX_NODES:
                raise _Stop(
                    Issue(
                        "syntax",
                        path,
                        node.start_mark.line + 1,
                        detail=f"aliases expand to more than {MAX_NODES} values",
                    )
                )
            return self.done[key]
        if key in self.active:
            raise _Stop(Issue("syntax", path, node.start_mark.line + 1, detail="an alias refers to itself"))
        if depth > MAX_DEPTH:
            raise _Stop(
                Issue(
                    "syntax",
                    path,
                    node.start_mark.line + 1,
                    detail=f"values are nested more than {MAX_DEPTH} levels deep",
                )
            )
        before = self.total
        self.total += 1
        if isinstance(node, yaml.ScalarNode):
            value = self._scalar(node, path)
        else:
            self.active.add(key)
            try:
                if isinstance(node, yaml.MappingNode):
                    value = self._mapping(node, path, depth)
                else:
                    value = self._sequence(node, path, depth)
            finally:
                self.active.discard(key)
        self.done[key] = value
        self.sizes[key] = self.total - before
        return value

    def _scalar(self, node: yaml.ScalarNode, path: KeyPath) -> Any:
        if node.tag == _STR_TAG:  # most values: the text as written, without the constructor's round trip
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as err:  # e.g. '2024-13-45' as a date
            raise _Stop.at(node, path, err) from None

    def _sequence(self, node: yaml.Node, path: KeyPath, depth: int) -> list[Any]:
        items = []
        for index, item in enumerate(node.value):
            self.lines.setdefault((*path, index), item.start_mark.line + 1)
            items.append(self.build(item, (*path, index), depth + 1))
        return items

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        try:
            self.loader.flatten_mapping(node)  # '<<' merge keys
        except yaml.YAMLError as err:
            raise _Stop.at(node, path, err) from None
        result: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Stop(Issue("syntax", path, line, detail="a key must be plain text, not a list or mapping"))
            name = str(key_node.value)  # as written: '3.10' stays '3.10'
            if name in first:
                self.issues.append(Issue("duplicate", (*path, name), line, key=name, expected=str(first[name])))
                continue
            first[name] = line
            self.lines.setdefault((*path, name), line)
            result[name] = self.build(value_node, (*path, name), depth + 1)
        return result


class _Stop(Exception):
    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.detail)
        self.issue = issue

    @classmethod
    def at(cls, node: yaml.Node, path: KeyPath, err: Exception) -> _Stop:
        """The syntax issue of a value that could not be built, in the parser's own words."""
        return cls(
            Issue(
                "syntax", path, node.start_mark.line + 1, detail=_first_line(getattr(err, "problem", None) or str(err))
            )
        )


def _first_line(text: str) -> str:
    return str(text).strip().splitlines()[0] if str(text).strip() else "unreadable value"


def parse(text: str, *, label: str) -> tuple[Document | None, list[Issue]]:
    """The document and its issues (duplicate keys); ``None`` and the issue when the YAML cannot be read."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as err:
            return None, [_syntax_issue(err, text)]
        except (ValueError, TypeError, RecursionError) as err:  # libyaml limits, odd input
            return None, [Issue("syntax", (), None, detail=_first_line(str(err)))]
        if node is None:
            return Document(None, {(): 1}, label), []
        builder = _Builder(loader)
        builder.lines[()] = node.start_mark.line + 1
        try:
            data = builder.build(node, (), 0)
        except _Stop as stop:
            return None, [stop.issue]
        except RecursionError:
            return None, [Issue("syntax", (), None, detail="values are nested too deeply")]
        return Document(data, builder.lines, label), builder.issues
    finally:
        loader.dispose()


def _syntax_issue(err: yaml.YAMLError, text: str) -> Issue:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    position = getattr(err, "position", None)  # ReaderError: offset in characters
    if line is None and isinstance(position, int):
        line = text.count("\n", 0, position) + 1
    problem = getattr(err, "problem", None) or getattr(err, "reason", None) or str(err)
    return Issue("syntax", (), line, detail=_first_line(problem))


# --------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------
_AT = re.compile(r"^(?P<what>.*?)(?: - at `(?P<path>\$[^`]*)`| - at `key` in `(?P<keypath>\$[^`]*)`)?$", re.S)
_TOKEN = re.compile(r"\.(?P<name>[^.\[]+)|\[(?P<index>\d+|\.\.\.)\]")


def _msgspec_path(text: str) -> tuple[KeyPath, bool]:
    """('ja', 'aliases', 1) from '$.ja.aliases[1]'; the flag says the path stops at an unnamed dict key."""
    path: list[Key] = []
    for match in _TOKEN.finditer(text[1:]):
        if match.group("name") is not None:
            path.append(match.group("name"))
        elif match.group("index") == "...":
            return tuple(path), True
        else:
            path.append(int(match.group("index")))
    return tuple(path), False


def _fields_at(model: Any, path: KeyPath) -> tuple[str, ...]:
    """Keys of the Struct the value at ``path`` converts to (empty when it is not a Struct)."""
    typ = _struct_type(_type_at(model, path))
    if isinstance(typ, type) and issubclass(typ, msgspec.Struct):
        return tuple(f.encode_name for f in msgspec.structs.fields(typ))
    return ()


def _value_at(data: Any, path: KeyPath) -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return data


def _delete_at(data: Any, path: KeyPath) -> bool:
    parent = _value_at(data, path[:-1])
    if isinstance(parent, dict) and path[-1] in parent:
        del parent[path[-1]]
        return True
    return False


_TYPE_NAMES = {type(None): "null", bool: "bool", int: "int", float: "float", str: "str", list: "array", dict: "object"}


def _issue_from(
    err: msgspec.ValidationError, model: Any, doc: Document, base: KeyPath, data: Any
) -> tuple[Issue, KeyPath | None]:
    """The issue, and the path of the mapping when msgspec's path stops at one of its (unnamed) keys."""
    match = _AT.match(str(err))
    what = match.group("what") if match else str(err)
    keypath = match.group("keypath") if match else None
    raw = (match.group("path") if match else None) or keypath or "$"
    rel, unnamed = _msgspec_path(raw)
    path = (*base, *rel)
    line = line_of(doc, path)
    value = _value_at(data, rel)
    if keypath is not None or unnamed:
        return Issue("type", path, line, expected="str" if keypath else None, detail=what), rel
    return _plain_issue(what, model, doc, path, rel, line, value), None


def _plain_issue(
    what: str, model: Any, doc: Document, path: KeyPath, rel: KeyPath, line: int | None, value: Any
) -> Issue:
    unknown = re.match(r"^Object contains unknown field `(.*)`$", what)
    if unknown:
        key = unknown.group(1)
        return Issue("unknown", (*path, key), line_of(doc, (*path, key)), key=key, allowed=_fields_at(model, rel))
    missing = re.match(r"^Object missing required field `(.*)`$", what)
    if missing:
        return Issue("missing", (*path, missing.group(1)), line, key=missing.group(1), allowed=_fields_at(model, rel))
    expected = re.match(r"^Expected `([^`]*)`(?:, got `([^`]*)`)?", what)
    if expected:
        got = expected.group(2) or _TYPE_NAMES.get(type(value), type(value).__name__)
        kind: IssueKind = "type" if expected.group(2) else "value"
        return Issue(kind, path, line, expected=expected.group(1), got=got, value=value, detail=what)
    return Issue("value", path, line, value=value, detail=what)


def convert(
    doc: Document, model: type[T], *, path: KeyPath = (), max_unknown: int = 50
) -> tuple[T | None, list[Issue]]:
    """The value at ``path`` of ``doc`` as ``model``: (object, []) or (None, issues).

    Every unknown key is reported (each is dropped and the conversion tried again, up to
    ``max_unknown``), then the first other mismatch of each entry of a mapping; after a clean
    conversion, the ``check()`` method of every Struct in the result (when it defines one) adds
    its issues, each ``(key path relative to that Struct, sentence)``.
    """
    data = _value_at(doc.data, path)
    obj, issues = _convert(None if data is _MISSING else data, model, doc, path, max_unknown)
    if issues:
        return None, issues
    return obj, list(_checked(obj, doc, path))


def _convert(data: Any, typ: Any, doc: Document, base: KeyPath, max_unknown: int) -> tuple[Any, list[Issue]]:
    issues: list[Issue] = []
    copied = False
    for _ in range(max_unknown + 1):
        try:
            obj = msgspec.convert(data, typ, strict=True)
        except msgspec.ValidationError as err:
            issue, unnamed = _issue_from(err, typ, doc, base, data)
            if unnamed is not None:  # inside a mapping of entries: find the entries that fail
                inner = _convert_entries(data, typ, doc, base, unnamed, max_unknown)
                return None, issues + (inner or [issue])
            issues.append(issue)
            if issue.kind != "unknown":
                return None, issues
            if not copied:
                data, copied = copy.deepcopy(data), True
            if not _delete_at(data, issue.path[len(base) :]):
                return None, issues
            continue
        return (None, issues) if issues else (obj, [])
    return None, issues


def _convert_entries(data: Any, typ: Any, doc: Document, base: KeyPath, rel: KeyPath, max_unknown: int) -> list[Issue]:
    mapping = _value_at(data, rel)
    value_type = _type_at(typ, (*rel, "\0"))
    if not isinstance(mapping, dict) or value_type is None:
        return []
    issues: list[Issue] = []
    for key, value in mapping.items():
        issues += _convert(value, value_type, doc, (*base, *rel, key), max_unknown)[1]
    return issues


def _type_at(typ: Any, path: KeyPath) -> Any:
    """The Python type the value at ``path`` converts to (a str key of a dict matches any key)."""
    for key in path:
        typ = _struct_type(typ)
        origin = typing.get_origin(typ)
        if isinstance(typ, type) and issubclass(typ, msgspec.Struct) and isinstance(key, str):
            match = next((f for f in msgspec.structs.fields(typ) if f.encode_name == key), None)
            if match is None:
                return None
            typ = match.type
        elif origin in (dict, Mapping, collections.abc.Mapping):
            typ = typing.get_args(typ)[1]
        elif origin in (list, tuple, set, frozenset, collections.abc.Sequence):
            typ = typing.get_args(typ)[0]
        else:
            return None
    return typ


def _struct_type(typ: Any) -> Any:
    if typing.get_origin(typ) in (typing.Union, types.UnionType):
        return next((t for t in typing.get_args(typ) if isinstance(t, type) and issubclass(t, msgspec.Struct)), typ)
    return typ


def _checked(obj: Any, doc: Document, base: KeyPath) -> Iterator[Issue]:
    if isinstance(obj, msgspec.Struct):
        check = getattr(obj, "check", None)
        if check is not None:
            for rel, message in check():
                path = (*base, *rel)
                yield Issue("invalid", path, line_of(doc, path), value=_value_at(doc.data, path), detail=message)
        # the class attributes, not msgspec.structs.fields(), which evaluates annotations on each call
        for name, key in zip(obj.__struct_fields__, obj.__struct_encode_fields__, strict=True):
            yield from _checked(getattr(obj, name), doc, (*base, key))
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from _checked(value, doc, (*base, key))
    elif isinstance(obj, (list, tuple)):
        for index, value in enumerate(obj):
            yield from _checked(value, doc, (*base, index))


# --------------------------------------------------------------------------------------------
# Sentences and files
# --------------------------------------------------------------------------------------------
def describe(issue: Issue) -> str:
    """The default sentence for an issue (no file prefix)."""
    where = dotted(issue.path)
    if issue.kind == "syntax":
        return f"is not valid YAML ({issue.detail}); fix the syntax."
    if issue.kind == "duplicate":
        return f"key '{where}' is defined twice (first at line {issue.expected}); keep one."
    if issue.kind == "empty":
        return "is empty; write its entries (see the comment at the top of the file in the repository)."
    if issue.kind == "unknown":
        allowed = f" (allowed: {', '.join(issue.allowed)})" if issue.allowed else ""
        return f"key '{issue.key}' is not allowed here{allowed}; fix the spelling."
    if issue.kind == "missing":
        parent = dotted(issue.path[:-1])
        return f"key '{issue.key}' is missing{f' in {parent!r}' if parent else ''}; add it."
    if issue.kind == "type":
        expected = _plain_type(issue.expected)
        got = _plain_type(issue.got)
        shown = f"'{where}'" if where else "the file"
        return f"{shown} must be {expected}, not {got}; fix the value."
    if issue.kind == "value":
        return f"'{where or '$'}' has a value that is not allowed ({issue.detail}); fix the value."
    return issue.detail if issue.detail.endswith(".") else f"{issue.detail}."


def _plain_type(name: str | None) -> str:
    return {
        "object": "a mapping",
        "array": "a list",
        "str": "text",
        "int": "a whole number",
        "float": "a number",
        "bool": "true or false",
        "null": "empty",
        None: "something else",
    }.get(name, f"'{name}'")


Describe = Callable[[Issue], str]


def problems_of(issues: Iterable[Issue], label: str, describe: Describe = describe) -> list[Problem]:
    return [Problem(label, issue.line, describe(issue)) for issue in issues]


def read(path: Path, *, label: str | None = None) -> tuple[Document | None, list[Issue]]:
    """:func:`parse` of the file; an unreadable or non-UTF-8 file raises HookError (see core.text)."""
    shown = label if label is not None else shown_path(path)
    return parse(read_text(path, label=shown), label=shown)


def load_many(
    path: Path, model: type[T], *, label: str | None = None, describe: Describe = describe
) -> tuple[T | None, list[Problem]]:
    """The file as ``model`` and every problem found; (None, problems) when it cannot be used.

    An empty file is an ``empty`` issue (not a type mismatch). Unreadable and non-UTF-8 files
    are problems too, never exceptions.
    """
    shown = label if label is not None else shown_path(path)
    try:
        doc, issues = read(path, label=shown)
    except HookError as err:
        return None, [err.problem]
    if doc is None:
        return None, problems_of(issues, shown, describe)
    if doc.data is None:
        return None, problems_of([*issues, Issue("empty", (), None)], shown, describe)
    obj, more = convert(doc, model)
    issues = [*issues, *more]
    return (obj if not issues else None), problems_of(issues, shown, describe)


def load(path: Path, model: type[T], *, label: str | None = None, describe: Describe = describe) -> T:
    """The file as ``model``; the first problem raises HookError naming the file and the line of the key."""
    obj, problems = load_many(path, model, label=label, describe=describe)
    if problems or obj is None:
        raise HookError(problems[0] if problems else Problem(label or shown_path(path), None, "has no data."))
    return obj


__all__ = [
    "Document",
    "Issue",
    "convert",
    "describe",
    "dotted",
    "line_of",
    "load",
    "load_many",
    "parse",
    "problems_of",
    "read",
]
