#!/usr/bin/env bash
# Send sample-request.json to the endpoint; the answer holds one prediction (0 or 1) per row.
set -euo pipefail
source "$(dirname "$0")/env.sh"
# --8<-- [start:invoke]
az ml online-endpoint invoke --name "$ENDPOINT_NAME" --request-file sample-request.json
# --8<-- [end:invoke]
