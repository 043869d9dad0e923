"""Catalogue rows for the Python-version tables (data/python_support.yml, the ``python-versions`` marker) and
for resources the offline bundle would load from the network.

Each data problem is one sentence naming the file and the line of the offending key, printed once for the
whole build (the site builds two languages, each with a marker), whether found by the build or by
``python -m hooks.python_versions check``.
"""

from __future__ import annotations

from pathlib import Path

from tests.bad_inputs_case import Case

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "badsite"
DATA = "data/python_support.yml"
SUPPORT = (FIXTURE / DATA).read_text(encoding="utf-8")
SETUP = (FIXTURE / "docs" / "setup.md").read_text(encoding="utf-8")
INDEX = (FIXTURE / "docs" / "index.md").read_text(encoding="utf-8")
REMOTE_TAIL = r" loads from the network, which an offline reader cannot reach; ship the file in the site and refer to it by a relative path\.$"
REMOTE_PAGE = INDEX + '\n<img src="https://cdn.example.org/a.png" alt="a">\n'
REMOTE_STYLE = INDEX + '\n<div style="background: url(https://cdn.example.org/bg.png)">x</div>\n'

MARKER = "<!-- python-versions: azure-ai-ml -->"


def line_of(text: str, needle: str) -> int:
    assert needle in text, needle
    return text.split(needle)[0].count("\n") + 1


def support(old: str, new: str) -> str:
    """The fixture's data file with one change (which must apply)."""
    assert SUPPORT.count(old) == 1, old
    return SUPPORT.replace(old, new)


def setup_page(marker: str) -> dict[str, str]:
    return {"docs/setup.md": SETUP.replace(MARKER, marker)}


BAD_SPEC = support("requires_python: '>=3.10'", "requires_python: '>=3.10,<<4'")
MISSPELT = support("    version: 1.35.2\n", "    vesion: 1.35.2\n")
UNDEFINED = support("    - '3.12'\n    read:", "    - '3.12'\n    - '3.16'\n    read:")
SLASH_DATE = support("eol: 2027-10", "eol: 2027/10")
UNQUOTED = support("released: '2022-10-24'", "released: 2022-10-24")
NO_EN = support("      en: Python SDK v2\n", "")
RETIRED = support(
    "    read: '2026-11-28'\n",
    "    read: '2026-11-28'\n    lifecycle:\n    - event: retired\n"
    "      date: '2026-06-30'\n      source: {ja: 'https://example.org/ja', en: 'https://example.org/en'}\n",
)
TWICE = support("  '3.11':\n", "  '3.10':\n    released: '2021-10-04'\n    eol: 2026-10\n    pep: '619'\n  '3.11':\n")
TWICE_NEXT = "  '3.11':"
PLANNED = SUPPORT + "  '3.13':\n    released: 2027-10\n    eol: 2032-10\n    pep: 719\n    planned: true\n"
SJIS = support("ja: Python SDK v2", "ja: 現行の Python SDK").encode("shift_jis")
SJIS_OFFSET = next(i for i, b in enumerate(SJIS) if b >= 0x80)
SJIS_LINE = SJIS[:SJIS_OFFSET].count(b"\n") + 1
NOT_MAPPING = SUPPORT[: SUPPORT.index("pythons:")] + "pythons: ['3.10']\n"
SPEC_FIX = r"is not a valid version specifier; write one like '>=3\.9,<3\.13' or run 'make refresh-python-versions'\.$"

ROWS: list[Case] = [
    # ---- what works ----------------------------------------------------------------------------------
    Case("python-versions-cli-clean", run="python-versions", exit=0, count=0),
    Case("python-versions-planned-release-builds", {DATA: PLANNED}, exit=0, count=0),
    Case(
        "python-versions-two-packages-in-the-marker",
        {
            DATA: SUPPORT.replace(
                "pythons:\n",
                "  old-sdk:\n    display: {ja: 古い SDK, en: Old SDK}\n    version: 1.0.0\n"
                "    requires_python: '>=3.8,<3.12'\n    classifiers: ['3.10', '3.11']\n"
                "    read: '2026-11-28'\npythons:\n",
                1,
            ),
            **setup_page("<!-- python-versions: azure-ai-ml old-sdk -->"),
        },
        exit=0,
        count=0,
    ),
    # ---- the data file: one sentence at the key's line, once for both languages ------------------------
    Case(
        "python-versions-bad-specifier", {DATA: BAD_SPEC}, message=SPEC_FIX, where=f"{DATA}:{line_of(BAD_SPEC, '<<4')}"
    ),
    Case(
        "python-versions-bad-specifier-cli",
        {DATA: BAD_SPEC},
        run="python-versions",
        message=SPEC_FIX,
        where=f"{DATA}:{line_of(BAD_SPEC, '<<4')}",
    ),
    Case(
        "python-versions-misspelt-key",
        {DATA: MISSPELT},
        message=r"key 'vesion' is not allowed here \(allowed: display, version, requires_python, classifiers, read, "
        r"lifecycle\); fix the spelling\.$",
        where=f"{DATA}:{line_of(MISSPELT, 'vesion')}",
    ),
    Case(
        "python-versions-undefined-python",
        {DATA: UNDEFINED},
        message=r"lists Python '3\.16', which 'pythons' does not define; add '3\.16' under 'pythons'",
        where=f"{DATA}:{line_of(UNDEFINED, chr(39) + '3.16')}",
    ),
    Case(
        "python-versions-slash-date-cli",
        {DATA: SLASH_DATE},
        run="python-versions",
        message=r"'pythons\.3\.11\.eol' value '2027/10' is not a date like 2026-06-30 or a month like 2026-10; fix it\.$",
        where=f"{DATA}:{line_of(SLASH_DATE, '2027/10')}",
    ),
    Case(
        "python-versions-unquoted-date",
        {DATA: UNQUOTED},
        message=r"'pythons\.3\.11\.released' value '2022-10-24' must be quoted text",
        where=f"{DATA}:{line_of(UNQUOTED, 'released: 2022-10-24')}",
    ),
    Case(
        "python-versions-missing-language",
        {DATA: NO_EN},
        message=r"'packages\.azure-ai-ml\.display' has no 'en' key; add it\.$",
        where=f"{DATA}:{line_of(NO_EN, 'display:')}",
    ),
    Case(
        "python-versions-unknown-event",
        {DATA: RETIRED},
        message=r"value 'retired' is not one of deprecated, end-of-support; fix it\.$",
        where=f"{DATA}:{line_of(RETIRED, 'retired')}",
    ),
    Case(
        "python-versions-duplicate-key",
        {DATA: TWICE},
        message=r"key 'pythons\.3\.10' is defined twice \(first at line \d+\); keep one\.$",
        where=f"{DATA}:{line_of(TWICE, TWICE_NEXT) - 4}",
    ),
    Case(
        "python-versions-invalid-yaml",
        {DATA: SUPPORT.replace("classifiers:\n", "classifiers: [\n", 1)},
        message=r"the file is not valid YAML \(.+\); fix the syntax\.$",
    ),
    Case(
        "python-versions-empty-file",
        {DATA: "# nothing yet\n"},
        message=r"the file is empty; restore it from git\.$",
        where=f"{DATA}:1",
    ),
    Case(
        "python-versions-missing-file",
        {DATA: None},
        message=r"^data/python_support\.yml: does not exist; create it or fix the path\.$",
    ),
    Case(
        "python-versions-not-a-mapping",
        {DATA: NOT_MAPPING},
        message=r"'pythons' must be a mapping of keys to values\.$",
    ),
    Case(
        "python-versions-shift-jis-cli",
        {DATA: SJIS},
        run="python-versions",
        message=rf"is not valid UTF-8: byte 0x{SJIS[SJIS_OFFSET]:02x} at offset {SJIS_OFFSET} ",
        where=f"{DATA}:{SJIS_LINE}",
    ),
    # ---- the marker: one sentence at the page's line ------------------------------------------------
    Case(
        "python-versions-unknown-package",
        setup_page("<!-- python-versions: azure-ai-ml azure-foo -->"),
        message=r"marker 'python-versions': package 'azure-foo' is not in data/python_support\.yml \(known: "
        r"'azure-ai-ml'\); add it there and run 'make refresh-python-versions'\.$",
        where=f"docs/setup.md:{line_of(SETUP, MARKER)}",
    ),
    Case(
        "python-versions-no-package",
        setup_page("<!-- python-versions -->"),
        message=r"marker 'python-versions': names no package; list the packages",
        where=f"docs/setup.md:{line_of(SETUP, MARKER)}",
    ),
    Case(
        "python-versions-package-twice",
        setup_page("<!-- python-versions: azure-ai-ml azure-ai-ml -->"),
        message=r"package 'azure-ai-ml' is listed twice; list it once\.$",
        where=f"docs/setup.md:{line_of(SETUP, MARKER)}",
    ),
    Case(
        "python-versions-comma-separated",
        setup_page("<!-- python-versions: azure-ai-ml, azure-ai-ml -->"),
        message=r"argument 'azure-ai-ml,' is not a package name; separate package names with spaces only\.$",
        where=f"docs/setup.md:{line_of(SETUP, MARKER)}",
    ),
    # ---- the offline bundle: a resource loaded from the network, named at the Markdown line --------------
    Case(
        "offline-remote-image",
        {"docs/index.md": REMOTE_PAGE},
        run="build-offline",
        message=r"<img src> 'https://cdn\.example\.org/a\.png'" + REMOTE_TAIL,
        where=f"docs/index.md:{line_of(REMOTE_PAGE, 'cdn.example.org')}",
    ),
    Case(
        "offline-remote-style-url",
        {"docs/index.md": REMOTE_STYLE},
        run="build-offline",
        message=r"<div style> url\(\) 'https://cdn\.example\.org/bg\.png'" + REMOTE_TAIL,
        where=f"docs/index.md:{line_of(REMOTE_STYLE, 'cdn.example.org')}",
    ),
    Case("offline-remote-image-hosted-build-works", {"docs/index.md": REMOTE_PAGE}, exit=0, count=0),
    Case("offline-clean-bundle-builds", run="build-offline", exit=0, count=0),
]
