/* What the map draws and where, without a browser: the style of an area or a route in a week,
 * which areas a new week restyles, where the labels go, and the padding that fits the city
 * between the map's bars. The map's modules (timemap*.js) use it in the browser, tests/js in
 * Node; the page itself is touched only by those modules. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.TimeMapDraw = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // Area names are shown from this zoom on; below it, on a phone, only the citadel is named.
  var AREA_LABEL_ZOOM = 13;
  // Where a landmark's label may go, in order of preference: [dx, dy, side] from its point.
  var LANDMARK_SIDES = [[8, -8, "right"], [-8, -8, "left"], [0, -22, "above"], [0, 8, "below"]];
  // An area's name sits on its label point or not at all.
  var AREA_SIDES = [[0, 0, "centre"]];
  var LABEL_MARGIN = 2;  // px kept free around each label

  function assign(target, source) {
    Object.keys(source).forEach(function (k) { target[k] = source[k]; });
    return target;
  }

  // ------------------------------------------------------------------------ styles

  /** The Leaflet path style of an area in a week. `holder` and `evidence` are one-letter
   * codes; `look` is the payload's style table. */
  function pathStyle(look, holder, evidence, changed, selected) {
    var inferred = evidence === "i" && holder !== look.unknownCode;
    var fill = look.fills[holder + (inferred ? "i" : "")] || look.fills[holder];
    var style = {
      fillColor: fill,
      fillOpacity: holder === look.unknownCode ? look.unknownOpacity : look.fillOpacity,
      // unknown areas keep a grey edge: their pale fill alone is close to the background
      color: holder === look.unknownCode && look.unknownBorder ? look.unknownBorder : look.border,
      weight: 1, opacity: 1, dashArray: null
    };
    if (changed) { assign(style, look.changed); }
    if (selected) {
      assign(style, look.selected);
      if (changed) { style.weight = look.selectedChangedWeight; }
    }
    return style;
  }

  /** Everything an area's style depends on, as a short key: equal keys, equal styles. */
  function styleKey(holder, evidence, changed, selected) {
    return holder + evidence + (changed ? "c" : "") + (selected ? "s" : "");
  }

  /** The areas whose style differs in week `i` from the one drawn, so a scrub restyles only
   * those: [{k, holder, evidence, changed, selected}]. `drawn` (area -> key, null to force a
   * restyle) is updated to the new keys; `count` areas; `selected` is an area index or -1. */
  function restyles(drawn, weeks, i, selected, count) {
    var holders = weeks.holders[i], evidence = weeks.evidence[i];
    var changed = {};
    weeks.changed[i].forEach(function (k) { changed[k] = true; });
    var out = [];
    for (var k = 0; k < count; k++) {
      var h = holders.charAt(k), e = evidence.charAt(k);
      var key = styleKey(h, e, changed[k], k === selected);
      if (drawn[k] === key) { continue; }
      drawn[k] = key;
      out.push({k: k, holder: h, evidence: e, changed: !!changed[k], selected: k === selected});
    }
    return out;
  }

  /** A route's style in a state ("o" open, "f" under fire, "c" cut…), heavier when chosen. */
  function routeStyle(look, state, chosen) {
    var style = assign({}, look.routeStyles[state]);
    if (chosen) { style.weight += 2; }
    return style;
  }

  // ------------------------------------------------------------------------ labels

  /** Whether area names are on the map: the reader wants them and the map is zoomed in. */
  function areaLabelsShown(wanted, zoom) {
    return wanted && zoom >= AREA_LABEL_ZOOM;
  }

  /** The sides a landmark's label may take: none but the citadel's on a crowded map (a phone
   * at the opening zoom, where the city comes first). */
  function landmarkSides(kind, narrow, zoom) {
    return narrow && zoom < AREA_LABEL_ZOOM && kind !== "citadel" ? [] : LANDMARK_SIDES;
  }

  /** The box [x0, y0, x1, y1] a `w`×`h` label takes on each side of its point `p` ({x, y}). */
  function labelBoxes(p, w, h, sides) {
    return sides.map(function (s) {
      var x0 = s[2] === "left" ? p.x + s[0] - w : s[2] === "right" ? p.x + s[0] : p.x - w / 2;
      var y0 = s[2] === "above" || s[2] === "below" ? p.y + s[1] : p.y - h / 2;
      return [x0, y0, x0 + w, y0 + h];
    });
  }

  /** The CSS transform that puts a label's text in `box`, from its point `p`. */
  function labelShift(box, p) {
    return "translate(" + Math.round(box[0] - p.x) + "px," + Math.round(box[1] - p.y) + "px)";
  }

  /** Where labels may go on a map of `size` ({x, y}): below the top band (`topH` px) and above
   * the time bar (`barH` px). */
  function labelBand(size, topH, barH) {
    return [0, topH + 8, size.x, size.y - barH];
  }

  /** Greedy label placement: each label (in priority order) takes the first of its candidate
   * boxes that overlaps no placed box; a label with none left is hidden (-1).
   * items: [{boxes: [[x0, y0, x1, y1], ...]}]; `within` [x0, y0, x1, y1] keeps labels inside
   * the visible map. Returns the chosen candidate per item. */
  function placeLabels(items, margin, within) {
    var placed = [], pad = margin || 0;
    return items.map(function (item) {
      for (var c = 0; c < item.boxes.length; c++) {
        var b = item.boxes[c];
        if (within && (b[0] < within[0] || b[1] < within[1] || b[2] > within[2] ||
            b[3] > within[3])) {
          continue;  // a label cut by the frame's edge or hidden under a bar
        }
        var free = placed.every(function (p) {
          return b[2] + pad <= p[0] || p[2] + pad <= b[0] || b[3] + pad <= p[1] ||
            p[3] + pad <= b[1];
        });
        if (free) { placed.push(b); return c; }
      }
      return -1;
    });
  }

  // ------------------------------------------------------------------ the opening view

  /** The padding that fits the city between the map's chrome: the search box's height
   * (`topH`), the legend's width when it is open on a wide map (`legendW`, else null), the
   * zoom buttons on the left and the time bar's height (`barH`). */
  function cityPadding(topH, legendW, barH) {
    return {paddingTopLeft: [50, topH + 16],
      paddingBottomRight: [legendW === null ? 8 : legendW + 16, barH + 8]};
  }

  return {
    AREA_LABEL_ZOOM: AREA_LABEL_ZOOM,
    AREA_SIDES: AREA_SIDES,
    LABEL_MARGIN: LABEL_MARGIN,
    assign: assign,
    pathStyle: pathStyle,
    styleKey: styleKey,
    restyles: restyles,
    routeStyle: routeStyle,
    areaLabelsShown: areaLabelsShown,
    landmarkSides: landmarkSides,
    labelBoxes: labelBoxes,
    labelShift: labelShift,
    labelBand: labelBand,
    placeLabels: placeLabels,
    cityPadding: cityPadding
  };
});
