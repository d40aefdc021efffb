"""The newsroom kit in a real Chromium: the published file in an article page (a host page
that pastes embed.js) at 900 and 340 px takes exactly its content's height, from messages in
our, pym.js's and AMP's forms, and no other frame or window can resize it; the file works under
its own Content-Security-Policy with no violation, with and without basemap tiles; and without
JavaScript it shows the picture of the opening view and the citation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.harness import TILE_HOSTS, file_page, visible_point, wait_for_site

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
WATCH_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""
HOST_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="margin: 0; font: 16px serif">
<script>window.seen = []; window.others = [];  // messages from the map's frame; the rest
addEventListener("message", e => (e.source === document.getElementById("map").contentWindow ?
  window.seen : window.others).push(e.data));</script>
<p>An article about Aleppo, with the map in it.</p>
<iframe id="map" data-aleppo-map src="index.html#date=2016-11-29" title="The map"
  style="width: 100%; height: 300px; border: 0"></iframe>
<iframe id="other" srcdoc="&lt;p&gt;an advert" style="width: 100px; height: 50px"></iframe>
<p>The article goes on.</p>
<script src="embed.js" async></script>
</body></html>
"""


@pytest.fixture(scope="module")
def site(published_site) -> Path:
    return published_site


@pytest.fixture(scope="module")
def carto_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("news-site-carto")
    from aleppo_map.load import load_dataset
    from aleppo_map.publish import write_site
    from tests.browser.harness import REPO

    write_site(load_dataset(REPO), out, basemap="carto")
    return out / "index.html"


# ------------------------------------------------------------------ height messages


def frame_fits(page) -> dict:
    frame = page.locator("#map").element_handle().content_frame()
    inner = frame.evaluate(
        """() => ({body: Math.ceil(document.body.getBoundingClientRect().height),
                   scroll: document.documentElement.scrollHeight,
                   client: document.documentElement.clientHeight,
                   panelTop: document.getElementById('tm-panel').getBoundingClientRect().top,
                   mapBottom: document.getElementById('tm-map').getBoundingClientRect().bottom})"""
    )
    outer = page.evaluate("() => document.getElementById('map').getBoundingClientRect().height")
    return {**inner, "frame": outer}


def wait_for_frame_height(page, least: int = 400) -> None:
    """Until embed.js has set the frame's height to the one the map last asked for."""
    page.wait_for_function(
        """least => { const f = document.getElementById('map');
                      const mine = window.seen.filter(m => m && m.type === 'timemap-height');
                      const last = mine.length && mine[mine.length - 1].height;
                      return last >= least && f.getBoundingClientRect().height === last; }""",
        arg=least,
        timeout=20_000,
        polling=50,
    )


@pytest.mark.parametrize("width", [900, 340])
def test_the_embed_takes_its_contents_height_at_900_and_340_px(browser, site, width):
    host = site.parent / f"article-{width}.html"
    host.write_text(HOST_PAGE, encoding="utf-8")
    page = file_page(browser, viewport={"width": width, "height": 800})
    try:
        page.goto(host.as_uri())
        frame = page.locator("#map").element_handle().content_frame()
        wait_for_site(frame)
        wait_for_frame_height(page)
        seen = frame_fits(page)
        assert seen["frame"] == seen["body"], seen
        assert seen["scroll"] <= seen["client"] + 1, f"the frame scrolls inside: {seen}"
        if width == 340:
            assert seen["panelTop"] >= seen["mapBottom"], "the panel is under the map"
        # The same height in pym.js's and AMP's forms.
        height = int(seen["frame"])
        messages = page.evaluate("() => window.seen")
        pym = [m for m in messages if isinstance(m, str) and m.startswith("pymxPYMx")]
        assert pym and pym[-1].endswith(f"xPYMxheightxPYMx{height}"), pym
        amp = [m for m in messages if isinstance(m, dict) and m.get("sentinel") == "amp"]
        assert amp[-1] == {"sentinel": "amp", "type": "embed-size", "height": height}

        # Another frame, or the page itself, cannot resize the map's frame.
        page.locator("#other").element_handle().content_frame().evaluate(
            "() => { parent.postMessage({type: 'timemap-height', height: 4321}, '*');"
            "        parent.postMessage('other-done', '*'); }"
        )
        page.evaluate("() => window.postMessage({type: 'timemap-height', height: 999}, '*')")
        page.wait_for_function(
            "() => window.others.includes('other-done') && "
            "      window.others.some(m => m && m.height === 999)",
            timeout=5000,
            polling=50,
        )
        assert frame_fits(page)["frame"] == height
        assert page.evaluate("() => document.getElementById('other').style.height") == "50px"

        # The panel opens on a click: the map asks again and the frame follows.
        path = frame.locator('path[data-area="sheikh_saeed"]')
        path.click(position=visible_point(path))
        frame.wait_for_function("() => window.timeMap.state().area === 'sheikh_saeed'")
        if width == 340:  # the panel is under the map: the page grows with it
            page.wait_for_function(
                "h => { const m = window.seen.filter(m => m && m.type === 'timemap-height');"
                "       return m[m.length - 1].height > h; }",
                arg=height,
                timeout=10_000,
            )
        wait_for_frame_height(page)
        after = frame_fits(page)
        assert after["frame"] == after["body"] and after["scroll"] <= after["client"] + 1
        page.screenshot(path=str(ARTIFACTS / f"news-embed-{width}.png"), full_page=True)
        assert not page.js_errors
    finally:
        page.context.close()


# ------------------------------------------------------------------ the policy


@pytest.mark.parametrize("tiles", [False, True], ids=["no-basemap", "carto"])
def test_the_file_works_under_its_own_content_security_policy(browser, site, carto_site, tiles):
    index = carto_site if tiles else site
    page = file_page(browser)
    page.add_init_script(WATCH_CSP)
    console = []
    page.on("console", lambda m: console.append(m.text))
    try:
        page.goto(index.as_uri() + "#date=2016-11-29&area=sheikh_saeed")
        wait_for_site(page)
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
        # The map draws, the panel shows its sentence, the slider recolours.
        assert page.locator("path[data-area][data-holder]").count() > 100
        page.locator("#tm-panel blockquote.tm-quote").first.wait_for()
        slider = page.locator("input.tm-slider")
        slider.focus()
        slider.press("Home")
        page.wait_for_function("() => window.timeMap.state().index === 0")
        if tiles:
            page.wait_for_function("() => document.querySelector('img.leaflet-tile')")
            tiles_asked = [u for u in page.foreign if TILE_HOSTS.match(u)]
            assert tiles_asked, "the chosen basemap's tiles are let through"
        assert page.evaluate("() => window.__csp") == []
        assert not [t for t in console if "Content Security Policy" in t], console
        # The policy is in force: a script the page did not ship is refused.
        page.evaluate(
            "() => { const s = document.createElement('script');"
            "        s.textContent = 'window.__ran = true'; document.body.appendChild(s); }"
        )
        page.wait_for_function("() => window.__csp.length > 0", timeout=5000)
        assert page.evaluate("() => window.__ran") is None
        assert page.evaluate("() => window.__csp")[0].startswith("script-src")
        assert not page.js_errors
    finally:
        page.context.close()


# ------------------------------------------------------------------ without JavaScript


def test_without_javascript_the_file_shows_the_picture_and_the_citation(browser, site):
    page = file_page(browser, java_script_enabled=False)
    try:
        page.goto(site.as_uri())
        picture = page.locator(".tm-noscript img")
        picture.wait_for(state="visible")
        assert picture.get_attribute("src") == "preview.png"
        page.wait_for_function(
            "() => document.querySelector('.tm-noscript img').complete", timeout=10_000
        )
        size = picture.evaluate("img => [img.naturalWidth, img.getBoundingClientRect().width]")
        assert size[0] == 1200 and size[1] > 600, size
        cite = page.locator(".tm-noscript-cite")
        assert cite.is_visible() and "Dataset version" in cite.inner_text()
        assert not page.locator("#tm-map").is_visible(), "no empty map frame"
        page.screenshot(path=str(ARTIFACTS / "news-noscript.png"))
        assert page.foreign == []
    finally:
        page.context.close()
