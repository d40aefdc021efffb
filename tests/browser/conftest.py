"""Fixtures for the real-browser tests: app servers shared by the session, a fresh offline
page per test.

One app server per dataset serves every module that uses that dataset (a module may set
`DATA = Path(...)`; the bundled data otherwise). Each test has its own page, so its own
Streamlit session, in a browser context the worker's tests share (harness.new_page). Under
pytest-xdist the tests of one dataset's server run on one worker (tests/conftest.py groups
them), so no server is started twice. The final screenshot of a test that fails is kept in
test-artifacts/browser/<test>.png (CI prints that path).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from tests.browser.harness import REPO, close_page, new_page, publish, streamlit_server

ARTIFACTS = REPO / "test-artifacts" / "browser"


@pytest.fixture(scope="session")
def _app_servers():
    """Started on first use, one per dataset (per xdist worker); all stopped at the end of
    the session."""
    servers: dict[str, str] = {}
    with contextlib.ExitStack() as stack:

        def start(data: Path | None) -> str:
            key = str(Path(data).resolve()) if data is not None else "bundled"
            if key not in servers:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                name = "bundled" if data is None else Path(data).name
                worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # each worker has its own
                log = ARTIFACTS / f"server-{name}{'-' + worker if worker else ''}.log"
                servers[key] = stack.enter_context(streamlit_server(data=data, log=log))
            return servers[key]

        yield start


@pytest.fixture(scope="module")
def app_url(request, _app_servers):
    """The app on the bundled data; a module may set `DATA = Path(...)` for another dataset."""
    return _app_servers(getattr(request.module, "DATA", None))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Note on the test whether its call failed (the `page` fixture's screenshot reads it)."""
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    return report


@pytest.fixture
def page(browser, app_url, request):
    page = new_page(browser, app_url, shared=True)
    yield page
    try:
        if getattr(request.node, "call_failed", True):
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    finally:
        close_page(page)


@pytest.fixture(scope="session")
def published_sites(tmp_path_factory):
    """`aleppo-map export site [--data DIR]`, once per dataset per session (per xdist worker):
    the modules that open a published file share it, and no test writes into it."""
    made: dict[str, Path] = {}

    def site_of(data: Path | None = None) -> Path:
        key = "bundled" if data is None else Path(data).name
        if key not in made:
            made[key] = publish(tmp_path_factory.mktemp(f"site-{key}"), data)
        return made[key]

    return site_of


@pytest.fixture(scope="session")
def published_site(published_sites) -> Path:
    """The bundled data's published file (index.html)."""
    return published_sites()
