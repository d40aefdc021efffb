"""The app's map frame: the page our Streamlit component shows (aleppo_map/ui/map.py), the
payload it fetches, and the command it takes. Data crosses the frame's boundary, never code.

The page loads Leaflet, the map's scripts and styles (render.py lists them) and the bridge
to Streamlit (web/timemap-streamlit.js), all from the app's static folder under hashed names;
the page itself is written into its own folder there, which the component serves. The
component's arguments are the payload's URL (a hashed static file, fetched once per page),
the frame's title and height, and the command: the week, area or route, week A of compare
mode and the colouring Python chose, with a token.
They do not change from one rerun to the next unless Python moves the map, so the frame is
never remounted and Streamlit sends it nothing while the reader scrubs.

    python -m aleppo_map.frame      # write it all into static/ (set-up, the Docker image)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .assets import (
    OWN_DIR,
    STATIC_URL,
    ensure_leaflet,
    ensure_web_assets,
    package_signature,
    remembered_data_file,
    write_file,
)
from .config import STATIC_DIR
from .i18n import N_
from .load import Dataset
from .payload import map_payload
from .render import APP_SCRIPT_FILES, STYLE_FILES
from .safetext import esc, safe_json
from .timeline import Timeline

FRAME_DIR = (*OWN_DIR, "frame")  # under the static folder: the component's own folder
MAP_ELEMENT = "tm-map"
MAP_LABEL = N_("Map of areas coloured by holder")
# The first stop of the keyboard on the app's page and the published file: the map's scripts
# (web/timemap-keys.js) put the focus on the Week slider when it is chosen.
SKIP_LABEL = N_("Skip to the time bar")

FRAME_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Map</title>
{styles}
<style>html, body {{ width: 100%; height: 100%; margin: 0; padding: 0; }}
#{element} {{ position: relative; width: 100%; height: 100%; }}
.leaflet-container {{ font-size: 1rem; }}</style>
</head>
<body>
<div id="{element}" role="region" aria-label="{label}"></div>
{scripts}
</body>
</html>
"""


def frame_html(script_urls: list[str], style_urls: list[str]) -> str:
    """The frame's page: the styles, the map's element, then the scripts in order; the last
    one (the bridge) starts the map in the element its `data-map` names."""
    *scripts, bridge = script_urls
    tags = [f'<script src="{esc(url)}"></script>' for url in scripts]
    tags.append(f'<script src="{esc(bridge)}" data-map="{MAP_ELEMENT}"></script>')
    return FRAME_TEMPLATE.format(
        styles="\n".join(f'<link rel="stylesheet" href="{esc(url)}">' for url in style_urls),
        element=MAP_ELEMENT,
        label=esc(MAP_LABEL),
        scripts="\n".join(tags),
    )


def skip_link(_: Callable[[str], str] = str, target: str = MAP_ELEMENT) -> str:
    """The "Skip to the time bar" link (HTML) in the language of `_`, hidden until the keyboard
    reaches it; without the map's scripts it leads to the element `target`."""
    label = esc(_(SKIP_LABEL))
    return f'<a class="tm-skip" href="#{esc(target)}" data-tm-skip="time-bar">{label}</a>'


def frame_page(static_dir: Path = STATIC_DIR) -> Path:
    """Write the frame's page and every file it loads into `static_dir`; return the page's
    folder (what the component serves)."""
    ensure_leaflet(static_dir)
    leaflet = f"{STATIC_URL}/vendor/leaflet/leaflet"
    scripts = [f"{leaflet}.js", *ensure_web_assets(static_dir, APP_SCRIPT_FILES)]
    styles = [f"{leaflet}.css", *ensure_web_assets(static_dir, STYLE_FILES)]
    folder = static_dir.joinpath(*FRAME_DIR)
    write_file(folder / "index.html", frame_html(scripts, styles).encode("utf-8"))
    return folder


def payload_url(dataset: Dataset, timeline: Timeline, static_dir: Path = STATIC_DIR) -> str:
    """The map's payload as a hashed static file (written once); its URL from the frame."""
    made_from = f"{dataset.cache_key}|{package_signature()}" if dataset.signature else ""
    return remembered_data_file(
        static_dir, "map-data", made_from, lambda: safe_json(map_payload(dataset, timeline))
    )


def frame_title(dataset: Dataset) -> str:
    """What the frame is, for screen readers and the list of frames."""
    return f"Interactive map: {dataset.headline}"


def map_command(
    token: int, date, area: str | None, compare=None, route: str | None = None, mode="holder"
) -> dict:
    """Move the map to the week containing `date`, with `area` (or `route`) selected or none,
    compared with the week containing `compare` (week A) or not, coloured by holder or by the
    age of the evidence (`mode` "age"). The map acts on a token it has not applied yet, and
    ignores the same command sent again."""
    return {
        "token": int(token),
        "week": f"{pd.Timestamp(date):%Y-%m-%d}",
        "area": area,
        "compare": None if compare is None else f"{pd.Timestamp(compare):%Y-%m-%d}",
        "route": route,
        "mode": mode,
    }


if __name__ == "__main__":
    print(frame_page())
