#!/usr/bin/env bash
# Submit the command job (serverless compute), open it in studio, and stream its log to the terminal.
set -euo pipefail
source "$(dirname "$0")/env.sh"
# --8<-- [start:submit]
JOB_NAME=$(az ml job create --file job.yml --web --query name --output tsv)
echo "job: $JOB_NAME"
az ml job stream --name "$JOB_NAME"
# --8<-- [end:submit]
# --8<-- [start:status]
az ml job show --name "$JOB_NAME" --query status --output tsv
# --8<-- [end:status]
