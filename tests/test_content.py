"""Content tests: every seed section has a home in both languages, ja/en source parity, and the real site.

The seed-to-page map (tests/seed_sections.yml) is written by hand from the seed; the parity checks read the
Markdown sources under docs/; the site checks use the strict build of the real site (fixture ``real_site``).
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from conftest import ROOT, mkdocs_build

DOCS = ROOT / "docs"
SEED_SECTIONS = yaml.safe_load((Path(__file__).parent / "seed_sections.yml").read_text(encoding="utf-8"))
SEED_DOC = Path(
    os.environ.get("SEED_DOC", ROOT.parent / "shared" / "seed" / "azure-ml-intro-l100.ja.md")
)  # shared/ lies beside the clone
SEED_HEADINGS = Path(__file__).parent / "data" / "seed-headings.txt"  # the seed's headings, committed

FENCE = re.compile(r"^(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
HEADING_ID = re.compile(r"\{\s*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
CODE_SPAN = re.compile(r"`[^`\n]*`")
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")

MICROSOFT_HOSTS = {"learn.microsoft.com", "azure.microsoft.com"}
# Japanese pages of other sites and the host of their English counterpart (the path may differ).
LOCALIZED_HOSTS = {"docs.docker.jp": "docs.docker.com", "ja.wikipedia.org": "en.wikipedia.org"}
LOCALIZED_PREFIXES = {"https://kubernetes.io/ja/": "https://kubernetes.io/"}


# ---------------------------------------------------------------------------------------------------------
# Markdown source helpers (plain functions, unit-tested below)


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) for every line outside fenced code blocks, with inline code spans removed."""
    out, fence = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        m = FENCE.match(stripped)
        if fence:
            if m and stripped.startswith(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        out.append((number, CODE_SPAN.sub("", line)))
    return out


def headings(text: str) -> list[tuple[int, str, str | None]]:
    """(line, heading text, explicit id or None) for every ATX heading outside code."""
    found = []
    for number, line in prose_lines(text):
        m = HEADING.match(line)
        if m:
            idm = HEADING_ID.search(m.group(2))
            found.append((number, m.group(2), idm.group(1) if idm else None))
    return found


def images(text: str) -> list[str]:
    return [m.group(1) for _, line in prose_lines(text) for m in IMAGE.finditer(line)]


def links(text: str) -> list[str]:
    """Link targets (not images) in document order, including <https://...> autolinks."""
    out = []
    for _, line in prose_lines(text):
        hits = [(m.start(), m.group(1)) for m in LINK.finditer(line)]
        hits += [(m.start(), m.group(1)) for m in AUTOLINK.finditer(line)]
        out += [target for _, target in sorted(hits)]
    return out


def is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme)


def en_equivalent(url: str) -> str:
    """The URL an English page should use where the Japanese page uses ``url`` (Microsoft: ja-jp -> en-us)."""
    parts = urlsplit(url)
    if parts.hostname in MICROSOFT_HOSTS:
        return url.replace("/ja-jp/", "/en-us/", 1)
    for ja_prefix, en_prefix in LOCALIZED_PREFIXES.items():
        if url.startswith(ja_prefix):
            return en_prefix + url[len(ja_prefix) :]
    return url


def link_matches(ja: str, en: str) -> bool:
    """Whether ``en`` is an acceptable English counterpart of the Japanese page's link ``ja``."""
    if en == en_equivalent(ja):
        return True
    ja_host = urlsplit(ja).hostname
    # another site's Japanese page may be replaced by the English page of the same topic on its English host
    return ja_host in LOCALIZED_HOSTS and urlsplit(en).hostname == LOCALIZED_HOSTS[ja_host]


def link_problems(ja_links: list[str], en_links: list[str]) -> list[str]:
    """Pair every ja link with an English counterpart (order may differ: word order does); report the rest."""
    problems, remaining = [], list(en_links)
    for ja in ja_links:
        match = next((en for en in remaining if link_matches(ja, en)), None)
        if match is None:
            problems.append(f"ja link {ja!r} has no en counterpart {en_equivalent(ja)!r}")
        else:
            remaining.remove(match)
    problems += [f"en link {en!r} has no ja counterpart" for en in remaining]
    return problems


def source_pairs() -> list[tuple[Path, Path]]:
    ja = sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".en.md"))
    return [(p, p.with_name(p.name[:-3] + ".en.md")) for p in ja]


def page_url(page: str, lang: str) -> str:
    """Site URL path of a docs page with use_directory_urls: 'concepts/index.md' -> '/concepts/'."""
    stem = page[:-3]
    path = "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/")
    return ("/" if lang == "ja" else "/en/") + path


def page_html(site_dir: Path, page: str, lang: str) -> Path:
    return site_dir / page_url(page, lang).lstrip("/") / "index.html"


class _NavLinks(HTMLParser):
    """Collects href of every <a class="md-nav__link ..."> (Material's navigation)."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "md-nav__link" in (a.get("class") or "").split() and a.get("href") is not None:
            self.hrefs.append(a["href"])


def nav_urls(html: str, page_url_path: str) -> set[str]:
    parser = _NavLinks()
    parser.feed(html)
    base = "http://site" + page_url_path
    return {urlsplit(urljoin(base, h)).path for h in parser.hrefs if not is_external(h)}


def html_ids(html: str) -> set[str]:
    return set(re.findall(r"""\bid=["']?([^"'\s>]+)""", html))


# ---------------------------------------------------------------------------------------------------------
# Unit tests of the helpers (bad input included)


def test_headings_ignore_code_and_report_missing_ids():
    text = "# Title { #title }\n\n```bash\n# not a heading\n```\n\n## No id\n### `code` { #c }\n"
    assert headings(text) == [(1, "Title { #title }", "title"), (7, "No id", None), (8, "{ #c }", "c")]


def test_links_and_images_are_separated_and_code_is_skipped():
    text = (
        "![fig](a.svg) [x](b.md#y) `[no](c.md)` <https://e.example/>\n"
        "[[glossary|term]] is not a link\n~~~\n[no](d.md)\n~~~\n"
    )
    assert images(text) == ["a.svg"]
    assert links(text) == ["b.md#y", "https://e.example/"]


def test_en_equivalent_maps_microsoft_and_localized_links():
    assert (
        en_equivalent("https://learn.microsoft.com/ja-jp/azure/x?tabs=a#b")
        == "https://learn.microsoft.com/en-us/azure/x?tabs=a#b"
    )
    assert (
        en_equivalent("https://azure.microsoft.com/ja-jp/products/x/")
        == "https://azure.microsoft.com/en-us/products/x/"
    )
    assert en_equivalent("https://kubernetes.io/ja/docs/a/") == "https://kubernetes.io/docs/a/"
    assert en_equivalent("https://example.com/ja-jp/") == "https://example.com/ja-jp/"
    assert link_matches("https://ja.wikipedia.org/wiki/A", "https://en.wikipedia.org/wiki/B")
    assert not link_matches("https://learn.microsoft.com/ja-jp/a", "https://learn.microsoft.com/ja-jp/a")
    assert not link_matches("x.md#a", "x.md#b")


def test_link_problems_pairs_links_in_any_order():
    assert (
        link_problems(["a.md", "https://learn.microsoft.com/ja-jp/z"], ["https://learn.microsoft.com/en-us/z", "a.md"])
        == []
    )
    assert link_problems(["a.md", "https://learn.microsoft.com/ja-jp/z"], ["a.md"]) == [
        "ja link 'https://learn.microsoft.com/ja-jp/z' has no en counterpart 'https://learn.microsoft.com/en-us/z'"
    ]
    assert link_problems(["a.md"], ["a.md", "b.md"]) == ["en link 'b.md' has no ja counterpart"]


def test_page_url_and_nav_urls():
    assert page_url("index.md", "ja") == "/"
    assert page_url("concepts/index.md", "en") == "/en/concepts/"
    assert page_url("setup/cli.md", "ja") == "/setup/cli/"
    html = (
        '<a href="concepts/workspace/" class="md-nav__link">W</a><a class="md-nav__link" href="..">U</a>'
        '<a href="other/" class="md-header__button">X</a>'
    )
    assert nav_urls(html, "/en/setup/") == {"/en/setup/concepts/workspace/", "/en/"}


# ---------------------------------------------------------------------------------------------------------
# Seed coverage


def committed_seed_headings() -> tuple[list[str], str]:
    """(the seed's headings, the sha256 of the seed they were read from) from tests/data/seed-headings.txt."""
    lines = SEED_HEADINGS.read_text(encoding="utf-8").splitlines()
    digest = re.search(r"sha256 of the seed: ([0-9a-f]{64})", "\n".join(lines))
    assert digest, f"{SEED_HEADINGS.relative_to(ROOT)} names no sha256 of the seed"
    return [line for line in lines if line and not line.startswith("#")], digest.group(1)


def test_seed_map_lists_every_seed_heading():
    seed, _ = committed_seed_headings()
    assert [s["seed"] for s in SEED_SECTIONS] == seed


def test_committed_seed_headings_match_the_seed_document():
    """When the seed itself is at hand (beside the clone, or SEED_DOC), the committed list is its headings."""
    import hashlib

    if not SEED_DOC.exists():
        pytest.skip(f"seed document {SEED_DOC} is not available; tests/data/seed-headings.txt stands in for it")
    data = SEED_DOC.read_bytes()
    seed, digest = committed_seed_headings()
    assert [text for _, text, _ in headings(data.decode("utf-8"))] == seed
    assert hashlib.sha256(data).hexdigest() == digest, "the seed changed: regenerate tests/data/seed-headings.txt"


@pytest.mark.parametrize("section", SEED_SECTIONS, ids=lambda s: f"{s['page']}#{s['id']}")
def test_seed_section_has_ja_and_en_source(section):
    for path in source_pairs_for(section["page"]):
        assert path.exists(), f"{path.relative_to(ROOT)} is missing (seed section {section['seed']!r})"
        ids = [i for _, _, i in headings(path.read_text(encoding="utf-8"))]
        assert section["id"] in ids, f"{path.relative_to(ROOT)} has no heading id {section['id']!r}"


def source_pairs_for(page: str) -> tuple[Path, Path]:
    ja = DOCS / page
    return ja, ja.with_name(ja.name[:-3] + ".en.md")


@pytest.mark.slow
@pytest.mark.parametrize("section", SEED_SECTIONS, ids=lambda s: f"{s['page']}#{s['id']}")
def test_seed_section_is_built_and_in_nav(real_site, section):
    for lang in ("ja", "en"):
        html_path = page_html(real_site.site_dir, section["page"], lang)
        assert html_path.exists(), f"{html_path} was not built"
        assert section["id"] in html_ids(html_path.read_text(encoding="utf-8")), (
            f"{html_path} has no element with id {section['id']!r}"
        )
        home = page_url("index.md", lang)
        nav = nav_urls(page_html(real_site.site_dir, "index.md", lang).read_text(encoding="utf-8"), home)
        assert page_url(section["page"], lang) in nav, f"{section['page']} ({lang}) is not linked from the nav"


# ---------------------------------------------------------------------------------------------------------
# ja/en parity of the sources


def test_every_page_exists_in_both_languages():
    ja_pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if not p.name.endswith(".en.md")}
    en_pages = {p.relative_to(DOCS).as_posix()[:-6] + ".md" for p in DOCS.rglob("*.en.md")}
    assert ja_pages, "no pages found under docs/"
    assert sorted(ja_pages - en_pages) == [], "pages without an .en.md translation"
    assert sorted(en_pages - ja_pages) == [], ".en.md translations without a Japanese page"


PAIRS = [pair for pair in source_pairs() if pair[1].exists()]


@pytest.mark.parametrize("ja,en", PAIRS, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_headings_have_ids_and_match(ja, en):
    ja_h, en_h = headings(ja.read_text(encoding="utf-8")), headings(en.read_text(encoding="utf-8"))
    for path, found in ((ja, ja_h), (en, en_h)):
        missing = [f"{path.relative_to(ROOT)}:{n}: {t!r}" for n, t, i in found if i is None]
        assert missing == [], "headings without an explicit { #id }"
        ids = [i for _, _, i in found]
        assert len(ids) == len(set(ids)), f"{path.relative_to(ROOT)} repeats a heading id"
    assert [i for _, _, i in ja_h] == [i for _, _, i in en_h]


@pytest.mark.parametrize("ja,en", PAIRS, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_figures_match(ja, en):
    assert images(ja.read_text(encoding="utf-8")) == images(en.read_text(encoding="utf-8"))


@pytest.mark.parametrize("ja,en", PAIRS, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_links_match(ja, en):
    ja_links, en_links = links(ja.read_text(encoding="utf-8")), links(en.read_text(encoding="utf-8"))
    internal = lambda ls: {u for u in ls if not is_external(u) and u.split("#")[0].endswith(".md")}  # noqa: E731
    assert internal(ja_links) == internal(en_links)
    assert link_problems(ja_links, en_links) == []
    assert [u for u in en_links if "/ja-jp/" in u] == [], f"{en.relative_to(ROOT)} links to ja-jp pages"


def test_python_versions_marker_is_in_place():
    marker = "<!-- python-versions: azure-ai-ml azureml-core azureml-train-automl-client -->"
    for path in source_pairs_for("setup/python.md"):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert marker in lines, f"{path.relative_to(ROOT)} lacks the python-versions marker on its own line"
        section = [h for n, h, i in headings("\n".join(lines[: lines.index(marker)])) if i]
        assert HEADING_ID.search(section[-1]).group(1) == "python-versions"


# ---------------------------------------------------------------------------------------------------------
# Builds


@pytest.mark.slow
def test_real_site_builds_without_warnings(real_site):
    assert real_site.warnings == []


@pytest.mark.slow
def test_broken_links_fail_a_strict_build(tmp_path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        "site_name: t\nuse_directory_urls: true\n"
        "validation: {unrecognized_links: warn, anchors: warn, omitted_files: warn}\n"
        "markdown_extensions: [attr_list, toc]\nnav: [index.md, broken.md]\n",
        encoding="utf-8",
    )
    (project / "docs" / "index.md").write_text("# Home { #home }\n", encoding="utf-8")
    (project / "docs" / "broken.md").write_text(
        "# Broken { #broken }\n\nSee [missing](missing.md) and [anchor](index.md#nope).\n", encoding="utf-8"
    )
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert any("broken.md" in w and "missing.md" in w for w in build.warnings), build.log
    assert any("broken.md" in w and "nope" in w for w in build.warnings), build.log
    # the same project without the broken links builds cleanly, so the failure above is caused by them
    (project / "docs" / "broken.md").write_text(
        "# Broken { #broken }\n\nSee [home](index.md#home).\n", encoding="utf-8"
    )
    fixed = mkdocs_build(project, tmp_path / "site2")
    assert fixed.returncode == 0, fixed.log
    assert fixed.warnings == []
