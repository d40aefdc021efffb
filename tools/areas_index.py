#!/usr/bin/env python
"""Write geodata/areas_index.csv, the index of every id a claim may name: units and groups.

The index is the `areas` resource of datapackage.json: the table that claims' `area_id` points
to (a foreign key), and a plain list of the ids for spreadsheet users and contributors looking
one up. It is derived, never edited by hand: tools/draw_areas.py rewrites it with
geodata/areas.geojson; on its own, run

    .venv/bin/python tools/areas_index.py            # the bundled Aleppo data
    .venv/bin/python tools/areas_index.py --data DIR # another dataset in the same format
    .venv/bin/python tools/areas_index.py --check    # exit 1 if the index is out of date

<<<<<<< HEAD
The areas are read and checked by the project's own validator (`aleppo_map.geometry.read_areas`).
One row per feature, in the GeoJSON's order. The index holds no geometry and nothing measured
from it (areas in km² are in `aleppo-map state` and the exports), so redrawing a boundary
does not make it stale; adding, removing or renaming an area does.
=======
Columns: `area_id`, `type` (`unit`: a polygon of geodata/areas.geojson; `group`: a row of
geodata/districts.csv, a district or a wider group of units), `name`, `name_ar`, `kind`,
`alt_names` (separated by " | "), `district_id` (a unit's finest group) and `parent_id` (a
group's wider group; empty for the whole city). The units come first, in the GeoJSON's order,
then the groups in the order of districts.csv (a dataset without districts.csv has units only,
all with an empty district_id).

The areas are read and checked by the project's own validator (`aleppo_map.load.read_areas`);
the groups here: ids unique across units and groups, every district_id and parent_id an id of
a group, the groups a tree under one root, and no group without a member. The index holds no
geometry and nothing measured from it (areas in km² are in `aleppo-map state` and the
exports), so redrawing a boundary does not make it stale; adding, removing, renaming or
regrouping an area does.
>>>>>>> geo
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
DISTRICTS_FILE = "geodata/districts.csv"
DISTRICT_COLUMNS = ("id", "name", "name_ar", "alt_names", "parent_id", "note")
COLUMNS = ("area_id", "type", "name", "name_ar", "kind", "alt_names", "district_id", "parent_id")
ALT_SEPARATOR = " | "
GROUP_KIND = "district"


def read_groups(data: Path) -> list[dict]:
    """The rows of geodata/districts.csv ([] without the file); ValueError if unusable."""
    path = data / DISTRICTS_FILE
    if not path.is_file():
        return []
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    if tuple(reader.fieldnames or ()) != DISTRICT_COLUMNS:
        raise ValueError(f"{DISTRICTS_FILE}: the columns must be {','.join(DISTRICT_COLUMNS)}")
    rows = []
    for row in reader:
        if None in row or None in row.values():
            raise ValueError(f"{DISTRICTS_FILE} line {reader.line_num}: wrong number of fields")
        rows.append({k: v.strip() for k, v in row.items()} | {"line": reader.line_num})
    return rows


def check_groups(units: dict[str, str], groups: list[dict]) -> list[str]:
    """What is wrong with the units' district_id (unit id -> group id) and the groups."""
    errors = []
    ids = {g["id"] for g in groups}
    for g in groups:
        where = f"{DISTRICTS_FILE} line {g['line']} (id {g['id']!r})"
        if not g["id"] or sum(h["id"] == g["id"] for h in groups) > 1 or g["id"] in units:
            errors.append(f"{where}: the id must be unique across units and groups")
        if not g["name"]:
            errors.append(f"{where}: a name")
        if g["parent_id"] and g["parent_id"] not in ids:
            errors.append(f"{where}: parent_id {g['parent_id']!r} is not a group id")
    roots = [g["id"] for g in groups if not g["parent_id"]]
    if groups and len(roots) != 1:
        errors.append(f"{DISTRICTS_FILE}: one group without parent_id (the city), not {roots}")
    parent = {g["id"]: g["parent_id"] for g in groups}
    for g in groups:
        seen, at = set(), g["id"]
        while at and at not in seen:
            seen.add(at)
            at = parent.get(at, "")
        if at:
            errors.append(f"{DISTRICTS_FILE}: the group {g['id']!r} is its own ancestor")
    for unit, district in units.items():
        if groups and district not in ids:
            errors.append(f"{AREAS_FILE}: {unit}: district_id {district!r} is not a group id")
        if not groups and district:
            errors.append(
                f"{AREAS_FILE}: {unit}: district_id {district!r} without {DISTRICTS_FILE}"
            )
    members = {g: 0 for g in ids}
    for district in units.values():
        members[district] = members.get(district, 0) + 1
    for g in groups:
        if g["parent_id"]:
            members[g["parent_id"]] = members.get(g["parent_id"], 0) + 1
    errors += [
        f"{DISTRICTS_FILE}: the group {g!r} has no member" for g, n in members.items() if not n
    ]
    return errors


def index_text(data: Path) -> str:
    """The CSV text of the index for the dataset in `data`; ValueError if the areas are bad."""
    meta_path = data / PACKAGE_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    problems = Collector()
    areas = read_areas(data / AREAS_FILE, AREAS_FILE, problems, meta)
    if areas is None or problems.has_errors:
        errors = [str(p) for p in problems.problems if p.severity == "error"]
        raise ValueError("the areas cannot be indexed:\n  " + "\n  ".join(errors))
    features = json.loads((data / AREAS_FILE).read_text(encoding="utf-8"))["features"]
    district = {f["id"]: str(f["properties"].get("district_id") or "") for f in features}
    groups = read_groups(data)
    errors = check_groups({a: district.get(a, "") for a in areas.index}, groups)
    if errors:
        raise ValueError("the groups cannot be indexed:\n  " + "\n  ".join(errors))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    rows = [
        (area_id, "unit", row["name"], row["name_ar"], row["kind"], row["alt_names"])
        + (district.get(area_id, ""), "")
        for area_id, row in areas.iterrows()
    ]
    rows += [
        (g["id"], "group", g["name"], g["name_ar"], GROUP_KIND, g["alt_names"].split("|"))
        + ("", g["parent_id"])
        for g in groups
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
