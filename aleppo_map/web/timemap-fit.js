/* How the city fills the map and the map its frame, without a browser: the city's outline (the
 * convex hull of every area's points), the largest view of that outline that fits the free
 * part of the map while keeping clear of the map's controls (fitted to the city's shape, not
 * to its bounding box), the height a map needs to show the city at its width, how wide each
 * change mark's touch target may be, and the messages that tell a framing page the height.
 * timemap-embed.js uses it in the browser, tests/js in Node. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.TimeMapFit = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var MARGIN = 6;  // px kept between the city and the edge of the free box or a control
  var MARK_TARGET = 24;  // px: the widest a change mark's touch target gets (WCAG 2.5.8)
  // Our own height message, {type: HEIGHT_MESSAGE, height: px}: what embed.js reads.
  var HEIGHT_MESSAGE = "timemap-height";
  var PYM = "xPYMx";  // pym.js's separator
  // embed.js's answer to our height: the page follows it, so the map may grow past the frame.
  var HOST_HELLO = "timemap-host";

  function cross(o, a, b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  }

  /** The convex hull of [x, y] points, counter-clockwise (monotone chain). */
  function hull(points) {
    var pts = points.slice().sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    if (pts.length < 3) { return pts; }
    var lower = [], upper = [];
    pts.forEach(function (p) {
      while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) {
        lower.pop();
      }
      lower.push(p);
    });
    for (var i = pts.length - 1; i >= 0; i--) {
      var p = pts[i];
      while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) {
        upper.pop();
      }
      upper.push(p);
    }
    return lower.slice(0, -1).concat(upper.slice(0, -1));
  }

  /** Every [lng, lat] of a GeoJSON FeatureCollection of (multi)polygons. */
  function featurePoints(collection) {
    var out = [];
    collection.features.forEach(function (f) {
      var g = f.geometry;
      var polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      polygons.forEach(function (rings) {
        rings[0].forEach(function (c) { out.push([c[0], c[1]]); });
      });
    });
    return out;
  }

  function extent(points) {
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    points.forEach(function (p) {
      box[0] = Math.min(box[0], p[0]); box[1] = Math.min(box[1], p[1]);
      box[2] = Math.max(box[2], p[0]); box[3] = Math.max(box[3], p[1]);
    });
    return box;
  }

  /** Whether a convex polygon and a rectangle [x0, y0, x1, y1] overlap (separating axes). */
  function overlaps(polygon, rect) {
    var corners = [[rect[0], rect[1]], [rect[2], rect[1]], [rect[2], rect[3]], [rect[0], rect[3]]];
    var axes = [[1, 0], [0, 1]];
    for (var i = 0; i < polygon.length; i++) {
      var a = polygon[i], b = polygon[(i + 1) % polygon.length];
      axes.push([a[1] - b[1], b[0] - a[0]]);
    }
    return axes.every(function (axis) {
      var p = span(polygon, axis), r = span(corners, axis);
      return p[0] < r[1] && r[0] < p[1];
    });
  }

  function span(points, axis) {
    var lo = Infinity, hi = -Infinity;
    points.forEach(function (p) {
      var d = p[0] * axis[0] + p[1] * axis[1];
      lo = Math.min(lo, d); hi = Math.max(hi, d);
    });
    return [lo, hi];
  }

  /** `outline` (pixel points at some zoom) scaled by `f` about its centre and centred in
   * `box` [x0, y0, x1, y1]. */
  function placed(outline, f, box) {
    var e = extent(outline);
    var cx = (e[0] + e[2]) / 2, cy = (e[1] + e[3]) / 2;
    var bx = (box[0] + box[2]) / 2, by = (box[1] + box[3]) / 2;
    return outline.map(function (p) { return [bx + (p[0] - cx) * f, by + (p[1] - cy) * f]; });
  }

  function clear(polygon, obstacles) {
    return obstacles.every(function (o) {
      return !overlaps(polygon, [o[0] - MARGIN, o[1] - MARGIN, o[2] + MARGIN, o[3] + MARGIN]);
    });
  }

  /** The largest scale `f` at which `outline` (pixel points, convex) centred in `box` fits
   * inside it and clear of every obstacle rectangle; 0 when none fits. */
  function fitScale(outline, box, obstacles) {
    var e = extent(outline);
    var w = Math.max(e[2] - e[0], 1e-9), h = Math.max(e[3] - e[1], 1e-9);
    var most = Math.min((box[2] - box[0] - 2 * MARGIN) / w, (box[3] - box[1] - 2 * MARGIN) / h);
    if (!(most > 0)) { return 0; }
    if (clear(placed(outline, most, box), obstacles)) { return most; }
    var lo = 0, hi = most;
    for (var i = 0; i < 24; i++) {
      var mid = (lo + hi) / 2;
      if (clear(placed(outline, mid, box), obstacles)) { lo = mid; } else { hi = mid; }
    }
    return lo;
  }

  /** The best view of `outline` in `box` clear of the obstacles: the largest scale at which
   * it fits centred in the box, or beside (left, right, above or below) one of the obstacles
   * when that leaves more room (an open legend on the right pushes the city left).
   * Returns {scale, box}: the box the outline is centred in. */
  function bestFit(outline, box, obstacles) {
    var boxes = [box];
    obstacles.forEach(function (o) {
      boxes.push([box[0], box[1], Math.min(box[2], o[0]), box[3]]);
      boxes.push([Math.max(box[0], o[2]), box[1], box[2], box[3]]);
      boxes.push([box[0], box[1], box[2], Math.min(box[3], o[1])]);
      boxes.push([box[0], Math.max(box[1], o[3]), box[2], box[3]]);
    });
    var best = {scale: 0, box: box};
    boxes.forEach(function (b) {
      if (b[2] - b[0] <= 2 * MARGIN || b[3] - b[1] <= 2 * MARGIN) { return; }
      var f = fitScale(outline, b, obstacles);
      if (f > best.scale * 1.001) { best = {scale: f, box: b}; }
    });
    return best;
  }

  /** The least height (between `least` and `most`, in steps of 8 px) a map `width` px wide
   * needs to show `outline` nearly as wide as it can (97 %), with `top` and `bottom` px of
   * bars and the controls `anchored` to its top or bottom edge: [{rect, from}], where a
   * rect anchored to the bottom counts its y from the bottom edge up. */
  function neededHeight(outline, width, top, bottom, anchored, least, most) {
    var e = extent(outline);
    var widest = (width - 2 * MARGIN) / Math.max(e[2] - e[0], 1e-9);
    for (var h = least; h < most; h += 8) {
      var obstacles = anchored.map(function (a) {
        var r = a.rect;
        return a.from === "bottom" ? [r[0], h - r[1], r[2], h - r[3]] : r;
      });
      if (bestFit(outline, [0, top, width, h - bottom], obstacles).scale >= 0.97 * widest) {
        return h;
      }
    }
    return most;
  }

  /** The zoom (a multiple of `snap`) at which the city fits: `outline` is projected at
   * `zoom0`, `f` the scale fitScale found. */
  function snappedZoom(zoom0, f, snap) {
    var z = zoom0 + Math.log(f) / Math.LN2;
    return snap ? Math.floor(z / snap + 1e-9) * snap : z;
  }

  /** Each change mark's touch target, in % of the strip: as wide as the room to its nearest
   * neighbour allows (they never overlap), capped by the caller at MARK_TARGET px. `lefts`
   * are the marks' positions in %, in order. */
  function markWidths(lefts) {
    return lefts.map(function (x, i) {
      var before = i > 0 ? x - lefts[i - 1] : Infinity;
      var after = i < lefts.length - 1 ? lefts[i + 1] - x : Infinity;
      var room = Math.min(before, after);
      return room === Infinity ? 100 : room;
    });
  }

  /** The messages that tell the page framing the map its height `h` (px, rounded up): pym.js's
   * string for the child `pymId`, AMP's embed-size object and ours. */
  function heightMessages(h, pymId) {
    var px = Math.ceil(h);
    return [["pym", pymId || "", "height", String(px)].join(PYM),
      {sentinel: "amp", type: "embed-size", height: px},
      {type: HEIGHT_MESSAGE, height: px}];
  }

  /** The child id a pym.js parent's "width" message names (it then wants the height), or
   * null for any other message. */
  function pymWidthRequest(data) {
    if (typeof data !== "string") { return null; }
    var parts = data.split(PYM);
    return parts.length === 4 && parts[0] === "pym" && parts[2] === "width" ? parts[1] : null;
  }

  /** Whether `data` is the host script's word that it sets the frame's height
   * ({type: HOST_HELLO}, embed.js). */
  function isHostHello(data) {
    return !!data && typeof data === "object" && data.type === HOST_HELLO;
  }

  return {
    MARGIN: MARGIN,
    HOST_HELLO: HOST_HELLO,
    isHostHello: isHostHello,
    HEIGHT_MESSAGE: HEIGHT_MESSAGE,
    heightMessages: heightMessages,
    pymWidthRequest: pymWidthRequest,
    MARK_TARGET: MARK_TARGET,
    hull: hull,
    featurePoints: featurePoints,
    extent: extent,
    overlaps: overlaps,
    placed: placed,
    fitScale: fitScale,
    bestFit: bestFit,
    neededHeight: neededHeight,
    snappedZoom: snappedZoom,
    markWidths: markWidths
  };
});
