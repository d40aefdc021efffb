"""The app in a real headless Chromium, offline, on the bundled Aleppo data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from aleppo_map.load import load_dataset
from aleppo_map.timeline import Timeline
from tests.browser.harness import (
    REPO,
    click_area,
    holders_by_area,
    iframe_token,
    map_frame,
    wait_for_app,
    wait_for_holders_change,
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


def test_clicking_a_polygon_shows_its_quote_in_the_panel(page, timeline):
    open_app(page, "?date=2016-11-29")
    click_area(page, "hananu")
    quote = quote_of(timeline, "hananu", "2016-11-29")
    page.get_by_text(quote[:60], exact=False).first.wait_for(timeout=15_000)
    assert page.get_by_role("heading", name=re.compile("Hananu")).count() >= 1
    page.wait_for_url(re.compile(r"area=hananu"))


def test_week_step_recolours_without_remounting_the_map(page):
    open_app(page, "?date=2016-11-20")
    token = iframe_token(page)
    before = holders_by_area(page)
    page.get_by_role("button", name="1 week ▶").click()
    after = wait_for_holders_change(page, before)
    changed = {a for a in after if after[a] != before[a]}
    assert "hananu" in changed, changed
    assert iframe_token(page) == token, "the map iframe was remounted"
    page.wait_for_url(re.compile(r"date=2016-11-27"))


def test_slider_keys_move_the_week_and_the_url(page):
    open_app(page, "?date=2016-11-20")
    token = iframe_token(page)
    before = holders_by_area(page)
    slider = page.locator('[data-testid="stSlider"] input[type=range]').first
    slider.focus()
    slider.press("ArrowRight")
    wait_for_holders_change(page, before)
    page.wait_for_url(re.compile(r"date=2016-11-27"))
    assert iframe_token(page) == token


def test_link_with_date_and_area_opens_that_panel(page, timeline):
    open_app(page, "?date=2016-11-29&area=sheikh_saeed")
    quote = quote_of(timeline, "sheikh_saeed", "2016-11-29")
    page.get_by_text(quote[:60], exact=False).first.wait_for(timeout=15_000)
    assert page.get_by_text("29 November 2016").count() >= 1


def test_selection_survives_stepping_through_time(page, timeline):
    open_app(page, "?date=2016-11-20&area=hananu")
    page.get_by_role("button", name="1 week ▶").click()
    page.wait_for_url(re.compile(r"date=2016-11-27&area=hananu"))
    quote = quote_of(timeline, "hananu", "2016-11-27")
    page.get_by_text(quote[:60], exact=False).first.wait_for(timeout=15_000)


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
    assert "29 November 2016" in image.text["Description"]
    assert download.suggested_filename == "aleppo-control-2016-11-29-hananu.png"


def test_play_advances_weeks_and_pause_stops(page):
    open_app(page, "?date=2016-10-02")
    token = iframe_token(page)
    page.get_by_role("button", name="▶ Play").click()
    page.wait_for_url(re.compile(r"date=2016-10-16"), timeout=20_000)  # two weeks on
    page.get_by_role("button", name="⏸ Pause").click()
    wait_for_app(page)
    stopped_at = page.url
    page.wait_for_timeout(2500)
    assert page.url == stopped_at
    assert iframe_token(page) == token, "play must not remount the map"


def test_in_map_week_buttons_recolour_in_the_browser_then_update_the_app(page):
    open_app(page, "?date=2016-11-20&area=hananu")
    token = iframe_token(page)
    before = holders_by_area(page)
    map_frame(page).get_by_role("button", name="Next week (instant)").click()
    after = wait_for_holders_change(page, before)
    assert after["hananu"] == "government"
    page.wait_for_url(re.compile(r"date=2016-11-27&area=hananu"))  # the app follows
    page.get_by_text("Sunday 27 November 2016").wait_for()
    map_frame(page).get_by_role("button", name="Previous week (instant)").click()
    page.wait_for_url(re.compile(r"date=2016-11-20"))
    assert holders_by_area(page) == before
    assert iframe_token(page) == token


def test_pages_link_to_each_other_and_the_map_keeps_its_week(page):
    open_app(page, "?date=2016-11-29")
    page.get_by_role("link", name="Timeline").click()
    page.get_by_role("heading", name="Timeline").first.wait_for()
    page.get_by_role("link", name="Map").click()
    wait_for_app(page)
    wait_for_polygons(page)
    page.get_by_text("Tuesday 29 November 2016").wait_for()
    slider = page.locator('[data-testid="stSlider"]').first
    assert "28 Nov – 04 Dec 2016" in slider.inner_text()
