#!/usr/bin/env python
"""Build geodata/areas.geojson from the drawing in geodata/boundaries/, and check it.

The boundaries are data, not code: geodata/boundaries/drawn_areas.geojson holds the polygons,
each with where its boundary comes from (`boundary_source`: `published`, `adjusted` or
`hand-drawn`, and `boundary_note`; edit them in QGIS or geojson.io) and
geodata/boundaries/area_plan.csv the ids, names, spellings, kinds, reference points and
districts (geodata/districts.csv). aleppo_map/boundaries.py describes every file, and
CONTRIBUTING.md walks through redrawing one boundary. Aleppo's drawing was imported from the
published neighbourhood outlines (tools/import_reference.py); a city without such outlines
starts from Voronoi cells around reference points (tools/bootstrap_areas.py).

    .venv/bin/python tools/draw_areas.py               # after an edit: rebuild, then check
    .venv/bin/python tools/draw_areas.py --check       # write nothing; exit 1 if out of date
    .venv/bin/python tools/draw_areas.py --data DIR    # another dataset in the same layout
    .venv/bin/python tools/draw_areas.py --departures  # which units were redrawn by hand since
                                                       # the import (or the bootstrap)
    .venv/bin/python tools/draw_areas.py --bootstrap   # a new city: the first, Voronoi drawing

A rebuild writes, when they change: drawn_areas.geojson in its one layout (QGIS and geojson.io
each save GeoJSON their own way; the layout keeps a diff to what moved), geodata/areas.geojson
and geodata/areas_index.csv. Then it prints the checks that `aleppo-map validate` runs on the
boundaries, and the km² sums. Exit status 1 if a check fails or, with --check, a file is stale.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))

import areas_index  # noqa: E402
import bootstrap_areas  # noqa: E402
import geopandas as gpd  # noqa: E402
import import_reference  # noqa: E402

from aleppo_map.boundaries import DRAWN_FILE, areas_text, drawn_text, read_drawing  # noqa: E402
from aleppo_map.boundary_checks import boundary_problems  # noqa: E402
from aleppo_map.geometry import metric_crs_for, read_areas  # noqa: E402
from aleppo_map.model import AREAS_FILE, PACKAGE_FILE, Collector  # noqa: E402

ROOT = TOOLS.parent


def metric_crs(root: Path) -> str:
    meta_path = root / PACKAGE_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    outline = gpd.read_file(root / bootstrap_areas.LINES_FILE)
    return metric_crs_for(outline, meta)


def update(root: Path, name: str, text: str, check: bool) -> bool:
    """Write `text` to root/name if it differs (not with `check`); whether it differed."""
    path = root / name
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    if check:
        print(f"{name} is out of date", file=sys.stderr)
    else:
        path.write_text(text, encoding="utf-8", newline="")
        print(f"wrote {name}")
    return True


def checks(root: Path) -> int:
    """Print the boundary checks and the km² sums; the number of errors."""
    meta_path = root / PACKAGE_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    collector = Collector()
    areas = read_areas(root / AREAS_FILE, AREAS_FILE, collector, meta)
    problems = list(collector.problems)
    if areas is not None:
        problems += boundary_problems(root, areas)
        drawing = read_drawing(root, [])
        print(f"{len(areas)} areas, {areas['area_km2'].sum():.2f} km²")
        for check in drawing.km2:
            km2 = areas["area_km2"].reindex(check["area_ids"]).sum()
            print(
                f"  {check['check_id']}: {km2:.2f} km² (expected {check['min']:g}-{check['max']:g})"
            )
    for problem in problems:
        print(f"{problem.severity}: {problem}", file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    print("boundaries: ok" if not errors else f"boundaries: {errors} problem(s)")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT, help="dataset directory")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    parser.add_argument("--departures", action="store_true", help="list the redrawn areas")
    parser.add_argument(
        "--bootstrap", action="store_true", help="draw drawn_areas.geojson from bootstrap/"
    )
    parser.add_argument("--force", action="store_true", help="let --bootstrap overwrite")
    args = parser.parse_args(argv)
    root = args.data.resolve()
    if args.departures:
        return departures(root)
    stale = False
    if args.bootstrap:
        if (root / DRAWN_FILE).is_file() and not (args.force or args.check):
            print(f"{DRAWN_FILE} exists: the bootstrap would replace every hand edit in it; "
                  "add --force if that is what you want", file=sys.stderr)  # fmt: skip
            return 1
        try:
            text = bootstrap_areas.bootstrap(root, metric_crs(root))
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 1
        stale |= update(root, DRAWN_FILE, text, args.check)
    problems = Collector()
    drawing = read_drawing(root, problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print("\n".join(f"error: {p}" for p in errors), file=sys.stderr)
        return 1
    stale |= update(root, DRAWN_FILE, drawn_text(drawing), args.check)
    stale |= update(root, AREAS_FILE, areas_text(drawing), args.check)
    try:
        index = areas_index.index_text(root)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    stale |= update(root, areas_index.INDEX_FILE, index, args.check)
    failed = checks(root)
    return 1 if failed or (args.check and stale) else 0


def departures(root: Path) -> int:
    """Areas whose polygon is not where the import (or, without one, the bootstrap) put it,
    and whether each says so."""
    if (root / import_reference.UNITS_FILE).is_file():
        first, found = "the import", import_reference.departures(root)
        says = "its boundary_note (and boundary_source) say so"
    else:
        first, found = "the bootstrap drawing", bootstrap_areas.departures(root, metric_crs(root))
        says = "its boundary_note is updated"
    silent = [area_id for area_id, _, explained in found if not explained]
    for area_id, distance, explained in found:
        note = says if explained else f"NOT: {says.replace('say so', 'should say so')}"
        print(f"{area_id}: up to {distance:,.0f} m from {first}; {note}")
    print(f"{len(found)} area(s) redrawn by hand since {first}; {len(silent)} without a note")
    return 1 if silent else 0


if __name__ == "__main__":
    sys.exit(main())
