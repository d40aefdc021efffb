"""Walk the keyboard's Tab order from the top of the page to the Week slider, in the app and
in the published file, on a 1440 x 900 laptop and a 390 x 844 phone, offline on the bundled
data; print every stop and how many Tab presses the slider took (docs/accessibility.md).

usage: .venv/bin/python tools/tab_order.py [app] [site]
"""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aleppo_map.load import load_dataset  # noqa: E402
from aleppo_map.publish import site_html  # noqa: E402
from tests.browser.harness import (  # noqa: E402
    REPO,
    chromium,
    file_page,
    map_js_frame,
    new_page,
    streamlit_server,
    wait_for_app,
    wait_for_site,
)

VIEWPORTS = ({"width": 1440, "height": 900}, {"width": 390, "height": 844})
LIMIT = 250  # the areas took one stop each before; the walk gives up after this many
# The element with the focus, looked for through the app's frame.
FOCUSED = """() => { let doc = document, e = doc.activeElement, where = '';
  while (e && e.tagName === 'IFRAME') { doc = e.contentDocument; e = doc.activeElement;
                                        where = 'frame: '; }
  const name = e.getAttribute('aria-label') || e.getAttribute('title')
    || e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40);
  const r = e.getBoundingClientRect();
  return {text: where + e.tagName.toLowerCase() + ' "' + name + '" at ' + Math.round(r.x) + ','
          + Math.round(r.y), slider: e.classList.contains('tm-slider')}; }"""


def walk(page) -> int:
    """Tab until the Week slider has the focus; print each stop; return the count."""
    for count in range(1, LIMIT + 1):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        print(f"  {count:3d}  {stop['text']}")
        if stop["slider"]:
            return count
    return -1


def main(which: list[str]) -> None:
    counts = {}
    with chromium() as browser:
        if "site" in which:
            out = Path(tempfile.mkdtemp()) / "index.html"
            out.write_text(site_html(load_dataset(REPO)), encoding="utf-8")
            for viewport in VIEWPORTS:
                page = file_page(browser, viewport=viewport)
                page.goto(out.as_uri())
                wait_for_site(page)
                print(f"published file, {viewport['width']} x {viewport['height']}:")
                counts[f"site {viewport['width']}"] = walk(page)
                page.context.close()
        if "app" in which:
            with streamlit_server() as base:
                for viewport in VIEWPORTS:
                    page = new_page(browser, base, viewport=viewport)
                    page.goto(base + "/")
                    wait_for_app(page)
                    map_js_frame(page)
                    print(f"app, {viewport['width']} x {viewport['height']}:")
                    counts[f"app {viewport['width']}"] = walk(page)
                    page.context.close()
    for name, count in counts.items():
        print(f"{name}: the Week slider is Tab stop {count}" if count > 0 else
              f"{name}: no Week slider in {LIMIT} Tab presses")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:] or ["app", "site"])
