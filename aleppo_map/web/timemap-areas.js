/* The areas: the neighbourhood polygons in one GeoJSON layer, each with its tooltip and its
 * click, coloured week by week. A week's paint restyles only the areas whose style changed;
 * every path carries data-area, data-holder and data-evidence for the tests and the hosts. */
(function (root) {
  "use strict";
  var L = root.L;
  var Core = root.TimeMapCore;
  var Places = root.TimeMapPlaces;
  var Draw = root.TimeMapDraw;
  var Dom = root.TimeMapDom;
  var Patterns = root.TimeMapPatterns;
  var el = Dom.el;

  /** Draw the areas on `ctl.map`. `ctl` is the map's controller: a click selects through it,
   * a tooltip reads its week. */
  function create(ctl) {
    var map = ctl.map, payload = ctl.payload, look = payload.look;
    var layers = [];
    var drawn = [];  // area index -> the style key it is drawn with (Draw.styleKey)
    var group = L.geoJson(payload.areas, {
      style: function () {
        return Draw.pathStyle(look, look.unknownCode, "", false, false);
      }
    }).addTo(map);
    group.eachLayer(function (layer) {
      var k = ctl.areaIndex[layer.feature.id];
      layers[k] = layer;
      layer.bindTooltip(function () { return tooltipFor(k); }, {sticky: true,
        direction: "top", className: "tm-tooltip"});
      layer.on("click", function () { ctl.select(payload.ids[k], {report: true}); });
    });
    // The fills of inferred and contested holdings are patterns in the areas' own SVG.
    Patterns.addPatterns(map.getRenderer(group)._container, look);

    function tooltipFor(k) {
      var g = Places.unitDistrict(payload.groups, ctl.groupIndex, k);
      var tip = Core.areaTip(payload, k, ctl.state().index, g < 0 ? "" : payload.groups.the[g]);
      var box = el("div");
      el("b", "", tip.name, box);
      if (tip.nameAr) {
        Dom.attrs(el("span", "tm-ar", " " + tip.nameAr, box), {dir: "rtl", lang: "ar"});
      }
      if (tip.district) { el("div", "tm-tip-district", "in " + tip.district, box); }
      el("div", "", tip.holder, box);
      if (tip.evidence !== null) { el("div", "tm-tip-evidence", tip.evidence, box); }
      return box;
    }

    /** Week `i` with area `selected` (an index, or -1) chosen: restyle what changed. */
    function paint(i, selected) {
      Draw.restyles(drawn, payload.weeks, i, selected, layers.length).forEach(function (r) {
        var layer = layers[r.k];
        if (!layer) { return; }
        layer.setStyle(Draw.pathStyle(look, r.holder, r.evidence, r.changed, r.selected));
        if (r.changed || r.selected) { layer.bringToFront(); }
        var path = layer._path;
        if (path) {
          path.setAttribute("data-area", payload.ids[r.k]);
          path.setAttribute("data-holder", look.holderNames[r.holder]);
          path.setAttribute("data-evidence", r.holder === look.unknownCode ? ""
            : look.evidenceNames[r.evidence] || "");
        }
      });
    }

    /** Restyle area `k` at the next paint (its selection changed). */
    function forget(k) { drawn[k] = null; }

    /** Restyle every area at the next paint. */
    function forgetAll() {
      Object.keys(drawn).forEach(function (k) { drawn[k] = null; });
    }

    /** Zoom to area `k` and open its tooltip. */
    function zoomTo(k) {
      var layer = layers[k];
      map.fitBounds(layer.getBounds(), {maxZoom: 14, padding: [60, 60],
        animate: !ctl.reducedMotion});
      layer.openTooltip(layer.getBounds().getCenter());
    }

    return {layer: group, paint: paint, forget: forget, forgetAll: forgetAll, zoomTo: zoomTo};
  }

  root.TimeMapAreas = {create: create};
})(typeof self !== "undefined" ? self : this);
