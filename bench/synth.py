"""Synthetic bilingual site for the benchmarks: the real site's config, theme and hooks, generated pages.

``make_project(dest, pages_per_lang, defects=False)`` writes a project that builds like the real one
(same mkdocs.yml except ``nav:``, same hooks, data, overrides and assets) with ``pages_per_lang``
pages in each language: a home page, a glossary page (``<!-- glossary -->``), ``SECTIONS`` section
index pages and content pages. Content pages look like the real ones: explicit heading ids, links
with anchors to other pages (same and other sections), glossary term links ``[[id]]``, figures,
tables, code, admonitions, official-doc links, and a ``python-versions`` marker on every fifth page.

The nav has a fixed size (home, section indexes, glossary); content pages are ``not_in_nav`` and
reached from their section index. Material renders the whole nav into every page, so a nav that
grew with the site would make the theme's work quadratic and hide the scaling of our hooks.

The tree is not a git checkout, so the revision-date plugin is switched off in its config (on both
sides of a with/without pair): its fallback would write the build's clock time into every page, and no
two builds would render the same page. The real-site benchmarks copy the project into a checkout.

With ``defects=True`` the pages also carry :data:`DEFECTS`, each with a unique token, so a checker's
output can be matched against what was planted.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = 8
ANCHORS = ("overview", "details", "steps", "usage")
FIGURES = sorted(
    p.name[:-4] for p in (ROOT / "docs" / "assets" / "figures").glob("*.svg") if not p.name.endswith(".en.svg")
)

JA_WORDS = (
    "データ",
    "モデル",
    "学習",
    "推論",
    "設定",
    "環境",
    "実行",
    "登録",
    "管理",
    "監視",
    "構成",
    "共有",
    "バージョン",
    "パイプライン",
    "ジョブ",
    "リソース",
    "アクセス",
    "ログ",
    "メトリック",
    "デプロイ",
)
EN_WORDS = (
    "data",
    "model",
    "training",
    "inference",
    "settings",
    "environment",
    "run",
    "register",
    "manage",
    "monitor",
    "configure",
    "share",
    "version",
    "pipeline",
    "job",
    "resource",
    "access",
    "log",
    "metric",
    "deploy",
)


@dataclass(frozen=True)
class Defect:
    """A broken link planted in a page; ``tokens`` identify it in a checker's output."""

    id: str
    lang: str  # the language whose page carries it
    page: int  # content page number
    markdown: str  # what is appended to the page (relative to docs/sNN/pNNNN.md, built at sNN/pNNNN/)
    what: str
    tokens: tuple[str, ...]


PEER_SITE_URL = "https://example.github.io/azure-ml-intro/"  # site_url the synthetic trees are built with

# Each defect's Markdown is a template: {md3} is the Markdown path of content page 3 from the carrying
# page, {url6} the built URL of page 6 from the carrying page's built folder (same language), {root} the
# path from that folder up to the site root (ja) and {site} the published site URL.
DEFECTS: tuple[Defect, ...] = (
    Defect(
        "missing-page",
        "ja",
        1,
        "[欠落ページ](p9901-planted.md)",
        "Markdown link to a page that does not exist",
        ("p9901-planted",),
    ),
    Defect(
        "missing-anchor",
        "ja",
        2,
        "[欠落アンカー]({md3}#planted-anchor-2)",
        "Markdown link to an existing page, anchor missing",
        ("planted-anchor-2",),
    ),
    Defect(
        "missing-image",
        "ja",
        3,
        "![欠落画像](../assets/figures/planted-missing-3.svg)",
        "Markdown image that does not exist",
        ("planted-missing-3",),
    ),
    Defect(
        "raw-html-anchor",
        "ja",
        4,
        '<a href="{url5}#planted-raw-4">raw HTML</a>',
        "raw-HTML link, anchor missing",
        ("planted-raw-4",),
    ),
    Defect(
        "other-language-anchor",
        "ja",
        5,
        "[English]({root}en/{path6}/#planted-lang-5)",
        "link into the other language's build, anchor missing",
        ("planted-lang-5",),
    ),
    Defect(
        "anchor-case",
        "ja",
        6,
        "[大文字]({md7}#Details)",
        "anchor differs only in case from an existing one ('details')",
        ("#Details",),
    ),
    Defect(
        "encoded-ja-anchor",
        "ja",
        7,
        "[日本語アンカー]({md8}#%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84)",
        "percent-encoded Japanese anchor that no heading has",
        ("%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84", "存在しない"),
    ),
    Defect(
        "glossary-anchor",
        "ja",
        8,
        "[用語](../glossary.md#planted-term-8)",
        "link to a glossary entry that does not exist",
        ("planted-term-8",),
    ),
    Defect(
        "en-missing-anchor",
        "en",
        9,
        "[missing]({md10}#planted-en-9)",
        "English page: link to an existing page, anchor missing",
        ("planted-en-9",),
    ),
    Defect(
        "raw-html-image",
        "en",
        10,
        '<img src="{root}../assets/figures/planted-raw-10.svg" alt="raw">',
        "raw-HTML image that does not exist",
        ("planted-raw-10",),
    ),
    Defect(
        "own-site-absolute",
        "ja",
        11,
        "[公開サイト]({site}s00/p9911-planted/)",
        "absolute link to a page of our own published site (site_url) that does not exist",
        ("p9911-planted",),
    ),
)


class _DefectLinks(dict):
    """format_map() values for a defect template on content page ``page``."""

    def __init__(self, page: int, n_content: int):
        super().__init__(root="../../", site=PEER_SITE_URL)
        self.n_content = n_content

    def __missing__(self, key: str) -> str:
        kind, number = re.fullmatch(r"(md|url|path)(\d+)", key).groups()
        path = _page_path(int(number), self.n_content)[1]
        return {"md": f"../{path}.md", "url": f"../../{path}/", "path": path}[kind]


def _sections(config_text: str) -> list[tuple[str | None, str]]:
    """The config split into top-level blocks: (key or None for comments/blank lines, text)."""
    blocks: list[tuple[str | None, str]] = []
    for line in config_text.splitlines(keepends=True):
        match = re.match(r"([A-Za-z_][\w-]*):", line)
        if match:
            blocks.append((match.group(1), line))
        elif blocks and blocks[-1][0] is not None and (line.startswith((" ", "\t", "#")) or not line.strip()):
            key, text = blocks[-1]
            blocks[-1] = (key, text + line)
        else:
            blocks.append((None, line))
    return blocks


def derive_config(
    config_text: str, *, nav: str | None = None, hooks: bool = True, extra_plugins: str = "", extra: str = ""
) -> str:
    """The real mkdocs.yml with ``nav:`` replaced, and optionally without ``hooks:`` or with more plugins."""
    out = []
    for key, text in _sections(config_text):
        if key == "nav" and nav is not None:
            text = nav
        elif key == "hooks" and not hooks:
            continue
        elif key == "plugins" and extra_plugins:
            text = text.rstrip("\n") + "\n" + extra_plugins.rstrip("\n") + "\n\n"
        out.append(text)
    result = "".join(out)
    if nav is not None and not any(key == "nav" for key, _ in _sections(config_text)):
        result += nav
    return result + extra


def without_build_dates(config_text: str) -> str:
    """The config with the git-revision-date-localized plugin given ``enabled: false``."""
    out, found = re.subn(
        r"(?m)^([ \t]*)- git-revision-date-localized:[ \t]*\n",
        lambda m: f"{m.group(0)}{m.group(1)}    enabled: false\n",
        config_text,
        count=1,
    )
    if not found and "git-revision-date-localized" in config_text:
        raise ValueError("mkdocs.yml names git-revision-date-localized without options; cannot switch it off.")
    return out


def _page_path(i: int, n_content: int) -> tuple[int, str]:
    section = i * SECTIONS // n_content
    return section, f"s{section:02d}/p{i:04d}"


def _words(rng: random.Random, lang: str, k: int) -> str:
    words = rng.choices(JA_WORDS if lang == "ja" else EN_WORDS, k=k)
    return (
        ("の".join(words[:2]) + "を" + "し、".join(words[2:]) + "します。")
        if lang == "ja"
        else (" ".join(words).capitalize() + ".")
    )


def _paragraph(rng: random.Random, lang: str, sentences: int) -> str:
    return ("" if lang == "ja" else " ").join(_words(rng, lang, 5) for _ in range(sentences))


def content_page(i: int, n_content: int, lang: str, terms: list[str], defects: bool) -> str:
    rng = random.Random(i)  # same choices in both languages: the pages are translations of each other
    section, _path = _page_path(i, n_content)
    ja = lang == "ja"
    learn = "https://learn.microsoft.com/" + ("ja-jp" if ja else "en-us") + "/azure/machine-learning/"
    t = [terms[(i * 4 + k) % len(terms)] for k in range(4)]  # every term on some page

    def link(text: str) -> str:
        j = rng.randrange(n_content)
        s, p = _page_path(j, n_content)
        target = f"p{j:04d}.md" if s == section else f"../{p}.md"
        return f"[{text}]({target}#{rng.choice(ANCHORS)})"

    fig = FIGURES[i % len(FIGURES)]
    title = f"トピック {i}" if ja else f"Topic {i}"
    lines = [
        f"# {title} {{ #topic-{i} }}",
        "",
        (
            f"この ページでは [[{t[0]}]]と[[{t[1]}|{t[1]} の扱い]]について説明します。"
            if ja
            else f"This page explains [[{t[0]}]] and [[{t[1]}|how {t[1]} is handled]]."
        )
        + " "
        + _paragraph(rng, lang, 3),
        "",
        f"![{'図' if ja else 'Figure'} {i}: {fig}](../assets/figures/{fig}.svg)",
        "",
        f"## {'概要' if ja else 'Overview'} {{ #overview }}",
        "",
        _paragraph(rng, lang, 4) + " " + link("関連" if ja else "related") + " / " + link("参考" if ja else "see also"),
        "",
        (
            f"詳しくは [公式ドキュメント]({learn}concept-{fig}) と [用語集](../glossary.md#{t[2]}) を参照してください。"
            if ja
            else f"See the [official documentation]({learn}concept-{fig}) and the [glossary](../glossary.md#{t[2]})."
        ),
        "",
        f"## {'詳細' if ja else 'Details'} {{ #details }}",
        "",
        _paragraph(rng, lang, 3) + f" [[{t[3]}]]",
        "",
        f"| {'項目' if ja else 'Item'} | {'説明' if ja else 'Description'} | {'既定値' if ja else 'Default'} |",
        "| --- | --- | --- |",
        *[f"| `{rng.choice(EN_WORDS)}_{k}` | {_words(rng, lang, 4)} | {rng.randrange(100)} |" for k in range(4)],
        "",
        f"### {'手順' if ja else 'Steps'} {{ #steps }}",
        "",
        *[
            f"{k}. {_words(rng, lang, 4)} {link('手順' if ja else 'step') if k == 2 else ''}".rstrip()
            for k in (1, 2, 3)
        ],
        "",
        "```python",
        "from azure.ai.ml import MLClient",
        f'job = ml_client.jobs.get("topic-{i}")  # {"ジョブを取得します" if ja else "get the job"}',
        "print(job.status)",
        "```",
        "",
        f"## {'使い方' if ja else 'Usage'} {{ #usage }}",
        "",
        f'!!! note "{"メモ" if ja else "Note"}"',
        "",
        f"    {_paragraph(rng, lang, 2)}",
        "",
        _paragraph(rng, lang, 3) + " " + link("次へ" if ja else "next"),
        "",
    ]
    if i % 5 == 0:
        lines += [
            f"## {'サポートされる Python のバージョン' if ja else 'Supported Python versions'} {{ #python-versions }}",
            "",
            "<!-- python-versions: azure-ai-ml -->",
            "",
        ]
    if defects:
        planted = [d for d in DEFECTS if d.page == i and d.lang == lang]
        if planted:
            lines += [f"## {'その他' if ja else 'More'} {{ #more }}", ""]
            lines += [d.markdown.format_map(_DefectLinks(i, n_content)) + "\n" for d in planted]
    return "\n".join(lines)


def make_project(
    dest: Path, pages_per_lang: int, *, defects: bool = False, hooks: bool = True, extra_plugins: str = ""
) -> Path:
    """Write the synthetic project into ``dest`` (created, must not exist); return ``dest``."""
    n_content = pages_per_lang - SECTIONS - 2  # minus home and glossary
    if n_content < 2 * SECTIONS:
        raise ValueError(f"pages_per_lang {pages_per_lang} is too small; use at least {3 * SECTIONS + 2}.")
    dest.mkdir(parents=True)
    for name in ("hooks", "data", "overrides", "examples"):  # examples: the sample zips of extra.samples
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    docs = dest / "docs"
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    if (ROOT / "node_modules").is_dir():  # the offline bundle copies files from it
        (dest / "node_modules").symlink_to(ROOT / "node_modules")
    terms = list(yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8")))
    for lang, suffix in (("ja", ".md"), ("en", ".en.md")):
        ja = lang == "ja"
        home = [
            f"# {'合成サイト' if ja else 'Synthetic site'} {{ #introduction }}",
            "",
            "ベンチマーク用のページです。" if ja else "Pages for the benchmarks.",
            "",
        ]
        home += [f"- [{'セクション' if ja else 'Section'} {s}](s{s:02d}/index.md)" for s in range(SECTIONS)]
        (docs / f"index{suffix}").write_text("\n".join(home) + "\n", encoding="utf-8")
        (docs / f"glossary{suffix}").write_text(
            f"# {'用語集' if ja else 'Glossary'} {{ #glossary }}\n\n<!-- glossary -->\n", encoding="utf-8"
        )
        by_section: dict[int, list[int]] = {}
        for i in range(n_content):
            section, path = _page_path(i, n_content)
            by_section.setdefault(section, []).append(i)
            file = docs / f"{path}{suffix}"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(content_page(i, n_content, lang, terms, defects), encoding="utf-8")
        for section, pages in by_section.items():
            lines = [f"# {'セクション' if ja else 'Section'} {section} {{ #section-{section} }}", ""]
            lines += [f"- [{'トピック' if ja else 'Topic'} {i}](p{i:04d}.md#topic-{i})" for i in pages]
            (docs / f"s{section:02d}" / f"index{suffix}").write_text("\n".join(lines) + "\n", encoding="utf-8")
    nav = "nav:\n  - はじめに: index.md\n"
    nav += "".join(f"  - セクション {s}: s{s:02d}/index.md\n" for s in range(SECTIONS))
    nav += "  - 用語集: glossary.md\n"
    nav += "not_in_nav: |\n  /s*/p*.md\n"
    config = derive_config(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), nav=nav, hooks=hooks, extra_plugins=extra_plugins
    )
    config = without_build_dates(config)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


if __name__ == "__main__":  # python -m bench.synth DEST PAGES_PER_LANG [--defects]
    import sys

    make_project(Path(sys.argv[1]), int(sys.argv[2]), defects="--defects" in sys.argv)
