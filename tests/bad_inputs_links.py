"""Catalogue rows for links: pages, anchors, images, URL schemes, malformed URLs, link-check settings, the CLI.

Every row builds the fixture site with the real mkdocs.yml's ``validation`` block (the link check decides
missing pages and anchors; MkDocs' own reports of them are info), so each problem is one line.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.bad_inputs_case import Case

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "badsite"
VALIDATION = re.search(
    r"(?m)^validation:\n(?:(?:[ \t]+.*)?\n)+", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
).group(0)  # type: ignore[union-attr]
_CONFIG = (FIXTURE / "mkdocs.yml").read_text(encoding="utf-8")
CONFIG = re.sub(r"(?m)^validation:\n(?:(?:[ \t]+.*)?\n)+", lambda _: VALIDATION, _CONFIG, count=1)
INDEX = (FIXTURE / "docs" / "index.md").read_text(encoding="utf-8")
MODEL = (FIXTURE / "docs" / "concepts" / "model.md").read_text(encoding="utf-8")


def page(path: str, text: str, *, extra: str = "") -> dict[str, str]:
    """The files of a row: ``path`` (docs-relative) with ``text`` appended after a blank line, and the config."""
    original = (FIXTURE / "docs" / path).read_text(encoding="utf-8")
    return {"mkdocs.yml": CONFIG + extra, f"docs/{path}": original.rstrip("\n") + "\n\n" + text + "\n"}


def at(path: str, text: str) -> str:
    """'docs/path:N' where N is the first line of ``text`` once :func:`page` appended it."""
    original = (FIXTURE / "docs" / path).read_text(encoding="utf-8")
    return f"docs/{path}:{original.rstrip(chr(10)).count(chr(10)) + 3}"


def row(case_id: str, path: str, text: str, message: str | None, *, located: bool = True, **options) -> Case:
    """A row that appends ``text`` to ``path``; the problem (if ``message``) is at the first appended line."""
    where = at(path, text) if message is not None and located else None
    return Case(case_id, page(path, text), message=message, where=where, **options)


def settings(case_id: str, linkcheck: str, message: str, **options) -> Case:
    """A row whose mkdocs.yml has ``extra: linkcheck:`` set to ``linkcheck`` (YAML lines under it)."""
    return Case(case_id, {"mkdocs.yml": CONFIG + "extra:\n  linkcheck:\n" + linkcheck}, message=message, **options)


NOWHERE = "[欠落ページ](concepts/nowhere.md)"
JA_ANCHOR = "## リソース\n\n[リソースへ](#%E3%83%AA%E3%82%BD%E3%83%BC%E3%82%B9)"

ROWS: list[Case] = [
    Case("link-clean-site-with-real-validation", {"mkdocs.yml": CONFIG}, exit=0, count=0),
    Case("link-cli-clean-site-no-flags", {"mkdocs.yml": CONFIG}, run="linkcheck", exit=0, count=0),
    # ---- internal targets --------------------------------------------------------------------
    row(
        "link-missing-page",
        "index.md",
        NOWHERE,
        r"^docs/index\.md:\d+: link 'concepts/nowhere\.md' points to 'docs/concepts/nowhere\.md', which does not exist\.$",
    ),
    row(
        "link-missing-anchor",
        "concepts/model.md",
        "[はじめに](../index.md#nope)",
        r"link '\.\./index\.md#nope' points to anchor 'nope', which 'docs/index\.md' does not define\.$",
    ),
    row(
        "link-missing-anchor-same-page",
        "concepts/model.md",
        "[上へ](#nope)",
        r"link '#nope' points to anchor 'nope', which 'docs/concepts/model\.md' does not define\.$",
    ),
    row("link-percent-encoded-japanese-anchor-works", "index.md", JA_ANCHOR, None, exit=0, count=0),
    Case(
        "link-percent-encoded-japanese-anchor-from-another-page-works",
        {
            **page("index.md", "## リソース"),
            "docs/concepts/model.md": MODEL.rstrip("\n")
            + "\n\n[リソース](../index.md#%E3%83%AA%E3%82%BD%E3%83%BC%E3%82%B9)\n",
        },
        exit=0,
        count=0,
    ),
    row(
        "link-percent-encoded-japanese-anchor-missing",
        "index.md",
        "[なし](concepts/model.md#%E3%81%AA%E3%81%97)",
        r"link 'concepts/model\.md#%E3%81%AA%E3%81%97' points to anchor 'なし', which 'docs/concepts/model\.md' "
        r"does not define\.$",
    ),
    row(
        "link-missing-image",
        "index.md",
        "![なし](assets/figures/none.svg)",
        r"link 'assets/figures/none\.svg' points to 'docs/assets/figures/none\.svg', which does not exist\.$",
    ),
    row(
        "link-missing-svg-fragment",
        "index.md",
        '<img src="assets/figures/overview.svg#nope" alt="図">',
        r"points to anchor 'nope', which 'assets/figures/overview\.svg' does not define\.$",
    ),
    row(
        "link-raw-html-relative-to-the-built-page",
        "concepts/model.md",
        '<a href="../nowhere/">raw</a>',
        r"link '\.\./nowhere/' points to 'concepts/nowhere/index\.html', which does not exist; a URL in raw HTML is "
        r"relative to the built page's folder 'concepts/model/', not to the Markdown file\.$",
    ),
    row(
        "link-case-differs",
        "index.md",
        '<a href="concepts/Model/">raw</a>',
        r"points to 'concepts/Model/index\.html', which does not exist; the file is named "
        r"'concepts/model/index\.html' \(case differs\); a URL in raw HTML",
    ),
    row(
        "link-outside-the-site-root",
        "index.md",
        '<a href="../../outside.html">out</a>',
        r"link '\.\./\.\./outside\.html' points outside the site root; use a link inside the site\.$",
    ),
    row(
        "link-to-the-en-file-from-a-ja-page",
        "index.md",
        "[英語版](concepts/model.en.md)",
        r"link 'concepts/model\.en\.md' names the en file 'docs/concepts/model\.en\.md'; pages link to the "
        r"same-language file name \('concepts/model\.md'\) and static-i18n picks each language's file\.$",
    ),
    row(
        "link-duplicate-heading-id",
        "concepts/model.md",
        "## もう一度 { #register }",
        r"heading id 'register' is already used at line 5 of this page; give each heading its own id\.$",
    ),
    row(
        "link-empty-image-src",
        "index.md",
        '<img src="" alt="空">',
        r"img src is empty; give it a URL\.$",
        located=False,
    ),
    row(
        "link-srcset-without-an-image",
        "index.md",
        '<img src="assets/figures/overview.svg" srcset=" , " alt="図">',
        r"img srcset ',' lists no image; give it a URL\.$",
        located=False,
    ),
    # ---- schemes and malformed URLs ------------------------------------------------------------
    row(
        "link-file-scheme",
        "index.md",
        "[passwd](file:///etc/passwd)",
        r"link 'file:///etc/passwd' uses the file: scheme, which works only on the author's machine; "
        r"use a relative link\.$",
    ),
    row(
        "link-javascript-scheme",
        "index.md",
        '<a href="javascript:alert(1)">x</a>',
        r"link 'javascript:alert\(1\)' uses the javascript: scheme; use a real URL, or a button for a script\.$",
    ),
    row(
        "link-ipv6-host-raw-html",
        "index.md",
        '<a href="http://[::1">v6</a>',
        r"link 'http://\[::1' is not a valid URL \(Invalid IPv6 URL\); fix the address\.$",
    ),
    row(
        "link-bad-port",
        "index.md",
        '<a href="https://example.org:99999/">port</a>',
        r"link 'https://example\.org:99999/' is not a valid URL \(Port out of range 0-65535\); fix the address\.$",
    ),
    row(
        "link-no-host",
        "index.md",
        '<a href="https:///path">nohost</a>',
        r"link 'https:///path' has no host name; fix the address\.$",
    ),
    Case(
        "link-ipv6-host-linkcheck-cli",
        page("index.md", '<a href="http://[::1">v6</a>'),
        run="linkcheck",
        message=r"^index\.html:\d+: link 'http://\[::1' is not a valid URL \(Invalid IPv6 URL\); fix the address\.$",
    ),
    row(
        "link-root-absolute-outside-the-base-path",
        "index.md",
        '<a href="/other/">other</a>',
        r"link '/other/' is outside the site's base path '/badsite/'; use a relative link\.$",
    ),
    # ---- what must pass ------------------------------------------------------------------------
    row(
        "link-external-urls-are-not-fetched-by-a-build",
        "index.md",
        "[Learn](https://learn.microsoft.com/ja-jp/azure/machine-learning/) <https://example.invalid/x>",
        None,
        exit=0,
        count=0,
    ),
    row(
        "link-mailto-tel-data-are-skipped",
        "index.md",
        '[メール](mailto:a@example.org) <a href="tel:+81-3-0000-0000">電話</a> '
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="点">',
        None,
        exit=0,
        count=0,
    ),
    row(
        "link-top-and-empty-fragment-are-valid", "index.md", '[上へ](#top) <a href="#">先頭</a>', None, exit=0, count=0
    ),
    row(
        "link-in-a-comment-or-code-is-not-a-link",
        "index.md",
        '<!-- <a href="nowhere.html">x</a> -->\n\n`<a href="nowhere.html">`\n\n```html\n<a href="nowhere.html">x</a>\n```',
        None,
        exit=0,
        count=0,
    ),
    # ---- the offline bundle: the same sentences, at the Markdown source ----------------------------
    row(
        "link-offline-missing-anchor",
        "concepts/model.md",
        "[はじめに](../index.md#nope)",
        r"link '\.\./index\.md#nope' points to anchor 'nope', which 'docs/index\.md' does not define\.$",
        run="build-offline",
    ),
    row(
        "link-offline-directory-url",
        "index.md",
        '<a href="concepts/model/">モデル</a>',
        r"link 'concepts/model/' points to directory 'concepts/model/', which a browser opening the site from "
        r"file:// shows as a listing; link to 'concepts/model/index\.html'\.$",
        run="build-offline",
    ),
    row(
        "link-offline-root-absolute",
        "index.md",
        '<a href="/badsite/">home</a>',
        r"link '/badsite/' is root-absolute, which does not work when the site is opened from file://; "
        r"use a relative link\.$",
        run="build-offline",
    ),
    # ---- extra.linkcheck -------------------------------------------------------------------------
    settings(
        "link-ignore-pattern-matching-everything",
        "    ignore: ['']\n",
        r"^mkdocs\.yml: ignore pattern '' matches the empty string, so it would skip URLs it was not meant for; "
        r"give a pattern that names the URLs to skip; fix extra\.linkcheck\.$",
    ),
    settings(
        "link-ignore-pattern-optional-everything",
        "    ignore: ['^https://a', 'x*']\n",
        r"^mkdocs\.yml: ignore pattern 'x\*' matches the empty string",
    ),
    settings(
        "link-ignore-pattern-invalid-regex",
        "    ignore: ['(']\n",
        r"^mkdocs\.yml: ignore pattern '\(' is not a valid regular expression \(missing \), unterminated subpattern "
        r"at position 0\); fix extra\.linkcheck\.$",
    ),
    settings(
        "link-unknown-setting",
        "    colour: red\n",
        r"^mkdocs\.yml: extra\.linkcheck\.colour is not a known setting \(known: ignore, backoff, cache_ttl, "
        r"max_wait, max_workers, per_host, retries, timeout\); fix extra\.linkcheck\.$",
    ),
    settings(
        "link-setting-not-a-number",
        "    timeout: soon\n",
        r"^mkdocs\.yml: extra\.linkcheck\.timeout must be a number, not 'soon'; fix extra\.linkcheck\.$",
    ),
    Case(
        "link-cli-ignore-pattern-matching-everything",
        {"mkdocs.yml": CONFIG},
        run="linkcheck",
        args=("--ignore", ""),
        exit=2,
        message=r"^python -m hooks\.linkcheck: error: ignore pattern '' matches the empty string",
    ),
    Case(
        "link-cli-unknown-setting",
        {"mkdocs.yml": CONFIG + "extra:\n  linkcheck:\n    colour: red\n"},
        run="linkcheck",
        exit=2,
        message=r"error: extra\.linkcheck\.colour is not a known setting",
    ),
]
