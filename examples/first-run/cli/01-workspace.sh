#!/usr/bin/env bash
# Create a resource group and a workspace in it, then make them the defaults of later az ml commands.
set -euo pipefail
source "$(dirname "$0")/env.sh"
# --8<-- [start:workspace]
az group create --name "$RESOURCE_GROUP" --location "$LOCATION"
az ml workspace create --file workspace.yml \
  --resource-group "$RESOURCE_GROUP" --location "$LOCATION"
az configure --defaults group="$RESOURCE_GROUP" workspace="$WORKSPACE"
# --8<-- [end:workspace]
