#!/usr/bin/env bash
# Create the managed online endpoint, then deploy the model to it and send it all traffic.
set -euo pipefail
source "$(dirname "$0")/env.sh"
# --8<-- [start:deploy]
az ml online-endpoint create --file endpoint.yml --name "$ENDPOINT_NAME"
az ml online-deployment create --file deployment.yml \
  --endpoint-name "$ENDPOINT_NAME" --all-traffic
# --8<-- [end:deploy]
