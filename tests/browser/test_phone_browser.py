"""The phone reader (390×844, touch) in a real Chromium, in the published file and in the app:
a release of the Week slider on 29 November 2016 leaves a summary of the evidence panel in
view (holder, since, the start of the quote, "more" for the whole panel) that says what the
panel says; the change marks are touch targets 24 px tall; the city fills the map's width.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.harness import file_page, wait_for_site

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def site(published_site) -> Path:
    return published_site


@pytest.fixture(scope="module")
def week_of():
    """The index of the week that holds a date, as the slider counts them."""
    from aleppo_map.load import load_dataset
    from aleppo_map.timeline import Timeline
    from tests.browser.harness import REPO

    timeline = Timeline(load_dataset(REPO))
    return lambda date: list(timeline.frame_dates).index(timeline.frame_date_for(date))


def release_slider_on(page, where, target: int) -> None:
    """Press the Week slider's thumb, drag it until it shows week `target`, and let go.
    `where`: the page or frame the map runs in; the mouse moves on `page`."""
    slider = where.locator("input.tm-slider")
    box = slider.bounding_box()  # in the page's own coordinates, frame or not
    y = box["y"] + box["height"] / 2
    value = lambda: slider.evaluate("s => +s.value")  # noqa: E731
    count = slider.evaluate("s => +s.max + 1")
    x = box["x"] + box["width"] * (value() + 0.5) / count
    page.mouse.move(x, y)
    page.mouse.down()
    x = box["x"] + box["width"] * (target + 0.5) / count
    for _ in range(200):
        page.mouse.move(x, y)
        now = value()
        if now == target:
            break
        x += 0.5 if now < target else -0.5
    page.mouse.up()
    assert value() == target


def sheet_in_view(page, where) -> dict:
    """The summary sheet's box on the screen (the frame's offset added) and its words."""
    box = where.locator(".tm-sheet").bounding_box()
    words = where.evaluate(
        """() => { const t = s => document.querySelector(s).textContent.trim();
                   return {name: t('.tm-sheet-name'), holder: t('.tm-sheet-badge'),
                           since: t('.tm-sheet-since'), quote: t('.tm-sheet-quote')}; }"""
    )
    return {"top": box["y"], "bottom": box["y"] + box["height"], **words}


def test_on_a_phone_a_release_leaves_the_panels_summary_in_view(browser, site, week_of):
    page = file_page(browser, **PHONE, device_scale_factor=2)
    try:
        page.goto(site.as_uri() + "#date=2016-09-01&area=sheikh_saeed")
        wait_for_site(page)
        release_slider_on(page, page, week_of("2016-11-29"))
        page.wait_for_function(
            """() => document.querySelector('.tm-sheet').getAttribute('data-week') ===
                     '2016-12-04' && location.hash.includes('2016-12-04')""",
            timeout=10_000,
        )
        sheet = page.locator(".tm-sheet")
        box = sheet.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 844, box
        assert page.evaluate("() => scrollY") == 0, "nothing scrolled to show it"
        page.screenshot(path=str(ARTIFACTS / "news-phone-site.png"))
        said = page.evaluate(
            """() => { const t = s => document.querySelector(s).textContent.trim();
                       return {name: t('.tm-sheet-name'), holder: t('.tm-sheet-badge'),
                               since: t('.tm-sheet-since'), quote: t('.tm-sheet-quote'),
                               pName: t('#tm-panel h2'),
                               pHolder: t('#tm-panel .tm-claim .tm-badge'),
                               pSince: t('#tm-panel .tm-claim .tm-since'),
                               pQuote: t('#tm-panel blockquote.tm-quote')}; }"""
        )
        assert said["pName"].startswith(said["name"]), said
        assert said["holder"] == said["pHolder"], said
        assert said["since"].startswith(said["pSince"]), said
        quoted = said["quote"].split("\u201d \u2014 ")[0] + "\u201d"
        assert quoted == said["pQuote"], said
        # "more" brings the whole panel into view.
        page.get_by_role("button", name="Show the whole evidence panel").click()
        page.wait_for_function(
            "() => { const r = document.getElementById('tm-panel').getBoundingClientRect();"
            "        return r.top >= -1 && r.top < innerHeight / 2; }",
            timeout=5000,
        )
        assert not page.js_errors
    finally:
        page.context.close()


def test_on_a_phone_the_change_marks_are_touch_targets_and_the_city_fills_the_map(browser, site):
    page = file_page(browser, **PHONE)
    try:
        page.goto(site.as_uri() + "#date=2016-11-29")
        wait_for_site(page)
        seen = page.evaluate(
            """() => { const marks = Array.from(document.querySelectorAll('.tm-mark'))
                         .map(m => m.getBoundingClientRect());
                       const m = document.getElementById('tm-map').getBoundingClientRect();
                       const areas = Array.from(document.querySelectorAll('path[data-area]'))
                         .map(p => p.getBoundingClientRect());
                       const left = Math.min(...areas.map(r => r.left));
                       const right = Math.max(...areas.map(r => r.right));
                       return {heights: marks.map(r => r.height), map: [m.left, m.right],
                               city: [left, right], bottom: m.bottom}; }"""
        )
        assert min(seen["heights"]) >= 24, seen["heights"]
        city = seen["city"][1] - seen["city"][0]
        frame = seen["map"][1] - seen["map"][0]
        assert city >= 0.85 * frame, f"the city is drawn small: {seen}"
        assert seen["bottom"] <= 844
    finally:
        page.context.close()


def test_in_the_app_on_a_phone_a_release_leaves_the_summary_in_view(browser, app_url, week_of):
    from aleppo_map.load import load_dataset
    from aleppo_map.model import HOLDER_LABELS
    from aleppo_map.timeline import Timeline
    from tests.browser.harness import REPO, close_page, map_js_frame, new_page, wait_for_app

    page = new_page(browser, app_url, shared=True, **PHONE, device_scale_factor=2)
    try:
        page.goto(app_url + "/?date=2016-09-01&area=sheikh_saeed")
        wait_for_app(page)
        frame = map_js_frame(page)
        # The reader scrolls to the time bar, as a finger would, and lets go on the week.
        frame.locator("input.tm-slider").scroll_into_view_if_needed()
        release_slider_on(page, frame, week_of("2016-11-29"))
        page.wait_for_function("() => location.search.includes('date=2016-12-04')",
                               timeout=20_000)  # fmt: skip
        frame.wait_for_function(
            "() => document.querySelector('.tm-sheet').getAttribute('data-week') === '2016-12-04'"
        )
        seen = sheet_in_view(page, frame)
        assert seen["top"] >= 0 and seen["bottom"] <= 844, seen
        page.screenshot(path=str(ARTIFACTS / "news-phone-app.png"))
        # It says what the app's own panel says: the holder, and the quote's start.
        row = Timeline(load_dataset(REPO)).state_at("2016-12-04").set_index("area_id")
        claim = row.loc["sheikh_saeed"]
        assert seen["holder"] == HOLDER_LABELS[claim["holder"]], seen
        start = seen["quote"].split("” — ")[0].lstrip("“").rstrip("…")
        assert claim["quote"].startswith(start) and len(start) >= 40, seen
        page.get_by_text(claim["quote"][:60], exact=False).first.wait_for(timeout=15_000)
        assert not page.js_errors
    finally:
        close_page(page)
