"""The Data page's account of the loaded files: what was validated, the contested states
left unrenewed for review, and any other warning (the files' own words stay as written)."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from ..i18n import format_date
from ..load import Dataset
from . import lang
from .lang import _
from .tables import area_names, column_name
from .text import md

# The engine's words for a contested state left unrenewed (claims.check_contested_renewal),
# written again in the page's language; anything else is shown as the engine wrote it.
UNRENEWED = re.compile(r"^(?P<area>\S+) contested (?P<start>[\d-]+) to (?P<end>[\d-]+) "
                       r"\((?P<weeks>\d+) weeks\)$")  # fmt: skip
LINE = re.compile(r"^line (?P<line>\d+)$")


def unrenewed_row(warning, dataset: Dataset, page_lang: str) -> dict:
    """One contested state to review: where (file and line) and what (area, dates, weeks)."""
    where, what = f"{warning.file}, {warning.where}", warning.value
    line, state = LINE.match(warning.where), UNRENEWED.match(warning.value)
    if page_lang != "en" and line:
        where = _("{file}, line {line}").format(file=warning.file, line=line["line"])
    if page_lang != "en" and state:
        area = state["area"]
        names = area_names(dataset, page_lang)
        what = _("{area}: contested from {start} to {end} ({weeks} weeks)").format(
            area=names.get(area, area),
            start=format_date(state["start"], page_lang),
            end=format_date(state["end"], page_lang),
            weeks=state["weeks"],
        )
    return {column_name("where", page_lang): where, column_name("what", page_lang): what}


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
        st.dataframe(
            pd.DataFrame([unrenewed_row(w, dataset, page_lang) for w in contested]),
            hide_index=True,
            width="stretch",
        )
    for warning in dataset.warnings:
        if warning not in contested:
            st.warning(md(str(warning)))
