"""The published timeline (`aleppo-map export site --out DIR` → DIR/index.html) in a real
Chromium, opened from file:// with every request that is not a file answered locally and
recorded.

The same map as in the app, with its own evidence panel and the view in the address's hash:
the polygons draw, the Week slider recolours them while dragged, a click shows a sentence
found verbatim in its source text, `#date=…&area=…` opens that view and follows the reader,
and nothing but basemap tiles is ever asked of the network. A dataset whose every text is
hostile publishes to a page that runs none of it and has no element or attribute the plain
Testville page lacks; Testville itself publishes and works (nothing about Aleppo is built in);
and the page still shows its map and time bar in an iframe 320 px wide.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aleppo_map.claims import normalise_for_quote
from aleppo_map.load import load_dataset
from aleppo_map.payload import weekly_payload
from aleppo_map.timeline import Timeline
from aleppo_map.viewstate import default_date
from tests.browser.harness import (
    PWNED_TRAP,
    REPO,
    TILE_HOSTS,
    drag_slider,
    file_page,
    frame_holders,
    map_state,
    map_week,
    visible_point,
    wait_for_site,
)
from tests.conftest import SHARED_SOURCES, TESTVILLE

pytestmark = pytest.mark.browser

HOSTILE = REPO / "tests" / "data" / "hostile"
ARTIFACTS = REPO / "test-artifacts" / "browser"


@pytest.fixture(scope="module")
def aleppo():
    dataset = load_dataset(REPO)
    timeline = Timeline(dataset)
    return dataset, timeline, weekly_payload(dataset, timeline)


@pytest.fixture(scope="module")
def aleppo_site(published_site) -> Path:
    return published_site


@pytest.fixture
def site_page(browser, request):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = file_page(browser)
    yield page
    try:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    finally:
        page.context.close()


def open_site(page, index: Path, hash_: str = "") -> None:
    page.goto(index.as_uri() + hash_)
    wait_for_site(page)


def assert_only_tiles(page) -> None:
    """Nothing left the file but basemap tiles."""
    other = [u for u in page.foreign if not TILE_HOSTS.match(u)]
    assert not other, other


def wait_for_hash(page, hash_: str) -> None:
    page.wait_for_function("h => location.hash === h", arg=hash_, timeout=10_000, polling=50)


def flat(text) -> str:
    return " ".join(str(text).split())


def holders_at(weeks: dict, ids, iso: str) -> dict[str, str]:
    codes = {"g": "government", "o": "opposition", "k": "kurdish", "c": "contested"}
    row = weeks["holders"][weeks["dates"].index(iso)]
    return {a: codes.get(c, "unknown") for a, c in zip(ids, row, strict=True)}


def click_area(page, area_id: str) -> None:
    path = page.locator(f'path[data-area="{area_id}"]')
    path.click(position=visible_point(path))


# ------------------------------------------------------------------------ Aleppo


def test_the_file_opens_offline_on_the_default_week_with_every_area(site_page, aleppo_site, aleppo):
    dataset, timeline, weeks = aleppo
    assert aleppo_site.stat().st_size <= 2_000_000, "the published file is over 2 MB"
    page = site_page
    open_site(page, aleppo_site)
    painted = page.evaluate("() => window.timeMapPainted.at")  # ms from the navigation
    week = f"{timeline.frame_date_for(default_date(timeline)):%Y-%m-%d}"
    assert map_week(page) == week
    assert frame_holders(page) == holders_at(weeks, timeline.area_ids, week)
    assert page.locator(".tm-panel .tm-name").inner_text() == "Click an area"
    assert page.locator(".tm-licence").inner_text().startswith("Licence:")
    assert dataset.version in page.locator(".tm-panel-foot").inner_text()
    (ARTIFACTS / "site-open.json").write_text(
        json.dumps({"size": aleppo_site.stat().st_size, "painted_ms": painted})
    )
    assert painted <= 2000, f"{painted:.0f} ms from opening the file to a coloured map"
    # The default file has no basemap (the newsroom kit's choice): it asks no host for anything.
    assert page.foreign == [], page.foreign
    assert not page.js_errors and not page.dialogs


def test_dragging_the_week_slider_recolours_and_the_hash_follows(site_page, aleppo_site, aleppo):
    dataset, timeline, weeks = aleppo
    page = site_page
    open_site(page, aleppo_site, "#date=2016-10-30")
    dates = weeks["dates"]
    start, stop = dates.index("2016-10-30"), dates.index("2016-12-11")
    samples = drag_slider(
        page, page, start, stop, steps=10, sample=lambda: (map_week(page), frame_holders(page))
    )
    shown = [week for week, _ in samples]
    assert len(set(shown)) >= 5, shown
    for week, holders in samples:
        assert holders == holders_at(weeks, timeline.area_ids, week), week
    assert len({json.dumps(h, sort_keys=True) for _, h in samples}) >= 4
    wait_for_hash(page, f"#date={map_week(page)}")
    assert_only_tiles(page)
    assert not page.js_errors


def test_a_click_shows_a_sentence_found_verbatim_in_its_source(site_page, aleppo_site, aleppo):
    dataset, timeline, _ = aleppo
    page = site_page
    week = "2016-11-27"
    open_site(page, aleppo_site, f"#date={week}")
    state = timeline.state_at(week).set_index("area_id")
    claimed = state[state["claim_id"] != ""]
    # Some of each kind, spread over the city: the largest named and inferred areas, and more.
    km2 = dataset.areas["area_km2"]
    picks = []
    for evidence in ("named", "inferred"):
        ids = claimed.index[claimed["evidence"] == evidence]
        picks += list(km2.loc[ids].sort_values(ascending=False).index[:4])
    texts: dict[str, str] = {}
    for area_id in picks:
        click_area(page, area_id)
        wait_for_hash(page, f"#date={week}&area={area_id}")
        row = state.loc[area_id]
        # Its name, then its district's ("al-Farafira · the Old City").
        places = dataset.places
        district = places.shown_district(area_id)
        name = dataset.areas.loc[area_id, "name"]
        name += f" · {places.phrase(district)}" if district else ""
        assert flat(page.locator(".tm-name").inner_text()) == name
        shown = page.locator(".tm-quote").first.inner_text()
        assert shown.startswith("“") and shown.endswith("”"), shown
        quote = shown[1:-1]
        assert flat(quote) == flat(row["quote"])
        source = dataset.sources.loc[row["source_id"]]
        assert page.locator(".tm-outlet").first.inner_text() == source["outlet"]
        evidence = page.locator(".tm-evidence").first.inner_text()
        # A sentence about a group the area is in says so ("named for the Old City").
        about = row["claim_area_id"]
        group = places.phrase(about) if places.is_group(about) else None
        if row["evidence"] == "named" and group:
            words = "the sentence names the district this area is in."
            assert evidence == f"Named for {group}: {words}"
        elif row["evidence"] == "named":
            assert evidence == "Named in the sentence."
        else:
            lead = f"a sentence about {group}" if group else "a wider statement"
            assert evidence.startswith(f"Not named: inferred from {lead}, because: ")
            assert flat(row["note"]) in flat(evidence)
        if SHARED_SOURCES.is_dir() and source["file"]:  # the texts are beside the repo
            name = source["file"]
            if name not in texts:
                raw = (SHARED_SOURCES / name).read_text(encoding="utf-8")
                texts[name] = normalise_for_quote(raw)
            assert normalise_for_quote(quote) in texts[name], f"{area_id}: not in {name}"
        cite = page.locator(".tm-cite-text").inner_text()
        assert cite.endswith(f"#date={week}&area={area_id}"), cite
    assert_only_tiles(page)
    assert not page.js_errors


def test_the_hash_opens_that_view_and_follows_the_reader(site_page, aleppo_site, aleppo):
    dataset, timeline, _ = aleppo
    page = site_page
    open_site(page, aleppo_site, "#date=2016-11-29&area=sheikh_saeed")
    week = "2016-12-04"  # the week of 29 November ends on Sunday 4 December
    assert map_week(page) == week
    assert map_state(page)["area"] == "sheikh_saeed"
    assert page.locator(".tm-name").inner_text() == "al-Sheikh Saeed"
    row = timeline.state_at(week).set_index("area_id").loc["sheikh_saeed"]
    assert flat(page.locator(".tm-quote").first.inner_text()) == flat(f"“{row['quote']}”")
    wait_for_hash(page, f"#date={week}&area=sheikh_saeed")  # written back as the week shown

    slider = page.locator("input.tm-slider")
    slider.focus()
    slider.press("ArrowRight")
    wait_for_hash(page, "#date=2016-12-11&area=sheikh_saeed")
    assert page.locator(".tm-name").inner_text() == "al-Sheikh Saeed"

    # Another view pasted into the address (hashchange), then a search.
    page.evaluate("() => { location.hash = '#date=2016-07-24&area=hananu'; }")
    page.wait_for_function("() => window.timeMap.state().area === 'hananu'")
    assert map_week(page) == "2016-07-24"
    assert page.locator(".tm-name").inner_text() == dataset.areas.loc["hananu", "name"]
    box = page.get_by_role("combobox", name="Find an area")
    box.press_sequentially("Haidariya", delay=20)
    page.locator("li[role=option][data-area='haidariya']").click()
    wait_for_hash(page, "#date=2016-07-24&area=haidariya")
    assert page.locator(".tm-name").inner_text() == "al-Haidariya"
    assert_only_tiles(page)
    assert not page.js_errors


def test_the_page_shows_its_map_and_time_bar_in_a_320_px_iframe(browser, aleppo_site):
    host = aleppo_site.parent / "embed.html"
    host.write_text(
        '<!DOCTYPE html><html><body style="margin:0"><p>An article.</p>'
        '<iframe id="embed" src="index.html#date=2016-11-27" width="320" height="600" '
        'style="border:0"></iframe></body></html>',
        encoding="utf-8",
    )
    page = file_page(browser, viewport={"width": 800, "height": 700})
    try:
        page.goto(host.as_uri())
        frame = page.locator("#embed").element_handle().content_frame()
        wait_for_site(frame)
        seen = frame.evaluate(
            """() => { const box = s => document.querySelector(s).getBoundingClientRect();
                       const m = box('#tm-map'), s = box('input.tm-slider'), p = box('.tm-play');
                       const areas = Array.from(document.querySelectorAll('path[data-area]'))
                         .map(e => e.getBoundingClientRect());
                       const inView = r => r.top >= 0 && r.bottom <= innerHeight &&
                                           r.left >= 0 && r.right <= innerWidth;
                       const shown = areas.filter(r => r.bottom > m.top && r.top < m.bottom &&
                                                       r.bottom <= innerHeight).length;
                       return {width: innerWidth, height: innerHeight, mapWidth: m.width,
                               mapHeight: Math.min(m.bottom, innerHeight) - Math.max(m.top, 0),
                               slider: inView(s), play: inView(p), areas: areas.length,
                               shown: shown, sliderBottom: s.bottom}; }"""
        )
        page.screenshot(path=str(ARTIFACTS / "site-embed-320.png"))
        assert seen["width"] == 320
        assert seen["mapWidth"] >= 300 and seen["mapHeight"] >= 250, seen
        assert seen["shown"] >= 0.9 * seen["areas"], seen
        assert seen["play"], seen
        assert seen["slider"], f"the Week slider is below the embed's 600 px: {seen}"
        assert_only_tiles(page)
        assert not page.js_errors
    finally:
        page.context.close()


# ------------------------------------------------------------------------ other datasets


def interact_and_collect(page, ids: list[str], searches: list[str]) -> dict:
    """Open each area's panel at the first and the last week, hover it, search, open the
    legend; return every tag name and attribute name the page held at some point."""
    seen = {"tags": set(), "attributes": set()}
    collect = """() => { const tags = new Set(), attributes = new Set();
        document.querySelectorAll('*').forEach(e => { tags.add(e.tagName.toLowerCase());
          for (const a of e.attributes) attributes.add(a.name.toLowerCase()); });
        return [Array.from(tags), Array.from(attributes)]; }"""

    def snap():
        tags, attributes = page.evaluate(collect)
        seen["tags"] |= set(tags)
        seen["attributes"] |= set(attributes)

    snap()
    page.locator("details.tm-legend > summary").click()
    slider = page.locator("input.tm-slider")
    for key in ("Home", "End"):
        slider.focus()
        slider.press(key)
        for area_id in ids:
            path = page.locator(f'path[data-area="{area_id}"]')
            path.hover(position=visible_point(path))
            page.locator(".tm-tooltip").first.wait_for()
            snap()
            click_area(page, area_id)
            page.wait_for_function("a => window.timeMap.state().area === a", arg=area_id)
            snap()
    box = page.get_by_role("combobox", name="Find an area")
    for text in searches:
        box.fill("")
        box.press_sequentially(text, delay=5)
        page.locator(".tm-search-list > li").first.wait_for()
        snap()
    box.press("Enter")
    snap()
    return seen


@pytest.fixture(scope="module")
def testville_site(published_sites) -> Path:
    return published_sites(TESTVILLE)


def test_testville_publishes_and_works(site_page, testville_site):
    dataset = load_dataset(TESTVILLE)
    timeline = Timeline(dataset)
    weeks = weekly_payload(dataset, timeline)
    page = site_page
    open_site(page, testville_site)
    week = map_week(page)
    assert frame_holders(page) == holders_at(weeks, timeline.area_ids, week)
    assert page.locator("h1").inner_text() == (dataset.meta.get("headline") or dataset.title)
    slider = page.locator("input.tm-slider")
    slider.focus()
    slider.press("End")
    last = f"{timeline.frame_dates[-1]:%Y-%m-%d}"
    assert map_week(page) == last
    assert frame_holders(page) == holders_at(weeks, timeline.area_ids, last)
    click_area(page, "harbour")
    wait_for_hash(page, f"#date={last}&area=harbour")
    row = timeline.state_at(last).set_index("area_id").loc["harbour"]
    assert flat(page.locator(".tm-quote").first.inner_text()) == flat(f"“{row['quote']}”")
    # The Gazette's earlier date is kept and listed with the claims not followed, as in the app.
    page.locator("#tm-panel details > summary").first.click()
    assert "a week earlier than others report" in page.locator("#tm-panel").inner_text()
    assert_only_tiles(page)
    assert not page.js_errors
    assert "Aleppo" not in page.title()
    assert "Aleppo" not in page.locator("body").inner_text(), "Aleppo in another city's page"


def test_a_hostile_dataset_publishes_to_an_inert_page(browser, published_sites, testville_site):
    hostile_site = published_sites(HOSTILE)
    dataset = load_dataset(HOSTILE)
    ids = list(dataset.areas.index)
    searches = ["o", "script", "<img", "javascript:", "North"]
    found = {}
    for name, index in (("hostile", hostile_site), ("testville", testville_site)):
        page = file_page(browser)
        page.context.add_init_script(PWNED_TRAP)
        pwned = []
        page.on("console", lambda m, pwned=pwned: pwned.append(m.text) if "PWNED" in m.text else 0)
        try:
            open_site(page, index)
            found[name] = interact_and_collect(page, ids, searches)
            if name == "hostile":
                assert page.evaluate("() => window.__pwned") is None
                assert not pwned, pwned
                assert not page.dialogs, page.dialogs
                # The texts are shown as written.
                shown = flat(page.locator(".tm-name").inner_text())
                assert shown in {flat(n) for n in dataset.areas["name"]}
                assert flat(dataset.title) in flat(page.title())
                links = page.locator("a[href]").evaluate_all(
                    "as => as.map(a => a.getAttribute('href'))"
                )
                # in-page fragments (the skip link's "#tm-map", the language switch's
                # "#lang=ar") or web addresses, nothing else
                fragment = re.compile(r"^#(lang=)?[A-Za-z0-9_-]*$")
                assert all(
                    fragment.match(h) or h.startswith(("https://", "http://")) for h in links
                ), links
            assert_only_tiles(page)
            assert not page.js_errors, page.js_errors
            page.screenshot(path=str(ARTIFACTS / f"site-{name}.png"))
        finally:
            page.context.close()
    # What the plain page held: the panel, the search results, tooltips, the SVG map.
    assert {"blockquote", "h2", "ol", "li", "path", "pattern", "input"} <= found["testville"][
        "tags"
    ]
    assert {"data-area", "aria-selected", "dir", "href"} <= found["testville"]["attributes"]
    extra_tags = found["hostile"]["tags"] - found["testville"]["tags"]
    extra_attributes = found["hostile"]["attributes"] - found["testville"]["attributes"]
    assert not extra_tags, f"the hostile data added elements: {extra_tags}"
    assert not extra_attributes, f"the hostile data added attributes: {extra_attributes}"
