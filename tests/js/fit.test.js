// Unit tests of how the city fills the map and the map its frame
// (aleppo_map/web/timemap-fit.js), in Node: the outline, the fit to the city's shape, the
// height a phone's map needs, the change marks' touch targets and the height messages.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const Fit = require("../../aleppo_map/web/timemap-fit.js");

const AREAS = path.resolve(__dirname, "..", "..", "geodata", "areas.geojson");

/** Web Mercator pixels at zoom 12 (what Leaflet's project gives), for [lng, lat] points. */
function mercator(points) {
  const scale = 256 * 2 ** 12;
  return points.map(([lng, lat]) => {
    const s = Math.sin((lat * Math.PI) / 180);
    return [((lng + 180) / 360) * scale,
      (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale];
  });
}

const inside = (poly, box) => poly.every(([x, y]) =>
  x >= box[0] - 1e-6 && x <= box[2] + 1e-6 && y >= box[1] - 1e-6 && y <= box[3] + 1e-6);

test("the outline is the convex hull: corners kept, inner points dropped", () => {
  const hull = Fit.hull([[0, 0], [4, 0], [2, 1], [4, 4], [0, 4], [2, 2], [1, 3]]);
  assert.equal(hull.length, 4);
  assert.deepEqual([...hull].sort(), [[0, 0], [0, 4], [4, 0], [4, 4]].sort());
});

test("a city alone in its box is drawn as large as the box allows, centred", () => {
  const square = [[0, 0], [10, 0], [10, 10], [0, 10]];
  const box = [0, 0, 212, 112];
  const best = Fit.bestFit(square, box, []);
  assert.ok(Math.abs(best.scale - (112 - 2 * Fit.MARGIN) / 10) < 1e-9, String(best.scale));
  const placed = Fit.placed(square, best.scale, best.box);
  assert.ok(inside(placed, box));
});

test("fitted to its shape, a diamond grows past a corner control a bounding box would avoid",
  () => {
    const diamond = [[50, 0], [100, 50], [50, 100], [0, 50]];
    const box = [0, 0, 400, 400];
    const zoom = [0, 0, 60, 60];  // a control in the top-left corner
    const best = Fit.bestFit(diamond, box, [zoom]);
    const placed = Fit.placed(diamond, best.scale, best.box);
    assert.ok(inside(placed, box));
    assert.ok(!Fit.overlaps(placed, zoom), "the city keeps clear of the control");
    // The bounding box of the same view would cover the control's corner: only the shape fits.
    const e = Fit.extent(placed);
    assert.ok(e[0] < zoom[2] && e[1] < zoom[3], `the city's box ${e} reaches the corner`);
    assert.ok(best.scale > 3.8, String(best.scale));
  });

test("a control in the way shrinks or moves the city, never overlaps it", () => {
  const square = [[0, 0], [10, 0], [10, 10], [0, 10]];
  const box = [0, 0, 300, 100];
  const legend = [200, 0, 300, 100];  // an open legend down the right side
  const best = Fit.bestFit(square, box, [legend]);
  const placed = Fit.placed(square, best.scale, best.box);
  assert.ok(!Fit.overlaps(placed, legend));
  assert.ok(inside(placed, box));
  assert.ok(best.scale > 8, "beside the legend there is room for nearly the full height");
});

test("the real city on a 390 px phone: a map taller than wide, the city across its width", () => {
  const outline = Fit.hull(mercator(Fit.featurePoints(JSON.parse(fs.readFileSync(AREAS)))));
  const e = Fit.extent(outline);
  const h = Fit.neededHeight(outline, 390, 48, 150, [], 320, 900);
  assert.ok(h > 320 && h < 900, String(h));
  const widest = (390 - 2 * Fit.MARGIN) / (e[2] - e[0]);
  const best = Fit.bestFit(outline, [0, 48, 390, h - 150], []);
  assert.ok(best.scale >= 0.97 * widest, "the city nearly fills the width");
  assert.ok(Fit.neededHeight(outline, 390, 48, 150, [], 320, h - 8) === h - 8,
    "with less room allowed, the most allowed");
});

test("the zoom is snapped down so the city still fits", () => {
  assert.equal(Fit.snappedZoom(12, 4, 0.25), 14);
  assert.equal(Fit.snappedZoom(12, 3.9, 0.25), 13.75);
  assert.ok(Math.abs(Fit.snappedZoom(12, 3, 0) - (12 + Math.log2(3))) < 1e-12);
});

test("change marks' touch targets never overlap their neighbours", () => {
  const lefts = [1, 2, 10, 50, 51.5];
  const widths = Fit.markWidths(lefts);
  assert.deepEqual(widths, [1, 1, 8, 1.5, 1.5]);
  for (let i = 1; i < lefts.length; i++) {
    assert.ok(lefts[i - 1] + widths[i - 1] / 2 <= lefts[i] - widths[i] / 2 + 1e-9);
  }
  assert.deepEqual(Fit.markWidths([40]), [100]);
});

test("the height goes out in pym.js's, AMP's and our own form", () => {
  const [pym, amp, ours] = Fit.heightMessages(812.2, "map1");
  assert.equal(pym, "pymxPYMxmap1xPYMxheightxPYMx813");
  assert.deepEqual(amp, {sentinel: "amp", type: "embed-size", height: 813});
  assert.deepEqual(ours, {type: "timemap-height", height: 813});
  assert.equal(Fit.heightMessages(500)[0], "pymxPYMxxPYMxheightxPYMx500");
});

test("only a pym.js parent's width message asks for the height", () => {
  assert.equal(Fit.pymWidthRequest("pymxPYMxmap1xPYMxwidthxPYMx600"), "map1");
  assert.equal(Fit.pymWidthRequest("pymxPYMxmap1xPYMxheightxPYMx600"), null);
  assert.equal(Fit.pymWidthRequest({type: "timemap-height"}), null);
  assert.equal(Fit.pymWidthRequest("hello"), null);
});

test("only embed.js's answer says the host follows the height", () => {
  assert.equal(Fit.isHostHello({type: "timemap-host"}), true);
  assert.equal(Fit.isHostHello({type: "timemap-height", height: 500}), false);
  assert.equal(Fit.isHostHello("timemap-host"), false);
  assert.equal(Fit.isHostHello(null), false);
});
