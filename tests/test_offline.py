"""The offline bundle: hooks/offline/'s functions, the zip `make offline` writes, and a reader in Chromium
opening it from file:// with no network (see tests/site_browser.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build
from site_browser import Site, check_reader_journey

from hooks.core.problems import HookError
from hooks.offline import bundle as offline_bundle
from hooks.offline import resources, shim
from hooks.offline.__main__ import main as offline_main

# ------------------------------------------------------------------------------------------ unit tests


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_find_remote_resources_reports_what_the_browser_would_load(tmp_path):
    _write(
        tmp_path / "index.html",
        textwrap.dedent("""\
        <html><head>
        <link rel="canonical" href="https://example.org/">
        <link rel="alternate" hreflang="en" href="https://example.org/en/">
        <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
        <script src="https://unpkg.com/iframe-worker/shim"></script>
        <style>body { background: url("https://cdn.example.org/bg.png") }</style>
        </head><body>
        <a href="https://learn.microsoft.com/ja-jp/azure/">a link is not a request</a>
        <img src="assets/a.svg" srcset="assets/a.svg 1x, //cdn.example.org/a2.svg 2x">
        <div style="background-image: url('http://cdn.example.org/x.png')"></div>
        <div class="mermaid">graph LR</div>
        <script>var u = "https://learn.microsoft.com/";
        load("https://www.googletagmanager.com/gtag/js")</script>
        </body></html>
        """),
    )
    _write(
        tmp_path / "assets" / "site.css",
        "a{}\n@import 'https://cdn.example.org/x.css';\nb{background:url(data:image/png;base64,AAAA)}\n",
    )
    _write(
        tmp_path / "assets" / "own.js",
        "const ok = 'https://learn.microsoft.com';\nload('https://cdn.jsdelivr.net/npm/x');\n",
    )
    _write(tmp_path / "assets" / "javascripts" / "bundle.0123abcd.min.js", "x='https://unpkg.com/mermaid@11'")
    tail = (
        " loads from the network, which an offline reader cannot reach; ship the file in the site and refer to "
        "it by a relative path."
    )
    problems = [(p.file, p.line, p.message) for p in resources.find_remote_resources(tmp_path)]
    assert problems == [
        (file, line, f"{what} '{url}'{tail}")
        for file, line, what, url in [
            ("assets/own.js", 2, "script URL", "https://cdn.jsdelivr.net/npm/x"),
            ("assets/site.css", 2, "CSS url()", "https://cdn.example.org/x.css"),
            ("index.html", 4, "<link href>", "https://fonts.googleapis.com/css?family=Roboto"),
            ("index.html", 5, "<script src>", "https://unpkg.com/iframe-worker/shim"),
            ("index.html", 6, "<style> url()", "https://cdn.example.org/bg.png"),
            ("index.html", 9, "<img srcset>", "//cdn.example.org/a2.svg"),
            ("index.html", 10, "<div style> url()", "http://cdn.example.org/x.png"),
            ("index.html", 13, "<script> URL", "https://www.googletagmanager.com/gtag/js"),
            ("index.html", 11, "mermaid diagram", "https://unpkg.com/mermaid"),
        ]
    ]
    first = resources.find_remote_resources(tmp_path)[0]
    assert str(first) == (
        "assets/own.js:2: script URL 'https://cdn.jsdelivr.net/npm/x' loads from the network, which "
        "an offline reader cannot reach; ship the file in the site and refer to it by a relative path."
    )


def test_find_remote_resources_accepts_a_local_site(tmp_path):
    _write(
        tmp_path / "index.html",
        '<link rel="stylesheet" href="assets/a.css"><img src="data:image/png;base64,AA">'
        '<a href="https://example.org/">x</a>',
    )
    _write(tmp_path / "assets" / "a.css", "a{background:url(../img/x.png)}")
    assert resources.find_remote_resources(tmp_path) == []


def _fake_package(root: Path, *, license_name: str = "MIT") -> None:
    package = root / "node_modules" / "iframe-worker"
    _write(package / "shim" / "index.js", '"use strict";window.IFrameWorker=1;')
    _write(package / "LICENSE", "Permission is hereby granted, free of charge")
    _write(package / "package.json", json.dumps({"name": "iframe-worker", "version": "9.9.9", "license": license_name}))


def test_shim_contents_carry_the_license(tmp_path):
    _fake_package(tmp_path)
    contents = shim.shim_contents(tmp_path)
    assert sorted(contents) == ["assets/vendor/iframe-worker/LICENSE", "assets/vendor/iframe-worker/shim.js"]
    script = contents["assets/vendor/iframe-worker/shim.js"].decode()
    assert script.startswith("/*! iframe-worker 9.9.9 | MIT License | (c) Martin Donath | ")
    assert script.endswith("window.IFrameWorker=1;")
    assert contents["assets/vendor/iframe-worker/LICENSE"] == b"Permission is hereby granted, free of charge"
    written = shim.vendor_shim(tmp_path / "site", tmp_path)
    assert sorted(p.relative_to(tmp_path / "site").as_posix() for p in written) == sorted(contents)


def test_shim_missing_says_to_run_npm_ci(tmp_path):
    with pytest.raises(HookError) as err:
        shim.shim_files(tmp_path)
    assert str(err.value) == (
        f"node_modules/iframe-worker/shim/index.js: file is missing; run 'npm ci' in {tmp_path} "
        "(the npm package 'iframe-worker' provides the search worker shim for file://)."
    )


def test_shim_with_another_license_is_refused(tmp_path):
    _fake_package(tmp_path, license_name="GPL-3.0")
    with pytest.raises(
        HookError,
        match=r"^node_modules/iframe-worker/package\.json: license 'GPL-3\.0' "
        r"is not the MIT license",
    ):
        shim.shim_files(tmp_path)


def test_installed_shim_is_the_pinned_mit_package():
    script, license_file, version = shim.shim_files(ROOT)
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert version == lock["packages"]["node_modules/iframe-worker"]["version"]
    assert "Permission is hereby granted" in license_file.read_text()
    assert "IFrameWorker" in script.read_text()


def test_bundle_version_sources(tmp_path):
    assert offline_bundle.bundle_version(tmp_path, {"OFFLINE_VERSION": "v1.2.3"}) == "v1.2.3"
    assert re.fullmatch(r"\d{8}", offline_bundle.bundle_version(tmp_path, {}))  # not a git checkout: UTC date
    described = subprocess.run(
        ["git", "describe", "--tags", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    if described:  # a checkout git trusts
        assert offline_bundle.bundle_version(ROOT, {}) == described
    else:
        assert re.fullmatch(r"\d{8}", offline_bundle.bundle_version(ROOT, {}))


def test_bundle_version_must_fit_a_file_name(tmp_path):
    with pytest.raises(
        HookError,
        match=r"^OFFLINE_VERSION: bundle version 'a b/c' is not usable in a file name; set "
        r"OFFLINE_VERSION",
    ):
        offline_bundle.bundle_version(tmp_path, {"OFFLINE_VERSION": "a b/c"})


def test_make_zip_is_one_reproducible_folder(tmp_path):
    site = tmp_path / "site"
    _write(site / "index.html", "<p>home</p>")
    _write(site / "en" / "index.html", "<p>en</p>")
    _write(site / "sitemap.xml.gz", "gz")
    first = offline_bundle.make_zip(site, tmp_path / "dist", "1.0")
    assert first == tmp_path / "dist" / "azure-ml-intro-offline-1.0.zip"
    with zipfile.ZipFile(first) as zf:
        assert zf.namelist() == ["azure-ml-intro-offline-1.0/en/index.html", "azure-ml-intro-offline-1.0/index.html"]
    data = first.read_bytes()
    assert offline_bundle.make_zip(site, tmp_path / "dist", "1.0").read_bytes() == data


def test_make_zip_needs_an_index(tmp_path):
    with pytest.raises(HookError, match=r"/index\.html: file is missing; build the offline site first\.$"):
        offline_bundle.make_zip(tmp_path, tmp_path / "dist", "1.0")


def test_bundle_refuses_a_site_built_without_the_offline_plugin(tmp_path):
    _write(tmp_path / "index.html", "<p>x</p>")
    with pytest.raises(
        HookError,
        match=r"'assets/vendor/iframe-worker/shim\.js' or "
        r"'search/search_index\.js' is missing; build with OFFLINE=true",
    ):
        offline_bundle.bundle(site_dir=tmp_path, dist_dir=tmp_path / "dist", build=False, version="x")


def test_bundle_refuses_remote_resources(tmp_path):
    _write(tmp_path / "index.html", '<script src="https://unpkg.com/x"></script>')
    _write(tmp_path / shim.SHIM_DEST, "shim")
    _write(tmp_path / "search" / "search_index.js", "var __index = {}")
    with pytest.raises(HookError, match=r"^index\.html:1: <script src> 'https://unpkg\.com/x' loads from"):
        offline_bundle.bundle(site_dir=tmp_path, dist_dir=tmp_path / "dist", build=False, version="x")
    assert not (tmp_path / "dist").exists()


def test_cli_check_exit_codes(tmp_path, capsys):
    _write(tmp_path / "index.html", '<img src="https://cdn.example.org/a.png">')
    assert offline_main(["--check", "--site-dir", str(tmp_path)]) == 1
    assert "index.html:1: <img src> 'https://cdn.example.org/a.png'" in capsys.readouterr().out
    (tmp_path / "index.html").write_text('<img src="a.png">')
    assert offline_main(["--check", "--site-dir", str(tmp_path)]) == 0


def test_cli_on_a_folder_that_is_not_a_site_or_a_file_is_one_sentence(tmp_path, capsys):
    missing, empty, file = tmp_path / "missing", tmp_path / "empty", tmp_path / "file"
    empty.mkdir()
    file.write_text("x")
    cases = [
        (
            ["--check", "--site-dir", str(missing)],
            f"ERROR: {missing}: does not exist; build the site first (make offline).",
        ),
        (
            ["--no-build", "--site-dir", str(empty)],
            f"ERROR: {empty}: holds no HTML page; build the site first (make offline).",
        ),
        (["--site-dir", str(file)], f"ERROR: {file}: is a file, not a folder; give --site-dir a folder."),
        (["--site-dir", str(empty), "--dist", str(file)], f"ERROR: {file}: is a file, not a folder; give --dist a"),
    ]
    for args, message in cases:
        assert offline_main(args) == 1  # a check of no page is not a pass; MkDocs is never started on a file
        err = capsys.readouterr().err
        assert err.startswith(message) and len(err.splitlines()) == 1, err


@pytest.mark.slow
def test_offline_build_without_npm_packages_fails_with_the_fix(tmp_path):
    """The hook's error path: an offline build where `npm ci` was not run."""
    shutil.copytree(ROOT / "hooks", tmp_path / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    _write(tmp_path / "docs" / "index.md", "# Home\n\nText.\n")
    _write(
        tmp_path / "mkdocs.yml",
        textwrap.dedent("""\
        site_name: Fixture
        site_url: https://example.org/
        theme: {name: material, font: false}
        plugins: [search, offline]
        hooks: [hooks/offline/hook.py]
        """),
    )
    build = mkdocs_build(tmp_path, tmp_path / "site")
    assert build.returncode != 0
    assert (
        f"ERROR   -  node_modules/iframe-worker/shim/index.js: file is missing; run 'npm ci' in {tmp_path} (the "
        "npm package 'iframe-worker' provides the search worker shim for file://)."
    ) in build.log.splitlines(), build.log


@pytest.mark.slow
def test_offline_build_names_the_markdown_source_of_a_remote_resource(tmp_path):
    """Remote resources found during an offline build are reported against the .md line (or the asset's source)."""
    _write(tmp_path / "docs" / "index.md", '# Home\n\nText.\n\n<img src="https://cdn.example.org/a.png" alt="a">\n')
    _write(tmp_path / "docs" / "other.md", "# Other\n\nPlain.\n")
    _write(tmp_path / "docs" / "assets" / "x.css", "a{}\n@import 'https://cdn.example.org/x.css';\n")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    _write(
        tmp_path / "mkdocs.yml",
        textwrap.dedent(f"""\
        site_name: Fixture
        site_url: https://example.org/
        theme: {{name: material, font: false}}
        extra_css: [assets/x.css]
        plugins: [search, offline]
        hooks: ["{ROOT / "hooks" / "offline" / "hook.py"}"]
        """),
    )
    build = mkdocs_build(tmp_path, tmp_path / "site")
    assert build.returncode != 0
    tail = (
        " loads from the network, which an offline reader cannot reach; ship the file in the site and refer to it "
        "by a relative path."
    )
    assert [w for w in build.warnings if "loads from the network" in w] == [
        f"ERROR   -  docs/index.md:5: <img src> 'https://cdn.example.org/a.png'{tail}",
        f"ERROR   -  docs/assets/x.css:2: CSS url() 'https://cdn.example.org/x.css'{tail}",
    ], build.log


# ------------------------------------------------------------------------------- the real bundle


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory) -> Path:
    """The zip, made by the same command as `make offline` (only the output folders differ)."""
    work = tmp_path_factory.mktemp("offline")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    env.pop("OFFLINE_VERSION", None)
    proc = subprocess.run(
        [sys.executable, "-m", "hooks.offline", "--site-dir", str(work / "build"), "--dist", str(work / "dist")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    zips = list((work / "dist").glob("*.zip"))
    assert [Path(proc.stdout.strip())] == zips
    return zips[0]


@pytest.fixture(scope="session")
def bundle_dir(offline_zip, tmp_path_factory) -> Path:
    """The zip unzipped somewhere unusual (a space and Japanese in the path), as a reader would."""
    target = tmp_path_factory.mktemp("unzipped") / "オフライン 版"
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(target)
    (folder,) = target.iterdir()
    return folder


def test_zip_holds_one_folder_named_like_the_zip(offline_zip, bundle_dir):
    folder = offline_zip.stem
    assert re.fullmatch(r"azure-ml-intro-offline-[A-Za-z0-9][A-Za-z0-9._+-]*", folder)
    assert bundle_dir.name == folder
    with zipfile.ZipFile(offline_zip) as zf:
        assert {name.split("/", 1)[0] for name in zf.namelist()} == {folder}
    assert (bundle_dir / "index.html").is_file() and (bundle_dir / "en" / "index.html").is_file()
    assert not list(bundle_dir.rglob("404.html")), "a 404 page has no use offline and its links are root-absolute"


def test_bundle_ships_the_worker_shim_with_its_license(bundle_dir):
    script = (bundle_dir / shim.SHIM_DEST).read_text()
    assert script.startswith("/*! iframe-worker ") and "MIT License" in script.splitlines()[0]
    assert "window.Worker=" in script
    assert "Permission is hereby granted" in (bundle_dir / shim.SHIM_DEST).with_name("LICENSE").read_text()
    for page in ("index.html", "en/concepts/workspace.html"):
        html = (bundle_dir / page).read_text()
        depth = "../" * page.count("/")
        assert f'<script src="{depth}{shim.SHIM_DEST}"></script>' in html, page
        assert "unpkg.com" not in html


def test_bundle_loads_nothing_from_the_network(bundle_dir):
    assert resources.find_remote_resources(bundle_dir) == []


def test_bundle_links_are_relative(bundle_dir):
    root_absolute = []
    for page in bundle_dir.rglob("*.html"):
        for m in re.finditer(r'\s(?:href|src)="(/[^"/][^"]*)"', page.read_text()):
            root_absolute.append(f"{page.relative_to(bundle_dir)}: {m.group(1)}")
    assert not root_absolute, root_absolute[:10]


def test_bundle_has_no_published_address_tags(bundle_dir):
    html = (bundle_dir / "concepts" / "workspace.html").read_text()
    assert 'rel="canonical"' not in html and "hreflang=" not in html.split("</head>")[0]
    assert 'property="og:url"' not in html
    assert '<meta property="og:title" content="ワークスペース">' in html


def test_bundle_search_index_holds_both_languages(bundle_dir):
    text = (bundle_dir / "search" / "search_index.js").read_text()
    assert text.startswith("var __index = ")
    index = json.loads(text[len("var __index = ") :])
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("en/") for loc in locations) and any(loc.startswith("concepts/") for loc in locations)
    assert sorted(index["config"]["lang"]) == ["en", "ja"]


@pytest.mark.browser
def test_offline_bundle_works_from_file_without_network(browser, bundle_dir):
    site = Site(bundle_dir.as_uri() + "/", directory_urls=False)
    recorder = check_reader_journey(browser, site)
    assert any(url.endswith(shim.SHIM_DEST) for url in recorder.requests), "the worker shim was not loaded"
    assert any("/search/search_index.js" in url for url in recorder.requests)


def test_link_checker_passes_on_the_bundle(bundle_dir):
    proc = subprocess.run(
        [sys.executable, "-m", "hooks.linkcheck", str(bundle_dir), "--file-urls"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " 0 problem(s)" in proc.stdout + proc.stderr


@pytest.mark.browser
def test_reader_journey_recorder_catches_stray_requests_and_console_errors(browser, tmp_path):
    """The harness itself: a page that loads a remote image and logs an error must fail the check."""
    from site_browser import Recorder

    page_file = _write(
        tmp_path / "index.html",
        '<img src="https://cdn.example.invalid/a.png"><script>console.error("broken thing")</script>',
    )
    recorder = Recorder(Site(tmp_path.as_uri() + "/", directory_urls=False))
    context = browser.new_context()
    recorder.attach(context)
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.wait_for_timeout(300)
    context.close()
    with pytest.raises(AssertionError) as err:
        recorder.check()
    assert "https://cdn.example.invalid/a.png" in str(err.value)
    recorder.requests = [u for u in recorder.requests if u.startswith("file:")]
    with pytest.raises(AssertionError, match="console error: broken thing"):
        recorder.check()
