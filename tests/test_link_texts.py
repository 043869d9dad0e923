"""One Microsoft Learn page, one link text: across all pages of one language, every Markdown link to the
same Learn page (and the same section of it) carries the same text.

Links are compared by page: locale, query (apart from `view`, which picks another version of the
page) and a trailing slash are dropped, and the path is compared without regard to case, as Learn
serves it. A fragment names a section, and a link to a section may carry the section's name, so a
link with a fragment is compared with the other links to that same section only.
Links inside fenced code blocks and code spans are not links and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from conftest import ROOT

from hooks.core.mdscan import fenced_lines

LEARN_HOST = "learn.microsoft.com"
LOCALE_RE = re.compile(r"^/[a-z]{2}-[a-z]{2}(?=/)", re.I)
CODE_SPAN_RE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
# [text](url "title"): link text may hold one level of brackets; images (![alt](...)) are not links.
LINK_RE = re.compile(
    r"(?<![!\\])\[((?:[^\[\]\\]|\\.|\[[^\[\]]*\])+)\]\(\s*<?(https?://[^\s)>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
KEPT_QUERY = {"view"}


@dataclass(frozen=True)
class LearnLink:
    path: str  # "docs/concepts/compute.md", relative to the site root
    line: int
    text: str
    url: str


def learn_key(url: str) -> tuple[str, str] | None:
    """(page, fragment) a Learn URL points to, the same for every locale; None for other hosts."""
    parts = urlsplit(url)
    if parts.hostname is None or parts.hostname.lower() != LEARN_HOST:
        return None
    page = LOCALE_RE.sub("", parts.path).rstrip("/").lower()
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if k in KEPT_QUERY))
    return (page + (f"?{query}" if query else ""), parts.fragment.lower())


def learn_links(path: Path, *, root: Path = ROOT) -> list[LearnLink]:
    """Every Markdown link to Learn in one page, outside fenced code and code spans."""
    lines = path.read_text(encoding="utf-8").splitlines()
    name = path.relative_to(root).as_posix()
    links = []
    for number, (line, fenced) in enumerate(zip(lines, fenced_lines(lines)), start=1):
        if fenced:
            continue
        # Code spans are blanked out to find the links; the text of a link is then read from the line itself.
        masked = CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)
        for match in LINK_RE.finditer(masked):
            if learn_key(match.group(2)) is not None:
                text = line[match.start(1) : match.end(1)]
                links.append(LearnLink(name, number, " ".join(text.split()), match.group(2)))
    return links


def text_conflicts(links: list[LearnLink]) -> list[str]:
    """One sentence per link whose text differs from the first text used for the same Learn page."""
    first: dict[tuple[str, str], LearnLink] = {}
    problems = []
    for link in links:
        key = learn_key(link.url)
        assert key is not None
        seen = first.setdefault(key, link)
        if seen.text != link.text:
            problems.append(
                f"{link.path}:{link.line}: link text '{link.text}' for '{link.url}' differs from "
                f"'{seen.text}' at {seen.path}:{seen.line}; give one Learn page one link text."
            )
    return problems


def pages(english: bool, docs: Path = ROOT / "docs") -> list[Path]:
    return sorted(p for p in docs.rglob("*.md") if p.name.endswith(".en.md") == english)


@pytest.mark.parametrize("english", [False, True], ids=["ja", "en"])
def test_one_learn_page_has_one_link_text_per_language(english):
    links = [link for page in pages(english) for link in learn_links(page)]
    assert len(links) > 50
    problems = text_conflicts(links)
    assert not problems, "\n".join(problems)


def _site(tmp_path: Path, files: dict[str, str]) -> list[LearnLink]:
    for name, text in files.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    return [link for page in pages(False, tmp_path / "docs") for link in learn_links(page, root=tmp_path)]


def test_two_texts_for_one_page_fail_naming_file_and_line(tmp_path):
    links = _site(
        tmp_path,
        {
            "a.md": "# A\n\n[SDK v1 から v2 への移行](https://learn.microsoft.com/ja-jp/azure/machine-learning/how-to-migrate-from-v1)\n",
            "b.md": "# B\n\n本文。\n\n詳しくは [v1 から v2 へのアップグレード](https://learn.microsoft.com/en-us/azure/machine-learning/How-To-Migrate-From-v1/?tabs=python) を参照。\n",
        },
    )
    assert text_conflicts(links) == [
        "docs/b.md:5: link text 'v1 から v2 へのアップグレード' for "
        "'https://learn.microsoft.com/en-us/azure/machine-learning/How-To-Migrate-From-v1/?tabs=python' differs from "
        "'SDK v1 から v2 への移行' at docs/a.md:3; give one Learn page one link text."
    ]


def test_a_section_link_is_compared_with_links_to_the_same_section(tmp_path):
    base = "https://learn.microsoft.com/ja-jp/azure/machine-learning/concept-endpoints"
    links = _site(
        tmp_path,
        {
            "a.md": f"[エンドポイント]({base}) と [オンライン エンドポイント]({base}#online-endpoints)、"
            f"[オンライン エンドポイント]({base}#online-endpoints)\n"
            f"[エンドポイントとは]({base}#batch-endpoints) [バッチ]({base}#batch-endpoints)\n"
        },
    )
    assert [p.split(":")[1] for p in text_conflicts(links)] == ["2"]


def test_another_view_of_a_page_is_another_page(tmp_path):
    base = "https://learn.microsoft.com/ja-jp/python/api/overview/azure/ml/"
    links = _site(tmp_path, {"a.md": f"[SDK v2]({base}?view=azure-python) [SDK v1]({base}?view=azure-ml-py)\n"})
    assert text_conflicts(links) == []


def test_code_images_and_other_hosts_are_not_learn_links(tmp_path):
    url = "https://learn.microsoft.com/ja-jp/azure/machine-learning/concept-workspace"
    links = _site(
        tmp_path,
        {
            "a.md": f"[ワークスペース]({url})\n\n`[別名]({url})` ![図]({url})\n\n```md\n[別名]({url})\n```\n"
            "[ワークスペース](https://example.com/concept-workspace)\n"
        },
    )
    assert [(link.line, link.text) for link in links] == [(1, "ワークスペース")]
    assert text_conflicts(links) == []


def test_link_text_with_brackets_and_markup_is_read_whole(tmp_path):
    url = "https://learn.microsoft.com/en-us/cli/azure/ml/job"
    links = _site(tmp_path, {"a.md": f'- [`az ml job` [reference]]({url} "title")\n'})
    assert [link.text for link in links] == ["`az ml job` [reference]"]
