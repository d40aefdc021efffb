"""Render docs/areas.png: every polygon labelled with its id, over its reference points.

usage: .venv/bin/python tools/render_areas.py [OUT]

The points are geodata/boundaries/reference_points.csv, the copy the drawing is checked
against, so nothing outside the repository is needed.
"""

import sys
from pathlib import Path

import pandas as pd

from aleppo_map.boundaries import REFERENCE_FILE
from aleppo_map.load import load_dataset
from aleppo_map.snapshot import write_areas_png

REPO = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "areas.png"
    reference = pd.read_csv(REPO / REFERENCE_FILE).dropna(subset=["lat", "lon"])
    write_areas_png(load_dataset(REPO), out, reference)
    print(f"wrote {out}")
