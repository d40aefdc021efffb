"""Method: how the areas were drawn, how dates and conflicts are handled, the limits."""

from __future__ import annotations

import streamlit as st

from aleppo_map.config import APP_ROOT
from aleppo_map.i18n import method_text
from aleppo_map.ui import charts, data, lang, layout
from aleppo_map.ui.lang import _
from aleppo_map.ui.tables import areas_table

st.set_page_config(page_title=_("Method · Aleppo control map"), layout="wide")
layout.navigation()
dataset, timeline = data.load_or_stop()

st.title(_("Method"))
st.subheader(_("How much of the map a sentence names"))
charts.evidence_summary(dataset, timeline)
st.markdown(method_text(lang.current(), APP_ROOT / "docs" / "method.md"))
st.subheader(_("Every area and how its boundary was drawn"))
st.dataframe(areas_table(dataset), hide_index=True, width="stretch")
