"""Run every benchmark and write docs/performance.md (`make bench` runs this).

    .venv/bin/python -m bench.run_all                 # full sizes, ~15 minutes on 2 cores
    .venv/bin/python -m bench.run_all --quick --out /tmp/perf.md   # tiny sizes, a smoke run

Each benchmark runs as its own process (exactly as it runs standalone) and hands back its
figures as JSON. The page gets the figures against the project's targets, the command
behind each one, the date, the machine, the library versions, and the analysis kept by hand
in bench/performance_notes.md (where the time goes, what was changed, what would help).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._common import REPO, machine

FULL = {
    "engine": ["-m", "bench.engine", "--repeat", "9", "--dates", "200"],
    "scale": ["-m", "bench.scale", "--areas", "10000", "--claims", "1000000", "--repeat", "3"],
    "exports": ["-m", "bench.exports", "--repeat", "5", "--gif-repeat", "3"],
    "browser": ["-m", "bench.browser", "--drags", "3", "--releases", "20", "--loads", "5"]
    + ["--steps", "30", "--play-seconds", "12"],
    "site": ["-m", "bench.site", "--loads", "5", "--synthetic-loads", "2", "--drags", "3"],
    "server": ["-m", "bench.profile_step", "--actions", "120"],  # 60 of each: a steady median
    "compare": ["-m", "bench.compare", "--drags", "3", "--drag-weeks", "20", "--clicks", "20"],
}
QUICK = {
    "engine": ["-m", "bench.engine", "--data", "tests/data/testville", "--repeat", "2"]
    + ["--dates", "5"],
    "scale": ["-m", "bench.scale", "--areas", "64", "--claims", "640", "--repeat", "1"]
    + ["--dates", "3", "--payload-areas", "30", "--dir", "{tmp}/synthetic"],
    "exports": ["-m", "bench.exports", "--data", "tests/data/testville", "--repeat", "1"]
    + ["--gif-repeat", "1", "--gif-weeks", "2"],
    "browser": ["-m", "bench.browser", "--drags", "1", "--drag-weeks", "5", "--releases", "1"]
    + ["--loads", "1", "--steps", "2", "--play-seconds", "2", "--gap", "0.1"],
    "site": ["-m", "bench.site", "--loads", "1", "--synthetic-loads", "1", "--drags", "1"]
    + ["--drag-weeks", "5", "--build-repeat", "1", "--synthetic-areas", "30"],
    "server": ["-m", "bench.profile_step", "--actions", "4", "--gap", "0.1"],
    "compare": ["-m", "bench.compare", "--drags", "1", "--drag-weeks", "3", "--clicks", "1"],
}
NOTES = REPO / "bench" / "performance_notes.md"
BUSY_LOAD = 0.5  # load average per core above which the machine counts as shared


def run(name: str, argv: list[str], tmp: Path) -> tuple[list[dict], float]:
    out = tmp / f"{name}.json"
    argv = [a.replace("{tmp}", str(tmp)) for a in argv]
    print(f"== {name}: {' '.join(['.venv/bin/python', *argv])}", flush=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, *argv, "--json", str(out)], cwd=REPO, check=True)
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    return rows, time.perf_counter() - started


def cell(value, digits: int) -> str:
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def verdict(met) -> str:
    return "" if met is None else ("**met**" if met else "**missed**")


def page(rows: list[dict], facts: dict, after: dict, durations: dict, quick: bool) -> str:
    cores = facts["cores"] or 1
    busy = max(facts["load_average"][0], after["load_average"][0]) / cores > BUSY_LOAD
    lines = [
        "# Performance",
        "",
        "Figures measured by `make bench` (which runs `.venv/bin/python -m bench.run_all`); "
        "each row names the command that produced it, and each script also runs on its own. "
        "Medians over repeated runs, with the spread (interquartile range and min–max, or "
        "p95); memory is peak RSS. These are benchmarks, not timed tests: "
        "tests/test_bench_smoke.py only keeps the scripts runnable, at tiny sizes.",
        "",
        f"- **Date:** {facts['date']}"
        + (" — **QUICK SMOKE RUN, tiny sizes: not the figures of record**" if quick else ""),
        f"- **Machine:** {facts['cores']} cores ({facts['cpu']}), {facts['ram_gib']} GiB RAM; "
        f"{facts['os']}",
        f"- **Software:** Python {facts['python']}; {facts['browser']} (headless, Debian's); "
        + ", ".join(f"{k} {v}" for k, v in facts["libraries"].items()),
        f"- **Load average** (1 min) at the start {facts['load_average'][0]}, at the end "
        f"{after['load_average'][0]}, on {cores} cores.",
        "- **Run time:** "
        + ", ".join(f"{name} {seconds / 60:.1f} min" for name, seconds in durations.items()),
        "",
    ]
    if busy:
        lines += [
            "> **The machine was busy at the start or the end of this run** (see the load "
            "average above: other work, or the previous benchmark's servers winding down), so "
            "the timings "
            "may be noisier and slower than on a quiet machine, the browser figures most of "
            "all.",
            "",
        ]
    lines += [
        "## Figures against the targets",
        "",
        "| group | what | median | spread (n) | target | | command |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        spread = f"{r['spread']} (n={r['n']})" if r["spread"] else "—"
        lines.append(
            f"| {r['group']} | {r['what']} | {cell(r['value'], r['digits'])} {r['unit']} | "
            f"{spread} | {r['target'] or '—'} | {verdict(r['met'])} | `{r['command']}` |"
        )
    lines += ["", "### Notes on the figures", ""]
    for r in rows:
        if r["note"]:
            lines.append(f"- *{r['group']}, {r['what']}*: {r['note']}")
    missed = [r for r in rows if r["met"] is False]
    lines += [
        "",
        "**Targets missed in this run:** "
        + ("; ".join(f"{r['what']} ({r['group']})" for r in missed) if missed else "none")
        + ".",
        "",
    ]
    if NOTES.exists():
        lines.append(NOTES.read_text(encoding="utf-8").strip())
        lines.append("")
    return "\n".join(lines)


def included(path: Path) -> list[dict]:
    """Figures measured apart (a script's --json), shown as they are but judged only in the
    run that made them: e.g. the design before, from a git worktree that is gone."""
    rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
    for r in rows:
        if r["met"] is not None:
            r["note"] = (
                f"{r['note']}; measured apart by the command shown, "
                f"{'meeting' if r['met'] else 'missing'} its target"
            ).lstrip("; ")
            r["met"] = None
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "performance.md")
    parser.add_argument("--only", nargs="*", choices=list(FULL), default=None)
    parser.add_argument(
        "--include",
        type=Path,
        nargs="*",
        default=[],
        help="also put the figures of these files (a script's --json) on the page, e.g. the "
        "server's time per action of the design before, measured in a git worktree",
    )
    parser.add_argument("--keep", type=Path, default=None, help="keep the figures in DIR")
    parser.add_argument(
        "--page-from",
        type=Path,
        default=None,
        help="measure nothing: write the page again from a run kept with --keep (after an "
        "edit of bench/performance_notes.md)",
    )
    args = parser.parse_args(argv)
    if args.page_from:
        kept = json.loads((args.page_from / "run.json").read_text(encoding="utf-8"))
    else:
        kept = measure_all(args)
    rows = kept["rows"] + [r for path in args.include for r in included(path)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = page(rows, kept["facts"], kept["after"], kept["durations"], kept["quick"])
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def measure_all(args) -> dict:
    plan = QUICK if args.quick else FULL
    names = args.only or list(plan)
    facts = machine()
    rows: list[dict] = []
    durations: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="aleppo-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            got, seconds = run(name, plan[name], folder)
            rows += got
            durations[name] = seconds
        kept = {"rows": rows, "facts": facts, "after": machine(), "durations": durations,
                "quick": args.quick}  # fmt: skip
        (folder / "run.json").write_text(json.dumps(kept, indent=1), encoding="utf-8")
    return kept


if __name__ == "__main__":
    sys.exit(main())
