"""Compare two dates and the age of the evidence, against the state the timeline gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from aleppo_map.compare import age_class, diff, evidence_age_weekly, km2_gained_and_lost, last_named
from aleppo_map.load import load_dataset
from aleppo_map.timeline import Timeline
from tests.test_places import nested


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    return Timeline(load_dataset(nested(tmp_path_factory.mktemp("compare") / "nested")))


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [
        ("2020-03-04", "2020-04-25"),
        ("2020-04-25", "2020-03-04"),
        ("2020-03-01", "2020-06-30"),
        ("2020-05-03", "2020-05-03"),
    ],  # fmt: skip
)
def test_diff_lists_exactly_the_units_whose_holder_differs(town, date_from, date_to):
    table = diff(town, date_from, date_to).set_index("area_id")
    a = town.state_at(date_from).set_index("area_id")["holder"]
    b = town.state_at(date_to).set_index("area_id")["holder"]
    assert set(table.index) == set(a.index[a != b])
    for unit, row in table.iterrows():
        assert (row["holder_from"], row["holder_to"]) == (a[unit], b[unit])
        assert row["claim_ids"], unit  # a change of holder always has a claim behind it


def test_diff_names_the_claims_that_made_the_change(town):
    table = diff(town, "2020-04-05", "2020-04-15").set_index("area_id")
    assert table.loc["mill_quarter", "claim_ids"] == "ch-20200406-mill_quarter;t-mill"
    assert table.loc["mill_quarter", "change_dates"] == "2020-04-06;2020-04-10"
    assert "old_town" not in table.index  # contested at both dates
    table = diff(town, "2020-03-04", "2020-04-05").set_index("area_id")
    assert table.loc["old_town", "claim_ids"] == "t-contested"
    assert table.loc["old_town", "holder_to"] == "contested"


def test_km2_gained_and_lost_balance(town):
    totals = km2_gained_and_lost(diff(town, "2020-03-04", "2020-04-25"))
    assert totals["net_km2"].sum() == pytest.approx(0, abs=1e-6)
    assert totals.loc["government", "gained_km2"] >= 0


def test_evidence_age_counts_weeks_from_the_last_supporting_sentence(town):
    ages = evidence_age_weekly(town)
    frames = town.frame_dates
    week = frames[frames.get_indexer([pd.Timestamp("2020-05-03")])[0]]
    # The mill quarter is government on 3 May on the 10 April sentence, repeated (not cited)
    # by the north side's 20 April one: 13 days → 1 full week.
    assert ages.loc[week, "mill_quarter"] == 1
    # The south bank rests on its 3 March sentence: 61 days → 8 weeks.
    assert ages.loc[week, "south_bank"] == 8
    assert age_class(ages.loc[week, "south_bank"]) == 1
    assert age_class(np.nan) == -1


def test_last_named_sentence_of_a_unit_skips_wider_groups(town):
    claim = last_named(town, "south_bank", "2020-06-01")
    assert claim["claim_id"] == "ch-20200303-south_bank"
    claim = last_named(town, "south_bank", "2020-06-30")
    assert claim["claim_id"] == "ch-20200620-south_side"  # named for the south side
    claim = last_named(town, "old_town", "2020-04-25")
    assert claim["claim_id"] == "t-taken"  # named for the north side
