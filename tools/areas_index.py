#!/usr/bin/env python
"""Write geodata/areas_index.csv, the index of every id a claim may name: units and groups.

The index is the `areas` resource of datapackage.json: the table that claims' `area_id` points
to (a foreign key), and a plain list of the ids for spreadsheet users and contributors looking
one up. It is derived, never edited by hand: tools/draw_areas.py rewrites it with
geodata/areas.geojson; on its own, run

    .venv/bin/python tools/areas_index.py            # the bundled Aleppo data
    .venv/bin/python tools/areas_index.py --data DIR # another dataset in the same format
    .venv/bin/python tools/areas_index.py --check    # exit 1 if the index is out of date

Columns: `area_id`, `type` (`unit`: a polygon of geodata/areas.geojson; `group`: a row of
geodata/districts.csv, a district or a wider group of units), `name`, `name_ar`, `kind`,
`alt_names` (separated by " | "), `district_id` (a unit's finest group) and `parent_id` (a
group's wider group; empty for the whole city). The units come first, in the GeoJSON's order,
then the groups in the order of districts.csv (a dataset without districts.csv has units only,
all with an empty district_id).

The areas are read and checked by the project's own validator (`aleppo_map.geometry.read_areas`);
the groups here: ids unique across units and groups, every district_id and parent_id an id of
a group, the groups a tree under one root, and no group without a member. The index holds no
geometry and nothing measured from it (areas in km² are in `aleppo-map state` and the
exports), so redrawing a boundary does not make it stale; adding, removing, renaming or
regrouping an area does.
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
from aleppo_map.places import check_nesting, read_groups

ROOT = Path(__file__).resolve().parents[1]
INDEX_FILE = "geodata/areas_index.csv"
COLUMNS = ("area_id", "type", "name", "name_ar", "kind", "alt_names", "district_id", "parent_id")
ALT_SEPARATOR = " | "
GROUP_KIND = "district"


def index_text(data: Path) -> str:
    """The CSV text of the index for the dataset in `data`; ValueError if the areas are bad."""
    meta_path = data / PACKAGE_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    problems = Collector()
    areas = read_areas(data / AREAS_FILE, AREAS_FILE, problems, meta)
    if areas is None or problems.has_errors:
        errors = [str(p) for p in problems.problems if p.severity == "error"]
        raise ValueError("the areas cannot be indexed:\n  " + "\n  ".join(errors))
    groups = read_groups(data, problems)
    check_nesting(areas, groups, problems)
    if problems.has_errors:
        errors = [str(p) for p in problems.problems if p.severity == "error"]
        raise ValueError("the groups cannot be indexed:\n  " + "\n  ".join(errors))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    rows = [
        (area_id, "unit", row["name"], row["name_ar"], row["kind"], row["alt_names"])
        + (row["district_id"], "")
        for area_id, row in areas.iterrows()
    ]
    rows += [
        (group_id, "group", g["name"], g["name_ar"], GROUP_KIND, g["alt_names"])
        + ("", g["parent_id"])
        for group_id, g in groups.iterrows()
    ]
    for area_id, kind, name, name_ar, area_kind, alt, district_id, parent_id in rows:
        alt_names = [a.strip() for a in alt if a.strip()]
        if any("|" in a for a in alt_names):
            raise ValueError(f"{area_id}: an alternative name contains '|', the list separator")
        alt_text = ALT_SEPARATOR.join(alt_names)
        writer.writerow([area_id, kind, name, name_ar, area_kind, alt_text, district_id, parent_id])
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
    units = sum(line.split(",")[1] == "unit" for line in text.splitlines()[1:])
    print(f"wrote {target} ({units} units, {text.count(chr(10)) - 1 - units} groups)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
