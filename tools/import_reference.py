#!/usr/bin/env python
"""Draw the map units from a city's published neighbourhood outlines, plus what they leave out.

    .venv/bin/python tools/import_reference.py            # write drawn_areas.geojson
    .venv/bin/python tools/import_reference.py --check    # exit 1 if it would write otherwise
    .venv/bin/python tools/import_reference.py --report   # also print each unit's km² and gains

It reads, under geodata/boundaries/import/:

- csr_neighbourhoods.geojson: the published outlines (for Aleppo, Columbia University Center
  for Spatial Research, "Conflict Urbanism: Aleppo", MIT: csr_neighbourhoods.LICENSE), as
  published;
- published_units.csv: `feature,csr_id,csr_name,unit_id,note`, one row per published feature:
  the map unit it becomes (a unit id listed twice would merge outlines) and what to add to its
  boundary note (e.g. which of several pieces with one name it is);
- hand_drawn.geojson: what the layer does not say, drawn by hand. Each feature has a `role`, a
  `unit_id` and a `note` (what it follows and which sentences or points place it):
  - `area`: a hand-drawn unit (the outskirts): the polygon minus the ground the published
    outlines cover. Where two overlap, the later feature wins;
  - `cut`: a unit cut out of published outlines: the part of the outlines named in `from`
    (unit ids separated by spaces) inside the polygon;
  - `extend`: ground outside the layer given to existing units (`unit_id`: one or more ids
    separated by spaces; several share it by nearest edge);
  - `outline` (no unit): ground the city covers (for Aleppo, at least everything the first
    drawing covered): whatever of it no unit holds goes to the nearest unit edge (step 4);

and writes geodata/boundaries/drawn_areas.geojson, each unit with `boundary_source`
(`published`, `adjusted` or `hand-drawn`) and a `boundary_note` saying where its boundary comes
from. The method, in the dataset's metric CRS, every overlay on a 1 cm grid:

1. the published features are dissolved by unit; the cuts are taken out of them;
2. the published units are closed across their street gaps (a morphological closing by
   CLOSING_M, holes filled): the ground this adds is theirs to share. An enclosed piece of
   OPEN_M2 or more is open ground (a park, the river bed), not a gap: a published unit that
   takes more than OUTSIDE_M2 of it, or of ground outside the layer, is `adjusted`;
3. the hand-drawn areas and extensions lose what that closed ground covers, then their slivers
   (an opening by SLIVER_M) and pieces under MIN_PART_M2;
4. the city is everything drawn and the outline, closed the same way with its holes filled, so
   that no hole is left inside it; every piece of it that no unit holds yet (street gaps,
   parks, the river bed, slivers) goes to the nearest unit edge: a Voronoi diagram of the
   units' boundaries, densified every SPACING_M, so a street is split down its middle;
5. the coverage is simplified with shared edges kept shared (SIMPLIFY_M), projected to
   longitude, latitude and rounded to 1e-6 degree (aleppo_map.boundaries.canonical_geometry).

The drawing is then edited as data (tools/draw_areas.py checks it); like the bootstrap, this
import is not run again over hand edits: its inputs stay as the record of how it was made.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
sys.path.insert(0, str(ROOT))

from aleppo_map.boundaries import (  # noqa: E402
    BOUNDARIES_DIR,
    DRAWN_FILE,
    canonical_geometry,
    collection_text,
)
from aleppo_map.geometry import projection  # noqa: E402

IMPORT_DIR = f"{BOUNDARIES_DIR}/import"
LAYER_FILE = f"{IMPORT_DIR}/csr_neighbourhoods.geojson"
UNITS_FILE = f"{IMPORT_DIR}/published_units.csv"
HAND_FILE = f"{IMPORT_DIR}/hand_drawn.geojson"
LINES_FILE = f"{BOUNDARIES_DIR}/bootstrap/outline_and_cuts.geojson"  # names for the notes
METRIC_CRS = "EPSG:32637"
GRID_M = 0.01  # every overlay on a 1 cm grid, so shared edges are exactly shared
CLOSING_M = 20.0  # closes street gaps up to 40 m wide (median ~7 m, widest ~30 m)
SLIVER_M = 8.0  # hand-drawn pieces thinner than 16 m are slivers
MIN_PART_M2 = 2000.0
FRAGMENT_M2 = 20000.0  # a detached scrap of a unit smaller than this joins its neighbour
# A published unit that takes more than this of the open ground the outlines enclose (beyond
# the street gaps), or of the ground outside the layer, is `adjusted`.
OUTSIDE_M2 = 5000.0
OPEN_M2 = 20000.0  # an enclosed piece this big is open ground (a park, the river bed), not a gap
SPACING_M = 2.5
SIMPLIFY_M = 1.0
LAYER_CREDIT = "CSR 'Conflict Urbanism: Aleppo' neighbourhood"
DEPARTURE_M = 5.0  # further from the import's polygon than this: redrawn by hand


def parts(g) -> list[Polygon]:
    return [p for p in shapely.get_parts(g) if isinstance(p, Polygon) and not p.is_empty]


def union(geoms) -> Polygon | MultiPolygon:
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    return shapely.union_all(geoms, grid_size=GRID_M) if geoms else Polygon()


def fill_holes(g):
    return union([Polygon(p.exterior) for p in parts(g)])


def closing(g, distance: float):
    grown = shapely.buffer(g, distance, join_style="mitre", mitre_limit=2.0)
    return shapely.set_precision(
        shapely.buffer(grown, -distance, join_style="mitre", mitre_limit=2.0), GRID_M
    )


def clean(g, sliver: float = SLIVER_M, minimum: float = MIN_PART_M2):
    """g without slivers thinner than 2 x sliver and pieces smaller than minimum."""
    if g.is_empty:
        return g
    opened = shapely.buffer(shapely.buffer(g, -sliver, join_style="mitre"), sliver,
                            join_style="mitre")  # fmt: skip
    kept = shapely.intersection(g, opened, grid_size=GRID_M)
    return union([p for p in parts(kept) if p.area >= minimum])


def nearest_edge(region, seeds: dict[str, object]) -> dict[str, object]:
    """region shared among the seeds: each point goes to the seed whose edge is nearest."""
    if region.is_empty:
        return {}
    coords, owners = [], []
    for unit, g in seeds.items():
        if g.is_empty:
            continue
        xy = shapely.get_coordinates(shapely.segmentize(shapely.boundary(g), SPACING_M))
        coords.append(xy)
        owners += [unit] * len(xy)
    xy = np.concatenate(coords)
    xy, first = np.unique(np.round(xy, 2), axis=0, return_index=True)
    owners = [owners[i] for i in first]
    cells = shapely.get_parts(
        shapely.voronoi_polygons(
            shapely.multipoints(xy), extend_to=shapely.buffer(region.envelope, 100), ordered=True
        )
    )
    by_unit = defaultdict(list)
    for owner, cell in zip(owners, cells, strict=True):
        by_unit[owner].append(cell)
    out = {}
    for unit, cs in by_unit.items():
        piece = shapely.intersection(shapely.coverage_union_all(cs), region, grid_size=GRID_M)
        if not piece.is_empty:
            out[unit] = union(parts(piece))
    return out


def read_inputs(root: Path):
    utm = projection("EPSG:4326", METRIC_CRS)
    layer = json.loads((root / LAYER_FILE).read_text(encoding="utf-8"))["features"]
    rows = list(csv.DictReader((root / UNITS_FILE).open(encoding="utf-8", newline="")))
    if len(rows) != len(layer):
        raise ValueError(f"{UNITS_FILE}: {len(rows)} rows for {len(layer)} published features")
    published = []
    for row, feature in zip(rows, layer, strict=True):
        props = feature["properties"]
        if int(row["feature"]) != len(published) or str(props["Id"]) != row["csr_id"]:
            raise ValueError(f"{UNITS_FILE} line {len(published) + 2}: not feature {row}")
        shape = shapely.make_valid(utm(shapely.geometry.shape(feature["geometry"])))
        published.append({**row, "name": props["NAME"], "name_ar": props["NAME_A"],
                          "geometry": shapely.set_precision(shape, GRID_M)})  # fmt: skip
    hand = []
    for index, feature in enumerate(json.loads((root / HAND_FILE).read_text("utf-8"))["features"]):
        props = feature["properties"]
        if props.get("role") not in ("area", "cut", "extend", "outline"):
            raise ValueError(f"{HAND_FILE} feature {index}: role {props.get('role')!r}")
        shape = shapely.make_valid(utm(shapely.geometry.shape(feature["geometry"])))
        hand.append({**props, "index": index, "geometry": shapely.set_precision(shape, GRID_M)})
    return published, hand


def construct(published: list[dict], hand: list[dict], lines=()):
    """The units' geometries (metric CRS) and what each note needs to say; `lines` are named
    lines ((name, LineString)) the notes may say open ground lies along."""
    info: dict[str, dict] = {}
    core: dict[str, object] = {}
    for row in published:
        unit = row["unit_id"]
        entry = info.setdefault(unit, {"source": "published", "features": [], "why": []})
        entry["features"].append(row)
        core[unit] = union([core.get(unit), row["geometry"]])
    for f in (f for f in hand if f["role"] == "cut"):
        unit = f["unit_id"]
        entry = info.setdefault(unit, {"source": "adjusted", "features": [], "why": []})
        pieces = []
        for src in f["from"].split():
            piece = shapely.intersection(core[src], f["geometry"], grid_size=GRID_M)
            rest = sorted(parts(shapely.difference(core[src], piece, grid_size=GRID_M)),
                          key=lambda p: -p.area)  # fmt: skip
            # what the cut leaves detached from the outline's main part goes with the cut
            loose = [p for p in rest[1:] if shapely.distance(p, piece) < 1.0]
            core[src] = clean(union([p for p in rest if not any(p is q for q in loose)]), 2, 100)
            pieces += [piece, *loose]
            entry["features"] += info[src]["features"]
            info[src]["source"] = "adjusted"
            info[src]["why"].append(
                f"{unit} is cut out of it: a place the claims name on its own (see that unit)"
            )
        core[unit] = clean(union([core.get(unit), *pieces]), 2, 100)
        entry["why"].append(f["note"])
    streets = closing(union(core.values()), CLOSING_M)
    closed = fill_holes(streets)  # with the open ground the outlines enclose (parks, river bed)
    taken = closed
    areas = [f for f in hand if f["role"] == "area"]
    for f in reversed(areas):  # the later feature wins
        unit = f["unit_id"]
        g = clean(shapely.difference(f["geometry"], taken, grid_size=GRID_M))
        info.setdefault(unit, {"source": "hand-drawn", "features": [], "why": []})
        if f["note"] not in info[unit]["why"]:
            info[unit]["why"].insert(0, f["note"])
        core[unit] = union([core.get(unit), g])
        taken = union([taken, g])
    extended = defaultdict(float)
    for f in (f for f in hand if f["role"] == "extend"):
        g = clean(shapely.difference(f["geometry"], taken, grid_size=GRID_M))
        targets = f["unit_id"].split()
        shares = nearest_edge(g, {t: core[t] for t in targets}) if len(targets) > 1 else {}
        shares = shares or {targets[0]: g}
        for unit, share in shares.items():
            core[unit] = union([core[unit], share])
            extended[unit] += share.area
            if info[unit]["source"] == "published":
                info[unit]["source"] = "adjusted"
            info[unit]["why"].append(f"{f['note'].rstrip('.')} (+{share.area:,.0f} m²)")
        taken = union([taken, g])
    outline = [f["geometry"] for f in hand if f["role"] == "outline"]
    city = fill_holes(closing(union([closed, *core.values(), *outline]), CLOSING_M))
    free = shapely.difference(city, union(core.values()), grid_size=GRID_M)
    shares = nearest_edge(free, core)
    units = {u: union([g, shares.get(u)]) for u, g in core.items()}
    gains = {}
    # open ground: the pieces the outlines enclose that are too big for a street or a square
    holes = parts(shapely.difference(closed, streets, grid_size=GRID_M))
    enclosed = union([p for p in holes if p.area >= OPEN_M2])
    streets = union([streets, *[p for p in holes if p.area < OPEN_M2]])
    for unit, share in shares.items():
        street = shapely.intersection(share, streets, grid_size=GRID_M).area
        opened = shapely.intersection(share, enclosed, grid_size=GRID_M)
        gains[unit] = (street, opened.area, share.area - street - opened.area)
        if info[unit]["source"] == "hand-drawn":
            continue
        if opened.area > OUTSIDE_M2:
            along = [name for name, line in lines if shapely.dwithin(opened, line, 30.0)]
            where = f" (along {', '.join(along)})" if along else ""
            info[unit]["source"] = "adjusted"
            info[unit]["why"].append(
                f"it takes the part nearest to its edge of the open ground the published outlines "
                f"enclose{where} (+{opened.area:,.0f} m²)"
            )
        if gains[unit][2] > OUTSIDE_M2:
            info[unit]["source"] = "adjusted"
            info[unit]["why"].append(
                f"it takes the ground outside the layer nearest to its edge, inside the extent of "
                f"the city (+{gains[unit][2]:,.0f} m²)"
            )
    return units, info, gains, extended, closed


def coverage(units: dict[str, object]) -> dict[str, object]:
    """The units as one clean coverage, then simplified together (shared edges stay shared).

    The overlays leave centimetre slivers where two results meet (each snaps to the grid in its
    own way): all edges are noded together and cut into faces, each face goes to the unit
    covering most of it (a face no unit covers, to the one sharing most of its edge)."""
    ids = list(units)
    geoms = np.array([units[u] for u in ids])
    lines = shapely.union_all(shapely.boundary(geoms), grid_size=GRID_M)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    faces = faces[shapely.area(faces) > 0]
    fi, gi = shapely.STRtree(geoms).query(faces, predicate="intersects")
    shared = shapely.area(shapely.intersection(faces[fi], geoms[gi]))
    # each unit buffered once (a unit meets many faces)
    touching = shapely.length(
        shapely.intersection(shapely.boundary(faces[fi]), shapely.buffer(geoms, 0.05)[gi])
    )
    best: dict[int, tuple] = {}
    for f, g, a, t in zip(fi, gi, shared, touching, strict=True):
        if f not in best or (a, t) > best[f][1:]:
            best[f] = (g, a, t)
    by_unit = defaultdict(list)
    for f, (g, _, _) in best.items():
        by_unit[g].append(faces[f])
    missing = [ids[i] for i in range(len(ids)) if not by_unit[i]]
    if missing:
        raise ValueError(f"units left without ground: {missing}")
    rebuilt = np.array([shapely.coverage_union_all(by_unit[i]) for i in range(len(ids))])
    # a detached scrap of a unit (under FRAGMENT_M2) goes to the neighbour sharing most of its edge
    tree = shapely.STRtree(rebuilt)
    for i in range(len(ids)):
        pieces = sorted(parts(rebuilt[i]), key=lambda p: -p.area)
        scraps = [p for p in pieces[1:] if p.area < FRAGMENT_M2]
        for scrap in scraps:
            edge = shapely.boundary(scrap)
            near = [j for j in tree.query(scrap, predicate="touches") if j != i]
            if not near:
                continue
            j = max(near, key=lambda k: shapely.length(shapely.intersection(edge, rebuilt[k])))
            rebuilt[j] = shapely.coverage_union_all([rebuilt[j], scrap])
            pieces.remove(scrap)
        rebuilt[i] = shapely.coverage_union_all(pieces)
    if not shapely.coverage_is_valid(rebuilt):
        raise ValueError("the units do not form a coverage (overlaps or unmatched edges)")
    simple = shapely.coverage_simplify(rebuilt, tolerance=SIMPLIFY_M, simplify_boundary=True)
    return dict(zip(ids, simple, strict=True))


def note_for(unit: str, info: dict, gains: dict, extended: dict, area: float) -> tuple[str, str]:
    entry = info[unit]
    source = entry["source"]
    street, opened, outside = gains.get(unit, (0.0, 0.0, 0.0))
    if source == "hand-drawn":
        text = " ".join(entry["why"])
        text += (
            f" Fitted to the published outlines: the ground they cover, closed across their "
            f"street gaps, is left to them and slivers under {2 * SLIVER_M:.0f} m wide are "
            f"dropped; the ground of the city that no unit held and that lies nearest to its "
            f"edge is added (+{street + opened + outside:,.0f} m²). {area / 1e6:.2f} km²."
        )
        return source, text
    names = []
    for row in entry["features"]:
        names.append(f"{row['name']} (Id {row['csr_id']}, feature {row['feature']})")
    names = list(dict.fromkeys(names))
    if opened <= OUTSIDE_M2:  # a small enclosed piece counts as a street gap
        street += opened
    gap = "street gaps to its neighbours split down the middle"
    slivers = 1 <= outside <= OUTSIDE_M2
    extra = f"; {outside:,.0f} m² of slivers outside the layer" if slivers else ""
    text = f"{LAYER_CREDIT} {' + '.join(names)}, MIT"
    if source == "published":
        text += f"; {gap} (+{street:,.0f} m²{extra})."
    else:
        why = "; ".join(dict.fromkeys(w.rstrip(".") for w in entry["why"]))
        text += f"; adjusted: {why}; {gap} (+{street:,.0f} m²{extra})."
    notes = [row["note"] for row in entry["features"] if row.get("note") and row["unit_id"] == unit]
    if notes:
        text += " " + " ".join(n[0].upper() + n[1:] + "." for n in dict.fromkeys(notes))
    return source, text


def rounded(geometry) -> dict:
    """The GeoJSON geometry rounded to 1e-6 degree; where rounding folds a ring (a neck or a
    sliver under ~0.1 m), the fold is cut off."""
    shape = canonical_geometry(shapely.geometry.mapping(geometry))
    if shapely.is_valid(shapely.geometry.shape(shape)):
        return shape
    fixed = shapely.make_valid(shapely.geometry.shape(shape))
    shape = canonical_geometry(shapely.geometry.mapping(shapely.union_all(parts(fixed))))
    polygons = shape["coordinates"] if shape["type"] == "MultiPolygon" else [shape["coordinates"]]
    kept = [[r for r in p if shapely.Polygon(r).area > 0] for p in polygons]
    kept = [p for p in kept if p and len(p[0]) >= 4 and shapely.Polygon(p[0]).area > 0]
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def named_lines(root: Path) -> list[tuple[str, object]]:
    """The named lines of the first drawing (the Queiq river, the Castello Road), if any."""
    path = root / LINES_FILE
    if not path.is_file():
        return []
    utm = projection("EPSG:4326", METRIC_CRS)
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return [
        (f["properties"]["name"], utm(shapely.geometry.shape(f["geometry"])))
        for f in features
        if f["properties"].get("role") == "cut" and f["properties"].get("name")
    ]


def build(root: Path, report: bool = False) -> str:
    published, hand = read_inputs(root)
    units, info, gains, extended, _ = construct(published, hand, named_lines(root))
    simple = coverage(units)
    wgs = projection(METRIC_CRS, "EPSG:4326")
    order = list(dict.fromkeys([r["unit_id"] for r in published] + [f["unit_id"] for f in hand
                                if f["role"] in ("area", "cut")]))  # fmt: skip
    features = []
    for unit in order:
        geometry = simple[unit]
        source, note = note_for(unit, info, gains, extended, geometry.area)
        shape = rounded(wgs(geometry))
        props = {"id": unit, "boundary_source": source, "boundary_note": note}
        features.append({"type": "Feature", "properties": props, "geometry": shape})
        if report:
            street, opened, outside = gains.get(unit, (0.0, 0.0, 0.0))
            outside += extended.get(unit, 0)
            print(f"{unit:32s} {source:10s} {geometry.area / 1e6:7.3f} km²  gaps +{street:9,.0f}"
                  f"  open +{opened:9,.0f}  outside +{outside:9,.0f} m²")  # fmt: skip
    return collection_text(features)


# The import's result by the bytes of its inputs: a copy of the data with the same inputs (the
# contributing walkthrough's) is not built again in the same process.
_BUILT: dict[str, str] = {}


def built(root: Path) -> str:
    """`build(root)`, once per content of its input files."""
    paths = [root / name for name in (LAYER_FILE, UNITS_FILE, HAND_FILE, LINES_FILE)]
    key = hashlib.sha256(b"\0".join(p.read_bytes() if p.is_file() else b"-" for p in paths))
    key = key.hexdigest()
    if key not in _BUILT:
        _BUILT[key] = build(root)
    return _BUILT[key]


def departures(root: Path) -> list[tuple[str, float, bool]]:
    """(id, distance in m, whether it says so) of every unit whose polygon is more than
    DEPARTURE_M from where the import draws it, or that the import does not draw: the boundaries
    redrawn by hand since. A redrawn unit says so if its boundary_note changed and, if the
    import had it `published`, its boundary_source is no longer `published`."""
    then = {f["properties"]["id"]: f for f in json.loads(built(root))["features"]}
    now = json.loads((root / DRAWN_FILE).read_text(encoding="utf-8"))["features"]
    project = projection("EPSG:4326", METRIC_CRS)
    out = []
    for feature in now:
        props = feature["properties"]
        first = then.get(props.get("id"))
        if first is None:
            out.append((props.get("id"), float("inf"), bool(props.get("boundary_note"))))
            continue
        distance = shapely.hausdorff_distance(
            project(shapely.geometry.shape(feature["geometry"])),
            project(shapely.geometry.shape(first["geometry"])),
        )
        if distance > DEPARTURE_M:
            was = first["properties"]
            said = props.get("boundary_note") != was["boundary_note"] and not (
                was["boundary_source"] == "published"
                and props.get("boundary_source") == "published"
            )
            out.append((props["id"], distance, said))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT, help="dataset directory")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    parser.add_argument("--report", action="store_true", help="print each unit's km² and gains")
    args = parser.parse_args(argv)
    root = args.data.resolve()
    text = build(root, args.report)
    path = root / DRAWN_FILE
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if current == text:
        print(f"{DRAWN_FILE} is up to date")
        return 0
    if args.check:
        print(f"{DRAWN_FILE} differs from what the import draws", file=sys.stderr)
        return 1
    path.write_text(text, encoding="utf-8", newline="")
    print(f"wrote {DRAWN_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
