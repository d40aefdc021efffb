"""Run the app with `streamlit run` on a free port and drive it with Debian's Chromium.

Used by the browser tests, the screenshot script and the browser benchmarks. Nothing leaves
the machine: every request to another host is answered locally (an empty body), and Leaflet
comes from the app's own static files.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    """Until `url` answers 200; fails early if the server process has exited."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"{url} never answered (server exit code {process.poll()})"
                ) from None
            time.sleep(0.3)


@contextlib.contextmanager
def streamlit_process(
    script: str = "app.py",
    data: Path | None = None,
    log: Path | None = None,
    extra_args: list[str] | None = None,
) -> Iterator[tuple[subprocess.Popen, str]]:
    """Start `streamlit run` on a free port; yield (process, base URL) once it is healthy.

    `extra_args` are more `streamlit run` options; with `--server.baseUrlPath P` the URL
    yielded (and the health check) is under /P.
    """
    port = free_port()
    extra_args = list(extra_args or [])
    command = [
        sys.executable, "-m", "streamlit", "run", str(REPO / script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        *extra_args,
    ]  # fmt: skip
    if data is not None:
        command += ["--", "--data", str(data)]
    base = f"http://127.0.0.1:{port}"
    if "--server.baseUrlPath" in extra_args:
        base += "/" + extra_args[extra_args.index("--server.baseUrlPath") + 1].strip("/")
    with open(log or os.devnull, "w", encoding="utf-8") as log_file:
        process = subprocess.Popen(command, cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT)
        try:
            wait_for_health(f"{base}/_stcore/health", process)
            yield process, base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@contextlib.contextmanager
def streamlit_server(
    script: str = "app.py",
    data: Path | None = None,
    log: Path | None = None,
    extra_args: list[str] | None = None,
) -> Iterator[str]:
    """Start `streamlit run` and yield its base URL once /_stcore/health answers."""
    with streamlit_process(script, data, log, extra_args) as (_process, base):
        yield base


def offline(page_or_context, base: str) -> None:
    """Answer every request outside the app's own server locally, with an empty body."""

    def handle(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            route.fulfill(status=200, body="", headers={"Access-Control-Allow-Origin": "*"})

    page_or_context.route("**/*", handle)


@contextlib.contextmanager
def chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Until the script has finished running and the page is idle."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        """() => { const app = document.querySelector('[data-testid="stApp"]');
                   return app && app.getAttribute('data-test-script-state') === 'notRunning'; }""",
        timeout=timeout,
    )


def map_frame(page):
    return page.frame_locator(MAP_FRAME)


def wait_for_polygons(page, timeout: float = 30_000):
    """The map iframe's locator once its polygons have been styled by the weekly layer."""
    frame = map_frame(page)
    frame.locator("path.leaflet-interactive[data-holder]").first.wait_for(timeout=timeout)
    return frame


def holders_by_area(page) -> dict[str, str]:
    """What the map shows: area id -> holder, read from the SVG paths."""
    frame = map_frame(page)
    return frame.locator("path[data-area]").evaluate_all(
        "paths => Object.fromEntries(paths.map(p => [p.getAttribute('data-area'),"
        " p.getAttribute('data-holder')]))"
    )


def iframe_token(page) -> str:
    """Mark the map iframe element; the mark survives only if the iframe is not remounted."""
    return page.evaluate(
        f"""() => {{ const f = document.querySelector('{MAP_FRAME}');
                     if (!f.dataset.token) {{ f.dataset.token = String(Math.random()); }}
                     return f.dataset.token; }}"""
    )


def click_area(page, area_id: str) -> None:
    """A real mouse click on a point that lies inside the area's polygon on screen."""
    iframe = page.locator(MAP_FRAME)
    iframe.scroll_into_view_if_needed()
    point = (
        map_frame(page)
        .locator(f'path[data-area="{area_id}"]')
        .evaluate(
            """p => { const b = p.getBoundingClientRect();
                  const fs = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9];
                  for (const fy of fs) for (const fx of fs) {
                    const x = b.left + b.width * fx, y = b.top + b.height * fy;
                    if (document.elementFromPoint(x, y) === p) return {x: x, y: y};
                  }
                  return null; }"""
        )
    )
    if point is None:
        raise AssertionError(f"no visible point inside area {area_id!r}")
    box = iframe.bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def wait_for_holders_change(page, before: dict[str, str], timeout: float = 10.0) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = holders_by_area(page)
        if now != before:
            return now
        time.sleep(0.05)
    raise AssertionError("the map colours did not change")
