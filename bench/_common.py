"""Shared by the benchmark scripts: repeated timing, summaries, peak memory, machine facts.

Each script measures, prints its figures and (with --json FILE) writes them as a list of rows;
`python -m bench.run_all` gathers the rows into docs/performance.md. A row is one figure:

    {"group", "what", "value", "unit", "spread", "n", "target", "met", "command", "note"}
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The project's targets (docs/performance.md, "Figures against the targets"), by key:
# (text, test on the measured value).
TARGETS: dict[str, tuple[str, Callable[[float], bool]]] = {
    "open_s": ("≤ 2 s", lambda v: v <= 2.0),
    "scrub_ms": ("≤ 16 ms median (a week per frame)", lambda v: v <= 16.0),
    "reruns_per_drag": ("≤ 1, after release", lambda v: v <= 1),
    "release_ms": ("≤ 300 ms median", lambda v: v <= 300.0),
    "play_wps": ("≥ 10 weeks/s", lambda v: v >= 10.0),
    "remounts": ("0 (the map frame never remounts)", lambda v: v == 0),
    "server_action_ms": ("≤ 25 ms median", lambda v: v <= 25.0),
    "site_mb": ("≤ 2 MB", lambda v: v <= 2.0),
    "site_open_s": ("≤ 1 s", lambda v: v <= 1.0),
    "state_bundled_ms": ("≤ 5 ms", lambda v: v <= 5.0),
    "frames_bundled_ms": ("≤ 200 ms", lambda v: v <= 200.0),
    "state_scale_ms": ("≤ 100 ms", lambda v: v <= 100.0),
    "load_scale_s": ("≤ 15 s", lambda v: v <= 15.0),
    "load_scale_mb": ("≤ 2 GB (2048 MB)", lambda v: v <= 2048.0),
    "png_s": ("≤ 1.5 s", lambda v: v <= 1.5),
    "gif_s": ("≤ 60 s", lambda v: v <= 60.0),
    "video_ratio": ("≤ 8×", lambda v: v <= 8.0),
    "compare_ms": ("≤ 16 ms to restyle, in the browser", lambda v: v <= 16.0),
}


def command_line() -> str:
    """How this benchmark was run, as one would type it from the repository root
    (`python -m bench.<name>`; a script elsewhere keeps its path)."""
    script = Path(sys.argv[0]).resolve()
    run = [str(script)]
    with contextlib.suppress(ValueError):
        module = script.relative_to(REPO).with_suffix("")
        run = ["-m", ".".join(module.parts)]
    args = list(sys.argv[1:])
    if "--json" in args:  # where run_all collects the figures: not part of the benchmark
        at = args.index("--json")
        del args[at : at + 2]
    return " ".join([".venv/bin/python", *run, *args])


def summary(samples: list[float]) -> dict:
    """Median, quartiles, p95, min and max of some samples."""
    ordered = sorted(samples)
    n = len(ordered)
    if n == 0:
        return {"n": 0}
    if n == 1:
        q1 = q3 = p95 = ordered[0]
    else:
        quartiles = statistics.quantiles(ordered, n=4, method="inclusive")
        q1, q3 = quartiles[0], quartiles[2]
        p95 = statistics.quantiles(ordered, n=100, method="inclusive")[94]
    return {
        "n": n,
        "median": statistics.median(ordered),
        "q1": q1,
        "q3": q3,
        "p95": p95,
        "min": ordered[0],
        "max": ordered[-1],
    }


def spread_text(stats: dict, scale: float = 1.0, digits: int = 1) -> str:
    if stats.get("n", 0) <= 1:
        return "single run"

    def f(key: str) -> str:
        return f"{stats[key] * scale:.{digits}f}"

    return f"IQR {f('q1')}–{f('q3')}, min–max {f('min')}–{f('max')}"


def repeat(fn: Callable[[], object], times: int, warmup: int = 1) -> list[float]:
    """Wall-clock seconds of `fn()` over `times` runs, after `warmup` unmeasured runs."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def row(
    group: str,
    what: str,
    samples_or_value,
    unit: str,
    *,
    scale: float = 1.0,
    digits: int = 1,
    target: str | None = None,
    note: str = "",
    command: str | None = None,
    p95: bool = False,
) -> dict:
    """One figure: the median of samples (times `scale`) or a single value, with its spread."""
    if isinstance(samples_or_value, list):
        stats = summary(samples_or_value)
        value = stats["median"] * scale
        spread = spread_text(stats, scale, digits)
        if p95 and stats["n"] > 1:
            spread = f"p95 {stats['p95'] * scale:.{digits}f}; " + spread
        n = stats["n"]
    else:
        value, spread, n = samples_or_value, "", 1
    text, test = TARGETS.get(target, ("", None)) if target else ("", None)
    return {
        "group": group,
        "what": what,
        "value": round(float(value), 4) if isinstance(value, float) else value,
        "digits": digits,
        "unit": unit,
        "spread": spread,
        "n": n,
        "target": text,
        "met": (bool(test(value)) if test is not None else None),
        "command": command or command_line(),
        "note": note,
    }


def show(rows: list[dict]) -> None:
    """Print the figures, one per line."""
    for r in rows:
        value = r["value"]
        shown = f"{value:.{r['digits']}f}" if isinstance(value, float) else str(value)
        verdict = "" if r["met"] is None else ("  [target met]" if r["met"] else "  [MISSED]")
        target = f"  target {r['target']}" if r["target"] else ""
        spread = f"  ({r['spread']}, n={r['n']})" if r["spread"] else ""
        print(f"{r['group']}: {r['what']}: {shown} {r['unit']}{spread}{target}{verdict}")
        if r["note"]:
            print(f"    note: {r['note']}")
    sys.stdout.flush()


def write_json(rows: list[dict], path: Path | None, extra: dict | None = None) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"rows": rows, **(extra or {})}, indent=1), encoding="utf-8")


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(args: list[str], timeout: float = 1800) -> dict:
    """Run `python <args>` in a fresh process; it prints one JSON object as its last line."""
    result = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


LIBRARIES = (
    "pandas",
    "numpy",
    "pyarrow",
    "geopandas",
    "shapely",
    "pyogrio",
    "pyproj",
    "folium",
    "streamlit",
    "streamlit-folium",
    "matplotlib",
    "pillow",
    "playwright",
)


def machine() -> dict:
    """Cores, RAM, CPU model, OS, Python, library versions, the browser and the date."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    try:
        browser = subprocess.run(
            [chromium, "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        browser = "not found"
    try:
        load = os.getloadavg()
    except OSError:
        load = (float("nan"),) * 3
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cores": os.cpu_count(),
        "ram_gib": round(ram_gib, 1),
        "cpu": cpu,
        "os": platform.platform(),
        "python": platform.python_version(),
        "browser": browser,
        "load_average": [round(x, 2) for x in load],
        "libraries": {name: _version(name) for name in LIBRARIES},
    }
