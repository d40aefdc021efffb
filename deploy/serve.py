#!/usr/bin/env python3
"""Serve the map from N `streamlit run` processes behind HAProxy, on one machine.

    .venv/bin/python deploy/serve.py --processes 2 --port 8501
    .venv/bin/python deploy/serve.py --processes 2 --port 8501 --data tests/data/testville

Starts N app processes (`python -m aleppo_map.ui.start`: `streamlit run app.py` with the
first page's work done before it answers) on consecutive loopback ports (PORT+1 ... PORT+N
by default), waits until each answers GET /_stcore/health, writes deploy/haproxy.cfg.in
with the ports filled in (and the busy page) into a run directory, checks it with
`haproxy -c`, and runs Debian's haproxy in the foreground on PORT. It prints the URL, then
watches: a Streamlit process that dies is taken out by haproxy's health check within about
two seconds and restarted here after --restart-delay seconds. Ctrl-C or SIGTERM stops
haproxy first, then every Streamlit process; they also get SIGTERM if this launcher is
killed.

The run directory (a new temporary one unless --run-dir is given) holds haproxy.cfg,
busy.http, haproxy.log (one line per request: client, backend process, SRV cookie, status),
haproxy.sock (the runtime API), s1.log ... sN.log and state.json (URL, ports, pids), which
tests and bench/load_test.py read. Python standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEPLOY = Path(__file__).resolve().parent
LOOPBACK = "127.0.0.1"  # the Streamlit processes listen here only
HEALTH = "/_stcore/health"
# Sessions (open tabs: websockets) a process takes before new readers get the busy page.
# Measured on a 2-core machine with the load test's readers profile (docs/deploy.md): two
# processes with 150 readers each kept p95 under 0.5 s (0.43 s), with 300 each it rose to
# 4.8 s; one process alone had 0.18 s with 100 readers and 8 s with 300.
DEFAULT_MAX_SESSIONS = 150
# HTTP requests (pages, scripts, downloads) a process serves at once; more wait in a queue.
DEFAULT_MAXCONN = 32


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 1,
        help="Streamlit processes (default: one per core, %(default)s here)",
    )  # fmt: skip
    parser.add_argument("--port", type=int, default=8501, help="haproxy's port (0: a free one)")
    parser.add_argument(
        "--bind", default=LOOPBACK,
        help="haproxy's address (default 127.0.0.1: put HTTPS in front, see docs/deploy.md)",
    )  # fmt: skip
    parser.add_argument(
        "--backend-port", type=int, default=None,
        help="first Streamlit port (default PORT+1; 0: free ports)",
    )  # fmt: skip
    parser.add_argument("--data", type=Path, default=None, help="dataset (default: bundled)")
    parser.add_argument(
        "--base-url-path", default="",
        help="serve under a sub-path, e.g. aleppo (passed to every process; haproxy keeps "
        "the path, as in docs/deploy.md)",
    )  # fmt: skip
    parser.add_argument(
        "--max-sessions", type=int, default=DEFAULT_MAX_SESSIONS,
        help="open tabs (websockets) per process; beyond, new readers get the busy page "
        "(default %(default)s)",
    )  # fmt: skip
    parser.add_argument(
        "--maxconn", type=int, default=DEFAULT_MAXCONN,
        help="HTTP requests a process serves at once; more wait (default %(default)s)",
    )  # fmt: skip
    parser.add_argument(
        "--queue-timeout", type=float, default=5.0,
        help="seconds a queued request waits before it gets the busy page (default 5)",
    )  # fmt: skip
    parser.add_argument(
        "--run-dir", type=Path, default=None,
        help="where the config, logs and state go (default: a new temporary directory)",
    )  # fmt: skip
    parser.add_argument("--haproxy", default=None, help="haproxy binary (default: on PATH)")
    parser.add_argument(
        "--restart-delay", type=float, default=2.0,
        help="seconds before a dead Streamlit process is started again; negative: never",
    )  # fmt: skip
    parser.add_argument(
        "--startup-timeout", type=float, default=120.0,
        help="seconds each process may take to answer its health check",
    )  # fmt: skip
    parser.add_argument(
        "--check", action="store_true",
        help="write and check the haproxy config, print it, start nothing",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    if args.maxconn < 1 or args.max_sessions < 1:
        parser.error("--maxconn and --max-sessions must be at least 1")
    return args


# --------------------------------------------------------------------- configuration


def busy_response() -> bytes:
    """The 503 answer haproxy sends when every process is down or full: a tiny page that
    says so and reloads itself."""
    body = (DEPLOY / "busy.html").read_bytes()
    head = (
        "HTTP/1.1 503 Service Unavailable\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        "Cache-Control: no-store\r\n"
        "Retry-After: 5\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n"
        "\r\n"
    )
    return head.encode("ascii") + body


def haproxy_config(
    run_dir: Path,
    bind: str,
    port: int,
    ports: list[int],
    *,
    max_sessions: int,
    maxconn: int,
    queue_timeout: float,
    prefix: str = "",
) -> str:
    template = string.Template((DEPLOY / "haproxy.cfg.in").read_text(encoding="utf-8"))
    names = [f"s{i}" for i in range(1, len(ports) + 1)]
    servers = "\n".join(
        f"    server {n} {LOOPBACK}:{p} id {i} cookie {n}"
        for i, (n, p) in enumerate(zip(names, ports, strict=True), start=1)
    )
    session_servers = "\n".join(
        f"    server {n} {LOOPBACK}:{p} id {i} cookie {n} track streamlit/{n}"
        for i, (n, p) in enumerate(zip(names, ports, strict=True), start=1)
    )
    # A returning reader (cookie sN) whose process is up but has no session slot left.
    full_rules = "\n".join(
        f"    http-request return status 503 errorfile {run_dir}/busy.http if page !asset "
        f"{{ req.cook(SRV) -m str {n} }} {{ srv_is_up(sessions/{n}) }} "
        f"{{ srv_conn_free(sessions/{n}) le 0 }}"
        for n in names
    )
    return template.substitute(
        run_dir=run_dir,
        bind=bind,
        port=port,
        servers=servers,
        session_servers=session_servers,
        full_rules=full_rules,
        maxconn=maxconn,
        max_sessions=max_sessions,
        # Every slot twice (a page view and its websocket), with room to spare, but within
        # the usual limit of open files (haproxy needs two per connection).
        global_maxconn=min(8000, max(1000, 2 * (maxconn + max_sessions) * len(ports))),
        queue_timeout=(
            f"{queue_timeout:.0f}s"
            if queue_timeout == int(queue_timeout)
            else f"{queue_timeout * 1000:.0f}ms"
        ),
        health=prefix + HEALTH,
    )


def find_haproxy(explicit: str | None) -> str:
    found = explicit or shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not os.access(found, os.X_OK):
        sys.exit(
            f"serve: no haproxy at {found}. On Debian or Ubuntu: sudo apt-get install haproxy "
            "(`make browser` installs it)."
        )
    return found


# ------------------------------------------------------------------------ processes


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM when the launcher dies (Linux), so that a
    killed launcher leaves no server behind."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def spawn(command: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
    with open(log, "a", encoding="utf-8") as out:
        return subprocess.Popen(
            command,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            # Its own process group: Ctrl-C reaches the launcher only, which stops haproxy
            # first and then the Streamlit processes, in order.
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )


def stop(process: subprocess.Popen | None, grace: float = 10.0) -> None:
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait(timeout=5)


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http only)
            return response.status == 200
    except OSError:
        return False


class Backend:
    """One app process (aleppo_map.ui.start, i.e. `streamlit run app.py`) on a loopback port."""

    def __init__(
        self, name: str, port: int, run_dir: Path, data: Path | None, env: dict, prefix: str
    ):
        self.name, self.port, self.env, self.prefix = name, port, env, prefix
        self.log = run_dir / f"{name}.log"
        self.command = [
            sys.executable, "-m", "aleppo_map.ui.start",
            "--server.port", str(port), "--server.address", LOOPBACK,
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        if prefix:
            self.command += ["--server.baseUrlPath", prefix.strip("/")]
        if data is not None:
            self.command += ["--", "--data", str(data)]
        self.process: subprocess.Popen | None = None
        self.died_at: float | None = None
        self.restarts = 0

    def start(self) -> None:
        self.process = spawn(self.command, self.log, self.env)
        self.died_at = None

    def wait_healthy(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not healthy(f"http://{LOOPBACK}:{self.port}{self.prefix}{HEALTH}"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise RuntimeError(
                    f"{self.name} (port {self.port}) did not answer {self.prefix}{HEALTH} "
                    f"(exit code {self.process.poll()}); its log ends:\n{tail}"
                )
            time.sleep(0.2)

    def state(self) -> dict:
        return {
            "name": self.name,
            "port": self.port,
            "pid": self.process.pid if self.process else None,
            "log": str(self.log),
            "restarts": self.restarts,
        }


def write_state(run_dir: Path, state: dict) -> None:
    temporary = run_dir / "state.json.tmp"
    temporary.write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
    temporary.replace(run_dir / "state.json")


# ------------------------------------------------------------------------------ main


class Stopping(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    haproxy = find_haproxy(args.haproxy)
    own_run_dir = args.run_dir is None
    run_dir = Path(tempfile.mkdtemp(prefix="aleppo-serve-")) if own_run_dir else args.run_dir
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir = run_dir.resolve()
    port = args.port or free_port()
    if args.backend_port == 0:
        ports = [free_port() for _ in range(args.processes)]
    else:
        first = args.backend_port or port + 1
        ports = list(range(first, first + args.processes))
    if port in ports:
        sys.exit(f"serve: haproxy's port {port} is also a Streamlit port")
    prefix = "/" + args.base_url_path.strip("/") if args.base_url_path.strip("/") else ""

    (run_dir / "busy.http").write_bytes(busy_response())
    config = run_dir / "haproxy.cfg"
    config.write_text(
        haproxy_config(
            run_dir,
            args.bind,
            port,
            ports,
            max_sessions=args.max_sessions,
            maxconn=args.maxconn,
            queue_timeout=args.queue_timeout,
            prefix=prefix,
        ),  # fmt: skip
        encoding="utf-8",
    )
    checked = subprocess.run(
        [haproxy, "-c", "-q", "-f", str(config)], capture_output=True, text=True, timeout=30
    )
    if checked.returncode != 0:
        sys.exit(f"serve: haproxy rejects {config}:\n{checked.stdout}{checked.stderr}")
    if args.check:
        print(config.read_text(encoding="utf-8"), end="")
        return 0

    # One cookie secret for all processes: a reader moved to another process (its own
    # died) keeps a valid XSRF cookie for uploads.
    env = dict(os.environ)
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
    backends = [
        Backend(f"s{i}", p, run_dir, args.data, env, prefix) for i, p in enumerate(ports, start=1)
    ]
    balancer: subprocess.Popen | None = None

    def on_signal(signum, _frame):
        raise Stopping(signal.Signals(signum).name)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, on_signal)

    def state(ready: bool) -> dict:
        host = LOOPBACK if args.bind in ("", "*", "::", "0" + ".0.0.0") else args.bind
        return {
            "ready": ready,
            "url": f"http://{host}:{port}{prefix}/",
            "port": port,
            "bind": args.bind,
            "launcher_pid": os.getpid(),
            "haproxy_pid": balancer.pid if balancer else None,
            "run_dir": str(run_dir),
            "config": str(config),
            "haproxy_log": str(run_dir / "haproxy.log"),
            "stats_socket": str(run_dir / "haproxy.sock"),
            "maxconn": args.maxconn,
            "max_sessions": args.max_sessions,
            "backends": [b.state() for b in backends],
        }

    code = 0
    try:
        for backend in backends:
            backend.start()
        for backend in backends:
            backend.wait_healthy(args.startup_timeout)
        balancer = spawn([haproxy, "-f", str(config), "-db"], run_dir / "haproxy.log")
        deadline = time.monotonic() + 30
        url = state(False)["url"]
        while not healthy(url.rstrip("/") + HEALTH):  # the URL includes the sub-path
            if balancer.poll() is not None or time.monotonic() > deadline:
                log = (run_dir / "haproxy.log").read_text(encoding="utf-8", errors="replace")
                raise RuntimeError(f"haproxy did not start (exit {balancer.poll()}):\n{log}")
            time.sleep(0.1)
        write_state(run_dir, state(True))
        print(
            f"The map is served at {url} by {len(backends)} Streamlit processes "
            f"(ports {', '.join(str(p) for p in ports)}) behind haproxy.\n"
            f"Logs, config and state: {run_dir}. Ctrl-C stops everything.",
            flush=True,
        )
        while True:
            if balancer.poll() is not None:
                raise RuntimeError(f"haproxy exited with code {balancer.returncode}")
            for backend in backends:
                if backend.process.poll() is None:
                    continue
                now = time.monotonic()
                if backend.died_at is None:
                    backend.died_at = now
                    print(
                        f"{backend.name} (pid {backend.process.pid}, port {backend.port}) "
                        f"exited with code {backend.process.returncode}; haproxy's health "
                        "check takes it out"
                        + (
                            f"; restarting it in {args.restart_delay:g} s"
                            if args.restart_delay >= 0
                            else ""
                        ),
                        flush=True,
                    )
                elif 0 <= args.restart_delay <= now - backend.died_at:
                    backend.restarts += 1
                    backend.start()
                    write_state(run_dir, state(True))
                    print(f"{backend.name} restarted (pid {backend.process.pid})", flush=True)
            time.sleep(0.2)
    except Stopping as signame:
        print(f"serve: {signame}: stopping haproxy and the Streamlit processes", flush=True)
    except RuntimeError as exc:
        print(f"serve: {exc}", file=sys.stderr, flush=True)
        code = 1
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)  # finish the clean-up undisturbed
        stop(balancer, grace=5)
        for backend in backends:
            with contextlib.suppress(ProcessLookupError):
                if backend.process is not None and backend.process.poll() is None:
                    backend.process.terminate()
        for backend in backends:
            stop(backend.process)
        with contextlib.suppress(OSError):
            (run_dir / "state.json").unlink()
        if own_run_dir and code == 0:
            shutil.rmtree(run_dir, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
