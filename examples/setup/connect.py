"""Connect to an Azure Machine Learning workspace with the Python SDK v2 and list its compute.

It builds no SDK entities, so there is nothing to run offline: ``main()`` needs Azure (``az login``
or another credential DefaultAzureCredential finds, network access and a workspace) and runs only
when the file is run as a script.

    python connect.py
"""
from __future__ import annotations

# --8<-- [start:imports]
from azure.ai.ml import MLClient
from azure.identity import DefaultAzureCredential

# --8<-- [end:imports]


def main() -> None:
    # --8<-- [start:connect]
    ml_client = MLClient(
        DefaultAzureCredential(),
        subscription_id="<subscription-id>",
        resource_group_name="<resource-group>",
        workspace_name="<workspace-name>",
    )

    # List the compute in the workspace
    for compute in ml_client.compute.list():
        print(compute.name, compute.type)
    # --8<-- [end:connect]


if __name__ == "__main__":  # needs Azure from here on
    main()
