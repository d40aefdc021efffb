"""Evidence in a real Chromium, on the bundled data: the map draws a holding that no sentence
names (inferred from a wider statement) differently from one a sentence names, the panel says
which it is, and the routes into the east are drawn by their state with the siege line while
every route in is cut.

An inferred area is filled with an SVG pattern (dots over the holder's colour, or the dotted
hatch when contested); a named one with a plain colour (the plain hatch when contested, the
plain lines when Kurdish).
"""

from __future__ import annotations

import re

import pytest

from aleppo_map.load import load_dataset
from aleppo_map.timeline import Timeline
from tests.browser.harness import (
    REPO,
    STROKE_BOX_ORIGIN,
    click_area,
    map_frame,
    map_js_frame,
    map_week,
    wait_for_app,
    wait_for_map_still,
    wait_for_polygons,
)

pytestmark = pytest.mark.browser

DATE = "2016-11-27"  # a Sunday: the map's week ends on the date the engine is asked about
SIEGE_DATE = "2016-07-24"
INFERRED_FILL = re.compile(r"url\(#tm-inferred-[gok]\)|url\(#tm-hatch-tm-inferred\)")
NAMED_FILL = re.compile(r"#[0-9a-fA-F]{6}|url\(#tm-hatch\)|url\(#tm-kurdish\)")


@pytest.fixture(scope="module")
def timeline():
    return Timeline(load_dataset(REPO))


@pytest.fixture(scope="module")
def state(timeline):
    return timeline.state_at(DATE).set_index("area_id")


def flat(text) -> str:
    return " ".join(str(text).split())


def open_app(page, query: str):
    page.goto(page.app_url + "/" + query)
    wait_for_app(page)
    wait_for_polygons(page)
    return map_js_frame(page)


def main_text(page) -> str:
    return flat(page.get_by_test_id("stMain").inner_text())


def largest(state, timeline, evidence: str, holder: str) -> str:
    """The largest area with this holder and evidence at DATE (easy to click)."""
    areas = timeline.dataset.areas
    ids = state.index[(state["evidence"] == evidence) & (state["holder"] == holder)]
    assert len(ids), f"no {evidence} {holder} area on {DATE}"
    return str(areas.loc[ids, "area_km2"].idxmax())


def test_inferred_and_named_areas_are_filled_differently(page, timeline, state):
    frame = open_app(page, f"?date={DATE}")
    assert map_week(frame) == DATE
    drawn = frame.evaluate(
        """() => Array.from(document.querySelectorAll('path[data-area]')).map(p => ({
               id: p.getAttribute('data-area'), holder: p.getAttribute('data-holder'),
               evidence: p.getAttribute('data-evidence'), fill: p.getAttribute('fill')}))"""
    )
    assert {d["id"] for d in drawn} == set(state.index)
    kinds = set()
    for d in drawn:
        row = state.loc[d["id"]]
        assert d["holder"] == row["holder"], d
        assert d["evidence"] == ("" if row["holder"] == "unknown" else row["evidence"]), d
        if d["evidence"] == "inferred":
            assert INFERRED_FILL.fullmatch(d["fill"]), d
        elif d["evidence"] == "named":
            assert NAMED_FILL.fullmatch(d["fill"]), d
        kinds.add((d["holder"], d["evidence"]))
    # Both kinds at this date, for the same holder: only the evidence differs.
    assert {("government", "named"), ("government", "inferred")} <= kinds, kinds
    named = largest(state, timeline, "named", "government")
    inferred = largest(state, timeline, "inferred", "government")
    fills = {d["id"]: d["fill"] for d in drawn}
    assert fills[named].startswith("#") and fills[inferred] == "url(#tm-inferred-g)"
    # Each pattern an area refers to is in the map's SVG, and it is dotted.
    used = {m.group(1) for f in fills.values() if (m := re.match(r"url\(#(.+)\)", f))}
    dots = frame.evaluate(
        """ids => Object.fromEntries(ids.map(id => { const p = document.getElementById(id);
               return [id, p && p.tagName === 'pattern' ? p.querySelectorAll('circle').length
                                                        : -1]; }))""",
        sorted(used),
    )
    assert all(n >= 0 for n in dots.values()), dots
    assert all(n > 0 for pid, n in dots.items() if "inferred" in pid), dots
    assert not page.js_errors


def test_the_panel_says_when_the_holder_is_inferred_and_why(page, timeline, state):
    inferred = largest(state, timeline, "inferred", "opposition")
    named = largest(state, timeline, "named", "government")
    open_app(page, f"?date={DATE}")
    click_area(page, inferred)
    page.wait_for_function("a => location.search.includes('area=' + a)", arg=inferred, polling=50)
    name = timeline.dataset.areas.loc[inferred, "name"]
    page.get_by_role("heading", name=name).first.wait_for()
    row = state.loc[inferred]
    shown = main_text(page)
    # The panel names the wider statement: the group the sentence speaks about, when it does.
    places = timeline.dataset.places
    about = row["claim_area_id"] if places.is_group(row["claim_area_id"]) else ""
    lead = f"inferred from a sentence about {places.phrase(about)}" if about else (
        "inferred from a wider statement"
    )  # fmt: skip
    assert f"Not named: {lead}, because" in shown, lead
    assert flat(row["note"]) in shown
    assert flat(row["quote"]) in shown
    assert "Named in the sentence." not in shown

    click_area(page, named)
    page.get_by_role("heading", name=timeline.dataset.areas.loc[named, "name"]).first.wait_for()
    shown = main_text(page)
    assert "Named in the sentence." in shown
    assert "Not named:" not in shown
    assert flat(state.loc[named, "quote"]) in shown


def route_point(hit_line) -> dict:
    """A point on a route's unseen click line where that line is the topmost element, for
    `click(position=…)`."""
    point = hit_line.evaluate(
        """p => { const total = p.getTotalLength(), m = p.getScreenCTM(), o = strokeBoxOrigin(p);
                  for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
                    const q = p.getPointAtLength(total * f);
                    const x = m.a * q.x + m.c * q.y + m.e, y = m.b * q.x + m.d * q.y + m.f;
                    if (document.elementFromPoint(x, y) === p) return {x: x - o.x, y: y - o.y};
                  }
                  return null; }""".replace("strokeBoxOrigin(p)", STROKE_BOX_ORIGIN)
    )
    assert point is not None, "no point of the route takes a click"
    return point


def test_the_castello_road_is_cut_on_24_july_2016_with_the_siege_line(page, timeline):
    """Fails until route_changes.csv carries the Castello Road's claims."""
    states = timeline.route_states_at(SIEGE_DATE).set_index("route_id")
    assert "castello_road" in states.index, "route_changes.csv has no claim for castello_road"
    claim = states.loc["castello_road"]
    assert claim["state"] == "cut"
    siege = timeline.siege_at(SIEGE_DATE)
    assert siege is not None
    frame = open_app(page, f"?date={SIEGE_DATE}")
    assert map_week(frame) == SIEGE_DATE
    road = map_frame(page).locator('path[data-route="castello_road"]')
    assert road.get_attribute("data-state") == "cut"
    line = map_frame(page).locator("button.tm-siege")
    assert line.is_visible()
    assert re.search(r"since \d{1,2} \w{3} \d{4}", line.inner_text()), line.inner_text()
    assert f"{siege['date']:%-d %b %Y}" in line.inner_text()

    # A week before the siege the road was not yet cut, and there is no siege line.
    frame.evaluate("() => window.timeMap.show(window.timeMap.state().index - 2)")
    before = timeline.route_states_at(map_week(frame)).set_index("route_id")
    expected = {"open": "open", "under_fire": "under_fire", "cut": "cut"}
    state_before = before["state"].get("castello_road", "")
    assert road.get_attribute("data-state") == expected.get(state_before, "")
    assert (timeline.siege_at(map_week(frame)) is None) == (not line.is_visible())
    frame.evaluate("() => window.timeMap.show(window.timeMap.state().index + 2)")
    assert road.get_attribute("data-state") == "cut"

    # A click on the road: the app's panel quotes the sentence that says it was cut.
    # The cut road is drawn as dots; a raw mouse click between two dots once selected the area
    # under it. The map gives each road a wide unseen click line, and Playwright's click checks
    # that this line, not an area, receives the click.
    wait_for_map_still(frame)
    hit_line = map_frame(page).locator('path[data-route-hit="castello_road"]')
    hit_line.click(position=route_point(hit_line))
    page.get_by_role("heading", name=str(claim["name"])).first.wait_for()
    wait_for_app(page)  # the panel's run streams its elements: until the last one is there
    shown = main_text(page)
    assert flat(claim["quote"]) in shown
    assert "Cut" in shown
    assert ("Named in the sentence." in shown) == (claim["evidence"] == "named")
    assert not page.js_errors
