/* The map in the browser: its controller. It owns the state (the week shown, the chosen area
 * or route, playing, the host's last command) and the paint loop, and builds the map from its
 * parts, each in its own file: the areas, the district outlines, the routes, the landmarks
 * and labels, the time bar, the legend and search, and (in the published file) the evidence
 * panel. The chosen place (`area`) is a unit or a group of units (a district, or a wider
 * group named in an address). The Streamlit app and the one-file publication run the same
 * files; Python hands them one JSON payload (aleppo_map/render.py: map_payload).
 *
 * Load order: Leaflet, timemap-strings.js, timemap-core.js, the other libraries, the parts,
 * this file, timemap-panel.js (render.py: SCRIPT_FILES). Each part gets the controller when
 * it is made; no part reaches another, or the controller, through a global.
 * Every text from the data goes in the page with textContent or as an attribute value, never
 * as HTML, so no quote, name or URL can run as markup. */
(function (root) {
  "use strict";
  var L = root.L;
  var Core = root.TimeMapCore;
  var Places = root.TimeMapPlaces;
  var Address = root.TimeMapAddress;
  var Draw = root.TimeMapDraw;
  var Dom = root.TimeMapDom;
  var Access = root.TimeMapAccess;
  var Strings = root.TimeMapStrings;

  /**
   * Draw the payload on a Leaflet map and return its controller.
   *   options.mode: "app" (Streamlit: the panel is Python's) or "site" (the published file)
   *   options.onReport(state): called when the reader settles on a week or picks a place
   *   options.panel: an element to render the evidence panel into (site)
   *   options.hash: keep the view in location.hash (site)
   */
  function start(map, payload, options) {
    options = options || {};
    var weeks = payload.weeks;
    var count = weeks.dates.length;
    var container = map.getContainer();
    container.classList.add("tm-map");
    // compare: week A's index while comparing (else -1); mode: "holder" or "age".
    var state = {index: 0, area: null, route: null, playing: false, token: null,
      paintedAt: 0, compare: -1, mode: "holder", messages: []};
    var listeners = [];
    var settledListeners = [];  // told when the reader settles (timemap-announce.js)
    // Area id -> index, with no prototype: an address's `area=constructor` is no area.
    var areaIndex = Object.create(null);
    payload.ids.forEach(function (id, k) { areaIndex[id] = k; });
    // Group id -> index; the places that may be chosen: the units, and the groups with units.
    var groupIndex = Places.groupIndex(payload.groups);
    var placeIndex = Object.create(null);
    Object.keys(groupIndex).forEach(function (id) {
      if (payload.groups.bounds && payload.groups.bounds[groupIndex[id]]) {
        placeIndex[id] = groupIndex[id];
      }
    });
    payload.ids.forEach(function (id, k) { placeIndex[id] = k; });
    var routeIds = Object.create(null);  // the routes an address may name
    (payload.routes ? payload.routes.ids : []).forEach(function (id) { routeIds[id] = true; });
    // Until the reader moves the map, it stays fitted to the city: the frame may get its
    // real size only after this script has run.
    var viewTouched = false;

    map.options.zoomSnap = 0.25;
    map.options.zoomDelta = 0.5;
    // Layers wait for the map's first view; the patterns need the renderer now.
    if (!map._loaded) { map.fitBounds(payload.bounds); }
    L.control.scale({imperial: false}).addTo(map);
    // Leaflet's default attribution prefix carries a national flag; a neutral map shows none.
    if (map.attributionControl) {
      map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    }

    // ---- telling the host (Streamlit) where the reader stopped
    var lastReported = null;

    function report() {
      var now = current();
      settledListeners.forEach(function (fn) { fn(now); });
      var key = Address.reportKey(now);
      if (key === lastReported) { return; }  // the host already knows
      lastReported = key;
      if (options.onReport) { options.onReport(now); }
    }
    var settleSoon = Dom.debounce(function () { report(); }, 250);

    function settle() {
      settleSoon.cancel();
      report();
    }

    // What the host and the panel may call: the controller's public face.
    var controller = {
      map: map,
      state: current,
      show: show,
      step: step,
      select: select,
      command: command,
      play: resume,
      pause: pause,
      fitCity: fitCity,
      compareWith: compareWith,
      swapCompare: swapCompare,
      setMode: setMode,
      messages: function () { return state.messages.slice(); },
      onPaint: function (fn) { listeners.push(fn); },
      onSettle: function (fn) { settledListeners.push(fn); }
    };
    // What the map's parts get: the same, and what the time bar, the routes and the labels
    // need besides.
    var ctl = Draw.assign({
      payload: payload,
      container: container,
      reducedMotion: Access.reducedMotion(root),
      areaIndex: areaIndex,
      groupIndex: groupIndex,
      jumpChange: jumpChange,
      togglePlay: togglePlay,
      selectRoute: selectRoute,
      settle: settle,
      settleSoon: settleSoon,
      relayout: layoutChrome,
      placeLabels: function () { if (labels) { labels.place(); } },
      tipExtra: function (k) {
        return root.TimeMapCompareView ? root.TimeMapCompareView.tipExtra(payload, current(), k)
          : null;
      },
      bands: function () { return {top: search.input.offsetHeight, bar: bar.offsetHeight}; },
      chromePadding: function () { return chromePadding(); }
    }, controller);

    // ---- the parts: the search bar, the table and legend on top, the time bar below, then
    // the layers. The bars come first in the page, so the keyboard meets them first.
    var bar = container.insertBefore(Dom.el("div", "tm-bar"), container.firstChild);
    var top = container.insertBefore(Dom.el("div", "tm-top"), bar);
    Dom.isolate(top);
    Dom.isolate(bar);
    var search = root.TimeMapLegendSearch.search(top, ctl);
    root.TimeMapTable.create(top, bar, ctl);
    var legend = root.TimeMapLegendSearch.legend(top, ctl);
    var timeBar = root.TimeMapTimeBar.create(bar, ctl);
    var areas = root.TimeMapAreas.create(ctl);
    var districts = root.TimeMapDistricts.create(ctl);
    root.TimeMapKeys.create(ctl, areas);
    root.TimeMapAnnounce.create(ctl);
    var routes = root.TimeMapRoutes.create(ctl);
    var labels = root.TimeMapLabels.create(ctl);
    if (root.TimeMapCompareView) {
      root.TimeMapCompareView.create(ctl, {bar: bar, legend: legend});
    }
    if (options.panel && root.TimeMapPanel) {
      root.TimeMapPanel.create(options.panel, payload, controller);
    }
    // On a phone the panel is off the screen: a summary of it stays in the time bar.
    if (root.TimeMapSheet) { root.TimeMapSheet.create(bar, ctl, options); }

    // ---- time
    var timer = null;

    function show(i) {
      state.index = Core.clampIndex(i, count);
      paint();
    }

    function step(delta) { show(state.index + delta); }

    function jumpChange(dir) {
      var i = Core.nextChange(weeks.changes, state.index, dir);
      if (i >= 0) { show(i); }
    }

    function togglePlay() {
      if (state.playing) { pause(); settle(); } else { resume(); }
    }

    /** Play: the next week every tick of the chosen speed, until the last week. */
    function resume() {
      if (state.index >= count - 1) { show(0); }
      state.playing = true;
      timeBar.showPlaying(true);
      var ms = timeBar.msPerWeek();
      var tick = function () {
        if (!state.playing) { return; }
        if (state.index >= count - 1) { pause(); settle(); return; }
        step(1);
        timer = setTimeout(tick, ms);
      };
      timer = setTimeout(tick, ms);
    }

    // ---- compare mode (week A pinned, the slider moves B) and the age map
    /** Compare with week `a` (an index; -1: stop comparing). The age map gives way. */
    function compareWith(a) {
      state.compare = a >= 0 ? Core.clampIndex(a, count) : -1;
      if (state.compare >= 0) { state.mode = "holder"; }
      state.messages = [];
      paint();
      settle();
    }

    function swapCompare() {
      if (state.compare < 0) { return; }
      var b = state.index;
      state.index = state.compare;
      state.compare = b;
      paint();
      settle();
    }

    /** Colour by holder ("holder") or by the age of the evidence ("age"; ends comparing). */
    function setMode(mode) {
      state.mode = mode === "age" ? "age" : "holder";
      if (state.mode === "age") { state.compare = -1; }
      paint();
      settle();
    }

    function pause() {
      if (!state.playing) { return; }
      state.playing = false;
      clearTimeout(timer);
      timeBar.showPlaying(false);
    }

    // ---- painting a week: the parts that change with it, then whoever listens
    function paint() {
      var i = state.index;
      areas.paint(i, chosenUnit(), {compare: state.compare, mode: state.mode});
      districts.paint(chosenGroup());
      routes.paint(i, state.route);
      timeBar.paint(i);
      var iso = weeks.dates[i];
      container.setAttribute("data-week", iso);
      state.paintedAt = performance.now();
      root.timeMapPainted = {date: iso, at: state.paintedAt};  // a hook for tests and benches
      if (options.hash) { writeHash(); }
      listeners.forEach(function (fn) { fn(current()); });
    }

    function current() {
      return {date: weeks.dates[state.index], area: state.area, route: state.route,
        index: state.index, playing: state.playing, compareIndex: state.compare,
        compare: state.compare >= 0 ? weeks.dates[state.compare] : null, mode: state.mode,
        lang: Strings.lang() !== (payload.defaultLang || "en") ? Strings.lang() : null};
    }

    // ---- selection: a unit, or a group of units
    /** The chosen unit's index, or -1 (none, or a group is chosen). */
    function chosenUnit() {
      var k = state.area === null ? undefined : areaIndex[state.area];
      return k === undefined ? -1 : k;
    }

    /** The chosen group's index, or -1. */
    function chosenGroup() {
      var g = state.area === null || areaIndex[state.area] !== undefined ? undefined
        : groupIndex[state.area];
      return g === undefined ? -1 : g;
    }

    function forgetUnit() {
      if (chosenUnit() >= 0) { areas.forget(chosenUnit()); }
    }

    function select(id, how) {
      how = how || {};
      forgetUnit();
      state.area = id && placeIndex[id] !== undefined ? id : null;
      state.route = null;
      forgetUnit();
      paint();
      if (how.zoom && state.area !== null) {
        viewTouched = true;
        if (chosenUnit() >= 0) { areas.zoomTo(chosenUnit()); } else {
          districts.zoomTo(chosenGroup());
        }
      }
      if (how.report) { report(); }
    }

    function selectRoute(id) {
      state.route = id;
      forgetUnit();
      state.area = null;
      paint();
      report();
    }

    // ---- commands from the host: a week or an area chosen in Python (the URL, a link)
    function command(cmd) {
      if (!cmd || cmd.token === state.token) { return; }
      state.token = cmd.token;
      if (cmd.date) { state.index = Core.frameIndex(weeks.dates, cmd.date); }
      state.compare = cmd.compare ? Core.frameIndex(weeks.dates, cmd.compare) : -1;
      state.mode = cmd.mode === "age" && state.compare < 0 ? "age" : "holder";
      select(cmd.area || null);
      if (cmd.route && routeIds[cmd.route] === true) {
        state.route = cmd.route;
        paint();
      }
    }

    // ---- the address (published file)
    var writeHash = Dom.debounce(function () {
      var hash = Address.formatHash(current());
      if (root.location.hash !== hash && root.history && root.history.replaceState) {
        try {
          root.history.replaceState(null, "", hash);
        } catch (e) {
          // a sandboxed frame may refuse: the view still works, only the address lags
        }
      }
    }, 100);

    function readHash() {
      var view = Address.openingView(root.location.hash,
        {date: payload.defaultDate, area: payload.defaultArea},
        {areas: placeIndex, routes: routeIds, first: weeks.dates[0], last: weeks.dates[count - 1]});
      state.index = Core.frameIndex(weeks.dates, view.date);
      state.area = view.area;
      state.route = view.route;
      state.compare = view.compare ? Core.frameIndex(weeks.dates, view.compare) : -1;
      state.mode = view.mode === "age" && state.compare < 0 ? "age" : "holder";
      state.messages = view.messages;
    }

    // ---- the view: the whole city, clear of the search bar, legend and time bar
    /** Leaflet's own controls sit between the top band and the time bar. */
    function layoutChrome() {
      // The top band is as tall as the search box; an open legend hangs down on the right.
      container.style.setProperty("--tm-top-h", search.input.offsetHeight + 8 + "px");
      container.style.setProperty("--tm-bar-h", bar.offsetHeight + "px");
    }

    /** The padding that keeps what is fitted clear of the search box, legend and time bar. */
    function chromePadding() {
      var legendW = legend.open && !Dom.isNarrow(container) ? legend.offsetWidth : null;
      return Draw.cityPadding(search.input.offsetHeight, legendW, bar.offsetHeight);
    }

    function fitCity() {
      layoutChrome();
      var bands = {top: search.input.offsetHeight + 8, bottom: bar.offsetHeight};
      if (root.TimeMapEmbed && root.TimeMapEmbed.fitCity(ctl, bands)) { return; }
      map.fitBounds(payload.bounds, chromePadding());
    }

    function resized() {
      map.invalidateSize();
      layoutChrome();
      if (!viewTouched) { fitCity(); }
      labels.place();
    }

    // ---- the opening view
    if (options.hash) {
      readHash();
      root.addEventListener("hashchange", function () {
        readHash();
        areas.forgetAll();
        paint();
      });
    } else {
      state.index = Core.frameIndex(weeks.dates, payload.defaultDate);
    }
    map.invalidateSize();
    fitCity();
    paint();
    labels.toggleAreaLabels();
    L.DomEvent.on(container, "mousedown touchstart wheel", function (e) {
      if (!top.contains(e.target) && !bar.contains(e.target)) { viewTouched = true; }
    });
    map.on("resize", function () { layoutChrome(); labels.place(); });
    if (root.ResizeObserver) {
      // The frame's size, and the bars' heights (width, fonts, the siege line), may change.
      var observer = new root.ResizeObserver(Dom.debounce(resized, 30));
      observer.observe(container);
      observer.observe(bar);
    }
    map.on("moveend", labels.place);
    if (root.TimeMapEmbed) {
      root.TimeMapEmbed.gestures(ctl);
      // The published file: the map's height on a phone or in a frame, told to the host.
      if (options.header) { root.TimeMapEmbed.page(ctl, options.header); }
    }

    return controller;
  }

  /** The published file: make the Leaflet map in `element` and start it, in the language
   * its address asks for (#lang=ar), else the file's own (export site --lang). */
  function site(element, panelElement, payload) {
    root.TimeMapEmbed.language(payload);
    var map = L.map(element, Access.mapOptions({zoomControl: true, preferCanvas: false},
      Access.reducedMotion(root)));
    return start(map, payload, {mode: "site", panel: panelElement, hash: true,
      header: document.querySelector(".tm-header"),
      stacked: function () { return root.innerWidth <= 720; }});
  }

  root.TimeMap = {start: start, site: site};
})(typeof self !== "undefined" ? self : this);
