/* The districts: each district's outline (the edge of its units together) drawn over the
 * units, heavier than their own edges, in a pane of its own that takes no clicks (a click
 * goes to the unit under it); the chosen district drawn heavier still. A dataset without
 * districts draws nothing here. Every outline carries data-district for the tests. */
(function (root) {
  "use strict";
  var L = root.L;
  var Draw = root.TimeMapDraw;

  var PANE = "tm-districts";

  /** Draw the payload's district outlines on `ctl.map`; `ctl.groupIndex` maps group ids to
   * their index in `payload.groups`. */
  function create(ctl) {
    var map = ctl.map, payload = ctl.payload, look = payload.look, groups = payload.groups;
    var features = (payload.districtOutlines || {features: []}).features;
    var layers = [];  // group index -> its outline
    var chosen = -1;
    if (features.length) {
      // Above the units and the routes (the overlay pane, 400), under the labels (markers).
      var pane = map.createPane(PANE);
      pane.style.zIndex = 410;
      pane.style.pointerEvents = "none";
      var outlines = L.geoJson({type: "FeatureCollection", features: features}, {
        pane: PANE,
        renderer: L.svg({pane: PANE}),
        interactive: false,
        style: function () { return Draw.districtStyle(look, false, map.getZoom()); }
      }).addTo(map);
      outlines.eachLayer(function (layer) {
        var g = ctl.groupIndex[layer.feature.id];
        layers[g] = layer;
        if (layer._path) {
          layer._path.setAttribute("data-district", layer.feature.id);
          layer._path.classList.add("tm-district");
        }
      });
    }

    function restyle(g, selected) {
      var layer = layers[g];
      if (!layer) { return; }
      layer.setStyle(Draw.districtStyle(look, selected, map.getZoom()));
      if (selected) { layer.bringToFront(); }
      layer._path.setAttribute("data-selected", selected ? "true" : "false");
    }

    /** The district `g` (a group index, or -1) is the chosen place: draw it heavier. */
    function paint(g) {
      if (g === chosen) { return; }
      restyle(chosen, false);
      restyle(g, true);
      chosen = g;
    }

    // Zoomed out, the outlines are lighter.
    map.on("zoomend", function () {
      layers.forEach(function (layer, g) { restyle(g, g === chosen); });
    });

    /** Zoom to group `g` (a district, or a wider group: the box of its units), clear of the
     * search box, the open legend and the time bar, which would hide a district's edge. */
    function zoomTo(g) {
      var bounds = groups.bounds[g];
      if (bounds) { map.fitBounds(bounds, Draw.assign({maxZoom: 15}, ctl.chromePadding())); }
    }

    return {paint: paint, zoomTo: zoomTo, count: features.length};
  }

  root.TimeMapDistricts = {create: create};
})(typeof self !== "undefined" ? self : this);
