"""GitHub Actions workflows: valid against the workflow schema (check-jsonschema's vendored copy, no
network), actions pinned by commit SHA, least-privilege permissions, and the jobs the project relies on."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")


def _validate(*paths: Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, paths)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def _load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def _steps(workflow: dict):
    for job_name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_name, step


def test_workflows_match_the_schema():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["ci.yml", "linkcheck.yml"]
    proc = _validate(*files)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    step:\n      - run: echo\n")
    proc = _validate(broken)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "broken.yml" in proc.stdout + proc.stderr


@pytest.mark.parametrize("name", ["ci.yml", "linkcheck.yml"])
def test_actions_are_pinned_by_sha_with_the_release_named(name):
    text = (WORKFLOWS / name).read_text()
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for action, rest in uses:
        assert PINNED.match(action), f"{name}: '{action}' is not pinned to a full commit SHA"
        assert re.match(r"\s+# v\d+(\.\d+)*$", rest), f"{name}: '{action}' lacks its release comment (# vX.Y.Z)"
    # one SHA per action across all workflows
    pins = {}
    for path in WORKFLOWS.glob("*.yml"):
        for action in re.findall(r"uses:\s*(\S+)", path.read_text()):
            repo, sha = action.split("@")
            assert pins.setdefault(repo, sha) == sha, f"{repo} is pinned to two commits"


def test_permissions_are_minimal():
    for name in ("ci.yml", "linkcheck.yml"):
        assert _load(name)["permissions"] == {"contents": "read"}, name
    jobs = _load("ci.yml")["jobs"]
    assert "permissions" not in jobs["test"]
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for job_name, step in _steps(_load("ci.yml")):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, job_name


def test_pull_requests_run_the_tests_and_the_strict_build():
    ci = _load("ci.yml")
    assert "pull_request" in ci["on"] and ci["on"]["push"] == {"branches": ["main"]}
    runs = [step.get("run") for job, step in _steps(ci) if job == "test"]
    assert "bash .ci/run" in runs and "make build" in runs
    assert "if" not in ci["jobs"]["test"]


def test_main_deploys_pages_and_keeps_the_offline_zip():
    jobs = _load("ci.yml")["jobs"]
    build, deploy = jobs["build"], jobs["deploy"]
    assert build["needs"] == "test" and deploy["needs"] == "build"
    assert build["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    by_action = {step["uses"].split("@")[0]: step for step in build["steps"] if "uses" in step}
    assert by_action["actions/upload-pages-artifact"]["with"]["path"] == "site"
    artifact = by_action["actions/upload-artifact"]["with"]
    assert artifact["path"] == "dist/azure-ml-intro-offline-*.zip" and artifact["if-no-files-found"] == "error"
    runs = {step.get("run"): step for step in build["steps"] if "run" in step}
    assert runs["make build"]["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert "make offline" in runs
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"


def test_scheduled_external_link_check():
    linkcheck = _load("linkcheck.yml")
    assert "schedule" in linkcheck["on"] and "pull_request" not in linkcheck["on"]
    assert [step.get("run") for _, step in _steps(linkcheck) if "run" in step] == ["make linkcheck-external"]


@pytest.mark.parametrize("target", ["build", "offline", "linkcheck-external"])
def test_make_targets_used_by_the_workflows_exist(target):
    proc = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_ci_runs_lint_then_the_tests():
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert commands.index("make lint") < commands.index("make test")
    proc = subprocess.run(["make", "-n", "lint"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    lint = proc.stdout
    assert "ruff check hooks tests bench" in lint and "ruff format --check hooks tests bench" in lint
    assert re.search(r"(?m)/mypy$", lint)  # files and settings from pyproject.toml


def test_bench_tools_are_installed_by_make_bench_only():
    dev = (ROOT / "requirements-dev.in").read_text(encoding="utf-8")
    bench = (ROOT / "requirements-bench.in").read_text(encoding="utf-8")
    for tool in ("linkchecker", "mkdocs-htmlproofer-plugin", "matplotlib"):
        assert tool in bench and tool not in dev
    for lock in ("requirements.txt", "requirements-dev.txt", "requirements-bench.txt"):
        pins = re.findall(r"(?m)^([A-Za-z0-9._-]+)==\S+ \\$", (ROOT / lock).read_text(encoding="utf-8"))
        assert pins, f"{lock} pins nothing with hashes"
    import json

    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert "lighthouse" in package["optionalDependencies"] and "lighthouse" not in package.get("devDependencies", {})
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "npm ci --omit=optional" in makefile
