"""Prepare the Titanic passenger CSV for training: numeric features, no missing values, one CSV in a folder.

    python prep.py --raw-data titanic.csv --prepared-data ./prepared
"""
from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

FEATURES = ["Pclass", "Sex", "Age", "SibSp", "Parch", "Fare"]
LABEL = "Survived"


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Keep the feature and label columns, encode Sex as 0/1 and fill missing numbers with the median."""
    df = df[FEATURES + [LABEL]].dropna(subset=[LABEL]).copy()
    df["Sex"] = df["Sex"].replace({"male": 0, "female": 1}).astype(int)
    for column in ("Age", "Fare"):
        df[column] = df[column].fillna(df[column].median())
    return df


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw-data", required=True, help="the Titanic CSV file")
    parser.add_argument("--prepared-data", required=True, help="folder to write prepared.csv into")
    args = parser.parse_args(argv)
    out = Path(args.prepared_data)
    out.mkdir(parents=True, exist_ok=True)
    prepare(pd.read_csv(args.raw_data)).to_csv(out / "prepared.csv", index=False)


if __name__ == "__main__":
    main()
