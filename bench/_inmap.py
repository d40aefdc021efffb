"""Timing the map in the browser, shared by bench/browser.py (the app) and bench/site.py (the
published file): the same JavaScript runs in both (aleppo_map/web/).

`PAINT_HOOK` is added to a browser context (`context.add_init_script`), so it runs in every
frame before the page's own scripts, the app's map frame included. It watches
`window.timeMapPainted`, which the map sets at the end of every paint of a week (the restyle
is synchronous), and times the frame that follows: `requestAnimationFrame`, then a message
on a MessageChannel, which runs once that frame's style, layout and paint are done. So each
paint gets `at` (end of the restyle, in JS) and `painted` (the restyled frame is on screen),
both in the frame's `performance.now()` clock. The `input` event of the Week slider is
noted first (capture phase, before the slider's own listener), so a paint that follows an
input carries `input.t`: "input event to restyled paint" is `painted - input.t`.

The slider is dragged with the real mouse (Playwright's `page.mouse`, so the browser makes
the pointer, `input` and `change` events itself), one week per move, waiting for each
week's paint before the next move: a reader dragging at a week per frame.
"""

from __future__ import annotations

from tests.browser.harness import frame_offset, slider_point

PAINT_HOOK = """(() => {
  if (window.__tmBench) { return; }
  const B = window.__tmBench = {paints: [], inputs: 0, lastInput: null, changes: []};
  const now = () => performance.now();
  B.afterPaint = (fn) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => fn(now());
    channel.port2.postMessage(0);
  });
  let shown;
  Object.defineProperty(window, 'timeMapPainted', {
    configurable: true,
    enumerable: true,
    get() { return shown; },
    set(value) {
      shown = value;
      const entry = {date: value && value.date, at: value && value.at, input: B.lastInput,
                     painted: null};
      B.lastInput = null;
      B.paints.push(entry);
      B.afterPaint((t) => { entry.painted = t; });
    }
  });
  const isSlider = (e) => e.target && e.target.classList &&
    e.target.classList.contains('tm-slider');
  addEventListener('input', (e) => {
    if (isSlider(e)) { B.inputs += 1; B.lastInput = {t: now(), value: +e.target.value}; }
  }, true);
  addEventListener('change', (e) => {
    if (isSlider(e)) { B.changes.push({t: now(), value: +e.target.value}); }
  }, true);
})();"""

PAINTS = "() => window.__tmBench.paints.length"
# Until a paint after entry `n` has reached the screen.
PAINTED_AFTER = """n => { const p = window.__tmBench.paints;
  return p.length > n && p[p.length - 1].painted !== null; }"""


def paints_since(frame, start: int) -> list[dict]:
    return frame.evaluate("n => window.__tmBench.paints.slice(n)", start)


def first_paint(frame, timeout: float = 30_000) -> float:
    """ms from the frame's time origin to the first restyled frame on screen."""
    frame.wait_for_function(
        "() => window.__tmBench && window.__tmBench.paints.length"
        " && window.__tmBench.paints[0].painted !== null",
        timeout=timeout,
        polling=10,
    )
    return frame.evaluate("() => window.__tmBench.paints[0].painted")


def wait_until_quiet(frame, timeout: float = 120_000, frame_ms: float = 50.0) -> None:
    """Until the frame's main thread is idle enough to show a frame within `frame_ms` three
    times in a row: the map settles (fitting the city, placing labels) after its first paint."""
    frame.evaluate(
        """([timeout, frameMs]) => new Promise((resolve, reject) => {
          const B = window.__tmBench, start = performance.now();
          let quiet = 0;
          const round = () => {
            const t0 = performance.now();
            B.afterPaint((t1) => {
              quiet = t1 - t0 < frameMs ? quiet + 1 : 0;
              if (quiet >= 3) { resolve(); }
              else if (t1 - start > timeout) { reject(new Error('never quiet')); }
              else { setTimeout(round, 20); }
            });
          };
          round();
        })""",
        [timeout, frame_ms],
    )


def drag(page, frame, start: int, stop: int, release=None, move_timeout: float = 2_000) -> dict:
    """Press the Week slider's thumb at week `start` (where the map is), move it one week at a
    time to `stop`, each move once the week before is on screen, then release (`release()`
    is called just before the mouse button goes up). Returns the paints that followed an
    input event and the number of moves that gave none."""
    in_page = frame is page or frame == page.main_frame
    dx, dy = (0.0, 0.0) if in_page else frame_offset(page)
    x0, y = slider_point(frame, start)
    page.mouse.move(dx + x0, dy + y)
    page.mouse.down()
    first = frame.evaluate(PAINTS)
    missed = 0
    direction = 1 if stop >= start else -1
    for week in range(start + direction, stop + direction, direction):
        x, _ = slider_point(frame, week)
        n = frame.evaluate(PAINTS)
        page.mouse.move(dx + x, dy + y)
        try:
            frame.wait_for_function(PAINTED_AFTER, arg=n, timeout=move_timeout, polling=4)
        except Exception:  # the move gave no input (a pixel short of the next week)
            missed += 1
    if release is not None:
        release()
    page.mouse.up()
    paints = [p for p in paints_since(frame, first) if p["input"] is not None]
    return {"paints": paints, "missed": missed}


def input_to_paint(paints: list[dict]) -> tuple[list[float], list[float]]:
    """Per input: ms to the restyled frame on screen, and ms to the end of the JS restyle."""
    done = [p for p in paints if p["painted"] is not None]
    return [p["painted"] - p["input"]["t"] for p in done], [p["at"] - p["input"]["t"] for p in done]
