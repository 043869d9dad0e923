"""The offline sample checker behind ``make check-samples`` (``python -m hooks.samples check``).

For every file under ``examples/``:
- ``*.yml``/``*.yaml``: loaded with azure-ai-ml's own loader, picked by the file's ``$schema`` (see
  ``EXACT_SCHEMAS``/``SUFFIX_SCHEMAS``); no credentials, no network. A conda file that an environment's
  ``conda_file`` names has no ``$schema``: it is parsed and must hold a ``dependencies`` list (the
  environment's loader reads it too);
- ``MLTable`` files: loaded with azure-ai-ml's MLTable metadata schema (``paths`` entries are ``file``,
  ``folder`` or ``pattern``), ``type`` must be ``mltable`` and each transformation one that Learn's
  MLTable YAML reference lists (the SDK itself does not check transformations);
- ``*.py``: byte-compiled; a sample that defines ``offline_entities()`` is run (not as ``__main__``, so
  the part that needs Azure stays unrun) and every entity it returns is validated by the SDK;
- ``*.sh``: ``bash -n``; ``*.json``: parsed.
``examples/samples.yml`` lists the Python samples that are also run as scripts (``train.py`` on the
bundled CSV, MLflow logging into a temporary folder). Snippet includes in ``docs/**/*.md`` must name
files and sections that exist. Every problem is one sentence naming the sample (and line or field).

azure-ai-ml, scikit-learn and MLflow are test dependencies; only this module imports them.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import logging
import os
import runpy
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import yaml

from hooks.core import data as data_file
from hooks.core.data import Document, KeyPath
from hooks.core.paths import shown_path
from hooks.core.problems import HookError, Problem
from hooks.core.text import read_text
from hooks.samples import snippets

YAML_SUFFIXES = {".yml", ".yaml"}
KINDS = {".yml": "YAML", ".yaml": "YAML", ".py": "Python", ".sh": "shell", ".json": "JSON"}
MLTABLE = "MLTable"  # the file name Azure Machine Learning looks for; it has no suffix
# transformations of https://learn.microsoft.com/azure/machine-learning/reference-yaml-mltable#transformations
MLTABLE_TRANSFORMATIONS = {
    "read_delimited",
    "read_parquet",
    "read_json_lines",
    "read_delta_lake",
    "take",
    "take_random_sample",
    "drop_columns",
    "keep_columns",
    "convert_column_types",
    "skip",
    "filter",
    "extract_columns_from_partition_format",
}
MANIFEST = "samples.yml"
MANIFEST_KEYS = {"script", "args", "creates", "same_as"}
RUN_TIMEOUT = 300  # seconds per script run

# $schema file name (lower case, without ".schema.json") -> azure.ai.ml loader; suffix rules after exact names
EXACT_SCHEMAS = {
    "data": "load_data",
    "model": "load_model",
    "environment": "load_environment",
    "workspace": "load_workspace",
    "amlcompute": "load_compute",
    "computeinstance": "load_compute",
    "kubernetescompute": "load_compute",
    "vmcompute": "load_compute",
    "azureblob": "load_datastore",
    "azurefile": "load_datastore",
    "azuredatalakegen2": "load_datastore",
    "onelake": "load_datastore",
    "registry": "load_registry",
}
SUFFIX_SCHEMAS = [
    ("onlineendpoint", "load_online_endpoint"),
    ("onlinedeployment", "load_online_deployment"),
    ("batchendpoint", "load_batch_endpoint"),
    ("batchdeployment", "load_batch_deployment"),
    ("job", "load_job"),
    ("component", "load_component"),
]
# entity class name -> loader that validates its serialised form
ENTITY_LOADERS = {
    "Workspace": "load_workspace",
    "Data": "load_data",
    "Model": "load_model",
    "Environment": "load_environment",
    "ManagedOnlineEndpoint": "load_online_endpoint",
    "KubernetesOnlineEndpoint": "load_online_endpoint",
    "ManagedOnlineDeployment": "load_online_deployment",
    "KubernetesOnlineDeployment": "load_online_deployment",
    "BatchEndpoint": "load_batch_endpoint",
    "BatchDeployment": "load_batch_deployment",
    "ModelBatchDeployment": "load_batch_deployment",
    "AmlCompute": "load_compute",
    "ComputeInstance": "load_compute",
}


class Report(msgspec.Struct):
    """What one check run saw: problems, and how many samples of each kind it checked."""

    problems: list[Problem] = msgspec.field(default_factory=list)
    counts: dict[str, int] = msgspec.field(default_factory=dict)
    runs: int = 0
    entities: int = 0
    includes: int = 0

    @property
    def checked(self) -> int:
        return sum(self.counts.values())

    def count(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def summary(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.counts.items()))
        return (
            f"check-samples: checked {self.checked} samples ({kinds}), validated {self.entities} SDK entities, "
            f"ran {self.runs} scripts, checked {self.includes} snippet includes: {len(self.problems)} "
            f"{'problem' if len(self.problems) == 1 else 'problems'}."
        )


# --------------------------------------------------------------------------------------------- helpers


class _DropExperimentalNotices(logging.Filter):
    """azure-ai-ml logs 'This is an experimental class' for some entities; it says nothing about the sample."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "experimental class" not in record.getMessage()


def quiet_sdk() -> None:
    for name in ("azure.ai.ml._utils._experimental", "azure.ai.ml"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _DropExperimentalNotices) for f in logger.filters):
            logger.addFilter(_DropExperimentalNotices())


def _line(doc: Document | None, path: KeyPath, default: int | None = None) -> int | None:
    """The line of exactly ``path`` in ``doc``, else ``default``."""
    return doc.lines.get(path, default) if doc is not None else default


def field_line(doc: Document | None, field_path: str) -> int | None:
    """Line of the longest prefix of ``field_path`` ('inputs.data.type', 'run.0') found in the file."""
    if doc is None:
        return None
    parts = tuple(int(p) if p.isdigit() else p for p in field_path.split(".") if p)
    for end in range(len(parts), 0, -1):  # not the document itself: a field the file lacks has no line
        line = doc.lines.get(parts[:end])
        if line is not None:
            return line
    return None


def field_errors(text: str) -> list[tuple[str, str]]:
    """(field path, message) pairs from an azure-ai-ml validation error, whose text nests JSON in strings."""
    start = text.find("failed:")
    if start < 0:
        return [("", _first_line(text))]
    try:
        obj, _ = json.JSONDecoder().raw_decode(text[start + len("failed:") :].lstrip())
    except json.JSONDecodeError:
        return [("", _first_line(text))]
    return _flatten(obj, ()) or [("", _first_line(text))]


def _flatten(obj: Any, path: tuple[str, ...]) -> list[tuple[str, str]]:
    if isinstance(obj, dict):
        if obj.get("result") == "Failed" and isinstance(obj.get("errors"), list):  # a ValidationResult
            out = []
            for error in obj["errors"]:
                where = error.get("path") or ""
                base = path if where in ("", "*") else path + tuple(where.split("."))
                missing = _missing_local_path(str(error.get("message", "")), error.get("value"))
                if missing:
                    out.append((".".join(base), missing))
                    continue
                for sub, message in field_errors(str(error.get("message", ""))):
                    out.append((".".join(base + tuple(p for p in sub.split(".") if p)), message))
            return out
        out = []
        for key, value in obj.items():
            # 'value' and '_schema' are marshmallow's wrappers, not fields of the sample
            out += _flatten(value, path if key in ("value", "_schema") else path + (str(key),))
        return out
    if isinstance(obj, list):
        if all(isinstance(x, str) for x in obj):
            return [(".".join(path), " ".join(obj))] if obj else []
        # the alternatives of a union field: the first one is the type the field names
        return _flatten(obj[0], path) if obj else []
    return [(".".join(path), str(obj))]


# how the SDK says, among the alternatives of a path-or-reference field, that a local path does not exist
MISSING_PATH = ("No such file or directory", "Can't find directory or file")


def _missing_local_path(message: str, value: Any) -> str | None:
    """For a field whose value is a local path that does not exist, one sentence instead of every alternative."""
    if not isinstance(value, str) or ":" in value.split("/", 1)[0] or not any(m in message for m in MISSING_PATH):
        return None
    return (
        f"'{value}' names no file or folder relative to the YAML file (nor is it an azureml:, git+ or URL reference)."
    )


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), text.strip())


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else text + "."


def loader_name(schema: str) -> str | None:
    """The azure.ai.ml loader for a ``$schema`` URL, or None when the schema is not an Azure ML one."""
    name = schema.rstrip("/").rsplit("/", 1)[-1].lower()
    if not name.endswith(".schema.json"):
        return None
    name = name[: -len(".schema.json")]
    if name in EXACT_SCHEMAS:
        return EXACT_SCHEMAS[name]
    return next((loader for suffix, loader in SUFFIX_SCHEMAS if name.endswith(suffix)), None)


def _loader(name: str) -> Callable[..., Any]:
    import azure.ai.ml

    return getattr(azure.ai.ml, name)


def _sdk_problems(label: str, loader: str, error: Exception, doc: Document | None) -> list[Problem]:
    out = []
    for path, message in field_errors(str(error)):
        if path:
            out.append(Problem(label, field_line(doc, path), f"{loader} rejects field '{path}': {_sentence(message)}"))
        else:
            out.append(Problem(label, None, f"{loader} rejects the file: {_sentence(message)}"))
    return out


# --------------------------------------------------------------------------------------------- checks


def _parse_yaml(text: str, label: str) -> tuple[Any, Document | None, list[Problem]]:
    """The data of a YAML text with the line of every key (:func:`hooks.core.data.parse`), and its problems:
    the syntax error that stops parsing, or each key given twice."""
    doc, issues = data_file.parse(text, label=label)
    problems = [
        Problem(label, issue.line, f"is not valid YAML: {_sentence(issue.detail)}")
        if issue.kind == "syntax"
        else Problem(label, issue.line, data_file.describe(issue))
        for issue in issues
    ]
    return (doc.data if doc is not None else None), doc, problems


def check_yaml(path: Path, label: str) -> list[Problem]:
    data, doc, problems = _parse_yaml(read_text(path, label=label), label)
    if problems:
        return problems
    if not isinstance(data, dict) or "$schema" not in data:
        return [
            Problem(
                label,
                1,
                "has no '$schema' key; add the Azure Machine Learning schema URL of its kind "
                "(for example https://azuremlschemas.azureedge.net/latest/commandJob.schema.json).",
            )
        ]
    loader = loader_name(str(data["$schema"]))
    if loader is None:
        return [
            Problem(
                label,
                _line(doc, ("$schema",), 1),
                f"'$schema' {data['$schema']!r} is not an Azure Machine "
                "Learning schema this checker knows; see EXACT_SCHEMAS and SUFFIX_SCHEMAS in hooks/samples/check.py.",
            )
        ]
    try:
        _loader(loader)(path)
    except Exception as err:
        return _sdk_problems(label, loader, err, doc)
    return []


def conda_files(yaml_files: list[Path]) -> dict[Path, Path]:
    """Conda files named by ``conda_file`` (top level or under an inline ``environment``) -> the naming file."""
    out: dict[Path, Path] = {}
    for path in yaml_files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue  # check_yaml reports it
        if not isinstance(data, dict):
            continue
        environment = data.get("environment")
        for name in (data.get("conda_file"), environment.get("conda_file") if isinstance(environment, dict) else None):
            if isinstance(name, str) and "://" not in name:
                out.setdefault((path.parent / name).resolve(), path)
    return out


def check_conda(path: Path, label: str, named_by: str) -> list[Problem]:
    data, doc, problems = _parse_yaml(read_text(path, label=label), label)
    if problems:
        return problems
    if not isinstance(data, dict) or not isinstance(data.get("dependencies"), list):
        return [
            Problem(
                label,
                _line(doc, ("dependencies",), 1),
                f"is the conda file '{named_by}' names in 'conda_file' but has no 'dependencies' list.",
            )
        ]
    return []


def check_mltable(path: Path, label: str) -> list[Problem]:
    data, doc, problems = _parse_yaml(read_text(path, label=label), label)
    if problems:
        return problems
    from azure.ai.ml.entities._data.mltable_metadata import MLTableMetadata

    try:
        MLTableMetadata.load(path)
    except Exception as err:
        return _sdk_problems(label, "the MLTable schema", err, doc)
    out = []
    if "type" in data and data["type"] != "mltable":
        out.append(
            Problem(label, _line(doc, ("type",), 1), f"has type {data['type']!r}; an MLTable file's type is 'mltable'.")
        )
    for index, step in enumerate(data.get("transformations") or []):
        name = (
            next(iter(step)) if isinstance(step, dict) and len(step) == 1 else step if isinstance(step, str) else None
        )
        if name not in MLTABLE_TRANSFORMATIONS:
            out.append(
                Problem(
                    label,
                    _line(doc, ("transformations", index)),
                    f"transformations[{index}] {name!r} is not an MLTable transformation; use one of "
                    f"{', '.join(sorted(MLTABLE_TRANSFORMATIONS))}.",
                )
            )
    return out


def check_python(path: Path, label: str, report: Report) -> list[Problem]:
    source = read_text(path, label=label)
    try:
        tree = ast.parse(source, filename=str(path))
        compile(tree, str(path), "exec")
    except SyntaxError as err:
        return [Problem(label, err.lineno or None, f"Python syntax error: {_sentence(err.msg)}")]
    defines = any(isinstance(n, ast.FunctionDef) and n.name == "offline_entities" for n in tree.body)
    if not defines:
        return []
    try:
        namespace = runpy.run_path(str(path), run_name="check_samples")  # not __main__: Azure stays unrun
        entities = namespace["offline_entities"]()
    except Exception as err:
        return [
            Problem(
                label,
                _traceback_line(err, path),
                f"offline_entities() failed: {type(err).__name__}: {_sentence(str(err))}",
            )
        ]
    out = []
    for index, entity in enumerate(entities):
        report.entities += 1
        out += validate_entity(
            entity, label=f"offline_entities()[{index}] ({type(entity).__name__})", source=label, base=path.parent
        )
    return out


def _traceback_line(err: Exception, path: Path) -> int:
    tb, line = err.__traceback__, 0
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename).resolve() == path.resolve():
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def validate_entity(entity: Any, *, label: str, source: str, base: Path) -> list[Problem]:
    """Validate one SDK entity: jobs with their own validator, assets and endpoints by reloading their YAML."""
    name = type(entity).__name__
    if hasattr(entity, "_validate") and name not in ENTITY_LOADERS:
        try:
            result = entity._validate()
        except Exception as err:
            field_name = getattr(err, "field_name", None)
            where = f" at '{field_name}'" if field_name and field_name != "_schema" else ""
            return [Problem(source, None, f"{label} fails SDK validation{where}: {_sentence(str(err))}")]
        return [
            Problem(source, None, f"{label} fails SDK validation at '{p}': {_sentence(str(m))}")
            for p, m in sorted(result.error_messages.items())
        ]
    loader = ENTITY_LOADERS.get(name)
    if loader is None:
        return [
            Problem(source, None, f"{label} is a {name}, which the checker cannot validate; add it to ENTITY_LOADERS.")
        ]
    try:
        text = yaml.safe_dump(json.loads(json.dumps(entity._to_dict(), default=str)))
        _loader(loader)(io.StringIO(text), relative_origin=str(base))
    except Exception as err:
        problems = field_errors(str(err)) if "failed:" in str(err) else [("", f"{type(err).__name__}: {err}")]
        return [
            Problem(source, None, f"{label} fails {loader}" + (f" at '{p}'" if p else "") + f": {_sentence(m)}")
            for p, m in problems
        ]
    return []


def check_shell(path: Path, label: str) -> list[Problem]:
    proc = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True, check=False)
    if proc.returncode == 0:
        return []
    by_line: dict[int, list[str]] = {}
    for line in proc.stderr.splitlines():
        # bash: "<file>: line 3: syntax error near unexpected token `)'", then the offending line
        _, _, rest = line.partition(f"{path}: ")
        if rest.startswith("line "):
            number, _, message = rest[5:].partition(": ")
            by_line.setdefault(int(number) if number.isdigit() else 0, []).append(message.strip())
    out = [Problem(label, n, f"bash -n: {_sentence('; '.join(messages))}") for n, messages in sorted(by_line.items())]
    return out or [Problem(label, None, f"bash -n failed: {_sentence(proc.stderr.strip() or 'no message')}")]


def check_json(path: Path, label: str) -> list[Problem]:
    try:
        json.loads(read_text(path, label=label))
    except json.JSONDecodeError as err:
        return [Problem(label, err.lineno, f"is not valid JSON: {_sentence(err.msg)}")]
    return []


# --------------------------------------------------------------------------------------------- runs


def read_manifest(examples: Path, label: str) -> tuple[list[dict[str, Any]], list[Problem]]:
    path = examples / MANIFEST
    if not path.is_file():
        return [], []
    data, doc, problems = _parse_yaml(read_text(path, label=label), label)
    if problems:
        return [], problems
    data = data or {}
    if not isinstance(data, dict) or set(data) - {"run"}:
        return [], [Problem(label, 1, "must be a mapping with the one key 'run' (a list of scripts to run).")]
    runs = data.get("run") or []
    for index, item in enumerate(runs):
        where = _line(doc, ("run", index))
        if not isinstance(item, dict) or "script" not in item:
            problems.append(Problem(label, where, f"run[{index}] needs a 'script' key."))
            continue
        for key in sorted(set(item) - MANIFEST_KEYS):
            problems.append(
                Problem(
                    label,
                    _line(doc, ("run", index, key), where),
                    f"run[{index}] has unknown key '{key}'; allowed: {', '.join(sorted(MANIFEST_KEYS))}.",
                )
            )
        if not (examples / item["script"]).is_file():
            problems.append(
                Problem(
                    label,
                    _line(doc, ("run", index, "script"), where),
                    f"run[{index}] names script '{item['script']}', which does not exist under examples/.",
                )
            )
    return ([r for r in runs if isinstance(r, dict)] if not problems else []), problems


def run_script(item: dict[str, Any], examples: Path, root: Path) -> list[Problem]:
    """Run one manifest entry in a fresh temporary folder; MLflow tracks into that folder."""
    script = examples / item["script"]
    label = shown_path(script, root)
    with tempfile.TemporaryDirectory(prefix="check-samples-") as tmp:

        def fill(s: object) -> str:
            return str(s).replace("{tmp}", tmp)

        env = {
            **os.environ,
            "MLFLOW_TRACKING_URI": Path(tmp, "mlruns").as_uri(),
            "MLFLOW_ALLOW_FILE_STORE": "true",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        args = [fill(a) for a in item.get("args", [])]
        try:
            proc = subprocess.run(
                [sys.executable, str(script), *args],
                cwd=examples,
                env=env,
                capture_output=True,
                text=True,
                timeout=RUN_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return [
                Problem(label, None, f"running it with {' '.join(item.get('args', []))} took over {RUN_TIMEOUT} s.")
            ]
        if proc.returncode != 0:
            last = _last_error_line(proc.stderr)
            return [
                Problem(
                    label,
                    None,
                    f"running it with {' '.join(item.get('args', []))} exited with "
                    f"{proc.returncode}: {_sentence(last)}",
                )
            ]
        out = [
            Problem(label, None, f"running it did not create '{c}'.")
            for c in item.get("creates", [])
            if not Path(fill(c)).exists()
        ]
        for made, committed in (item.get("same_as") or {}).items():
            if not Path(fill(made)).is_file() or Path(fill(made)).read_bytes() != (examples / committed).read_bytes():
                out.append(
                    Problem(
                        label,
                        None,
                        f"its output '{made}' differs from examples/{committed}; "
                        "run the script again to refresh the committed file.",
                    )
                )
        return out


def _last_error_line(stderr: str) -> str:
    lines = [l for l in stderr.splitlines() if l.strip()]
    return lines[-1].strip() if lines else "no error output"


# --------------------------------------------------------------------------------------------- driver


def sample_files(examples: Path) -> list[Path]:
    skip = {"__pycache__", "mlruns", ".ipynb_checkpoints"}
    return sorted(
        p
        for p in examples.rglob("*")
        if p.is_file()
        and not skip.intersection(p.parts)
        and (p.suffix in YAML_SUFFIXES | {".py", ".sh", ".json"} or p.name == MLTABLE)
        and p != examples / MANIFEST
    )


def check(root: Path, *, examples: Path | None = None, docs: Path | None = None, run: bool = True) -> Report:
    """Check every sample under ``examples`` (default ``root/examples``) and the includes in ``docs``."""
    quiet_sdk()
    examples = examples or root / "examples"
    docs = docs or root / "docs"
    report = Report()
    if not examples.is_dir():
        report.problems.append(
            Problem(shown_path(examples, root), None, "is not a folder; there are no samples to check.")
        )
        return report
    files = sample_files(examples)
    conda = conda_files([p for p in files if p.suffix in YAML_SUFFIXES])
    for path in files:
        label = shown_path(path, root)
        kind = MLTABLE if path.name == MLTABLE else KINDS.get(path.suffix, "JSON")
        report.count(kind)
        try:
            if kind == MLTABLE:
                report.problems += check_mltable(path, label)
            elif kind == "YAML" and path.resolve() in conda:
                report.problems += check_conda(path, label, shown_path(conda[path.resolve()], root))
            elif kind == "YAML":
                report.problems += check_yaml(path, label)
            elif kind == "Python":
                report.problems += check_python(path, label, report)
            elif kind == "shell":
                report.problems += check_shell(path, label)
            else:
                report.problems += check_json(path, label)
        except HookError as err:  # a file that cannot be read or is not UTF-8
            report.problems.append(err.problem)
        except Exception as err:
            report.problems.append(
                Problem(label, None, f"the {kind} check failed: {type(err).__name__}: {_sentence(str(err))}")
            )
    try:
        runs, manifest_problems = read_manifest(examples, shown_path(examples / MANIFEST, root))
    except HookError as err:
        runs, manifest_problems = [], [err.problem]
    report.problems += manifest_problems
    if run:
        for item in runs:
            report.runs += 1
            report.problems += run_script(item, examples, root)
    for page in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        try:
            text = read_text(page, label=shown_path(page, root))
        except HookError as err:  # the build reports such a page too; here it has no includes to check
            report.problems.append(err.problem)
            continue
        report.includes += len(snippets.includes(text))
        report.problems += snippets.problems(text, source=shown_path(page, root), base=root)
    return report


def main(root: Path, *, examples: Path | None = None, docs: Path | None = None, run: bool = True) -> int:
    with contextlib.redirect_stdout(sys.stderr):  # a sample printing at import time does not mix with the report
        report = check(root, examples=examples, docs=docs, run=run)
    for problem in report.problems:
        print(problem)
    print(report.summary())
    return 1 if report.problems else 0
