"""The checks `aleppo-map validate` runs on a drawn dataset's boundaries (see `boundaries`):
every polygon valid, neighbours neither overlapping nor leaving gaps, the reference points in
their areas, the km² sums in range, and geodata/areas.geojson what the build makes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from .boundaries import (
    BOUNDARIES_DIR,
    CHECKED_CONFIDENCES,
    DRAWN_FILE,
    GAP_TOLERANCE_M2,
    KM2_FILE,
    PLACED_FILE,
    PLAN_FILE,
    POSITION_TOLERANCE_M,
    Drawing,
    areas_text,
    blocking,
    read_drawing,
    rebuild_hint,
)
from .geometry import OVERLAP_TOLERANCE_M2, feature_label, overlap_problems, projection
from .model import AREAS_FILE, Collector, Problem


def has_drawing(root: Path) -> bool:
    return (Path(root) / DRAWN_FILE).is_file()


def boundary_problems(root: Path, areas: gpd.GeoDataFrame) -> list[Problem]:
    """Problems with the drawn boundaries beyond what `load.read_areas` checks in areas.geojson:
    the sources in geodata/boundaries, the gaps, the positions, the km² sums, and whether
    areas.geojson is built from them. [] for a dataset without geodata/boundaries."""
    root = Path(root)
    if not has_drawing(root):
        return []
    problems = Collector()
    drawing = read_drawing(root, problems)
    if not drawing.drawn:
        return problems.problems
    crs = areas.attrs.get("metric_crs") or areas.estimate_utm_crs().to_string()
    project = projection("EPSG:4326", crs)
    shapes = np.array([shapely.geometry.shape(d["geometry"]) for d in drawing.drawn])
    metric = project(shapes)
    labels = [d["label"] for d in drawing.drawn]
    for label, shape in zip(labels, shapes, strict=True):
        if not shape.is_valid:
            expected = "a valid polygon (QGIS: Vector > Geometry Tools > Check Validity)"
            problems.append(Problem(DRAWN_FILE, label, "geometry", _reason(shape), expected))
    by_id = {d["id"]: m for d, m in zip(drawing.drawn, metric, strict=True)}
    _check_positions(drawing, by_id, project, problems)
    if shapely.is_valid(shapes).all():
        overlap_problems(
            metric, labels, DRAWN_FILE, problems,
            f"neighbours that share their edge (overlaps of at most {OVERLAP_TOLERANCE_M2:.0f}"
            " m²): move shared vertices with topological editing on",
        )  # fmt: skip
        _check_gaps(metric, labels, projection(crs, "EPSG:4326"), problems)
        _check_km2(drawing, by_id, problems)
    if not blocking(problems):
        _check_built(root, drawing, problems)
    return problems.problems


def _reason(shape) -> str:
    reason = shapely.is_valid_reason(shape)
    point = re.search(r"\[(\S+) (\S+)\]", reason)
    return f"{reason[: reason.find('[')]} at lon {point[1]}, lat {point[2]}" if point else reason


def _check_gaps(metric, labels, unproject, problems) -> None:
    """Ground enclosed by the polygons' edges that no polygon covers."""
    linework = shapely.union_all(shapely.boundary(metric))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(linework)))
    faces = faces[shapely.area(faces) > GAP_TOLERANCE_M2]
    if not len(faces):
        return
    tree = shapely.STRtree(metric)
    covered = tree.query(shapely.point_on_surface(faces), predicate="within")[0]
    for face in np.delete(faces, covered):
        edge = face.exterior.buffer(0.5)
        near = sorted(
            tree.query(face, predicate="intersects"),
            key=lambda i: -metric[i].boundary.intersection(edge).length,
        )
        centre = unproject(shapely.point_on_surface(face))
        value = f"gap of {face.area:,.0f} m² at lon {centre.x:.5f}, lat {centre.y:.5f}"
        expected = (
            f"no gap between {' and '.join(labels[i] for i in near[:3])} (at most "
            f"{GAP_TOLERANCE_M2:.0f} m²): snap the vertices together, with topological editing on"
        )
        where = labels[near[0]] if near else ""
        problems.append(Problem(DRAWN_FILE, where, "geometry", value, expected))


def _check_positions(drawing: Drawing, by_id: dict, project, problems) -> None:
    label = {d["id"]: d["label"] for d in drawing.drawn}
    for row in drawing.plan:
        if row["id"] not in by_id:
            continue
        points = [
            (f"reference point {name!r} ({point['confidence']})", point, PLAN_FILE)
            for name in row["reference_points"]
            if (point := drawing.reference[name])["confidence"] in CHECKED_CONFIDENCES
            and point["lat"] is not None
        ]
        points += [(f"placed {p['label']}", p, PLACED_FILE) for p in drawing.placed_for(row["id"])]
        for what, point, listed in points:
            distance = by_id[row["id"]].distance(project(shapely.Point(point["lon"], point["lat"])))
            if distance > POSITION_TOLERANCE_M:
                value = (
                    f"{what} {distance:,.0f} m outside, at lon {point['lon']}, lat {point['lat']}"
                )
                expected = (
                    "the area's high- and medium-confidence reference points and its placed points "
                    f"inside it ({listed}): if a point is wrong, correct it there"
                )
                problems.append(Problem(DRAWN_FILE, label[row["id"]], "geometry", value, expected))


def _check_km2(drawing: Drawing, by_id: dict, problems) -> None:
    for check in drawing.km2:
        if not all(a in by_id for a in check["area_ids"]):
            continue  # an area without a polygon is reported already
        km2 = sum(by_id[a].area for a in check["area_ids"]) / 1e6
        if not check["min"] <= km2 <= check["max"]:
            where = f"line {check['line']} (check {check['check_id']!r})"
            value = f"{km2:.2f} for {len(check['area_ids'])} areas"
            expected = f"between {check['min']:g} and {check['max']:g} km² ({check['why']})"
            problems.append(Problem(KM2_FILE, where, "km²", value, expected))


def _check_built(root: Path, drawing: Drawing, problems) -> None:
    """geodata/areas.geojson must be exactly what tools/draw_areas.py builds."""
    path = root / AREAS_FILE
    built = areas_text(drawing)
    current = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    if current == built:
        return
    where, what = "", "differs"
    try:
        theirs = json.loads(current)["features"]
        mine = json.loads(built)["features"]
        for index in range(max(len(mine), len(theirs))):
            if index >= len(mine) or index >= len(theirs):
                where, what = feature_label(index, None), "has a different number of features"
                break
            if mine[index] != theirs[index]:
                where = feature_label(index, mine[index]["id"])
                what = "differs in " + ", ".join(_differing(mine[index], theirs[index]))
                break
    except (ValueError, TypeError, KeyError, AttributeError):
        what = "is not the JSON the build writes"
    problems.append(
        Problem(
            AREAS_FILE,
            where,
            "features",
            f"{what} from what {BOUNDARIES_DIR}/ builds",
            f"the file built from its sources ({rebuild_hint(root)}); the polygons are drawn in "
            f"{DRAWN_FILE} and the names kept in {PLAN_FILE}",
        )
    )


def _differing(mine: dict, theirs) -> list[str]:
    theirs = theirs if isinstance(theirs, dict) else {}
    props = theirs.get("properties") if isinstance(theirs.get("properties"), dict) else {}
    keys = [k for k in ("id", "geometry") if mine[k] != theirs.get(k)]
    keys += [f"properties.{k}" for k, v in mine["properties"].items() if v != props.get(k)]
    return keys or ["layout"]
