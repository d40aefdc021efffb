"""The shareable view (`?date=YYYY-MM-DD&area=<id>`, and `compare=YYYY-MM-DD` for compare
mode, `route=<id>` for a route's panel, `mode=age` for the age map): parse it forgivingly,
write it back.

Pure functions, no Streamlit: a bad parameter becomes a gentle message and a sensible
default, never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .timeline import Timeline

MAX_PARAM_LENGTH = 64
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


MODES = ("holder", "age")


@dataclass
class View:
    date: pd.Timestamp
    area: str | None = None
    messages: list[str] = field(default_factory=list)
    compare: pd.Timestamp | None = None  # week A while comparing (the shown week is B)
    route: str | None = None
    mode: str = "holder"


def shorten(value: str, limit: int = 40) -> str:
    """A parameter value safe to echo: cut to `limit` characters, control characters dropped."""
    clean = "".join(ch for ch in value if ch.isprintable())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def default_date(timeline: Timeline) -> pd.Timestamp:
    """The dataset's suggested opening date, or the first weekly frame."""
    suggested = timeline.dataset.meta.get("default_date")
    start, end = timeline.dataset.period
    try:
        date = pd.Timestamp(suggested) if suggested else timeline.frame_dates[0]
    except ValueError:
        date = timeline.frame_dates[0]
    return min(max(date, start), end)


def _single(params: dict[str, list[str]], name: str, messages: list[str]) -> str | None:
    values = [v for v in params.get(name, []) if v is not None]
    if not values:
        return None
    if len(values) > 1:
        messages.append(f"The link gives `{name}` {len(values)} times; the first one is used.")
    value = values[0].strip()
    if len(value) > MAX_PARAM_LENGTH:
        messages.append(
            f"The link's `{name}` is {len(value)} characters long, more than any valid value; "
            "it was ignored."
        )
        return None
    return value


def _date_param(raw, timeline: Timeline, what: str, instead: str, clamped: str, messages):
    """A date of the period from a parameter: None if absent or not a date (with a message
    ending in `instead`); clamped to the period if outside it (with a message ending in
    `clamped`, formatted with the date used)."""
    if not raw:
        return None
    start, end = timeline.dataset.period
    parsed = None
    if ISO_DATE.match(raw):
        parsed = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
    if parsed is None or pd.isna(parsed):
        messages.append(
            f"The link's {what} “{shorten(raw)}” is not a date of the form YYYY-MM-DD; {instead}"
        )
        return None
    if parsed < start or parsed > end:
        date = start if parsed < start else end
        messages.append(
            f"The link's {what} {parsed:%d %B %Y} is outside the period this map covers "
            f"({start:%d %B %Y} – {end:%d %B %Y}); " + clamped.format(date=date)
        )
        return date
    return pd.Timestamp(parsed)


def parse_view(params: dict[str, list[str]], timeline: Timeline) -> View:
    """The view a link asks for, with a message for every part that could not be honoured."""
    messages: list[str] = []
    fallback = default_date(timeline)
    date = _date_param(
        _single(params, "date", messages), timeline, "date",
        f"showing {fallback:%d %B %Y} instead.", "showing {date:%d %B %Y}.", messages,
    )  # fmt: skip
    date = fallback if date is None else date
    compare = _date_param(
        _single(params, "compare", messages), timeline, "compare date", "not comparing.",
        "comparing with {date:%d %B %Y}.", messages,
    )  # fmt: skip
    area = _single(params, "area", messages)
    if area and area not in timeline.dataset.areas.index:
        messages.append(
            f"The link names an area “{shorten(area)}” that is not on this map; "
            "no area is selected."
        )
        area = None
    route = _single(params, "route", messages)
    routes = set(timeline.dataset.routes["route_id"])
    if route and route not in routes:
        messages.append(f"The link names a route “{shorten(route)}” that is not on this map.")
        route = None
    mode = _single(params, "mode", messages)
    if mode and mode not in MODES:
        messages.append(f"The link's mode “{shorten(mode)}” is not one of {', '.join(MODES)}.")
        mode = None
    return View(
        date=date,
        area=None if route else area or None,
        messages=messages,
        compare=compare,
        route=route or None,
        mode="holder" if compare is not None else mode or "holder",
    )


def view_params(view: View) -> dict[str, str]:
    """The query parameters for a view (what the address bar should show)."""
    params = {"date": f"{view.date:%Y-%m-%d}"}
    if view.compare is not None:
        params["compare"] = f"{view.compare:%Y-%m-%d}"
    if view.area:
        params["area"] = view.area
    if view.route:
        params["route"] = view.route
    if view.mode != "holder":
        params["mode"] = view.mode
    return params
