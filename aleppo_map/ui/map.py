"""The map: our own Streamlit component, a frame that runs the browser layer (aleppo_map/web/)
on the dataset's payload. What crosses the frame's boundary is data (frame.py): in, the
payload's URL, the frame's title and height, and a command {token, week, area}; out, where
the reader stopped, {date, area, route, seq}, which Streamlit hands to `on_change`.

The arguments stay the same from one rerun to the next unless Python moves the map, so the
frame is never remounted and a rerun sends it nothing new.
"""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from .. import frame
from ..load import Dataset
from ..timeline import Timeline
from . import lang

COMPONENT = "timemap"
COMPONENT_NAME = f"{__name__}.{COMPONENT}"  # Streamlit's name for it; its page's URL has it
MAP_KEY = "map"


@st.cache_resource(show_spinner=False)
def _component():
    """The component, declared once per process over the frame's folder (written first)."""
    return components.declare_component(COMPONENT, path=frame.frame_page())


@st.cache_resource(show_spinner=False)
def _payload_url(_dataset: Dataset, _timeline: Timeline, key: str) -> str:
    """The dataset's payload as a static file, written once per dataset as read (`key`:
    Dataset.cache_key)."""
    return frame.payload_url(_dataset, _timeline)


def time_map(dataset: Dataset, timeline: Timeline, command: dict, height: int, on_change) -> None:
    """The map frame at `height` pixels; `command` (frame.map_command) moves it to a week and
    an area chosen in Python; `on_change(report)` gets where the reader stopped."""

    def changed() -> None:
        on_change(st.session_state.get(MAP_KEY) or {})

    _component()(
        payload_url=_payload_url(dataset, timeline, dataset.cache_key),
        title=frame.frame_title(dataset),
        height=height,
        command=command,
        lang=lang.current(),
        key=MAP_KEY,
        default=None,
        on_change=changed,
    )
