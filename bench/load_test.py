"""Many users at once: N concurrent sessions against the app, on 127.0.0.1 only.

Each session is a protocol client (bench/client.py: the browser's own protobuf messages over
Streamlit's websocket) that opens the app at a date. Two profiles:

- `clickers` (the default): for DURATION seconds each session steps through the weeks (as
  the map's time bar reports a step) and clicks areas (the map component's value, as a click
  on a polygon sends it), pausing --think seconds between actions and waiting for each run to
  finish: users who click as fast as the app answers.
- `readers`: readers arrive over --ramp seconds; each one releases the week slider at a new
  week about every 5 s (--release-every, uniform) and clicks an area about every 10 s
  (--click-every). Both reach the app as the map component's value, as the map reports
  them: `{"date": "YYYY-MM-DD", "area": AREA or null, "route": null, "seq": n}`.

Where the server is (bench/launcher.py): by default this script starts one `streamlit run`
itself; `--processes N` starts N of them behind HAProxy with deploy/serve.py (so 1 against 2
processes is one command each); `--url URL` uses a server or balancer that is already
running (its Streamlit processes are found from the listening port, or given by --pids).

Reported: per action type (open, step, click, release, download) the count, p50, p95, max
and errors; throughput (actions per second); the sessions per backend process (by the SRV
cookie); the resident memory (RSS, /proc) of the Streamlit processes, summed and per process:
idle, after the first session on each (data loaded and cached), peak under load, end (every
session still open), after the sessions closed; memory per session = (peak - after first) /
sessions opened. Errors: exceptions or error boxes shown by the app, a run that does not finish
within 60 s, a refused or broken connection, a traceback in a server log, a step or release
that did not move the view, a click that did not select its area, a reader who got only the
balancer's busy page (503) until the end. A busy page itself is counted apart: the reader
waits 3-7 s, as that page does, and tries again.

Bounded: a hard overall time limit (DURATION + RAMP + 150 s by default; SIGALRM as a last
resort), only 127.0.0.1, and the servers it started are always stopped.

    .venv/bin/python -m bench.load_test              # 20 sessions x 60 s, bundled data
    .venv/bin/python -m bench.load_test --sessions 3 --duration 5 --data tests/data/testville
    .venv/bin/python -m bench.load_test --profile readers --sessions 100 --processes 2
    .venv/bin/python -m bench.load_test --profile readers --url http://127.0.0.1:8501/
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import random
import re
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from aleppo_map.config import default_data_dir
from aleppo_map.load import load_dataset
from aleppo_map.timeline import Timeline
from bench.client import HOST, RUN_TIMEOUT, Busy, Session, Stats
from bench.launcher import balanced, one_streamlit, rss_all, streamlit_pids_behind

ACTIONS = ("open", "step", "click", "release", "download")

# ------------------------------------------------------------------------ the profiles


async def clicker(base, query, facts, deadline, args, stats, name, start_at):
    """One user who steps and clicks as fast as the app answers (--think pauses)."""
    rng = random.Random(name)
    first, last = facts["first"], facts["last"]
    session = Session(base, query, stats, name, changes=facts["changes"])
    action = "open"
    try:
        await asyncio.sleep(max(0.0, start_at - time.monotonic()))
        await open_or_wait(session, deadline, rng)
        while time.monotonic() < deadline:
            await asyncio.sleep(rng.uniform(*args.think))
            if rng.random() < 0.3 and session.map is not None:
                action = "click"
                await session.click(rng.choice(facts["areas"]))
                continue
            action = "step"
            shown = datetime.date.fromisoformat(session.shown()["date"])
            if (shown - first).days < 21:
                forward = True
            elif (last - shown).days < 21:
                forward = False
            else:
                forward = rng.random() < 0.5
            if rng.random() < 0.15:
                await session.step("Next change »" if forward else "« Previous change")
            else:
                await session.step("1 week ▶" if forward else "◀ 1 week")
    except Exception as exc:
        record_failure(stats, action, name, exc)
    return session


async def reader(base, query, facts, deadline, args, stats, name, start_at):
    """One reader: releases the week slider about every 5 s, clicks an area about every
    10 s, each on its own jittered clock; actions wait for the previous one to finish."""
    rng = random.Random(name)
    session = Session(base, query, stats, name)
    action = "open"
    try:
        await asyncio.sleep(max(0.0, start_at - time.monotonic()))
        await open_or_wait(session, deadline, rng)
        now = time.monotonic()
        next_release = now + rng.uniform(*args.release_every)
        next_click = now + rng.uniform(*args.click_every)
        while True:
            due = min(next_release, next_click)
            if due >= deadline:
                break
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            if next_release <= next_click:
                action = "release"
                shown = session.shown().get("date")
                week = rng.choice([d for d in facts["frames"] if d != shown])
                await session.release(week)
                next_release = time.monotonic() + rng.uniform(*args.release_every)
            else:
                action = "click"
                area = rng.choice([a for a in facts["areas"] if a != session.shown().get("area")])
                await session.click(area, with_date=True)
                next_click = time.monotonic() + rng.uniform(*args.click_every)
    except Exception as exc:
        record_failure(stats, action, name, exc)
    return session


async def open_or_wait(session: Session, deadline: float, rng: random.Random) -> None:
    """Open the app; on the busy page, wait 3-7 s as that page does and try again."""
    while True:
        try:
            await session.open()
            return
        except Busy:
            session.stats.busy += 1
            if time.monotonic() + 7 > deadline:
                raise
            await asyncio.sleep(rng.uniform(3.0, 7.0))


def record_failure(stats: Stats, action: str, name: str, exc: Exception) -> None:
    if isinstance(exc, Busy):
        stats.turned_away += 1
        stats.error(action, f"{exc}, until the end of the run")
    elif isinstance(exc, TimeoutError):
        stats.error(action, f"{name}: a run did not finish within {RUN_TIMEOUT:.0f} s")
    elif isinstance(exc, OSError):
        stats.error(action, f"{name}: connection failed: {exc}")
    else:  # a protocol surprise is an error of the run, not a crash
        stats.error(action, f"{name}: {type(exc).__name__}: {exc}")


# ------------------------------------------------------------------------------ the run


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def dataset_facts(data: Path | None) -> dict:
    """Area ids, the weekly frames, the first and last one and a mid-period opening date."""
    dataset = load_dataset(data or default_data_dir())
    timeline = Timeline(dataset)
    frames = timeline.frame_dates
    changes = sorted({f"{timeline.frame_date_for(d):%Y-%m-%d}" for d in timeline.change_dates()})
    return {
        "areas": list(dataset.areas.index),
        "frames": [f"{d:%Y-%m-%d}" for d in frames],
        "changes": changes,
        "first": frames[0].date(),
        "last": frames[-1].date(),
        "opening": f"{frames[len(frames) // 2]:%Y-%m-%d}",
    }


async def load(args, server: dict, facts: dict) -> dict:
    stats = Stats()
    pids = server["pids"]
    base = server["url"]
    memory = {"idle": rss_all(pids)}
    query = urlencode({"date": facts["opening"]})
    # Warm-up: one session on each process (the SRV cookie picks it), so that each has
    # loaded its data before the measured sessions start.
    names = server["names"] or [""] * max(1, len(pids))
    warm = [
        Session(base, query, stats, f"warm-up-{n or i}", cookies={"SRV": n} if n else None)
        for i, n in enumerate(names)
    ]
    started = time.perf_counter()
    await asyncio.gather(*(session.open() for session in warm))
    first_open = time.perf_counter() - started
    for session in warm:
        await session.close()
    stats.sessions_opened = 0  # the warm-up sessions are not among the N
    stats.opens.clear()
    stats.by_action.clear()
    stats.backends.clear()
    memory["after first session"] = rss_all(pids)

    peak_each = list(memory["after first session"])
    peak_sum = sum(peak_each)
    begin = time.monotonic()
    deadline = begin + args.duration
    profile = reader if args.profile == "readers" else clicker
    users = [
        asyncio.create_task(
            profile(
                base,
                query,
                facts,
                deadline,
                args,
                stats,
                f"session-{i:03d}",
                begin + (args.ramp * i / args.sessions),
            )
        )  # fmt: skip
        for i in range(args.sessions)
    ]
    pending = set(users)
    while pending:
        done, pending = await asyncio.wait(pending, timeout=0.5)
        now = rss_all(pids)
        peak_each = [max(a, b) for a, b in zip(peak_each, now, strict=True)]
        peak_sum = max(peak_sum, sum(now))
    elapsed = time.monotonic() - begin
    sessions = [task.result() for task in users]
    memory["peak under load"] = peak_each
    memory[f"end ({args.sessions} sessions open)"] = rss_all(pids)
    for session in sessions:
        with contextlib.suppress(Exception):
            await session.close()
    await asyncio.sleep(3)
    memory["after sessions closed"] = rss_all(pids)
    return {
        "stats": stats,
        "memory": memory,
        "peak_sum": peak_sum,
        "first_open_s": first_open,
        "elapsed_s": elapsed,
    }


def action_figures(stats: Stats) -> dict:
    figures = {}
    for action in ACTIONS:
        samples = stats.by_action.get(action, [])
        if not samples and not stats.errors_by_action.get(action):
            continue
        figures[action] = {
            "count": len(samples),
            "p50_ms": round(percentile(samples, 50) * 1000, 1) if samples else None,
            "p95_ms": round(percentile(samples, 95) * 1000, 1) if samples else None,
            "max_ms": round(max(samples) * 1000, 1) if samples else None,
            "errors": stats.errors_by_action.get(action, 0),
        }
    other = sum(n for a, n in stats.errors_by_action.items() if a not in ACTIONS)
    if other:
        figures["other"] = {"count": 0, "errors": other}
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of activity")
    parser.add_argument("--data", type=Path, default=None, help="dataset (default: bundled)")
    parser.add_argument(
        "--profile", choices=("clickers", "readers"), default="clickers",
        help="clickers: step and click as fast as the app answers (default); readers: "
        "release the slider about every 5 s and click an area about every 10 s",
    )  # fmt: skip
    parser.add_argument(
        "--think", type=float, nargs=2, default=(0.2, 0.6), metavar=("MIN", "MAX"),
        help="clickers: seconds a user waits between steps (uniform)",
    )  # fmt: skip
    parser.add_argument(
        "--release-every", type=float, nargs=2, default=(4.0, 6.0), metavar=("MIN", "MAX"),
        help="readers: seconds between slider releases (uniform; default 4 6)",
    )  # fmt: skip
    parser.add_argument(
        "--click-every", type=float, nargs=2, default=(8.0, 12.0), metavar=("MIN", "MAX"),
        help="readers: seconds between area clicks (uniform; default 8 12)",
    )  # fmt: skip
    parser.add_argument(
        "--ramp", type=float, default=None,
        help="seconds over which the sessions arrive (default: 0 for clickers, 10 for readers)",
    )  # fmt: skip
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--processes", type=int, default=None,
        help="start N Streamlit processes behind HAProxy (deploy/serve.py) and load them",
    )  # fmt: skip
    where.add_argument(
        "--url", default=None,
        help="load a server or balancer that is already running at this http://127.0.0.1 URL",
    )  # fmt: skip
    parser.add_argument(
        "--pids", type=int, nargs="*", default=None,
        help="with --url: the Streamlit processes whose memory to report",
    )  # fmt: skip
    parser.add_argument(
        "--max-sessions", type=int, default=None,
        help="with --processes: sessions per process before the busy page (deploy/serve.py's "
        "default unless given; a large value measures the processes without that limit)",
    )  # fmt: skip
    parser.add_argument("--limit", type=float, default=None, help="hard limit, seconds")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--log", type=Path, default=Path("/tmp/aleppo-load-server.log"))
    args = parser.parse_args(argv)
    if args.ramp is None:
        args.ramp = 10.0 if args.profile == "readers" else 0.0
    if args.url and urlsplit(args.url).hostname != HOST:
        parser.error(f"--url must be on {HOST}")
    limit = args.limit or args.duration + args.ramp + 150
    # Last resort if the event loop itself hangs: the process ends, the servers with it.
    signal.signal(signal.SIGALRM, lambda *_: sys.exit("load test: hard time limit reached"))
    signal.alarm(int(limit) + 60)

    facts = dataset_facts(args.data)
    load_before = os.getloadavg()[0]
    with contextlib.ExitStack() as stack:
        if args.processes:
            run_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="aleppo-lt-")))
            server = stack.enter_context(
                balanced(args.processes, args.data, args.max_sessions, run_dir)
            )
            where_text = f"{args.processes} process(es) behind HAProxy at {server['url']}"
        elif args.url:
            pids, behind = streamlit_pids_behind(args.url)
            pids = args.pids if args.pids is not None else pids
            # serve.py names its processes s1, s2, ... (the SRV cookie values): a warm-up
            # session per process; a wrong name is harmless (haproxy ignores it).
            names = [f"s{i}" for i in range(1, len(pids) + 1)] if behind else []
            server = {"url": args.url.rstrip("/"), "pids": pids, "logs": [], "names": names}
            where_text = f"{args.url} ({len(pids)} Streamlit process(es) found: {pids})"
        else:
            server = stack.enter_context(one_streamlit(args.data, args.log))
            where_text = f"1 process at {server['url']} (no balancer)"
        print(f"load: {args.sessions} {args.profile} for {args.duration:.0f} s on {where_text}")
        sys.stdout.flush()
        try:
            result = asyncio.run(asyncio.wait_for(load(args, server, facts), limit))
        except TimeoutError:
            print(f"errors: the run exceeded its hard limit of {limit:.0f} s")
            return 1
        logs = {str(p): p.read_text(encoding="utf-8", errors="replace") for p in server["logs"]}
        time.sleep(0.5)
    signal.alarm(0)
    stats: Stats = result["stats"]
    for name, text in logs.items():
        for match in re.finditer(r"Traceback \(most recent call last\)", text):
            stats.error("server", f"traceback in the server log {name} at offset {match.start()}")
    lat = stats.latencies
    memory = result["memory"]
    summed = {k: sum(v) for k, v in memory.items()}
    summed["peak under load"] = result["peak_sum"]
    # Per session that was open (readers turned away by the busy page hold no session).
    per_session = (result["peak_sum"] - summed["after first session"]) / max(
        1, stats.sessions_opened
    )
    actions = sum(len(stats.by_action.get(a, [])) for a in ("step", "click", "release"))
    figures = {
        "profile": args.profile,
        "sessions": args.sessions,
        "duration_s": args.duration,
        "ramp_s": args.ramp,
        "think_s": list(args.think),
        "release_every_s": list(args.release_every),
        "click_every_s": list(args.click_every),
        "data": str(args.data or "bundled"),
        "server": where_text,
        "processes": len(server["pids"]),
        "sessions_opened": stats.sessions_opened,
        "sessions_per_backend": dict(sorted(stats.backends.items())),
        "steps": stats.steps,
        "clicks": stats.clicks,
        "releases": stats.releases,
        "errors": len(stats.errors),
        "busy_pages": stats.busy,
        "turned_away": stats.turned_away,
        "error_samples": stats.errors[:10],
        "actions": action_figures(stats),
        "latency_p50_ms": round(percentile(lat, 50) * 1000, 1),
        "latency_p95_ms": round(percentile(lat, 95) * 1000, 1),
        "latency_max_ms": round(max(lat) * 1000, 1) if lat else None,
        "throughput_actions_per_s": round(actions / args.duration, 2),
        "steps_per_s": round(len(lat) / args.duration, 1),
        "open_p50_ms": round(percentile(stats.opens, 50) * 1000, 1),
        "first_open_s": round(result["first_open_s"], 2),
        "memory_per_session_mb": round(per_session, 2),
        "rss_growth_per_session_mb": round(per_session, 2),
        "rss_mb": {k: round(v, 1) for k, v in summed.items()},
        "rss_mb_per_process": {k: [round(x, 1) for x in v] for k, v in memory.items()},
        "cpus": os.cpu_count(),
        # The 1-minute load average before and after: other work on the machine inflates
        # the latencies (each server process can use about one core).
        "loadavg_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    print(
        f"sessions: {stats.sessions_opened} of {args.sessions} opened, {args.duration:.0f} s"
        + (f", arriving over {args.ramp:.0f} s" if args.ramp else "")
        + (
            "; per process (SRV cookie): "
            + ", ".join(f"{k} {v}" for k, v in figures["sessions_per_backend"].items())
            if len(server["pids"]) > 1 or server["names"]
            else ""
        )
    )
    print(
        f"actions: {stats.steps} week/change steps, {stats.clicks} area clicks, "
        f"{stats.releases} slider releases ({figures['throughput_actions_per_s']} per second)"
    )
    print(f"errors: {len(stats.errors)}")
    if stats.busy:
        print(
            f"busy pages: {stats.busy} (readers who waited and retried); "
            f"{stats.turned_away} reader(s) never got in"
        )
    for error in stats.errors[:10]:
        print(f"  - {error}")
    print(f"{'action':<10}{'count':>7}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'errors':>8}")
    for action, row in figures["actions"].items():

        def cell(key, row=row):
            return "-" if row.get(key) is None else f"{row[key]:.0f}"

        print(
            f"{action:<10}{row['count']:>7}{cell('p50_ms'):>10}{cell('p95_ms'):>10}"
            f"{cell('max_ms'):>10}{row['errors']:>8}"
        )
    print(
        f"step latency: p50 {figures['latency_p50_ms']} ms, p95 {figures['latency_p95_ms']} ms, "
        f"max {figures['latency_max_ms']} ms (steps, clicks and releases together)"
    )
    print(
        f"opening the app: first session(s) {figures['first_open_s']} s (loads the data), "
        f"then p50 {figures['open_p50_ms']} ms"
    )
    for name, value in figures["rss_mb"].items():
        each = figures["rss_mb_per_process"][name]
        detail = f" ({' + '.join(f'{x:.1f}' for x in each)})" if len(each) > 1 else ""
        print(f"server RSS {name}: {value} MB{detail}")
    print(
        f"memory per session: {figures['memory_per_session_mb']} MB "
        "((peak - after first session) / sessions opened, all processes)"
    )
    before, after = figures["loadavg_before_after"]
    print(f"machine load average: {before} before, {after} after ({os.cpu_count()} CPUs)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if stats.errors or stats.sessions_opened < args.sessions else 0


if __name__ == "__main__":
    sys.exit(main())
