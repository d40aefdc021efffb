"""The app in a real headless Chromium, offline, on the bundled Aleppo data.

Moving through time (the map's own time bar) is tested in test_timebar_browser.py.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from playwright.sync_api import expect

from aleppo_map.load import load_dataset
from aleppo_map.timeline import Timeline
from tests.browser.harness import (
    MAP_FRAME,
    REPO,
    click_area,
    holders_by_area,
    map_frame,
    wait_for_app,
    wait_for_polygons,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def timeline():
    return Timeline(load_dataset(REPO))


def quote_of(timeline: Timeline, area_id: str, date: str) -> str:
    return timeline.state_at(date).set_index("area_id").loc[area_id, "quote"]


def open_app(page, query: str = "") -> None:
    page.goto(page.app_url + "/" + query)
    wait_for_app(page)
    wait_for_polygons(page)


def test_map_renders_every_polygon_offline(page, timeline):
    open_app(page, "?date=2016-11-20")
    shown = holders_by_area(page)
    assert set(shown) == set(timeline.area_ids)
    expected = timeline.state_at("2016-11-20").set_index("area_id")["holder"].to_dict()
    assert shown == expected
    assert not page.js_errors


def test_the_map_frame_names_itself_and_lets_the_reader_zoom(page, timeline):
    open_app(page)
    title = f"Interactive map: {timeline.dataset.headline}"
    expect(page.locator(MAP_FRAME)).to_have_attribute("title", title)
    frame = map_frame(page)
    expect(frame.locator('[role="region"].tm-map')).to_have_attribute(
        "aria-label", "Map of areas coloured by holder"
    )
    viewport = frame.locator('meta[name="viewport"]').get_attribute("content")
    assert "user-scalable" not in viewport and "maximum-scale" not in viewport


def test_clicking_a_polygon_shows_its_quote_in_the_panel(page, timeline):
    open_app(page, "?date=2016-11-27")
    click_area(page, "hananu")
    # The map tells the app the week it shows (ending Sunday 27 November) and the area.
    page.wait_for_function("() => location.search === '?date=2016-11-27&area=hananu'")
    quote = quote_of(timeline, "hananu", "2016-11-27")
    page.get_by_text(quote[:60], exact=False).first.wait_for(timeout=15_000)
    assert page.get_by_role("heading", name=re.compile("Hananu")).count() >= 1


def test_link_with_date_and_area_opens_that_panel(page, timeline):
    # A date opens the week that contains it: the panel shows that week's state, as the map.
    open_app(page, "?date=2016-11-29&area=sheikh_saeed")
    quote = quote_of(timeline, "sheikh_saeed", "2016-12-04")
    page.get_by_text(quote[:60], exact=False).first.wait_for(timeout=15_000)
    assert page.get_by_text("State on 04 December 2016").count() >= 1  # the citation
    assert page.evaluate("location.search") == "?date=2016-12-04&area=sheikh_saeed"
    assert page.get_by_text("Week of 28 Nov – 04 Dec 2016").count() >= 1


@pytest.mark.parametrize("page_name", ["Timeline", "Sources", "Data", "Method"])
def test_every_page_renders_in_the_browser(page, page_name):
    page.goto(f"{page.app_url}/{page_name}")
    wait_for_app(page)
    page.get_by_role("heading", name=page_name).first.wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not page.js_errors


def test_period_bounds_are_what_the_data_says(timeline):
    assert timeline.first_date <= pd.Timestamp("2012-07-31")
    assert timeline.last_date >= pd.Timestamp("2016-12-13")


def test_png_download_is_a_valid_image(page, tmp_path):
    open_app(page, "?date=2016-11-29&area=hananu")
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Download PNG").click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    from PIL import Image

    image = Image.open(target)
    image.load()
    assert image.format == "PNG" and image.width >= 1000
    assert "04 December 2016" in image.text["Description"]  # the end of the week of 29 Nov
    assert download.suggested_filename == "aleppo-control-2016-12-04-hananu.png"
