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
from .compare import DIFF_COLUMNS, diff
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


def diff_table(dataset: Dataset, date_from, date_to, timeline: Timeline | None = None):
    """What changed between two dates (compare.diff), with the holders' labels and the
    dataset version: one row per unit whose holder differs."""
    table = diff(timeline or Timeline(dataset), date_from, date_to)
    return table.assign(
        holder_from_label=table["holder_from"].map(holder_label),
        holder_to_label=table["holder_to"].map(holder_label),
        dataset_version=dataset.version,
    )[[*DIFF_COLUMNS, "holder_from_label", "holder_to_label", "dataset_version"]]


def diff_csv(dataset: Dataset, date_from, date_to, timeline: Timeline | None = None) -> str:
    table = diff_table(dataset, date_from, date_to, timeline)
    return table.to_csv(index=False, lineterminator="\r\n")


def diff_geojson(dataset: Dataset, date_from, date_to, timeline: Timeline | None = None) -> str:
    """RFC 7946 FeatureCollection of the units whose holder differs between the two dates."""
    table = diff_table(dataset, date_from, date_to, timeline)
    geometry = dataset.areas.geometry.reindex(table["area_id"]).to_numpy()
    start, end = (f"{pd.Timestamp(d):%Y-%m-%d}" for d in (date_from, date_to))
    doc = {
        "type": "FeatureCollection",
        "name": f"{dataset.title}, changes of holder from {start} to {end}",
        "dataset_version": dataset.version,
        "license": licence_text(dataset),
        "date_from": start,
        "date_to": end,
        "features": [
            {
                "type": "Feature",
                "id": row["area_id"],
                "properties": row,
                "geometry": json.loads(shapely.to_geojson(geom)),
            }
            for row, geom in zip(table.to_dict("records"), geometry, strict=True)
        ],
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
    compare=None,
    mode: str = "holder",
    lang: str = "en",
) -> None:
    """A PNG snapshot at `date` with title, legend, scale, north arrow and its sources.
    `compare` (a date): the areas whose holder differs from then are outlined, with a
    from → to key; `mode="age"`: areas shaded by the age of their evidence. `lang`: "en" or
    "ar", the language of every word on it.

    The same evidence is written into the PNG's text chunks (Title, Description, Source…), as
    logical text (the Arabic unshaped: shaping is for the pixels only).
    """
    from .snapshot import PRESETS, MapFigure  # heavy: matplotlib
    from .snapshot_views import (  # heavy: matplotlib
        compare_legend_room,
        compare_pairs,
        show_age,
        show_compare,
    )

    timeline = timeline or Timeline(dataset)
    default_width, default_dpi = PRESETS[preset]
    width = width or default_width
    room = 0
    if compare is not None:
        pairs = len(compare_pairs(diff(timeline, compare, date)))
        room = compare_legend_room(width, pairs, bool(len(dataset.routes)))
    figure = MapFigure(
        dataset,
        timeline,
        width,
        dpi or default_dpi,
        labels=labels,
        highlight=highlight,
        extra_legend=room,
        lang=lang,
    )
    try:
        if compare is not None:
            evidence = show_compare(figure, compare, date)
        elif mode == "age":
            evidence = show_age(figure, date)
        else:
            evidence = figure.show(date)
        # PNG "Creation Time" is when the file was made (the map's date is in the "Description")
        made = pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
        metadata = evidence.metadata() | {"Creation Time": made}
        figure.fig.savefig(out, format="png", dpi=figure.dpi, metadata=metadata)
    finally:
        figure.close()


def png_bytes(dataset: Dataset, date, **options) -> bytes:
    buffer = io.BytesIO()
    write_png(dataset, date, buffer, **options)
    return buffer.getvalue()


def write_html(
    dataset: Dataset,
    date,
    out,
    selected: str | None = None,
    timeline=None,
    lang: str = "en",
) -> None:
    html = standalone_html(dataset, date, selected=selected, timeline=timeline, lang=lang)
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
    lang: str = "en",
) -> int:
    """An animated GIF or an MP4 (`kind`, else from `out`'s name) of every week from `start`
    to `end`, in `aspect` (16:9, 9:16 or 1:1), at `weeks_per_second` (video.py).

    Every frame carries the title, the week, the legend with the evidence key, the sources and
    a bar of the period, in `lang` ("en" or "ar": Arabic, right to left). `progress(done,
    total)` is called after each frame. Returns the number of frames (weeks)."""
    return write_video(
        dataset, out, kind=kind, aspect=aspect, start=start, end=end,
        weeks_per_second=weeks_per_second, labels=labels, progress=progress, timeline=timeline,
        lang=lang,
    )  # fmt: skip
