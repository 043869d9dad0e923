"""hooks/typeset: phrase marks in short texts, katakana words in body text, the MkDocs adapter."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hooks.core.scripts import JAPANESE_CLASS, KATAKANA_CHARS
from hooks.typeset import markup, phrases
from hooks.typeset import page as typeset_page
from hooks.typeset.hook import Typesetter
from hooks.typeset.model import Phrases, model_path
from hooks.typeset.page import mark_page

JAPANESE = re.compile(JAPANESE_CLASS)

# Phrases a fake parser returns for each chunk: the tests say exactly where BudouX would split.
PHRASES = {
    "推論コンテナーの作成": ["推論コンテナーの", "作成"],
    "推論の作成": ["推論の", "作成"],
    "データ&モデルの管理": ["データ&", "モデルの", "管理"],
    "サポート終了": ["サポート", "終了"],
    "コンピューティングクラスター": ["コンピューティング", "クラスター"],
    "azure-ai-mlの導入": ["azure-", "ai-mlの", "導入"],
    "計算ー": ["計算", "ー"],
    "資料「入門」": ["資料", "「入門」"],
    "azの実行": ["az", "の実行"],
    "推論": ["推論"],
    "ジョブ": ["ジョブ"],
    "次へ": ["次へ"],
    "推論の作成¶": ["推論の", "作成¶"],  # a heading and its permalink
    "SDKの導入": ["SDKの", "導入"],
}


def fake_parse(chunk: str) -> list[str]:
    return PHRASES[chunk]  # KeyError: the test did not expect this chunk to be parsed


def mark(fragment: str) -> str:
    return phrases.mark_fragment(fragment, fake_parse)


# ---------------------------------------------------------------------------------------- phrase_breaks


def test_phrase_breaks_between_phrases_of_each_chunk():
    assert phrases.phrase_breaks("推論コンテナーの作成", fake_parse) == [8]
    assert phrases.phrase_breaks("  推論の作成 推論コンテナーの作成", fake_parse) == [5, 16]


def test_phrase_breaks_skip_latin_chunks_and_unbreakable_boundaries():
    assert phrases.phrase_breaks("Python SDK v2", fake_parse) == []  # not parsed at all
    assert phrases.phrase_breaks("コンピューティングクラスター", fake_parse) == []  # katakana|katakana
    assert phrases.phrase_breaks("azure-ai-mlの導入", fake_parse) == [12]  # not inside 'azure-ai-ml'
    assert phrases.phrase_breaks("計算ー", fake_parse) == []  # ー never starts a line
    assert phrases.phrase_breaks("資料「入門」", fake_parse) == [2]


@pytest.mark.parametrize(
    "before, after, expected",
    [
        ("の", "作", True),
        ("a", "の", True),
        ("a", "b", False),
        ("1", "2", False),
        ("ス", "ペ", False),
        ("ス", "の", True),
        ("作", "ー", False),
        ("作", "っ", False),
        ("作", "。", False),
        ("「", "作", False),
    ],
)
def test_may_break_between(before, after, expected):
    assert phrases.may_break_between(before, after) is expected


# ---------------------------------------------------------------------------------------- mark_fragment


@pytest.mark.parametrize(
    "fragment, expected",
    [
        ("推論コンテナーの作成", "推論コンテナーの<wbr>作成"),
        # inline markup is crossed; the mark goes after the last character of the first phrase
        ('<a href="../x/">推論</a>の作成', '<a href="../x/">推論</a>の<wbr>作成'),
        # attribute values are never touched
        (
            '<a title="推論の作成" href="#推論の作成">推論の作成</a>',
            '<a title="推論の作成" href="#推論の作成">推論の<wbr>作成</a>',
        ),
        # entities stay as written; the mark follows the whole entity
        ("データ&amp;モデルの管理", "データ&amp;<wbr>モデルの<wbr>管理"),
        # code is read as part of the sentence but never marked inside
        ("<code>az</code>の実行", "<code>az</code><wbr>の実行"),
        ("<code>推論の作成</code>", "<code>推論の作成</code>"),
        ("<pre><span>推論の作成</span></pre>", "<pre><span>推論の作成</span></pre>"),
        # <br> ends a flow: each side is parsed alone
        (
            '<a href="#">3.7</a><br><small>サポート終了</small>',
            '<a href="#">3.7</a><br><small>サポート<wbr>終了</small>',
        ),
        # whitespace around the text (theme templates indent their labels)
        ("\n      推論の作成\n    ", "\n      推論の<wbr>作成\n    "),
        ("Python SDK v2", "Python SDK v2"),
        ("", ""),
    ],
)
def test_mark_fragment(fragment, expected):
    assert mark(fragment) == expected


def test_mark_fragment_is_idempotent_and_respects_existing_marks():
    for fragment in (
        "推論コンテナーの作成",
        '<a href="#">推論</a>の作成',
        "データ&amp;モデルの管理",
        "<code>az</code>の実行",
    ):
        once = mark(fragment)
        assert mark(once) == once
    assert mark("推論の<wbr>作成") == "推論の<wbr>作成"


def pairs(chunk: str) -> list[str]:
    """A parser for any chunk: phrases of two characters."""
    return [chunk[i : i + 2] for i in range(0, len(chunk), 2)]


INLINE_PIECES = [
    "推論の作成",
    "ジョブ",
    "SDKの導入",
    "「入門」",
    " ",
    "\n  ",
    '<a href="#x">',
    "</a>",
    '<span class="md-ellipsis">',
    "</span>",
    '<img alt="推論">',
    "<br>",
    "<code>",
    "</code>",
    "<!-- 推論 -->",
    "<wbr>",
    "<title>",
    "</title>",
    "a < b",
    "<B>",
    "</B>",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(INLINE_PIECES), max_size=14))
def test_short_texts_with_inline_tags_are_read_as_the_tokenizer_reads_them(pieces):
    fragment = "".join(pieces)
    inline = phrases._mark_inline(fragment, pairs)
    assert inline is None or inline == phrases._mark_tokens(fragment, pairs)


def test_short_texts_with_inline_tags_skip_the_tokenizer_and_others_do_not():
    fragment = '\n  <span class="md-ellipsis">\n    推論の作成 <a href="#x">ジョブ</a>\n  </span>\n'
    assert phrases._mark_inline(fragment, pairs) == phrases._mark_tokens(fragment, pairs)
    assert phrases._mark_inline(fragment, pairs).count("<wbr>") == 2  # 推論|の作|成; ジョ|ブ is katakana
    for other in ("推論<br>作成", "<code>推論</code>の作成", "推論<wbr>の作成", "<!-- x -->推論の作成"):
        assert phrases._mark_inline(other, pairs) is None


def test_mark_fragment_with_budoux():
    import budoux

    parser = budoux.load_default_japanese_parser()
    assert phrases.mark_fragment("推論コンテナーの作成", parser.parse) == "推論コンテナーの<wbr>作成"
    assert (
        phrases.mark_fragment("サポートされる Python のバージョン", parser.parse)
        == "サポートされる Python の<wbr>バージョン"
    )


# ---------------------------------------------------------------------------------------- the BudouX model


@pytest.fixture(scope="module")
def budoux_parser():
    import budoux

    return budoux.load_default_japanese_parser()


@pytest.fixture(scope="module")
def model():
    return Phrases.default_japanese()


# Characters of the model's features (so that sentences hit unigram, bigram and trigram scores), a few that
# no feature holds, a NUL (the padding character) and white space.
_MODEL_CHARS = sorted(
    set("".join("".join(feature) for feature in json.loads(model_path("ja").read_text(encoding="utf-8")).values()))
    | set("aZ9 \x00\n🙂")
)


@settings(max_examples=3000, deadline=None)
@given(st.text(st.sampled_from(_MODEL_CHARS), max_size=40))
def test_phrases_are_budoux_phrases(model, budoux_parser, sentence):
    assert model.parse(sentence) == budoux_parser.parse(sentence)


def test_phrases_are_budoux_phrases_on_seeded_sentences(model, budoux_parser):
    import random

    rng = random.Random(20261202)
    grams = sorted(set().union(*budoux_parser.model.values()))  # whole n-grams, so bigram and trigram scores add up
    for _ in range(3000):
        sentence = "".join(rng.choice(grams) for _ in range(rng.randint(0, 12)))
        assert model.parse(sentence) == budoux_parser.parse(sentence), sentence
    assert model.parse("") == [] and model.parse("推") == ["推"]


def test_phrases_refuses_a_model_whose_features_hold_the_padding_character():
    with pytest.raises(ValueError, match="NUL"):
        Phrases({"UW1": {"\x00": 5}})


@pytest.mark.slow
def test_phrases_are_budoux_phrases_on_every_short_text_of_the_built_site(real_site, model, budoux_parser):
    fragments: list[str] = []

    def record(fragment: str) -> str:
        fragments.append(fragment)
        return fragment

    for page in real_site.site_dir.rglob("*.html"):
        mark_page(page.read_text(encoding="utf-8"), mark_short=record, wrap_body=str)
    chunks = {chunk for fragment in fragments for chunk in re.sub(r"<[^>]*>", "", fragment).split()}
    assert len(chunks) > 500
    for chunk in chunks:
        assert model.parse(chunk) == budoux_parser.parse(chunk), chunk


# ---------------------------------------------------------------------------------------- wrap_katakana


def test_wrap_katakana_keeps_each_katakana_word_whole():
    assert phrases.wrap_katakana("データストアとコンピューティング、ジョブ。") == (
        '<span class="ts-kana">データストア</span>と<span class="ts-kana">コンピューティング</span>、'
        '<span class="ts-kana">ジョブ</span>。'
    )
    assert phrases.wrap_katakana("ア と ス、Python") == "ア と ス、Python"  # one letter cannot be cut
    long_word = "ア" * (phrases.KATAKANA_WORD_MAX + 1)
    assert phrases.wrap_katakana(long_word) == long_word  # may wrap rather than overflow a phone
    html = '<a title="ジョブ">データ</a><span class="ts-kana">モデル</span>、<i class="x\nジョブ'
    assert phrases.wrap_katakana(html) == (  # words in tags and words already wrapped stay as they are
        '<a title="ジョブ"><span class="ts-kana">データ</span></a><span class="ts-kana">モデル</span>、<i class="x\nジョブ'
    )


# -------------------------------------------------------------------------------------------- mark_page


def page_mark(html: str) -> str:
    return mark_page(html, mark_short=mark, wrap_body=phrases.wrap_katakana)


def test_mark_page_marks_short_texts_everywhere_and_katakana_in_the_article_only():
    html = (
        '<html><head><title>推論の作成</title><script>var s = "<td>推論の作成</td>";</script>'
        '<style>td::after { content: "ジョブ"; }</style></head><body>'
        '<nav><a class="md-nav__link" href="#a"><span class="md-ellipsis">\n  推論の作成\n</span></a>'
        "<p>ジョブ</p></nav>"
        '<article class="md-typeset"><h2 id="x">推論の作成<a class="headerlink" href="#x">¶</a></h2>'
        '<p>ジョブを<a href="#" title="ジョブ">データストア</a>に送る。<code>ジョブ</code></p>'
        '<!-- ジョブ --><img alt="ジョブ">'
        '<div class="admonition note"><p class="admonition-title">推論の作成</p><p>モデル</p></div>'
        '<div class="tabbed-labels"><label for="t1">推論の作成</label></div>'
        "<table><tr><th>推論</th><td>推論コンテナーの作成</td></tr></table>"
        "<pre><code>ジョブ</code></pre><svg><text>ジョブ</text></svg>"
        "</article></body></html>"
    )
    assert page_mark(html) == (
        '<html><head><title>推論の作成</title><script>var s = "<td>推論の作成</td>";</script>'
        '<style>td::after { content: "ジョブ"; }</style></head><body>'
        '<nav><a class="md-nav__link" href="#a"><span class="md-ellipsis">\n  推論の<wbr>作成\n</span></a>'
        "<p>ジョブ</p></nav>"
        '<article class="md-typeset"><h2 id="x">推論の<wbr>作成<a class="headerlink" href="#x">¶</a></h2>'
        '<p><span class="ts-kana">ジョブ</span>を<a href="#" title="ジョブ"><span class="ts-kana">データストア</span></a>'
        "に送る。<code>ジョブ</code></p>"
        '<!-- ジョブ --><img alt="ジョブ">'
        '<div class="admonition note"><p class="admonition-title">推論の<wbr>作成</p>'
        '<p><span class="ts-kana">モデル</span></p></div>'
        '<div class="tabbed-labels"><label for="t1">推論の<wbr>作成</label></div>'
        "<table><tr><th>推論</th><td>推論コンテナーの<wbr>作成</td></tr></table>"
        "<pre><code>ジョブ</code></pre><svg><text>ジョブ</text></svg>"
        "</article></body></html>"
    )


def test_mark_page_is_idempotent_and_forgiving():
    html = (
        "<article><p>ジョブ</p></span><h3>推論の作成<td>推論の作成</td></h3><p>モデル<br>"
        "<h4>SDKの導入</article><p>ジョブ</p>"
    )
    once = page_mark(html)
    assert once == (
        '<article><p><span class="ts-kana">ジョブ</span></p></span><h3>推論の<wbr>作成<td>推論の<wbr>作成</td></h3>'
        '<p><span class="ts-kana">モデル</span><br><h4>SDKの<wbr>導入</article><p>ジョブ</p>'
    )
    assert page_mark(once) == once


def test_mark_page_finds_the_end_of_nested_elements():
    html = (
        '<div class="md-footer__title"><span class="md-footer__direction">次へ</span>'
        '<div class="md-ellipsis">推論の作成</div></div><div>推論の作成</div>'
        "<td><table><tr><td>推論</td></tr></table>推論の作成</td><td>推論の作成</td>"
    )
    assert page_mark(html) == (
        '<div class="md-footer__title"><span class="md-footer__direction">次へ</span>'
        '<div class="md-ellipsis">推論の<wbr>作成</div></div><div>推論の作成</div>'
        "<td><table><tr><td>推論</td></tr></table>推論の<wbr>作成</td><td>推論の<wbr>作成</td>"
    )


def test_mark_page_reuses_the_marked_blocks_of_earlier_pages():
    nav = '<li class="md-nav__item"><a class="md-nav__link" href="#">推論の作成</a></li>'
    calls = []

    def counting(fragment: str) -> str:
        calls.append(fragment)
        return mark(fragment)

    memo: dict[str, str] = {}
    for title in ("ジョブ", "推論"):
        html = f"<body>{nav}<article><h1>{title}</h1></article></body>"
        assert mark_page(html, mark_short=counting, wrap_body=phrases.wrap_katakana, memo=memo) == html.replace(
            "推論の作成", "推論の<wbr>作成"
        )
    assert calls == ["推論の作成", "ジョブ", "推論"]


def test_mark_page_without_japanese_returns_the_same_string():
    html = "<article><h2>Workspace</h2><p>Jobs &amp; data</p></article>"
    assert page_mark(html) is html


# Pieces of pages: the theme's block starts, short texts, opaque content, katakana in text and in
# attributes, wrapped words, and the broken markup a block must not be cut in (open comments, tags).
PIECES = [
    '<li class="md-nav__item">',
    '<nav class="md-nav">',
    "<script>",
    "</script>",
    '<div class="md-container">',
    "<body>",
    '<a class="md-nav__link" href="#">',
    "</a>",
    "<h2>",
    "</h2>",
    "<td>",
    "</td>",
    "<p>",
    "</p>",
    "<article>",
    "</article>",
    "<!--",
    "-->",
    "<code>",
    "</code>",
    '<div class="tabbed-labels"><label for="a">',
    "</label></div>",
    '<span class="ts-kana">',
    "</span>",
    '<img alt="ジョブ">',
    '<a title="',
    '">',
    "<",
    ">",
    "推論の作成",
    "ジョブ",
    "データストア",
    "ア",
    "ア" * 21,
    " ",
    "\n",
    "&amp;",
    "\x00",
]


def bracket(fragment: str) -> str:
    return f"[{fragment}]"


def katakana_by_rule(html: str) -> str:
    """The katakana words of the article wrapped one by one (the rule wrap_katakana implements at once)."""
    article = typeset_page._ARTICLE.search(html)
    if article is None:
        return html
    end = typeset_page._element_end(html, "article", article.end())[0]
    opaque = typeset_page._Ranges([m.span() for m in typeset_page._OPAQUE.finditer(html) if m.group(1) is None])
    shorts = typeset_page._Ranges(typeset_page._short_texts(html, opaque)[0])
    out, last = [], 0
    for m in re.finditer(f"[{KATAKANA_CHARS}]{{2,}}", html[:end]):
        start = m.start()
        if start < article.end() or html.rfind("<", 0, start) > html.rfind(">", 0, start):
            continue  # outside the article or inside a tag
        if opaque.end_of(start) >= 0 or shorts.end_of(start) >= 0 or len(m.group()) > phrases.KATAKANA_WORD_MAX:
            continue
        if html.endswith('<span class="ts-kana">', 0, start) and html.startswith("</span>", m.end()):
            continue  # already wrapped
        out += [html[last:start], f'<span class="ts-kana">{m.group()}</span>']
        last = m.end()
    return "".join([*out, html[last:]])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=30), min_size=1, max_size=4))
def test_mark_page_by_blocks_is_the_page_read_at_once(pages):
    memo: dict[str, str] = {}
    for pieces in pages:
        html = "".join(pieces)
        by_blocks = mark_page(html, mark_short=bracket, wrap_body=phrases.wrap_katakana, memo=memo)
        article = typeset_page._ARTICLE.search(html)
        body = None
        if article is not None:
            body = (article.end(), typeset_page._element_end(html, "article", article.end())[0])
        assert by_blocks == typeset_page._mark_block(html, body, bracket, phrases.wrap_katakana)[0]
        # with short texts left as they are, the katakana words are those of the one-by-one rule
        assert mark_page(html, mark_short=str, wrap_body=phrases.wrap_katakana) == katakana_by_rule(html)


def bracket_japanese(fragment: str) -> str:
    """A mark_short that, like mark_fragment, leaves a text without Japanese as it is."""
    return f"[{fragment}]" if JAPANESE.search(fragment) else fragment


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([*PIECES, "Workspace", '<footer class="md-footer">', "<h2>Jobs</h2>"]), max_size=30),
        min_size=1,
        max_size=4,
    )
)
def test_mark_page_keeps_what_follows_the_last_japanese_character_as_it_is(pages):
    memo: dict[str, str] = {}
    for pieces in pages:
        html = "".join(pieces)
        article = typeset_page._ARTICLE.search(html)
        body = None
        if article is not None:
            body = (article.end(), typeset_page._element_end(html, "article", article.end())[0])
        whole = typeset_page._mark_block(html, body, bracket_japanese, phrases.wrap_katakana)[0]
        marked = mark_page(
            html, mark_short=bracket_japanese, wrap_body=phrases.wrap_katakana, memo=memo, needs=JAPANESE
        )
        assert marked == whole


@pytest.mark.parametrize("at", [None, 0, 5, 4095, 4096, 4097, 9000, 12287])
def test_after_last_finds_the_last_japanese_character_from_the_end(at):
    html = ["a"] * 12288
    if at is not None:
        html[at] = "推"
        html[max(0, at - 3000)] = "ジ"  # an earlier one
    text = "".join(html)
    expected = max((m.end() for m in JAPANESE.finditer(text)), default=-1)
    assert typeset_page._after_last(JAPANESE, text) == expected == (-1 if at is None else at + 1)


def test_mark_page_without_japanese_after_the_article_start_reads_no_article():
    calls: list[str] = []

    def counting(fragment: str) -> str:
        calls.append(fragment)
        return mark(fragment)

    html = '<body><a class="md-nav__link">推論の作成</a><article><h2>Workspace</h2><td>Jobs</td></article></body>'
    marked = mark_page(html, mark_short=counting, wrap_body=phrases.wrap_katakana, needs=JAPANESE)
    assert marked == html.replace("推論の作成", "推論の<wbr>作成")
    assert calls == ["推論の作成"]


# -------------------------------------------------------------------------------------------- markup


def test_tokens_cover_the_input_and_keep_raw_text():
    html = "<!doctype html><p class=\"a\" data-x='>'>x &amp; y<br/></p><script>if (a<b) {}</script><!-- c"
    kinds = [(t.kind, t.name, html[t.start : t.end]) for t in markup.tokens(html)]
    assert kinds == [
        ("other", "", "<!doctype html>"),
        ("start", "p", "<p class=\"a\" data-x='>'>"),
        ("text", "", "x &amp; y"),
        ("start", "br", "<br/>"),
        ("end", "p", "</p>"),
        ("start", "script", "<script>"),
        ("raw", "", "if (a<b) {}"),
        ("end", "script", "</script>"),
        ("other", "", "<!-- c"),
    ]
    assert markup.classes(' class="md-nav__link md-nav__link--active" href="#"') == (
        "md-nav__link",
        "md-nav__link--active",
    )
    assert markup.classes(" class=note") == ("note",)
    assert markup.classes(' href="#"') == ()


def test_decode_maps_characters_to_their_source():
    html = "<b>a&amp;b&#x30A2;</b>"
    assert markup.decode(html, 3, len(html) - 4) == [("a", 3, 4), ("&", 4, 9), ("b", 9, 10), ("ア", 10, 18)]


# -------------------------------------------------------------------------------------------- the adapter


def test_typesetter_memoizes_short_texts_and_leaves_non_html_templates_alone():
    typesetter = Typesetter()
    calls = []
    parse = typesetter.parse
    typesetter.parse = lambda chunk: calls.append(chunk) or parse(chunk)  # type: ignore[method-assign]
    html = "<nav>" + '<a class="md-nav__link">推論コンテナーの作成</a>' * 3 + "</nav>"
    assert (
        typesetter.on_post_page(html, page=None, config=None)
        == "<nav>" + '<a class="md-nav__link">推論コンテナーの<wbr>作成</a>' * 3 + "</nav>"
    )
    assert calls == ["推論コンテナーの作成"]
    sitemap = "<urlset><url><loc>推論の作成</loc></url></urlset>"
    assert typesetter.on_post_template(sitemap, template_name="sitemap.xml", config=None) is sitemap
    assert "<wbr>" in typesetter.on_post_template("<h1>推論の作成</h1>", template_name="404.html", config=None)
    typesetter.on_startup(command="build", dirty=False)
    assert typesetter.on_post_page(html, page=None, config=None).count("<wbr>") == 3
    assert calls == ["推論コンテナーの作成", "推論の作成", "推論コンテナーの作成"]


@pytest.mark.slow
def test_built_site_marks_pages_but_not_the_search_index(real_site):
    site = real_site.site_dir
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "wbr" not in index and "ts-kana" not in index
    docs = json.loads(index)["docs"]
    assert any("インストール" in doc["title"] for doc in docs)
    html = (site / "setup" / "python" / "index.html").read_text(encoding="utf-8")
    assert "の<wbr>バージョン" in html and '<span class="ts-kana">' in html
    assert '<link rel="stylesheet" href="../../assets/css/typeset.css">' in html


def test_cli_typesets_a_site_in_place_and_checks_it(tmp_path, capsys):
    from hooks.typeset.__main__ import main

    page = tmp_path / "a" / "index.html"
    page.parent.mkdir()
    page.write_text("<article><h2>推論コンテナーの作成</h2><p>ジョブ</p></article>", encoding="utf-8")
    assert main([str(tmp_path), "--check"]) == 1
    assert "a/index.html: page is not typeset (pages not typeset: 1)" in capsys.readouterr().err
    assert main([str(tmp_path)]) == 0
    assert (
        page.read_text(encoding="utf-8")
        == '<article><h2>推論コンテナーの<wbr>作成</h2><p><span class="ts-kana">ジョブ</span></p></article>'
    )
    assert main([str(tmp_path), "--check"]) == 0
    assert main([str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'missing'}: does not exist; build the site first (make build).\n"
    (tmp_path / "empty").mkdir()
    assert main([str(tmp_path / "empty")]) == 2  # typesetting no page is not a pass
    assert "holds no HTML page" in capsys.readouterr().err
    bad = tmp_path / "b" / "index.html"
    bad.parent.mkdir()
    bad.write_bytes(b"<article><p>caf\xe9</p></article>")
    assert main([str(tmp_path)]) == 1  # named with its line; the other pages are still typeset
    assert capsys.readouterr().err.startswith(f"{bad}:1: is not valid UTF-8: byte 0xe9 at offset 15 (line 1);")


def test_serve_marks_an_unchanged_page_once_and_a_build_marks_every_page():
    page_html = "<html><body><article><h1>機械学習のワークスペース</h1><p>データセット</p></article></body></html>"
    for command, expected_marks in (("serve", 2), ("build", 3)):
        setter = Typesetter()
        setter.on_startup(command=command, dirty=False)
        calls: list[str] = []

        def counted(html: str, calls: list[str] = calls, mark=setter.mark) -> str:
            calls.append(html)
            return mark(html)

        setter.mark = counted  # type: ignore[method-assign]
        first = setter.on_post_page(page_html, page=None, config=None)
        assert setter.on_post_page(page_html, page=None, config=None) == first  # a rebuild, page unchanged
        edited = setter.on_post_page(page_html.replace("データセット", "モデル"), page=None, config=None)
        assert "<wbr>" in first and '<span class="ts-kana">モデル</span>' in edited
        assert len(calls) == expected_marks


def test_memo_keeps_the_inserted_markup_and_gives_back_the_marked_page_exactly():
    from hooks.typeset import edits

    page = '<p>データとモデル</p><p><span class="x">ジョブ</span></p>'
    marked = '<p><span class="ts-kana">データ</span>と<wbr><span class="ts-kana">モデル</span></p><p><span class="x"><span class="ts-kana">ジョブ</span></span></p>'
    kept = edits.insertions(page, marked)
    assert isinstance(kept, tuple) and len(kept) == 14 and edits.apply(page, kept) == marked
    assert edits.insertions(page, page) == () and edits.apply(page, ()) == page
    changed = marked.replace("と", "&")  # not the page plus insertions: kept whole
    assert edits.insertions(page, changed) == changed and edits.apply(page, changed) == changed
    assert edits.insertions("<p>a</p>", "<p>a</p>x") == "<p>a</p>x"  # text added at the end


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "データ", "<p>", "</p>", "</span>", "<wbr>", '<span class="ts-kana">', "<span>", "x"]),
        max_size=20,
    ),
    st.data(),
)
def test_any_insertions_of_the_tokens_come_back_exactly(parts, data):
    from hooks.typeset import edits

    original = "".join(parts)
    bounds = [
        sum(len(p) for p in parts[:i]) for i in range(len(parts) + 1)
    ]  # where marking inserts: between tags and text
    cut = sorted(data.draw(st.lists(st.sampled_from(bounds), max_size=6)))
    tokens = data.draw(st.lists(st.sampled_from(edits.TOKENS), min_size=len(cut), max_size=len(cut)))
    pieces, last = [], 0
    for at, token in zip(cut, tokens):
        pieces += (original[last:at], token)
        last = at
    marked = "".join(pieces) + original[last:]
    kept = edits.insertions(original, marked)
    assert edits.apply(original, kept) == marked
    assert isinstance(kept, tuple)  # insertions of the tokens between tags and text are kept as insertions
    inside = edits.insertions(original + "</p>", marked + "<</wbr>/p>")  # "</wbr>" is none of the tokens
    assert isinstance(inside, str) and edits.apply(original + "</p>", inside) == marked + "<</wbr>/p>"
