"""Engine benchmark on the bundled data: load and validate, state at a date, all weekly frames,
km² per holder for every week, and the map's payload (everything the browser needs to step
through time on its own, built once per dataset).

    .venv/bin/python -m bench.engine [--data DIR] [--repeat 9] [--dates 200]
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

from bench._common import REPO, repeat, row, run_child, show, write_json


def child_load(data: str) -> None:
    """In a fresh process: one load and validate, and the process's peak memory."""
    import json
    import time

    from bench._common import peak_rss_mb

    before = peak_rss_mb()
    from aleppo_map.load import load_dataset

    imported = peak_rss_mb()
    started = time.perf_counter()
    load_dataset(data)
    seconds = time.perf_counter() - started
    figures = {"seconds": seconds, "rss_mb": peak_rss_mb(), "start": before, "imports": imported}
    print(json.dumps(figures))


def measure(data: Path, repeats: int, n_dates: int) -> list[dict]:
    import numpy as np

    from aleppo_map.boundary_checks import boundary_problems
    from aleppo_map.load import load_dataset
    from aleppo_map.payload import map_payload
    from aleppo_map.safetext import safe_json
    from aleppo_map.timeline import Timeline

    bundled = data.resolve() == REPO.resolve()
    group = "Engine (bundled data)" if bundled else f"Engine ({data})"
    rows = []
    loads = repeat(lambda: load_dataset(data), repeats)
    dataset = load_dataset(data)
    rows.append(
        row(
            group,
            "load and validate "
            f"({len(dataset.areas)} areas, {len(dataset.claims)} claims"
            + (", quotes checked)" if dataset.quotes_checked else ")"),
            loads,
            "ms",
            scale=1000,
            digits=0,
        )
    )
    fresh = [run_child(["-m", "bench.engine", "--child-load", str(data)]) for _ in range(3)]
    rows.append(
        row(
            group,
            "peak memory of a process that loads and validates (RSS)",
            [f["rss_mb"] for f in fresh],
            "MB",
            digits=0,
            note=f"after the imports alone: {np.median([f['imports'] for f in fresh]):.0f} MB",
        )
    )

    checks = repeat(lambda: boundary_problems(data, dataset.areas), repeats)
    rows.append(
        row(
            group,
            "the boundary checks every app start runs (sources, gaps, positions, rebuild)",
            checks,
            "ms",
            scale=1000,
            digits=0,
        )
    )

    index = repeat(lambda: Timeline(dataset).state_at(dataset.period[0]), repeats)
    rows.append(
        row(
            group,
            "timeline index, built once per dataset (first state_at)",
            index,
            "ms",
            scale=1000,
            digits=1,
        )
    )
    timeline = Timeline(dataset)
    timeline.state_at(dataset.period[0])
    rng = np.random.default_rng(0)
    frames = timeline.frame_dates
    dates = [frames[i] for i in rng.integers(0, len(frames), n_dates)]
    per_call = []
    for date in dates:
        per_call += repeat(lambda date=date: timeline.state_at(date), 1, warmup=0)
    rows.append(
        row(
            group,
            f"state at a date (one call, {n_dates} random weeks)",
            per_call,
            "ms",
            scale=1000,
            digits=2,
            target="state_bundled_ms" if bundled else None,
        )
    )
    holders = []
    for date in dates:
        holders += repeat(lambda date=date: timeline.holders_at(date), 1, warmup=0)
    rows.append(
        row(
            group,
            "holders only at a date (holders_at, what the frames use)",
            holders,
            "ms",
            scale=1000,
            digits=3,
        )
    )
    weekly = repeat(timeline.weekly_frames, repeats)
    rows.append(
        row(
            group,
            f"all weekly frames ({len(frames)} weeks x {len(dataset.areas)} areas)",
            weekly,
            "ms",
            scale=1000,
            digits=1,
            target="frames_bundled_ms" if bundled else None,
        )
    )
    km2 = repeat(timeline.area_by_holder_weekly, repeats)
    rows.append(
        row(
            group,
            "km² per holder for every week",
            km2,
            "ms",
            scale=1000,
            digits=1,
        )
    )

    def payload():
        dataset.cache.clear()  # map_payload and the outlines are cached per dataset
        return map_payload(dataset, timeline)

    built = repeat(payload, repeats)
    text = safe_json(payload()).encode()
    weeks = safe_json(map_payload(dataset, timeline)["weeks"]).encode()
    rows.append(
        row(
            group,
            "the map's payload for the app (map_payload: outlines, every week's holders and "
            "evidence, routes, styles), built once per dataset",
            built,
            "ms",
            scale=1000,
            digits=0,
            note=(
                f"{len(text) / 1e3:,.0f} kB of JSON (gzip {len(gzip.compress(text)) / 1e3:,.0f} "
                f"kB), of which the weekly frames {len(weeks) / 1e3:,.0f} kB; the map frame "
                "fetches it once, as a content-hashed file beside the map's scripts"
            ),
        )
    )
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO, help="dataset (default: bundled)")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--dates", type=int, default=200)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--child-load", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_load:
        child_load(args.child_load)
        return 0
    rows = measure(args.data, args.repeat, args.dates)
    show(rows)
    write_json(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
