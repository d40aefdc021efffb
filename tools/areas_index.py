#!/usr/bin/env python
"""Write geodata/areas_index.csv, the tabular index of the areas, from geodata/areas.geojson.

The index is the `areas` resource of datapackage.json: the table that claims' `area_id` points
to (a foreign key), and a plain list of the areas for spreadsheet users. It is derived, never
edited by hand: tools/draw_areas.py rewrites it with geodata/areas.geojson; on its own, run

    .venv/bin/python tools/areas_index.py            # the bundled Aleppo data
    .venv/bin/python tools/areas_index.py --data DIR # another dataset in the same format
    .venv/bin/python tools/areas_index.py --check    # exit 1 if the index is out of date

The areas are read and checked by the project's own validator (`aleppo_map.geometry.read_areas`).
One row per feature, in the GeoJSON's order. The index holds no geometry and nothing measured
from it (areas in km² are in `aleppo-map state` and the exports), so redrawing a boundary
does not make it stale; adding, removing or renaming an area does.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from aleppo_map.geometry import read_areas
from aleppo_map.model import AREAS_FILE, PACKAGE_FILE, Collector

ROOT = Path(__file__).resolve().parents[1]
INDEX_FILE = "geodata/areas_index.csv"
COLUMNS = ("area_id", "name", "name_ar", "kind", "alt_names")
ALT_SEPARATOR = " | "


def index_text(data: Path) -> str:
    """The CSV text of the index for the dataset in `data`; ValueError if the areas are bad."""
    meta_path = data / PACKAGE_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    problems = Collector()
    areas = read_areas(data / AREAS_FILE, AREAS_FILE, problems, meta)
    if areas is None or problems.has_errors:
        errors = [str(p) for p in problems.problems if p.severity == "error"]
        raise ValueError("the areas cannot be indexed:\n  " + "\n  ".join(errors))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for area_id, row in areas.iterrows():
        alt_names = [name.strip() for name in row["alt_names"]]
        if any("|" in name for name in alt_names):
            raise ValueError(f"{area_id}: an alternative name contains '|', the list separator")
        writer.writerow(
            [area_id, row["name"], row["name_ar"], row["kind"], ALT_SEPARATOR.join(alt_names)]
        )
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT, help="dataset directory")
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if the index is out of date"
    )
    args = parser.parse_args(argv)
    try:
        text = index_text(args.data)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    target = args.data / INDEX_FILE
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if args.check:
        if current != text:
            print(f"{target} is out of date: run tools/areas_index.py", file=sys.stderr)
            return 1
        print(f"{target} is up to date")
        return 0
    if current != text:
        target.write_text(text, encoding="utf-8", newline="")
    print(f"wrote {target} ({text.count(chr(10)) - 1} areas)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
