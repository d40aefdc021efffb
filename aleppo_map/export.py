"""Exports of the state at a date: CSV and GeoJSON tables (PNG, HTML and GIF live beside them).

Every export carries its evidence: each row names the adopted claim, its source and the quote.
"""

from __future__ import annotations

import json

import pandas as pd
import shapely

from .load import Dataset
from .model import holder_label
from .timeline import Timeline

STATE_COLUMNS = (
    "area_id",
    "name",
    "name_ar",
    "holder",
    "holder_label",
    "since",
    "since_precision",
    "since_as_written",
    "claim_id",
    "source_id",
    "outlet",
    "quote",
    "confidence",
    "area_km2",
)


def state_table(dataset: Dataset, date, timeline: Timeline | None = None) -> pd.DataFrame:
    """The state at `date` as one flat row per area, ready for CSV or GeoJSON properties."""
    state = (timeline or Timeline(dataset)).state_at(date)
    outlets = dataset.sources["outlet"]
    table = pd.DataFrame(
        {
            "area_id": state["area_id"],
            "name": state["name"],
            "name_ar": state["name_ar"],
            "holder": state["holder"],
            "holder_label": state["holder"].map(holder_label),
            "since": state["since"].dt.strftime("%Y-%m-%d").fillna(""),
            "since_precision": state["since_precision"],
            "since_as_written": state["date_as_written"],
            "claim_id": state["claim_id"],
            "source_id": state["source_id"],
            "outlet": state["source_id"].map(outlets).fillna(""),
            "quote": state["quote"],
            "confidence": state["confidence"],
            "area_km2": state["area_km2"].round(4),
        }
    )
    return table[list(STATE_COLUMNS)]


def state_csv(dataset: Dataset, date, timeline: Timeline | None = None) -> str:
    return state_table(dataset, date, timeline).to_csv(index=False, lineterminator="\n")


def state_geojson(dataset: Dataset, date, timeline: Timeline | None = None) -> str:
    """RFC 7946 FeatureCollection of the areas with the state at `date` as properties."""
    table = state_table(dataset, date, timeline)
    geometry = dataset.areas.geometry.reindex(table["area_id"]).to_numpy()
    features = [
        {
            "type": "Feature",
            "id": row["area_id"],
            "properties": row,
            "geometry": json.loads(shapely.to_geojson(geom)),
        }
        for row, geom in zip(table.to_dict("records"), geometry, strict=True)
    ]
    doc = {
        "type": "FeatureCollection",
        "name": f"{dataset.title}, state at {pd.Timestamp(date).date()}",
        "dataset_version": dataset.version,
        "date": str(pd.Timestamp(date).date()),
        "features": features,
    }
    return json.dumps(doc, ensure_ascii=False) + "\n"
