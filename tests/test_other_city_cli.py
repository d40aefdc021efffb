"""Another city end to end on the command line: `--data DIR` with Testville, from anywhere.

Testville (tests/data/testville) is a small synthetic city in our format, nowhere near
Aleppo and in another UTM zone. Run from a directory outside the repository, with both an
absolute and a relative `--data`, the installed `aleppo-map` command validates it, prints its
state at a date and writes a PNG snapshot of it; nothing of the bundled Aleppo data is used.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from tests.conftest import TESTVILLE

COMMAND = Path(sys.executable).with_name("aleppo-map")


def aleppo_map(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    command = [str(COMMAND)] if COMMAND.exists() else [sys.executable, "-m", "aleppo_map"]
    env = {k: v for k, v in os.environ.items() if k not in ("ALEPPO_DATA_DIR",)}
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, cwd=cwd, timeout=300, env=env
    )


@pytest.fixture
def city(tmp_path) -> Path:
    """A copy of Testville in a directory of its own, the working directory of the runs."""
    target = tmp_path / "cities" / "testville"
    shutil.copytree(TESTVILLE, target)
    return target


@pytest.mark.parametrize("relative", [False, True], ids=["absolute", "relative"])
def test_validate_another_city(city, tmp_path, relative):
    data = "cities/testville" if relative else str(city)
    result = aleppo_map("validate", "--data", data, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (summary,) = [line for line in result.stdout.splitlines() if line.startswith("ok: ")]
    assert summary.startswith("ok: 6 units in 3 groups, 13 claims (12 adopted), 2 sources")
    assert "2020-03-01 to 2020-06-30" in summary
    assert "quotes checked against the source texts" in summary


def test_state_of_another_city_at_a_date(city, tmp_path):
    result = aleppo_map("state", "--date", "2020-05-03", "--data", str(city), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False).set_index("area_id")
    assert {"name", "holder", "since", "claim_id", "source_id"} <= set(table.columns)
    assert table["holder"].to_dict() == {
        "north_bank": "government",
        "mill_quarter": "opposition",
        "old_town": "contested",
        "south_bank": "opposition",
        "station": "opposition",
        "harbour": "opposition",
    }
    assert table.loc["old_town", "claim_id"] == "ch-20200501-old_town"
    assert table.loc["mill_quarter", "since"] == "2020-04-06"


def test_png_export_of_another_city(city, tmp_path):
    out = tmp_path / "testville.png"
    result = aleppo_map(
        "export",
        "png",
        "--date",
        "2020-05-03",
        "--data",
        str(city),
        "--out",
        str(out),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    image = Image.open(out)
    image.load()
    assert image.format == "PNG" and image.width >= 1000
    assert "Testville" in image.text["Title"]
    assert "The Testville Chronicle" in image.text["Source"]


def test_a_date_outside_the_other_citys_period_is_refused(city, tmp_path):
    result = aleppo_map("state", "--date", "2016-11-29", "--data", str(city), cwd=tmp_path)
    assert result.returncode == 2
    assert "outside the covered period 2020-03-01 to 2020-06-30" in result.stderr


def test_a_missing_data_directory_is_a_clear_error(tmp_path):
    result = aleppo_map("validate", "--data", "no/such/city", cwd=tmp_path)
    assert result.returncode == 1
    assert "a dataset directory" in result.stderr
    assert "Traceback" not in result.stderr
