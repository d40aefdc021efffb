"""The shareable view (`?date=YYYY-MM-DD&area=<id>`, the id of a unit or of a group of units):
parse it forgivingly, write it back.

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


@dataclass
class View:
    date: pd.Timestamp
    area: str | None = None  # a unit, or a group (Places.selectable)
    messages: list[str] = field(default_factory=list)


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


def parse_view(params: dict[str, list[str]], timeline: Timeline) -> View:
    """The view a link asks for, with a message for every part that could not be honoured."""
    messages: list[str] = []
    start, end = timeline.dataset.period
    fallback = default_date(timeline)
    date = fallback
    raw_date = _single(params, "date", messages)
    if raw_date:
        parsed = None
        if ISO_DATE.match(raw_date):
            parsed = pd.to_datetime(raw_date, format="%Y-%m-%d", errors="coerce")
        if parsed is None or pd.isna(parsed):
            messages.append(
                f"The link's date “{shorten(raw_date)}” is not a date of the form YYYY-MM-DD; "
                f"showing {fallback:%d %B %Y} instead."
            )
        elif parsed < start or parsed > end:
            date = start if parsed < start else end
            messages.append(
                f"The link's date {parsed:%d %B %Y} is outside the period this map covers "
                f"({start:%d %B %Y} – {end:%d %B %Y}); showing {date:%d %B %Y}."
            )
        else:
            date = pd.Timestamp(parsed)
    area = _single(params, "area", messages)
    # An area is a unit or a group of units: a district (the Old City), or a wider group; the
    # old ids that became districts (`area=old_city`) open the district.
    if area and area not in timeline.dataset.places.selectable:
        messages.append(
            f"The link names an area “{shorten(area)}” that is not on this map; "
            "no area is selected."
        )
        area = None
    return View(date=date, area=area or None, messages=messages)


def view_params(view: View) -> dict[str, str]:
    """The query parameters for a view (what the address bar should show)."""
    params = {"date": f"{view.date:%Y-%m-%d}"}
    if view.area:
        params["area"] = view.area
    return params
