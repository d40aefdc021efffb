"""Data: the claims table with filters, and the validation status of the loaded files."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from aleppo_map.model import HOLDER_LABELS, HOLDERS
from aleppo_map.ui import data, lang, layout
from aleppo_map.ui.lang import _
from aleppo_map.ui.status import validation_status
from aleppo_map.ui.tables import area_names, claims_view

st.set_page_config(page_title=_("Data · Aleppo control map"), layout="wide")
layout.navigation()
dataset, timeline = data.load_or_stop()
claims = dataset.claims
page_lang = lang.current()

st.title(_("Data"))
validation_status(dataset)

names = area_names(dataset, page_lang)
holder_labels = {h: _(label) for h, label in HOLDER_LABELS.items()}
cols = st.columns(3)
choose = _("Choose options") if page_lang != "en" else None  # None: Streamlit's own
areas = cols[0].multiselect(
    _("Area"), list(names.index), format_func=lambda a: names[a], placeholder=choose
)
holders = cols[1].multiselect(
    _("Holder"), list(HOLDERS), format_func=holder_labels.get, placeholder=choose
)
sources = cols[2].multiselect(_("Source"), list(dataset.sources.index), placeholder=choose)
first, last = claims["date"].min().date(), claims["date"].max().date()
start, end = st.slider(
    _("Dates"), min_value=first, max_value=last, value=(first, last), format="YYYY-MM-DD"
)

mask = claims["date"].between(pd.Timestamp(start), pd.Timestamp(end))
if areas:
    mask &= claims["area_id"].isin(areas)
if holders:
    mask &= claims["holder"].isin(holders)
if sources:
    mask &= claims["source_id"].isin(sources)
shown = claims[mask].drop(columns=["line"]).assign(date=lambda f: f["date"].dt.strftime("%Y-%m-%d"))
st.caption(_("{shown} of {total} claims").format(shown=len(shown), total=len(claims)))
if page_lang != "en":
    st.caption(_("The claims as the file holds them: quotes and notes in English, as published."))
st.dataframe(claims_view(dataset, shown, page_lang), hide_index=True, width="stretch")
st.download_button(
    _("Download these claims (CSV)"),
    shown.to_csv(index=False, lineterminator="\r\n"),  # RFC 4180: a lone CR gets quoted
    "claims.csv",
    "text/csv",
)
