"""The map page's view in this session: opened from the address, moved by what the map
reports (a week, an area, a route, week A of compare mode, the age map) and by Python's
commands (a button, a link, the side frame's strip and list), and written back to the
address."""

from __future__ import annotations

import contextlib
import datetime
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from ..frame import map_command
from ..load import Dataset
from ..timeline import Timeline
from ..viewstate import ISO_DATE, View, parse_view
from ..viewstate import view_params as _view_params
from . import lang


def _link_view(timeline: Timeline) -> View:
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    return parse_view(params, timeline)


def session_view(timeline: Timeline) -> View:
    """This session's view, made from the address on the first run. The map shows weeks: a
    date opens the week that contains it, and the panel, the downloads and the address show
    that week's state, as the map does."""
    if "view" not in st.session_state:
        view = _link_view(timeline)
        view.date = timeline.frame_date_for(view.date)
        if view.compare is not None:
            view.compare = timeline.frame_date_for(view.compare)
        st.session_state.view = view
        st.session_state.route = view.route
        st.session_state.command = 1  # the map opens on the address's view
    return st.session_state.view


def current_date(timeline: Timeline) -> pd.Timestamp:
    """The date chosen on the map page in this session, or the link's, or the default."""
    view = st.session_state.get("view")
    return view.date if view is not None else _link_view(timeline).date


def selected_route() -> str | None:
    """The route selected on the map (its panel replaces the area's), if any."""
    return st.session_state.get("route")


def command(view: View) -> dict:
    """The map's command: the view Python last chose, with its token."""
    return map_command(
        st.session_state.command, view.date, view.area,
        compare=view.compare, route=selected_route(), mode=view.mode,
    )  # fmt: skip


def move_map() -> None:
    """Python chose a week or an area: the map follows (a new token makes it act)."""
    st.session_state.command += 1


def _reported_date(dataset: Dataset, value) -> pd.Timestamp | None:
    """A date the map reported, clamped to the period; None if it is none."""
    if isinstance(value, str) and ISO_DATE.match(value):
        with contextlib.suppress(ValueError):  # 2016-02-30 is no date
            start, end = dataset.period
            return min(max(pd.Timestamp(datetime.date.fromisoformat(value)), start), end)
    return None


def take_report(dataset: Dataset, view: View, report: dict) -> None:
    """The reader stopped on a week, or picked an area or a route, pinned week A or chose the
    age map, in the map. Values that are not the dataset's (a date outside the period, an
    unknown id, not a string) are clamped or dropped."""
    date = _reported_date(dataset, report.get("date"))
    view.date = view.date if date is None else date
    view.compare = _reported_date(dataset, report.get("compare"))
    view.mode = "age" if report.get("mode") == "age" and view.compare is None else "holder"
    area, route = report.get("area"), report.get("route")
    chosen = isinstance(area, str) and area in dataset.places.selectable
    view.area = area if chosen else None
    routes = dataset.derived(("route_ids",), lambda: frozenset(dataset.routes["route_id"]))
    st.session_state.route = route if isinstance(route, str) and route in routes else None
    view.route = st.session_state.route


def take_side_report(dataset: Dataset, view: View, report: dict) -> None:
    """The reader chose a week in an area's strip ({date}) or a unit in the list of changes
    ({area}), in the side frame: the view moves there, and the map follows."""
    date = _reported_date(dataset, report.get("date"))
    area = report.get("area")
    if date is not None:
        view.date = date
    elif isinstance(area, str) and area in dataset.areas.index:
        view.area = area
        view.route = st.session_state.route = None
    else:
        return
    move_map()


def clear_selection() -> None:
    """No area, no route: the map follows."""
    st.session_state.view.area = None
    st.session_state.view.route = None
    st.session_state.route = None
    move_map()


def view_url(view: View) -> str:
    """The address of this view, for citations (the app's own origin and path)."""
    base = (st.context.url or "").split("?")[0]
    return f"{base}?{urlencode(view_params(view))}"


def view_params(view: View) -> dict[str, str]:  # noqa: F811 (the app's: with its language)
    """The address's parameters of this view, its language included."""
    return lang.address_params(_view_params(view))


def write_address(view: View) -> None:
    """The address bar holds the view, so it can be shared."""
    view.route = selected_route()
    st.query_params.from_dict(view_params(view))


def choose_area(area: str) -> None:
    """An area chosen in a panel (a district's list): the map follows."""
    st.session_state.view.area = area
    st.session_state.view.route = st.session_state.route = None
    move_map()
