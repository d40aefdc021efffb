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
    "timemap-core.js",
    "timemap-draw.js",
    "timemap-dom.js",
    "timemap-text.js",
    "timemap-fit.js",
    "timemap-patterns.js",
    "timemap-legend-search.js",
    "timemap-timebar.js",
    "timemap-areas.js",
    "timemap-routes.js",
    "timemap-labels.js",
    "timemap-embed.js",
    "timemap-sheet.js",
    "timemap.js",
    "timemap-panel.js",
)
# The app draws its evidence panel in Python: its map frame needs no timemap-panel.js.
APP_SCRIPT_FILES = (
    *(name for name in SCRIPT_FILES if name != "timemap-panel.js"),
    "timemap-streamlit.js",
)
STYLE_FILES = ("timemap.css",)


@cache
def web_file(name: str) -> str:
    """The text of one file of aleppo_map/web/."""
    return (files("aleppo_map") / WEB_DIR / name).read_text(encoding="utf-8")
