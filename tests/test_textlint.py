"""The terminology dictionary and Japanese style rules, run by textlint (npm) as `make lint-text` does.

Every page in docs/ passes; a page that uses a term the dictionary replaces fails, naming file, line and
the term to use.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"


def _textlint(files: list[Path], *, config: str = ".textlintrc.json") -> subprocess.CompletedProcess:
    if not TEXTLINT.exists():
        pytest.fail("node_modules/.bin/textlint is missing: run `npm ci` (make test does)")
    return subprocess.run([str(TEXTLINT), "--config", str(ROOT / config), "--format", "unix", *map(str, files)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def _pages(english: bool) -> list[Path]:
    return sorted(p for p in (ROOT / "docs").rglob("*.md") if p.name.endswith(".en.md") == english)


@pytest.mark.parametrize("english, config", [(False, ".textlintrc.json"), (True, ".textlintrc.en.json")])
def test_every_page_passes_textlint(english, config):
    pages = _pages(english)
    assert len(pages) >= 18
    result = _textlint(pages, config=config)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("text, expected", [
    ("ジョブはコンピューティング先で実行されます。\n", "コンピューティング先 => コンピューティング ターゲット"),
    ("登録したデータ資産を使います。\n", "データ資産 => データ アセット"),
    ("データソースに接続します。\n", "データソース => データ ソース"),
    ("推論用のコンテナを作ります。\n", "コンテナ => コンテナー"),
    ("Azure ML のワークスペースです。\n", "Azure ML => Azure Machine Learning"),
    ("コマンドラインから実行します。\n", "コマンドライン => コマンド ライン"),
])
def test_a_term_the_dictionary_replaces_fails_naming_file_and_line(tmp_path, text, expected):
    page = tmp_path / "page.md"
    page.write_text("# 見出し\n\n" + text, encoding="utf-8")
    result = _textlint([page])
    assert result.returncode == 1
    assert f"{page}:3:" in result.stdout and expected in result.stdout, result.stdout


def test_words_in_code_are_not_checked(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# 見出し\n\n`コンテナ` の名前を指定します。\n\n```\nAzure ML\n```\n", encoding="utf-8")
    result = _textlint([page])
    assert result.returncode == 0, result.stdout


def test_the_english_dictionary_applies_to_english_pages(tmp_path):
    page = tmp_path / "page.en.md"
    page.write_text("# Heading\n\nOpen Azure ML studio.\n", encoding="utf-8")
    result = _textlint([page], config=".textlintrc.en.json")
    assert result.returncode == 1 and f"{page}:3:" in result.stdout and "Azure Machine Learning" in result.stdout


def test_make_lint_text_runs_the_same_checks():
    if shutil.which("make") is None:
        pytest.skip("make is missing")
    dry = subprocess.run(["make", "-n", "lint-text"], cwd=ROOT, capture_output=True, text=True)
    assert ".textlintrc.json" in dry.stdout and ".textlintrc.en.json" in dry.stdout
