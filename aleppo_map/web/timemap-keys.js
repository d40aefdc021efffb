/* The map by keyboard. The areas are one Tab stop: each polygon is a named control ("Hananu:
 * Syrian government and allied forces, named"), one of them in the Tab order at a time; the
 * arrow keys move to the neighbour in that direction, Enter or Space chooses the area, Escape
 * clears the choice. A polygon redrawn on top of the others keeps the keyboard's focus. And
 * "Skip to the time bar" links (data-tm-skip="time-bar"), in this page or in the app's page
 * around the map's frame, put the focus on the Week slider. */
(function (root) {
  "use strict";
  var Access = root.TimeMapAccess;

  /** Make the areas of `areas` (timemap-areas.js) keyboard controls; `ctl` is the map's
   * controller. */
  function create(ctl, areas) {
    var payload = ctl.payload, points = payload.labelPoints;
    var layers = [];
    areas.layer.eachLayer(function (layer) { layers[ctl.areaIndex[layer.feature.id]] = layer; });
    var labelled = [];  // area -> the holder and evidence its name was written for
    var roving = Access.entryArea(points, payload.bounds);
    var focused = -1;  // the area the keyboard is on, kept while its polygon is moved

    function path(k) { return layers[k] ? layers[k].getElement() : null; }

    layers.forEach(function (layer, k) {
      var p = path(k);
      if (!p) { return; }
      p.setAttribute("role", "button");
      p.setAttribute("tabindex", k === roving ? "0" : "-1");
      p.addEventListener("focus", function () { enter(k); });
      p.addEventListener("blur", function (e) { if (e.relatedTarget) { focused = -1; } });
    });

    function setRoving(k) {
      if (k === roving || !path(k)) { return; }
      if (path(roving)) { path(roving).setAttribute("tabindex", "-1"); }
      path(k).setAttribute("tabindex", "0");
      roving = k;
    }

    /** The keyboard is on area `k`: it is the Tab stop, drawn on top, and in view. */
    function enter(k) {
      focused = k;
      setRoving(k);
      var p = path(k);
      // Not on a mouse press: moving the polygon between mousedown and mouseup would cancel
      // the click that chooses it (the choice brings it on top anyway).
      if (!fromKeyboard(p)) { return; }
      if (p.parentNode && p.parentNode.lastChild !== p) {
        layers[k].bringToFront();  // moving it takes the focus away: give it back
        p.focus({preventScroll: true});
      }
    }

    function fromKeyboard(p) {
      try { return p.matches(":focus-visible"); } catch (e) { return true; }
    }

    function moveTo(k) {
      if (k < 0 || !path(k)) { return; }
      var at = points[k];
      if (at && !ctl.map.getBounds().contains(at)) {
        ctl.map.panTo(at, {animate: !ctl.reducedMotion});
      }
      path(k).focus({preventScroll: true});
    }

    ctl.container.addEventListener("keydown", function (e) {
      var id = e.target.getAttribute && e.target.getAttribute("data-area");
      var k = id === null || id === undefined ? undefined : ctl.areaIndex[id];
      if (k === undefined || e.target.tagName.toLowerCase() !== "path") { return; }
      if (e.key === "Enter" || e.key === " " || e.key === "Spacebar") {
        ctl.select(id, {report: true});
      } else if (e.key === "Escape") {
        ctl.select(null, {report: true});
      } else if (Access.neighbour(points, k, e.key) >= 0) {
        moveTo(Access.neighbour(points, k, e.key));
      } else if (!/^Arrow/.test(e.key)) {
        return;
      }
      e.preventDefault();
      e.stopPropagation();
    });

    /** Week `s.index`: rename the areas whose holder or evidence changed, mark the chosen
     * one, and give the focus back to a polygon the paint moved on top. */
    ctl.onPaint(function (s) {
      var holders = payload.weeks.holders[s.index], evidence = payload.weeks.evidence[s.index];
      var chosen = s.area === null ? -1 : ctl.areaIndex[s.area];
      layers.forEach(function (layer, k) {
        var p = path(k);
        if (!p) { return; }
        var key = holders.charAt(k) + evidence.charAt(k);
        if (labelled[k] !== key) {
          labelled[k] = key;
          p.setAttribute("aria-label", Access.areaLabel(payload, k, s.index));
        }
        if ((p.getAttribute("aria-current") === "true") !== (k === chosen)) {
          if (k === chosen) { p.setAttribute("aria-current", "true"); } else {
            p.removeAttribute("aria-current");
          }
        }
      });
      if (chosen >= 0) { setRoving(chosen); }
      keepFocus();
    });

    function keepFocus() {
      var p = focused >= 0 ? path(focused) : null;
      var lost = !document.activeElement || document.activeElement === document.body;
      if (p && lost && document.hasFocus()) { p.focus({preventScroll: true}); }
    }

    // A click elsewhere on the map is no longer the keyboard's.
    ctl.container.addEventListener("mousedown", function () { focused = -1; });

    skipLinks(document, ctl);
    try {
      if (root.parent && root.parent !== root) { skipLinks(root.parent.document, ctl); }
    } catch (e) {
      // the page around a frame of another origin is not ours to change
    }
    return {path: path};
  }

  /** "Skip to the time bar" links in `doc` put the focus on the Week slider. */
  function skipLinks(doc, ctl) {
    doc.addEventListener("click", function (e) {
      var link = e.target && e.target.closest && e.target.closest("[data-tm-skip='time-bar']");
      var slider = ctl.container.querySelector("input.tm-slider");
      if (!link || !slider) { return; }
      e.preventDefault();
      if (doc !== document && root.focus) { root.focus(); }
      slider.focus();
    });
  }

  root.TimeMapKeys = {create: create};
})(typeof self !== "undefined" ? self : this);
