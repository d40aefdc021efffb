"""Bad links in a real browser: every broken `date` or `area` gets a gentle message and a default.

Garbage and impossible dates, dates outside the period, unknown areas, repeated parameters,
very long values and hostile values: the page shows a message that quotes the value as
plain text, opens a sensible view, rewrites the address to that view and never crashes.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pandas as pd
import pytest

from aleppo_map.load import load_dataset
from aleppo_map.timeline import Timeline
from aleppo_map.viewstate import default_date, shorten
from tests.browser.harness import (
    PWNED_TRAP,
    map_js_frame,
    map_week,
    wait_for_app,
    wait_for_polygons,
)
from tests.conftest import TESTVILLE

DATA = TESTVILLE
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def timeline():
    return Timeline(load_dataset(TESTVILLE))


@pytest.fixture(scope="module")
def dates(timeline):
    start, end = timeline.dataset.period
    return {"default": default_date(timeline), "start": start, "end": end}


def open_link(page, query: str) -> str:
    """Open the app at `query`; return the text of the main area once the map is drawn."""
    page.add_init_script(PWNED_TRAP)
    page.pwned = []
    page.on("console", lambda m: page.pwned.append(m.text) if "PWNED" in m.text else None)
    page.goto(page.app_url + "/?" + query)
    wait_for_app(page)
    wait_for_polygons(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not page.js_errors
    return " ".join(page.locator('[data-testid="stMain"]').inner_text().split())


def shown_date(text: str) -> pd.Timestamp:
    """The date of the view, as the "Cite this view" line names it."""
    match = re.search(r"State on (\d{1,2} \w+ \d{4})\.", text)
    assert match, "no citation of the view's date"
    return pd.Timestamp(match.group(1))


def messages(page) -> list[str]:
    return [
        " ".join(t.split())
        for t in page.locator('[data-testid="stAlertContentInfo"]').all_inner_texts()
    ]


CASES = [
    # (query, message part, date shown: "default", "start", "end" or an ISO date, area).
    # One case for each view the page falls back to and each kind of message; every kind of
    # bad value is in tests/test_app.py (AppTest), which runs in a fraction of the time.
    ("date=yesterday", "“yesterday” is not a date of the form YYYY-MM-DD", "default", None),
    ("date=1999-01-01", "is outside the period this map covers", "start", None),
    ("date=2031-12-31", "is outside the period this map covers", "end", None),
    ("area=OLD_TOWN", "“OLD_TOWN” that is not on this map", "default", None),
    (
        "date=2020-04-05&date=2020-05-03",
        "The link gives date 2 times; the first one is used.",
        "2020-04-05",
        None,
    ),
    (
        "date=2020-05-03&area=old_town&area=harbour",
        "The link gives area 2 times; the first one is used.",
        "2020-05-03",
        "old_town",
    ),
    ("date=" + "9" * 5000, "is 5000 characters long, more than any valid value", "default", None),
    ("date=yesterday&area=atlantis&zoom=99&foo=bar", "“atlantis”", "default", None),
    ("date=2020-05-03&area=old_town", None, "2020-05-03", "old_town"),
]


@pytest.mark.parametrize(("query", "message", "when", "area"), CASES, ids=lambda v: str(v)[:30])
def test_bad_link_gets_a_gentle_message_and_a_sensible_view(
    page, timeline, dates, query, message, when, area
):
    text = open_link(page, query)
    # The view is the week that contains the date the link asks for (or falls back to).
    expected = timeline.frame_date_for(dates[when] if when in dates else pd.Timestamp(when))
    assert shown_date(text) == expected
    # The map shows the week of that date (the last week for a date after it).
    assert map_week(map_js_frame(page)) == f"{timeline.frame_date_for(expected):%Y-%m-%d}"
    if message:
        assert any(message in m for m in messages(page)), messages(page)
    else:
        assert not messages(page)
    if area:
        assert "Fighting raged in the Old Town" in text or area.replace("_", " ").title() in text
    else:
        assert "Click an area" in text
    # The address is rewritten to the view that is shown: a clean link to share.
    clean = f"date={expected:%Y-%m-%d}" + (f"&area={area}" if area else "")
    page.wait_for_url(re.compile(re.escape("?" + clean) + "$"))
    assert not page.pwned


HOSTILE_VALUES = [
    "[x](javascript:window.__pwned=1)",
    "<img src=x onerror=window.__pwned=1>",
    '"><svg onload=window.__pwned=1>',
    "![i](https://evil.invalid/i.png)",
    ":red[red] **bold** $x$",
    "</script><script>window.__pwned=1</script>",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
def test_hostile_parameter_is_quoted_as_plain_text(page, dates, value):
    # the same value as the date and as the area: two messages quote it
    open_link(page, f"date={quote(value)}&area={quote(value)}")
    shown = messages(page)
    quoted = [m for m in shown if f"“{shorten(value)}”" in m]  # cut at 40 characters
    assert len(quoted) >= 2, shown
    alerts = page.locator('[data-testid="stAlertContentInfo"]')
    assert alerts.locator("img, svg, strong, em, code, .katex, script, iframe").count() == 0
    # A bare web address in the text is linked by Streamlit's markdown (GFM autolinks); only
    # ever to http(s), never javascript: or data:.
    hrefs = alerts.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert all(re.match(r"https?://", h or "") for h in hrefs), hrefs
    assert page.evaluate("window.__pwned") is None
    assert not page.pwned
