"""Many users at once: N concurrent sessions against one `streamlit run` on 127.0.0.1.

Each session is a Streamlit websocket client that speaks the browser's own protocol
(protobuf BackMsg/ForwardMsg over /_stcore/stream): it opens the app at a date, then for
DURATION seconds it steps through the weeks (the "1 week", "change" buttons of the map
fragment, as a click on them sends) and clicks areas (the map component's value, as a
click on a polygon sends it), waiting for each run to finish before the next step.

Reported: errors (exceptions shown by the app, run time-outs, refused connections,
tracebacks in the server log, a step that did not move the view), step latency p50/p95
under load, and the server's resident memory (RSS, from /proc) idle, after the first
session (data loaded and cached), at its peak, at the end with every session still open,
and after they closed.

Bounded: a hard overall time limit (DURATION + 150 s by default; SIGALRM as a last resort),
only 127.0.0.1, and the server it started is always stopped.

    python bench/load_test.py                       # 20 sessions x 60 s, bundled data
    python bench/load_test.py --sessions 3 --duration 5 --data tests/data/testville
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything else
STEP_BUTTONS = {
    "1 week ▶": 1,
    "◀ 1 week": -1,
    "Next change »": 1,
    "« Previous change": -1,
}
RUN_TIMEOUT = 60.0  # one step that takes longer than this is an error


# ------------------------------------------------------------------------------ the server


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB, from /proc (Linux)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


# ----------------------------------------------------------------------- one session


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)  # seconds per step
    opens: list[float] = field(default_factory=list)  # seconds to open the app (first run)
    errors: list[str] = field(default_factory=list)
    steps: int = 0
    clicks: int = 0
    sessions_opened: int = 0


class Session:
    """One browser tab's worth of protocol: open the app, press buttons, click areas."""

    def __init__(self, port: int, query: str, stats: Stats, name: str):
        self.url = f"ws://{HOST}:{port}/_stcore/stream"
        self.query = query
        self.stats = stats
        self.name = name
        self.ws = None
        self.page_hash = ""
        self.widgets: dict[str, tuple[str, str]] = {}  # label -> (widget id, fragment id)
        self.map: tuple[str, str] | None = None  # (component id, fragment id)

    async def open(self) -> None:
        from websockets.asyncio.client import connect

        self.ws = await connect(
            self.url, subprotocols=["streamlit"], max_size=None, open_timeout=30
        )
        self.stats.opens.append(await self.run())
        self.stats.sessions_opened += 1

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def run(self, widget=None, fragment: str = "") -> float:
        """Send one rerun request; wait for the run to finish; return its latency."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        state.fragment_id = fragment
        if widget is not None:
            state.widget_states.widgets.append(widget)
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        await asyncio.wait_for(self._until_finished(), RUN_TIMEOUT)
        return time.perf_counter() - started

    async def _until_finished(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        finished = ForwardMsg.ScriptFinishedStatus
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self.ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "delta":
                self._element(msg.delta)
            elif kind == "session_event" and msg.session_event.WhichOneof("type") in (
                "script_compilation_exception",
            ):
                self.stats.errors.append(f"{self.name}: script compilation error")
            elif kind == "script_finished":
                status = msg.script_finished
                if status == finished.FINISHED_WITH_COMPILE_ERROR:
                    self.stats.errors.append(f"{self.name}: compile error")
                if status != finished.FINISHED_EARLY_FOR_RERUN:
                    return

    def _element(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "button" and element.button.label in STEP_BUTTONS:
            self.widgets[element.button.label] = (element.button.id, delta.fragment_id)
        elif kind == "component_instance" and "folium" in element.component_instance.component_name:
            self.map = (element.component_instance.id, delta.fragment_id)
        elif kind == "exception":
            self.stats.errors.append(
                f"{self.name}: the app showed {element.exception.type}: "
                f"{element.exception.message[:200]}"
            )
        elif kind == "alert" and element.alert.format == 1:  # ERROR box
            self.stats.errors.append(f"{self.name}: error box: {element.alert.body[:200]}")

    def shown(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.query).items()}

    async def step(self, label: str) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        widget_id, fragment = self.widgets[label]
        before = self.shown().get("date")
        latency = await self.run(WidgetState(id=widget_id, trigger_value=True), fragment)
        self.stats.latencies.append(latency)
        self.stats.steps += 1
        if self.shown().get("date") == before and "week" in label:
            self.stats.errors.append(f"{self.name}: {label!r} did not move from {before}")

    async def click(self, area_id: str) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        component_id, fragment = self.map
        feature = {"type": "Feature", "id": area_id, "properties": {"id": area_id}}
        value = json.dumps({"last_active_drawing": feature})
        latency = await self.run(WidgetState(id=component_id, json_value=value), fragment)
        self.stats.latencies.append(latency)
        self.stats.clicks += 1
        if self.shown().get("area") != area_id:
            self.stats.errors.append(f"{self.name}: click on {area_id} did not select it")


async def user(port: int, query: str, facts: dict, deadline: float, think, stats, name):
    """One simulated user: open the app, then step and click until the deadline."""
    import datetime

    rng = random.Random(name)
    first, last = facts["first"], facts["last"]
    session = Session(port, query, stats, name)
    try:
        await session.open()
        while time.monotonic() < deadline:
            await asyncio.sleep(rng.uniform(*think))
            if rng.random() < 0.3 and session.map is not None:
                await session.click(rng.choice(facts["areas"]))
                continue
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
    except TimeoutError:
        stats.errors.append(f"{name}: a run did not finish within {RUN_TIMEOUT:.0f} s")
    except OSError as exc:
        stats.errors.append(f"{name}: connection failed: {exc}")
    except Exception as exc:  # a protocol surprise is an error of the run, not a crash
        stats.errors.append(f"{name}: {type(exc).__name__}: {exc}")
    return session


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
    """Area ids, the first and last weekly frame and a mid-period opening date."""
    sys.path.insert(0, str(REPO))
    from aleppo_map.cli import default_data_dir
    from aleppo_map.load import load_dataset
    from aleppo_map.timeline import Timeline

    dataset = load_dataset(data or default_data_dir())
    timeline = Timeline(dataset)
    frames = timeline.frame_dates
    return {
        "areas": list(dataset.areas.index),
        "first": frames[0].date(),
        "last": frames[-1].date(),
        "opening": f"{frames[len(frames) // 2]:%Y-%m-%d}",
    }


async def load(args, port: int, pid: int, facts: dict) -> dict:
    stats = Stats()
    memory = {"idle": rss_mb(pid)}
    query = urlencode({"date": facts["opening"]})
    first = Session(port, query, stats, "warm-up")
    started = time.perf_counter()
    await first.open()
    first_open = time.perf_counter() - started
    await first.close()
    stats.sessions_opened = 0  # the warm-up session is not one of the N
    memory["after first session"] = rss_mb(pid)

    peak = memory["after first session"]
    deadline = time.monotonic() + args.duration
    users = [
        asyncio.create_task(
            user(port, query, facts, deadline, args.think, stats, f"session-{i:02d}")
        )
        for i in range(args.sessions)
    ]
    pending = set(users)
    while pending:
        done, pending = await asyncio.wait(pending, timeout=0.5)
        peak = max(peak, rss_mb(pid))
    sessions = [task.result() for task in users]
    memory["peak under load"] = peak
    memory[f"end ({args.sessions} sessions open)"] = rss_mb(pid)
    for session in sessions:
        with contextlib.suppress(Exception):
            await session.close()
    await asyncio.sleep(3)
    memory["after sessions closed"] = rss_mb(pid)
    return {"stats": stats, "memory": memory, "first_open_s": first_open}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of stepping")
    parser.add_argument("--data", type=Path, default=None, help="dataset (default: bundled)")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.2, 0.6),
        metavar=("MIN", "MAX"),
        help="seconds a user waits between steps (uniform)",
    )
    parser.add_argument("--limit", type=float, default=None, help="hard limit, seconds")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--log", type=Path, default=Path("/tmp/aleppo-load-server.log"))
    args = parser.parse_args(argv)
    limit = args.limit or args.duration + 150
    # Last resort if the event loop itself hangs: the process ends, the server with it.
    signal.signal(signal.SIGALRM, lambda *_: sys.exit("load test: hard time limit reached"))
    signal.alarm(int(limit) + 30)

    facts = dataset_facts(args.data)
    load_before = os.getloadavg()[0]
    sys.path.insert(0, str(REPO))
    from tests.browser.harness import streamlit_process  # the tests' own server start-up

    with streamlit_process(data=args.data, log=args.log) as (process, base):
        port = int(base.rsplit(":", 1)[1])
        try:
            result = asyncio.run(asyncio.wait_for(load(args, port, process.pid, facts), limit))
        except TimeoutError:
            print(f"errors: the run exceeded its hard limit of {limit:.0f} s")
            return 1
        time.sleep(0.5)
    signal.alarm(0)
    stats: Stats = result["stats"]
    log_text = args.log.read_text(encoding="utf-8", errors="replace")
    for match in re.finditer(r"Traceback \(most recent call last\)", log_text):
        stats.errors.append(f"traceback in the server log at offset {match.start()}")
    lat = stats.latencies
    memory = result["memory"]
    per_session = memory[f"end ({args.sessions} sessions open)"] - memory["after first session"]
    figures = {
        "sessions": args.sessions,
        "duration_s": args.duration,
        "think_s": list(args.think),
        "data": str(args.data or "bundled"),
        "sessions_opened": stats.sessions_opened,
        "steps": stats.steps,
        "clicks": stats.clicks,
        "errors": len(stats.errors),
        "error_samples": stats.errors[:10],
        "latency_p50_ms": round(percentile(lat, 50) * 1000, 1),
        "latency_p95_ms": round(percentile(lat, 95) * 1000, 1),
        "latency_max_ms": round(max(lat) * 1000, 1) if lat else None,
        "steps_per_s": round(len(lat) / args.duration, 1),
        "open_p50_ms": round(percentile(stats.opens[1:], 50) * 1000, 1),
        "first_open_s": round(result["first_open_s"], 2),
        "rss_growth_per_session_mb": round(per_session / args.sessions, 2),
        "rss_mb": {k: round(v, 1) for k, v in result["memory"].items()},
        "cpus": os.cpu_count(),
        # The 1-minute load average before and after: other work on the machine inflates
        # the latencies (the server itself can use about one core).
        "loadavg_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    print(
        f"sessions: {stats.sessions_opened} of {args.sessions} opened, {args.duration:.0f} s each"
    )
    print(
        f"steps: {stats.steps} week/change steps, {stats.clicks} area clicks "
        f"({figures['steps_per_s']} per second in all)"
    )
    print(f"errors: {len(stats.errors)}")
    for error in stats.errors[:10]:
        print(f"  - {error}")
    print(
        f"step latency: p50 {figures['latency_p50_ms']} ms, p95 {figures['latency_p95_ms']} ms, "
        f"max {figures['latency_max_ms']} ms"
    )
    print(
        f"opening the app: first session {figures['first_open_s']} s (loads the data), "
        f"then p50 {figures['open_p50_ms']} ms"
    )
    for name, value in figures["rss_mb"].items():
        print(f"server RSS {name}: {value} MB")
    print(f"server RSS growth per session: {figures['rss_growth_per_session_mb']} MB")
    before, after = figures["loadavg_before_after"]
    print(f"machine load average: {before} before, {after} after ({os.cpu_count()} CPUs)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if stats.errors or stats.sessions_opened < args.sessions else 0


if __name__ == "__main__":
    sys.exit(main())
