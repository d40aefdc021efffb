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

NUMBER = r"[0-9][0-9,]*(\.[0-9]+)? (ms|s|MB|kB|weeks/s|×|remounts|rerun\(s\))(\s|$)"


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
        "-m", "bench.run_all", "--quick", "--only", "engine", "scale", "exports", "--out", str(out)
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
        "the map's payload for the app",
        "the whole timeline as one HTML file",
        "animated GIF",
    ):
        lines = [line for line in printed if what in line]
        assert lines, f"no figure for {what!r} in:\n{result.stdout}"
        assert all(re.search(NUMBER, line) for line in lines), lines
    page = out.read_text(encoding="utf-8")
    assert "| group | what | median |" in page and "-m bench.engine" in page
    assert "QUICK SMOKE RUN" in page
    # The smoke run writes its page where it is told, and its synthetic data under /tmp.
    assert (doc.read_bytes() if doc.exists() else None) == before
    assert not (REPO / "bench" / "synthetic").exists()


def test_synthetic_dataset_generator_refuses_to_write_into_the_repository():
    result = run("-m", "bench.make_synthetic", str(REPO / "bench" / "x"), "--areas", "4")
    assert result.returncode != 0
    assert "inside the repository" in result.stderr + result.stdout
    assert not (REPO / "bench" / "x").exists()


@pytest.mark.browser
def test_browser_benchmark_runs_at_a_tiny_size(tmp_path):
    out = tmp_path / "browser.json"
    result = run(
        "-m",
        "bench.browser",
        *("--drags", "1", "--drag-weeks", "4", "--releases", "1", "--loads", "1"),
        # No baseline (--steps 0): it needs the `bench` extra, which CI does not install.
        *("--steps", "0", "--play-seconds", "2", "--gap", "0.1", "--json", str(out)),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {r["what"]: r for r in figures(out)}
    for what in (
        "open the app until the map shows its colours (first visit",
        "open the app until the map shows its colours (returning visit",
        "scrub: Week slider `input` event to the restyled frame on screen",
        "server reruns during one drag",
        "release of the slider to the updated panel and address bar",
        "play at the fastest speed",
        "remounts of the map frame",
    ):
        matches = [r for key, r in rows.items() if key.startswith(what)]
        assert matches, f"no figure for {what!r}: {sorted(rows)}"
        assert all(isinstance(r["value"], int | float) for r in matches), matches
    assert rows["remounts of the map frame (opened, dragged, released, played)"]["value"] == 0
    for line in result.stdout.splitlines():
        if line.startswith("Browser"):
            assert re.search(NUMBER, line), line


@pytest.mark.browser
def test_published_file_benchmark_runs_at_a_tiny_size(tmp_path):
    out = tmp_path / "site.json"
    result = run(
        "-m",
        "bench.site",
        *("--loads", "1", "--synthetic-loads", "1", "--drags", "1", "--drag-weeks", "3"),
        *("--build-repeat", "1", "--synthetic-areas", "30", "--json", str(out)),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = figures(out)
    for group in ("Published file (Aleppo, bundled data)", "Published file (synthetic, 30 areas)"):
        whats = [r["what"] for r in rows if r["group"] == group]
        assert whats == [
            "size of the one HTML file",
            "open from file:// until the map shows its colours",
            "scrub: Week slider `input` event to the restyled frame on screen",
        ], whats
    assert all(isinstance(r["value"], int | float) and r["value"] > 0 for r in rows), rows
    assert not (REPO / "bench" / "synthetic").exists()


@pytest.mark.browser
def test_server_time_per_action_benchmark_runs_at_a_tiny_size(tmp_path):
    out = tmp_path / "server.json"
    result = run("-m", "bench.profile_step", "--actions", "2", "--gap", "0.1", "--json", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {r["what"]: r for r in figures(out)}
    assert sorted(rows) == [
        "server time per click on an area (the map reports its id)",
        "server time per slider release (the map reports a date)",
    ], sorted(rows)
    for r in rows.values():
        assert r["n"] == 1 and r["value"] > 0, r
        assert "1 rerun each" in r["note"], r["note"]


def test_server_time_per_action_adds_up_the_reruns_of_an_action():
    from bench.profile_step import action_figures

    def rerun(arrived, start, end, finished, fragment=True):
        run = {"start": start, "end": end, "cpu_s": (end - start) / 2, "fragment": fragment}
        return {"arrived": arrived, "finished": finished, "runs": [run], "serialise_s": 0.001,
                "sent_bytes": 1000, "messages": 3, "largest_message": 600}  # fmt: skip

    one = [rerun(0.0, 0.001, 0.011, 0.012)]
    two = [rerun(1.0, 1.002, 1.012, 1.014), rerun(1.1, 1.1, 1.11, 1.111)]
    figures_ = action_figures([one, two])
    assert [round(v, 3) for v in figures_["server"]] == [12.0, 25.0]
    assert [round(v, 3) for v in figures_["wait"]] == [1.0, 2.0]
    assert figures_["reruns"] == figures_["requests"] == [1, 2]
    assert figures_["bytes"] == [1000, 2000]


def test_step_profile_summary_reads_py_spy_samples(tmp_path, capsys):
    from bench.profile_step import summarise

    raw = tmp_path / "raw.txt"
    thread = "thread (1): ScriptRunner.scriptThread;_run_script (streamlit/script_runner.py:1)"
    raw.write_text(
        f"{thread};map_and_panel ({REPO}/app.py:120);"
        f"area_panel ({REPO}/aleppo_map/ui/panel.py:9) 3\n"
        f"{thread};map_and_panel ({REPO}/app.py:130) 1\n"
        "thread (2): MainThread;run_forever (asyncio/base_events.py:1) 50\n",
        encoding="utf-8",
    )
    summarise(raw, top=10)
    out = capsys.readouterr().out
    assert "4 samples of the script thread" in out
    assert re.search(r"100\.0%\s+map_and_panel \(app\.py\)", out), out
    assert re.search(r"75\.0%\s+area_panel \(aleppo_map/ui/panel\.py\)", out), out
