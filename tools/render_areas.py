"""Render docs/areas.png: every polygon labelled with its id, over the shared reference points.

usage: .venv/bin/python tools/render_areas.py [OUT]
"""

import sys
from pathlib import Path

import pandas as pd

from aleppo_map.load import load_dataset
from aleppo_map.snapshot import write_areas_png

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO.parent / "shared" / "reference" / "centres.csv"

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "areas.png"
    reference = pd.read_csv(REFERENCE).dropna(subset=["lat", "lon"]) if REFERENCE.exists() else None
    write_areas_png(load_dataset(REPO), out, reference)
    print(f"wrote {out}")
