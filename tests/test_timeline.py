"""The state engine: state at a date, weekly frames, changes and km² per holder."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aleppo_map.load import Dataset
from aleppo_map.model import HOLDERS
from aleppo_map.timeline import Timeline


def test_state_before_any_claim_is_unknown(testville):
    state = Timeline(testville).state_at("2020-03-02")
    assert set(state["holder"]) == {"unknown"}
    assert state["claim_id"].eq("").all()


def test_state_follows_adopted_claims_not_rejected_ones(testville):
    timeline = Timeline(testville)
    harbour = timeline.state_at("2020-06-08").set_index("area_id").loc["harbour"]
    # The Gazette's 7 June claim is kept but not adopted: the map still shows the old holder.
    assert harbour["holder"] == "opposition"
    harbour = timeline.state_at("2020-06-14").set_index("area_id").loc["harbour"]
    assert harbour["holder"] == "government"
    assert harbour["claim_id"] == "ch-20200614-harbour"
    assert harbour["since"] == pd.Timestamp("2020-06-14")


def test_contested_then_retaken(testville):
    timeline = Timeline(testville)
    old_town = lambda d: timeline.state_at(d).set_index("area_id").loc["old_town", "holder"]  # noqa: E731
    assert old_town("2020-04-30") == "government"
    assert old_town("2020-05-01") == "contested"
    assert old_town("2020-05-25") == "government"


def test_disagreeing_claims_shown_for_current_holding(testville):
    timeline = Timeline(testville)
    rejected = timeline.disagreeing_claims("harbour", "2020-06-20")
    assert list(rejected["claim_id"]) == ["ga-20200607-harbour"]
    assert timeline.disagreeing_claims("north_bank", "2020-06-20").empty


def test_weekly_frames_cover_first_to_last_claim_on_sundays(testville):
    timeline = Timeline(testville)
    frames = timeline.weekly_frames()
    assert (frames.index.day_of_week == 6).all()
    assert frames.index[0] <= testville.claims["date"].min() + pd.Timedelta(days=6)
    assert frames.index[-1] >= testville.claims["date"].max()
    last = frames.loc[frames.index[-1]]
    # The south side's 20 June sentence turns the station district; the harbour keeps its own.
    assert last["harbour"] == "government" and last["station"] == "government"


def test_changes_skip_repeats_and_list_previous_holder(testville):
    timeline = Timeline(testville)
    changes = timeline.changes
    mill = changes[changes["area_id"] == "mill_quarter"]
    assert list(mill["holder"]) == ["government", "opposition", "government"]
    assert list(mill["previous_holder"]) == ["unknown", "government", "opposition"]
    week = timeline.changes_in_week(pd.Timestamp("2020-06-14"))
    assert list(timeline.changes_in_week(pd.Timestamp("2020-05-24"))["area_id"]) == []
    assert list(week["area_id"]) == ["harbour"]


def test_area_by_holder_sums_to_total_area(testville):
    timeline = Timeline(testville)
    totals = timeline.area_by_holder("2020-04-20")
    assert list(totals.index) == list(HOLDERS)
    assert totals.sum() == pytest.approx(testville.areas["area_km2"].sum())
    assert totals["opposition"] == pytest.approx(
        testville.areas["area_km2"].iloc[[1, 3, 4, 5]].sum()
    )
    weekly = timeline.area_by_holder_weekly()
    assert weekly.sum(axis=1).round(6).nunique() == 1


def test_frame_date_for_snaps_to_the_week_end(testville):
    timeline = Timeline(testville)
    assert timeline.frame_date_for("2020-04-08") == pd.Timestamp("2020-04-12")
    assert timeline.frame_date_for("2020-04-12") == pd.Timestamp("2020-04-12")
    assert timeline.frame_date_for("1999-01-01") == timeline.frame_dates[0]


# ---------------------------------------------------------------------------- property


AREAS = ["north_bank", "mill_quarter", "old_town", "south_bank", "station", "harbour"]
claim_rows = st.lists(
    st.tuples(
        st.sampled_from(AREAS),
        st.integers(0, 120),  # day offset
        st.sampled_from(HOLDERS),
        st.booleans(),  # adopted
    ),
    min_size=1,
    max_size=40,
)


def reference_holder(claims: pd.DataFrame, area: str, date: pd.Timestamp) -> str:
    """Slow and obvious: the last adopted claim on or before the date, later line wins ties."""
    rows = [r for r in claims.itertuples() if r.area_id == area and r.adopted and r.date <= date]
    rows.sort(key=lambda r: (r.date, r.line))
    return rows[-1].holder if rows else "unknown"


@settings(max_examples=150, deadline=None)
@given(rows=claim_rows, probe=st.integers(-5, 130))
def test_state_is_last_adopted_claim_on_or_before_date(testville, rows, probe):
    start = pd.Timestamp("2020-03-01")
    claims = pd.DataFrame(
        {
            "claim_id": [f"c{i}" for i in range(len(rows))],
            "area_id": [r[0] for r in rows],
            "date": [start + pd.Timedelta(days=r[1]) for r in rows],
            "holder": [r[2] for r in rows],
            "adopted": [r[3] for r in rows],
            "line": range(2, len(rows) + 2),
        }
    )
    text_columns = ("date_precision", "date_as_written", "source_id", "quote", "confidence")
    for column in (*text_columns, "evidence", "note"):
        claims[column] = ""
    dataset = Dataset(
        root=testville.root,
        areas=testville.areas,
        claims=claims,
        sources=testville.sources,
        landmarks=testville.landmarks,
    )
    date = start + pd.Timedelta(days=probe)
    state = Timeline(dataset).state_at(date).set_index("area_id")
    for area in AREAS:
        assert state.loc[area, "holder"] == reference_holder(claims, area, date)
