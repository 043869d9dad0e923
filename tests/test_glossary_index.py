"""The glossary index: the 英字 section, v1 before v2, Learn link texts from data/learn_pages.yml (hooks/glossary/)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from hooks import glossary
from hooks.glossary import learn_pages
from hooks.glossary.__main__ import main as glossary_main
from hooks.glossary.collation import is_latin_name, sort_key_latin
from hooks.glossary.learn_pages import LearnPages, PageTitles
from tests.conftest import ROOT, mkdocs_build
from tests.test_glossary import FIXTURE_DATA, html, index_of, write_site


def term(term_id: str, ja: str, yomi: str | None, en: str, *, page: str = "x") -> glossary.Term:
    return glossary.Term(
        term_id,
        "tool",
        {
            "ja": glossary.Entry(ja, "定義", f"https://learn.microsoft.com/ja-jp/{page}", yomi=yomi),
            "en": glossary.Entry(en, "definition", f"https://learn.microsoft.com/en-us/{page}"),
        },
    )


TERMS = [
    term("sdk-v2", "Python SDK v2", "ぱいそん えすでぃーけー ぶいつー", "Python SDK v2"),
    term("workspace", "ワークスペース", "わーくすぺーす", "workspace"),
    term("cli-v2", "CLI v2", None, "CLI v2"),
    term("sdk-v10", "Python SDK v10", None, "Python SDK v10"),
    term("mlflow-model", "MLflow モデル", "えむえるふろー もでる", "MLflow model"),
    term("cli-v1", "CLI v1", "しーえるあい ぶいわん", "CLI v1"),
    term("environment", "環境", "かんきょう", "environment"),
    term("conda", "conda", "こんだ", "conda"),
    term("uri", "URI", "ゆーあーるあい", "URI"),
    term("sdk-v1", "Python SDK v1", "ぱいそん えすでぃーけー ぶいわん", "Python SDK v1"),
    term("docker-image", "Docker イメージ", "どっかー いめーじ", "Docker image"),
    term("mlflow", "MLflow", "えむえるふろー", "MLflow"),
    term("rbac", "Azure ロールベースのアクセス制御", None, "Azure role-based access control"),
    term("aks", "Azure Kubernetes Service", None, "Azure Kubernetes Service"),
    term("managed-identity", "マネージド ID", "まねーじど あいでぃー", "managed identity"),
]


def tree_of(markdown: str) -> LexborHTMLParser:
    """The index Markdown as HTML enough to query: headings become h2 with their id, the rest is raw HTML."""
    lines = []
    for line in markdown.splitlines():
        if line.startswith("## "):
            text, anchor = line[3:].rsplit(" { #", 1)
            lines.append(f'<h2 id="{anchor.rstrip(" }")}">{text}</h2>')
        else:
            lines.append(line)
    return LexborHTMLParser("\n".join(lines))


def groups_of(lang: str) -> list[tuple[str, str, list[str]]]:
    return [(h, a, [t.id for t in members]) for h, a, members in glossary.group_terms(TERMS, lang)]


# ----------------------------------------------------------------------------------------------
# Order
# ----------------------------------------------------------------------------------------------


def test_ja_index_files_latin_names_under_eiji_first_in_a_to_z_order():
    assert groups_of("ja") == [
        (
            "英字",
            "latin",
            [
                "aks",
                "rbac",
                "cli-v1",
                "cli-v2",
                "conda",
                "docker-image",
                "mlflow",
                "mlflow-model",
                "sdk-v1",
                "sdk-v2",
                "sdk-v10",
                "uri",
            ],
        ),
        ("か行", "ka-row", ["environment"]),
        ("ま行", "ma-row", ["managed-identity"]),
        ("わ行", "wa-row", ["workspace"]),
    ]


def test_en_index_is_a_to_z_with_v1_before_v2_before_v10():
    assert groups_of("en") == [
        ("A", "letter-a", ["aks", "rbac"]),
        ("C", "letter-c", ["cli-v1", "cli-v2", "conda"]),
        ("D", "letter-d", ["docker-image"]),
        ("E", "letter-e", ["environment"]),
        ("M", "letter-m", ["managed-identity", "mlflow", "mlflow-model"]),
        ("P", "letter-p", ["sdk-v1", "sdk-v2", "sdk-v10"]),
        ("U", "letter-u", ["uri"]),
        ("W", "letter-w", ["workspace"]),
    ]


def test_v1_comes_before_v2_in_both_indexes_whatever_the_input_order():
    for terms in (TERMS, TERMS[::-1]):
        for lang in ("ja", "en"):
            ids = [t.id for _, _, members in glossary.group_terms(terms, lang) for t in members]
            assert ids.index("sdk-v1") < ids.index("sdk-v2") < ids.index("sdk-v10"), lang
            assert ids.index("cli-v1") < ids.index("cli-v2"), lang


@pytest.mark.parametrize(
    ("name", "latin"),
    [
        ("CLI v2", True),
        ("Docker イメージ", True),
        ("ＵＲＩ", True),  # full-width letters are Latin letters too
        ("3D モデル", True),
        ("conda", True),
        ("マネージド ID", False),
        ("環境", False),
        (" ", False),
    ],
)
def test_which_names_are_latin(name, latin):
    assert is_latin_name(name) is latin


def test_latin_key_ignores_case_and_spaces_and_reads_numbers_by_value():
    assert sort_key_latin("MLflow") == sort_key_latin("mlflow") == sort_key_latin("ML flow")
    assert sort_key_latin("v2") < sort_key_latin("v10")
    assert sort_key_latin("Azure Kubernetes") < sort_key_latin("Azure ロール")  # letters before kana


# ----------------------------------------------------------------------------------------------
# Rendering
# ----------------------------------------------------------------------------------------------

TITLES = LearnPages({"x": PageTitles(ja="ワークスペースとは", en="What is a workspace?")})


def test_ja_page_jumps_to_eiji_first_and_shows_no_reading_for_latin_names():
    tree = tree_of(glossary.render_index(TERMS, "ja", {}, TITLES))
    assert [(a.text(), a.attributes["href"]) for a in tree.css(".glossary-jump a")] == [
        ("英字", "#latin"),
        ("か行", "#ka-row"),
        ("ま行", "#ma-row"),
        ("わ行", "#wa-row"),
    ]
    assert [h.text() for h in tree.css("h2")] == ["英字", "か行", "ま行", "わ行"]
    readings = {dt.attributes["id"]: dt.css_first(".glossary-yomi") for dt in tree.css("dt")}
    assert {i for i, yomi in readings.items() if yomi is not None} == {"environment", "managed-identity"}
    assert readings["environment"].text() == "かんきょう"


def test_ja_entry_of_a_latin_term_renders_exactly():
    out = glossary.render_index([TERMS[0]], "ja", {}, TITLES)
    assert out == textwrap.dedent("""\
        <nav class="glossary-jump" aria-label="行で移動">
        <a href="#latin">英字</a>
        </nav>

        ## 英字 { #latin }

        <dl class="glossary-list">
        <dt id="sdk-v2" class="glossary-term"><span class="glossary-name">Python SDK v2</span> <span class="glossary-category">ツール</span></dt>
        <dd class="glossary-definition">
        <p>定義</p>
        <p class="glossary-learn"><a href="https://learn.microsoft.com/ja-jp/x" hreflang="ja">Microsoft Learn: ワークスペースとは</a></p>
        <p class="glossary-used-on" data-search-exclude="">使用ページ: (使用ページなし)</p>
        </dd>
        </dl>

        """)


@pytest.mark.parametrize(
    ("lang", "text"), [("ja", "Microsoft Learn: ワークスペースとは"), ("en", "Microsoft Learn: What is a workspace?")]
)
def test_learn_links_read_the_title_of_the_page_they_open(lang, text):
    tree = tree_of(glossary.render_index(TERMS, lang, {}, TITLES))
    links = tree.css(".glossary-learn a")
    assert len(links) == len(TERMS)
    assert {a.text() for a in links} == {text}
    assert {a.attributes["href"] for a in links} == {
        f"https://learn.microsoft.com/{'ja-jp' if lang == 'ja' else 'en-us'}/x"
    }


def test_title_lookup_ignores_locale_query_and_fragment():
    pages = LearnPages({"azure/machine-learning/concept-workspace": PageTitles(ja="ワークスペースとは", en="What?")})
    url = "https://learn.microsoft.com/ja-jp/azure/machine-learning/concept-workspace?view=azureml-api-2#tasks"
    assert learn_pages.page_key(url) == "azure/machine-learning/concept-workspace"
    assert pages.title(url, "ja") == "ワークスペースとは"
    assert pages.title("https://learn.microsoft.com/en-us/azure/machine-learning/concept-workspace/", "en") == "What?"
    assert learn_pages.page_key("https://example.org/ja-jp/azure/x") is None


# ----------------------------------------------------------------------------------------------
# Data checks
# ----------------------------------------------------------------------------------------------

GLOSSARY = textwrap.dedent("""\
    cli-v2:
      category: tool
      ja:
        term: CLI v2
        definition: 現行の CLI です。
        link: https://learn.microsoft.com/ja-jp/azure/machine-learning/how-to-configure-cli
      en:
        term: CLI v2
        definition: The current CLI.
        link: https://learn.microsoft.com/en-us/azure/machine-learning/how-to-configure-cli
    workspace:
      category: resource
      ja:
        term: ワークスペース
        yomi: わーくすぺーす
        definition: 最上位のリソースです。
        link: https://learn.microsoft.com/ja-jp/azure/machine-learning/concept-workspace
      en:
        term: workspace
        definition: The top-level resource.
        link: https://learn.microsoft.com/en-us/azure/machine-learning/concept-workspace#tasks
    """)
TITLES_YML = textwrap.dedent("""\
    azure/machine-learning/how-to-configure-cli:
      ja: CLI (v2) のインストールとセットアップ
      en: Install and set up the CLI (v2)
    azure/machine-learning/concept-workspace:
      ja: Azure Machine Learning ワークスペースとは
      en: What is an Azure Machine Learning workspace?
    """)


def write_data(tmp_path: Path, glossary_text: str = GLOSSARY, titles: str = TITLES_YML) -> tuple[Path, Path]:
    (tmp_path / "data").mkdir(exist_ok=True)
    data = tmp_path / "data" / "glossary.yml"
    pages = tmp_path / "data" / "learn_pages.yml"
    data.write_text(glossary_text, encoding="utf-8")
    pages.write_text(titles, encoding="utf-8")
    return data, pages


def test_a_latin_term_needs_no_yomi_but_a_kana_term_does():
    assert glossary.parse(GLOSSARY).problems == []
    no_yomi = GLOSSARY.replace("    yomi: わーくすぺーす\n", "")
    assert [str(p) for p in glossary.parse(no_yomi).problems] == [
        "data/glossary.yml:13: glossary term 'workspace' has no 'ja.yomi' reading; write its reading by hand in "
        "hiragana or katakana."
    ]
    bad = GLOSSARY.replace(
        "    term: CLI v2\n    definition: 現行", "    term: CLI v2\n    yomi: cli\n    definition: 現行", 1
    )
    assert [str(p) for p in glossary.parse(bad).problems] == [
        "data/glossary.yml:5: glossary term 'cli-v2' ja.yomi 'cli' is not a kana reading; write it in hiragana or "
        "katakana only (ー and spaces allowed)."
    ]


def test_clean_data_has_no_problems(tmp_path, capsys):
    data, pages = write_data(tmp_path)
    loaded = learn_pages.load(pages, label="data/learn_pages.yml")
    assert loaded.problems == []
    terms = glossary.load(data).terms
    assert learn_pages.check(loaded, terms, "data/glossary.yml", learn_pages.link_lines(data)) == []
    assert glossary_main(["check", str(data), "--learn-pages", str(pages)]) == 0
    assert capsys.readouterr().out == "2 glossary terms, 2 Learn page titles, no problems.\n"


def test_a_link_without_a_title_is_an_error_at_its_line(tmp_path, capsys, monkeypatch):
    data, pages = write_data(tmp_path, titles=TITLES_YML.split("azure/machine-learning/concept-workspace:")[0])
    loaded = learn_pages.load(pages, label="data/learn_pages.yml")
    terms = glossary.load(data, label="data/glossary.yml").terms
    problems = learn_pages.check(loaded, terms, "data/glossary.yml", learn_pages.link_lines(data))
    expected = [
        "data/glossary.yml:17: glossary term 'workspace' ja.link "
        "'https://learn.microsoft.com/ja-jp/azure/machine-learning/concept-workspace' has no title in "
        "data/learn_pages.yml; add 'azure/machine-learning/concept-workspace:' with its ja and en titles.",
        "data/glossary.yml:21: glossary term 'workspace' en.link "
        "'https://learn.microsoft.com/en-us/azure/machine-learning/concept-workspace#tasks' has no title in "
        "data/learn_pages.yml; add 'azure/machine-learning/concept-workspace:' with its ja and en titles.",
    ]
    assert [str(p) for p in problems] == expected
    monkeypatch.chdir(tmp_path)
    assert glossary_main(["check", "data/glossary.yml", "--learn-pages", "data/learn_pages.yml"]) == 1
    assert capsys.readouterr().err.splitlines() == expected


def test_a_typo_in_a_title_key_is_an_error_at_its_line(tmp_path, capsys, monkeypatch):
    _, pages = write_data(tmp_path, titles=TITLES_YML.replace("  en: What is an", "  eh: What is an"))
    loaded = learn_pages.load(pages, label="data/learn_pages.yml")
    expected = [
        "data/learn_pages.yml:6: key 'eh' is not allowed here (allowed: ja, en); fix the spelling.",
    ]
    assert [str(p) for p in loaded.problems] == expected
    monkeypatch.chdir(tmp_path)
    assert glossary_main(["check", "data/glossary.yml", "--learn-pages", "data/learn_pages.yml"]) == 1
    assert capsys.readouterr().err.splitlines() == expected


def test_an_unused_title_and_an_empty_title_are_reported_at_their_lines(tmp_path):
    extra = TITLES_YML + "azure/machine-learning/concept-nothing:\n  ja: 何か\n  en: '  '\n"
    data, pages = write_data(tmp_path, titles=extra)
    loaded = learn_pages.load(pages, label="data/learn_pages.yml")
    assert [str(p) for p in loaded.problems] == [
        "data/learn_pages.yml:9: the 'en' title is empty; write the Learn page's title in that language."
    ]
    fine = learn_pages.load(write_data(tmp_path, titles=extra.replace("'  '", "Something"))[1])
    problems = learn_pages.check(fine, glossary.load(data).terms, "data/glossary.yml")
    assert [(str(p), p.level) for p in problems] == [
        (
            f"{fine.label}:7: Learn page 'azure/machine-learning/concept-nothing' is not linked from any glossary "
            "term; remove it or fix its path.",
            "warning",
        )
    ]


def test_a_missing_titles_file_is_one_problem(tmp_path):
    loaded = learn_pages.load(tmp_path / "nope.yml", label="data/learn_pages.yml")
    assert [str(p) for p in loaded.problems] == [
        "data/learn_pages.yml: Learn page titles file is missing; create it (see hooks/glossary/learn_pages.py)."
    ]


def test_every_link_of_the_real_glossary_has_its_title_in_both_languages():
    data = ROOT / "data" / "glossary.yml"
    pages = learn_pages.load(ROOT / "data" / "learn_pages.yml", label="data/learn_pages.yml")
    assert pages.problems == []
    assert learn_pages.check(pages, glossary.load_glossary(data), "data/glossary.yml") == []


# ----------------------------------------------------------------------------------------------
# Builds
# ----------------------------------------------------------------------------------------------

OPTION = "extra:\n  glossary:\n    learn_pages: data/learn_pages.yml\n"


def fixture_titles(skip: str | None = None) -> str:
    return "".join(
        f"azure/{term_id}:\n  ja: {term_id} とは\n  en: What is {term_id}?\n"
        for term_id in FIXTURE_DATA
        if term_id != skip
    )


def test_build_shows_titles_and_files_latin_names_under_eiji(tmp_path):
    root = write_site(tmp_path / "proj", extra_yaml=OPTION)
    (root / "data" / "learn_pages.yml").write_text(fixture_titles(), encoding="utf-8")
    build = mkdocs_build(root, root / "site")
    assert build.returncode == 0, build.log
    ja, en = html(build.site_dir, "glossary/index.html"), html(build.site_dir, "en/glossary/index.html")
    assert index_of(ja)[0] == ("latin", ["mlflow"])
    assert ja.css_first("dt#mlflow .glossary-yomi") is None
    assert (
        ja.css_first("dt#workspace").next.next.css_first(".glossary-learn a").text()
        == "Microsoft Learn: workspace とは"
    )
    assert {a.text() for a in en.css(".glossary-learn a")} == {f"Microsoft Learn: What is {i}?" for i in FIXTURE_DATA}


def test_build_fails_on_a_link_without_a_title_naming_the_glossary_line(tmp_path):
    root = write_site(tmp_path / "proj", extra_yaml=OPTION)
    (root / "data" / "learn_pages.yml").write_text(fixture_titles(skip="workspace"), encoding="utf-8")
    build = mkdocs_build(root, root / "site")
    assert build.returncode == 1
    text = (root / "data" / "glossary.yml").read_text(encoding="utf-8").splitlines()
    start = text.index("workspace:")
    lines = [i + 1 for i, line in enumerate(text) if i > start and line.strip().startswith("link:")][:2]
    errors = [line for line in build.log.splitlines() if "has no title in" in line]
    assert errors == [
        f"ERROR   -  data/glossary.yml:{lines[0]}: glossary term 'workspace' ja.link "
        "'https://learn.microsoft.com/ja-jp/azure/workspace' has no title in data/learn_pages.yml; "
        "add 'azure/workspace:' with its ja and en titles.",
        f"ERROR   -  data/glossary.yml:{lines[1]}: glossary term 'workspace' en.link "
        "'https://learn.microsoft.com/en-us/azure/workspace' has no title in data/learn_pages.yml; "
        "add 'azure/workspace:' with its ja and en titles.",
    ]
    assert "Traceback" not in build.log


def test_build_fails_on_a_typo_in_the_titles_file(tmp_path):
    root = write_site(tmp_path / "proj", extra_yaml=OPTION)
    (root / "data" / "learn_pages.yml").write_text(fixture_titles().replace("  en:", "  en_:", 1), encoding="utf-8")
    build = mkdocs_build(root, root / "site")
    assert build.returncode == 1
    assert [line for line in build.log.splitlines() if "learn_pages.yml" in line] == [
        "ERROR   -  data/learn_pages.yml:3: key 'en_' is not allowed here (allowed: ja, en); fix the spelling."
    ]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_index_as_blocks_gives_the_html_of_the_index_markdown(lang):
    import markdown

    from hooks.glossary.render import IndexTemplate
    from hooks.markers import MarkersExtension, PageContext

    data = glossary.load(ROOT / "data" / "glossary.yml")
    titles = learn_pages.load(ROOT / "data" / "learn_pages.yml")
    template = IndexTemplate()
    extensions = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc"]
    pages = []
    for render in (template.render, template.blocks):
        ext = MarkersExtension()
        ext.add({"glossary": lambda m, c, render=render: render(data.terms, lang, None, titles)})
        ext.begin(PageContext(src_uri="glossary.md", label="docs/glossary.md", lang=lang))
        pages.append(
            markdown.markdown("# Glossary { #glossary }\n\n<!-- glossary -->\n", extensions=[ext, *extensions])
        )
        assert ext.end() == []
    assert pages[0] == pages[1] and pages[0].count("<dt id=") == len(data.terms)
