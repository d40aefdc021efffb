// The map for everyone, without a browser (aleppo_map/web/timemap-access.js): what a screen
// reader hears, the table of the week and its order, the arrow keys between areas, and what
// reduced motion changes. `node --test tests/js/`.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Access = require("../../aleppo_map/web/timemap-access.js");

// Three areas in a row, west to east, and one north of the middle one; two weeks.
const PAYLOAD = {
  ids: ["west", "middle", "east", "north"],
  names: ["West End", "Middle", "East Gate", "North Hill"],
  labelPoints: [[36.2, 37.10], [36.2, 37.12], [36.2, 37.14], [36.22, 37.12]],
  bounds: [[36.19, 37.09], [36.23, 37.15]],
  groups: {ids: ["old", "new"], names: ["Old Town", "New Town"],
    unitDistrict: ["old", "old", "new", null]},
  since: [["2012-07-19", "2016-11-20"], ["2012-07-19"], [], ["2013-02-02", "2016-11-27"]],
  weeks: {dates: ["2016-11-20", "2016-11-27"], holders: ["goku", "gocu"],
    evidence: ["nin-", "nni-"], changes: [0, 2]},
  look: {unknownCode: "u",
    holderLabels: {g: "Syrian government and allied forces", o: "Armed opposition factions",
      k: "Kurdish YPG / Asayish", c: "Contested", u: "Unknown / no claim"},
    holderNames: {g: "government", o: "opposition", k: "kurdish", c: "contested",
      u: "unknown"},
    evidenceNames: {n: "named", i: "inferred"},
    evidenceShort: {n: "named in the sentence", i: "inferred: area not named"}}
};

test("the status line names the week in full words and counts its changes", () => {
  assert.equal(Access.statusLine("2016-11-27", 11),
    "Week of 21\u201327 November 2016: 11 areas changed hands");
  assert.equal(Access.statusLine("2016-12-04", 1),
    "Week of 28 November \u2013 4 December 2016: 1 area changed hands");
  assert.equal(Access.statusLine("2017-01-01", 0),
    "Week of 26 December 2016 \u2013 1 January 2017: no area changed hands");
});

test("an area reads as a control and as the panel's holder line", () => {
  assert.equal(Access.areaLabel(PAYLOAD, 0, 0), "West End: Syrian government and allied forces, named");
  assert.equal(Access.areaLabel(PAYLOAD, 1, 0), "Middle: Armed opposition factions, inferred");
  assert.equal(Access.areaLabel(PAYLOAD, 3, 1), "North Hill: Unknown / no claim");
  assert.equal(Access.holderLine(PAYLOAD, 2, 1), "East Gate: Contested, inferred: area not named");
});

test("the table has a row per area with its district, holder, evidence and since-date", () => {
  const districts = Access.districtNames(PAYLOAD);
  assert.deepEqual(districts, ["Old Town", "Old Town", "New Town", ""]);
  const rows = Access.tableRows(PAYLOAD, 0, districts);
  assert.deepEqual(rows.map((r) => [r.id, r.district, r.holderName, r.evidence, r.since]), [
    ["west", "Old Town", "government", "named", "2016-11-20"],
    ["middle", "Old Town", "opposition", "inferred", "2012-07-19"],
    ["east", "New Town", "kurdish", "named", ""],
    ["north", "", "unknown", "", "2013-02-02"],
  ]);
  assert.deepEqual(Access.rowCells(rows[3]),
    ["North Hill", "", "Unknown / no claim", "no claim", "2013-02-02"]);
  assert.equal(Access.sinceAt(["2012-07-19", "2016-11-20"], "2016-11-19"), "2012-07-19");
  assert.equal(Access.sinceAt(["2012-07-19"], "2012-07-18"), "");
});

test("the table sorts by any column, either way, empty values last", () => {
  const rows = Access.tableRows(PAYLOAD, 1, Access.districtNames(PAYLOAD));
  const ids = (key, down) => Access.sortRows(rows, key, down).map((r) => r.id);
  assert.deepEqual(ids("name", false), ["east", "middle", "north", "west"]);
  assert.deepEqual(ids("holder", false), ["middle", "east", "west", "north"]);
  assert.deepEqual(ids("since", true), ["north", "west", "middle", "east"]);
  assert.deepEqual(ids("since", false), ["middle", "west", "north", "east"]);
  assert.deepEqual(ids("district", false), ["east", "middle", "west", "north"]);
  assert.deepEqual(rows.map((r) => r.id), ["west", "middle", "east", "north"], "not sorted in place");
});

test("the arrow keys lead to the neighbour in their direction, or nowhere", () => {
  const p = PAYLOAD.labelPoints;
  assert.equal(Access.neighbour(p, 0, "ArrowRight"), 1);
  assert.equal(Access.neighbour(p, 1, "ArrowRight"), 2);
  assert.equal(Access.neighbour(p, 2, "ArrowRight"), -1);
  assert.equal(Access.neighbour(p, 1, "ArrowUp"), 3);
  assert.equal(Access.neighbour(p, 3, "ArrowDown"), 1);
  assert.equal(Access.neighbour(p, 1, "ArrowDown"), -1);
  assert.equal(Access.neighbour(p, 1, "Enter"), -1);
  assert.equal(Access.entryArea(p, PAYLOAD.bounds), 1);
});

test("reduced motion: no zoom or fade animation, and play no faster than a week a second", () => {
  assert.deepEqual(Access.mapOptions({zoomControl: true}, false), {zoomControl: true});
  const reduced = Access.mapOptions({zoomControl: true}, true);
  assert.equal(reduced.zoomAnimation, false);
  assert.equal(reduced.fadeAnimation, false);
  assert.equal(Access.playMs(83, true), 1000);
  assert.equal(Access.playMs(83, false), 83);
  assert.equal(Access.reducedMotion({matchMedia: () => ({matches: true})}), true);
  assert.equal(Access.reducedMotion(undefined), false);
});
