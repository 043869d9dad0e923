"""Shared fixtures: building sites with MkDocs in a subprocess, and a headless Chromium."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Build:
    returncode: int
    log: str
    site_dir: Path

    @property
    def warnings(self) -> list[str]:
        return [l for l in self.log.splitlines() if l.startswith(("WARNING", "ERROR"))]


def mkdocs_build(
    project_dir: Path, site_dir: Path, *, config: str = "mkdocs.yml", env: dict | None = None, strict: bool = True
) -> Build:
    """Run `mkdocs build` for the project in ``project_dir`` into ``site_dir``; never raises on failure."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project_dir / config), "-d", str(site_dir), "--clean"]
    if strict:
        cmd.append("--strict")
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.run(cmd, cwd=project_dir, env=full_env, capture_output=True, text=True, timeout=600)
    return Build(proc.returncode, proc.stdout + proc.stderr, site_dir)


def copy_project(dest: Path) -> Path:
    """Copy what a build of the real site needs into ``dest`` (so a test may break it)."""
    for name in ("mkdocs.yml", "docs", "hooks", "data", "overrides", "examples"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def plant_broken_link(project: Path, target: str = "no-such-page.md") -> int:
    """Append a link to ``target`` to docs/concepts/compute.md of a copied project; the line it is on."""
    page = project / "docs" / "concepts" / "compute.md"
    lines = page.read_text(encoding="utf-8").count("\n")
    with open(page, "a", encoding="utf-8") as out:
        out.write(f"\n[壊れたリンク]({target})\n")
    return lines + 2


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Build:
    """The real site, built once per test session with --strict."""
    site_dir = tmp_path_factory.mktemp("real") / "site"
    build = mkdocs_build(ROOT, site_dir)
    assert build.returncode == 0, build.log
    return build


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; the test is skipped only outside CI when chromium is missing."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install the 'chromium' package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def serve_dir():
    """Start a static HTTP server on 127.0.0.1 for a directory: ``base_url = serve_dir(path)``."""
    import functools
    import http.server
    import threading

    servers = []

    def start(directory: Path, *, handler_cls=http.server.SimpleHTTPRequestHandler) -> str:
        class Quiet(handler_cls):
            def log_message(self, *args):  # keep test output readable
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/* from the current output instead of comparing with it",
    )


@pytest.fixture
def golden(request):
    """``golden(name, actual)``: compare with tests/golden/NAME as a unified diff, or rewrite it under --update-golden."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, actual: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"{path} is missing; run pytest --update-golden once and review it"
        expected = path.read_text(encoding="utf-8")
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), fromfile=str(path), tofile="rendered"
            )
        )
        assert not diff, (
            f"rendered output differs from the golden file (rerun with --update-golden if intended):\n{diff}"
        )

    return check


# Lines a test wants in the terminal summary whatever the capture mode (search recall@10, timings).
_REPORT = pytest.StashKey[list]()


@pytest.fixture
def report(request):
    """``report("text")`` adds a line to the 'reported by tests' section at the end of the run."""
    return request.config.stash.setdefault(_REPORT, []).append


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    lines = config.stash.get(_REPORT, [])
    if lines:
        terminalreporter.section("reported by tests")
        for line in lines:
            terminalreporter.write_line(line)
