"""Video of a range of weeks for social media and the web: MP4 (H.264, yuv420p: it plays on
phones and on every social site) or GIF, in 16:9, 9:16 (1080×1920, for phones) or 1:1; and
the still picture of one week that the published file uses as its link preview.

Every frame carries the title, the week, what changed in it (and the siege, while the east is
besieged), a thin bar of where the week lies in the period, the legend with the evidence key
(dotted: the sentence does not name the area), and the sources behind the colours with the
dataset version and the licence; in English, or in Arabic (`--lang ar`: right to left, the bar
running from the right). The picture is drawn once; each week recolours only the areas
that changed (maplayer.py), so the whole period takes a few PNG exports' time, and most of it
is the H.264 encoder's.

    aleppo-map export mp4 --aspect 9:16 --out aleppo.mp4 [--start D] [--end D]
        [--weeks-per-second 4] [--lang ar]
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from .image_words import check_lang
from .load import Dataset
from .maplayer import OUTLINE, ROUTE_LOOK, rgb
from .model import CONTESTED_HATCH_COLOUR, HOLDER_COLOURS
from .timeline import Timeline
from .videoframe import BACKGROUND, INK, MUTED, TRACK, Frames, weeks_between

# Frame sizes (width, height). A GIF is drawn at half that size: GIFs are big.
ASPECTS = {"16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1080, 1080)}
DEFAULT_ASPECT = "16:9"
GIF_SCALE = 0.5
PREVIEW_SIZE = (1200, 630)  # a link preview (Open Graph, oEmbed thumbnail)
WEEKS_PER_SECOND = 4.0
MP4_FPS = 24  # what social sites ask for (Instagram: 23 to 60); a week lasts several frames
# x264's fastest preset at a constant quantiser: five frames in six repeat the week before,
# and rate control (CRF) would analyse each of them again (a fifth of the time, measured in
# docs/performance.md); flat colours and text stay sharp at QP 20 (PSNR about 51 dB). The
# frames arrive as BT.709 YUV (Yuv420, below) and are tagged so: players assume BT.709 for
# HD video, and an untagged BT.601 conversion (ffmpeg's default) shifts the holders' colours.
# The tags: as the frames' own (ffmpeg 5 and later take them from the frames) and as the
# encoder's options (older ffmpeg, as imageio-ffmpeg's lowest version bundles, reads those).
BT709_TAGS = [
    "-vf", "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv",
    "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
    "-color_range", "tv",
]  # fmt: skip
MP4_OPTIONS = ["-preset", "ultrafast", "-qp", "20", *BT709_TAGS]
# RGB to BT.709 limited-range Y, Cb, Cr (+0.5: Pillow truncates), as Pillow's 3×4 matrix.
_Y, _C = 219 / 255, 224 / 255
BT709 = (
    0.2126 * _Y, 0.7152 * _Y, 0.0722 * _Y, 16.5,
    -0.2126 / 1.8556 * _C, -0.7152 / 1.8556 * _C, 0.5 * _C, 128.5,
    0.5 * _C, -0.7152 / 1.5748 * _C, -0.0722 / 1.5748 * _C, 128.5,
)  # fmt: skip
HOLD_SECONDS = 2.0  # the last week stays on screen this long


def frame_size(aspect: str, kind: str) -> tuple[int, int]:
    w, h = ASPECTS[aspect]
    scale = GIF_SCALE if kind == "gif" else 1.0
    return (round(w * scale) // 2 * 2, round(h * scale) // 2 * 2)


def write_video(
    dataset: Dataset,
    out,
    kind: str | None = None,
    aspect: str = DEFAULT_ASPECT,
    start=None,
    end=None,
    weeks_per_second: float = WEEKS_PER_SECOND,
    labels: bool = False,
    progress=None,
    timeline: Timeline | None = None,
    lang: str = "en",
) -> int:
    """An MP4 or GIF (`kind`, else from `out`'s name) of every week from `start` to `end`, at
    `weeks_per_second`, in `aspect`, its words in `lang` ("en", or "ar": Arabic, right to
    left; videoframe.py). `progress(done, total)` follows each frame. Returns the number of
    weeks."""
    check_lang(lang)
    timeline = timeline or Timeline(dataset)
    name = str(getattr(out, "name", out)).lower()
    kind = kind or ("mp4" if name.endswith(".mp4") else "gif")
    weeks = weeks_between(dataset, timeline, start, end, lang)
    frames = Frames(dataset, weeks, frame_size(aspect, kind), labels=labels, lang=lang)
    writer = _write_mp4 if kind == "mp4" else _write_gif
    writer(frames, out, weeks_per_second, progress)
    return len(weeks.dates)


def _each(frames: Frames, progress):
    total = len(frames.weeks.dates)
    for i in range(total):
        box = frames.show(i)
        yield i, box
        if progress is not None:
            progress(i + 1, total)


def _write_mp4(frames: Frames, out, weeks_per_second: float, progress) -> None:
    import imageio_ffmpeg  # heavy, and only for MP4: it finds the ffmpeg binary

    path = out if isinstance(out, str | os.PathLike) else None
    with tempfile.TemporaryDirectory() as folder:
        target = str(path) if path is not None else str(Path(folder) / "video.mp4")
        writer = imageio_ffmpeg.write_frames(
            target, (frames.w, frames.h), fps=weeks_per_second, codec="libx264",
            pix_fmt_in="yuv420p", pix_fmt_out="yuv420p", quality=None, macro_block_size=2,
            ffmpeg_log_level="error", ffmpeg_timeout=0,
            output_params=[*MP4_OPTIONS, "-r", str(MP4_FPS), "-movflags", "+faststart"],
        )  # fmt: skip
        writer.send(None)
        yuv = None
        try:
            for _i, box in _each(frames, progress):
                if yuv is None:
                    yuv = Yuv420(frames.canvas)
                elif box is not None:
                    yuv.update(frames.canvas, box)
                writer.send(yuv.planes)
            for _ in range(round(HOLD_SECONDS * weeks_per_second)):
                writer.send(yuv.planes)
        finally:
            writer.close()
        if path is None:
            out.write(Path(target).read_bytes())


class Yuv420:
    """The frame as H.264 stores it: BT.709 limited-range Y, Cb and Cr planes, the last two at
    half size (4:2:0), in one buffer (ffmpeg's yuv420p), kept up to date box by box from the
    RGB canvas. Converting here, only where the week changed, spares ffmpeg converting every
    whole frame and halves the bytes sent to it."""

    def __init__(self, canvas: np.ndarray):
        h, w = canvas.shape[:2]
        self.planes = np.empty(h * w * 3 // 2, np.uint8)
        self.y = self.planes[: h * w].reshape(h, w)
        self.cb = self.planes[h * w : h * w * 5 // 4].reshape(h // 2, w // 2)
        self.cr = self.planes[h * w * 5 // 4 :].reshape(h // 2, w // 2)
        self.update(canvas, (0, h, 0, w))

    def update(self, canvas: np.ndarray, box) -> None:
        y0, y1, x0, x1 = (v + v % 2 if k % 2 else v - v % 2 for k, v in enumerate(box))
        part = Image.fromarray(canvas[y0:y1, x0:x1])
        self.y[y0:y1, x0:x1] = np.asarray(part.convert("L", BT709[:4]))
        # Chroma: the mean colour of each 2×2 block, converted.
        chroma = np.asarray(part.reduce(2).convert("RGB", BT709))
        self.cb[y0 // 2 : y1 // 2, x0 // 2 : x1 // 2] = chroma[..., 1]
        self.cr[y0 // 2 : y1 // 2, x0 // 2 : x1 // 2] = chroma[..., 2]


class Palette:
    """One palette for every frame of a GIF, made from the first (with the map's own colours
    kept exact), and a table from any colour to its nearest entry."""

    def __init__(self, first: np.ndarray, exact: list[str]):
        fixed = np.array(sorted({rgb(c) for c in exact}), np.int32)
        rest = Image.fromarray(first).quantize(
            colors=256 - len(fixed), method=Image.Quantize.MEDIANCUT
        )
        found = np.array(rest.getpalette()[: 3 * (256 - len(fixed))], np.int32).reshape(-1, 3)
        self.colours = np.vstack([fixed, found])[:256]
        levels = np.arange(32, dtype=np.int32) * 8 + 4
        grid = np.stack(np.meshgrid(levels, levels, levels, indexing="ij"), -1).reshape(-1, 3)
        self.lut = np.empty(len(grid), np.uint8)
        for at in range(0, len(grid), 2048):
            part = grid[at : at + 2048]
            distance = ((part[:, None, :] - self.colours[None, :, :]) ** 2).sum(-1)
            self.lut[at : at + 2048] = distance.argmin(1)
        for k, colour in enumerate(fixed):
            self.lut[self._key(colour[None, :])] = k

    @staticmethod
    def _key(pixels: np.ndarray) -> np.ndarray:
        p = pixels.astype(np.int32) >> 3
        return (p[..., 0] << 10) | (p[..., 1] << 5) | p[..., 2]

    def index(self, pixels: np.ndarray) -> np.ndarray:
        return self.lut[self._key(pixels)]

    def flat(self) -> list[int]:
        return [int(v) for v in self.colours.ravel()]


def _write_gif(frames: Frames, out, weeks_per_second: float, progress) -> None:
    images, palette, indexed = [], None, None
    for _i, box in _each(frames, progress):
        if palette is None:
            palette = Palette(frames.canvas, _exact_colours())
            indexed = palette.index(frames.canvas)
        elif box is not None:
            y0, y1, x0, x1 = box
            indexed[y0:y1, x0:x1] = palette.index(frames.canvas[y0:y1, x0:x1])
        image = Image.fromarray(indexed.copy(), "P")
        image.putpalette(palette.flat())
        images.append(image)
    duration = [round(1000 / weeks_per_second)] * len(images)
    duration[-1] += round(HOLD_SECONDS * 1000)
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:],
                   duration=duration, loop=0, optimize=False)  # fmt: skip


def _exact_colours() -> list[str]:
    return [*HOLDER_COLOURS.values(), CONTESTED_HATCH_COLOUR, OUTLINE, BACKGROUND, INK, MUTED,
            TRACK, *(look[0] for look in ROUTE_LOOK.values())]  # fmt: skip


def preview_png(dataset: Dataset, date, out, timeline: Timeline | None = None) -> None:
    """The still picture of the week containing `date` (the link preview and the picture of
    the published file for readers without JavaScript), 1200×630."""
    timeline = timeline or Timeline(dataset)
    weeks = weeks_between(dataset, timeline, date, date)
    frames = Frames(dataset, weeks, PREVIEW_SIZE)
    frames.show(0)
    Image.fromarray(frames.canvas).save(out, format="PNG", optimize=True)
