"""The PNG, GIF and MP4 in Arabic (`--lang ar`, issue 23 part 7): the letters joined and the
lines right to left in the pixels (the PNG's and the video frames'), the logical text in the
PNG's metadata, the words from one dict (image_words.py), and the flag on the command line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import warnings

import imageio_ffmpeg
import matplotlib
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from aleppo_map import export
from aleppo_map.drawtext import draw_text, font, wrap
from aleppo_map.export import png_bytes
from aleppo_map.image_text import right_to_left
from aleppo_map.image_words import ARABIC, image_date, image_translator
from aleppo_map.model import HOLDER_LABELS
from aleppo_map.shaping import display_text, has_rtl, isolate
from aleppo_map.snapshot import MapFigure
from aleppo_map.timeline import Timeline
from aleppo_map.videoframe import week_label, weeks_between
from tests.conftest import REPO

DATE = "2016-11-29"
PRESENTATION_FORMS = range(0xFE70, 0xFF00)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "aleppo_map", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )


# --- shaping ---------------------------------------------------------------------------


def test_display_text_joins_the_letters_of_aleppo_and_orders_them_for_display():
    # ح initial, ل medial, ب final; drawn from the left: ﺐ ﻠ ﺣ
    assert display_text("حلب") == "\ufe90\ufee0\ufea3"
    assert display_text("لا") == "\ufefb"  # lam-alef: one ligature


def test_latin_text_is_left_alone_and_mixed_text_keeps_english_and_digits_in_order():
    assert display_text("Aleppo, 29 November 2016 (week)") == "Aleppo, 29 November 2016 (week)"
    assert display_text("حلب Aleppo 2016") == "Aleppo 2016 \ufe90\ufee0\ufea3"
    # brackets in the Arabic text are mirrored; an English title isolated keeps its own
    assert display_text("أ (ب)") == "(\ufe8f) \ufe83"
    shown = display_text("المصادر: " + isolate("SANA, “x” (2016)", "ltr"))
    assert shown.startswith("SANA, “x” (2016) :") and "\u2066" not in shown


def test_each_line_is_ordered_alone_and_a_wrapped_isolate_closes_and_reopens():
    text = "أ " + isolate("Enab Baladi,\n“Title” (2016)", "ltr") + " ب"
    first, second = display_text(text).split("\n")
    assert first.endswith("Enab Baladi, \ufe83") or first.endswith("Enab Baladi,  \ufe83")
    assert second.startswith("\ufe8f “Title” (2016)")


# --- the words --------------------------------------------------------------------------


def test_every_holder_label_has_neutral_arabic_and_english_falls_back_to_itself():
    arabic, english = image_translator("ar"), image_translator("en")
    for label in HOLDER_LABELS.values():
        assert has_rtl(arabic(label)), label
        assert english(label) == label
    assert arabic("Syrian government and allied forces") == "القوات الحكومية السورية وحلفاؤها"
    assert arabic("a dataset's own title") == "a dataset's own title"
    with pytest.raises(ValueError, match="'xx'"):
        image_translator("xx")


def test_the_words_keep_their_placeholders_and_carry_no_vowel_marks():
    for msgid, text in ARABIC.items():
        fields = sorted(part.split("}")[0] for part in msgid.split("{")[1:])
        assert sorted(part.split("}")[0] for part in text.split("{")[1:]) == fields, msgid
        assert not any("\u064b" <= c <= "\u065f" for c in text), msgid  # harakat


def test_arabic_dates_use_the_levantine_months_and_western_digits():
    assert image_date("2016-11-29", "ar") == "29 تشرين الثاني 2016"
    assert image_date("2016-01-05", "ar") == "5 كانون الثاني 2016"
    assert image_date("2016-11-29", "en") == "29 November 2016"


def test_the_legend_reads_from_the_top_right():
    handles, labels = right_to_left(list("abcdefgh"), list("ABCDEFGH"), 3)
    # matplotlib fills columns from the left: the last column (shown leftmost) first
    assert labels == ["G", "H", "", "D", "E", "F", "A", "B", "C"]
    assert handles[:2] == ["g", "h"] and handles[6:] == ["a", "b", "c"]


# --- the pixels -------------------------------------------------------------------------


def _ink(image: Image.Image, size=(640, 48)) -> np.ndarray:
    """The text's ink, cropped to its bounding box and scaled to `size`, from 0 to 1."""
    grey = np.asarray(image.convert("L"), dtype=np.float64)
    rows, cols = np.nonzero(grey < 128)
    grey = grey[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    scaled = Image.fromarray(grey.astype(np.uint8)).resize(size, Image.Resampling.BILINEAR)
    return 1 - np.asarray(scaled, dtype=np.float64) / 255


def _likeness(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


def _reference(text: str, points: float, dpi: int) -> Image.Image:
    """`text` drawn glyph after glyph from the left, with no shaping or reordering of its
    own (Pillow's basic layout), in the bold DejaVu Sans that matplotlib ships."""
    path = os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans-Bold.ttf")
    font = ImageFont.truetype(path, round(points * dpi / 72), layout_engine=ImageFont.Layout.BASIC)
    left, top, right, bottom = font.getbbox(text)
    image = Image.new("L", (right - left + 20, bottom - top + 20), 255)
    ImageDraw.Draw(image).text((10 - left, 10 - top), text, font=font, fill=0)
    return image


def test_the_arabic_title_in_the_png_is_joined_and_right_to_left(aleppo):
    """The title as the image draws it, against the same words shaped and ordered by
    arabic-reshaper and python-bidi and drawn glyph by glyph by another renderer; and against
    two wrong drawings: the letters unjoined, and the joined letters left to right."""
    words = ARABIC[aleppo.headline]
    figure = MapFigure(aleppo, width=8.0, dpi=100, lang="ar")
    try:
        figure.show(DATE)
        pixels = Image.fromarray(figure.rgb())
        box = figure.title.get_window_extent()
        height = pixels.height
        title = pixels.crop((box.x0 - 4, height - box.y1 - 4, box.x1 + 4, height - box.y0 + 4))
    finally:
        figure.close()
    assert title.width > 300
    drawn = _ink(title)
    right = _likeness(drawn, _ink(_reference(display_text(words), 14, 100)))
    unjoined = _likeness(drawn, _ink(_reference(words[::-1], 14, 100)))
    backwards = _likeness(drawn, _ink(_reference(display_text(words)[::-1], 14, 100)))
    assert right > 0.8, right
    assert right > unjoined + 0.2 and right > backwards + 0.2, (right, unjoined, backwards)


def test_arabic_is_drawn_without_missing_glyphs(aleppo):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png_bytes(aleppo, DATE, preset="web", labels=True, lang="ar")
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []


def test_labels_give_the_arabic_names(aleppo):
    figure = MapFigure(aleppo, width=8.0, dpi=60, labels=True, lang="ar")
    try:
        drawn = {text.get_text() for text in figure.ax.texts}
    finally:
        figure.close()
    assert figure.shown(aleppo.areas.loc["hananu", "name_ar"]) in drawn
    assert "Hananu" not in drawn


# --- metadata and files -----------------------------------------------------------------


def test_the_png_metadata_holds_the_arabic_title_as_written(aleppo):
    text = Image.open(io.BytesIO(png_bytes(aleppo, DATE, preset="web", lang="ar"))).text
    assert text["Title"] == ARABIC[aleppo.title]
    assert "الوضع في 29 تشرين الثاني 2016" in text["Description"]
    assert "إصدار البيانات" in text["Comment"]
    for value in text.values():  # logical text: the shaping is for the pixels only
        assert not any(ord(c) in PRESENTATION_FORMS for c in value), value


def test_the_english_png_is_as_before(aleppo):
    text = Image.open(io.BytesIO(png_bytes(aleppo, DATE, preset="web"))).text
    assert text["Title"] == aleppo.title
    assert "State on 29 November 2016" in text["Description"]
    assert not any(has_rtl(value) for value in text.values())


def test_cli_writes_an_arabic_png(tmp_path):
    png = tmp_path / "ar.png"
    result = cli(
        "export", "png", "--date", DATE, "--lang", "ar", "--preset", "web", "--out", str(png)
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (
        Image.open(png).text["Title"]
        == ARABIC["Territorial control of Aleppo's neighbourhoods, July 2012 – December 2016"]
    )


# --- the videos -------------------------------------------------------------------------

VIDEO_WEEKS = ("2016-11-20", "2016-12-11")


def _check_video_title(frame: Image.Image, aleppo, scale: float, size: int) -> None:
    """The frame's first title line against the same words, wrapped as the frame wraps
    them, shaped and ordered by arabic-reshaper and python-bidi and drawn glyph by glyph;
    and against the letters unjoined and the joined letters left to right. Set from the
    right: its right end at the margin. `size`: the title's type on a 1080 px frame."""
    margin = round(40 * scale)
    face = font(size * scale, "bold")
    words = wrap(ARABIC[aleppo.headline], face, frame.width - 2 * margin, 3)[0]
    # the first line: from the top margin down by the type's ascent and descent (an Arabic
    # hamza of the second line reaches above its ascender line)
    line = frame.crop((0, margin - 2, frame.width, margin + sum(face.getmetrics()) + 1))
    ink = np.flatnonzero((np.asarray(line.convert("L")) < 128).any(axis=0))
    assert abs(ink[-1] - (frame.width - margin)) <= 6 * scale + 2, (ink[-1], frame.width)
    points = face.size * 72 / 100  # _reference draws at points × dpi / 72
    drawn = _ink(line)
    right = _likeness(drawn, _ink(_reference(display_text(words), points, 100)))
    unjoined = _likeness(drawn, _ink(_reference(words[::-1], points, 100)))
    backwards = _likeness(drawn, _ink(_reference(display_text(words)[::-1], points, 100)))
    assert right > 0.8, right
    assert right > unjoined + 0.2 and right > backwards + 0.2, (right, unjoined, backwards)


def test_cli_writes_an_arabic_gif_whose_title_is_joined_and_right_to_left(tmp_path, aleppo):
    gif = tmp_path / "ar.gif"
    result = cli(
        "export", "gif", "--start", VIDEO_WEEKS[0], "--end", VIDEO_WEEKS[1], "--lang", "ar",
        "--aspect", "9:16", "--out", str(gif),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with Image.open(gif) as video:
        assert video.n_frames == 4 and video.size == (540, 960)
        video.seek(0)
        frame = video.convert("RGB")
    _check_video_title(frame, aleppo, 0.5, 48)


def test_an_arabic_mp4_is_written_with_its_title_joined_and_right_to_left(tmp_path, aleppo):
    out = tmp_path / "ar.mp4"
    weeks = export.write_animation(aleppo, out, *VIDEO_WEEKS, aspect="1:1", lang="ar")
    assert weeks == 4
    reader = imageio_ffmpeg.read_frames(str(out))
    meta = next(reader)
    first = next(reader)
    reader.close()
    w, h = meta["size"]
    frame = Image.frombytes("RGB", (w, h), first)
    _check_video_title(frame, aleppo, 1.0, 44)


def test_the_arabic_frame_says_its_words_in_arabic(aleppo):
    weeks = weeks_between(aleppo, Timeline(aleppo), "2016-11-29", "2016-12-06", "ar")
    assert weeks.notes[0][0] == f"مناطق تبدلت السيطرة عليها: {weeks.changed[0].sum()}"
    assert weeks.notes[0][1].startswith("شرق حلب محاصر منذ 4 أيلول 2016")
    assert week_label("2016-12-04", "ar") == "28 تشرين الثاني – 4 كانون الأول 2016"
    assert week_label("2016-12-04") == "28 Nov – 4 Dec 2016"
    assert all(has_rtl(text) or text.startswith("\u2066") for text in weeks.sources)


def test_a_pillow_without_raqm_draws_the_same_arabic(tmp_path):
    """The basic layout (no libraqm) gets the line shaped and ordered by shaping.py; where
    this Pillow has raqm, its own layout must draw the same ink."""
    words = ARABIC["Syrian government and allied forces"]
    drawn = {}
    for basic in (True, False):
        image = Image.new("L", (900, 80), 255)
        draw_text(ImageDraw.Draw(image), (880, 10), words, font(36, "bold", basic), 0, "ra")
        drawn[basic] = _ink(image)
    reference = _ink(_reference(display_text(words), 36 * 72 / 100, 100))
    assert _likeness(drawn[True], reference) > 0.9
    assert _likeness(drawn[False], reference) > 0.9


def test_an_unknown_language_is_a_usage_error_naming_the_flag_and_value(tmp_path):
    result = cli("export", "png", "--date", DATE, "--lang", "xx", "--out", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert "--lang" in result.stderr and "'xx'" in result.stderr
    assert "en" in result.stderr and "ar" in result.stderr
    assert not (tmp_path / "x.png").exists()
