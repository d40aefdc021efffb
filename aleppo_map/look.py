"""How the browser draws the map: the holders' fills (plain, hatched, dotted), outlines,
routes, landmarks, basemaps and the legend, and the one-letter codes the payload writes for
holders, evidence and route states. The PNG and GIF draw the same from the same constants
(model.py, snapshot.py)."""

from __future__ import annotations

from .i18n import N_
from .model import (
    CONTESTED_HATCH_COLOUR,
    EVIDENCE_FOR_GROUP,
    EVIDENCE_LABELS,
    HOLDER_COLOURS,
    HOLDER_LABELS,
    HOLDERS,
    ROUTE_STATE_LABELS,
    ROUTE_STATES,
)

BASEMAPS = {
    "No basemap": None,
    "CARTO light": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
        'contributors &copy; <a href="https://carto.com/attributions">CARTO</a>',
    ),
    "OpenStreetMap": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    ),
}
DEFAULT_BASEMAP = "CARTO light"
LANDMARK_STYLES = {
    "river": {"color": "#3A7DC9", "weight": 3, "opacity": 0.9},
    "road": {"color": "#555555", "weight": 2, "opacity": 0.8},
    "castello": {"color": "#222222", "weight": 3.5, "opacity": 0.9, "dashArray": "8 5"},
    "wall": {"color": "#6B5B45", "weight": 2, "opacity": 0.8, "dashArray": "2 3"},
}
LABELLED_LANDMARKS = ("citadel", "crossing")  # the other points would crowd the map

HOLDER_CODES = {holder: holder[0] for holder in HOLDERS}  # g, o, k, c, u
EVIDENCE_CODES = {"named": "n", "inferred": "i", "": "-"}
ROUTE_CODES = {"open": "o", "under_fire": "f", "cut": "c"}
UNKNOWN_ROUTE = "-"
# Routes are drawn by their state: a solid line while open, dashed under fire, and a dotted
# vermilion (Okabe-Ito) line once cut.
ROUTE_STYLES = {
    "o": {"color": "#1A1A1A", "weight": 4, "opacity": 0.95, "dashArray": None},
    "f": {"color": "#1A1A1A", "weight": 4, "opacity": 0.95, "dashArray": "10 6"},
    "c": {"color": "#D55E00", "weight": 5, "opacity": 1, "dashArray": "1 8", "lineCap": "round"},
    UNKNOWN_ROUTE: {"color": "#555555", "weight": 2.5, "opacity": 0.8, "dashArray": "8 5"},
}
CHANGED_OUTLINE = {"color": "#111111", "weight": 4}
SELECTED_OUTLINE = {"color": "#000000", "weight": 3.5, "dashArray": "6 4"}
SELECTED_AND_CHANGED_WEIGHT = 5
# Districts (geodata/districts.csv) are outlined over their units, heavier than the units'
# white edges and unlike the black of a change of hands; a chosen district more heavily.
DISTRICT_OUTLINE = {"color": "#3D3D3D", "weight": 2.5, "opacity": 0.9, "dashArray": None}
DISTRICT_SELECTED = {"color": "#000000", "weight": 4, "opacity": 1, "dashArray": "6 4"}
FILL_OPACITY, UNKNOWN_OPACITY = 0.78, 0.5
HATCH_ID, INFERRED_ID, KURDISH_ID = "tm-hatch", "tm-inferred", "tm-kurdish"
# The map's own background (.tm-map in web/timemap.css), under the semi-opaque fills.
MAP_BACKGROUND = "#F7F7F4"
# The dots of an inferred holding: light on the dark fill, dark on the light ones, so that they
# stand out at 3:1 or more from every fill and the contested hatch (aleppo_map/contrast.py
# measures it). The PNG and GIF draw the same (snapshot.py).
DOT_LIGHT, DOT_DARK = "#FFFFFF", "#000000"
DOT_COLOURS = {
    "government": DOT_LIGHT,
    "opposition": DOT_DARK,
    "kurdish": DOT_DARK,
    "contested": DOT_DARK,
}
DOT_RADIUS = 1.1
# Kurdish holdings carry thin horizontal lines: in greyscale their colour is close to the
# opposition's orange, the lines are not.
KURDISH_LINES = {"colour": "#2E0C24", "width": 1.2, "size": 6}
# Unknown areas have a grey edge: their light fill alone is close to the background.
UNKNOWN_EDGE = "#767676"


def _dots(size: float, step: float) -> list[list[float]]:
    """Dot centres on a staggered grid: a fine, even texture."""
    half = step / 2
    dots = []
    row = 0
    y = half / 2
    while y < size:
        x = half / 2 + (half if row % 2 else 0)
        while x < size:
            dots.append([round(x, 2), round(y, 2)])
            x += step
        y += half
        row += 1
    return dots


def look() -> dict:
    """How the browser draws everything: fills (plain, hatched, dotted), outlines, routes,
    labels and the legend. The PNG and GIF draw the same from the same constants."""
    code = HOLDER_CODES
    dots = _dots(6, 6)
    hatch = {
        "size": 8,
        "rotate": 45,
        "background": HOLDER_COLOURS["contested"],
        "stripe": {"width": 3, "colour": CONTESTED_HATCH_COLOUR},
    }
    lines = {
        "size": KURDISH_LINES["size"],
        "rotate": 90,
        "background": HOLDER_COLOURS["kurdish"],
        "stripe": {"width": KURDISH_LINES["width"], "colour": KURDISH_LINES["colour"]},
    }
    patterns = [
        {"id": HATCH_ID, **hatch},
        {"id": f"{HATCH_ID}-{INFERRED_ID}", **hatch, "dots": [[5.5, 2], [5.5, 6]],
         "dotRadius": 1, "dotColour": DOT_COLOURS["contested"]},
        {"id": KURDISH_ID, **lines},
    ]  # fmt: skip
    fills = {code["unknown"]: HOLDER_COLOURS["unknown"], code["contested"]: f"url(#{HATCH_ID})"}
    fills[code["contested"] + "i"] = f"url(#{HATCH_ID}-{INFERRED_ID})"
    for holder in ("government", "opposition", "kurdish"):
        pattern_id = f"{INFERRED_ID}-{code[holder]}"
        dotted = {"dots": dots, "dotRadius": DOT_RADIUS, "dotColour": DOT_COLOURS[holder]}
        if holder == "kurdish":  # the dots between the lines
            dotted["dots"] = [[3.6, 1.5], [3.6, 4.5]]
        base = lines if holder == "kurdish" else {"size": 6, "background": HOLDER_COLOURS[holder]}
        patterns.append({"id": pattern_id, **base, **dotted})
        fills[code[holder]] = HOLDER_COLOURS[holder]
        fills[code[holder] + "i"] = f"url(#{pattern_id})"
    fills[code["kurdish"]] = f"url(#{KURDISH_ID})"
    legend = [
        {"label": HOLDER_LABELS[h], "fill": fills[code[h]]} for h in HOLDERS if h != "unknown"
    ]
    legend += [
        {"label": N_("Dotted: area not named in the sentence: inferred from a wider statement"),
         "fill": fills["gi"], "fills": [fills["gi"], fills["oi"]]},
        {"label": HOLDER_LABELS["unknown"], "fill": HOLDER_COLOURS["unknown"],
         "outline": {"color": UNKNOWN_EDGE, "weight": 1}},
        {"label": N_("Changed hands this week"), "fill": "#FFFFFF", "outline": CHANGED_OUTLINE},
    ]  # fmt: skip
    return {
        "unknownCode": code["unknown"],
        "fills": fills,
        "patterns": patterns,
        "fillOpacity": FILL_OPACITY,
        "unknownOpacity": UNKNOWN_OPACITY,
        "border": "#FFFFFF",
        "unknownBorder": UNKNOWN_EDGE,
        "changed": CHANGED_OUTLINE,
        "selected": SELECTED_OUTLINE,
        "selectedChangedWeight": SELECTED_AND_CHANGED_WEIGHT,
        "district": DISTRICT_OUTLINE,
        "districtSelected": DISTRICT_SELECTED,
        "colours": {code[h]: HOLDER_COLOURS[h] for h in HOLDERS},
        "holderLabels": {code[h]: HOLDER_LABELS[h] for h in HOLDERS},
        "holderNames": {code[h]: h for h in HOLDERS},
        "evidenceLabels": {"n": EVIDENCE_LABELS["named"], "i": EVIDENCE_LABELS["inferred"]},
        "evidenceForGroup": {
            "n": EVIDENCE_FOR_GROUP["named"],
            "i": EVIDENCE_FOR_GROUP["inferred"],
        },
        "evidenceShort": {"n": N_("named in the sentence"), "i": N_("inferred: area not named")},
        "evidenceNames": {"n": "named", "i": "inferred"},
        "routeStyles": ROUTE_STYLES,
        "routeLabels": {
            **{ROUTE_CODES[s]: ROUTE_STATE_LABELS[s] for s in ROUTE_STATES},
            UNKNOWN_ROUTE: N_("state unknown (no claim)"),
        },
        "routeNames": {ROUTE_CODES[s]: s for s in ROUTE_STATES},
        "landmarkStyles": LANDMARK_STYLES,
        "legend": legend,
    }


def district_legend() -> list[dict]:
    return [{"label": N_("District (its areas outlined together)"), "line": DISTRICT_OUTLINE}]


ROUTE_LEGEND_LABELS = {
    "open": N_("Route open"),
    "under_fire": N_("Route open but under fire"),
    "cut": N_("Route cut"),
}


def route_legend() -> list[dict]:
    return [
        {"label": ROUTE_LEGEND_LABELS[s], "line": ROUTE_STYLES[ROUTE_CODES[s]]}
        for s in ROUTE_STATES
    ]


# Words the browser shows that come from the data's vocabularies (timemap-core.js and
# timemap-panel.js translate them when they show them), and the bundled dataset's own title
# and siege line: marked here so that the catalog holds them (tools/i18n.py).
BROWSER_WORDS = (
    N_("named"),
    N_("inferred"),
    N_("high"),
    N_("medium"),
    N_("low"),
    N_("week"),
    N_("month"),
    N_("season"),
    N_("year"),
    N_("day"),
    N_("Who held which neighbourhood of Aleppo, week by week"),
    N_("Territorial control of Aleppo's neighbourhoods, July 2012 – December 2016"),
    N_("Eastern Aleppo besieged"),
    N_("Besieged"),
)
