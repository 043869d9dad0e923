"""Tests of hooks/linkcheck/ (reader, resolver, source map, CLI, fixture site, external checks, robustness)
and of its hook (strict builds of small i18n projects and of the real site)."""

from __future__ import annotations

import asyncio
import http.server
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import ROOT, copy_project, mkdocs_build, plant_broken_link

from hooks.linkcheck import external, parse, resolve, sourcemap
from hooks.linkcheck import settings as lc_settings
from hooks.linkcheck.__main__ import read_config
from hooks.linkcheck.resolve import LinkProblem, Options

FIXTURE = ROOT / "tests" / "fixtures" / "linksite"
SITE_URL = "https://example.org/site/"

# Every planted defect of tests/fixtures/linksite at its file and line; nothing else (no false alarm).
EXPECTED = """\
concepts/compute/index.html:12: link '#compute-type' points to anchor 'compute-type', which 'concepts/compute/index.html' does not define.
concepts/index.html:9: link '../en/concepts/' points to directory 'en/concepts/', which has no index.html.
en/concepts/compute/index.html:9: link '../../../../escape.html' points outside the site root; use a link inside the site.
en/index.html:8: link 'concepts/Compute/' points to 'en/concepts/Compute/index.html', which does not exist; the file is named 'en/concepts/compute/index.html' (case differs).
index.html:7: link 'assets/css/missing.css' points to 'assets/css/missing.css', which does not exist.
index.html:12: link 'assets/js/missing.js' points to 'assets/js/missing.js', which does not exist.
index.html:44: link 'concepts/missing/' points to 'concepts/missing/index.html', which does not exist.
index.html:45: link 'assets/img/photo.png' points to 'assets/img/photo.png', which does not exist; the file is named 'assets/img/Photo.png' (case differs).
index.html:46: link 'empty/' points to directory 'empty/', which has no index.html.
index.html:47: link 'concepts/compute/#no-such-anchor' points to anchor 'no-such-anchor', which 'concepts/compute/index.html' does not define.
index.html:48: link 'concepts/compute/#%E3%81%AA%E3%81%84' points to anchor 'ない', which 'concepts/compute/index.html' does not define.
index.html:49: link '../outside.html' points outside the site root; use a link inside the site.
index.html:50: link 'file:///etc/passwd' uses the file: scheme, which works only on the author's machine; use a relative link.
index.html:50: link 'javascript:alert(1)' uses the javascript: scheme; use a real URL, or a button for a script.
index.html:51: link '/other/page/' is outside the site's base path '/site/'; use a relative link.
index.html:52: link 'en/concepts/compute/#missing-en' points to anchor 'missing-en', which 'en/concepts/compute/index.html' does not define.
index.html:52: link 'en/concepts/data/' points to 'en/concepts/data/index.html', which does not exist.
index.html:53: link 'assets/img/fig@3x.png' points to 'assets/img/fig@3x.png', which does not exist.
index.html:54: img src is empty; give it a URL.
index.html:55: link 'concepts/area-missing.html' points to 'concepts/area-missing.html', which does not exist.
index.html:56: link 'assets/img/missing.webp' points to 'assets/img/missing.webp', which does not exist.
index.html:57: link 'assets/img/missing-poster.png' points to 'assets/img/missing-poster.png', which does not exist.
index.html:57: link 'assets/missing.mp4' points to 'assets/missing.mp4', which does not exist.
index.html:58: link 'assets/missing.mp3' points to 'assets/missing.mp3', which does not exist.
index.html:59: link 'missing-frame.html' points to 'missing-frame.html', which does not exist.
index.html:60: link 'assets/missing.svg' points to 'assets/missing.svg', which does not exist.
index.html:61: link 'assets/figures/sprite.svg#nope' points to anchor 'nope', which 'assets/figures/sprite.svg' does not define.
index.html:61: link 'assets/img/missing.png' points to 'assets/img/missing.png', which does not exist.
index.html:64: link 'concepts/compute/#on-the-third-line' points to anchor 'on-the-third-line', which 'concepts/compute/index.html' does not define.
index.html:65: link '#missing-here' points to anchor 'missing-here', which 'index.html' does not define.
"""


def run_cli(*args: str, cwd: Path = FIXTURE.parent) -> subprocess.CompletedProcess:
    """The CLI, by default from a folder without mkdocs.yml (so it reads none)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "hooks.linkcheck", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- plain functions


@pytest.mark.parametrize(
    "value, urls",
    [
        ("a.png 1x, b@2x.png 2x", ["a.png", "b@2x.png"]),
        ("a.png 1x,b.png 2x", ["a.png", "b.png"]),
        ("a.png,b.png 2x", ["a.png,b.png"]),  # the spec: a comma inside a URL belongs to it
        ("  a.png  ,  b.png 640w ,c.png 2x ", ["a.png", "b.png", "c.png"]),
        ("img.png (max-width: 1px, 2px) 1x, other.png", ["img.png", "other.png"]),
        ("data:image/png;base64,AAAA 1x, b.png 2x", ["data:image/png;base64,AAAA", "b.png"]),
        ("", []),
        (" , ,", []),
    ],
)
def test_parse_srcset(value, urls):
    assert parse.parse_srcset(value) == urls


@pytest.mark.parametrize(
    "path, expected",
    [
        ("a/b/../c.html", "a/c.html"),
        ("a/./b/", "a/b/"),
        ("a//b", "a/b"),
        ("a/b/..", "a/"),
        (".", ""),
        ("a/..", ""),
        ("..", None),
        ("a/../../b", None),
    ],
)
def test_normalize(path, expected):
    assert resolve.normalize(path) == expected


def test_clean_url_strips_whitespace_and_removes_tabs_and_newlines():
    assert resolve.clean_url("  \n java\tscript:x\n ") == "javascript:x"


@pytest.mark.parametrize(
    "url, page, expected",
    [
        ("#", "a/index.html", ("internal", "a/index.html", False, "")),
        ("#x", "a/index.html", ("internal", "a/index.html", False, "x")),
        ("b/", "a/index.html", ("internal", "a/b/", True, None)),
        ("../c.html?q=1#y", "a/index.html", ("internal", "c.html", False, "y")),
        ("?q=1", "a/index.html", ("internal", "a/index.html", False, None)),
        ("%E5%9B%B3.png", "index.html", ("internal", "図.png", False, None)),
        ("/site/en/", "index.html", ("internal", "en/", True, None)),
        ("/site", "index.html", ("internal", "", True, None)),
        ("https://example.org/site/x.html#f", "index.html", ("internal", "x.html", False, "f")),
        ("//example.org/site/", "index.html", ("internal", "", True, None)),
    ],
)
def test_resolve_internal(url, page, expected):
    resolved = resolve.resolve(url, page, options=Options(site_url=SITE_URL))
    assert (resolved.kind, resolved.path, resolved.is_dir, resolved.fragment) == expected


@pytest.mark.parametrize(
    "url, kind, detail",
    [
        ("https://learn.microsoft.com/ja-jp/x#frag", "external", "https://learn.microsoft.com/ja-jp/x"),
        ("//cdn.example.net/a.js", "external", "https://cdn.example.net/a.js"),
        ("http://example.org/other/", "external", "http://example.org/other/"),
        ("mailto:a@example.org", "skip", ""),
        ("data:image/gif;base64,AAAA", "skip", ""),
        ("", "skip", ""),
        ("JavaScript:void(0)", "problem", "uses the javascript: scheme; use a real URL, or a button for a script."),
        (
            "file:///C:/x.html",
            "problem",
            "uses the file: scheme, which works only on the author's machine; use a relative link.",
        ),
        ("/elsewhere/", "problem", "is outside the site's base path '/site/'; use a relative link."),
        ("../../x.html", "problem", "points outside the site root; use a link inside the site."),
    ],
)
def test_resolve_other_kinds(url, kind, detail):
    resolved = resolve.resolve(url, "a/index.html", options=Options(site_url=SITE_URL))
    assert resolved.kind == kind
    assert (resolved.url if kind == "external" else resolved.message) == detail


def test_resolve_empty_src_is_a_problem_but_empty_href_is_not():
    assert resolve.resolve("", "index.html", attr="src").message == "is empty; give it a URL."
    assert resolve.resolve(" ", "index.html", attr="href").kind == "skip"


def test_resolve_root_absolute_without_site_url_and_from_file():
    assert resolve.resolve("/x/", "index.html").message == (
        "is root-absolute, but site_url is not set; use a relative link or set site_url."
    )
    offline = Options(site_url=SITE_URL, file_urls=True)
    assert resolve.resolve("/site/x/", "index.html", options=offline).message == (
        "is root-absolute, which does not work when the site is opened from file://; use a relative link."
    )
    # In a file:// bundle an absolute URL of the site is a real external URL, not a local file.
    assert resolve.resolve(SITE_URL, "index.html", options=offline).kind == "external"


def test_links_in_comments_and_raw_text_are_not_links_and_lines_stay_right():
    text = (
        '<a href="one">\n<!-- <a href="c1">\n -->\n<script>"<a href=s>"</script><A HREF=\'two\'>\n'
        '<textarea><img src=t></textarea><img\n  alt="x"\n  src="three"\n  src="dup">\n<abbr href=no>'
    )
    parsed = parse.parse_document(text)
    assert [(link.url, link.line, link.tag) for link in parsed.links] == [
        ("one", 1, "a"),
        ("two", 4, "a"),
        ("three", 7, "img"),
    ]


def test_the_same_url_in_a_comment_or_script_first_does_not_take_the_line():
    text = (
        '<!-- <a href="x"> -->\n<p>\n<script>s = \'<a href="x">\'</script>\n<template><a href="x"></template>\n'
        '<a href="x">1</a>\n<a href="x">2</a>\n'
    )
    assert [link.line for link in parse.parse_document(text).links] == [5, 6]


def test_parse_html_collects_ids_and_links_with_lines():
    html = (
        '<!doctype html>\r\n<h1 id="見出し">x</h1>\r\n<a name="old"></a>\r\n'
        '<a href="q?a=1&amp;b=2">1</a> <img srcset="a.png 1x,\r\n b.png 2x">\r\n'
        '<a href="p"><p>misnested</a>\r\n<link rel="preconnect" href="https://fonts.example">'
    )
    parsed = parse.parse_document(html.encode())
    assert parsed.ids == {"見出し", "old"}
    assert [(link.url, link.line, link.attr) for link in parsed.links] == [
        ("q?a=1&b=2", 4, "href"),
        ("a.png", 4, "srcset"),
        ("b.png", 4, "srcset"),
        ("p", 6, "href"),
    ]
    assert parsed.problems == []


def test_parse_html_reports_an_empty_srcset():
    parsed = parse.parse_document(b'<p>\n<img src="a.png" srcset=" , ">')
    assert parsed.problems == [(2, "img srcset ',' lists no image; give it a URL.")]


def test_elements_with_several_urls_keep_their_element_and_line():
    text = (
        '<a href="a1">\n<img src="i1" srcset="s1 1x, s2 2x">\n<link href="l1">\n<img srcset=" , ">\n'
        '<video src="v1" poster="p1"></video>\n<a href="a2">\n<svg><use href="u1" xlink:href="u2"/></svg>\n'
    )
    parsed = parse.parse_document(text)
    assert [(e.url, e.tag, e.attr, e.node) for e in parsed.entries] == [
        ("a1", "a", "href", 0),
        ("i1", "img", "src", 1),
        ("s1", "img", "srcset", 1),
        ("s2", "img", "srcset", 1),
        ("l1", "link", "href", 2),
        ("v1", "video", "src", 4),
        ("p1", "video", "poster", 4),
        ("a2", "a", "href", 5),
        ("u1", "use", "href", 6),
        ("u2", "use", "xlink:href", 6),
    ]
    assert [parsed.entry_line(index) for index in range(len(parsed.urls))] == [1, 2, 2, 2, 3, 5, 5, 6, 7, 7]
    assert parsed.problems == [(4, "img srcset ',' lists no image; give it a URL.")]


def test_a_parsed_page_keeps_no_object_per_link():
    import gc

    text = "".join(
        f'<p id="p{i}"><a href="#p{i}">{i}</a> <img src="i{i}.png" srcset="a{i}.png 2x"></p>\n' for i in range(500)
    )
    parsed = parse.parse_document(text)
    gc.collect()
    assert type(parsed.urls) is tuple and len(parsed.urls) == 1500 and not gc.is_tracked(parsed.urls)
    assert type(parsed.kinds) is bytes and len(parsed.kinds) == 1500
    tracked = [ref for ref in gc.get_referents(*gc.get_referents(parsed)) if gc.is_tracked(ref)]
    assert len(tracked) < 20, tracked[:5]


def test_decode_reports_the_line_of_the_first_invalid_byte():
    text, problems = parse.decode(b"<p>ok</p>\n<p>caf\xe9</p>\n\xff")
    assert problems == [(2, "is not valid UTF-8: byte 0xe9 at offset 16 (line 2); save the file as UTF-8.")]
    assert "caf\ufffd" in text


def test_markdown_needles_and_find_in_markdown():
    needles = sourcemap.needles(
        "../datastore/#%E3%83%96", page_src="concepts/compute.en.md", target_src="concepts/datastore.en.md"
    )
    assert needles == [
        "../datastore/#%E3%83%96",
        "../datastore/#ブ",
        "datastore.md#%E3%83%96",
        "datastore.md#ブ",
        "datastore.en.md#%E3%83%96",
        "datastore.en.md#ブ",
        "#%E3%83%96",
        "#ブ",
    ]
    markdown = (
        "# Compute { #ブ }\n\n```\n[code](datastore.md#ブ)\n```\n"
        "See [the store](datastore.md#ブ \"title\") and <a href='../x/#ブ'>raw</a>.\n"
        "[ref]: datastore.md#ブ\n"
    )
    assert sourcemap.find_in_markdown(markdown, needles) == (6, "datastore.md#ブ", "(")
    assert sourcemap.find_in_markdown(markdown, needles, nth=1) == (7, "datastore.md#ブ", " ")
    assert sourcemap.find_in_markdown(markdown, needles, nth=5) == (7, "datastore.md#ブ", " ")
    # A bare fragment is found after a path, never as a heading's attribute list.
    assert sourcemap.find_in_markdown(markdown, ["#ブ"]) == (6, "datastore.md#ブ", "(")
    assert sourcemap.find_in_markdown("# T { #ブ }\n", ["#ブ"]) is None
    assert sourcemap.find_in_markdown("x <a href='../x/#ブ'>", ["../x/#ブ"]) == (1, "../x/#ブ", "'")


@pytest.mark.parametrize(
    "header, expected", [(None, 2.0), ("3", 3.0), ("soon", 2.0), ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0)]
)
def test_retry_after(header, expected):
    assert external.retry_after(header, 2.0) == expected


def test_retry_after_accepts_a_future_http_date():
    import email.utils

    header = email.utils.formatdate(time.time() + 60, usegmt=True)
    assert 55 < external.retry_after(header, 0.0) <= 60


def test_external_settings_validation():
    parsed = lc_settings.external_settings({"timeout": "2.5", "per_host": 3, "ignore": ["^x"]})
    assert (parsed.timeout, parsed.per_host) == (2.5, 3)
    with pytest.raises(ValueError, match=r"^extra.linkcheck.colour is not a known setting"):
        lc_settings.external_settings({"colour": 1})
    with pytest.raises(ValueError, match=r"^extra.linkcheck.timeout must be a number, not 'soon'$"):
        lc_settings.external_settings({"timeout": "soon"})
    with pytest.raises(ValueError, match=r"^extra.linkcheck.max_workers must be positive, not '0'$"):
        lc_settings.external_settings({"max_workers": 0})
    with pytest.raises(ValueError, match=r"^extra.linkcheck.ignore must be a list of regular expressions$"):
        lc_settings.external_settings({"ignore": "^x"})


def test_compile_patterns_names_a_bad_regex():
    assert resolve.compile_patterns(["^https://a"])[0].search("https://a/b")
    with pytest.raises(ValueError, match=r"^ignore pattern '\(' is not a valid regular expression"):
        resolve.compile_patterns(["("])


def test_read_config_reads_env_and_python_tags_through_mkdocs(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    config = write(
        tmp_path / "mkdocs.yml",
        "site_name: t\nsite_url: !ENV [LC_TEST_URL, 'https://d.example/x/']\n"
        "markdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify "
        "{kwds: {case: lower}}\nextra:\n  linkcheck:\n    ignore: ['^https://skip']\n",
    )
    monkeypatch.delenv("LC_TEST_URL", raising=False)
    assert read_config(config) == {
        "site_url": "https://d.example/x/",
        "linkcheck": {"ignore": ["^https://skip"]},
        "offline": False,
    }
    monkeypatch.setenv("LC_TEST_URL", "https://e.example/")
    assert read_config(config)["site_url"] == "https://e.example/"
    with pytest.raises(
        ValueError,
        match=r"cannot be read \(MkDocs encountered an error parsing the configuration file: while parsing a flow sequence in .*\)$",
    ):
        read_config(write(tmp_path / "bad.yml", "a: [unclosed\n"))
    with pytest.raises(
        ValueError, match=r"cannot be read \(Config value 'site_name': Required configuration not provided\)"
    ):
        read_config(write(tmp_path / "bad1.yml", "site_url: https://x.example/\n"))
    with pytest.raises(ValueError, match=r"extra\.linkcheck must be a mapping"):
        read_config(write(tmp_path / "bad2.yml", "site_name: t\nextra:\n  linkcheck: [1]\n"))


def test_problem_sorts_by_path_line_message_and_formats_notices():
    problems = [
        LinkProblem("b.html", 1, "z"),
        LinkProblem("a.html", 10, "y"),
        LinkProblem("a.html", 2, "x"),
        LinkProblem("a.html", 2, "w", severity="notice"),
    ]
    assert [str(p) for p in sorted(problems)] == ["a.html:2: notice: w", "a.html:2: x", "a.html:10: y", "b.html:1: z"]


def test_problem_is_one_value_by_path_line_and_sentence_and_cannot_change():
    first = resolve.make("a.html", 3, "missing", url="x.html", target="x.html")
    same = LinkProblem("a.html", 3, first.text, "url", url="other", detail="d", severity="notice")
    assert first.text == "link 'x.html' points to 'x.html', which does not exist."
    assert first == same and hash(first) == hash(same) and len({first, same}) == 1
    assert first != LinkProblem("a.html", 4, first.text) and first < LinkProblem("a.html", 4, first.text)
    assert first.__eq__("a.html:3") is NotImplemented
    copy = first.replace(detail="; the file is named 'X.html' (case differs)")
    assert (copy.text, copy.detail, copy.url) == (first.text, "; the file is named 'X.html' (case differs)", "x.html")
    assert (
        resolve.message(copy)
        == "link 'x.html' points to 'x.html', which does not exist; the file is named 'X.html' (case differs)."
    )
    with pytest.raises(AttributeError, match="cannot assign to field 'line'"):
        first.line = 4
    assert "url='x.html'" in repr(first)


# --------------------------------------------------------------------------- the fixture site


def test_fixture_site_reports_every_planted_defect_at_its_line_and_nothing_else():
    problems = resolve.check_site(FIXTURE, site_url=SITE_URL)
    assert "".join(f"{problem}\n" for problem in problems) == EXPECTED


def test_fixture_site_without_site_url_reports_root_absolute_links():
    lines = [str(p) for p in resolve.check_site(FIXTURE)]
    root_absolute = [line for line in lines if "root-absolute" in line]
    assert root_absolute == [
        "en/index.html:7: link '/site/' is root-absolute, but site_url is not set; use a relative link or set "
        "site_url.",
        "index.html:30: link '/site/en/concepts/compute/#deployment-options' is root-absolute, but site_url is not "
        "set; use a relative link or set site_url.",
        "index.html:51: link '/other/page/' is root-absolute, but site_url is not set; use a relative link or set "
        "site_url.",
    ]


def test_fixture_site_opened_from_file_reports_directory_urls():
    lines = [str(p) for p in resolve.check_site(FIXTURE, site_url=SITE_URL, file_urls=True)]
    assert (
        "index.html:22: link 'concepts/' points to directory 'concepts/', which a browser opening the site "
        "from file:// shows as a listing; link to 'concepts/index.html'." in lines
    )
    assert (
        "concepts/index.html:8: link 'compute' points to directory 'concepts/compute/', which a browser "
        "opening the site from file:// shows as a listing; link to 'concepts/compute/index.html'." in lines
    )
    assert not any(line.startswith("index.html:27:") for line in lines)  # 'concepts/../index.html#top' names a file


def test_ignore_patterns_skip_matching_urls():
    lines = [str(p) for p in resolve.check_site(FIXTURE, site_url=SITE_URL, ignore=[r"missing", r"^javascript:"])]
    assert not any("missing" in line or "javascript" in line for line in lines)
    assert any("photo.png" in line for line in lines)


def test_each_html_file_is_parsed_once(monkeypatch):
    calls = []
    real = parse.LexborHTMLParser

    def counting(text):
        calls.append(text[:40])
        return real(text)

    monkeypatch.setattr(parse, "LexborHTMLParser", counting)
    resolve.check_site(FIXTURE, site_url=SITE_URL)
    html_files = sorted(FIXTURE.rglob("*.html"))
    assert len(calls) == len(html_files) + 1  # + the SVG sprite, parsed once for its ids


# --------------------------------------------------------------------------- command line


def test_cli_exit_1_with_sorted_problem_lines():
    result = run_cli(str(FIXTURE), "--site-url", SITE_URL)
    assert result.returncode == 1, result.stdout
    assert result.stderr == EXPECTED  # problems on stderr, the summary on stdout
    assert result.stdout.startswith("linkcheck: 5 pages, ")


def test_cli_exit_0_on_a_clean_site_and_lists_external_urls(tmp_path):
    write(tmp_path / "index.html", '<a href="sub/">s</a>\n<a href="https://example.com/a">e</a>\n')
    write(tmp_path / "sub" / "index.html", '<a href="../#top">home</a>\n')
    result = run_cli(str(tmp_path))
    assert (result.returncode, result.stderr) == (0, "")
    assert "1 external URLs not fetched (use --external)" in result.stdout
    listed = run_cli(str(tmp_path), "--list-external")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert listed.stdout.startswith("index.html:2: external link 'https://example.com/a' not fetched (1 place(s)).\n")


def test_cli_reads_site_url_and_ignore_from_config(tmp_path):
    write(tmp_path / "site" / "index.html", '<a href="/base/x/">x</a>\n<a href="gone.html">g</a>\n')
    write(tmp_path / "site" / "x" / "index.html", "x\n")
    write(
        tmp_path / "mkdocs.yml",
        "site_name: t\nsite_url: https://h.example/base/\nextra:\n  linkcheck:\n    ignore: [gone]\n",
    )
    (tmp_path / "docs").mkdir()
    result = run_cli("site", "--config", "mkdocs.yml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert run_cli("site", cwd=tmp_path).returncode == 0  # ./mkdocs.yml is read without --config
    assert run_cli("site", "--no-config", cwd=tmp_path).returncode == 1  # /base/x/ needs site_url, gone.html


@pytest.mark.parametrize(
    "args, message",
    [
        (["no-such-dir"], "no-such-dir: does not exist; build the site first (make build)."),
        (["{empty}"], "holds no HTML page; build the site first (make build)"),  # would pass, checking nothing
        (["{fixture}", "--bogus"], "unrecognized arguments: --bogus"),
        (["{fixture}", "--ignore", "("], "ignore pattern '(' is not a valid regular expression"),
        (["{fixture}", "--timeout", "-1"], "extra.linkcheck.timeout must be positive, not '-1.0'"),
        (["{fixture}", "--config", "{bad_config}"], "extra.linkcheck.nope is not a known setting"),
    ],
)
def test_cli_usage_errors_exit_2_with_one_line(tmp_path, args, message):
    bad_config = write(tmp_path / "mkdocs.yml", "site_name: t\nextra:\n  linkcheck:\n    nope: 1\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "empty").mkdir()
    result = run_cli(*[arg.format(fixture=FIXTURE, bad_config=bad_config, empty=tmp_path / "empty") for arg in args])
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr, result.stderr
    assert result.stderr.startswith("python -m hooks.linkcheck: error: ")


# --------------------------------------------------------------------------- external URLs


class _Handler(http.server.BaseHTTPRequestHandler):
    """200, 301, 404, 429-then-200, 500, a slow answer, and a server that refuses HEAD."""

    protocol_version = "HTTP/1.1"
    hits: ClassVar[dict] = {}
    active = 0
    peak = 0
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def _done(self):
        """Count this request as finished before the client can see its answer (and send the next one)."""
        cls = type(self)
        with cls.lock:
            if not getattr(self, "_counted_done", False):
                self._counted_done = True
                cls.active -= 1

    def _answer(self, status, headers=(), body=b"ok"):
        self._done()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _serve(self):
        cls = type(self)
        with cls.lock:
            cls.hits.setdefault(self.path, []).append((self.command, time.monotonic()))
            cls.active += 1
            self._counted_done = False  # one handler serves every request of a keep-alive connection
            cls.peak = max(cls.peak, cls.active)
        try:
            path = self.path
            if path == "/ok" or path.startswith("/ok?"):
                self._answer(200)
            elif path == "/moved":
                self._answer(301, [("Location", "/ok")])
            elif path == "/found":
                self._answer(302, [("Location", "/ok")])
            elif path == "/missing":
                self._answer(404)
            elif path == "/busy":
                first = len(cls.hits[path]) == 1
                self._answer(429, [("Retry-After", "1")]) if first else self._answer(200)
            elif path == "/error":
                self._answer(500)
            elif path == "/slow":
                time.sleep(3)
                self._answer(200)
            elif path.startswith("/pause"):
                time.sleep(0.3)
                self._answer(200)
            elif path == "/nohead":
                self._answer(405) if self.command == "HEAD" else self._answer(200)
            else:
                self._answer(404)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self._done()  # a request that never answered (slow, reset) ends here

    do_GET = do_HEAD = _serve


@pytest.fixture
def http_server():
    handler = type("Handler", (_Handler,), {"hits": {}, "active": 0, "peak": 0, "lock": threading.Lock()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


def fast_settings(tmp_path, **changes):
    settings = lc_settings.ExternalSettings(timeout=1.0, backoff=0.1, max_wait=5, cache_path=tmp_path / "cache.json")
    for key, value in changes.items():
        setattr(settings, key, value)
    return settings


def test_external_checks_against_a_local_server(tmp_path, http_server):
    base, handler = http_server
    urls = {
        f"{base}{path}": [("index.html", line)]
        for line, path in enumerate(
            ["/ok", "/moved", "/missing", "/busy", "/error", "/slow", "/nohead", "/found"], start=1
        )
    }
    started = time.monotonic()
    problems = external.check_external(urls, fast_settings(tmp_path))
    elapsed = time.monotonic() - started
    assert [str(p) for p in problems] == [
        f"index.html:2: notice: external link '{base}/moved' permanently redirects (HTTP 301) to '{base}/ok'; "
        "update the link.",
        f"index.html:3: external link '{base}/missing' returned HTTP 404 (Not Found).",
        f"index.html:5: external link '{base}/error' returned HTTP 500 (Internal Server Error).",
        f"index.html:6: external link '{base}/slow' timed out after 1 s.",
    ]
    busy = handler.hits["/busy"]
    assert len(busy) == 2 and busy[1][1] - busy[0][1] >= 0.95  # Retry-After: 1 was honoured
    assert [method for method, _ in handler.hits["/nohead"]] == ["HEAD", "GET"]
    assert [method for method, _ in handler.hits["/error"]] == ["HEAD", "GET"]
    assert elapsed < 6


def test_external_concurrency_limits(tmp_path, http_server):
    base, handler = http_server
    urls = {f"{base}/pause{i}": [("index.html", i)] for i in range(6)}
    assert external.check_external(urls, fast_settings(tmp_path, max_workers=8, per_host=2)) == []
    assert handler.peak == 2
    handler.peak = 0
    assert (
        external.check_external(
            {f"{base}/pause{i}x": [("a.html", 1)] for i in range(4)},
            fast_settings(tmp_path, max_workers=1, per_host=4, cache_path=None),
        )
        == []
    )
    assert handler.peak == 1


def test_external_results_are_cached_with_a_ttl(tmp_path, http_server):
    base, handler = http_server
    urls = {f"{base}/ok": [("index.html", 1)], f"{base}/missing": [("index.html", 2)]}
    settings = fast_settings(tmp_path)
    assert len(external.check_external(urls, settings)) == 1
    assert len(external.check_external(urls, settings)) == 1
    assert len(handler.hits["/ok"]) == 1  # the success came from the cache
    assert len(handler.hits["/missing"]) == 2  # failures are always checked again
    external.check_external(urls, fast_settings(tmp_path, cache_ttl=0))
    assert len(handler.hits["/ok"]) == 2
    (tmp_path / "cache.json").write_text("{not json", encoding="utf-8")
    assert len(external.check_external(urls, settings)) == 1  # a damaged cache is ignored


def test_external_unreachable_and_invalid_urls(tmp_path):
    with socket_closed_port() as port:
        urls = {f"http://127.0.0.1:{port}/": [("a.html", 1)], "http://127.0.0.1:99999/": [("a.html", 2)]}
        lines = [str(p) for p in external.check_external(urls, fast_settings(tmp_path))]
    assert lines[0].startswith(f"a.html:1: external link 'http://127.0.0.1:{port}/' could not be reached (")
    assert lines[1].startswith("a.html:2: external link 'http://127.0.0.1:99999/' is not a valid URL (")


def test_external_check_works_while_an_event_loop_runs_in_this_thread(tmp_path, http_server):
    base, _ = http_server

    async def inside_a_loop():
        return external.check_external({f"{base}/missing": [("a.html", 3)]}, fast_settings(tmp_path))

    # a thread of its own, so the test does not depend on whether a loop (Playwright's) runs in the main thread
    found: list = []
    worker = threading.Thread(target=lambda: found.extend(asyncio.run(inside_a_loop())))
    worker.start()
    worker.join(30)
    lines = [str(p) for p in found]
    assert lines == [f"a.html:3: external link '{base}/missing' returned HTTP 404 (Not Found)."]


class socket_closed_port:
    """A port on 127.0.0.1 that nothing listens on."""

    def __enter__(self):
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    def __exit__(self, *exc):
        return False


def test_cli_external_against_a_local_server(tmp_path, http_server):
    base, _ = http_server
    write(
        tmp_path / "site" / "index.html",
        f'<a href="{base}/ok">ok</a>\n<a href="{base}/missing#x">m</a>\n<a href="{base}/moved">m</a>\n',
    )
    result = run_cli(str(tmp_path / "site"), "--external", "--cache", str(tmp_path / "c.json"), "--timeout", "2")
    assert result.returncode == 1, result.stdout
    assert result.stderr == (
        f"index.html:2: external link '{base}/missing' returned HTTP 404 (Not Found).\n"
        f"index.html:3: notice: external link '{base}/moved' permanently redirects (HTTP 301) to '{base}/ok'; "
        "update the link.\n"
    )
    write(tmp_path / "site" / "index.html", f'<a href="{base}/moved">m</a>\n')
    assert run_cli(str(tmp_path / "site"), "--external", "--no-cache").returncode == 0  # notices do not fail


class raw_server:
    """A TCP server on 127.0.0.1 whose every connection is handled by ``handle(conn, request_bytes)``."""

    def __init__(self, handle):
        import socket

        self.handle = handle
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.requests: list[bytes] = []
        self.stopped = threading.Event()

    def _serve(self):
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn):
        with conn:
            try:
                request = conn.recv(65536)
                self.requests.append(request)
                self.handle(conn, request)
            except OSError:
                pass

    def __enter__(self):
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.sock.close()
        return False


def _trickle(conn, request):
    """Answers one byte every 0.4 s, forever: a per-read timeout never fires."""
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000:
        conn.sendall(bytes([byte]))
        time.sleep(0.4)


def test_external_timeout_is_a_deadline_for_the_whole_request(tmp_path):
    with raw_server(_trickle) as server:
        url = f"http://127.0.0.1:{server.port}/trickle"
        started = time.monotonic()
        problems = external.check_external({url: [("a.html", 1)]}, fast_settings(tmp_path, timeout=1.5))
        elapsed = time.monotonic() - started
    assert [str(p) for p in problems] == [f"a.html:1: external link '{url}' timed out after 1.5 s."]
    assert elapsed < 4  # HEAD, then nothing else: the deadline ends it


def _reset_head(conn, request):
    import socket
    import struct

    if request.startswith(b"HEAD"):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST, not FIN
        return
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")


def test_a_reset_on_head_is_retried_with_get(tmp_path):
    with raw_server(_reset_head) as server:
        url = f"http://127.0.0.1:{server.port}/page"
        assert external.check_external({url: [("a.html", 1)]}, fast_settings(tmp_path)) == []
        assert [request.split(b" ", 1)[0] for request in server.requests] == [b"HEAD", b"GET"]


def _not_http(conn, request):
    conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n\x00\xff\xfe binary \x1b[31m")


def test_bytes_of_a_non_http_reply_never_reach_the_message(tmp_path):
    with raw_server(_not_http) as server:
        url = f"http://127.0.0.1:{server.port}/"
        problems = external.check_external({url: [("a.html", 1)]}, fast_settings(tmp_path))
    assert [str(p) for p in problems] == [
        f"a.html:1: external link '{url}' could not be reached (the reply is not valid HTTP)."
    ]


def _proxy(conn, request):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nproxy")


def test_proxies_come_from_the_environment(tmp_path, monkeypatch, http_server):
    base, handler = http_server
    with raw_server(_proxy) as proxy:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        url = "http://example.invalid/via-proxy"  # never resolved: the proxy answers for it
        assert external.check_external({url: [("a.html", 1)]}, fast_settings(tmp_path, cache_path=None)) == []
        assert proxy.requests and proxy.requests[0].startswith(b"HEAD http://example.invalid/via-proxy ")
        seen = len(proxy.requests)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        direct = f"{base}/missing"
        problems = external.check_external({direct: [("a.html", 2)]}, fast_settings(tmp_path, cache_path=None))
        assert [p.detail for p in problems] == ["returned HTTP 404 (Not Found)"]
        assert len(proxy.requests) == seen and handler.hits["/missing"]  # NO_PROXY: straight to the server


# --------------------------------------------------------------------------- robustness


def test_malformed_html_is_handled(tmp_path):
    write(
        tmp_path / "index.html",
        '<p><a href="ok.html">ok\n<a href="gone.html"\n<div <a href="x" <<>> </b></i>\n'
        '<a title="unclosed quote href="weird.html">w</a>\n<a href=\'eof.html\nunterminated',
    )
    write(tmp_path / "ok.html", "<table><a href='index.html'>x</td></tr>")
    lines = [str(p) for p in resolve.check_site(tmp_path)]
    assert "index.html:2: link 'gone.html' points to 'gone.html', which does not exist." in lines
    assert all(line.startswith("index.html:") for line in lines)


def test_non_utf8_file_is_reported_and_still_checked(tmp_path):
    (tmp_path / "index.html").write_bytes(b'<p>\n<a href="gone.html">caf\xe9</a>\n<a href="index.html">x</a>')
    assert [str(p) for p in resolve.check_site(tmp_path)] == [
        "index.html:2: is not valid UTF-8: byte 0xe9 at offset 27 (line 2); save the file as UTF-8.",
        "index.html:2: link 'gone.html' points to 'gone.html', which does not exist.",
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinks_are_followed_inside_the_site_and_reported_outside(tmp_path):
    site = tmp_path / "site"
    write(
        site / "real" / "index.html",
        '<a href="../alias/">alias</a> <a href="../outside.html">o</a>\n<a href="../dangling.html">d</a>',
    )
    write(tmp_path / "secret.html", "outside")
    os.symlink("real", site / "alias")
    os.symlink("../secret.html", site / "outside.html")
    os.symlink("nowhere.html", site / "dangling.html")
    os.symlink(".", site / "loop")
    lines = [str(p) for p in resolve.check_site(site)]
    assert lines == [
        "alias/index.html:1: link '../outside.html' points to 'outside.html', which does not exist.",
        "alias/index.html:2: link '../dangling.html' points to 'dangling.html', which does not exist.",
        "dangling.html:1: symbolic link points to 'nowhere.html', which does not exist; remove it or copy the file in.",
        "outside.html:1: symbolic link points to '../secret.html', outside the site, which a published copy will "
        "not contain; copy the file in instead.",
        "real/index.html:1: link '../outside.html' points to 'outside.html', which does not exist.",
        "real/index.html:2: link '../dangling.html' points to 'dangling.html', which does not exist.",
    ]


def test_a_10_mb_page_and_a_page_with_50000_links(tmp_path):
    big = tmp_path / "big.html"
    big.write_text(
        "<html><body>\n" + ("<p>" + "y" * 100 + "</p>\n") * 100_000 + '<a href="#gone">end</a>\n', encoding="utf-8"
    )
    assert big.stat().st_size > 10_000_000
    many = tmp_path / "many.html"
    many.write_text(
        "<html><body>\n"
        + "".join(f'<p id="p{i}"><a href="#p{i}">{i}</a> <img src="big.html"></p>\n' for i in range(50_000))
        + '<a href="#p50000">bad</a>\n',
        encoding="utf-8",
    )
    started = time.monotonic()
    problems = [str(p) for p in resolve.check_site(tmp_path)]
    assert problems == [
        "big.html:100002: link '#gone' points to anchor 'gone', which 'big.html' does not define.",
        "many.html:50002: link '#p50000' points to anchor 'p50000', which 'many.html' does not define.",
    ]
    assert time.monotonic() - started < 20


def test_deeply_nested_page_is_reported_and_still_checked_quickly(tmp_path):
    write(tmp_path / "deep.html", "<div>" * 200_000 + '\n<a id="here" href="#here">ok</a>\n<img\n src="gone.png">')
    write(
        tmp_path / "flat.html",
        "<ul>"
        + "<li>item" * 20_000
        + "</ul><svg>"
        + '<path d="M0"/>' * 20_000
        + '</svg>\n<a href="deep.html#here">ok</a>',
    )
    started = time.monotonic()
    assert [str(p) for p in resolve.check_site(tmp_path)] == [
        f"deep.html:1: elements nest more than {parse.DEPTH_LIMIT} levels deep here (unclosed tags?); close them.",
        "deep.html:4: link 'gone.png' points to 'gone.png', which does not exist.",
    ]
    assert time.monotonic() - started < 15  # a tree builder needs minutes for this page


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    write(tmp_path / "secret.html", "x")
    write(tmp_path / "index.html", '<a href="secret.html">s</a>')
    real_read = Path.read_bytes

    def read_bytes(path):
        if path.name == "secret.html":
            raise PermissionError(13, "Permission denied")
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert [str(p) for p in resolve.check_site(tmp_path)] == [
        "secret.html:1: file cannot be read (Permission denied); fix its permissions."
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_is_reported_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.html")
    write(tmp_path / "index.html", '<a href="pipe.html">p</a>')
    assert [str(p) for p in resolve.check_site(tmp_path)] == [
        "index.html:1: link 'pipe.html' points to 'pipe.html', which does not exist.",
        "pipe.html:1: is not a regular file (a pipe, socket or device); remove it.",
    ]


def test_an_unreadable_directory_is_reported_and_the_rest_is_walked(tmp_path, monkeypatch):
    write(tmp_path / "locked" / "index.html", "x")
    write(tmp_path / "open" / "index.html", '<a href="../locked/">l</a> <a href="../gone/">g</a>')
    real_scandir = os.scandir

    def scandir(path):
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(resolve.os, "scandir", scandir)
    assert [str(p) for p in resolve.check_site(tmp_path)] == [
        "locked:1: directory cannot be read (Permission denied); fix its permissions.",
        "open/index.html:1: link '../gone/' points to 'gone/index.html', which does not exist.",
        "open/index.html:1: link '../locked/' points to directory 'locked/', which has no index.html.",
    ]


def test_a_url_resolved_once_for_many_pages_is_still_decided_for_each_folder(tmp_path):
    # '../x/' from a/p/ and from b/q/ climb to different folders; '../../y.html' from both to the root;
    # from a page one level deep the same '../../y.html' leaves the site.
    write(tmp_path / "a" / "x" / "index.html", "")
    write(tmp_path / "y.html", "")
    links = '<a href="../x/">x</a>\n<a href="../../y.html">y</a>\n<a href="../../missing.html">m</a>'
    for page in ("a/p/index.html", "b/q/index.html", "c/index.html"):
        write(tmp_path / page, links)
    assert [str(p) for p in resolve.check_site(tmp_path)] == [
        "a/p/index.html:3: link '../../missing.html' points to 'missing.html', which does not exist.",
        "b/q/index.html:1: link '../x/' points to 'b/x/index.html', which does not exist.",
        "b/q/index.html:3: link '../../missing.html' points to 'missing.html', which does not exist.",
        "c/index.html:1: link '../x/' points to 'x/index.html', which does not exist.",
        "c/index.html:2: link '../../y.html' points outside the site root; use a link inside the site.",
        "c/index.html:3: link '../../missing.html' points outside the site root; use a link inside the site.",
    ]


def test_an_ignore_pattern_skips_only_the_url_it_matches_even_when_another_resolves_the_same(tmp_path):
    write(tmp_path / "a" / "b" / "index.html", '<a href="../../gone.html">g</a>')
    write(tmp_path / "a" / "index.html", '<a href="../gone.html">g</a>')
    assert [str(p) for p in resolve.check_site(tmp_path, ignore=[r"^\.\./\.\./"])] == [
        "a/index.html:1: link '../gone.html' points to 'gone.html', which does not exist."
    ]


def test_an_own_anchor_is_compared_after_the_url_is_cleaned(tmp_path):
    # id 'x ' exists, but the URL '#x ' is cleaned to '#x', which no element has
    write(tmp_path / "index.html", '<h2 id="x ">t</h2>\n<a href="#x ">a</a>\n<a href="#x%20">b</a>')
    assert [str(p) for p in resolve.check_site(tmp_path)] == [
        "index.html:2: link '#x' points to anchor 'x', which 'index.html' does not define."
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://[::1", "is not a valid URL (Invalid IPv6 URL); fix the address."),
        ("https://[fe80::1%zz/x", "is not a valid URL (Invalid IPv6 URL); fix the address."),
        ("http://example.org:99999/", "is not a valid URL (Port out of range 0-65535); fix the address."),
        (
            "http://example.org:port/",
            "is not a valid URL (Port could not be cast to integer value as 'port'); fix the address.",
        ),
        ("http:///nohost", "has no host name; fix the address."),
    ],
)
def test_a_malformed_url_is_a_problem_never_an_exception(url, message):
    resolved = resolve.resolve(url, "index.html")
    assert (resolved.kind, resolved.message) == ("problem", message)


def test_malformed_urls_in_a_site_are_reported_at_their_lines(tmp_path):
    write(tmp_path / "index.html", '<p>\n<a href="http://[::1">v6</a>\n<img src="//[::1]:x/a.png">\n')
    assert [str(p) for p in resolve.check_site(tmp_path)] == [
        "index.html:2: link 'http://[::1' is not a valid URL (Invalid IPv6 URL); fix the address.",
        "index.html:3: link '//[::1]:x/a.png' is not a valid URL (Port could not be cast to integer value as 'x'); "
        "fix the address.",
    ]
    result = run_cli(str(tmp_path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        result.stderr.splitlines()[0]
        == "index.html:2: link 'http://[::1' is not a valid URL (Invalid IPv6 URL); fix the address."
    )


@pytest.mark.parametrize("pattern", ["", "x*", "(?:)", "^", "a?|b"])
def test_an_ignore_pattern_matching_the_empty_string_is_refused(pattern):
    with pytest.raises(ValueError, match=r"matches the empty string, so it would skip URLs it was not meant for"):
        resolve.compile_patterns(["^https://ok", pattern])


def test_cli_refuses_an_ignore_pattern_matching_everything():
    result = run_cli(str(FIXTURE), "--ignore", "")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "ignore pattern '' matches the empty string" in result.stderr


def test_duplicate_heading_ids_are_reported_at_the_second_one(tmp_path):
    write(tmp_path / "index.html", '<h2 id="a">A</h2>\n<p id="b">b</p>\n<h3 id="a">again</h3>\n<p id="b">b</p>\n')
    assert [str(p) for p in resolve.check_site(tmp_path)] == [
        "index.html:3: heading id 'a' is already used at line 1 of this page; give each heading its own id."
    ]  # ids repeated on non-headings are left to the HTML (Material's own templates repeat none)


def test_the_line_index_answers_many_problems_at_the_cost_of_one_scan():
    markdown = "# T\n\n" + "".join(f"[l{i}](target.md#gone-{i})\n" for i in range(20_000))
    index = sourcemap.LineIndex.build(markdown)
    assert index.find(["target.md#gone-19999"]) == (20_002, "target.md#gone-19999", "(")
    assert index.find(["#gone-7"]) == (10, "target.md#gone-7", "(")
    assert index.find(["(parens)"]) is None


# --------------------------------------------------------------------------- the MkDocs hook

PROJECT_YML = """\
site_name: T
site_url: https://example.org/proj/
{extra_top}theme:
  name: material
  language: ja
plugins:
  - search
{offline}  - i18n:
      docs_structure: suffix
      languages:
        - locale: ja
          default: true
          name: 日本語
          build: true
        - locale: en
          name: English
          build: true
hooks:
  - {hook}
markdown_extensions:
  - attr_list
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify {{kwds: {{case: lower}}}}
"""

PAGES = {
    "index.md": "# ホーム { #home }\n\n[計算](concepts/compute.md#compute-types)\n\n## リソース\n\n"
    "[リソース](#リソース)\n",
    "index.en.md": "# Home { #home }\n\n[Compute](concepts/compute.md#compute-types)\n",
    "concepts/compute.md": "---\ntitle: 計算\n---\n# 計算 { #compute }\n\n## 種類 { #compute-types }\n\n"
    '[ホーム](../index.md#リソース) と <a href="#compute-types">raw</a>\n',
    "concepts/compute.en.md": "# Compute { #compute }\n\n## Types { #compute-types }\n\n[Home](../index.md#home)\n",
}


def make_project(root: Path, *, offline: bool = False, extra: str = "") -> Path:
    hook = (ROOT / "hooks" / "linkcheck" / "hook.py").as_posix()
    write(
        root / "mkdocs.yml", PROJECT_YML.format(hook=hook, offline="  - offline\n" if offline else "", extra_top=extra)
    )
    for name, text in PAGES.items():
        write(root / "docs" / name, text)
    return root


def plant_defects(root: Path) -> None:
    with open(root / "docs" / "concepts" / "compute.md", "a", encoding="utf-8") as out:
        out.write(
            "\n[壊れたリンク](missing.md)\n\n[壊れたアンカー](../index.md#no-such-anchor)\n"
            '<a href="../nowhere/">raw</a>\n'
        )
    with open(root / "docs" / "index.en.md", "a", encoding="utf-8") as out:
        out.write("\nSee [Compute](concepts/compute.md#%E3%81%AA%E3%81%97).\n")


def hook_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if "docs/" in line and line.startswith("WARNING") and ": link" in line]


@pytest.mark.slow
def test_hook_clean_project_builds_and_checks_once(tmp_path):
    project = make_project(tmp_path / "p")
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    assert build.log.count("linkcheck: ") == 1, build.log  # once, after the last language
    assert "linkcheck: 5 pages," in build.log  # ja + en + 404: the whole site was on disk


@pytest.mark.slow
def test_hook_names_the_markdown_file_and_line(tmp_path):
    project = make_project(tmp_path / "p")
    plant_defects(project)
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 1
    assert "Aborted with" in build.log
    assert hook_lines(build.log) == [
        "WARNING -  docs/concepts/compute.md:10: link 'missing.md' points to 'docs/concepts/missing.md', which "
        "does not exist.",
        "WARNING -  docs/concepts/compute.md:12: link '../index.md#no-such-anchor' points to anchor "
        "'no-such-anchor', which 'docs/index.md' does not define.",
        "WARNING -  docs/concepts/compute.md:13: link '../nowhere/' points to 'concepts/nowhere/index.html', which "
        "does not exist; a URL in raw HTML is relative to the built page's folder 'concepts/compute/', not to the "
        "Markdown file.",
        "WARNING -  docs/index.en.md:5: link 'concepts/compute.md#%E3%81%AA%E3%81%97' points to anchor 'なし', "
        "which 'docs/concepts/compute.en.md' does not define.",
    ]


@pytest.mark.slow
def test_hook_reports_theme_links_at_the_html_file(tmp_path):
    project = make_project(tmp_path / "p")
    write(
        project / "overrides" / "main.html",
        '{% extends "base.html" %}\n{% block announce %}<a href="{{ base_url }}/no-such-page/">x</a>{% endblock %}\n',
    )
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        text.replace("  language: ja\n", "  language: ja\n  custom_dir: overrides\n"), encoding="utf-8"
    )
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 1
    site = (tmp_path / "site").resolve()
    shown = [line for line in build.log.splitlines() if "no-such-page" in line]
    assert any(
        line.startswith(f"WARNING -  {site.as_posix()}/concepts/compute/index.html:")
        and line.endswith("link '../../no-such-page/' points to 'no-such-page/index.html', which does not exist.")
        for line in shown
    ), build.log


@pytest.mark.slow
def test_hook_checks_the_offline_bundle_with_file_urls(tmp_path):
    project = make_project(tmp_path / "p", offline=True)
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    assert (tmp_path / "site" / "concepts" / "compute.html").exists()  # use_directory_urls: false
    assert build.log.count("linkcheck: ") == 1
    # 'en/' is a directory URL: fine on a server, a listing from file://.
    assert "docs/index.md" not in build.log
    plant_defects(project)
    write(project / "docs" / "setup.md", "# Setup\n\n[英語](en/)\n")
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 1
    lines = hook_lines(build.log)
    assert (
        "WARNING -  docs/setup.md:3: link 'en/' points to directory 'en/', which a browser opening the site "
        "from file:// shows as a listing; link to 'en/index.html'." in lines
    )
    assert (
        "WARNING -  docs/concepts/compute.md:12: link '../index.md#no-such-anchor' points to anchor "
        "'no-such-anchor', which 'docs/index.md' does not define." in lines
    )


@pytest.mark.slow
def test_hook_reports_bad_settings(tmp_path):
    project = make_project(tmp_path / "p", extra="extra:\n  linkcheck:\n    ignore: ['(']\n")
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 1
    assert "ERROR   -  mkdocs.yml: ignore pattern '(' is not a valid regular expression" in build.log


def real_validation() -> str:
    """The validation block of the real mkdocs.yml."""
    match = re.search(r"(?m)^validation:\n(?:(?:[ \t]+.*)?\n)+", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert match, "mkdocs.yml has no validation block"
    return match.group(0)


@pytest.mark.slow
def test_hook_decides_anchors_and_missing_pages_and_reports_each_problem_once(tmp_path):
    project = make_project(tmp_path / "p", extra=real_validation())
    with open(project / "docs" / "concepts" / "compute.md", "a", encoding="utf-8") as out:
        out.write("\n[ホームのリソース](../index.md#%E3%83%AA%E3%82%BD%E3%83%BC%E3%82%B9)\n")  # valid, percent-encoded
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    with open(project / "docs" / "index.md", "a", encoding="utf-8") as out:
        out.write(
            "\n[なし](concepts/compute.md#%E3%81%AA%E3%81%97)\n\n[欠落](nowhere.md)\n\n"
            "[英語版](concepts/compute.en.md)\n\n## もう一度 { #home }\n"
        )
    build = mkdocs_build(project, tmp_path / "site")
    warnings = [line for line in build.log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert warnings == [
        "WARNING -  docs/index.md:9: link 'concepts/compute.md#%E3%81%AA%E3%81%97' points to anchor 'なし', "
        "which 'docs/concepts/compute.md' does not define.",
        "WARNING -  docs/index.md:11: link 'nowhere.md' points to 'docs/nowhere.md', which does not exist.",
        "WARNING -  docs/index.md:13: link 'concepts/compute.en.md' names the en file 'docs/concepts/compute.en.md'; "
        "pages link to the same-language file name ('concepts/compute.md') and static-i18n picks each language's "
        "file.",
        "WARNING -  docs/index.md:15: heading id 'home' is already used at line 1 of this page; give each heading "
        "its own id.",
    ], build.log
    assert build.returncode == 1
    assert f"Aborted with {len(warnings)} warnings in strict mode!" in build.log


@pytest.mark.slow
def test_real_site_checks_clean(real_site):
    site_url = read_config(ROOT / "mkdocs.yml")["site_url"]
    problems = resolve.check_site(real_site.site_dir, site_url=site_url)
    assert [str(p) for p in problems] == []
    assert (real_site.site_dir / "en" / "index.html").exists()


@pytest.mark.slow
def test_real_project_with_a_planted_broken_link_fails_with_file_and_line(tmp_path):
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    line = plant_broken_link(project)
    plant_broken_link(project, "datastore.md#no-such-anchor")
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 1
    assert (
        f"docs/concepts/compute.md:{line}: link 'no-such-page.md' points to "
        "'docs/concepts/no-such-page.md', which does not exist." in build.log
    ), build.log
    assert (
        f"docs/concepts/compute.md:{line + 2}: link 'datastore.md#no-such-anchor' points to anchor "
        "'no-such-anchor', which 'docs/concepts/datastore.md' does not define." in build.log
    ), build.log


@pytest.mark.slow
def test_real_offline_bundle_checks_clean_as_opened_from_file(tmp_path):
    if not (ROOT / "node_modules" / "iframe-worker").is_dir() and not os.environ.get("CI"):
        pytest.skip("npm ci has not installed iframe-worker (the offline bundle's search shim)")
    build = mkdocs_build(ROOT, tmp_path / "site", env={"OFFLINE": "true"})
    assert build.returncode == 0, build.log
    assert (tmp_path / "site" / "concepts" / "compute.html").exists()  # use_directory_urls: false
    summary = [line for line in build.log.splitlines() if "linkcheck: " in line]
    assert len(summary) == 1 and " 0 problem(s)" in summary[0], build.log
    result = run_cli(str(tmp_path / "site"), "--file-urls")
    assert (result.returncode, result.stderr) == (0, ""), result.stderr


@pytest.mark.slow
def test_hook_under_mkdocs_serve(tmp_path):
    import socket
    import urllib.request

    project = make_project(tmp_path / "p")
    plant_defects(project)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log_path = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    with open(log_path, "w", encoding="utf-8") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--no-livereload"],
            cwd=project,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and status != 200:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/proj/en/", timeout=2) as response:
                    status = response.status
            except OSError:
                time.sleep(0.3)
        assert status == 200, log_path.read_text(encoding="utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    log = log_path.read_text(encoding="utf-8")
    assert log.count("linkcheck: 5 pages,") == 1, log  # serve builds into a temporary directory, checked once
    assert (
        "docs/concepts/compute.md:12: link '../index.md#no-such-anchor' points to anchor 'no-such-anchor', "
        "which 'docs/index.md' does not define." in log
    )


def test_a_broken_glossary_term_link_is_reported_at_its_term_not_at_a_bare_fragment():
    markdown = "# Page\n\n[見出しへ](#workspace) とは別に\n\n```\n[[workspace]]\n```\n\n[[workspace]]を作成し、[[workspace|ワークスペース]]を使う。\n"
    pages = {
        "concepts/x/index.html": sourcemap.SourcePage("docs/concepts/x.md", "concepts/x.md", markdown),
        "glossary/index.html": sourcemap.SourcePage("docs/glossary.md", "glossary.md", "# 用語集\n"),
    }
    problem = resolve.make(
        "concepts/x/index.html",
        40,
        "anchor",
        url="../../glossary/#workspace",
        target="glossary/index.html",
        fragment="workspace",
    )
    first = sourcemap.restate(problem, pages, 0)
    second = sourcemap.restate(problem, pages, 1)
    assert str(first) == (
        "docs/concepts/x.md:9: link '[[workspace]]' points to anchor 'workspace', which 'docs/glossary.md' does not define."
    )
    assert str(second) == (
        "docs/concepts/x.md:9: link '[[workspace|ワークスペース]]' points to anchor 'workspace', which 'docs/glossary.md' "
        "does not define."
    )


# --------------------------------------------------------------------------- properties (hypothesis)

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    [
        '<a href="',
        "<a href='",
        "<a href=",
        '">',
        "'>",
        ">",
        "</a>",
        '<img src="',
        '<img srcset="',
        " 2x, ",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        "<template>",
        "</template>",
        '<svg><use xlink:href="',
        "</svg>",
        '<h2 id="',
        '<p id="',
        '<a name="',
        "<div>",
        "</div>",
        "<table><tr><td>",
        "&amp;",
        "&#x",
        ";",
        "\n",
        "\r\n",
        "#",
        "%E3%81",
        "?",
        "//",
        "../",
        "/",
        "http://",
        "https://[",
        "::1",
        "]:",
        "javascript:",
        "file:",
        "mailto:",
        "ページ",
        "\x00",
        "\ufeff",
        " ",
        "\t",
        "=",
        "(",
        ")",
        ",",
    ]
)
_HTML = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join)
_URL = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=12).map("".join),
)
_PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPERTY
@given(_HTML)
def test_property_the_html_reader_never_raises_and_lines_stay_in_the_text(text):
    parsed = parse.parse_document(text)
    last = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    assert all(1 <= link.line <= last for link in parsed.links)
    assert all(1 <= line <= last for line, _ in parsed.problems)


_TAG_SOUP = st.lists(
    st.sampled_from(["<div>", "</div>", "<DIV class=x>", "<br/>", "<p>", "</p>", "<i/>", "<i / >", "</i>", "<a>"])
    | st.sampled_from(["<b", ">", "/>", "/", " ", "x", "<", "</", "<svg>", "<path/>", "<!-- <div> -->"]),
    max_size=40,
).map("".join)


@_PROPERTY
@given(_TAG_SOUP, st.integers(min_value=0, max_value=4))
def test_property_the_quick_depth_scan_agrees_with_the_flattening(text, limit):
    depth, deeper = 0, False  # the estimate of parse._flatten, tag by tag
    for match in re.finditer(r"<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>", text):
        if match.group(3) or match.group(2).lower() in parse._NO_NEST:
            continue
        if match.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deeper = deeper or depth > limit
    assert parse._nests_deeper(text, limit) == deeper == (parse._flatten(text, limit)[1] >= 0)
    assert parse._may_nest_deeper(text.encode(), limit) or not deeper  # the quick count never misses one


@_PROPERTY
@given(st.binary(max_size=300))
def test_property_the_html_reader_takes_any_bytes(data):
    parsed = parse.parse_document(data)
    assert isinstance(parsed.ids, set)


@_PROPERTY
@given(
    _URL,
    st.sampled_from(["index.html", "a/b/index.html", "en/x.html"]),
    st.booleans(),
    st.sampled_from([None, "https://example.org/site/", "http://[::1", "https://h.example"]),
    st.sampled_from(["href", "src", "srcset"]),
)
def test_property_the_resolver_classifies_any_url(url, page, file_urls, site_url, attr):
    resolved = resolve.resolve(url, page, attr=attr, options=Options(site_url=site_url, file_urls=file_urls))
    assert resolved.kind in ("internal", "external", "skip", "problem")
    if resolved.kind == "problem":
        assert resolved.message.endswith(".") and "\n" not in resolved.message
    if resolved.kind == "internal":
        assert not resolved.path.startswith("/") and ".." not in resolved.path.split("/")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_HTML, min_size=1, max_size=3))
def test_property_a_site_of_any_pages_yields_problems_never_an_exception(tmp_path_factory, pages):
    site = tmp_path_factory.mktemp("prop")
    for i, text in enumerate(pages):
        (site / ("index.html" if i == 0 else f"p{i}.html")).write_text(text, encoding="utf-8", errors="surrogatepass")
    for problem in resolve.check_site(site, site_url="https://example.org/site/"):
        text = str(problem)
        assert text.count("\n") == 0 and problem.line >= 1 and text.endswith(".")


def _check_each_link(site: resolve.Site, options: Options) -> list[LinkProblem]:
    """check_links without any sharing between links: every URL of every page resolved and checked on its own."""
    problems = set(site.problems)
    for page, parsed in site.pages.items():
        for entry in parsed.entries:
            if any(pattern.search(entry.url) for pattern in options.ignore):
                continue
            found = resolve.resolve(entry.url, page, attr=entry.attr, options=options)
            line = parsed.line(entry.node)
            if found.kind == "problem":
                url = resolve.clean_url(entry.url)
                fields = {"url": url, "subject": f"{entry.tag} {entry.attr}", "detail": found.message}
                problems.add(resolve.make(page, line, "url", **fields))  # type: ignore[arg-type]
            elif found.kind == "internal":
                target = resolve.check_target(site, resolve.clean_url(entry.url), found, options)
                if target is not None:
                    problems.add(resolve.make(page, line, target[0], **target[1]))
    return sorted(problems)


_SITE_PAGES = ("index.html", "a/index.html", "a/b/index.html", "c/d/index.html", "c/d/e.html")
_SITE_URLS = st.lists(
    st.tuples(
        st.sampled_from(["", "../", "../../", "../../../", "./", "/", "https://example.org/site/"]),
        st.sampled_from(["", "a/", "a/b/", "c/d/e.html", "b/", "d/", "index.html", "gone.html", " ", "#h", "#gone"]),
        st.sampled_from(["", "#h", "#gone", "?q"]),
    ).map("".join),
    max_size=8,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_SITE_URLS, min_size=len(_SITE_PAGES), max_size=len(_SITE_PAGES)), st.booleans())
def test_property_sharing_resolutions_between_links_changes_no_problem(tmp_path_factory, links, ignore):
    root = tmp_path_factory.mktemp("share")
    for page, urls in zip(_SITE_PAGES, links, strict=True):
        write(root / page, '<h2 id="h">t</h2>\n' + "\n".join(f'<a href="{url}">x</a>' for url in urls))
    options = Options(site_url=SITE_URL, ignore=resolve.compile_patterns([r"^\.\./\.\./"] if ignore else []))
    site = resolve.scan_site(root)
    assert resolve.check_links(site, options)[0] == _check_each_link(site, options)


def _each_external(site: resolve.Site, options: Options) -> dict[str, list[tuple[str, int]]]:
    """The external URLs of check_links, every link resolved on its own."""
    found: dict[str, list[tuple[str, int]]] = {}
    for page, parsed in site.pages.items():
        for entry in parsed.entries:
            if any(pattern.search(entry.url) for pattern in options.ignore):
                continue
            resolved = resolve.resolve(entry.url, page, attr=entry.attr, options=options)
            if resolved.kind == "external":
                found.setdefault(resolved.url, []).append((page, parsed.line(entry.node)))
    return found


_TAGGED_LINK = st.tuples(
    st.sampled_from(['<a href="{}">x</a>', '<img src="{}">', '<img srcset="{} 1x, ../x.png 2x">', '<link href="{}">']),
    st.one_of(
        st.sampled_from([" ", "", "\t", "#h", "https://example.com/a#1", "https://example.com/a#2", "//cdn.example/x"]),
        _SITE_URLS.map(lambda urls: urls[0] if urls else "a/"),
    ),
).map(lambda pair: pair[0].format(pair[1]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_TAGGED_LINK, max_size=8), min_size=len(_SITE_PAGES), max_size=len(_SITE_PAGES)))
def test_property_sharing_resolutions_keeps_problems_and_external_places_of_any_tag(tmp_path_factory, links):
    root = tmp_path_factory.mktemp("share-tags")
    for page, tags in zip(_SITE_PAGES, links, strict=True):
        write(root / page, '<h2 id="h">t</h2>\n' + "\n".join(tags))
    options = Options(site_url=SITE_URL)
    site = resolve.scan_site(root)
    problems, places = resolve.check_links(site, options)
    assert problems == _check_each_link(site, options)
    assert places == _each_external(site, options)
    assert list(places) == list(_each_external(site, options))  # first use first


_PLAIN_PATH = st.lists(
    st.sampled_from(["..", ".", "", "a", "b.html", "見出し", "x#y", "#f", "%41", "?q", ":", " ", "\t", "//"]),
    max_size=6,
).map("/".join)


@_PROPERTY
@given(
    st.one_of(_URL, _PLAIN_PATH),
    st.sampled_from(["index.html", "a/b/index.html", "en/x.html"]),
    st.sampled_from(["href", "src"]),
)
def test_property_a_plain_relative_url_resolves_as_by_the_general_steps(url, page, attr):
    # A leading space never takes resolve's shortcut for plain paths, and clean_url removes it.
    options = Options(site_url=SITE_URL)
    assert resolve.resolve(url, page, attr=attr, options=options) == resolve.resolve(
        " " + url, page, attr=attr, options=options
    )


def _normalize_by_segments(path: str) -> str | None:
    """resolve.normalize as a plain walk over every segment (the reference it must agree with)."""
    parts: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        if segment == "..":
            if not parts:
                return None
            parts.pop()
        elif segment == "." or (segment == "" and index < len(segments) - 1):
            continue
        else:
            parts.append(segment)
    if segments and segments[-1] in (".", "..") and parts != [""]:
        parts.append("")
    return "/".join(parts)


@_PROPERTY
@given(st.lists(st.sampled_from(["", ".", "..", "a", "b.c", ".x", "..y", "..."]), max_size=7).map("/".join))
def test_property_normalize_agrees_with_a_walk_over_every_segment(path):
    assert resolve.normalize(path) == _normalize_by_segments(path)


@_PROPERTY
@given(st.text(max_size=300), st.lists(_URL, max_size=5), st.integers(min_value=0, max_value=3))
def test_property_the_source_map_never_raises(markdown, urls, nth):
    pages = {"x/index.html": sourcemap.SourcePage("docs/x.md", "x.md", markdown)}
    for url in urls:
        problem = resolve.make("x/index.html", 1, "anchor", url=url, target="x/index.html", fragment="f")
        restated = sourcemap.restate(problem, pages, nth)
        assert restated is None or (restated.file == "docs/x.md" and restated.line and restated.line >= 1)


def test_external_check_works_inside_a_running_event_loop(tmp_path, http_server):
    import asyncio
    import concurrent.futures

    base, _ = http_server

    async def inside():
        return external.check_external({f"{base}/missing": [("a.html", 1)]}, fast_settings(tmp_path))

    # a thread of its own: a Playwright test earlier in the session may keep a loop running in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        problems = pool.submit(asyncio.run, inside()).result()
    assert [p.detail for p in problems] == ["returned HTTP 404 (Not Found)"]
