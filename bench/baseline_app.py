"""Baseline for the browser benchmark: the common naive pattern, NOT the app.

Every rerun builds a new folium.Map with one folium.GeoJson coloured by holder and passes it
to st_folium with no feature_group_to_add, so the map iframe is rebuilt on every step. It takes
the same `?date=` and has the same "1 week ▶" button as the app, so the browser benchmark can
time both the same way. It is not in pages/: users never see it.

bench/browser.py runs it from a temporary directory that has the app's static/ beside it
(Streamlit serves static/ next to the main script), so Leaflet loads with no network:

    .venv/bin/python -m bench.browser
"""

from __future__ import annotations

import json

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from aleppo_map.assets import STATIC_URL
from aleppo_map.model import HOLDER_COLOURS, HOLDER_LABELS
from aleppo_map.payload import area_geojson
from aleppo_map.ui.data import load_or_stop
from aleppo_map.viewstate import parse_view

LOCAL_LEAFLET = f"{STATIC_URL}/vendor/leaflet"

st.set_page_config(page_title="Baseline: folium map rebuilt on every rerun", layout="wide")
dataset, timeline = load_or_stop()

if "date" not in st.session_state:
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    st.session_state.date = parse_view(params, timeline).date


def step_week() -> None:
    start, end = dataset.period
    date = timeline.frame_date_for(st.session_state.date) + pd.Timedelta(weeks=1)
    st.session_state.date = min(max(date, start), end)


st.title("Baseline: the whole folium map rebuilt on every rerun")
st.button("1 week ▶", on_click=step_week)
date = st.session_state.date
st.markdown(f"#### {date:%A %d %B %Y}")

state = timeline.state_at(date).set_index("area_id")
geojson = json.loads(area_geojson(dataset))
for feature in geojson["features"]:
    row = state.loc[feature["id"]]
    feature["properties"].update(
        name=row["name"],
        holder=row["holder"],
        label=HOLDER_LABELS[row["holder"]],
        shown=f"{date:%d %b %Y}",
    )

city = dataset.meta.get("city") or {}  # the dataset's suggested view, else its bounds' centre
minx, miny, maxx, maxy = dataset.areas.total_bounds
center = city.get("center") or [(miny + maxy) / 2, (minx + maxx) / 2]
zoom = int(city.get("zoom", 12))
m = folium.Map(location=center, zoom_start=zoom, tiles=None, control_scale=True)
m.default_js = [("leaflet", f"{LOCAL_LEAFLET}/leaflet.js")]
m.default_css = [("leaflet_css", f"{LOCAL_LEAFLET}/leaflet.css")]
folium.GeoJson(
    geojson,
    style_function=lambda feature: {
        "fillColor": HOLDER_COLOURS[feature["properties"]["holder"]],
        "fillOpacity": 0.78,
        "color": "#ffffff",
        "weight": 1,
    },
    tooltip=folium.GeoJsonTooltip(["name", "label", "shown"], labels=False),
).add_to(m)
st_folium(m, key="map", height=620, use_container_width=True, returned_objects=[])
st.query_params["date"] = f"{date:%Y-%m-%d}"
