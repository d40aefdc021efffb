"""The PNG, GIF and MP4 in Arabic (`--lang ar`, issue 23 part 7): the letters joined and the
lines right to left in the pixels, the logical text in the PNG's metadata, the words from one
dict (image_words.py), and the flag on the command line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import warnings

import matplotlib
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from aleppo_map.export import png_bytes
from aleppo_map.image_text import right_to_left
from aleppo_map.image_words import ARABIC, image_date, image_translator
from aleppo_map.model import HOLDER_LABELS
from aleppo_map.shaping import display_text, has_rtl, isolate
from aleppo_map.snapshot import MapFigure
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


def test_cli_writes_an_arabic_png_and_refuses_arabic_video_plainly(tmp_path):
    png, gif = tmp_path / "ar.png", tmp_path / "ar.gif"
    result = cli(
        "export", "png", "--date", DATE, "--lang", "ar", "--preset", "web", "--out", str(png)
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (
        Image.open(png).text["Title"]
        == ARABIC["Territorial control of Aleppo's neighbourhoods, July 2012 – December 2016"]
    )
    # The video frames (videoframe.py) are drawn in English only, for now: a clear refusal,
    # and nothing written.
    for kind, out in (("gif", gif), ("mp4", tmp_path / "ar.mp4")):
        result = cli(
            "export", kind, "--start", "2016-11-22", "--end", "2016-12-06", "--lang", "ar",
            "--out", str(out),
        )  # fmt: skip
        assert result.returncode == 2 and "--lang ar" in result.stderr, result.stderr
        assert not out.exists()


def test_an_unknown_language_is_a_usage_error_naming_the_flag_and_value(tmp_path):
    result = cli("export", "png", "--date", DATE, "--lang", "xx", "--out", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert "--lang" in result.stderr and "'xx'" in result.stderr
    assert "en" in result.stderr and "ar" in result.stderr
    assert not (tmp_path / "x.png").exists()
