/* The roads into the besieged east (the Castello Road, the Ramouseh corridor), drawn week by
 * week by their state: solid open, dashed under fire, dotted cut. Each has an unseen wide
 * line along it that takes the clicks and the tooltip, for a mouse and a finger alike. */
(function (root) {
  "use strict";
  var L = root.L;
  var Core = root.TimeMapCore;
  var Draw = root.TimeMapDraw;
  var el = root.TimeMapDom.el;

  /** Draw the payload's routes on `ctl.map`; a click on one selects it through `ctl`. */
  function create(ctl) {
    var map = ctl.map, payload = ctl.payload, look = payload.look, routes = payload.routes;
    var lines = {}, hits = {};
    if (routes && routes.ids.length) {
      var group = L.geoJson(payload.landmarks, {
        interactive: false,
        filter: function (f) { return routes.ids.indexOf(f.properties.id) >= 0; },
        style: function () { return look.routeStyles["-"]; }
      }).addTo(map);
      group.eachLayer(function (layer) {
        var id = layer.feature.properties.id;
        lines[id] = layer;
        // A cut road is drawn as dots, which take a click only where a dot is.
        var hit = L.polyline(layer.getLatLngs(), {opacity: 0, weight: 18}).addTo(map);
        hits[id] = hit;
        hit.bindTooltip(function () { return tooltipFor(id); }, {sticky: true,
          className: "tm-tooltip"});
        hit.on("click", function (e) {
          L.DomEvent.stop(e);
          ctl.selectRoute(id);
        });
      });
    }

    function tooltipFor(id) {
      var tip = Core.routeTip(payload, id, ctl.state().index);
      var box = el("div");
      el("b", "", tip.name, box);
      el("div", "", tip.state, box);
      return box;
    }

    /** Week `i`, with route `chosen` (an id, or null) drawn heavier. */
    function paint(i, chosen) {
      Object.keys(lines).forEach(function (id) {
        var s = Core.routeStateAt(routes, id, i);
        lines[id].setStyle(Draw.routeStyle(look, s, id === chosen));
        lines[id].bringToFront();
        hits[id].bringToFront();
        if (lines[id]._path) {
          lines[id]._path.setAttribute("data-route", id);
          lines[id]._path.setAttribute("data-state", look.routeNames[s] || "");
          hits[id]._path.setAttribute("data-route-hit", id);
        }
      });
    }

    return {paint: paint};
  }

  root.TimeMapRoutes = {create: create};
})(typeof self !== "undefined" ? self : this);
