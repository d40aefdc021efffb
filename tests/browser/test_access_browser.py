"""The map for everyone, in a real Chromium: the app against `streamlit run` on the bundled
data, and the published file from file://.

- The keyboard: the Week slider is a few Tab presses from the top of the page ("Skip to the
  time bar", then Enter), the closed sidebar's links take no focus, the polygons are one Tab
  stop of named controls (Enter chooses, arrows move), and a choice keeps the focus.
- What a screen reader hears: one status line, quiet while the map is dragged or plays, that
  speaks the week and its changes on release and pause, and the chosen area's holder line.
- The table of the week ("Areas this week") equals `aleppo-map state` for that week, follows
  the week, sorts, and its rows choose an area.
- Reduced motion: play steps no faster than a week a second; no zoom or fade animation.
- axe-core (npm, pinned in package-lock.json) finds no WCAG 2.1 A/AA violation on the app's
  five pages, the map's frame and the published file, on a laptop and a phone.

docs/accessibility.md records the numbers; tools/screenshots.py takes the pictures.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from aleppo_map.load import load_dataset
from aleppo_map.look import look
from aleppo_map.model import HOLDER_LABELS
from aleppo_map.payload import weekly_payload
from aleppo_map.timeline import Timeline
from tests.browser.conftest import ARTIFACTS
from tests.browser.harness import (
    REPO,
    close_page,
    drag_slider,
    file_page,
    map_frame,
    map_js_frame,
    map_state,
    map_week,
    new_page,
    wait_for_app,
    wait_for_polygons,
    wait_for_site,
)

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LAPTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
PAGES = ["/", "/Timeline", "/Sources", "/Data", "/Method"]
DATE = "2016-11-27"
MAX_TABS = 15
STATUS = "[role=status].tm-status"
# The element that has the focus, looked for through the app's frame: where it is and what.
FOCUSED = """() => { let doc = document, e = doc.activeElement, inFrame = false;
  while (e && e.tagName === 'IFRAME') { doc = e.contentDocument; e = doc.activeElement;
                                        inFrame = true; }
  const r = e.getBoundingClientRect();
  return {inFrame, tag: e.tagName.toLowerCase(), cls: String(e.className.baseVal ?? e.className),
          label: e.getAttribute('aria-label') || e.textContent.trim().slice(0, 40),
          area: e.getAttribute('data-area'), role: e.getAttribute('role'),
          x: r.x, y: r.y, w: r.width, h: r.height}; }"""


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO)


@pytest.fixture(scope="module")
def timeline(dataset):
    return Timeline(dataset)


@pytest.fixture(scope="module")
def weeks(dataset, timeline) -> dict:
    return weekly_payload(dataset, timeline)


@pytest.fixture(scope="module")
def site(published_site) -> Path:
    return published_site


def record(name: str, value) -> None:
    """Keep a measurement for docs/accessibility.md in test-artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "access.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[name] = value
    path.write_text(json.dumps(data, indent=1))


def status_line(iso: str, changes: int) -> str:
    """What the status line says of the week ending on Sunday `iso` (an oracle written apart
    from web/timemap-access.js)."""
    end = pd.Timestamp(iso)
    start = end - pd.Timedelta(days=6)
    if start.year != end.year:
        week = f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"
    elif start.month != end.month:
        week = f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    else:
        week = f"{start.day}–{end.day} {end:%B %Y}"
    said = {0: "no area changed hands", 1: "1 area changed hands"}
    return f"Week of {week}: {said.get(changes, f'{changes} areas changed hands')}"


def area_name(dataset, row, short: bool = False) -> str:
    """An area as a control ("Hananu: Syrian government and allied forces, named"), or as the
    holder line the status speaks (`short` False: "…, named in the sentence")."""
    text = f"{dataset.areas.at[row.area_id, 'name']}: {HOLDER_LABELS[row.holder]}"
    if row.holder == "unknown" or not row.evidence:
        return text
    words = look()["evidenceShort"][row.evidence[0]] if short else row.evidence
    return f"{text}, {words}"


def open_app(page, query: str = ""):
    page.goto(page.app_url + "/" + query)
    wait_for_app(page)
    wait_for_polygons(page)
    return map_js_frame(page)


def tab_stops(page, until: str, limit: int = 40) -> list[dict]:
    """Press Tab from the top of the page until the focus is on `until` (a class), and return
    every stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if until in stops[-1]["cls"].split():
            return stops
    raise AssertionError(f"no {until} in {limit} Tab presses: {[s['label'] for s in stops]}")


def status(target) -> str:
    return target.locator(STATUS).text_content()


def axe_violations(target) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations in a page or frame (axe injected into it)."""
    target.evaluate(AXE.read_text(encoding="utf-8"))
    return target.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r =>
             r.violations.map(v => ({id: v.id, impact: v.impact,
               nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))""",
        WCAG,
    )


@pytest.fixture(scope="module", autouse=True)
def _axe_is_installed():
    assert AXE.is_file(), "axe-core is missing: `make node_modules/.installed` (npm ci)"


# ------------------------------------------------------------------------ the keyboard


def test_the_keyboard_reaches_the_time_bar_and_the_areas_are_named_controls(
    page, dataset, timeline
):
    frame = open_app(page, f"?date={DATE}")
    stops = tab_stops(page, "tm-slider")
    record("app: Tab presses to the Week slider", len(stops))
    off_screen = [s["label"] for s in stops if s["x"] + s["w"] <= 0 or s["y"] + s["h"] <= 0]
    assert off_screen == [], "the closed sidebar's links take the focus"
    skip = next(i for i, s in enumerate(stops, 1) if "tm-skip" in s["cls"].split())
    record("app: Tab presses to 'Skip to the time bar'", skip)
    # Tab to the skip link, Enter: the slider (within MAX_TABS presses, with room to spare)
    assert skip <= 5 <= MAX_TABS, [s["label"] for s in stops]
    assert not any(s["tag"] == "path" for s in stops), "a polygon comes before the slider"
    page.locator(".tm-skip").focus()
    page.keyboard.press("Enter")
    assert "tm-slider" in page.evaluate(FOCUSED)["cls"], "the skip link leads to the slider"

    # Every polygon is a named control for this week; one of them is the Tab stop.
    state = timeline.state_at(DATE).set_index("area_id", drop=False)
    drawn = frame.evaluate(
        """() => Array.from(document.querySelectorAll('path[data-area]')).map(p => ({
               id: p.dataset.area, role: p.getAttribute('role'), label: p.ariaLabel,
               tab: p.getAttribute('tabindex')}))"""
    )
    assert len(drawn) == len(state)
    assert {d["role"] for d in drawn} == {"button"}
    assert sorted(d["tab"] for d in drawn) == ["-1"] * (len(drawn) - 1) + ["0"]
    for d in drawn:
        assert d["label"] == area_name(dataset, state.loc[d["id"]]), d
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first["inFrame"] and first["tag"] == "path" and first["role"] == "button"
    page.keyboard.press("ArrowRight")
    area = page.evaluate(FOCUSED)
    assert area["tag"] == "path" and area["area"] != first["area"]
    assert area["x"] > first["x"], "ArrowRight leads east"

    # Enter chooses it: the app's panel shows it, the status line says its holder, and the
    # focus stays on it through the app's rerun.
    page.keyboard.press("Enter")
    frame.wait_for_function("a => window.timeMap.state().area === a", arg=area["area"])
    wait_for_app(page)
    name = dataset.areas.at[area["area"], "name"]
    page.get_by_role("heading", name=name).first.wait_for()
    frame.wait_for_function(
        "t => document.querySelector('[role=status].tm-status').textContent === t",
        arg=area_name(dataset, state.loc[area["area"]], short=True),
    )
    assert page.evaluate(FOCUSED)["area"] == area["area"], "the choice dropped the focus"

    # The table of the week is one button away in the app too.
    table = map_frame(page).get_by_role("region", name="Areas this week")
    map_frame(page).get_by_role("button", name="Table of the areas this week").click()
    assert table.locator("tbody tr").count() == len(state)
    assert table.locator("tbody tr[aria-current=true]").get_attribute("data-area") == area["area"]
    page.keyboard.press("Escape")
    assert table.is_hidden()
    assert page.evaluate(FOCUSED)["cls"].startswith("tm-btn tm-table-button")
    assert not page.js_errors


# ------------------------------------------------------------------ what is announced


def test_the_status_line_speaks_after_a_release_and_a_pause_never_during_play(page, weeks):
    dates = weeks["dates"]
    frame = open_app(page, f"?date={DATE}")
    before = status(frame)
    assert before == "", "the opening view is shown, not spoken"
    start = dates.index(DATE)
    samples = drag_slider(page, frame, start, start - 12, steps=6, sample=lambda: status(frame))
    assert samples == [before] * len(samples), "the status spoke while the slider was held"
    released = map_week(frame)
    assert released != DATE
    expected = status_line(released, weeks["changes"][dates.index(released)])
    frame.wait_for_function(
        "t => document.querySelector('[role=status].tm-status').textContent === t", arg=expected
    )
    record("status line after a release", expected)

    # Play: quiet while the weeks move; the pause speaks the week it stopped on.
    play = map_frame(page).locator("button.tm-play")
    assert play.get_attribute("aria-pressed") is None, "Play has a name, not a pressed state"
    play.click()
    assert play.get_attribute("aria-label") == "Pause"
    frame.wait_for_function("w => document.querySelector('.tm-map').dataset.week > w", arg=released)
    frame.wait_for_function(
        "w => document.querySelector('.tm-map').dataset.week > w",
        arg=dates[dates.index(released) + 2],
    )
    assert status(frame) == expected, "the status spoke during play"
    play.click()
    stopped = map_week(frame)
    assert map_state(frame)["playing"] is False
    frame.wait_for_function(
        "t => document.querySelector('[role=status].tm-status').textContent === t",
        arg=status_line(stopped, weeks["changes"][dates.index(stopped)]),
    )
    assert not page.js_errors


# ------------------------------------------------------------------ the published file


def state_rows(date: str) -> dict[str, dict]:
    """`aleppo-map state --date DATE`, from the real command line, by area id."""
    script = Path(sys.executable).with_name("aleppo-map")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "aleppo_map"]
    result = subprocess.run(
        [*command, "state", "--date", date], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return {row["area_id"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


def table_rows(page) -> list[dict]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(
               '[aria-label="Areas this week"] tbody tr')).map(tr => ({
               id: tr.dataset.area, holder: tr.dataset.holder, evidence: tr.dataset.evidence,
               since: tr.dataset.since,
               cells: Array.from(tr.cells).map(c => c.textContent.trim())}))"""
    )


def assert_table_is_state(page, dataset, date: str) -> list[dict]:
    rows = table_rows(page)
    state = state_rows(date)
    districts = dataset.places.groups["name"].to_dict()
    assert sorted(r["id"] for r in rows) == sorted(state), "one row per unit"
    for r in rows:
        s = state[r["id"]]
        assert (r["holder"], r["evidence"], r["since"]) == (
            s["holder"], s["evidence"], s["since"]), r  # fmt: skip
        assert r["cells"][:4] == [
            s["name"], districts.get(s["district_id"], ""), HOLDER_LABELS[s["holder"]],
            s["evidence"] or "no claim"], r  # fmt: skip
        assert r["cells"][4] == s["since"]
    return rows


def test_the_table_of_the_week_equals_aleppo_map_state_and_chooses_areas(
    browser, site, dataset, weeks
):
    page = file_page(browser, viewport=LAPTOP)
    try:
        page.goto(site.as_uri() + f"#date={DATE}")
        wait_for_site(page)
        button = page.get_by_role("button", name="Table of the areas this week")
        button.click()
        table = page.get_by_role("region", name="Areas this week")
        assert page.evaluate("() => document.activeElement.textContent") == "Areas this week"
        rows = assert_table_is_state(page, dataset, DATE)
        assert [r["cells"][0] for r in rows] == sorted(r["cells"][0] for r in rows)

        # It follows the week, and sorts by a column, either way.
        other = "2013-06-02"
        page.evaluate("d => { location.hash = '#date=' + d; }", other)
        page.wait_for_function("d => window.timeMap.state().date === d", arg=other)
        assert_table_is_state(page, dataset, other)
        table.get_by_role("button", name="Since").click()
        assert table.locator("th[aria-sort=ascending]").inner_text().startswith("Since")
        since = [r["since"] for r in table_rows(page)]
        dated = [s for s in since if s]
        assert dated == sorted(dated) and since[: len(dated)] == dated
        table.get_by_role("button", name="Since").click()
        assert table.locator("th[aria-sort=descending]").count() == 1
        dated = [r["since"] for r in table_rows(page) if r["since"]]
        assert dated == sorted(dated, reverse=True)

        # A row's name chooses the area: the panel shows it, the row is marked, the status
        # line says the holder, and the focus stays on the row.
        pick = table_rows(page)[3]["id"]
        table.locator(f'tr[data-area="{pick}"] button').click()
        page.wait_for_function("a => window.timeMap.state().area === a", arg=pick)
        name = dataset.areas.at[pick, "name"]
        # The panel's heading names the area, then its district ("al-Farafira · the Old City").
        district = dataset.places.shown_district(pick)
        heading = name + (f" · {dataset.places.phrase(district)}" if district else "")
        assert page.locator(".tm-panel h2.tm-name").inner_text() == heading
        assert table.locator("tr[aria-current=true]").get_attribute("data-area") == pick
        page.wait_for_function(
            "n => document.querySelector('[role=status].tm-status').textContent.includes(n)",
            arg=name + ": ",
        )
        assert page.evaluate("() => document.activeElement.closest('tr').dataset.area") == pick
        page.keyboard.press("Escape")
        assert table.is_hidden()
        assert page.evaluate("() => document.activeElement.textContent") == "Table"

        # A "Changed hands" link in the panel: the focus goes to the new panel's heading, not
        # back to the top of the page. (The address follows the pick a moment later: wait for
        # it, or it would overwrite the address set here.)
        page.wait_for_function("a => location.hash.includes('area=' + a)", arg=pick)
        page.evaluate("d => { location.hash = '#date=' + d; }", DATE)
        page.wait_for_function("d => window.timeMap.state().date === d", arg=DATE)
        link = page.locator(".tm-panel .tm-changed button").first
        chosen = link.get_attribute("data-area")
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("a => window.timeMap.state().area === a", arg=chosen)
        focused = page.evaluate("() => [document.activeElement.tagName, document.activeElement"
                                ".textContent]")  # fmt: skip
        assert focused == ["H2", dataset.areas.at[chosen, "name"]]
        # Without reduced motion, Leaflet animates (the next test turns this off).
        assert "leaflet-fade-anim" in page.locator(".tm-map").get_attribute("class")
        assert not page.js_errors
    finally:
        page.context.close()


def test_reduced_motion_plays_a_week_a_second_at_most_and_stops_the_animations(browser, site):
    page = file_page(browser, viewport=LAPTOP, reduced_motion="reduce")
    try:
        page.goto(site.as_uri() + "#date=2016-06-05")
        wait_for_site(page)
        classes = page.locator(".tm-map").get_attribute("class").split()
        assert "leaflet-fade-anim" not in classes and "leaflet-zoom-anim" not in classes
        assert page.locator(".leaflet-map-pane.leaflet-zoom-animated").count() == 0
        speed = page.get_by_role("combobox", name="Play speed")
        assert speed.input_value() == "0"
        assert page.locator(".tm-speed option:disabled").count() == 2
        page.evaluate(
            "() => { window.__paints = []; "
            "window.timeMap.onPaint(s => window.__paints.push(performance.now())); }"
        )
        page.get_by_role("button", name="Play").click()
        page.wait_for_function("() => window.__paints.length >= 3", timeout=10_000)
        page.get_by_role("button", name="Pause").click()
        paints = page.evaluate("() => window.__paints")
        gaps = [b - a for a, b in zip(paints, paints[1:], strict=False)][:2]
        record("reduced motion: ms between played weeks", [round(g) for g in gaps])
        assert min(gaps) >= 950, f"play stepped faster than a week a second: {gaps}"
        assert not page.js_errors
    finally:
        page.context.close()


# --------------------------------------------------------------------------- axe-core


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1440x900", "390x844"])
def test_axe_finds_no_wcag_violation_in_the_published_file(browser, site, viewport):
    page = file_page(browser, viewport=viewport)
    try:
        page.goto(site.as_uri() + f"#date={DATE}&area=hananu")
        wait_for_site(page)
        page.get_by_role("button", name="Table of the areas this week").click()
        found = axe_violations(page)
        record(f"axe violations, published file {viewport['width']}", len(found))
        assert found == []
    finally:
        page.context.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1440x900", "390x844"])
def test_axe_finds_no_wcag_violation_on_the_app_s_pages_and_map(browser, app_url, viewport):
    page = new_page(browser, app_url, shared=True, viewport=viewport)
    try:
        found = {}
        # Every page on a laptop; on a phone the map's page, the one whose layout changes (the
        # other pages are one column of Streamlit's own elements at any width).
        for path in PAGES if viewport is LAPTOP else ["/"]:
            page.goto(app_url + path + f"?date={DATE}")
            wait_for_app(page)
            if path == "/":
                frame = map_js_frame(page)  # its title and viewport: test_app_browser.py
                assert page.locator("h1").count() == 1, "the map page has one h1"
                found["frame"] = axe_violations(frame)
            else:
                page.get_by_test_id("stMain").locator("h1").first.wait_for()
            found[path] = axe_violations(page)
        record(f"axe violations, app {viewport['width']}", {k: len(v) for k, v in found.items()})
        assert {k: v for k, v in found.items() if v} == {}
        assert not page.js_errors
    finally:
        close_page(page)
