"""Another city in the browser: the app started with `-- --data tests/data/testville`.

The same app, with nothing about Aleppo in it, opens on the synthetic Testville dataset:
its title, its six polygons coloured as the engine says, a click showing the quoted
sentence of the area clicked, and a PNG download of what is shown.
"""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from aleppo_map.load import load_dataset
from aleppo_map.timeline import Timeline
from tests.browser.harness import click_area, holders_by_area, wait_for_app, wait_for_polygons
from tests.conftest import TESTVILLE

DATA = TESTVILLE
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def timeline():
    return Timeline(load_dataset(TESTVILLE))


def test_the_app_opens_on_the_other_city_with_every_polygon(page, timeline):
    page.goto(page.app_url + "/?date=2020-05-03")
    wait_for_app(page)
    wait_for_polygons(page)
    title = page.get_by_test_id("stMain").locator("h1").first.inner_text().strip()
    assert title.startswith("Testville territorial control"), title[:80]
    expected = timeline.state_at("2020-05-03").set_index("area_id")["holder"].to_dict()
    assert holders_by_area(page) == expected
    assert set(expected.values()) == {"government", "opposition", "contested"}
    assert "Aleppo" not in page.locator('[data-testid="stMain"]').inner_text().replace(
        "aleppo-control", ""
    ).replace("Aleppo control map", "")
    assert not page.js_errors


@pytest.mark.parametrize(
    ("area_id", "date", "words"),
    [
        ("old_town", "2020-05-03", "Fighting raged in the Old Town from 1 May 2020"),
        ("harbour", "2020-06-20", "on 14 June 2020 it entered the Harbour"),
    ],
)
def test_a_click_shows_the_quote_of_the_area(page, timeline, area_id, date, words):
    page.goto(f"{page.app_url}/?date={date}")
    wait_for_app(page)
    wait_for_polygons(page)
    click_area(page, area_id)
    page.wait_for_function("a => location.search.includes('area=' + a)", arg=area_id)
    # The map reports the week it shows (the last one, for a date after it).
    shown = re.search(r"date=([\d-]+)", page.evaluate("location.search")).group(1)
    quote = timeline.state_at(shown).set_index("area_id").loc[area_id, "quote"]
    assert words in quote
    page.get_by_text(quote[:60], exact=False).first.wait_for(timeout=15_000)
    name = timeline.dataset.areas.loc[area_id, "name"]
    assert page.get_by_role("heading", name=name).count() >= 1
    if area_id == "harbour":  # the Gazette's earlier date is kept, with the same holder
        page.get_by_text("1 other claim(s) give the same holder").click()
        page.get_by_text("a week earlier than others report", exact=False).first.wait_for()


def test_png_download_of_the_other_city(page):
    page.goto(f"{page.app_url}/?date=2020-05-03&area=old_town")
    wait_for_app(page)
    wait_for_polygons(page)
    with page.expect_download(timeout=60_000) as download:
        buttons = page.locator('[data-testid="stDownloadButton"]')  # not the chart's own
        buttons.filter(has_text="PNG").locator("button").first.click()
    image = Image.open(io.BytesIO(download.value.path().read_bytes()))
    image.load()
    assert image.format == "PNG" and image.width > 500
    assert "Testville" in image.text["Title"]
