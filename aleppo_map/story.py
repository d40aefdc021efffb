"""What the browser needs, beside each week's holders, to compare two weeks, tell an area's
story week by week and shade the age of its evidence: each unit's km², the date of the last
sentence supporting each unit's colour (run-length coded over the weekly frames), the claims
that changed each unit's holder, and how these views are drawn.

The browser derives the list of changes, an area's strip and the age map from these
(web/timemap-compare.js, web/timemap-story.js); tests check that it gets the engine's
answers (compare.diff, Timeline.weekly_frames, compare.evidence_age_weekly).
"""

from __future__ import annotations

import numpy as np

from .compare import AGE_CLASSES, AGE_COLOURS, AGE_LABELS, AGE_TITLE, last_support_weekly
from .load import Dataset
from .timeline import Timeline

# Compare mode on the map: a changed unit has the holder at week A as an inner edge this many
# pixels wide (its stroke is twice as wide, clipped to the unit's own shape); an unchanged
# unit is drawn faded, so the changes stand out.
COMPARE_EDGE_PX = 5
CALM_OPACITY = 0.35


def unit_km2(dataset: Dataset) -> list[float]:
    """Each unit's km² (in the payload's order), as compare.diff rounds it."""
    return [round(float(v), 4) for v in dataset.areas["area_km2"].round(4)]


def age_payload(timeline: Timeline) -> list[list]:
    """Per unit, the weekly frames at which the date of its last supporting sentence changes,
    flat: [frame index, "YYYY-MM-DD" (or "" while the holder is unknown), frame index, …].
    The weeks since that date, at frame i, are what compare.evidence_age_weekly gives."""
    last = last_support_weekly(timeline)
    out = []
    for column in last.columns:
        values = last[column].to_numpy("datetime64[D]")
        texts = np.where(np.isnat(values), "", np.datetime_as_string(values, unit="D"))
        starts = np.flatnonzero(np.r_[True, texts[1:] != texts[:-1]])
        out.append([item for i in starts for item in (int(i), str(texts[i]))])
    return out


def change_claims(timeline: Timeline, claim_index: dict[str, int]) -> list[list[int]]:
    """Per unit, the claims that changed its holder (indices into the panel's claim list), in
    the order compare.diff lists them: by date, then the file's line."""
    changes = timeline.changes
    per_unit: dict[str, list[int]] = {}
    for area_id, claim_id in zip(changes["area_id"], changes["claim_id"], strict=True):
        per_unit.setdefault(area_id, []).append(claim_index[claim_id])
    return [per_unit.get(unit, []) for unit in timeline.area_ids]


def story_payload(dataset: Dataset, timeline: Timeline) -> dict:
    """The part of the map's payload for compare mode and the age of the evidence."""
    return {
        "km2": unit_km2(dataset),
        "age": age_payload(timeline),
        "ageClasses": [[low, high] for low, high in AGE_CLASSES],
        "ageColours": list(AGE_COLOURS),
        "ageLabels": list(AGE_LABELS),
        "ageTitle": AGE_TITLE,
        "edgePx": COMPARE_EDGE_PX,
        "calmOpacity": CALM_OPACITY,
    }
