"""Districts on the map and in the exports: the PNG draws each district's outline heavier
than its units' edges and can highlight a whole district; a link, `--area` and the published
file accept a district's id; the exports carry each unit's `district_id`; and a dataset
without geodata/districts.csv draws, exports and publishes with every unit standing alone.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from aleppo_map import export, publish
from aleppo_map.cli import main as aleppo_map
from aleppo_map.load import load_dataset
from aleppo_map.look import DISTRICT_OUTLINE
from aleppo_map.payload import groups_payload, map_payload
from aleppo_map.timeline import Timeline
from aleppo_map.viewstate import parse_view
from tests.conftest import TESTVILLE
from tests.test_places import nested

DATE = "2020-05-03"


@pytest.fixture(scope="module")
def standing_alone(tmp_path_factory):
    """Testville without its districts file: six units, no groups."""
    target = tmp_path_factory.mktemp("alone") / "testville"
    return load_dataset(nested(target, groups=[], claims=[], district={}))


def pixels_of(png: bytes, hex_colour: str) -> np.ndarray:
    """A mask of the pixels drawn exactly in `hex_colour`."""
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return (image == rgb).all(axis=2)


def test_the_png_outlines_each_district_heavier_than_its_units(testville, standing_alone):
    outline = DISTRICT_OUTLINE["color"]
    with_districts = pixels_of(export.png_bytes(testville, DATE, preset="web"), outline)
    alone = pixels_of(export.png_bytes(standing_alone, DATE, preset="web"), outline)
    # Testville's two districts meet along one long edge and share the city's outline: a
    # line hundreds of pixels long, which neither the units' white edges nor text make.
    assert with_districts.sum() > 1000, with_districts.sum()
    assert alone.sum() < 100, "no districts, no district outline"
    # The line between the North Side and the South Side runs across the whole map: most
    # columns of the map have an outline pixel in the middle band of the image.
    rows = with_districts[300:500]
    assert rows.any(axis=0)[100:700].mean() > 0.9


def test_the_png_highlights_a_whole_district(testville):
    plain = export.png_bytes(testville, DATE, preset="web")
    district = export.png_bytes(testville, DATE, preset="web", highlight="north_side")
    unit = export.png_bytes(testville, DATE, preset="web", highlight="mill_quarter")
    black = [pixels_of(png, "#000000").sum() for png in (plain, unit, district)]
    assert black[0] < black[1] < black[2], "a district's outline is longer than a unit's"


def test_export_png_takes_a_district_and_refuses_an_unknown_place(tmp_path, capsys):
    out = tmp_path / "north.png"
    args = ["export", "png", "--data", str(TESTVILLE), "--date", DATE, "--out"]
    assert aleppo_map([*args, str(out), "--area", "north_side"]) == 0
    assert Image.open(out).format == "PNG"
    assert aleppo_map([*args, str(tmp_path / "x.png"), "--area", "north_sid"]) == 2
    assert not (tmp_path / "x.png").exists()
    assert "'north_sid' is not an area or a district" in capsys.readouterr().err


def test_a_link_to_a_district_opens_it(testville):
    view = parse_view({"date": [DATE], "area": ["north_side"]}, Timeline(testville))
    assert view.area == "north_side" and view.messages == []
    view = parse_view({"date": [DATE], "area": ["nowhere"]}, Timeline(testville))
    assert view.area is None and view.messages


def test_csv_and_geojson_exports_carry_each_units_district(testville):
    state = pd.read_csv(io.StringIO(export.state_csv(testville, DATE)), keep_default_na=False)
    districts = dict(zip(state["area_id"], state["district_id"], strict=True))
    assert districts["old_town"] == "north_side" and districts["harbour"] == "south_side"
    assert "claim_area_id" in state.columns
    features = pd.read_json(io.StringIO(export.state_geojson(testville, DATE)))["features"]
    assert {f["id"]: f["properties"]["district_id"] for f in features} == districts


def test_the_map_payload_names_and_outlines_the_districts(testville):
    groups = groups_payload(testville)
    district = dict(zip(groups["ids"], groups["district"], strict=True))
    assert district == {"testville": False, "north_side": True, "south_side": True}
    assert groups["the"][groups["ids"].index("north_side")] == "the North Side"
    payload = map_payload(testville, Timeline(testville))
    outlines = payload["districtOutlines"]["features"]
    assert sorted(f["id"] for f in outlines) == ["north_side", "south_side"]
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in outlines)


def test_a_dataset_without_districts_draws_exports_and_publishes(standing_alone, tmp_path):
    payload = map_payload(standing_alone, Timeline(standing_alone))
    assert payload["districtOutlines"]["features"] == []
    assert payload["groups"]["ids"] == [] and set(payload["groups"]["unitDistrict"]) == {""}
    assert not any("district" in entry["label"] for entry in payload["look"]["legend"])
    state = pd.read_csv(io.StringIO(export.state_csv(standing_alone, DATE)))
    assert state["district_id"].isna().all()
    assert (state["claim_area_id"] == state["area_id"]).all()
    html = publish.site_html(standing_alone)
    assert '"districtOutlines":{"type":"FeatureCollection","features":[]}' in html
    out = tmp_path / "alone.gif"
    assert export.write_animation(standing_alone, out, "2020-04-20", DATE) == 2
