"""hooks/core: text decoding (text.py), YAML with lines and typed models (data.py), script classes (scripts.py)."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks.core import data, text
from hooks.core.problems import HookError, Problem
from hooks.core.scripts import script

# ----------------------------------------------------------------------------------------------
# text
# ----------------------------------------------------------------------------------------------


def test_decode_strips_the_bom_and_normalises_newlines():
    assert text.decode(b"\xef\xbb\xbfa\r\nb\rc\n", label="x.md") == "a\nb\nc\n"


def test_shift_jis_names_file_byte_offset_and_line():
    raw = "# タイトル\n\n本文です。\n".encode("shift_jis")
    with pytest.raises(HookError) as err:
        text.decode(raw, label="docs/index.md")
    assert err.value.problem == Problem(
        "docs/index.md", 1, "is not valid UTF-8: byte 0x83 at offset 2 (line 1); save the file as UTF-8."
    )
    assert (
        str(err.value) == "docs/index.md:1: is not valid UTF-8: byte 0x83 at offset 2 (line 1); save the file as UTF-8."
    )


def test_offset_counts_the_bom_and_line_counts_newlines():
    raw = b"\xef\xbb\xbfok\nok\n\xff"
    with pytest.raises(HookError) as err:
        text.decode(raw, label="a.yml")
    assert (err.value.problem.line, err.value.problem.message) == (
        3,
        "is not valid UTF-8: byte 0xff at offset 9 (line 3); save the file as UTF-8.",
    )


def test_read_text_missing_and_folder(tmp_path):
    with pytest.raises(HookError) as err:
        text.read_text(tmp_path / "none.md", label="docs/none.md")
    assert str(err.value) == "docs/none.md: does not exist; create it or fix the path."
    with pytest.raises(HookError) as err:
        text.read_text(tmp_path, label="docs")
    assert str(err.value) == "docs: is a folder, not a file; give the path of a file."
    (tmp_path / "a.md").write_bytes("日本語\r\n".encode())
    assert text.read_text(tmp_path / "a.md") == "日本語\n"


@given(st.binary(max_size=200))
def test_decode_gives_text_or_a_problem(raw):
    try:
        out = text.decode(raw, label="f")
    except HookError as err:
        assert err.problem.file == "f"
        assert err.problem.line is not None and err.problem.message.endswith("save the file as UTF-8.")
    else:
        assert "\r" not in out


# ----------------------------------------------------------------------------------------------
# data
# ----------------------------------------------------------------------------------------------
class Figure(msgspec.Struct, forbid_unknown_fields=True):
    values: list[int]
    labels: list[str] = []

    def check(self):
        if self.labels and len(self.labels) != len(self.values):
            yield ("labels",), "has a different number of labels than values; give one label per value."


class Figures(msgspec.Struct, forbid_unknown_fields=True):
    figures: dict[str, Figure]
    version: int = 1


def problems(source: str, model=Figures) -> list[str]:
    doc, issues = data.parse(source, label="data/figures.yml")
    if doc is not None and doc.data is not None:
        issues += data.convert(doc, model)[1]
    return [str(p) for p in data.problems_of(issues, "data/figures.yml")]


def test_parse_keeps_the_line_of_every_key_and_item():
    doc, issues = data.parse("a:\n  b:\n    - x\n    - y: 1\n\n  c: 2\n", label="f.yml")
    assert issues == [] and doc is not None
    assert doc.data == {"a": {"b": ["x", {"y": 1}], "c": 2}}
    assert dict(doc.lines) == {
        (): 1,
        ("a",): 1,
        ("a", "b"): 2,
        ("a", "b", 0): 3,
        ("a", "b", 1): 4,
        ("a", "b", 1, "y"): 4,
        ("a", "c"): 6,
    }
    assert data.line_of(doc, ("a", "b", 1, "y", "deeper")) == 4
    assert doc.line(("nothing",)) == 1


def test_keys_stay_as_written():
    doc, _ = data.parse("3.10: a\n1: b\ntrue: c\n", label="f.yml")
    assert doc is not None and doc.data == {"3.10": "a", "1": "b", "true": "c"}


def test_typo_key_names_the_line_and_the_allowed_keys():
    assert problems("figures:\n  a:\n    values: [1]\n\n    vaules: [2]\n") == [
        "data/figures.yml:5: key 'vaules' is not allowed here (allowed: values, labels); fix the spelling."
    ]


def test_every_unknown_key_then_the_first_other_problem_of_each_entry():
    # 'a' has two unknown keys and then lacks 'values'; 'b' has a wrong type; 'c' is fine
    source = "figures:\n  a:\n    vaules: [1]\n    colour: red\n  b:\n    values: x\n  c:\n    values: [1]\n"
    assert problems(source) == [
        "data/figures.yml:3: key 'vaules' is not allowed here (allowed: values, labels); fix the spelling.",
        "data/figures.yml:4: key 'colour' is not allowed here (allowed: values, labels); fix the spelling.",
        "data/figures.yml:2: key 'values' is missing in 'figures.a'; add it.",
        "data/figures.yml:6: 'figures.b.values' must be a list, not text; fix the value.",
    ]


def test_wrong_item_type_is_a_sentence_not_a_type_error():
    assert problems('figures:\n  a:\n    values: ["a"]\n') == [
        "data/figures.yml:3: 'figures.a.values[0]' must be a whole number, not text; fix the value."
    ]


def test_missing_key_names_the_mapping_line():
    assert problems("version: 2\nfigures:\n  a:\n    labels: []\n") == [
        "data/figures.yml:3: key 'values' is missing in 'figures.a'; add it."
    ]


def test_model_checks_name_the_key_they_are_about():
    assert problems("figures:\n  a:\n    values: [1, 2]\n    labels: [x]\n") == [
        "data/figures.yml:4: has a different number of labels than values; give one label per value."
    ]


def test_duplicate_keys_syntax_errors_and_root_type():
    assert problems("figures:\n  a: {values: [1]}\n  a: {values: [2]}\n") == [
        "data/figures.yml:3: key 'figures.a' is defined twice (first at line 2); keep one."
    ]
    assert problems("figures: [\n") == [
        "data/figures.yml:2: is not valid YAML (did not find expected node content); fix the syntax."
    ]
    assert problems("- 1\n") == ["data/figures.yml:1: the file must be a mapping, not a list; fix the value."]
    assert problems("a: 1\n---\nb: 2\n") == [
        "data/figures.yml:2: is not valid YAML (but found another document); fix the syntax."
    ]


def test_aliases_that_refer_to_themselves_or_explode_are_syntax_problems():
    assert problems("a: &a [*a]\n") == [
        "data/figures.yml:1: is not valid YAML (an alias refers to itself); fix the syntax."
    ]
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    out = problems("\n".join(lines) + "\n")
    assert len(out) == 1 and "aliases expand to more than 1000000 values" in out[0]


def test_load_and_load_many(tmp_path):
    path = tmp_path / "figures.yml"
    path.write_text("figures:\n  a:\n    values: [1]\n", encoding="utf-8")
    assert data.load(path, Figures, label="data/figures.yml") == Figures(figures={"a": Figure(values=[1])})
    path.write_text("figures:\n  a:\n    vaules: [1]\n", encoding="utf-8")
    with pytest.raises(HookError, match=r"^data/figures\.yml:3: key 'vaules' is not allowed here"):
        data.load(path, Figures, label="data/figures.yml")
    path.write_text("# only a comment\n", encoding="utf-8")
    assert [str(p) for p in data.load_many(path, Figures, label="data/figures.yml")[1]] == [
        "data/figures.yml: is empty; write its entries (see the comment at the top of the file in the repository)."
    ]
    path.write_bytes("figures: 図\n".encode("shift_jis"))
    obj, found = data.load_many(path, Figures, label="data/figures.yml")
    assert obj is None and [str(p) for p in found] == [
        "data/figures.yml:1: is not valid UTF-8: byte 0x90 at offset 9 (line 1); save the file as UTF-8."
    ]
    obj, found = data.load_many(tmp_path / "none.yml", Figures, label="data/none.yml")
    assert obj is None and [str(p) for p in found] == ["data/none.yml: does not exist; create it or fix the path."]


def test_custom_wording_gets_structured_fields():
    doc, _ = data.parse("figures:\n  a:\n    vaules: [1]\n", label="f")
    assert doc is not None
    issues = data.convert(doc, Figures)[1]
    assert [(i.kind, i.path, i.line, i.key, i.allowed) for i in issues] == [
        ("unknown", ("figures", "a", "vaules"), 3, "vaules", ("values", "labels")),
        ("missing", ("figures", "a", "values"), 2, "values", ("values", "labels")),
    ]
    assert data.dotted(("figures", "a", "values", 0)) == "figures.a.values[0]"


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8))
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["values", "labels", "figures", "a", "version", "x"]), inner, max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_values)
def test_any_yaml_value_gives_a_model_or_problems_with_lines(value):
    import yaml

    source = yaml.safe_dump(value, allow_unicode=True)
    doc, issues = data.parse(source, label="f.yml")
    assert doc is not None and issues == []
    if doc.data is None:
        return
    obj, issues = data.convert(doc, Figures)
    assert (obj is None) == bool(issues)
    for issue in issues:
        assert issue.line is not None and 1 <= issue.line <= source.count("\n") + 1
        sentence = data.describe(issue)
        assert sentence.endswith(".") and "\n" not in sentence


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n ?,%@`\t0.") + ["\x00", "\ufeff", "日"]), max_size=60))
def test_any_text_parses_or_gives_a_syntax_problem(source):
    doc, issues = data.parse(source, label="f.yml")
    if doc is None:
        assert len(issues) == 1 and issues[0].kind == "syntax"
    if doc is not None and doc.data is not None:
        data.convert(doc, Figures)


# ----------------------------------------------------------------------------------------------
# scripts
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chars", "expected"),
    [
        ("あがゃゝ", "hiragana"),
        ("アガャーヴｶﾞ", "katakana"),
        ("学漢々〆〇𠮷", "kanji"),
        ("aZéＡｚ", "latin"),
        ("09０９", "digit"),
        (" \t\u3000\n", "space"),
        ("、。「」・-_./()!？％", "punct"),
        ("αЖ한", "other"),
    ],
)
def test_script_classes(chars, expected):
    assert [script(ch) for ch in chars] == [expected] * len(chars)


# ----------------------------------------------------------------------------------------------
# The three data loaders: arbitrary bytes and mutated files give problems, never an exception
# ----------------------------------------------------------------------------------------------
BADSITE_DATA = Path(__file__).resolve().parent / "fixtures" / "badsite" / "data"


def _glossary(path: Path):
    from hooks.glossary.model import load

    result = load(path, label="data/glossary.yml")
    return (result.terms if result.usable else None), result.problems


def _figures(path: Path):
    from hooks.figures.model import load_figures_many

    return load_figures_many(path, label="data/figures.yml")


def _python_support(path: Path):
    from hooks.python_versions.model import load_support

    return load_support(path, label="data/python_support.yml", languages=("ja", "en"))


LOADERS = {"glossary.yml": _glossary, "figures.yml": _figures, "python_support.yml": _python_support}


@st.composite
def mutated(draw, name: str) -> bytes:
    """A data file with a few lines deleted, repeated, cut or overwritten, in UTF-8 or another encoding."""
    lines = (BADSITE_DATA / name).read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, max(len(lines) - 1, 0)))
        op = draw(st.sampled_from(["delete", "repeat", "cut", "replace", "indent"]))
        line = lines[index] if lines else ""
        if op == "delete" and lines:
            del lines[index]
        elif op == "repeat":
            lines.insert(index, line)
        elif op == "cut":
            lines[index] = line[: draw(st.integers(0, len(line)))] if lines else ""
        elif op == "indent" and lines:
            lines[index] = " " * draw(st.integers(0, 6)) + line.lstrip()
        elif lines:
            junk = draw(st.text(st.sampled_from(list("ab:-[]{}'\"#&*!|>? 0.9") + ["ワ", "\t", "\x00"]), max_size=12))
            lines[index] = line[: len(line) // 2] + junk
    text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "shift_jis", "utf-16"]))
    return text.encode(encoding, errors="replace")


def _check_loader(name: str, raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    obj, found = LOADERS[name](path)
    assert (obj is None) or isinstance(found, list)
    for problem in found:
        assert isinstance(problem, Problem) and problem.file == f"data/{name}"
        assert problem.message.endswith(".") and "\n" not in problem.message, problem


@pytest.mark.parametrize("name", sorted(LOADERS))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_data_files_give_problems_never_exceptions(name, data, tmp_path):
    _check_loader(name, data.draw(mutated(name)), tmp_path)


@pytest.mark.parametrize("name", sorted(LOADERS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_arbitrary_bytes_as_data_files_give_problems_never_exceptions(name, raw, tmp_path):
    _check_loader(name, raw, tmp_path)


def test_the_fixture_data_files_load_cleanly(tmp_path):
    for name, loader in LOADERS.items():
        obj, found = loader(BADSITE_DATA / name)
        assert obj is not None and found == [], (name, found)
