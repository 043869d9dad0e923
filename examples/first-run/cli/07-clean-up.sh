#!/usr/bin/env bash
# Delete what bills: the endpoint first (its VMs bill by the hour), then the whole resource group.
set -euo pipefail
source "$(dirname "$0")/env.sh"
# --8<-- [start:clean-up]
az ml online-endpoint delete --name "$ENDPOINT_NAME" --yes
az group delete --name "$RESOURCE_GROUP" --yes --no-wait
# --8<-- [end:clean-up]
