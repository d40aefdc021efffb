"""Sources: the bibliography, each source's stance, what it supports and its known problems."""

from __future__ import annotations

import streamlit as st

from aleppo_map import ui
from aleppo_map.export import citation_text

st.set_page_config(page_title="Sources · Aleppo control map", layout="wide")
dataset, timeline = ui.load_or_stop()

st.title("Sources")
st.markdown(
    "Every colour on the map follows one **adopted claim**: a dated sentence quoted verbatim "
    "from one of these texts. The texts come from opposite political camps; their stance is "
    "shown so that you can weigh each claim. Showing a stance is not an endorsement."
)
summary = ui.source_summary(dataset)
st.dataframe(summary, hide_index=True, width="stretch")

for source_id, source in dataset.sources.iterrows():
    claims = dataset.claims[dataset.claims["source_id"] == source_id]
    label = f"{source['outlet']}: {source['title']}"
    with st.expander(f"{ui.md(label)} — {len(claims)} claim(s)"):
        st.markdown(ui.source_line(dataset, source_id))
        if source.get("known_problems"):
            st.markdown(f"**Known problems:** {ui.md(source['known_problems'])}")
        st.dataframe(
            ui.history_table(dataset, claims).assign(area=claims["area_id"].to_numpy()),
            hide_index=True,
        )

st.subheader("How to cite this dataset")
st.code(citation_text(dataset), language=None)
