"""Hostile text: a dataset whose every text field carries HTML, script, markdown or URL payloads.

tests/data/hostile is Testville with a payload in every area name, Arabic name, spelling,
boundary note, landmark, source field (javascript: and data: URLs included), quote, note and
date as written. Each payload would set `window.__pwned` if it ever ran. We click through
the map (tooltips, labels, panel), every page and the HTML export in a real Chromium: the
flag must stay unset in every frame, and the text must be shown exactly as written.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from playwright.sync_api import expect

from aleppo_map.load import load_dataset
from aleppo_map.publish import site_html
from aleppo_map.timeline import Timeline
from tests.browser.harness import (
    PWNED_TRAP,
    REPO,
    click_area,
    map_frame,
    visible_point,
    wait_for_app,
    wait_for_polygons,
)
from tests.conftest import TESTVILLE

DATA = REPO / "tests" / "data" / "hostile"
DATE = "2020-06-20"
HANDLERS = "[onerror],[onload],[onmouseover],[onclick],[onfocus],[onanimationstart]"


def flat(text: str) -> str:
    return " ".join(str(text).split())


@pytest.fixture(scope="module")
def hostile():
    dataset = load_dataset(DATA)
    return dataset, Timeline(dataset)


@pytest.fixture
def trapped(page):
    """The page with the trap installed in every frame and console errors collected."""
    page.add_init_script(PWNED_TRAP)
    page.pwned_console = []
    page.on("console", lambda m: page.pwned_console.append(m.text) if "PWNED" in m.text else None)
    return page


def assert_not_pwned(page) -> None:
    """No frame has the flag, no handler attribute or foreign link made it into any DOM."""
    assert not page.pwned_console, page.pwned_console
    for frame in page.frames:
        if frame.is_detached():
            continue
        found = frame.evaluate(
            f"""() => ({{
                flag: window.__pwned,
                handlers: Array.from(document.querySelectorAll('{HANDLERS}'))
                                .map(e => e.outerHTML.slice(0, 120)),
                links: Array.from(document.querySelectorAll('a[href], iframe[src], img[src]'))
                             .map(e => e.getAttribute('href') || e.getAttribute('src'))
                             .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u)),
                images: Array.from(document.querySelectorAll('img[src]'))
                              .map(e => e.getAttribute('src'))
                              .filter(u => /evil|^x$/.test(u)),
            }})"""
        )
        assert found["flag"] is None, f"window.__pwned set in {frame.url}"
        assert not found["handlers"], found["handlers"]
        assert not found["links"], found["links"]
        assert not found["images"], found["images"]


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        self.attributes += [name for name, _ in attrs]


def main_text(page) -> str:
    return flat(page.locator('[data-testid="stMain"]').inner_text())


def open_expanders(page) -> None:
    """Open every expander of the page and wait until its content shows: text read while it
    still opens is not all there."""
    for expander in page.locator('[data-testid="stMain"] [data-testid="stExpander"]').all():
        expander.locator("summary").click()
        expect(expander.locator('[data-testid="stExpanderDetails"]')).to_be_visible()


def open_map(page, query: str = f"?date={DATE}") -> None:
    page.goto(page.app_url + "/" + query)
    wait_for_app(page)
    wait_for_polygons(page)


# ------------------------------------------------------------------------- the dataset


def test_the_dataset_is_valid_and_every_text_field_carries_a_payload(hostile):
    dataset, _ = hostile
    payload = re.compile(r"<script>|onerror=|onload=|javascript:|</script>|onmouseover=")
    for column in ("name", "name_ar", "boundary_note"):
        assert dataset.areas[column].str.contains(payload).all(), column
    assert dataset.areas["alt_names"].map(lambda names: any(map(payload.search, names))).all()
    for column in ("date_as_written", "quote"):
        assert dataset.claims[column].str.contains(payload).all(), column
    assert dataset.claims["note"].str.contains(payload).sum() >= len(dataset.claims) - 1
    for column in ("outlet", "author", "title", "stance", "url"):
        assert dataset.sources[column].str.contains(payload).any(), column
    assert dataset.sources["known_problems"].str.contains(payload).any()
    assert dataset.landmarks["name"].str.contains(payload).all()
    assert payload.search(dataset.title)
    assert dataset.quotes_checked, "the quotes must be checked against the dataset's texts"


def test_cli_validates_it_and_warns_that_no_link_is_made_for_script_urls():
    result = subprocess.run(
        [sys.executable, "-m", "aleppo_map", "validate", "--data", str(DATA)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for url in ("javascript:window.__pwned=1", "data:text/html,", "JaVaScRiPt:"):
        assert re.search(rf"warning: sources\.csv, line \d: url = '{re.escape(url)}", result.stdout)
    assert "no link is made for other addresses" in result.stdout


# ------------------------------------------------------------------------- the map page


@pytest.mark.browser
def test_map_labels_tooltips_and_legend_show_payloads_as_text(trapped, hostile):
    dataset, _ = hostile
    page = trapped
    open_map(page)
    frame = map_frame(page)
    labels = [flat(t) for t in frame.locator(".tm-area-label span").all_inner_texts()]
    assert sorted(labels) == sorted(flat(n) for n in dataset.areas["name"])
    tower = dataset.landmarks.set_index("id").filter(like="tower", axis=0)["name"].item()
    landmarks = frame.locator(".tm-landmark-label").all_inner_texts()
    assert flat(tower) in [flat(t) for t in landmarks]
    for area_id, name in dataset.areas["name"].items():
        path = frame.locator(f'path[data-area="{area_id}"]')
        path.hover(position=visible_point(path))
        tip = frame.locator(".leaflet-tooltip.tm-tooltip")
        tip = tip.filter(has_text=name.split(" ")[0]).first  # the last one may still fade out
        tip.wait_for(timeout=10_000)
        assert flat(name) in flat(tip.inner_text())
    assert_not_pwned(page)
    assert not page.js_errors


@pytest.mark.browser
def test_clicking_an_area_shows_every_field_as_written(trapped, hostile):
    """Each area in turn, on one page: a click, then every field of its panel as written."""
    dataset, timeline = hostile
    page = trapped
    open_map(page)
    for area_id in ["station", "harbour", "old_town", "north_bank"]:
        click_area(page, area_id)
        page.wait_for_function("a => location.search.includes('area=' + a)", arg=area_id)
        wait_for_app(page)
        assert_panel_shows_every_field(page, dataset, timeline, area_id)
    assert_not_pwned(page)


def assert_panel_shows_every_field(page, dataset, timeline, area_id: str) -> None:
    # The map reports the week it shows: the panel is for that date.
    date = re.search(r"date=([\d-]+)", page.evaluate("location.search")).group(1)
    area = dataset.areas.loc[area_id]
    row = timeline.state_at(date).set_index("area_id").loc[area_id]
    source = dataset.sources.loc[row["source_id"]]
    page.get_by_role("heading", name=area["name"]).first.wait_for(timeout=15_000)
    open_expanders(page)  # the claims not followed that give the same holder
    shown = main_text(page)
    expected = [
        area["name"],
        area["name_ar"],
        area["boundary_note"],
        row["quote"],
        row["date_as_written"],
        row["note"],
        source["outlet"],
        source["author"],
        source["title"],
        source["published"],
        source["stance"],
    ]
    for rival in timeline.disagreeing_claims(area_id, date).itertuples():
        expected += [rival.quote, rival.note, rival.date_as_written]
    for text in expected:
        if text:
            assert flat(text) in shown, f"{area_id}: not shown as written: {text!r}"
    links = page.locator(
        '[data-testid="stMain"] a[href]:not([data-testid="stPageLink-NavLink"])'
    ).evaluate_all("as => as.map(a => a.getAttribute('href'))")
    for href in links:
        assert re.match(r"(https?://|/|#|\./|\?)", href), href


@pytest.mark.browser
def test_the_title_caption_and_citation_are_text(trapped, hostile):
    dataset, _ = hostile
    page = trapped
    open_map(page)
    title = page.locator('[data-testid="stMain"] h1').first  # the title line: the page's h1
    assert flat(title.inner_text()) == flat(dataset.meta.get("headline") or dataset.title)
    assert page.locator(".katex, .stMarkdown .katex").count() == 0, "a $...$ became math"
    shown = main_text(page)
    assert flat(dataset.version) in shown
    assert flat(dataset.meta["citation_authors"]) in shown
    assert_not_pwned(page)


@pytest.mark.browser
@pytest.mark.parametrize("page_name", ["Timeline", "Sources", "Data", "Method"])
def test_every_page_shows_payloads_as_text(trapped, hostile, page_name):
    dataset, _ = hostile
    page = trapped
    page.goto(f"{page.app_url}/{page_name}")
    wait_for_app(page)
    page.get_by_role("heading", name=page_name).first.wait_for()
    open_expanders(page)
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    shown = main_text(page)
    if page_name == "Sources":
        for source in dataset.sources.itertuples():
            for text in (source.outlet, source.author, source.title, source.stance):
                assert flat(text) in shown, text
            if source.known_problems:
                assert flat(source.known_problems) in shown
        # Every link in the page's content (not our own page links) is plain http(s).
        links = page.locator(
            '[data-testid="stMain"] a[href]:not([data-testid="stPageLink-NavLink"])'
        ).evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert "https://example.org/wire?q=%29%5D%28javascript:window.__pwned=1%29" in links
        assert all(re.match(r"(https?://|#)", h) for h in links), links
    if page_name == "Data":
        for warning in dataset.warnings:
            assert flat(str(warning)) in shown
    assert_not_pwned(page)
    assert not page.js_errors


@pytest.mark.browser
def test_html_export_downloaded_from_the_app_is_inert(trapped, hostile, tmp_path):
    """The HTML download is the published timeline: the data travels as inert JSON, so the
    file's markup is the plain Testville page's, and opened offline it shows every text as
    written in its own panel."""
    dataset, timeline = hostile
    page = trapped
    open_map(page, f"?date={DATE}&area=harbour")
    with page.expect_download() as download:
        buttons = page.locator('[data-testid="stDownloadButton"]')
        buttons.filter(has_text="HTML").locator("button").first.click()
    exported = tmp_path / "export.html"
    download.value.save_as(exported)
    tags, plain = Tags(), Tags()
    tags.feed(exported.read_text(encoding="utf-8"))
    plain.feed(site_html(load_dataset(TESTVILLE)))
    assert tags.names <= plain.names, f"the data added tags: {tags.names - plain.names}"
    added = set(tags.attributes) - set(plain.attributes)
    assert not added, f"the data added attributes: {added}"
    assert not [name for name in tags.attributes if name.startswith("on")]

    page.unroute("**/*")  # offline for a file: the file itself, nothing from the network
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("file:")
            else route.fulfill(status=200, body="")
        ),
    )
    page.goto(exported.as_uri())
    page.locator("path.leaflet-interactive[data-area]").first.wait_for(timeout=15_000)
    assert page.evaluate("() => window.timeMap.state().area") == "harbour"
    week = page.evaluate("() => window.timeMap.state().date")
    state = timeline.state_at(week).set_index("area_id")
    panel = page.locator("#tm-panel")
    for area_id in dataset.areas.index:
        path = page.locator(f'path[data-area="{area_id}"]')
        path.click(position=visible_point(path))
        page.wait_for_function("a => window.timeMap.state().area === a", arg=area_id)
        shown = flat(panel.inner_text())
        row = state.loc[area_id]
        for value in (row["name"], row["quote"], row["date_as_written"], row["note"]):
            assert flat(value) in shown, value
        source = dataset.sources.loc[row["source_id"]]
        assert flat(source["outlet"]) in shown
        hrefs = panel.locator("a[href]").evaluate_all("as => as.map(a => a.href)")
        assert all(h.startswith("https://") for h in hrefs), hrefs
    title = flat(page.title())
    assert flat(dataset.title) in title
    assert_not_pwned(page)
