"""The browser layer's own copy of the rules agrees with the engine's: the claim in force,
the disagreeing claims and the spelling keys (payload_check.js); the list of changes of
compare mode, an area's strip and the age of the evidence (story_check.js).

The published file decides in JavaScript which claim is in force and which claims disagree
(aleppo_map/web/timemap-core.js), the table of the week shows each unit's district, holder,
evidence and since-date as `aleppo-map state` does (web/timemap-access.js, in the app too),
and the search normalises spellings as the validator does.
Node runs that code on the real payload; the answers must equal the Python engine's for every
area and every week.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

from aleppo_map.compare import diff, evidence_age_weekly, km2_gained_and_lost, last_named
from aleppo_map.evidence import spelling_key
from aleppo_map.payload import map_payload
from aleppo_map.timeline import Timeline
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not shutil.which("node"), reason="Node.js runs the JS tests")


@pytest.mark.parametrize("name", ["aleppo", "testville"])
def test_javascript_and_python_agree_on_every_area_and_week(name, request, tmp_path):
    dataset = request.getfixturevalue(name)
    timeline = Timeline(dataset)
    payload = map_payload(dataset, timeline, panel=True)
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    result = subprocess.run(
        ["node", str(REPO / "tests" / "js" / "payload_check.js"), str(path)],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    js = json.loads(result.stdout)
    ids = list(dataset.areas.index)
    district_names = dataset.places.groups["name"].to_dict()
    for week, date in enumerate(timeline.frame_dates):
        state = timeline.state_at(date)
        assert js["inForce"][week] == list(state["claim_id"]), date
        expected = [
            [row.area_id, district_names.get(row.district_id, ""), row.holder,
             row.evidence,
             "" if pd.isna(row.since) else f"{row.since:%Y-%m-%d}"]
            for row in state.itertuples()
        ]  # fmt: skip
        assert js["table"][week] == expected, date
        if week % 5:  # disagreements: every fifth week (and every area) is enough, and fast
            continue
        for k, area_id in enumerate(ids):
            expected = list(timeline.disagreeing_claims(area_id, date)["claim_id"])
            assert js["disagreeing"][week][k] == expected, (date, area_id)
    for k, area_id in enumerate(ids):
        area = dataset.areas.loc[area_id]
        spellings = [area["name"], area["name_ar"], *area["alt_names"]]
        assert js["keys"][k] == [spelling_key(s).strip() for s in spellings], area_id


# Week pairs to compare: forwards, backwards, the same week, the whole period.
PAIRS = {
    "aleppo": [("2016-11-06", "2016-12-18"), ("2016-12-18", "2016-11-06"),
               ("2012-07-22", "2016-12-25"), ("2014-06-15", "2014-06-15"),
               ("2013-11-10", "2016-08-07")],
    "testville": [("2020-03-08", "2020-04-26"), ("2020-04-26", "2020-03-08"),
                  ("2020-04-05", "2020-04-19")],
}  # fmt: skip


@pytest.mark.parametrize("name", ["aleppo", "testville"])
def test_compare_strip_and_age_in_javascript_are_the_engines(name, request, tmp_path):
    """The list of changes is compare.diff (`aleppo-map diff`) and its km² the engine's; each
    cell of an area's strip is its weekly frame (holder, evidence, claim in force); the age of
    the evidence is compare.evidence_age_weekly; the last-named claim is compare.last_named."""
    dataset = request.getfixturevalue(name)
    timeline = Timeline(dataset)
    payload = map_payload(dataset, timeline, panel=True)
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    pairs = PAIRS[name]
    result = subprocess.run(
        ["node", str(REPO / "tests" / "js" / "story_check.js"), str(path), json.dumps(pairs)],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    js = json.loads(result.stdout)
    for (a, b), got in zip(pairs, js["diffs"], strict=True):
        table = diff(timeline, a, b)
        assert got["rows"] == table.to_dict("records"), (a, b)
        totals = km2_gained_and_lost(table)
        for holder, gained, lost, net in got["totals"]:
            assert [gained, lost, net] == pytest.approx(list(totals.loc[holder]), abs=1e-4)
    if name == "aleppo":
        assert len(js["diffs"][0]["rows"]) > 50, "6 November to 18 December: the fall of the east"
    holders = timeline.weekly_frames()
    evidence = timeline.weekly_frames("evidence")
    ages = evidence_age_weekly(timeline)
    codes = {"named": "n", "inferred": "i", "": "-"}
    for k, area_id in enumerate(timeline.area_ids):
        strip = js["strips"][k]
        assert [c[0] for c in strip] == [f"{d:%Y-%m-%d}" for d in timeline.frame_dates]
        assert [c[1] for c in strip] == list(holders[area_id]), area_id
        assert [c[2] for c in strip] == [codes[e] for e in evidence[area_id]], area_id
        expected = ages[area_id].to_numpy()
        got = np.array([np.nan if v is None else v for v in js["ages"][k]], dtype=float)
        np.testing.assert_array_equal(got, expected, err_msg=area_id)
    for week, date in enumerate(timeline.frame_dates):
        state = timeline.state_at(date)
        assert [s[week][3] for s in js["strips"]] == list(state["claim_id"]), date
        if week % 7:  # the last-named claim: every seventh week (and every unit) is enough
            continue
        for k, area_id in enumerate(timeline.area_ids):
            claim = last_named(timeline, area_id, date)
            assert js["named"][k][week] == (None if claim is None else claim["claim_id"])
