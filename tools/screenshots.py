"""Take the screenshots in docs/screenshots/ with headless Chromium, offline, on the bundled data.

usage: .venv/bin/python tools/screenshots.py [NAME.png ...]

laptop.png and phone.png are the first screen of a 1440 x 900 laptop and of a 390 x 844 phone
(touch, 2x pixels) with an area selected; phone-panel.png is the phone scrolled down to that
area's panel, under the map. tests/browser/test_timebar_browser.py checks the same views.
access-*.png show the map for everyone (docs/accessibility.md): the table of the week open,
an area reached by the keyboard, and the map in greyscale.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser.harness import (  # noqa: E402
    MAP_FRAME,
    REPO,
    chromium,
    map_js_frame,
    new_page,
    streamlit_server,
    wait_for_app,
    wait_for_polygons,
)

OUT = REPO / "docs" / "screenshots"
LAPTOP = {"viewport": {"width": 1440, "height": 900}}
TALL = {"viewport": {"width": 1440, "height": 1320}}
WIDE = {"viewport": {"width": 1440, "height": 1000}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
SELECTED = "/?date=2016-11-29&area=sheikh_saeed"
# name: (address, browser, what to keep: "screen", "page", or "panel" (scrolled to it))
SHOTS = {
    "laptop.png": (SELECTED, LAPTOP, "screen"),
    "phone.png": (SELECTED, PHONE, "screen"),
    "phone-panel.png": (SELECTED, PHONE, "panel"),
    "main.png": (SELECTED, TALL, "screen"),
    "main-2012.png": ("/?date=2012-08-05", WIDE, "page"),
    "main-no-selection.png": ("/?date=2016-12-11", WIDE, "page"),
    "timeline.png": ("/Timeline?date=2016-11-29", WIDE, "page"),
    "sources.png": ("/Sources", WIDE, "page"),
    "data.png": ("/Data", WIDE, "page"),
    "method.png": ("/Method", WIDE, "page"),
    "access-table.png": ("/?date=2016-11-27", LAPTOP, "table"),
    "access-phone-table.png": ("/?date=2016-11-27", PHONE, "table"),
    "access-focus.png": ("/?date=2016-11-27", LAPTOP, "focus"),
    "access-greyscale.png": ("/?date=2013-06-02", LAPTOP, "grey"),
}
TABLE_BUTTON = "Table of the areas this week"


def act(page, keep: str) -> None:
    """Before the picture: open the table, reach an area by the keyboard, or drain colour."""
    frame = page.frame_locator(MAP_FRAME)
    if keep == "table":
        frame.get_by_role("button", name=TABLE_BUTTON).click()
    elif keep == "focus":
        page.locator(".tm-skip").focus()
        page.keyboard.press("Enter")  # to the Week slider, then into the areas
        for key in ("Tab", "ArrowUp", "ArrowRight"):
            page.keyboard.press(key)
    elif keep == "grey":
        page.evaluate("() => { document.documentElement.style.filter = 'grayscale(1)'; }")


def take(browser, base: str, name: str) -> Path:
    path, options, keep = SHOTS[name]
    page = new_page(browser, base, **options)
    try:
        page.goto(base + path)
        wait_for_app(page)
        if path.startswith("/?"):
            wait_for_polygons(page)
            map_js_frame(page)
        page.wait_for_timeout(1000)  # charts, tables and label placement settle
        target = OUT / name
        if keep == "page":
            page.screenshot(path=str(target), full_page=True)
        else:
            if keep == "panel":  # Streamlit scrolls its main block, not the document
                heading = page.get_by_test_id("stMain").locator("h3").first
                heading.evaluate("h => h.scrollIntoView({block: 'start'})")
                page.wait_for_timeout(300)
            if keep in ("table", "focus", "grey"):
                act(page, keep)
                page.wait_for_timeout(500)
            page.screenshot(path=str(target))
        if page.js_errors:
            print(f"script errors on {path}: {page.js_errors}", file=sys.stderr)
        return target
    finally:
        page.context.close()


if __name__ == "__main__":
    names = sys.argv[1:] or list(SHOTS)
    unknown = [n for n in names if n not in SHOTS]
    if unknown:
        sys.exit(f"unknown screenshot(s): {', '.join(unknown)}; known: {', '.join(SHOTS)}")
    OUT.mkdir(parents=True, exist_ok=True)
    with streamlit_server(log=Path("/tmp/screenshots-server.log")) as base, chromium() as browser:
        for name in names:
            print(f"wrote {take(browser, base, name)}")
