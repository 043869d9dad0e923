"""Write data/machines.csv: a small, made-up data set of machine readings and failures.

Every run writes the same bytes (fixed seed), so the bundled CSV can be checked against this script:
    python make_data.py data/machines.csv
"""
from __future__ import annotations

import csv
import math
import random
import sys
from pathlib import Path

ROWS = 300
SEED = 2026


def rows(count: int = ROWS, seed: int = SEED) -> list[dict[str, object]]:
    """Readings of ``count`` made-up machines; hot, shaking machines fail more often."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        temperature = round(rng.gauss(60, 12), 1)
        vibration = round(abs(rng.gauss(3, 1.5)), 2)
        pressure = round(rng.gauss(100, 15), 1)
        score = 0.12 * (temperature - 60) + 0.9 * (vibration - 3) + 0.02 * (pressure - 100)
        failure = int(rng.random() < 1 / (1 + math.exp(-score)))
        out.append({"temperature": temperature, "vibration": vibration, "pressure": pressure, "failure": failure})
    return out


def write(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["temperature", "vibration", "pressure", "failure"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows())


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "data/machines.csv"))
