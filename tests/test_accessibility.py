"""Accessibility gate: axe-core on every built page of both languages reports no serious or critical violation.

axe-core comes from npm (node_modules/axe-core, installed by `npm ci` from the Makefile) and is injected by
Playwright into each page of the hosted build served on 127.0.0.1 (mounted at site_url's path, as a host
would); each page is checked as a reader first sees it, with the light and with the dark colour scheme
(desktop viewport). Minor and moderate findings are printed but do not fail.
"""

from __future__ import annotations

import http.server
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")


def built_pages(site_dir: Path) -> list[str]:
    """Site-relative URLs of every HTML page of every language (404.html included)."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return sorted(pages)


def describe(page: str, violations: list[dict]) -> str:
    """One readable block per violation: rule, impact, help text, and up to three offending elements."""
    lines = []
    for v in violations:
        lines.append(f"{page or '/'}: [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:3]:
            lines.append(
                f"    {' '.join(node['target']) if isinstance(node['target'][0], str) else node['target']}: "
                f"{node.get('failureSummary', '').splitlines()[-1].strip() if node.get('failureSummary') else ''}"
            )
        if len(v["nodes"]) > 3:
            lines.append(f"    ... and {len(v['nodes']) - 3} more element(s)")
    return "\n".join(lines)


def test_built_pages_lists_every_language(tmp_path):
    for rel in ("index.html", "concepts/compute/index.html", "en/index.html", "en/glossary/index.html", "404.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<html></html>", encoding="utf-8")
    assert built_pages(tmp_path) == ["", "404.html", "concepts/compute/", "en/", "en/glossary/"]


def test_describe_names_rule_page_and_elements():
    violation = {
        "id": "color-contrast",
        "impact": "serious",
        "help": "Elements must meet minimum color contrast",
        "helpUrl": "https://dequeuniversity.com/rules/axe/4.11/color-contrast",
        "nodes": [{"target": [".md-footer a"], "failureSummary": "Fix any of the following:\n  low contrast"}],
    }
    text = describe("en/", [violation])
    assert text.splitlines() == [
        "en/: [serious] color-contrast: Elements must meet minimum color contrast "
        "(https://dequeuniversity.com/rules/axe/4.11/color-contrast)",
        "    .md-footer a: low contrast",
    ]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])  # readers get the dark palette from their OS setting
def test_axe_no_serious_or_critical_violations(real_site, browser, serve_dir, scheme):
    if not AXE.is_file():
        message = f"{AXE.relative_to(ROOT)} is missing: run `npm ci` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    pages = built_pages(real_site.site_dir)
    assert "" in pages and "en/" in pages and len(pages) >= 30, pages
    # Served where site_url puts it (e.g. /azure-ml-intro/), as a host would: 404.html uses root-absolute links.
    index = (real_site.site_dir / "index.html").read_text(encoding="utf-8")
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', index)
    prefix = urlsplit(canonical.group(1)).path if canonical else "/"

    class Mounted(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            inside = path.startswith(prefix)
            return super().translate_path("/" + path[len(prefix) :] if inside else "/.outside-site-url-path")

    base = serve_dir(real_site.site_dir, handler_cls=Mounted).rstrip("/") + prefix
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    failing, minor = [], []
    try:
        page = context.new_page()
        for rel in pages:
            response = page.goto(base + rel, wait_until="load")
            assert response is not None and (response.ok or rel == "404.html"), (
                f"{rel}: HTTP {response and response.status}"
            )
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("""async () => {
                const r = await axe.run(document, {resultTypes: ['violations']});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                  nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))}));
            }""")
            failing += [(rel, v) for v in result if v["impact"] in FAILING_IMPACTS]
            minor += [(rel, v) for v in result if v["impact"] not in FAILING_IMPACTS]
    finally:
        context.close()
    if minor:  # one line per rule: which rule, how many pages, an example
        rules: dict[str, list[str]] = {}
        for p, v in minor:
            rules.setdefault(f"[{v['impact']}] {v['id']}: {v['help']}", []).append(p or "/")
        print(
            "axe-core minor/moderate findings (not failing):\n"
            + "\n".join(f"  {rule} on {len(ps)} page(s), e.g. {ps[0]}" for rule, ps in rules.items())
        )
    assert not failing, (
        f"{scheme} scheme: axe-core found {len(failing)} serious/critical violation(s) on {len({p for p, _ in failing})} "
        f"page(s):\n" + "\n".join(describe(p, [v]) for p, v in failing)
    )
