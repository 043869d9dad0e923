"""Unit tests of the shared marker parser (hooks/markers.py)."""
from __future__ import annotations

import pytest

from hooks import markers


@pytest.fixture
def echo_generator():
    def render(marker: markers.Marker, ctx: markers.RenderContext) -> str:
        if "bad" in marker.args:
            raise markers.fail(marker, "argument 'bad' is not allowed")
        return f"[{marker.name} {' '.join(marker.args)} {ctx.lang}]"

    markers.register("test-echo", render)
    yield
    markers._REGISTRY.pop("test-echo", None)


CTX = markers.RenderContext(lang="ja", src_uri="page.md")


def test_find_markers_reports_name_args_and_line():
    text = "# Title\n\n<!-- test-echo: a b -->\ntext <!-- not-a-marker --> inline\n<!-- plain -->\n"
    found = [m for m, _ in markers.find_markers(text, "docs/page.md")]
    assert [(m.name, m.args, m.line) for m in found] == [("test-echo", ("a", "b"), 3), ("plain", (), 5)]


def test_markers_inside_fenced_code_are_ignored():
    text = "```html\n<!-- test-echo: x -->\n```\n~~~~\n<!-- test-echo -->\n~~~~\n<!-- test-echo: y -->\n"
    found = [m for m, _ in markers.find_markers(text, "docs/p.md")]
    assert [(m.args, m.line) for m in found] == [(("y",), 7)]


def test_expand_replaces_each_marker(echo_generator):
    text = "a\n<!-- test-echo: x -->\nb\n<!-- test-echo -->"
    assert markers.expand(text, src_path="docs/p.md", ctx=CTX) == "a\n[test-echo x ja]\nb\n[test-echo  ja]"


def test_unknown_marker_names_file_line_and_known_names(echo_generator):
    with pytest.raises(markers.MarkerError) as err:
        markers.expand("x\n\n<!-- test-ecko: a -->\n", src_path="docs/setup/python.md", ctx=CTX)
    message = str(err.value)
    assert message.startswith("docs/setup/python.md:3: marker 'test-ecko' is not a known generator")
    assert "'test-echo'" in message


def test_generator_complaint_names_file_and_line(echo_generator):
    with pytest.raises(markers.MarkerError, match=r"^docs/p\.md:2: marker 'test-echo': argument 'bad' is not allowed\.$"):
        markers.expand("x\n<!-- test-echo: bad -->", src_path="docs/p.md", ctx=CTX)


def test_fixture_site_with_unknown_marker_fails_strict_build(tmp_path):
    from conftest import ROOT, mkdocs_build

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\ntext\n\n<!-- no-such-generator -->\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nhooks:\n  - {ROOT / 'hooks' / 'markers_hook.py'}\n", encoding="utf-8")
    build = mkdocs_build(tmp_path, tmp_path / "site")
    assert build.returncode != 0
    assert any("docs/index.md:5: marker 'no-such-generator' is not a known generator" in w for w in build.warnings), build.log
