"""The drawn boundaries: the files geodata/areas.geojson is built from, and the build.

A dataset that draws its areas this way has a folder geodata/boundaries/ (Testville, in
tests/data/testville, is the smallest example):

- `drawn_areas.geojson`: one polygon per area with three properties: `id`, `boundary_source`
  (`published`: a published neighbourhood outline, only the street gaps to its neighbours split
  down the middle; `adjusted`: a published outline cut, merged or refitted, for the reason in
  the note; `hand-drawn`) and `boundary_note`. This is the drawing itself, the source of truth
  for every boundary: open it in QGIS or geojson.io, move a shared edge with snapping and
  topological editing, save.
- `area_plan.csv`: one row per area, in the order of the published file: `id`, `name`,
  `name_ar`, `kind`, `alt_names` and `reference_points` (lists separated by " | "),
  `ref_point` (empty: the first reference point; `placed`: the area's first placed point) and
  `district_id` (the finest group of geodata/districts.csv the area is in).
- `reference_points.csv`: the reference points the plan names, with their provenance
  (`source`, `method`, `confidence`).
- `placed_points.geojson` (optional): points we placed for areas with no usable reference point,
  each with its `area_id` and a `note` saying why it is there.
- `km2_checks.csv` (optional): sums of km² a source gives, each with the areas it covers and a
  range.
- `bootstrap/` (optional): the inputs of the first, Voronoi drawing (tools/bootstrap_areas.py).
- `import/` (optional): the published outlines and hand-drawn inputs the drawing was imported
  from (tools/import_reference.py).

`build_areas(root)` gives the exact text of geodata/areas.geojson: the drawing's coordinates
rounded to 1e-6 degree with rings oriented as RFC 7946 asks, and the plan's names. It never
changes a shape, so the published polygons are what the contributor drew. `boundary_problems`
runs from `aleppo-map validate`: the sources can be read, every polygon is valid, neighbours
neither overlap nor leave gaps, the reference points lie in their areas, the km² sums are in
range, and geodata/areas.geojson is what the build makes. A dataset without
geodata/boundaries/drawn_areas.geojson (a plain areas.geojson) gets no problem from here.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from .geometry import feature_label
from .model import AREA_KINDS, BOUNDARY_SOURCES, CONFIDENCES, Collector, Problem
from .readers import read_feature_collection, read_text

BOUNDARIES_DIR = "geodata/boundaries"
DRAWN_FILE = f"{BOUNDARIES_DIR}/drawn_areas.geojson"
PLAN_FILE = f"{BOUNDARIES_DIR}/area_plan.csv"
REFERENCE_FILE = f"{BOUNDARIES_DIR}/reference_points.csv"
PLACED_FILE = f"{BOUNDARIES_DIR}/placed_points.geojson"
KM2_FILE = f"{BOUNDARIES_DIR}/km2_checks.csv"

PLAN_COLUMNS = (
    "id",
    "name",
    "name_ar",
    "kind",
    "alt_names",
    "reference_points",
    "ref_point",
    "district_id",
)
REFERENCE_COLUMNS = ("name", "variants", "lat", "lon", "source", "method", "confidence")
KM2_COLUMNS = ("check_id", "area_ids", "min_km2", "max_km2", "why")
DRAWN_PROPERTIES = ("id", "boundary_source", "boundary_note")
DECIMALS = 6  # 1e-6 degree: about 0.1 m
# Neighbours may leave between them holes up to this size (rounding to 1e-6 degree leaves
# slivers of a few m²); the same tolerance as for overlaps (load.OVERLAP_TOLERANCE_M2).
GAP_TOLERANCE_M2 = 50.0
# A reference point this close to its area's edge counts as inside.
POSITION_TOLERANCE_M = 1.0
# Reference points that must lie inside their area; low-confidence ones may be 1.5-2 km off.
CHECKED_CONFIDENCES = ("high", "medium")
WGS84_NAMES = ("urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326")


def rebuild_hint(root: Path) -> str:
    data = "" if (root / "aleppo_map").is_dir() else f" --data {root}"
    return f"run .venv/bin/python tools/draw_areas.py{data}"


@dataclass
class Drawing:
    """The sources of geodata/areas.geojson, as read (see the module docstring)."""

    root: Path
    plan: list[dict] = field(default_factory=list)  # line, id, name, ..., lists split
    reference: dict[str, dict] = field(default_factory=dict)  # name -> line, lat, lon, ...
    placed: list[dict] = field(default_factory=list)  # label, area_id, lon, lat, note
    drawn: list[dict] = field(default_factory=list)  # label, id, boundary_*, geometry
    km2: list[dict] = field(default_factory=list)  # line, check_id, area_ids, min, max, why

    def placed_for(self, area_id: str) -> list[dict]:
        return [p for p in self.placed if p["area_id"] == area_id]


# ------------------------------------------------------------------------------- reading


def _read(root: Path, name: str, problems: Collector, optional=False, geojson=False):
    """The text of the file `name` under `root`, or its parsed FeatureCollection if
    `geojson`; None when it is missing (a problem unless optional) or unreadable. The checks
    of encoding and JSON are load's, as for every data file."""
    path = root / name
    if not path.is_file():
        if not optional:
            problems.append(Problem(name, "", "file", "(missing)", "the file, beside the others"))
        return None
    return (read_feature_collection if geojson else read_text)(path, name, problems)


def split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()] if value.strip() else []


def _csv(root, name, columns, problems, optional=False) -> list[dict] | None:
    text = _read(root, name, problems, optional)
    if text is None:
        return None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = tuple(reader.fieldnames or ())
    if header != columns:
        problems.append(
            Problem(name, "line 1", "header", ",".join(header), "the columns " + ",".join(columns))
        )
        return None
    rows = []
    for row in reader:
        if None in row or None in row.values():
            count = sum(v is not None for k, v in row.items() if k is not None)
            value = f"{count + len(row.get(None) or [])} fields"
            expected = f"{len(columns)} fields, one a column (quote a field with a comma)"
            problems.append(Problem(name, f"line {reader.line_num}", "row", value, expected))
            continue
        rows.append({"line": reader.line_num, **{k: row[k].strip() for k in columns}})
    return rows


def _float(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _features(root, name, problems, optional=False) -> list[tuple[int, dict, dict]] | None:
    """(index, properties, geometry) of each feature of a GeoJSON FeatureCollection."""
    doc = _read(root, name, problems, optional, geojson=True)
    if doc is None:
        return None
    crs = doc.get("crs")
    crs = crs.get("properties") if isinstance(crs, dict) else None
    crs = crs.get("name") if isinstance(crs, dict) else None
    if "crs" in doc and crs not in WGS84_NAMES:
        value = str(doc["crs"])[:60]
        expected = "WGS84 longitude, latitude (EPSG:4326, CRS84): save the layer in EPSG:4326"
        problems.append(Problem(name, "", "crs", value, expected))
        return None
    features = doc.get("features")
    if not isinstance(features, list):
        problems.append(Problem(name, "", "features", str(features)[:60], "a list of features"))
        return None
    out = []
    for index, feature in enumerate(features):
        feature = feature if isinstance(feature, dict) else {}
        props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        geometry = feature.get("geometry") if isinstance(feature.get("geometry"), dict) else {}
        out.append((index, props, geometry))
    return out


def _coordinates_ok(geometry: dict, kinds: tuple[str, ...]) -> bool:
    """Whether the geometry is one of `kinds` with finite [lon, lat] numbers in range."""
    if geometry.get("type") not in kinds:
        return False
    depth = {"Point": 0, "LineString": 1, "Polygon": 2, "MultiPolygon": 3}[geometry["type"]]

    def ok(value, level) -> bool:
        if level == 0:
            return (
                isinstance(value, list)
                and len(value) >= 2
                and all(isinstance(v, (int, float)) and math.isfinite(v) for v in value)
                and -180 <= value[0] <= 180
                and -90 <= value[1] <= 90
            )
        return isinstance(value, list) and bool(value) and all(ok(v, level - 1) for v in value)

    return ok(geometry.get("coordinates"), depth)


def read_drawing(root: Path, problems: Collector, drawn=True) -> Drawing:
    """The sources in root/geodata/boundaries; what cannot be used is left out and reported."""
    drawing = Drawing(Path(root))
    _read_reference(root, drawing, problems)
    _read_plan(root, drawing, problems)
    ids = {row["id"] for row in drawing.plan}
    for index, props, geometry in _features(root, PLACED_FILE, problems, optional=True) or []:
        area_id = props.get("area_id")
        label = feature_label(index, area_id if isinstance(area_id, str) else None)
        if not isinstance(area_id, str) or area_id not in ids:
            expected = f"an id of {PLAN_FILE}"
            problems.append(Problem(PLACED_FILE, label, "area_id", str(area_id), expected))
        elif not _coordinates_ok(geometry, ("Point",)):
            problems.append(Problem(PLACED_FILE, label, "geometry", str(geometry)[:60], "a Point"))
        else:
            lon, lat = geometry["coordinates"][:2]
            note = str(props.get("note") or "")
            point = {"label": label, "area_id": area_id, "lon": lon, "lat": lat, "note": note}
            drawing.placed.append(point)
    for row in drawing.plan:
        ref = row["ref_point"]
        if ref not in ("", "placed") or (ref == "placed" and not drawing.placed_for(row["id"])):
            expected = f"empty (the first reference point) or 'placed' (a point of {PLACED_FILE})"
            problems.append(Problem(PLAN_FILE, row["where"], "ref_point", ref, expected))
    for row in _csv(root, KM2_FILE, KM2_COLUMNS, problems, optional=True) or []:
        where = f"line {row['line']} (check {row['check_id']!r})"
        low, high = _float(row["min_km2"]), _float(row["max_km2"])
        if low is None or high is None or low > high:
            value = f"{row['min_km2']} to {row['max_km2']}"
            problems.append(Problem(KM2_FILE, where, "min_km2, max_km2", value, "a range of km²"))
            continue
        area_ids = split_list(row["area_ids"])
        for area_id in [a for a in area_ids if a not in ids]:
            problems.append(Problem(KM2_FILE, where, "area_ids", area_id, f"an id of {PLAN_FILE}"))
        drawing.km2.append({**row, "area_ids": area_ids, "min": low, "max": high})
    if drawn:
        _read_drawn(root, drawing, problems)
    return drawing


def _read_reference(root: Path, drawing: Drawing, problems: Collector) -> None:
    confidences = (*CONFIDENCES, "none")
    for row in _csv(root, REFERENCE_FILE, REFERENCE_COLUMNS, problems) or []:
        where = f"line {row['line']}"
        lat, lon = _float(row["lat"]), _float(row["lon"])
        if row["name"] in drawing.reference or not row["name"]:
            problems.append(Problem(REFERENCE_FILE, where, "name", row["name"], "a unique name"))
        elif (row["lat"] or row["lon"]) and (lat is None or lon is None):
            value = f"{row['lat']}, {row['lon']}"
            problems.append(Problem(REFERENCE_FILE, where, "lat, lon", value, "two numbers"))
        elif row["confidence"] not in confidences:
            expected = "one of " + ", ".join(confidences)
            problems.append(
                Problem(REFERENCE_FILE, where, "confidence", row["confidence"], expected)
            )
        else:
            drawing.reference[row["name"]] = {**row, "lat": lat, "lon": lon}


def _read_plan(root: Path, drawing: Drawing, problems: Collector) -> None:
    for row in _csv(root, PLAN_FILE, PLAN_COLUMNS, problems) or []:
        row["where"] = where = f"line {row['line']} (id {row['id']!r})"
        if not row["id"] or row["id"] in {r["id"] for r in drawing.plan}:
            problems.append(Problem(PLAN_FILE, where, "id", row["id"], "a unique area id"))
            continue
        if row["kind"] not in AREA_KINDS:
            expected = "one of " + ", ".join(AREA_KINDS)
            problems.append(Problem(PLAN_FILE, where, "kind", row["kind"], expected))
        if not row["name"]:
            problems.append(Problem(PLAN_FILE, where, "name", "", "a non-empty English name"))
        row["alt_names"] = split_list(row["alt_names"])
        names = split_list(row["reference_points"])
        for name in [n for n in names if n not in drawing.reference]:
            expected = f"a name in {REFERENCE_FILE}"
            problems.append(Problem(PLAN_FILE, where, "reference_points", name, expected))
        row["reference_points"] = [n for n in names if n in drawing.reference]
        drawing.plan.append(row)


def _read_drawn(root: Path, drawing: Drawing, problems: Collector) -> None:
    features = _features(root, DRAWN_FILE, problems)
    if features is None:
        return
    ids = {row["id"] for row in drawing.plan}
    found: dict[str, str] = {}
    for index, props, geometry in features:
        area_id = props.get("id")
        label = feature_label(index, area_id if isinstance(area_id, str) else None)
        if not isinstance(area_id, str) or area_id not in ids:
            expected = f"the id of a row of {PLAN_FILE} (add the area there first)"
            problems.append(Problem(DRAWN_FILE, label, "id", str(area_id), expected))
            continue
        if area_id in found:
            expected = f"one polygon an area (also {found[area_id]})"
            problems.append(Problem(DRAWN_FILE, label, "id", area_id, expected))
            continue
        found[area_id] = label
        for extra in sorted(set(props) - set(DRAWN_PROPERTIES)):
            expected = f"only {', '.join(DRAWN_PROPERTIES)} (names are in {PLAN_FILE}): dropped"
            value = str(props[extra])[:60]
            problems.append(
                Problem(DRAWN_FILE, label, f"properties.{extra}", value, expected, "warning")
            )
        canonical = None
        if _coordinates_ok(geometry, ("Polygon", "MultiPolygon")):
            canonical = canonical_geometry(geometry)
        if canonical is None or not all(len(r) >= 4 for p in _polygons(canonical) for r in p):
            value = f"{geometry.get('type')}: {str(geometry.get('coordinates'))[:40]}"
            expected = "a Polygon or MultiPolygon: rings of at least 3 [longitude, latitude] points"
            problems.append(Problem(DRAWN_FILE, label, "geometry", value, expected))
            continue
        source = props.get("boundary_source")
        if source not in BOUNDARY_SOURCES:
            expected = "one of " + ", ".join(BOUNDARY_SOURCES)
            problems.append(Problem(DRAWN_FILE, label, "boundary_source", str(source), expected))
        note = props.get("boundary_note")
        note = note if isinstance(note, str) else ""
        drawing.drawn.append(
            {
                "label": label,
                "id": area_id,
                "boundary_source": source if isinstance(source, str) else "",
                "boundary_note": note,
                "geometry": canonical,
            }
        )
    for row in drawing.plan:
        if row["id"] not in found:
            expected = f"a polygon with this id in {DRAWN_FILE}"
            problems.append(Problem(PLAN_FILE, row["where"], "id", row["id"], expected))


# ------------------------------------------------------------------------ canonical text


def _ring(ring: list, exterior: bool) -> list[list[float]]:
    points: list[list[float]] = []
    for x, y, *_ in ring:
        point = [round(float(x), DECIMALS), round(float(y), DECIMALS)]
        if not points or point != points[-1]:
            points.append(point)
    if points[0] != points[-1]:
        points.append(points[0])
    twice_area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(points))
    if (twice_area < 0) == exterior:  # RFC 7946: exterior rings anticlockwise, holes clockwise
        points.reverse()
    return points


def _polygons(geometry: dict) -> list:
    coordinates = geometry["coordinates"]
    return [coordinates] if geometry["type"] == "Polygon" else coordinates


def canonical_geometry(geometry: dict) -> dict:
    """Rounded to 1e-6 degree, RFC 7946 ring order, a one-part MultiPolygon as a Polygon."""
    polygons = _polygons(geometry)
    rings = [[_ring(ring, i == 0) for i, ring in enumerate(p)] for p in polygons]
    if len(rings) == 1:
        return {"type": "Polygon", "coordinates": rings[0]}
    return {"type": "MultiPolygon", "coordinates": rings}


def collection_text(features: list[dict]) -> str:
    """The one layout of every GeoJSON file written here: one value a line, easy to diff."""
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def drawn_text(drawing: Drawing) -> str:
    """drawn_areas.geojson in the layout above, whatever program saved it last."""
    return collection_text(
        [
            {
                "type": "Feature",
                "properties": {k: d[k] for k in DRAWN_PROPERTIES},
                "geometry": d["geometry"],
            }
            for d in drawing.drawn
        ]
    )


def _reference(row: dict, drawing: Drawing) -> tuple[float | None, float | None, str]:
    if row["ref_point"] == "placed":
        point = drawing.placed_for(row["id"])[0]
        return point["lat"], point["lon"], "low"
    for name in row["reference_points"][:1]:
        point = drawing.reference[name]
        if point["lat"] is not None:
            return point["lat"], point["lon"], point["confidence"]
    return None, None, "none"


def areas_text(drawing: Drawing) -> str:
    drawn = {d["id"]: d for d in drawing.drawn}
    features = []
    for row in drawing.plan:
        ref_lat, ref_lon, confidence = _reference(row, drawing)
        properties = {
            "id": row["id"],
            "name": row["name"],
            "name_ar": row["name_ar"],
            "alt_names": row["alt_names"],
            "kind": row["kind"],
            "district_id": row["district_id"],
            "boundary_source": drawn[row["id"]]["boundary_source"],
            "boundary_note": drawn[row["id"]]["boundary_note"],
            "ref_lat": ref_lat,
            "ref_lon": ref_lon,
            "ref_confidence": confidence,
        }
        feature = {"type": "Feature", "id": row["id"], "properties": properties}
        features.append({**feature, "geometry": drawn[row["id"]]["geometry"]})
    return collection_text(features)


def blocking(problems: Collector) -> list[Problem]:
    """Problems that stop the build: files or rows it cannot use (not bad geometry)."""
    return [p for p in problems if p.severity == "error"]


def build_areas(root: str | Path) -> str:
    """The exact text of root/geodata/areas.geojson, built from root/geodata/boundaries.

    Raises ValueError listing the problems if the sources cannot be read or do not match."""
    problems: Collector = []
    drawing = read_drawing(Path(root), problems)
    if blocking(problems):
        raise ValueError("\n".join(str(p) for p in blocking(problems)))
    return areas_text(drawing)
