"""Unit tests for hooks/seo.py (head tags, sitemap x-default, 404 routing) and the hook's error path."""
from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT, mkdocs_build
from hooks import seo

SITE = "https://docs.example.org/azure-ml-intro/"
NS = {"s": seo.SITEMAP_NS, "x": seo.XHTML_NS}


def test_absolute_url_joins_site_relative_urls():
    assert seo.absolute_url(SITE, "./") == SITE
    assert seo.absolute_url(SITE, ".") == SITE
    assert seo.absolute_url(SITE, "en/") == SITE + "en/"
    assert seo.absolute_url(SITE.rstrip("/"), "concepts/workspace/") == SITE + "concepts/workspace/"
    assert seo.absolute_url(SITE, "/en/concepts/x.html") == SITE + "en/concepts/x.html"


def test_absolute_url_needs_a_site_url():
    with pytest.raises(ValueError, match=r"^site_url is empty; set site_url \(or SITE_URL\)"):
        seo.absolute_url("", "en/")


def test_alternate_links_are_absolute_with_x_default_to_the_default_language():
    links = seo.alternate_links(SITE, {"ja": "concepts/workspace/", "en": "en/concepts/workspace/"}, "ja")
    assert links == [("ja", SITE + "concepts/workspace/"), ("en", SITE + "en/concepts/workspace/"),
                     ("x-default", SITE + "concepts/workspace/")]


def test_alternate_links_without_a_default_language_page_have_no_x_default():
    assert seo.alternate_links(SITE, {"en": "en/only/"}, "ja") == [("en", SITE + "en/only/")]


def test_og_locale():
    assert (seo.og_locale("ja"), seo.og_locale("en"), seo.og_locale("fr")) == ("ja_JP", "en_US", "fr")


def test_first_paragraph_takes_top_level_text_only():
    html = ('<h1 id="x">Title</h1><p><img src="a.svg" alt="fig"></p>'
            '<div class="admonition note"><p>Note text</p></div>'
            '<p>First <a href="#y">real</a> &amp; <code>paragraph</code>\n  here.</p><p>Second.</p>')
    assert seo.first_paragraph(html) == "First real & paragraph here."


def test_first_paragraph_ignores_generated_lists():
    assert seo.first_paragraph("<h1>Glossary</h1><dl><dt>a</dt><dd><p>definition</p></dd></dl>") == ""
    assert seo.first_paragraph("") == ""


def test_shorten_cuts_at_a_sentence_or_word_end():
    ja = "ワークスペースは最上位のリソースです。" * 3 + "あ" * 200
    short = seo.shorten(ja, 60)
    assert short.endswith("。") and len(short) <= 60
    en = "The workspace is the top-level resource " * 10
    short = seo.shorten(en, 50)
    assert short.endswith("…") and len(short) <= 50 and not short[:-1].endswith(" ")
    assert short == "The workspace is the top-level resource The…"
    assert seo.shorten("short  text ") == "short text"


def test_page_description_prefers_front_matter_then_paragraph_then_title():
    html = "<p>Intro paragraph.</p>"
    assert seo.page_description({"description": " Given. "}, html, title="T", site_description="S") == "Given."
    assert seo.page_description({}, html, title="T", site_description="S") == "Intro paragraph."
    assert seo.page_description({}, "<dl><dd><p>x</p></dd></dl>", title="用語集",
                                site_description="入門サイト") == "用語集: 入門サイト"
    assert seo.page_description({"description": 3}, "", title="", site_description="S") == "S"


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
    out = seo.add_x_default(SITEMAP, "ja")
    root = ET.fromstring(out.encode())
    first, solo = root.findall("s:url", NS)
    links = {l.get("hreflang"): l.get("href") for l in first.findall("x:link", NS)}
    assert links == {"ja": SITE, "en": SITE + "en/", "x-default": SITE}
    assert solo.findall("x:link", NS) == []
    assert seo.add_x_default(out, "ja") == out  # idempotent
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/')


@pytest.mark.parametrize("bad, message", [
    ("<urlset><url>", r"^sitemap\.xml is not well-formed XML \("),
    ("<html xmlns='http://www.w3.org/1999/xhtml'/>", r"^sitemap\.xml root element is '\{http://www\.w3\.org/1999/xhtml\}html', not a sitemap <urlset>\.$"),
])
def test_add_x_default_rejects_what_is_not_a_sitemap(bad, message):
    with pytest.raises(ValueError, match=message):
        seo.add_x_default(bad, "ja")


def test_not_found_pages_keep_the_default_language_at_the_root(tmp_path):
    pages = seo.NotFoundPages()
    assert pages.route("JA", lang="ja", default_lang="ja", site_dir=tmp_path) == "JA"
    assert pages.route("EN", lang="en", default_lang="ja", site_dir=tmp_path) == "JA"
    assert (tmp_path / "en" / "404.html").read_text() == "EN"
    assert pages.route("JA", lang="ja", default_lang="ja", site_dir=tmp_path, offline=True) == ""


def test_not_found_pages_without_a_default_build_keep_the_output(tmp_path):
    assert seo.NotFoundPages().route("EN", lang="en", default_lang="ja", site_dir=tmp_path) == "EN"


@pytest.mark.slow
def test_broken_sitemap_template_fails_the_build_with_a_clear_message(tmp_path):
    """The hook's error path: a sitemap template that renders something that is not a sitemap."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nText.\n")
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "sitemap.xml").write_text("<urlset><url>\n")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: Fixture
        site_url: {SITE}
        theme: {{name: material, custom_dir: overrides}}
        plugins: [search]
        hooks: ["{ROOT / 'hooks' / 'seo_hook.py'}"]
        """))
    build = mkdocs_build(tmp_path, tmp_path / "site")
    assert build.returncode != 0
    assert ("ERROR   -  theme template 'sitemap.xml': sitemap.xml is not well-formed XML (no element found: "
            "line 1, column 13). Check overrides/sitemap.xml or the i18n plugin.") in build.log.splitlines(), build.log
