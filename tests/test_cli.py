"""The `aleppo-map` command line, run as a real subprocess (README.md, "Command line")."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import REPO, TESTVILLE


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "aleppo_map", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )


def test_validate_bundled_data_exits_0_with_a_short_ok():
    result = cli("validate")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3 and not result.stderr, result.stdout + result.stderr
    assert lines[0].startswith("ok: 156 units in 15 groups, ")
    assert lines[1].startswith("evidence: ")
    assert lines[2].startswith("reviewed: 12 warning(s) read and accepted in reviewed_warnings")


def test_validate_lists_reviewed_warnings_on_request_and_shows_new_ones(tmp_path):
    listed = cli("validate", "--warnings")
    assert listed.returncode == 0, listed.stderr
    assert (
        listed.stdout.count("\nreviewed: control_changes.csv")
        + listed.stdout.startswith("reviewed: control_changes.csv")
        == 12
    )
    assert listed.stdout.count("  why: A known front line") == 12
    # a contributor's copy in which one reviewed warning is dropped from the list, and one row
    # names a warning the data no longer raises: both are shown
    data = tmp_path / "aleppo"
    skip = shutil.ignore_patterns(".git", ".venv", "node_modules", "static", "docs", "tests")
    shutil.copytree(REPO, data, ignore=skip)
    reviewed = (data / "reviewed_warnings.csv").read_text(encoding="utf-8").splitlines()
    gone = "control_changes.csv,holder,atlantis contested 2012-01-01 to 2016-01-01 (209 weeks),x"
    (data / "reviewed_warnings.csv").write_text(
        "\n".join([reviewed[0], *reviewed[2:], gone]) + "\n", encoding="utf-8"
    )
    result = cli("validate", "--data", str(data))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 2, result.stdout
    assert reviewed[1].split(",")[2] in warnings[0] or reviewed[1].split(",")[2] in warnings[1]
    assert any("reviewed_warnings.csv, line 13: value = 'atlantis" in w for w in warnings)
    assert "reviewed: 11 warning(s)" in result.stdout


def test_state_prints_every_area_with_holder_since_and_source():
    result = cli("state", "--date", "2016-11-29")
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert {"area_id", "name", "holder", "since", "claim_id", "source_id"} <= set(table.columns)
    areas = json.loads((REPO / "geodata" / "areas.geojson").read_text(encoding="utf-8"))
    assert sorted(table["area_id"]) == sorted(f["id"] for f in areas["features"])
    assert table.loc[table["area_id"] == "hananu", "holder"].item() == "government"


def test_state_geojson_format():
    result = cli("state", "--date", "2020-04-10", "--format", "geojson", "--data", str(TESTVILLE))
    doc = json.loads(result.stdout)
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 6
    assert doc["features"][0]["properties"]["holder"] == "government"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["state", "--date", "2030-01-01"], "outside the covered period"),
        (["state", "--date", "2016-02-30"], "is not a date"),
        (["state", "--date", "29/11/2016"], "is not a date"),
        (["state", "--date", "2016-11-29", "--colour"], "unrecognized arguments: --colour"),
        (["paint"], "invalid choice: 'paint'"),
    ],
)
def test_usage_errors_get_one_line_and_exit_2(args, message):
    result = cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_version():
    result = cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("aleppo-map ")


def test_export_refuses_to_overwrite_a_data_file(testville_copy):
    claims = testville_copy / "control_changes.csv"
    before = claims.read_bytes()
    result = cli(
        "export", "csv", "--date", "2020-04-10", "--data", str(testville_copy), "--out", str(claims)
    )
    assert result.returncode == 2
    assert "is a data file" in result.stderr
    assert claims.read_bytes() == before


def test_the_readme_shows_exactly_what_validate_prints_on_a_clean_checkout():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = readme.split("On a clean checkout the output is exactly:")[1].split("```")[1]
    assert cli("validate").stdout.strip() == shown.strip()
