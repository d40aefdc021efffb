"""The one-file publication: the whole timeline in one self-contained page (`aleppo-map
export site`, and the app's "interactive map (HTML)" download). Leaflet, the map's scripts
and styles (the same files the app runs) and the payload are inlined.

`export site` writes beside it what a newsroom needs to publish it (`write_site`): the host
script a CMS pastes once so that the frame sizes itself (embed.js), an oEmbed description,
and a picture of the opening view for link previews and for readers without JavaScript. The
page carries a Content-Security-Policy: only its own inline scripts and styles (by hash) run,
and the only host it may ask anything of is the chosen basemap's (none by default).
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from .assets import leaflet_source
from .citation import citation_text, licence_text
from .frame import MAP_LABEL, SKIP_LABEL, skip_link
from .i18n import LANGUAGES, direction, format_date, is_rtl, language, translator
from .load import Dataset
from .look import BASEMAPS
from .model import HOLDER_LABELS, HOLDERS
from .payload import map_payload
from .render import SCRIPT_FILES, STYLE_FILES, web_file
from .safetext import esc, safe_json
from .timeline import Timeline
from .video import PREVIEW_SIZE, preview_png
from .videoframe import week_label

# `--basemap`: the published file's basemap, by its name on the command line. "none" makes
# the page ask nothing of any other host.
SITE_BASEMAPS = {"none": "No basemap", "carto": "CARTO light", "osm": "OpenStreetMap"}
DEFAULT_SITE_BASEMAP = "none"
PREVIEW_FILE, OEMBED_FILE, HOST_SCRIPT = "preview.png", "oembed.json", "embed.js"
EMBED_SIZE = (900, 720)  # the oEmbed width and height; embed.js then follows the page
# The page's own CSS: the page fills the window, or (framed) takes its content's height.
PAGE_CSS = "html, body { margin: 0; } html:not(.tm-fit), html:not(.tm-fit) body { height: 100%; }"
# Before anything is drawn: a page inside a frame takes its content's height, which it
# tells the page around it (web/timemap-embed.js).
FIT_SCRIPT = 'if (window.self !== window.top) { document.documentElement.classList.add("tm-fit"); }'

SITE_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="aleppo-map">
<title>{title}</title>
<meta name="description" content="{description}">
{links}<style>{leaflet_css}</style>
<style>{timemap_css}</style>
<style>{page_css}</style>
<script>{fit_script}</script>
</head>
<body class="tm-page">
{skip}
<header class="tm-header"><h1>{title}</h1><span class="tm-sub">{subtitle}</span>
<span class="tm-lang"><a href="#lang=en" data-tm-lang="en" lang="en">English</a> |
<a href="#lang=ar" data-tm-lang="ar" lang="ar">العربية</a></span></header>
{noscript}
<main class="tm-main">
<div class="tm-mapbox"><div class="tm-leaflet" id="tm-map" role="region"
 aria-label="{map_label}"></div></div>
<aside class="tm-panel" id="tm-panel" aria-label="{evidence_label}"></aside>
</main>
<script>{leaflet_js}</script>
{scripts}
<script>{start_script}</script>
</body>
</html>
"""
NOSCRIPT = """<noscript><div class="tm-noscript">
<p>{needs} {shown}</p>
{image}<p class="tm-noscript-cite">{cite} {citation}</p>
<p>{about}</p>
</div></noscript>"""


def _leaflet_css_inlined() -> str:
    leaflet_dir = leaflet_source()
    css = (leaflet_dir / "leaflet.css").read_text(encoding="utf-8")
    for image in ("layers.png", "layers-2x.png", "marker-icon.png"):  # the icons, inlined too
        encoded = base64.b64encode((leaflet_dir / "images" / image).read_bytes()).decode()
        css = css.replace(f"images/{image}", f"data:image/png;base64,{encoded}")
    return css


def _checked_script(text: str) -> str:
    # Our own files never contain "</script"; refuse rather than publish a broken page.
    if "</script" in text.lower():
        raise ValueError("an inlined script may not contain </script")
    return text


def _sha256(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


def tile_host(basemap: str) -> str | None:
    """The host a basemap's tiles come from, as a CSP source: `{s}.` subdomains as `*.`."""
    spec = BASEMAPS.get(SITE_BASEMAPS.get(basemap, ""))
    if not spec:
        return None
    parts = urlsplit(spec[0].replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(scripts: list[str], styles: list[str], basemap: str) -> str:
    """Nothing but these inline scripts and styles, by hash; images from the page's own
    folder, data: URLs (Leaflet's icons) and the basemap's tile host. Leaflet positions its
    panes and tiles through the CSSOM (element.style), which CSP does not govern: no
    'unsafe-inline' is needed for styles."""
    images = " ".join(filter(None, ["'self'", "data:", tile_host(basemap)]))
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_sha256(s) for s in scripts),
            "style-src " + " ".join(_sha256(s) for s in styles),
            f"img-src {images}",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def _holder_summary(timeline: Timeline, date, lang: str = "en") -> str:
    """ "156 areas by holder: …: 98, …": the opening view in words (the picture's alt text)."""
    _ = translator(lang)
    holders = pd.Series(timeline.holders_at(date)).value_counts()
    total = int(holders.sum())
    parts = [f"{_(HOLDER_LABELS[h])}: {int(holders[h])}" for h in HOLDERS if holders.get(h, 0)]
    comma = "، " if is_rtl(lang) else ", "
    return _("{total} areas by holder:").format(total=total) + " " + comma.join(parts)


def _week_text(end, lang: str) -> str:
    """The week ending on `end` as the time bar writes it: "28 Nov – 4 Dec 2016"; in Arabic
    the two days with the Levantine months."""
    if not is_rtl(lang):
        return week_label(end)
    end = pd.Timestamp(end)
    return f"{format_date(end - pd.Timedelta(days=6), lang)} – {format_date(end, lang)}"


def page_words(dataset: Dataset, timeline: Timeline, lang: str) -> dict[str, str]:
    """The published page's own words in `lang`: its title, the header's line, the names of
    the map and the panel, the skip link. The file carries them in every language, and its
    script puts them in when the address asks for another (#lang=…)."""
    _ = translator(lang)
    subtitle = _(
        "Dataset version {version} · {start} – {end} · click an area for the sentence "
        "behind its colour"
    ).format(
        version=dataset.version,
        start=format_date(timeline.frame_dates[0], lang, "month"),
        end=format_date(timeline.frame_dates[-1], lang, "month"),
    )
    return {
        "title": _(dataset.headline),
        "subtitle": subtitle,
        "map": _(MAP_LABEL),
        "panel": _("Evidence"),
        "skip": _(SKIP_LABEL),
    }


def site_html(
    dataset: Dataset,
    timeline: Timeline | None = None,
    date=None,
    area: str | None = None,
    basemap: str = DEFAULT_SITE_BASEMAP,
    url: str | None = None,
    preview: bool = False,
    lang: str = "en",
) -> str:
    """The whole timeline in one self-contained page: Leaflet, the map's scripts and styles,
    and the data inlined. `date` and `area` set the view it opens on when its address has no
    #date=…&area=…, `lang` its language when the address has no #lang=… (the page's words
    are then in that language before its script runs); `basemap` (none, carto, osm) the tiles
    under it, the only requests it may make. `url` (where its folder is served) makes its
    link-preview addresses absolute; `preview` links the picture and the oEmbed file that
    `write_site` writes beside it."""
    lang = language(lang)
    _ = translator(lang)
    timeline = timeline or Timeline(dataset)
    basemap = basemap if basemap in SITE_BASEMAPS else DEFAULT_SITE_BASEMAP
    payload = dict(map_payload(dataset, timeline, panel=True))
    chosen = SITE_BASEMAPS[basemap]
    # Only the chosen basemap is offered: the policy lets no other tile host in.
    payload["basemaps"] = [b for b in payload["basemaps"] if not b["url"] or b["name"] == chosen]
    payload["defaultBasemap"] = chosen
    if date is not None:
        payload["defaultDate"] = f"{pd.Timestamp(date):%Y-%m-%d}"
    if area in dataset.areas.index:
        payload["defaultArea"] = area
    opening = timeline.frame_date_for(payload["defaultDate"])
    payload["defaultLang"] = lang
    payload["pageWords"] = {code: page_words(dataset, timeline, code) for code in LANGUAGES}
    words = payload["pageWords"][lang]
    title, subtitle = words["title"], words["subtitle"]
    description = _("{title}. Every colour cites a quoted sentence.").format(title=_(dataset.title))
    base = url if url is None or url.endswith("/") else url + "/"
    own = (lambda name: f"{base}{name}") if base else (lambda name: name)
    styles = [_leaflet_css_inlined(), "".join(web_file(n) for n in STYLE_FILES), PAGE_CSS]
    start = (
        'window.timeMap = TimeMap.site(document.getElementById("tm-map"),\n'
        f'  document.getElementById("tm-panel"), {safe_json(payload)});\n'
    )
    scripts = [
        FIT_SCRIPT,
        _checked_script((leaflet_source() / "leaflet.js").read_text(encoding="utf-8")),
        *(_checked_script(web_file(name)) for name in SCRIPT_FILES),
        start,
    ]
    week = _week_text(opening, lang)
    shown = _("The map in the week of {week}:").format(week=week) if preview else ""
    alt = _("Map: {title}, week of {week}. {summary}.").format(
        title=title, week=week, summary=_holder_summary(timeline, opening, lang)
    )
    width, height = PREVIEW_SIZE
    noscript = NOSCRIPT.format(
        needs=esc(_("This interactive map needs JavaScript.")),
        cite=esc(_("Cite:")),
        shown=esc(shown),
        image=(
            f'<img src="{esc(PREVIEW_FILE)}" width="{width}" height="{height}" alt="{esc(alt)}">\n'
            if preview
            else ""
        ),
        citation=esc(citation_text(dataset, opening, own("index.html") if base else None)),
        about=esc(
            _("Dataset version {version}. Licence: {licence}.").format(
                version=dataset.version, licence=licence_text(dataset)
            )
        ),
    )
    links = ""
    if preview:
        meta = [
            f'<link rel="alternate" type="application/json+oembed" href="{esc(own(OEMBED_FILE))}"'
            f' title="{esc(title)}">',
            '<meta property="og:type" content="website">',
            f'<meta property="og:title" content="{esc(title)}">',
            f'<meta property="og:description" content="{esc(description)}">',
            f'<meta property="og:image" content="{esc(own(PREVIEW_FILE))}">',
            f'<meta property="og:image:width" content="{width}">',
            f'<meta property="og:image:height" content="{height}">',
            f'<meta property="og:image:alt" content="{esc(alt)}">',
            '<meta name="twitter:card" content="summary_large_image">',
        ]
        if base:
            meta.append(f'<meta property="og:url" content="{esc(own("index.html"))}">')
        links = "\n".join(meta) + "\n"
    return SITE_TEMPLATE.format(
        csp=esc(content_security_policy(scripts, styles, basemap)),
        lang=lang,
        dir=direction(lang),
        title=esc(title),
        skip=skip_link(_),
        map_label=esc(words["map"]),
        evidence_label=esc(words["panel"]),
        description=esc(description),
        links=links,
        subtitle=esc(subtitle),
        noscript=noscript,
        leaflet_css=styles[0],
        timemap_css=styles[1],
        page_css=styles[2],
        fit_script=scripts[0],
        leaflet_js=scripts[1],
        scripts="\n".join(f"<script>{s}</script>" for s in scripts[2:-1]),
        start_script=start,
    )


def oembed(dataset: Dataset, url: str | None = None) -> dict:
    """The oEmbed description (oembed.com, type "rich") of the published file: the frame to
    paste, with the host script that sizes it, and the preview picture."""
    base = "" if url is None else (url if url.endswith("/") else url + "/")
    width, height = EMBED_SIZE
    frame = (
        f'<iframe src="{esc(base)}index.html" title="{esc(dataset.headline)}" '
        f'data-aleppo-map style="width: 100%; height: {height}px; border: 0" '
        f'loading="lazy"></iframe>'
        f'<script src="{esc(base)}{HOST_SCRIPT}" async></script>'
    )
    authors = str(dataset.meta.get("citation_authors") or dataset.title)
    doc = {
        "version": "1.0",
        "type": "rich",
        "title": dataset.headline,
        "author_name": authors,
        "provider_name": authors,
        "html": frame,
        "width": width,
        "height": height,
        "thumbnail_url": f"{base}{PREVIEW_FILE}",
        "thumbnail_width": PREVIEW_SIZE[0],
        "thumbnail_height": PREVIEW_SIZE[1],
    }
    provider = url or dataset.meta.get("homepage")
    if provider:
        doc["provider_url"] = str(provider)
    return doc


def write_site(
    dataset: Dataset,
    out: Path,
    date=None,
    area: str | None = None,
    basemap: str | None = None,
    url: str | None = None,
    timeline: Timeline | None = None,
    lang: str = "en",
) -> list[Path]:
    """`export site`: index.html (opening in `lang` when its address has no #lang=…), and
    beside it the host script (embed.js), the oEmbed file and the opening view's picture.
    Returns the files written."""
    timeline = timeline or Timeline(dataset)
    page = site_html(
        dataset, timeline, date=date, area=area, basemap=basemap or DEFAULT_SITE_BASEMAP,
        url=url, preview=True, lang=lang,
    )  # fmt: skip
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    host = out / HOST_SCRIPT
    host.write_text(web_file(HOST_SCRIPT), encoding="utf-8")
    described = out / OEMBED_FILE
    described.write_text(json.dumps(oembed(dataset, url), indent=1) + "\n", encoding="utf-8")
    picture = out / PREVIEW_FILE
    opening = date if date is not None else map_payload(dataset, timeline)["defaultDate"]
    preview_png(dataset, opening, picture, timeline)
    return [index, host, described, picture]


def standalone_html(
    dataset: Dataset,
    date,
    selected: str | None = None,
    timeline: Timeline | None = None,
    lang: str = "en",
) -> str:
    """The HTML export: the published file, opening on `date` (and `selected`)."""
    return site_html(dataset, timeline, date=date, area=selected, lang=lang)
