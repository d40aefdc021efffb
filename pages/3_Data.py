"""Data: the claims table with filters, and the validation status of the loaded files."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from aleppo_map.model import HOLDER_LABELS, HOLDERS
from aleppo_map.ui import data, layout
from aleppo_map.ui.text import md

st.set_page_config(page_title="Data · Aleppo control map", layout="wide")
layout.navigation()
dataset, timeline = data.load_or_stop()
claims = dataset.claims

st.title("Data")
quotes = (
    "every quote was found verbatim in its source text"
    if dataset.quotes_checked
    else "the source texts were not found, so quotes were **not** checked"
)
st.success(
    f"Validated: {len(dataset.areas)} areas, {len(claims)} claims "
    f"({int(claims['adopted'].sum())} adopted), {len(dataset.sources)} sources; {quotes}."
)
contested = [w for w in dataset.warnings if "contested" in w.expected]
if contested:
    st.warning(
        f"{len(contested)} contested state(s) that no claim renews for more than 26 weeks: "
        "the sources report a fight once and then say nothing for months. See the contested "
        "policy on the Method page."
    )
    st.dataframe(
        pd.DataFrame([{"where": f"{w.file}, {w.where}", "what": w.value} for w in contested]),
        hide_index=True,
        width="stretch",
    )
for warning in dataset.warnings:
    if warning not in contested:
        st.warning(md(str(warning)))

names = dataset.areas["name"]
cols = st.columns(3)
areas = cols[0].multiselect("Area", list(names.index), format_func=lambda a: names[a])
holders = cols[1].multiselect("Holder", list(HOLDERS), format_func=HOLDER_LABELS.get)
sources = cols[2].multiselect("Source", list(dataset.sources.index))
first, last = claims["date"].min().date(), claims["date"].max().date()
start, end = st.slider(
    "Dates", min_value=first, max_value=last, value=(first, last), format="YYYY-MM-DD"
)

mask = claims["date"].between(pd.Timestamp(start), pd.Timestamp(end))
if areas:
    mask &= claims["area_id"].isin(areas)
if holders:
    mask &= claims["holder"].isin(holders)
if sources:
    mask &= claims["source_id"].isin(sources)
shown = claims[mask].drop(columns=["line"]).assign(date=lambda f: f["date"].dt.strftime("%Y-%m-%d"))
st.caption(f"{len(shown)} of {len(claims)} claims")
st.dataframe(shown, hide_index=True, width="stretch")
st.download_button(
    "Download these claims (CSV)",
    shown.to_csv(index=False, lineterminator="\r\n"),  # RFC 4180: a lone CR gets quoted
    "claims.csv",
    "text/csv",
)
