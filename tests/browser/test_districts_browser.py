"""Districts in a real Chromium, in the app on the bundled data and in the published file.

"Find an area" finds a district (the Old City): choosing it zooms the map to it, draws its
outline heavier, says its name on the status line and opens its panel, which lists its areas
with their holders this week. A
link to a district (`?area=old_city`, `#area=old_city`) opens that panel; a unit's panel is
headed with its district ("al-Farafira · the Old City"). The names on the map never overlap.
A dataset without geodata/districts.csv publishes to a page that works, each unit alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aleppo_map.load import load_dataset
from aleppo_map.model import HOLDER_LABELS
from aleppo_map.timeline import Timeline
from tests.browser.harness import (
    REPO,
    file_page,
    frame_holders,
    map_frame,
    map_js_frame,
    publish,
    wait_for_app,
    wait_for_polygons,
    wait_for_site,
)
from tests.test_places import nested

pytestmark = pytest.mark.browser

# The labels drawn on the map and shown, with their boxes in the page.
SHOWN_LABELS = """() => Array.from(document.querySelectorAll('.tm-label'))
  .filter(n => n.style.display !== 'none' && n.firstChild.getBoundingClientRect().width)
  .map(n => { const r = n.firstChild.getBoundingClientRect();
              return {kind: n.className, text: n.textContent, left: r.left, top: r.top,
                      right: r.right, bottom: r.bottom}; })"""


@pytest.fixture(scope="module")
def timeline():
    return Timeline(load_dataset(REPO))


def open_app(page, query: str):
    page.goto(page.app_url + "/" + query)
    wait_for_app(page)
    wait_for_polygons(page)
    return map_js_frame(page)


def wait_for_search(page, fragment: str) -> None:
    page.wait_for_function("f => location.search.includes(f)", arg=fragment, timeout=15_000)


def old_city_rows(timeline: Timeline, week: str) -> dict[str, str]:
    """The Old City's areas: name -> holder label, in the week ending `week`."""
    dataset = timeline.dataset
    units = dataset.places.members["old_city"]
    state = timeline.state_at(week).set_index("area_id")
    return {dataset.areas.at[u, "name"]: HOLDER_LABELS[state.at[u, "holder"]] for u in units}


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    ]


# ------------------------------------------------------------------------ the app


def test_finding_the_old_city_zooms_to_it_and_its_panel_lists_its_areas(page, timeline):
    frame = open_app(page, "?date=2016-11-29")
    opening_zoom = frame.evaluate("() => window.timeMap.map.getZoom()")
    box = map_frame(page).get_by_role("combobox", name="Find an area")
    box.press_sequentially("old city", delay=20)
    first = map_frame(page).locator("li[role=option][data-area]").first
    first.wait_for()
    assert first.get_attribute("data-area") == "old_city"
    assert "District of" in first.inner_text()
    box.press("Enter")
    frame.wait_for_function("() => window.timeMap.state().area === 'old_city'")
    wait_for_search(page, "area=old_city")
    page.get_by_text("Who held its areas this week").wait_for()
    assert page.get_by_role("heading", name="Old City", exact=True).count() == 1
    week = re.search(r"date=([\d-]+)", page.evaluate("location.search")).group(1)
    for name, holder in old_city_rows(timeline, week).items():
        button = page.get_by_role("button", name=re.compile("^" + re.escape(name) + " "))
        assert holder in button.first.inner_text(), name
    zoom = frame.evaluate("() => window.timeMap.map.getZoom()")
    assert zoom > opening_zoom, "not zoomed to the district"
    units = len(timeline.dataset.places.members["old_city"])
    frame.wait_for_function(
        "t => document.querySelector('.tm-status').textContent.endsWith(t)",
        arg=f"Old City: District of {units} areas",
    )
    outline = map_frame(page).locator('path[data-district="old_city"]')
    assert outline.get_attribute("data-selected") == "true"
    assert not page.js_errors


def test_a_link_to_a_district_opens_it_and_a_units_panel_names_its_district(page, timeline):
    open_app(page, "?date=2016-11-29&area=farafira")
    heading = page.get_by_role("heading", name="al-Farafira · the Old City")
    heading.wait_for()
    page.get_by_role("button", name=re.compile(r"^All \d+ areas of the Old City")).click()
    wait_for_search(page, "area=old_city")
    page.get_by_text("Who held its areas this week").wait_for()
    # An old link: `area=old_city` was one area before the Old City was cut into its quarters.
    frame = open_app(page, "?date=2016-11-29&area=old_city")
    page.get_by_text("Who held its areas this week").wait_for()
    assert frame.evaluate("() => window.timeMap.state().area") == "old_city"
    selected = map_frame(page).locator('path[data-district][data-selected="true"]')
    assert selected.get_attribute("data-district") == "old_city"
    assert page.evaluate("location.search") == "?date=2016-12-04&area=old_city"
    assert not page.js_errors


# ------------------------------------------------------------------------ the published file


@pytest.fixture(scope="module")
def aleppo_site(published_site) -> Path:
    return published_site


@pytest.fixture
def site_page(browser):
    page = file_page(browser, viewport={"width": 1440, "height": 900})
    yield page
    page.context.close()


def test_the_file_opens_a_district_from_its_address_and_names_never_overlap(
    site_page, aleppo_site, timeline
):
    page = site_page
    page.goto(aleppo_site.as_uri())
    wait_for_site(page)
    labels = page.evaluate(SHOWN_LABELS)
    districts = [x["text"] for x in labels if "tm-district-label" in x["kind"]]
    assert "Old City" in districts, districts
    assert overlapping(labels) == []
    page.goto(aleppo_site.as_uri() + "#date=2016-11-29&area=old_city")
    page.reload()
    wait_for_site(page)
    panel = page.locator("#tm-panel")
    assert panel.locator("h2").first.inner_text() == "Old City"
    rows = old_city_rows(timeline, "2016-12-04")
    items = panel.get_by_role("list", name="Areas of the Old City").locator("li")
    assert items.count() == len(rows)
    shown = dict(
        zip(items.locator("button").all_inner_texts(), items.locator(".tm-badge").all_inner_texts())
    )
    assert shown == rows
    # Choosing an area of the district: its panel, headed with the district.
    farafira = panel.locator('button[data-area="farafira"]')
    farafira.click()
    page.wait_for_function("() => location.hash.endsWith('area=farafira')")
    assert " ".join(panel.locator("h2").first.inner_text().split()) == (
        "al-Farafira · the Old City"
    )
    # Zoomed in on the Old City, the areas' names show, and still none overlaps another.
    page.evaluate("() => window.timeMap.map.setZoom(15, {animate: false})")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.tm-area-label'))"
        ".some(n => n.style.display !== 'none' && n.textContent === 'al-Farafira')"
    )
    assert overlapping(page.evaluate(SHOWN_LABELS)) == []
    assert not page.js_errors


def test_a_dataset_without_districts_publishes_to_a_page_that_works(site_page, tmp_path):
    data = nested(tmp_path / "alone", groups=[], claims=[], district={})
    index = publish(tmp_path / "site", data)
    page = site_page
    page.goto(index.as_uri() + "#area=harbour")
    wait_for_site(page)
    assert len(frame_holders(page)) == 6
    assert page.locator(".tm-district, .tm-district-label").count() == 0
    heading = " ".join(page.locator("#tm-panel h2").first.inner_text().split())
    assert heading == "Harbour", "a unit in no district is named alone"
    box = page.get_by_role("combobox", name="Find an area")
    box.press_sequentially("south", delay=20)
    options = page.locator("li[role=option][data-area]")
    options.first.wait_for()
    assert "District of" not in page.locator(".tm-search-list").inner_text()
    assert not page.js_errors
