"""Places nest: units in districts, districts in wider groups, and claims at the level the
sentence speaks (docs/method.md, "Places nest").

The rule: for a unit, the claims about it and about every group containing it count; the
latest wins; on one day the finer place wins; and a claim about a wider place that only
repeats the holder of the finer claim in force does not replace it as the evidence.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aleppo_map.cli import main as aleppo_map
from aleppo_map.load import Dataset, load_dataset, validate_dataset
from aleppo_map.places import Places, empty_groups
from aleppo_map.timeline import Timeline
from tests.conftest import TESTVILLE

NORTH = ("north_bank", "mill_quarter", "old_town")
SOUTH = ("south_bank", "station", "harbour")
GROUPS = [
    # id, name, name_ar, alt_names, parent_id, note
    ("testville", "Testville", "تستفيل", "the whole city", "", "The city: a wider group."),
    ("north_side", "The North Side", "الجانب الشمالي", "north side", "testville", "North."),
    ("south_side", "The South Side", "الجانب الجنوبي", "south side", "testville", "South."),
]
UNIT_GROUPS = {**dict.fromkeys(NORTH, "north_side"), **dict.fromkeys(SOUTH, "south_side")}
# Sentences added to the synthetic Chronicle, and the claims that quote them.
SENTENCES = {
    "contested": "Fighting spread across the north side on 1 April 2020.",
    "mill": "On 10 April 2020 the Blue Militia took the Mill Quarter.",
    "taken": "On 20 April 2020 the Blue Militia held the whole north side.",
    "city": "From 1 March 2020 the Orange Guard claimed the whole city.",
    "tie": "On 3 March 2020 the Blue Militia was fighting over the north side.",
}
CLAIMS = [
    # claim_id, area_id, date, holder, sentence key, evidence
    ("t-city", "testville", "2020-03-01", "opposition", "city", "inferred"),
    ("t-tie", "north_side", "2020-03-03", "contested", "tie", "named"),
    ("t-contested", "north_side", "2020-04-01", "contested", "contested", "named"),
    ("t-mill", "mill_quarter", "2020-04-10", "government", "mill", "named"),
    ("t-taken", "north_side", "2020-04-20", "government", "taken", "named"),
]


def nested(target: Path, groups=GROUPS, claims=CLAIMS, district=None) -> Path:
    """A copy of Testville whose units nest in `groups`, with `claims` added (their sentences
    appended to the Chronicle). The copy has a plain areas.geojson (no drawing)."""
    shutil.copytree(TESTVILLE, target)
    shutil.rmtree(target / "geodata" / "boundaries")
    district = UNIT_GROUPS if district is None else district
    areas_path = target / "geodata" / "areas.geojson"
    areas = json.loads(areas_path.read_text(encoding="utf-8"))
    for feature in areas["features"]:
        feature["properties"]["district_id"] = district.get(feature["id"], "")
    areas_path.write_text(json.dumps(areas, ensure_ascii=False), encoding="utf-8")
    (target / "geodata" / "districts.csv").unlink()
    if not groups:  # units standing alone: Testville's one claim about a district goes too
        claims_path = target / "control_changes.csv"
        lines = claims_path.read_text(encoding="utf-8").splitlines(keepends=True)
        claims_path.write_text("".join(x for x in lines if ",south_side," not in x))
    if groups:
        with (target / "geodata" / "districts.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["id", "name", "name_ar", "alt_names", "parent_id", "note"])
            writer.writerows(groups)
    chronicle = target / "sources" / "chronicle.txt"
    chronicle.write_text(
        chronicle.read_text(encoding="utf-8") + "\n" + "\n\n".join(SENTENCES.values()) + "\n",
        encoding="utf-8",
    )
    with (target / "control_changes.csv").open("a", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        for claim_id, place, date, holder, key, evidence in claims:
            note = "A wider statement." if evidence == "inferred" else ""
            writer.writerow([claim_id, place, date, "day", date, holder, "chronicle",
                             SENTENCES[key], "high", evidence, "true", note])  # fmt: skip
    return target


@pytest.fixture
def nested_town(tmp_path) -> Dataset:
    return load_dataset(nested(tmp_path / "nested"))


def cited(timeline: Timeline, date: str) -> pd.DataFrame:
    return timeline.state_at(date).set_index("area_id")[["holder", "claim_id", "claim_area_id"]]


def test_the_nesting_is_read_from_the_districts_file(nested_town):
    places = nested_town.places
    assert places.chains["old_town"] == ("old_town", "north_side", "testville")
    assert places.members["north_side"] == list(NORTH)
    assert sorted(places.members["testville"]) == sorted(NORTH + SOUTH)
    assert places.wider == {"testville"}
    assert places.children("testville") == ["north_side", "south_side"]


def test_worked_examples_of_the_rule(nested_town):
    """The four examples of docs/method.md, on Testville's north side."""
    timeline = Timeline(nested_town)
    # A sentence about the whole city holds for every unit until a finer one speaks: the
    # south bank's own 3 March sentence replaces it (a later date).
    before = cited(timeline, "2020-03-02")
    assert set(before["claim_id"]) == {"t-city"} and set(before["holder"]) == {"opposition"}
    # On one day the finer place wins: the units' own 3 March sentences (Blue Militia) beat
    # the same day's sentence about the north side (fighting).
    march = cited(timeline, "2020-03-04")
    assert march.loc["north_bank", "holder"] == "government"
    assert march.loc["north_bank", "claim_id"] == "ch-20200303-north_bank"
    # "The north side contested" (like "the Old City contested, July 2012") colours each unit.
    april = cited(timeline, "2020-04-05")
    assert set(april.loc[list(NORTH), "claim_id"]) == {"t-contested"}
    assert set(april.loc[list(NORTH), "claim_area_id"]) == {"north_side"}
    # A unit of it taken ("al-Farafira taken by government forces, 27 September 2016").
    mid = cited(timeline, "2020-04-15")
    assert mid.loc["mill_quarter", "holder"] == "government"
    assert mid.loc["mill_quarter", "claim_id"] == "t-mill"
    assert mid.loc["old_town", "holder"] == "contested"
    # The whole district taken ("the Old City taken, 6 December 2016"): every unit follows,
    # but the mill quarter keeps citing the sentence that names it, which agrees.
    after = cited(timeline, "2020-04-25")
    assert set(after.loc[list(NORTH), "holder"]) == {"government"}
    assert after.loc["old_town", "claim_id"] == "t-taken"
    assert after.loc["mill_quarter", "claim_id"] == "t-mill"
    # Later unit sentences take over again (the Orange Guard's crossing is dated 6 April, so
    # it was replaced by the 20 April district claim; the 1 May fighting is the old town's).
    may = cited(timeline, "2020-05-03")
    assert may.loc["old_town", "claim_id"] == "ch-20200501-old_town"


def test_a_claim_about_a_district_is_named_for_it_and_a_wider_one_is_inferred(nested_town):
    state = Timeline(nested_town).state_at("2020-04-25").set_index("area_id")
    assert state.loc["north_bank", "evidence"] == "named"
    assert state.loc["north_bank", "claim_area_id"] == "north_side"
    assert state.loc["north_bank", "district_id"] == "north_side"
    early = Timeline(nested_town).state_at("2020-03-02").set_index("area_id")
    assert set(early["evidence"]) == {"inferred"}


def test_changes_count_each_unit_a_group_claim_moves_and_none_it_only_repeats(nested_town):
    changes = Timeline(nested_town).changes
    taken = changes[changes["claim_id"] == "t-taken"]
    assert sorted(taken["area_id"]) == ["north_bank", "old_town"]  # not the mill quarter


def test_history_of_a_unit_includes_the_sentences_about_its_groups(nested_town):
    history = Timeline(nested_town).claims_for("old_town")
    assert {"t-city", "t-contested", "t-taken", "ch-20200501-old_town"} <= set(history["claim_id"])
    assert "t-mill" not in set(history["claim_id"])


def test_state_cli_rows_carry_the_district_and_the_place_the_sentence_speaks_of(tmp_path, capsys):
    data = nested(tmp_path / "nested")
    assert aleppo_map(["state", "--date", "2020-04-25", "--data", str(data)]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    by_id = {row["area_id"]: row for row in rows}
    assert by_id["old_town"]["district_id"] == "north_side"
    assert by_id["old_town"]["claim_area_id"] == "north_side"
    assert by_id["mill_quarter"]["claim_area_id"] == "mill_quarter"


def test_a_dataset_without_a_districts_file_has_units_standing_alone(tmp_path):
    alone = load_dataset(nested(tmp_path / "alone", groups=[], claims=[], district={}))
    places = alone.places
    assert not places.has_groups
    assert all(places.chains[u] == (u,) for u in places.units)
    state = Timeline(alone).state_at("2020-05-03")
    assert (state["claim_area_id"] == state["area_id"]).all()


# ------------------------------------------------------------------------ bad nesting


def problems_of(data: Path) -> list[str]:
    dataset, problems = validate_dataset(data)
    assert dataset is None
    return [str(p) for p in problems if p.severity == "error"]


def test_a_district_id_that_names_no_group(tmp_path):
    data = nested(tmp_path / "n", district={"old_town": "north_sid"})
    messages = problems_of(data)
    assert any(
        "geodata/areas.geojson" in m
        and "(id 'old_town')" in m
        and "district_id = 'north_sid'" in m
        and "did you mean 'north_side'?" in m
        for m in messages
    ), messages


def test_a_loop_among_groups(tmp_path):
    groups = [GROUPS[0], ("south_side", "South", "", "", "north_side", ""),
              ("north_side", "North", "", "", "south_side", "")]  # fmt: skip
    messages = problems_of(nested(tmp_path / "n", groups=groups, claims=[]))
    assert any(
        "geodata/districts.csv, line 3 (id 'south_side'): parent_id = 'south_side → north_side"
        " → south_side'"
        in m
        or "parent_id = 'north_side → south_side → north_side'" in m
        for m in messages
    ), messages


def with_kinds(data: Path, kinds: dict[str, str]) -> Path:
    """`data` with the optional `kind` column in its districts file."""
    path = data / "geodata" / "districts.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, [*rows[0], "kind"])
        writer.writeheader()
        writer.writerows({**row, "kind": kinds.get(row["id"], "")} for row in rows)
    return data


def test_a_group_marked_wider_is_no_district_and_its_units_stand_alone(tmp_path):
    data = with_kinds(nested(tmp_path / "n", claims=[]), {"north_side": "wider"})
    places = load_dataset(data).places
    assert places.districts == ["south_side"]
    assert places.shown_district("mill_quarter") == ""
    assert places.district_of("mill_quarter") == "north_side"
    assert places.shown_district("harbour") == "south_side"
    assert "north_side" in places.selectable, "a link may still name it"


def test_a_kind_that_is_not_known_or_a_district_holding_groups(tmp_path):
    data = with_kinds(nested(tmp_path / "n"), {"north_side": "quarter", "testville": "district"})
    messages = problems_of(data)
    assert any(
        "districts.csv, line 3" in m and "kind = 'quarter'" in m and "district, wider" in m
        for m in messages
    ), messages
    assert any(
        "(id 'testville'): kind = 'district'" in m and "north_side, south_side" in m
        for m in messages
    ), messages


def test_a_claim_on_an_unknown_group(tmp_path):
    claims = [("t-x", "north_sides", "2020-04-01", "contested", "contested", "named")]
    messages = problems_of(nested(tmp_path / "n", claims=claims))
    assert any(
        "control_changes.csv, line 15: area_id = 'north_sides'" in m
        and "geodata/areas_index.csv" in m
        and "did you mean 'north_side'?" in m
        for m in messages
    ), messages


def test_a_claim_about_a_wider_group_cannot_be_named(tmp_path):
    claims = [("t-city", "testville", "2020-03-01", "opposition", "city", "named")]
    messages = problems_of(nested(tmp_path / "n", claims=claims))
    assert any(
        "control_changes.csv, line 15: evidence" in m and "wider group" in m for m in messages
    ), messages


def test_a_named_district_claim_must_quote_the_district(tmp_path):
    claims = [("t-x", "south_side", "2020-04-01", "contested", "contested", "named")]
    messages = problems_of(nested(tmp_path / "n", claims=claims))
    assert any("names no spelling of 'south_side'" in m for m in messages), messages


# ------------------------------------------------------------------------ the rule, at random


def reference_claim(claims: pd.DataFrame, chain: tuple[str, ...], date) -> str | None:
    """Walk a unit's claims day by day, as a reader of the rule would."""
    mine = claims[claims["area_id"].isin(chain) & (claims["date"] <= date)].copy()
    mine["level"] = mine["area_id"].map(chain.index)
    current = None
    for claim in mine.sort_values(["date", "level", "line"], ascending=[1, 0, 1]).itertuples():
        repeats = current is not None and claim.holder == current.holder
        if repeats and claim.level > current.level:
            continue
        current = claim
    return None if current is None else current.claim_id


UNITS = NORTH + SOUTH
PLACES = (*UNITS, "north_side", "south_side", "testville")
HOLDERS = ("government", "opposition", "contested")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(PLACES), st.integers(0, 40), st.sampled_from(HOLDERS)),
        min_size=1,
        max_size=25,
    ),
    st.integers(0, 45),
)
def test_the_state_follows_the_rule_for_any_claims(testville, rows, probe):
    start = pd.Timestamp("2020-03-01")
    claims = pd.DataFrame(
        {
            "claim_id": [f"c{i}" for i in range(len(rows))],
            "area_id": [r[0] for r in rows],
            "date": [start + pd.Timedelta(days=r[1]) for r in rows],
            "holder": [r[2] for r in rows],
            "adopted": True,
            "line": range(2, len(rows) + 2),
        }
    )
    for column in ("date_precision", "date_as_written", "source_id", "quote", "confidence"):
        claims[column] = ""
    claims["evidence"], claims["note"] = "named", ""
    groups = empty_groups()
    for group_id, name, _, _, parent, _ in GROUPS:
        groups.loc[group_id] = [name, "", [], parent, "", "", 0]  # kind empty: the nesting
    places = Places(list(testville.areas.index), UNIT_GROUPS, groups)
    dataset = Dataset(
        root=testville.root, areas=testville.areas, claims=claims, sources=testville.sources,
        landmarks=testville.landmarks, places=places,
    )  # fmt: skip
    date = start + pd.Timedelta(days=probe)
    state = Timeline(dataset).state_at(date).set_index("area_id")
    for unit in UNITS:
        expected = reference_claim(claims, places.chains[unit], date)
        assert (state.loc[unit, "claim_id"] or None) == expected, unit
