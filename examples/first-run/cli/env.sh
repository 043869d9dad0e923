# Settings every step uses; each script sources this file. Run the scripts from examples/first-run/.
# --8<-- [start:settings]
export RESOURCE_GROUP="rg-first-run"
export WORKSPACE="first-run-ws"
export LOCATION="japaneast"
export ENDPOINT_NAME="first-run-12345"  # unique in the Azure region: change it
# --8<-- [end:settings]
