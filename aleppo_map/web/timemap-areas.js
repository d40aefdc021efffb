/* The areas: the neighbourhood polygons in one GeoJSON layer, each with its tooltip and its
 * click, coloured week by week (or, compared with week A, with A's holder as an inner edge;
 * or by the age of their evidence: timemap-compare.js). A week's paint restyles only the
 * areas whose style changed; every path carries data-area, data-holder and data-evidence
 * (and data-from while compared) for the tests and the hosts. */
(function (root) {
  "use strict";
  var L = root.L;
  var Core = root.TimeMapCore;
  var Draw = root.TimeMapDraw;
  var Compare = root.TimeMapCompare;
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
      var tip = Core.areaTip(payload, k, ctl.state().index);
      var box = el("div");
      el("b", "", tip.name, box);
      if (tip.nameAr) {
        Dom.attrs(el("span", "tm-ar", " " + tip.nameAr, box), {dir: "rtl", lang: "ar"});
      }
      el("div", "", tip.holder, box);
      if (tip.evidence !== null) { el("div", "tm-tip-evidence", tip.evidence, box); }
      var extra = ctl.tipExtra ? ctl.tipExtra(k) : null;
      if (extra) { el("div", "tm-tip-extra", extra, box); }
      return box;
    }

    // A changed unit's edge in compare mode is a stroke clipped to the unit's own shape, so
    // only its inner half shows: a copy of the path in <clipPath>, kept in step with it.
    var svg = map.getRenderer(group)._container;
    var clips = [];  // area index -> its <clipPath>'s path, once made
    var copying = new root.MutationObserver(function (records) {
      records.forEach(function (r) {
        var k = +r.target.getAttribute("data-k");
        if (clips[k]) { clips[k].setAttribute("d", r.target.getAttribute("d") || ""); }
      });
    });

    function clip(k, path, on) {
      if (!on) { path.removeAttribute("clip-path"); return; }
      if (!clips[k]) {
        var defs = svg.querySelector("defs");
        var holder = Dom.svgEl("clipPath", {id: "tm-clip-" + k}, defs);
        clips[k] = Dom.svgEl("path", {d: path.getAttribute("d") || ""}, holder);
        path.setAttribute("data-k", String(k));
        copying.observe(path, {attributes: true, attributeFilter: ["d"]});
      }
      path.setAttribute("clip-path", "url(#tm-clip-" + k + ")");
    }

    /** What week `i` restyles, and how, in the view `view` ({compare, mode}). */
    function restyles(i, selected, view) {
      var count = layers.length;
      if (view && view.compare >= 0 && Compare) {
        return Compare.compareRestyles(drawn, payload.weeks, view.compare, i, selected, count)
          .map(function (r) { r.style = Compare.compareStyle(look, payload.story, r); return r; });
      }
      if (view && view.mode === "age" && Compare) {
        return Compare.ageRestyles(drawn, payload, i, selected, count).map(function (r) {
          r.style = Compare.ageStyle(look, payload.story, r);
          return r;
        });
      }
      return Draw.restyles(drawn, payload.weeks, i, selected, count);
    }

    /** Week `i` with area `selected` (an index, or -1) chosen, in the view `view`
     * ({compare: week A's index or -1, mode}): restyle what changed. */
    function paint(i, selected, view) {
      restyles(i, selected, view).forEach(function (r) {
        var layer = layers[r.k];
        if (!layer) { return; }
        layer.setStyle(r.style || Draw.pathStyle(look, r.holder, r.evidence, r.changed,
          r.selected));
        if (r.changed || r.selected) { layer.bringToFront(); }
        var path = layer._path;
        if (path) {
          clip(r.k, path, Boolean(r.from) && !r.selected);
          if (r.from) {
            path.setAttribute("data-from", look.holderNames[r.from]);
          } else {
            path.removeAttribute("data-from");
          }
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
