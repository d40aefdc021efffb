"""How far apart the map's colours are, by WCAG 2.1's relative luminance: the inferred dots and
the Kurdish lines against their fills, the unknown areas' edge against the background, the
holders in greyscale, and the focus ring; in the browser (fills over the map's background at
their opacity) and in the PNG (opaque fills on white). docs/accessibility.md records the table;
tests/test_access.py holds the map to it.

    python -m aleppo_map.contrast      # the table, as Markdown
"""

from __future__ import annotations

from .look import (
    DOT_COLOURS,
    FILL_OPACITY,
    KURDISH_LINES,
    MAP_BACKGROUND,
    UNKNOWN_EDGE,
    UNKNOWN_OPACITY,
)
from .model import CONTESTED_HATCH_COLOUR, HOLDER_COLOURS, HOLDER_LABELS

# What WCAG 2.1 asks of graphics that carry meaning (1.4.11, non-text contrast).
GRAPHICS = 3.0
# The focus ring of the map's controls (web/timemap.css) and the backgrounds it sits on.
FOCUS_RING = "#0072B2"
PNG_BACKGROUND = "#FFFFFF"
# Holders whose fills are told apart by a texture rather than by lightness alone.
TEXTURED = {"contested": "diagonal hatch", "kurdish": "horizontal lines"}


def rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(c):02X}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour ("#RRGGBB")."""

    def linear(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


def over(colour: str, opacity: float, background: str) -> str:
    """`colour` at `opacity` over `background`, as the browser blends it (in sRGB)."""
    return _hex(
        opacity * c + (1 - opacity) * b for c, b in zip(rgb(colour), rgb(background), strict=True)
    )


def grey(colour: str) -> str:
    """The colour through CSS `filter: grayscale(1)` (the Rec. 709 weights on sRGB values)."""
    r, g, b = rgb(colour)
    v = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return _hex((v, v, v))


def fills(opacity: float | None, background: str) -> dict[str, str]:
    """Each holder's plain fill as seen: at the map's opacity over `background` (None: opaque)."""
    if opacity is None:
        return dict(HOLDER_COLOURS)
    return {
        h: over(c, UNKNOWN_OPACITY if h == "unknown" else opacity, background)
        for h, c in HOLDER_COLOURS.items()
    }


def pattern_rows(opacity: float | None, background: str) -> list[dict]:
    """The marks that carry meaning against what they sit on: [{what, mark, on, ratio}]."""
    seen = fills(opacity, background)

    def mark(colour: str) -> str:
        return colour if opacity is None else over(colour, opacity, background)

    rows = [
        {
            "what": f"inferred dots on {HOLDER_LABELS[h]}"
            + (" (the hatch's grey)" if h == "contested" else ""),
            "mark": mark(dot),
            "on": seen[h],
        }
        for h, dot in DOT_COLOURS.items()
    ]
    rows.append(
        {"what": "Kurdish lines on their fill", "mark": mark(KURDISH_LINES["colour"]),
         "on": seen["kurdish"]}
    )  # fmt: skip
    rows.append(
        {"what": "contested hatch on its grey", "mark": mark(CONTESTED_HATCH_COLOUR),
         "on": seen["contested"]}
    )  # fmt: skip
    rows.append({"what": "unknown edge on the background", "mark": UNKNOWN_EDGE, "on": background})
    rows.append({"what": "unknown edge on the unknown fill", "mark": UNKNOWN_EDGE,
                 "on": seen["unknown"]})  # fmt: skip
    for row in rows:
        row["ratio"] = ratio(row["mark"], row["on"])
    return rows


def greyscale_rows(opacity: float | None, background: str) -> list[dict]:
    """Each pair of holders (and the background) in greyscale: [{a, b, ratio, texture}]."""
    seen = {**fills(opacity, background), "background": background}
    names = list(seen)
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            texture = " / ".join(TEXTURED[h] for h in (a, b) if h in TEXTURED)
            if "unknown" in (a, b) and "background" in (a, b):
                texture = "grey edge"
            rows.append(
                {"a": a, "b": b, "ratio": ratio(grey(seen[a]), grey(seen[b])), "texture": texture}
            )
    return rows


def focus_rows() -> list[dict]:
    """The focus ring against the backgrounds it is drawn on."""
    return [
        {"what": f"focus ring on {name}", "mark": FOCUS_RING, "on": on,
         "ratio": ratio(FOCUS_RING, on)}
        for name, on in (("white (time bar, panel)", "#FFFFFF"), ("the map", MAP_BACKGROUND))
    ]  # fmt: skip


def table() -> str:
    """Every measurement, as Markdown."""
    out = []
    for title, opacity, background in (
        (f"Browser: fills at {FILL_OPACITY:.0%} over the map's {MAP_BACKGROUND}", FILL_OPACITY,
         MAP_BACKGROUND),
        ("PNG and GIF: opaque fills on white", None, PNG_BACKGROUND),
    ):  # fmt: skip
        out += [f"**{title}**", "", "| mark | colour | on | ratio |", "|---|---|---|---|"]
        out += [
            f"| {r['what']} | {r['mark']} | {r['on']} | {r['ratio']:.2f}:1 |"
            for r in pattern_rows(opacity, background)
        ]
        out += ["", "| greyscale | | ratio | told apart by |", "|---|---|---|---|"]
        out += [
            f"| {r['a']} | {r['b']} | {r['ratio']:.2f}:1 | {r['texture'] or 'lightness'} |"
            for r in greyscale_rows(opacity, background)
        ]
        out.append("")
    out += ["| focus | colour | on | ratio |", "|---|---|---|---|"]
    out += [f"| {r['what']} | {r['mark']} | {r['on']} | {r['ratio']:.2f}:1 |" for r in focus_rows()]
    return "\n".join(out)


if __name__ == "__main__":
    print(table())
