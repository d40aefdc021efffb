// Compare mode, the age map and the story strip without a browser (web/timemap-compare.js,
// web/timemap-story.js, web/timemap-strings.js): `node --test tests/js/`. Their answers on
// the real data are checked against the engine by tests/test_web.py (story_check.js).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Compare = require("../../aleppo_map/web/timemap-compare.js");
const Story = require("../../aleppo_map/web/timemap-story.js");
const Strings = require("../../aleppo_map/web/timemap-strings.js");

const LOOK = {unknownCode: "u", fillOpacity: 0.78, unknownOpacity: 0.5, border: "#fff",
  fills: {g: "#00f", o: "#f90", u: "#eee", gi: "url(#d)"}, colours: {g: "#00f", o: "#f90",
    u: "#eee"}, changed: {color: "#111", weight: 4}, selected: {color: "#000", weight: 3.5},
  selectedChangedWeight: 5};
const STORY = {edgePx: 5, calmOpacity: 0.35, ageClasses: [[0, 4], [4, 26], [26, 52], [52, null]],
  ageColours: ["#1", "#2", "#3", "#4"], km2: [1.5, 2.25, 0.125],
  // unit 0: supported from 2020-01-01, then from 2020-03-01; unit 1: unknown until week 2
  age: [[0, "2020-01-01", 2, "2020-03-01"], [0, "", 2, "2020-03-08"], [0, "2019-01-06"]]};
const WEEKS = {dates: ["2020-02-02", "2020-02-09", "2020-03-08"],
  holders: ["gou", "ggu", "oog"], evidence: ["nn-", "ni-", "nni"], changed: [[], [1], [0, 2]]};

test("the units whose holder differs, with the km² each holder gained and lost", () => {
  assert.deepEqual(Compare.changedUnits(WEEKS, 0, 2), [0, 2]);
  assert.deepEqual(Compare.changedUnits(WEEKS, 1, 1), []);
  const rows = Compare.diffRows({weeks: WEEKS, ids: ["a", "b", "c"], names: ["A", "B", "C"],
    story: STORY}, 0, 2);
  assert.deepEqual(rows.map((r) => [r.id, r.from, r.to, r.km2]),
    [["a", "g", "o", 1.5], ["c", "u", "g", 0.125]]);
  const totals = Object.fromEntries(Compare.totals(rows).map((t) => [t.holder, t]));
  assert.deepEqual(totals.g, {holder: "g", gained: 0.125, lost: 1.5, net: -1.375});
  assert.equal(totals.o.gained, 1.5);
  assert.deepEqual(Compare.pairs(rows.concat(rows.slice(0, 1))).map((p) => [p.from, p.to,
    p.count]), [["g", "o", 2], ["u", "g", 1]]);
});

test("compare mode restyles only what changes, and draws week A as an inner edge", () => {
  const drawn = [];
  const first = Compare.compareRestyles(drawn, WEEKS, 0, 2, -1, 3);
  assert.equal(first.length, 3);
  assert.deepEqual(first.map((r) => r.from), ["g", null, "u"]);
  assert.deepEqual(Compare.compareRestyles(drawn, WEEKS, 0, 2, -1, 3), [], "nothing new");
  assert.deepEqual(Compare.compareRestyles(drawn, WEEKS, 0, 2, 1, 3).map((r) => r.k), [1]);
  const edge = Compare.compareStyle(LOOK, STORY, first[0]);
  assert.equal(edge.fillColor, "#f90");
  assert.equal(edge.color, "#00f", "the edge has week A's colour");
  assert.equal(edge.weight, 10, "twice the edge: the outer half is clipped");
  const calm = Compare.compareStyle(LOOK, STORY, first[1]);
  assert.equal(calm.fillOpacity, 0.35, "an unchanged unit is faded");
  // Leaving compare mode restyles every unit: the keys differ.
  assert.equal(require("../../aleppo_map/web/timemap-draw.js")
    .restyles(drawn, WEEKS, 2, -1, 3).length, 3);
});

test("the age of the evidence: whole weeks since the supporting sentence, in four classes", () => {
  assert.equal(Compare.lastSupport(STORY, 0, 1), "2020-01-01");
  assert.equal(Compare.lastSupport(STORY, 0, 2), "2020-03-01");
  assert.equal(Compare.ageWeeks(STORY, WEEKS.dates, 0, 0), 4);  // 32 days
  assert.equal(Compare.ageWeeks(STORY, WEEKS.dates, 0, 2), 1);  // 7 days
  assert.ok(Number.isNaN(Compare.ageWeeks(STORY, WEEKS.dates, 1, 0)));
  assert.equal(Compare.ageWeeks(STORY, WEEKS.dates, 1, 2), 0);
  assert.deepEqual([0, 3.9, 4, 25, 26, 51, 52, 300, NaN].map((w) => Compare.ageClass(STORY, w)),
    [0, 0, 1, 1, 2, 2, 3, 3, -1]);
  const drawn = [];
  const payload = {story: STORY, weeks: WEEKS};
  assert.deepEqual(Compare.ageRestyles(drawn, payload, 0, -1, 3).map((r) => r.age), [1, -1, 3]);
  assert.equal(Compare.ageStyle(LOOK, STORY, {age: 3, selected: false}).fillColor, "#4");
  assert.equal(Compare.ageStyle(LOOK, STORY, {age: -1, selected: false}).fillColor, "#eee");
});

test("an area's strip: a cell per week with the claim in force, and its runs", () => {
  const claims = [{id: "c1", date: "2020-02-01", adopted: true, followed: true},
    {id: "c2", date: "2020-02-05", adopted: false, followed: false},
    {id: "c3", date: "2020-03-01", adopted: true, followed: true}];
  const cells = Story.cells({weeks: WEEKS}, 0, claims);
  assert.deepEqual(cells.map((c) => [c.week, c.holder, c.evidence, c.claim]),
    [["2020-02-02", "g", "n", 0], ["2020-02-09", "g", "n", 0], ["2020-03-08", "o", "n", 2]]);
  assert.deepEqual(Story.runs(cells).map((r) => [r.holder, r.from, r.to, r.weeks]),
    [["g", "2020-02-02", "2020-02-09", 2], ["o", "2020-03-08", "2020-03-08", 1]]);
  assert.deepEqual(Story.place("2016-01-03", 2012), {row: 5, column: 1});
  assert.deepEqual(Story.place("2012-12-30", 2012), {row: 1, column: 53});
});

test("the last sentence that names an area skips the wider groups", () => {
  const claims = [{id: "a", date: "2012-07-20", evidence: "named", place: "aleppo"},
    {id: "b", date: "2013-01-01", evidence: "named", place: "old_city"},
    {id: "c", date: "2014-01-01", evidence: "inferred", place: "unit"},
    {id: "d", date: "2015-01-01", evidence: "named", place: "aleppo"}];
  const wider = {aleppo: true};
  assert.equal(Story.lastNamed(claims, "2012-12-31", wider), null);
  assert.equal(Story.lastNamed(claims, "2016-01-01", wider).id, "b");
  assert.equal(Story.lastNamedText(claims[1], "2013-01-15"),
    "Last named by a sentence on 1 Jan 2013, 2 weeks before the shown week.");
  assert.equal(Story.lastNamedText(claims[1], "2013-01-08"),
    "Last named by a sentence on 1 Jan 2013, 1 week before the shown week.");
  assert.equal(Story.lastNamedText(null, "2013-01-08"),
    "No sentence names this area on or before the shown week.");
});

test("the strings table fills its blanks once, and picks singular or plural", () => {
  assert.equal(Strings.fill("areas", {n: 1}), "1 area changed hands");
  assert.equal(Strings.fill("areas", {n: 3}), "3 areas changed hands");
  assert.equal(Strings.fill("storyClaim", {id: "{x}", date: "1 Jan", quote: "{id}"}),
    "; claim {x} of 1 Jan: \u201c{id}\u201d", "a value is not filled again");
});
