"""Servers for the load test and the scale-out tests, on 127.0.0.1 only: one `streamlit
run` (as the tests start it), or N of them behind HAProxy (deploy/serve.py); and the
processes' resident memory, from /proc (Linux).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests.browser.harness import streamlit_process  # the tests' own server start-up

REPO = Path(__file__).resolve().parent.parent


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


# How an app process shows in its command line: `make run` and deploy/serve.py start
# aleppo_map.ui.start; a plain `streamlit run app.py` works too.
APP_COMMANDS = ("aleppo_map.ui.start", "streamlit run")


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
    if any(app in cmdline(pid) for app in APP_COMMANDS):
        return [pid], False
    siblings = []
    launcher = parent(pid)
    for other in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError):
            if parent(other) == launcher and any(app in cmdline(other) for app in APP_COMMANDS):
                siblings.append(int(other))
    return sorted(siblings), True


@contextlib.contextmanager
def one_streamlit(data: Path | None, log: Path):
    """One app process on a free port, as `make run` and the tests start it."""
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
