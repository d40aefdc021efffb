"""A Streamlit client that speaks the browser's own protocol (protobuf BackMsg/ForwardMsg over
/_stcore/stream), for the load test and the scale-out tests: one `Session` is one browser
tab's worth of it. Like a browser it first GETs the page (and keeps the cookies it is given,
e.g. HAProxy's SRV stickiness cookie), then opens the websocket with them and runs the app.

The map's frame tells the app where the reader stopped with the component's value, as the
map does (aleppo_map/web/timemap-streamlit.js): `{"date": "YYYY-MM-DD", "area": id or null,
"route": id or null, "seq": n}`. 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

from aleppo_map.ui.map import COMPONENT_NAME

HOST = "127.0.0.1"  # never anything else
STEP_BUTTONS = {
    "1 week ▶": 1,
    "◀ 1 week": -1,
    "Next change »": 1,
    "« Previous change": -1,
}
RUN_TIMEOUT = 60.0  # one step that takes longer than this is an error
# How the browser asks for a deferred download (`data=callable`): a backend operation in
# Streamlit's newer protocol, its own message before.
DEFERRED_AS_OPERATION = "backend_operation_request" in BackMsg.DESCRIPTOR.fields_by_name


class Busy(Exception):
    """The balancer answered with its busy page (503)."""


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
        self.reports = 0  # the map's reports so far (their `seq`)

    @property
    def backend(self) -> str:
        """The SRV cookie: which process behind HAProxy serves this session ('' if none)."""
        return self.cookies.get("SRV", "")

    async def open(self) -> None:
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
        return (
            msg.WhichOneof("type") == "script_finished"
            and msg.script_finished != ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
        )

    async def _until(self, done) -> None:
        """Read and digest messages until `done(msg)`."""
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
            elif kind == "deferred_file_response":  # Streamlit 1.5x
                self.operations[msg.deferred_file_response.file_id] = msg.deferred_file_response
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
        elif (
            kind == "component_instance"
            and element.component_instance.component_name == COMPONENT_NAME
        ):
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
        """What the map reports: the week it shows and the area selected, if any."""
        self.reports += 1
        return {"date": date, "area": area, "route": None, "seq": self.reports}

    async def _map_value(self, report: dict) -> float:
        component_id, fragment = self.map
        value = json.dumps(report)
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

    async def _deferred_url(self, file_id: str, label: str) -> str:
        """Ask the session to make a deferred file; its URL. Streamlit 1.5x asks with a
        `deferred_file_request` (answered by file id), later versions with a backend
        operation (answered by request id)."""
        msg = BackMsg()
        if DEFERRED_AS_OPERATION:
            key = str(uuid.uuid4())
            msg.backend_operation_request.request_id = key
            msg.backend_operation_request.session_id = self.session_id
            msg.backend_operation_request.deferred_file.file_id = file_id
        else:
            key = file_id
            msg.deferred_file_request.file_id = file_id
            msg.deferred_file_request.session_id = self.session_id
        await self.ws.send(msg.SerializeToString())
        await asyncio.wait_for(self._until(lambda _msg: key in self.operations), RUN_TIMEOUT)
        response = self.operations.pop(key)
        if response.error_msg:
            raise RuntimeError(f"{self.name}: {label}: {response.error_msg}")
        return response.deferred_file.url if DEFERRED_AS_OPERATION else response.url

    async def download(self, label: str = "Download CSV") -> bytes:
        """Press a download button as the browser does and fetch the file it gets.

        A button with `data=callable` (the app's exports) has no URL yet: the browser asks
        the session for it over the websocket and then GETs /media/…
        from the same origin, with the page's cookies. The file lives in the memory of the
        process that ran the session.
        """
        started = time.perf_counter()
        url, deferred = self.downloads[label]
        if not url:
            url = await self._deferred_url(deferred, label)
        self.last_download = url
        status, _headers, body = await asyncio.to_thread(
            http_get, self.base + url, self.cookies if self.keep_cookies else {}
        )
        self.stats.timed("download", time.perf_counter() - started)
        self.stats.downloads += 1
        if status != 200:
            raise OSError(f"{self.name}: {label}: GET {url} answered {status}")
        return body
