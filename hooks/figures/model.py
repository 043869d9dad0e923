"""The figure descriptions in ``data/figures.yml`` as typed models, and the checks types cannot express.

:func:`load_figures` reads the file with :func:`hooks.core.data.load` (unknown keys and wrong types
are errors naming the file and line) and then checks what the types leave open: both languages
present, known tones, arrows that name an earlier item, ids used once, the narrow layout naming
items that exist. Every problem raises :class:`~hooks.core.problems.HookError` naming the line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal, TypeAlias

import msgspec

from hooks.core import data
from hooks.core.paths import shown_path
from hooks.core.problems import HookError, Problem
from hooks.figures.style import TONES

ROOT = Path(__file__).resolve().parents[2]
DATA_FILE = ROOT / "data" / "figures.yml"
LANGS = data.LANGS


class Struct(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    """Base of every model: unknown keys are refused."""


class Loc(Struct, kw_only=True):
    """A text given in each language."""

    ja: str
    en: str


Text: TypeAlias = str | int | float | Loc
KeyPath: TypeAlias = tuple[str | int, ...]
Point: TypeAlias = tuple[float, float]
SIDES = ("n", "s", "e", "w", "c", "ne", "nw", "se", "sw")
Tone = str  # one of style.TONES, checked by _check_tone


def loc(value: Text | None, lang: str) -> str:
    """Text in one language: a plain string is the same in both."""
    if isinstance(value, Loc):
        return value.ja if lang == "ja" else value.en
    return "" if value is None else str(value)


class Item(Struct, tag_field="kind", kw_only=True):
    id: str | None = None
    only: Literal["wide", "narrow"] | None = None  # drawn in one layout only


class Placed(Item, kw_only=True):
    x: float
    y: float
    w: float
    h: float


class Labelled(Placed, kw_only=True):
    label: Text | None = None
    note: Text | None = None
    tone: Tone | None = None
    compact: bool = False
    align: Literal["center", "left"] = "center"
    valign: Literal["middle", "top"] = "middle"


class Box(Labelled, tag="box", kw_only=True):
    dash: bool = False


class Chevron(Labelled, tag="chevron", kw_only=True):
    first: bool = False


class Cylinder(Labelled, tag="cylinder", kw_only=True):
    pass


class People(Placed, tag="people", kw_only=True):
    label: Text | None = None
    tone: Tone | None = None
    count: int = 3


class Group(Placed, tag="group", kw_only=True):
    heading: Text | None = None
    tone: Tone | None = None
    dash: bool = True
    heading_align: Literal["center", "left"] = "center"


class RowEntry(Struct, kw_only=True):
    """One box of a row: a text ({ja, en}) or a box's own fields."""

    ja: str | None = None
    en: str | None = None
    id: str | None = None
    label: Text | None = None
    note: Text | None = None
    tone: Tone | None = None
    compact: bool | None = None
    align: Literal["center", "left"] | None = None
    valign: Literal["middle", "top"] | None = None


class Row(Placed, tag="row", kw_only=True):
    items: list[str | RowEntry]
    gap: float = 12
    direction: Literal["right", "down"] = "right"
    columns: int | None = None  # lay the boxes out in a grid of this many columns
    shape: Literal["box", "chevron", "cylinder"] = "box"
    tone: Tone | None = None
    compact: bool = False


class TextItem(Item, tag="text", kw_only=True):
    x: float
    y: float
    w: float | None = None
    label: Text | None = None
    note: Text | None = None
    align: Literal["center", "left", "right"] = "center"
    halo: bool = False
    small: bool = False
    color: str | None = None


class Column(Struct, kw_only=True):
    w: float
    label: Text = ""
    align: Literal["middle", "start"] = "middle"
    bold: bool = False


class Table(Item, tag="table", kw_only=True):
    x: float
    y: float
    cols: list[Column]
    rows: list[list[Text | None]]
    head_h: float = 40
    row_h: float = 34


class Chart(Placed, tag="chart", kw_only=True):
    values: list[float]
    label: Text | None = None
    tone: Tone | None = None
    threshold: float | None = None
    threshold_label: Text | None = None


class Arrow(Item, tag="arrow", kw_only=True):
    from_: str | Point = msgspec.field(name="from")
    to: str | Point
    route: Literal["straight", "hvh", "vhv", "hv", "vh"] = "straight"
    mid: float | None = None
    offset: Point = (0, 0)
    offset_to: Point | None = None
    dash: bool = False
    heads: Literal["end", "both", "none"] = "end"
    tone: Tone | None = None
    width: float | None = None
    label: Text | None = None
    label_offset: Point = (0, 0)
    label_seg: int | None = None
    label_w: float = 200
    label_align: Literal["center", "left", "right"] = "center"


AnyItem: TypeAlias = Box | Chevron | Cylinder | People | Group | Row | TextItem | Table | Chart | Arrow


class Place(Struct, kw_only=True):
    """Where an item goes in the narrow layout: any of its geometry fields, the rest is shared."""

    x: float | None = None
    y: float | None = None
    w: float | None = None
    h: float | None = None
    gap: float | None = None
    direction: Literal["right", "down"] | None = None
    columns: int | None = None
    cols: list[float] | None = None  # table column widths
    from_: str | Point | None = msgspec.field(default=None, name="from")
    to: str | Point | None = None
    route: Literal["straight", "hvh", "vhv", "hv", "vh"] | None = None
    mid: float | None = None
    offset: Point | None = None
    offset_to: Point | None = None
    label_offset: Point | None = None
    label_seg: int | None = None
    label_w: float | None = None
    label_align: Literal["center", "left", "right"] | None = None
    align: Literal["center", "left", "right"] | None = None
    heading_align: Literal["center", "left"] | None = None
    valign: Literal["middle", "top"] | None = None
    head_h: float | None = None
    row_h: float | None = None


class Narrow(Struct, kw_only=True):
    """The phone layout of a figure: its own size, new places for items (by id), items left out."""

    size: tuple[int, int]
    place: dict[str, Place] = {}
    hide: list[str] = []


class Figure(Struct, kw_only=True):
    size: tuple[int, int]
    title: Loc
    desc: Loc
    items: list[AnyItem]
    narrow: Narrow | None = None
    # set by the loader, never written in the file: the figure's name, file label and line
    name: str = ""
    source: str = ""
    line: int = 0

    def problem(self, message: str) -> Problem:
        """A problem of this figure, at the line of its name in the data file."""
        return Problem(self.source or "data/figures.yml", self.line or None, message)


class FigureFile(Struct, kw_only=True):
    figures: dict[str, Figure]

    def check(self) -> Iterator[tuple[KeyPath, str]]:
        """What the types leave open, as (key path, sentence) pairs."""
        for name, fig in self.figures.items():
            for key in ("name", "source", "line"):
                if getattr(fig, key):
                    yield ("figures", name, key), f"key '{key}' is not allowed here; fix the spelling."
            fig.name = name
            yield from _check_figure(fig, ("figures", name))


def _text_fields(item: object) -> Iterator[tuple[str, object]]:
    for name in ("label", "note", "heading", "threshold_label"):
        value = getattr(item, name, None)
        if value is not None:
            yield name, value


def load_figures(path: Path = DATA_FILE, *, label: str | None = None) -> dict[str, Figure]:
    """Read and check the figure descriptions; the first problem raises HookError with file and line."""
    figures, problems = load_figures_many(path, label=label)
    if problems or figures is None:
        raise HookError(problems[0] if problems else Problem(label or shown_path(path), None, "has no data."))
    return figures


def load_figures_many(
    path: Path = DATA_FILE, *, label: str | None = None
) -> tuple[dict[str, Figure] | None, list[Problem]]:
    """The figure descriptions and every problem found in them (None when they cannot be drawn)."""
    shown = label if label is not None else shown_path(path)
    try:
        doc, issues = data.read(path, label=shown)
    except HookError as err:
        return None, [err.problem]
    if doc is None or doc.data is None:
        return None, data.problems_of(issues or [data.Issue("empty", (), None)], shown)
    obj, more = data.convert(doc, FigureFile)
    issues = [*issues, *more]

    def describe(issue: data.Issue) -> str:
        if issue.kind == "unknown":  # list the fields of the item's own kind, not of the first kind
            allowed = _fields_of_kind(_value_at(doc.data, issue.path[:-1]))
            if allowed:
                issue = dataclasses.replace(issue, allowed=allowed)
        last = issue.path[-1] if issue.path else None
        where = data.dotted(issue.path)
        if last == "kind" and issue.kind in ("value", "type"):
            return f"key '{where}' is {issue.value!r}, which is not one of {', '.join(sorted(_KINDS))}."
        if last == "size" and issue.kind in ("value", "type"):
            return f"key '{where}' must be [width, height] in pixels."
        return data.describe(issue)

    problems = data.problems_of(issues, shown, describe)
    if obj is None or problems:
        return None, problems
    for name, fig in obj.figures.items():
        fig.source, fig.line = shown, doc.line(("figures", name)) or 0
    return obj.figures, problems


_KINDS: dict[str, type[Item]] = {
    str(cls.__struct_config__.tag): cls
    for cls in (Box, Chevron, Cylinder, People, Group, Row, TextItem, Table, Chart, Arrow)
}


def _value_at(value: object, path: KeyPath) -> object:
    for key in path:
        if isinstance(value, dict) and isinstance(key, str):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and key < len(value):
            value = value[key]
        else:
            return None
    return value


def _fields_of_kind(value: object) -> tuple[str, ...]:
    if isinstance(value, dict) and value.get("kind") in _KINDS:
        info = msgspec.inspect.type_info(_KINDS[value["kind"]])
        return tuple(f.encode_name for f in info.fields)  # type: ignore[attr-defined]
    return ()


def _check_figure(fig: Figure, base: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    dotted = data.dotted
    if not re.fullmatch(r"[a-z][a-z0-9-]*", fig.name):
        yield base, f"key '{dotted(base)}' is not a valid figure name; use lowercase letters, digits and '-'."
    for key, size in (("size", fig.size), ("narrow", fig.narrow.size if fig.narrow else (1, 1))):
        if min(size) <= 0:
            where = (*base, key) if key == "size" else (*base, "narrow", "size")
            yield where, f"key '{dotted(where)}' must be [width, height] in pixels."
    for key in ("title", "desc"):
        yield from _check_loc(getattr(fig, key), (*base, key))
    if not fig.items:
        yield (*base, "items"), f"key '{dotted((*base, 'items'))}' must be a non-empty list."
    ids: set[str] = set()
    for index, item in enumerate(fig.items):
        yield from _check_item(item, (*base, "items", index), ids)
    if fig.narrow is not None:
        for section, keys in (("place", list(fig.narrow.place)), ("hide", fig.narrow.hide)):
            for key in keys:
                if key not in ids:
                    where = (*base, "narrow", section, key) if section == "place" else (*base, "narrow", "hide")
                    yield (
                        where,
                        (
                            f"key '{dotted((*base, 'narrow', section))}' names item '{key}', which the figure "
                            f"does not define; use the id of one of its items."
                        ),
                    )


def _check_loc(value: object, keys: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, Loc):
        missing = [lang for lang in LANGS if not getattr(value, lang).strip()]
        if missing:
            yield (
                keys,
                (
                    f"key '{data.dotted(keys)}' has no text for {', '.join(repr(m) for m in missing)}; "
                    f"give both 'ja' and 'en'."
                ),
            )


def _check_tone(tone: str | None, keys: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if tone is not None and tone not in TONES:
        yield keys, f"key '{data.dotted(keys)}' is {tone!r}, which is not one of {', '.join(TONES)}."


def _check_item(item: Item, keys: KeyPath, ids: set[str]) -> Iterator[tuple[KeyPath, str]]:
    dotted = data.dotted
    for name, value in _text_fields(item):
        yield from _check_loc(value, (*keys, name))
    yield from _check_tone(getattr(item, "tone", None), (*keys, "tone"))
    if isinstance(item, Row):
        if not item.items:
            yield (*keys, "items"), f"key '{dotted((*keys, 'items'))}' must be a non-empty list of labels."
        for i, sub in enumerate(item.items):
            sub_keys = (*keys, "items", i)
            if isinstance(sub, RowEntry):
                has_text = sub.ja is not None or sub.en is not None
                if has_text and (sub.label is not None or sub.note is not None):
                    yield (
                        sub_keys,
                        (
                            f"key '{dotted(sub_keys)}' mixes a text (ja, en) with box fields (label, note); "
                            f"use one or the other."
                        ),
                    )
                elif has_text:
                    yield from _check_loc(Loc(ja=sub.ja or "", en=sub.en or ""), sub_keys)
                elif sub.label is None and sub.note is None:
                    yield sub_keys, f"key '{dotted(sub_keys)}' has no text; give ja and en, or a label or note."
                for name, value in _text_fields(sub):
                    yield from _check_loc(value, (*sub_keys, name))
                yield from _check_tone(sub.tone, (*sub_keys, "tone"))
    if isinstance(item, Table):
        for c, col in enumerate(item.cols):
            yield from _check_loc(col.label, (*keys, "cols", c, "label"))
        for r, row in enumerate(item.rows):
            if len(row) != len(item.cols):
                yield (
                    (*keys, "rows", r),
                    (f"key '{dotted((*keys, 'rows', r))}' must have {len(item.cols)} cells, one per column."),
                )
            for c, cell in enumerate(row):
                yield from _check_loc(cell, (*keys, "rows", r, c))
    if isinstance(item, Chart) and (len(item.values) < 2 or not all(0 <= v <= 1 for v in item.values)):
        yield (*keys, "values"), f"key '{dotted((*keys, 'values'))}' must list at least two numbers between 0 and 1."
    if isinstance(item, Arrow):
        for end, ref in (("from", item.from_), ("to", item.to)):
            if isinstance(ref, str):
                target, _, side = ref.partition(".")
                if target not in ids or side not in SIDES:
                    yield (
                        (*keys, end),
                        (
                            f"key '{dotted((*keys, end))}' is {ref!r}, which does not name an earlier "
                            f"item and a side (id.n/s/e/w/c); define the item first."
                        ),
                    )
    if item.id is not None:
        if item.id in ids:
            yield (*keys, "id"), f"key '{dotted((*keys, 'id'))}' {item.id!r} is used twice in this figure."
        ids.add(item.id)
    if isinstance(item, Row):
        for i, sub in enumerate(item.items):
            if isinstance(sub, RowEntry) and sub.id is not None:
                ids.add(sub.id)
            elif item.id is not None:
                ids.add(f"{item.id}{i + 1}")
