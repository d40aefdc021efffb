"""Render docs/areas.png: every polygon labelled with its id, over its reference points.

usage: .venv/bin/python tools/render_areas.py [OUT]

The points are geodata/boundaries/reference_points.csv, the copy the drawing is checked
against, so nothing outside the repository is needed. Only the areas are read: the picture
does not wait for the claims to validate.
"""

import json
import sys
from pathlib import Path

import pandas as pd

from aleppo_map.boundaries import REFERENCE_FILE
from aleppo_map.geometry import read_areas
from aleppo_map.load import Dataset
from aleppo_map.model import AREAS_FILE, PACKAGE_FILE, Collector
from aleppo_map.snapshot import write_areas_png

REPO = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "areas.png"
    meta = json.loads((REPO / PACKAGE_FILE).read_text(encoding="utf-8"))
    problems = Collector()
    areas = read_areas(REPO / AREAS_FILE, AREAS_FILE, problems, meta)
    if areas is None or problems.has_errors:
        sys.exit("\n".join(str(p) for p in problems.problems))
    empty = pd.DataFrame()
    dataset = Dataset(REPO, areas, empty, empty, empty, meta=meta)
    reference = pd.read_csv(REPO / REFERENCE_FILE).dropna(subset=["lat", "lon"])
    write_areas_png(dataset, out, reference)
    print(f"wrote {out}")
