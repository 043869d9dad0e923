#!/usr/bin/env bash
# Sign in, add the ml extension (CLI v2), and choose the subscription the tutorial bills to.
set -euo pipefail
# --8<-- [start:login]
az login
az extension add --name ml
az account set --subscription "<subscription-id>"
# --8<-- [end:login]
