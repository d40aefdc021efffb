"""Run the app with `streamlit run` on a free port and drive it with Debian's Chromium.

Used by the browser tests, the screenshot script and the browser benchmarks. Nothing leaves
the machine: every request to another host is answered locally (an empty body), and Leaflet
comes from the app's own static files.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

from aleppo_map.ui.map import COMPONENT_NAME

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
    # Offline but for this machine: any other host fails at once, with no request routed
    # (routing a request turns the browser's cache off; new_page, shared=True).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
# The map's frame: our own component (aleppo_map/ui/map.py). Its title names the map once it
# has started (the component's name until then), so it is found by the page it shows. The
# second selector finds the frame of the designs before it (streamlit-folium's), which the
# benchmarks still measure for comparison (bench/profile_step.py --before).
MAP_FRAME = (
    f'iframe[src*="/component/{COMPONENT_NAME}/"], iframe[title="streamlit_folium.st_folium"]'
)
# An init script for every frame, before any page script: a hostile payload in the data or
# the URL would set `window.__pwned`; setting it is also reported on the console ("PWNED"),
# so a payload that ran in a frame that was later replaced is still caught.
PWNED_TRAP = """
(() => {
  let value;
  Object.defineProperty(window, "__pwned", {
    configurable: false,
    get() { return value; },
    set(v) { value = v; console.error("PWNED in " + location.href); },
  });
})();
"""


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
def serving(
    command: list[str],
    health_url: str,
    *,
    cwd: Path = REPO,
    env: dict | None = None,
    log: Path | None = None,
    seconds: float = 60,
) -> Iterator[subprocess.Popen]:
    """Run the server `command` (its output into `log`); yield the process once `health_url`
    answers 200, and stop it on the way out."""
    with open(log or os.devnull, "w", encoding="utf-8") as log_file:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
        try:
            wait_for_health(health_url, process, seconds)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@contextlib.contextmanager
def streamlit_process(
    script: str = "app.py",
    data: Path | None = None,
    log: Path | None = None,
    extra_args: list[str] | None = None,
) -> Iterator[tuple[subprocess.Popen, str]]:
    """Start the app (`script`: app.py as `make run` does, another page with `streamlit run`)
    on a free port; yield (process, base URL) once it is healthy.

    `extra_args` are more `streamlit run` options; with `--server.baseUrlPath P` the URL
    yielded (and the health check) is under /P.
    """
    port = free_port()
    extra_args = list(extra_args or [])
    # The map page starts as `make run` starts it (aleppo_map/ui/start.py); other scripts
    # (the benchmark's baseline page) with `streamlit run`.
    start = (
        ["aleppo_map.ui.start"] if script == "app.py" else ["streamlit", "run", str(REPO / script)]
    )
    command = [
        sys.executable, "-m", *start,
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        *extra_args,
    ]  # fmt: skip
    if data is not None:
        command += ["--", "--data", str(data)]
    base = f"http://127.0.0.1:{port}"
    if "--server.baseUrlPath" in extra_args:
        base += "/" + extra_args[extra_args.index("--server.baseUrlPath") + 1].strip("/")
    with serving(command, f"{base}/_stcore/health", log=log) as process:
        yield process, base


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


def new_page(browser, base: str, shared: bool = False, **context_options):
    """A page, offline but for `base`, with its script errors collected in `page.js_errors`
    and the size of every message it sends over a websocket (to Streamlit: a rerun or a
    widget's new value) in `page.ws_sent`. `page.app_url` is `base`. Close it with
    `close_page`.

    In a new context by default, every request routed (so the browser's cache is off: each
    load is a first visit, as the benchmarks measure it). `shared=True`: a page of its own
    (so its own Streamlit session) in the one context this browser keeps for these options,
    whose cache and compiled scripts later pages reuse, offline by CHROMIUM_ARGS alone: an
    app page loads in about 1 s instead of 2.5 s. A test may then change its page (scripts,
    routes), never the shared context."""
    context_options.setdefault("viewport", {"width": 1400, "height": 1000})
    if shared:
        key = (id(browser), repr(sorted(context_options.items())))
        if key not in _SHARED or _SHARED[key].browser is not browser:
            _SHARED[key] = browser.new_context(**context_options)
        page = _SHARED[key].new_page()
    else:
        page = browser.new_context(**context_options).new_page()
        offline(page, base)
    page.shared = shared
    page.app_url = base
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    sent: list[int] = []
    page.on(
        "websocket",
        lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload or b""))),
    )
    page.ws_sent = sent
    return page


def close_page(page) -> None:
    """Close a page of new_page: with its context, unless that context is shared."""
    if getattr(page, "shared", False):
        page.close()
    else:
        page.context.close()


_SHARED: dict[tuple, object] = {}  # new_page's shared contexts, by browser and options


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


def iframe_token(page, frame_selector: str = MAP_FRAME) -> str:
    """Mark the map iframe element; the mark survives only if the iframe is not remounted."""
    return page.evaluate(
        f"""() => {{ const f = document.querySelector('{frame_selector}');
                     if (!f.dataset.token) {{ f.dataset.token = String(Math.random()); }}
                     return f.dataset.token; }}"""
    )


def click_area(page, area_id: str, wait_still: bool = True) -> None:
    """A real mouse click on a point that lies inside the area's polygon on screen.
    `wait_still`: first let the map settle (the time-bar map only: it needs `timeMap`)."""
    iframe = page.locator(MAP_FRAME)
    iframe.scroll_into_view_if_needed()
    if wait_still:
        wait_for_map_still(iframe.element_handle().content_frame())
    path = map_frame(page).locator(f'path[data-area="{area_id}"]')
    # Playwright's click, not a raw mouse click: it checks that this polygon receives the
    # click, and retries if a rerun moved the map in between.
    path.click(position=visible_point(path))


def wait_for_holders_change(page, before: dict[str, str], timeout: float = 10.0) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = holders_by_area(page)
        if now != before:
            return now
        time.sleep(0.05)
    raise AssertionError("the map colours did not change")


# ------------------------------------------------------------------ the map's own time bar
#
# The map (aleppo_map/web/timemap*.js) runs the same in the app's map frame and in the
# published file. These helpers take a Playwright Page or Frame: `map_js_frame(page)`
# gives the app's map frame; the published file's map is in the page itself.

JS_FRAME_TIMEOUT = 30_000


def map_js_frame(page):
    """The app's map frame as a Playwright Frame (to evaluate scripts in it), once its map
    has painted and stopped moving. The frame element found first may be replaced while the
    page settles (e.g. on the way back from another page): then the one that replaced it."""
    deadline = time.monotonic() + JS_FRAME_TIMEOUT / 1000
    while True:
        handle = page.locator(MAP_FRAME).element_handle(timeout=JS_FRAME_TIMEOUT)
        frame = handle.content_frame()
        try:
            frame.wait_for_function("() => window.timeMap && window.timeMapPainted", timeout=3000)
            break
        except PlaywrightError:  # not painted yet, or detached with its element: look again
            if time.monotonic() > deadline:
                raise
    wait_for_map_still(frame)
    return frame


def wait_for_map_still(frame, still_ms: int = 250, timeout: float = 15_000) -> None:
    """Until the map's view (size, centre, zoom) has not changed for `still_ms`: the map fits
    the city again when its frame gets its final size, and a point found on a moving map
    is not there when the mouse clicks."""
    frame.wait_for_function(
        """ms => { const m = window.timeMap && window.timeMap.map;
                   if (!m || m._animatingZoom || (m._panAnim && m._panAnim._inProgress)) {
                     return false; }
                   const c = m.getCenter(), s = m.getSize();
                   const key = [m.getZoom(), c.lat.toFixed(6), c.lng.toFixed(6), s.x, s.y].join();
                   const now = performance.now();
                   if (window.__tmStillKey !== key) {
                     window.__tmStillKey = key; window.__tmStillSince = now; return false; }
                   return now - window.__tmStillSince >= ms; }""",
        arg=still_ms,
        polling=50,
        timeout=timeout,
    )


def map_week(frame) -> str:
    """The week the map shows: `data-week` (the Sunday ending it) of the map container."""
    return frame.evaluate("() => document.querySelector('.tm-map').getAttribute('data-week')")


def map_state(frame) -> dict:
    """The controller's state: {date, area, route, index, playing}."""
    return frame.evaluate("() => window.timeMap.state()")


def frame_holders(frame) -> dict[str, str]:
    """Area id -> holder as drawn, from a Frame or Page that holds the map."""
    return frame.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('path[data-area]'))
                    .map(p => [p.getAttribute('data-area'), p.getAttribute('data-holder')]))"""
    )


def count_reports(frame) -> None:
    """From now on, keep every value the map sends to Streamlit in `window.__reports`.

    The map tells the app where the reader stopped with the bridge's `setComponentValue`
    (web/timemap-streamlit.js); each call is a rerun of the app. `reports(frame)` reads
    them back."""
    frame.evaluate(
        """() => { const S = window.TimeMapStreamlit;
                   if (!S || S.__counted) { window.__reports = window.__reports || []; return; }
                   const send = S.setComponentValue;
                   window.__reports = [];
                   S.setComponentValue = function (value) {
                     window.__reports.push(JSON.parse(JSON.stringify(value)));
                     return send.apply(this, arguments);
                   };
                   S.__counted = true; }"""
    )


def reports(frame) -> list[dict]:
    """Every report since `count_reports`: {date, area, route, seq}."""
    return frame.evaluate("() => window.__reports || []")


def slider_point(frame, index: int) -> tuple[float, float]:
    """Where the Week slider's thumb sits for frame `index`, in the frame's own coordinates."""
    return frame.evaluate(
        """i => { const s = document.querySelector('input.tm-slider');
                  const b = s.getBoundingClientRect();
                  const thumb = 16;  // Chromium's own thumb (the page does not restyle it)
                  const frac = (i - +s.min) / (+s.max - +s.min);
                  const x = b.left + thumb / 2 + (b.width - thumb) * frac;
                  return [x, b.top + b.height / 2]; }""",
        index,
    )


def frame_offset(page) -> tuple[float, float]:
    """The app's map frame's top-left corner on the page (0, 0 for the published file)."""
    box = page.locator(MAP_FRAME).bounding_box()
    return box["x"], box["y"]


def drag_slider(page, frame, start: int, stop: int, steps: int, sample) -> list:
    """Press the Week slider's thumb at frame `start`, move it to `stop` in `steps` moves
    and call `sample()` after each move, still holding it; then release. Returns the samples.

    `frame` is where the map runs (the app's map frame, or the page of the published file);
    the mouse moves in page coordinates."""
    dx, dy = (0.0, 0.0) if frame is page or frame == page.main_frame else frame_offset(page)
    x0, y = slider_point(frame, start)
    x1, _ = slider_point(frame, stop)
    page.mouse.move(dx + x0, dy + y)
    page.mouse.down()
    samples = []
    for k in range(1, steps + 1):
        page.mouse.move(dx + x0 + (x1 - x0) * k / steps, dy + y, steps=2)
        samples.append(sample())
    page.mouse.up()
    return samples


# Playwright measures `position` from an SVG element's box *with* its stroke, half the stroke
# width beyond getBoundingClientRect() (a 5 px road: 2.5 px), so points are given from there.
STROKE_BOX_ORIGIN = """(() => { const b = p.getBoundingClientRect();
    const half = (parseFloat(getComputedStyle(p).strokeWidth) || 0) / 2;
    return {x: b.left - half, y: b.top - half}; })()"""


def visible_point(path) -> dict:
    """A point inside the element `path` (relative to its box, for `click(position=…)`) where
    it is the topmost element: not under a label, the legend or another layer."""
    point = path.evaluate(
        """p => { const b = p.getBoundingClientRect(), o = strokeBoxOrigin(p);
                  const fs = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9];
                  for (const fy of fs) for (const fx of fs) {
                    const x = b.left + b.width * fx, y = b.top + b.height * fy;
                    if (document.elementFromPoint(x, y) === p) return {x: x - o.x, y: y - o.y};
                  }
                  return null; }""".replace("strokeBoxOrigin(p)", STROKE_BOX_ORIGIN)
    )
    assert point is not None, "no visible point inside the element"
    return point


# ------------------------------------------------------------------ the published file

# The only hosts a published page may ask anything of: the optional basemap tiles.
TILE_HOSTS = re.compile(
    r"^https://([a-d]\.)?basemaps\.cartocdn\.com/|^https://tile\.openstreetmap\.org/"
)


def file_page(browser, **context_options):
    """A page for a published file: `file:` URLs load, every other request is answered locally
    with an empty body and recorded in `page.foreign` (url list). Script errors go to
    `page.js_errors`, dialogs (dismissed) to `page.dialogs`."""
    context_options.setdefault("viewport", {"width": 1400, "height": 900})
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.foreign = []

    def handle(route):
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            page.foreign.append(url)
            route.fulfill(status=200, body="", headers={"Access-Control-Allow-Origin": "*"})

    context.route("**/*", handle)
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    page.dialogs = []

    def dialog(d):
        page.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    return page


def wait_for_site(page, timeout: float = 15_000) -> None:
    """Until the published page has painted its polygons and its map stands still."""
    page.wait_for_function(
        "() => window.timeMapPainted && document.querySelector('path[data-area][data-holder]')",
        timeout=timeout,
    )
    wait_for_map_still(page, timeout=timeout)


def publish(out: Path, data: Path | None = None) -> Path:
    """The real command line: `aleppo-map export site --out DIR [--data DIR]`."""
    script = Path(sys.executable).with_name("aleppo-map")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "aleppo_map"]
    command += ["export", "site", "--out", str(out)]
    if data is not None:
        command += ["--data", str(data)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    page = out / "index.html"
    assert page.is_file(), result.stdout
    return page
