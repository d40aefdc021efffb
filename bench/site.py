"""Published-file benchmark: the whole interactive timeline in one HTML file
(`aleppo-map export site --out DIR`, i.e. `publish.site_html`), opened from file:// in headless
Chromium (Debian's), for the bundled data and a synthetic 2,000-area dataset.

    .venv/bin/python -m bench.site [--loads 5] [--drags 3] [--synthetic-areas 2000]

Per dataset: the file's size and its gzip size; the time to build it (a fresh dataset
cache); from navigation to the map's first restyled frame on screen (a fresh browser context
each time), and to the page being idle (the map fits the city and places its labels after
its first paint); and the scrub, with the real mouse on its Week slider: per `input` event,
the time to the restyled frame on screen (bench/_inmap.py). The synthetic dataset is made
by bench/make_synthetic.py under /tmp (bench/scale.py's, reused when there).
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench._common import REPO, repeat, row, show, write_json
from bench._inmap import (
    PAINT_HOOK,
    drag,
    first_paint,
    input_to_paint,
    wait_until_quiet,
)
from tests.browser.harness import chromium, file_page

SLOW_MS = 600_000  # a large synthetic file may take minutes to settle: bounded all the same


def build(data: Path, out: Path, repeats: int) -> dict:
    """Write index.html for `data` into `out`; time site_html with an empty dataset cache."""
    from aleppo_map.load import load_dataset
    from aleppo_map.publish import site_html
    from aleppo_map.timeline import Timeline

    dataset = load_dataset(data)
    timeline = Timeline(dataset)
    timeline.weekly_frames()

    def fresh() -> str:
        dataset.cache.clear()
        return site_html(dataset, timeline)

    seconds = repeat(fresh, repeats, warmup=0)
    text = fresh().encode("utf-8")
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_bytes(text)
    return {
        "path": out / "index.html",
        "bytes": len(text),
        "gzip": len(gzip.compress(text, 9)),
        "build_s": seconds,
        "areas": len(dataset.areas),
        "claims": len(dataset.claims),
        "weeks": len(timeline.frame_dates),
    }


def open_file(browser, path: Path, timeout: float):
    """ms from navigation to the first restyled frame on screen, and to an idle page."""
    page = file_page(browser)
    page.set_default_timeout(timeout)
    page.context.add_init_script(PAINT_HOOK)
    page.goto(path.as_uri(), wait_until="commit")
    painted = first_paint(page, timeout=timeout)
    wait_until_quiet(page, timeout=timeout)
    quiet = page.evaluate("() => performance.now()")
    return painted, quiet, page


def scrub(page, drags: int, weeks: int, count: int, move_timeout: float) -> tuple[list, list, int]:
    paints, missed = [], 0
    for _ in range(drags):
        start = page.evaluate("() => window.timeMap.state().index")
        stop = start + weeks if start + weeks < count else start - weeks
        result = drag(page, page, start, stop, move_timeout=move_timeout)
        paints += result["paints"]
        missed += result["missed"]
        wait_until_quiet(page, timeout=SLOW_MS)
    full, js = input_to_paint(paints)
    return full, js, missed


def measure(args) -> list[dict]:
    from bench.scale import dataset_dir

    synthetic, how = dataset_dir(args.synthetic_areas, args.synthetic_areas * 10, None, False)
    plan = [("Aleppo, bundled data", REPO, args.loads, True, "")]
    plan.append(
        (f"synthetic, {args.synthetic_areas:,} areas", synthetic, args.synthetic_loads, False,
         f"dataset {synthetic} ({how})")
    )  # fmt: skip
    rows: list[dict] = []
    tmp = Path(tempfile.mkdtemp(prefix="aleppo-site-bench-"))
    with chromium() as browser:
        for label, data, loads, targets, where in plan:
            group = f"Published file ({label})"
            built = build(data, tmp / Path(data).name, args.build_repeat)
            timeout = 30_000 if targets else SLOW_MS
            opened, quiet, page = [], [], None
            for _ in range(loads):
                if page is not None:
                    page.context.close()
                painted, idle, page = open_file(browser, built["path"], timeout)
                opened.append(painted / 1000)
                quiet.append(idle / 1000)
            full, js, missed = scrub(
                page, args.drags, args.drag_weeks, built["weeks"], 2_000 if targets else 60_000
            )
            errors = page.js_errors
            page.context.close()
            rows.append(
                row(
                    group,
                    "size of the one HTML file",
                    built["bytes"] / 1e6,
                    "MB",
                    digits=2,
                    target="site_mb" if targets else None,
                    note=(
                        f"gzip -9: {built['gzip'] / 1e3:,.0f} kB; {built['areas']:,} areas, "
                        f"{built['claims']:,} claims, {built['weeks']} weeks; built by "
                        f"site_html in {statistics.median(built['build_s']):.2f} s (median of "
                        f"{len(built['build_s'])}, fresh dataset cache)"
                        + (f"; {where}" if where else "")
                    ),
                )
            )
            rows.append(
                row(
                    group,
                    "open from file:// until the map shows its colours",
                    opened,
                    "s",
                    digits=2,
                    target="site_open_s" if targets else None,
                    note="a fresh browser context each time; until the page is idle (the "
                    f"city fitted, the labels placed): median {statistics.median(quiet):.2f} s",
                )
            )
            rows.append(
                row(
                    group,
                    "scrub: Week slider `input` event to the restyled frame on screen",
                    full,
                    "ms",
                    digits=1,
                    target="scrub_ms" if targets else None,
                    p95=True,
                    note=(
                        f"{len(full)} input events in {args.drags} drags of {args.drag_weeks} "
                        f"weeks with the mouse ({missed} moves gave no input); the restyle "
                        f"itself (input to the end of the JS paint, the evidence panel "
                        f"included): median {statistics.median(js):.2f} ms"
                        + (f"; JavaScript errors: {errors[:3]}" if errors else "")
                    ),
                )
            )
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5, help="opens of Aleppo's file")
    parser.add_argument("--synthetic-loads", type=int, default=2)
    parser.add_argument("--drags", type=int, default=3)
    parser.add_argument("--drag-weeks", type=int, default=50)
    parser.add_argument("--build-repeat", type=int, default=3)
    parser.add_argument("--synthetic-areas", type=int, default=2_000)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = measure(args)
    show(rows)
    print(f"({time.perf_counter() - started:.0f} s)")
    write_json(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
