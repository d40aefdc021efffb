"""Scale benchmark: a synthetic dataset of 10,000 areas and 1,000,000 claims (made by
bench/make_synthetic.py under /tmp), and the map's payload for the bundled data and 2,000 areas.

    .venv/bin/python -m bench.scale [--areas 10000] [--claims 1000000] [--repeat 3]

Each load runs in a fresh process, so its peak RSS is the memory that loading and validating
needs (imports included). State at a date is timed in the same processes, after the timeline
index is built once.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

from bench._common import REPO, row, run_child, show, write_json


def dataset_dir(areas: int, claims: int, folder: Path | None, regenerate: bool) -> tuple[Path, str]:
    """The synthetic dataset, generated unless it is already there."""
    from bench.make_synthetic import make_dataset

    folder = folder or Path("/tmp") / f"aleppo-synth-{areas}x{claims}"
    marker = folder / "datapackage.json"
    if marker.exists() and not regenerate:
        meta = json.loads(marker.read_text(encoding="utf-8"))
        if meta.get("title", "").endswith(f"({areas} areas, {claims} claims)"):
            return folder, "reused"
    started = time.perf_counter()
    make_dataset(folder, areas, claims)
    return folder, f"generated in {time.perf_counter() - started:.1f} s"


def child(data: str, n_dates: int) -> None:
    """In a fresh process: load and validate, then the timeline index and states at dates."""
    import numpy as np

    from bench._common import peak_rss_mb

    start_mb = peak_rss_mb()
    from aleppo_map.load import load_dataset
    from aleppo_map.timeline import Timeline

    imports_mb = peak_rss_mb()
    started = time.perf_counter()
    dataset = load_dataset(data)
    load_s = time.perf_counter() - started
    load_mb = peak_rss_mb()
    timeline = Timeline(dataset)
    started = time.perf_counter()
    timeline.state_at(dataset.period[0])
    index_s = time.perf_counter() - started
    frames = timeline.frame_dates
    rng = np.random.default_rng(0)
    states = []
    for i in rng.integers(0, len(frames), n_dates):
        started = time.perf_counter()
        timeline.state_at(frames[i])
        states.append(time.perf_counter() - started)
    print(
        json.dumps(
            {
                "load_s": load_s,
                "load_peak_mb": load_mb,
                "start_mb": start_mb,
                "imports_mb": imports_mb,
                "index_s": index_s,
                "states_s": states,
                "peak_mb": peak_rss_mb(),
                "areas": len(dataset.areas),
                "claims": len(dataset.claims),
                "quotes_checked": dataset.quotes_checked,
            }
        )
    )


def payload(data: Path) -> dict:
    """Bytes of the map's geometry as sent to the browser, before and after simplification."""
    import shapely

    from aleppo_map.load import load_dataset
    from aleppo_map.payload import area_geojson, map_payload
    from aleppo_map.safetext import safe_json
    from aleppo_map.timeline import Timeline

    dataset = load_dataset(data)
    raw = safe_json(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": i,
                    "properties": {"id": i},
                    "geometry": json.loads(shapely.to_geojson(g)),
                }
                for i, g in zip(dataset.areas.index, dataset.areas.geometry, strict=True)
            ],
        }
    )
    started = time.perf_counter()
    simplified = area_geojson(dataset)
    build_s = time.perf_counter() - started
    timeline = Timeline(dataset)
    timeline.weekly_frames()
    started = time.perf_counter()
    script = safe_json(map_payload(dataset, timeline))
    render_s = time.perf_counter() - started
    return {
        "areas": len(dataset.areas),
        "raw": len(raw.encode()),
        "simplified": len(simplified.encode()),
        "simplified_gzip": len(gzip.compress(simplified.encode())),
        "page": len(script.encode()),
        "page_gzip": len(gzip.compress(script.encode())),
        "build_s": build_s,
        "render_s": render_s,
    }


def payload_rows(p: dict, label: str, command: str) -> list[dict]:
    group = "Scale: map payload"
    note = (
        f"{p['raw'] / 1e3:,.0f} kB before simplification (8 m tolerance); gzip "
        f"{p['simplified_gzip'] / 1e3:,.0f} kB; the map's whole payload (map_payload: outlines "
        f"and every week's holders) {p['page'] / 1e3:,.0f} kB (gzip "
        f"{p['page_gzip'] / 1e3:,.0f} kB), built in {p['build_s'] + p['render_s']:.2f} s, once "
        "per dataset"
    )
    return [
        row(
            group,
            f"area geometry sent to the browser, {label} ({p['areas']} areas)",
            p["simplified"] / 1e3,
            "kB",
            digits=0,
            note=note,
            command=command,
        )
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes that load")
    parser.add_argument("--dates", type=int, default=50, help="states timed per process")
    parser.add_argument("--payload-areas", type=int, default=2_000)
    parser.add_argument("--dir", type=Path, default=None, help="where the dataset is written")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.dates)
        return 0
    from bench._common import command_line

    command = command_line()
    folder, how = dataset_dir(args.areas, args.claims, args.dir, args.regenerate)
    runs = [
        run_child(["-m", "bench.scale", "--child", str(folder), "--dates", str(args.dates)])
        for _ in range(args.repeat)
    ]
    first = runs[0]
    group = f"Scale: {first['areas']:,} areas x {first['claims']:,} claims"
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    rows = [
        row(
            group,
            "load and validate (fresh process)",
            [r["load_s"] for r in runs],
            "s",
            digits=2,
            target="load_scale_s",
            note=f"dataset {size / 1e6:,.0f} MB on disk in {folder} ({how})"
            + ("; quotes checked against 20 source texts" if first["quotes_checked"] else ""),
        ),
        row(
            group,
            "peak memory (RSS) of load and validate",
            [r["load_peak_mb"] for r in runs],
            "MB",
            digits=0,
            target="load_scale_mb",
            note=f"after the imports alone: {first['imports_mb']:.0f} MB",
        ),
        row(
            group,
            "timeline index, built once per dataset (first state_at)",
            [r["index_s"] for r in runs],
            "ms",
            scale=1000,
            digits=0,
            note=f"peak RSS with the index and {args.dates} states: "
            f"{max(r['peak_mb'] for r in runs):.0f} MB",
        ),
        row(
            group,
            f"state at a date (one call; {args.dates} random weeks x {args.repeat} processes)",
            [s for r in runs for s in r["states_s"]],
            "ms",
            scale=1000,
            digits=1,
            target="state_scale_ms",
        ),
    ]
    for r in rows:
        r["command"] = command
    bundled = payload(REPO)
    rows += payload_rows(bundled, "bundled data", command)
    folder_2k, _ = dataset_dir(args.payload_areas, args.payload_areas * 10, None, False)
    rows += payload_rows(payload(folder_2k), "synthetic", command)
    show(rows)
    write_json(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
