"""The interactive map: a constant folium base map plus a tiny per-week restyle layer.

streamlit-folium remounts the map iframe whenever the base map's JavaScript changes, which
makes the map flicker. So the base map (geometry, landmarks, labels, legend, layer control)
is identical on every run, and each week is sent as a feature group whose only content is a
script that recolours the existing polygons by id: a few kilobytes, not the geometry.

Every text that comes from the data is HTML-escaped and then JSON-encoded with <, > and &
escaped, so no quote, name or URL can run as markup or script.
"""

from __future__ import annotations

import base64
import html
import json
import re

import folium
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template

from .load import Dataset
from .model import (
    CONTESTED_HATCH_COLOUR,
    HOLDER_COLOURS,
    HOLDER_LABELS,
    HOLDERS,
)
from .timeline import Timeline

# Where the app serves Leaflet: relative to the component iframe
# (/component/streamlit_folium.st_folium/index.html), so it also works under a sub-path.
LOCAL_LEAFLET = "../../app/static/vendor/leaflet"
HATCH_PATTERN_ID = "contested-hatch"

BASEMAPS = {
    "No basemap": None,
    "CARTO light": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
        'contributors &copy; <a href="https://carto.com/attributions">CARTO</a>',
    ),
    "OpenStreetMap": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    ),
}
DEFAULT_BASEMAP = "CARTO light"
LANDMARK_STYLES = {
    "river": {"color": "#3A7DC9", "weight": 3, "opacity": 0.9},
    "road": {"color": "#555555", "weight": 2, "opacity": 0.8, "dashArray": "1 0"},
    "castello": {"color": "#222222", "weight": 3.5, "opacity": 0.9, "dashArray": "8 5"},
}


_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def safe_json(value) -> str:
    """JSON that is also safe inside an HTML <script> block and inert as a Jinja template.

    branca renders a MacroElement's output again as a Jinja template, so a "{{", "{%" or
    "{#" from the data would run on the server. In JSON such a brace is always inside a
    string (an object opens with `{"` or `{}`), where \\u007b means the same character.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _JINJA_OPEN.sub("\\\\u007b", text)


def esc(text) -> str:
    """HTML-escaped text; braces too, so the text is also inert as a Jinja template."""
    escaped = html.escape("" if text is None else str(text), quote=True)
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


def safe_url(url) -> str | None:
    """The URL if it is plain http(s); anything else (javascript:, data:, …) gets no link."""
    url = "" if url is None else str(url).strip()
    lowered = url.lower()
    unsafe = any(c in "<>\"'\\`" or c.isspace() or not c.isprintable() for c in url)
    if lowered.startswith(("http://", "https://")) and not unsafe:
        return url
    return None


def map_view(dataset: Dataset) -> tuple[list[float], int]:
    """Centre [lat, lon] and zoom: from the datapackage if given, else the areas' bounds."""
    city = dataset.meta.get("city")
    city = city if isinstance(city, dict) else {}
    if isinstance(city.get("center"), list) and len(city["center"]) == 2:
        try:
            return [float(city["center"][0]), float(city["center"][1])], int(city.get("zoom", 12))
        except (TypeError, ValueError):  # not numbers: fall back to the areas' bounds
            pass
    minx, miny, maxx, maxy = dataset.areas.total_bounds
    return [(miny + maxy) / 2, (minx + maxx) / 2], 12


def area_geojson(dataset: Dataset, tolerance_m: float = 8.0) -> str:
    """Simplified area outlines with only the (validated) id as property, as safe JSON."""
    key = ("area_geojson", tolerance_m)
    if key not in dataset.cache:
        dataset.cache[key] = _area_geojson(dataset, tolerance_m)
    return dataset.cache[key]


def _area_geojson(dataset: Dataset, tolerance_m: float) -> str:
    metric = dataset.areas.geometry.to_crs(dataset.metric_crs)
    simplified = metric.simplify(tolerance_m, preserve_topology=True).to_crs(4326)
    features = []
    for area_id, geom in zip(dataset.areas.index, simplified, strict=True):
        geometry = json.loads(shapely.to_geojson(shapely.set_precision(geom, 1e-5)))
        features.append(
            {"type": "Feature", "id": area_id, "properties": {"id": area_id}, "geometry": geometry}
        )
    return safe_json({"type": "FeatureCollection", "features": features})


def label_points(dataset: Dataset) -> list[dict]:
    """A label position inside each area, with its escaped name."""
    points = shapely.point_on_surface(dataset.areas.geometry.to_numpy())
    coords = shapely.get_coordinates(points)
    return [
        {"id": area_id, "lat": round(lat, 5), "lon": round(lon, 5), "name": esc(name)}
        for area_id, name, (lon, lat) in zip(
            dataset.areas.index, dataset.areas["name"], coords, strict=True
        )
    ]


def landmark_features(dataset: Dataset) -> list[dict]:
    """Landmarks with escaped text; lines get a style key (river, road or the Castello Road)."""
    features = []
    for row in dataset.landmarks.itertuples():
        kind = str(row.kind)
        if row.geometry.geom_type.endswith("LineString") and kind not in LANDMARK_STYLES:
            kind = "road"
        if "castello" in f"{row.id} {row.name}".lower():
            kind = "castello"
        features.append(
            {
                "type": "Feature",
                "properties": {"name": esc(row.name), "note": esc(row.note), "kind": kind},
                "geometry": json.loads(shapely.to_geojson(row.geometry)),
            }
        )
    return features


HOLDER_CODES = {holder: holder[0] for holder in HOLDERS}  # g, o, k, c, u


def name_html(name, name_ar) -> str:
    """An area's English name in bold and its Arabic name right-to-left, both escaped."""
    return f"<b>{esc(name)}</b>" + (f' <span dir="rtl">{esc(name_ar)}</span>' if name_ar else "")


def weekly_payload(dataset: Dataset, timeline: Timeline) -> dict:
    """Everything the map needs to step week by week on its own, without the server:
    per weekly frame, one holder letter per area and the areas changed that week."""
    key = "weekly_payload"
    if key not in dataset.cache:
        frames = timeline.weekly_frames()
        index = {area_id: i for i, area_id in enumerate(frames.columns)}
        dataset.cache[key] = {
            "ids": list(frames.columns),
            "dates": [f"{d:%Y-%m-%d}" for d in frames.index],
            "holders": ["".join(HOLDER_CODES[h] for h in row) for row in frames.to_numpy()],
            "changed": [
                sorted({index[a] for a in timeline.changes_in_week(d)["area_id"]})
                for d in frames.index
            ],
            "styles": {HOLDER_CODES[h]: path_style(h) for h in HOLDERS},
            "labels": {HOLDER_CODES[h]: esc(HOLDER_LABELS[h]) for h in HOLDERS},
            "holderNames": {code: holder for holder, code in HOLDER_CODES.items()},
            "tips": [
                name_html(name, ar)
                for name, ar in zip(
                    dataset.areas.loc[frames.columns, "name"],
                    dataset.areas.loc[frames.columns, "name_ar"],
                    strict=True,
                )
            ],
            "changedOutline": CHANGED_OUTLINE,
            "selectedOutline": SELECTED_OUTLINE,
            "selectedChangedWeight": SELECTED_AND_CHANGED_WEIGHT,
        }
    return dataset.cache[key]


def legend_html() -> str:
    rows = []
    for holder in HOLDERS:
        if holder == "contested":
            swatch = (
                f"background: repeating-linear-gradient(45deg, {HOLDER_COLOURS['contested']} 0 4px,"
                f" {CONTESTED_HATCH_COLOUR} 4px 6px);"
            )
        else:
            swatch = f"background: {HOLDER_COLOURS[holder]};"
        rows.append(
            f'<div class="lg-row"><span class="lg-sw" style="{swatch}"></span>'
            f"{esc(HOLDER_LABELS[holder])}</div>"
        )
    rows.append(
        '<div class="lg-row"><span class="lg-sw" style="background:#fff;border:3px solid #111">'
        "</span>changed this week</div>"
    )
    return "".join(rows)


_BASE_TEMPLATE = Template(
    """
{% macro header(this, kwargs) %}
<style>
.area-label { color:#111; font: 600 11px/1.1 sans-serif; text-shadow: 0 0 3px #fff, 0 0 3px #fff;
  white-space: nowrap; pointer-events: none; transform: translate(-50%, -50%); }
.area-label span { display:inline-block; }
.aleppo-legend { background: rgba(255,255,255,.92); padding: 6px 8px; border-radius: 4px;
  font: 12px/1.35 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
.aleppo-legend .lg-row { display:flex; align-items:center; gap:6px; }
.aleppo-legend .lg-sw { width:16px; height:12px; display:inline-block; border:1px solid #777; }
.leaflet-container { background: #F7F7F4; }
.landmark-label { font: 11px/1.2 sans-serif; padding: 1px 4px; }
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var areas = L.geoJson({{ this.areas }}, {
    style: function () { return {color: "#ffffff", weight: 1, fillColor: "{{ this.unknown }}",
                                  fillOpacity: 0.75, opacity: 1}; }
  }).addTo(map);
  var byId = {};
  areas.eachLayer(function (layer) {
    byId[layer.feature.id] = layer;
    layer.bindTooltip("", {sticky: true, direction: "top"});
  });
  // SVG hatch for contested areas: Leaflet passes fillColor straight to the SVG fill.
  var svg = map.getRenderer(areas)._container;
  var ns = "http://www.w3.org/2000/svg";
  var defs = document.createElementNS(ns, "defs");
  var pattern = document.createElementNS(ns, "pattern");
  pattern.setAttribute("id", "{{ this.hatch_id }}");
  pattern.setAttribute("patternUnits", "userSpaceOnUse");
  pattern.setAttribute("width", "8"); pattern.setAttribute("height", "8");
  pattern.setAttribute("patternTransform", "rotate(45)");
  var back = document.createElementNS(ns, "rect");
  back.setAttribute("width", "8"); back.setAttribute("height", "8");
  back.setAttribute("fill", "{{ this.contested }}");
  var stripe = document.createElementNS(ns, "rect");
  stripe.setAttribute("width", "3"); stripe.setAttribute("height", "8");
  stripe.setAttribute("fill", "{{ this.hatch }}");
  pattern.appendChild(back); pattern.appendChild(stripe); defs.appendChild(pattern);
  svg.insertBefore(defs, svg.firstChild);

  var landmarkStyles = {{ this.landmark_styles }};
  var landmarks = L.geoJson({{ this.landmarks }}, {
    interactive: false,
    style: function (f) { return landmarkStyles[f.properties.kind] || landmarkStyles.road; },
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, {radius: 5, color: "#111", weight: 2, fillColor: "#fff",
                                     fillOpacity: 1, interactive: false});
    }
  });
  landmarks.eachLayer(function (layer) {
    var p = layer.feature.properties;
    if (layer.feature.geometry.type === "Point") {
      // Only the Citadel and the crossings carry a permanent label; gates would crowd the map.
      var main = p.kind === "citadel" || p.kind === "crossing";
      layer.bindTooltip(p.name, {permanent: main, direction: "right", className: "landmark-label"});
    }
  });
  landmarks.addTo(map);

  var labels = L.layerGroup();
  {{ this.labels }}.forEach(function (p) {
    L.marker([p.lat, p.lon], {interactive: false, keyboard: false,
      icon: L.divIcon({className: "area-label", html: "<span>" + p.name + "</span>",
                       iconSize: null})}).addTo(labels);
  });
  var labelsOn = {{ this.labels_on }};
  function toggleLabels() {
    if (labelsOn && map.getZoom() >= 13) { labels.addTo(map); } else { map.removeLayer(labels); }
  }
  map.on("zoomend", toggleLabels);

  var bases = {}, first = null;
  {{ this.basemaps }}.forEach(function (b) {
    var layer = b.url ? L.tileLayer(b.url, {attribution: b.attribution, maxZoom: 19})
                      : L.layerGroup();
    bases[b.name] = layer;
    if (b.name === {{ this.default_basemap }}) { first = layer; }
  });
  (first || bases["No basemap"]).addTo(map);
  var labelToggle = L.layerGroup();
  labelToggle.on("add", function () { labelsOn = true; toggleLabels(); });
  labelToggle.on("remove", function () { labelsOn = false; toggleLabels(); });
  if (labelsOn) { labelToggle.addTo(map); }
  L.control.layers(bases, {"Landmarks": landmarks, "Area labels (zoom in)": labelToggle},
                   {collapsed: true}).addTo(map);
  var legend = L.control({position: "bottomleft"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "aleppo-legend");
    div.innerHTML = {{ this.legend }};
    return div;
  };
  legend.addTo(map);
  // Leaflet's default attribution prefix carries a national flag; a neutral map shows none.
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  toggleLabels();

  // Called by the weekly layer: recolour polygons in place, by area id. The date makes each
  // week's layer differ from the last, so a week without changes is restyled (and seen) too.
  window.aleppoRestyle = function (styles, date, selected) {
    // A server restyle for an older date than the map's own latest step is stale: skip it.
    var local = window.aleppoLocalStep;
    if (local && date !== local.date && Date.now() - local.at < 4000) { return; }
    window.aleppoLocalStep = null;
    window.aleppoSelected = selected || null;
    Object.keys(byId).forEach(function (id) {
      var s = styles[id];
      if (!s) { return; }
      var layer = byId[id];
      layer.setStyle(s.style);
      layer.setTooltipContent(s.tip);
      if (s.style.weight > 2) { layer.bringToFront(); }
      if (layer._path) { layer._path.setAttribute("data-holder", s.holder);
                         layer._path.setAttribute("data-area", id); }
    });
    window.aleppoStyledAt = Date.now();
    window.aleppoStyledDate = date || null;
  };

  // In-map week steps: recolour from the weekly frames sent once with the map (no round
  // trip), then tell the app the new date through a click on an invisible layer, which
  // streamlit-folium reports like any click; the app then updates the panel and the URL.
  var weeks = {{ this.weeks }};
  var signal = L.featureGroup().addTo(map);
  function frameIndex(date) {
    for (var i = 0; i < weeks.dates.length; i++) { if (weeks.dates[i] >= date) { return i; } }
    return weeks.dates.length - 1;
  }
  window.aleppoStepLocal = function (delta) {
    var current = window.aleppoStyledDate || weeks.dates[0];
    var i = Math.max(0, Math.min(weeks.dates.length - 1, frameIndex(current) + delta));
    var date = weeks.dates[i], holders = weeks.holders[i], changed = {};
    weeks.changed[i].forEach(function (k) { changed[k] = true; });
    weeks.ids.forEach(function (id, k) {
      var layer = byId[id];
      if (!layer) { return; }
      var code = holders.charAt(k);
      var style = Object.assign({}, weeks.styles[code]);
      if (changed[k]) { Object.assign(style, weeks.changedOutline); }
      if (id === window.aleppoSelected) {
        Object.assign(style, weeks.selectedOutline);
        if (changed[k]) { style.weight = weeks.selectedChangedWeight; }
      }
      layer.setStyle(style);
      layer.setTooltipContent(weeks.tips[k] + "<br>" + weeks.labels[code]);
      if (style.weight > 2) { layer.bringToFront(); }
      if (layer._path) { layer._path.setAttribute("data-holder", weeks.holderNames[code]); }
    });
    window.aleppoLocalStep = {date: date, at: Date.now()};
    window.aleppoStyledAt = Date.now();
    window.aleppoStyledDate = date;
    signal.fire("click", {latlng: map.getCenter(), layer: {toGeoJSON: function () {
      return {type: "Feature", properties: {date: date}, geometry: null}; }}});
  };
  var stepper = L.control({position: "topleft"});
  stepper.onAdd = function () {
    var div = L.DomUtil.create("div", "leaflet-bar aleppo-stepper");
    [["\u25c0", -1, "Previous week (instant)"], ["\u25b6", 1, "Next week (instant)"]].forEach(
      function (b) {
        var a = L.DomUtil.create("a", "", div);
        a.href = "#"; a.innerHTML = b[0]; a.title = b[2];
        a.setAttribute("role", "button"); a.setAttribute("aria-label", b[2]);
        L.DomEvent.on(a, "click", function (e) {
          L.DomEvent.stop(e);
          window.aleppoStepLocal(b[1]);
        });
      });
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  stepper.addTo(map);
})();
{% endmacro %}
"""
)


class AreaBaseLayer(MacroElement):
    """Geometry, landmarks, labels, legend and layer control: the part that never changes."""

    _template = _BASE_TEMPLATE

    def __init__(
        self,
        dataset: Dataset,
        default_basemap: str = DEFAULT_BASEMAP,
        labels_on: bool = True,
        timeline: Timeline | None = None,
    ):
        super().__init__()
        self._name = "AreaBaseLayer"
        self.areas = area_geojson(dataset)
        self.landmarks = safe_json(
            {"type": "FeatureCollection", "features": landmark_features(dataset)}
        )
        self.landmark_styles = safe_json(LANDMARK_STYLES)
        self.labels = safe_json(label_points(dataset))
        self.labels_on = "true" if labels_on else "false"
        self.legend = safe_json(legend_html())
        self.basemaps = safe_json(
            [
                {
                    "name": name,
                    "url": spec[0] if spec else None,
                    "attribution": spec[1] if spec else "",
                }
                for name, spec in BASEMAPS.items()
            ]
        )
        self.default_basemap = safe_json(
            default_basemap if default_basemap in BASEMAPS else DEFAULT_BASEMAP
        )
        self.unknown = HOLDER_COLOURS["unknown"]
        self.contested = HOLDER_COLOURS["contested"]
        self.hatch = CONTESTED_HATCH_COLOUR
        self.hatch_id = HATCH_PATTERN_ID
        self.weeks = safe_json(weekly_payload(dataset, timeline or Timeline(dataset)))


class Restyle(MacroElement):
    """The weekly layer's only content: a call that recolours the base polygons."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
if (window.aleppoRestyle) {
  window.aleppoRestyle({{ this.styles }}, {{ this.date }}, {{ this.selected }});
}
{% endmacro %}
"""
    )

    def __init__(self, styles: dict, date=None, selected: str | None = None):
        super().__init__()
        self._name = "Restyle"
        self.styles = safe_json(styles)
        self.selected = safe_json(selected)
        self.date = safe_json(None if date is None else f"{pd.Timestamp(date):%Y-%m-%d}")


def base_map(
    dataset: Dataset,
    leaflet_url: str | None = LOCAL_LEAFLET,
    default_basemap: str = DEFAULT_BASEMAP,
    timeline: Timeline | None = None,
) -> folium.Map:
    """The constant map. `leaflet_url` None keeps folium's CDN links (for standalone HTML)."""
    center, zoom = map_view(dataset)
    m = folium.Map(
        location=center,
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    if leaflet_url is not None:
        # Only Leaflet itself is needed: no jQuery, Bootstrap or icon fonts from CDNs.
        m.default_js = [("leaflet", f"{leaflet_url}/leaflet.js")]
        m.default_css = [("leaflet_css", f"{leaflet_url}/leaflet.css")]
    AreaBaseLayer(dataset, default_basemap, timeline=timeline).add_to(m)
    minx, miny, maxx, maxy = dataset.areas.total_bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]], padding=(4, 4))
    return m


CHANGED_OUTLINE = {"color": "#111111", "weight": 4}
SELECTED_OUTLINE = {"color": "#000000", "weight": 3.5, "dashArray": "6 4"}
SELECTED_AND_CHANGED_WEIGHT = 5


def path_style(holder: str, changed: bool = False, selected: bool = False) -> dict:
    """The Leaflet path style of an area (the in-map steps build the same from these parts)."""
    fill = f"url(#{HATCH_PATTERN_ID})" if holder == "contested" else HOLDER_COLOURS[holder]
    style = {
        "fillColor": fill,
        "fillOpacity": 0.5 if holder == "unknown" else 0.78,
        "color": "#ffffff",
        "weight": 1,
        "opacity": 1,
        "dashArray": None,
    }
    if changed:
        style.update(CHANGED_OUTLINE)
    if selected:
        style.update(SELECTED_OUTLINE)
        if changed:
            style["weight"] = SELECTED_AND_CHANGED_WEIGHT
    return style


def area_styles(dataset: Dataset, timeline: Timeline, date, selected: str | None = None) -> dict:
    """Per area id: Leaflet path style, tooltip HTML (escaped) and holder, at `date`."""
    state = timeline.state_at(date)
    changed = set(timeline.changes_in_week(date)["area_id"])
    styles = {}
    for row in state.itertuples():
        holder = row.holder
        style = path_style(holder, row.area_id in changed, row.area_id == selected)
        since = (
            f"since {row.since:%d %b %Y}"
            + (f" ({row.since_precision})" if row.since_precision != "day" else "")
            if pd.notna(row.since)
            else "no claim yet"
        )
        tip = (
            name_html(row.name, row.name_ar)
            + f"<br>{esc(HOLDER_LABELS[holder])}<br><small>{esc(since)}</small>"
        )
        styles[row.area_id] = {"style": style, "tip": tip, "holder": holder}
    return styles


def week_layer(
    dataset: Dataset, timeline: Timeline, date, selected: str | None = None
) -> folium.FeatureGroup:
    """The feature group sent to st_folium for one date: a restyle call, no geometry."""
    group = folium.FeatureGroup(name="week", control=False)
    Restyle(area_styles(dataset, timeline, date, selected), date, selected).add_to(group)
    return group


def standalone_html(
    dataset: Dataset, date, selected: str | None = None, timeline: Timeline | None = None
) -> str:
    """A self-contained HTML page of the map at `date`, Leaflet inlined, popups citing sources."""
    from importlib.resources import files

    timeline = timeline or Timeline(dataset)
    m = base_map(dataset, leaflet_url=None)
    m.default_js, m.default_css = [], []
    leaflet_dir = files("xstatic.pkg.leaflet") / "data"
    css = (leaflet_dir / "leaflet.css").read_text(encoding="utf-8")
    for image in ("layers.png", "layers-2x.png"):  # the layer button's icons, inlined too
        encoded = base64.b64encode((leaflet_dir / "images" / image).read_bytes()).decode()
        css = css.replace(f"images/{image}", f"data:image/png;base64,{encoded}")
    js = (leaflet_dir / "leaflet.js").read_text(encoding="utf-8")
    root = m.get_root()
    root.header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css_inline")
    root.header.add_child(Element(f"<script>{js}</script>"), name="leaflet_js_inline")
    Restyle(area_styles(dataset, timeline, date, selected)).add_to(m)
    Popups(popup_html(dataset, timeline, date)).add_to(m)
    title = f"{dataset.title}: state on {pd.Timestamp(date):%d %B %Y} (dataset {dataset.version})"
    root.header.add_child(Element(f"<title>{esc(title)}</title>"), name="title")
    box_style = (
        "position:fixed;top:8px;left:50px;z-index:1000;background:#fff;padding:6px 10px;"
        "font:14px sans-serif;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3)"
    )
    note = "Boundaries are hand-drawn and approximate. Click an area for its source."
    root.html.add_child(
        Element(f'<div style="{box_style}">{esc(title)}<br><small>{note}</small></div>'),
        name="title_box",
    )
    return root.render()


def popup_html(dataset: Dataset, timeline: Timeline, date) -> dict:
    """Per area id: escaped popup HTML with holder, since, quote and source."""
    state = timeline.state_at(date)
    sources = dataset.sources
    popups = {}
    for row in state.itertuples():
        parts = [
            name_html(row.name, row.name_ar),
            esc(HOLDER_LABELS[row.holder]),
        ]
        if row.claim_id:
            parts.append(
                f"since {pd.Timestamp(row.since):%d %B %Y} ({esc(row.since_precision)} precision; "
                f"as written: “{esc(row.date_as_written)}”)"
            )
            parts.append(f"<blockquote>“{esc(row.quote)}”</blockquote>")
            if row.source_id in sources.index:
                src = sources.loc[row.source_id]
                cite = f"{esc(src['outlet'])}, {esc(src['author'])}, {esc(src['published'])}"
                url = safe_url(src["url"])
                if url:
                    link = f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">'
                    cite += f" — {link}link</a>"
                parts.append(f"<small>{cite}<br>Stance: {esc(src['stance'])}</small>")
        popups[row.area_id] = "<br>".join(parts)
    return popups


class Popups(MacroElement):
    """Click popups for the standalone HTML export (the app shows a panel instead)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var popups = {{ this.popups }};
  var map = {{ this._parent.get_name() }};
  map.eachLayer(function (layer) {
    if (layer.feature && popups[layer.feature.id] !== undefined) {
      layer.bindPopup(popups[layer.feature.id], {maxWidth: 360});
    }
  });
})();
{% endmacro %}
"""
    )

    def __init__(self, popups: dict):
        super().__init__()
        self._name = "Popups"
        self.popups = safe_json(popups)


def holder_counts(styles: dict) -> dict[str, int]:
    holders = np.array([s["holder"] for s in styles.values()])
    return {h: int((holders == h).sum()) for h in HOLDERS}
