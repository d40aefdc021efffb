"""The first drawing of a city's areas: Voronoi cells around reference points, as data.

For a city with no published neighbourhood outlines. Where there are some, start from them
instead (tools/import_reference.py): Aleppo's drawing was first made this way (2026-11), then
replaced by the import of the published outlines; its bootstrap/ inputs stay as the record of
that first drawing, which the import still uses for what the outlines leave out.

Run through `tools/draw_areas.py --bootstrap`. It reads, under geodata/boundaries/:

- area_plan.csv, reference_points.csv, placed_points.geojson: the areas and their seeds (the
  reference points the plan lists for each area, and its placed points);
- bootstrap/outline_and_cuts.geojson: the outline of the built-up city (a Polygon, `role`
  "outline", with `simplify_m` and `seed_source`, the file the notes cite the points from)
  and the lines no area crosses (LineStrings, `role` "cut", `name` as it should read in a
  boundary note, e.g. "the Queiq river");
- bootstrap/hand_areas.geojson (optional): areas drawn by hand (`role` "area": the area is the
  polygon, clipped to the outline, minus the hand areas before it) and hand transfers
  (`role` "transfer": ground given to `area_id` after the Voronoi step), each with a `note`;
  an `edge_name` makes the neighbours' notes say how much of their edge is that line;
- bootstrap/notes.csv (optional): `id`, `note`: what the bootstrap adds to a boundary note.

and returns the text of drawn_areas.geojson. The method, all in the dataset's metric CRS:

1. the outline is cut into faces by the cut lines;
2. the hand-drawn areas are taken out;
3. the rest of every face is split into Voronoi cells around the seeds in it, dissolved by area;
   a face with no seed goes to the neighbour sharing most of its edge;
4. the transfers move ground between cells; detached fragments without a seed and under
   20,000 m² go to the neighbour sharing most of their edge;
5. the coverage is simplified (by the outline's `simplify_m`, default 20 m), shared edges
   staying shared, and rounded to 1e-6 degree.

Each area's boundary_note says which of these made it and from which points, and its
boundary_source is `hand-drawn`. After the bootstrap the drawing is edited by hand and the
bootstrap is not run again on it: its inputs stay as the record of how the first drawing was
made (see `departures`).
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon
from shapely.geometry.polygon import orient
from shapely.ops import polygonize, unary_union

from aleppo_map.boundaries import (
    BOUNDARIES_DIR,
    Drawing,
    _csv,
    _features,
    canonical_geometry,
    collection_text,
    read_drawing,
)
from aleppo_map.geometry import projection
from aleppo_map.model import Collector, Problem

LINES_FILE = f"{BOUNDARIES_DIR}/bootstrap/outline_and_cuts.geojson"
HAND_FILE = f"{BOUNDARIES_DIR}/bootstrap/hand_areas.geojson"
NOTES_FILE = f"{BOUNDARIES_DIR}/bootstrap/notes.csv"
SIMPLIFY_M = 20.0
FRAGMENT_M2 = 20_000.0
# A polygon further than this from the bootstrap's was redrawn by hand (less is numerical noise).
DEPARTURE_M = 5.0
VORONOI = (
    "Voronoi cell(s) around the seed point(s) below, clipped to the city outline and to the "
    "hand-drawn lines, dissolved into one area."
)


def polygon_parts(g) -> list[Polygon]:
    if g is None or g.is_empty:
        return []
    if isinstance(g, Polygon):
        return [g]
    return [p for p in getattr(g, "geoms", []) if isinstance(p, Polygon)]


def as_poly(parts):
    parts = [p for p in parts if not p.is_empty and p.area > 0]
    if not parts:
        return Polygon()
    return parts[0] if len(parts) == 1 else unary_union(parts)


def short_source(source: str) -> str:
    return re.sub(r",\s*github:\S+$", "", source).strip()


def read_inputs(root: Path, crs: str) -> tuple[Drawing, dict, list[Problem]]:
    """The plan and the bootstrap inputs, projected to `crs`."""
    problems = Collector()
    drawing = read_drawing(root, problems, drawn=False)
    utm = projection("EPSG:4326", crs)
    inputs = {"outline": None, "cuts": [], "hand": [], "transfers": [], "notes": {}}
    for index, props, geometry in _features(root, LINES_FILE, problems) or []:
        shape = shapely.geometry.shape(geometry) if geometry.get("type") else None
        if props.get("role") == "outline" and isinstance(shape, Polygon):
            inputs["outline"] = utm(shape)
            inputs["simplify_m"] = float(props.get("simplify_m", SIMPLIFY_M))
            inputs["seed_source"] = str(props.get("seed_source", "reference_points.csv"))
        elif props.get("role") == "cut" and isinstance(shape, LineString):
            inputs["cuts"].append((str(props.get("name", "")), utm(shape)))
        else:
            expected = "an outline Polygon (role 'outline') or a LineString (role 'cut')"
            problems.append(Problem(LINES_FILE, f"feature {index}", "role", props, expected))
    if inputs["outline"] is None or not inputs["outline"].is_valid:
        problems.append(Problem(LINES_FILE, "", "outline", "missing or invalid", "one Polygon"))
    ids = {row["id"] for row in drawing.plan}
    for index, props, geometry in _features(root, HAND_FILE, problems, optional=True) or []:
        role, area_id = props.get("role"), props.get("area_id")
        if role not in ("area", "transfer") or area_id not in ids:
            expected = "role 'area' or 'transfer' and an area_id of the plan"
            problems.append(Problem(HAND_FILE, f"feature {index}", "role", props, expected))
            continue
        item = (area_id, utm(shapely.geometry.shape(geometry)), props)
        inputs["hand" if role == "area" else "transfers"].append(item)
    for row in _csv(root, NOTES_FILE, ("id", "note"), problems, optional=True) or []:
        inputs["notes"][row["id"]] = row["note"]
    return drawing, inputs, problems


def seeds_of(drawing: Drawing, utm) -> list[tuple]:
    """(area id, point, name, confidence, kind) of every seed, in the plan's order."""
    seeds = []
    for row in drawing.plan:
        for name in row["reference_points"]:
            r = drawing.reference[name]
            if r["lat"] is not None:
                seeds.append((row["id"], utm(Point(r["lon"], r["lat"])), name, r["confidence"]))
        for p in drawing.placed_for(row["id"]):
            seeds.append((row["id"], utm(Point(p["lon"], p["lat"])), "placed point", "placed"))
    return seeds


def best_neighbour(piece, geoms: dict, skip=None):
    best, length = None, 0.0
    for aid, g in geoms.items():
        if aid == skip:
            continue
        shared = piece.boundary.intersection(g.buffer(0.5)).length
        if shared > length:
            best, length = aid, shared
    return best


def construct(drawing: Drawing, inputs: dict, strict=True) -> tuple[dict, dict]:
    """The areas' geometries (metric CRS, by id) and the log the notes are written from; an area
    that gets no ground raises ValueError, or is left empty if not `strict`."""
    outline = inputs["outline"]
    fixed: dict = {}
    for area_id, shape, _ in inputs["hand"]:
        g = shape if outline.contains(shape) else shape.intersection(outline)
        for earlier in fixed.values():
            if shapely.relate_pattern(g, earlier, "2********"):
                g = g.difference(earlier)
        fixed[area_id] = g
    fixed_union = unary_union(list(fixed.values()))
    utm_seeds = inputs["seeds"]
    noded = unary_union([outline.exterior, *(line for _, line in inputs["cuts"])])
    faces = []
    for f in polygonize(noded):
        if outline.contains(f.representative_point()):
            parts = polygon_parts(f.intersection(outline).difference(fixed_union))
            faces += [p for p in parts if p.area > 1.0]
    voronoi_seeds = [s for s in utm_seeds if s[0] not in fixed]
    cells, orphans = defaultdict(list), []
    for face in faces:
        inside = {}
        for s in voronoi_seeds:  # one seed per distinct location
            if face.buffer(0.01).contains(s[1]):
                inside.setdefault((round(s[1].x, 1), round(s[1].y, 1)), s)
        inside = list(inside.values())
        if not inside:
            orphans.append(face)
            continue
        if len(inside) == 1:
            cells[inside[0][0]].append(face)
            continue
        points = shapely.MultiPoint([s[1] for s in inside])
        for cell in shapely.voronoi_polygons(points, extend_to=face.envelope.buffer(20000)).geoms:
            owner = [s for s in inside if cell.buffer(0.01).contains(s[1])]
            piece = cell.intersection(face) if owner else None
            if owner and not piece.is_empty:
                cells[owner[0][0]].append(piece)
    geoms = {aid: unary_union(parts) for aid, parts in cells.items()}
    geoms.update(fixed)
    for face in orphans:
        best = best_neighbour(face, geoms)
        if best:
            geoms[best] = unary_union([geoms[best], face])
    log = defaultdict(list)
    for target, shape, props in inputs["transfers"]:
        tp = shape.intersection(outline)
        why = props.get("note", "")
        for aid in list(geoms):
            if aid != target:
                lost = geoms[aid].intersection(tp).area
                if lost > 1000:
                    log[aid].append(
                        f"Hand adjustment: {lost / 1e6:.2f} km² of its Voronoi cell went to "
                        f"{target} ({why})."
                    )
                    log[target].append(
                        f"Hand adjustment: it received {lost / 1e6:.2f} km² from {aid} ({why})."
                    )
                geoms[aid] = geoms[aid].difference(tp)
        gained = tp.difference(fixed_union) if target not in fixed else tp
        geoms[target] = unary_union([geoms.get(target, Polygon()), gained])
    _give_away_fragments(geoms, fixed, utm_seeds)
    ids = [row["id"] for row in drawing.plan]
    missing = [i for i in ids if i not in geoms or geoms[i].is_empty]
    if missing and strict:
        raise ValueError(f"areas without geometry (no seed in the outline): {missing}")
    geoms.update({i: Polygon() for i in missing})
    arr = [unary_union(polygon_parts(shapely.make_valid(geoms[i]))) for i in ids]
    tolerance = inputs["simplify_m"]
    simplified = shapely.coverage_simplify(arr, tolerance=tolerance, simplify_boundary=True)
    out = {
        i: unary_union(polygon_parts(shapely.make_valid(g)))
        for i, g in zip(ids, simplified, strict=True)
    }
    return out, {"fixed": fixed, "transfers": log}


def _give_away_fragments(geoms: dict, fixed: dict, seeds: list) -> None:
    seed_points = defaultdict(list)
    for s in seeds:
        seed_points[s[0]].append(s[1])
    for _round in range(3):
        moved = False
        for aid in list(geoms):
            parts = polygon_parts(geoms[aid])
            if len(parts) <= 1:
                continue
            keep, give = [], []
            for p in parts:
                seeded = any(p.buffer(0.5).contains(pt) for pt in seed_points[aid])
                large = (aid in fixed and p.area > FRAGMENT_M2) or p.area >= FRAGMENT_M2
                (keep if seeded or large else give).append(p)
            if not keep:
                biggest = max(parts, key=lambda q: q.area)
                keep, give = [biggest], [q for q in parts if q is not biggest]
            for p in give:
                best = best_neighbour(p, geoms, skip=aid)
                if best:
                    geoms[best] = unary_union([geoms[best], p])
                    moved = True
                else:
                    keep.append(p)
            geoms[aid] = as_poly(keep)
        if not moved:
            break


def to_wgs_rounded(g, wgs) -> Polygon | MultiPolygon:
    g = shapely.make_valid(shapely.set_precision(wgs(g), 1e-6))
    parts = [orient(p, 1.0) for p in polygon_parts(g) if p.area > 0]
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def edge_notes(area_id: str, g, inputs: dict) -> list[str]:
    """Which edges of the area follow the outline, the cut lines or a named hand area."""
    notes, b = [], g.boundary
    outline_len = b.intersection(inputs["outline"].exterior.buffer(1.0)).length
    if outline_len > 150:
        notes.append(
            f"its outer edge (~{outline_len / 1000:.1f} km) is the hand-drawn "
            "outline of the built-up city"
        )
    for name, line in inputs["cuts"]:
        length = b.intersection(line.buffer(1.0)).length
        if length > 150:
            notes.append(f"~{length / 1000:.1f} km of its edge follows {name}")
    for hand_id, shape, props in inputs["hand"]:
        if props.get("edge_name") and area_id != hand_id and not g.within(shape.buffer(1.0)):
            length = b.intersection(shape.exterior.buffer(1.0)).length
            if length > 100:
                notes.append(f"~{length / 1000:.1f} km of its edge is {props['edge_name']}")
    return notes


def boundary_note(row: dict, drawing: Drawing, g, inputs: dict, log: dict) -> str:
    hand = {area_id: props["note"] for area_id, _, props in inputs["hand"]}
    parts = [hand.get(row["id"], VORONOI)]
    seeds, outside = [], []
    for name in row["reference_points"]:
        r = drawing.reference[name]
        if r["lat"] is None:
            continue
        seeds.append(
            f"'{name}' ({r['lat']:.6f} {r['lon']:.6f}; {short_source(r['source'])}; "
            f"{r['method'] or 'no method given'}; confidence {r['confidence']})"
        )
        if not g.buffer(1.0).contains(inputs["utm"](Point(r["lon"], r["lat"]))):
            outside.append(name)
    if seeds:
        parts.append(f"Seed point(s) from {inputs['seed_source']}: " + "; ".join(seeds) + ".")
    for name in outside:
        parts.append(
            f"The point '{name}' (confidence {drawing.reference[name]['confidence']}) lies "
            "outside the drawn area, so it did not seed it: see the note below."
        )
    placed = drawing.placed_for(row["id"])
    parts += [f"Placed point {p['lat']:.4f} {p['lon']:.4f}: {p['note']}." for p in placed]
    if not row["reference_points"] and not placed:
        parts.append("No reference point.")
    if inputs["notes"].get(row["id"]):
        parts.append(inputs["notes"][row["id"]])
    parts.extend(log["transfers"].get(row["id"], []))
    edges = edge_notes(row["id"], g, inputs)
    if edges:
        parts.append(
            "Edges: " + "; ".join(edges) + "; the other edges are Voronoi "
            "bisectors with the neighbouring seeds (or the hand-drawn areas)."
        )
    parts.append(f"Simplified to ~{inputs['simplify_m']:.0f} m.")
    return " ".join(parts)


def bootstrap(root: Path, crs: str, strict=True) -> str:
    """The text of drawn_areas.geojson drawn from the bootstrap inputs of `root`."""
    drawing, inputs, problems = read_inputs(Path(root), crs)
    if any(p.severity == "error" for p in problems):
        raise ValueError("\n".join(str(p) for p in problems if p.severity == "error"))
    utm, wgs = projection("EPSG:4326", crs), projection(crs, "EPSG:4326")
    inputs["utm"] = utm
    inputs["seeds"] = seeds_of(drawing, utm)
    geoms, log = construct(drawing, inputs, strict)
    features = []
    for row in drawing.plan:
        g = geoms[row["id"]]
        if g.is_empty:
            continue
        geometry = shapely.geometry.mapping(to_wgs_rounded(g, wgs))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": row["id"],
                    "boundary_source": "hand-drawn",
                    "boundary_note": boundary_note(row, drawing, g, inputs, log),
                },
                "geometry": canonical_geometry(geometry),
            }
        )
    return collection_text(features)


def departures(root: Path, crs: str) -> list[tuple[str, float, bool]]:
    """(id, distance in m, whether its boundary_note says something else) of every area whose
    polygon is more than DEPARTURE_M from where the bootstrap inputs draw it: the boundaries
    redrawn by hand since, each of which should say how in its note."""
    problems = Collector()
    drawing = read_drawing(Path(root), problems)
    first = {
        f["properties"]["id"]: f for f in json.loads(bootstrap(root, crs, strict=False))["features"]
    }
    project = projection("EPSG:4326", crs)
    out = []
    for area in drawing.drawn:
        then = first.get(area["id"])
        now = project(shapely.geometry.shape(area["geometry"]))
        if then is None:
            out.append((area["id"], math.inf, True))
            continue
        distance = shapely.hausdorff_distance(
            now, project(shapely.geometry.shape(then["geometry"]))
        )
        if distance > DEPARTURE_M:
            out.append(
                (area["id"], distance, area["boundary_note"] != then["properties"]["boundary_note"])
            )
    return out
