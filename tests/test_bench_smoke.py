"""The benchmark scripts in bench/ stay runnable: each runs here at a tiny size, in seconds.

No timing is asserted (timings belong to docs/performance.md, written by `make bench`); only
that every script runs on its own, prints every figure as a number, and writes nothing into
the repository except where it is told to.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO

NUMBER = r"[0-9][0-9,]*(\.[0-9]+)? (ms|s|MB|kB|fps|×|remounts)\b"


def run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=REPO, timeout=timeout
    )


def figures(path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["rows"]


def test_engine_scale_and_export_benchmarks_run_at_a_tiny_size(tmp_path):
    doc = REPO / "docs" / "performance.md"
    before = doc.read_bytes() if doc.exists() else None
    out = tmp_path / "performance.md"
    result = run(
        "bench/run_all.py", "--quick", "--only", "engine", "scale", "exports", "--out", str(out)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    printed = [line for line in result.stdout.splitlines() if line.startswith(("Engine", "Sca"))]
    printed += [line for line in result.stdout.splitlines() if line.startswith("Exports")]
    for what in (
        "load and validate",
        "state at a date",
        "all weekly frames",
        "km² per holder for every week",
        "peak memory (RSS) of load and validate",
        "area geometry sent to the browser, bundled data",
        "area geometry sent to the browser, synthetic",
        "PNG snapshot",
        "GeoJSON of the state at a date",
        "animated GIF",
    ):
        lines = [line for line in printed if what in line]
        assert lines, f"no figure for {what!r} in:\n{result.stdout}"
        assert all(re.search(NUMBER, line) for line in lines), lines
    page = out.read_text(encoding="utf-8")
    assert "| group | what | median |" in page and "bench/engine.py" in page
    assert "QUICK SMOKE RUN" in page
    # The smoke run writes its page where it is told, and its synthetic data under /tmp.
    assert (doc.read_bytes() if doc.exists() else None) == before
    assert not (REPO / "bench" / "synthetic").exists()


def test_synthetic_dataset_generator_refuses_to_write_into_the_repository():
    result = run("bench/make_synthetic.py", str(REPO / "bench" / "x"), "--areas", "4")
    assert result.returncode != 0
    assert "inside the repository" in result.stderr + result.stdout
    assert not (REPO / "bench" / "x").exists()


@pytest.mark.browser
def test_browser_benchmark_runs_at_a_tiny_size(tmp_path):
    out = tmp_path / "browser.json"
    result = run(
        "bench/browser.py",
        *("--steps", "2", "--loads", "1", "--play-seconds", "2", "--gap", "0.1"),
        *("--json", str(out)),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {r["what"]: r for r in figures(out)}
    for what in (
        "open the app until the polygons show their colours",
        "one week step until the map shows the new colours (app)",
        "the same step, baseline page",
        "step speed-up over the baseline",
        "map iframe remounts while stepping",
        "play mode",
        "map iframe remounts during play",
    ):
        matches = [r for key, r in rows.items() if key.startswith(what)]
        assert matches, f"no figure for {what!r}: {sorted(rows)}"
        assert all(isinstance(r["value"], int | float) for r in matches), matches
    assert rows["map iframe remounts while stepping (app)"]["value"] == 0


def test_step_profile_summary_reads_py_spy_samples(tmp_path, capsys):
    sys.path.insert(0, str(REPO))
    from bench.profile_step import summarise

    raw = tmp_path / "raw.txt"
    thread = "thread (1): ScriptRunner.scriptThread;_run_script (streamlit/script_runner.py:1)"
    raw.write_text(
        f"{thread};map_and_panel ({REPO}/app.py:120);base_map ({REPO}/aleppo_map/render.py:9) 3\n"
        f"{thread};map_and_panel ({REPO}/app.py:130) 1\n"
        "thread (2): MainThread;run_forever (asyncio/base_events.py:1) 50\n",
        encoding="utf-8",
    )
    summarise(raw, top=10)
    out = capsys.readouterr().out
    assert "4 samples of the script thread" in out
    assert re.search(r"100\.0%\s+map_and_panel \(app\.py\)", out), out
    assert re.search(r"75\.0%\s+base_map \(aleppo_map/render\.py\)", out), out
