"""Exports of the state at a date: CSV and GeoJSON tables, the PNG snapshot, the interactive
HTML file, and the animated GIF or MP4 of a range of weeks.

Every export carries its evidence: each row names the adopted claim, its source and the quote;
each image its sources, the dataset version and the licence.

matplotlib (through snapshot.py; about half a second) is imported only when a PNG is made, so
that the app, `aleppo-map state` and the tables do not load it. The GIF and MP4 (video.py)
draw with Pillow.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import shapely

from .citation import licence_text
from .load import Dataset
from .model import holder_label
from .publish import standalone_html
from .timeline import Timeline
from .video import DEFAULT_ASPECT, WEEKS_PER_SECOND, write_video

STATE_COLUMNS = (
    "area_id",
    "name",
    "name_ar",
    "district_id",
    "holder",
    "holder_label",
    "since",
    "since_precision",
    "since_as_written",
    "claim_id",
    "claim_area_id",
    "source_id",
    "outlet",
    "quote",
    "confidence",
    "evidence",
    "note",
    "area_km2",
    "dataset_version",
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
            "district_id": state["district_id"],
            "holder": state["holder"],
            "holder_label": state["holder"].map(holder_label),
            "since": state["since"].dt.strftime("%Y-%m-%d").fillna(""),
            "since_precision": state["since_precision"],
            "since_as_written": state["date_as_written"],
            "claim_id": state["claim_id"],
            "claim_area_id": state["claim_area_id"],
            "source_id": state["source_id"],
            "outlet": state["source_id"].map(outlets).fillna(""),
            "quote": state["quote"],
            "confidence": state["confidence"],
            "evidence": state["evidence"],
            "note": state["note"],
            "area_km2": state["area_km2"].round(4),
            "dataset_version": dataset.version,
        }
    )
    return table[list(STATE_COLUMNS)]


def state_csv(dataset: Dataset, date, timeline: Timeline | None = None) -> str:
    # RFC 4180 line ends: with "\r\n" as terminator, a lone CR inside a field gets quoted.
    return state_table(dataset, date, timeline).to_csv(index=False, lineterminator="\r\n")


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
        "license": licence_text(dataset),
        "date": str(pd.Timestamp(date).date()),
        "features": features,
    }
    return json.dumps(doc, ensure_ascii=False) + "\n"


def write_png(
    dataset: Dataset,
    date,
    out,
    preset: str = "print",
    width: float | None = None,
    dpi: int | None = None,
    highlight: str | None = None,
    labels: bool = False,
    timeline: Timeline | None = None,
) -> None:
    """A PNG snapshot at `date` with title, legend, scale, north arrow and its sources.

    The same evidence is written into the PNG's text chunks (Title, Description, Source…).
    """
    from .snapshot import PRESETS, MapFigure  # heavy: matplotlib

    default_width, default_dpi = PRESETS[preset]
    figure = MapFigure(
        dataset,
        timeline,
        width or default_width,
        dpi or default_dpi,
        labels=labels,
        highlight=highlight,
    )
    try:
        evidence = figure.show(date)
        metadata = evidence.metadata() | {"Creation Time": str(pd.Timestamp(date).date())}
        figure.fig.savefig(out, format="png", dpi=figure.dpi, metadata=metadata)
    finally:
        figure.close()


def png_bytes(dataset: Dataset, date, **options) -> bytes:
    buffer = io.BytesIO()
    write_png(dataset, date, buffer, **options)
    return buffer.getvalue()


def write_html(dataset: Dataset, date, out, selected: str | None = None, timeline=None) -> None:
    html = standalone_html(dataset, date, selected=selected, timeline=timeline)
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(html)


def animation_dates(timeline: Timeline, start=None, end=None) -> pd.DatetimeIndex:
    """The weekly frames from the week containing `start` to the one containing `end`."""
    frames = timeline.frame_dates
    first = timeline.frame_date_for(start) if start is not None else frames[0]
    last = timeline.frame_date_for(end) if end is not None else frames[-1]
    return frames[(frames >= first) & (frames <= last)]


def write_animation(
    dataset: Dataset,
    out,
    start=None,
    end=None,
    labels: bool = False,
    progress=None,
    timeline: Timeline | None = None,
    aspect: str = DEFAULT_ASPECT,
    weeks_per_second: float = WEEKS_PER_SECOND,
    kind: str | None = None,
) -> int:
    """An animated GIF or an MP4 (`kind`, else from `out`'s name) of every week from `start`
    to `end`, in `aspect` (16:9, 9:16 or 1:1), at `weeks_per_second` (video.py).

    Every frame carries the title, the week, the legend with the evidence key, the sources and
    a bar of the period. `progress(done, total)` is called after each frame. Returns the
    number of frames (weeks)."""
    return write_video(
        dataset, out, kind=kind, aspect=aspect, start=start, end=end,
        weeks_per_second=weeks_per_second, labels=labels, progress=progress, timeline=timeline,
    )  # fmt: skip
