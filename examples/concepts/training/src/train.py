"""Train a classifier on Titanic passenger data, log the run with MLflow and save an MLflow model.

``--data`` is a CSV file (the data asset itself) or a folder of CSV files (the output of prep.py).
In an Azure Machine Learning job MLflow logs to the job; locally, to what MLFLOW_TRACKING_URI names.

    python train.py --data titanic.csv --model-output ./model
"""
from __future__ import annotations

import argparse
from pathlib import Path

import mlflow
import mlflow.sklearn
import pandas as pd
from prep import FEATURES, LABEL, prepare
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split


def read_csvs(path: Path) -> pd.DataFrame:
    """One CSV file, or every CSV file in a folder, as one table."""
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    return pd.concat([pd.read_csv(f) for f in files], ignore_index=True)


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="CSV file or folder of CSV files")
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--model-output", default="outputs/model", help="folder to save the MLflow model into")
    args = parser.parse_args(argv)

    df = prepare(read_csvs(args.data))  # prepare() leaves prepared data as it is
    x_train, x_test, y_train, y_test = train_test_split(
        df[FEATURES], df[LABEL], test_size=0.25, random_state=0, stratify=df[LABEL])
    mlflow.sklearn.autolog(log_models=False)
    with mlflow.start_run():
        model = GradientBoostingClassifier(learning_rate=args.learning_rate, random_state=0).fit(x_train, y_train)
        accuracy = accuracy_score(y_test, model.predict(x_test))
        mlflow.log_metric("test_accuracy", accuracy)
        mlflow.sklearn.save_model(model, args.model_output, input_example=x_test.head(2),
                                  serialization_format=mlflow.sklearn.SERIALIZATION_FORMAT_CLOUDPICKLE)
    print(f"test accuracy: {accuracy:.3f}")
    return accuracy


if __name__ == "__main__":
    main()
