"""Unit tests of the fenced-code scanner (hooks/core/mdscan.py)."""

from hooks.core.mdscan import fenced_lines


def test_backtick_and_tilde_fences_with_info_strings():
    lines = ["text", "```yaml", "a: 1", "```", "between", "~~~~", "```", "~~~~", "after"]
    assert fenced_lines(lines) == [False, True, True, True, False, True, True, True, False]


def test_closing_fence_needs_same_character_and_length_and_nothing_after():
    lines = ["````", "```", "```` not closing", "`````", "out"]
    assert fenced_lines(lines) == [True, True, True, True, False]


def test_fence_inside_block_quote_and_indented_admonition():
    lines = ["> ```", "> <!-- glossary -->", "> ```", "!!! note", "    ```", "    code", "    ```", "x"]
    assert fenced_lines(lines) == [True, True, True, False, True, True, True, False]


def test_unclosed_fence_runs_to_the_end():
    assert fenced_lines(["a", "```", "b", "c"]) == [False, True, True, True]
