"""Timeline: km² held by each holder over the whole period, and every change by date."""

from __future__ import annotations

import streamlit as st

from aleppo_map.model import HOLDER_COLOURS, HOLDER_LABELS, HOLDERS
from aleppo_map.ui import charts, data, layout, view
from aleppo_map.ui.tables import changes_table
from aleppo_map.ui.text import md

st.set_page_config(page_title="Timeline · Aleppo control map", layout="wide")
layout.navigation()
dataset, timeline = data.load_or_stop()
date = view.current_date(timeline)

st.title("Timeline")
st.caption(
    "Area held by each holder, in km² computed from the hand-drawn polygons in UTM zone 37N "
    "(EPSG:32637). The polygons are approximate, so read the shape of the curve, not the "
    "last decimal."
)
weekly = data.area_by_holder_weekly(timeline, dataset.cache_key)
weekly.columns = [HOLDER_LABELS[h] for h in weekly.columns]
st.altair_chart(
    charts.weekly_stack_chart(
        weekly, [HOLDER_COLOURS[h] for h in HOLDERS], "km²", date, height=360, value_format=".1f"
    ),
    width="stretch",
)
at_date = timeline.area_by_holder(date)
st.markdown(
    f"On **{date:%d %B %Y}**: "
    + "; ".join(f"{md(HOLDER_LABELS[h])} {km2:.1f} km²" for h, km2 in at_date.items() if km2 > 0)
)

st.subheader("How strong the evidence is, week by week")
st.caption(
    "Areas per week whose colour rests on a sentence that **names** the area, on an "
    "**inference** from a wider statement (drawn dotted on the map), or on **no claim** "
    "(unknown). See the Method page for what each means."
)
evidence = data.evidence_weekly(timeline, dataset.cache_key)
st.altair_chart(
    charts.weekly_stack_chart(
        evidence, ["#4D4D4D", "#A6A6A6", "#E6E6E6"], "areas", date, height=220
    ),
    width="stretch",
)

st.subheader("Every change of hands, by date")
changes = timeline.changes
table = changes_table(dataset, changes)
table.insert(
    0,
    "open on map",
    [
        f"./?date={d:%Y-%m-%d}&area={a}"
        for d, a in zip(changes["date"], changes["area_id"], strict=True)
    ],
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={"open on map": st.column_config.LinkColumn(display_text="open ↗")},
)
