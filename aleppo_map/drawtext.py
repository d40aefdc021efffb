"""Text on the video frames and the link preview (video.py, maplayer.py), drawn with Pillow.

Every string on those images goes through `draw_text` and is measured with `text_width`, so a
right-to-left language needs only these two functions taught to shape and reorder its text
(Pillow with raqm does both, given `direction` and `language`). The fonts are DejaVu Sans,
which matplotlib ships: no font has to be installed on the machine.
"""

from __future__ import annotations

import importlib.util
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


def _font_dir() -> Path:
    # matplotlib's own copy of DejaVu; found without importing matplotlib (half a second).
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib's bundled fonts are needed to draw text on images")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


@cache
def font(size: float, weight: str = "regular") -> ImageFont.FreeTypeFont:
    """DejaVu Sans at `size` pixels (`weight`: regular or bold)."""
    return ImageFont.truetype(str(_font_dir() / FONT_FILES[weight]), max(6, round(size)))


def text_width(text: str, face: ImageFont.FreeTypeFont) -> float:
    """How wide `text` is drawn in `face`, in pixels."""
    return face.getlength(text)


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
        return kept
    return lines


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
    left, top, right, bottom = face.getbbox(text, anchor=anchor)
    pad = 2  # room for a halo
    left, top = left - pad, top - pad
    mask = Image.new("L", (max(1, right - left + pad), max(1, bottom - top + pad)), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, font=face, fill=255, anchor=anchor)
    return mask, (left, top)


def line_height(face: ImageFont.FreeTypeFont, spacing: float = 1.25) -> float:
    """The distance between two lines of `face`."""
    ascent, descent = face.getmetrics()
    return (ascent + descent) * spacing
