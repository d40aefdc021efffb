"""Write a synthetic dataset in our format, as large as asked, that passes validation.

    .venv/bin/python -m bench.make_synthetic /tmp/aleppo-synth --areas 10000 --claims 1000000

The areas are Voronoi cells of a jittered grid around Aleppo (UTM zone 37N), their shared
edges bent by one smooth warp of the plane so that they keep many vertices (like hand-drawn
boundaries) and still tile without gaps or overlaps; `--shape grid` gives plain squares. Each
area gets claims on distinct days of 2012-07-01 – 2016-12-31 (so no two adopted claims for one
area and day disagree), about one in ten not adopted, each quoting a sentence of one of 20
source texts written to <out>/sources/, so the quote check runs too.

The output never goes into the repository: give a directory under /tmp (or anywhere else).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from aleppo_map.model import CLAIM_COLUMNS, SOURCE_COLUMNS

REPO = Path(__file__).resolve().parent.parent
CENTRE_LON_LAT = (37.16, 36.20)  # Aleppo
METRIC_CRS = "EPSG:32637"
PERIOD = ("2012-07-01", "2016-12-31")
CELL_M = 200.0  # mean spacing of the area centres
SOURCES = 20
SENTENCES = 200  # per source text
HOLDER_CYCLE = np.array(["government", "opposition", "kurdish", "contested"])
PRECISIONS = np.array(["day", "day", "day", "week", "month", "season", "year"])
CONFIDENCES = np.array(["high", "medium", "low"])


def _warp(xy: np.ndarray, amplitude: float = 0.08 * CELL_M, wavelength: float = 1.7 * CELL_M):
    """A smooth, invertible bend of the plane (amplitude x wave number < 1)."""
    k = 2 * np.pi / wavelength
    x, y = xy[:, 0], xy[:, 1]
    return np.column_stack(
        (x + amplitude * np.sin(k * y + 0.7), y + amplitude * np.sin(k * x + 1.3))
    )


def area_polygons(n: int, shape: str, seed: int) -> tuple[np.ndarray, tuple[float, float]]:
    """`n` non-overlapping polygons in EPSG:4326 that tile a rectangle near Aleppo."""
    rng = np.random.default_rng(seed)
    cols = int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    to_metric = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
    cx, cy = to_metric.transform(*CENTRE_LON_LAT)
    x0, y0 = cx - cols * CELL_M / 2, cy - rows * CELL_M / 2
    ix, iy = np.divmod(np.arange(n), rows)
    if shape == "grid":
        minx, miny = x0 + ix * CELL_M, y0 + iy * CELL_M
        cells = shapely.box(minx, miny, minx + CELL_M, miny + CELL_M)
    else:
        jitter = rng.uniform(-0.35, 0.35, size=(n, 2)) * CELL_M
        centres = np.column_stack((x0 + (ix + 0.5) * CELL_M, y0 + (iy + 0.5) * CELL_M)) + jitter
        frame = shapely.box(x0, y0, x0 + cols * CELL_M, y0 + rows * CELL_M)
        cells = shapely.get_parts(
            shapely.voronoi_polygons(shapely.multipoints(centres), extend_to=frame)
        )
        cells = shapely.intersection(cells, frame)
        # Back in the order of the centres: cell i contains centre i.
        tree = shapely.STRtree(cells)
        point_index, cell_index = tree.query(shapely.points(centres), predicate="within")
        order = np.empty(n, dtype=np.int64)
        order[point_index] = cell_index
        cells = cells[order]
        cells = shapely.segmentize(cells, CELL_M / 8)
        cells = shapely.transform(cells, _warp)
    to_geographic = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    cells = shapely.transform(
        cells, lambda xy: np.column_stack(to_geographic.transform(xy[:, 0], xy[:, 1]))
    )
    cells = shapely.set_precision(cells, 1e-7)
    bad = ~shapely.is_valid(cells)
    if bad.any():
        cells[bad] = shapely.make_valid(cells[bad])
    lon, lat = shapely.get_coordinates(shapely.centroid(shapely.union_all(cells)))[0]
    return cells, (lat, lon)


def write_areas(path: Path, ids: list[str], cells: np.ndarray) -> None:
    geometries = shapely.to_geojson(cells)
    parts = []
    for index, (area_id, geometry) in enumerate(zip(ids, geometries, strict=True)):
        properties = {
            "id": area_id,
            "name": f"Cell {index}",
            "name_ar": f"خلية {index}",
            "alt_names": [f"CELL {index}"],
            "kind": "neighbourhood",
            "boundary_note": "Synthetic benchmark cell; not a real place.",
        }
        head = json.dumps({"type": "Feature", "id": area_id, "properties": properties})
        parts.append(head[:-1] + ', "geometry": ' + geometry + "}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '{"type":"FeatureCollection","features":[\n' + ",\n".join(parts) + "\n]}\n",
        encoding="utf-8",
    )


def source_texts(out: Path) -> list[list[str]]:
    """20 source texts of 200 sentences each; the claims quote these sentences."""
    folder = out / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    texts = []
    for s in range(SOURCES):
        sentences = [
            f"Report {s}, item {j}: fighters of one side said they had taken the cells "
            f"north of marker {j * 7 + s}, a claim the other side denied."
            for j in range(SENTENCES)
        ]
        (folder / f"source_{s:02d}.txt").write_text(
            f"Synthetic source text {s}.\n\n" + "\n\n".join(sentences) + "\n", encoding="utf-8"
        )
        texts.append(sentences)
    return texts


def write_sources(path: Path) -> None:
    frame = pd.DataFrame(
        {
            "source_id": [f"src{s:02d}" for s in range(SOURCES)],
            "outlet": [f"Synthetic outlet {s}, for benchmarks" for s in range(SOURCES)],
            "author": "Benchmark",
            "title": [f"Synthetic report {s}" for s in range(SOURCES)],
            "published": "2017-01-01",
            "url": [f"https://example.org/source/{s}" for s in range(SOURCES)],
            "language": "en",
            "stance": "synthetic: none",
            "file": [f"source_{s:02d}.txt" for s in range(SOURCES)],
        }
    )
    frame[list(SOURCE_COLUMNS)].to_csv(path, index=False, lineterminator="\n")


def claims_frame(ids: list[str], claims: int, texts: list[list[str]], seed: int) -> pd.DataFrame:
    """`claims` claims spread over the areas, on distinct days per area."""
    rng = np.random.default_rng(seed + 1)
    start, end = (pd.Timestamp(d) for d in PERIOD)
    n_days = (end - start).days + 1
    areas = len(ids)
    per_area = np.full(areas, claims // areas)
    per_area[: claims % areas] += 1
    if per_area.max() > n_days:
        raise SystemExit(f"at most {n_days} claims per area fit in the period")
    area_index = np.repeat(np.arange(areas), per_area)
    # Distinct days per area: the first k of a random ranking of all days, sorted.
    day = np.empty(claims, dtype=np.int64)
    position = 0
    for k in per_area:
        chosen = rng.choice(n_days, size=k, replace=False) if k else np.empty(0, np.int64)
        chosen.sort()
        day[position : position + k] = chosen
        position += k
    # The first claim of every area is on the period's first day: the initial state.
    first_of_area = np.r_[0, np.cumsum(per_area)[:-1]][per_area > 0]
    day[first_of_area] = 0
    holders = HOLDER_CYCLE[(area_index + np.arange(claims)) % len(HOLDER_CYCLE)]
    adopted = rng.random(claims) >= 0.1
    adopted[first_of_area] = True
    source = rng.integers(0, SOURCES, claims)
    sentence = rng.integers(0, SENTENCES, claims)
    quotes_table = np.array([q for text in texts for q in text], dtype=object)
    dates = start + pd.to_timedelta(day, unit="D")
    unique_days = np.unique(day)
    as_written = pd.Series(
        (start + pd.to_timedelta(unique_days, unit="D")).strftime("on %d %B %Y"),
        index=unique_days,
    )
    ids_array = np.array(ids, dtype=object)
    return pd.DataFrame(
        {
            "claim_id": np.char.add("c", np.char.zfill(np.arange(claims).astype(str), 7)),
            "area_id": ids_array[area_index],
            "date": dates.strftime("%Y-%m-%d"),
            "date_precision": PRECISIONS[rng.integers(0, len(PRECISIONS), claims)],
            "date_as_written": as_written.reindex(day).to_numpy(),
            "holder": holders,
            "source_id": np.char.add("src", np.char.zfill(source.astype(str), 2)),
            "quote": quotes_table[source * SENTENCES + sentence],
            "confidence": CONFIDENCES[rng.integers(0, len(CONFIDENCES), claims)],
            "evidence": "inferred",  # the synthetic sentences name no area
            "adopted": np.where(adopted, "true", "false"),
            "note": np.where(adopted, "Synthetic claim.", "Synthetic claim, not followed."),
        }
    )[list(CLAIM_COLUMNS)]


def make_dataset(
    out: str | Path, areas: int = 10_000, claims: int = 1_000_000, shape="voronoi", seed=1
) -> Path:
    """Write the dataset to `out` (created or overwritten) and return its path."""
    out = Path(out).resolve()
    if out == REPO or REPO in out.parents:
        raise SystemExit(f"{out} is inside the repository: write synthetic data elsewhere")
    out.mkdir(parents=True, exist_ok=True)
    ids = [f"a{i:05d}" for i in range(areas)]
    cells, (lat, lon) = area_polygons(areas, shape, seed)
    write_areas(out / "geodata" / "areas.geojson", ids, cells)
    texts = source_texts(out)
    write_sources(out / "sources.csv")
    frame = claims_frame(ids, claims, texts, seed)
    frame.to_csv(out / "control_changes.csv", index=False, lineterminator="\n")
    meta = {
        "name": "synthetic-benchmark",
        "title": f"Synthetic benchmark city ({areas} areas, {claims} claims)",
        "version": "synthetic",
        "period": {"start": PERIOD[0], "end": PERIOD[1]},
        "metric_crs": METRIC_CRS,
        "city": {"name": "Synthetic", "center": [round(lat, 5), round(lon, 5)], "zoom": 12},
    }
    (out / "datapackage.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="dataset directory to write (not in the repo)")
    parser.add_argument("--areas", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--shape", choices=("voronoi", "grid"), default="voronoi")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    out = make_dataset(args.out, args.areas, args.claims, args.shape, args.seed)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(
        f"wrote {out}: {args.areas} areas, {args.claims} claims, {size / 1e6:.1f} MB "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
