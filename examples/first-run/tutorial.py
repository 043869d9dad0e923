"""The first-run tutorial with the Python SDK (azure-ai-ml): workspace, data, job, model, endpoint, clean-up.

Two parts:
- the functions above the line marked "Everything below needs Azure" only build entities; they run
  offline, and ``offline_entities()`` returns all of them so they can be checked without a subscription;
- ``main()`` connects to Azure with MLClient and creates, waits for and deletes the resources. It needs
  ``az login`` (or another credential DefaultAzureCredential finds), network access, and a subscription.

    python tutorial.py    # runs every step in Azure, then deletes the endpoint
"""
from __future__ import annotations

from pathlib import Path

from azure.ai.ml import Input, Output, command
from azure.ai.ml.constants import AssetTypes
from azure.ai.ml.entities import (
    Data,
    JobResourceConfiguration,
    ManagedOnlineDeployment,
    ManagedOnlineEndpoint,
    Model,
    Workspace,
)

HERE = Path(__file__).resolve().parent

# --8<-- [start:settings]
SUBSCRIPTION_ID = "<subscription-id>"
RESOURCE_GROUP = "rg-first-run"
WORKSPACE = "first-run-ws"
LOCATION = "japaneast"
ENDPOINT_NAME = "first-run-12345"  # unique in the Azure region: change it
# --8<-- [end:settings]


def workspace_entity() -> Workspace:
    # --8<-- [start:workspace]
    ws = Workspace(name=WORKSPACE, location=LOCATION, display_name="First run")
    # --8<-- [end:workspace]
    return ws


def data_entity() -> Data:
    # --8<-- [start:data]
    data = Data(
        name="machines",
        version="1",
        type=AssetTypes.URI_FILE,
        path=str(HERE / "data" / "machines.csv"),
        description="Made-up machine readings and whether the machine failed.",
    )
    # --8<-- [end:data]
    return data


def job_entity():
    # --8<-- [start:job]
    job = command(
        display_name="first-run-train",
        experiment_name="first-run",
        code=str(HERE / "src"),
        command=(
            "python train.py --data ${{inputs.data}}"
            " --model_output ${{outputs.model}}"
        ),
        inputs={"data": Input(type=AssetTypes.URI_FILE, path="azureml:machines:1")},
        outputs={"model": Output(type=AssetTypes.MLFLOW_MODEL)},
        environment="azureml://registries/azureml/environments/sklearn-1.5/labels/latest",
        # no compute=...: the job runs on serverless compute
        resources=JobResourceConfiguration(
            instance_type="Standard_DS3_v2", instance_count=1
        ),
    )
    # --8<-- [end:job]
    return job


def model_entity(job_name: str) -> Model:
    # --8<-- [start:model]
    model = Model(
        name="machine-failure",
        type=AssetTypes.MLFLOW_MODEL,
        path=f"azureml://jobs/{job_name}/outputs/model",
        description="Logistic regression trained by the first-run tutorial.",
    )
    # --8<-- [end:model]
    return model


def endpoint_entity() -> ManagedOnlineEndpoint:
    # --8<-- [start:endpoint]
    endpoint = ManagedOnlineEndpoint(name=ENDPOINT_NAME, auth_mode="key")
    # --8<-- [end:endpoint]
    return endpoint


def deployment_entity(model: str) -> ManagedOnlineDeployment:
    # --8<-- [start:deployment]
    deployment = ManagedOnlineDeployment(
        name="blue",
        endpoint_name=ENDPOINT_NAME,
        model=model,  # an MLflow model: no scoring script, no environment
        instance_type="Standard_DS3_v2",
        instance_count=1,
    )
    # --8<-- [end:deployment]
    return deployment


def offline_entities() -> list:
    """Every entity the tutorial creates, built without Azure (the job name is a placeholder)."""
    return [workspace_entity(), data_entity(), job_entity(), model_entity("<job-name>"),
            endpoint_entity(), deployment_entity("azureml:machine-failure@latest")]


# ---------------------------------------------------------------------------------------------------
# Everything below needs Azure: a credential, network access and a subscription.

def main() -> None:
    from azure.ai.ml import MLClient
    from azure.identity import DefaultAzureCredential

    # --8<-- [start:connect]
    credential = DefaultAzureCredential()
    # the resource group must exist already (az group create, step 1)
    ml_client = MLClient(credential, SUBSCRIPTION_ID, RESOURCE_GROUP)
    ml_client.workspaces.begin_create(workspace_entity()).result()
    ml_client = MLClient(credential, SUBSCRIPTION_ID, RESOURCE_GROUP, WORKSPACE)
    # --8<-- [end:connect]

    # --8<-- [start:register-data]
    ml_client.data.create_or_update(data_entity())
    # --8<-- [end:register-data]

    # --8<-- [start:submit]
    returned_job = ml_client.jobs.create_or_update(job_entity())
    print("studio:", returned_job.studio_url)
    ml_client.jobs.stream(returned_job.name)  # the log, until the job ends
    # --8<-- [end:submit]

    # --8<-- [start:register-model]
    model = ml_client.models.create_or_update(model_entity(returned_job.name))
    # --8<-- [end:register-model]

    # --8<-- [start:deploy]
    ml_client.online_endpoints.begin_create_or_update(endpoint_entity()).result()
    deployment = deployment_entity(f"azureml:{model.name}:{model.version}")
    ml_client.online_deployments.begin_create_or_update(deployment).result()
    endpoint = ml_client.online_endpoints.get(ENDPOINT_NAME)
    endpoint.traffic = {"blue": 100}
    ml_client.online_endpoints.begin_create_or_update(endpoint).result()
    # --8<-- [end:deploy]

    # --8<-- [start:invoke]
    response = ml_client.online_endpoints.invoke(
        endpoint_name=ENDPOINT_NAME, request_file=str(HERE / "sample-request.json")
    )
    print(response)
    # --8<-- [end:invoke]

    # --8<-- [start:clean-up]
    ml_client.online_endpoints.begin_delete(name=ENDPOINT_NAME).result()
    # the workspace and the resources created with it (storage, key vault, ...)
    ml_client.workspaces.begin_delete(
        WORKSPACE, delete_dependent_resources=True
    ).result()
    # --8<-- [end:clean-up]


if __name__ == "__main__":
    main()
