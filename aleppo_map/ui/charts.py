"""The charts over the whole period (stacked weekly areas with a rule at the shown date)
and the evidence shares (how much of the map a sentence names)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from ..load import Dataset
from ..timeline import Timeline
from .data import evidence_shares
from .text import md


def weekly_stack_chart(
    weekly: pd.DataFrame, colours: list[str], unit: str, date, height: int, value_format=None
) -> alt.LayerChart:
    """A stacked area chart of weekly values (rows: weeks; columns: series, stacked in their
    order, with these colours) and a rule at the shown date; tooltips show the values with
    the d3 `value_format` (e.g. ".1f"), or as Vega-Lite does by default."""
    order = list(weekly.columns)
    long = weekly.rename_axis("week").reset_index().melt("week", var_name="series", value_name=unit)
    area = (
        alt.Chart(long)
        .mark_area()
        .encode(
            x=alt.X("week:T", title=None),
            y=alt.Y(f"{unit}:Q", title=unit, stack=True),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=order, range=colours),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            order=alt.Order("series_order:Q"),
            tooltip=[
                alt.Tooltip("week:T", title="week ending"),
                "series:N",
                alt.Tooltip(f"{unit}:Q", format=value_format or alt.Undefined),
            ],
        )
        .transform_calculate(series_order=f"indexof({order!r}, datum.series)")
    )
    rule = (
        alt.Chart(pd.DataFrame({"date": [pd.Timestamp(date)]}))
        .mark_rule(color="#D55E00", strokeWidth=2)
        .encode(x="date:T")
    )
    return (area + rule).properties(height=height)


def evidence_summary(dataset: Dataset, timeline: Timeline) -> None:
    """The share of the map that a sentence names, and the areas still mostly inferred."""
    shares = evidence_shares(timeline, dataset.cache_key)
    cols = st.columns(3)
    cols[0].metric(
        "Named in the sentence",
        f"{shares['named']:.0%}",
        help="Share of the coloured area-weeks whose claim quotes a sentence naming the area",
    )
    cols[1].metric(
        "Inferred (drawn dotted)",
        f"{shares['inferred']:.0%}",
        help="Share of the coloured area-weeks whose holder is read from a wider statement",
    )
    cols[2].metric("Unknown (no claim)", f"{shares['unknown']:.0%}", help="Share of all area-weeks")
    mostly = shares["mostly_inferred"]
    if len(mostly):
        names = dataset.areas["name"]
        st.caption(
            f"{len(mostly)} area(s) rest mostly on inference: "
            + "; ".join(f"{md(names[a])} ({share:.0%})" for a, share in mostly.items())
        )
