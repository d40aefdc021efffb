"""The server's time per action, and where it goes: a headless Chromium drives the app's map
with the real mouse (slider releases and clicks on areas, alternately) against `streamlit
run` started with timing hooks (bench/_timed_server.py); then, with --profile, py-spy samples
the server during more of the same actions and sums the samples per function (inclusive) and
per line of app.py and aleppo_map/.

    .venv/bin/python -m bench.profile_step [--actions 40] [--profile]
    .venv/bin/pip install py-spy        # for --profile: a profiler, not a dependency of the app

Each action reaches the server as one rerun: a release as the map component's value with a
date, a click with an area id (the component's `setComponentValue`). The server's time for it is
from the moment its rerun request arrives (`AppSession.handle_backmsg`) to the moment the
run's last message (`script_finished`) is serialised for the websocket, so it includes the
wait for the script thread, the run of the map fragment, and the serialisation of every
message of the run on the event loop.

The design before "time lives in the map" (commit 7505bf3: a week step was a Streamlit
button) is measured the same way from a git worktree, with its own app and data:

    git worktree add /tmp/before 7505bf3
    .venv/bin/python -m bench.profile_step --app-dir /tmp/before --before
    git worktree remove --force /tmp/before

There an action is a press of "1 week ▶" or a click on an area. Any other --app-dir (without
--before: a slider release and a click, e.g. the commit before the map's own component,
ca0f7fc) is labelled with its commit too.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._common import REPO, row, show, write_json
from tests.browser.harness import (
    chromium,
    click_area,
    count_reports,
    drag_slider,
    free_port,
    map_frame,
    map_js_frame,
    new_page,
    serving,
    wait_for_app,
    wait_for_polygons,
)

INTERESTING = ("app.py", "aleppo_map/", "streamlit/components", "altair", "pyarrow")
STEP_BUTTON = "1 week ▶"  # the design before: a week step was this Streamlit button
START = "2016-03-06"
ACTION_TIMEOUT = 30.0


def py_spy() -> str | None:
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.exists() else shutil.which("py-spy")


@contextlib.contextmanager
def timed_server(app_dir: Path, runs_log: Path, server_log: Path):
    """`streamlit run app.py` in `app_dir` through bench/_timed_server.py, on a free port of
    127.0.0.1; yields (process, base URL). Its own package first on the path (a worktree)."""
    port = free_port()
    env = dict(os.environ, BENCH_SERVER_LOG=str(runs_log))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(app_dir), env.get("PYTHONPATH")]))
    command = [
        sys.executable, str(REPO / "bench" / "_timed_server.py"), "run",
        str(app_dir / "app.py"), "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with serving(
        command, f"{base}/_stcore/health", cwd=app_dir, env=env, log=server_log
    ) as process:
        yield process, base


def records(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


class Driver:
    """Runs one kind of action after another in one page, and notes which server records
    (one per rerun) each action caused."""

    def __init__(self, page, runs_log: Path, area_ids: list[str], before: bool, gap: float):
        self.page, self.runs_log, self.before, self.gap = page, runs_log, before, gap
        self.areas = area_ids
        self.next_area = 0
        self.direction = 1
        self.retries = 0
        self.frame = None if before else map_js_frame(page)
        if self.frame is not None:
            count_reports(self.frame)

    def release(self) -> None:
        """Drag the Week slider two weeks and let go (the map reports the date)."""
        index = self.frame.evaluate("() => window.timeMap.state().index")
        stop = index + 2 * self.direction
        if not 0 <= stop < self.frame.evaluate("() => +document.querySelector('.tm-slider').max"):
            self.direction = -self.direction
            stop = index + 2 * self.direction
        drag_slider(self.page, self.frame, index, stop, steps=2, sample=lambda: None)

    def step(self) -> None:
        self.page.get_by_role("button", name=STEP_BUTTON).click()

    def click(self) -> None:
        """Click the next area of the list that shows on screen (never the same twice)."""
        for _ in range(len(self.areas)):
            area = self.areas[self.next_area % len(self.areas)]
            self.next_area += 1
            try:
                click_area(self.page, area, wait_still=False)  # either design
                return
            except AssertionError:  # under a label or off screen: the next one
                continue
        raise RuntimeError("no area of the list could be clicked")

    def run(self, kind: str) -> list[dict]:
        """One action; a click that reaches no rerun (it landed on the area already selected,
        or on a label) is made again on the next area, up to three times."""
        before = len(records(self.runs_log))
        for _attempt in range(3):
            getattr(self, kind)()
            deadline = time.monotonic() + (5.0 if kind == "click" else ACTION_TIMEOUT)
            while len(records(self.runs_log)) == before and time.monotonic() < deadline:
                time.sleep(0.01)
            if len(records(self.runs_log)) > before:
                break
            self.retries += 1
        else:
            raise TimeoutError(f"the {kind} reached no rerun of the server")
        wait_for_app(self.page)
        time.sleep(self.gap)  # anything else the action sets off has arrived by now
        wait_for_app(self.page)
        return records(self.runs_log)[before:]


def open_driver(browser, base: str, runs_log: Path, before: bool, gap: float):
    page = new_page(browser, base)
    page.goto(f"{base}/?date={START}")
    wait_for_app(page)
    wait_for_polygons(page)
    time.sleep(1.0)
    # The largest areas on screen (the same in either design, from the map's own paths).
    area_ids = (
        map_frame(page)
        .locator("path[data-area]")
        .evaluate_all(
            """paths => paths.map(p => { const b = p.getBoundingClientRect();
             return [b.width * b.height, p.getAttribute('data-area')]; })
           .sort((a, b) => b[0] - a[0]).slice(0, 16).map(x => x[1])"""
        )
    )
    return Driver(page, runs_log, area_ids, before, gap)


def action_figures(per_action: list[list[dict]]) -> dict:
    """Per action: the server's time (all its reruns) and its parts, in ms and bytes."""

    def ms(values) -> list[float]:
        return [1000 * v for v in values]

    return {
        "server": ms(sum(r["finished"] - r["arrived"] for r in rs) for rs in per_action),
        "wait": ms(rs[0]["runs"][0]["start"] - rs[0]["arrived"] for rs in per_action
                   if rs[0]["runs"]),
        "script": ms(sum(run["end"] - run["start"] for r in rs for run in r["runs"])
                     for rs in per_action),
        "cpu": ms(sum(run["cpu_s"] for r in rs for run in r["runs"]) for rs in per_action),
        "serialise": ms(sum(r["serialise_s"] for r in rs) for rs in per_action),
        "tail": ms(rs[-1]["finished"] - rs[-1]["runs"][-1]["end"] for rs in per_action
                   if rs[-1]["runs"]),
        "bytes": [sum(r["sent_bytes"] for r in rs) for rs in per_action],
        "largest": [max(r["largest_message"] for r in rs) for rs in per_action],
        "messages": [sum(r["messages"] for r in rs) for rs in per_action],
        "reruns": [sum(len(r["runs"]) for r in rs) for rs in per_action],
        "requests": [sum(r.get("requests", 1) for r in rs) for rs in per_action],
        "fragment": [all(run["fragment"] for r in rs for run in r["runs"]) for rs in per_action],
    }  # fmt: skip


def med(values) -> float:
    return statistics.median(values) if values else float("nan")


def figure_rows(group: str, kinds: dict[str, str], results: dict, note_extra: str) -> list[dict]:
    rows = []
    for kind, label in kinds.items():
        f = action_figures(results[kind])
        fragment = sum(f["fragment"])
        rows.append(
            row(
                group,
                f"server time per {label}",
                f["server"],
                "ms",
                digits=1,
                target="server_action_ms",
                p95=True,
                note=(
                    f"{len(f['server'])} actions, {med(f['reruns']):.0f} rerun each (median; "
                    f"{fragment} of them fragment-only; {sum(f['requests'])} rerun requests, "
                    f"{sum(f['reruns'])} runs in all); where it goes (medians): waiting for "
                    f"the script thread {med(f['wait']):.1f} ms, the script run "
                    f"{med(f['script']):.1f} ms ({med(f['cpu']):.1f} ms of CPU), serialising "
                    f"{med(f['messages']):.0f} messages on the event loop "
                    f"{med(f['serialise']):.1f} ms, after the run to its last message "
                    f"{med(f['tail']):.1f} ms; sent to the browser "
                    f"{med(f['bytes']) / 1e3:,.0f} kB, the largest message "
                    f"{med(f['largest']) / 1e3:,.0f} kB" + note_extra
                ),
            )
        )
    return rows


def summarise(raw: Path, top: int) -> None:
    """Inclusive samples per function of our code and the libraries it calls (script thread),
    and what the event loop thread did meanwhile."""
    per_function: collections.Counter = collections.Counter()
    per_line: collections.Counter = collections.Counter()
    loop: collections.Counter = collections.Counter()
    total = loop_total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if "script_runner" not in stack and "exec_func_with_error_handling" not in stack:
            if "MainThread" in stack and "select" not in stack.rsplit(";", 1)[-1]:
                loop_total += int(count)
                for key in ("serialize_forward_msg", "handle_backmsg", "send_bytes"):
                    if key in stack:
                        loop[key] += int(count)
            continue  # only the thread that runs the script
        count = int(count)
        total += count
        seen_f, seen_l = set(), set()
        for frame in stack.split(";"):
            if not any(key in frame for key in INTERESTING):
                continue
            name = frame.split(" (")[0]
            where = frame[frame.find("(") + 1 : frame.rfind(")")]
            file_line = where.split("/site-packages/")[-1].replace(str(Path.cwd()) + "/", "")
            key_f = f"{name} ({file_line.rsplit(':', 1)[0]})"
            if key_f not in seen_f:
                per_function[key_f] += count
                seen_f.add(key_f)
            if ("app.py" in where or "aleppo_map/" in where) and file_line not in seen_l:
                per_line[f"{file_line}  {name}"] += count
                seen_l.add(file_line)
    if not total:
        print("no samples of the script thread")
        return
    print(f"{total} samples of the script thread (inclusive share per function)")
    for key, count in per_function.most_common(top):
        print(f"  {100 * count / total:5.1f}%  {key}")
    print("by line of our code:")
    for key, count in per_line.most_common(top):
        print(f"  {100 * count / total:5.1f}%  {key}")
    if loop_total:
        print(f"{loop_total} busy samples of the main (event loop) thread:")
        for key, count in loop.most_common():
            print(f"  {100 * count / loop_total:5.1f}%  {key}")


def profile(driver: Driver, pid: int, kinds: list[str], actions: int, rate: int, top: int):
    spy = py_spy()
    if spy is None:
        print("py-spy is not installed: .venv/bin/pip install py-spy")
        return
    raw = Path(tempfile.mkstemp(suffix=".txt", prefix="aleppo-action-profile-")[1])
    recorder = subprocess.Popen(
        [spy, "record", "--format", "raw", "-r", str(rate), "-o", str(raw)]
        + ["--pid", str(pid), "--threads"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1.0)
        for i in range(actions):
            driver.run(kinds[i % len(kinds)])
    finally:
        recorder.send_signal(signal.SIGINT)
        recorder.wait(timeout=60)
    summarise(raw, top)
    print(f"raw samples: {raw}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=40, help="timed actions (half of each)")
    parser.add_argument("--app-dir", type=Path, default=REPO)
    parser.add_argument("--before", action="store_true", help="the design of 7505bf3")
    parser.add_argument("--profile", action="store_true", help="then py-spy, as many actions")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    parser.add_argument("--gap", type=float, default=0.3, help="idle seconds after an action")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    app_dir = args.app_dir.resolve()
    kinds = (
        {"step": "week step (the “1 week ▶” button)"}
        if args.before
        else {"release": "slider release (the map reports a date)"}
    )
    kinds["click"] = "click on an area (the map reports its id)"
    tmp = Path(tempfile.mkdtemp(prefix="aleppo-profile-"))
    runs_log = tmp / "runs.jsonl"
    results: dict[str, list[list[dict]]] = {kind: [] for kind in kinds}
    with (
        timed_server(app_dir, runs_log, tmp / "server.log") as (process, base),
        chromium() as browser,
    ):
        driver = open_driver(browser, base, runs_log, args.before, args.gap)
        order = list(kinds)
        for i in range(args.actions):
            kind = order[i % len(order)]
            results[kind].append(driver.run(kind))
        if args.profile:
            profile(driver, process.pid, order, args.actions, args.rate, args.top)
        errors = driver.page.js_errors
        retries = driver.retries
        driver.page.context.close()
    commit = subprocess.run(
        ["git", "-C", str(app_dir), "rev-parse", "--short", "HEAD"], capture_output=True,
        text=True,
    ).stdout.strip()  # fmt: skip
    group = (
        f"Server per action (before: commit {commit})"
        if args.before or app_dir != REPO
        else "Server per action (bundled data)"
    )
    extra = f"; JavaScript errors: {errors[:2]}" if errors else ""
    if retries:
        extra += f"; {retries} click(s) reached no rerun and were made again on another area"
    rows = figure_rows(group, kinds, results, extra)
    show(rows)
    write_json(rows, args.json)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
