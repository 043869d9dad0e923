"""Catalogue rows for page sources, the glossary, markers, data files, encodings, heading ids and translations."""

from __future__ import annotations

from pathlib import Path

from tests.bad_inputs_case import Case

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "badsite"
GLOSSARY = (FIXTURE / "data" / "glossary.yml").read_text(encoding="utf-8")
PYTHON_SUPPORT = (FIXTURE / "data" / "python_support.yml").read_text(encoding="utf-8")
INDEX = (FIXTURE / "docs" / "index.md").read_text(encoding="utf-8")
INDEX_EN = (FIXTURE / "docs" / "index.en.md").read_text(encoding="utf-8")
MODEL = (FIXTURE / "docs" / "concepts" / "model.md").read_text(encoding="utf-8")
MODEL_EN = (FIXTURE / "docs" / "concepts" / "model.en.md").read_text(encoding="utf-8")


def glossary(old: str, new: str) -> dict[str, str]:
    """data/glossary.yml with one change (which must apply)."""
    assert old in GLOSSARY, old
    return {"data/glossary.yml": GLOSSARY.replace(old, new, 1)}


def line_of(text: str, needle: str) -> int:
    return text.split(needle)[0].count("\n") + 1


G = "data/glossary.yml"
MODEL_LINE = line_of(GLOSSARY, "model:")
SJIS_PAGE = INDEX.encode("shift_jis")
SJIS_GLOSSARY = GLOSSARY.encode("shift_jis")
SJIS_OFFSET = next(i for i, b in enumerate(SJIS_GLOSSARY) if b >= 0x80)
SJIS_LINE = SJIS_GLOSSARY[:SJIS_OFFSET].count(b"\n") + 1
DUPLICATE_ID = MODEL + "\n## もう一度 { #register }\n\n二度目です。\n"
CODE_KINDS = (
    "# はじめに { #introduction }\n\n[[workspace]]を作成します。`[[nope]]` と `<!-- nope -->`\n\n"
    "```markdown\n[[nope]]\n<!-- glossary -->\n```\n\n    [[nope]]\n    <!-- glossary -->\n\n"
    "<pre>\n[[nope]]\n<!-- Glossary -->\n</pre>\n\n~~~\n<!-- python-versions azure-ai-ml -->\n~~~\n"
)

ROWS: list[Case] = [
    Case("clean-site-builds", exit=0, count=0),
    Case("glossary-cli-clean", run="glossary", exit=0, count=0),
    # ---- encodings: one sentence with file, byte and offset, never a traceback --------------------
    Case(
        "shift-jis-page",
        {"docs/index.md": SJIS_PAGE},
        message=r"is not valid UTF-8: byte 0x82 at offset 2 \(line 1\); save the file as UTF-8\.$",
        where="docs/index.md:1",
    ),
    Case(
        "utf-16-page",
        {"docs/concepts/model.en.md": MODEL_EN.encode("utf-16")},
        message=r"is not valid UTF-8: byte 0xff at offset 0 \(line 1\)",
        where="docs/concepts/model.en.md:1",
    ),
    Case(
        "shift-jis-glossary-data",
        {G: SJIS_GLOSSARY},
        message=rf"is not valid UTF-8: byte 0x{SJIS_GLOSSARY[SJIS_OFFSET]:02x} at offset {SJIS_OFFSET} "
        rf"\(line {SJIS_LINE}\)",
        where=f"{G}:{SJIS_LINE}",
    ),
    Case(
        "shift-jis-glossary-data-cli",
        {G: SJIS_GLOSSARY},
        run="glossary",
        message=r"is not valid UTF-8: byte 0x",
        where=f"{G}:{SJIS_LINE}",
    ),
    Case(
        "shift-jis-python-support",
        {
            "data/python_support.yml": PYTHON_SUPPORT.replace("ja: Python SDK v2", "ja: 現行の Python SDK").encode(
                "shift_jis"
            )
        },
        message=r"data/python_support\.yml:\d+: is not valid UTF-8: byte 0x",
    ),
    Case(
        "bom-and-crlf-page-build",
        {"docs/index.md": b"\xef\xbb\xbf" + INDEX.replace("\n", "\r\n").encode()},
        exit=0,
        count=0,
    ),
    Case("crlf-glossary-data-builds", {G: GLOSSARY.replace("\n", "\r\n")}, exit=0, count=0),
    # ---- the glossary data file: the root cause, once, and no 'term not defined' after it -----------
    Case(
        "glossary-yaml-syntax",
        {G: GLOSSARY.replace("  category: asset\n", "  category: [asset\n")},
        message=r"glossary data is not valid YAML \(",
        where=f"{G}:{MODEL_LINE + 2}",
    ),
    Case(
        "glossary-yaml-syntax-cli",
        {G: "workspace: [\n"},
        run="glossary",
        message=r"glossary data is not valid YAML \(did not find expected node content\); fix the syntax\.$",
        where=f"{G}:2",
    ),
    Case("glossary-empty-file", {G: ""}, message=r"glossary data is empty; write one entry per term", where=G),
    Case("glossary-only-comments", {G: "# nothing yet\n"}, message=r"glossary data is empty", where=G),
    Case("glossary-file-missing", {G: None}, message=r"glossary data file is missing; create it", where=G),
    Case(
        "glossary-not-a-mapping",
        {G: "- workspace\n- model\n"},
        message=r"glossary data must be a mapping of term ids to entries",
        where=f"{G}:1",
    ),
    Case(
        "glossary-duplicate-id",
        {G: GLOSSARY + GLOSSARY[GLOSSARY.index("model:") :]},
        message=rf"glossary key 'model' is defined twice \(first at line {MODEL_LINE}\)",
        where=f"{G}:{GLOSSARY.count(chr(10)) + 1}",
    ),
    Case(
        "glossary-duplicate-alias",
        glossary("    term: モデル\n", "    term: モデル\n    aliases: [ワークスペース]\n"),
        message=r"glossary term 'model' ja name 'ワークスペース' is already used by term 'workspace'",
        where=f"{G}:{MODEL_LINE}",
    ),
    Case(
        "glossary-bad-yomi",
        glossary("yomi: もでる", "yomi: moderu"),
        message=r"glossary term 'model' ja\.yomi 'moderu' is not a kana reading",
        where=f"{G}:{MODEL_LINE + 4}",
    ),
    Case(
        "glossary-bad-yomi-cli",
        glossary("yomi: もでる", "yomi: moderu"),
        run="glossary",
        message=r"ja\.yomi 'moderu' is not a kana reading",
        where=f"{G}:{MODEL_LINE + 4}",
    ),
    Case(
        "glossary-missing-yomi",
        glossary("    yomi: もでる\n", ""),
        message=r"glossary term 'model' has no 'ja\.yomi' reading",
        where=f"{G}:{MODEL_LINE + 2}",
    ),
    Case(
        "glossary-typo-key",
        glossary("    definition: 学習の結果です。", "    defintion: 学習の結果です。"),
        message=r"has unknown key 'ja\.defintion'; use only aliases, definition, excludes, link, term, yomi\.$",
        where=f"{G}:{MODEL_LINE + 5}",
        count=2,
    ),
    Case(
        "glossary-unknown-term-key",
        glossary("  category: asset\n", "  category: asset\n  colour: blue\n"),
        message=r"glossary term 'model' has unknown key 'colour'; use only category, en, ja\.$",
        where=f"{G}:{MODEL_LINE + 2}",
    ),
    Case(
        "glossary-bad-category",
        glossary("category: asset", "category: thing"),
        message=r"has category 'thing', which is not one of resource, asset",
        where=f"{G}:{MODEL_LINE + 1}",
    ),
    Case(
        "glossary-http-link",
        glossary(
            "https://learn.microsoft.com/en-us/azure/machine-learning/how-to-manage-models", "http://example.com/models"
        ),
        message=r"en\.link 'http://example\.com/models' is not an https URL",
        where=f"{G}:{MODEL_LINE + 10}",
    ),
    Case(
        "glossary-wrong-learn-locale",
        glossary(
            "en-us/azure/machine-learning/how-to-manage-models", "ja-jp/azure/machine-learning/how-to-manage-models"
        ),
        message=r"points to the 'ja-jp' edition of Microsoft Learn; use '/en-us/'\.$",
        where=f"{G}:{MODEL_LINE + 10}",
    ),
    Case(
        "glossary-invalid-id",
        glossary("model:", "Model_X:"),
        message=r"glossary id 'Model_X' is not a valid id",
        where=f"{G}:{MODEL_LINE}",
        count=3,
    ),  # + [[model]] x2
    Case(
        "glossary-missing-translation-block",
        glossary("  en:\n    term: model\n", "  en_:\n    term: model\n"),
        message=r"glossary term 'model' has no 'en' translation",
        where=f"{G}:{MODEL_LINE}",
        count=2,
    ),
    Case(
        "glossary-text-not-a-string",
        glossary("    term: モデル", "    term: 42"),
        message=r"glossary term 'model' has no 'ja\.term' text",
        where=f"{G}:{MODEL_LINE + 3}",
    ),
    Case(
        "glossary-unmentioned-term",
        glossary(
            "model:",
            "orphan:\n"
            + GLOSSARY[GLOSSARY.index("  category: asset") :]
            .replace("モデル", "孤児")
            .replace("もでる", "こじ")
            .replace("term: model", "term: orphan")
            + "\nmodel:",
        ),
        message=r"glossary term 'orphan' is not mentioned on any 'ja' page",
        where=f"{G}:{MODEL_LINE}",
        count=2,
    ),
    # ---- term links ----------------------------------------------------------------------------------
    Case(
        "unknown-term-id",
        {"docs/index.md": INDEX.replace("[[workspace]]", "[[wrokspace]]", 1)},
        message=r"glossary term 'wrokspace' is not defined in data/glossary\.yml; check the id "
        r"\(closest id: 'workspace'\) or add the term\.$",
        where="docs/index.md:3",
    ),
    Case(
        "unknown-term-id-in-table-cell",
        {"docs/concepts/model.md": MODEL + "\n| a | b |\n|---|---|\n| [[nope|x]] | y |\n"},
        message=r"glossary term 'nope' is not defined",
        where=f"docs/concepts/model.md:{MODEL.count(chr(10)) + 4}",
    ),
    Case(
        "unknown-term-id-after-front-matter",
        {"docs/index.md": "---\ntitle: はじめに\n---\n" + INDEX.replace("[[workspace]]", "[[wrokspace]]", 1)},
        message=r"glossary term 'wrokspace'",
        where="docs/index.md:6",
    ),
    Case("terms-and-markers-in-code-stay-literal", {"docs/index.md": CODE_KINDS}, exit=0, count=0),
    Case(
        "term-link-in-heading-is-text",
        {"docs/concepts/model.md": MODEL.replace("## 登録", "## [[model]]の登録")},
        exit=0,
        count=0,
    ),
    # ---- markers ---------------------------------------------------------------------------------------
    Case(
        "unknown-marker",
        {"docs/glossary.md": "# 用語集 { #glossary }\n\n<!-- glosary -->\n"},
        message=r"marker 'glosary' is not a known generator \(known: 'glossary', 'python-versions'\)",
        where="docs/glossary.md:3",
    ),
    Case(
        "marker-with-capital-letter",
        {"docs/glossary.md": "# 用語集 { #glossary }\n\n<!-- Glossary -->\n"},
        message=r"marker '<!-- Glossary -->' is not well-formed: marker names are lowercase; write '<!-- glossary -->'\.$",
        where="docs/glossary.md:3",
    ),
    Case(
        "marker-missing-colon",
        {"docs/setup.md": "# Python { #python }\n\n<!-- python-versions azure-ai-ml -->\n"},
        message=r"a colon must follow the name; write '<!-- python-versions: azure-ai-ml -->'\.$",
        where="docs/setup.md:3",
    ),
    Case(
        "marker-not-closed",
        {"docs/glossary.md": "# 用語集 { #glossary }\n\n<!-- glossary\n"},
        message=r"marker '<!-- glossary' has no closing '-->'",
        where="docs/glossary.md:3",
    ),
    Case(
        "marker-not-closed-before-text",
        {
            "docs/setup.md": "# Python { #python }\n\n<!-- python-versions: azure-ai-ml\n\n"
            "対応表です。\n\n<!-- note -->\n"
        },
        message=r"marker '<!-- python-versions: azure-ai-ml' has no closing '-->'",
        where="docs/setup.md:3",
        count=2,
    ),
    Case(
        "marker-looks-like-but-is-not",
        {"docs/index.md": INDEX + "\n<!-- TODO fix later -->\n"},
        message=r"comment '<!-- TODO fix later -->' looks like a marker but is not well-formed",
        where=f"docs/index.md:{INDEX.count(chr(10)) + 2}",
    ),
    Case(
        "glossary-marker-with-argument",
        {"docs/glossary.md": "# 用語集 { #glossary }\n\n<!-- glossary: x -->\n"},
        message=r"marker 'glossary': argument 'x' is not accepted; write '<!-- glossary -->'\.$",
        where="docs/glossary.md:3",
    ),
    Case(
        "marker-in-admonition-expands",
        {"docs/glossary.md": "# 用語集 { #glossary }\n\n!!! note\n    <!-- glossary -->\n"},
        exit=0,
        count=0,
    ),
    Case(
        "free-text-comments-are-not-markers",
        {"docs/index.md": INDEX + "\n<!-- 後で図を差し替える -->\n\n<!--\nnote\n-->\n"},
        exit=0,
        count=0,
    ),
    # ---- pages and translations ------------------------------------------------------------------------
    Case(
        "missing-translation",
        {"docs/concepts/model.en.md": None},
        message=r"the 'en' translation of 'docs/concepts/model\.md' is missing; add this file",
        where="docs/concepts/model.en.md",
    ),
    Case(
        "missing-home-translation",
        {"docs/index.en.md": None},
        message=r"the 'en' translation of 'docs/index\.md' is missing",
        where="docs/index.en.md",
    ),
    Case(
        "missing-glossary-translation",
        {"docs/glossary.en.md": None},
        message=r"the 'en' translation of 'docs/glossary\.md' is missing",
        where="docs/glossary.en.md",
    ),
    Case(
        "missing-default-language-page",
        {"docs/setup.md": None},
        message=r"the 'ja' translation of 'docs/setup\.en\.md' is missing; add this file \(every page exists in "
        r"ja and en\)\.$",
        where="docs/setup.md",
    ),
    Case(
        "duplicate-heading-id",
        {"docs/concepts/model.md": DUPLICATE_ID},
        message=r"heading id 'register' is already used at line 5 of this page",
        where=f"docs/concepts/model.md:{line_of(DUPLICATE_ID, '## もう一度 { #register }')}",
    ),
    Case(
        "same-heading-text-twice-builds",
        {"docs/concepts/model.md": MODEL + "\n## 登録\n\n二度目です。\n"},
        exit=0,
        count=0,
    ),
    Case(
        "glossary-excludes-a-name",
        glossary("    term: モデル\n", "    term: モデル\n    excludes: [ワークスペース]\n"),
        message=r"glossary term 'model' ja\.excludes lists 'ワークスペース', which is a term or alias",
        where=f"{G}:{MODEL_LINE}",
    ),
    Case(
        "glossary-cli-path-argument",
        {"data/other.yml": GLOSSARY.replace("yomi: もでる", "yomi: モデル2")},
        run="glossary",
        args=("data/other.yml",),
        message=r"ja\.yomi 'モデル2' is not a kana reading",
        where=f"data/other.yml:{MODEL_LINE + 4}",
    ),
    Case(
        "glossary-cli-usage",
        run="glossary",
        args=("data/glossary.yml", "extra"),
        exit=2,
        message=r"^usage: python -m hooks\.glossary check",
        count=1,
    ),
    Case(
        "glossary-page-without-marker",
        {"docs/glossary.md": "# 用語集 { #glossary }\n\n用語の一覧です。\n"},
        message=r"has no '<!-- glossary -->' marker, so the 'ja' term links have no entries to point to",
        where="docs/glossary.md",
    ),
    Case(
        "glossary-marker-twice",
        {"docs/glossary.md": "# 用語集 { #glossary }\n\n<!-- glossary -->\n\n<!-- glossary -->\n"},
        message=r"marker 'glossary': the index is already on this page \(line 3\); keep one marker\.$",
        where="docs/glossary.md:5",
    ),
    Case(
        "misspelt-marker-name-still-renders",
        {"docs/setup.md": "# Python { #python }\n\n<!-- python-version: azure-ai-ml -->\n"},
        message=r"marker 'python-version' is not a known generator",
        where="docs/setup.md:3",
    ),
]
