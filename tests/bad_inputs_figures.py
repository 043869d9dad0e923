"""Bad-input rows for figures: the SVG safety rule in the build, and data/figures.yml in ``python -m hooks.figures check``.

Each row is a :class:`tests.bad_inputs_case.Case` run by tests/test_bad_inputs.py against a copy of
tests/fixtures/badsite/ (one figure, ``overview``, in ja and en).
"""

from __future__ import annotations

from pathlib import Path

from tests.bad_inputs_case import Case

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "badsite"
FIG = "docs/assets/figures"
FIX = "figures must be plain SVG without scripts, event attributes, foreignObject or external references"
HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n<title>t</title>\n'


def _svg(body: str) -> str:
    return f"{HEAD}{body}\n</svg>\n"


def _generated(data: str) -> dict[str, str | bytes | None]:
    """``data`` as data/figures.yml and the fixture's figures as the generator draws them from it."""
    import tempfile

    from hooks.figures import draw
    from hooks.figures.model import LANGS, load_figures

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "figures.yml"
        path.write_text(data, encoding="utf-8")
        figures = load_figures(path, label="data/figures.yml")
    files: dict[str, str | bytes | None] = {"data/figures.yml": data}
    files.update(
        {
            f"{FIG}/{draw.file_name(name, lang)}": draw.render(fig, lang)
            for name, fig in figures.items()
            for lang in LANGS
        }
    )
    return files


def _data(item: str) -> str:
    """data/figures.yml of the fixture with its one item replaced (the item is on line 12)."""
    return (
        "figures:\n"
        "  overview:\n"
        "    size: [400, 160]\n"
        "    title:\n"
        "      ja: ワークスペースとモデル\n"
        "      en: Workspace and model\n"
        "    desc:\n"
        "      ja: ワークスペースの中にモデルが登録されている図。\n"
        "      en: A model registered in a workspace.\n"
        "    items:\n"
        "      - {kind: box, id: ws, x: 20, y: 40, w: 160, h: 60, tone: primary, label: {ja: ワークスペース, en: Workspace}}\n"
        f"{item}"
    )


# the fixture's figure with its arrow label beside the arrow instead of on it
CLEAN_DATA = _data(
    "      - {kind: box, id: m, x: 260, y: 40, w: 120, h: 60, label: {ja: モデル, en: Model}}\n"
    "      - {kind: arrow, from: ws.e, to: m.w, label: {ja: 登録, en: registers}, label_offset: [0, -16]}\n"
)

ROWS = [
    # -- the build refuses unsafe SVG anywhere under docs/, naming file and line ---------------------------
    Case(
        "svg-script",
        {f"{FIG}/overview.en.svg": _svg("<rect/>\n<script>alert(1)</script>")},
        message=rf"contains a <script> element; {FIX}\.$",
        where=f"{FIG}/overview.en.svg:4",
    ),
    Case(
        "svg-event-attribute",
        {f"{FIG}/overview.svg": _svg('<rect width="1" height="1" onclick="x()"/>')},
        message=r"has an event attribute onclick= on <rect>",
        where=f"{FIG}/overview.svg:3",
    ),
    Case(
        "svg-uppercase-extension",
        {"docs/assets/evil.SVG": _svg('<use href="https://example.com/s.svg#a"/>')},
        message=r'has an external reference href="https://example.com/s.svg#a" on <use>',
        where="docs/assets/evil.SVG:3",
    ),
    Case(
        "svg-animate-href-external",
        {
            f"{FIG}/overview.en.svg": _svg(
                '<a href="#t">\n<animate attributeName="href" values="#t;https://example.com/" dur="1s"/>\n</a>'
            )
        },
        message=r'animates href to the external reference "https://example\.com/" on <animate>',
        where=f"{FIG}/overview.en.svg:4",
    ),
    Case(
        "svg-set-xlink-href-external",
        {
            f"{FIG}/overview.svg": _svg(
                '<a xlink:href="#t"><set attributeName="xlink:href" to="https://example.com/"/></a>'
            )
        },
        message=r'animates href to the external reference "https://example\.com/" on <set>',
        where=f"{FIG}/overview.svg:3",
    ),
    Case(
        "svg-use-external-file",
        {f"{FIG}/overview.svg": _svg('<use xlink:href="sprite.svg#icon"/>')},
        message=r'has an external reference href="sprite\.svg#icon" on <use>',
        where=f"{FIG}/overview.svg:3",
    ),
    Case(
        "svg-css-import",
        {f"{FIG}/overview.en.svg": _svg("<style>\n@import url(https://example.com/x.css);\n</style>")},
        message=r"a <style> element uses @import",
        where=f"{FIG}/overview.en.svg:3",
    ),
    Case(
        "svg-css-escaped-import",
        {f"{FIG}/overview.en.svg": _svg("<style>@\\69mport 'x.css';</style>")},
        message=r"a <style> element uses @import",
        where=f"{FIG}/overview.en.svg:3",
    ),
    Case(
        "svg-css-image-set",
        {f"{FIG}/overview.svg": _svg("<style>rect{background:image-set('https://example.com/a.png' 1x)}</style>")},
        message=r"a <style> element uses image-set\(\)",
        where=f"{FIG}/overview.svg:3",
    ),
    Case(
        "svg-presentation-url",
        {f"{FIG}/overview.svg": _svg('<rect fill="url(https://example.com/p.svg#g)"/>')},
        message=r"the fill= attribute of <rect> refers to external url\(https://example\.com/p\.svg#g\)",
        where=f"{FIG}/overview.svg:3",
    ),
    Case(
        "svg-data-uri-image",
        {f"{FIG}/overview.svg": _svg('<image href="data:image/png;base64,AAAA"/>')},
        message=r'has a data: URI href="data:image/png;base64,AAAA" on <image>',
        where=f"{FIG}/overview.svg:3",
    ),
    Case(
        "svg-foreign-object",
        {f"{FIG}/overview.en.svg": _svg("<foreignObject><p>x</p></foreignObject>")},
        message=r"contains a <foreignObject> element",
        where=f"{FIG}/overview.en.svg:3",
    ),
    Case(
        "svg-entity-declaration",
        {
            f"{FIG}/overview.svg": '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            + _svg("<text>&x;</text>")
        },
        message=r"contains a DOCTYPE or ENTITY declaration",
        where=f"{FIG}/overview.svg:2",
    ),
    Case(
        "svg-not-well-formed",
        {f"{FIG}/overview.svg": _svg("<rect>")},
        message=r"is not well-formed XML \(mismatched tag\)",
        where=f"{FIG}/overview.svg:4",
    ),
    Case(
        "svg-shift-jis",
        {f"{FIG}/overview.svg": _svg("<text>図</text>").encode("shift_jis")},
        message=r"is not valid UTF-8: byte 0x90 at offset \d+ \(line 3\); save the file as UTF-8\.$",
        where=f"{FIG}/overview.svg:3",
    ),
    Case(
        "figure-missing-english",
        {f"{FIG}/overview.en.svg": None},
        message=r"figure has no English variant 'overview\.en\.svg'",
        where=f"{FIG}/overview.svg",
        count=None,
    ),
    Case(
        "svg-internal-references-work",
        {
            "docs/assets/icons/ok.SVG": _svg(
                '<defs><marker id="m"><path d="M0,0 L1,1"/></marker></defs>\n<path d="M0,0 L5,5" marker-end="url(#m)"/>'
                '<use href="#m"/><a href="#m"><set attributeName="href" to="#m"/></a>'
            )
        },
        exit=0,
        count=0,
    ),
    # -- python -m hooks.figures check: figure data, one sentence with file and line --------------------------
    Case("figures-check-works", _generated(CLEAN_DATA), run="figures", exit=0, count=0),
    Case(
        "figures-value-not-a-number",
        {
            "data/figures.yml": _data(
                '      - {kind: chart, x: 200, y: 40, w: 160, h: 80,\n         values: ["a", 0.5]}\n'
            )
        },
        run="figures",
        message=r"'figures\.overview\.items\[1\]\.values\[0\]' must be a number, not text; fix the value\.$",
        where="data/figures.yml:13",
    ),
    Case(
        "figures-typo-key",
        {
            "data/figures.yml": _data(
                "      - kind: arrow\n        from: ws.e\n        to: [380, 70]\n        lable: {ja: 登録, en: registers}\n"
            )
        },
        run="figures",
        message=r"key 'lable' is not allowed here \(allowed: id, only, from, to, .*\); fix the spelling\.$",
        where="data/figures.yml:15",
    ),
    Case(
        "figures-unknown-kind",
        {"data/figures.yml": _data("      - {kind: blob, x: 1, y: 1}\n")},
        run="figures",
        message=r"key 'figures\.overview\.items\[1\]\.kind' is 'blob', which is not one of arrow, box, ",
        where="data/figures.yml:12",
    ),
    Case(
        "figures-arrow-to-nothing",
        {"data/figures.yml": _data("      - {kind: arrow, from: ws.e, to: nowhere.w}\n")},
        run="figures",
        message=r"key 'figures\.overview\.items\[1\]\.to' is 'nowhere\.w', which does not name an earlier item",
        where="data/figures.yml:12",
    ),
    Case(
        "figures-missing-language",
        {"data/figures.yml": _data("      - {kind: box, id: m, x: 240, y: 40, w: 140, h: 60, label: {ja: モデル}}\n")},
        run="figures",
        message=r"key 'en' is missing in 'figures\.overview\.items\[1\]\.label'; add it\.$",
        where="data/figures.yml:12",
    ),
    Case(
        "figures-overlap",
        {
            "data/figures.yml": _data(
                "      - {kind: box, id: m, x: 240, y: 40, w: 140, h: 60, label: {ja: モデル, en: Model}}\n"
                "      - {kind: arrow, from: ws.e, to: m.w, label: {ja: 登録, en: registers}}\n"
            )
        },
        run="figures",
        message=r"figure 'overview' \(en\): text 'registers' \(with its halo\) crosses or touches box ws; move the text",
        where="data/figures.yml:2",
        count=None,
    ),
    Case(
        "figures-text-too-wide",
        {
            "data/figures.yml": _data(
                "      - {kind: box, id: m, x: 240, y: 40, w: 80, h: 60, label: {ja: モデル, en: Supercalifragilistic}}\n"
            )
        },
        run="figures",
        message=r"figure 'overview' \(en\): text 'Supercalifragilistic' is too wide for its 80x60 box",
        where="data/figures.yml:2",
    ),
    Case(
        "figures-data-shift-jis",
        {"data/figures.yml": _data("").encode("shift_jis")},
        run="figures",
        message=r"is not valid UTF-8: byte 0x83 at offset \d+ \(line 5\); save the file as UTF-8\.$",
        where="data/figures.yml:5",
    ),
    Case(
        "figures-stale-svg",
        {**_generated(CLEAN_DATA), f"{FIG}/overview.svg": _svg("<text>old</text>")},
        run="figures",
        message=r"figure differs from the generator's output; run 'python -m hooks\.figures build'\.$",
        where=f"{FIG}/overview.svg",
    ),
]
