"""The browser layer's own copy of the rules agrees with the engine's.

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

import pandas as pd
import pytest

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
