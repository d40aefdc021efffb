"""The load script in small: 3 websocket sessions for 5 s against Testville, so it cannot rot.

The real run (20 sessions x 60 s on the bundled data) is `python -m bench.load_test`; its
figures are in docs/reliability.md.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO, TESTVILLE


def test_load_script_runs_sessions_without_errors(tmp_path):
    figures = tmp_path / "load.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load_test",
            "--sessions",
            "3",
            "--duration",
            "5",
            "--data",
            str(TESTVILLE),
            "--json",
            str(figures),
            "--log",
            str(tmp_path / "server.log"),
            "--limit",
            "120",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(figures.read_text(encoding="utf-8"))
    assert report["errors"] == 0, report["error_samples"]
    assert report["sessions_opened"] == 3
    assert report["steps"] > 0 and report["clicks"] > 0
    assert report["latency_p50_ms"] > 0 and report["latency_p95_ms"] >= report["latency_p50_ms"]
    rss = report["rss_mb"]
    assert 0 < rss["idle"] <= rss["peak under load"]
    for line in ("errors: 0", "step latency: p50", "server RSS idle"):
        assert line in result.stdout
