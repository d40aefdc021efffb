"""The browser layer's own files (aleppo_map/web/): which scripts and styles the map runs, in
load order, and their text.

The map's behaviour lives in those files; Python only describes the data (payload.py). The
app's frame loads them from Streamlit's static folder (frame.py); the published file inlines
them (publish.py).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

WEB_DIR = "web"
SCRIPT_FILES = (
    "timemap-strings.js",  # first: every module marks its words with it (i18n.py)
    "timemap-core.js",
    "timemap-places.js",
    "timemap-access.js",
    "timemap-address.js",
    "timemap-draw.js",
    "timemap-compare.js",
    "timemap-dom.js",
    "timemap-fit.js",
    "timemap-patterns.js",
    "timemap-legend-search.js",
    "timemap-timebar.js",
    "timemap-areas.js",
    "timemap-districts.js",
    "timemap-routes.js",
    "timemap-labels.js",
    "timemap-table.js",
    "timemap-keys.js",
    "timemap-announce.js",
    "timemap-story.js",
    "timemap-compare-view.js",
    "timemap-embed.js",
    "timemap-sheet.js",
    "timemap.js",
    "timemap-panel.js",
)
# The app draws its evidence panel in Python: its map frame needs no timemap-panel.js, and
# the strip of an area and the list of changes are drawn in the side frame (SIDE_SCRIPT_FILES).
APP_SCRIPT_FILES = (
    *(name for name in SCRIPT_FILES if name not in ("timemap-panel.js", "timemap-story.js")),
    "timemap-streamlit.js",
)
# The app's side frame (aleppo_map/side.py): the story strip and the list of changes, drawn by
# the same code as in the published file's panel.
SIDE_SCRIPT_FILES = (
    "timemap-strings.js",
    "timemap-core.js",
    "timemap-address.js",
    "timemap-draw.js",
    "timemap-compare.js",
    "timemap-dom.js",
    "timemap-patterns.js",
    "timemap-story.js",
    "timemap-compare-view.js",
    "timemap-side.js",
)
STYLE_FILES = ("timemap.css", "timemap-story.css")


@cache
def web_file(name: str) -> str:
    """The text of one file of aleppo_map/web/."""
    return (files("aleppo_map") / WEB_DIR / name).read_text(encoding="utf-8")
