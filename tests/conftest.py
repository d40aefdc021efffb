"""Shared fixtures: the bundled Aleppo data, the synthetic Testville city, and copies to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aleppo_map.load import load_dataset

REPO = Path(__file__).resolve().parent.parent
TESTVILLE = REPO / "tests" / "data" / "testville"
SHARED_SOURCES = REPO.parent / "shared" / "sources"


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
