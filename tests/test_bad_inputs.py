"""The bad-input catalogue: every row of tests/bad_inputs_*.py run against a copy of tests/fixtures/badsite/.

Each row (a :class:`tests.bad_inputs_case.Case`) states the exit code, the one sentence and its
``file:line``, and how many problem lines the run prints; no run may print a traceback.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.bad_inputs_case import Case

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "badsite"
SOURCES = ("tests.bad_inputs_sources", "tests.bad_inputs_links", "tests.bad_inputs_figures", "tests.bad_inputs_python")
CLI_MODULES = {
    "glossary": "hooks.glossary",
    "figures": "hooks.figures",
    "python-versions": "hooks.python_versions",
    "linkcheck": "hooks.linkcheck",
}

# Runs MkDocs' own CLI with one more log handler, which writes every WARNING/ERROR record as JSON.
_MKDOCS_WITH_RECORDS = """
import json, logging, os, sys
class Records(logging.Handler):
    def __init__(self, path):
        super().__init__(logging.WARNING)
        self.out = open(path, "w", encoding="utf-8")
        self.seen = []  # a record can reach this handler through 'mkdocs' and through the root logger
    def emit(self, record):
        if any(record is r for r in self.seen):
            return
        self.seen.append(record)
        self.out.write(json.dumps({"logger": record.name, "level": record.levelname,
                                   "message": record.getMessage()}, ensure_ascii=False) + "\\n")
        self.out.flush()
records = Records(os.environ["BAD_INPUT_RECORDS"])
logging.getLogger().addHandler(records)
logging.getLogger("mkdocs").addHandler(records)
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", *sys.argv[1:]]
cli()
"""


def collect() -> list[Case]:
    """Every row of every catalogue module; a module that does not exist yet contributes nothing."""
    rows: list[Case] = []
    for name in SOURCES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:
                raise
            continue
        rows.extend(module.ROWS)
    return rows


ROWS = collect()


def test_row_ids_are_unique_and_the_catalogue_is_large_enough():
    ids = [row.id for row in ROWS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids), ids


@dataclass
class Outcome:
    exit: int
    output: str  # stdout + stderr
    problems: list[str]  # problem lines


def prepare(tmp_path: Path, files) -> Path:
    site = tmp_path / "badsite"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns("__pycache__", "site"))
    for shared in ("hooks", "overrides"):  # the real hooks and theme overrides, never copies
        (site / shared).symlink_to(ROOT / shared, target_is_directory=True)
    for rel, content in files.items():
        path = site / rel
        if content is None:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return site


def _env(site: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("OFFLINE", "SITE_URL")}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1", **extra}


def _mkdocs(site: Path, *, strict: bool, offline: bool = False, args: tuple[str, ...] = ()) -> Outcome:
    records = site.parent / "records.jsonl"
    cmd = [
        sys.executable,
        "-c",
        _MKDOCS_WITH_RECORDS,
        "build",
        "-f",
        str(site / "mkdocs.yml"),
        "-d",
        str(site / "site"),
        "--clean",
        *(["--strict"] if strict else []),
        *args,
    ]
    env = _env(site, BAD_INPUT_RECORDS=str(records), **({"OFFLINE": "true"} if offline else {}))
    proc = subprocess.run(cmd, cwd=site, env=env, capture_output=True, text=True, timeout=300)
    problems = []
    if records.exists():
        problems = [json.loads(line)["message"] for line in records.read_text(encoding="utf-8").splitlines() if line]
    return Outcome(proc.returncode, proc.stdout + proc.stderr, problems)


def run_case(case: Case, tmp_path: Path) -> Outcome:
    site = prepare(tmp_path, case.files)
    if case.run in ("build", "build-offline"):
        return _mkdocs(site, strict=True, offline=case.run == "build-offline", args=case.args)
    if case.run == "linkcheck":
        built = _mkdocs(site, strict=False)
        assert "Traceback" not in built.output, built.output
        cmd = [sys.executable, "-m", CLI_MODULES["linkcheck"], "site", *case.args]
    else:
        sub = () if case.run == "python-versions" and case.args[:1] in (("refresh",),) else ("check",)
        cmd = [sys.executable, "-m", CLI_MODULES[case.run], *sub, *case.args]
    proc = subprocess.run(cmd, cwd=site, env=_env(site), capture_output=True, text=True, timeout=300)
    problems = [line for line in proc.stderr.splitlines() if line.strip()]
    return Outcome(proc.returncode, proc.stdout + proc.stderr, problems)


@pytest.mark.parametrize("case", ROWS, ids=[row.id for row in ROWS])
def test_bad_input(case: Case, tmp_path: Path):
    outcome = run_case(case, tmp_path)
    shown = "\n".join(outcome.problems) or "(no problem lines)"
    context = f"exit {outcome.exit}; problem lines:\n{shown}\n--- output ---\n{outcome.output[-4000:]}"
    assert "Traceback" not in outcome.output, context
    assert outcome.exit == case.exit, context
    if case.message is not None:
        matching = [line for line in outcome.problems if re.search(case.message, line)]
        assert len(matching) == 1, f"{len(matching)} lines match {case.message!r}; {context}"
        if case.where is not None:
            assert matching[0].startswith(f"{case.where}: "), f"expected it at {case.where}; {context}"
    if case.count is not None:
        assert len(outcome.problems) == case.count, context
