"""Browser benchmark: headless Chromium (Debian's) against `streamlit run`, no outside network.

    .venv/bin/python bench/browser.py [--steps 40] [--loads 5] [--play-seconds 20]

Measures, on the bundled data:
- navigation until the polygons show their colours (the first restyle in the map iframe);
- one week step ("1 week ▶") until the map shows the new colours: from the click event to
  the first paint after the restyle (`window.aleppoStyledAt`, set in the map iframe), median
  and p95 over `--steps` steps, and whether the map iframe was ever remounted;
- the same steps, in the same run, against bench/baseline_app.py, which rebuilds the whole
  folium map on every rerun: there "shows the new colours" is the first paint after every
  polygon of a new map iframe has the new week's fill; and the ratio of the two medians;
- play mode at the fastest speed: the weekly frames per second actually shown, against the
  nominal rate, and whether the iframe was remounted.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import REPO, row, show, write_json  # noqa: E402
from tests.browser.harness import (  # noqa: E402
    MAP_FRAME,
    chromium,
    iframe_token,
    map_frame,
    offline,
    streamlit_server,
    wait_for_app,
)

GROUP = "Browser (bundled data)"
STEP_BUTTON = "1 week ▶"
PLAY_SPEED = "fast (1 week / 0.4 s)"
PLAY_SECONDS_PER_WEEK = 0.4
TIMEOUT_S = 30.0

# In the page: note the time of every click (capture phase, before Streamlit sees it).
TOP_HOOK = """() => {
  if (!window.__bench) {
    window.__bench = {clickAt: null};
    window.addEventListener('click', () => { window.__bench.clickAt = Date.now(); }, true);
  }
}"""

# In the map iframe: log every restyle, with the time of the first paint after it.
FRAME_HOOK = """() => {
  if (window.__benchLog) { return true; }
  const original = window.aleppoRestyle;
  if (!original) { return false; }
  window.__benchLog = [];
  window.aleppoRestyle = function (styles, date) {
    original(styles, date);
    const entry = {styledAt: window.aleppoStyledAt, date: date, paintedAt: null};
    window.__benchLog.push(entry);
    requestAnimationFrame(() => setTimeout(() => { entry.paintedAt = Date.now(); }, 0));
  };
  return true;
}"""

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
}""".replace("MAP_FRAME", MAP_FRAME)


def frame_eval(page, script: str, arg=None):
    return map_frame(page).locator("body").evaluate(script, arg)


def wait_until(predicate, timeout: float = TIMEOUT_S, interval: float = 0.01):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError("the browser did not reach the expected state in time")


def new_page(browser, base: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    offline(page, base)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    return context, page


def open_until_polygons(browser, base: str, query: str, page=None) -> tuple[float, object, object]:
    """Seconds from navigation until the map iframe has restyled its polygons.

    A new browser context has an empty cache (a first visit); pass `page` to navigate again
    in its context, with Streamlit's scripts already cached (a returning visit).
    """
    context, page = new_page(browser, base) if page is None else (page.context, page)
    page.goto(f"{base}/{query}", wait_until="commit")
    page.wait_for_selector(MAP_FRAME, state="attached", timeout=TIMEOUT_S * 1000)
    styled = wait_until(
        lambda: _safe(lambda: frame_eval(page, "() => window.aleppoStyledAt || 0")), interval=0.02
    )
    origin = page.evaluate("() => performance.timeOrigin")
    return (styled - origin) / 1000, context, page


def _safe(fn):
    try:
        return fn()
    except Exception:  # the iframe may not exist yet, or be navigating
        return None


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


def start_date(timeline, steps: int) -> str:
    """Start so that every step stays inside the covered weeks and the last ones have changes."""
    frames = timeline.frame_dates
    first = max(0, len(frames) - steps - 2)
    return f"{frames[first]:%Y-%m-%d}"


def app_steps(page, steps: int, gap: float) -> tuple[list[float], list[float], list[str], bool]:
    """Click "1 week ▶" `steps` times; per step, ms from the click to the restyle and paint."""
    page.evaluate(TOP_HOOK)
    wait_until(lambda: _safe(lambda: frame_eval(page, FRAME_HOOK)))
    token = iframe_token(page)
    button = page.get_by_role("button", name=STEP_BUTTON)
    styled, painted, dates = [], [], []
    for _ in range(steps):
        wait_for_app(page)
        time.sleep(gap)
        before = frame_eval(page, "() => window.__benchLog.length")
        button.click()
        entry = wait_until(
            lambda before=before: _safe(
                lambda: frame_eval(
                    page,
                    """(body, n) => { const log = window.__benchLog;
                       return log.length > n && log[log.length - 1].paintedAt
                         ? log[log.length - 1] : null; }""",
                    before,
                )
            )
        )
        click = page.evaluate("() => window.__bench.clickAt")
        styled.append(entry["styledAt"] - click)
        painted.append(entry["paintedAt"] - click)
        dates.append(entry["date"])
    wait_for_app(page)
    remounted = _safe(lambda: iframe_token(page)) != token
    return styled, painted, dates, remounted


# In the map iframe: the time of every click on the map's own week buttons.
LOCAL_HOOK = """() => {
  if (!window.__localBench) {
    window.__localBench = {clickAt: null};
    document.addEventListener('click', () => { window.__localBench.clickAt = Date.now(); }, true);
  }
  return true;
}"""
LOCAL_BUTTON = "Next week (instant)"
# Until the restyle after the click has been painted: its entry, else null.
LOCAL_WAIT = """(body, before) => {
  const date = window.aleppoStyledDate;
  if (date === before) { return null; }
  let entry = window.__localPaint;
  if (!entry || entry.date !== date) {
    entry = {date: date, styledAt: window.aleppoStyledAt, paintedAt: null};
    window.__localPaint = entry;
    requestAnimationFrame(() => setTimeout(() => { entry.paintedAt = Date.now(); }, 0));
  }
  return entry.paintedAt ? entry : null;
}"""


def local_steps(page, steps: int, gap: float) -> tuple[list[float], bool]:
    """Click the map's own "next week" button `steps` times: ms from the click to the paint
    after the in-browser restyle (no round trip to the server)."""
    frame_eval(page, LOCAL_HOOK)
    token = iframe_token(page)
    button = map_frame(page).get_by_role("button", name=LOCAL_BUTTON)
    painted = []
    for _ in range(steps):
        time.sleep(gap)
        before = frame_eval(page, "() => window.aleppoStyledDate")
        button.click()
        entry = wait_until(
            lambda before=before: _safe(
                lambda: frame_eval(
                    page,
                    LOCAL_WAIT,
                    before,
                )
            ),
            interval=0.002,
        )
        click = frame_eval(page, "() => window.__localBench.clickAt")
        painted.append(entry["paintedAt"] - click)
    wait_for_app(page)
    return painted, _safe(lambda: iframe_token(page)) != token


def baseline_steps(page, steps: int, gap: float, expected_fills) -> tuple[list[float], int]:
    """The same steps on the baseline page; ms from the click to the paint of the new map."""
    from urllib.parse import parse_qs, urlparse

    page.evaluate(TOP_HOOK)
    button = page.get_by_role("button", name=STEP_BUTTON)
    painted: list[float] = []
    remounts = 0
    for _ in range(steps):
        wait_for_app(page)
        time.sleep(gap)
        shown = parse_qs(urlparse(page.url).query)["date"][0]
        page.evaluate(BASELINE_WATCH, expected_fills(shown, 1))
        token = iframe_token(page)
        button.click()
        done = wait_until(lambda: page.evaluate("() => window.__bench.paintedAt"))
        click = page.evaluate("() => window.__bench.clickAt")
        painted.append(done - click)
        remounts += _safe(lambda: iframe_token(page)) != token
    return painted, remounts


def play(page, seconds: float) -> dict:
    """Press Play at the fastest speed; count the weekly frames the map actually showed."""
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=PLAY_SPEED).click()
    wait_for_app(page)
    wait_until(lambda: _safe(lambda: frame_eval(page, FRAME_HOOK)))
    token = iframe_token(page)
    before = frame_eval(page, "() => window.__benchLog.length")
    page.get_by_role("button", name="▶ Play").click()
    time.sleep(seconds)
    page.get_by_role("button", name="⏸ Pause").click()
    wait_for_app(page)
    log = frame_eval(page, "() => window.__benchLog")[before:]
    remounted = _safe(lambda: iframe_token(page)) != token
    # A frame is a restyle that shows another week than the one before it.
    shown = [e for i, e in enumerate(log) if i == 0 or e["date"] != log[i - 1]["date"]]
    times = [e["paintedAt"] or e["styledAt"] for e in shown]
    intervals = [(b - a) / 1000 for a, b in zip(times, times[1:], strict=False)]
    fps = (len(times) - 1) / ((times[-1] - times[0]) / 1000) if len(times) > 2 else 0.0
    return {
        "frames": len(shown),
        "restyles": len(log),
        "distinct_weeks": len({e["date"] for e in log}),
        "fps": fps,
        "intervals": intervals,
        "remounted": remounted,
    }


def measure(args) -> list[dict]:
    import pandas as pd

    from aleppo_map.load import load_dataset
    from aleppo_map.model import HOLDER_COLOURS
    from aleppo_map.timeline import Timeline

    dataset = load_dataset(REPO)
    timeline = Timeline(dataset)
    query = f"?date={start_date(timeline, args.steps)}"

    def expected_fills(shown: str, weeks: int) -> list[str]:
        date = timeline.frame_date_for(pd.Timestamp(shown)) + pd.Timedelta(weeks=weeks)
        date = min(date, dataset.period[1])
        return [HOLDER_COLOURS[h].lower() for h in timeline.holders_at(date)]

    log_dir = Path(tempfile.gettempdir())
    rows: list[dict] = []
    with (
        chromium() as browser,
        streamlit_server(log=log_dir / "bench-app-server.log") as app,
        baseline_server(log_dir / "bench-baseline-server.log") as baseline,
    ):
        # 1. Navigation until the polygons show their colours: the first load of a fresh server
        # (data loaded and checked, caches filled), then warm loads in fresh browser contexts.
        cold, context, _ = open_until_polygons(browser, app, query)
        context.close()
        first, again = [], []
        for _ in range(args.loads):
            seconds, context, page = open_until_polygons(browser, app, query)
            first.append(seconds)
            again.append(open_until_polygons(browser, app, query, page)[0])
            context.close()
        rows.append(
            row(
                GROUP,
                "open the app until the polygons show their colours (first visit: empty "
                "browser cache)",
                first,
                "s",
                digits=2,
                target="open_to_polygons_s",
                note=f"the very first load after the server started: {cold:.2f} s "
                "(the data is loaded and checked once per server)",
            )
        )
        rows.append(
            row(
                GROUP,
                "open the app until the polygons show their colours (returning visit: "
                "scripts cached)",
                again,
                "s",
                digits=2,
                target="open_to_polygons_s",
            )
        )

        # 2. Week steps, the app then the baseline, interleaved in blocks of the same run.
        app_context, app_page = new_page(browser, app)
        app_page.goto(f"{app}/{query}")
        wait_for_app(app_page)
        wait_until(lambda: _safe(lambda: frame_eval(app_page, "() => window.aleppoStyledAt")))
        base_context, base_page = new_page(browser, baseline)
        base_page.goto(f"{baseline}/{query}")
        wait_for_app(base_page)
        base_page.wait_for_selector(MAP_FRAME)
        app_styled, app_painted, app_dates, base_painted = [], [], [], []
        remounted, base_remounts = False, 0
        block = max(1, args.steps // 4)
        done = 0
        while done < args.steps:
            n = min(block, args.steps - done)
            s, p, d, r = app_steps(app_page, n, args.gap)
            app_styled += s
            app_painted += p
            app_dates += d
            remounted |= r
            b, rb = baseline_steps(base_page, n, args.gap, expected_fills)
            base_painted += b
            base_remounts += rb
            done += n
        distinct = len(set(app_dates))
        rows.append(
            row(
                GROUP,
                "one week step until the map shows the new colours (app)",
                app_painted,
                "ms",
                digits=0,
                target="step_ms",
                p95=True,
                note=(
                    f"{len(app_painted)} steps over {distinct} distinct weeks; click to restyle "
                    f"(before the paint): median {statistics.median(app_styled):.0f} ms"
                ),
            )
        )
        rows.append(
            row(
                GROUP,
                "the same step, baseline page (folium map rebuilt on every rerun)",
                base_painted,
                "ms",
                digits=0,
                p95=True,
                note=f"the baseline's map iframe was remounted on {base_remounts} of "
                f"{len(base_painted)} steps",
            )
        )
        ratio = statistics.median(base_painted) / statistics.median(app_painted)
        rows.append(
            row(
                GROUP,
                "step speed-up over the baseline (ratio of medians)",
                ratio,
                "×",
                target="step_ratio",
                digits=1,
            )
        )
        rows.append(
            row(
                GROUP,
                "map iframe remounts while stepping (app)",
                int(remounted),
                "remounts",
                digits=0,
                target="remounts",
            )
        )
        # The map's own week buttons: the restyle happens in the browser, then the app is told.
        app_page.goto(f"{app}/{query}")
        wait_for_app(app_page)
        wait_until(lambda: _safe(lambda: frame_eval(app_page, "() => window.aleppoStyledAt")))
        local, local_remounted = local_steps(app_page, args.steps, args.gap)
        rows.append(
            row(
                GROUP,
                "one week step with the map's own ◀ ▶ buttons (restyled in the browser, the app "
                "told afterwards)",
                local,
                "ms",
                digits=0,
                target="step_ms",
                p95=True,
                note="click to restyle, measured inside the map iframe; the panel and the URL "
                "follow after one round trip",
            )
        )
        rows.append(
            row(
                GROUP,
                "in-map step speed-up over the baseline (ratio of medians)",
                statistics.median(base_painted) / max(statistics.median(local), 0.1),
                "×",
                target="step_ratio",
                digits=1,
            )
        )
        rows.append(
            row(
                GROUP,
                "map iframe remounts while stepping with the map's own buttons",
                int(local_remounted),
                "remounts",
                digits=0,
                target="remounts",
            )
        )
        base_context.close()

        errors = list(app_page.js_errors)
        app_context.close()

        # 3. Play mode at the fastest speed, in a fresh page.
        app_context, app_page = new_page(browser, app)
        app_page.goto(f"{app}/?date={timeline.frame_dates[0]:%Y-%m-%d}")
        wait_for_app(app_page)
        wait_until(lambda: _safe(lambda: frame_eval(app_page, "() => window.aleppoStyledAt")))
        result = play(app_page, args.play_seconds)
        nominal = 1 / PLAY_SECONDS_PER_WEEK
        rows.append(
            row(
                GROUP,
                f"play mode, '{PLAY_SPEED}': weekly frames shown per second",
                result["fps"],
                "fps",
                digits=2,
                note=(
                    f"nominal {nominal:.2f} fps; {result['frames']} weekly frames "
                    f"({result['distinct_weeks']} distinct weeks, {result['restyles']} restyles) "
                    f"in {args.play_seconds:.0f} s; "
                    f"interval between frames median "
                    f"{statistics.median(result['intervals'] or [0]):.2f} s, max "
                    f"{max(result['intervals'] or [0]):.2f} s"
                ),
            )
        )
        rows.append(
            row(
                GROUP,
                "map iframe remounts during play",
                int(result["remounted"]),
                "remounts",
                digits=0,
                target="remounts",
            )
        )
        errors += app_page.js_errors
        app_context.close()
        if errors:
            rows[-1]["note"] = f"JavaScript errors on the page: {errors[:3]}"
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40, help="week steps per page (≥ 30)")
    parser.add_argument("--loads", type=int, default=5, help="warm page loads to time")
    parser.add_argument("--play-seconds", type=float, default=20.0)
    parser.add_argument("--gap", type=float, default=0.3, help="idle seconds between steps")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    rows = measure(args)
    show(rows)
    write_json(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
