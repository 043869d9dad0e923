"""Train a classifier that predicts machine failures, log the run with MLflow, save an MLflow model.

In an Azure Machine Learning job the service sets MLflow's tracking URI, so metrics go to the job;
run locally, MLflow logs to whatever MLFLOW_TRACKING_URI names (a local folder, for example).
The script never sets a tracking URI itself.

    python train.py --data ../data/machines.csv --model_output ./model
"""
from __future__ import annotations

import argparse

import mlflow
import mlflow.sklearn
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

FEATURES = ["temperature", "vibration", "pressure"]
LABEL = "failure"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="CSV file with the feature columns and 'failure'")
    parser.add_argument("--model_output", required=True, help="folder to save the MLflow model into")
    parser.add_argument("--test_size", type=float, default=0.25)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> float:
    args = parse_args(argv)
    # --8<-- [start:train]
    df = pd.read_csv(args.data)
    x_train, x_test, y_train, y_test = train_test_split(
        df[FEATURES], df[LABEL],
        test_size=args.test_size, random_state=0, stratify=df[LABEL],
    )

    # parameters and training metrics are logged automatically
    mlflow.sklearn.autolog(log_models=False)
    with mlflow.start_run():
        model = LogisticRegression(max_iter=1000).fit(x_train, y_train)
        accuracy = accuracy_score(y_test, model.predict(x_test))
        mlflow.log_metric("test_accuracy", accuracy)
        # MLflow format: an MLmodel file describes the model, so it deploys
        # without a scoring script; cloudpickle loads in any MLflow version
        mlflow.sklearn.save_model(
            model, args.model_output, input_example=x_test.head(2),
            serialization_format=mlflow.sklearn.SERIALIZATION_FORMAT_CLOUDPICKLE,
        )
    # --8<-- [end:train]
    print(f"test accuracy: {accuracy:.3f}")
    return accuracy


if __name__ == "__main__":
    main()
