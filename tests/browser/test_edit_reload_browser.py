"""A running app shows an edited data file after a reload: a contributor fixes a claim, saves,
reloads the page, and sees the new sentence, or the corrected list of problems. No restart.
"""

from __future__ import annotations

import shutil

import pytest

from tests.browser.harness import new_page, streamlit_server, wait_for_app, wait_for_polygons
from tests.conftest import TESTVILLE

pytestmark = pytest.mark.browser

SENTENCE = "On 21 June 2020 the Orange Guard retook the Station District."
ROW = (
    "ch-20200621-station,station,2020-06-21,day,On 21 June 2020,opposition,chronicle,"
    f'"{SENTENCE}",high,named,true,A test of a file edited while the app runs.\n'
)


@pytest.fixture
def city(tmp_path):
    target = tmp_path / "testville"
    shutil.copytree(TESTVILLE, target)
    return target


def test_an_edited_file_shows_after_a_reload_without_a_restart(browser, city):
    claims = city / "control_changes.csv"
    chronicle = city / "sources" / "chronicle.txt"
    with streamlit_server(data=city) as base:
        page = new_page(browser, base)
        try:
            url = base + "/?date=2020-06-28&area=station"
            page.goto(url)
            wait_for_app(page)
            wait_for_polygons(page)
            assert SENTENCE not in page.inner_text("body")
            # A mistake first: the quote is not in the source text yet.
            claims.write_text(claims.read_text(encoding="utf-8") + ROW, encoding="utf-8")
            page.goto(url)
            wait_for_app(page)
            error = page.get_by_test_id("stAlertContentError")
            error.wait_for()
            assert "reload this page" in error.inner_text()
            page.get_by_text("control_changes.csv, line 15: quote", exact=False).wait_for()
            # The fix: the sentence is in the text now. Reload: the map and the new claim.
            chronicle.write_text(
                chronicle.read_text(encoding="utf-8") + "\n" + SENTENCE + "\n", encoding="utf-8"
            )
            page.goto(url)
            wait_for_app(page)
            wait_for_polygons(page)
            page.get_by_text(SENTENCE).first.wait_for()
            assert not page.get_by_test_id("stAlertContentError").count()
            assert not page.js_errors
        finally:
            page.context.close()
