#!/usr/bin/env bash
# Register the MLflow model that the job wrote to its 'model' output.
set -euo pipefail
source "$(dirname "$0")/env.sh"
JOB_NAME="${1:?usage: 04-register-model.sh <job-name>}"
# --8<-- [start:model]
az ml model create --file model.yml --set path="azureml://jobs/$JOB_NAME/outputs/model"
# --8<-- [end:model]
