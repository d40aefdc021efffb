"""From a fresh clone to the first coloured map: `git clone` this repository into a temporary
folder (with `../shared` beside it), run `make run` there (a new .venv, the install, the map's
files, the start), and open the page in headless Chromium until the map shows its colours.

    .venv/bin/python -m bench.fresh_clone [--port 8765]

pip's own cache is used as it is: an empty one adds the packages' download.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from bench._common import REPO
from bench.browser import open_app
from tests.browser.harness import chromium


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        clone = Path(folder) / "main"
        subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
        (Path(folder) / "shared").symlink_to(REPO.parent / "shared")
        started = time.perf_counter()
        make = subprocess.Popen(
            ["make", "run", f"PORT={args.port}"], cwd=clone, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            while not healthy(f"{base}/_stcore/health"):
                if make.poll() is not None:
                    raise SystemExit(f"make run stopped with exit code {make.returncode}")
                time.sleep(0.2)
            answered = time.perf_counter() - started
            first_page, page, _ = open_app(browser, base, "")
            page.context.close()
            coloured = time.perf_counter() - started
        finally:
            os.killpg(make.pid, signal.SIGTERM)
            make.wait()
    print(
        f"make run on a fresh clone: the server answers after {answered:.1f} s, the map "
        f"shows its colours after {coloured:.1f} s (its first page: {first_page:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
