"""The app's side frame: the page of our second Streamlit component (aleppo_map/ui/side.py),
which draws beside the Python panel what the published file's panel draws with the same
JavaScript: an area's strip of holders week by week, and the list of changes between two
weeks (web/timemap-side.js). Like the map's frame (frame.py), its page and scripts are
static files, and its data is one hashed JSON file fetched once per page: the published
file's payload without the geometry. What crosses its boundary is data, never code.
"""

from __future__ import annotations

from pathlib import Path

from .assets import (
    OWN_DIR,
    ensure_web_assets,
    package_signature,
    remembered_data_file,
    write_file,
)
from .config import STATIC_DIR
from .load import Dataset
from .payload import map_payload
from .render import SIDE_SCRIPT_FILES, STYLE_FILES
from .safetext import esc, safe_json
from .timeline import Timeline

SIDE_DIR = (*OWN_DIR, "side")  # under the static folder: the component's own folder
SIDE_ELEMENT = "tm-side"
# What the side frame does not draw: the map's geometry and base layers.
NOT_SENT = ("areas", "landmarks", "labelPoints", "basemaps", "bounds")

SIDE_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Evidence</title>
{styles}
<style>html, body {{ margin: 0; padding: 0; background: transparent; }}
body {{ font: 14px/1.4 "Source Sans Pro", system-ui, -apple-system, "Segoe UI", Roboto,
  "Noto Sans", "DejaVu Sans", sans-serif; color: #1a1a1a; }}
#{element} {{ padding: 0 2px 2px; }}
#{element} h3 {{ font-size: 15px; margin: 4px 0; }}</style>
</head>
<body>
<div id="{element}"></div>
{scripts}
</body>
</html>
"""


def side_html(script_urls: list[str], style_urls: list[str]) -> str:
    """The side frame's page: the styles, its element, then the scripts; the last one starts
    it in the element its `data-side` names."""
    *scripts, bridge = script_urls
    tags = [f'<script src="{esc(url)}"></script>' for url in scripts]
    tags.append(f'<script src="{esc(bridge)}" data-side="{SIDE_ELEMENT}"></script>')
    return SIDE_TEMPLATE.format(
        styles="\n".join(f'<link rel="stylesheet" href="{esc(url)}">' for url in style_urls),
        element=SIDE_ELEMENT,
        scripts="\n".join(tags),
    )


def side_page(static_dir: Path = STATIC_DIR) -> Path:
    """Write the side frame's page and its scripts and styles into `static_dir`; return the
    page's folder (what the component serves)."""
    scripts = ensure_web_assets(static_dir, SIDE_SCRIPT_FILES)
    styles = ensure_web_assets(static_dir, STYLE_FILES)
    folder = static_dir.joinpath(*SIDE_DIR)
    write_file(folder / "index.html", side_html(scripts, styles).encode("utf-8"))
    return folder


def side_payload(dataset: Dataset, timeline: Timeline) -> dict:
    """The published file's payload (every claim and source) without the map's geometry."""
    payload = map_payload(dataset, timeline, panel=True)
    return {key: value for key, value in payload.items() if key not in NOT_SENT}


def side_payload_url(dataset: Dataset, timeline: Timeline, static_dir: Path = STATIC_DIR) -> str:
    """The side frame's payload as a hashed static file (written once); its URL."""
    made_from = f"{dataset.cache_key}|{package_signature()}" if dataset.signature else ""
    return remembered_data_file(
        static_dir, "side-data", made_from, lambda: safe_json(side_payload(dataset, timeline))
    )


if __name__ == "__main__":
    print(side_page())
