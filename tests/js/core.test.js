// Unit tests of the map's logic that need no browser: `node --test tests/js/`.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Core = require("../../aleppo_map/web/timemap-core.js");

const DATES = ["2016-07-03", "2016-07-10", "2016-07-17", "2016-07-24", "2016-07-31"];

test("a date falls in the week that ends on the next Sunday, clamped to the frames", () => {
  assert.equal(Core.frameIndex(DATES, "2016-07-17"), 2);
  assert.equal(Core.frameIndex(DATES, "2016-07-18"), 3);
  assert.equal(Core.frameIndex(DATES, "2012-01-01"), 0);
  assert.equal(Core.frameIndex(DATES, "2020-01-01"), 4);
});

test("previous and next change skip the weeks without one", () => {
  const counts = [3, 0, 0, 2, 0];
  assert.equal(Core.nextChange(counts, 0, 1), 3);
  assert.equal(Core.nextChange(counts, 3, 1), -1);
  assert.equal(Core.nextChange(counts, 3, -1), 0);
  assert.equal(Core.nextChange(counts, 0, -1), -1);
});

test("a week is labelled by its Monday and Sunday", () => {
  assert.equal(Core.weekLabel("2016-07-24"), "18 \u2013 24 Jul 2016");
  assert.equal(Core.weekLabel("2016-08-07"), "1 \u2013 7 Aug 2016");
  assert.equal(Core.weekLabel("2016-08-04"), "29 Jul \u2013 4 Aug 2016");
  assert.equal(Core.weekLabel("2017-01-01"), "26 Dec 2016 \u2013 1 Jan 2017");
});

test("a week's count of areas that changed hands reads as words", () => {
  assert.equal(Core.changedHands(0), "no change of hands");
  assert.equal(Core.changedHands(1), "1 area changed hands");
  assert.equal(Core.changedHands(12), "12 areas changed hands");
});

const CLAIMS = [
  {date: "2012-07-20", adopted: true, holder: "o"},
  {date: "2012-08-01", adopted: false, holder: "g"},
  {date: "2012-09-08", adopted: true, holder: "c"},
  {date: "2012-09-08", adopted: true, holder: "g"},
  {date: "2013-01-01", adopted: false, holder: "o"},
  {date: "2014-05-01", adopted: true, holder: "o"},
];

test("the claim in force is the last adopted one on or before the date; the later line wins", () => {
  assert.equal(Core.claimInForce(CLAIMS, "2012-07-19"), -1);
  assert.equal(Core.claimInForce(CLAIMS, "2012-08-15"), 0);
  assert.equal(Core.claimInForce(CLAIMS, "2012-09-08"), 3);
  assert.equal(Core.claimInForce(CLAIMS, "2016-01-01"), 5);
});

test("disagreeing claims lie between the previous adopted change and the next", () => {
  assert.deepEqual(Core.disagreeing(CLAIMS, "2012-08-15"), [1]);
  assert.deepEqual(Core.disagreeing(CLAIMS, "2013-06-01"), [4]);
  assert.deepEqual(Core.disagreeing(CLAIMS, "2015-01-01"), [4]);
});

test("spelling keys forgive case, accents, apostrophes, hyphens and the article", () => {
  assert.equal(Core.spellingKey("al-Sheikh Sa'eed"), "sheikh saeed");
  assert.equal(Core.spellingKey("AS-SAKHOUR"), "sakhour");
  assert.equal(Core.spellingKey("Qāḍī ʿAskar"), "qadi askar");
  assert.equal(Core.spellingKey("al as-Salihin"), "salihin");
  assert.equal(Core.spellingKey("الصَّاخور"), "الصاخور");
});

const INDEX = Core.searchIndex(
  ["sakhur", "sheikh_saeed", "sheikh_maqsoud"],
  ["al-Sakhur", "al-Sheikh Saeed", "Sheikh Maqsoud"],
  ["الصاخور", "الشيخ سعيد", "الشيخ مقصود"],
  [["Sakhour", "as-Sakhour"], ["Sheikh Sa'eed"], ["Sheikh Maksoud"]],
);

test("search finds an area by any spelling, without its article, best match first", () => {
  assert.deepEqual(Core.search(INDEX, "Sakhur").map((h) => h.entry.id), ["sakhur"]);
  assert.deepEqual(Core.search(INDEX, "sakhour").map((h) => h.matched), ["Sakhour"]);
  assert.deepEqual(Core.search(INDEX, "الصاخور").map((h) => h.entry.id), ["sakhur"]);
  assert.deepEqual(Core.search(INDEX, "sheikh").map((h) => h.entry.id),
    ["sheikh_maqsoud", "sheikh_saeed"]);
  assert.deepEqual(Core.search(INDEX, "saeed").map((h) => h.entry.id), ["sheikh_saeed"]);
  assert.deepEqual(Core.search(INDEX, "  "), []);
  assert.deepEqual(Core.search(INDEX, "Hamburg"), []);
});

test("the address holds a date and an area, and nothing else gets in", () => {
  assert.deepEqual(Core.parseHash("#date=2016-11-29&area=sakhur"),
    {date: "2016-11-29", area: "sakhur"});
  assert.deepEqual(Core.parseHash("#date=29.11.2016&area=<script>"), {});
  assert.deepEqual(Core.parseHash("#area=%E0%A4%A"), {});
  assert.equal(Core.formatHash("2016-11-29", "sakhur"), "#date=2016-11-29&area=sakhur");
  assert.equal(Core.formatHash("2016-11-29", null), "#date=2016-11-29");
});

test("an inferred holding is drawn with the dotted fill, a changed area outlined", () => {
  const look = {
    unknownCode: "u", fills: {o: "#E69F00", oi: "url(#dots-o)", u: "#E6E6E6"},
    unknownOpacity: 0.5, fillOpacity: 0.78, border: "#fff",
    changed: {color: "#111", weight: 4}, selected: {color: "#000", weight: 3.5, dashArray: "6 4"},
    selectedChangedWeight: 5,
  };
  assert.equal(Core.pathStyle(look, "o", "n", false, false).fillColor, "#E69F00");
  assert.equal(Core.pathStyle(look, "o", "i", false, false).fillColor, "url(#dots-o)");
  assert.equal(Core.pathStyle(look, "u", "i", false, false).fillColor, "#E6E6E6");
  assert.equal(Core.pathStyle(look, "o", "n", true, false).weight, 4);
  assert.equal(Core.pathStyle(look, "o", "n", true, true).weight, 5);
  assert.equal(Core.pathStyle(look, "o", "n", false, true).dashArray, "6 4");
});

test("labels take the first free side, stay inside the map, or are hidden", () => {
  const right = (x, y) => [x + 8, y - 8, x + 58, y + 8];
  const left = (x, y) => [x - 58, y - 8, x - 8, y + 8];
  const items = [
    {boxes: [right(100, 100), left(100, 100)]},
    {boxes: [right(105, 102), left(105, 102)]}, // overlaps the first on the right: goes left
    {boxes: [right(103, 101), left(103, 101)]}, // both sides taken: hidden
    {boxes: [right(380, 50), left(380, 50)]}, // the right side leaves the map: goes left
  ];
  assert.deepEqual(Core.placeLabels(items, 2, [0, 0, 400, 300]), [0, 1, -1, 1]);
});
