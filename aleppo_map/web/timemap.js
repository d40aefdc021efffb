/* The map in the browser: areas coloured week by week, the time bar, the area search, the
 * legend, the landmarks and routes, and (in the published file) the evidence panel and the
 * address. The Streamlit app and the one-file publication run this same file; Python hands
 * it one JSON payload (aleppo_map/web.py).
 *
 * Every text from the data is put in the page with textContent or as an attribute value,
 * never as HTML, so no quote, name or URL can run as markup. */
(function (root) {
  "use strict";
  var L = root.L;
  var Core = root.TimeMapCore;
  var SVG_NS = "http://www.w3.org/2000/svg";

  // ------------------------------------------------------------------ small DOM helpers

  var el = Core.el;

  function attrs(node, values) {
    Object.keys(values).forEach(function (k) { node.setAttribute(k, values[k]); });
    return node;
  }

  function svgEl(tag, values, parent) {
    var node = attrs(document.createElementNS(SVG_NS, tag), values);
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function debounce(fn, ms) {
    var timer = null;
    var run = function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { timer = null; fn.apply(null, args); }, ms);
    };
    run.cancel = function () { clearTimeout(timer); timer = null; };
    return run;
  }

  function isNarrow(container) {
    return container.clientWidth < 640;
  }

  /** Keep pointer and wheel events inside a control: a drag on the slider must not pan the
   * map, and a scroll in a list must not zoom it. */
  function isolate(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    L.DomEvent.on(node, "pointerdown touchstart mousedown dblclick contextmenu",
      L.DomEvent.stopPropagation);
  }

  // ------------------------------------------------------------------------ patterns

  /** SVG patterns in the map's renderer: the contested hatch and the inferred dots, over each
   * holder's colour. The legend draws its swatches with the same patterns. */
  function addPatterns(svg, look) {
    var defs = svg.querySelector("defs") || svgEl("defs", {});
    svg.insertBefore(defs, svg.firstChild);
    look.patterns.forEach(function (p) {
      var pattern = svgEl("pattern", {id: p.id, patternUnits: "userSpaceOnUse",
        width: p.size, height: p.size}, defs);
      if (p.rotate) { pattern.setAttribute("patternTransform", "rotate(" + p.rotate + ")"); }
      svgEl("rect", {width: p.size, height: p.size, fill: p.background}, pattern);
      if (p.stripe) {
        svgEl("rect", {width: p.stripe.width, height: p.size, fill: p.stripe.colour}, pattern);
      }
      (p.dots || []).forEach(function (d) {
        svgEl("circle", {cx: d[0], cy: d[1], r: p.dotRadius, fill: p.dotColour}, pattern);
      });
    });
  }

  function swatch(look, fill, outline) {
    var svg = svgEl("svg", {width: 22, height: 14, "aria-hidden": "true",
      "class": "tm-swatch"});
    svgEl("rect", {x: 0.5, y: 0.5, width: 21, height: 13, fill: fill,
      stroke: outline ? outline.color : "#777", "stroke-width": outline ? outline.weight : 1,
      "fill-opacity": 1}, svg);
    return svg;
  }

  function lineSwatch(style) {
    var svg = svgEl("svg", {width: 22, height: 14, "aria-hidden": "true",
      "class": "tm-swatch"});
    svgEl("line", {x1: 1, y1: 7, x2: 21, y2: 7, stroke: style.color,
      "stroke-width": Math.min(style.weight, 5), "stroke-dasharray": style.dashArray || "none",
      "stroke-linecap": "butt"}, svg);
    return svg;
  }

  // ------------------------------------------------------------------------ the map

  /**
   * Draw the payload on a Leaflet map and return its controller.
   *   options.mode: "app" (Streamlit: the panel is Python's) or "site" (the published file)
   *   options.onReport(state): called when the reader settles on a week or picks a place
   *   options.panel: an element to render the evidence panel into (site)
   *   options.hash: keep the view in location.hash (site)
   */
  function start(map, payload, options) {
    options = options || {};
    var look = payload.look;
    var weeks = payload.weeks;
    var count = weeks.dates.length;
    var container = map.getContainer();
    container.classList.add("tm-map");
    var state = {index: 0, area: null, route: null, playing: false, token: null,
      paintedAt: 0};
    var listeners = [];

    map.options.zoomSnap = 0.25;
    map.options.zoomDelta = 0.5;
    // Layers wait for the map's first view; the patterns need the renderer now.
    if (!map._loaded) { map.fitBounds(payload.bounds); }
    L.control.scale({imperial: false}).addTo(map);
    // Leaflet's default attribution prefix carries a national flag; a neutral map shows none.
    if (map.attributionControl) {
      map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    }

    // ---- chrome: the search bar and legend on top, the time bar below
    var top = el("div", "tm-top", null, container);
    var bar = el("div", "tm-bar", null, container);
    isolate(top);
    isolate(bar);
    var search = buildSearch(top);
    var legend = buildLegend(top);
    var timeBar = buildTimeBar(bar);

    // ---- areas
    var layers = [];
    var drawnKey = [];
    var areas = L.geoJson(payload.areas, {
      style: function () {
        return Core.pathStyle(look, look.unknownCode, "", false, false);
      }
    }).addTo(map);
    var index = {};
    payload.ids.forEach(function (id, k) { index[id] = k; });
    areas.eachLayer(function (layer) {
      var k = index[layer.feature.id];
      layers[k] = layer;
      layer.bindTooltip(function () { return tooltipFor(k); }, {sticky: true,
        direction: "top", className: "tm-tooltip"});
      layer.on("click", function () { select(payload.ids[k], {report: true}); });
    });
    addPatterns(map.getRenderer(areas)._container, look);

    function tooltipFor(k) {
      var holder = weeks.holders[state.index].charAt(k);
      var evidence = weeks.evidence[state.index].charAt(k);
      var box = el("div");
      el("b", "", payload.names[k], box);
      if (payload.namesAr[k]) { attrs(el("span", "tm-ar", " " + payload.namesAr[k], box), {dir: "rtl", lang: "ar"}); }
      el("div", "", look.holderLabels[holder], box);
      if (holder !== look.unknownCode && evidence) {
        el("div", "tm-tip-evidence", look.evidenceShort[evidence], box);
      }
      return box;
    }

    // ---- routes into the besieged part of the city, drawn by their state
    var routeLayers = {}, routeHits = {};
    var routes = payload.routes;
    if (routes && routes.ids.length) {
      var routeGroup = L.geoJson(payload.landmarks, {
        interactive: false,
        filter: function (f) { return routes.ids.indexOf(f.properties.id) >= 0; },
        style: function () { return look.routeStyles["-"]; }
      }).addTo(map);
      routeGroup.eachLayer(function (layer) {
        var id = layer.feature.properties.id;
        routeLayers[id] = layer;
        // A cut road is drawn as dots, which take a click only where a dot is: an unseen wide
        // line along it takes the clicks and the tooltip, for a mouse and a finger alike.
        var hit = L.polyline(layer.getLatLngs(), {opacity: 0, weight: 18}).addTo(map);
        routeHits[id] = hit;
        hit.bindTooltip(function () { return routeTooltip(id); }, {sticky: true,
          className: "tm-tooltip"});
        hit.on("click", function (e) {
          L.DomEvent.stop(e);
          selectRoute(id);
        });
      });
    }

    function routeState(id, i) {
      return routes.states[i].charAt(routes.ids.indexOf(id));
    }

    function routeTooltip(id) {
      var box = el("div");
      el("b", "", routes.names[routes.ids.indexOf(id)], box);
      el("div", "", look.routeLabels[routeState(id, state.index)], box);
      return box;
    }

    // ---- landmarks and labels
    var landmarkGroup = L.geoJson(payload.landmarks, {
      interactive: false,
      filter: function (f) { return !routes || routes.ids.indexOf(f.properties.id) < 0; },
      style: function (f) { return look.landmarkStyles[f.properties.style] || look.landmarkStyles.road; },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, {radius: 4, color: "#111", weight: 2, fillColor: "#fff",
          fillOpacity: 1, interactive: false});
      }
    }).addTo(map);
    var namedPoints = [];
    landmarkGroup.eachLayer(function (layer) {
      var f = layer.feature;
      if (f.geometry.type === "Point" && f.properties.label) {
        namedPoints.push({latlng: layer.getLatLng(), text: f.properties.name,
          kind: f.properties.kind});
      }
    });
    var landmarkLabels = L.layerGroup().addTo(map);
    var areaLabels = L.layerGroup();
    var labelsWanted = true;

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
     * below) or is hidden; area names (shown from zoom 13) give way to them. */
    function placeAllLabels() {
      var items = [];
      var markers = [];
      var offsets = [[8, -8, "right"], [-8, -8, "left"], [0, -22, "above"], [0, 8, "below"]];
      // On a phone, at the opening zoom, only the citadel is named: the city comes first.
      var crowded = isNarrow(container) && map.getZoom() < 13;
      if (map.hasLayer(landmarkLabels)) {
        landmarkLabels.eachLayer(function (m) {
          markers.push({m: m, sides: crowded && m.kind !== "citadel" ? [] : offsets});
        });
      }
      if (map.hasLayer(areaLabels)) {
        areaLabels.eachLayer(function (m) { markers.push({m: m, sides: [[0, 0, "centre"]]}); });
      }
      // Sizes are read once per label, all after all the writes: one layout, not one each
      // (with 2,000 areas, reading while writing cost seconds).
      var unmeasured = markers.filter(function (entry) { return !entry.m.tmSize; });
      unmeasured.forEach(function (entry) { entry.m.getElement().style.display = ""; });
      unmeasured.forEach(function (entry) {
        var span = entry.m.getElement().firstChild;
        entry.m.tmSize = [span.offsetWidth, span.offsetHeight];
      });
      markers.forEach(function (entry) {
        var w = entry.m.tmSize[0], h = entry.m.tmSize[1];
        var p = map.latLngToContainerPoint(entry.m.getLatLng());
        items.push({boxes: entry.sides.map(function (s) {
          var x0 = s[2] === "left" ? p.x + s[0] - w : s[2] === "right" ? p.x + s[0]
            : p.x - w / 2;
          var y0 = s[2] === "above" ? p.y + s[1] : s[2] === "below" ? p.y + s[1]
            : p.y - h / 2;
          return [x0, y0, x0 + w, y0 + h];
        })});
      });
      var size = map.getSize();
      var inside = [0, search.input.offsetHeight + 8, size.x, size.y - bar.offsetHeight];
      var chosen = Core.placeLabels(items, 2, inside);
      markers.forEach(function (entry, i) {
        var node = entry.m.getElement();
        var c = chosen[i];
        node.style.display = c < 0 ? "none" : "";
        if (c >= 0) {
          node.setAttribute("data-side", entry.sides[c][2]);
          var box = items[i].boxes[c];
          var p = map.latLngToContainerPoint(entry.m.getLatLng());
          node.firstChild.style.transform = "translate(" + Math.round(box[0] - p.x) + "px," +
            Math.round(box[1] - p.y) + "px)";
        }
      });
    }

    function toggleAreaLabels() {
      if (labelsWanted && map.getZoom() >= 13) { areaLabels.addTo(map); } else {
        map.removeLayer(areaLabels);
      }
      placeAllLabels();
    }
    map.on("zoomend", toggleAreaLabels);

    // ---- base layers
    var bases = {}, first = null;
    payload.basemaps.forEach(function (b) {
      var layer = b.url ? L.tileLayer(b.url, {attribution: b.attribution, maxZoom: 19})
        : L.layerGroup();
      bases[b.name] = layer;
      if (b.name === payload.defaultBasemap) { first = layer; }
    });
    (first || bases[Object.keys(bases)[0]]).addTo(map);
    var labelToggle = L.layerGroup();
    labelToggle.on("add", function () { labelsWanted = true; toggleAreaLabels(); });
    labelToggle.on("remove", function () { labelsWanted = false; toggleAreaLabels(); });
    labelToggle.addTo(map);
    var overlays = {"Landmarks": landmarkGroup, "Area labels (zoom in)": labelToggle};
    L.control.layers(bases, overlays, {collapsed: true, position: "bottomright"}).addTo(map);
    map.on("overlayadd overlayremove", function (e) {
      if (e.layer === landmarkGroup) {
        if (e.type === "overlayadd") { landmarkLabels.addTo(map); } else {
          map.removeLayer(landmarkLabels);
        }
      }
    });

    function buildSearch(parent) {
      var box = el("div", "tm-search", null, parent);
      var listId = "tm-search-list-" + Math.random().toString(36).slice(2, 8);
      var input = attrs(el("input", "tm-search-input", null, box), {
        type: "search", placeholder: "Find an area", "aria-label": "Find an area",
        role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
        "aria-controls": listId, autocomplete: "off", spellcheck: "false"});
      var list = attrs(el("ul", "tm-search-list", null, box), {id: listId, role: "listbox",
        "aria-label": "Areas found"});
      var searchIndex = Core.searchIndex(payload.ids, payload.names, payload.namesAr,
        payload.altNames);
      var hits = [], active = -1;

      function close() {
        list.textContent = "";
        hits = [];
        active = -1;
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
      }

      function show() {
        hits = Core.search(searchIndex, input.value, 8);
        list.textContent = "";
        active = hits.length ? 0 : -1;
        hits.forEach(function (hit, i) {
          var item = attrs(el("li", "tm-search-item", null, list), {role: "option",
            id: listId + "-" + i, "data-area": hit.entry.id});
          el("span", "tm-search-name", hit.entry.label, item);
          if (hit.entry.labelAr) {
            attrs(el("span", "tm-ar", hit.entry.labelAr, item), {dir: "rtl", lang: "ar"});
          }
          if (hit.matched && hit.matched !== hit.entry.label) {
            el("span", "tm-search-also", "also \u201c" + hit.matched + "\u201d", item);
          }
          item.addEventListener("mousedown", function (e) { e.preventDefault(); });
          item.addEventListener("click", function () { choose(i); });
        });
        if (input.value.trim() && !hits.length) {
          el("li", "tm-search-none", "No area of that name", list);
        }
        input.setAttribute("aria-expanded", hits.length ? "true" : "false");
        highlight();
      }

      function highlight() {
        Array.prototype.forEach.call(list.children, function (item, i) {
          item.setAttribute("aria-selected", i === active ? "true" : "false");
        });
        if (active >= 0) { input.setAttribute("aria-activedescendant", listId + "-" + active); }
      }

      function choose(i) {
        var hit = hits[i];
        if (!hit) { return; }
        input.value = hit.entry.label;
        close();
        select(hit.entry.id, {report: true, zoom: true});
      }

      input.addEventListener("input", show);
      input.addEventListener("focus", function () { if (input.value) { show(); } });
      input.addEventListener("blur", function () { setTimeout(close, 150); });
      input.addEventListener("keydown", function (e) {
        if (e.key === "ArrowDown" || e.key === "ArrowUp") {
          e.preventDefault();
          if (!hits.length) { show(); return; }
          active = (active + (e.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
          highlight();
        } else if (e.key === "Enter") {
          e.preventDefault();
          if (!hits.length) { show(); }
          choose(Math.max(active, 0));
        } else if (e.key === "Escape") {
          close();
        }
      });
      return {input: input, list: list};
    }

    function buildLegend(parent) {
      var details = el("details", "tm-legend", null, parent);
      var summary = el("summary", "", "Legend", details);
      attrs(summary, {"aria-label": "Legend: what the colours and patterns mean"});
      var body = el("div", "tm-legend-body", null, details);
      look.legend.forEach(function (entry) {
        var row = el("div", "tm-legend-row", null, body);
        if (entry.line) {
          row.appendChild(lineSwatch(entry.line));
        } else {
          row.appendChild(swatch(look, entry.fill, entry.outline));
        }
        el("span", "", entry.label, row);
      });
      el("div", "tm-legend-note", payload.boundaryNote, body);
      if (!isNarrow(container)) { details.open = true; }
      details.addEventListener("toggle", placeAllLabels);
      return details;
    }

    function buildTimeBar(parent) {
      var row = el("div", "tm-row", null, parent);
      var play = attrs(el("button", "tm-btn tm-play", null, row), {type: "button",
        "aria-label": "Play", "aria-pressed": "false"});
      var playGlyph = el("span", "", "\u25b6", play);
      var playWord = el("span", "tm-word", " Play", play);
      var speed = attrs(el("select", "tm-speed", null, row), {"aria-label": "Play speed"});
      Core.PLAY_SPEEDS.forEach(function (s, i) {
        var option = el("option", "", s.label, speed);
        option.value = String(i);
      });
      speed.value = "1";
      var buttons = el("span", "tm-steps", null, row);
      var stepDefs = [
        {glyph: "\u00ab", word: "change", label: "Previous change", go: function () { jumpChange(-1); }},
        {glyph: "\u2039", word: "week", label: "Previous week", go: function () { step(-1); }},
        {glyph: "\u203a", word: "week", label: "Next week", go: function () { step(1); }, after: true},
        {glyph: "\u00bb", word: "change", label: "Next change", go: function () { jumpChange(1); }, after: true}
      ];
      stepDefs.forEach(function (def) {
        var b = attrs(el("button", "tm-btn tm-step", null, buttons), {type: "button",
          "aria-label": def.label, title: def.label});
        // The glyph always shows; the word where there is room (not on a phone).
        var word = el("span", "tm-word", def.after ? def.word + " " : " " + def.word);
        var glyph = el("span", "", def.glyph);
        b.appendChild(def.after ? word : glyph);
        b.appendChild(def.after ? glyph : word);
        b.addEventListener("click", function () { pause(); def.go(); settle(); });
      });
      var when = el("div", "tm-when", null, row);
      var date = attrs(el("span", "tm-date", "", when), {"aria-live": "polite"});
      var changes = el("span", "tm-changes", "", when);

      var siege = el("button", "tm-siege", "", parent);
      attrs(siege, {type: "button"});
      siege.hidden = true;
      siege.addEventListener("click", function () {
        var s = routes.siege[state.index];
        if (s >= 0) { selectRoute(routes.siegeClaims[s].route); }
      });

      var track = el("div", "tm-track", null, parent);
      var strip = el("div", "tm-strip", null, track);
      var maxCount = Math.max.apply(null, weeks.changes.concat([1]));
      weeks.changes.forEach(function (n, i) {
        if (!n) { return; }
        var label = Core.weekLabel(weeks.dates[i]) + ": " + Core.changedHands(n);
        var mark = attrs(el("button", "tm-mark", null, strip), {type: "button",
          tabindex: "-1", "data-week": String(i), "aria-label": label, title: label});
        mark.style.left = (count > 1 ? (100 * i) / (count - 1) : 0) + "%";
        mark.style.height = (4 + Math.round(14 * Math.sqrt(n / maxCount))) + "px";
        mark.addEventListener("click", function () { pause(); show(i); settle(); });
      });
      var slider = attrs(el("input", "tm-slider", null, track), {type: "range", min: 0,
        max: count - 1, step: 1, value: 0, "aria-label": "Week"});
      var dragging = false;
      slider.addEventListener("pointerdown", function () { dragging = true; pause(); });
      slider.addEventListener("input", function () { show(+slider.value); });
      // Released: `change` where the browser sends it, else the pointer's release.
      var released = function () {
        if (dragging) { dragging = false; settle(); }
      };
      slider.addEventListener("change", function () { dragging = true; released(); });
      root.addEventListener("pointerup", released);
      root.addEventListener("pointercancel", released);
      slider.addEventListener("keydown", function (e) {
        var moves = {ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 13,
          PageDown: -13};
        if (e.key === " " || e.key === "Spacebar") {
          e.preventDefault();
          togglePlay();
        } else if (e.key in moves || e.key === "Home" || e.key === "End") {
          e.preventDefault();
          pause();
          var target = e.key === "Home" ? 0 : e.key === "End" ? count - 1
            : Core.clampIndex(state.index + moves[e.key], count);
          show(target);
          settleSoon();
        }
      });
      play.addEventListener("click", togglePlay);
      speed.addEventListener("change", function () {
        if (state.playing) { pause(); resume(); }
      });
      return {play: play, playGlyph: playGlyph, playWord: playWord, speed: speed, slider: slider, date: date, changes: changes,
        siege: siege, strip: strip, isDragging: function () { return dragging; }};
    }

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

    function resume() {
      if (state.index >= count - 1) { show(0); }
      state.playing = true;
      timeBar.playGlyph.textContent = "\u275a\u275a";
      timeBar.playWord.textContent = " Pause";
      attrs(timeBar.play, {"aria-label": "Pause", "aria-pressed": "true"});
      var ms = Core.PLAY_SPEEDS[+timeBar.speed.value].msPerWeek;
      var tick = function () {
        if (!state.playing) { return; }
        if (state.index >= count - 1) { pause(); settle(); return; }
        step(1);
        timer = setTimeout(tick, ms);
      };
      timer = setTimeout(tick, ms);
    }

    function pause() {
      if (!state.playing) { return; }
      state.playing = false;
      clearTimeout(timer);
      timeBar.playGlyph.textContent = "\u25b6";
      timeBar.playWord.textContent = " Play";
      attrs(timeBar.play, {"aria-label": "Play", "aria-pressed": "false"});
    }

    // ---- painting a week
    function paint() {
      var i = state.index;
      var holders = weeks.holders[i], evidence = weeks.evidence[i];
      var changed = {};
      weeks.changed[i].forEach(function (k) { changed[k] = true; });
      var selected = state.area === null ? -1 : index[state.area];
      for (var k = 0; k < layers.length; k++) {
        var layer = layers[k];
        if (!layer) { continue; }
        var h = holders.charAt(k), e = evidence.charAt(k);
        var key = h + e + (changed[k] ? "c" : "") + (k === selected ? "s" : "");
        if (drawnKey[k] === key) { continue; }
        drawnKey[k] = key;
        layer.setStyle(Core.pathStyle(look, h, e, !!changed[k], k === selected));
        if (changed[k] || k === selected) { layer.bringToFront(); }
        var path = layer._path;
        if (path) {
          path.setAttribute("data-area", payload.ids[k]);
          path.setAttribute("data-holder", look.holderNames[h]);
          path.setAttribute("data-evidence", h === look.unknownCode ? "" : look.evidenceNames[e] || "");
        }
      }
      if (routes) {
        Object.keys(routeLayers).forEach(function (id) {
          var s = routeState(id, i);
          var style = Core.assign({}, look.routeStyles[s]);
          if (id === state.route) { style.weight += 2; }
          routeLayers[id].setStyle(style);
          routeLayers[id].bringToFront();
          routeHits[id].bringToFront();
          if (routeLayers[id]._path) {
            routeLayers[id]._path.setAttribute("data-route", id);
            routeLayers[id]._path.setAttribute("data-state", look.routeNames[s] || "");
            routeHits[id]._path.setAttribute("data-route-hit", id);
          }
        });
      }
      var iso = weeks.dates[i];
      var slider = timeBar.slider;
      if (+slider.value !== i) { slider.value = String(i); }
      slider.setAttribute("aria-valuetext", "Week of " + Core.weekLabel(iso));
      timeBar.date.textContent = Core.weekLabel(iso);
      var n = weeks.changes[i];
      timeBar.changes.textContent = Core.changedHands(n);
      var s = routes ? routes.siege[i] : -1;
      if (timeBar.siege.hidden !== (s < 0)) {
        timeBar.siege.hidden = s < 0;
        layoutChrome();
      }
      if (s >= 0) {
        var claim = routes.siegeClaims[s];
        timeBar.siege.textContent = payload.siegeLabel + " since " + Core.shortDate(claim.date, true) +
          ": every route in is cut (" + claim.routeName + ", " + claim.outlet + ") \u2014 why?";
        timeBar.siege.title = "\u201c" + claim.quote + "\u201d \u2014 " + claim.outlet;
      }
      container.setAttribute("data-week", iso);
      state.paintedAt = performance.now();
      root.timeMapPainted = {date: iso, at: state.paintedAt};
      if (panel) { panel.render(); }
      if (options.hash) { writeHash(); }
      listeners.forEach(function (fn) { fn(current()); });
    }

    function current() {
      return {date: weeks.dates[state.index], area: state.area, route: state.route,
        index: state.index, playing: state.playing};
    }

    // ---- selection
    function select(id, how) {
      how = how || {};
      var previous = state.area;
      state.area = id && index[id] !== undefined ? id : null;
      state.route = null;
      if (previous !== null) { drawnKey[index[previous]] = null; }
      if (state.area !== null) { drawnKey[index[state.area]] = null; }
      paint();
      if (how.zoom && state.area !== null) {
        viewTouched = true;
        var layer = layers[index[state.area]];
        map.fitBounds(layer.getBounds(), {maxZoom: 14, padding: [60, 60]});
        layer.openTooltip(layer.getBounds().getCenter());
      }
      if (how.report) { report(); }
    }

    function selectRoute(id) {
      state.route = id;
      if (state.area !== null) { drawnKey[index[state.area]] = null; }
      state.area = null;
      paint();
      report();
    }

    // ---- telling the host (Streamlit) where the reader stopped
    var lastReported = null;

    function report() {
      var now = current();
      var key = now.date + "|" + now.area + "|" + now.route;
      if (key === lastReported) { return; }  // the host already knows
      lastReported = key;
      if (options.onReport) { options.onReport(now); }
    }
    var settleSoon = debounce(function () { report(); }, 250);

    function settle() {
      settleSoon.cancel();
      report();
    }

    // ---- commands from the host: a week or an area chosen in Python (the URL, a link)
    function command(cmd) {
      if (!cmd || cmd.token === state.token) { return; }
      state.token = cmd.token;
      if (cmd.date) { state.index = Core.frameIndex(weeks.dates, cmd.date); }
      select(cmd.area || null);
    }

    // ---- the address (published file)
    var writeHash = debounce(function () {
      var hash = Core.formatHash(weeks.dates[state.index], state.area);
      if (root.location.hash !== hash && root.history && root.history.replaceState) {
        try {
          root.history.replaceState(null, "", hash);
        } catch (e) {
          // a sandboxed frame may refuse: the view still works, only the address lags
        }
      }
    }, 100);

    function readHash() {
      var wanted = Core.parseHash(root.location.hash);
      var date = wanted.date || payload.defaultDate;
      state.index = Core.frameIndex(weeks.dates, date);
      var area = wanted.date || wanted.area ? wanted.area : payload.defaultArea;
      state.area = area && index[area] !== undefined ? area : null;
      return wanted;
    }

    // ---- the evidence panel (published file)
    var panel = options.panel && root.TimeMapPanel ?
      root.TimeMapPanel.create(options.panel, payload, current) : null;

    // ---- opening view: the whole city, clear of the search bar, legend and time bar
    /** Leaflet's own controls sit between the top band and the time bar. */
    function layoutChrome() {
      // The top band is as tall as the search box; an open legend hangs down on the right.
      container.style.setProperty("--tm-top-h", search.input.offsetHeight + 8 + "px");
      container.style.setProperty("--tm-bar-h", bar.offsetHeight + "px");
    }

    function fitCity() {
      layoutChrome();
      var topH = search.input.offsetHeight + 16;
      var rightW = legend.open && !isNarrow(container) ? legend.offsetWidth + 16 : 8;
      var leftW = 50;  // the zoom buttons
      map.fitBounds(payload.bounds, {paddingTopLeft: [leftW, topH],
        paddingBottomRight: [rightW, bar.offsetHeight + 8]});
    }

    if (options.hash) {
      readHash();
      root.addEventListener("hashchange", function () {
        readHash();
        Object.keys(drawnKey).forEach(function (k) { drawnKey[k] = null; });
        paint();
      });
    } else {
      state.index = Core.frameIndex(weeks.dates, payload.defaultDate);
    }
    map.invalidateSize();
    fitCity();
    paint();
    toggleAreaLabels();
    // Until the reader moves the map, it stays fitted to the city: the frame may get its
    // real size only after this script has run.
    var viewTouched = false;
    L.DomEvent.on(container, "mousedown touchstart wheel", function (e) {
      if (!top.contains(e.target) && !bar.contains(e.target)) { viewTouched = true; }
    });
    function resized() {
      map.invalidateSize();
      layoutChrome();
      if (!viewTouched) { fitCity(); }
      placeAllLabels();
    }
    map.on("resize", function () { layoutChrome(); placeAllLabels(); });
    if (root.ResizeObserver) {
      // The frame's size, and the bars' heights (width, fonts, the siege line), may change.
      var observer = new root.ResizeObserver(debounce(resized, 30));
      observer.observe(container);
      observer.observe(bar);
    }
    map.on("moveend", placeAllLabels);

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
      onPaint: function (fn) { listeners.push(fn); }
    };
    return controller;
  }

  /** The published file: make the Leaflet map in `element` and start it. */
  function site(element, panelElement, payload) {
    var map = L.map(element, {zoomControl: true, preferCanvas: false});
    return start(map, payload, {mode: "site", panel: panelElement, hash: true});
  }

  root.TimeMap = {start: start, site: site};
})(typeof self !== "undefined" ? self : this);
