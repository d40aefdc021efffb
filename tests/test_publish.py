"""What `export site` writes for a newsroom, read as a link-preview robot, an oEmbed consumer, a
reader without JavaScript and the browser's Content-Security-Policy would read it: the oEmbed
file, the Open Graph and Twitter tags, the picture of the opening view, the <noscript> block,
and a policy that lets in exactly the page's own inline scripts and styles and the chosen
basemap's tiles. (The browser tests load the page under that policy: tests/browser.)"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from PIL import Image

from aleppo_map import publish
from aleppo_map.citation import citation_text
from tests.conftest import TESTVILLE

URL = "https://news.example.org/maps/testville/"


class Page(HTMLParser):
    """The meta and link tags, the inline scripts and styles, and the <noscript> block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta, self.links, self.scripts, self.styles = {}, [], [], []
        self.noscript, self.noscript_images = "", []
        self._in, self._text, self._noscript = None, [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("http-equiv")
            if key:
                self.meta[key] = a.get("content")
        elif tag == "link":
            self.links.append(a)
        elif tag in ("script", "style"):
            assert not self._noscript, "nothing runs inside <noscript>"
            self._in, self._text = tag, []
        elif tag == "noscript":
            self._noscript = True
        elif tag == "img" and self._noscript:
            self.noscript_images.append(a)

    def handle_endtag(self, tag):
        if tag == self._in:
            (self.scripts if tag == "script" else self.styles).append("".join(self._text))
            self._in = None
        elif tag == "noscript":
            self._noscript = False

    def handle_data(self, data):
        if self._in:
            self._text.append(data)
        elif self._noscript:
            self.noscript += data


def parsed(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def policy(page: Page) -> dict[str, list[str]]:
    directives = [d.strip().split() for d in page.meta["Content-Security-Policy"].split(";")]
    return {d[0]: d[1:] for d in directives if d}


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture(scope="module")
def site(tmp_path_factory, testville):
    out = tmp_path_factory.mktemp("site")
    written = publish.write_site(testville, out, date="2020-05-03", url=URL)
    return out, written


def test_export_site_writes_the_page_the_host_script_the_oembed_file_and_the_picture(site):
    out, written = site
    assert sorted(p.name for p in written) == [
        "embed.js", "index.html", "oembed.json", "preview.png",
    ]  # fmt: skip
    assert (out / "embed.js").read_text(encoding="utf-8") == publish.web_file("embed.js")


def test_the_oembed_file_is_a_rich_embed_of_the_page_with_its_host_script(site, testville):
    out, _ = site
    doc = json.loads((out / "oembed.json").read_text(encoding="utf-8"))
    assert doc["version"] == "1.0" and doc["type"] == "rich"
    assert doc["title"] == testville.headline
    assert isinstance(doc["width"], int) and isinstance(doc["height"], int)
    assert doc["width"] > 0 and doc["height"] > 0
    assert doc["provider_name"]
    assert doc["thumbnail_url"] == URL + "preview.png"
    assert (doc["thumbnail_width"], doc["thumbnail_height"]) == publish.PREVIEW_SIZE
    frame = re.fullmatch(r'<iframe src="([^"]+)" [^>]*data-aleppo-map[^>]*></iframe>'
                         r'<script src="([^"]+)" async></script>', doc["html"])  # fmt: skip
    assert frame, doc["html"]
    assert frame.groups() == (URL + "index.html", URL + "embed.js")


def test_link_previews_name_the_map_and_show_the_opening_view(site, testville):
    out, _ = site
    page = parsed((out / "index.html").read_text(encoding="utf-8"))
    oembed = [a for a in page.links if a.get("type") == "application/json+oembed"]
    assert [a["rel"] for a in oembed] == ["alternate"]
    assert oembed[0]["href"] == URL + "oembed.json"
    assert page.meta["og:title"] == testville.headline
    assert page.meta["og:description"].startswith(testville.title)
    assert page.meta["og:image"] == URL + "preview.png"
    assert page.meta["og:url"] == URL + "index.html"
    assert page.meta["twitter:card"] == "summary_large_image"
    # The picture is the opening week's map, at the size the tags announce.
    with Image.open(out / "preview.png") as image:
        assert image.format == "PNG"
        assert image.size == (int(page.meta["og:image:width"]), int(page.meta["og:image:height"]))
        assert len(image.convert("RGB").getcolors(1 << 16) or []) > 8, "more than a blank"
    assert "3 May 2020" in page.meta["og:image:alt"] or "May 2020" in page.meta["og:image:alt"]


def test_without_javascript_the_reader_gets_the_picture_and_the_citation(site, testville):
    out, _ = site
    page = parsed((out / "index.html").read_text(encoding="utf-8"))
    assert [img["src"] for img in page.noscript_images] == ["preview.png"]
    assert page.noscript_images[0]["alt"].startswith("Map: ")
    noscript = " ".join(page.noscript.split())
    assert citation_text(testville, "2020-05-03", URL + "index.html") in noscript
    assert f"Dataset version {testville.version}" in noscript


@pytest.mark.parametrize(
    ("basemap", "host"),
    [("none", None), ("carto", "https://*.basemaps.cartocdn.com"),
     ("osm", "https://tile.openstreetmap.org")],
)  # fmt: skip
def test_the_policy_lets_in_only_the_pages_own_code_and_the_chosen_tiles(testville, basemap, host):
    text = publish.site_html(testville, basemap=basemap)
    page = parsed(text)
    csp = policy(page)
    assert csp["default-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'none'"]
    # Every inline script and style by its hash, and nothing else.
    assert sorted(csp["script-src"]) == sorted({sha256(s) for s in page.scripts})
    assert sorted(csp["style-src"]) == sorted({sha256(s) for s in page.styles})
    assert len(page.scripts) > 10 and len(page.styles) == 3
    assert "'unsafe-inline'" not in text and "'unsafe-eval'" not in text
    images = csp["img-src"]
    assert [s for s in images if s.startswith("http")] == ([host] if host else [])
    assert "connect-src" not in csp, "no request but images: default-src 'none' holds"
    # The map offers no basemap the policy would block.
    start = page.scripts[-1]
    payload = json.loads(start[start.index('"tm-panel"), ') + 13 : start.rindex(");")])
    urls = [b["url"] for b in payload["basemaps"] if b["url"]]
    assert len(urls) == (1 if host else 0)
    assert payload["defaultBasemap"] == publish.SITE_BASEMAPS[basemap]
    if host:
        assert publish.tile_host(basemap) == host
        pattern = re.escape(host).replace(r"\*", "[a-z]+") + "/"
        assert re.match(pattern, urls[0].replace("{s}", "a")), (pattern, urls[0])


def test_the_command_line_writes_the_kit_and_refuses_a_bad_address(tmp_path):
    command = [sys.executable, "-m", "aleppo_map", "export", "site", "--data", str(TESTVILLE)]
    bad = subprocess.run([*command, "--out", str(tmp_path), "--url", "javascript:alert(1)"],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert bad.returncode == 2 and "--url" in bad.stderr
    assert not (tmp_path / "index.html").exists()
    good = subprocess.run([*command, "--out", str(tmp_path), "--basemap", "osm"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert good.returncode == 0, good.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["embed.js", "index.html", "oembed.json", "preview.png"]
    csp = policy(parsed((tmp_path / "index.html").read_text(encoding="utf-8")))
    assert "https://tile.openstreetmap.org" in csp["img-src"]
