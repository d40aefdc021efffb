"""Text on the video frames and the link preview (video.py, maplayer.py), drawn with Pillow.

Every string on those images goes through `draw_text` and is measured with `text_width`; a
line with Arabic letters is laid out right to left by both (`_layout`). A Pillow built with
libraqm (HarfBuzz and FriBiDi: `PIL.features.check("raqm")`) joins the letters and orders the
line itself, given `direction="rtl"`; a font on Pillow's basic layout (no raqm) draws glyph after
glyph from the left, so the line is first shaped and put in visual order by shaping.py
(arabic-reshaper and python-bidi). Either way a line is laid out once and kept (a video says the
same words in many frames). The fonts are DejaVu Sans, which matplotlib ships and which has the
Arabic letters and their presentation forms: no font has to be installed on the machine.
"""

from __future__ import annotations

import importlib.util
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, features

from .shaping import balanced_lines, display_line, has_rtl

FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


def _font_dir() -> Path:
    # matplotlib's own copy of DejaVu; found without importing matplotlib (half a second).
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib's bundled fonts are needed to draw text on images")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


# Does this Pillow lay out complex text itself (libraqm)? Then its fonts use it by default.
PILLOW_SHAPES = features.check("raqm")


@cache
def font(size: float, weight: str = "regular", basic: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans at `size` pixels (`weight`: regular or bold); `basic`: on Pillow's basic
    layout even where raqm is there (the shaping of shaping.py then does the work)."""
    engine = ImageFont.Layout.BASIC if basic or not PILLOW_SHAPES else ImageFont.Layout.RAQM
    path = str(_font_dir() / FONT_FILES[weight])
    return ImageFont.truetype(path, max(6, round(size)), layout_engine=engine)


@lru_cache(maxsize=8192)
def _layout(text: str, raqm: bool) -> tuple[str, dict]:
    """`text` as Pillow is to be given it, and the options to give with it: a line with Arabic
    letters goes as written, right to left, to raqm, or shaped and in visual order to the basic
    layout; any other line as it is."""
    if not has_rtl(text):
        return text, {}
    if raqm:
        return text, {"direction": "rtl", "language": "ar"}
    return display_line(text), {}


def _laid_out(text: str, face: ImageFont.FreeTypeFont) -> tuple[str, dict]:
    return _layout(text, face.layout_engine == ImageFont.Layout.RAQM)


@lru_cache(maxsize=8192)
def text_width(text: str, face: ImageFont.FreeTypeFont) -> float:
    """How wide `text` is drawn in `face`, in pixels."""
    shown, options = _laid_out(text, face)
    return face.getlength(shown, **options)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float, max_lines: int = 0) -> list[str]:
    """`text` broken at spaces into lines no wider than `width`; with `max_lines`, the last
    line kept ends in an ellipsis when the text is longer."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and text_width(candidate, face) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    if max_lines and len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and text_width(last + " …", face) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        kept[-1] = last + " …"
        lines = kept
    # A line that a wrap broke inside an isolated English name closes it, the next reopens it.
    return balanced_lines("\n".join(lines)) if has_rtl(str(text)) else lines


def draw_text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    face: ImageFont.FreeTypeFont,
    fill="#1A1A1A",
    anchor: str = "la",
    halo: str | None = None,
) -> tuple[float, float, float, float]:
    """Draw one line of `text` at `xy` (Pillow's `anchor`: "la" is the left end of its
    ascender line). The only place text meets an image. A line drawn once is kept: a video
    says "no change of hands" in many frames."""
    mask, (left, top) = _rendered(str(text), face, anchor)
    at = (round(xy[0] + left), round(xy[1] + top))
    if halo is not None:
        draw.bitmap(at, _halo(str(text), face, anchor), fill=halo)
    draw.bitmap(at, mask, fill=fill)
    return (at[0], at[1], at[0] + mask.width, at[1] + mask.height)


def text_box(xy, text: str, face: ImageFont.FreeTypeFont, anchor: str = "la"):
    """The box (x0, y0, x1, y1) `draw_text` would cover."""
    mask, (left, top) = _rendered(str(text), face, anchor)
    x0, y0 = round(xy[0] + left), round(xy[1] + top)
    return (x0, y0, x0 + mask.width, y0 + mask.height)


@lru_cache(maxsize=256)
def _halo(text: str, face: ImageFont.FreeTypeFont, anchor: str) -> Image.Image:
    """A light rim around a line of text, so that it reads over the map."""
    return _rendered(text, face, anchor)[0].filter(ImageFilter.MaxFilter(5))


@lru_cache(maxsize=4096)
def _rendered(text: str, face: ImageFont.FreeTypeFont, anchor: str):
    """`text` drawn in `face` as a mask, and where its box starts from the anchor point."""
    shown, options = _laid_out(text, face)
    left, top, right, bottom = face.getbbox(shown, anchor=anchor, **options)
    pad = 2  # room for a halo
    left, top = left - pad, top - pad
    mask = Image.new("L", (max(1, right - left + pad), max(1, bottom - top + pad)), 0)
    draw = ImageDraw.Draw(mask)
    draw.text((-left, -top), shown, font=face, fill=255, anchor=anchor, **options)
    return mask, (left, top)


def line_height(face: ImageFont.FreeTypeFont, spacing: float = 1.25) -> float:
    """The distance between two lines of `face`."""
    ascent, descent = face.getmetrics()
    return (ascent + descent) * spacing
