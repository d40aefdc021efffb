"""Shared fixtures: the bundled Aleppo data, the synthetic Testville city, and copies to break."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from aleppo_map.load import load_dataset

# The tests' apps and servers keep their validated datasets in a folder of this run, never in
# the reader's ~/.cache: a run must not depend on what another run or another venv left there.
os.environ["ALEPPO_CACHE_DIR"] = tempfile.mkdtemp(prefix="aleppo-map-test-cache-")

REPO = Path(__file__).resolve().parent.parent
TESTVILLE = REPO / "tests" / "data" / "testville"
SHARED_SOURCES = REPO.parent / "shared" / "sources"


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`--dist loadgroup`), keep a module's tests on one worker when they
    share what the module starts: a browser module's app and module-scoped pages or files, a
    module's own servers (the scale-out farm). Each worker starts its own app per dataset
    (tests/browser/conftest.py), so the app's modules spread over both cores."""
    for item in items:
        if "app_url" in item.fixturenames or "farm" in item.fixturenames:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


@pytest.fixture(scope="session")
def aleppo():
    """The bundled dataset, validated (quotes checked where ../shared is present)."""
    return load_dataset(REPO)


@pytest.fixture(scope="session")
def testville():
    return load_dataset(TESTVILLE)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (one Playwright) for the whole session: a second sync
    Playwright cannot start while the first is running."""
    from tests.browser.harness import chromium

    with chromium() as browser:
        yield browser


@pytest.fixture
def testville_copy(tmp_path) -> Path:
    """A private copy of Testville that a test may break."""
    target = tmp_path / "testville"
    shutil.copytree(TESTVILLE, target)
    return target
