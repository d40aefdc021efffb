"""The Data page's account of the loaded files: what was validated, the contested states
left unrenewed for review, and any other warning (the files' own words stay as written)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..load import Dataset
from . import lang
from .lang import _
from .tables import column_name
from .text import md


def validation_status(dataset: Dataset) -> None:
    """What was checked, in a success box; the warnings below it."""
    claims = dataset.claims
    quotes = (
        _("every quote was found verbatim in its source text")
        if dataset.quotes_checked
        else _("the source texts were not found, so quotes were **not** checked")
    )
    st.success(
        _(
            "Validated: {areas} areas, {claims} claims ({adopted} adopted), {sources} sources; "
            "{quotes}."
        ).format(
            areas=len(dataset.areas),
            claims=len(claims),
            adopted=int(claims["adopted"].sum()),
            sources=len(dataset.sources),
            quotes=quotes,
        )
    )
    contested = [w for w in dataset.warnings if "contested" in w.expected]
    if contested:
        st.warning(
            _(
                "{n} contested state(s) that no claim renews for more than 26 weeks: the "
                "sources report a fight once and then say nothing for months. See the "
                "contested policy on the Method page."
            ).format(n=len(contested))
        )
        page_lang = lang.current()
        where, what = column_name("where", page_lang), column_name("what", page_lang)
        st.dataframe(
            pd.DataFrame([{where: f"{w.file}, {w.where}", what: w.value} for w in contested]),
            hide_index=True,
            width="stretch",
        )
    for warning in dataset.warnings:
        if warning not in contested:
            st.warning(md(str(warning)))
