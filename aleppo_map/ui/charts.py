"""The charts over the whole period (stacked weekly areas with a rule at the shown date)
and the evidence shares (how much of the map a sentence names)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from ..i18n import N_, format_date, format_number, is_rtl
from ..load import Dataset
from ..model import HOLDER_COLOURS, HOLDER_LABELS, HOLDERS
from ..timeline import Timeline
from . import lang
from .data import area_by_holder_weekly, evidence_shares, evidence_weekly
from .lang import _
from .tables import area_names
from .text import md

# The evidence chart's series (Timeline page), in the order they are stacked, and colours.
EVIDENCE_SERIES = {
    "named": N_("named in the sentence"),
    "inferred": N_("inferred"),
    "unknown": N_("no claim (unknown)"),
}
EVIDENCE_COLOURS = ["#4D4D4D", "#A6A6A6", "#E6E6E6"]


def time_axis(page_lang: str) -> dict:
    """The time axis's settings: Vega-Lite's own in English; in a right-to-left language the
    weeks run from the right, as the map's time bar does (docs/i18n.md), with years only on
    the axis (Vega's month names are English; the years' digits read the same)."""
    if not is_rtl(page_lang):
        return {}
    return {"axis": alt.Axis(format="%Y", tickCount="year"), "scale": alt.Scale(reverse=True)}


def value_axis(page_lang: str) -> dict:
    """The values' axis: on the right in a right-to-left language (where the weeks start)."""
    return {"axis": alt.Axis(orient="right")} if is_rtl(page_lang) else {}


def weekly_stack_chart(
    weekly: pd.DataFrame,
    colours: list[str],
    unit: str,
    date,
    height: int,
    value_format=None,
    series: str | None = None,
) -> alt.LayerChart:
    """A stacked area chart of weekly values (rows: weeks; columns: series, stacked in their
    order, with these colours) and a rule at the shown date; tooltips show the week (a date
    written in the page's language), the series (titled `series`) and the value (titled
    `unit`) with the d3 `value_format` (e.g. ".1f"), or as Vega-Lite does by default. The
    names are the data's own fields, so any language's titles work."""
    order = list(weekly.columns)
    page_lang = lang.current()
    long = weekly.rename_axis("week").reset_index().melt("week", var_name="series")
    long["week_text"] = [format_date(week, page_lang) for week in long["week"]]
    area = (
        alt.Chart(long)
        .mark_area()
        .encode(
            x=alt.X("week:T", title=None, **time_axis(page_lang)),
            y=alt.Y("value:Q", title=unit, stack=True, **value_axis(page_lang)),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=order, range=colours),
                legend=alt.Legend(title=None, orient="bottom", labelLimit=400),
            ),
            order=alt.Order("series_order:Q"),
            tooltip=[
                alt.Tooltip("week_text:N", title=_("week ending")),
                alt.Tooltip("series:N", title=series or _("series")),
                alt.Tooltip("value:Q", title=unit, format=value_format or alt.Undefined),
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
        _("Named in the sentence"),
        f"{shares['named']:.0%}",
        help=_("Share of the coloured area-weeks whose claim quotes a sentence naming the area"),
    )
    cols[1].metric(
        _("Inferred (drawn dotted)"),
        f"{shares['inferred']:.0%}",
        help=_("Share of the coloured area-weeks whose holder is read from a wider statement"),
    )
    cols[2].metric(
        _("Unknown (no claim)"), f"{shares['unknown']:.0%}", help=_("Share of all area-weeks")
    )
    mostly = shares["mostly_inferred"]
    if len(mostly):
        names = area_names(dataset, lang.current())
        st.caption(
            _("{n} area(s) rest mostly on inference: {areas}").format(
                n=len(mostly),
                areas=_("; ").join(f"{md(names[a])} ({share:.0%})" for a, share in mostly.items()),
            )
        )


def holder_areas(dataset: Dataset, timeline: Timeline, date) -> None:
    """km² held by each holder, week by week, with the shown date marked; then the shown
    date's figures in a line (holder labels, dates and numbers in the page's language)."""
    page_lang = lang.current()
    labels = {h: _(label) for h, label in HOLDER_LABELS.items()}
    km2 = _("km²")
    weekly = area_by_holder_weekly(timeline, dataset.cache_key)
    weekly.columns = [labels[h] for h in weekly.columns]
    colours = [HOLDER_COLOURS[h] for h in HOLDERS]
    chart = weekly_stack_chart(
        weekly, colours, km2, date, height=360, value_format=".1f", series=_("holder")
    )
    st.altair_chart(chart, width="stretch")
    held = [
        f"{md(labels[h])} {format_number(area, page_lang, digits=1)} {km2}"
        for h, area in timeline.area_by_holder(date).items()
        if area > 0
    ]
    when = format_date(date, page_lang)
    st.markdown(_("On **{date}**: {held}").format(date=when, held=_("; ").join(held)))


def evidence_weeks(dataset: Dataset, timeline: Timeline, date) -> None:
    """Areas per week whose holder is named, inferred or unknown, with the shown date marked."""
    labels = {kind: _(label) for kind, label in EVIDENCE_SERIES.items()}
    evidence = evidence_weekly(timeline, dataset.cache_key)
    evidence.columns = [labels[kind] for kind in evidence.columns]
    chart = weekly_stack_chart(
        evidence, EVIDENCE_COLOURS, _("areas"), date, height=220, series=_("evidence")
    )
    st.altair_chart(chart, width="stretch")
