"""Sources: the bibliography, each source's stance, what it supports and its known problems."""

from __future__ import annotations

import streamlit as st

from aleppo_map.citation import citation_text
from aleppo_map.ui import data, layout
from aleppo_map.ui.panel import source_line
from aleppo_map.ui.tables import history_table, source_summary
from aleppo_map.ui.text import md

st.set_page_config(page_title="Sources · Aleppo control map", layout="wide")
layout.navigation()
dataset, timeline = data.load_or_stop()

st.title("Sources")
st.markdown(
    "Every colour on the map follows one **adopted claim**: a dated sentence quoted verbatim "
    "from one of these texts. The texts come from opposite political camps; their stance is "
    "shown so that you can weigh each claim. Showing a stance is not an endorsement."
)
summary = source_summary(dataset)
st.dataframe(summary, hide_index=True, width="stretch")

for source_id, source in dataset.sources.iterrows():
    claims = dataset.claims[dataset.claims["source_id"] == source_id]
    label = f"{source['outlet']}: {source['title']}"
    with st.expander(f"{md(label)} — {len(claims)} claim(s)"):
        st.markdown(source_line(dataset, source_id))
        if source.get("known_problems"):
            st.markdown(f"**Known problems:** {md(source['known_problems'])}")
        st.dataframe(
            history_table(dataset, claims).assign(area=claims["area_id"].to_numpy()),
            hide_index=True,
        )

st.subheader("How to cite this dataset")
st.code(citation_text(dataset), language=None, wrap_lines=True)
