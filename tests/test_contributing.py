"""CONTRIBUTING.md's walkthrough, performed word for word on a temporary copy of the repository.

The steps are read from CONTRIBUTING.md itself, so the guide and the test cannot drift apart.
Each step is an HTML comment followed by a fenced block:

- `<!-- step: run -->` runs the block's commands with bash in the copy (they must succeed);
- `<!-- step: output -->` lists lines that the previous command printed, where "…" stands
  for any text (numbers that grow with the data, long quotes);
- `<!-- step: append FILE -->` appends the block's lines to FILE, as a newcomer would in
  an editor (the row must not be in the data yet);
- `<!-- step: mistype OLD NEW -->` replaces OLD with NEW in the appended line, reruns the
  last command, which must fail with the block's lines, and restores the line;
- `<!-- step: open -->` opens the block's URL: `make run` is replaced by AppTest on the copy,
  with the URL's query parameters.

The copy is laid out like a clone, with `../shared` beside it. Its `.venv/bin/aleppo-map`
runs the project's interpreter on the copy's own `aleppo_map` package, so the command's
default data is the copy's files, as it is for a newcomer's clone.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from aleppo_map.load import load_dataset
from aleppo_map.look import HOLDER_CODES
from aleppo_map.model import holder_label
from aleppo_map.payload import map_payload
from aleppo_map.timeline import Timeline
from tests.conftest import REPO, SHARED_SOURCES

GUIDE = REPO / "CONTRIBUTING.md"
STEP = re.compile(r"<!-- step: (?P<step>[^>]*?) -->\s*\n```[\w-]*\n(?P<body>.*?)\n```", re.DOTALL)
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache",
    "test-artifacts", "build", "*.egg-info", "vendor",
)  # fmt: skip


def steps() -> list[tuple[str, str]]:
    return [(m["step"].strip(), m["body"]) for m in STEP.finditer(GUIDE.read_text("utf-8"))]


def matches(expected: str, actual: str) -> bool:
    """Whether every expected line is a line of `actual`, "…" standing for any text."""
    lines = actual.splitlines()
    for line in expected.splitlines():
        pattern = ".*".join(re.escape(part) for part in line.split("…"))
        if not any(re.fullmatch(pattern, got) for got in lines):
            return False
    return True


def make_clone(tmp_path: Path) -> Path:
    """A copy of the repository as a newcomer has it: its own package, data and .venv/bin."""
    clone = tmp_path / "main"
    shutil.copytree(REPO, clone, ignore=IGNORED)
    (tmp_path / "shared").symlink_to(SHARED_SOURCES.parent, target_is_directory=True)
    bin_dir = clone / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    shim = bin_dir / "aleppo-map"
    shim.write_text(
        "#!/bin/sh\n"
        f'exec "{sys.executable}" -c "import sys; sys.path.insert(0, \'{clone}\'); '
        'from aleppo_map.cli import main; sys.exit(main(sys.argv[1:]))" "$@"\n',
        encoding="utf-8",
    )
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    frictionless = Path(sys.executable).parent / "frictionless"
    if frictionless.exists():
        (bin_dir / "frictionless").symlink_to(frictionless)
    else:  # an interpreter without the console script: the same module
        shim = bin_dir / "frictionless"
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m frictionless "$@"\n', "utf-8")
        shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    return clone


def bash(command: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("ALEPPO_SOURCES_DIR", None)
    env.pop("ALEPPO_DATA_DIR", None)
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_the_guide_has_the_steps_the_test_performs():
    kinds = [step.split()[0] for step, _ in steps()]
    assert kinds.count("append") == 1
    assert kinds.count("open") == 1
    assert kinds.count("mistype") == 1
    assert kinds.count("run") >= 3 and kinds.count("output") >= 3
    commands = " ".join(body for step, body in steps() if step == "run")
    assert "aleppo-map validate" in commands and "aleppo-map state" in commands
    assert "frictionless validate datapackage.json" in commands


@pytest.mark.skipif(
    not SHARED_SOURCES.is_dir(), reason="the walkthrough quotes ../shared/sources, absent here"
)
def test_walkthrough_word_for_word(tmp_path, monkeypatch):
    clone = make_clone(tmp_path)
    appended: dict[str, str] = {}  # file -> the line the guide added
    last: subprocess.CompletedProcess | None = None
    last_command = ""
    opened = 0
    for step, body in steps():
        kind, *args = step.split()
        if kind == "run":
            last_command = body
            last = bash(body, clone)
            assert last.returncode == 0, f"{body}\n{last.stdout}\n{last.stderr}"
        elif kind == "output":
            assert last is not None, "an output block before any command"
            assert matches(body, last.stdout + last.stderr), (
                f"`{last_command}` printed\n{last.stdout}{last.stderr}\nnot\n{body}"
            )
        elif kind == "append":
            (name,) = args
            target = clone / name
            text = target.read_text(encoding="utf-8")
            assert text.endswith("\n"), f"{name} does not end with a newline"
            # The example must be new to the data, or a newcomer who follows the guide word
            # for word meets a duplicate claim id.
            claim_id = body.split(",", 1)[0]
            assert f"\n{claim_id}," not in text, (
                f"the walkthrough's claim {claim_id} is now in the data: pick another example "
                "for CONTRIBUTING.md (a sentence no claim quotes yet)"
            )
            target.write_text(text + body + "\n", encoding="utf-8")
            appended[name] = body
        elif kind == "mistype":
            old, new = args
            (name, line), *_ = appended.items()
            target = clone / name
            good = target.read_text(encoding="utf-8")
            assert good.count(line) == 1 and old in line
            target.write_text(good.replace(line, line.replace(old, new, 1)), encoding="utf-8")
            try:
                failed = bash(last_command, clone)
            finally:
                target.write_text(good, encoding="utf-8")
            assert failed.returncode == 1, failed.stdout + failed.stderr
            assert matches(body, failed.stdout + failed.stderr), (
                f"`{last_command}` on the mistyped row printed\n{failed.stderr}\nnot\n{body}"
            )
        elif kind == "open":
            opened += 1
            see_it_in_the_app(clone, body.strip(), appended["control_changes.csv"], monkeypatch)
        else:
            raise AssertionError(f"unknown step {step!r} in CONTRIBUTING.md")
    assert appended and opened == 1


def see_it_in_the_app(clone: Path, url: str, row: str, monkeypatch) -> None:
    """`make run` and the URL, replaced by AppTest on the copy with the URL's parameters."""
    params = dict(parse_qsl(urlsplit(url).query))
    claim = pd.read_csv(io.StringIO(row), header=None).iloc[0]
    claim_id, area_id, date, holder, quote = claim[0], claim[1], claim[2], claim[5], claim[7]
    assert params == {"date": date, "area": area_id}

    # the map: in the week of that date, the browser layer draws the new holder
    dataset = load_dataset(clone)
    weeks = map_payload(dataset, Timeline(dataset))["weeks"]
    week = next(i for i, sunday in enumerate(weeks["dates"]) if sunday >= date)
    area = list(dataset.areas.index).index(area_id)
    assert weeks["holders"][week][area] == HOLDER_CODES[holder]

    # the panel
    monkeypatch.setenv("ALEPPO_DATA_DIR", str(clone))
    at = AppTest.from_file(str(clone / "app.py"), default_timeout=90)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["view"].area == area_id
    shown = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    plain = re.sub(r"\\(.)", r"\1", shown)  # the app escapes markdown characters
    assert dataset.areas.loc[area_id, "name"] in plain
    assert holder_label(holder) in plain
    assert quote in plain
    assert claim_id in plain
    assert f"{pd.Timestamp(date):%d %B %Y}" in plain
