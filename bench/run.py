"""The benchmark behind ``make bench``: every figure is a ratio or a slope measured side by side in this run.

    python -m bench.run [--runs N] [--quick]

Prints one table (figure, measured, target, pass/miss), writes ``bench/results/latest.json`` and
draws ``bench/results/scaling.png``. Every timed figure is the median of ``--runs`` (default 5)
runs; the two sides of a ratio are run alternately so that drift on a shared machine hits both.

1. Hook cost: strict bilingual build of the real site with our hooks vs the same config with the
   ``hooks:`` list removed (process wall time of ``python -m bench.timed_build``, both sides), and
   each hook's share: the build with all hooks minus the build without that one hook line. A first
   round is not counted: it writes our modules' bytecode and ``.cache/hooks`` (verdicts kept between
   builds, see hooks/core/cache.py), as a maintainer's first build does; it is reported as the cold
   pair (1a). The
   same with/without pair at the largest synthetic size (2.), and ``mkdocs serve``: rebuilding
   after one page is edited, with our hooks vs without (``timed_build --rebuild``).
2. Scaling: the synthetic site of bench/synth.py at 100, 400 and 1,600 pages per language; build
   time and link-check time (``hooks.linkcheck.resolve.check_site`` in this process) per page, and
   the least-squares slope of log(time) over log(pages). Also: time in the link-check hook for a
   page with 6,000 broken links vs one with 6,000 valid links.
3. Link-check peers on one synthetic tree with the planted defects of bench/synth.py
   (``PEER_PAGES`` pages per language): our CLI (``python -m hooks.linkcheck``) vs linkchecker with
   AnchorCheck over HTTP, and vs mkdocs-htmlproofer-plugin (build time with it minus without it).
4. Page quality: Lighthouse (bench/lighthouse.mjs) on three pages per language of the hosted build
   served on 127.0.0.1 with gzip.
5. Search: keystroke-to-results time (every third query of tests/search_queries.yml, each run) and
   recall@10 (all queries, first run) with our search worker vs Material's stock worker
   (overrides/main.html's config block removed), and the index size.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import synth  # noqa: E402
from bench.serve import free_port, serve  # noqa: E402
from bench.timed_build import hook_name  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PY = sys.executable
SIZES = (100, 400, 1600)
LINKS = 6000  # links on the page of the broken-vs-valid figure
SERVE_PAGE = "docs/concepts/compute.md"  # the page edited for the serve-rebuild figure
PEER_PAGES = 50
LIGHTHOUSE_PAGES = ("", "concepts/compute/", "glossary/")
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
# Builds write bytecode as Python does by default (an environment may set PYTHONDONTWRITEBYTECODE):
# the warm-up round compiles our hook modules once, as the installed packages were compiled at install.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONPATH": str(ROOT),
}
LINKCHECKER_RC = """\
[checking]
threads=10
maxrequestspersecond=10000
[filtering]
ignore=
  ^https?://(?!127\\.0\\.0\\.1[:/])
  ^mailto:
checkextern=0
[AnchorCheck]
"""
HTMLPROOFER = """\
  - htmlproofer:
      validate_external_urls: false
      raise_error: false
"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed(
    cmd: list[str], *, cwd: Path | None = None, env: dict | None = None, check: bool = True, timeout: int = 900
) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc.cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)  # type: ignore[attr-defined]
    if check and proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        )
    return elapsed, proc


def build(
    project: Path,
    site: Path,
    *,
    config: str = "mkdocs.yml",
    strict: bool = True,
    env: dict | None = None,
    check: bool = True,
) -> dict:
    """One build in a fresh process: wall time, per-hook times, warnings, log."""
    cmd = [PY, "-m", "bench.timed_build", str(project / config), str(site)] + (["--strict"] if strict else [])
    elapsed, proc = timed(cmd, cwd=project, env=env, check=check)
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "wall_s": elapsed,
        "cpu_s": proc.cpu_s,  # user + system CPU of the build process: steadier than wall time on a busy machine
        "hooks_s": sum(info["hooks_s"].values()),
        "per_hook_s": info["hooks_s"],
        "per_hook_cpu_s": info.get("hooks_cpu_s", {}),
        "warnings": info["warnings"],
        "log": proc.stderr,
        "returncode": proc.returncode,
    }


def median(values: list[float]) -> float:
    return statistics.median(values)


def paired_added(with_s: list[float], without_s: list[float]) -> float:
    """What the first side adds to the second: the median of the per-pair ratios, minus 1. Each pair ran side
    by side, so a machine that slows down or speeds up during the run moves both builds of a pair alike."""
    return median([a / b for a, b in zip(with_s, without_s, strict=True)]) - 1


def cold_pair(with_s: float, without_s: float) -> dict[str, float]:
    """The warm-up round's one pair: both times and what the first adds to the second."""
    return {"with_s": with_s, "without_s": without_s, "added": with_s / without_s - 1}


def pair_order(i: int, first: dict, second: dict) -> tuple[dict, dict]:
    """The two builds of round ``i`` (each given as :func:`build`'s arguments), in the order given in even rounds
    and in the other order in odd ones; returned in the order given."""
    if i % 2:
        b = build(**second)
        return build(**first), b
    a = build(**first)
    return a, build(**second)


def slope(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of log(y) over log(x); None with fewer than two different x (one size measured)."""
    if len(set(xs)) < 2:
        return None
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=False)) / sum((a - mx) ** 2 for a in lx)


def copy_real_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "hooks", "data", "overrides", "examples"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules")
    # a checkout, as CI and a maintainer build it: the revision-date plugin reads dates from git, so a page
    # that did not change renders the same HTML in every (re)build instead of carrying the build time
    git = ["git", "-C", str(dest), "-c", "user.name=bench", "-c", "user.email=bench@127.0.0.1"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-gpg-sign", "-m", "copy"]):
        subprocess.run([*git, *args], check=True, capture_output=True)
    return dest


# --------------------------------------------------------------------------- 1. hook cost
def hook_paths(config_text: str) -> list[str]:
    """The files listed under ``hooks:`` of an mkdocs.yml, in order."""
    match = re.search(r"(?m)^hooks:\n((?:[ \t]+- .*\n?)+)", config_text)
    return re.findall(r"- (\S+)", match.group(1)) if match else []


def without_hook(config_text: str, path: str) -> str:
    """The config with the one ``hooks:`` line naming ``path`` removed."""
    return re.sub(rf"(?m)^[ \t]+- {re.escape(path)}[ \t]*\n", "", config_text, count=1)


def bench_hook_cost(tmp: Path, runs: int) -> dict:
    project = copy_real_project(tmp / "real")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.nohooks.yml").write_text(synth.derive_config(text, hooks=False), encoding="utf-8")
    minus = {}
    for path in hook_paths(text):
        name = hook_name(path)
        (project / f"mkdocs.minus-{name}.yml").write_text(without_hook(text, path), encoding="utf-8")
        minus[name] = f"mkdocs.minus-{name}.yml"
    with_s, without_s, hooks_s, with_cpu, without_cpu = [], [], [], [], []
    minus_s: dict[str, list[float]] = {name: [] for name in minus}
    events_s: dict[str, list[float]] = {name: [] for name in minus}
    cold: dict[str, float] = {}
    for i in range(runs + 1):  # the first round (bytecode, .cache/hooks) is reported apart as the cold build
        a, b = pair_order(
            i,
            {"project": project, "site": tmp / "real-site-a"},
            {"project": project, "site": tmp / "real-site-b", "config": "mkdocs.nohooks.yml", "strict": False},
        )
        if not i:
            cold = cold_pair(a["wall_s"], b["wall_s"])
        else:
            with_s.append(a["wall_s"])
            without_s.append(b["wall_s"])
            with_cpu.append(a["cpu_s"])
            without_cpu.append(b["cpu_s"])
            hooks_s.append(a["hooks_s"])
            for name in minus:
                events_s[name].append(a["per_hook_cpu_s"].get(name, 0.0))
        for name, config in minus.items():
            c = build(project, tmp / "real-site-c", config=config, strict=False)
            if i:
                minus_s[name].append(c["wall_s"])
        log(f"hook cost run {i}: with {a['wall_s']:.2f} s, without {b['wall_s']:.2f} s")
    plain = median(without_s)
    per_hook = {
        name: {
            "removed_s": median(with_s) - median(minus_s[name]),
            "share": (median(with_s) - median(minus_s[name])) / plain,
            "events_s": median(events_s[name]),
        }
        for name in minus
    }
    return {
        "with_hooks_s": with_s,
        "without_hooks_s": without_s,
        "hook_events_s": hooks_s,
        "with_cpu_s": with_cpu,
        "without_cpu_s": without_cpu,
        "added": paired_added(with_s, without_s),
        "added_cpu": paired_added(with_cpu, without_cpu),
        "per_hook": per_hook,
        "minus_s": minus_s,
        "cold": cold,
    }


def bench_serve(tmp: Path, runs: int) -> dict:
    """Rebuild after editing one page, as ``mkdocs serve`` does, with our hooks vs without."""
    project = copy_real_project(tmp / "serve")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.nohooks.yml").write_text(synth.derive_config(text, hooks=False), encoding="utf-8")
    times: dict[str, list[float]] = {"with_s": [], "without_s": [], "with_cpu_s": [], "without_cpu_s": []}
    for i in range(2):  # two rounds, alternating, each `runs` rebuilds in one serve-like process
        for config, side in (("mkdocs.yml", "with"), ("mkdocs.nohooks.yml", "without")):
            cmd = [
                PY,
                "-m",
                "bench.timed_build",
                str(project / config),
                str(tmp / "serve-site"),
                "--rebuild",
                str(project / SERVE_PAGE),
                "--times",
                str(runs),
            ]
            _, proc = timed(cmd, cwd=project)
            info = json.loads(proc.stdout.strip().splitlines()[-1])
            times[f"{side}_s"].extend(info["rebuild_s"])
            times[f"{side}_cpu_s"].extend(info["rebuild_cpu_s"])
        log(f"serve round {i}: with {median(times['with_s']):.2f} s, without {median(times['without_s']):.2f} s")
    return {
        "page": SERVE_PAGE,
        **times,
        "ratio": median(times["with_s"]) / median(times["without_s"]),
        "ratio_cpu": median(times["with_cpu_s"]) / median(times["without_cpu_s"]),
    }


# --------------------------------------------------------------------------- 2. scaling
def bench_scaling(tmp: Path, runs: int, sizes: tuple[int, ...]) -> dict:
    from hooks.linkcheck.resolve import check_site

    out: dict = {"sizes": []}
    env = {**ENV, "SITE_URL": synth.PEER_SITE_URL}
    for n in sizes:
        project = synth.make_project(tmp / f"synth-{n}", n)
        site = tmp / f"synth-{n}-site"
        largest = n == max(sizes)
        if largest:  # the hook-cost pair at this size: with our hooks vs the hooks: list removed
            text = (project / "mkdocs.yml").read_text(encoding="utf-8")
            (project / "mkdocs.nohooks.yml").write_text(synth.derive_config(text, hooks=False), encoding="utf-8")
        builds, plain, plain_cpu = [], [], []
        cold: dict[str, float] = {}
        for i in range(runs + (1 if largest else 0)):
            if largest:
                result, bare = pair_order(
                    i,
                    {"project": project, "site": site, "env": env},
                    {
                        "project": project,
                        "site": tmp / f"synth-{n}-bare",
                        "config": "mkdocs.nohooks.yml",
                        "strict": False,
                        "env": env,
                    },
                )
                log(f"scaling {n}/lang round {i}: with {result['wall_s']:.2f} s, without {bare['wall_s']:.2f} s")
                if not i:  # warm-up round: bytecode and .cache/hooks written, reported apart as the cold pair
                    cold = cold_pair(result["wall_s"], bare["wall_s"])
                    continue
                plain.append(bare["wall_s"])
                plain_cpu.append(bare["cpu_s"])
            else:
                result = build(project, site, env=env)
            builds.append(result)
            log(
                f"scaling {n}/lang build {len(builds)}/{runs}: {result['wall_s']:.2f} s (our hooks {result['hooks_s']:.2f} s)"
            )
        if largest:
            out["largest"] = {
                "pages_per_lang": n,
                "with_hooks_s": [b["wall_s"] for b in builds],
                "without_hooks_s": plain,
                "added": paired_added([b["wall_s"] for b in builds], plain),
                "added_cpu": paired_added([b["cpu_s"] for b in builds], plain_cpu),
                "cold": cold,
            }
        pages = sum(1 for _ in site.rglob("*.html")) - 1  # minus 404.html
        checks, problems = [], None
        for _ in range(runs):
            started = time.perf_counter()
            problems = check_site(site, site_url=synth.PEER_SITE_URL)
            checks.append(time.perf_counter() - started)
        if problems:
            raise RuntimeError(f"synthetic site {n}/lang has link problems: {problems[:3]}")
        log(f"scaling {n}/lang link check: {median(checks):.2f} s for {pages} pages")
        out["sizes"].append(
            {
                "pages_per_lang": n,
                "html_pages": pages,
                "build_s": [b["wall_s"] for b in builds],
                "hooks_s": [b["hooks_s"] for b in builds],
                "per_hook_s": builds[-1]["per_hook_s"],
                "linkcheck_s": checks,
            }
        )
        shutil.rmtree(site)
    xs = [s["html_pages"] for s in out["sizes"]]
    out["build_slope"] = slope(xs, [median(s["build_s"]) for s in out["sizes"]])
    out["linkcheck_slope"] = slope(xs, [median(s["linkcheck_s"]) for s in out["sizes"]])
    out["hooks_slope"] = slope(xs, [median(s["hooks_s"]) for s in out["sizes"]])
    for key in ("build_s", "hooks_s", "linkcheck_s"):  # between neighbouring sizes: where curvature would show
        ys = [median(s[key]) for s in out["sizes"]]
        out[f"{key[:-2]}_local_slopes"] = [slope(xs[i : i + 2], ys[i : i + 2]) for i in range(len(xs) - 1)]
    return out


def links_project(dest: Path, broken: bool) -> Path:
    """A one-language project whose home page has LINKS links to another page, all valid or all broken."""
    docs = dest / "docs"
    docs.mkdir(parents=True)
    hook = (ROOT / "hooks" / "linkcheck" / "hook.py").as_posix()
    (dest / "mkdocs.yml").write_text(
        f"site_name: links\nsite_url: https://example.org/\ntheme:\n  name: mkdocs\nhooks:\n  - {hook}\n"
        "markdown_extensions:\n  - attr_list\n  - toc\nvalidation:\n  anchors: info\n",
        encoding="utf-8",
    )
    (docs / "target.md").write_text("# Target\n\n## Here { #here }\n", encoding="utf-8")
    anchor = (lambda i: f"gone-{i}") if broken else (lambda i: "here")
    lines = [f"- [link {i}](target.md#{anchor(i)})" for i in range(LINKS)]
    (docs / "index.md").write_text("# Links\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return dest


def bench_broken_links(tmp: Path, runs: int) -> dict:
    """A build with LINKS broken links on a page vs one with as many valid links; also the link-check hook's time."""
    projects = {kind: links_project(tmp / f"links-{kind}", kind == "broken") for kind in ("valid", "broken")}
    hook_s: dict[str, list[float]] = {"valid": [], "broken": []}
    wall_s: dict[str, list[float]] = {"valid": [], "broken": []}
    reported = 0
    for i in range(runs + 1):  # the first round is a warm-up
        for kind, project in projects.items():
            result = build(project, tmp / f"links-{kind}-site", strict=False)
            if i:
                hook_s[kind].append(result["per_hook_s"].get("linkcheck", 0.0))
                wall_s[kind].append(result["wall_s"])
            if kind == "broken":
                reported = result["warnings"]
        log(f"links round {i}: valid {wall_s['valid'][-1:]} s, broken {wall_s['broken'][-1:]} s")
    if reported < LINKS:
        raise RuntimeError(f"the broken-links page reported {reported} warnings, expected {LINKS}")
    extra = median(hook_s["broken"]) - median(hook_s["valid"])
    return {
        "links": LINKS,
        "valid_s": wall_s["valid"],
        "broken_s": wall_s["broken"],
        "hook_valid_s": hook_s["valid"],
        "hook_broken_s": hook_s["broken"],
        "warnings": reported,
        "per_problem_us": extra / LINKS * 1e6,
        "ratio": median(wall_s["broken"]) / median(wall_s["valid"]),
        "hook_ratio": median(hook_s["broken"]) / median(hook_s["valid"]),
    }


# --------------------------------------------------------------------------- 3. peers
def found(tokens_by_defect: dict[str, tuple[str, ...]], reports: list[str]) -> tuple[list[str], list[str]]:
    """(ids of the planted defects some report names, reports that name no planted defect)."""
    hit, other = set(), []
    for report in reports:
        ids = [d for d, tokens in tokens_by_defect.items() if any(t in report for t in tokens)]
        hit.update(ids)
        if not ids:
            other.append(report)
    return sorted(hit), other


def linkchecker_reports(csv_text: str) -> list[str]:
    rows = [line for line in csv_text.splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";")
    return [
        f"{r['urlname']} in {r['parentname']}: {r['result']} {r['warningstring']}".strip()
        for r in reader
        if r.get("valid") == "False" or r.get("warningstring")
    ]


def bench_peers(tmp: Path, runs: int) -> dict:
    tokens = {d.id: d.tokens for d in synth.DEFECTS}
    env = {**ENV, "SITE_URL": synth.PEER_SITE_URL}
    project = synth.make_project(tmp / "peer", PEER_PAGES, defects=True)
    site = tmp / "peer-site"
    build(project, site, strict=False, env=env)
    html_pages = sum(1 for _ in site.rglob("*.html"))

    ours_s, ours_out = [], ""
    for _ in range(runs):
        elapsed, proc = timed([PY, "-m", "hooks.linkcheck", str(site), "--site-url", synth.PEER_SITE_URL], check=False)
        ours_s.append(elapsed)
        ours_out = proc.stderr  # one problem a line on stderr; the summary goes to stdout
    ours_found, ours_other = found(tokens, [l for l in ours_out.splitlines() if l.strip()])
    log(f"peers: ours {median(ours_s):.2f} s, found {len(ours_found)}/{len(tokens)}")

    rc = tmp / "linkcheckerrc"
    rc.write_text(LINKCHECKER_RC, encoding="utf-8")
    lc_bin = str(Path(PY).with_name("linkchecker"))
    lc_s, lc_out = [], ""
    with serve(site, prefix=urlsplit(synth.PEER_SITE_URL).path) as base:  # mounted where site_url says
        for i in range(runs):
            elapsed, proc = timed([lc_bin, "-f", str(rc), "--no-status", "-o", "csv", base], check=False)
            if proc.returncode not in (0, 1):
                raise RuntimeError(f"linkchecker failed ({proc.returncode}): {proc.stderr[-2000:]}")
            lc_s.append(elapsed)
            lc_out = proc.stdout
            log(f"peers: linkchecker run {i + 1}/{runs}: {elapsed:.1f} s")
    lc_found, lc_other = found(tokens, linkchecker_reports(lc_out))

    # In-build cost, the same way for both plugins: build time with the checker minus without it.
    # A: our hooks (linkcheck included); B: our hooks without the link-check hook; C: A plus htmlproofer.
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.htmlproofer.yml").write_text(
        synth.derive_config(text, extra_plugins=HTMLPROOFER), encoding="utf-8"
    )
    (project / "mkdocs.nolinkcheck.yml").write_text(without_hook(text, "hooks/linkcheck/hook.py"), encoding="utf-8")
    base_s, nolc_s, hp_s, hook_timer_s, hp_log = [], [], [], [], ""
    for i in range(runs + 1):  # first round: warm-up
        a = build(project, tmp / "peer-a", strict=False, env=env)
        b = build(project, tmp / "peer-b", config="mkdocs.nolinkcheck.yml", strict=False, env=env)
        c = build(project, tmp / "peer-c", config="mkdocs.htmlproofer.yml", strict=False, env=env)
        if i:
            base_s.append(a["wall_s"])
            nolc_s.append(b["wall_s"])
            hp_s.append(c["wall_s"])
            hook_timer_s.append(a["per_hook_s"].get("linkcheck", 0.0))
        hp_log = c["log"]
        log(
            f"peers: in-build round {i}: ours {a['wall_s']:.2f} s, no checker {b['wall_s']:.2f} s, "
            f"htmlproofer {c['wall_s']:.2f} s"
        )
    hp_reports = [l for l in hp_log.splitlines() if "htmlproofer:" in l and "invalid url" in l]
    hp_found, hp_other = found(tokens, hp_reports)
    hp_added = median(hp_s) - median(base_s)
    ours_added = median(base_s) - median(nolc_s)
    return {
        "tree": {"pages_per_lang": PEER_PAGES, "html_pages": html_pages, "site_url": synth.PEER_SITE_URL},
        "defects": [{"id": d.id, "lang": d.lang, "what": d.what} for d in synth.DEFECTS],
        "ours": {"s": ours_s, "found": ours_found, "other_reports": ours_other},
        "linkchecker": {
            "s": lc_s,
            "found": lc_found,
            "other_reports": lc_other[:50],
            "other_count": len(lc_other),
            "setup": "HTTP on 127.0.0.1, AnchorCheck, 10 threads",
        },
        "ours_in_build": {"with_s": base_s, "without_s": nolc_s, "added_s": ours_added, "hook_timer_s": hook_timer_s},
        "htmlproofer": {
            "with_s": hp_s,
            "without_s": base_s,
            "added_s": hp_added,
            "found": hp_found,
            "other_reports": hp_other[:50],
            "other_count": len(hp_other),
        },
        "ratio_linkchecker": median(lc_s) / median(ours_s),
        "ratio_htmlproofer": hp_added / max(ours_added, median(hook_timer_s)),
    }


# --------------------------------------------------------------------------- 4. Lighthouse
def bench_lighthouse(tmp: Path, runs: int) -> dict:
    port = free_port()
    site = tmp / "hosted-site"
    build(ROOT, site, env={**ENV, "SITE_URL": f"http://127.0.0.1:{port}/"})
    urls = [f"http://127.0.0.1:{port}/{lang}{page}" for lang in ("", "en/") for page in LIGHTHOUSE_PAGES]
    with serve(site, port):
        _, proc = timed(
            ["node", str(ROOT / "bench" / "lighthouse.mjs"), str(runs), *urls],
            env={**ENV, "CHROME_PATH": CHROMIUM},
            timeout=1200,
        )
    data = json.loads(proc.stdout)
    pages = {}
    for url, results in data["runs"].items():
        key = url.split("/", 3)[3] or "(ja home)"
        pages[key] = {
            k: median([r[k] for r in results])
            for k in ("performance", "accessibility", "best-practices", "seo", "bytes")
        }
        pages[key]["failed_audits"] = sorted({a for r in results for a in r["failed"]})
        pages[key]["external_requests"] = sorted({u for r in results for u in r["external"]})
    worst = {k: min(p[k] for p in pages.values()) for k in ("performance", "accessibility", "best-practices", "seo")}
    return {
        "lighthouse": data["lighthouse"],
        "settings": "defaults: mobile, simulated throttling, cold cache",
        "pages": pages,
        "worst": worst,
        "bytes_max": max(p["bytes"] for p in pages.values()),
        "runs": runs,
    }


# --------------------------------------------------------------------------- 5. search
def stock_search_project(dest: Path) -> Path | None:
    """A copy of the real project whose pages use Material's own search worker (our config block removed)."""
    project = copy_real_project(dest)
    main = project / "overrides" / "main.html"
    text = main.read_text(encoding="utf-8")
    new, count = re.subn(r"\{% block config %\}.*?\{% endblock %\}", "", text, count=1, flags=re.S)
    if not count:
        return None
    main.write_text(new, encoding="utf-8")
    return project


def bench_search(tmp: Path, runs: int) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    import yaml
    from playwright.sync_api import sync_playwright
    from search_browser import Query, recall, run_queries

    data = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
    queries = [Query(q["query"], lang, q["page"]) for lang in ("ja", "en") for q in data.get(lang, [])]
    timed_queries = queries[::3]  # timed in every run; recall is counted once, over all queries
    variants = {"ours": (ROOT, tmp / "search-ours")}
    stock = stock_search_project(tmp / "stock")
    if stock is not None:
        variants["stock"] = (stock, tmp / "search-stock")
    for project, site in variants.values():
        build(project, site, strict=project == ROOT)
    out: dict = {"queries": len(queries), "timed_queries": len(timed_queries)}
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            for name, (_project, site) in variants.items():
                ms: list[float] = []
                found = {}
                with serve(site) as base:
                    for i in range(runs):  # run 1: every query (recall); each run: median time of the timed subset
                        page = browser.new_page()
                        outcomes = run_queries(page, base, queries if i == 0 else timed_queries)
                        page.close()
                        ms.append(median([o.ms for o in outcomes if o.query in timed_queries]))
                        if i == 0:
                            found = {lang: recall(outcomes, lang) for lang in ("ja", "en")}
                size = (site / "search" / "search_index.json").stat().st_size
                out[name] = {"median_ms": ms, "recall": found, "index_bytes": size}
                log(f"search {name}: {median(ms):.0f} ms median, recall {found}, index {size} bytes")
        finally:
            browser.close()
    if "stock" in out:
        out["time_ratio"] = median(out["ours"]["median_ms"]) / median(out["stock"]["median_ms"])
        out["index_ratio"] = out["ours"]["index_bytes"] / out["stock"]["index_bytes"]
    return out


# --------------------------------------------------------------------------- report
def table(results: dict) -> list[dict]:
    rows = []

    def row(figure: str, measured: str, target: str, ok: bool | None) -> None:
        rows.append(
            {
                "figure": figure,
                "measured": measured,
                "target": target,
                "result": "n/a" if ok is None else ("pass" if ok else "MISS"),
            }
        )

    if "hook_cost" in results:
        h = results["hook_cost"]
        row(
            "1. Hook cost: real site build, with our hooks vs without",
            f"{h['added'] * 100:+.1f}% ({median(h['with_hooks_s']):.2f} s vs {median(h['without_hooks_s']):.2f} s; "
            f"CPU time {h['added_cpu'] * 100:+.1f}%)",
            "<= +10%",
            h["added"] <= 0.10,
        )
        if "cold" in h:
            row(
                "1a. Hook cost: first build of a fresh copy (no bytecode, no .cache/hooks), one pair",
                f"{h['cold']['added'] * 100:+.1f}% ({h['cold']['with_s']:.2f} s vs {h['cold']['without_s']:.2f} s)",
                "report",
                None,
            )
        shares = sorted(h["per_hook"].items(), key=lambda item: -item[1]["share"])
        row(
            "1b. Hook cost per hook: build minus the build without that hook (CPU time in its events)",
            ", ".join(f"{name} {v['share'] * 100:+.1f}% ({v['events_s']:.2f} s)" for name, v in shares),
            "report",
            None,
        )
    if "scaling" in results and "largest" in results["scaling"]:
        big = results["scaling"]["largest"]
        row(
            f"1c. Hook cost: synthetic site, {big['pages_per_lang']:,} pages per language",
            f"{big['added'] * 100:+.1f}% ({median(big['with_hooks_s']):.2f} s vs {median(big['without_hooks_s']):.2f} s; "
            f"CPU time {big['added_cpu'] * 100:+.1f}%)",
            "<= +10%",
            big["added"] <= 0.10,
        )
        if big.get("cold"):
            c = big["cold"]
            row(
                "1c'. ... first build of the synthetic site (no bytecode, no .cache/hooks), one pair",
                f"{c['added'] * 100:+.1f}% ({c['with_s']:.2f} s vs {c['without_s']:.2f} s)",
                "report",
                None,
            )
    if "serve" in results:
        sv = results["serve"]
        row(
            "1d. mkdocs serve: rebuild after editing one page, with our hooks vs without",
            f"{sv['ratio']:.2f}x ({median(sv['with_s']):.2f} s vs {median(sv['without_s']):.2f} s; "
            f"CPU time {sv['ratio_cpu']:.2f}x)",
            "<= 1.2x",
            sv["ratio"] <= 1.2,
        )
    if "scaling" in results:
        s = results["scaling"]
        for key, label in (
            ("build", "2a. Scaling: build time, log-log slope"),
            ("linkcheck", "2b. Scaling: link-check time, log-log slope"),
            ("hooks", "2c. Scaling: time in our hooks, log-log slope (diagnostic)"),
        ):
            per = ", ".join(
                f"{x['pages_per_lang']}: {median(x[f'{key}_s']) / x['html_pages'] * 1000:.2f}" for x in s["sizes"]
            )
            slope_value = s[f"{key}_slope"]
            if slope_value is None:  # --sizes with one size: ms/page only
                row(label, f"n/a, one size measured (ms/page at {per})", "<= 1.1", None)
            else:
                row(label, f"{slope_value:.2f} (ms/page at {per})", "<= 1.1", slope_value <= 1.1)
    if "links" in results:
        lk = results["links"]
        row(
            f"2d. Build with {lk['links']:,} broken vs {lk['links']:,} valid links on a page",
            f"{lk['ratio']:.2f}x ({median(lk['broken_s']):.2f} s vs {median(lk['valid_s']):.2f} s)",
            "<= 2x",
            lk["ratio"] <= 2,
        )
        row(
            "2e. ... of it, the link-check hook (each problem found, put at its line, logged)",
            f"{lk['hook_ratio']:.2f}x ({median(lk['hook_broken_s']):.2f} s vs {median(lk['hook_valid_s']):.2f} s; "
            f"{lk['per_problem_us']:.0f} us per problem)",
            "report",
            None,
        )
    if "peers" in results:
        p = results["peers"]
        n = len(p["defects"])
        ours = median(p["ours"]["s"])
        row(
            f"3a. Link check vs linkchecker+AnchorCheck ({p['tree']['html_pages']} pages)",
            f"{p['ratio_linkchecker']:.0f}x faster ({ours:.2f} s vs {median(p['linkchecker']['s']):.1f} s)",
            ">= 10x",
            p["ratio_linkchecker"] >= 10,
        )
        ours_in = max(p["ours_in_build"]["added_s"], median(p["ours_in_build"]["hook_timer_s"]))
        row(
            "3b. Link check vs mkdocs-htmlproofer-plugin (build time added)",
            f"{p['ratio_htmlproofer']:.0f}x faster (+{ours_in:.2f} s vs +{p['htmlproofer']['added_s']:.2f} s)",
            ">= 10x",
            p["ratio_htmlproofer"] >= 10,
        )
        found = {k: len(p[k]["found"]) for k in ("ours", "linkchecker", "htmlproofer")}
        other = {
            k: len(p[k]["other_reports"]) if k == "ours" else p[k]["other_count"]
            for k in ("ours", "linkchecker", "htmlproofer")
        }
        row(
            "3c. Planted defects found (reports naming no planted defect)",
            f"ours {found['ours']}/{n} ({other['ours']}), linkchecker {found['linkchecker']}/{n} "
            f"({other['linkchecker']}), htmlproofer {found['htmlproofer']}/{n} ({other['htmlproofer']})",
            "ours all; each peer misses some",
            found["ours"] == n and found["linkchecker"] < n and found["htmlproofer"] < n,
        )
    if "lighthouse" in results:
        lh = results["lighthouse"]
        w = lh["worst"]
        for key, target in (("accessibility", 100), ("best-practices", 100), ("performance", 95), ("seo", 95)):
            row(
                f"4. Lighthouse {key} (worst of 6 pages, median of {lh['runs']})",
                f"{w[key]:.0f}",
                f">= {target}" if target < 100 else "100",
                w[key] >= target,
            )
        row(
            "4. Bytes transferred, first load (largest of 6 pages)", f"{lh['bytes_max'] / 1024:.0f} KiB", "report", None
        )
    if "search" in results:
        s = results["search"]
        ours = s["ours"]
        rec = ", ".join(f"{l} {ours['recall'][l][0]}/{ours['recall'][l][1]}" for l in ("ja", "en"))
        if "stock" in s:
            st = s["stock"]
            rec_stock = ", ".join(f"{l} {st['recall'][l][0]}/{st['recall'][l][1]}" for l in ("ja", "en"))
            row(
                "5. Search: keystroke to results, ours / stock Material",
                f"{s['time_ratio']:.2f}x ({median(ours['median_ms']):.0f} ms vs {median(st['median_ms']):.0f} ms; "
                f"recall@10 {rec} vs {rec_stock})",
                "report (search issue)",
                None,
            )
            row(
                "5. Search: index size, ours / stock",
                f"{s['index_ratio']:.2f}x ({ours['index_bytes'] / 1024:.0f} KiB)",
                "report (search issue)",
                None,
            )
        else:
            row("5. Search: keystroke to results", f"{median(ours['median_ms']):.0f} ms (recall {rec})", "report", None)
    return rows


def format_table(rows: list[dict]) -> str:
    heads = ("figure", "measured", "target", "result")
    widths = [max(len(h), *(len(r[h]) for r in rows)) for h in heads]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(heads, widths, strict=False)) + " |",
        "| " + " | ".join("-" * w for w in widths) + " |",
    ]
    lines += ["| " + " | ".join(r[h].ljust(w) for h, w in zip(heads, widths, strict=False)) + " |" for r in rows]
    return "\n".join(lines)


README = ROOT / "README.md"
README_START, README_END = "<!-- bench:table:start -->", "<!-- bench:table:end -->"


def update_readme(rows: list[dict], meta: dict) -> bool:
    """Put the table between the README's bench markers (only a full run does this); False if no markers."""
    text = README.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        return False
    body = (
        f"{README_START}\n{format_table(rows)}\n\n"
        f"Run of {meta['date'][:10]}: {meta['runs']} runs per figure (median), whole benchmark "
        f"{meta['total_seconds'] / 60:.1f} min on {meta['cpus']} CPUs.\n"
    )
    README.write_text(text[:start] + body + text[end:], encoding="utf-8")
    return True


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    s = results["scaling"]
    xs = [x["html_pages"] for x in s["sizes"]]
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    for key, label, slope_key in (
        ("build_s", "full build", "build_slope"),
        ("hooks_s", "our hooks (in the build)", "hooks_slope"),
        ("linkcheck_s", "link check", "linkcheck_slope"),
    ):
        ys = [median(x[key]) for x in s["sizes"]]
        ax.plot(xs, ys, marker="o", label=f"{label}: slope {s[slope_key]:.2f}")
    ref = [median(s["sizes"][0]["build_s"]) * x / xs[0] for x in xs]
    ax.plot(xs, ref, linestyle=":", color="grey", label="linear (slope 1) from the smallest build")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("HTML pages (both languages)")
    ax.set_ylabel("seconds (median of runs)")
    ax.set_title("Synthetic bilingual site: 100, 400, 1,600 pages per language")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


PARTS = ("hook_cost", "serve", "links", "scaling", "peers", "lighthouse", "search")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measured figure (median is reported)")
    parser.add_argument(
        "--only",
        action="append",
        choices=PARTS,
        help="run only these parts (repeatable); results are not written to bench/results",
    )
    parser.add_argument(
        "--sizes",
        type=lambda v: tuple(int(x) for x in v.split(",")),
        default=SIZES,
        help="scaling sizes, pages per language (default 100,400,1600)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    parts = args.only or list(PARTS)
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    results: dict = {}
    try:
        for part in parts:
            log(f"--- {part}")
            t0 = time.perf_counter()
            if part == "hook_cost":
                results[part] = bench_hook_cost(tmp, args.runs)
            elif part == "serve":
                results[part] = bench_serve(tmp, args.runs)
            elif part == "links":
                results[part] = bench_broken_links(tmp, args.runs)
            elif part == "scaling":
                results[part] = bench_scaling(tmp, args.runs, args.sizes)
            elif part == "peers":
                results[part] = bench_peers(tmp, args.runs)
            elif part == "lighthouse":
                results[part] = bench_lighthouse(tmp, args.runs)
            elif part == "search":
                results[part] = bench_search(tmp, args.runs)
            results.setdefault("part_seconds", {})[part] = time.perf_counter() - t0
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    rows = table(results)
    results["table"] = rows
    results["meta"] = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "runs": args.runs,
        "total_seconds": time.perf_counter() - started,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(format_table(rows))
    print(f"\n{args.runs} runs per figure (median); whole benchmark {results['meta']['total_seconds'] / 60:.1f} min.")
    out_dir = RESULTS if not args.only else tmp.with_name(tmp.name + "-results")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "latest.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    plotted = "scaling" in results and results["scaling"]["build_slope"] is not None
    if plotted:
        plot(results, out_dir / "scaling.png")
    if not args.only and update_readme(rows, results["meta"]):
        log("updated the Performance table in README.md")
    log(f"wrote {out_dir / 'latest.json'}" + (f" and {out_dir / 'scaling.png'}" if plotted else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
