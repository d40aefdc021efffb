"""Two dates compared and the age of the evidence, out of the app: `aleppo-map diff` (CSV and
GeoJSON, run as a real subprocess), the compare and age PNGs, and their bad dates."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from PIL import Image

from aleppo_map import export
from aleppo_map.compare import AGE_COLOURS, age_class, diff, evidence_age_weekly
from aleppo_map.model import HOLDER_COLOURS
from aleppo_map.timeline import Timeline
from tests.conftest import TESTVILLE
from tests.test_cli import cli
from tests.test_export import colours_present, rgb


def test_diff_prints_one_row_per_changed_area_with_the_claims_and_km2(aleppo):
    result = cli("diff", "--from", "2016-11-06", "--to", "2016-12-18")
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert {"area_id", "name", "holder_from", "holder_to", "claim_ids", "area_km2"} <= set(
        table.columns
    )
    expected = diff(Timeline(aleppo), "2016-11-06", "2016-12-18")
    assert list(table["area_id"]) == list(expected["area_id"])
    assert list(table["claim_ids"]) == list(expected["claim_ids"])
    assert (table["holder_from"] != table["holder_to"]).all()
    hananu = table.set_index("area_id").loc["hananu"]
    assert (hananu["holder_from"], hananu["holder_to"]) == ("opposition", "government")
    assert hananu["claim_ids"].split(";")[-1] == "eb-20161126-hananu"
    assert hananu["holder_to_label"] == "Syrian government and allied forces"
    assert table["area_km2"].sum() == pytest.approx(expected["area_km2"].sum())


def test_diff_as_geojson_on_another_dataset():
    result = cli(
        "diff", "--from", "2020-03-04", "--to", "2020-04-25", "--format", "geojson",
        "--data", str(TESTVILLE),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["type"] == "FeatureCollection"
    assert (doc["date_from"], doc["date_to"]) == ("2020-03-04", "2020-04-25")
    assert doc["features"], "Testville changes hands between March and April"
    for feature in doc["features"]:
        props = feature["properties"]
        assert props["holder_from"] != props["holder_to"] and props["claim_ids"]
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "--from", "2016-02-30", "--to", "2016-12-18"], "'2016-02-30' is not a date"),
        (["diff", "--from", "2016-11-06", "--to", "2030-01-01"], "--to 2030-01-01 is outside"),
        (["diff", "--from", "2016-11-06"], "the following arguments are required: --to"),
        (["export", "png", "--date", "2016-12-18", "--compare", "<script>", "--out", "x.png"],
         "--compare '<script>' is not a date"),
        (["export", "png", "--date", "2016-12-18", "--mode", "colour", "--out", "x.png"],
         "invalid choice: 'colour'"),
    ],
)  # fmt: skip
def test_bad_dates_and_modes_get_one_line_and_exit_2(args, message):
    result = cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_the_compare_png_draws_both_weeks_holders_and_names_the_changes(aleppo, tmp_path):
    out = tmp_path / "compare.png"
    result = cli(
        "export", "png", "--date", "2016-12-18", "--compare", "2016-11-06", "--preset", "web",
        "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    image = Image.open(out)
    image.load()
    present = colours_present(image)
    # Government fills, and the opposition's colour as the inner edge of what it lost.
    assert rgb(HOLDER_COLOURS["government"]) in present
    assert rgb(HOLDER_COLOURS["opposition"]) in present
    description = image.text["Description"]
    count = len(diff(Timeline(aleppo), "2016-11-06", "2016-12-18"))
    assert f"from 6 November 2016 to 18 December 2016: {count} area(s)" in description
    assert "Enab Baladi" in image.text["Source"]


def test_the_age_png_shades_each_area_by_the_weeks_since_its_sentence(aleppo, tmp_path):
    out = tmp_path / "age.png"
    result = cli("export", "png", "--date", "2014-06-15", "--mode", "age", "--out", str(out))
    assert result.returncode == 0, result.stderr
    image = Image.open(out)
    image.load()
    present = colours_present(image)
    ages = evidence_age_weekly(Timeline(aleppo)).loc[pd.Timestamp("2014-06-15")]
    classes = {age_class(a) for a in ages}
    for c in classes - {-1}:
        assert rgb(AGE_COLOURS[c]) in present, f"age class {c} missing"
    assert rgb(HOLDER_COLOURS["government"]) not in present, "no holder colours on the age map"
    assert "Age of evidence" in image.text["Description"]


def test_the_png_export_takes_the_app_s_view(testville, tmp_path):
    """The app's PNG download draws what the map shows (export.png_bytes)."""
    compared = export.png_bytes(testville, "2020-04-26", preset="web", compare="2020-03-08")
    aged = export.png_bytes(testville, "2020-04-26", preset="web", mode="age")
    plain = export.png_bytes(testville, "2020-04-26", preset="web")
    assert len({compared, aged, plain}) == 3
    for png in (compared, aged):
        assert Image.open(io.BytesIO(png)).format == "PNG"
