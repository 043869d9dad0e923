"""BudouX's phrase model, evaluated with fewer Python operations than ``budoux.Parser.parse``.

BudouX (https://github.com/google/budoux) scores each boundary between two characters of a sentence
by adding the scores of 13 features: the characters at offsets -3..+2 (UW1-UW6), the bigrams at
-2, -1, 0 (BW1-BW3) and the trigrams at -3..0 (TW1-TW4), each present only where the sentence has
those characters. A boundary separates two phrases when ``base + sum > 0``, where ``base`` is minus
half the sum of all the model's scores. `Phrases` gives the same phrases:

- the scores are integers and ``base`` is a multiple of 0.5, so every partial sum is exact in a float
  and the test is ``sum > total / 2``, in whatever order the scores are added;
- the sentence is padded with three NUL characters on each side; no feature of the model holds a NUL
  (checked when the model is read), so a feature reaching past the sentence adds 0, as BudouX's
  bounds checks do, and a NUL inside the sentence adds 0 as in BudouX;
- each character, bigram and trigram is looked up once, in a table giving the scores of all the
  features of its length as one tuple, instead of once per feature.

The model is budoux's own ``models/ja.json``, read from the installed package (the package itself is
not imported).
"""

from __future__ import annotations

import importlib.util
import json
from itertools import repeat
from operator import add
from pathlib import Path

_PAD = "\x00\x00\x00"


def _table(model: dict[str, dict[str, int]], names: list[str]) -> dict[str, tuple[int, ...]]:
    """The scores of the features ``names`` (all of one n-gram length), as one tuple per n-gram."""
    features = [model.get(name, {}) for name in names]
    grams = list(set().union(*features))
    return dict(zip(grams, zip(*[map(feature.get, grams, repeat(0)) for feature in features])))


def model_path(language: str = "ja") -> Path:
    """``budoux/models/<language>.json`` of the installed budoux package."""
    spec = importlib.util.find_spec("budoux")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("budoux is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "models" / f"{language}.json"


class Phrases:
    """``parse(sentence)`` gives the phrases ``budoux.Parser(model).parse(sentence)`` gives."""

    def __init__(self, model: dict[str, dict[str, int]]) -> None:
        if "\x00" in "".join("".join(feature) for feature in model.values()):
            raise ValueError("a BudouX model feature holds a NUL character")
        self.half_total = sum(sum(feature.values()) for feature in model.values()) / 2
        self._uni = _table(model, [f"UW{k}" for k in range(1, 7)]).get
        self._bi = _table(model, [f"BW{k}" for k in range(1, 4)]).get
        self._tri = _table(model, [f"TW{k}" for k in range(1, 5)]).get

    @classmethod
    def default_japanese(cls) -> Phrases:
        return cls(json.loads(model_path("ja").read_text(encoding="utf-8")))

    def boundaries(self, sentence: str) -> list[int]:
        """The offsets in ``sentence`` where a new phrase starts (0 and the end excluded)."""
        n = len(sentence)
        if n < 2:
            return []
        p = _PAD + sentence + _PAD  # sentence[i] is p[i + 3]
        uni = list(map(self._uni, p, repeat((0, 0, 0, 0, 0, 0))))
        bigrams = list(map(add, p, p[1:]))
        bi = list(map(self._bi, bigrams, repeat((0, 0, 0))))
        tri = list(map(self._tri, map(add, bigrams, p[2:]), repeat((0, 0, 0, 0))))
        half = self.half_total
        # boundary i (before sentence[i]): UWk reads p[i + k - 1], BWk the bigram at p[i + k], TWk the trigram at p[i + k - 1]
        return [
            i
            for i, u1, u2, u3, u4, u5, u6, b1, b2, b3, t1, t2, t3, t4 in zip(
                range(1, n),
                uni[1:],
                uni[2:],
                uni[3:],
                uni[4:],
                uni[5:],
                uni[6:],
                bi[2:],
                bi[3:],
                bi[4:],
                tri[1:],
                tri[2:],
                tri[3:],
                tri[4:],
            )
            if u1[0] + u2[1] + u3[2] + u4[3] + u5[4] + u6[5] + b1[0] + b2[1] + b3[2] + t1[0] + t2[1] + t3[2] + t4[3]
            > half
        ]

    def parse(self, sentence: str) -> list[str]:
        """The phrases of ``sentence`` (none for an empty one), as ``budoux.Parser.parse``."""
        if not sentence:
            return []
        cuts = self.boundaries(sentence)
        return [sentence[a:b] for a, b in zip([0, *cuts], [*cuts, len(sentence)])]
