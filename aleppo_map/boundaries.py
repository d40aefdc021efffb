"""Checks of the drawn boundaries, run by `aleppo-map validate` (filled in by issue 13)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from .model import Problem


def boundary_problems(root: Path, areas: gpd.GeoDataFrame) -> list[Problem]:
    """Problems with the areas' boundaries beyond what `load.read_areas` checks."""
    return []
