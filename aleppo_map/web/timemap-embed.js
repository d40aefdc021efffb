/* The map in a page, a frame or a phone: how big the city is drawn and how the map meets the
 * page around it.
 *
 * - fitCity: the city fills the free part of the map, fitted to its shape (its outline kept
 *   clear of the zoom buttons, the layers button and the scale), not to its bounding box.
 * - mapHeight: on a phone, and in a frame, the map is as tall as the city needs at its width.
 * - heights: the published file in a frame tells the page around it its height, on load and
 *   whenever it changes, in three forms: pym.js ("pymxPYMx<id>xPYMxheightxPYMx<px>"), AMP
 *   ({sentinel: "amp", type: "embed-size", height}) and ours, {type: "timemap-height",
 *   height}. A pym.js parent's "width" message is answered with the height. The host script
 *   (embed.js) sets the frame's height from ours.
 * - gestures: on a touch screen one finger on the map scrolls the page and two fingers move
 *   and zoom the map (a hint says so); a finger on the Week slider gets a bubble above it with
 *   the week and its changes, which the finger would hide on the strip.
 * - language: the published file's language (its address's #lang=, else its own) and the
 *   header's "English | العربية" switch.
 */
(function (root) {
  "use strict";
  var L = root.L;
  var Core = root.TimeMapCore;
  var Address = root.TimeMapAddress;
  var Dom = root.TimeMapDom;
  var Fit = root.TimeMapFit;
  var Strings = root.TimeMapStrings;
  var el = Dom.el;
  var ZOOM0 = 12;  // the zoom the outline is projected at; only its proportions matter
  var CONTROLS = [".leaflet-control-zoom", ".leaflet-control-layers", ".leaflet-control-scale",
    ".leaflet-control-attribution"];

  /** The city's outline as [lng, lat] points: the convex hull of every area, made once. */
  function outline(ctl) {
    if (!ctl.outline) { ctl.outline = Fit.hull(Fit.featurePoints(ctl.payload.areas)); }
    return ctl.outline;
  }

  function projected(ctl) {
    return outline(ctl).map(function (p) {
      var q = ctl.map.project(L.latLng(p[1], p[0]), ZOOM0);
      return [q.x, q.y];
    });
  }

  /** What the city must keep clear of: Leaflet's controls and an open legend that hangs
   * over the map, each {rect, from}: a rect [x0, y0, x1, y1] in the map's own pixels, its y
   * counted from the top edge, or up from the bottom edge for a control at the bottom. */
  function anchoredControls(ctl, top) {
    var c = ctl.container.getBoundingClientRect();
    var found = [];
    var nodes = CONTROLS.map(function (s) { return ctl.container.querySelector(s); });
    nodes.push(ctl.container.querySelector(".tm-legend[open]"));
    nodes.forEach(function (node) {
      if (!node || !node.offsetWidth) { return; }
      var r = node.getBoundingClientRect();
      if (r.bottom - c.top <= top) { return; }  // inside the top band
      if (node.closest(".leaflet-bottom")) {
        found.push({from: "bottom", rect: [r.left - c.left, c.bottom - r.top, r.right - c.left,
          c.bottom - r.bottom]});
      } else {
        found.push({from: "top", rect: [r.left - c.left, r.top - c.top, r.right - c.left,
          r.bottom - c.top]});
      }
    });
    return found;
  }

  function obstacles(ctl, top) {
    var h = ctl.container.clientHeight;
    return anchoredControls(ctl, top).map(function (a) {
      var r = a.rect;
      return a.from === "bottom" ? [r[0], h - r[1], r[2], h - r[3]] : r;
    });
  }

  /** Fit the city between `bands.top` and `bands.bottom` px of the map; false if it cannot
   * (a map with no size yet), and the caller fits the bounds instead. */
  function fitCity(ctl, bands) {
    var map = ctl.map, size = map.getSize();
    var points = projected(ctl);
    var best = Fit.bestFit(points, [0, bands.top, size.x, size.y - bands.bottom],
      obstacles(ctl, bands.top));
    if (!(best.scale > 0) || !isFinite(best.scale)) { return false; }
    var zoom = Fit.snappedZoom(ZOOM0, best.scale, map.options.zoomSnap);
    zoom = Math.max(map.getMinZoom(), Math.min(map.getMaxZoom(), zoom));
    var e = Fit.extent(points), box = best.box;
    var middle = map.unproject(L.point((e[0] + e[2]) / 2, (e[1] + e[3]) / 2), ZOOM0);
    var boxMiddle = L.point((box[0] + box[2]) / 2, (box[1] + box[3]) / 2);
    var centre = map.project(middle, zoom).add(size.divideBy(2)).subtract(boxMiddle);
    map.setView(map.unproject(centre, zoom), zoom, {animate: false});
    return true;
  }

  /** How tall the map should be at `width`: the city nearly across it, clear of the
   * controls, with the top band and the time bar (which holds the summary sheet on a
   * phone); between `least` and `most` px. */
  function shapeHeight(ctl, width, least, most) {
    var bar = ctl.container.querySelector(".tm-bar");
    var top = ctl.container.querySelector(".tm-top");
    var topH = top ? top.offsetHeight + 8 : 0;
    return Fit.neededHeight(projected(ctl), width, topH, bar ? bar.offsetHeight : 0,
      anchoredControls(ctl, topH), least, most);
  }

  // ------------------------------------------------------------------ the published file

  /** The page's own words (publish.py: page_words) in the language in use: its title, the
   * header's line, the names of the map and the panel, the skip link. */
  function pageWords(doc, words) {
    if (!words) { return; }
    doc.title = words.title;
    [[".tm-header h1", "title"], [".tm-header .tm-sub", "subtitle"], [".tm-skip", "skip"]]
      .forEach(function (w) {
        var node = doc.querySelector(w[0]);
        if (node) { node.textContent = words[w[1]]; }
      });
    [["tm-map", "map"], ["tm-panel", "panel"]].forEach(function (w) {
      var node = doc.getElementById(w[0]);
      if (node) { node.setAttribute("aria-label", words[w[1]]); }
    });
  }

  /** The published file's words in the language its address asks for (#lang=ar), else the
   * file's own (export site --lang); the header's switch reloads it in the other, keeping
   * the view. Before the map is drawn. */
  function language(payload) {
    var lang = Address.parseHash(root.location.hash).lang || payload.defaultLang || "en";
    Strings.setup(payload, lang, root.document);
    pageWords(root.document, (payload.pageWords || {})[Strings.lang()]);
    Strings.switcher(root.document, function (chosen) {
      var view = Address.parseHash(root.location.hash);
      view.date = view.date || payload.defaultDate;
      view.lang = chosen;
      root.location.hash = Address.formatHash(view);
      root.location.reload();
    });
  }

  /** The published file: a phone's map, or a framed page's, is as tall as the city needs;
   * a framed page tells its host its height. `header`: the page's header. */
  function page(ctl, header) {
    var html = document.documentElement;
    var framed = false;
    try { framed = root.self !== root.top; } catch (e) { framed = true; }
    var pymId = (/[?&]childId=([^&#]*)/.exec(root.location.search) || [])[1] || "";
    var last = null;
    var followed = false;  // the framing page sets our height: embed.js said so, or pym.js asks

    function sizeMap() {
      var fit = html.classList.contains("tm-fit");
      var narrow = root.innerWidth <= 720;
      if (!fit && !narrow) { html.style.removeProperty("--tm-map-h"); return; }
      var box = ctl.container.parentNode;
      var room = root.innerHeight - header.offsetHeight;
      // In a frame whose page does not follow our height (no embed.js, pym.js parent), the
      // map and its time bar stay within the frame's own height.
      // Never so low that the bars leave the city no room (Leaflet cannot fit it in less).
      var bands = ["tm-top", "tm-bar"].reduce(function (sum, name) {
        var node = ctl.container.querySelector("." + name);
        return sum + (node ? node.offsetHeight : 0);
      }, 0);
      var floor = bands + 160;
      var most = fit ? (followed ? 900 : Math.max(floor, room)) : Math.max(320, room);
      var h = shapeHeight(ctl, box.clientWidth, Math.min(fit && !narrow ? 420 : 320, most),
        most);
      html.style.setProperty("--tm-map-h", h + "px");
    }

    function post(always) {
      if (!framed) { return; }
      var h = Math.ceil(document.body.getBoundingClientRect().height);
      if (!always && h === last) { return; }
      last = h;
      Fit.heightMessages(h, pymId).forEach(function (m) { root.parent.postMessage(m, "*"); });
    }

    var soon = Dom.debounce(function () { sizeMap(); post(false); }, 30);
    root.addEventListener("resize", soon);
    root.addEventListener("message", function (event) {
      if (event.source !== root.parent) { return; }
      var asked = Fit.pymWidthRequest(event.data);
      var host = Fit.isHostHello(event.data);
      if (asked !== null) { pymId = asked; }
      if ((asked !== null || host) && !followed) {
        followed = true;
        sizeMap();
      }
      if (asked !== null || host) { post(asked !== null); }
    });
    if (root.ResizeObserver) {
      var observer = new root.ResizeObserver(soon);
      observer.observe(document.body);
      var bar = ctl.container.querySelector(".tm-bar");
      if (bar) { observer.observe(bar); }
    }
    sizeMap();
    post(true);
    return {sizeMap: sizeMap, post: post};
  }

  // ------------------------------------------------------------------ touch

  function touchOnly() {
    return !!(root.matchMedia && root.matchMedia("(hover: none) and (pointer: coarse)").matches);
  }

  /** One finger scrolls the page, two move the map; the slider shows its week above the
   * finger. On touch screens only: a mouse still drags the map. */
  function gestures(ctl) {
    if (!touchOnly()) { return; }
    var map = ctl.map, container = ctl.container;
    if (map.dragging) { map.dragging.disable(); }
    var hint = el("div", "tm-gesture-hint", Strings.TEXT.twoFingers, container);
    hint.hidden = true;
    var hide = Dom.debounce(function () { hint.hidden = true; }, 1500);
    var bands = [".tm-top", ".tm-bar"].map(function (s) { return container.querySelector(s); });
    container.addEventListener("touchmove", function (e) {
      var inBand = bands.some(function (b) { return b && b.contains(e.target); });
      if (e.touches.length === 1 && !inBand) { hint.hidden = false; hide(); }
    }, {passive: true});
    container.addEventListener("touchstart", function (e) {
      if (e.touches.length > 1) { hint.hidden = true; }
    }, {passive: true});
    bubble(ctl);
  }

  /** While a finger drags the Week slider: the week and its count of changes above it. */
  function bubble(ctl) {
    var slider = ctl.container.querySelector("input.tm-slider");
    if (!slider) { return; }
    var tip = el("div", "tm-bubble", "", slider.parentNode);
    tip.hidden = true;
    var weeks = ctl.payload.weeks, count = weeks.dates.length;

    function place(state) {
      if (tip.hidden) { return; }
      tip.textContent = Core.weekLabel(weeks.dates[state.index]) + " \u00b7 " +
        Core.changedHands(weeks.changes[state.index]);
      var frac = count > 1 ? state.index / (count - 1) : 0;
      if (root.getComputedStyle(slider).direction === "rtl") { frac = 1 - frac; }
      var half = 22;  // the touch thumb's half width (timemap.css)
      var x = half + (slider.offsetWidth - 2 * half) * frac;
      var w = tip.offsetWidth;
      tip.style.left = Math.max(0, Math.min(slider.offsetWidth - w, x - w / 2)) + "px";
    }

    slider.addEventListener("pointerdown", function (e) {
      if (e.pointerType !== "touch") { return; }
      tip.hidden = false;
      place(ctl.state());
    });
    var gone = function () { tip.hidden = true; };
    root.addEventListener("pointerup", gone);
    root.addEventListener("pointercancel", gone);
    ctl.onPaint(place);
  }

  root.TimeMapEmbed = {fitCity: fitCity, shapeHeight: shapeHeight, page: page,
    gestures: gestures, language: language};
})(typeof self !== "undefined" ? self : this);
