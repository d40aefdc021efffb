"""Compare-mode benchmark: moving week B (the Week slider) or week A (the ⇄ swap and the
Compare button) restyles the map in the browser, with no round trip; measured in the
published file (Aleppo, bundled data: its panel redraws the list of changes too) and in the
app's map frame (whose list is the side frame's, drawn after the release).

    .venv/bin/python -m bench.compare [--drags 3] [--drag-weeks 20] [--clicks 20] [--no-app]

The map sets `window.timeMapPainted` at the end of each restyle (before the panel and the
legend follow), and bench/_inmap.py times the frame that follows, so each move gives the
restyle (input to the end of the map's restyle, in JS) and the frame on screen (input to
the restyled frame, the list and the legend's key included). Week B is dragged with the real
mouse, a week per move, in compare mode (6 November 2016 pinned as A); week A moves with
clicks on ⇄ (A and B trade places) and on Compare (pin the shown week, then unpin), each
timed from the click (capture phase). In the app, the websocket messages the page sends to
Streamlit while the thumb is held are counted: there must be none.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench._common import REPO, row, show, write_json
from bench._inmap import PAINT_HOOK, drag, input_to_paint, wait_until_quiet
from tests.browser.harness import (
    chromium,
    file_page,
    map_js_frame,
    new_page,
    streamlit_server,
    wait_for_app,
    wait_for_polygons,
)

A, B = "2016-11-06", "2016-12-18"
# Clicks on the compare controls count as the "input" of the paint that follows.
CLICK_HOOK = """(() => {
  addEventListener('click', (e) => {
    const t = e.target && e.target.closest && e.target.closest('.tm-swap, .tm-compare-btn');
    if (t && window.__tmBench) {
      window.__tmBench.lastInput = {t: performance.now(), value: t.className};
    }
  }, true);
})();"""


def drags(page, frame, count: int, weeks: int) -> tuple[list, list, int]:
    """Drag week B back and forth `count` times over `weeks` weeks."""
    full, js, missed = [], [], 0
    for k in range(count):
        start = frame.evaluate("() => window.timeMap.state().index")
        stop = start - weeks if k % 2 == 0 else start + weeks
        result = drag(page, frame, start, stop)
        f, j = input_to_paint(result["paints"])
        full += f
        js += j
        missed += result["missed"]
        wait_until_quiet(frame)
    return full, js, missed


def click_paint(frame, selector: str) -> tuple[list, list]:
    """Click `selector`; ms from the click to the restyled frame on screen and to the end of
    the restyle."""
    n = frame.evaluate("() => window.__tmBench.paints.length")
    frame.locator(selector).click()
    frame.wait_for_function(
        """n => { const p = window.__tmBench.paints;
                  return p.length > n && p[p.length - 1].painted !== null; }""",
        arg=n,
        polling=4,
    )
    paints = frame.evaluate("n => window.__tmBench.paints.slice(n)", n)
    full, js = input_to_paint([p for p in paints if p["input"] is not None])
    wait_until_quiet(frame)
    return full, js


def clicks(frame, count: int) -> dict[str, tuple[list, list]]:
    """`count` rounds of: ⇄ (A and B trade places), Compare twice (unpin, then pin the shown
    week as A: the pin is timed), then B six weeks away again (not timed), around the fall
    of the east. Per control, ms to the frame on screen and to the end of the restyle."""
    out: dict[str, tuple[list, list]] = {"swap": ([], []), "pin": ([], [])}
    for _ in range(count):
        for name, full, js in (("swap", *click_paint(frame, ".tm-swap")),):
            out[name][0].extend(full)
            out[name][1].extend(js)
        click_paint(frame, ".tm-compare-btn")  # unpin
        full, js = click_paint(frame, ".tm-compare-btn")  # pin
        out["pin"][0].extend(full)
        out["pin"][1].extend(js)
        frame.evaluate(
            """a => { const m = window.timeMap, i = m.state().index;
                      m.show(m.state().date > a ? i - 6 : i + 6); }""",
            A,
        )
        wait_until_quiet(frame)
    return out


def rows_for(group: str, full, js, missed, clicked, args, extra: str = "") -> list[dict]:
    median = statistics.median
    rows = [
        row(
            group,
            "compare mode, moving week B: slider `input` event to the end of the map's restyle",
            js,
            "ms",
            digits=2,
            target="compare_ms",
            p95=True,
            note=(
                f"{len(js)} input events in {args.drags} drags of {args.drag_weeks} weeks with "
                f"the mouse, 6 Nov 2016 pinned as week A ({missed} moves gave no input); to "
                f"the restyled frame on screen: median {median(full):.1f} ms" + extra
            ),
        ),
    ]
    swap_full, swap_js = clicked["swap"]
    pin_full, pin_js = clicked["pin"]
    rows.append(
        row(
            group,
            "compare mode, moving week A (⇄ swap; Compare pins the shown week): click to the "
            "end of the map's restyle",
            swap_js + pin_js,
            "ms",
            digits=2,
            target="compare_ms",
            p95=True,
            note=(
                f"{len(swap_js)} swaps, median {median(swap_js):.2f} ms (frame on screen "
                f"{median(swap_full):.1f} ms); {len(pin_js)} pins, median {median(pin_js):.2f} "
                f"ms (frame on screen {median(pin_full):.1f} ms)"
            ),
        )
    )
    return rows


def measure_file(browser, args) -> list[dict]:
    from aleppo_map.load import load_dataset
    from aleppo_map.publish import site_html

    out = Path(tempfile.mkdtemp(prefix="aleppo-compare-bench-")) / "index.html"
    out.write_text(site_html(load_dataset(REPO)), encoding="utf-8")
    page = file_page(browser)
    page.context.add_init_script(PAINT_HOOK)
    page.context.add_init_script(CLICK_HOOK)
    page.goto(out.as_uri() + f"#date={B}&compare={A}")
    page.wait_for_function("() => window.timeMap && window.__tmBench.paints.length")
    wait_until_quiet(page)
    items = page.locator('[aria-label="Changes between the two weeks"] > li').count()
    full, js, missed = drags(page, page, args.drags, args.drag_weeks)
    clicked = clicks(page, args.clicks)
    errors = page.js_errors
    page.context.close()
    extra = (
        f"; the panel's list of changes ({items} items at the start) is redrawn 150 ms "
        "after the weeks stop moving"
    )
    if errors:
        extra += f"; JavaScript errors: {errors[:3]}"
    return rows_for("Compare mode: published file (Aleppo)", full, js, missed, clicked, args, extra)


def measure_app(browser, args) -> list[dict]:
    with streamlit_server() as base:
        page = new_page(browser, base)
        page.context.add_init_script(PAINT_HOOK)
        page.context.add_init_script(CLICK_HOOK)
        page.goto(f"{base}/?date={B}&compare={A}")
        wait_for_app(page)
        wait_for_polygons(page)
        frame = map_js_frame(page)
        wait_until_quiet(frame)
        sent_before = len(page.ws_sent)
        held: list[int] = []
        full, js, missed = [], [], 0
        for _ in range(args.drags):
            before = len(page.ws_sent)
            f, j, m = drags_held(page, frame, args.drag_weeks, held, before)
            full += f
            js += j
            missed += m
            wait_for_app(page)
            wait_until_quiet(frame)
        clicked = clicks(frame, args.clicks)
        wait_for_app(page)
        errors = page.js_errors
        page.context.close()
    extra = (
        f"; messages to the server while the thumb was held: {held} per drag "
        f"({len(page.ws_sent) - sent_before} in all, after the releases and clicks)"
        + (f"; JavaScript errors: {errors[:3]}" if errors else "")
    )
    return rows_for("Compare mode: the app's map frame", full, js, missed, clicked, args, extra)


def drags_held(page, frame, weeks: int, held: list[int], before: int):
    """One drag of week B; notes how many messages left for the server before the release."""
    start = frame.evaluate("() => window.timeMap.state().index")
    stop = start - weeks if start - weeks >= 0 else start + weeks
    result = drag(page, frame, start, stop, release=lambda: held.append(len(page.ws_sent) - before))
    full, js = input_to_paint(result["paints"])
    return full, js, result["missed"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drags", type=int, default=3)
    parser.add_argument("--drag-weeks", type=int, default=20)
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--no-app", action="store_true", help="the published file only")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with chromium() as browser:
        rows = measure_file(browser, args)
        if not args.no_app:
            rows += measure_app(browser, args)
    show(rows)
    print(f"({time.perf_counter() - started:.0f} s)")
    write_json(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
