"""The first visit after a start: seconds from navigation to a coloured map, for the very first
page a freshly started app serves (`make run`, `make serve`, a worker restarted after a crash),
and for the visits after it.

    .venv/bin/python -m bench.first_visit [--starts 5] [--later 3]

Each start is a new app process on the bundled data, started as `make run` starts it
(`python -m aleppo_map.ui.start`: the first page's work done before the server answers); the
first page opens as soon as the server answers its health check, in an empty browser
context. Prints medians (target: ≤ 3 s for the first visit, issue 24; ≤ 2 s for later
visits, docs/performance.md).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench.browser import open_app
from tests.browser.harness import chromium, streamlit_server


def measure(starts: int, later: int) -> tuple[list[float], list[float]]:
    first, after = [], []
    log = Path(tempfile.gettempdir()) / "bench-first-visit.log"
    with chromium() as browser:
        for _ in range(starts):
            with streamlit_server(log=log) as base:
                seconds, page, _ = open_app(browser, base, "?date=2016-11-27")
                first.append(seconds)
                page.context.close()
                for _ in range(later):
                    seconds, page, _ = open_app(browser, base, "?date=2016-11-27")
                    after.append(seconds)
                    page.context.close()
    return first, after


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5, help="fresh servers to start")
    parser.add_argument("--later", type=int, default=3, help="later visits per server")
    args = parser.parse_args()
    first, after = measure(args.starts, args.later)
    print(f"first visit after a start: median {statistics.median(first):.2f} s "
          f"(min {min(first):.2f}, max {max(first):.2f}, n={len(first)})")  # fmt: skip
    print(f"later visits:              median {statistics.median(after):.2f} s "
          f"(min {min(after):.2f}, max {max(after):.2f}, n={len(after)})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
