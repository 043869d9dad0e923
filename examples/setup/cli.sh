#!/usr/bin/env bash
# Install the Azure Machine Learning extension (CLI v2), sign in and set the default workspace.
# Replace the <...> values with your own before running it.
# --8<-- [start:install]
# Remove the CLI v1 extension if it is still installed
az extension remove -n azure-cli-ml

# Add the CLI v2 ml extension
az extension add -n ml

# Update the extension to the latest version
az extension update -n ml

# Check the installation
az ml -h
# --8<-- [end:install]

# --8<-- [start:configure]
az login
az account set --subscription "<subscription-id>"
az configure --defaults group="<resource-group>" workspace="<workspace-name>"
# --8<-- [end:configure]
