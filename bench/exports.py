"""Export benchmark on the bundled data: PNG snapshot, GeoJSON, CSV, the published timeline (one
HTML file, also the app's HTML download), and the animated GIF and the vertical (9:16) MP4 of
the whole period (every weekly frame), each timed over repeated runs; each video also as a
ratio of its median time to the median PNG export's (the target: ≤ 8×).

    .venv/bin/python -m bench.exports [--data DIR] [--repeat 5] [--gif-repeat 3]

The first PNG of a process also loads matplotlib's fonts: it is reported apart from the
median of the later ones, which is what a user of the running app waits for.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

from bench._common import REPO, repeat, row, show, write_json


class _Gif(io.BytesIO):
    name = "animation.gif"


class _Mp4(io.BytesIO):
    name = "animation.mp4"


def measure(data: Path, repeats: int, gif_repeats: int, gif_weeks: int | None) -> list[dict]:
    from aleppo_map import export
    from aleppo_map.load import load_dataset
    from aleppo_map.publish import site_html
    from aleppo_map.timeline import Timeline

    dataset = load_dataset(data)
    timeline = Timeline(dataset)
    group = "Exports (bundled data)" if data.resolve() == REPO.resolve() else f"Exports ({data})"
    date = timeline.frame_dates[len(timeline.frame_dates) * 9 // 10]
    sizes: dict[str, int] = {}

    def png():
        sizes["png"] = len(export.png_bytes(dataset, date, preset="print", timeline=timeline))

    started = time.perf_counter()
    png()
    first_png = time.perf_counter() - started
    png_samples = repeat(png, repeats, warmup=0)
    rows = [
        row(
            group,
            "PNG snapshot, print preset (8 in at 200 dpi)",
            png_samples,
            "s",
            digits=2,
            target="png_s",
            note=f"{sizes['png'] / 1e3:,.0f} kB; the first PNG of a fresh process: "
            f"{first_png:.2f} s (font cache)",
        )
    ]

    def geojson():
        sizes["geojson"] = len(export.state_geojson(dataset, date, timeline).encode())

    rows.append(
        row(
            group,
            "GeoJSON of the state at a date",
            repeat(geojson, repeats),
            "ms",
            scale=1000,
            digits=0,
            note=f"{sizes['geojson'] / 1e3:,.0f} kB",
        )
    )
    rows.append(
        row(
            group,
            "CSV of the state at a date",
            repeat(lambda: export.state_csv(dataset, date, timeline), repeats),
            "ms",
            scale=1000,
            digits=0,
        )
    )

    def site(fresh: bool):
        if fresh:
            dataset.cache.clear()  # the map's payload is cached per dataset
        sizes["site"] = len(site_html(dataset, timeline, date=date).encode())

    first = repeat(lambda: site(True), repeats)
    rows.append(
        row(
            group,
            "the whole timeline as one HTML file (site_html: `export site`, the app's HTML "
            "download), first of a dataset",
            first,
            "s",
            digits=2,
            note=(
                f"{sizes['site'] / 1e6:.2f} MB; again for another date (payload cached): "
                f"{statistics.median(repeat(lambda: site(False), repeats)) * 1000:.0f} ms"
            ),
        )
    )
    frames = timeline.frame_dates
    end = frames[-1] if gif_weeks is None else frames[min(gif_weeks, len(frames)) - 1]
    counts: dict[str, int] = {}

    # Each video run is paired with a PNG export timed just before it, so that the ratio
    # compares two figures taken under the same load (this machine is shared and noisy).
    whole = gif_weeks is None
    for kind, buffer_type, aspect in (("gif", _Gif, "16:9"), ("mp4", _Mp4, "9:16")):

        def video(kind=kind, buffer_type=buffer_type, aspect=aspect):
            buffer = buffer_type()
            written = export.write_animation(
                dataset, buffer, frames[0], end, timeline=timeline, kind=kind, aspect=aspect
            )
            counts["frames"] = written
            counts["bytes"] = len(buffer.getvalue())

        what = (
            "animated GIF (16:9, 960×540)"
            if kind == "gif"
            else "MP4, H.264 yuv420p (9:16, 1080×1920)"
        )
        pngs, samples = [], []
        for _ in range(gif_repeats):
            pngs += repeat(png, 1, warmup=0)
            samples += repeat(video, 1, warmup=0)
        ratios = [v / p for v, p in zip(samples, pngs, strict=True)]
        rows.append(
            row(
                group,
                f"{what} of the whole period" if whole else what,
                samples,
                "s",
                digits=1,
                target="gif_s" if whole and kind == "gif" else None,
                note=f"{counts['frames']} weekly frames, {counts['bytes'] / 1e6:.1f} MB",
            )
        )
        rows.append(
            row(
                group,
                f"{what}{' of the whole period' if whole else ''}: its time as a multiple of "
                "one PNG export timed just before it",
                ratios,
                "×",
                digits=1,
                target="video_ratio" if whole else None,
                note="per run: "
                + ", ".join(f"{v:.1f} s / {p:.2f} s" for v, p in zip(samples, pngs, strict=True)),
            )
        )
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO, help="dataset (default: bundled)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--gif-repeat", type=int, default=3)
    parser.add_argument("--gif-weeks", type=int, default=None, help="fewer frames (smoke test)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    rows = measure(args.data, args.repeat, args.gif_repeat, args.gif_weeks)
    show(rows)
    write_json(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
