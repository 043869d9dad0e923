"""Samples under examples/: the offline checker (python -m hooks.samples check), snippet includes, the zip.

The checker runs on the real examples/ (it must pass and count its samples) and on copies in ``tmp_path``
with one planted fault each, asserting the exit code and the one sentence that names the sample.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

from hooks.core.problems import Problem
from hooks.samples import bundle, snippets
from hooks.samples import check as checker

EXAMPLES = ROOT / "examples"
FIRST_RUN = EXAMPLES / "first-run"


def run_checker(root: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "hooks.samples", "check", "--root", str(root), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of examples/ (and an empty docs/) to break."""
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES, root / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "docs").mkdir()
    return root


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (which must occur once) by ``new``; return the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return line


def problem_lines(proc: subprocess.CompletedProcess) -> list[str]:
    return [l for l in proc.stdout.splitlines() if not l.startswith("check-samples:")]


# ------------------------------------------------------------------------------------------ the real samples


@pytest.fixture(scope="session")
def real_check() -> subprocess.CompletedProcess:
    """The full checker (scripts run) over the real examples/, once per test session."""
    return run_checker(ROOT)


def only_run(project: Path, script: str) -> None:
    """Keep only the entry for ``script`` in the copy's examples/samples.yml, so the checker runs that one script."""
    import yaml

    manifest = project / "examples/samples.yml"
    entries = [
        entry for entry in yaml.safe_load(manifest.read_text(encoding="utf-8"))["run"] if entry["script"] == script
    ]
    assert len(entries) == 1, f"{script} is not listed once in examples/samples.yml"
    manifest.write_text(yaml.safe_dump({"run": entries}, allow_unicode=True), encoding="utf-8")


def test_real_samples_pass_and_are_counted(real_check):
    proc = real_check
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = proc.stdout.strip().splitlines()[-1]
    assert summary.startswith("check-samples: checked ") and summary.endswith(": 0 problems."), summary
    checked = int(summary.split()[2])
    assert checked >= 15, summary
    assert "ran 4 scripts" in summary and "validated 6 SDK entities" in summary
    assert " 1 MLTable, " in summary
    assert "experimental class" not in proc.stderr


def test_every_sample_kind_is_found():
    files = [p.relative_to(EXAMPLES).as_posix() for p in checker.sample_files(EXAMPLES)]
    assert "first-run/job.yml" in files and "first-run/src/train.py" in files
    assert "first-run/sample-request.json" in files and "first-run/cli/03-train.sh" in files
    assert "concepts/data/titanic-table/MLTable" in files and "concepts/environment/conda.yml" in files
    assert "samples.yml" not in files  # the manifest is configuration, not a sample
    assert not [f for f in files if f.endswith(".csv")]


def test_train_script_sets_no_tracking_uri():
    source = (FIRST_RUN / "src" / "train.py").read_text(encoding="utf-8")
    assert "set_tracking_uri" not in source and "MLFLOW_TRACKING_URI" not in source.split('"""', 2)[2]


def test_building_the_site_imports_no_azure_sdk():
    code = (
        "import sys, hooks.samples.hook; print(any(m.startswith(('azure', 'mlflow', 'sklearn')) for m in sys.modules))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.strip() == "False"


# ------------------------------------------------------------------------------------------ planted faults


def test_typo_in_a_job_key_names_the_file_line_and_field(project):
    line = edit(project / "examples/first-run/job.yml", "command: >-", "comand: >-")
    proc = run_checker(project, "--no-run")
    assert proc.returncode == 1
    assert f"examples/first-run/job.yml:{line}: load_job rejects field 'comand': Unknown field." in problem_lines(proc)
    assert (
        "examples/first-run/job.yml: load_job rejects field 'command': Missing data for required field."
        in problem_lines(proc)
    )


def test_wrong_type_names_the_allowed_values(project):
    edit(project / "examples/first-run/job.yml", "    type: uri_file", "    type: uri_fle")
    line = (project / "examples/first-run/job.yml").read_text().splitlines().index("    type: uri_fle") + 1
    proc = run_checker(project, "--no-run")
    assert proc.returncode == 1
    assert (
        f"examples/first-run/job.yml:{line}: load_job rejects field 'inputs.data.type': "
        "Value 'uri_fle' passed is not in set ['uri_file', 'uri_folder']."
    ) in problem_lines(proc)


# (sample, text, replacement, problem on the line of the replacement; {line} is that line)
ONE_LINE_FAULTS = [
    (
        "first-run/deployment.yml",
        "instance_count: 1",
        "instance_count: one",
        (
            "examples/first-run/deployment.yml:{line}: load_online_deployment rejects field 'instance_count': "
            "Not a valid integer."
        ),
    ),
    (
        "first-run/cli/02-data.sh",
        "az ml data create --file data.yml",
        "az ml data create --file data.yml )",
        (
            "examples/first-run/cli/02-data.sh:{line}: bash -n: syntax error near unexpected token `)'; "
            "`az ml data create --file data.yml )'."
        ),
    ),
    (
        "first-run/sample-request.json",
        '"index": [0, 1],',
        '"index": [0, 1]',
        "examples/first-run/sample-request.json:{next_line}: is not valid JSON: Expecting ',' delimiter.",
    ),
    (
        "concepts/training/pipeline.yml",
        "component: ./prep.yml",
        "component: ./prepare.yml",
        (
            "examples/concepts/training/pipeline.yml:{line}: load_job rejects field 'jobs.prep.component': './prepare.yml' "
            "names no file or folder relative to the YAML file (nor is it an azureml:, git+ or URL reference)."
        ),
    ),
    (
        "concepts/environment/conda.yml",
        "dependencies:",
        "dependecies:",
        (
            "examples/concepts/environment/conda.yml:1: is the conda file 'examples/concepts/environment/environment.yml' "
            "names in 'conda_file' but has no 'dependencies' list."
        ),
    ),
    (
        "concepts/data/titanic-table/MLTable",
        "read_delimited:",
        "read_delimted:",
        (
            "examples/concepts/data/titanic-table/MLTable:{line}: transformations[0] 'read_delimted' is not an MLTable "
            "transformation; use one of convert_column_types, drop_columns, extract_columns_from_partition_format, filter, "
            "keep_columns, read_delimited, read_delta_lake, read_json_lines, read_parquet, skip, take, take_random_sample."
        ),
    ),
    (
        "concepts/data/titanic-table/MLTable",
        "type: mltable",
        "type: mltabel",
        "examples/concepts/data/titanic-table/MLTable:{line}: has type 'mltabel'; an MLTable file's type is 'mltable'.",
    ),
]


@pytest.mark.parametrize("sample,old,new,expected", ONE_LINE_FAULTS, ids=[f[0] for f in ONE_LINE_FAULTS])
def test_one_fault_gives_one_sentence_naming_the_sample(project, sample, old, new, expected):
    line = edit(project / "examples" / sample, old, new)
    proc = run_checker(project, "--no-run")
    assert proc.returncode == 1
    assert problem_lines(proc) == [expected.format(line=line, next_line=line + 1)]


def test_mltable_path_without_file_folder_or_pattern_is_named(project):
    line = edit(
        project / "examples/concepts/data/titanic-table/MLTable", "  - file: ./titanic.csv", "  - fil: ./titanic.csv"
    )
    proc = run_checker(project, "--no-run")
    assert proc.returncode == 1
    where = f"examples/concepts/data/titanic-table/MLTable:{line}: the MLTable schema rejects field"
    assert problem_lines(proc) == [
        f"{where} 'paths.0.file': Missing data for required field.",
        f"{where} 'paths.0.fil': Unknown field.",
    ]


def test_only_conda_files_an_environment_names_go_without_schema(project):
    (project / "examples/concepts/environment/stray.yml").write_text("dependencies: [pip]\n", encoding="utf-8")
    proc = run_checker(project, "--no-run")
    assert proc.returncode == 1
    [problem] = problem_lines(proc)
    assert problem.startswith("examples/concepts/environment/stray.yml:1: has no '$schema' key;"), problem


def test_yaml_without_schema_is_named(project):
    edit(
        project / "examples/first-run/endpoint.yml",
        "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\n",
        "",
    )
    proc = run_checker(project, "--no-run")
    assert proc.returncode == 1
    assert problem_lines(proc)[0].startswith("examples/first-run/endpoint.yml:1: has no '$schema' key;")


def test_python_syntax_error_names_file_and_line(project):
    line = edit(project / "examples/first-run/src/train.py", "def parse_args(", "def parse_args((")
    proc = run_checker(project, "--no-run")
    assert proc.returncode == 1
    [problem] = problem_lines(proc)
    assert problem.startswith(f"examples/first-run/src/train.py:{line}: Python syntax error: "), problem


def test_bad_entity_in_the_sdk_sample_is_named(project):
    edit(
        project / "examples/first-run/tutorial.py",
        'type=AssetTypes.URI_FILE, path="azureml:machines:1"',
        'type="uri_fle", path="azureml:machines:1"',
    )
    proc = run_checker(project, "--no-run")
    assert proc.returncode == 1
    [problem] = problem_lines(proc)
    assert problem.startswith("examples/first-run/tutorial.py: offline_entities()[2] (Command) fails SDK validation"), (
        problem
    )
    assert "uri_fle" in problem


def test_train_script_that_fails_on_the_csv_is_named(project):
    edit(project / "examples/first-run/src/train.py", 'LABEL = "failure"', 'LABEL = "broken"')
    only_run(project, "first-run/src/train.py")
    proc = run_checker(project)
    assert proc.returncode == 1
    [problem] = problem_lines(proc)
    assert problem.startswith(
        "examples/first-run/src/train.py: running it with --data first-run/data/machines.csv "
        "--model_output {tmp}/model exited with 1: KeyError: "
    ), problem


def test_csv_that_make_data_does_not_write_is_named(project):
    csv = project / "examples/first-run/data/machines.csv"
    csv.write_text(csv.read_text().replace("\n1", "\n2", 1))
    only_run(project, "first-run/make_data.py")
    proc = run_checker(project)
    assert proc.returncode == 1
    assert (
        "examples/first-run/make_data.py: its output '{tmp}/machines.csv' differs from "
        "examples/first-run/data/machines.csv; run the script again to refresh the committed file."
    ) in problem_lines(proc)


@pytest.mark.parametrize(
    "relative",
    [
        "examples/first-run/job.yml",  # a YAML sample
        "examples/first-run/src/train.py",  # a Python sample
        "examples/first-run/sample-request.json",
        "examples/samples.yml",  # the manifest
        "docs/page.md",  # a page that could include samples
    ],
)
def test_a_file_that_is_not_utf8_is_one_sentence_at_its_line(project, relative):
    path = project / relative
    text = path.read_text(encoding="utf-8") if path.exists() else "# Page\n\nText.\n"
    first, rest = text.split("\n", 1)
    before = (first + "\n").encode()
    path.write_bytes(before + b"caf\xe9 " + rest.encode())  # a Latin-1 byte on line 2
    proc = run_checker(project, "--no-run")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert [p for p in problem_lines(proc) if p.startswith(relative)] == [
        f"{relative}:2: is not valid UTF-8: byte 0xe9 at offset {len(before) + 3} (line 2); save the file as UTF-8."
    ], proc.stdout


def test_manifest_with_unknown_key_is_named(project):
    manifest = project / "examples/samples.yml"
    line = edit(
        manifest,
        '    creates: ["{tmp}/model/MLmodel"]\n  - script: first-run/make_data.py',
        '    creat: ["{tmp}/model/MLmodel"]\n  - script: first-run/make_data.py',
    )
    proc = run_checker(project, "--no-run")
    assert proc.returncode == 1
    assert problem_lines(proc) == [
        f"examples/samples.yml:{line}: run[0] has unknown key 'creat'; allowed: args, creates, same_as, script."
    ]


def test_snippet_include_of_a_missing_file_or_section(project):
    (project / "docs" / "page.md").write_text(
        textwrap.dedent("""\
        # Page

        ```yaml
        --8<-- "examples/first-run/job.yml:resources"
        --8<-- "examples/first-run/jobs.yml"
        ```

            --8<-- "examples/first-run/job.yml:nope"
        ;--8<-- "examples/escaped.yml"
        """),
        encoding="utf-8",
    )
    proc = run_checker(project, "--no-run")
    assert proc.returncode == 1
    assert problem_lines(proc) == [
        (
            "docs/page.md:5: snippet 'examples/first-run/jobs.yml' names a file that does not exist; "
            "include paths are relative to the folder of mkdocs.yml."
        ),
        (
            "docs/page.md:8: snippet 'examples/first-run/job.yml:nope' names section 'nope', which "
            "'examples/first-run/job.yml' does not mark with '--8<-- [start:nope]' and '[end:nope]'."
        ),
    ]


def snippet_project(tmp_path: Path, sample: bytes, extra: str = "") -> Path:
    """A site with the samples hook, pymdownx.snippets as mkdocs.yml sets it, docs/ and examples/a.yml."""
    project = tmp_path / "site"
    (project / "docs").mkdir(parents=True)
    (project / "examples").mkdir()
    (project / "examples" / "a.yml").write_bytes(sample)
    hook = (ROOT / "hooks" / "samples" / "hook.py").as_posix()
    (project / "mkdocs.yml").write_text(
        textwrap.dedent(f"""\
        site_name: t
        hooks: ["{hook}"]
        markdown_extensions:
          - pymdownx.superfences
          - pymdownx.snippets: {{check_paths: true, base_path: [!relative $config_dir]}}
        nav: [index.md]
        """)
        + extra
    )
    return project


@pytest.mark.slow
def test_missing_snippet_section_fails_the_build_with_the_page_line(tmp_path):
    project = snippet_project(
        tmp_path,
        b"# --8<-- [start:one]\nkey: 1\n# --8<-- [end:one]\n",
        "extra: {samples: {zips: {downloads/examples.zip: examples}}}\n",
    )
    page = project / "docs" / "index.md"
    page.write_text('# Home\n\n[zip](downloads/examples.zip)\n\n```yaml\n--8<-- "examples/a.yml:one"\n```\n')
    good = mkdocs_build(project, tmp_path / "good")
    assert good.returncode == 0, good.log
    assert good.warnings == []
    with zipfile.ZipFile(tmp_path / "good" / "downloads" / "examples.zip") as zf:
        assert zf.namelist() == ["examples/a.yml"]
    html = (tmp_path / "good" / "index.html").read_text()
    assert "key" in html and "start:one" not in html
    page.write_text(page.read_text().replace("a.yml:one", "a.yml:two"))
    bad = mkdocs_build(project, tmp_path / "bad")
    assert bad.returncode != 0
    assert (
        "WARNING -  docs/index.md:6: snippet 'examples/a.yml:two' names section 'two', which 'examples/a.yml' "
        "does not mark with '--8<-- [start:two]' and '[end:two]'."
    ) in bad.log.splitlines(), bad.log
    assert "Traceback" not in bad.log and "Error reading page" not in bad.log, bad.log  # pymdownx never saw it


@pytest.mark.parametrize("front_matter", ["", "---\ntitle: Home\n---\n"])
@pytest.mark.parametrize("case", ["missing file", "missing section", "not UTF-8"])
def test_an_include_pymdownx_cannot_take_is_a_warning_at_its_line_and_no_traceback(tmp_path, case, front_matter):
    project = snippet_project(
        tmp_path, b"# --8<-- [start:one]\nkey: caf\xe9\n# --8<-- [end:one]\n" if case == "not UTF-8" else b"key: 1\n"
    )
    include = {"missing file": "examples/b.yml", "missing section": "examples/a.yml:one"}.get(case, "examples/a.yml")
    (project / "docs" / "index.md").write_text(f'{front_matter}# Home\n\n```yaml\n--8<-- "{include}"\n```\n')
    line = front_matter.count("\n") + 4
    bad = mkdocs_build(project, tmp_path / "out")
    assert bad.returncode != 0
    expected = {
        "missing file": "snippet 'examples/b.yml' names a file that does not exist; include paths are relative to "
        "the folder of mkdocs.yml.",
        "missing section": "snippet 'examples/a.yml:one' names section 'one', which 'examples/a.yml' does not mark "
        "with '--8<-- [start:one]' and '[end:one]'.",
        "not UTF-8": "snippet 'examples/a.yml' is not valid UTF-8: byte 0xe9 at offset 29 (line 2); save the file as "
        "UTF-8.",
    }[case]
    assert [l for l in bad.log.splitlines() if l.startswith("WARNING")] == [
        f"WARNING -  docs/index.md:{line}: {expected}"
    ]
    assert "Traceback" not in bad.log and "Error reading page" not in bad.log, bad.log


def test_zip_folder_that_does_not_exist_is_an_error(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    hook = (ROOT / "hooks" / "samples" / "hook.py").as_posix()
    (tmp_path / "mkdocs.yml").write_text(
        f'site_name: t\nhooks: ["{hook}"]\nextra: {{samples: {{zips: {{downloads/x.zip: examples/nope}}}}}}\n'
    )
    build = mkdocs_build(tmp_path, tmp_path / "site")
    assert build.returncode != 0
    assert (
        "ERROR   -  mkdocs.yml: extra.samples.zips['downloads/x.zip'] names folder 'examples/nope', "
        "which does not exist."
    ) in build.log.splitlines(), build.log


# ------------------------------------------------------------------------------------------ plain functions


def test_field_errors_unwrap_the_sdks_nested_json():
    text = (
        'Validation for CommandSchema failed:\n\n {\n  "result": "Failed",\n  "errors": [\n    {\n'
        '      "message": "Validation for CommandJobSchema failed:\\n\\n {\\n  \\"comand\\": [\\n'
        '    \\"Unknown field.\\"\\n  ]\\n} \\n\\n If you are trying...",\n      "path": "*",\n'
        '      "value": null\n    }\n  ]\n} \n\n trailing text'
    )
    assert checker.field_errors(text) == [("comand", "Unknown field.")]
    assert checker.field_errors("no json here\nsecond line") == [("", "no json here")]
    assert checker.field_errors("Validation for X failed: {not json") == [("", "Validation for X failed: {not json")]


def test_loader_is_picked_by_schema():
    base = "https://azuremlschemas.azureedge.net/latest/"
    cases = {
        "commandJob": "load_job",
        "pipelineJob": "load_job",
        "commandComponent": "load_component",
        "managedOnlineEndpoint": "load_online_endpoint",
        "kubernetesOnlineDeployment": "load_online_deployment",
        "batchEndpoint": "load_batch_endpoint",
        "modelBatchDeployment": "load_batch_deployment",
        "data": "load_data",
        "model": "load_model",
        "environment": "load_environment",
        "amlCompute": "load_compute",
        "workspace": "load_workspace",
    }
    for name, loader in cases.items():
        assert checker.loader_name(f"{base}{name}.schema.json") == loader, name
    assert checker.loader_name("https://json.schemastore.org/github-workflow.json") is None
    assert checker.loader_name(f"{base}somethingElse.schema.json") is None


def test_conda_files_are_the_ones_environments_name(tmp_path):
    (tmp_path / "env.yml").write_text("conda_file: deps/conda.yml\n")
    (tmp_path / "job.yml").write_text("environment: {image: x, conda_file: job-conda.yml}\n")
    (tmp_path / "remote.yml").write_text("conda_file: https://example.invalid/conda.yml\n")
    (tmp_path / "broken.yml").write_text("conda_file: [\n")
    found = checker.conda_files(sorted(tmp_path.glob("*.yml")))
    assert found == {
        (tmp_path / "deps/conda.yml").resolve(): tmp_path / "env.yml",
        (tmp_path / "job-conda.yml").resolve(): tmp_path / "job.yml",
    }


def test_line_of_uses_the_longest_known_prefix():
    doc = checker._parse_yaml("a:\n  b:\n    c: 1\n  l:\n    - x\n    - y\nd: 2\n", "a.yml")[1]
    assert checker.field_line(doc, "a.b.c") == 3
    assert checker.field_line(doc, "a.b.zz") == 2
    assert checker.field_line(doc, "a.l.1") == 6
    assert checker.field_line(doc, "missing") is None
    assert checker.field_line(None, "a") is None


def test_snippet_includes_are_parsed_with_lines_and_sections():
    text = (
        'x\n--8<-- "a/b.yml"\n    --8<-- \'c.py:part\'\n;--8<-- "skip.yml"\n`--8<-- "inline.yml"`\n--8<-- "d.txt:1:3"\n'
    )
    assert snippets.includes(text) == [
        snippets.Include(2, "a/b.yml", None),
        snippets.Include(3, "c.py", "part"),
        snippets.Include(6, "d.txt", "1:3"),
    ]
    assert snippets.sections("# --8<-- [start:a]\n# --8<-- [end:a]\n# --8<-- [start:b]\n") == {"a"}


def test_snippet_line_ranges_are_not_sections(tmp_path):
    (tmp_path / "f.txt").write_text("1\n2\n3\n")
    assert snippets.problems('--8<-- "f.txt:1:2"\n', source="p.md", base=tmp_path) == []


def test_problem_reads_like_mkdocs():
    assert str(Problem("examples/a.yml", 3, "is wrong.")) == "examples/a.yml:3: is wrong."
    assert str(Problem("examples/a.yml", None, "is wrong.")) == "examples/a.yml: is wrong."


def test_zip_is_deterministic_sorted_and_skips_caches(tmp_path):
    folder = tmp_path / "sample"
    (folder / "b").mkdir(parents=True)
    (folder / "b" / "z.txt").write_text("z")
    (folder / "a.sh").write_text("echo a\n")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "m.pyc").write_bytes(b"\0")
    first = bundle.zip_bytes(folder)
    os.utime(folder / "a.sh", (0, 0))
    assert bundle.zip_bytes(folder) == first
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert zf.namelist() == ["sample/a.sh", "sample/b/z.txt"]
        assert {i.date_time for i in zf.infolist()} == {bundle.FIXED_TIME}
        assert (zf.getinfo("sample/a.sh").external_attr >> 16) & 0o777 == 0o755


@pytest.mark.slow
def test_real_site_offers_the_first_run_zip(real_site):
    site = real_site.site_dir
    zipped = (site / "downloads" / "first-run.zip").read_bytes()
    assert zipped == bundle.zip_bytes(FIRST_RUN)
    for page, href in (
        ("tutorial/index.html", "../downloads/first-run.zip"),
        ("en/tutorial/index.html", "../../downloads/first-run.zip"),
    ):
        html = (site / page).read_text(encoding="utf-8")
        assert f'href="{href}"' in html, page
        assert "--8&lt;--" not in html and "[start:" not in html, page


def test_zip_command_writes_the_bundle_and_rejects_a_missing_folder(tmp_path):
    def zip_cli(folder: Path, output: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "hooks.samples", "zip", str(folder), str(output)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=False,
        )

    out = tmp_path / "out" / "first-run.zip"
    ok = zip_cli(FIRST_RUN, out)
    assert ok.returncode == 0, ok.stderr
    assert out.read_bytes() == bundle.zip_bytes(FIRST_RUN)
    bad = zip_cli(tmp_path / "nope", out)
    assert bad.returncode == 2
    assert bad.stderr.strip() == f"{tmp_path / 'nope'}: is not a folder."
    (tmp_path / "file").write_text("x")
    for output in (tmp_path / "file" / "first-run.zip", tmp_path / "out"):  # under a file; an existing folder
        unwritable = zip_cli(FIRST_RUN, output)
        assert unwritable.returncode == 1 and "Traceback" not in unwritable.stderr, unwritable.stderr
        assert (
            unwritable.stderr.startswith(f"{output}: cannot be written (") and len(unwritable.stderr.splitlines()) == 1
        )
