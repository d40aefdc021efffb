"""Two dates, and the age of the evidence: what changed between week A and week B and on whose
word, and how old the sentence is that a unit's colour rests on.

Both are read from a `Timeline`, so they follow the same rule as the map (docs/method.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .model import HOLDERS
from .timeline import UNKNOWN, Timeline

DIFF_COLUMNS = (
    "area_id",
    "name",
    "district_id",
    "holder_from",
    "holder_to",
    "claim_ids",
    "change_dates",
    "area_km2",
)
# The map's "Age of evidence" classes: weeks since the last sentence that supports the colour,
# drawn in a colour-blind-safe sequential palette (ColorBrewer YlGnBu, 4 classes): the older the
# evidence, the darker. The same classes, colours and words in the browser and the PNG.
AGE_CLASSES = ((0, 4), (4, 26), (26, 52), (52, None))
AGE_COLOURS = ("#FFFFCC", "#A1DAB4", "#41B6C4", "#225EA8")
AGE_LABELS = (
    "under 4 weeks",
    "4 to 26 weeks",
    "26 to 52 weeks",
    "over 52 weeks",
)
AGE_TITLE = "Age of evidence: weeks since the last sentence that supports the colour"


def diff(timeline: Timeline, date_from, date_to) -> pd.DataFrame:
    """One row per unit whose holder at `date_to` differs from its holder at `date_from`:
    holder at each date, the adopted claims that changed it in between (`;`-separated, oldest
    first; between the two dates whichever comes first) and its km²."""
    start, end = pd.Timestamp(date_from), pd.Timestamp(date_to)
    before, after = timeline.holders_at(start), timeline.holders_at(end)
    changed = before != after
    units = timeline.area_ids[changed]
    low, high = min(start, end), max(start, end)
    moves = timeline.changes_between(low, high)
    moves = moves[moves["area_id"].isin(units)]
    claims = moves.groupby("area_id")["claim_id"].agg(";".join)
    dates = moves.groupby("area_id")["date"].agg(lambda d: ";".join(f"{x:%Y-%m-%d}" for x in d))
    areas = timeline.dataset.areas.loc[units]
    places = timeline.dataset.places
    table = pd.DataFrame(
        {
            "area_id": units,
            "name": areas["name"].to_numpy(),
            "district_id": [places.district_of(u) for u in units],
            "holder_from": before[changed],
            "holder_to": after[changed],
            "claim_ids": [claims.get(u, "") for u in units],
            "change_dates": [dates.get(u, "") for u in units],
            "area_km2": areas["area_km2"].round(4).to_numpy(),
        }
    )
    return table[list(DIFF_COLUMNS)].reset_index(drop=True)


def km2_gained_and_lost(table: pd.DataFrame) -> pd.DataFrame:
    """Per holder, the km² it gained and lost in a `diff` table (every holder listed)."""
    gained = table.groupby("holder_to")["area_km2"].sum()
    lost = table.groupby("holder_from")["area_km2"].sum()
    out = pd.DataFrame(
        {
            "gained_km2": gained.reindex(list(HOLDERS), fill_value=0.0),
            "lost_km2": lost.reindex(list(HOLDERS), fill_value=0.0),
        }
    )
    out["net_km2"] = out["gained_km2"] - out["lost_km2"]
    return out.round(4)


def evidence_age_weekly(timeline: Timeline) -> pd.DataFrame:
    """Weeks since the last sentence that supports each unit's colour, at every weekly frame
    (rows: frame dates; columns: unit ids; NaN where the holder is unknown).

    A sentence supports the colour if it is an adopted claim about the unit or a group that
    contains it, dated on or before the frame, that gives the holder shown: the claim the map
    cites, or a later one that repeats its holder (a wider sentence the map does not cite
    because a finer one speaks, still renews the evidence)."""
    return timeline.dataset.derived(("evidence_age",), lambda: _evidence_age(timeline))


def _evidence_age(timeline: Timeline) -> pd.DataFrame:
    frames = timeline.frame_dates
    last = last_support_weekly(timeline).to_numpy("datetime64[D]")
    days = (frames.to_numpy("datetime64[D]")[:, None] - last).astype("timedelta64[D]")
    weeks = np.where(np.isnat(last), np.nan, days.astype(np.float64))
    return pd.DataFrame(np.floor(weeks / 7), index=frames, columns=timeline.area_ids)


def last_support_weekly(timeline: Timeline) -> pd.DataFrame:
    """The date of the last sentence that supports each unit's colour (see
    `evidence_age_weekly`), at every weekly frame: rows frame dates, columns unit ids; NaT
    where the holder is unknown. What the browser ships, compactly, to shade the age."""
    return timeline.dataset.derived(("last_support",), lambda: _last_support(timeline))


def _last_support(timeline: Timeline) -> pd.DataFrame:
    frames = timeline.frame_dates
    holders = timeline.weekly_frames().to_numpy()
    bearing = timeline._bearing
    frame_days = frames.to_numpy("datetime64[D]")
    last = np.full(holders.shape, np.datetime64("NaT"), dtype="datetime64[D]")
    for code, rows in bearing.groupby("area_code", sort=False):
        dates = rows["date"].to_numpy("datetime64[D]")
        for holder in pd.unique(rows["holder"]):
            supporting = dates[rows["holder"].to_numpy() == holder]  # sorted: rows are
            at = np.searchsorted(supporting, frame_days, side="right") - 1
            mask = (holders[:, code] == holder) & (at >= 0)
            if mask.any():
                last[mask, code] = supporting[np.maximum(at, 0)][mask]
    last[holders == UNKNOWN] = np.datetime64("NaT")
    return pd.DataFrame(last, index=frames, columns=timeline.area_ids)


def age_class(weeks: float) -> int:
    """The index in AGE_CLASSES of an age in weeks (-1 for unknown)."""
    if weeks is None or np.isnan(weeks):
        return -1
    for index, (low, high) in enumerate(AGE_CLASSES):
        if weeks >= low and (high is None or weeks < high):
            return index
    return len(AGE_CLASSES) - 1


def last_named(timeline: Timeline, area_id: str, date) -> pd.Series | None:
    """The latest claim on or before `date`, adopted or not, whose sentence names the unit or
    a district containing it (not a wider group, which names no neighbourhood); or None."""
    history = timeline.claims_for(area_id)
    wider = timeline.dataset.places.wider
    named = history[
        history["evidence"].eq("named")
        & ~history["area_id"].isin(wider)
        & (history["date"] <= pd.Timestamp(date))
    ]
    return None if named.empty else named.iloc[-1]
