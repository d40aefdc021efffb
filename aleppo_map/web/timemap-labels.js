/* Landmarks and labels: the Citadel, the river, the main roads and the gates with their names,
 * the area names (from zoom 13), placed greedily so that no two overlap, and the layers menu
 * that switches the base map and toggles the landmarks and the area names. */
(function (root) {
  "use strict";
  var L = root.L;
  var Draw = root.TimeMapDraw;
  var Dom = root.TimeMapDom;
  var el = Dom.el;

  /** Draw the landmarks and labels on `ctl.map`; `ctl.bands()` gives the heights of the bars
   * that labels must stay clear of. */
  function create(ctl) {
    var map = ctl.map, payload = ctl.payload, look = payload.look, routes = payload.routes;
    var landmarks = L.geoJson(payload.landmarks, {
      interactive: false,
      // The routes into the east are drawn by their state (timemap-routes.js).
      filter: function (f) { return !routes || routes.ids.indexOf(f.properties.id) < 0; },
      style: function (f) {
        return look.landmarkStyles[f.properties.style] || look.landmarkStyles.road;
      },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, {radius: 4, color: "#111", weight: 2, fillColor: "#fff",
          fillOpacity: 1, interactive: false});
      }
    }).addTo(map);
    var namedPoints = [];
    landmarks.eachLayer(function (layer) {
      var f = layer.feature;
      if (f.geometry.type === "Point" && f.properties.label) {
        namedPoints.push({latlng: layer.getLatLng(), text: f.properties.name,
          kind: f.properties.kind});
      }
    });
    var landmarkLabels = L.layerGroup().addTo(map);
    var areaLabels = L.layerGroup();
    var wanted = true;  // the reader's choice in the layers menu

    function makeLabel(group, latlng, text, className) {
      // A divIcon's html may be an element (Leaflet 1.9): the text never passes through HTML.
      var marker = L.marker(latlng, {interactive: false, keyboard: false,
        icon: L.divIcon({className: "tm-label " + className, html: el("span", "", text),
          iconSize: null})});
      return marker.addTo(group);
    }

    namedPoints.forEach(function (p) {
      p.marker = makeLabel(landmarkLabels, p.latlng, p.text, "tm-landmark-label");
      p.marker.kind = p.kind;
    });
    payload.labelPoints.forEach(function (point, k) {
      makeLabel(areaLabels, point, payload.names[k], "tm-area-label");
    });

    /** Landmark labels never overlap: each takes the first free side (right, left, above,
     * below) or is hidden; area names give way to them. */
    function place() {
      var markers = [];
      var narrow = Dom.isNarrow(ctl.container), zoom = map.getZoom();
      if (map.hasLayer(landmarkLabels)) {
        landmarkLabels.eachLayer(function (m) {
          markers.push({m: m, sides: Draw.landmarkSides(m.kind, narrow, zoom)});
        });
      }
      if (map.hasLayer(areaLabels)) {
        areaLabels.eachLayer(function (m) { markers.push({m: m, sides: Draw.AREA_SIDES}); });
      }
      // Sizes are read once per label, all after all the writes: one layout, not one each
      // (with 2,000 areas, reading while writing cost seconds).
      var unmeasured = markers.filter(function (entry) { return !entry.m.tmSize; });
      unmeasured.forEach(function (entry) { entry.m.getElement().style.display = ""; });
      unmeasured.forEach(function (entry) {
        var span = entry.m.getElement().firstChild;
        entry.m.tmSize = [span.offsetWidth, span.offsetHeight];
      });
      var items = markers.map(function (entry) {
        entry.p = map.latLngToContainerPoint(entry.m.getLatLng());
        return {boxes: Draw.labelBoxes(entry.p, entry.m.tmSize[0], entry.m.tmSize[1],
          entry.sides)};
      });
      var bands = ctl.bands();
      var chosen = Draw.placeLabels(items, Draw.LABEL_MARGIN,
        Draw.labelBand(map.getSize(), bands.top, bands.bar));
      markers.forEach(function (entry, i) {
        var node = entry.m.getElement();
        var c = chosen[i];
        node.style.display = c < 0 ? "none" : "";
        if (c >= 0) {
          node.setAttribute("data-side", entry.sides[c][2]);
          node.firstChild.style.transform = Draw.labelShift(items[i].boxes[c], entry.p);
        }
      });
    }

    /** Area names show when wanted and zoomed in; then every label is placed again. */
    function toggleAreaLabels() {
      if (Draw.areaLabelsShown(wanted, map.getZoom())) { areaLabels.addTo(map); } else {
        map.removeLayer(areaLabels);
      }
      place();
    }
    map.on("zoomend", toggleAreaLabels);

    // ---- the layers menu: base maps, landmarks, area names
    var bases = {}, first = null;
    payload.basemaps.forEach(function (b) {
      var layer = b.url ? L.tileLayer(b.url, {attribution: b.attribution, maxZoom: 19})
        : L.layerGroup();
      bases[b.name] = layer;
      if (b.name === payload.defaultBasemap) { first = layer; }
    });
    (first || bases[Object.keys(bases)[0]]).addTo(map);
    var labelToggle = L.layerGroup();
    labelToggle.on("add", function () { wanted = true; toggleAreaLabels(); });
    labelToggle.on("remove", function () { wanted = false; toggleAreaLabels(); });
    labelToggle.addTo(map);
    var T = root.TimeMapStrings.T, overlays = {};
    overlays[T("Landmarks")] = landmarks;
    overlays[T("Area labels (zoom in)")] = labelToggle;
    L.control.layers(bases, overlays, {collapsed: true, position: "bottomright"}).addTo(map);
    map.on("overlayadd overlayremove", function (e) {
      if (e.layer === landmarks) {
        if (e.type === "overlayadd") { landmarkLabels.addTo(map); } else {
          map.removeLayer(landmarkLabels);
        }
      }
    });

    return {place: place, toggleAreaLabels: toggleAreaLabels};
  }

  root.TimeMapLabels = {create: create};
})(typeof self !== "undefined" ? self : this);
