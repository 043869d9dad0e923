#!/usr/bin/env bash
# Upload data/machines.csv and register it as the data asset machines:1.
set -euo pipefail
source "$(dirname "$0")/env.sh"
# --8<-- [start:data]
az ml data create --file data.yml
# --8<-- [end:data]
