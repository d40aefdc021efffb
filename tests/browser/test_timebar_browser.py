"""Time lives in the map: the time bar, the search, the legend and the labels, in a real
Chromium against `streamlit run` on the bundled data.

The map (aleppo_map/web/) recolours itself while the Week slider is dragged, played or stepped,
and tells the app only where the reader stopped: one `Streamlit.setComponentValue` (one rerun)
after a release, a pause, a step or a search, never one per week. The app's panel and the
address then follow. The map frame is never remounted. At the opening view, on a laptop and a
phone, the map is on the first screen, its chrome (search band, legend, time bar) covers no
area, and its landmark labels do not overlap.
"""

from __future__ import annotations

import json
import re

import pytest

from aleppo_map.load import load_dataset
from aleppo_map.payload import label_points, weekly_payload
from aleppo_map.timeline import Timeline
from tests.browser.conftest import ARTIFACTS
from tests.browser.harness import (
    MAP_FRAME,
    REPO,
    close_page,
    count_reports,
    drag_slider,
    frame_holders,
    iframe_token,
    map_frame,
    map_js_frame,
    map_state,
    map_week,
    new_page,
    reports,
    wait_for_app,
    wait_for_polygons,
)

pytestmark = pytest.mark.browser

SLIDER = "input.tm-slider[type=range][aria-label='Week']"
# Where the published screenshots come from (tools/screenshots.py takes the same views).
SELECTED = "?date=2016-11-29&area=sheikh_saeed"
VIEWPORTS = {
    "laptop": {"viewport": {"width": 1440, "height": 900}},
    "small-laptop": {"viewport": {"width": 1366, "height": 768}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO)


@pytest.fixture(scope="module")
def timeline(dataset):
    return Timeline(dataset)


@pytest.fixture(scope="module")
def weeks(dataset, timeline) -> dict:
    """The weekly frames exactly as the browser gets them."""
    return weekly_payload(dataset, timeline)


def open_app(page, query: str = ""):
    """Open the app at `query`; return the map's frame once its polygons are drawn."""
    page.goto(page.app_url + "/" + query)
    wait_for_app(page)
    wait_for_polygons(page)
    return map_js_frame(page)


def wait_for_search(page, fragment: str, timeout: float = 15_000) -> None:
    """Until the address (not page.url, which lags behind Streamlit's history updates) holds
    `fragment`."""
    page.wait_for_function(
        "f => location.search.includes(f)", arg=fragment, timeout=timeout, polling=50
    )


def quote_at(timeline: Timeline, area_id: str, date: str) -> str:
    return timeline.state_at(date).set_index("area_id").loc[area_id, "quote"]


def holders_at(weeks: dict, area_ids: list[str], iso: str) -> dict[str, str]:
    codes = {"g": "government", "o": "opposition", "k": "kurdish", "c": "contested"}
    row = weeks["holders"][weeks["dates"].index(iso)]
    return {a: codes.get(c, "unknown") for a, c in zip(area_ids, row, strict=True)}


def panel_week(iso: str) -> str:
    """The week heading of the app's panel for the frame ending on Sunday `iso`."""
    import pandas as pd

    end = pd.Timestamp(iso)
    return f"Week of {end - pd.Timedelta(days=6):%d %b} – {end:%d %b %Y}"


# ------------------------------------------------------------------------ the slider


def test_dragging_the_slider_recolours_before_release_and_the_app_follows_after(
    page, timeline, weeks
):
    frame = open_app(page, "?date=2016-10-30&area=hananu")
    token = iframe_token(page)
    ids = list(timeline.area_ids)
    start, stop = weeks["dates"].index("2016-10-30"), weeks["dates"].index("2016-12-11")
    count_reports(frame)
    sent_before = len(page.ws_sent)

    def sample():
        week = map_week(frame)
        return week, frame_holders(frame), len(reports(frame)), len(page.ws_sent) - sent_before

    samples = drag_slider(page, frame, start, stop, steps=12, sample=sample)

    shown = [week for week, *_ in samples]
    assert len(set(shown)) >= 5, f"the map showed only {sorted(set(shown))} during the drag"
    assert shown == sorted(shown), "the weeks went back and forth during a rightward drag"
    assert shown[-1] >= "2016-12-04", shown
    # Each week drawn while the thumb was held is that week's colours, and they changed.
    for week, holders, _, _ in samples:
        assert holders == holders_at(weeks, ids, week), f"wrong colours for {week}"
    assert len({json.dumps(h, sort_keys=True) for _, h, _, _ in samples}) >= 4
    # Nothing went to the server while the thumb was held: no report, no websocket message.
    assert [n for *_, n, _ in samples] == [0] * len(samples)
    assert [n for *_, n in samples] == [0] * len(samples)

    released = map_week(frame)
    wait_for_search(page, f"date={released}&area=hananu")
    page.get_by_text(panel_week(released)).wait_for()
    page.get_by_text(quote_at(timeline, "hananu", released)[:60]).first.wait_for()
    assert [r["date"] for r in reports(frame)] == [released], "one report, after release"
    assert len(page.ws_sent) - sent_before >= 1
    assert iframe_token(page) == token, "the map iframe was remounted"
    assert not page.js_errors


def test_arrow_keys_step_a_week_and_space_plays_and_pauses(page, weeks):
    dates = weeks["dates"]
    frame = open_app(page, "?date=2016-11-06")
    token = iframe_token(page)
    slider = map_frame(page).locator(SLIDER)
    slider.focus()
    count_reports(frame)
    for _ in range(3):
        slider.press("ArrowRight")
    assert map_week(frame) == "2016-11-27"
    assert slider.get_attribute("aria-valuetext") == "Week of 21 – 27 Nov 2016"
    wait_for_search(page, "date=2016-11-27")
    assert reports(frame)[-1]["date"] == "2016-11-27"

    slider.press("PageDown")  # 13 weeks back
    assert map_week(frame) == dates[dates.index("2016-11-27") - 13]
    slider.press("Home")
    assert map_week(frame) == dates[0]
    wait_for_search(page, f"date={dates[0]}")

    # Space plays: the week moves by itself, with no report to the app while it plays. At
    # the fastest speed (a week every 83 ms), so that a play that went on after the pause
    # would paint again within the app's answer to the pause (below).
    play = map_frame(page).locator("button.tm-play")
    map_frame(page).get_by_role("combobox", name="Play speed").select_option("2")
    slider.focus()
    before = len(reports(frame))
    slider.press(" ")
    frame.wait_for_function(
        "w => document.querySelector('.tm-map').dataset.week >= w", arg=dates[3], timeout=10_000
    )
    assert map_state(frame)["playing"] is True
    assert play.get_attribute("aria-pressed") is None  # a name that changes, no pressed state
    assert play.get_attribute("aria-label") == "Pause"
    assert len(reports(frame)) == before
    frame.evaluate(
        "() => { window.__painted = []; "
        "window.timeMap.onPaint(s => window.__painted.push(s.date)); }"
    )
    slider.press(" ")
    stopped = map_week(frame)
    assert map_state(frame)["playing"] is False
    assert play.get_attribute("aria-label") == "Play"
    wait_for_search(page, f"date={stopped}")  # the pause tells the app,
    page.get_by_text(panel_week(stopped)).wait_for()  # which answers with that week's panel
    # Meanwhile the map painted nothing more: the play stopped at the pause.
    assert frame.evaluate("() => window.__painted").count(stopped) <= 1
    assert [d for d in frame.evaluate("() => window.__painted") if d != stopped] == []
    assert map_week(frame) == stopped
    assert [r["date"] for r in reports(frame)[before:]] == [stopped], "one report, at the pause"

    slider.press("End")
    assert map_week(frame) == dates[-1]
    assert iframe_token(page) == token
    assert not page.js_errors


def test_step_buttons_change_marks_and_the_fastest_play(page, weeks, timeline):
    dates, changes = weeks["dates"], weeks["changes"]
    frame = open_app(page, "?date=2016-11-20&area=hananu")
    token = iframe_token(page)
    bar = map_frame(page)
    ids = list(timeline.area_ids)
    before = frame_holders(frame)
    assert before == holders_at(weeks, ids, "2016-11-20")
    later = holders_at(weeks, ids, "2016-11-27")
    assert later != before, "the data has a change of hands in the week to 27 November"

    bar.get_by_role("button", name="Next week", exact=True).click()
    assert map_week(frame) == "2016-11-27"
    assert frame_holders(frame) == later
    wait_for_search(page, "date=2016-11-27&area=hananu")  # the selection survives
    page.get_by_text(panel_week("2016-11-27")).wait_for()
    page.get_by_text(quote_at(timeline, "hananu", "2016-11-27")[:60]).first.wait_for()
    bar.get_by_role("button", name="Previous week", exact=True).click()
    assert map_week(frame) == "2016-11-20"
    assert frame_holders(frame) == before
    wait_for_search(page, "date=2016-11-20&area=hananu")

    here = dates.index("2016-11-20")
    after = next(i for i in range(here + 1, len(dates)) if changes[i])
    earlier = next(i for i in range(here - 1, -1, -1) if changes[i])
    bar.get_by_role("button", name="Next change", exact=True).click()
    assert map_week(frame) == dates[after]
    bar.get_by_role("button", name="Previous change", exact=True).click()
    bar.get_by_role("button", name="Previous change", exact=True).click()
    assert map_week(frame) == dates[earlier]

    # A mark on the change strip (one with no neighbour that could take the click).
    lone = next(
        i
        for i in range(3, len(dates) - 3)
        if changes[i] and not any(changes[i + k] for k in (-3, -2, -1, 1, 2, 3))
    )
    bar.locator(f'button.tm-mark[data-week="{lone}"]').click()
    assert map_week(frame) == dates[lone]
    wait_for_search(page, f"date={dates[lone]}&area=hananu")

    # The fastest speed plays in the browser, a week at a time, with no report per week (how
    # many weeks a second is bench.browser's number, docs/performance.md).
    frame.evaluate(
        """() => { window.__painted = [];
                   window.timeMap.onPaint(s => window.__painted.push(s.date)); }"""
    )
    count_reports(frame)
    bar.get_by_role("combobox", name="Play speed").select_option("2")
    bar.get_by_role("button", name="Play").click()
    frame.wait_for_function("() => window.__painted.length >= 25", timeout=15_000)
    bar.get_by_role("button", name="Pause").click()
    painted = frame.evaluate("() => window.__painted")
    steps = {dates.index(b) - dates.index(a) for a, b in zip(painted, painted[1:])}
    assert steps == {1}, painted
    stopped = map_week(frame)
    wait_for_search(page, f"date={stopped}&area=hananu")
    assert [r["date"] for r in reports(frame)] == [stopped], "one report, at the pause"
    assert iframe_token(page) == token
    assert not page.js_errors


# ------------------------------------------------------------------------ the search


def test_finding_an_area_by_name_selects_it_and_the_panel_quotes_it(page, timeline):
    frame = open_app(page)
    token = iframe_token(page)
    opening_zoom = frame.evaluate("() => window.timeMap.map.getZoom()")
    count_reports(frame)
    box = map_frame(page).get_by_role("combobox", name="Find an area")
    box.press_sequentially("Haidariya", delay=20)
    first = map_frame(page).locator("li[role=option][data-area]").first
    first.wait_for()
    assert first.get_attribute("data-area") == "haidariya"
    box.press("Enter")
    frame.wait_for_function("() => window.timeMap.state().area === 'haidariya'")
    week = map_week(frame)
    wait_for_search(page, f"date={week}&area=haidariya")
    page.get_by_role("heading", name="al-Haidariya").wait_for()
    page.get_by_text(quote_at(timeline, "haidariya", week)[:60]).first.wait_for()
    assert frame.evaluate("() => window.timeMap.map.getZoom()") > opening_zoom, "not zoomed in"
    assert [(r["date"], r["area"]) for r in reports(frame)] == [(week, "haidariya")]
    assert iframe_token(page) == token, "the search remounted the map"
    assert not page.js_errors


# ------------------------------------------------------------------------ the first screen

CHROME_JS = """
(points) => {
  const map = window.timeMap.map;
  const box = document.querySelector('.tm-map').getBoundingClientRect();
  const rect = (sel) => { const e = document.querySelector(sel);
    if (!e) return null; const r = e.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
  const legend = document.querySelector('details.tm-legend');
  const chrome = '.tm-top, .tm-bar, .leaflet-control-container';
  const covered = [];
  points.forEach(([id, lat, lon]) => {
    const p = map.latLngToContainerPoint([lat, lon]);
    const x = box.left + p.x, y = box.top + p.y;
    const hit = document.elementFromPoint(x, y);
    covered.push({id: id, x: x, y: y,
                  chrome: hit ? (hit.closest(chrome) ? hit.closest(chrome).className : null)
                              : 'outside the frame'});
  });
  const labels = Array.from(document.querySelectorAll('.tm-landmark-label'))
    .filter(n => n.style.display !== 'none')
    .map(n => { const r = n.firstChild.getBoundingClientRect();
                return {text: n.textContent, left: r.left, top: r.top, right: r.right,
                        bottom: r.bottom}; });
  return {map: {left: box.left, top: box.top, right: box.right, bottom: box.bottom},
          search: rect('.tm-search-input'), top: rect('.tm-top'), bar: rect('.tm-bar'),
          legend: rect('details.tm-legend'), legendOpen: legend.open, points: covered,
          labels: labels, hiddenLabels: document.querySelectorAll(
            '.tm-landmark-label[style*="display: none"]').length,
          coarse: matchMedia('(pointer: coarse)').matches,
          slider: rect('input.tm-slider')};
}
"""


def inside(x: float, y: float, r: dict | None) -> bool:
    return r is not None and r["left"] <= x <= r["right"] and r["top"] <= y <= r["bottom"]


def overlap(a: dict, b: dict) -> bool:
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_first_screen_holds_the_map_and_its_chrome_hides_no_area(browser, app_url, dataset, device):
    page = new_page(browser, app_url, shared=True, **VIEWPORTS[device])
    try:
        frame = open_app(page, SELECTED)
        page.get_by_role("heading", name="al-Sheikh Saeed").wait_for()
        view = page.viewport_size
        box = page.locator(MAP_FRAME).bounding_box()
        seen = max(0.0, min(box["y"] + box["height"], view["height"]) - max(box["y"], 0))
        share = seen / box["height"]
        measured = {"device": device, "viewport": view, "frame": box, "share": share}
        points = [[a, lat, lon] for a, (lat, lon) in zip(
            dataset.areas.index, label_points(dataset), strict=True)]  # fmt: skip
        chrome = frame.evaluate(CHROME_JS, points)
        measured["chrome"] = {k: chrome[k] for k in ("top", "bar", "legend", "legendOpen")}
        (ARTIFACTS / f"layout-{device}.json").write_text(json.dumps(measured, indent=1))
        page.screenshot(path=str(ARTIFACTS / f"layout-{device}.png"))

        if device == "phone":
            assert box["y"] + box["height"] / 2 <= view["height"], measured
        else:
            assert share >= 0.9, measured
        # The whole time bar is on the first screen, wherever the frame ends.
        assert box["y"] + chrome["slider"]["bottom"] <= view["height"], measured

        assert chrome["legendOpen"] is (device != "phone"), "legend open on a laptop only"
        band_bottom = chrome["search"]["bottom"]
        problems = []
        for p in chrome["points"]:
            x, y = p["x"], p["y"]
            if p["chrome"] is not None:
                problems.append(f"{p['id']}: under {p['chrome']}")
            if chrome["legendOpen"] and inside(x, y, chrome["legend"]):
                problems.append(f"{p['id']}: under the legend")
            if y <= band_bottom or y >= chrome["bar"]["top"]:
                problems.append(f"{p['id']}: in the search band or under the time bar")
            if not chrome["map"]["left"] <= x <= chrome["map"]["right"]:
                problems.append(f"{p['id']}: off the map")
        assert not problems, problems

        labels = chrome["labels"]
        assert labels, "no landmark label is shown"
        assert "Citadel of Aleppo" in [label["text"] for label in labels]
        clashes = [
            (a["text"], b["text"])
            for i, a in enumerate(labels)
            for b in labels[i + 1 :]
            if overlap(a, b)
        ]
        assert not clashes, clashes

        if device == "phone":
            assert chrome["coarse"], "a phone with a touch screen has a coarse pointer"
            assert chrome["slider"]["bottom"] - chrome["slider"]["top"] >= 44
        assert not page.js_errors
    finally:
        close_page(page)


def test_the_map_keeps_its_week_across_pages(page):
    frame = open_app(page, "?date=2016-11-29")
    assert map_week(frame) == "2016-12-04"
    main = page.get_by_test_id("stMain")
    main.get_by_role("link", name="Timeline").click()
    page.get_by_role("heading", name="Timeline").first.wait_for()
    # Every page links back to the map on its top line (the sidebar may be closed).
    page.get_by_test_id("stMain").get_by_role("link", name="Map").first.click()
    wait_for_app(page)
    frame = map_js_frame(page)
    assert map_week(frame) == "2016-12-04"
    assert map_frame(page).locator(".tm-date").inner_text() == "28 Nov – 4 Dec 2016"
    assert re.search(r"date=2016-12-04", page.evaluate("location.search"))
