"""Compare mode, the story strip and the age map in a real Chromium: in the published file
(opened from file://) and in the app (its side frame).

The list of changes the browser draws is `aleppo-map diff` for several pairs of weeks (Aleppo
and Testville), reached by the address, the ⇄ swap and the slider; the map marks exactly the
changed areas with week A's holder; an item selects its area and its claim link shows the
claim. The strip's cells are the engine's weekly frames, work by keyboard and move the map.
The age map's colours are compare.evidence_age_weekly's classes. Hostile text is inert in the
list and the strip, and a bad `compare=` gets a short message and no comparison.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from aleppo_map.compare import AGE_COLOURS, age_class, evidence_age_weekly
from aleppo_map.timeline import Timeline
from tests.browser.harness import (
    PWNED_TRAP,
    REPO,
    file_page,
    frame_holders,
    map_js_frame,
    map_week,
    wait_for_app,
    wait_for_polygons,
    wait_for_site,
)
from tests.browser.test_hostile_browser import assert_not_pwned
from tests.browser.test_site_browser import wait_for_hash
from tests.conftest import TESTVILLE

pytestmark = pytest.mark.browser

HOSTILE = REPO / "tests" / "data" / "hostile"
LIST = '[aria-label="Changes between the two weeks"] > li'
STRIP = '[aria-label="Holder week by week"] > [data-week]'
SIDE_FRAME = 'iframe[src*="/component/aleppo_map.ui.side.timemap_side/"]'
COLUMNS = ["area_id", "holder_from", "holder_to", "claim_ids", "change_dates"]


def cli_diff(date_from: str, date_to: str, data: Path | None = None) -> list[dict]:
    """`aleppo-map diff` as a subprocess: the rows the list must show."""
    command = [sys.executable, "-m", "aleppo_map", "diff", "--from", date_from, "--to", date_to]
    if data is not None:
        command += ["--data", str(data)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    table = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False, dtype=str)
    return table[COLUMNS].to_dict("records")


def listed(frame) -> list[dict]:
    """The list of changes as drawn: one record per `li`."""
    return frame.locator(LIST).evaluate_all(
        """items => items.map(li => ({area_id: li.dataset.area, holder_from: li.dataset.from,
             holder_to: li.dataset.to, claim_ids: li.dataset.claims,
             change_dates: li.dataset.dates}))"""
    )


def marked(frame) -> dict[str, str]:
    """Area id -> week A's holder, for the areas the map marks as changed."""
    return frame.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('path[data-from]'))
                    .map(p => [p.getAttribute('data-area'), p.getAttribute('data-from')]))"""
    )


def assert_list_is_the_diff(frame, date_from: str, date_to: str, data=None) -> list[dict]:
    expected = cli_diff(date_from, date_to, data)
    # The list follows the map a moment after the weeks stop moving: wait for its weeks.
    drawn = frame.locator(f'section.tm-compare[data-a="{date_from}"][data-b="{date_to}"]')
    expect(drawn).to_have_count(1)
    expect(frame.locator(LIST)).to_have_count(len(expected))
    assert listed(frame) == expected, (date_from, date_to)
    assert marked(frame) == {r["area_id"]: r["holder_from"] for r in expected}
    holders = frame_holders(frame)
    assert all(holders[r["area_id"]] == r["holder_to"] for r in expected)
    return expected


@pytest.fixture(scope="module")
def sites(published_sites) -> dict[str, Path]:
    return {
        name: published_sites(data)
        for name, data in (("aleppo", None), ("testville", TESTVILLE), ("hostile", HOSTILE))
    }


@pytest.fixture
def site(browser):
    page = file_page(browser)
    yield page
    page.context.close()


def open_site(page, index: Path, hash_: str) -> None:
    page.goto(index.as_uri() + hash_)
    wait_for_site(page)


# ------------------------------------------------------------------ the published file


def test_the_file_lists_what_aleppo_map_diff_prints_for_each_pair_of_weeks(site, sites):
    page = site
    open_site(page, sites["aleppo"], "#date=2016-12-18&compare=2016-11-06")
    rows = assert_list_is_the_diff(page, "2016-11-06", "2016-12-18")
    assert len(rows) > 50
    assert page.locator(".tm-compare-btn").get_attribute("aria-pressed") == "true"
    gained = page.locator('.tm-km2 tr[data-holder="government"] td').first.inner_text()
    assert float(gained) > 40, "government forces took most of the east"
    # ⇄ swaps the weeks: the slider now moves the other one.
    page.locator(".tm-swap").click()
    wait_for_hash(page, "#date=2016-11-06&compare=2016-12-18")
    assert_list_is_the_diff(page, "2016-12-18", "2016-11-06")
    # The slider moves week B; its keys too.
    page.locator("input.tm-slider").focus()
    page.keyboard.press("Home")
    wait_for_hash(page, "#date=2012-07-01&compare=2016-12-18")
    assert_list_is_the_diff(page, "2016-12-18", "2012-07-01")
    # An item selects its area; a claim's link shows that claim in the area's history.
    item = page.locator(LIST).first
    area, name = item.get_attribute("data-area"), item.locator(".tm-compare-area").inner_text()
    item.locator(".tm-compare-area").click()
    wait_for_hash(page, f"#date=2012-07-01&compare=2016-12-18&area={area}")
    expect(page.locator(".tm-panel .tm-name")).to_have_text(name)
    link = page.locator(LIST).first.locator(".tm-claim-link").first
    claim = link.inner_text()
    link.click()
    expect(page.locator(f'.tm-history li.tm-linked[data-claim-id="{claim}"]')).to_have_count(1)
    # Pressing Compare again ends it: no mark, no list.
    page.locator(".tm-compare-btn").click()
    expect(page.locator(LIST)).to_have_count(0)
    assert marked(page) == {}
    assert not page.js_errors


def test_testville_s_file_lists_its_own_changes(site, sites):
    page = site
    open_site(page, sites["testville"], "#date=2020-04-26&compare=2020-03-08")
    assert assert_list_is_the_diff(page, "2020-03-08", "2020-04-26", TESTVILLE)
    page.locator("input.tm-slider").focus()
    page.keyboard.press("ArrowLeft")
    wait_for_hash(page, "#date=2020-04-19&compare=2020-03-08")
    assert_list_is_the_diff(page, "2020-03-08", "2020-04-19", TESTVILLE)
    assert not page.js_errors


def test_the_strip_of_an_area_is_its_weekly_frames_and_moves_the_map(site, sites, aleppo):
    page = site
    open_site(page, sites["aleppo"], "#date=2016-12-18&area=bani_zaid")
    timeline = Timeline(aleppo)
    cells = page.locator(STRIP).evaluate_all(
        "cs => cs.map(c => [c.dataset.week, c.dataset.holder, c.dataset.evidence, c.dataset.claim])"
    )
    frames = timeline.frame_dates
    assert [c[0] for c in cells] == [f"{d:%Y-%m-%d}" for d in frames]
    holders = timeline.weekly_frames()["bani_zaid"]
    evidence = timeline.weekly_frames("evidence")["bani_zaid"]
    assert [c[1] for c in cells] == list(holders)
    assert [c[2] for c in cells] == list(evidence)
    assert [c[3] for c in cells] == [timeline.state_of("bani_zaid", d)["claim_id"] for d in frames]
    assert {"opposition", "contested", "government"} <= set(holders), "a front line, 2012-2016"
    current = page.locator(f'{STRIP}[aria-current="date"]')
    assert current.get_attribute("data-week") == "2016-12-18"
    # By keyboard: the shown week is the tab stop; ← moves a week, Enter shows it on the map.
    current.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    readout = page.locator(".tm-story-readout")
    expect(readout).to_contain_text("Week of 28 Nov – 4 Dec 2016")
    expect(readout).to_contain_text("wpsummer-20160728-bani_zaid")
    page.keyboard.press("Enter")
    wait_for_hash(page, "#date=2016-12-04&area=bani_zaid")
    assert map_week(page) == "2016-12-04"
    # A click goes to that week; the panel says when the area was last named.
    page.locator(f'{STRIP}[data-week="2014-06-15"]').click()
    wait_for_hash(page, "#date=2014-06-15&area=bani_zaid")
    expect(page.locator(".tm-last-named")).to_have_text(
        "Last named by a sentence on 16 Jan 2014, 21 weeks before the shown week."
    )
    # The text alternative: the runs of one holder, in words.
    page.locator(".tm-story-text summary").click()
    expect(page.locator(".tm-story-text li").first).to_contain_text("Unknown / no claim from")
    assert not page.js_errors


def test_the_age_map_shades_each_area_by_the_engine_s_age_of_its_evidence(site, sites, aleppo):
    page = site
    open_site(page, sites["aleppo"], "#date=2014-06-15")
    page.locator(".tm-modes input[value='age']").check()
    wait_for_hash(page, "#date=2014-06-15&mode=age")
    ages = evidence_age_weekly(Timeline(aleppo)).loc[pd.Timestamp("2014-06-15")]
    fills = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('path[data-area]'))
                    .map(p => [p.getAttribute('data-area'), p.getAttribute('fill')]))"""
    )
    for area_id, weeks in ages.items():
        c = age_class(weeks)
        if c >= 0:
            assert fills[area_id].upper() == AGE_COLOURS[c], (area_id, weeks)
    assert page.locator(".tm-mode-key").inner_text().count("weeks") >= 3
    # Compare mode takes over from the age map.
    page.locator(".tm-compare-btn").click()
    wait_for_hash(page, "#date=2014-06-15&compare=2014-06-15")
    assert not page.js_errors


def test_a_bad_compare_date_gets_a_note_and_no_comparison_and_a_route_opens(site, sites):
    page = site
    open_site(page, sites["aleppo"], "#date=2016-12-18&compare=%3Cscript%3Ex%3C%2Fscript%3E")
    expect(page.locator(".tm-note")).to_contain_text("is not a date of the form YYYY-MM-DD")
    assert page.locator(".tm-note script").count() == 0
    assert page.locator(LIST).count() == 0 and marked(page) == {}
    page.goto(sites["aleppo"].as_uri() + "#date=2016-08-07&route=castello_road")
    expect(page.locator(".tm-panel .tm-name")).to_contain_text("Castello")
    assert not page.js_errors


def test_hostile_text_is_inert_in_the_list_and_the_strip(browser, sites):
    page = file_page(browser)
    page.context.add_init_script(PWNED_TRAP)
    page.pwned_console = []
    page.on("console", lambda m: page.pwned_console.append(m.text) if "PWNED" in m.text else None)
    try:
        open_site(page, sites["hostile"], "#date=2020-06-14&compare=2020-03-08&area=harbour")
        rows = assert_list_is_the_diff(page, "2020-03-08", "2020-06-14", HOSTILE)
        names = page.locator(f"{LIST} .tm-compare-area").all_inner_texts()
        assert names and all("<" in n or "{{" in n or "'" in n for n in names), names
        quotes = page.locator(f"{LIST} .tm-change-claims li").all_inner_texts()
        assert any("<script>" in q or "onerror" in q for q in quotes), quotes
        page.locator(f'{STRIP}[aria-current="date"]').hover()
        expect(page.locator(".tm-story-readout")).to_contain_text("<")
        page.locator(f"{LIST} .tm-compare-area").first.click()
        assert rows
        assert_not_pwned(page)
        assert not page.js_errors
    finally:
        page.context.close()


# ------------------------------------------------------------------------- the app


def side_frame(page):
    handle = page.locator(SIDE_FRAME).first.element_handle(timeout=30_000)
    frame = handle.content_frame()
    frame.wait_for_selector("#tm-side > *", timeout=30_000)
    return frame


def test_the_app_lists_the_changes_in_its_side_frame_and_an_item_selects_the_area(page):
    page.goto(page.app_url + "/?date=2016-12-18&compare=2016-11-06")
    wait_for_app(page)
    wait_for_polygons(page)
    mapped = map_js_frame(page)
    side = side_frame(page)
    expected = cli_diff("2016-11-06", "2016-12-18")
    expect(side.locator(LIST)).to_have_count(len(expected))
    assert listed(side) == expected
    assert marked(mapped) == {r["area_id"]: r["holder_from"] for r in expected}
    item = side.locator(LIST).nth(3)
    area, name = item.get_attribute("data-area"), item.locator(".tm-compare-area").inner_text()
    item.locator(".tm-compare-area").click()
    page.wait_for_function(
        "a => location.search.includes('area=' + a) && location.search.includes('compare=')",
        arg=area,
        timeout=15_000,
    )
    # The panel's heading reads "unit · district".
    heading = re.compile(rf"^{re.escape(name)}( · .+)?$")
    expect(page.locator('[data-testid="stMain"] h3').first).to_have_text(heading)
    mapped.wait_for_function("a => window.timeMap.state().area === a", arg=area)
    assert mapped.evaluate("() => window.timeMap.state().compare") == "2016-11-06"
    assert not page.js_errors


def test_the_app_s_strip_moves_the_map_to_the_week_clicked(page, aleppo):
    page.goto(page.app_url + "/?date=2016-12-18&area=bani_zaid")
    wait_for_app(page)
    wait_for_polygons(page)
    mapped = map_js_frame(page)
    side = side_frame(page)
    holders = side.locator(STRIP).evaluate_all("cs => cs.map(c => c.dataset.holder)")
    assert holders == list(Timeline(aleppo).weekly_frames()["bani_zaid"])
    side.locator(f'{STRIP}[data-week="2015-03-01"]').click()
    page.wait_for_function("() => location.search.includes('date=2015-03-01')", timeout=15_000)
    mapped.wait_for_function("() => window.timeMap.state().date === '2015-03-01'")
    assert map_week(mapped) == "2015-03-01"
    assert not page.js_errors
