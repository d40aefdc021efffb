"""Scale-out on one machine, as docs/deploy.md describes it: deploy/serve.py starts two
`streamlit run` processes behind Debian's HAProxy, on free loopback ports, and everything
below goes through the real balancer over real sockets.

- Sticky sessions: sessions are spread over both processes by HAProxy's SRV cookie; each gets
  every answer, and a download (the app's "Download CSV" button: the file is made in the
  session's process and served from its memory at /media/…) fetched through the balancer
  with the session's cookie is that session's file. The same URL sent to the other process
  is a 404: without stickiness the download would fail.
- A client that ignores cookies still meets its own process (stick table on its address).
- Busy: with every process out of rotation, or every slot taken and the queue timed out,
  a new reader gets the small "busy, retrying" page (503) instead of a frozen page.
- A process killed with SIGKILL is taken out by the health check within a few seconds; the
  sessions on the other process and new sessions go on; a session on the dead process gets
  a closed connection, and its browser's reconnect lands on the other process with the same
  view (the date and area are in the URL). The launcher restarts the process and HAProxy
  takes it back.
- In headless Chromium (marked `browser`): the browser sends the SRV cookie on the
  websocket upgrade and on the download, and the downloaded CSV is right.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.client import Session, Stats, http_get
from bench.launcher import balanced
from tests.conftest import REPO, TESTVILLE

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
QUEUE_TIMEOUT = 2.0  # seconds; the deployed default is 5
RESTART_DELAY = 6.0  # long enough to look at the balancer while a process is down


def haproxy_present() -> None:
    # Not a skip: CI installs Debian's haproxy (`make browser`), and this test must run there.
    assert os.access(HAPROXY, os.X_OK), "haproxy is missing: `make browser` installs it"


# ----------------------------------------------------------------------------- helpers


class Farm:
    """deploy/serve.py running: its state, its runtime API and its logs."""

    def __init__(self, run_dir: Path, launcher: subprocess.Popen):
        self.run_dir = run_dir
        self.launcher = launcher
        self.pids: set[int] = set()  # every process it started, seen so far
        self.reload()

    def reload(self) -> None:
        self.state = json.loads((self.run_dir / "state.json").read_text(encoding="utf-8"))
        self.url = self.state["url"].rstrip("/")
        self.pids |= {b["pid"] for b in self.state["backends"]} | {self.state["haproxy_pid"]}

    def pid(self, name: str) -> int:
        self.reload()
        return next(b["pid"] for b in self.state["backends"] if b["name"] == name)

    def api(self, command: str) -> str:
        """One command to HAProxy's runtime API (the stats socket)."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(5)
            sock.connect(self.state["stats_socket"])
            sock.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def status(self) -> dict[str, str]:
        """Each server's state as HAProxy sees it: {'s1': 'UP', 's2': 'DOWN', ...}."""
        lines = self.api("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
        return {
            r["svname"]: r["status"]
            for r in rows
            if r["pxname"] == "streamlit" and r["svname"] not in ("BACKEND", "FRONTEND")
        }

    def wait_status(self, name: str, wanted: str, seconds: float) -> float:
        started = time.monotonic()
        while not self.status().get(name, "").startswith(wanted):
            assert time.monotonic() - started < seconds, (
                f"{name} not {wanted} within {seconds} s: {self.status()}"
            )
            time.sleep(0.1)
        return time.monotonic() - started

    def open_sessions(self) -> int:
        """Websockets open through HAProxy (current sessions of the `sessions` backend)."""
        lines = self.api("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
        return sum(
            int(r["scur"] or 0)
            for r in rows
            if r["pxname"] == "sessions" and r["svname"] not in ("BACKEND", "FRONTEND")
        )

    def wait_idle(self, seconds: float = 15) -> None:
        """Until no websocket is open (an earlier test's sessions have closed)."""
        deadline = time.monotonic() + seconds
        while self.open_sessions():
            assert time.monotonic() < deadline, f"{self.open_sessions()} sessions still open"
            time.sleep(0.1)

    def log(self) -> list[str]:
        return (self.run_dir / "haproxy.log").read_text(encoding="utf-8").splitlines()


def wait_until(condition, what: str, seconds: float = 10.0):
    """Poll `condition()` until it returns something true; return that."""
    deadline = time.monotonic() + seconds
    while not (result := condition()):
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s"
        time.sleep(0.05)
    return result


def get(url: str, cookies: dict | None = None, timeout: float = 30):
    """The load test's own GET (127.0.0.1 only), with a session's cookies if any."""
    return http_get(url, cookies or {}, timeout)


def cookie_streams(farm: Farm) -> list[dict]:
    """The websockets HAProxy has logged (when they closed) that carried a SRV cookie."""
    return [r for r in log_lines(farm, "/_stcore/stream") if r["sent"] != "-"]


def expected_csv(date: str) -> bytes:
    """What the app's "Download CSV" holds for Testville at `date`."""
    import pandas as pd

    from aleppo_map import export
    from aleppo_map.load import load_dataset
    from aleppo_map.timeline import Timeline

    dataset = load_dataset(TESTVILLE)
    text = export.state_csv(dataset, pd.Timestamp(date), Timeline(dataset))
    return text.encode("utf-8") if isinstance(text, str) else text


def log_lines(farm: Farm, path_part: str) -> list[dict]:
    """HAProxy's httplog lines whose request contains `path_part`, parsed: the backend
    server, the SRV cookie the client sent, the cookie flags (V = valid cookie, N = none,
    D = its server was down; I = inserted) and the status."""
    pattern = re.compile(
        r"(?:streamlit|sessions)/(?P<server>\S+) \S+ (?P<status>-?\d+) \S+ (?P<sent>\S+) \S+ "
        r'(?P<flags>\S{4}) .*"(?P<method>\S+) (?P<path>\S+)'
    )
    rows = []
    for line in farm.log():
        match = pattern.search(line)
        if match and path_part in match["path"]:
            rows.append(match.groupdict())
    return rows


def run(coroutine, seconds: float = 90):
    """Run the protocol clients in a thread of their own: in the whole suite, the browser
    tests' Playwright keeps an event loop running in this one."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coroutine, seconds)).result()


# ----------------------------------------------------------------------------- fixture


@pytest.fixture(scope="module")
def farm(tmp_path_factory):
    haproxy_present()
    run_dir = tmp_path_factory.mktemp("serve")
    options = ("--queue-timeout", str(QUEUE_TIMEOUT), "--restart-delay", str(RESTART_DELAY))
    with balanced(2, TESTVILLE, None, run_dir, *options, startup=120) as started:
        farm = Farm(run_dir, started["launcher"])
        yield farm
    launcher = farm.launcher
    # A SIGTERM stops everything it started, and it says so.
    assert launcher.returncode == 0
    assert "stopping haproxy and the Streamlit processes" in (run_dir / "serve.out").read_text()
    for pid in farm.pids:
        assert not _running(pid), f"pid {pid} still runs after the launcher stopped"


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def check_config(run_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """`serve.py --check` with `args`: writes the config into `run_dir` and prints it."""
    return subprocess.run(
        [sys.executable, str(REPO / "deploy" / "serve.py"), "--check", "--run-dir",
         str(run_dir), *args],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip


# ------------------------------------------------------------------------------- tests


def test_the_launcher_writes_a_config_haproxy_accepts(tmp_path):
    haproxy_present()
    result = check_config(tmp_path, "--processes", "3", "--port", "18501")
    assert result.returncode == 0, result.stderr
    config = result.stdout
    for line in (
        "bind 127.0.0.1:18501",
        "cookie SRV insert indirect nocache",
        "option httpchk GET /_stcore/health",
        "be_conn_free(sessions) le 0",
        "default-server maxconn 150",
        "timeout tunnel 1h",
        "server s1 127.0.0.1:18502 id 1 cookie s1",
        "server s3 127.0.0.1:18504 id 3 cookie s3 track streamlit/s3",
    ):
        assert line in config, line
    # Under a sub-path, every process gets it and the health check asks there.
    sub = check_config(
        tmp_path / "sub", "--processes", "1", "--port", "18501", "--base-url-path", "aleppo"
    )
    assert sub.returncode == 0, sub.stderr
    assert "option httpchk GET /aleppo/_stcore/health" in sub.stdout
    busy = (tmp_path / "busy.http").read_bytes()
    head, _, body = busy.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 503 ")
    assert f"Content-Length: {len(body)}".encode() in head
    assert "The map is busy — retrying in a few seconds…".encode() in body


def test_the_documented_haproxy_lines_are_the_ones_the_launcher_writes(tmp_path):
    """docs/deploy.md quotes the working lines of the config; each must be in the file that
    `serve.py --check --processes 2 --port 8501` writes, and the recipe must be there."""
    haproxy_present()
    doc = (REPO / "docs" / "deploy.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Scale out on one machine") :]
    (block,) = re.findall(r"```haproxy\n(.*?)```", section, re.DOTALL)
    result = check_config(tmp_path, "--processes", "2", "--port", "8501")
    assert result.returncode == 0, result.stderr
    written = result.stdout.replace(str(tmp_path), "RUN_DIR")
    written = {line.strip() for line in written.splitlines()}
    quoted = [line.strip() for line in block.splitlines() if line.strip()]
    assert len(quoted) > 20
    assert [line for line in quoted if line not in written] == []
    assert "make serve PROCESSES=2" in section
    assert "deploy/serve.py --processes 2 --port 8501" in section


def test_sessions_are_spread_stick_to_their_process_and_get_their_files(farm):
    stats = Stats()
    farm.wait_idle()
    n = 6

    async def scenario():
        sessions = []
        for i in range(n):  # one after another, as readers arrive
            session = Session(farm.url, "date=2020-04-12", stats, f"reader-{i}")
            await session.open()
            sessions.append(session)
        weeks = ["2020-03-08", "2020-03-29", "2020-04-19", "2020-05-10", "2020-05-31", "2020-06-07"]
        await asyncio.gather(*map(act, sessions, weeks))
        # Then each session downloads its CSV, one after another, and the same URL is tried
        # at once with the other process's cookie. (Streamlit drops a generated download
        # file after two more script runs in its process, so this happens while no session
        # runs: a browser fetches the file as soon as it has the URL.)
        files, tried = [], []
        for session in sessions:
            shown = session.shown()["date"]
            files.append((shown, await session.download("Download CSV")))
            url = farm.url + session.last_download
            other = "s2" if session.backend == "s1" else "s1"
            there = await asyncio.to_thread(get, url, {"SRV": other})
            here = await asyncio.to_thread(get, url, {"SRV": session.backend})
            tried.append((session.backend, session.last_download, there[0], here[0]))
        for session in sessions:
            await session.close()
        return sessions, files, tried

    async def act(session, week):
        await session.release(week)
        await session.click("old_town", with_date=True)
        await session.step("1 week ▶")

    logged = len(cookie_streams(farm))
    sessions, files, tried = run(scenario())
    assert stats.errors == []
    assert stats.sessions_opened == n
    assert (stats.releases, stats.clicks, stats.steps, stats.downloads) == (n, n, n, n)
    # Spread over both processes by the balancer's cookie (least connections: 3 and 3).
    assert sorted(s.backend for s in sessions) == ["s1"] * 3 + ["s2"] * 3
    # Every session's file is its own: the state at the week it shows.
    for session, (shown, body) in zip(sessions, files, strict=True):
        assert body.startswith(b"area_id,"), body[:80]
        assert body == expected_csv(shown), f"{session.name} at {shown}"
    # The file lives only in the process that made it: with the other process's cookie the
    # same URL is a 404. Stickiness is what makes downloads work. (A file's id is a hash of
    # its bytes: two weeks with the same state make the same file, so a file that the other
    # process also made is not tried there.)
    made = {(backend, path) for backend, path, _, _ in tried}
    crossed = [
        (there, here)
        for backend, path, there, here in tried
        if ("s2" if backend == "s1" else "s1", path) not in made
    ]
    assert all(here == 200 for _, _, _, here in tried), tried
    assert len(crossed) >= 2 and set(crossed) == {(404, 200)}, tried

    # In HAProxy's log: each download and each websocket upgrade carried its session's
    # cookie (flag V: valid) and reached that process.
    # A websocket is logged when it closes: until the n of these sessions are there.
    streams = wait_until(
        lambda: (rows := cookie_streams(farm)) and len(rows) >= logged + n and rows,
        "the sessions' websockets in HAProxy's log",
    )
    media = log_lines(farm, "/media/")
    assert {r["status"] for r in streams[-n:]} == {"101"}
    assert len(media) >= 3 * n and sum(r["status"] == "200" for r in media) >= 2 * n
    for row in media + streams[-n:]:
        assert row["sent"] == f"SRV={row['server']}" and row["flags"][2] == "V", row


def test_a_client_that_ignores_cookies_still_meets_its_process(farm):
    stats = Stats()

    async def scenario():
        results = []
        for i in range(2):
            session = Session(farm.url, "date=2020-05-03", stats, f"no-cookies-{i}",
                              keep_cookies=False)  # fmt: skip
            await session.open()
            body = await session.download("Download CSV")
            results.append((session.shown()["date"], body))
            await session.close()
        return results

    def cookieless(path_part: str) -> list[dict]:
        return [r for r in log_lines(farm, path_part) if r["sent"] == "-"]

    logged = len(cookieless("/_stcore/stream"))
    for shown, body in run(scenario()):
        assert body == expected_csv(shown)
    assert stats.errors == []
    # No cookie sent; the websocket and the download went to one process (by address). A
    # websocket is logged when it closes: until both of these are there.
    streams = wait_until(
        lambda: len(rows := cookieless("/_stcore/stream")) >= logged + 2 and rows,
        "the cookie-less websockets in HAProxy's log",
    )
    media = cookieless("/media/")
    assert len(media) >= 2
    assert {r["server"] for r in streams[-2:] + media[-2:]} == {streams[-1]["server"]}


def test_a_new_reader_gets_the_busy_page_when_no_process_is_available(farm):
    status, _, _ = get(farm.url + "/")
    assert status == 200
    for name in ("s1", "s2"):
        farm.api(f"set server streamlit/{name} state maint")
    try:
        status, headers, body = get(farm.url + "/?date=2020-04-12&area=old_town")
    finally:
        for name in ("s1", "s2"):
            farm.api(f"set server streamlit/{name} state ready")
    assert status == 503
    page = body.decode("utf-8")
    assert "The map is busy — retrying in a few seconds…" in page
    assert '<meta http-equiv="refresh"' in page and "location.reload()" in page
    assert headers["Retry-After"] == "5" and headers["Cache-Control"] == "no-store"
    assert len(body) < 2000  # tiny
    farm.wait_status("s1", "UP", 10)
    assert get(farm.url + "/")[0] == 200


def test_a_new_reader_gets_the_busy_page_when_every_session_slot_is_taken(farm):
    """One session per process (set at run time): a tab on s1 fills it; a returning reader
    of s1 gets the busy page, a new reader goes to s2; once s2 is full too, a new reader
    gets the busy page at once (no frozen wait); when a tab closes, readers get in again."""
    stats = Stats()
    farm.wait_idle()
    for name in ("s1", "s2"):
        farm.api(f"set maxconn server sessions/{name} 1")
    try:

        async def scenario():
            seen = {}

            async def page(label, cookies=None):
                started = time.monotonic()
                status, headers, body = await asyncio.to_thread(get, farm.url + "/", cookies)
                seen[label] = (status, time.monotonic() - started, body, headers)

            first = Session(farm.url, "", stats, "tab-s1", cookies={"SRV": "s1"})
            await first.open()
            await page("returning to full s1", {"SRV": "s1"})
            await page("new reader, s2 free")
            second = Session(farm.url, "", stats, "tab-s2", cookies={"SRV": "s2"})
            await second.open()
            await page("new reader, all full")
            await first.close()
            # Until HAProxy has seen the tab close and freed its slot on s1.
            await asyncio.to_thread(
                wait_until, lambda: farm.open_sessions() <= 1, "the closed tab's slot is free"
            )
            await page("new reader after a tab closed")
            await second.close()
            return seen

        seen = run(scenario())
    finally:
        for name in ("s1", "s2"):
            farm.api(f"set maxconn server sessions/{name} {farm.state['max_sessions']}")
    assert stats.errors == []
    for label in ("returning to full s1", "new reader, all full"):
        status, waited, body, _ = seen[label]
        assert status == 503 and b"The map is busy" in body, label
        assert waited < 1.0, f"{label}: the busy page took {waited:.1f} s"
    status, _, _, headers = seen["new reader, s2 free"]
    assert status == 200 and "SRV=s2" in headers["Set-Cookie"]
    assert seen["new reader after a tab closed"][0] == 200


def test_a_dead_process_is_taken_out_and_the_others_go_on(farm):
    stats = Stats()
    farm.wait_status("s1", "UP", 10)
    farm.wait_status("s2", "UP", 10)
    killed = farm.pid("s1")

    async def scenario():
        import websockets

        on = {}
        for name in ("s1", "s1", "s2", "s2"):
            session = Session(farm.url, "date=2020-05-03&area=harbour", stats,
                              f"{name}-{len(on)}", cookies={"SRV": name})  # fmt: skip
            await session.open()
            on[session.name] = session
        assert [s.backend for s in on.values()] == ["s1", "s1", "s2", "s2"]

        os.kill(killed, signal.SIGKILL)
        started = time.monotonic()
        taken_out = await asyncio.to_thread(farm.wait_status, "s1", "DOWN", 5)
        failures = []
        for session in on.values():
            if session.backend == "s1":  # its process is gone: the connection is closed
                try:
                    await asyncio.wait_for(session.release("2020-05-10"), 10)
                except (websockets.ConnectionClosed, OSError) as exc:
                    failures.append(type(exc).__name__)
            else:  # the other process's readers go on
                await session.release("2020-05-10")
                await session.click("station", with_date=True)
        # A reader of the dead process reloads (as Streamlit's page does when its
        # connection drops): the old cookie points to a dead server, HAProxy sends it to
        # the other one and gives it a new cookie; the view comes back from the URL.
        back = Session(farm.url, on["s1-0"].query, stats, "reconnect", cookies={"SRV": "s1"})
        await back.open()
        # New readers go to the surviving process only.
        new = []
        for i in range(3):
            session = Session(farm.url, "date=2020-03-22", stats, f"new-{i}")
            await session.open()
            await session.click("old_town")
            new.append(session)
        still_down = farm.status()["s1"]
        elapsed = time.monotonic() - started
        for session in [*on.values(), back, *new]:
            await session.close()
        return taken_out, failures, back, new, still_down, elapsed

    taken_out, failures, back, new, still_down, elapsed = run(scenario())
    assert taken_out <= 5, f"s1 taken out after {taken_out:.1f} s"
    assert len(failures) == 2, failures  # a clear failure (closed connection), not a hang
    assert back.backend == "s2" and back.shown()["area"] == "harbour", back.shown()
    assert [s.backend for s in new] == ["s2"] * 3
    assert still_down.startswith("DOWN") or still_down.startswith("MAINT"), (
        f"s1 came back during the checks ({elapsed:.1f} s after the kill): {still_down}"
    )
    assert stats.errors == []  # every action of a live session was answered

    # The launcher restarts the dead process; HAProxy takes it back after two good checks.
    farm.wait_status("s1", "UP", RESTART_DELAY + 60)
    assert farm.pid("s1") != killed
    stats = Stats()
    run(_open_on(farm, "s1", stats))
    assert stats.errors == [] and stats.backends == {"s1": 1}


async def _open_on(farm: Farm, name: str, stats: Stats) -> None:
    session = Session(farm.url, "date=2020-03-22", stats, "again", cookies={"SRV": name})
    await session.open()
    await session.close()


# ----------------------------------------------------------------- a real browser


@pytest.mark.browser
def test_the_browser_sends_the_cookie_on_the_websocket_and_the_download(farm, browser):
    from tests.browser.harness import offline, wait_for_app, wait_for_polygons

    logged = len(log_lines(farm, "/_stcore/stream"))
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        offline(page, farm.url)
        page.goto(farm.url + "/?date=2020-04-12", wait_until="domcontentloaded")
        wait_for_app(page)
        wait_for_polygons(page)
        cookie = next(c for c in context.cookies() if c["name"] == "SRV")
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name="Download CSV").click()
        body = Path(download.value.path()).read_bytes()
        shown = re.search(r"date=([0-9-]+)", page.url)[1]
    finally:
        context.close()
    assert body.startswith(b"area_id,") and body == expected_csv(shown)
    stream = wait_until(  # the websocket is logged when it closes
        lambda: len(rows := log_lines(farm, "/_stcore/stream")) > logged and rows[-1],
        "the page's websocket in HAProxy's log",
    )
    media = log_lines(farm, "/media/")[-1]
    for row in (stream, media):
        assert row["sent"] == f"SRV={cookie['value']}", row
        assert row["server"] == cookie["value"] and row["flags"][2] == "V", row
