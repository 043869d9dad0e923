"""The markers extension (hooks/markers/): markers and term links found by Markdown, never inside code."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks.core.problems import HookError
from hooks.markers import Marker, MarkersExtension, PageContext, RenderContext, fail, install
from hooks.markers.page import front_matter_lines
from tests.conftest import ROOT, mkdocs_build

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.superfences", "pymdownx.details"]


def echo(marker: Marker, ctx: RenderContext) -> str:
    if "bad" in marker.args:
        raise fail(marker, "argument 'bad' is not allowed")
    return f"[{marker.name} {' '.join(marker.args)} {ctx.lang}]"


class Terms:
    """A TermLinks that links every id to '#id' and records what it saw."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str | None, int | None]] = []

    def link(self, term_id, text, line, page):
        self.seen.append((term_id, text, line))
        element = etree.Element("a", {"href": f"#{term_id}"})
        element.text = text or term_id
        return element

    def finish(self, root, page):
        pass


def convert(source: str, renderers=None, terms=None, extensions=EXTENSIONS) -> tuple[str, list[str], MarkersExtension]:
    ext = MarkersExtension()
    ext.add({"test-echo": echo, **(renderers or {})}, terms=terms)
    ext.begin(PageContext(src_uri="page.md", label="docs/page.md", lang="ja"))
    html = markdown.markdown(source, extensions=[ext, *extensions])
    return html, [str(p) for p in ext.end()], ext


def test_marker_with_name_args_and_line():
    seen = []
    html, problems, _ = convert(
        "# Title\n\n<!-- test-echo: a b -->\n\ntext <!-- not-a-marker --> inline\n",
        {"test-echo": lambda m, c: seen.append(m) or "expanded"},
    )
    assert problems == []
    assert seen == [Marker("test-echo", ("a", "b"), 3, "docs/page.md")]
    assert "<p>expanded</p>" in html and "<!-- not-a-marker -->" in html


def test_markers_expand_to_markdown_with_raw_html():
    html, problems, _ = convert(
        "<!-- test-echo -->\n\nafter\n",
        {"test-echo": lambda m, c: '## Heading { #h }\n\n<dl class="x">\n<dt>a</dt>\n</dl>\n'},
    )
    assert problems == []
    assert html == '<h2 id="h">Heading</h2>\n<dl class="x">\n<dt>a</dt>\n</dl>\n<p>after</p>'


@pytest.mark.parametrize(
    "source",
    [
        "```html\n<!-- test-echo: x -->\n```\n",  # fenced (backticks)
        "~~~~\n<!-- test-echo -->\n~~~~\n",  # fenced (tildes)
        "text\n\n    <!-- test-echo -->\n",  # indented code block
        "<pre>\n<!-- test-echo -->\n</pre>\n",  # raw <pre>
        "`<!-- test-echo -->`\n",  # code span
        "> ```\n> <!-- test-echo -->\n> ```\n",  # fence in a quote
    ],
)
def test_markers_in_any_kind_of_code_stay_literal(source):
    html, problems, _ = convert(source)
    assert problems == [] and "[test-echo" not in html
    assert "test-echo" in html.replace("&lt;", "<")


def test_glossary_marker_in_an_indented_code_block_is_code():
    html, problems, _ = convert("Example:\n\n    <!-- glossary -->\n", {"glossary": lambda m, c: "INDEX"})
    assert (html, problems) == ("<p>Example:</p>\n<pre><code>&lt;!-- glossary --&gt;\n</code></pre>", [])


def test_markers_in_admonitions_lists_and_details_are_expanded():
    source = '!!! note\n    <!-- test-echo: a -->\n\n- item\n\n    <!-- test-echo: b -->\n\n??? tip "x"\n    <!-- test-echo: c -->\n'
    html, problems, _ = convert(source)
    assert problems == []
    assert [part in html for part in ("[test-echo a ja]", "[test-echo b ja]", "[test-echo c ja]")] == [True] * 3


def test_unknown_marker_names_file_line_and_known_names():
    html, problems, _ = convert("x\n\n<!-- test-ecko: a -->\n", {"other": echo})
    assert problems == [
        "docs/page.md:3: marker 'test-ecko' is not a known generator (known: 'other', 'test-echo'); "
        "fix the name or write the comment on a line with other text."
    ]
    assert "test-ecko" not in html.replace("<!--", "")


def test_generator_complaint_names_file_and_line():
    _, problems, _ = convert("x\n\n<!-- test-echo: bad -->")
    assert problems == ["docs/page.md:3: marker 'test-echo': argument 'bad' is not allowed."]
    with pytest.raises(HookError, match=r"^docs/p\.md:2: marker 'x': y\.$"):
        raise fail(Marker("x", (), 2, "docs/p.md"), "y")


@pytest.mark.parametrize(
    ("source", "message", "renders"),
    [
        (
            "<!-- Test-Echo: a -->",
            "marker '<!-- Test-Echo: a -->' is not well-formed: marker names are lowercase; "
            "write '<!-- test-echo: a -->'.",
            True,
        ),
        (
            "<!-- test-echo a b -->",
            "marker '<!-- test-echo a b -->' is not well-formed: a colon must follow the name; "
            "write '<!-- test-echo: a b -->'.",
            True,
        ),
        (
            "<!-- test-echo: a",
            "marker '<!-- test-echo: a' has no closing '-->'; end it on the same line: '<!-- test-echo: a -->'.",
            True,
        ),
        (
            "<!-- TODO fix this -->",
            "comment '<!-- TODO fix this -->' looks like a marker but is not well-formed; write "
            "'<!-- name -->' or '<!-- name: arguments -->' with a lowercase name, or put the comment "
            "on a line with other text.",
            False,
        ),
    ],
)
def test_malformed_markers_are_errors_with_the_line(source, message, renders):
    html, problems, _ = convert(f"# T\n\ntext\n\n{source}\n\nafter\n")
    assert problems == [f"docs/page.md:5: {message}"]
    assert ("[test-echo a" in html) is renders  # rendered anyway when the intended name is known
    assert "&lt;!--" not in html and "<p>after</p>" in html


def test_unclosed_marker_does_not_swallow_the_page():
    html, problems, _ = convert("<!-- test-echo\n\nmiddle\n\n<!-- test-echo: z -->\n\nend\n")
    assert problems == [
        "docs/page.md:1: marker '<!-- test-echo' has no closing '-->'; end it on the same line: '<!-- test-echo -->'."
    ]
    assert [w in html for w in ("[test-echo  ja]", "<p>middle</p>", "[test-echo z ja]", "<p>end</p>")] == [True] * 4


def test_multi_line_and_free_text_comments_are_not_markers():
    html, problems, _ = convert("<!--\nnote to editors\n-->\n\n<!-- この節は後で直す -->\n\n<!-- 2024: x -->\n")
    assert problems == [] and html.count("<!--") == 3


def test_term_links_are_found_by_markdown_and_keep_their_line():
    terms = Terms()
    source = (
        "[[a]] in text\n\n`[[b]]`\n\n    [[c]]\n\n<pre>[[d]]</pre>\n\n```\n[[e]]\n```\n\n"
        "| x | [[f|shown text]] |\n|---|---|\n| y | z |\n\n!!! note\n    [[g]]\n"
    )
    html, problems, _ = convert(source, terms=terms)
    assert problems == []
    assert sorted(terms.seen) == [("a", None, 1), ("f", "shown text", 13), ("g", None, 18)]
    for literal in ("<code>[[b]]</code>", "<code>[[c]]\n</code>", "<pre>[[d]]</pre>", "[[e]]"):
        assert literal in html
    assert '<th><a href="#f">shown text</a></th>' in html  # the '|' did not split the table cell
    assert not any(ch in html for ch in "\x0e\x0f\x1f"), repr(html)  # no line tag, no stand-in for '|' is left


def test_without_term_links_the_syntax_stays_as_written():
    html, _, _ = convert("a [[x|y]] b\n\n| c | [[p|q]] |\n|---|---|\n")
    assert "a [[x|y]] b" in html and "[[p" in html


def test_front_matter_lines_count_back_into_line_numbers():
    assert front_matter_lines("---\ntitle: x\n---\n# T\n") == 3
    assert front_matter_lines("# T\n---\n") == 0


def test_install_returns_one_extension_per_config():
    config = {"markdown_extensions": ["toc"]}
    first = install(config)
    first.add({"a": echo})
    second = install(config)
    second.add({"b": echo})
    assert first is second and sorted(first.renderers) == ["a", "b"] and config["markdown_extensions"][0] == "toc"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "<!-- test-echo: a -->",
                "<!-- Test-Echo -->",
                "<!-- test-echo",
                "-->",
                "[[x]]",
                "[[x|y]]",
                "[[",
                "]]",
                "|",
                "```",
                "~~~",
                "    ",
                "> ",
                "- ",
                "!!! note",
                "<pre>",
                "</pre>",
                "`",
                "text",
                "テキスト",
                "\n",
                "\n\n",
                "<!--",
                "# h",
                "| a | b |",
                "|---|---|",
            ]
        ),
        max_size=30,
    )
)
def test_any_markdown_converts_and_leaves_no_private_characters(parts):
    html, problems, _ = convert("".join(parts), terms=Terms())
    assert not any(0xF0000 <= ord(ch) <= 0xFFFFD for ch in html)
    assert all(p.startswith("docs/page.md:") and p.endswith(".") for p in problems)


def test_fixture_site_with_unknown_marker_fails_strict_build(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        "# Home\n\ntext\n\n<!-- no-such-generator -->\n\n    <!-- in-code -->\n", encoding="utf-8"
    )
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nhooks:\n  - {ROOT / 'hooks' / 'markers' / 'hook.py'}\n", encoding="utf-8"
    )
    build = mkdocs_build(tmp_path, tmp_path / "site")
    assert build.returncode != 0
    assert build.warnings == [
        "ERROR   -  docs/index.md:5: marker 'no-such-generator' is not a known generator "
        "(known: none); fix the name or write the comment on a line with other text."
    ], build.log


def test_a_marker_rendered_again_is_replayed_and_gives_the_same_html():
    rendered = "2026 lead <code>x</code>.\n\n<table>\n<tr><td>cell</td></tr>\n</table>\n\n- one [PEP](https://peps.example/)\n- two\n"
    renderers = {"test-echo": lambda m, c: rendered}
    source = "# Page\n\n<div>raw</div>\n\n<!-- test-echo -->\n\n- item\n\n    <!-- test-echo -->\n\n<!-- test-echo -->\n\nafter\n"
    ext = MarkersExtension()
    ext.add(renderers)
    pages = []
    for _ in range(2):  # one extension for a build, a Markdown instance per page, as in MkDocs
        ext.begin(PageContext(src_uri="page.md", label="docs/page.md", lang="ja"))
        pages.append(markdown.markdown(source, extensions=[ext, *EXTENSIONS]))
    fresh, problems, _ = convert(source, renderers)
    assert list(ext.parsed) == [rendered]  # top-level markers replay; the one in the list item is parsed
    assert pages == [fresh, fresh] and problems == []
    assert fresh.count("<table>") == 3 and fresh.count('<a href="https://peps.example/">PEP</a>') == 3


def test_generated_markdown_that_depends_on_its_place_is_parsed_each_time():
    ext = MarkersExtension()
    for text in ("- a list item\n", "    indented\n", "[ref]: https://example.org/\n", "1. first\n", "<!-- x -->\n"):
        ext.add({"test-echo": lambda m, c, text=text: text})
        ext.begin(PageContext(src_uri="page.md", label="docs/page.md", lang="ja"))
        markdown.markdown("<!-- test-echo -->\n", extensions=[ext, *EXTENSIONS])
    assert ext.parsed == {}


SITE_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc"]


@pytest.mark.parametrize(
    ("rendered", "raw"),
    [
        (
            '## Group { #g }\n\n<dl class="x">\n<dt id="a">a <!--note--></dt>\n<dd><p>b</p></dd>\n</dl>\n\n'
            '## Next\n\n<nav>\n<a href="#g">G</a>\n</nav>\n',
            2,
        ),
        (
            '2026 lead <code>x</code>.\n\n<div class="t">\n<table>\n<tr><td>cell</td></tr>\n</table>\n</div>\n\n'
            "- one [PEP](https://peps.example/)\n- two\n",
            1,
        ),
        ("\n\n\n<div>\n<p>x</p>\n</div>\n\n\n\nlast line\n", 1),
    ],
)
def test_blocks_render_as_the_markdown_they_were_split_from(rendered, raw):
    from hooks.markers import Blocks

    blocks = Blocks.split(rendered)
    assert [is_raw for _, is_raw in blocks.parts].count(True) == raw
    source = "# Page\n\n<!-- test-echo -->\n\nafter\n\n<!-- test-echo -->\n"
    as_text, problems, _ = convert(source, {"test-echo": lambda m, c: rendered}, extensions=SITE_EXTENSIONS)
    ext = MarkersExtension()
    ext.add({"test-echo": lambda m, c: blocks})
    pages = []
    for _ in range(2):  # the second page replays what the first parsed, when it can be replayed
        ext.begin(PageContext(src_uri="page.md", label="docs/page.md", lang="ja"))
        pages.append(markdown.markdown(source, extensions=[ext, *SITE_EXTENSIONS]))
    assert problems == [] and ext.end() == []
    assert pages == [as_text, as_text]
    assert list(ext.parsed) == ([] if "<!--" in rendered else [blocks])


class _OwnLinks(markdown.extensions.Extension):
    """Replaces Python-Markdown's link pattern by one of another class (as a third-party extension might)."""

    def extendMarkdown(self, md):
        link = md.inlinePatterns["link"]

        class OtherLink(markdown.inlinepatterns.InlineProcessor):
            def handleMatch(self, m, data):
                return link.handleMatch(m, data)

        md.inlinePatterns.register(OtherLink(link.pattern, md), "link", 160)


def test_term_links_are_read_by_the_link_pattern_not_by_a_pattern_of_their_own():
    ext = MarkersExtension()
    ext.add(terms=Terms())
    plain, with_terms = markdown.Markdown(extensions=EXTENSIONS), markdown.Markdown(extensions=[*EXTENSIONS, ext])
    assert len(with_terms.inlinePatterns) == len(plain.inlinePatterns)  # each pattern is tried on every text
    names = [sorted((i.priority, i.name) for i in md.inlinePatterns._priority) for md in (plain, with_terms)]
    assert names[0] == names[1]  # the link pattern is replaced where it was
    assert type(with_terms.inlinePatterns["link"]).__name__ == "_TermsAndLinks"
    other = markdown.Markdown(extensions=[*EXTENSIONS, _OwnLinks(), MarkersExtension()])
    assert "hooks_terms" in other.inlinePatterns  # a link pattern of another kind: term links get their own


@pytest.mark.parametrize(
    "source, expected, seen",
    [
        ("注意![[a]]です", '<p>注意!<a href="#a">a</a>です</p>', [("a", None, 1)]),
        ("[[a]](https://x.test/)", '<p><a href="https://x.test/">[a]</a></p>', []),  # a link, as before
        ("[[a]] [x]", '<p><a href="#a">a</a> [x]</p>', [("a", None, 1)]),
        ("[x [[a]]", '<p>[x <a href="#a">a</a></p>', [("a", None, 1)]),
        ("**[[a|b]]**", '<p><strong><a href="#a">b</a></strong></p>', [("a", "b", 1)]),
        (
            "[p [[a]] *q* [[b|c]] r](https://x.test/)",
            '<p><a href="https://x.test/">p <a href="#a">a</a> <em>q</em> <a href="#b">c</a> r</a></p>',
            [("a", None, 1), ("b", "c", 1)],
        ),
        ("![図 [[a]]](f.png)", '<p><img alt="図 a" src="f.png" /></p>', [("a", None, 1)]),  # the term's text
        ("<span title='[[a]]'>t</span> <!-- [[b]] -->", "<p><span title='[[a]]'>t</span> <!-- [[b]] --></p>", []),
    ],
)
def test_term_links_where_links_images_and_raw_html_are(source, expected, seen):
    terms = Terms()
    html, problems, _ = convert(source, terms=terms)
    assert (html, problems, terms.seen) == (expected, [], seen)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "[[a]]",
                "[[b|c d]]",
                "[[",
                "]]",
                "[",
                "]",
                "(https://x.test/)",
                "[r]",
                "\n\n[r]: https://r.test/\n",
                "*",
                "**",
                "`",
                "<b>",
                "</b>",
                "<!--",
                "-->",
                "|",
                "テキスト",
                " ",
                "\n",
                "\n\n",
                "# ",
                "    ",
                "> ",
            ]
        ),
        max_size=25,
    )
)
def test_term_links_read_at_links_give_what_a_pattern_of_their_own_gives(parts):
    source = "".join(parts)
    first, second = Terms(), Terms()
    at_links, problems, _ = convert(source, terms=first)
    own_pattern, problems_own, _ = convert(source, terms=second, extensions=[*EXTENSIONS, _OwnLinks()])
    assert (at_links, problems, first.seen) == (own_pattern, problems_own, second.seen)
