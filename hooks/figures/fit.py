"""Text fitting: advance widths from Noto Sans CJK JP, phrase wrapping with BudouX, kinsoku.

Widths come from ``metrics.json`` beside this module: the advance widths of Noto Sans CJK JP (the
font Debian's ``fonts-noto-cjk`` installs) for every character of the Latin, punctuation, kana,
kanji and full-width blocks, in both weights, as runs of equal width (``python -m hooks.figures
metrics`` rewrites it from the installed font). The committed table keeps the drawn figures
identical on every machine, whatever fonts it has; :func:`missing` names characters it lacks.

Wrapping works on phrases: BudouX's phrases for text that holds Japanese, words otherwise. A line
breaks between phrases; a phrase wider than the line breaks at its spaces, and only a Japanese word
wider than the line breaks between characters, never before ー, a small kana or closing
punctuation (a Latin word wider than the line stays whole). A no-break space (U+00A0) joins words that must stay on one line ("Azure Arc").
Lines are balanced: the narrowest width that needs no more lines than the greedy fill.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import budoux

from hooks.core.scripts import NO_LINE_END, NO_LINE_START, script

METRICS_FILE = Path(__file__).with_name("metrics.json")
FONT_FILES = {
    "regular": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    "bold": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
}
FONT_FAMILY = "Noto Sans CJK JP"
ASCENT, DESCENT = 0.88, 0.12  # ink extent of a line above and below its baseline, in em
NBSP = "\u00a0"


# the blocks the table covers: Latin, Greek, Cyrillic; punctuation, symbols, arrows; CJK symbols,
# kana; CJK ideographs; full-width and half-width forms
BLOCKS = (
    (0x0020, 0x04FF),
    (0x2000, 0x2BFF),
    (0x3000, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
)


@dataclass(frozen=True)
class Metrics:
    """Advance widths in font units, as runs of code points (first, last, width) per face."""

    font: str
    version: str
    upem: int
    runs: dict[str, list[tuple[int, int, int]]]

    def advance(self, ch: str, bold: bool) -> int | None:
        runs = self.runs["bold" if bold else "regular"]
        code = ord(" " if ch == NBSP else ch)
        index = bisect.bisect_right(runs, (code, 0x10FFFF, 0)) - 1
        if index >= 0 and runs[index][0] <= code <= runs[index][1]:
            return runs[index][2]
        return None


@cache
def metrics(path: Path = METRICS_FILE) -> Metrics:
    """The committed metrics table (read once per process)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    runs = {face: [(int(a), int(b), int(w)) for a, b, w in data[face]] for face in ("regular", "bold")}
    return Metrics(data["font"], data["version"], data["upem"], runs)


def read_font_metrics(fonts: dict[str, Path] = FONT_FILES) -> dict[str, object]:
    """The table, read with fontTools from the installed Noto Sans CJK JP: every character of :data:`BLOCKS`."""
    from fontTools.ttLib import TTCollection

    table: dict[str, object] = {"font": FONT_FAMILY}
    for face, path in fonts.items():
        collection = TTCollection(str(path), lazy=True)
        font = next(f for f in collection.fonts if f["name"].getDebugName(1) == FONT_FAMILY)
        cmap, hmtx = font.getBestCmap(), font["hmtx"]
        table["version"] = str(font["name"].getDebugName(5)).split(";")[0]
        table["upem"] = int(font["head"].unitsPerEm)
        runs: list[list[int]] = []
        for first, last in BLOCKS:
            for code in range(first, last + 1):
                glyph = cmap.get(code)
                if glyph is None:
                    continue
                width = int(hmtx[glyph][0])
                if runs and runs[-1][1] == code - 1 and runs[-1][2] == width:
                    runs[-1][1] = code
                else:
                    runs.append([code, code, width])
        table[face] = runs
    return table


def write_metrics(path: Path = METRICS_FILE) -> None:
    table = read_font_metrics()
    head = {k: v for k, v in table.items() if k not in ("regular", "bold")}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ","]
    for face in ("regular", "bold"):
        runs = table[face]
        assert isinstance(runs, list)
        rows = ",\n".join(json.dumps(run) for run in runs)
        lines.append(f'"{face}": [\n{rows}\n]' + ("," if face == "regular" else ""))
    path.write_text("\n".join(lines) + "\n}\n", encoding="utf-8")
    metrics.cache_clear()


def missing(text: str, table: Metrics | None = None) -> list[str]:
    """Characters of ``text`` that the table has no width for (in either face)."""
    table = table or metrics()
    return sorted({c for c in text if table.advance(c, False) is None or table.advance(c, True) is None})


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in px of ``text`` set at ``size`` px in Noto Sans CJK JP; a character without metrics counts 1 em."""
    table = metrics()
    units = sum(table.advance(c, bold) or table.upem for c in text)
    return units * size / table.upem


@cache
def _parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


def _japanese(text: str) -> bool:
    return any(script(c) in ("kanji", "hiragana", "katakana") for c in text)


def phrases(text: str) -> list[str]:
    """Breakable pieces of one paragraph, each keeping its trailing space: BudouX phrases or words."""
    if _japanese(text):
        raw = _parser().parse(text)
    else:
        raw = re.findall(r"[^ ]+ *| +", text)
    out: list[str] = []
    for piece in raw:
        if out and piece.startswith(" "):  # BudouX puts a space at the start of the next phrase
            out[-1] += piece[: len(piece) - len(piece.lstrip(" "))]
            piece = piece.lstrip(" ")
        if not piece:
            continue
        if out and (piece[0] in NO_LINE_START or out[-1].rstrip(" ")[-1:] in NO_LINE_END):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def widest_word(text: str, size: float, bold: bool = False) -> tuple[str, float]:
    """The widest piece of ``text`` that wrapping may not break (a phrase's part between spaces), and its width."""
    best, width = "", 0.0
    for para in text.split("\n"):
        for phrase in phrases(para):
            for word in phrase.split(" "):
                w = text_width(word, size, bold)
                if w > width:
                    best, width = word, w
    return best, width


def _split_chars(word: str) -> list[str]:
    """Characters of a word, closing punctuation and small kana kept with the character before."""
    out: list[str] = []
    for ch in word:
        if out and (ch in NO_LINE_START or out[-1][-1] in NO_LINE_END):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _pieces(text: str, width: float, size: float, bold: bool) -> list[str]:
    """Phrases; one too wide for the line falls back to its spaces, then to characters."""
    out: list[str] = []
    for phrase in phrases(text):
        if text_width(phrase.rstrip(" "), size, bold) <= width:
            out.append(phrase)
            continue
        for word in re.findall(r"[^ ]+ *| +", phrase):
            if text_width(word.rstrip(" "), size, bold) <= width or not _japanese(word):
                out.append(word)  # a Latin word wider than the line stays whole (the box must grow)
            else:
                out += _split_chars(word)
    return out


def _fill(pieces: Sequence[str], width: float, size: float, bold: bool) -> list[str]:
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if line and text_width((line + piece).rstrip(" "), size, bold) > width:
            lines.append(line.rstrip(" "))
            line = piece.lstrip(" ")
        else:
            line += piece
    lines.append(line.rstrip(" "))
    return lines


def wrap(text: str, width: float, size: float, bold: bool = False, *, balance: bool = True) -> list[str]:
    """Wrap ``text`` into lines no wider than ``width`` px (where its pieces allow); "\\n" forces a break."""
    lines: list[str] = []
    for para in str(text).split("\n"):
        pieces = _pieces(para, width, size, bold)
        greedy = _fill(pieces, width, size, bold)
        if balance and len(greedy) > 1:
            widest = max(text_width(p.rstrip(" "), size, bold) for p in pieces)
            lo, hi = widest, width
            best = greedy
            for _ in range(12):  # bisect the narrowest width that keeps the line count
                mid = (lo + hi) / 2
                trial = _fill(pieces, mid, size, bold)
                if len(trial) <= len(greedy):
                    best, hi = trial, mid
                else:
                    lo = mid
            greedy = best
        lines += greedy
    return lines
