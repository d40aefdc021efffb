#!/usr/bin/env python
"""Render the drawing for a look: docs/areas.png (the whole city) and docs/areas_centre.png
(the Old City and around it, enlarged).

usage: .venv/bin/python tools/render_areas.py [OUT_DIR]

Every unit of geodata/areas.geojson is filled by the wider group it is in (eastern, western,
Kurdish-held north, or directly the city), hatched if hand-drawn and dotted if a published
outline was adjusted; the districts of geodata/districts.csv are outlined heavier and named in
italics; a unit is labelled with its name where the name fits inside it (its largest inscribed
circle), else with a small number listed in the margin. Only the areas and the districts are
read: the picture does not wait for the claims to validate. Works offline (matplotlib).
"""

from __future__ import annotations

import csv
import io
import json
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import shapely  # noqa: E402
from matplotlib.patches import Patch, PathPatch  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from aleppo_map.geometry import read_areas  # noqa: E402
from aleppo_map.model import AREAS_FILE, PACKAGE_FILE, Collector  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DISTRICTS_FILE = "geodata/districts.csv"
WIDER = {
    "east_aleppo": ("#F6D9B8", "eastern Aleppo (opposition-held, July 2012)"),
    "west_aleppo": ("#CFE0F0", "western Aleppo (government-held, July 2012)"),
    "kurdish_north": ("#D7EBCB", "Kurdish-held north"),
    "aleppo": ("#E6E3DC", "directly in the city (front lines, outskirts)"),
}
HATCH = {"hand-drawn": "////", "adjusted": "..", "published": ""}


def path_of(geometry) -> MplPath:
    vertices, codes = [], []
    for polygon in shapely.get_parts(geometry):
        for ring in [polygon.exterior, *polygon.interiors]:
            xy = np.asarray(ring.coords)
            vertices.append(xy)
            codes.append([MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY])
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def read_groups(root: Path) -> dict[str, dict]:
    text = (root / DISTRICTS_FILE).read_text(encoding="utf-8")
    return {row["id"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}


def wider_group(group: str, groups: dict) -> str:
    while group and group not in WIDER:
        group = groups[group]["parent_id"]
    return group or "aleppo"


def short(name: str) -> str:
    return name.replace(" (", "\n(") if len(name) > 18 else name


def draw(
    areas,
    groups,
    out: Path,
    view,
    title: str,
    size: float,
    numbers: bool,
    legend: str,
    min_district_m2: float = 0.0,
) -> None:
    x0, y0, x1, y1 = view
    width = 16.0
    fig, ax = plt.subplots(figsize=(width, width * (y1 - y0) / (x1 - x0)), dpi=150)
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    scale = width * 72 / (x1 - x0)  # points per metre
    for geom, group, source in zip(areas.geometry, areas["wider"], areas["source"], strict=True):
        ax.add_patch(
            PathPatch(
                path_of(geom),
                facecolor=WIDER[group][0],
                edgecolor="#555",
                lw=0.35,
                hatch=HATCH.get(source, ""),
            )
        )
    plt.rcParams["hatch.color"] = "#9a8f80"
    plt.rcParams["hatch.linewidth"] = 0.4
    named = [g for g in groups if g not in WIDER]
    for gid in named:
        members = areas[areas["district_id"] == gid]
        if len(members):
            outline = shapely.union_all(members.geometry.to_numpy())
            ax.add_patch(PathPatch(path_of(outline), facecolor="none", edgecolor="#222", lw=1.8))
    for gid in ("east_aleppo", "west_aleppo", "kurdish_north"):
        outline = shapely.union_all(areas[areas["wider"] == gid].geometry.to_numpy())
        ax.add_patch(PathPatch(path_of(outline), facecolor="none", edgecolor="#7a1f1f", lw=1.0,
                               linestyle=(0, (4, 2))))  # fmt: skip
    listed = []
    box = shapely.box(x0, y0, x1, y1)
    for area_id, row in areas.iterrows():
        geom = shapely.intersection(row.geometry, box)
        if geom.is_empty:
            continue
        circle = shapely.maximum_inscribed_circle(geom, 5.0)
        centre = shapely.get_point(circle, 0)
        radius = shapely.length(circle)
        label = short(row["name"])
        lines = label.split("\n")
        chars = max(len(line) for line in lines)
        for fontsize in (size, size * 0.8, size * 0.65):
            text_w = 0.55 * fontsize * chars / scale
            text_h = 1.25 * fontsize * len(lines) / scale
            if text_w <= 2.1 * radius and text_h <= 1.6 * radius:
                ax.text(centre.x, centre.y, label, fontsize=fontsize, ha="center", va="center",
                        color="#111", linespacing=0.9)  # fmt: skip
                break
        else:
            if numbers and radius > 3 / scale:
                listed.append((area_id, row["name"]))
                ax.text(centre.x, centre.y, str(len(listed)), fontsize=size * 0.6, ha="center",
                        va="center", color="#7a1f1f")  # fmt: skip
    for gid in named:  # in the (drawn from the layer, if any) member with the most room
        members = areas[areas["district_id"] == gid]
        if members.geometry.area.sum() < min_district_m2:
            continue
        drawn, best = members[members["source"] != "hand-drawn"], None
        for geom in (drawn if len(drawn) else members).geometry:
            geom = shapely.intersection(geom, box)
            if geom.is_empty:
                continue
            circle = shapely.maximum_inscribed_circle(geom, 5.0)
            if best is None or shapely.length(circle) > shapely.length(best):
                best = circle
        if best is None:
            continue
        centre, radius = shapely.get_point(best, 0), shapely.length(best)
        drop = max(0.55 * radius, 2.2 * size / scale)
        ax.text(centre.x, centre.y - drop, groups[gid]["name"], fontsize=size * 1.1,
                style="italic", weight="bold", color="#222", ha="center", va="center",
                bbox={"facecolor": "white", "alpha": 0.6, "lw": 0, "pad": 1})  # fmt: skip
    handles = [Patch(facecolor=c, edgecolor="#555", label=label) for c, label in WIDER.values()]
    handles += [
        Patch(facecolor="white", edgecolor="#555", hatch="////", label="hand-drawn unit"),
        Patch(facecolor="white", edgecolor="#555", hatch="..", label="published outline, adjusted"),
        Patch(facecolor="white", edgecolor="#222", lw=1.8, label="district (districts.csv)"),
    ]
    ax.legend(handles=handles, loc=legend, fontsize=9, framealpha=0.9)
    ax.set_title(title, fontsize=13)
    if listed:
        text = "\n".join(f"{i}  {name}" for i, (_, name) in enumerate(listed, 1))
        ax.text(1.005, 1.0, text, transform=ax.transAxes, fontsize=7, va="top", ha="left")
    fig.savefig(out, bbox_inches="tight")
    plt.close(fig)
    print(f"wrote {out}")


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else REPO / "docs"
    meta = json.loads((REPO / PACKAGE_FILE).read_text(encoding="utf-8"))
    problems = Collector()
    areas = read_areas(REPO / AREAS_FILE, AREAS_FILE, problems, meta)
    if areas is None or problems.has_errors:
        sys.exit("\n".join(str(p) for p in problems.problems))
    features = json.loads((REPO / AREAS_FILE).read_text(encoding="utf-8"))["features"]
    props = {f["id"]: f["properties"] for f in features}
    groups = read_groups(REPO)
    areas = areas.to_crs(areas.attrs["metric_crs"])
    areas["district_id"] = [props[a].get("district_id", "") for a in areas.index]
    areas["source"] = [props[a].get("boundary_source", "") for a in areas.index]
    areas["wider"] = [wider_group(d, groups) for d in areas["district_id"]]
    minx, miny, maxx, maxy = areas.total_bounds
    pad = 300
    n = len(areas)
    title = f"Aleppo: {n} map units, {len(groups)} groups (published outlines CSR/UN-Habitat, MIT)"
    draw(areas, groups, out_dir / "areas.png", (minx - pad, miny - pad, maxx + pad, maxy + pad),
         title, 6.5, numbers=False, legend="upper left", min_district_m2=1e6)  # fmt: skip
    citadel = areas.geometry["citadel"].centroid
    half = 2600
    view = (citadel.x - half, citadel.y - half * 0.95, citadel.x + half, citadel.y + half * 0.95)
    draw(areas, groups, out_dir / "areas_centre.png", view,
         "The Old City and around it", 7.5, numbers=True, legend="lower left")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
