"""Beside the Python panel, what the published file's panel draws with the same JavaScript:
an area's holder week by week (the story strip) and, in compare mode, the list of changes
between the two weeks with the km² gained and lost. Both are one small Streamlit component
of our own, the side frame (side_frame.py): its arguments are the payload's URL (a static
file, fetched once per page) and the view; it reports the reader's choice, a week of the
strip or a unit of the list, which Streamlit hands to `on_change`.

Why JavaScript and not Streamlit elements: the strip is 235 cells that each take a click and
the keyboard, and the list a few dozen items that each select their unit; as Streamlit
elements they would cost the server on every rerun, and they would be a second
implementation of what the published file draws. Here the server sends a few hundred bytes.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from .. import side_frame
from ..compare import last_named
from ..i18n import N_, format_date
from ..load import Dataset
from ..timeline import Timeline
from . import lang
from .lang import _
from .text import md

COMPONENT = "timemap_side"
COMPONENT_NAME = f"{__name__}.{COMPONENT}"
STORY_KEY, CHANGES_KEY = "side_story", "side_changes"
# The same words as the published file's panel (web/timemap-strings.js).
LAST_NAMED = N_("Last named by a sentence on {date}, {weeks} before the shown week.")
NEVER_NAMED = N_("No sentence names this area on or before the shown week.")
COMPARE_HEADING = N_("Compared with the week of {a} (week A): the shown week is B")


@st.cache_resource(show_spinner=False)
def _component():
    """The component, declared once per process over the side frame's folder."""
    return components.declare_component(COMPONENT, path=side_frame.side_page())


@st.cache_resource(show_spinner=False)
def _payload_url(_dataset: Dataset, _timeline: Timeline, key: str) -> str:
    """The side frame's payload as a static file, written once per process and state of the
    data files (`key`: Dataset.cache_key, as the map's own), so an edited dataset gets its
    own."""
    return side_frame.side_payload_url(_dataset, _timeline)


def _week(date) -> str:
    return f"{pd.Timestamp(date):%Y-%m-%d}"


def _side(dataset, timeline, key: str, on_change, **view) -> None:
    def changed() -> None:
        on_change(st.session_state.get(key) or {})

    _component()(
        payload_url=_payload_url(dataset, timeline, dataset.cache_key),
        key=key,
        default=None,
        on_change=changed,
        lang=lang.current(),
        **view,
    )


def last_named_line(timeline: Timeline, area_id: str, date) -> str:
    """When the area was last named by a sentence, and how many weeks before `date` (markdown):
    compare.last_named."""
    claim = last_named(timeline, area_id, date)
    if claim is None:
        return _(NEVER_NAMED)
    weeks = (pd.Timestamp(date) - claim["date"]).days // 7
    if lang.current() != "en":
        return _(LAST_NAMED).format(
            date=format_date(claim["date"], lang.current()),
            weeks=_("{n} week|{n} weeks").format(n=weeks),
        )
    return LAST_NAMED.format(
        date=f"{claim['date'].day} {claim['date']:%b %Y}",
        weeks=f"{weeks} week" + ("" if weeks == 1 else "s"),
    )


def compare_heading(compare) -> str:
    """The line above the list of changes (markdown)."""
    week = pd.Timestamp(compare)
    start = week - pd.Timedelta(days=6)
    if lang.current() != "en":
        span = f"{format_date(start, lang.current())} – {format_date(week, lang.current())}"
        return "**" + md(_(COMPARE_HEADING).format(a=span)) + "**"
    return "**" + md(COMPARE_HEADING.format(a=f"{start:%d %b} – {week:%d %b %Y}")) + "**"


def story_strip(dataset: Dataset, timeline: Timeline, area_id: str, date, on_week) -> None:
    """The area's holder week by week; `on_week(report)` gets {date} when a week is chosen."""
    _side(dataset, timeline, STORY_KEY, on_week, part="story", area=area_id, week=_week(date),
          compare=None)  # fmt: skip


def changes_list(dataset: Dataset, timeline: Timeline, date, compare, on_area) -> None:
    """The changes between week `compare` (A) and the shown week `date` (B); `on_area(report)`
    gets {area} when a unit is chosen."""
    _side(dataset, timeline, CHANGES_KEY, on_area, part="changes", area=None, week=_week(date),
          compare=_week(compare))  # fmt: skip


def compare_section(dataset: Dataset, timeline: Timeline, date, compare, on_area) -> None:
    """Compare mode in the panel: which weeks are compared, then the list of changes."""
    st.markdown(compare_heading(compare))
    changes_list(dataset, timeline, date, compare, on_area)
