"""The bad-input corpus: each case in tests/data/bad/ overlays Testville with broken files.

Every case must be rejected by `aleppo-map validate` with exit code 1 and messages that name
the file, the line or feature, the field and the value (listed in the case's expected.txt).
The data files must come out of the validator byte-for-byte unchanged.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from aleppo_map.cli import main

BAD = Path(__file__).parent / "data" / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def overlay(case: str, target: Path, root: Path = BAD) -> None:
    """Copy the case's files (all but expected.txt) over the dataset in `target`."""
    for path in (root / case).rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            destination = target / path.relative_to(root / case)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)


def digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_corpus_has_the_cases_the_issue_lists():
    assert len(CASES) >= 22


def assert_rejected_precisely(case: str, data: Path, capsys, root: Path = BAD) -> None:
    """`validate` on the case laid over `data`: exit 1, every line of its expected.txt in the
    messages, no traceback, and not one byte of the data changed."""
    overlay(case, data, root)
    before = digests(data)
    code = main(["validate", "--data", str(data)])
    out = capsys.readouterr()
    messages = out.err + out.out
    assert code == 1, messages
    for expected in (root / case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if expected.strip():
            assert expected in messages, f"{case}: missing {expected!r} in\n{messages}"
    assert "Traceback" not in messages
    assert digests(data) == before, "validation must never write to the data"


@pytest.mark.parametrize("case", CASES)
def test_bad_case_is_reported_precisely(case, testville_copy, capsys):
    assert_rejected_precisely(case, testville_copy, capsys)


@pytest.mark.parametrize(
    "command", [["state", "--date", "2020-04-10"], ["export", "csv", "--date", "2020-04-10"]]
)
def test_commands_on_bad_data_exit_1_with_the_problem_list(
    command, testville_copy, tmp_path, capsys
):
    overlay("holder_unknown", testville_copy)
    extra = ["--out", str(tmp_path / "x.csv")] if command[0] == "export" else []
    code = main([*command, "--data", str(testville_copy), *extra])
    assert code == 1
    assert "holder = 'rebels'" in capsys.readouterr().err
