"""Main page: who held which neighbourhood of Aleppo, week by week, and on whose word.

Run with `make run` (or `streamlit run app.py`; another dataset: `-- --data DIR`).
The page only arranges widgets; the engine in `aleppo_map` computes everything.
"""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from aleppo_map import ui
from aleppo_map.render import base_map, week_layer
from aleppo_map.viewstate import View, parse_view, view_params

st.set_page_config(page_title="Aleppo control map", page_icon="🗺️", layout="wide")
dataset, timeline = ui.load_or_stop()
frames = list(timeline.frame_dates)
FRAME_LABELS = {d: f"{d - pd.Timedelta(days=6):%d %b} – {d:%d %b %Y}" for d in frames}
change_dates = timeline.change_dates()
SPEEDS = {
    "slow (1 week / 1.5 s)": 1.5,
    "normal (1 week / 0.8 s)": 0.8,
    "fast (1 week / 0.4 s)": 0.4,
}

# ---------------------------------------------------------------- view state and the URL
if "view" not in st.session_state:
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    st.session_state.view = parse_view(params, timeline)
    st.session_state.frame = timeline.frame_date_for(st.session_state.view.date)
    st.session_state.playing = False
view: View = st.session_state.view
# Streamlit forgets a widget's value when another page was shown: put the slider back on
# the shown week.
if st.session_state.get("frame") != timeline.frame_date_for(view.date):
    st.session_state.frame = timeline.frame_date_for(view.date)


def go_to(date) -> None:
    start, end = dataset.period
    view.date = min(max(pd.Timestamp(date), start), end)
    st.session_state.frame = timeline.frame_date_for(view.date)


def on_slider() -> None:
    view.date = pd.Timestamp(st.session_state.frame)


def step_week(weeks: int) -> None:
    go_to(timeline.frame_date_for(view.date) + pd.Timedelta(weeks=weeks))


def jump_change(direction: int) -> None:
    if direction > 0:
        later = change_dates[change_dates > view.date]
        if len(later):
            go_to(later[0])
    else:
        earlier = change_dates[change_dates < view.date]
        if len(earlier):
            go_to(earlier[-1])


def on_map_click() -> None:
    """A click on an area selects it; the map's own week buttons report their new date."""
    clicked = (st.session_state.get("map") or {}).get("last_active_drawing") or {}
    properties = clicked.get("properties") or {}
    area_id = properties.get("id") or clicked.get("id")
    if area_id in dataset.areas.index:
        view.area = area_id
    stepped = pd.to_datetime(str(properties.get("date", "")), format="%Y-%m-%d", errors="coerce")
    if pd.notna(stepped):
        go_to(stepped)


def toggle_play() -> None:
    st.session_state.playing = not st.session_state.playing
    if st.session_state.playing and view.date >= frames[-1]:
        go_to(frames[0])


st.title(ui.md(dataset.meta.get("headline") or dataset.title))
st.caption(
    f"{ui.md(dataset.title)} · dataset version {ui.md(dataset.version)} · "
    "every colour is backed by a quoted source: click an area to read it. "
    "Boundaries are hand-drawn and approximate."
)
for message in view.messages:
    st.info(ui.md_message(message), icon="ℹ️")

# Play lives outside the fragment: the fragment's timer (run_every) is set when the whole
# page runs, so starting or stopping it needs a full rerun, which a button out here gives.
play_row = st.columns([1.2, 2, 3], vertical_alignment="bottom")
play_row[0].button(
    "⏸ Pause" if st.session_state.playing else "▶ Play", on_click=toggle_play, width="stretch"
)
speed = play_row[1].selectbox("Play speed", list(SPEEDS), index=1, label_visibility="collapsed")

with st.sidebar:
    st.caption(
        "Labels are neutral: “Syrian government and allied forces”, “Armed opposition "
        "factions”, “Kurdish YPG / Asayish”. Contested areas are hatched; areas no source "
        "covers yet are light grey."
    )


@st.fragment(run_every=SPEEDS[speed] if st.session_state.playing else None)
def map_and_panel() -> None:
    if st.session_state.playing:
        last = st.session_state.get("last_tick", 0.0)
        if time.monotonic() - last >= SPEEDS[speed] * 0.8:
            st.session_state.last_tick = time.monotonic()
            if view.date >= frames[-1]:
                st.session_state.playing = False
                st.rerun()
            step_week(1)

    in_week = timeline.changes_in_week(view.date)
    # The map is sent first, so a step is seen as soon as the map is restyled; the controls,
    # the date line and the change strip then fill the container above it.
    head = st.container()
    left, right = st.columns([2, 1], gap="medium")
    with left:
        st_folium(
            base_map(dataset, timeline=timeline),
            feature_group_to_add=week_layer(dataset, timeline, view.date, view.area),
            key="map",
            height=640,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
            on_change=on_map_click,
        )
    with head:
        controls = st.columns(4)
        controls[0].button("« Previous change", on_click=jump_change, args=(-1,), width="stretch")
        controls[1].button("◀ 1 week", on_click=step_week, args=(-1,), width="stretch")
        controls[2].button("1 week ▶", on_click=step_week, args=(1,), width="stretch")
        controls[3].button("Next change »", on_click=jump_change, args=(1,), width="stretch")
        st.select_slider(
            "Week",
            options=frames,
            key="frame",
            format_func=FRAME_LABELS.__getitem__,
            on_change=on_slider,
            label_visibility="collapsed",
        )
        precision = ", ".join(
            f"{count} dated to the {name}"
            for name, count in in_week["date_precision"].value_counts().items()
        )
        st.markdown(
            f"#### {view.date:%A %d %B %Y}\n"
            f"In the 7 days {view.date - pd.Timedelta(days=6):%d %b} – {view.date:%d %b %Y}: "
            + (
                f"**{len(in_week)} change(s)** ({precision}), outlined in black."
                if len(in_week)
                else "no change of hands."
            )
        )
        ui.change_strip(timeline, view.date)
    with right:
        if view.area:
            ui.area_panel(dataset, timeline, view.area, view.date)
            st.button("Clear selection", on_click=lambda: setattr(view, "area", None))
        else:
            st.markdown(
                "**Click an area** to see who held it, since when, and the quoted sentence."
            )
        if len(in_week):
            st.markdown("**Changed this week**")
            st.dataframe(ui.changes_table(dataset, in_week), hide_index=True, width="stretch")
    ui.export_buttons(dataset, timeline, view.date, view.area)
    st.caption("Cite this view:")
    st.code(ui.citation_text(dataset, view.date, ui.view_url(view_params(view))), language=None)
    st.query_params.from_dict(view_params(view))


map_and_panel()
ui.animation_section(dataset, timeline)
