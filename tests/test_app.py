"""The Streamlit pages under AppTest: they run, the time controls move, the URL restores a view."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

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
    ],
)
def test_bad_query_parameter_gets_a_gentle_message(params, expected, monkeypatch):
    at = run(monkeypatch=monkeypatch, **params)
    assert not at.exception
    assert any(expected in m.value for m in at.info), [m.value for m in at.info]


def test_step_buttons_and_slider_change_the_shown_state(monkeypatch):
    at = run(monkeypatch=monkeypatch, date="2020-04-05")
    start = shown_date(at)
    button(at, "1 week ▶").click().run()
    assert shown_date(at) == start + pd.Timedelta(weeks=1)
    button(at, "◀ 1 week").click().run()
    assert shown_date(at) == start
    button(at, "Next change »").click().run()
    assert shown_date(at) == pd.Timestamp("2020-04-06")
    button(at, "« Previous change").click().run()
    assert shown_date(at) == pd.Timestamp("2020-03-03")
    at.select_slider[0].set_value(pd.Timestamp("2020-05-31")).run()
    assert shown_date(at) == pd.Timestamp("2020-05-31")
    assert any("In the 7 days 25 May – 31 May 2020" in m.value for m in at.markdown)


def test_invalid_data_shows_an_error_box_not_a_traceback(testville_copy, monkeypatch):
    claims = testville_copy / "control_changes.csv"
    claims.write_text(claims.read_text().replace(",opposition,", ",rebels,", 1))
    at = run(data=testville_copy, monkeypatch=monkeypatch)
    assert not at.exception
    assert "cannot be shown" in at.error[0].value
    assert "holder = 'rebels'" in at.code[0].value


def test_play_toggles_and_restarts_at_the_start_when_at_the_end(monkeypatch):
    at = run(monkeypatch=monkeypatch, date="2020-06-30")
    button(at, "▶ Play").click().run()
    assert at.session_state["playing"] is True
    assert shown_date(at) <= pd.Timestamp("2020-03-15")  # from the end, play starts over
    button(at, "⏸ Pause").click().run()
    assert at.session_state["playing"] is False
