"""The interactive map: one JSON payload for the browser layer, the app's folium map, and the
one-file publication of the whole timeline.

The map's behaviour lives in `aleppo_map/web/` (timemap-core.js, timemap.js, the panel, the
Streamlit bridge and timemap.css). Python only describes the data: geometry, weekly frames of
holders and evidence, styles, routes, and (for the published file) every claim and source.
The app loads the files from Streamlit's static folder; the published file inlines them.

Texts from the data travel as JSON with <, > and & escaped (inert inside <script>), and the
browser puts them in the page with textContent, never as HTML.
"""

from __future__ import annotations

import base64
import html
import json
import re
from functools import cache
from importlib.resources import files

import folium
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from .export import citation_text, licence_text
from .load import Dataset
from .model import (
    BOUNDARY_LINE,
    CONTESTED_HATCH_COLOUR,
    EVIDENCE_LABELS,
    HOLDER_COLOURS,
    HOLDER_LABELS,
    HOLDERS,
    ROUTE_STATE_LABELS,
    ROUTE_STATES,
)
from .timeline import Timeline

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
FILL_OPACITY, UNKNOWN_OPACITY = 0.78, 0.5
HATCH_ID, INFERRED_ID = "tm-hatch", "tm-inferred"
DOT_COLOUR = "#FFFFFF"
WEB_DIR = "web"
SCRIPT_FILES = (
    "timemap-core.js",
    "timemap-draw.js",
    "timemap-dom.js",
    "timemap-patterns.js",
    "timemap-legend-search.js",
    "timemap-timebar.js",
    "timemap-areas.js",
    "timemap-routes.js",
    "timemap-labels.js",
    "timemap.js",
    "timemap-panel.js",
)
# The app draws its evidence panel in Python: its map frame needs no timemap-panel.js.
APP_SCRIPT_FILES = (
    *(name for name in SCRIPT_FILES if name != "timemap-panel.js"),
    "timemap-streamlit.js",
)
STYLE_FILES = ("timemap.css",)


# ------------------------------------------------------------------------ safe text


_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def safe_json(value) -> str:
    """JSON that is also safe inside an HTML <script> block and inert as a Jinja template.

    branca renders a MacroElement's output again as a Jinja template, so a "{{", "{%" or
    "{#" from the data would run on the server. In JSON such a brace is always inside a
    string (an object opens with `{"` or `{}`), where \\u007b means the same character.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return _JINJA_OPEN.sub("\\\\u007b", text)


def esc(text) -> str:
    """HTML-escaped text; braces too, so the text is also inert as a Jinja template."""
    escaped = html.escape("" if text is None else str(text), quote=True)
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


def safe_url(url) -> str | None:
    """The URL if it is plain http(s); anything else (javascript:, data:, …) gets no link."""
    url = "" if url is None else str(url).strip()
    lowered = url.lower()
    unsafe = any(c in "<>\"'\\`" or c.isspace() or not c.isprintable() for c in url)
    if lowered.startswith(("http://", "https://")) and not unsafe:
        return url
    return None


# ------------------------------------------------------------------------ geometry


def map_view(dataset: Dataset) -> tuple[list[float], int]:
    """Centre [lat, lon] and zoom: from the datapackage if given, else the areas' bounds."""
    city = dataset.meta.get("city")
    city = city if isinstance(city, dict) else {}
    if isinstance(city.get("center"), list) and len(city["center"]) == 2:
        try:
            return [float(city["center"][0]), float(city["center"][1])], int(city.get("zoom", 12))
        except (TypeError, ValueError):  # not numbers: fall back to the areas' bounds
            pass
    minx, miny, maxx, maxy = dataset.areas.total_bounds
    return [(miny + maxy) / 2, (minx + maxx) / 2], 12


def area_features(dataset: Dataset, tolerance_m: float = 8.0) -> dict:
    """Simplified area outlines (a FeatureCollection) with only the validated id."""
    return dataset.derived(
        ("area_features", tolerance_m), lambda: _area_features(dataset, tolerance_m)
    )


def _area_features(dataset: Dataset, tolerance_m: float) -> dict:
    metric = dataset.areas.geometry.to_crs(dataset.metric_crs)
    simplified = metric.simplify(tolerance_m, preserve_topology=True).to_crs(4326)
    features = [
        {
            "type": "Feature",
            "id": area_id,
            "properties": {},
            "geometry": json.loads(shapely.to_geojson(shapely.set_precision(geom, 1e-5))),
        }
        for area_id, geom in zip(dataset.areas.index, simplified, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def area_geojson(dataset: Dataset, tolerance_m: float = 8.0) -> str:
    """The simplified outlines as safe JSON (benchmarks compare its size)."""
    return safe_json(area_features(dataset, tolerance_m))


def label_points(dataset: Dataset) -> list[list[float]]:
    """A [lat, lon] inside each area, for its name label."""
    points = shapely.get_coordinates(shapely.point_on_surface(dataset.areas.geometry.to_numpy()))
    return [[round(lat, 5), round(lon, 5)] for lon, lat in points]


def landmark_features(dataset: Dataset) -> dict:
    """Landmarks with a line style (river, road, wall) and whether a point carries a label."""
    features = []
    for row in dataset.landmarks.itertuples():
        kind = str(row.kind)
        style = kind if kind in LANDMARK_STYLES else "road"
        if "castello" in f"{row.id} {row.name}".lower():
            style = "castello"
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": str(row.id),
                    "name": str(row.name),
                    "kind": kind,
                    "style": style,
                    "label": kind in LABELLED_LANDMARKS,
                },
                "geometry": json.loads(shapely.to_geojson(row.geometry)),
            }
        )
    return {"type": "FeatureCollection", "features": features}


# ------------------------------------------------------------------------ styles


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
    patterns = [
        {"id": HATCH_ID, "size": 8, "rotate": 45, "background": HOLDER_COLOURS["contested"],
         "stripe": {"width": 3, "colour": CONTESTED_HATCH_COLOUR}},
        {"id": f"{HATCH_ID}-{INFERRED_ID}", "size": 8, "rotate": 45,
         "background": HOLDER_COLOURS["contested"],
         "stripe": {"width": 3, "colour": CONTESTED_HATCH_COLOUR},
         "dots": [[5.5, 2], [5.5, 6]], "dotRadius": 1, "dotColour": DOT_COLOUR},
    ]  # fmt: skip
    fills = {code["unknown"]: HOLDER_COLOURS["unknown"], code["contested"]: f"url(#{HATCH_ID})"}
    fills[code["contested"] + "i"] = f"url(#{HATCH_ID}-{INFERRED_ID})"
    for holder in ("government", "opposition", "kurdish"):
        pattern_id = f"{INFERRED_ID}-{code[holder]}"
        patterns.append(
            {"id": pattern_id, "size": 6, "background": HOLDER_COLOURS[holder], "dots": dots,
             "dotRadius": 1.05, "dotColour": DOT_COLOUR}
        )  # fmt: skip
        fills[code[holder]] = HOLDER_COLOURS[holder]
        fills[code[holder] + "i"] = f"url(#{pattern_id})"
    legend = [
        {"label": HOLDER_LABELS[h], "fill": fills[code[h]]} for h in HOLDERS if h != "unknown"
    ]
    legend += [
        {"label": "Dotted: area not named in the sentence: inferred from a wider statement",
         "fill": fills["gi"]},
        {"label": HOLDER_LABELS["unknown"], "fill": HOLDER_COLOURS["unknown"]},
        {"label": "Changed hands this week", "fill": "#FFFFFF", "outline": CHANGED_OUTLINE},
    ]  # fmt: skip
    return {
        "unknownCode": code["unknown"],
        "fills": fills,
        "patterns": patterns,
        "fillOpacity": FILL_OPACITY,
        "unknownOpacity": UNKNOWN_OPACITY,
        "border": "#FFFFFF",
        "changed": CHANGED_OUTLINE,
        "selected": SELECTED_OUTLINE,
        "selectedChangedWeight": SELECTED_AND_CHANGED_WEIGHT,
        "colours": {code[h]: HOLDER_COLOURS[h] for h in HOLDERS},
        "holderLabels": {code[h]: HOLDER_LABELS[h] for h in HOLDERS},
        "holderNames": {code[h]: h for h in HOLDERS},
        "evidenceLabels": {"n": EVIDENCE_LABELS["named"], "i": EVIDENCE_LABELS["inferred"]},
        "evidenceShort": {"n": "named in the sentence", "i": "inferred: area not named"},
        "evidenceNames": {"n": "named", "i": "inferred"},
        "routeStyles": ROUTE_STYLES,
        "routeLabels": {
            **{ROUTE_CODES[s]: ROUTE_STATE_LABELS[s] for s in ROUTE_STATES},
            UNKNOWN_ROUTE: "state unknown (no claim)",
        },
        "routeNames": {ROUTE_CODES[s]: s for s in ROUTE_STATES},
        "landmarkStyles": LANDMARK_STYLES,
        "legend": legend,
    }


def route_legend() -> list[dict]:
    return [
        {"label": f"Route {ROUTE_STATE_LABELS[s]}", "line": ROUTE_STYLES[ROUTE_CODES[s]]}
        for s in ROUTE_STATES
    ]


# ------------------------------------------------------------------------ the payload


def weekly_payload(dataset: Dataset, timeline: Timeline) -> dict:
    """Per weekly frame: one holder letter and one evidence letter per area, and the areas
    that changed hands in that week. All the browser needs to step time on its own."""
    holders = timeline.weekly_frames()
    evidence = timeline.weekly_frames("evidence")
    index = {area_id: i for i, area_id in enumerate(holders.columns)}
    changed = [
        sorted({index[a] for a in timeline.changes_in_week(d)["area_id"]}) for d in holders.index
    ]
    return {
        "dates": [f"{d:%Y-%m-%d}" for d in holders.index],
        "holders": ["".join(HOLDER_CODES[h] for h in row) for row in holders.to_numpy()],
        "evidence": ["".join(EVIDENCE_CODES[e] for e in row) for row in evidence.to_numpy()],
        "changed": changed,
        "changes": [len(c) for c in changed],
    }


def route_payload(dataset: Dataset, timeline: Timeline) -> dict | None:
    """The routes' state per weekly frame, and per frame the claim behind a siege (or -1)."""
    routes = dataset.routes
    if routes.empty:
        return None
    ids = sorted(set(routes["route_id"]) & set(dataset.landmarks["id"]))
    names = dataset.landmarks.set_index("id")["name"]
    outlets = dataset.sources["outlet"]
    states, siege, siege_claims, seen = [], [], [], {}
    for date in timeline.frame_dates:
        current = timeline.route_states_at(date).set_index("route_id")["state"]
        states.append("".join(ROUTE_CODES.get(current.get(r), UNKNOWN_ROUTE) for r in ids))
        claim = timeline.siege_at(date)
        if claim is None:
            siege.append(-1)
            continue
        if claim["claim_id"] not in seen:
            seen[claim["claim_id"]] = len(siege_claims)
            siege_claims.append(
                {
                    "route": claim["route_id"],
                    "routeName": str(claim["name"]),
                    "date": f"{claim['date']:%Y-%m-%d}",
                    "quote": claim["quote"],
                    "outlet": str(outlets.get(claim["source_id"], claim["source_id"])),
                }
            )
        siege.append(seen[claim["claim_id"]])
    return {
        "ids": ids,
        "names": [str(names.get(r, r)) for r in ids],
        "states": states,
        "siege": siege,
        "siegeClaims": siege_claims,
    }


def _claim_records(claims: pd.DataFrame, place: str, value: str, codes: dict) -> dict:
    """Per place, its claims (oldest first, later line last) as the panel shows them."""
    records: dict[str, list[dict]] = {}
    for row in claims.sort_values(["date", "line"], kind="stable").itertuples():
        records.setdefault(getattr(row, place), []).append(
            {
                "id": row.claim_id,
                "date": f"{row.date:%Y-%m-%d}",
                "precision": row.date_precision,
                "asWritten": row.date_as_written,
                "holder": codes.get(getattr(row, value), "u"),
                "source": row.source_id,
                "quote": row.quote,
                "confidence": row.confidence,
                "evidence": row.evidence,
                "adopted": bool(row.adopted),
                "note": row.note,
            }
        )
    return records


def panel_payload(dataset: Dataset) -> dict:
    """Every claim and source, for the published file's own evidence panel."""
    by_area = _claim_records(dataset.claims, "area_id", "holder", HOLDER_CODES)
    sources = {
        source_id: {
            "outlet": row["outlet"],
            "author": row["author"],
            "title": row["title"] or source_id,
            "published": row["published"],
            "url": safe_url(row["url"]),
            "stance": row["stance"],
        }
        for source_id, row in dataset.sources.iterrows()
    }
    return {
        "claims": [by_area.get(area_id, []) for area_id in dataset.areas.index],
        "routeClaims": _claim_records(dataset.routes, "route_id", "state", ROUTE_CODES),
        "sources": sources,
    }


def map_payload(
    dataset: Dataset, timeline: Timeline, panel: bool = False, default_basemap=DEFAULT_BASEMAP
) -> dict:
    """Everything the browser layer draws, for the app (panel=False) or the published file."""
    return dataset.derived(
        ("map_payload", panel, default_basemap),
        lambda: _map_payload(dataset, timeline, panel, default_basemap),
    )


def _map_payload(dataset: Dataset, timeline: Timeline, panel: bool, default_basemap) -> dict:
    from .viewstate import default_date

    areas = dataset.areas
    minx, miny, maxx, maxy = areas.total_bounds
    routes = route_payload(dataset, timeline)
    style = look()
    if routes:
        style["legend"] = style["legend"] + route_legend()
    payload = {
        "title": dataset.headline,
        "version": dataset.version,
        "citation": citation_text(dataset),
        "licence": licence_text(dataset),
        "boundaryNote": BOUNDARY_LINE,
        "siegeLabel": dataset.siege_label,
        "ids": list(areas.index),
        "names": list(areas["name"]),
        "namesAr": list(areas["name_ar"]),
        "altNames": [list(a) for a in areas["alt_names"]],
        "boundaryNotes": list(areas["boundary_note"]),
        "labelPoints": label_points(dataset),
        "bounds": [[round(miny, 5), round(minx, 5)], [round(maxy, 5), round(maxx, 5)]],
        "areas": area_features(dataset),
        "landmarks": landmark_features(dataset),
        "weeks": weekly_payload(dataset, timeline),
        "routes": routes,
        "look": style,
        "defaultDate": f"{default_date(timeline):%Y-%m-%d}",
        "basemaps": [
            {"name": name, "url": spec[0] if spec else None, "attribution": spec[1] if spec else ""}
            for name, spec in BASEMAPS.items()
        ],
        "defaultBasemap": default_basemap if default_basemap in BASEMAPS else DEFAULT_BASEMAP,
    }
    if panel:
        payload["panel"] = panel_payload(dataset)
    return payload


# ------------------------------------------------------------------------ the app's map


@cache
def web_file(name: str) -> str:
    return (files("aleppo_map") / WEB_DIR / name).read_text(encoding="utf-8")


class TimeMapLayer(MacroElement):
    """Starts the browser layer on the folium map: the app's only map script. The payload is
    fetched from the app's static folder, so the script stays a few hundred bytes."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
TimeMapStreamlit.load({{ this._parent.get_name() }}, {{ this.payload_url }});
{% endmacro %}
"""
    )

    def __init__(self, payload_url: str):
        super().__init__()
        self._name = "TimeMapLayer"
        self.payload_url = safe_json(payload_url)


def app_map(
    dataset: Dataset, js_links: list[str], css_links: list[str], payload_url: str
) -> folium.Map:
    """The folium map for streamlit-folium: Leaflet, our files and the payload from the app's
    static folder, no tiles or CDN of folium's own; the browser layer draws everything."""
    center, zoom = map_view(dataset)
    m = folium.Map(location=center, zoom_start=zoom, tiles=None, control_scale=False)
    m.default_js = [(f"js{i}", link) for i, link in enumerate(js_links)]
    m.default_css = [(f"css{i}", link) for i, link in enumerate(css_links)]
    TimeMapLayer(payload_url).add_to(m)
    return m


def command_script(token: int, date, area: str | None) -> str:
    """The JS that moves the map to a week and an area chosen in Python (the address, a
    link, a button). The map ignores a token it has already applied."""
    command = {"token": token, "date": f"{pd.Timestamp(date):%Y-%m-%d}", "area": area}
    text = safe_json(command)
    return f"if (window.timeMapCommand) {{ window.timeMapCommand({text}); }} else {{ window.timeMapPending = {text}; }}"  # noqa: E501


# ------------------------------------------------------------------------ the published file


SITE_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="aleppo-map">
<title>{title}</title>
<style>{leaflet_css}</style>
<style>{timemap_css}</style>
<style>html, body {{ height: 100%; margin: 0; }}</style>
</head>
<body class="tm-page">
<header class="tm-header"><h1>{title}</h1><span class="tm-sub">{subtitle}</span></header>
<main class="tm-main">
<div class="tm-mapbox"><div class="tm-leaflet" id="tm-map" role="application"
 aria-label="Map of areas coloured by holder"></div></div>
<aside class="tm-panel" id="tm-panel" aria-label="Evidence"></aside>
</main>
<noscript>This map needs JavaScript. The data it shows: {title}, dataset version {version}.
</noscript>
<script>{leaflet_js}</script>
{scripts}
<script>
window.timeMap = TimeMap.site(document.getElementById("tm-map"),
  document.getElementById("tm-panel"), {payload});
</script>
</body>
</html>
"""


def _leaflet_css_inlined() -> str:
    leaflet_dir = files("xstatic.pkg.leaflet") / "data"
    css = (leaflet_dir / "leaflet.css").read_text(encoding="utf-8")
    for image in ("layers.png", "layers-2x.png", "marker-icon.png"):  # the icons, inlined too
        encoded = base64.b64encode((leaflet_dir / "images" / image).read_bytes()).decode()
        css = css.replace(f"images/{image}", f"data:image/png;base64,{encoded}")
    return css


def _inline_script(text: str) -> str:
    # Our own files never contain "</script"; refuse rather than publish a broken page.
    if "</script" in text.lower():
        raise ValueError("an inlined script may not contain </script")
    return f"<script>{text}</script>"


def site_html(
    dataset: Dataset, timeline: Timeline | None = None, date=None, area: str | None = None
) -> str:
    """The whole timeline in one self-contained page: Leaflet, the map's scripts and styles,
    and the data inlined. `date` and `area` set the view it opens on when its address has no
    #date=…&area=…; the only requests it may make are for optional basemap tiles."""
    timeline = timeline or Timeline(dataset)
    payload = dict(map_payload(dataset, timeline, panel=True))
    if date is not None:
        payload["defaultDate"] = f"{pd.Timestamp(date):%Y-%m-%d}"
    if area in dataset.areas.index:
        payload["defaultArea"] = area
    leaflet_dir = files("xstatic.pkg.leaflet") / "data"
    title = dataset.headline
    subtitle = (
        f"Dataset version {dataset.version} · {timeline.frame_dates[0]:%B %Y} – "
        f"{timeline.frame_dates[-1]:%B %Y} · click an area for the sentence behind its colour"
    )
    return SITE_TEMPLATE.format(
        title=esc(title),
        subtitle=esc(subtitle),
        version=esc(dataset.version),
        leaflet_css=_leaflet_css_inlined(),
        timemap_css="".join(web_file(name) for name in STYLE_FILES),
        leaflet_js=(leaflet_dir / "leaflet.js").read_text(encoding="utf-8"),
        scripts="\n".join(_inline_script(web_file(name)) for name in SCRIPT_FILES),
        payload=safe_json(payload),
    )


def standalone_html(
    dataset: Dataset, date, selected: str | None = None, timeline: Timeline | None = None
) -> str:
    """The HTML export: the published file, opening on `date` (and `selected`)."""
    return site_html(dataset, timeline, date=date, area=selected)
