"""Every export opens in a real reader and carries its evidence."""

from __future__ import annotations

import geopandas as gpd
import imageio_ffmpeg
import numpy as np
import pandas as pd
import pytest
from PIL import Image

from aleppo_map import export, publish, render
from aleppo_map.model import BOUNDARY_LINE, HOLDER_COLOURS
from aleppo_map.timeline import Timeline
from aleppo_map.video import MP4_FPS, WEEKS_PER_SECOND
from aleppo_map.videoframe import Frames, weeks_between
from tests.conftest import REPO


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def colours_present(image: Image.Image) -> set[tuple[int, int, int]]:
    pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    return set(map(tuple, np.unique(pixels, axis=0)))


@pytest.mark.parametrize(
    ("fixture", "date"), [("testville", "2020-05-03"), ("aleppo", "2016-11-29")]
)
def test_png_shows_every_holder_colour_in_view_and_names_its_sources(
    fixture, date, tmp_path, request
):
    dataset = request.getfixturevalue(fixture)
    out = tmp_path / "map.png"
    export.write_png(dataset, date, out, preset="web")
    image = Image.open(out)
    image.load()
    assert image.format == "PNG" and image.width >= 700
    holders = set(Timeline(dataset).state_at(date)["holder"])
    present = colours_present(image)
    assert len(present) > 50, "the image looks blank"
    for holder in holders:
        assert rgb(HOLDER_COLOURS[holder]) in present, f"{holder} colour missing"
    text = image.text
    assert pd.Timestamp(date).strftime("%d %B %Y") in text["Description"]
    state = Timeline(dataset).state_at(date)
    for source_id in set(state.loc[state["claim_id"] != "", "source_id"]):
        assert dataset.sources.at[source_id, "outlet"] in text["Source"]
    assert dataset.version in text["Comment"] and BOUNDARY_LINE in text["Comment"]


def test_png_print_preset_is_larger_than_web(testville, tmp_path):
    export.write_png(testville, "2020-05-03", tmp_path / "print.png", preset="print")
    export.write_png(
        testville, "2020-05-03", tmp_path / "web.png", preset="web", highlight="harbour"
    )
    assert Image.open(tmp_path / "print.png").width == 2 * Image.open(tmp_path / "web.png").width


def test_gif_has_one_frame_per_week(testville, tmp_path):
    out = tmp_path / "weeks.gif"
    seen = []
    count = export.write_animation(
        testville, out, "2020-03-10", "2020-04-20", progress=lambda d, t: seen.append(d)
    )
    image = Image.open(out)
    assert image.format == "GIF"
    weeks = len(
        export.animation_dates(
            Timeline(testville), pd.Timestamp("2020-03-10"), pd.Timestamp("2020-04-20")
        )
    )
    assert image.n_frames == count == weeks == 7
    assert seen[-1] == weeks


def test_the_phone_mp4_is_h264_in_bt709_with_the_map_colours(testville, tmp_path):
    """The 9:16 MP4 plays on phones and social sites (H.264, yuv420p, 24 fps, each week held
    for its share of a second), is tagged BT.709 as HD players assume, and its first frame,
    decoded as a player would, has the picture's colours to within a few levels."""
    out = tmp_path / "phone.mp4"
    weeks = export.write_animation(testville, out, "2020-03-10", "2020-04-20", aspect="9:16")
    reader = imageio_ffmpeg.read_frames(str(out))
    meta = next(reader)
    decoded = np.frombuffer(next(reader), np.uint8).reshape(1920, 1080, 3).astype(int)
    frame_count = 1 + sum(1 for _ in reader)
    assert meta["codec"] == "h264" and meta["pix_fmt"].startswith("yuv420p(tv, bt709")
    assert meta["fps"] == MP4_FPS and meta["size"] == (1080, 1920)
    held = 2.0 * WEEKS_PER_SECOND  # video.HOLD_SECONDS of the last week
    # ±1: ffmpeg versions round the last frame's duration differently (4.2 drops it)
    assert abs(frame_count - (weeks + held) * MP4_FPS / WEEKS_PER_SECOND) <= 1
    timeline = Timeline(testville)
    frames = Frames(testville, weeks_between(testville, timeline, "2020-03-10", "2020-03-10"),
                    (1080, 1920))  # fmt: skip
    frames.show(0)
    drawn = frames.canvas.astype(int)
    assert np.median(np.abs(decoded - drawn)) <= 2
    for holder, colour in HOLDER_COLOURS.items():
        where = (drawn == rgb(colour)).all(-1)
        if where.sum() > 1000:
            assert np.abs(decoded[where].mean(0) - rgb(colour)).max() < 4, holder


@pytest.mark.parametrize("fixture", ["testville", "aleppo"])
def test_geojson_and_csv_open_in_their_readers(fixture, tmp_path, request):
    dataset = request.getfixturevalue(fixture)
    date = dataset.period[1]
    (tmp_path / "s.geojson").write_text(export.state_geojson(dataset, date), encoding="utf-8")
    (tmp_path / "s.csv").write_text(export.state_csv(dataset, date), encoding="utf-8")
    frame = gpd.read_file(tmp_path / "s.geojson")
    assert len(frame) == len(dataset.areas) and frame.crs.to_epsg() == 4326
    table = pd.read_csv(tmp_path / "s.csv", keep_default_na=False)
    assert list(table["area_id"]) == list(frame["area_id"])
    assert {"holder", "since", "since_precision", "claim_id", "source_id", "quote"} <= set(
        table.columns
    )


def test_html_is_standalone_and_cites_sources(testville, tmp_path):
    out = tmp_path / "map.html"
    export.write_html(testville, "2020-05-03", out)
    html = out.read_text(encoding="utf-8")
    assert "cdn.jsdelivr" not in html and "L.geoJson" in html
    assert "Fighting raged in the Old Town" in html and "The Testville Chronicle" in html


def test_the_published_example_is_what_export_site_writes_now(aleppo):
    """The README links docs/examples/aleppo-timeline/index.html as the published file: its
    map scripts, styles and data must be today's. Leaflet is left out of the comparison (its
    patch release comes from PyPI). Regenerate with
    `.venv/bin/aleppo-map export site --out docs/examples/aleppo-timeline/`."""
    published = (REPO / "docs" / "examples" / "aleppo-timeline" / "index.html").read_text(
        encoding="utf-8"
    )
    fresh = publish.site_html(aleppo)
    start = 'document.getElementById("tm-panel"), '
    payload = fresh[fresh.index(start) : fresh.index(");\n</script>", fresh.index(start))]
    stale = [
        name
        for name in (*render.SCRIPT_FILES, *render.STYLE_FILES)
        if render.web_file(name) not in published
    ]
    assert stale == [], f"regenerate the example: {stale} changed since"
    assert payload in published, "regenerate the example: the data changed since"
