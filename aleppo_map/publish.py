"""The one-file publication: the whole timeline in one self-contained page (`aleppo-map
export site`, and the app's "interactive map (HTML)" download). Leaflet, the map's scripts
and styles (the same files the app runs) and the payload are inlined; the only requests the
page may make are for optional basemap tiles."""

from __future__ import annotations

import base64

import pandas as pd

from .assets import leaflet_source
from .frame import MAP_LABEL, skip_link
from .i18n import direction, format_date, language, translator
from .load import Dataset
from .payload import map_payload
from .render import SCRIPT_FILES, STYLE_FILES, web_file
from .safetext import esc, safe_json
from .timeline import Timeline

SITE_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="aleppo-map">
<title>{title}</title>
<style>{leaflet_css}</style>
<style>{timemap_css}</style>
<style>html, body {{ height: 100%; margin: 0; }}</style>
</head>
<body class="tm-page">
{skip}
<header class="tm-header"><h1>{title}</h1><span class="tm-sub">{subtitle}</span>
<span class="tm-lang"><a href="#lang=en" data-tm-lang="en" lang="en">English</a> |
<a href="#lang=ar" data-tm-lang="ar" lang="ar">العربية</a></span></header>
<main class="tm-main">
<div class="tm-mapbox"><div class="tm-leaflet" id="tm-map" role="region"
 aria-label="{map_label}"></div></div>
<aside class="tm-panel" id="tm-panel" aria-label="{evidence_label}"></aside>
</main>
<noscript>{noscript}</noscript>
<script>{leaflet_js}</script>
{scripts}
<script>
window.timeMap = TimeMap.site(document.getElementById("tm-map"),
  document.getElementById("tm-panel"), {payload});
</script>
</body>
</html>
"""


def _leaflet_css_inlined() -> str:
    leaflet_dir = leaflet_source()
    css = (leaflet_dir / "leaflet.css").read_text(encoding="utf-8")
    for image in ("layers.png", "layers-2x.png", "marker-icon.png"):  # the icons, inlined too
        encoded = base64.b64encode((leaflet_dir / "images" / image).read_bytes()).decode()
        css = css.replace(f"images/{image}", f"data:image/png;base64,{encoded}")
    return css


def _inline_script(text: str) -> str:
    # Our own files never contain "</script"; refuse rather than publish a broken page.
    if "</script" in text.lower():
        raise ValueError("an inlined script may not contain </script")
    return f"<script>{text}</script>"


def site_html(
    dataset: Dataset,
    timeline: Timeline | None = None,
    date=None,
    area: str | None = None,
    lang: str = "en",
) -> str:
    """The whole timeline in one self-contained page: Leaflet, the map's scripts and styles,
    and the data inlined. `date` and `area` set the view it opens on when its address has no
    #date=…&area=…, `lang` its language when the address has no #lang=… (the page's words
    are then in that language before its script runs); the only requests it may make are for
    optional basemap tiles."""
    lang = language(lang)
    _ = translator(lang)
    timeline = timeline or Timeline(dataset)
    payload = dict(map_payload(dataset, timeline, panel=True))
    if date is not None:
        payload["defaultDate"] = f"{pd.Timestamp(date):%Y-%m-%d}"
    if area in dataset.areas.index:
        payload["defaultArea"] = area
    payload["defaultLang"] = lang
    title = _(dataset.headline)
    subtitle = _(
        "Dataset version {version} · {start} – {end} · click an area for the sentence "
        "behind its colour"
    ).format(
        version=dataset.version,
        start=format_date(timeline.frame_dates[0], lang, "month"),
        end=format_date(timeline.frame_dates[-1], lang, "month"),
    )
    noscript = _("This map needs JavaScript. The data it shows: {title}, dataset version "
                 "{version}.").format(title=title, version=dataset.version)  # fmt: skip
    return SITE_TEMPLATE.format(
        lang=lang,
        dir=direction(lang),
        title=esc(title),
        subtitle=esc(subtitle),
        noscript=esc(noscript),
        evidence_label=esc(_("Evidence")),
        skip=skip_link(_),
        map_label=esc(_(MAP_LABEL)),
        leaflet_css=_leaflet_css_inlined(),
        timemap_css="".join(web_file(name) for name in STYLE_FILES),
        leaflet_js=(leaflet_source() / "leaflet.js").read_text(encoding="utf-8"),
        scripts="\n".join(_inline_script(web_file(name)) for name in SCRIPT_FILES),
        payload=safe_json(payload),
    )


def standalone_html(
    dataset: Dataset,
    date,
    selected: str | None = None,
    timeline: Timeline | None = None,
    lang: str = "en",
) -> str:
    """The HTML export: the published file, opening on `date` (and `selected`)."""
    return site_html(dataset, timeline, date=date, area=selected, lang=lang)
