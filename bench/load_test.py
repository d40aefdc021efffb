"""Many users at once: N concurrent sessions against the app, on 127.0.0.1 only.

Each session is a Streamlit websocket client that speaks the browser's own protocol
(protobuf BackMsg/ForwardMsg over /_stcore/stream). Like a browser it first GETs the page
(and keeps the cookies it is given, e.g. HAProxy's SRV stickiness cookie), then opens the
websocket with them and runs the app at a date. Two profiles:

- `clickers` (the default): for DURATION seconds each session steps through the weeks (the
  "1 week", "change" buttons of the map fragment, as a click on them sends) and clicks areas
  (the map component's value, as a click on a polygon sends it), pausing --think seconds
  between actions and waiting for each run to finish: users who click as fast as the app
  answers.
- `readers`: readers arrive over --ramp seconds; each one releases the week slider at a new
  week about every 5 s (--release-every, uniform) and clicks an area about every 10 s
  (--click-every). Both reach the app as the map component's value, whose
  `last_active_drawing` is a GeoJSON Feature: a slider release or an in-map week step sends
  `{"geometry": null, "properties": {"date": "YYYY-MM-DD"}}`, a click on an area
  `{"properties": {"id": AREA, "date": SHOWN}}` (both keys, as the map reports them).

Where the server is: by default this script starts one `streamlit run` itself;
`--processes N` starts N of them behind HAProxy with deploy/serve.py (so 1 against 2
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

    python bench/load_test.py                       # 20 sessions x 60 s, bundled data
    python bench/load_test.py --sessions 3 --duration 5 --data tests/data/testville
    python bench/load_test.py --profile readers --sessions 100 --processes 2
    python bench/load_test.py --profile readers --url http://127.0.0.1:8501/
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
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything else
STEP_BUTTONS = {
    "1 week ▶": 1,
    "◀ 1 week": -1,
    "Next change »": 1,
    "« Previous change": -1,
}
RUN_TIMEOUT = 60.0  # one step that takes longer than this is an error
ACTIONS = ("open", "step", "click", "release", "download")


class Busy(Exception):
    """The balancer answered with its busy page (503)."""


# ------------------------------------------------------------------------------ the servers


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB, from /proc (Linux)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def rss_all(pids: list[int]) -> list[float]:
    """RSS of each process; 0 for one that has gone."""
    values = []
    for pid in pids:
        try:
            values.append(rss_mb(pid))
        except (OSError, RuntimeError):
            values.append(0.0)
    return values


def listening_pid(port: int) -> int | None:
    """The process listening on 127.0.0.1:port (or any address), from /proc (Linux)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table, encoding="ascii") as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(fields[9])
    for pid in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    link = os.readlink(f"/proc/{pid}/fd/{fd}")
                    if link.startswith("socket:[") and link[8:-1] in inodes:
                        return int(pid)
    return None


def streamlit_pids_behind(url: str) -> tuple[list[int], bool]:
    """The Streamlit processes serving URL, and whether a balancer is in front: the
    listener itself if it is one; if it is an haproxy started by deploy/serve.py, its
    sibling Streamlit processes, in the order of its servers s1, s2, ..."""

    def cmdline(pid) -> str:
        with open(f"/proc/{pid}/cmdline", "rb") as raw:
            return raw.read().replace(b"\0", b" ").decode(errors="replace")

    def parent(pid) -> int:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])

    port = urlsplit(url).port or 80
    pid = listening_pid(port)
    if pid is None:
        return [], False
    if "streamlit" in cmdline(pid):
        return [pid], False
    siblings = []
    launcher = parent(pid)
    for other in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError):
            if parent(other) == launcher and "streamlit run" in cmdline(other):
                siblings.append(int(other))
    return sorted(siblings), True


@contextlib.contextmanager
def one_streamlit(data: Path | None, log: Path):
    """One `streamlit run` on a free port, as the tests start it."""
    sys.path.insert(0, str(REPO))
    from tests.browser.harness import streamlit_process  # the tests' own server start-up

    with streamlit_process(data=data, log=log) as (process, base):
        yield {"url": base, "pids": [process.pid], "logs": [log], "names": []}


@contextlib.contextmanager
def balanced(
    processes: int,
    data: Path | None,
    max_sessions: int | None,
    run_dir: Path,
    *options: str,
    startup: float = 180.0,
):
    """deploy/serve.py: N `streamlit run` behind HAProxy on free loopback ports; `options`
    are more of its flags (default: no restart of a dead process). Yields the URL, the
    processes and the launcher, which gets SIGTERM on the way out."""
    command = [
        sys.executable, str(REPO / "deploy" / "serve.py"),
        "--processes", str(processes), "--port", "0", "--backend-port", "0",
        "--run-dir", str(run_dir), *(options or ("--restart-delay", "-1")),
    ]  # fmt: skip
    if data is not None:
        command += ["--data", str(data)]
    if max_sessions is not None:
        command += ["--max-sessions", str(max_sessions)]
    state_file = run_dir / "state.json"
    with open(run_dir / "serve.out", "w", encoding="utf-8") as out:
        launcher = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + startup
        while not state_file.exists():
            if launcher.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "deploy/serve.py did not come up:\n"
                    + (run_dir / "serve.out").read_text(encoding="utf-8", errors="replace")
                )
            time.sleep(0.2)
        state = json.loads(state_file.read_text(encoding="utf-8"))
        backends = state["backends"]
        yield {
            "url": state["url"].rstrip("/"),
            "pids": [b["pid"] for b in backends],
            "logs": [Path(b["log"]) for b in backends],
            "names": [b["name"] for b in backends],
            "state": state,
            "launcher": launcher,
        }
    finally:
        if launcher.poll() is None:
            launcher.terminate()
        try:
            launcher.wait(timeout=30)
        except subprocess.TimeoutExpired:
            launcher.kill()
            launcher.wait(timeout=10)


# ----------------------------------------------------------------------- one session


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)  # seconds per step/click/release
    opens: list[float] = field(default_factory=list)  # seconds to open the app (first run)
    errors: list[str] = field(default_factory=list)
    steps: int = 0
    clicks: int = 0
    releases: int = 0
    downloads: int = 0
    sessions_opened: int = 0
    by_action: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors_by_action: Counter = field(default_factory=Counter)
    backends: Counter = field(default_factory=Counter)  # sessions per SRV cookie value
    busy: int = 0  # busy pages answered (the reader waits and tries again)
    turned_away: int = 0  # readers who got only busy pages until the end

    def error(self, action: str, text: str) -> None:
        self.errors.append(text)
        self.errors_by_action[action] += 1

    def timed(self, action: str, seconds: float) -> None:
        self.by_action[action].append(seconds)
        if action in ("step", "click", "release"):
            self.latencies.append(seconds)


def http_get(url: str, cookies: dict[str, str], timeout: float = 30.0):
    """GET on 127.0.0.1 with the session's cookies: (status, headers, body)."""
    if urlsplit(url).hostname != HOST:
        raise ValueError(f"{url}: this script talks to {HOST} only")
    request = urllib.request.Request(url)
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def take_cookies(headers, cookies: dict[str, str]) -> None:
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0].strip()


class Session:
    """One browser tab's worth of protocol: open the app, press buttons, click areas,
    release the slider, download a file."""

    def __init__(
        self,
        base: str,
        query: str,
        stats: Stats,
        name: str,
        *,
        cookies: dict[str, str] | None = None,
        keep_cookies: bool = True,
        changes: list[str] | None = None,
    ):
        self.base = base.rstrip("/")
        self.url = "ws" + self.base[4:] + "/_stcore/stream"
        self.query = query
        self.stats = stats
        self.name = name
        self.cookies: dict[str, str] = dict(cookies or {})
        self.keep_cookies = keep_cookies  # False: a client that ignores cookies
        self.ws = None
        self.page_hash = ""
        self.session_id = ""
        self.widgets: dict[str, tuple[str, str]] = {}  # label -> (widget id, fragment id)
        self.map: tuple[str, str] | None = None  # (component id, fragment id)
        self.downloads: dict[str, tuple[str, str]] = {}  # label -> (url, deferred file id)
        self.operations: dict[str, object] = {}  # request id -> its response
        self.last_download = ""  # the URL of the last file downloaded
        self.changes = sorted(changes or [])  # weeks with a change of hands (for steps)

    @property
    def backend(self) -> str:
        """The SRV cookie: which process behind HAProxy serves this session ('' if none)."""
        return self.cookies.get("SRV", "")

    async def open(self) -> None:
        from websockets.asyncio.client import connect

        started = time.perf_counter()
        status, headers, _body = await asyncio.to_thread(
            http_get, f"{self.base}/?{self.query}", self.cookies
        )
        if status == 503:
            raise Busy(f"{self.name}: the page answered 503 (busy page)")
        if status != 200:
            raise OSError(f"{self.name}: the page answered {status}")
        if self.keep_cookies:
            take_cookies(headers, self.cookies)
        extra = {}
        if self.cookies and self.keep_cookies:
            extra["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.ws = await connect(
            self.url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=30,
            additional_headers=extra,
        )
        if self.keep_cookies and self.ws.response is not None:
            take_cookies(self.ws.response.headers, self.cookies)
        await self.run()
        seconds = time.perf_counter() - started
        self.stats.opens.append(seconds)
        self.stats.timed("open", seconds)
        self.stats.sessions_opened += 1
        self.stats.backends[self.backend or "-"] += 1

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
        await asyncio.wait_for(self._until(self._finished), RUN_TIMEOUT)
        return time.perf_counter() - started

    @staticmethod
    def _finished(msg) -> bool:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        return (
            msg.WhichOneof("type") == "script_finished"
            and msg.script_finished != ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
        )

    async def _until(self, done) -> None:
        """Read and digest messages until `done(msg)`."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        finished = ForwardMsg.ScriptFinishedStatus
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self.ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash
                if msg.new_session.initialize.session_id:
                    self.session_id = msg.new_session.initialize.session_id
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "delta":
                self._element(msg.delta)
            elif kind == "backend_operation_response":
                response = msg.backend_operation_response
                self.operations[response.request_id] = response
            elif kind == "session_event" and msg.session_event.WhichOneof("type") in (
                "script_compilation_exception",
            ):
                self.stats.error("run", f"{self.name}: script compilation error")
            elif (
                kind == "script_finished"
                and msg.script_finished == finished.FINISHED_WITH_COMPILE_ERROR
            ):
                self.stats.error("run", f"{self.name}: compile error")
            if done(msg):
                return

    def _element(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "button" and element.button.label in STEP_BUTTONS:
            self.widgets[element.button.label] = (element.button.id, delta.fragment_id)
        elif kind == "download_button":
            button = element.download_button
            self.downloads[button.label] = (button.url, button.deferred_file_id)
        elif kind == "component_instance" and "folium" in element.component_instance.component_name:
            self.map = (element.component_instance.id, delta.fragment_id)
        elif kind == "exception":
            self.stats.error(
                "run",
                f"{self.name}: the app showed {element.exception.type}: "
                f"{element.exception.message[:200]}",
            )
        elif kind == "alert" and element.alert.format == 1:  # ERROR box
            self.stats.error("run", f"{self.name}: error box: {element.alert.body[:200]}")

    def shown(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.query).items()}

    async def step(self, label: str) -> None:
        """A week or change step: the app's button if it has one; otherwise the map's own
        time bar, which reports the week it stopped on like a slider release."""
        import datetime

        from streamlit.proto.WidgetStates_pb2 import WidgetState

        before = self.shown().get("date")
        if label in self.widgets:
            widget_id, fragment = self.widgets[label]
            latency = await self.run(WidgetState(id=widget_id, trigger_value=True), fragment)
        else:
            direction = STEP_BUTTONS[label]
            target = datetime.date.fromisoformat(before) + datetime.timedelta(weeks=direction)
            if "change" in label and self.changes:
                later = [d for d in self.changes if d > before]
                earlier = [d for d in self.changes if d < before]
                pick = (later[:1] if direction > 0 else earlier[-1:]) or [before]
                target = datetime.date.fromisoformat(pick[0])
            latency = await self._map_value(self._report(date=target.isoformat()))
        self.stats.timed("step", latency)
        self.stats.steps += 1
        if self.shown().get("date") == before and "week" in label:
            self.stats.error("step", f"{self.name}: {label!r} did not move from {before}")

    def _report(self, date: str | None = None, area: str | None = None) -> dict:
        """What the map reports (its `last_active_drawing`): a GeoJSON Feature whose
        properties hold the week it shows and the area selected, if any."""
        properties = {}
        if date:
            properties["date"] = date
        if area:
            properties["id"] = area
        feature = {"type": "Feature", "geometry": None, "properties": properties}
        if area:
            feature["id"] = area
        return feature

    async def _map_value(self, feature: dict) -> float:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        component_id, fragment = self.map
        value = json.dumps({"last_active_drawing": feature})
        return await self.run(WidgetState(id=component_id, json_value=value), fragment)

    async def click(self, area_id: str, with_date: bool = False) -> None:
        """A click on an area; with_date: the map also reports the week it shows."""
        date = self.shown().get("date") if with_date else None
        latency = await self._map_value(self._report(date=date, area=area_id))
        self.stats.timed("click", latency)
        self.stats.clicks += 1
        if self.shown().get("area") != area_id:
            self.stats.error("click", f"{self.name}: click on {area_id} did not select it")

    async def release(self, date: str) -> None:
        """The week slider released at `date`: the map reports the week, and the area that
        stays selected, if any (sent like the map's own week step)."""
        area = self.shown().get("area")
        latency = await self._map_value(self._report(date=date, area=area))
        self.stats.timed("release", latency)
        self.stats.releases += 1
        shown = self.shown()
        if shown.get("date") != date or shown.get("area") != area:
            self.stats.error(
                "release",
                f"{self.name}: release at {date} with {area} shows "
                f"{shown.get('date')} with {shown.get('area')}",
            )

    async def download(self, label: str = "Download CSV") -> bytes:
        """Press a download button as the browser does and fetch the file it gets.

        A button with `data=callable` (the app's exports) has no URL yet: the browser asks
        the session for it (a backend operation over the websocket) and then GETs /media/…
        from the same origin, with the page's cookies. The file lives in the memory of the
        process that ran the session.
        """
        from streamlit.proto.BackMsg_pb2 import BackMsg

        started = time.perf_counter()
        url, deferred = self.downloads[label]
        if not url:
            msg = BackMsg()
            request_id = str(uuid.uuid4())
            msg.backend_operation_request.request_id = request_id
            msg.backend_operation_request.session_id = self.session_id
            msg.backend_operation_request.deferred_file.file_id = deferred
            await self.ws.send(msg.SerializeToString())
            await asyncio.wait_for(
                self._until(lambda _msg: request_id in self.operations), RUN_TIMEOUT
            )
            response = self.operations.pop(request_id)
            if response.error_msg:
                raise RuntimeError(f"{self.name}: {label}: {response.error_msg}")
            url = response.deferred_file.url
        self.last_download = url
        status, _headers, body = await asyncio.to_thread(
            http_get, self.base + url, self.cookies if self.keep_cookies else {}
        )
        self.stats.timed("download", time.perf_counter() - started)
        self.stats.downloads += 1
        if status != 200:
            raise OSError(f"{self.name}: {label}: GET {url} answered {status}")
        return body


# ------------------------------------------------------------------------ the profiles


async def clicker(base, query, facts, deadline, args, stats, name, start_at):
    """One user who steps and clicks as fast as the app answers (--think pauses)."""
    import datetime

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
    sys.path.insert(0, str(REPO))
    from aleppo_map.cli import default_data_dir
    from aleppo_map.load import load_dataset
    from aleppo_map.timeline import Timeline

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
