"""Take the screenshots in docs/screenshots/ with headless Chromium, offline, on the bundled data.

usage: .venv/bin/python tools/screenshots.py
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser.harness import (  # noqa: E402
    REPO,
    chromium,
    offline,
    streamlit_server,
    wait_for_app,
    wait_for_polygons,
)

OUT = REPO / "docs" / "screenshots"
SHOTS = {
    "main.png": "/?date=2016-11-29&area=sheikh_saeed",
    "main-2012.png": "/?date=2012-08-05",
    "main-no-selection.png": "/?date=2016-12-11",
    "timeline.png": "/Timeline?date=2016-11-29",
    "sources.png": "/Sources",
    "data.png": "/Data",
    "method.png": "/Method",
}

if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    with streamlit_server(log=Path("/tmp/screenshots-server.log")) as base, chromium() as browser:
        for name, path in SHOTS.items():
            height = 1320 if name == "main.png" else 1000
            page = browser.new_page(viewport={"width": 1440, "height": height})
            offline(page, base)
            page.goto(base + path)
            wait_for_app(page)
            if path.startswith("/?"):
                wait_for_polygons(page)
            time.sleep(1.0)  # let charts and tiles settle
            page.screenshot(path=str(OUT / name), full_page=name != "main.png")
            page.close()
            print(f"wrote {OUT / name}")
