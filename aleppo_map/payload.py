"""The map's one JSON payload for the browser layer (aleppo_map/web/): outlines, label
points, landmarks, every week's holders and evidence, the routes' states, the look, and (for
the published file) every claim and source. The app serves it as a static file; the
published file inlines it.

Texts from the data travel as JSON (safetext.safe_json) and the browser puts them in the
page with textContent, never as HTML.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import shapely

from .citation import citation_text, licence_text
from .i18n import LANGUAGES, browser_strings
from .load import Dataset
from .look import (
    BASEMAPS,
    DEFAULT_BASEMAP,
    EVIDENCE_CODES,
    HOLDER_CODES,
    LABELLED_LANDMARKS,
    LANDMARK_STYLES,
    ROUTE_CODES,
    UNKNOWN_ROUTE,
    district_legend,
    look,
    route_legend,
)
from .model import BOUNDARY_LINE
from .places import district_outlines, label_point, with_article
from .safetext import safe_json, safe_url
from .story import change_claims, story_payload
from .timeline import Timeline
from .viewstate import default_date

# ------------------------------------------------------------------------ geometry


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


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _landmark_names_ar(dataset: Dataset) -> dict:
    marks = dataset.landmarks
    if "name_ar" not in marks.columns:
        return {}
    return dict(zip(marks["id"], marks["name_ar"], strict=True))


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
                    "nameAr": _text(getattr(row, "name_ar", "")),
                    "kind": kind,
                    "style": style,
                    "label": kind in LABELLED_LANDMARKS,
                },
                "geometry": json.loads(shapely.to_geojson(row.geometry)),
            }
        )
    return {"type": "FeatureCollection", "features": features}


# ------------------------------------------------------------------------ weeks, routes, claims


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
    names_ar = _landmark_names_ar(dataset)
    outlets = dataset.sources["outlet"]
    claims = timeline._route_claims
    columns = [timeline.route_ids.index(r) for r in ids]
    rows = timeline.route_rows_at(timeline.frame_dates)[:, columns]
    codes = np.append([ROUTE_CODES.get(s, UNKNOWN_ROUTE) for s in claims["state"]], UNKNOWN_ROUTE)
    states = ["".join(codes[row]) for row in rows]
    siege, siege_claims, seen = [], [], {}
    for row in timeline.siege_rows(timeline.frame_dates):
        if row < 0:
            siege.append(-1)
            continue
        claim = claims.iloc[row]
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
        "namesAr": [_text(names_ar.get(r)) for r in ids],
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


def _unit_claims(dataset: Dataset, timeline: Timeline, records: dict) -> list[list]:
    """Per unit, [index into the flat claim list, followed (1/0)] of every claim bearing on it
    (about the unit or a group containing it), in the order the rule reads them: by date,
    the wider place first, then the file's line. `followed` marks the claims the unit's colour
    rests on in turn (docs/method.md, "Places nest"); a claim of another place that only
    repeats a finer one's holder is not followed."""
    index = {record["id"]: i for i, record in enumerate(records)}
    claims = dataset.claims
    followed = set(zip(timeline._sorted["area_id"], timeline._sorted["claim_id"], strict=True))
    by_place = {place: rows for place, rows in claims.groupby("area_id", sort=False)}
    out = []
    for unit in dataset.areas.index:
        chain = dataset.places.chains[unit]
        rows = [
            (row.date, -level, row.line, row.claim_id)
            for level, place in enumerate(chain)
            if place in by_place
            for row in by_place[place].itertuples()
        ]
        out.append([[index[claim], int((unit, claim) in followed)] for *_, claim in sorted(rows)])
    return out


def panel_payload(dataset: Dataset, timeline: Timeline) -> dict:
    """Every claim and source, for the published file's own evidence panel: the claims once
    (`claimList`, each with the `place` its sentence speaks about), and per unit the claims
    bearing on it (`claims`)."""
    records = [
        {**record, "place": place}
        for place, rows in _claim_records(dataset.claims, "area_id", "holder", HOLDER_CODES).items()
        for record in rows
    ]
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
        "claimList": records,
        "claims": _unit_claims(dataset, timeline, records),
        "routeClaims": _claim_records(dataset.routes, "route_id", "state", ROUTE_CODES),
        "sources": sources,
        "changes": change_claims(timeline, {r["id"]: i for i, r in enumerate(records)}),
    }


def _latlon(point) -> list[float]:
    return [round(point.y, 5), round(point.x, 5)]


SHEET_QUOTE_CHARS = 120  # the start of a quote the app's summary sheet shows (two lines)
SHEET_FIELDS = ("date", "precision", "holder", "source", "evidence", "adopted")


def _quote_start(quote: str) -> str:
    if len(quote) <= SHEET_QUOTE_CHARS:
        return quote
    return quote[:SHEET_QUOTE_CHARS].rsplit(" ", 1)[0] + "…"


def sheet_payload(dataset: Dataset, timeline: Timeline) -> dict:
    """What the app's summary sheet needs (web/timemap-sheet.js; the app draws its full panel
    in Python): the panel's claims with the start of each quote and no notes, and the
    outlets."""
    full = panel_payload(dataset, timeline)

    def short(claim: dict) -> dict:
        kept = {key: claim[key] for key in SHEET_FIELDS if key in claim}
        return kept | {"quote": _quote_start(claim["quote"])}

    return {
        "claimList": [short(c) for c in full["claimList"]],
        "claims": full["claims"],
        "routeClaims": {r: [short(c) for c in cs] for r, cs in full["routeClaims"].items()},
        "sources": {s: {"outlet": v["outlet"]} for s, v in full["sources"].items()},
    }


def since_dates(dataset: Dataset, timeline: Timeline) -> list[list[str]]:
    """Per unit, the dates of the claims its colour follows in turn, oldest first: the "since"
    of a week (the table of the week, web/timemap-access.js) is the last one on or before it."""
    return [
        sorted({f"{d:%Y-%m-%d}" for d in pd.DatetimeIndex(timeline.followed_dates(unit))})
        for unit in dataset.areas.index
    ]


def groups_payload(dataset: Dataset) -> dict:
    """The groups units nest in (districts and wider groups), each unit's finest group, and
    for the map: which groups are districts (outlined and named), each group's name as it
    reads in a sentence ("the Old City"), where a district's name goes and each group's
    bounds (to zoom to it)."""
    return dataset.derived(("groups_payload",), lambda: _groups_payload(dataset))


def _groups_payload(dataset: Dataset) -> dict:
    places = dataset.places
    groups = places.groups
    outlines = district_outlines(dataset.areas.geometry.to_crs(dataset.metric_crs), places)
    points = outlines.map(label_point).set_crs(outlines.crs).to_crs(4326)
    bounds = dataset.areas.geometry.bounds
    group_bounds = []
    for group in groups.index:
        members = bounds.loc[places.members.get(group, [])]
        group_bounds.append(
            [
                [round(float(members["miny"].min()), 5), round(float(members["minx"].min()), 5)],
                [round(float(members["maxy"].max()), 5), round(float(members["maxx"].max()), 5)],
            ]
            if len(members)
            else None
        )
    return {
        "ids": list(groups.index),
        "names": list(groups["name"]),
        "namesAr": list(groups["name_ar"]),
        "altNames": [list(a) for a in groups["alt_names"]],
        "parents": list(groups["parent_id"]),
        "wider": [g in places.wider for g in groups.index],
        "unitDistrict": [places.district_of(u) for u in dataset.areas.index],
        "district": [g in points.index for g in groups.index],
        "the": [with_article(name) for name in groups["name"]],
        "labelPoints": [_latlon(points[g]) if g in points.index else None for g in groups.index],
        "bounds": group_bounds,
    }


def district_features(dataset: Dataset, tolerance_m: float = 8.0) -> dict:
    """The districts' outlines (a FeatureCollection, simplified as the units are), each
    feature's id its group's id; no feature when the dataset has no districts."""
    return dataset.derived(
        ("district_features", tolerance_m), lambda: _district_features(dataset, tolerance_m)
    )


def _district_features(dataset: Dataset, tolerance_m: float) -> dict:
    outlines = district_outlines(dataset.areas.geometry.to_crs(dataset.metric_crs), dataset.places)
    simplified = outlines.simplify(tolerance_m, preserve_topology=True).to_crs(4326)
    features = [
        {
            "type": "Feature",
            "id": group,
            "properties": {},
            "geometry": json.loads(shapely.to_geojson(shapely.set_precision(geom, 1e-5))),
        }
        for group, geom in simplified.items()
    ]
    return {"type": "FeatureCollection", "features": features}


def map_payload(
    dataset: Dataset, timeline: Timeline, panel: bool = False, default_basemap=DEFAULT_BASEMAP
) -> dict:
    """Everything the browser layer draws, for the app (panel=False) or the published file."""
    return dataset.derived(
        ("map_payload", panel, default_basemap),
        lambda: _map_payload(dataset, timeline, panel, default_basemap),
    )


def _map_payload(dataset: Dataset, timeline: Timeline, panel: bool, default_basemap) -> dict:
    areas = dataset.areas
    minx, miny, maxx, maxy = areas.total_bounds
    routes = route_payload(dataset, timeline)
    style = look()
    if dataset.places.districts:
        style["legend"] = style["legend"] + district_legend()
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
        "groups": groups_payload(dataset),
        "districtOutlines": district_features(dataset),
        "weeks": weekly_payload(dataset, timeline),
        "since": since_dates(dataset, timeline),
        "story": story_payload(dataset, timeline),
        "routes": routes,
        "look": style,
        "defaultDate": f"{default_date(timeline):%Y-%m-%d}",
        "basemaps": [
            {"name": name, "url": spec[0] if spec else None, "attribution": spec[1] if spec else ""}
            for name, spec in BASEMAPS.items()
        ],
        "defaultBasemap": default_basemap if default_basemap in BASEMAPS else DEFAULT_BASEMAP,
        # the map's words in the other languages (web/strings-<lang>.json, from the catalog)
        "strings": {lang: browser_strings(lang) for lang in LANGUAGES if lang != "en"},
    }
    if panel:
        payload["panel"] = panel_payload(dataset, timeline)
    else:
        payload["sheet"] = sheet_payload(dataset, timeline)
    return payload
