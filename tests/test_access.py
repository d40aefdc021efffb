"""The map for everyone, without a browser: its colours and marks are far enough apart (WCAG
2.1 relative luminance, aleppo_map/contrast.py), the PNG draws the same marks as the browser
(look.py), and the pages the browser gets have no `role="application"`, a skip link, and a
viewport that lets the reader zoom. The browser's side is tests/browser/test_access_browser.py.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from aleppo_map import contrast, frame, publish
from aleppo_map.look import DOT_DARK, DOT_LIGHT, FILL_OPACITY, KURDISH_LINES, MAP_BACKGROUND
from aleppo_map.snapshot import MapFigure
from aleppo_map.timeline import Timeline
from tests.conftest import REPO

BROWSER = (FILL_OPACITY, MAP_BACKGROUND)
PNG = (None, contrast.PNG_BACKGROUND)
# Holders told apart by lightness alone (no texture) differ at least this much in greyscale.
GREYSCALE_LIGHTNESS = 1.5


def test_contrast_is_measured_as_wcag_says():
    assert contrast.ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast.ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert contrast.over("#000000", 0.5, "#FFFFFF") == "#808080"
    assert contrast.grey("#FF0000") == "#363636"


@pytest.mark.parametrize("where", [BROWSER, PNG], ids=["browser", "png"])
def test_every_mark_stands_out_from_what_it_is_drawn_on(where):
    rows = contrast.pattern_rows(*where)
    assert {r["what"] for r in rows} >= {
        "Kurdish lines on their fill",
        "contested hatch on its grey",
        "unknown edge on the background",
    }
    assert sum("inferred dots" in r["what"] for r in rows) == 4  # three holders and contested
    weak = [(r["what"], round(r["ratio"], 2)) for r in rows if r["ratio"] < contrast.GRAPHICS]
    assert weak == []


@pytest.mark.parametrize("where", [BROWSER, PNG], ids=["browser", "png"])
def test_holders_stay_apart_in_greyscale(where):
    for row in contrast.greyscale_rows(*where):
        if not row["texture"]:
            assert row["ratio"] >= GREYSCALE_LIGHTNESS, row
    # unknown and the background are near in lightness: the grey edge tells them apart
    pair = next(r for r in contrast.greyscale_rows(*where) if {r["a"], r["b"]} == {
        "unknown", "background"})  # fmt: skip
    assert pair["texture"] == "grey edge"


def test_the_focus_ring_shows_on_what_it_surrounds():
    assert all(r["ratio"] >= contrast.GRAPHICS for r in contrast.focus_rows())
    css = (REPO / "aleppo_map" / "web" / "timemap.css").read_text(encoding="utf-8")
    assert f"solid {contrast.FOCUS_RING.lower()}" in css.lower()


def _window(figure: MapFigure, image: np.ndarray, area_id: str, half: int = 7) -> np.ndarray:
    """The pixels around a point inside `area_id` on the drawn figure."""
    geom = figure.dataset.areas.to_crs(figure.dataset.metric_crs).geometry[area_id]
    point = shapely.point_on_surface(geom)
    x, y = figure.ax.transData.transform((point.x, point.y))
    row, col = int(round(image.shape[0] - y)), int(round(x))
    return image[row - half : row + half, col - half : col + half].reshape(-1, 3).astype(int)


def near(pixels: np.ndarray, colour: str) -> int:
    """How many of `pixels` are close to `colour`."""
    return int((np.abs(pixels - np.array(contrast.rgb(colour))).sum(axis=1) < 60).sum())


def test_the_png_draws_the_marks_the_browser_draws(aleppo):
    """Dark dots on the opposition's inferred orange, white dots on the government's inferred
    blue, dark lines on Kurdish areas: the colours of look.py, on the largest such area."""
    timeline = Timeline(aleppo)
    date = "2013-06-02"
    state = timeline.state_at(date).set_index("area_id")
    km2 = aleppo.areas["area_km2"]

    def largest(holder: str, evidence: str | None = None) -> str:
        mask = state["holder"] == holder
        if evidence:
            mask &= state["evidence"] == evidence
        assert mask.any(), (holder, evidence)
        return str(km2[state.index[mask]].idxmax())

    figure = MapFigure(aleppo, timeline)
    try:
        figure.show(date)
        image = figure.rgb()
        opposition = _window(figure, image, largest("opposition", "inferred"))
        assert near(opposition, DOT_DARK) > 0 and near(opposition, DOT_LIGHT) == 0
        government = _window(figure, image, largest("government", "inferred"))
        assert near(government, DOT_LIGHT) > 0 and near(government, DOT_DARK) == 0
        kurdish = _window(figure, image, largest("kurdish"))
        assert near(kurdish, KURDISH_LINES["colour"]) > 0
    finally:
        figure.close()


def test_the_pages_let_the_reader_zoom_and_name_the_map_as_a_region(aleppo):
    timeline = Timeline(aleppo)
    for page in (
        frame.frame_html(["a.js", "bridge.js"], ["a.css"]),
        publish.site_html(aleppo, timeline),
    ):
        assert 'role="application"' not in page
        assert 'role="region"' in page and frame.MAP_LABEL in page
        assert "user-scalable" not in page and "maximum-scale" not in page
    site = publish.site_html(aleppo, timeline)
    assert site.index('data-tm-skip="time-bar"') < site.index("<h1>")
    assert frame.SKIP_LABEL in site
