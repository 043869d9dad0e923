"""Unit tests for hooks/seo/ (head tags, sitemap x-default, 404 routing) and the hook's error path."""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT, mkdocs_build

from hooks.core.problems import HookError
from hooks.seo import head, sitemap
from hooks.seo.notfound import NotFoundPages

SITE = "https://docs.example.org/azure-ml-intro/"
NS = {"s": sitemap.SITEMAP_NS, "x": sitemap.XHTML_NS}


def test_absolute_url_joins_site_relative_urls():
    assert head.absolute_url(SITE, "./") == SITE
    assert head.absolute_url(SITE, ".") == SITE
    assert head.absolute_url(SITE, "en/") == SITE + "en/"
    assert head.absolute_url(SITE.rstrip("/"), "concepts/workspace/") == SITE + "concepts/workspace/"
    assert head.absolute_url(SITE, "/en/concepts/x.html") == SITE + "en/concepts/x.html"


def test_absolute_url_needs_a_site_url():
    with pytest.raises(HookError) as err:
        head.absolute_url("", "en/")
    assert str(err.value) == (
        "mkdocs.yml: site_url is empty, so pages get no hreflang alternates; set site_url "
        "(or SITE_URL) to the address the site is published at."
    )


def test_alternate_links_are_absolute_with_x_default_to_the_default_language():
    links = head.alternate_links(SITE, {"ja": "concepts/workspace/", "en": "en/concepts/workspace/"}, "ja")
    assert links == [
        ("ja", SITE + "concepts/workspace/"),
        ("en", SITE + "en/concepts/workspace/"),
        ("x-default", SITE + "concepts/workspace/"),
    ]


def test_alternate_links_without_a_default_language_page_have_no_x_default():
    assert head.alternate_links(SITE, {"en": "en/only/"}, "ja") == [("en", SITE + "en/only/")]


def test_og_locale():
    assert (head.og_locale("ja"), head.og_locale("en"), head.og_locale("fr")) == ("ja_JP", "en_US", "fr")


def test_first_paragraph_takes_top_level_text_only():
    html = (
        '<h1 id="x">Title</h1><p><img src="a.svg" alt="fig"></p>'
        '<div class="admonition note"><p>Note text</p></div>'
        '<p>First <a href="#y">real</a> &amp; <code>paragraph</code>\n  here.</p><p>Second.</p>'
    )
    assert head.first_paragraph(html) == "First real & paragraph here."


def test_first_paragraph_ignores_generated_lists():
    assert head.first_paragraph("<h1>Glossary</h1><dl><dt>a</dt><dd><p>definition</p></dd></dl>") == ""
    assert head.first_paragraph("") == ""


def test_shorten_cuts_at_a_sentence_or_word_end():
    ja = "ワークスペースは最上位のリソースです。" * 3 + "あ" * 200
    short = head.shorten(ja, 60)
    assert short.endswith("。") and len(short) <= 60
    en = "The workspace is the top-level resource " * 10
    short = head.shorten(en, 50)
    assert short.endswith("…") and len(short) <= 50 and not short[:-1].endswith(" ")
    assert short == "The workspace is the top-level resource The…"
    assert head.shorten("short  text ") == "short text"


def test_page_description_prefers_front_matter_then_paragraph_then_title():
    html = "<p>Intro paragraph.</p>"
    assert head.page_description({"description": " Given. "}, html, title="T", site_description="S") == "Given."
    assert head.page_description({}, html, title="T", site_description="S") == "Intro paragraph."
    assert (
        head.page_description({}, "<dl><dd><p>x</p></dd></dl>", title="用語集", site_description="入門サイト")
        == "用語集: 入門サイト"
    )
    assert head.page_description({"description": 3}, "", title="", site_description="S") == "S"


SITEMAP = textwrap.dedent(f"""\
    <?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
        <url>
            <loc>{SITE}en/</loc>
            <xhtml:link rel="alternate" hreflang="ja" href="{SITE}"/>
            <xhtml:link rel="alternate" hreflang="en" href="{SITE}en/"/>
        </url>
        <url>
            <loc>{SITE}solo/</loc>
        </url>
    </urlset>
    """)


def test_add_x_default_adds_the_default_language_url_once():
    out = sitemap.add_x_default(SITEMAP, "ja")
    root = ET.fromstring(out.encode())
    first, solo = root.findall("s:url", NS)
    links = {l.get("hreflang"): l.get("href") for l in first.findall("x:link", NS)}
    assert links == {"ja": SITE, "en": SITE + "en/", "x-default": SITE}
    assert solo.findall("x:link", NS) == []
    assert sitemap.add_x_default(out, "ja") == out  # idempotent
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/')


@pytest.mark.parametrize(
    "bad, message",
    [
        (
            "<urlset><url>",
            r"^overrides/sitemap\.xml: renders XML that is not well-formed \(no element found: line 1, "
            r"column 13\); check overrides/sitemap\.xml or the i18n plugin\.$",
        ),
        (
            "<html xmlns='http://www.w3.org/1999/xhtml'/>",
            r"^overrides/sitemap\.xml: renders the root element "
            r"'\{http://www\.w3\.org/1999/xhtml\}html', not a sitemap <urlset>; check overrides/sitemap\.xml or the i18n plugin\.$",
        ),
    ],
)
def test_add_x_default_rejects_what_is_not_a_sitemap(bad, message):
    with pytest.raises(HookError, match=message):
        sitemap.add_x_default(bad, "ja", label="overrides/sitemap.xml")


def test_not_found_pages_keep_the_default_language_at_the_root(tmp_path):
    pages = NotFoundPages()
    assert pages.route("JA", lang="ja", default_lang="ja", site_dir=tmp_path) == "JA"
    assert pages.route("EN", lang="en", default_lang="ja", site_dir=tmp_path) == "JA"
    assert (tmp_path / "en" / "404.html").read_text() == "EN"
    assert pages.route("JA", lang="ja", default_lang="ja", site_dir=tmp_path, offline=True) == ""


def test_not_found_pages_without_a_default_build_keep_the_output(tmp_path):
    assert NotFoundPages().route("EN", lang="en", default_lang="ja", site_dir=tmp_path) == "EN"


@pytest.mark.slow
def test_broken_sitemap_template_fails_the_build_with_a_clear_message(tmp_path):
    """The hook's error path: a sitemap template that renders something that is not a sitemap."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nText.\n")
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "sitemap.xml").write_text("<urlset><url>\n")
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(f"""\
        site_name: Fixture
        site_url: {SITE}
        theme: {{name: material, custom_dir: overrides}}
        plugins: [search]
        hooks: ["{ROOT / "hooks" / "seo" / "hook.py"}"]
        """)
    )
    build = mkdocs_build(tmp_path, tmp_path / "site")
    assert build.returncode != 0
    assert (
        "ERROR   -  overrides/sitemap.xml: renders XML that is not well-formed (no element found: line 1, "
        "column 13); check overrides/sitemap.xml or the i18n plugin."
    ) in build.log.splitlines(), build.log


JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]+")


def _without_language_switcher(html: str) -> str:
    return re.sub(r'<a [^>]*hreflang="ja"[^>]*class="md-select__link"[^>]*>\s*日本語\s*</a>', "", html)


@pytest.mark.slow
def test_the_english_404_page_and_english_footers_hold_no_japanese(real_site):
    """Apart from the language switcher's '日本語', /en/404.html and the footer of every English page are English."""
    site = real_site.site_dir
    not_found = _without_language_switcher((site / "en" / "404.html").read_text(encoding="utf-8"))
    assert JAPANESE.findall(not_found) == []
    assert "Page not found (404)" in not_found and "Introduction to Azure Machine Learning contributors" in not_found
    pages = sorted((site / "en").rglob("index.html"))
    assert len(pages) >= 15
    for page in pages:
        html = page.read_text(encoding="utf-8")
        footer = html[
            html.index('<footer class="md-footer">') : html.index("</footer>", html.index('<footer class="md-footer">'))
        ]
        assert JAPANESE.findall(footer) == [], page
        assert (
            "&copy; Introduction to Azure Machine Learning contributors" in html
            or "© Introduction to Azure Machine Learning contributors" in html
        ), page
    # the Japanese pages keep the Japanese notice
    assert "Azure Machine Learning 入門 contributors" in (site / "index.html").read_text(encoding="utf-8")


def _parser_first_paragraph(html: str) -> str:
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(html or "<p></p>").body
    texts = [re.sub(r"\s+", " ", node.text(deep=True)).strip() for node in body.iter() if node.tag == "p"]
    return next((text for text in texts if text), "")


@pytest.mark.parametrize(
    ("html", "scanned"),
    [
        (
            '<html><head></head><body><h1 id="a">T<a class="headerlink" href="#a">¶</a></h1>\n<p>A <a href="x" '
            'title="1 > 0">b</a> &amp; c<br>d</p></body></html>',
            True,
        ),
        (
            '<div class="admonition"><p>inside</p></div>\n<p><img src="x.png" alt="x"></p>\n<p>Top <code>x</code>.</p>',
            True,
        ),
        ("<ul><li><p>in a list</p></li></ul><p>after</p>", True),
        ("<table><tr><td><p>cell</p></td></tr></table><p>after</p>", True),
        # what only the parser reads the same way
        ("<table><p>moved out of the table</p><tr><td>x</td></tr></table>", False),
        ("<p>a<div>block</div>b</p>", False),  # a block ends the paragraph
        ("<p>a<hr>b</p>", False),
        ("<!-- <p>comment</p> --><p>real</p>", False),
        ("<div><p>a</div><p>b</p>", False),  # closed out of order
        ("<p>a < b</p>", False),
        ("<svg><p>out of the svg</p></svg>", False),
    ],
)
def test_first_paragraph_scanned_without_the_parser_reads_as_the_parser_does(html, scanned):
    assert (head._plain_first_paragraph(html) is not None) is scanned
    assert head.first_paragraph(html) == _parser_first_paragraph(html)


@pytest.mark.parametrize(
    ("urls", "plain"),
    [
        (
            '<url><loc>a?x=1&amp;y="2"</loc><lastmod>2026-12-01</lastmod>'
            '<xhtml:link rel="alternate" hreflang="en" href="a&lt;b&#10;"/></url><url><loc>b</loc><priority/></url>',
            True,
        ),
        ("<url><loc>only</loc></url>", True),  # no alternates: no xhtml namespace declared
        # other shapes are written by ElementTree itself
        ("<url><loc>a</loc><image:image><image:loc>i</image:loc></image:image></url>", False),
        ('<url a="1"><loc>a</loc></url>', False),
        ("<url><loc>a</loc>text</url>", False),
        ("<url/>", False),
        ("<other><loc>a</loc></other>", False),
    ],
)
def test_add_x_default_writes_what_element_tree_writes(urls, plain):
    xml = (
        f'<urlset xmlns="{sitemap.SITEMAP_NS}" xmlns:xhtml="{sitemap.XHTML_NS}" '
        f'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">{urls}</urlset>'
    )
    ET.register_namespace("", sitemap.SITEMAP_NS)
    ET.register_namespace("xhtml", sitemap.XHTML_NS)
    root = ET.fromstring(xml)
    assert (sitemap._plain_text(root) is not None) is plain
    ET.indent(root, space="    ")
    expected = ET.tostring(root, encoding="unicode")
    assert sitemap.add_x_default(xml, "ja") == '<?xml version="1.0" encoding="UTF-8"?>\n' + expected + "\n"


def _element_tree_x_default(xml: str, default_lang: str) -> str:
    """add_x_default as ElementTree alone does it: parse, add, indent, write."""
    ET.register_namespace("", sitemap.SITEMAP_NS)
    ET.register_namespace("xhtml", sitemap.XHTML_NS)
    root = ET.fromstring(xml.encode())
    for url in root.findall("s:url", NS):
        langs = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        if "x-default" not in langs and default_lang in langs:
            ET.SubElement(
                url, f"{{{sitemap.XHTML_NS}}}link", rel="alternate", hreflang="x-default", href=langs[default_lang]
            )
    ET.indent(root, space="    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{sitemap.SITEMAP_NS}" xmlns:xhtml="{sitemap.XHTML_NS}">'
)


@pytest.mark.parametrize(
    ("urls", "regular"),
    [
        (SITEMAP.split('xhtml">', 1)[1].rsplit("</urlset>", 1)[0], True),
        (
            "\r\n <url><loc>a?x=1&amp;y=&lt;2&gt;</loc>\t<lastmod>2026-12-01</lastmod>"
            '<xhtml:link rel="alternate" hreflang="en" href="e?a=1&amp;b=2"/>'
            '<xhtml:link rel="alternate" hreflang="ja" href="j/" />'
            '<xhtml:link rel="alternate" hreflang="ja" href="j2/"/></url>\n',
            True,
        ),
        ('<url><loc>ページ</loc><xhtml:link rel="alternate" hreflang="en" href="e/"/></url>', True),
        (
            '<url><loc>x</loc><xhtml:link rel="alternate" hreflang="ja" href="j/"/>'
            '<xhtml:link rel="alternate" hreflang="x-default" href="d/"/></url>',
            True,
        ),
        ("<url><loc>only</loc></url><url><loc>b</loc><priority>0.5</priority></url>", True),
        # what only ElementTree writes the same way: a reference, a quote, other attributes or their order
        ('<url><loc>a&#38;b</loc><xhtml:link rel="alternate" hreflang="ja" href="j/"/></url>', False),
        ("<url><loc>it's</loc></url>", False),
        ('<url><loc>a</loc><xhtml:link hreflang="ja" rel="alternate" href="j/"/></url>', False),
        ('<url><loc>a</loc><xhtml:link rel="alternate" hreflang="ja" href="j/" type="x"/></url>', False),
        ("<url><loc></loc></url>", False),
        ("<url><loc>a</loc>\u3000</url>", False),
    ],
)
def test_add_x_default_reads_the_template_shape_without_a_parser(urls, regular):
    xml = _HEAD + urls + "</urlset>\n"
    assert (sitemap._regular_text(xml, "ja") is not None) is regular
    assert sitemap.add_x_default(xml, "ja") == _element_tree_x_default(xml, "ja")


_DOC = "<html><head></head><body>{}</body></html>"


@pytest.mark.parametrize(
    ("html", "scanned"),
    [
        # a heading then a paragraph of text and inline elements: read with one match
        (
            _DOC.format(
                '<h1 id="a">T<a class="headerlink" href="#a">¶</a></h1>\n<p>A <a title="1 > 0">b</a> &amp; <code>c</code><br/>d</p>'
            ),
            True,
        ),
        (
            '<h2>x</h2>\n<h3 class="y">z <em>w</em></h3><p class="lead">one <img src="i.png" alt="">two</p><p>2</p>',
            True,
        ),
        # closed by another name: what the tag scan or the parser reads
        ("<p>a<b>x</i>y</p>", False),
        ("<h1>T</h2>\n<p>text</p>", False),
        ("<h1><h2>a</h2><p>text</p></h1><p>later</p>", False),  # the h2 closes the h1: the parser's first paragraph
        # no top-level paragraph with text: the tag scan reads to the end of the page
        (_DOC.format('<h1 id="s">S</h1>\n<ul>\n<li><a href="a/">A</a></li>\n<li><a href="b/">B</a></li>\n</ul>'), True),
        (_DOC.format("<h1>S</h1>\n<p><img src='x.png'></p>\n<div><p>in a div</p></div>"), True),
        ("<h1>S</h1>\n<div><p>open</p>", False),
        ("<h1>S</h1>\n<ul><li>a</li></ul>\0", False),
    ],
)
def test_first_paragraph_of_common_pages_reads_as_the_parser_does(html, scanned):
    assert (head._plain_first_paragraph(html) is not None) is scanned
    assert head.first_paragraph(html) == _parser_first_paragraph(html)


@pytest.mark.parametrize("character", ["\ufffe", "\ud800"])
def test_add_x_default_leaves_characters_xml_does_not_allow_to_the_parser(character):
    xml = _HEAD + f'<url><loc>a{character}</loc><xhtml:link rel="alternate" hreflang="ja" href="j/"/></url></urlset>\n'
    assert sitemap._regular_text(xml, "ja") is None
    assert sitemap._regular_text(xml.replace(character, "b"), "ja") is not None
