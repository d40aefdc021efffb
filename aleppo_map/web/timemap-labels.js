/* Landmarks and labels: the Citadel, the river, the main roads and the gates with their names;
 * the districts' names from the opening view on, and the areas' names as the reader zooms in
 * (in the opening view, only those of large areas standing in no district), placed greedily
 * so that no two overlap; and the layers menu that switches the base map and toggles the
 * landmarks and the names. */
(function (root) {
  "use strict";
  var L = root.L;
  var Places = root.TimeMapPlaces;
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
    var districtLabels = L.layerGroup();
    var unitLabels = L.layerGroup();  // only the areas whose name may show in this view
    var wanted = true;  // the reader's choice in the layers menu

    function makeLabel(latlng, text, className) {
      // A divIcon's html may be an element (Leaflet 1.9): the text never passes through HTML.
      return L.marker(latlng, {interactive: false, keyboard: false,
        icon: L.divIcon({className: "tm-label " + className, html: el("span", "", text),
          iconSize: null})});
    }

    namedPoints.forEach(function (p) {
      p.marker = makeLabel(p.latlng, p.text, "tm-landmark-label").addTo(landmarkLabels);
      p.marker.kind = p.kind;
    });
    var groups = payload.groups;
    var districtMarkers = [];
    if (groups && groups.labelPoints) {
      groups.labelPoints.forEach(function (point, g) {
        if (!point) { return; }
        var m = makeLabel(point, groups.names[g], "tm-district-label").addTo(districtLabels);
        m.tmBox = L.latLngBounds(groups.bounds[g]);
        districtMarkers.push(m);
      });
    }
    var unitMarkers = payload.labelPoints.map(function (point, k) {
      return makeLabel(point, payload.names[k], "tm-area-label");
    });
    // Per area: whether it stands in no district, and its box (to tell its size on screen).
    var alone = payload.ids.map(function (id, k) {
      return Places.unitDistrict(groups, ctl.groupIndex, k) < 0;
    });
    var boxes = [];
    payload.areas.features.forEach(function (f) {
      boxes[ctl.areaIndex[f.id]] = L.latLngBounds(Draw.featureBox(f.geometry));
    });

    /** A box's size on screen: {w, h} in px, or null when it is out of view. */
    function screenBox(b, view) {
      if (!b || !view.intersects(b)) { return null; }
      var nw = map.latLngToContainerPoint(b.getNorthWest());
      var se = map.latLngToContainerPoint(b.getSouthEast());
      return {w: se.x - nw.x, h: se.y - nw.y};
    }

    /** Every label is placed again, in order (the citadel, districts, the other landmarks,
     * then areas, the largest first): each takes the first free place it may take or is
     * hidden. */
    function place() {
      // What lies over the map already: the legend, the zoom and layers buttons, the scale.
      var origin = ctl.container.getBoundingClientRect();
      var blocked = [];
      ctl.container.querySelectorAll(".tm-legend, .leaflet-control").forEach(function (node) {
        var r = node.getBoundingClientRect();
        if (r.width && r.height) {
          blocked.push([r.left - origin.left, r.top - origin.top, r.right - origin.left,
            r.bottom - origin.top]);
        }
      });
      var entries = [];
      var narrow = Dom.isNarrow(ctl.container), zoom = map.getZoom();
      if (map.hasLayer(landmarkLabels)) {
        landmarkLabels.eachLayer(function (m) {
          entries.push({m: m, kind: m.kind === "citadel" ? "citadel" : "landmark",
            sides: Draw.landmarkSides(m.kind, narrow, zoom)});
        });
      }
      if (wanted) {
        var view = map.getBounds();
        districtMarkers.forEach(function (m) {
          var box = screenBox(m.tmBox, view);
          m.getElement().style.display = "";
          var w = m.tmSize ? m.tmSize[0] : m.getElement().firstChild.offsetWidth;
          if (box !== null && Draw.districtLabelWanted(zoom, narrow, box.w, w)) {
            entries.push({m: m, kind: "district", sides: Draw.DISTRICT_SIDES});
          } else {
            m.getElement().style.display = "none";
          }
        });
        unitMarkers.forEach(function (m, k) {
          var box = screenBox(boxes[k], view);
          var show = box !== null && Draw.unitLabelWanted(zoom, narrow, alone[k], box.w,
            box.h, payload.names[k]);
          if (!show) {
            if (unitLabels.hasLayer(m)) { unitLabels.removeLayer(m); }
            return;
          }
          if (!unitLabels.hasLayer(m)) { unitLabels.addLayer(m); }
          entries.push({m: m, kind: "unit", area: box.w * box.h, sides: Draw.AREA_SIDES});
        });
      }
      // Sizes are read once per label, all after all the writes: one layout, not one each
      // (with 2,000 areas, reading while writing cost seconds).
      var unmeasured = entries.filter(function (entry) { return !entry.m.tmSize; });
      unmeasured.forEach(function (entry) { entry.m.getElement().style.display = ""; });
      unmeasured.forEach(function (entry) {
        var span = entry.m.getElement().firstChild;
        entry.m.tmSize = [span.offsetWidth, span.offsetHeight];
      });
      var order = Draw.labelOrder(entries);
      var items = order.map(function (i) {
        var entry = entries[i];
        entry.p = map.latLngToContainerPoint(entry.m.getLatLng());
        return {boxes: Draw.labelBoxes(entry.p, entry.m.tmSize[0], entry.m.tmSize[1],
          entry.sides)};
      });
      var bands = ctl.bands();
      var chosen = Draw.placeLabels(items, Draw.LABEL_MARGIN,
        Draw.labelBand(map.getSize(), bands.top, bands.bar), blocked);
      order.forEach(function (i, j) {
        var entry = entries[i];
        var node = entry.m.getElement();
        var c = chosen[j];
        node.style.display = c < 0 ? "none" : "";
        if (c >= 0) {
          node.setAttribute("data-side", entry.sides[c][2]);
          node.firstChild.style.transform = Draw.labelShift(items[j].boxes[c], entry.p);
        }
      });
    }

    /** The names of districts and areas show when wanted; then every label is placed again. */
    function toggleAreaLabels() {
      [districtLabels, unitLabels].forEach(function (layer) {
        if (wanted) { layer.addTo(map); } else { map.removeLayer(layer); }
      });
      place();
    }

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
    overlays[T("Names of districts and areas")] = labelToggle;
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
