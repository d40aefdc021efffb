// Unit tests of what the map draws and where (aleppo_map/web/timemap-draw.js), in Node.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Draw = require("../../aleppo_map/web/timemap-draw.js");

const LOOK = {
  unknownCode: "u", fills: {o: "#E69F00", oi: "url(#dots-o)", u: "#E6E6E6"},
  unknownOpacity: 0.5, fillOpacity: 0.78, border: "#fff",
  changed: {color: "#111", weight: 4}, selected: {color: "#000", weight: 3.5, dashArray: "6 4"},
  selectedChangedWeight: 5,
  routeStyles: {o: {color: "#333", weight: 4, dashArray: null}, c: {color: "#D55E00",
    weight: 4, dashArray: "1 8"}},
};

test("an inferred holding is drawn with the dotted fill, a changed area outlined", () => {
  assert.equal(Draw.pathStyle(LOOK, "o", "n", false, false).fillColor, "#E69F00");
  assert.equal(Draw.pathStyle(LOOK, "o", "i", false, false).fillColor, "url(#dots-o)");
  assert.equal(Draw.pathStyle(LOOK, "u", "i", false, false).fillColor, "#E6E6E6");
  assert.equal(Draw.pathStyle(LOOK, "u", "", false, false).fillOpacity, 0.5);
  assert.equal(Draw.pathStyle(LOOK, "o", "n", true, false).weight, 4);
  assert.equal(Draw.pathStyle(LOOK, "o", "n", true, true).weight, 5);
  assert.equal(Draw.pathStyle(LOOK, "o", "n", false, true).dashArray, "6 4");
  assert.equal(LOOK.selected.weight, 3.5, "the look is not changed");
});

test("a style's key holds everything the style depends on", () => {
  assert.equal(Draw.styleKey("o", "i", false, false), "oi");
  assert.equal(Draw.styleKey("o", "i", true, false), "oic");
  assert.equal(Draw.styleKey("o", "i", true, true), "oics");
  assert.equal(Draw.styleKey("g", "n", undefined, true), "gns");
});

// Four areas over four weeks: holders, evidence and the areas that changed hands.
const WEEKS = {
  holders: ["oogu", "oogu", "ogg", "oggo"].map((h) => h.padEnd(4, "u")),
  evidence: ["nnnn", "ninn", "ninn", "ninn"],
  changed: [[], [], [1], [3]],
};

test("a week restyles only the areas whose style changed", () => {
  const drawn = [];
  assert.deepEqual(Draw.restyles(drawn, WEEKS, 0, -1, 4).map((r) => r.k), [0, 1, 2, 3],
    "the first paint styles every area");
  assert.deepEqual(Draw.restyles(drawn, WEEKS, 0, -1, 4), [], "the same week: nothing");
  assert.deepEqual(Draw.restyles(drawn, WEEKS, 1, -1, 4).map((r) => r.k), [1],
    "only the evidence of area 1 changed");
  assert.deepEqual(Draw.restyles(drawn, WEEKS, 2, -1, 4),
    [{k: 1, holder: "g", evidence: "i", changed: true, selected: false}]);
  assert.deepEqual(Draw.restyles(drawn, WEEKS, 3, -1, 4).map((r) => r.k), [1, 3],
    "area 1 is no longer outlined, area 3 changed hands");
  assert.deepEqual(Draw.restyles(drawn, WEEKS, 3, 2, 4),
    [{k: 2, holder: "g", evidence: "n", changed: false, selected: true}], "a selection");
  drawn[0] = null;
  assert.deepEqual(Draw.restyles(drawn, WEEKS, 3, 2, 4).map((r) => r.k), [0],
    "a forgotten area is restyled");
});

test("restyling week after week draws what a fresh paint of each week would draw", () => {
  let seed = 7;
  const random = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const count = 30, weeks = {holders: [], evidence: [], changed: []};
  for (let i = 0; i < 60; i++) {
    let h = "", e = "";
    for (let k = 0; k < count; k++) { h += "ogcu"[random(4)]; e += "ni"[random(2)]; }
    weeks.holders.push(h);
    weeks.evidence.push(e);
    weeks.changed.push([random(count), random(count)]);
  }
  const drawn = [], shown = [];
  for (let step = 0; step < 200; step++) {
    const i = random(60), selected = random(count + 5) - 5;
    for (const r of Draw.restyles(drawn, weeks, i, selected, count)) {
      shown[r.k] = Draw.pathStyle(LOOK, r.holder, r.evidence, r.changed, r.selected);
    }
    const fresh = Draw.restyles([], weeks, i, selected, count);
    assert.equal(fresh.length, count);
    for (const r of fresh) {
      assert.deepEqual(shown[r.k], Draw.pathStyle(LOOK, r.holder, r.evidence, r.changed,
        r.selected), `week ${i}, area ${r.k}`);
    }
  }
});

test("a chosen route is drawn heavier; the look is not changed", () => {
  assert.deepEqual(Draw.routeStyle(LOOK, "c", false), LOOK.routeStyles.c);
  assert.equal(Draw.routeStyle(LOOK, "c", true).weight, 6);
  assert.equal(Draw.routeStyle(LOOK, "c", true).dashArray, "1 8");
  assert.equal(LOOK.routeStyles.c.weight, 4);
});

test("area names show zoomed in; opening, only districts and large areas in none", () => {
  assert.equal(Draw.unitLabelWanted(13, true, false, 10, 10, "al-Farafira"), true);
  assert.equal(Draw.unitLabelWanted(12.75, false, false, 500, 100, "al-Farafira"), false,
    "an area in a district: its district is named");
  assert.equal(Draw.unitLabelWanted(12.75, false, true, 500, 100, "Handarat"), true);
  assert.equal(Draw.unitLabelWanted(12.75, false, true, 40, 100, "Handarat"), false,
    "too narrow for its name");
  assert.equal(Draw.unitLabelWanted(12.75, false, true, 500, 20, "Handarat"), false);
  assert.equal(Draw.unitLabelWanted(12.75, true, true, 500, 100, "Handarat"), false,
    "a phone's opening view");
  assert.equal(Draw.districtLabelWanted(12, false, 5, 80), true);
  assert.equal(Draw.districtLabelWanted(12, true, 30, 80), false, "small on a phone");
  assert.equal(Draw.districtLabelWanted(12, true, 40, 80), true);
  assert.equal(Draw.districtLabelWanted(13, true, 5, 80), true);
});

test("labels are placed citadel first, then districts, landmarks, and areas largest first", () => {
  const items = [{kind: "unit", area: 10}, {kind: "landmark"}, {kind: "unit", area: 90},
    {kind: "district"}, {kind: "citadel"}, {kind: "district"}];
  assert.deepEqual(Draw.labelOrder(items), [4, 3, 5, 1, 2, 0]);
});

test("a district's outline is heavier than the areas' edges, lighter zoomed out", () => {
  const look = {district: {color: "#3D3D3D", weight: 2.5, opacity: 0.9},
    districtSelected: {color: "#000", weight: 4, dashArray: "6 4"}};
  assert.deepEqual(Draw.districtStyle(look, false, 13),
    {fill: false, interactive: false, color: "#3D3D3D", weight: 2.5, opacity: 0.9});
  assert.equal(Draw.districtStyle(look, false, 11).weight, 1.5);
  assert.equal(Draw.districtStyle(look, false, 12).weight, 1.7);
  assert.equal(Draw.districtStyle(look, true, 11).weight, 4, "the chosen one stays heavy");
  assert.equal(look.district.weight, 2.5, "the look is not changed");
  assert.deepEqual(Draw.featureBox({type: "MultiPolygon", coordinates: [
    [[[37.1, 36.2], [37.2, 36.2], [37.2, 36.3], [37.1, 36.2]]],
    [[[37.0, 36.1], [37.05, 36.1], [37.0, 36.15], [37.0, 36.1]]]]}),
  [[36.1, 37.0], [36.3, 37.2]]);
});

test("a crowded phone names only the citadel of the landmarks", () => {
  assert.equal(Draw.landmarkSides("gate", true, 12).length, 0);
  assert.equal(Draw.landmarkSides("citadel", true, 12).length, 4);
  assert.equal(Draw.landmarkSides("gate", true, 13).length, 4);
  assert.equal(Draw.landmarkSides("gate", false, 11).length, 4);
  assert.deepEqual(Draw.landmarkSides("gate", false, 11).map((s) => s[2]),
    ["right", "left", "above", "below"]);
});

test("a label's boxes on each side of its point, and the shift that puts it there", () => {
  const p = {x: 100, y: 50};
  const sides = Draw.landmarkSides("citadel", false, 12).concat(Draw.AREA_SIDES);
  assert.deepEqual(Draw.labelBoxes(p, 40, 10, sides), [
    [108, 45, 148, 55],   // right, centred on the point's height
    [52, 45, 92, 55],     // left
    [80, 28, 120, 38],    // above
    [80, 58, 120, 68],    // below
    [80, 45, 120, 55],    // centre
  ]);
  assert.equal(Draw.labelShift([52, 45, 92, 55], p), "translate(-48px,-5px)");
  assert.equal(Draw.labelShift([80.4, 44.6, 0, 0], p), "translate(-20px,-5px)");
  assert.deepEqual(Draw.labelBand({x: 800, y: 600}, 34, 90), [0, 42, 800, 510]);
});

test("labels take the first free side, stay inside the map, or are hidden", () => {
  const right = (x, y) => [x + 8, y - 8, x + 58, y + 8];
  const left = (x, y) => [x - 58, y - 8, x - 8, y + 8];
  const items = [
    {boxes: [right(100, 100), left(100, 100)]},
    {boxes: [right(105, 102), left(105, 102)]}, // overlaps the first on the right: goes left
    {boxes: [right(103, 101), left(103, 101)]}, // both sides taken: hidden
    {boxes: [right(380, 50), left(380, 50)]}, // the right side leaves the map: goes left
    {boxes: []}, // no side allowed (a crowded phone): hidden
  ];
  assert.deepEqual(Draw.placeLabels(items, 2, [0, 0, 400, 300]), [0, 1, -1, 1, -1]);
  assert.deepEqual(Draw.placeLabels([{boxes: [[0, 0, 10, 10]]}, {boxes: [[11, 0, 20, 10]]}],
    2), [0, -1], "the margin keeps labels apart");
  assert.deepEqual(Draw.placeLabels(items.slice(0, 2), 2, [0, 0, 400, 300],
    [[0, 80, 95, 120]]), [0, -1], "the legend and the buttons are taken already");
});

test("the city is fitted clear of the search box, the open legend, the zoom buttons, the bar", () => {
  assert.deepEqual(Draw.cityPadding(34, 230, 96),
    {paddingTopLeft: [50, 50], paddingBottomRight: [246, 104]});
  assert.deepEqual(Draw.cityPadding(34, null, 96),
    {paddingTopLeft: [50, 50], paddingBottomRight: [8, 104]});
  assert.deepEqual(Draw.cityPadding(34, 0, 96).paddingBottomRight, [16, 104]);
});
