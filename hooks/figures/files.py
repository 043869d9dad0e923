"""The committed figure files: generating them (``build``), comparing them with the generator (``check``).

``docs/assets/figures/`` holds, for every figure of ``data/figures.yml``, ``NAME.svg`` (ja) and
``NAME.en.svg`` (en), and for a figure with a narrow layout also ``NAME.narrow.svg`` and
``NAME.narrow.en.svg``. :func:`check` reports a file that differs from the generator's output,
is missing, is not described, is too large or unsafe, a figure whose text would show below
:data:`MIN_PHONE_PX` on a phone without a narrow layout, and every overlap
(:mod:`hooks.figures.layout`) in what the generator draws.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hooks.core.paths import shown_path
from hooks.core.problems import HookError, Problem
from hooks.figures import draw, fit, layout, safety, style
from hooks.figures.model import DATA_FILE, LANGS, ROOT, Figure, load_figures, loc

OUT_DIR = ROOT / "docs" / "assets" / "figures"
MAX_BYTES = 60 * 1024
PHONE_CONTENT_PX = 358  # width of the article on a 390 px phone (Material: 16 px margins)
MIN_PHONE_PX = 10.0  # smallest figure text a phone reader may be shown, CSS px


@dataclass(frozen=True)
class Output:
    """One generated file and the geometry it draws."""

    name: str
    svg: str
    layout: draw.Layout
    figure: str
    lang: str
    variant: draw.Layoutname


def texts_of(fig: Figure) -> Iterable[str]:
    """Every text of a figure, both languages (for the metrics table)."""
    for lang in LANGS:
        for layout_name in draw.layouts(fig):
            canvas = draw.Canvas(fig, lang, layout_name)
            for item in canvas.placed_items():
                for value in _values(item):
                    yield loc(value, lang)  # type: ignore[arg-type]


def _values(obj: object) -> Iterable[object]:
    from hooks.figures.model import Loc, RowEntry, Struct

    if isinstance(obj, (str, Loc)):
        yield obj
    elif isinstance(obj, RowEntry) and obj.ja is not None:
        yield Loc(ja=obj.ja, en=obj.en or "")
    if isinstance(obj, Struct) and not isinstance(obj, Loc):
        for name in obj.__struct_fields__:
            if name in (
                "id",
                "kind",
                "tone",
                "from_",
                "to",
                "route",
                "align",
                "valign",
                "direction",
                "shape",
                "heading_align",
                "label_align",
                "color",
                "heads",
            ):
                continue
            value = getattr(obj, name)
            if isinstance(value, list):
                for sub in value:
                    if isinstance(sub, list):
                        for cell in sub:
                            yield from _values(cell)
                    else:
                        yield from _values(sub)
            elif value is not None:
                yield from _values(value)


def generate(figures: dict[str, Figure]) -> list[Output]:
    """Every output file, in a stable order; text without font metrics is an error naming the figure."""
    table = fit.metrics()
    outputs = []
    for name, fig in figures.items():
        lacking = sorted({c for text in texts_of(fig) for c in fit.missing(text.replace("\n", ""), table)})
        if lacking:
            raise HookError(
                Problem(
                    "data/figures.yml",
                    None,
                    f"figure '{name}' uses {''.join(lacking)!r}, which "
                    f"{fit.METRICS_FILE.name} has no width for; run 'python -m hooks.figures metrics'.",
                )
            )
        for lang in LANGS:
            for variant in draw.layouts(fig):
                svg, geometry = draw.drawn(fig, lang, variant)
                outputs.append(Output(draw.file_name(name, lang, variant), svg, geometry, name, lang, variant))
    return outputs


def refresh_metrics() -> Path:
    """Rewrite the metrics table from the installed font."""
    fit.write_metrics()
    return fit.METRICS_FILE


def build(out_dir: Path = OUT_DIR, data_file: Path = DATA_FILE) -> list[Path]:
    """Write every figure whose file differs from the generator's output; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for out in generate(load_figures(data_file)):
        target = out_dir / out.name
        if not target.exists() or target.read_bytes() != out.svg.encode("utf-8"):  # any other bytes: rewritten
            target.write_text(out.svg, encoding="utf-8")
            written.append(target)
    return written


def phone_text_px(fig: Figure, variant: draw.Layoutname) -> float:
    """The smallest text of a figure layout as a 390 px phone shows it (CSS px)."""
    width = fig.size[0] if variant == "wide" or fig.narrow is None else fig.narrow.size[0]
    return min(style.SIZE.values()) * min(1.0, PHONE_CONTENT_PX / width)


def check(out_dir: Path = OUT_DIR, data_file: Path = DATA_FILE, details: list[str] | None = None) -> list[Problem]:
    """Every difference between the committed figures and the generator, every unsafe file and overlap.

    When ``details`` is a list, the first lines of each difference are appended to it.
    """
    figures = load_figures(data_file)
    outputs = generate(figures)
    expected = {out.name: out for out in outputs}
    shown_dir = shown_path(out_dir)
    problems: list[Problem] = []
    for name, out in sorted(expected.items()):
        target = out_dir / name
        shown = f"{shown_dir}/{name}"
        if not target.exists():
            problems.append(Problem(shown, None, "figure is missing; run 'python -m hooks.figures build'."))
        elif (committed := target.read_bytes()) != out.svg.encode("utf-8"):
            problems.append(
                Problem(shown, None, "figure differs from the generator's output; run 'python -m hooks.figures build'.")
            )
            if details is not None:
                diff = difflib.unified_diff(
                    committed.decode("utf-8", "replace").splitlines(),  # a file that is not UTF-8 differs too
                    out.svg.splitlines(),
                    f"{shown} (committed)",
                    f"{shown} (generated)",
                    n=0,
                    lineterm="",
                )
                details += list(diff)[:8]
        size = len(out.svg.encode("utf-8"))
        if size > MAX_BYTES:
            problems.append(Problem(shown, None, f"figure is {size} bytes, over the {MAX_BYTES} limit; simplify it."))
    for out in outputs:
        fig = figures[out.figure]
        title = f"figure '{out.figure}' ({out.lang}{', narrow' if out.variant == 'narrow' else ''})"
        problems += [fig.problem(f"{title}: {overlap}") for overlap in layout.overlaps(out.layout)]
    for name, fig in figures.items():
        smallest = phone_text_px(fig, draw.layouts(fig)[-1])  # a phone is served the narrow layout when there is one
        if smallest < MIN_PHONE_PX:
            widest = int(PHONE_CONTENT_PX * min(style.SIZE.values()) / MIN_PHONE_PX)
            problems.append(
                fig.problem(
                    f"figure '{name}' shows its smallest text at {smallest:.1f} px on a 390 px "
                    f"phone; give it a narrow layout (key 'narrow') at most {widest} px wide."
                )
            )
    for path in sorted(out_dir.iterdir()):
        if path.suffix.lower() == ".svg" and path.name not in expected:
            problems.append(
                Problem(
                    f"{shown_dir}/{path.name}",
                    None,
                    f"figure is not described in {shown_path(data_file)}; add it there or delete the file.",
                )
            )
    problems += safety.check_tree(out_dir, shown_dir, figures_subdir=".")
    return problems
