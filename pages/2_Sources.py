"""Sources: the bibliography, each source's stance, what it supports and its known problems."""

from __future__ import annotations

import streamlit as st

from aleppo_map.citation import citation_text
from aleppo_map.ui import data, lang, layout
from aleppo_map.ui.lang import _
from aleppo_map.ui.panel import source_line
from aleppo_map.ui.tables import column_name, history_table, place_names, source_summary
from aleppo_map.ui.text import md

st.set_page_config(page_title=_("Sources · Aleppo control map"), layout="wide")
layout.navigation()
dataset, timeline = data.load_or_stop()
page_lang = lang.current()

st.title(_("Sources"))
st.markdown(
    _(
        "Every colour on the map follows one **adopted claim**: a dated sentence quoted "
        "verbatim from one of these texts. The texts come from opposite political camps; their "
        "stance is shown so that you can weigh each claim. Showing a stance is not an "
        "endorsement."
    )
)
if page_lang != "en":
    st.caption(_("The sources' titles, stances and notes are quoted in English, as published."))
summary = source_summary(dataset, page_lang)
st.dataframe(summary, hide_index=True, width="stretch")

for source_id, source in dataset.sources.iterrows():
    claims = dataset.claims[dataset.claims["source_id"] == source_id]
    label = md(f"{source['outlet']}: {source['title']}")
    if page_lang != "en":  # the title (English) kept apart from our words
        label = f"\u2068{label}\u2069"
    with st.expander(_("{source} — {n} claim(s)").format(source=label, n=len(claims))):
        st.markdown(source_line(dataset, source_id))
        if source.get("known_problems"):
            problems = md(source["known_problems"])
            st.markdown(_("**Known problems:** {problems}").format(problems=problems))
        table = history_table(dataset, claims, lang=page_lang)
        area = place_names(dataset, claims["area_id"], page_lang).to_numpy()
        st.dataframe(table.assign(**{column_name("area", page_lang): area}), hide_index=True)

st.subheader(_("How to cite this dataset"))
st.code(citation_text(dataset), language=None, wrap_lines=True)
