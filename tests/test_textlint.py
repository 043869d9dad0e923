"""The terminology dictionary and Japanese style rules, run by textlint (npm) as `make lint-text` does.

Every page in docs/ passes; a page that uses a term the dictionary replaces fails, naming file, line and
the term to use.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"


def _textlint(files: list[Path], *, config: str = ".textlintrc.yml") -> subprocess.CompletedProcess:
    if not TEXTLINT.exists():
        pytest.fail("node_modules/.bin/textlint is missing: run `npm ci` (make test does)")
    return subprocess.run(
        [str(TEXTLINT), "--config", str(ROOT / config), "--format", "unix", *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _pages(english: bool) -> list[Path]:
    return sorted(p for p in (ROOT / "docs").rglob("*.md") if p.name.endswith(".en.md") == english)


@pytest.mark.parametrize("english, config", [(False, ".textlintrc.yml"), (True, ".textlintrc.en.yml")])
def test_every_page_passes_textlint(english, config):
    pages = _pages(english)
    assert len(pages) >= 18
    result = _textlint(pages, config=config)
    assert result.returncode == 0, result.stdout + result.stderr


JA_CASES = [
    ("ジョブはコンピューティング先で実行されます。\n", "コンピューティング先 => コンピューティング ターゲット"),
    ("登録したデータ資産を使います。\n", "データ資産 => データ アセット"),
    ("データソースに接続します。\n", "データソース => データ ソース"),
    ("推論用のコンテナを作ります。\n", "コンテナ => コンテナー"),
    ("Azure ML のワークスペースです。\n", "Azure ML => Azure Machine Learning"),
    ("コマンドラインから実行します。\n", "コマンドライン => コマンド ライン"),
    ("Azure ポータルで確認します。\n", "Azure ポータル => Azure portal"),
    ("デプロイメントの選択肢を比べます。\n", "デプロイメント => デプロイ"),
    ("Azure AI Foundry でエージェントを作ります。\n", "Azure AI Foundry => Microsoft Foundry"),
    ("ワークスペースのキー コンテナーに保存します。\n", "キー コンテナー => Azure Key Vault"),
    ("出力をフォルダに書きます。\n", "フォルダ => フォルダー"),
    ("データをリンクされたサービスで参照します。\n", "リンクされたサービス => リンクされたリソース"),
    ("ワークスペースに紐づくストレージです。\n", "紐づく => 関連付けられた"),
    ("Azure BLOB のコンテナーを使います。\n", "Azure BLOB => Azure Blob Storage"),
]
EN_CASES = [
    ("Create an Azure ML workspace.\n", "Azure ML => Azure Machine Learning"),
    ("Open Azure ML studio.\n", "Azure ML studio => Azure Machine Learning studio"),
    ("It creates a key vault.\n", "key vault => Key Vault"),
    ("Register a data store.\n", "data store => datastore"),
    ("Sign in to the Azure Portal.\n", "Azure Portal => Azure portal"),
    ("Build agents in Azure AI Foundry.\n", "Azure AI Foundry => Microsoft Foundry"),
]


@pytest.mark.parametrize(
    "config, suffix, heading, cases",
    [
        (".textlintrc.yml", ".md", "# 見出し", JA_CASES),
        (".textlintrc.en.yml", ".en.md", "# Heading", EN_CASES),
    ],
)
def test_a_term_the_dictionary_replaces_fails_naming_file_and_line(tmp_path, config, suffix, heading, cases):
    pages = []
    for number, (text, _) in enumerate(cases):
        page = tmp_path / f"page{number}{suffix}"
        page.write_text(f"{heading}\n\n{text}", encoding="utf-8")
        pages.append(page)
    result = _textlint(pages, config=config)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    for page, (_, expected) in zip(pages, cases):
        assert any(line.startswith(f"{page}:3:") and expected in line for line in lines), (expected, result.stdout)


def test_words_in_code_are_not_checked(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# 見出し\n\n`コンテナ` の名前を指定します。\n\n```\nAzure ML\n```\n", encoding="utf-8")
    result = _textlint([page])
    assert result.returncode == 0, result.stdout


def test_a_former_name_is_allowed_where_the_page_tells_the_history(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# 見出し\n\nMicrosoft Foundry は、Azure AI Studio から Azure AI Foundry を経て、現在の名前になりました。\n",
        encoding="utf-8",
    )
    result = _textlint([page])
    assert result.returncode == 0, result.stdout


LONG_CLAUSE = "ワークスペースに登録したモデルを、マネージド オンライン エンドポイントのデプロイとして配置します"


def test_a_sentence_over_120_characters_fails(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        f"# 見出し\n\n{LONG_CLAUSE}、そのあとで{LONG_CLAUSE}、最後に{LONG_CLAUSE[:20]}。\n", encoding="utf-8"
    )
    result = _textlint([page])
    assert result.returncode == 1 and f"{page}:3:" in result.stdout and "sentence-length" in result.stdout, (
        result.stdout
    )


@pytest.mark.parametrize(
    "markup",
    [
        "[[managed-online-endpoint|マネージド オンライン エンドポイント]]のデプロイを[[workspace|ワークスペース]]の[[model]]",
        "[リンクの文字列](https://learn.microsoft.com/ja-jp/azure/machine-learning/concept-endpoints-online?tabs=azure-cli#managed-online-endpoints)",
    ],
)
def test_link_urls_and_glossary_ids_do_not_count_toward_sentence_length(tmp_path, markup):
    page = tmp_path / "page.md"
    page.write_text(f"# 見出し\n\n{LONG_CLAUSE[:60]}、{markup}を使います。\n", encoding="utf-8")
    result = _textlint([page])
    assert result.returncode == 0, result.stdout


def test_an_admonition_title_does_not_count_toward_its_first_sentence(tmp_path):
    page = tmp_path / "page.md"
    title = "SDK v1 をお使いの場合のオンライン エンドポイントへの移行について"
    page.write_text(f'# 見出し\n\n!!! note "{title}"\n    {LONG_CLAUSE}、{LONG_CLAUSE[:40]}ます。\n', encoding="utf-8")
    result = _textlint([page])
    assert result.returncode == 0, result.stdout


def test_a_doubled_particle_fails(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# 見出し\n\nバッチ エンドポイントは、大量のデータに対する推論を非同期に実行するために使います。\n",
        encoding="utf-8",
    )
    result = _textlint([page])
    assert result.returncode == 1 and "no-doubled-joshi" in result.stdout, result.stdout


@pytest.mark.parametrize(
    "lang, config, heading", [("ja", ".textlintrc.yml", "# 用語集"), ("en", ".textlintrc.en.yml", "# Glossary")]
)
def test_glossary_terms_and_definitions_pass_textlint(tmp_path, lang, config, heading):
    entries = yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"))
    page = tmp_path / ("glossary.md" if lang == "ja" else "glossary.en.md")
    lines, ids = [heading, ""], {}
    for term_id, entry in entries.items():
        ids[len(lines) + 1] = ids[len(lines) + 3] = term_id
        lines += [f"## {entry[lang]['term']}", "", entry[lang]["definition"], ""]
    page.write_text("\n".join(lines), encoding="utf-8")
    result = _textlint([page], config=config)
    problems = [
        f"data/glossary.yml: term '{ids.get(int(found.split(':')[1]), '?')}' ({lang}): {found.split(': ', 1)[1]}"
        for found in result.stdout.splitlines()
        if found.startswith(f"{page}:")
    ]
    assert result.returncode == 0 and not problems, "\n".join(problems) or result.stdout


def test_make_lint_text_runs_the_same_checks():
    if shutil.which("make") is None:
        pytest.skip("make is missing")
    dry = subprocess.run(["make", "-n", "lint-text"], cwd=ROOT, capture_output=True, text=True)
    assert ".textlintrc.yml" in dry.stdout and ".textlintrc.en.yml" in dry.stdout
