"""The interface in Arabic, in a real Chromium: the published file (`export site --lang ar`,
and `#lang=ar` in an English file's address) and the app (`?lang=ar`), on a laptop (1440×900)
and a phone (390×844): right to left, no sideways scroll, the time bar inside the frame, the
interface's text essentially free of Latin letters (quotes and proper names, isolated with
`dir="auto"`/`<bdi>`, aside), `lang` kept in the address, and hostile data inert."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.harness import (
    PWNED_TRAP,
    REPO,
    close_page,
    file_page,
    new_page,
    wait_for_app,
    wait_for_polygons,
    wait_for_site,
)

pytestmark = pytest.mark.browser

SIZES = [(1440, 900), (390, 844)]
HOSTILE = REPO / "tests" / "data" / "hostile"

# The share of Latin letters among the letters of the interface's own text: what is left
# after the isolated runs (quotes, sources, English names, the tiles' attribution) is skipped.
LATIN_SHARE = """(root) => {
  const skip = 'bdi, [dir="auto"], [lang="en"], .leaflet-control-attribution, ' +
    '.leaflet-control-layers, .tm-as-published, script, style, noscript, .tm-cite, ' +
    '.tm-licence, .tm-version, .tm-lang, .tm-table-wrap, [data-testid="stDataFrame"]';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let latin = 0, letters = 0, sample = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (!p || p.closest(skip) || !p.getClientRects().length) { continue; }
    // quotes («…», “…”), outlets in brackets and claim ids are the sources' own words
    const text = n.textContent.replace(/«[^»]*»|\u201c[^\u201d]*\u201d|\\([^)]*\\)/g, "")
      .replace(/[a-z0-9]+(-[a-z0-9_]+)+/g, "");
    const l = (text.match(/[A-Za-z]/g) || []).length;
    latin += l;
    letters += (text.match(/[A-Za-z\\u0600-\\u06FF]/g) || []).length;
    if (l > 3) { sample.push(text.trim().slice(0, 60)); }
  }
  return {share: letters ? latin / letters : 0, letters: letters, sample: sample.slice(0, 12)};
}"""


def publish(out: Path, *extra: str) -> Path:
    command = [sys.executable, "-m", "aleppo_map", "export", "site", "--out", str(out), *extra]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out / "index.html"


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory) -> Path:
    return publish(tmp_path_factory.mktemp("site-ar"), "--lang", "ar", "--date", "2016-11-29")


@pytest.fixture(scope="module")
def english_site(published_site) -> Path:
    return published_site


def check_layout(page, doc_root: str = "document.documentElement") -> None:
    """No sideways scroll; the time bar's controls inside the window."""
    sizes = page.evaluate(f"() => ({{scroll: {doc_root}.scrollWidth, width: window.innerWidth}})")
    assert sizes["scroll"] <= sizes["width"], sizes


@pytest.mark.parametrize("width, height", SIZES)
def test_the_published_file_in_arabic(browser, arabic_site, width, height):
    page = file_page(browser, viewport={"width": width, "height": height})
    page.goto(arabic_site.as_uri() + "#date=2016-11-29&area=sheikh_saeed")
    wait_for_site(page)
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    check_layout(page)
    for control in page.locator(".tm-bar button, .tm-bar select, .tm-bar input").all():
        box = control.bounding_box()
        if box is not None:
            assert box["x"] >= -1 and box["x"] + box["width"] <= width + 1, box
    assert page.get_by_role("slider", name="الأسبوع").count() == 1
    assert page.get_by_role("combobox", name="ابحث عن منطقة").count() == 1
    found = page.evaluate(LATIN_SHARE, page.locator("body").element_handle())
    assert found["share"] < 0.03, found
    # Arabic names first; the English name isolated below it
    assert page.locator(".tm-panel h2.tm-name").inner_text() == "الشيخ سعيد"
    assert not page.js_errors


def test_the_time_axis_runs_from_the_right_and_the_arrows_follow_it(browser, arabic_site):
    page = file_page(browser, viewport={"width": 1440, "height": 900})
    page.goto(arabic_site.as_uri() + "#date=2016-06-05")
    wait_for_site(page)
    slider = page.get_by_role("slider", name="الأسبوع")
    box = slider.bounding_box()
    # the thumb of a week in the middle of the period: earlier weeks lie to its right
    first_mark = page.locator(".tm-mark").first.bounding_box()
    last_mark = page.locator(".tm-mark").last.bounding_box()
    assert first_mark["x"] > last_mark["x"]  # the first change is on the right
    week = page.evaluate("window.timeMap.state().index")
    slider.focus()
    page.keyboard.press("ArrowLeft")  # to the left: later
    page.wait_for_function(f"window.timeMap.state().index === {week + 1}")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # to the right: earlier
    page.wait_for_function(f"window.timeMap.state().index === {week - 1}")
    assert box["width"] > 0


def test_lang_round_trips_in_the_files_address(browser, english_site):
    page = file_page(browser, viewport={"width": 1440, "height": 900})
    page.goto(english_site.as_uri() + "#date=2016-11-29&lang=ar")
    wait_for_site(page)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.evaluate("window.timeMap.select('hananu', {report: true})")
    # predicates as functions: the file's Content-Security-Policy forbids evaluating strings
    page.wait_for_function("() => location.hash.includes('area=hananu')")
    assert "lang=ar" in page.evaluate("location.hash")
    # the switch: English, and the view kept
    page.locator('[data-tm-lang="en"]').click()
    page.wait_for_function("() => document.documentElement.lang === 'en' && window.timeMapPainted")
    assert "date=2016-12-04&area=hananu" in page.evaluate("location.hash")  # the week kept


def test_hostile_text_stays_inert_in_arabic(browser, tmp_path):
    index = publish(tmp_path / "hostile", "--data", str(HOSTILE), "--lang", "ar")
    page = file_page(browser, viewport={"width": 1440, "height": 900})
    page.context.add_init_script(PWNED_TRAP)
    pwned: list[str] = []
    page.on("console", lambda m: pwned.append(m.text) if "PWNED" in m.text else 0)
    page.goto(index.as_uri())
    wait_for_site(page)
    for path in page.locator("path[data-area]").all()[:6]:
        path.click(force=True)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert not pwned and not page.dialogs
    assert page.evaluate("window.__pwned") is None


@pytest.mark.parametrize("width, height", SIZES)
def test_the_app_in_arabic(browser, app_url, width, height):
    page = new_page(browser, app_url, shared=True, viewport={"width": width, "height": height})
    page.goto(app_url + "/?date=2016-11-29&area=sheikh_saeed&lang=ar")
    wait_for_app(page)
    frame = wait_for_polygons(page)
    assert frame.locator("html").get_attribute("dir") == "rtl"
    main = page.locator('[data-testid="stMain"]')
    assert main.evaluate("e => getComputedStyle(e).direction") == "rtl"
    check_layout(page)
    assert page.get_by_role("link", name="English").count() >= 1
    page.wait_for_function("location.search.includes('lang=ar')")
    assert "area=sheikh_saeed" in page.evaluate("location.search")
    found = page.evaluate(LATIN_SHARE, page.locator('[data-testid="stMain"]').element_handle())
    assert found["share"] < 0.12, found
    inside = frame.locator("body").element_handle()
    found = inside.evaluate(LATIN_SHARE.replace("(root) =>", "(root) =>"), inside)
    assert found["share"] < 0.03, found
    assert not page.js_errors
    close_page(page)


def test_the_timeline_sources_and_data_pages_in_arabic(browser, app_url):
    """One load per page: right to left, no sideways scroll, our words Arabic (the tables and
    the sources' own words aside), the page's title Arabic, `lang` kept in the address."""
    page = new_page(browser, app_url, shared=True, viewport={"width": 1440, "height": 900})
    for path, title in [("Timeline", "الخط الزمني"), ("Sources", "المصادر"), ("Data", "البيانات")]:
        page.goto(f"{app_url}/{path}?lang=ar")
        page.wait_for_selector(f"h1:has-text('{title}')")
        wait_for_app(page)
        main = page.locator('[data-testid="stMain"]')
        page.wait_for_function(
            "getComputedStyle(document.querySelector('[data-testid=\"stMain\"]')).direction"
            " === 'rtl'"
        )
        assert page.title().startswith(title)
        check_layout(page)
        # the Sources page's expanders name each source as published
        skip = LATIN_SHARE.replace(
            "'.tm-licence",
            '\'[data-testid="stExpander"] summary, [data-testid="stCode"], .tm-licence',
        )
        found = page.evaluate(skip, main.element_handle())
        assert found["share"] < 0.05, (path, found)
        assert "lang=ar" in page.evaluate("location.search")
    assert not page.js_errors
    close_page(page)
