"""The map's frame in the app (aleppo_map/frame.py): the page our Streamlit component shows,
the files it loads, and what crosses its boundary, which is data and never code."""

from __future__ import annotations

import json
import re

import pandas as pd

from aleppo_map import assets, frame
from aleppo_map.payload import map_payload
from aleppo_map.render import APP_SCRIPT_FILES, STYLE_FILES
from aleppo_map.safetext import safe_json
from aleppo_map.timeline import Timeline


def test_the_page_loads_leaflet_then_the_map_scripts_in_order_and_the_bridge_last(tmp_path):
    folder = frame.frame_page(tmp_path)
    page = (folder / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', page)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert scripts[0] == "../../app/static/vendor/leaflet/leaflet.js"
    assert styles[0] == "../../app/static/vendor/leaflet/leaflet.css"
    names = [re.sub(r"\.[0-9a-f]{10}\.", ".", url.rsplit("/", 1)[1]) for url in scripts[1:]]
    assert names == list(APP_SCRIPT_FILES)
    assert len(styles) == 1 + len(STYLE_FILES)
    bridge = r'<script src="[^"]+timemap-streamlit\.[0-9a-f]{10}\.js" data-map="tm-map">'
    assert re.search(bridge, page)
    # Every file it names is there, under the static folder Streamlit serves.
    for url in scripts + styles:
        assert (tmp_path / url.split("/static/", 1)[1]).is_file(), url
    # No code of its own, and a reader may zoom the page.
    assert "<script>" not in page and "eval(" not in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "user-scalable" not in page and "maximum-scale" not in page


def test_writing_the_page_again_changes_nothing(tmp_path):
    first = (frame.frame_page(tmp_path) / "index.html").read_bytes()
    files = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert (frame.frame_page(tmp_path) / "index.html").read_bytes() == first
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()) == files


def test_the_payload_is_a_hashed_static_file_holding_the_map_payload(testville, tmp_path):
    timeline = Timeline(testville)
    url = frame.payload_url(testville, timeline, tmp_path)
    assert re.fullmatch(r"\.\./\.\./app/static/vendor/aleppo-map/map-data\.[0-9a-f]{16}\.json", url)
    text = (tmp_path / url.split("/static/", 1)[1]).read_text(encoding="utf-8")
    assert text == safe_json(map_payload(testville, timeline))
    assert frame.payload_url(testville, timeline, tmp_path) == url  # the same file again


def test_the_command_is_data():
    command = frame.map_command(7, pd.Timestamp("2016-11-29"), "hananu")
    assert command == {"token": 7, "week": "2016-11-29", "area": "hananu", "compare": None,
                       "route": None, "mode": "holder"}  # fmt: skip
    assert json.loads(json.dumps(command)) == command
    assert frame.map_command(8, "2016-12-04", None)["area"] is None
    compared = frame.map_command(9, "2016-12-18", None, compare=pd.Timestamp("2016-11-06"))
    assert compared["compare"] == "2016-11-06"
    assert frame.map_command(10, "2016-07-24", None, route="castello_road", mode="age") == {
        "token": 10, "week": "2016-07-24", "area": None, "compare": None,
        "route": "castello_road", "mode": "age"}  # fmt: skip


def test_the_frame_has_a_title_that_names_the_map(testville):
    assert frame.frame_title(testville) == f"Interactive map: {testville.headline}"


def test_a_restart_finds_its_payload_without_making_it_and_an_edit_makes_a_new_one(tmp_path):
    made = []

    def make(text: str):
        return lambda: made.append(text) or text

    first = assets.remembered_data_file(tmp_path, "map-data", "data@1|code", make('{"a": 1}'))
    # a process started again on the same files: the note names the file, nothing is made
    again = assets.remembered_data_file(tmp_path, "map-data", "data@1|code", make('{"a": 1}'))
    assert again == first and made == ['{"a": 1}']
    # the data edited: another signature, another payload, another file
    edited = assets.remembered_data_file(tmp_path, "map-data", "data@2|code", make('{"a": 2}'))
    assert edited != first and made == ['{"a": 1}', '{"a": 2}']
    # a note whose file is gone is not trusted
    (tmp_path / "vendor" / "aleppo-map" / first.rsplit("/", 1)[1]).unlink()
    back = assets.remembered_data_file(tmp_path, "map-data", "data@1|code", make('{"a": 1}'))
    assert back == first
    assert len(made) == 3
    # no signature (a dataset not read from files): never remembered
    assets.remembered_data_file(tmp_path, "map-data", "", make('{"a": 1}'))
    assert len(made) == 4
