"""Fixtures for the real-browser tests: one app server per module, a fresh offline page per test.

Each test's final screenshot is kept in test-artifacts/browser/<test>.png (CI prints that
path when the suite fails).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.harness import REPO, offline, streamlit_server

ARTIFACTS = REPO / "test-artifacts" / "browser"


@pytest.fixture(scope="module")
def app_url(request):
    """The app on the bundled data; a module may set `DATA = Path(...)` for another dataset."""
    data = getattr(request.module, "DATA", None)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / f"{Path(request.module.__file__).stem}.server.log"
    with streamlit_server(data=data, log=log) as base:
        yield base


@pytest.fixture
def page(browser, app_url, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    offline(page, app_url)
    page.app_url = app_url
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    try:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()
