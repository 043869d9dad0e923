"""Glossary: data validation, gojūon order, term links, mentions, and fixture-site builds (hooks/glossary/)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import markdown as md_lib
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from hooks import glossary
from hooks.glossary.__main__ import main as glossary_main
from hooks.glossary.collation import is_latin_name, sort_key_latin
from hooks.glossary.learn_pages import LearnPages, PageTitles
from tests.conftest import ROOT, mkdocs_build

# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------


def entry(
    term: str,
    definition: str = "def",
    *,
    yomi: str | None = None,
    aliases=(),
    lang: str = "ja",
    link: str | None = None,
    excludes=(),
) -> glossary.Entry:
    locale = "ja-jp" if lang == "ja" else "en-us"
    return glossary.Entry(
        term=term,
        definition=definition,
        link=link or f"https://learn.microsoft.com/{locale}/x",
        aliases=tuple(aliases),
        yomi=yomi,
        excludes=tuple(excludes),
    )


def term(
    term_id: str,
    ja: str,
    yomi: str,
    en: str,
    *,
    ja_aliases=(),
    en_aliases=(),
    ja_def="定義",
    en_def="definition",
    category: str = "concept",
) -> glossary.Term:
    return glossary.Term(
        term_id,
        category,
        {
            "ja": entry(ja, ja_def, yomi=yomi, aliases=ja_aliases),
            "en": entry(en, en_def, aliases=en_aliases, lang="en"),
        },
    )


TERMS = [
    term(
        "workspace",
        "ワークスペース",
        "わーくすぺーす",
        "workspace",
        ja_def="最上位のリソースです。",
        en_def="The top-level resource.",
    ),
    term("data-asset", "データ アセット", "でーた あせっと", "data asset"),
    term("datastore", "データストア", "でーたすとあ", "datastore"),
    term("data", "データ", "でーた", "data"),
    term("environment", "環境", "かんきょう", "environment"),
    term(
        "automl",
        "自動機械学習",
        "じどうきかいがくしゅう",
        "automated machine learning",
        ja_aliases=["AutoML"],
        en_aliases=["AutoML"],
    ),
    term("model", "モデル", "もでる", "model"),
]

GOOD_YAML = textwrap.dedent("""\
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
        link: https://learn.microsoft.com/en-us/azure/machine-learning/concept-workspace
    model:
      category: asset
      ja:
        term: モデル
        yomi: もでる
        aliases: [学習済みモデル]
        definition: 学習の結果です。
        link: https://learn.microsoft.com/ja-jp/azure/machine-learning/how-to-manage-models
      en:
        term: model
        aliases: [trained model]
        definition: What training produces.
        link: https://learn.microsoft.com/en-us/azure/machine-learning/how-to-manage-models
    """)


def problems_of(text: str) -> list[str]:
    return [str(p) for p in glossary.parse_glossary(text, source="data/glossary.yml")[1]]


# ----------------------------------------------------------------------------------------------
# Japanese order
# ----------------------------------------------------------------------------------------------


def ja_sorted(readings: list[str]) -> list[str]:
    return sorted(readings, key=glossary.sort_key_ja)


def test_voiced_kana_sort_right_after_their_base():
    assert ja_sorted(["ぱす", "ばす", "はす"]) == ["はす", "ばす", "ぱす"]
    assert ja_sorted(["がき", "かき"]) == ["かき", "がき"]
    # a later plain difference outweighs an earlier voicing difference (が is read as か first)
    assert ja_sorted(["かき", "がか"]) == ["がか", "かき"]
    assert ja_sorted(["さ", "ぐ", "か"]) == ["か", "ぐ", "さ"]  # ぐ among the か row, not after ん


def test_small_kana_sort_beside_their_full_size_kana():
    assert ja_sorted(["しゃく", "しやく"]) == ["しやく", "しゃく"]
    assert ja_sorted(["しゆ", "しゃく", "しや"]) == ["しや", "しゃく", "しゆ"]  # ゃ is read as や
    assert ja_sorted(["きって", "きつね", "きつて"]) == ["きつて", "きって", "きつね"]


def test_long_vowel_mark_reads_as_the_vowel_it_lengthens():
    # こー = こお: after こうど, before こく
    assert ja_sorted(["こく", "こーど", "こうど"]) == ["こうど", "こーど", "こく"]
    assert glossary.sort_key_ja("こーど")[0] == glossary.sort_key_ja("こおど")[0]
    # after a small kana, the vowel of the small kana (しゃー = しやあ)
    assert glossary.sort_key_ja("しゃー")[0] == glossary.sort_key_ja("しやあ")[0]
    # written vowel first, long mark right after it
    assert ja_sorted(["でーた", "でえた"]) == ["でえた", "でーた"]
    assert ja_sorted(["でーたすとあ", "でーた", "でーた あせっと"]) == ["でーた", "でーた あせっと", "でーたすとあ"]


def test_katakana_and_hiragana_readings_are_treated_alike():
    assert glossary.sort_key_ja("ワークスペース") == glossary.sort_key_ja("わーくすぺーす")
    assert glossary.sort_key_ja("ｶﾞｸｼｭｳ") == glossary.sort_key_ja("がくしゅう")  # half-width katakana
    assert ja_sorted(["モデル", "かんきょう", "アセット", "じっけん"]) == [
        "アセット",
        "かんきょう",
        "じっけん",
        "モデル",
    ]
    assert glossary.row_ja("ヴぃ") == ("あ", "a")  # ヴ is a voiced う


def test_non_kana_readings_are_rejected_by_the_sort_key():
    for bad in ("workspace", "環境", "ーあ", ""):
        with pytest.raises(ValueError):
            glossary.sort_key_ja(bad)


def test_rows_of_readings():
    rows = {
        y: glossary.row_ja(y)[0]
        for y in (
            "あせっと",
            "がくしゅう",
            "ぱいぷらいん",
            "じっけん",
            "でーた",
            "のーど",
            "ばっち",
            "もでる",
            "ゆーあーるあい",
            "りそーす",
            "わーく",
            "をん",
        )
    }
    assert rows == {
        "あせっと": "あ",
        "がくしゅう": "か",
        "ぱいぷらいん": "は",
        "じっけん": "さ",
        "でーた": "た",
        "のーど": "な",
        "ばっち": "は",
        "もでる": "ま",
        "ゆーあーるあい": "や",
        "りそーす": "ら",
        "わーく": "わ",
        "をん": "わ",
    }


def test_kanji_terms_sort_by_their_reading_and_latin_names_go_first_under_eiji():
    terms = [
        term("experiment", "実験", "じっけん", "experiment"),
        term("cli", "CLI v2", "しーえるあい ぶいつー", "CLI v2"),
        term("environment", "環境", "かんきょう", "environment"),
        term("asset", "アセット", "あせっと", "asset"),
        term("mlflow", "MLflow", "えむえるふろー", "MLflow"),
        term("gakushu", "学習", "がくしゅう", "training"),
        term("component", "コンポーネント", "こんぽーねんと", "component"),
    ]
    groups = glossary.group_ja(terms)
    assert [(h, a) for h, a, _ in groups] == [
        ("英字", "latin"),
        ("あ行", "a-row"),
        ("か行", "ka-row"),
        ("さ行", "sa-row"),
    ]
    assert [[t.id for t in members] for _, _, members in groups] == [
        ["cli", "mlflow"],
        ["asset"],
        ["gakushu", "environment", "component"],
        ["experiment"],
    ]


def test_english_groups_are_a_to_z_by_initial_letter_ignoring_case():
    terms = [
        term("b", "b", "び", "batch endpoint"),
        term("m", "m", "む", "MLflow"),
        term("a", "a", "あ", "asset"),
        term("m2", "m2", "め", "model"),
        term("z", "z", "ぞ", "3D model"),
        term("a2", "a2", "い", "AutoML"),
    ]
    groups = glossary.group_en(terms)
    assert [(h, a) for h, a, _ in groups] == [
        ("A", "letter-a"),
        ("B", "letter-b"),
        ("M", "letter-m"),
        ("#", "letter-other"),
    ]
    assert [[t.id for t in members] for _, _, members in groups] == [["a", "a2"], ["b"], ["m", "m2"], ["z"]]


# ----------------------------------------------------------------------------------------------
# Validation of the data file
# ----------------------------------------------------------------------------------------------


def test_good_data_parses_with_lines():
    terms, problems = glossary.parse_glossary(GOOD_YAML)
    assert problems == []
    assert [(t.id, t.line) for t in terms] == [("workspace", 1), ("model", 12)]
    assert terms[1].entries["ja"].aliases == ("学習済みモデル",)


def test_duplicate_id_is_an_error_with_both_lines():
    bad = GOOD_YAML + GOOD_YAML.split("model:")[0]  # repeats 'workspace:' at line 25
    assert problems_of(bad) == [
        "data/glossary.yml:25: glossary key 'workspace' is defined twice (first at line 1); "
        "keep one entry per id and per key."
    ]


def test_duplicate_term_is_an_error():
    bad = GOOD_YAML.replace("term: モデル", "term: ワークスペース")
    assert problems_of(bad) == [
        "data/glossary.yml:12: glossary term 'model' ja name 'ワークスペース' is already used by "
        "term 'workspace'; give each term and alias to one entry only."
    ]


def test_duplicate_alias_is_an_error_ignoring_case_and_spaces():
    bad = GOOD_YAML.replace("aliases: [trained model]", "aliases: [Work Space]").replace(
        "term: workspace", "term: workspace\n    aliases: [WorkSpace]".replace("WorkSpace", "work space")
    )
    assert problems_of(bad) == [
        "data/glossary.yml:13: glossary term 'model' en name 'Work Space' is already used by "
        "term 'workspace'; give each term and alias to one entry only."
    ]


def test_missing_translation_is_an_error():
    bad = GOOD_YAML.replace("  en:\n    term: model", "  en_:\n    term: model")
    problems = problems_of(bad)
    assert (
        "data/glossary.yml:12: glossary term 'model' has no 'en' translation; add the 'en:' block with term, "
        "definition and link." in problems
    )
    missing_field = problems_of(GOOD_YAML.replace("    definition: The top-level resource.\n", ""))
    assert missing_field == [
        "data/glossary.yml:8: glossary term 'workspace' has no 'en.definition' text; add it "
        "(a missing translation is an error)."
    ]


def test_missing_reading_is_an_error():
    bad = GOOD_YAML.replace("    yomi: もでる\n", "")
    assert problems_of(bad) == [
        "data/glossary.yml:14: glossary term 'model' has no 'ja.yomi' reading; write its "
        "reading by hand in hiragana or katakana."
    ]


@pytest.mark.parametrize("yomi", ["moderu", "モデルv2", "学習", "ーもでる", "123"])
def test_non_kana_reading_is_an_error(yomi):
    bad = GOOD_YAML.replace("yomi: もでる", f"yomi: '{yomi}'")
    assert problems_of(bad) == [
        f"data/glossary.yml:16: glossary term 'model' ja.yomi '{yomi}' is not a kana reading; "
        "write it in hiragana or katakana only (ー and spaces allowed)."
    ]


def test_kana_readings_with_spaces_dots_and_long_marks_are_accepted():
    for yomi in ("ワークスペース", "しーえるあい ぶいつー", "データ・アセット", "ゔぃ"):
        assert problems_of(GOOD_YAML.replace("yomi: もでる", f"yomi: {yomi}")) == []


@pytest.mark.parametrize(
    "link",
    [
        "http://learn.microsoft.com/en-us/x",
        "learn.microsoft.com/en-us/x",
        "javascript:alert(1)",
        "https://learn.microsoft.com/en-us/a b",
    ],
)
def test_non_https_link_is_an_error(link):
    bad = GOOD_YAML.replace(
        "https://learn.microsoft.com/en-us/azure/machine-learning/how-to-manage-models", f"'{link}'"
    )
    assert problems_of(bad) == [
        f"data/glossary.yml:24: glossary term 'model' en.link '{link}' is not an https URL; "
        "use the https:// address of the Microsoft Learn page."
    ]


def test_link_in_the_other_languages_learn_edition_is_an_error():
    bad = GOOD_YAML.replace("en-us/azure/machine-learning/how-to-manage-models", "ja-jp/azure/machine-learning/x")
    assert problems_of(bad) == [
        "data/glossary.yml:24: glossary term 'model' en.link "
        "'https://learn.microsoft.com/ja-jp/azure/machine-learning/x' points to the 'ja-jp' "
        "edition of Microsoft Learn; use '/en-us/'."
    ]


def test_other_structural_errors_name_the_key():
    assert problems_of(GOOD_YAML.replace("category: asset", "category: thing")) == [
        "data/glossary.yml:13: glossary term 'model' has category 'thing', which is not one of resource, asset, "
        "concept, tool, service; pick one of them."
    ]
    assert problems_of(GOOD_YAML.replace("    definition: 学習の結果です。", "    defintion: 学習の結果です。")) == [
        "data/glossary.yml:18: glossary term 'model' has unknown key 'ja.defintion'; use only aliases, definition, excludes, "
        "link, term, yomi.",
        "data/glossary.yml:14: glossary term 'model' has no 'ja.definition' text; add it (a missing translation is "
        "an error).",
    ]
    assert problems_of(GOOD_YAML.replace("model:", "Model_X:")) == [
        "data/glossary.yml:12: glossary id 'Model_X' is not a valid id; use lowercase letters, digits and single "
        "hyphens (e.g. 'compute-instance'), and not 'glossary'."
    ]
    assert (
        problems_of("workspace: [\n")
        == [
            "data/glossary.yml:2: glossary data is not valid YAML (did not find expected node content); "  # libyaml's wording
            "fix the syntax."
        ]
    )


def test_load_glossary_raises_with_every_problem(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text(GOOD_YAML.replace("yomi: もでる", "yomi: model").replace("http", "ftp", 1), encoding="utf-8")
    with pytest.raises(glossary.GlossaryError) as err:
        glossary.load_glossary(path)
    assert len(err.value.problems) == 2
    assert all(str(p).startswith("data/glossary.yml:") for p in err.value.problems)


def test_cli_check(tmp_path, capsys):
    good, bad = tmp_path / "good.yml", tmp_path / "bad.yml"
    good.write_text(GOOD_YAML, encoding="utf-8")
    bad.write_text(GOOD_YAML.replace("yomi: もでる", "yomi: model"), encoding="utf-8")
    assert glossary_main(["check", str(good)]) == 0
    assert "2 glossary terms, no problems." in capsys.readouterr().out
    assert glossary_main(["check", str(bad)]) == 1
    assert f"{bad}:16: glossary term 'model' ja.yomi 'model' is not a kana reading" in capsys.readouterr().err


PLAN_IDS = """workspace resource asset compute compute-instance compute-cluster kubernetes-compute attached-compute
datastore environment curated-environment custom-environment experiment job data-asset uri mltable model
model-registry pipeline component endpoint deployment online-endpoint batch-endpoint mlflow automl cli-v2 sdk-v2
sdk-v1 aks docker-image conda""".split()


def test_the_real_data_file_is_valid_and_covers_the_plan():
    terms = glossary.load_glossary(ROOT / "data" / "glossary.yml")
    ids = {t.id for t in terms}
    assert len(terms) >= 30
    assert set(PLAN_IDS) <= ids
    for t in terms:
        assert t.entries["ja"].link.startswith("https://learn.microsoft.com/ja-jp/"), t.id
        assert t.entries["en"].link.startswith("https://learn.microsoft.com/en-us/"), t.id
        assert t.entries["ja"].link.split("/ja-jp/")[1] == t.entries["en"].link.split("/en-us/")[1], t.id


# ----------------------------------------------------------------------------------------------
# Term links in pages
# ----------------------------------------------------------------------------------------------


def render(markdown_text: str) -> LexborHTMLParser:
    return LexborHTMLParser(md_lib.markdown(markdown_text, extensions=["attr_list", "tables", "admonition"]))


def convert(markdown_text: str, terms=TERMS, lang: str = "ja", src_uri: str = "index.md", **kwargs):
    """(HTML, problems as strings) of a page converted with the glossary's term links."""
    html, problems, _ = glossary.convert(markdown_text, terms, lang, src_uri, **kwargs)
    return html, [str(p) for p in problems]


def test_term_link_in_running_japanese_text():
    out, problems = convert("まず[[workspace]]を作成します。", src_uri="concepts/compute.md")
    assert problems == []
    assert (
        out
        == '<p>まず<a href="../glossary.md#workspace" title="最上位のリソースです。">ワークスペース</a>を作成します。</p>'
    )
    link = LexborHTMLParser(out).css_first("a")
    assert (link.attributes["href"], link.attributes["title"], link.text()) == (
        "../glossary.md#workspace",
        "最上位のリソースです。",
        "ワークスペース",
    )


def test_term_link_with_custom_text_and_english():
    out, _ = convert("Create [[workspace|a Workspace]] first.", lang="en", src_uri="index.en.md")
    assert out == '<p>Create <a href="glossary.md#workspace" title="The top-level resource.">a Workspace</a> first.</p>'
    out, _ = convert("x [[workspace]]", lang="en", src_uri="a/b/c.en.md")
    assert out == '<p>x <a href="../../glossary.md#workspace" title="The top-level resource.">workspace</a></p>'


def test_term_syntax_is_left_alone_in_code_and_made_plain_in_headings_and_links():
    page = textwrap.dedent("""\
        # [[workspace]] の概要 { #workspace }

        `[[workspace]]` と書きます。

        ```markdown
        [[workspace]]を作成します
        ```

        ~~~~
        [[model]]
        ~~~~

            [[model]] (indented code)

        <pre>[[workspace]]</pre>

        [詳しくは [[workspace]] を参照](https://learn.microsoft.com/ja-jp/x)

        !!! note "[[model]] について"
            本文の [[model]] です。
        """)
    out, problems = convert(page, src_uri="concepts/workspace.md")
    assert problems == []
    assert out.splitlines() == [
        '<h1 id="workspace">ワークスペース の概要</h1>',
        "<p><code>[[workspace]]</code> と書きます。</p>",
        '<pre><code class="language-markdown">[[workspace]]を作成します',
        "</code></pre>",
        "<pre><code>[[model]]",
        "</code></pre>",
        "<pre><code>[[model]] (indented code)",
        "</code></pre>",
        "<pre>[[workspace]]</pre>",
        "",
        '<p><a href="https://learn.microsoft.com/ja-jp/x">詳しくは ワークスペース を参照</a></p>',
        '<div class="admonition note">',
        '<p class="admonition-title">モデル について</p>',
        '<p>本文の <a href="../glossary.md#model" title="定義">モデル</a> です。</p>',
        "</div>",
    ]


def test_unknown_term_id_is_reported_with_file_and_line():
    page = "# T\n\ntext\nまず[[wrokspace]]を作成します。\n"
    out, problems = convert(page, src_uri="concepts/compute.md")
    assert problems == [
        "docs/concepts/compute.md:4: glossary term 'wrokspace' is not defined in data/glossary.yml; "
        "check the id (closest id: 'workspace') or add the term."
    ]
    assert "[[" not in out and "wrokspace" in out
    _, problems = convert("## [[nothing-like-it]]", src_uri="a.md", label="docs/a.md")
    assert problems == [
        "docs/a.md:1: glossary term 'nothing-like-it' is not defined in data/glossary.yml; "
        "check the id or add the term."
    ]


def test_ids_of_invalid_entries_become_plain_text_without_a_second_error():
    data = glossary.Glossary(TERMS, [], declared=frozenset({"broken"}))
    out, problems = convert("[[broken]]と[[broken|壊れた項目]]", terms=data, src_uri="a.md")
    assert (out, problems) == ("<p>brokenと壊れた項目</p>", [])


def test_a_broken_data_file_makes_term_links_plain_text_without_errors():
    data = glossary.Glossary([], [], usable=False)
    out, problems = convert("[[workspace]] と [[anything|何か]]", terms=data)
    assert (out, problems) == ("<p>workspace と 何か</p>", [])


def test_declared_ids_include_invalid_entries(tmp_path):
    path = tmp_path / "g.yml"
    path.write_text(GOOD_YAML.replace("yomi: もでる", "yomi: model"), encoding="utf-8")
    loaded = glossary.load(path)
    assert [t.id for t in loaded.terms] == ["workspace"]
    assert loaded.declared == {"workspace", "model"}


def test_definitions_cannot_inject_markup_into_tooltips():
    evil = '"><script>alert(1)</script> *bold* `code` [x](javascript:y) | a\\b'
    terms = [term("workspace", "ワークスペース", "わーくすぺーす", "workspace", ja_def=evil)]
    out, _ = convert("| a | [[workspace]] |\n|---|---|\n| b | c |", terms=terms)
    tree = LexborHTMLParser(out)
    assert tree.css("script") == [] and tree.css("strong") == [] and tree.css("em") == [] and tree.css("code") == []
    links = tree.css("a")
    assert len(links) == 1 and links[0].attributes["title"] == evil
    assert len(tree.css("th")) == 2  # the '|' in the definition did not split the table cell


def test_link_text_cannot_inject_markup():
    terms = [term("workspace", "<i>ワーク</i>スペース", "わーくすぺーす", "workspace")]
    out, _ = convert("[[workspace]] と [[workspace|<b>x</b> *y* | z]]", terms=terms)
    tree = LexborHTMLParser(out)
    assert tree.css("i") == [] and tree.css("b") == [] and tree.css("em") == []
    assert [a.text() for a in tree.css("a")] == ["<i>ワーク</i>スペース", "<b>x</b> *y* | z"]


def test_custom_text_with_a_pipe_works_in_a_table_cell():
    out, _ = convert("| a | [[workspace|作成した ワークスペース]] |\n|---|---|\n| b | c |")
    tree = LexborHTMLParser(out)
    assert len(tree.css("th")) == 2 and tree.css_first("th a").text() == "作成した ワークスペース"


def test_autolink_links_only_the_first_plain_mention():
    page = textwrap.dedent("""\
        # モデル { #model }

        `モデル` はコードです。[モデル](x.md) はリンクです。

        モデルを登録します。モデルは再利用できます。ワークスペースも使います。

        [[workspace]]は明示的なリンクです。
        """)
    out, _ = convert(page, src_uri="concepts/model.md", autolink=True)
    assert out.splitlines() == [
        '<h1 id="model">モデル</h1>',
        '<p><code>モデル</code> はコードです。<a href="x.md">モデル</a> はリンクです。</p>',
        '<p><a href="../glossary.md#model" title="定義">モデル</a>を登録します。モデルは再利用できます。ワークスペースも使います。</p>',
        '<p><a href="../glossary.md#workspace" title="最上位のリソースです。">ワークスペース</a>は明示的なリンクです。</p>',
    ]


# ----------------------------------------------------------------------------------------------
# Mentions
# ----------------------------------------------------------------------------------------------


def test_mentions_count_text_aliases_and_links_but_not_code_headings_or_urls():
    page = textwrap.dedent("""\
        # 環境 { #environment }

        ![モデル](../assets/figures/model.svg)

        データストアを登録します。`データ` は数えません。

        ```
        自動機械学習
        ```

            ワークスペース (indented code)

        <pre>データ アセット</pre>

        [参考](https://example.com/workspace) と [[model|学習結果]]、AutoML を使います。
        """)
    assert glossary.find_mentions(page, TERMS, "ja") == {"datastore", "model", "automl"}


def test_mentions_skip_setext_headings_but_read_footnotes_and_lists():
    page = "モデル\n===\n\n環境\n---\n\n- データストア\n\n本文[^1]\n\n[^1]: ワークスペース のこと\n"
    assert glossary.find_mentions(page, TERMS, "ja") == {"datastore", "workspace"}


def test_mentions_skip_admonition_titles_and_the_glossary_page():
    assert glossary.find_mentions('!!! note "モデル"\n    環境です。\n', TERMS, "ja") == {"environment"}
    assert glossary.find_mentions("モデルと[[workspace]]", TERMS, "ja", src_uri="glossary.md") == set()


def test_japanese_mentions_respect_word_boundaries_and_longest_names():
    assert (
        glossary.find_mentions("メタデータを保存します", TERMS, "ja") == set()
    )  # データ inside a longer katakana word
    assert glossary.find_mentions("データ アセットとデータアセット", TERMS, "ja") == {"data-asset"}
    assert glossary.find_mentions("開発環境を整えます", TERMS, "ja") == set()  # 環境 inside a kanji compound
    assert glossary.find_mentions("Azure Machine Learning の環境を使います", TERMS, "ja") == {"environment"}
    assert glossary.find_mentions("AutoMLを使う。MyAutoMLX は別物", TERMS, "ja") == {"automl"}


def test_english_mentions_are_case_insensitive_with_plurals_and_word_boundaries():
    assert glossary.find_mentions("Workspaces hold models.", TERMS, "en") == {"workspace", "model"}
    assert glossary.find_mentions("Modeling is not a model-ish word; datastores are.", TERMS, "en") == {"datastore"}
    assert glossary.find_mentions("A data asset, not data.", TERMS, "en") == {"data-asset", "data"}


def test_excluded_phrases_are_not_mentions():
    terms = [
        glossary.Term(
            "compute",
            "resource",
            {
                "ja": entry("コンピューティング", yomi="こんぴゅーてぃんぐ", excludes=["クラウド コンピューティング"]),
                "en": entry("compute", lang="en", excludes=["compute power"]),
            },
        )
    ]
    assert glossary.find_mentions("クラウド コンピューティングの用語", terms, "ja") == set()
    assert glossary.find_mentions("クラウドコンピューティングとコンピューティング", terms, "ja") == {"compute"}
    assert glossary.find_mentions("More compute power.", terms, "en") == set()
    out, _ = convert("クラウド コンピューティングとコンピューティング", terms=terms, src_uri="a.md", autolink=True)
    assert out == '<p>クラウド コンピューティングと<a href="glossary.md#compute" title="def">コンピューティング</a></p>'


def test_an_excluded_phrase_must_not_be_a_name():
    bad = GOOD_YAML.replace("    term: workspace\n", "    term: workspace\n    excludes: [Trained Model]\n")
    assert problems_of(bad) == [
        "data/glossary.yml:1: glossary term 'workspace' en.excludes lists 'Trained Model', "
        "which is a term or alias; remove it from excludes."
    ]


@pytest.mark.parametrize("autolink", [False, True])
def test_headings_keep_code_and_comments_but_no_line_tags(autolink):
    source = (
        "# `[[workspace]]` とは\n\n## [[model]] と `[[a|b]]` <!-- note -->\n\n"
        '!!! note "`[[job]]`"\n\n    ### 中の `[[x]]`\n\n本文の [[workspace]]。\n'
    )
    out, problems = convert(source, autolink=autolink)
    assert problems == []
    assert not re.search("[\x0e\x0f\x1f]", out), out
    assert "<h1><code>[[workspace]]</code> とは</h1>" in out
    assert "<h2>モデル と <code>[[a|b]]</code> <!-- note --></h2>" in out
    assert "<h3>中の <code>[[x]]</code></h3>" in out


def test_page_title_strips_attribute_lists_and_term_syntax():
    _, _, pages = glossary.convert("# [[workspace|WS]] とは { #ws }\n\ntext", TERMS, "ja", "a.md")
    assert pages.titles == {"a.md": "WS とは"}
    assert glossary.convert("no heading", TERMS, "ja", "b.md")[2].titles == {}


# ----------------------------------------------------------------------------------------------
# Index rendering
# ----------------------------------------------------------------------------------------------


def test_index_escapes_data_and_lists_used_on_pages():
    evil = term(
        "workspace", "<b>ワークスペース</b>", "わーくすぺーす", "workspace", ja_def="<script>alert(1)</script> & co"
    )
    used_on = {"workspace": [glossary.PageRef("A & <B>", "concepts/a/")]}
    out = glossary.render_index([evil, TERMS[6]], "ja", used_on)
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in out
    tree = render(out)
    assert [h.text() for h in tree.css("h2")] == ["ま行", "わ行"]
    assert [h.attributes["id"] for h in tree.css("h2")] == ["ma-row", "wa-row"]
    assert [dt.attributes["id"] for dt in tree.css("dt")] == ["model", "workspace"]
    used = tree.css("dd")[1].css_first(".glossary-used-on")
    assert [(a.text(), a.attributes["href"]) for a in used.css("a")] == [("A & <B>", "concepts/a/")]
    assert tree.css("dd")[0].css_first(".glossary-used-on").text() == "使用ページ: (使用ページなし)"


def test_deferred_index_is_the_same_once_filled():
    from hooks.glossary.render import IndexTemplate

    used_on = {"workspace": [glossary.PageRef("A & <B>", "concepts/a/"), glossary.PageRef("C", "c/")]}
    template = IndexTemplate()
    deferred = template.render(TERMS, "ja", None)
    assert deferred.count("<!--glossary-used-on:") == len(TERMS)
    assert template.fill_used_on(deferred, "ja", used_on) == glossary.render_index(TERMS, "ja", used_on)


def test_used_on_lists_are_the_macro_s_for_every_length():
    from hooks.glossary.render import LABELS, IndexTemplate

    refs = [glossary.PageRef(f"P{i} & <{i}>", f"p{i}/") for i in range(5)]
    used_on = {t.id: refs[: i % 6] for i, t in enumerate(TERMS)}
    template = IndexTemplate()
    deferred = template.render(TERMS, "ja", None)
    macro = template.env.get_template("glossary-used-on.html").module.used_on_links
    expected = deferred
    for t in TERMS:
        expected = expected.replace(f"<!--glossary-used-on:{t.id}-->", str(macro(used_on[t.id], LABELS["ja"])))
    assert template.fill_used_on(deferred, "ja", used_on) == expected


def test_used_on_links_come_from_the_macro_when_a_list_is_not_its_pages_joined():
    from hooks.glossary.render import _UsedOnLinks

    refs = [glossary.PageRef(f"P{i}", f"p{i}/") for i in range(3)]

    def counted(pages, labels):  # a list is not each page's link joined by the separator
        return f"{len(pages)}: " + labels["sep"].join(p.title for p in pages)

    links = _UsedOnLinks(counted, {"sep": ", "}, {"a": refs, "b": refs[:2]})
    assert not links.joined
    assert [links.of(refs), links.of(refs[:2]), links.of([])] == ["3: P0, P1, P2", "2: P0, P1", "0: "]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_render_index_matches_golden(lang, golden):
    terms = [
        *TERMS,
        term(
            "sdk-v2",
            "Python SDK v2",
            "ぱいそん えすでぃーけー ぶいつー",
            "Python SDK v2",
            ja_def="現行の SDK です。",
            en_def="The current SDK.",
            category="tool",
        ),
    ]
    used = {
        "workspace": [
            glossary.PageRef("ワークスペース" if lang == "ja" else "Workspace", "concepts/workspace/"),
            glossary.PageRef("はじめに" if lang == "ja" else "Introduction", "./"),
        ],
        "sdk-v2": [glossary.PageRef("Python", "setup/python/")],
    }
    titles = LearnPages({"x": PageTitles(ja="X とは", en="What is X?")})  # every test entry links .../x
    golden(f"glossary_index.{lang}.md", glossary.render_index(terms, lang, used, titles))


# ----------------------------------------------------------------------------------------------
# Fixture-site builds
# ----------------------------------------------------------------------------------------------

FIXTURE_DATA = {
    "workspace": (
        "resource",
        "ワークスペース",
        "わーくすぺーす",
        "workspace",
        "最上位のリソースです。",
        "The top-level resource.",
    ),
    "environment": ("asset", "環境", "かんきょう", "environment", "ソフトウェア一式です。", "The software setup."),
    "job": ("concept", "ジョブ", "じょぶ", "job", "1 回の実行です。", "One run of work."),
    "shuffle": ("concept", "シャッフル", "しゃっふる", "shuffle", "並べ替えです。", "Reordering."),
    "shiyaku": ("concept", "試薬", "しやく", "reagent", "試験用の薬です。", "A test chemical."),
    "cache": ("concept", "キャッシュ", "きゃっしゅ", "cache", "一時保存です。", "Temporary storage."),
    "gakushu": ("concept", "学習", "がくしゅう", "training", "モデルを作ることです。", "Making a model."),
    "kakushu": ("concept", "各種", "かくしゅ", "assortment", "いろいろです。", "Various kinds."),
    "code": ("concept", "コード", "こーど", "code", "プログラムです。", "A program."),
    "koku": ("concept", "酷", "こく", "harshness", "厳しいことです。", "Being harsh."),
    "mlflow": ("tool", "MLflow", "えむえるふろー", "MLflow", "記録ツールです。", "A tracking tool."),
}

PAGES = {
    "index.md": "# はじめに { #introduction }\n\n[[workspace]]を作成してから、[[job|ジョブ]]を実行します。\n\n"
    "MLflow も使います。[用語集](glossary.md)\n",
    "index.en.md": "# Introduction { #introduction }\n\nCreate a [[workspace]], then run [[job|jobs]].\n\n"
    "You also use MLflow. [Glossary](glossary.md)\n",
    "concepts/env.md": "# 環境 { #environment }\n\n[[environment]]は[[workspace]]で管理します。シャッフルと試薬、キャッシュ。\n\n"
    "## 学習 { #training }\n\n学習に使います。各種のコードと酷な条件。\n\n```\nジョブ\n```\n",
    "concepts/env.en.md": "# Environment { #environment }\n\nAn [[environment]] lives in a [[workspace]]. Shuffle, "
    "reagent, cache.\n\n## Training { #training }\n\nUsed in training. An assortment of code, "
    "harshness.\n\n```\njob\n```\n",
    "glossary.md": "# 用語集 { #glossary }\n\n<!-- glossary -->\n",
    "glossary.en.md": "# Glossary { #glossary }\n\n<!-- glossary -->\n",
}


def write_site(
    root: Path,
    *,
    data: dict | None = None,
    pages: dict | None = None,
    extra_yaml: str = "",
    use_directory_urls: bool = True,
    raw_data: str | None = None,
) -> Path:
    data = FIXTURE_DATA if data is None else data
    pages = PAGES if pages is None else pages
    (root / "data").mkdir(parents=True)
    if raw_data is None:
        raw_data = site_yaml(data)
    (root / "data" / "glossary.yml").write_text(raw_data, encoding="utf-8")
    for rel, text in pages.items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        textwrap.dedent(f"""\
        site_name: Glossary fixture
        use_directory_urls: {str(use_directory_urls).lower()}
        theme:
          name: material
          language: ja
          features: [content.tooltips]
        validation:
          omitted_files: warn
          unrecognized_links: warn
          anchors: warn
        markdown_extensions: [attr_list, admonition, tables]
        plugins:
          - i18n:
              docs_structure: suffix
              fallback_to_default: false
              languages:
                - locale: ja
                  default: true
                  name: 日本語
                  build: true
                - locale: en
                  name: English
                  build: true
        hooks:
          - {ROOT / "hooks" / "markers" / "hook.py"}
          - {ROOT / "hooks" / "glossary" / "hook.py"}
        nav:
          - index.md
          - concepts/env.md
          - glossary.md
        """)
        + extra_yaml,
        encoding="utf-8",
    )
    return root


def html(site: Path, rel: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / rel).read_text(encoding="utf-8"))


def index_of(tree: LexborHTMLParser) -> list[tuple[str, list[str]]]:
    """[(group heading id, [term ids])] from a built glossary page."""
    out = []
    for h2 in tree.css("article h2"):
        dl = h2.next
        while dl is not None and dl.tag != "dl":
            dl = dl.next
        out.append((h2.attributes["id"], [dt.attributes["id"] for dt in dl.css("dt")]))
    return out


def used_on(tree: LexborHTMLParser, term_id: str) -> list[tuple[str, str]]:
    dt = tree.css_first(f"dt#{term_id}")
    dd = dt.next
    while dd.tag != "dd":
        dd = dd.next
    return [(a.text(), a.attributes["href"]) for a in dd.css(".glossary-used-on a")]


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("glossary-site") / "proj")
    build = mkdocs_build(root, root / "site")
    assert build.returncode == 0, build.log
    assert build.warnings == [], build.log
    return build


def test_fixture_ja_index_is_in_gojuon_order(fixture_build):
    tree = html(fixture_build.site_dir, "glossary/index.html")
    assert index_of(tree) == [
        ("latin", ["mlflow"]),
        ("ka-row", ["kakushu", "gakushu", "environment", "cache", "code", "koku"]),
        ("sa-row", ["shiyaku", "shuffle", "job"]),
        ("wa-row", ["workspace"]),
    ]
    assert tree.css_first("dt#gakushu .glossary-yomi").text() == "がくしゅう"


def test_fixture_en_index_is_a_to_z(fixture_build):
    tree = html(fixture_build.site_dir, "en/glossary/index.html")
    assert index_of(tree) == [
        ("letter-a", ["kakushu"]),
        ("letter-c", ["cache", "code"]),
        ("letter-e", ["environment"]),
        ("letter-h", ["koku"]),
        ("letter-j", ["job"]),
        ("letter-m", ["mlflow"]),
        ("letter-r", ["shiyaku"]),
        ("letter-s", ["shuffle"]),
        ("letter-t", ["gakushu"]),
        ("letter-w", ["workspace"]),
    ]


def test_fixture_used_on_lists(fixture_build):
    site = fixture_build.site_dir
    for rel, intro, env in (
        ("glossary/index.html", "はじめに", "環境"),
        ("en/glossary/index.html", "Introduction", "Environment"),
    ):
        tree = html(site, rel)
        assert used_on(tree, "workspace") == [(intro, "../"), (env, "../concepts/env/")]
        assert used_on(tree, "job") == [(intro, "../")]  # the code block on the env page does not count
        assert used_on(tree, "mlflow") == [(intro, "../")]  # plain text mention, no [[ ]]
        assert used_on(tree, "gakushu") == [(env, "../concepts/env/")]  # the heading does not count, the text does
        for term_id in FIXTURE_DATA:
            for _, href in used_on(tree, term_id):
                assert (site / Path(rel).parent / href / "index.html").resolve().exists()


def test_fixture_term_links_point_to_the_same_language_glossary(fixture_build):
    site = fixture_build.site_dir
    for rel, title in (
        ("concepts/env/index.html", "ソフトウェア一式です。"),
        ("en/concepts/env/index.html", "The software setup."),
    ):
        link = html(site, rel).css_first('article a[href$="#environment"]')
        assert link.attributes["href"] == "../../glossary/#environment"
        assert link.attributes["title"] == title
        target = (site / Path(rel).parent / "../../glossary/index.html").resolve()
        assert target == (site / Path(rel).parent.parent.parent / "glossary/index.html").resolve()
        assert 'id="environment"' in target.read_text(encoding="utf-8")
    assert html(site, "en/index.html").css_first('article a[href="glossary/#job"]').text() == "jobs"


def test_fixture_without_directory_urls(tmp_path):
    root = write_site(tmp_path / "proj", use_directory_urls=False)
    build = mkdocs_build(root, root / "site")
    assert build.returncode == 0, build.log
    site = root / "site"
    tree = html(site, "en/glossary.html")
    assert used_on(tree, "workspace") == [("Introduction", "index.html"), ("Environment", "concepts/env.html")]
    assert (
        html(site, "en/concepts/env.html").css_first('article a[href$="#environment"]').attributes["href"]
        == "../glossary.html#environment"
    )
    assert (site / "en" / "glossary.html").exists() and (site / "glossary.html").exists()


def failing_build(tmp_path: Path, **kwargs):
    root = write_site(tmp_path / "proj", **kwargs)
    build = mkdocs_build(root, root / "site")
    assert build.returncode != 0, build.log
    return build


def test_build_fails_on_unknown_term_id(tmp_path):
    pages = dict(PAGES)
    pages["concepts/env.md"] = pages["concepts/env.md"].replace("[[workspace]]", "[[wrokspace]]")
    build = failing_build(tmp_path, pages=pages)
    assert (
        "ERROR   -  docs/concepts/env.md:3: glossary term 'wrokspace' is not defined in data/glossary.yml; "
        "check the id (closest id: 'workspace') or add the term." in build.log.splitlines()
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_term_problem_lines_count_front_matter_whatever_the_newlines(tmp_path, newline):
    pages = dict(PAGES)
    text = "---\ntitle: 環境\n---\n" + pages["concepts/env.md"].replace("[[workspace]]", "[[wrokspace]]")
    pages["concepts/env.md"] = text.replace("\n", newline)
    build = failing_build(tmp_path, pages=pages)
    assert (
        "ERROR   -  docs/concepts/env.md:6: glossary term 'wrokspace' is not defined in data/glossary.yml; "
        "check the id (closest id: 'workspace') or add the term." in build.log.splitlines()
    ), build.log


def test_unmentioned_entry_warns_and_fails_strict(tmp_path):
    data = dict(FIXTURE_DATA, orphan=("concept", "孤児", "こじ", "orphan", "誰も使わない。", "Nobody uses it."))
    build = failing_build(tmp_path, data=data)
    lines = build.log.splitlines()
    line = line_of(site_yaml(data), "orphan:")
    for lang in ("ja", "en"):
        assert (
            f"WARNING -  data/glossary.yml:{line}: glossary term 'orphan' is not mentioned on any '{lang}' page; "
            "link it with [[orphan]] where it is explained, or remove the entry." in lines
        )
    relaxed = mkdocs_build(tmp_path / "proj", tmp_path / "relaxed", strict=False)
    assert relaxed.returncode == 0 and len(relaxed.warnings) == 2


def site_yaml(data: dict | None = None) -> str:
    doc = {}
    for term_id, (category, ja, yomi, en, ja_def, en_def) in (FIXTURE_DATA if data is None else data).items():
        doc[term_id] = {
            "category": category,
            "ja": {
                "term": ja,
                "yomi": yomi,
                "definition": ja_def,
                "link": f"https://learn.microsoft.com/ja-jp/azure/{term_id}",
            },
            "en": {"term": en, "definition": en_def, "link": f"https://learn.microsoft.com/en-us/azure/{term_id}"},
        }
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line that starts with ``needle``."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if line.startswith(needle)]
    return hits[occurrence - 1]


BAD_DATA = {
    "duplicate id": (
        lambda y: y + y.split("environment:")[0],
        f"data/glossary.yml:{len(site_yaml().splitlines()) + 1}: glossary key 'workspace' is defined "
        "twice (first at line 1)",
    ),
    "duplicate term": (
        lambda y: y.replace("term: 各種", "term: 学習"),
        "glossary term 'kakushu' ja name '学習' is already used by term 'gakushu'",
    ),
    "duplicate alias": (
        lambda y: y.replace("    term: code\n", "    term: code\n    aliases: [Training]\n"),
        "glossary term 'code' en name 'Training' is already used by term 'gakushu'",
    ),
    "missing translation": (
        lambda y: y.replace("    term: harshness\n", "    term: ''\n"),
        "glossary term 'koku' has no 'en.term' text",
    ),
    "missing reading": (lambda y: y.replace("    yomi: じょぶ\n", ""), "glossary term 'job' has no 'ja.yomi' reading"),
    "non-kana reading": (
        lambda y: y.replace("yomi: じょぶ", "yomi: job"),
        "glossary term 'job' ja.yomi 'job' is not a kana reading",
    ),
    "non-https link": (
        lambda y: y.replace("https://learn.microsoft.com/en-us/azure/job", "http://example.com/job"),
        "glossary term 'job' en.link 'http://example.com/job' is not an https URL",
    ),
}


@pytest.mark.parametrize("case", list(BAD_DATA))
def test_build_fails_on_bad_data(tmp_path, case):
    mutate, expected = BAD_DATA[case]
    raw = mutate(site_yaml())
    assert raw != site_yaml()
    build = failing_build(tmp_path, raw_data=raw)
    errors = [l for l in build.log.splitlines() if l.startswith("ERROR   -  data/glossary.yml:")]
    assert any(expected in l for l in errors), build.log
    assert len([l for l in errors if expected in l]) == 1  # reported once, not once per language
    assert "is not defined in data/glossary.yml" not in build.log  # a broken entry is not also 'undefined'


def test_escaped_definition_in_a_build(tmp_path):
    data = dict(FIXTURE_DATA)
    data["job"] = ("concept", "ジョブ", "じょぶ", "job", '<img src=x onerror=alert(1)> "q" & <b>', "One run.")
    root = write_site(tmp_path / "proj", data=data)
    build = mkdocs_build(root, root / "site")
    assert build.returncode == 0, build.log
    tree = html(root / "site", "glossary/index.html")
    assert tree.css("article img") == [] and tree.css("article b") == []
    assert tree.css_first("dt#job").next.next.css_first("p").text() == '<img src=x onerror=alert(1)> "q" & <b>'
    link = html(root / "site", "index.html").css_first('article a[href="glossary/#job"]')
    assert link.attributes["title"] == '<img src=x onerror=alert(1)> "q" & <b>'


# ----------------------------------------------------------------------------------------------
# The real site
# ----------------------------------------------------------------------------------------------
CONCEPT_TERMS = {
    "concepts/index": ["resource", "asset"],
    "concepts/workspace": ["workspace"],
    "concepts/compute": [
        "compute",
        "compute-instance",
        "compute-cluster",
        "kubernetes-compute",
        "attached-compute",
        "compute-target",
    ],
    "concepts/datastore": ["datastore"],
    "concepts/environment": ["environment", "curated-environment", "custom-environment"],
    "concepts/experiment": ["experiment"],
    "concepts/data": ["data-asset", "uri", "mltable", "dataset"],
    "concepts/model": ["model"],
    "concepts/pipeline": ["pipeline"],
    "concepts/component": ["component"],
    "concepts/endpoint": ["endpoint", "deployment", "online-endpoint", "batch-endpoint", "managed-online-endpoint"],
}


def built_path(page: str) -> str:
    """'concepts/index' -> 'concepts/index.html', 'concepts/model' -> 'concepts/model/index.html'."""
    return f"{page}.html" if page.endswith("/index") else f"{page}/index.html"


@pytest.mark.slow
def test_real_site_glossary_pages_and_concept_links(real_site):
    site = real_site.site_dir
    terms = glossary.load_glossary(ROOT / "data" / "glossary.yml")
    for prefix in ("", "en/"):
        tree = html(site, f"{prefix}glossary/index.html")
        assert sorted(dt.attributes["id"] for dt in tree.css("article dt")) == sorted(t.id for t in terms)
        for t in terms:
            assert used_on(tree, t.id), f"{prefix}glossary: '{t.id}' has no 'used on' page"
        for page, ids in CONCEPT_TERMS.items():
            links = {
                a.attributes["href"].split("#")[1]
                for a in html(site, f"{prefix}{built_path(page)}").css("article a")
                if re.match(r"^(\.\./)+glossary/#", a.attributes.get("href", ""))
            }
            assert set(ids) <= links, f"{prefix}{page} does not link {set(ids) - links} to the glossary"
    # the same terms are linked on both language versions of every page
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith(("en/", "assets/", "search/", "glossary/", "404")) or not (site / "en" / rel).exists():
            continue
        ja_links, en_links = (
            sorted(
                a.attributes["href"].split("#")[1]
                for a in html(site, r).css("article a")
                if re.match(r"^(\.\./)*glossary/#", a.attributes.get("href") or "")
            )
            for r in (rel, f"en/{rel}")
        )
        assert set(ja_links) == set(en_links), f"{rel}: glossary links differ between ja and en"
    ja_order = [dt.attributes["id"] for dt in html(site, "glossary/index.html").css("article dt")]
    by_id = {t.id: t for t in terms}
    latin = [i for i in ja_order if is_latin_name(by_id[i].entries["ja"].term)]
    assert ja_order[: len(latin)] == latin  # 英字 first, A–Z; then the kana rows by reading
    assert [sort_key_latin(by_id[i].entries["ja"].term) for i in latin] == sorted(
        sort_key_latin(by_id[i].entries["ja"].term) for i in latin
    )
    keys = [glossary.sort_key_ja(by_id[i].entries["ja"].yomi) for i in ja_order[len(latin) :]]
    assert keys == sorted(keys)


@pytest.mark.browser
def test_term_link_shows_the_definition_as_a_tooltip(fixture_build, browser, serve_dir):
    base = serve_dir(fixture_build.site_dir)
    page = browser.new_page()
    try:
        for path, definition in (
            ("concepts/env/", "ソフトウェア一式です。"),
            ("en/concepts/env/", "The software setup."),
        ):
            page.goto(base + path)
            tooltip = page.get_by_text(definition, exact=True)
            assert tooltip.count() == 0 or not tooltip.first.is_visible()
            page.hover('article a[href$="#environment"]')
            tooltip.first.wait_for(state="visible", timeout=5000)
    finally:
        page.close()


NOT_DEFINED = "is not defined in data/glossary.yml; check the id"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "[[workspace]]",
                "[[model|モデル]]",
                "[[nope]]",
                "[[",
                "]]",
                "|",
                "`",
                "```",
                "\n",
                "\n\n",
                "    ",
                "# ",
                '!!! note "',
                "[link](x.md)",
                "[",
                "](",
                "モデル",
                "データ",
                "workspace",
                "<pre>",
                "</pre>",
                "<!--",
                "-->",
                "| a | b |\n|---|---|\n",
                "*",
                "_",
            ]
        ),
        max_size=25,
    )
)
def test_any_page_converts_with_term_links(parts):
    html, problems, pages = glossary.convert("".join(parts), TERMS, "ja", "concepts/a.md", autolink=True)
    assert "data-glossary-term" not in html and not any(0xF0000 <= ord(ch) <= 0xFFFFD for ch in html)
    # an unknown id, or a comment that looks like a marker ('<!--workspace', no closing '-->')
    assert all(
        str(p).startswith("docs/concepts/a.md:") and (NOT_DEFINED in str(p) or "marker '" in str(p)) for p in problems
    )
    assert pages.mentions.get("concepts/a.md", set()) <= {t.id for t in TERMS}


def test_serve_keeps_the_loaded_data_while_the_file_content_is_the_same(tmp_path, monkeypatch):
    from hooks.glossary import model
    from hooks.glossary.hook import GlossaryHook

    parsed: list[str] = []
    parse = model.parse
    monkeypatch.setattr(model, "parse", lambda text, *, label: parsed.append(label) or parse(text, label=label))
    path = tmp_path / "glossary.yml"
    path.write_text(GOOD_YAML, encoding="utf-8")
    hook = GlossaryHook()
    hook.on_startup(command="serve", dirty=False)
    first = hook._load(path, "data/glossary.yml", tmp_path)
    assert hook._load(path, "data/glossary.yml", tmp_path) is first and [t.id for t in first.terms] == [
        "workspace",
        "model",
    ]
    assert len(parsed) == 1
    path.write_text(GOOD_YAML.replace("yomi: もでる", "yomi: model"), encoding="utf-8")
    changed = hook._load(path, "data/glossary.yml", tmp_path)
    assert changed is not first and [t.id for t in changed.terms] == ["workspace"] and len(parsed) == 2
    # the next build process reads the last build's data from .cache/hooks, unless the file changed
    build = GlossaryHook()
    build.on_startup(command="build", dirty=False)
    assert build._load(path, "data/glossary.yml", tmp_path) == changed and len(parsed) == 2
    assert (tmp_path / ".cache" / "hooks" / "glossary-data.pickle").is_file()
    path.write_text(GOOD_YAML, encoding="utf-8")
    again = GlossaryHook()
    again.on_startup(command="build", dirty=False)
    assert again._load(path, "data/glossary.yml", tmp_path) == first and len(parsed) == 3


def test_the_order_of_the_hooks_does_not_matter(fixture_build, tmp_path):
    root = write_site(tmp_path / "proj")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    markers_line = f"  - {ROOT / 'hooks' / 'markers' / 'hook.py'}\n"
    glossary_line = f"  - {ROOT / 'hooks' / 'glossary' / 'hook.py'}\n"
    assert markers_line + glossary_line in text
    config.write_text(text.replace(markers_line + glossary_line, glossary_line + markers_line), encoding="utf-8")
    build = mkdocs_build(root, root / "site")
    assert build.returncode == 0 and build.warnings == [], build.log
    for rel in ("glossary/index.html", "en/glossary/index.html", "concepts/env/index.html"):
        assert (
            html(root / "site", rel).css_first("article").html
            == html(fixture_build.site_dir, rel).css_first("article").html
        )


def test_mention_word_classes_are_the_scripts_the_glossary_reads():
    """The regex classes of hooks/glossary/mentions.py: ASCII letters, digits and '_' (Latin), katakana, kanji."""
    import re

    from hooks.core.scripts import script
    from hooks.glossary import mentions

    classes = {
        name: re.compile(f"[{chars}]")
        for name, chars in (("latin", mentions.LATIN), ("katakana", mentions.KATAKANA), ("kanji", mentions.KANJI))
    }
    for code in range(0x110000):
        ch = chr(code)
        kind = script(ch)
        expected = ("latin" if ch.isascii() else None) if kind in ("latin", "digit") or ch == "_" else kind
        found = [name for name, pattern in classes.items() if pattern.match(ch)]
        assert found == ([expected] if expected in classes else []), (hex(code), kind, found)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_mention_pattern_grouped_by_first_character_finds_what_the_plain_one_finds(lang, monkeypatch):
    from hooks.glossary import mentions

    grouped = mentions.build_matcher(TERMS, lang)
    monkeypatch.setattr(mentions, "_grouped", lambda *args: None)
    plain = mentions.build_matcher(TERMS, lang)
    assert grouped.pattern is not None and plain.pattern is not None and grouped.pattern != plain.pattern
    texts = [
        "Workspaces hold models; MODELS, modelx, x-model, model_1 and ſtore or Kelvin Kmodel.",
        "ワークスペースとモデル、メタデータ、データ アセット、開発環境、AutoMLX、(モデル)",
        "\0".join(["model", "データ", "AutoML", "環境です", "ſ", "K", "İ", "ı"]),
    ]
    for text in texts:
        assert list(grouped.spans(text)) == list(plain.spans(text)) and grouped.ids(text) == plain.ids(text)


def test_cli_help_prints_usage_and_reads_no_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no data/glossary.yml here: --help must not look for one
    assert glossary_main(["check", "--help"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("``python -m hooks.glossary check [data/glossary.yml]") and err == ""


def test_narrowed_word_boundaries_find_what_the_whole_classes_find(monkeypatch):
    """The ja matcher checks katakana and kanji boundaries against the names' own first and last characters
    of those classes; over the real glossary and random texts it finds exactly what checks against the
    whole classes find (for the pattern with a group per first character and for the plain one)."""
    import random

    from hooks.glossary import mentions

    data = glossary.load(ROOT / "data" / "glossary.yml")
    names = [n for t in data.terms for n in (t.entries["ja"].term, *t.entries["ja"].aliases, *t.entries["ja"].excludes)]
    extra = term("x-1", "ëxtra 語", "えくすとら", "extra", category="tool")  # a first character with case: no groups
    rng = random.Random(15)
    chars = sorted({c for n in names for c in n}) + list("々〆〇㐀一鿿豈𠀀ァヺーｦﾟ゠・aZ_9 \t、。()「」İıſK\n")
    pieces = names + [n.swapcase() for n in names] + ["ëxtra 語", "ËXTRA語"]
    texts = [
        "".join(rng.choice(pieces) if rng.random() < 0.3 else rng.choice(chars) for _ in range(40)) for _ in range(600)
    ]
    for terms in (data.terms, [*data.terms, extra]):
        narrow = mentions.build_matcher(terms, "ja")
        with monkeypatch.context() as patch:
            patch.setattr(mentions, "_narrowed", lambda cls, chars: cls)
            whole = mentions.build_matcher(terms, "ja")
        assert narrow.pattern is not None and whole.pattern is not None
        assert narrow.pattern.pattern != whole.pattern.pattern
        assert ("(?<=a)" in narrow.pattern.pattern) is (terms is data.terms)  # both shapes of the pattern
        found = 0
        for text in texts:
            assert list(narrow.spans(text)) == list(whole.spans(text)), text
            assert narrow.ids(text) == whole.ids(text), text
            assert [m.span() for m in narrow.pattern.finditer(text)] == [m.span() for m in whole.pattern.finditer(text)]
            found += len(narrow.ids(text))
        assert found > 600
