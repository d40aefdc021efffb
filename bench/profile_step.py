"""Where a week step's time goes on the server: py-spy samples `streamlit run` while a
headless Chromium presses "1 week ▶", then the samples of the script thread are summed per
function (inclusive) and per line of app.py and aleppo_map/.

    .venv/bin/pip install py-spy        # a profiler, not a dependency of the app
    .venv/bin/python bench/profile_step.py [--steps 30] [--top 40]

Samples are taken only while the fragment runs (the script thread is idle otherwise), so the
percentages are of the server's work for the steps.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import STEP_BUTTON, new_page  # noqa: E402
from tests.browser.harness import (  # noqa: E402
    chromium,
    streamlit_server,
    wait_for_app,
    wait_for_polygons,
)

INTERESTING = ("app.py", "aleppo_map/", "streamlit_folium", "altair", "folium/", "branca")


def py_spy() -> str | None:
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.exists() else shutil.which("py-spy")


def server_pid(port_url: str) -> int:
    """The pid of the `streamlit run` listening on the URL's port."""
    port = port_url.rsplit(":", 1)[1].split("/")[0]
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True)
    return int(out.stdout.split("pid=")[1].split(",")[0])


def summarise(raw: Path, top: int) -> None:
    """Inclusive samples per function of our code and the libraries it calls."""
    per_function: collections.Counter = collections.Counter()
    per_line: collections.Counter = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if "script_runner" not in stack and "exec_func_with_error_handling" not in stack:
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    args = parser.parse_args(argv)
    spy = py_spy()
    if spy is None:
        print("py-spy is not installed: .venv/bin/pip install py-spy")
        return 2
    raw = Path(tempfile.mkstemp(suffix=".txt", prefix="aleppo-step-profile-")[1])
    log = Path(tempfile.gettempdir()) / "bench-profile-server.log"
    with streamlit_server(log=log) as base, chromium() as browser:
        context, page = new_page(browser, base)
        page.goto(f"{base}/?date=2016-03-06")
        wait_for_app(page)
        wait_for_polygons(page)
        recorder = subprocess.Popen(
            [spy, "record", "--format", "raw", "-r", str(args.rate), "-o", str(raw)]
            + ["--pid", str(server_pid(base)), "--threads"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)
        button = page.get_by_role("button", name=STEP_BUTTON)
        for _ in range(args.steps):
            button.click()
            time.sleep(0.3)
            wait_for_app(page)
        recorder.send_signal(signal.SIGINT)
        recorder.wait(timeout=60)
        context.close()
    summarise(raw, args.top)
    print(f"raw samples: {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
