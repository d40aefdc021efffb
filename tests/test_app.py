"""The Streamlit pages under AppTest: they run, the URL restores a view, the map follows it.

What happens inside the map's frame (scrubbing, playing, reporting the week) is tested in a
real browser (tests/browser/).
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from aleppo_map.ui.map import COMPONENT_NAME
from aleppo_map.ui.side import COMPONENT_NAME as SIDE_NAME
from tests.conftest import REPO, TESTVILLE

PAGES = [
    "app.py",
    "pages/1_Timeline.py",
    "pages/2_Sources.py",
    "pages/3_Data.py",
    "pages/4_Method.py",
]


def run(page: str = "app.py", data=TESTVILLE, monkeypatch=None, **params) -> AppTest:
    if monkeypatch is not None:
        monkeypatch.setenv("ALEPPO_DATA_DIR", str(data))
    at = AppTest.from_file(str(REPO / page), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def shown_date(at: AppTest) -> pd.Timestamp:
    return at.session_state["view"].date


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("data", [TESTVILLE, REPO], ids=["testville", "aleppo"])
def test_every_page_runs_without_exception(page, data, monkeypatch):
    at = run(page, data, monkeypatch)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def test_query_parameters_restore_a_view(monkeypatch):
    at = run(monkeypatch=monkeypatch, date="2020-05-03", area="old_town")
    assert shown_date(at) == pd.Timestamp("2020-05-03")
    assert at.session_state["view"].area == "old_town"
    assert any("Old Town" in m.value for m in at.markdown)
    assert any("Fighting raged in the Old Town" in m.value for m in at.markdown)
    assert at.query_params["date"] == ["2020-05-03"] or at.query_params["date"] == "2020-05-03"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"date": "yesterday"}, "is not a date of the form YYYY-MM-DD"),
        ({"date": "2016-02-30"}, "is not a date of the form YYYY-MM-DD"),
        ({"date": "1999-01-01"}, "outside the period"),
        ({"area": "atlantis"}, "not on this map"),
        ({"area": "x" * 5000}, "characters long"),
        ({"area": "<script>alert(1)</script>"}, "not on this map"),
        ({"compare": "<script>alert(1)</script>"}, "not comparing"),
        ({"compare": "2016-02-30"}, "not comparing"),
        ({"compare": "1999-01-01"}, "comparing with"),
        ({"route": "atlantis"}, "not on this map"),
        ({"mode": "javascript:x"}, "is not one of holder, age"),
    ],
)
def test_bad_query_parameter_gets_a_gentle_message(params, expected, monkeypatch):
    at = run(monkeypatch=monkeypatch, **params)
    assert not at.exception
    assert any(expected in m.value for m in at.info), [m.value for m in at.info]


def map_args(at: AppTest) -> dict:
    """The arguments the page sends to the map's frame (our own component): data only."""
    component = at.get("component_instance")[0].proto
    assert component.component_name == COMPONENT_NAME == "aleppo_map.ui.map.timemap"
    return json.loads(component.json_args)


def map_command(at: AppTest) -> dict:
    """The week and area that Python last asked the map to show, with its token."""
    return map_args(at)["command"]


def test_the_map_opens_on_the_address_view_and_only_its_command_changes(monkeypatch):
    at = run(monkeypatch=monkeypatch, date="2020-05-03", area="old_town")
    args = map_args(at)
    # lang: the page's language (the frame's words); it stays the same for the session.
    assert set(args) == {"payload_url", "title", "height", "command", "lang", "key", "default"}
    assert args["lang"] == "en"
    assert args["command"] == {"token": 1, "week": "2020-05-03", "area": "old_town",
                               "compare": None, "route": None, "mode": "holder"}  # fmt: skip
    assert args["title"] == "Interactive map: Testville territorial control (synthetic test data)"
    # The payload is a static file served beside the map's scripts (so each rerun sends a
    # few hundred bytes of arguments, not the areas).
    assert len(json.dumps(args)) < 500
    url = args["payload_url"]
    assert re.fullmatch(r"\.\./\.\./app/static/vendor/aleppo-map/map-data\.[0-9a-f]{16}\.json", url)
    payload = json.loads((REPO / "static" / url.split("/static/", 1)[1]).read_text("utf-8"))
    assert "old_town" in payload["ids"]

    button(at, "Clear selection").click().run()
    assert at.session_state["view"].area is None
    after = map_args(at)
    assert after["command"] == {"token": 2, "week": "2020-05-03", "area": None,
                                "compare": None, "route": None, "mode": "holder"}  # fmt: skip
    # Everything else is the same: the frame is not remounted, and it gets no new payload.
    assert {k: v for k, v in after.items() if k != "command"} == {
        k: v for k, v in args.items() if k != "command"
    }
    assert "Click an area" in " ".join(m.value for m in at.markdown)


def test_a_rerun_that_does_not_move_the_map_sends_the_same_arguments(monkeypatch):
    at = run(monkeypatch=monkeypatch, date="2020-05-03")
    before = map_args(at)
    at.run()
    assert map_args(at) == before


def test_invalid_data_shows_an_error_box_not_a_traceback(testville_copy, monkeypatch):
    claims = testville_copy / "control_changes.csv"
    claims.write_text(claims.read_text().replace(",opposition,", ",rebels,", 1))
    at = run(data=testville_copy, monkeypatch=monkeypatch)
    assert not at.exception
    assert "cannot be shown" in at.error[0].value
    assert "holder = 'rebels'" in at.code[0].value


def side_args(at: AppTest) -> list[dict]:
    """The arguments of the side frames (aleppo_map/ui/side.py) on the page, in order."""
    return [
        json.loads(c.proto.json_args)
        for c in at.get("component_instance")
        if c.proto.component_name == SIDE_NAME
    ]


def test_compare_mode_opens_from_the_address_with_its_list_and_download(monkeypatch):
    at = run(monkeypatch=monkeypatch, date="2020-04-25", compare="2020-03-04")
    assert not at.exception and not at.info
    view = at.session_state["view"]
    # Both dates open the week that contains them: the map shows weeks.
    assert (view.date, view.compare) == (pd.Timestamp("2020-04-26"), pd.Timestamp("2020-03-08"))
    assert map_command(at)["compare"] == "2020-03-08"
    [changes] = side_args(at)
    assert {k: changes[k] for k in ("part", "week", "compare", "area")} == {
        "part": "changes",
        "week": "2020-04-26",
        "compare": "2020-03-08",
        "area": None,
    }
    assert len(json.dumps(changes)) < 300, "the side frame gets a URL and the view, not data"
    assert any(b.label == "Download the changes (CSV)" for b in at.get("download_button"))
    assert at.query_params["compare"] in (["2020-03-08"], "2020-03-08")


def test_an_area_panel_says_when_it_was_last_named_and_has_its_strip(monkeypatch):
    at = run(monkeypatch=monkeypatch, date="2020-06-14", area="south_bank")
    captions = " ".join(c.value for c in at.caption)
    # compare.last_named: the 3 March sentence names the south bank; 14 weeks and 5 days.
    assert "Last named by a sentence on 3 Mar 2020, 14 weeks before the shown week." in captions
    [story] = side_args(at)
    assert (story["part"], story["area"], story["week"]) == ("story", "south_bank", "2020-06-14")


def test_a_route_in_the_address_opens_its_panel(monkeypatch):
    at = run(monkeypatch=monkeypatch, data=REPO, date="2016-07-24", route="castello_road")
    assert not at.exception
    assert not [m for m in at.info if "link" in m.value], "the link is honoured"
    assert map_command(at)["route"] == "castello_road"
    assert any("Castello" in m.value for m in at.markdown)
    assert at.query_params["route"] in (["castello_road"], "castello_road")


def test_the_app_renders_the_vertical_video_for_download(monkeypatch):
    """The downloads offer the 9:16 MP4: chosen, rendered, and stored as an H.264 MP4."""
    at = run(monkeypatch=monkeypatch)
    at.radio(key="video_format").set_value("MP4 for phones (9:16)").run()
    from aleppo_map.load import load_dataset
    from aleppo_map.timeline import Timeline

    frames = list(Timeline(load_dataset(TESTVILLE)).frame_dates)
    at.select_slider(key="gif_range").set_value((frames[0], frames[2])).run()
    button(at, "Render MP4 for phones (9:16)").click().run()
    assert not at.exception, at.exception
    data, file_name, kind = at.session_state["gif"]
    assert kind == "mp4" and file_name.endswith("-9x16.mp4"), file_name
    assert data[4:8] == b"ftyp" and b"avc1" in data[:4096], data[:32]
