"""Main page: who held which neighbourhood of Aleppo, week by week, and on whose word.

Run with `make run` (`python -m aleppo_map.ui.start`: `streamlit run app.py` with the first
page's work done at start; both take `-- --data DIR` for another dataset).
Time lives in the map: its time bar scrubs, steps and plays in the browser, and tells the
app where the reader stopped; the app then shows the evidence panel, the week's changes,
the downloads and the address. The page only arranges widgets; `aleppo_map` computes.
"""

from __future__ import annotations

import streamlit as st

from aleppo_map.ui import data, downloads, layout, panel, side, view
from aleppo_map.ui.map import time_map
from aleppo_map.ui.text import md_message

MAP_HEIGHT = 600

# The sidebar starts closed so that the map has the width; the pages are also linked on the
# title line.
st.set_page_config(
    page_title="Aleppo control map",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="collapsed",
)
layout.compact_page()
layout.navigation(inline=False)
dataset, timeline = data.load_or_stop()
shown = view.session_view(timeline)
layout.title_line(dataset, view.view_params(shown))
for message in shown.messages:
    st.info(md_message(message), icon="ℹ️")


@st.fragment
def map_and_panel() -> None:
    left, right = st.columns([0.64, 0.36], gap="small")
    with left:
        time_map(
            dataset,
            timeline,
            view.command(shown),
            height=MAP_HEIGHT,
            on_change=lambda report: view.take_report(dataset, shown, report),
        )
    with right:

        def chosen(report: dict) -> None:  # a week of the strip, a unit of the changes
            view.take_side_report(dataset, shown, report)

        panel.selection_panel(
            dataset, timeline, shown.area, view.selected_route(), shown.date,
            on_clear=view.clear_selection, on_week=chosen, on_choose=view.choose_area,
        )  # fmt: skip
        if shown.compare is not None:
            side.compare_section(dataset, timeline, shown.date, shown.compare, on_area=chosen)
        panel.week_summary(dataset, timeline, shown.date)
        downloads.export_buttons(
            dataset, timeline, shown.date, shown.area, shown.compare, shown.mode
        )
        downloads.cite_line(dataset, shown.date, view.view_url(shown))
    view.write_address(shown)


map_and_panel()
downloads.animation_section(dataset, timeline)
data.warm(timeline)  # after the page: the first reader does not wait for it
