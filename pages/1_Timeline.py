"""Timeline: km² held by each holder over the whole period, and every change by date."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from aleppo_map.ui import charts, data, lang, layout, view
from aleppo_map.ui.lang import _
from aleppo_map.ui.tables import changes_table

st.set_page_config(page_title=_("Timeline · Aleppo control map"), layout="wide")
layout.navigation()
dataset, timeline = data.load_or_stop()
date = view.current_date(timeline)

st.title(_("Timeline"))
st.caption(
    _(
        "Area held by each holder, in km² computed from the hand-drawn polygons in UTM zone "
        "37N (EPSG:32637). The polygons are approximate, so read the shape of the curve, not "
        "the last decimal."
    )
)
charts.holder_areas(dataset, timeline, date)

st.subheader(_("How strong the evidence is, week by week"))
st.caption(
    _(
        "Areas per week whose colour rests on a sentence that **names** the area, on an "
        "**inference** from a wider statement (drawn dotted on the map), or on **no claim** "
        "(unknown). See the Method page for what each means."
    )
)
charts.evidence_weeks(dataset, timeline, date)

st.subheader(_("Every change of hands, by date"))
changes = timeline.changes
table = changes_table(dataset, changes, lang.current())
open_on_map = _("open on map")
table.insert(
    0,
    open_on_map,
    [
        "./?" + urlencode(lang.address_params({"date": f"{d:%Y-%m-%d}", "area": a}))
        for d, a in zip(changes["date"], changes["area_id"], strict=True)
    ],
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={open_on_map: st.column_config.LinkColumn(display_text=_("open ↗"))},
)
