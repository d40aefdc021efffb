"""Main page: who held which neighbourhood of Aleppo, week by week, and on whose word.

Run with `make run` (or `streamlit run app.py`; another dataset: `-- --data DIR`).
Time lives in the map: its time bar scrubs, steps and plays in the browser, and tells the
app where the reader stopped; the app then shows the evidence panel, the week's changes,
the downloads and the address. The page only arranges widgets; `aleppo_map` computes.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from aleppo_map import ui
from aleppo_map.export import citation_text
from aleppo_map.render import command_script
from aleppo_map.viewstate import View, parse_view, view_params

# The sidebar starts closed so that the map has the width; the pages are also linked on the
# title line.
st.set_page_config(
    page_title="Aleppo control map",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="collapsed",
)
ui.compact_page()
dataset, timeline = ui.load_or_stop(inline_links=False)  # on the title line below
MAP_HEIGHT = 600

# ---------------------------------------------------------------- view state and the URL
if "view" not in st.session_state:
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    st.session_state.view = parse_view(params, timeline)
    # The map shows weeks: a date opens the week that contains it, and the panel, the
    # downloads and the address show that week's state, as the map does.
    st.session_state.view.date = timeline.frame_date_for(st.session_state.view.date)
    st.session_state.command = 1  # the map opens on the address's view
view: View = st.session_state.view


def command_map() -> None:
    """Python chose a week or an area: the map follows (a new token makes it act)."""
    st.session_state.command += 1


def on_map(report: dict) -> None:
    """The reader stopped on a week, or picked an area or a route, in the map."""
    date = pd.to_datetime(str(report.get("date", "")), format="%Y-%m-%d", errors="coerce")
    if pd.notna(date):
        start, end = dataset.period
        view.date = min(max(pd.Timestamp(date), start), end)
    area = report.get("id")
    view.area = area if area in dataset.areas.index else None
    route = report.get("route")
    st.session_state.route = route if route in set(dataset.routes["route_id"]) else None


def clear_selection() -> None:
    view.area = None
    st.session_state.route = None
    command_map()


with st.container(horizontal=True, vertical_alignment="center", gap="small"):
    st.markdown(
        f"**{ui.md(dataset.headline)}** :gray[· dataset "
        f"{ui.md(dataset.version)} · every colour cites a sentence: click an area]",
        width="content",
    )
    ui.page_links(st.container(horizontal=True, gap="small", width="content"))
for message in view.messages:
    st.info(ui.md_message(message), icon="ℹ️")


@st.fragment
def map_and_panel() -> None:
    left, right = st.columns([0.64, 0.36], gap="small")
    with left:
        ui.map_component(
            dataset,
            timeline,
            command_script(st.session_state.command, view.date, view.area),
            height=MAP_HEIGHT,
            on_change=on_map,
        )
    with right:
        route = st.session_state.get("route")
        if route:
            ui.route_panel(dataset, timeline, route, view.date)
        elif view.area:
            ui.area_panel(dataset, timeline, view.area, view.date)
        else:
            st.markdown(
                "**Click an area**, or find it by name on the map, to see who held it, since "
                "when, and the sentence that says so."
            )
        if route or view.area:
            st.button("Clear selection", on_click=clear_selection)
        ui.week_summary(dataset, timeline, view.date)
        ui.export_buttons(dataset, timeline, view.date, view.area)
        # Plain text, not st.code: the code box's highlighter costs the first visit ~0.4 s.
        cite = citation_text(dataset, view.date, ui.view_url(view_params(view)))
        st.caption(f"**Cite this view:** {ui.md(cite)}")
    st.query_params.from_dict(view_params(view))


map_and_panel()
ui.animation_section(dataset, timeline)
