"""Browser benchmark of the app: headless Chromium (Debian's) against the app as `make run`
starts it, offline.

    .venv/bin/python -m bench.browser [--drags 3] [--releases 20] [--loads 5] [--steps 30]

Time lives in the map (aleppo_map/web/, in our component's frame): it restyles itself
while the Week slider is dragged or played and tells the app only where the reader stopped.
Measured on the bundled data, with the real mouse (bench/_inmap.py explains the timing):

- open: navigation until the map's first restyled frame is on screen, first visit (empty
  cache) and returning visit (same browser context);
- scrub: `--drags` drags of `--drag-weeks` weeks, one week per move; per `input` event of
  the slider, the time to the restyled frame on screen (median and p95);
- server reruns per drag: the map's `setComponentValue` reports and the `rerun_script`
  messages the page sends over Streamlit's websocket, while the thumb is held and after;
- release: from the slider's `change` (the mouse button released) to the moment the app's
  panel shows the week and the address (`location.search`) holds `date=` (`--releases` more
  short drags, besides the long ones);
- play at the fastest speed (12 weeks/s): weeks shown per second, and messages sent meanwhile;
- remounts of the map frame (`harness.iframe_token`), over all of it;
- the baseline (bench/baseline_app.py: a folium map rebuilt on every rerun; folium and
  streamlit-folium come with the `bench` extra), stepped a week with its button: click to the
  first paint of the new map; the scrub and the release are compared with it.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs

import pandas as pd
from streamlit.proto.BackMsg_pb2 import BackMsg

from aleppo_map.assets import ensure_leaflet
from aleppo_map.load import load_dataset
from aleppo_map.model import HOLDER_COLOURS
from aleppo_map.timeline import Timeline
from bench._common import REPO, row, show, write_json
from bench._inmap import (
    PAINT_HOOK,
    drag,
    first_paint,
    input_to_paint,
    paints_since,
    wait_until_quiet,
)
from tests.browser.harness import (
    MAP_FRAME,
    chromium,
    count_reports,
    iframe_token,
    map_week,
    new_page,
    reports,
    streamlit_server,
    wait_for_app,
)

GROUP = "Browser: the app (bundled data)"
STEP_BUTTON = "1 week ▶"  # the baseline's
FASTEST = "2"  # select.tm-speed: 12 weeks/s
NOMINAL_WPS = 1000 / 83
TIMEOUT_MS = 30_000

# In the page: the click on the baseline's button (capture phase, before Streamlit sees it).
TOP_HOOK = """() => {
  if (!window.__bench) {
    window.__bench = {clickAt: null};
    window.addEventListener('click', () => { window.__bench.clickAt = Date.now(); }, true);
  }
}"""

# The baseline's map: streamlit-folium's frame.
BASELINE_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# In the baseline page: wait for a new map iframe whose paths all have the expected fills.
BASELINE_WATCH = """(expected) => {
  const bench = window.__bench;
  bench.doneAt = null; bench.paintedAt = null;
  const old = document.querySelector('MAP_FRAME');
  if (old && old.contentWindow) { old.contentWindow.__benchOld = true; }
  const timer = setInterval(() => {
    for (const frame of document.querySelectorAll('MAP_FRAME')) {
      let win, doc;
      try { win = frame.contentWindow; doc = frame.contentDocument; } catch (e) { continue; }
      if (!win || !doc || win.__benchOld) { continue; }
      const paths = doc.querySelectorAll('path.leaflet-interactive');
      if (paths.length !== expected.length) { continue; }
      let same = true;
      for (let i = 0; i < paths.length && same; i++) {
        same = (paths[i].getAttribute('fill') || '').toLowerCase() === expected[i];
      }
      if (!same || frame.getBoundingClientRect().height < 100) { continue; }
      clearInterval(timer);
      bench.doneAt = Date.now();
      requestAnimationFrame(() => setTimeout(() => { bench.paintedAt = Date.now(); }, 0));
      return;
    }
  }, 4);
  setTimeout(() => clearInterval(timer), 60000);
}""".replace("MAP_FRAME", BASELINE_FRAME)

# In the app's page, armed just before a release: the times (ms since the epoch) at which
# the address holds the week, the panel shows it, and the frame after both is on screen.
RELEASE_WATCH = """([search, heading]) => {
  const W = window.__release = {search: null, panel: null, done: null, painted: null};
  const now = () => performance.timeOrigin + performance.now();
  let observer = null, timer = null;
  const check = () => {
    if (W.done) { return; }
    if (W.search === null && location.search.includes(search)) { W.search = now(); }
    if (W.panel === null) {
      for (const s of document.querySelectorAll('[data-testid="stMarkdownContainer"] strong')) {
        if (s.textContent.includes(heading)) { W.panel = now(); break; }
      }
    }
    if (W.search !== null && W.panel !== null) {
      W.done = now();
      observer.disconnect(); clearInterval(timer);
      requestAnimationFrame(() => {
        const c = new MessageChannel();
        c.port1.onmessage = () => { W.painted = now(); };
        c.port2.postMessage(0);
      });
    }
  };
  observer = new MutationObserver(check);
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  timer = setInterval(check, 5);
}"""


# In the app's page: when each message to and from Streamlit's websocket is sent or arrives
# (ms since the epoch), to split the release into browser, server and browser again.
WS_HOOK = """(() => {
  if (window.__ws || typeof WebSocket === 'undefined') { return; }
  const log = window.__ws = {sent: [], recv: []};
  const now = () => performance.timeOrigin + performance.now();
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function () {
    log.sent.push(now());
    return send.apply(this, arguments);
  };
  window.WebSocket = new Proxy(WebSocket, {construct(target, args) {
    const ws = new target(...args);
    ws.addEventListener('message', () => { log.recv.push(now()); });
    return ws;
  }});
})();"""


def _safe(fn):
    try:
        return fn()
    except Exception:  # the iframe may not exist yet, or be navigating
        return None


def wait_until(predicate, timeout: float = TIMEOUT_MS / 1000, interval: float = 0.01):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError("the browser did not reach the expected state in time")


def app_page(browser, base: str):
    """A page (harness.new_page) with the paint hook in every frame, and the type of every
    message it sends to Streamlit in `page.ws_types` (`rerun_script` is a rerun)."""
    page = new_page(browser, base)
    page.context.add_init_script(PAINT_HOOK)
    page.context.add_init_script(WS_HOOK)
    types: list[str] = []

    def sent(payload) -> None:
        msg = BackMsg()
        with contextlib.suppress(Exception):
            msg.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
            types.append(msg.WhichOneof("type") or "?")

    page.on("websocket", lambda ws: ws.on("framesent", sent))
    page.ws_types = types
    return page


def reruns(page, since: int) -> int:
    page.evaluate("0")  # let Playwright deliver the websocket events it holds
    return page.ws_types[since:].count("rerun_script")


def the_map_frame(page):
    handle = page.wait_for_selector(MAP_FRAME, state="attached", timeout=TIMEOUT_MS)
    return wait_until(handle.content_frame)


def open_app(browser, base: str, query: str, page=None) -> tuple[float, object, object]:
    """Seconds from navigation to the map's first restyled frame on screen; a new page (empty
    cache) unless `page` is given (navigated again in its context: a returning visit).
    `page.frame_start` is when the map frame began to load, in seconds from navigation."""
    page = page or app_page(browser, base)
    page.goto(f"{base}/{query}", wait_until="commit")
    frame = the_map_frame(page)
    painted = first_paint(frame, timeout=TIMEOUT_MS * 2)
    offset = frame.evaluate("() => performance.timeOrigin") - page.evaluate(
        "() => performance.timeOrigin"
    )
    page.frame_start = offset / 1000
    return (offset + painted) / 1000, page, frame


def panel_heading(iso: str) -> str:
    end = pd.Timestamp(iso)
    return f"Week of {end - pd.Timedelta(days=6):%d %b} – {end:%d %b %Y}"


def one_drag(page, frame, weeks: int, count: int) -> dict:
    """Drag from the shown week `weeks` weeks right (or left, near the end), release, and
    time the release until the panel and the address show the week."""
    start = frame.evaluate("() => window.timeMap.state().index")
    stop = start + weeks if start + weeks < count else start - weeks
    sent0, reports0 = len(page.ws_types), len(reports(frame))
    held: dict = {}

    def release() -> None:
        week = map_week(frame)
        held.update(
            week=week,
            reruns=reruns(page, sent0),
            sent=len(page.ws_types) - sent0,
            reports=len(reports(frame)) - reports0,
        )
        page.evaluate(RELEASE_WATCH, [f"date={week}", panel_heading(week)])

    result = drag(page, frame, start, stop, release=release)
    page.wait_for_function("() => window.__release.painted !== null", timeout=TIMEOUT_MS)
    watch = page.evaluate("() => window.__release")
    change = frame.evaluate(
        "() => performance.timeOrigin + window.__tmBench.changes.slice(-1)[0].t"
    )
    wait_for_app(page)
    page.wait_for_timeout(400)  # anything more the release sets off arrives by now
    ws = page.evaluate("() => window.__ws")
    sent = [t for t in ws["sent"] if t >= change]
    answered = [t for t in ws["recv"] if sent and sent[0] <= t <= watch["done"]]
    return {
        **result,
        "held": held,
        "reports_after": len(reports(frame)) - reports0 - held["reports"],
        "reruns_after": reruns(page, sent0) - held["reruns"],
        "release_ms": watch["done"] - change,
        "release_painted_ms": watch["painted"] - change,
        "search_ms": watch["search"] - change,
        "panel_ms": watch["panel"] - change,
        # the request leaves the page; the last message before the panel and address show
        "sent_ms": sent[0] - change if sent else None,
        "answered_ms": answered[-1] - change if answered else None,
        "weeks": abs(stop - start),
    }


def play(page, frame, seconds: float) -> dict:
    """Play at the fastest speed for `seconds`, then pause: the weeks shown per second."""
    bar = page.frame_locator(MAP_FRAME)
    bar.locator("select.tm-speed").select_option(FASTEST)
    wait_until_quiet(frame)
    first = frame.evaluate("() => window.__tmBench.paints.length")
    sent0, reports0 = len(page.ws_types), len(reports(frame))
    bar.locator("button.tm-play").click()
    page.wait_for_timeout(seconds * 1000)
    during = {"reruns": reruns(page, sent0), "reports": len(reports(frame)) - reports0}
    if frame.evaluate("() => window.timeMap.state().playing"):
        bar.locator("button.tm-play").click()
    shown = [p for p in paints_since(frame, first) if p["painted"] is not None]
    weeks = [p for i, p in enumerate(shown) if i == 0 or p["date"] != shown[i - 1]["date"]]
    times = [p["painted"] for p in weeks]
    intervals = [b - a for a, b in zip(times, times[1:], strict=False)]
    wps = (len(times) - 1) / ((times[-1] - times[0]) / 1000) if len(times) > 2 else 0.0
    wait_for_app(page)
    page.wait_for_timeout(400)
    return {
        "wps": wps,
        "weeks": len(weeks),
        "intervals": intervals,
        "during": during,
        "after_reruns": reruns(page, sent0) - during["reruns"],
    }


@contextlib.contextmanager
def baseline_server(log: Path):
    """The baseline page, served from a temporary directory beside the app's static files."""
    folder = Path(tempfile.mkdtemp(prefix="aleppo-baseline-"))
    try:
        shutil.copyfile(REPO / "bench" / "baseline_app.py", folder / "baseline_app.py")
        (folder / "static").symlink_to(REPO / "static", target_is_directory=True)
        with streamlit_server(str(folder / "baseline_app.py"), log=log) as base:
            yield base
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def baseline_steps(page, steps: int, gap: float, expected_fills) -> tuple[list[float], int]:
    """Click the baseline's "1 week ▶" `steps` times: ms from the click to the paint of the
    new map, and how many times its map iframe was remounted."""
    page.evaluate(TOP_HOOK)
    button = page.get_by_role("button", name=STEP_BUTTON)
    painted: list[float] = []
    remounts = 0
    for _ in range(steps):
        wait_for_app(page)
        time.sleep(gap)
        shown = parse_qs(page.evaluate("location.search").lstrip("?"))["date"][0]
        page.evaluate(BASELINE_WATCH, expected_fills(shown, 1))
        token = iframe_token(page, BASELINE_FRAME)
        button.click()
        done = wait_until(lambda: page.evaluate("() => window.__bench.paintedAt"))
        click = page.evaluate("() => window.__bench.clickAt")
        painted.append(done - click)
        remounts += _safe(lambda: iframe_token(page, BASELINE_FRAME)) != token
    return painted, remounts


def med(values) -> float:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def measure(args) -> list[dict]:
    ensure_leaflet(REPO / "static")  # the baseline's Leaflet, beside its script
    dataset = load_dataset(REPO)
    timeline = Timeline(dataset)
    frames = timeline.frame_dates
    count = len(frames)
    query = f"?date={frames[max(0, count - 2 * args.drag_weeks - 20)]:%Y-%m-%d}"

    def expected_fills(shown: str, weeks: int) -> list[str]:
        date = timeline.frame_date_for(pd.Timestamp(shown)) + pd.Timedelta(weeks=weeks)
        date = min(date, dataset.period[1])
        return [HOLDER_COLOURS[h].lower() for h in timeline.holders_at(date)]

    log_dir = Path(tempfile.gettempdir())
    rows: list[dict] = []
    errors: list[str] = []
    with contextlib.ExitStack() as servers:
        browser = servers.enter_context(chromium())
        app = servers.enter_context(streamlit_server(log=log_dir / "bench-app-server.log"))
        baseline = None
        if args.steps:  # the baseline needs the `bench` extra (folium, streamlit-folium)
            baseline = servers.enter_context(baseline_server(log_dir / "bench-baseline-server.log"))
        # 1. Open: the first load of a fresh server (data loaded, caches filled), then fresh
        # browser contexts (first visit) and the same context again (returning visit).
        cold, page, _ = open_app(browser, app, query)
        page.context.close()
        first, again, starts = [], [], {"first": [], "again": []}
        for _ in range(args.loads):
            seconds, page, _ = open_app(browser, app, query)
            first.append(seconds)
            starts["first"].append(page.frame_start)
            again.append(open_app(browser, app, query, page)[0])
            starts["again"].append(page.frame_start)
            errors += page.js_errors
            page.context.close()
        visits = (
            ("first visit: empty browser cache", first, "first"),
            ("returning visit: scripts cached", again, "again"),
        )
        for what, samples, key in visits:
            frame_start = statistics.median(starts[key])
            rows.append(
                row(
                    GROUP,
                    f"open the app until the map shows its colours ({what})",
                    samples,
                    "s",
                    digits=2,
                    target="open_s",
                    note=(
                        f"the map frame began to load at {frame_start:.2f} s (median), so "
                        f"{statistics.median(samples) - frame_start:.2f} s are the frame's own "
                        "(Leaflet, the map's scripts and payload, the first paint)"
                        + (
                            f"; the very first load after the server started: {cold:.2f} s "
                            "(the data is loaded and checked, the map's payload built, once "
                            "per server)"
                            if key == "first"
                            else ""
                        )
                    ),
                )
            )

        # 2. Baseline pages and the app's page, the baseline stepped in two blocks.
        base_page, base_painted, base_remounts = None, [], 0
        half = args.steps // 2
        if baseline is not None:
            base_page = app_page(browser, baseline)
            base_page.goto(f"{baseline}/{query}")
            wait_for_app(base_page)
            base_page.wait_for_selector(BASELINE_FRAME)
            base_painted, base_remounts = baseline_steps(base_page, half, args.gap, expected_fills)

        page = app_page(browser, app)
        page.goto(f"{app}/{query}")
        wait_for_app(page)
        frame = the_map_frame(page)
        first_paint(frame)
        wait_until_quiet(frame)
        token = iframe_token(page)
        count_reports(frame)
        long_drags = [one_drag(page, frame, args.drag_weeks, count) for _ in range(args.drags)]
        if base_page is not None:
            b, r = baseline_steps(base_page, args.steps - half, args.gap, expected_fills)
            base_painted += b
            base_remounts += r
            errors += base_page.js_errors
            base_page.context.close()
        short = []
        for _ in range(args.releases):
            time.sleep(args.gap)
            short.append(one_drag(page, frame, args.release_weeks, count))
        remounted = _safe(lambda: iframe_token(page)) != token
        errors += page.js_errors
        page.context.close()

        # 3. Play at the fastest speed, from the first week, in a fresh page.
        page = app_page(browser, app)
        page.goto(f"{app}/?date={frames[0]:%Y-%m-%d}")
        wait_for_app(page)
        frame = the_map_frame(page)
        first_paint(frame)
        play_token = iframe_token(page)
        count_reports(frame)
        played = play(page, frame, args.play_seconds)
        remounted |= _safe(lambda: iframe_token(page)) != play_token
        errors += page.js_errors
        page.context.close()

    # ---- the figures
    scrub, restyle = input_to_paint([p for d in long_drags for p in d["paints"]])
    missed = sum(d["missed"] for d in long_drags)
    rows.append(
        row(
            GROUP,
            "scrub: Week slider `input` event to the restyled frame on screen, in the map frame",
            scrub,
            "ms",
            digits=1,
            target="scrub_ms",
            p95=True,
            note=(
                f"{len(scrub)} input events in {len(long_drags)} drags of {args.drag_weeks} "
                f"weeks with the mouse, a week per move ({missed} moves gave no input); the "
                f"restyle itself (input to the end of the JS paint): median "
                f"{statistics.median(restyle):.2f} ms, max {max(restyle):.1f} ms"
            ),
        )
    )
    per_drag = [d["held"]["reports"] + d["reports_after"] for d in long_drags]
    rows.append(
        row(
            GROUP,
            f"server reruns during one drag across {args.drag_weeks} weeks (most of "
            f"{len(long_drags)} drags)",
            max(per_drag),
            "rerun(s)",
            digits=0,
            target="reruns_per_drag",
            note=(
                "while the thumb was held: "
                f"{sum(d['held']['reports'] for d in long_drags)} reports to the app "
                "(`setComponentValue`), "
                f"{sum(d['held']['reruns'] for d in long_drags)} `rerun_script` and "
                f"{sum(d['held']['sent'] for d in long_drags)} websocket messages in all; "
                f"after the release: reports {[d['reports_after'] for d in long_drags]}, "
                f"reruns {[d['reruns_after'] for d in long_drags]} per drag"
            ),
        )
    )
    released = long_drags + short
    release = [d["release_ms"] for d in released]
    rows.append(
        row(
            GROUP,
            "release of the slider to the updated panel and address bar",
            release,
            "ms",
            digits=0,
            target="release_ms",
            p95=True,
            note=(
                f"{len(released)} releases ({len(long_drags)} after {args.drag_weeks}-week "
                f"drags, {len(short)} after {args.release_weeks}-week ones), from the "
                "slider's `change` event in the map frame to the moment the page's panel "
                "shows the week and `location.search` holds its date; address alone: median "
                f"{statistics.median(d['search_ms'] for d in released):.0f} ms, panel alone "
                f"{statistics.median(d['panel_ms'] for d in released):.0f} ms; to the next "
                "frame on screen: median "
                f"{statistics.median(d['release_painted_ms'] for d in released):.0f} ms; "
                "split (medians): the request leaves the page after "
                f"{med(d['sent_ms'] for d in released):.0f} ms, the server's last message "
                f"before the panel arrives at {med(d['answered_ms'] for d in released):.0f} ms"
            ),
        )
    )
    rows.append(
        row(
            GROUP,
            "play at the fastest speed (12 weeks/s): weeks shown per second",
            played["wps"],
            "weeks/s",
            digits=1,
            target="play_wps",
            note=(
                f"nominal {NOMINAL_WPS:.1f}; {played['weeks']} weeks shown in "
                f"{args.play_seconds:.0f} s, interval median "
                f"{statistics.median(played['intervals'] or [0]):.0f} ms, max "
                f"{max(played['intervals'] or [0]):.0f} ms; while playing "
                f"{played['during']['reruns']} reruns and {played['during']['reports']} "
                f"reports to the app; the pause: {played['after_reruns']} rerun"
            ),
        )
    )
    rows.append(
        row(
            GROUP,
            "remounts of the map frame (opened, dragged, released, played)",
            int(remounted),
            "remounts",
            digits=0,
            target="remounts",
        )
    )
    if base_painted:
        rows += baseline_rows(base_painted, base_remounts, scrub, release)
    if errors:
        rows[-1]["note"] = f"JavaScript errors on the pages: {errors[:3]}"
    return rows


def baseline_rows(base_painted, base_remounts, scrub, release) -> list[dict]:
    """The baseline's week step, and the app's scrub and release against it."""
    rows = []
    rows.append(
        row(
            GROUP,
            "baseline: one week step with its button until the new map is painted (folium "
            "map rebuilt on every rerun)",
            base_painted,
            "ms",
            digits=0,
            p95=True,
            note=f"the baseline's map iframe was remounted on {base_remounts} of "
            f"{len(base_painted)} steps",
        )
    )
    base = statistics.median(base_painted)
    rows.append(
        row(
            GROUP,
            "scrub against the baseline step (ratio of medians: baseline / scrub)",
            base / max(statistics.median(scrub), 0.1),
            "×",
            digits=1,
        )
    )
    rows.append(
        row(
            GROUP,
            "release-to-panel against the baseline step (ratio of medians: baseline / release)",
            base / statistics.median(release),
            "×",
            digits=1,
        )
    )
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drags", type=int, default=3, help="long drags (≥ 100 inputs)")
    parser.add_argument("--drag-weeks", type=int, default=50)
    parser.add_argument("--releases", type=int, default=20, help="more, short drags")
    parser.add_argument("--release-weeks", type=int, default=3)
    parser.add_argument("--loads", type=int, default=5, help="page loads to time")
    parser.add_argument(
        "--steps",
        type=int,
        default=30,
        help="baseline steps (0: no baseline; it needs the `bench` extra)",
    )
    parser.add_argument("--play-seconds", type=float, default=12.0)
    parser.add_argument("--gap", type=float, default=0.3, help="idle seconds between actions")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    rows = measure(args)
    show(rows)
    write_json(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
