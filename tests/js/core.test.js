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

// ------------------------------------------------------------------------ the time bar

test("the slider's keys: a week, a quarter, the ends, and Space to play", () => {
  assert.deepEqual(Core.weekKey("ArrowRight", 10, 235), {index: 11});
  assert.deepEqual(Core.weekKey("ArrowUp", 10, 235), {index: 11});
  assert.deepEqual(Core.weekKey("ArrowLeft", 10, 235), {index: 9});
  assert.deepEqual(Core.weekKey("ArrowDown", 10, 235), {index: 9});
  assert.deepEqual(Core.weekKey("PageUp", 10, 235), {index: 23});
  assert.deepEqual(Core.weekKey("PageDown", 10, 235), {index: 0}, "clamped at the first week");
  assert.deepEqual(Core.weekKey("PageUp", 230, 235), {index: 234}, "clamped at the last week");
  assert.deepEqual(Core.weekKey("ArrowLeft", 0, 235), {index: 0});
  assert.deepEqual(Core.weekKey("Home", 100, 235), {index: 0});
  assert.deepEqual(Core.weekKey("End", 100, 235), {index: 234});
  assert.deepEqual(Core.weekKey(" ", 100, 235), {play: true});
  assert.deepEqual(Core.weekKey("Spacebar", 100, 235), {play: true});
  for (const other of ["Enter", "a", "Tab", "toString", "constructor"]) {
    assert.equal(Core.weekKey(other, 100, 235), null, other);
  }
});

test("the step buttons go back a change and a week, then on a week and a change", () => {
  assert.deepEqual(Core.STEPS.map((s) => [s.label, s.by, s.dir]), [
    ["Previous change", "change", -1], ["Previous week", "week", -1],
    ["Next week", "week", 1], ["Next change", "change", 1],
  ]);
});

test("the play button says what a press will do", () => {
  assert.deepEqual(Core.playButton(false),
    {glyph: "\u25b6", word: " Play", label: "Play"});
  assert.deepEqual(Core.playButton(true),
    {glyph: "\u275a\u275a", word: " Pause", label: "Pause"});
  assert.equal(Core.sliderText("2016-07-24"), "Week of 18 \u2013 24 Jul 2016");
});

test("the change strip has a mark for each week with a change, taller for more", () => {
  const marks = Core.changeMarks([0, 1, 0, 4, 0], DATES);
  assert.deepEqual(marks.map((m) => m.index), [1, 3]);
  assert.deepEqual(marks.map((m) => m.left), ["25%", "75%"]);
  assert.deepEqual(marks.map((m) => m.height), ["11px", "18px"]);
  assert.equal(marks[1].label, "18 \u2013 24 Jul 2016: 4 areas changed hands");
  assert.deepEqual(Core.changeMarks([0, 0], DATES.slice(0, 2)), []);
  assert.deepEqual(Core.changeMarks([2], DATES.slice(0, 1)).map((m) => m.left), ["0%"]);
});

const ROUTES = {
  ids: ["castello", "ramouseh"],
  names: ["Castello Road", "Ramouseh road"],
  states: ["oo", "co", "cc"],
  siege: [-1, -1, 0],
  siegeClaims: [{route: "ramouseh", routeName: "Ramouseh road", outlet: "Wikipedia",
    date: "2016-09-04", quote: "thus imposing the siege on Aleppo once again."}],
};

test("the siege line shows only while every route in is cut, and cites its sentence", () => {
  assert.equal(Core.siegeLine(ROUTES, "Eastern Aleppo besieged", 0), null);
  assert.equal(Core.siegeLine(null, "Eastern Aleppo besieged", 0), null);
  assert.deepEqual(Core.siegeLine(ROUTES, "Eastern Aleppo besieged", 2), {
    text: "Eastern Aleppo besieged since 4 Sep 2016: every route in is cut (Ramouseh road, " +
      "Wikipedia) \u2014 why?",
    title: "\u201cthus imposing the siege on Aleppo once again.\u201d \u2014 Wikipedia",
    route: "ramouseh",
  });
});

// ------------------------------------------------------------------------ tooltips

const TIP_PAYLOAD = {
  names: ["al-Sakhur", "Harbour"], namesAr: ["الصاخور", ""],
  weeks: {holders: ["ou"], evidence: ["in"]},
  routes: ROUTES,
  look: {unknownCode: "u", holderLabels: {o: "Armed opposition factions", u: "Unknown"},
    evidenceShort: {i: "inferred", n: "named"}, routeLabels: {o: "open", c: "cut"}},
};

test("a tooltip names the area and its holder, and how the sentence supports a known one", () => {
  assert.deepEqual(Core.areaTip(TIP_PAYLOAD, 0, 0), {name: "al-Sakhur", nameAr: "الصاخور",
    holder: "Armed opposition factions", evidence: "inferred"});
  assert.deepEqual(Core.areaTip(TIP_PAYLOAD, 1, 0),
    {name: "Harbour", nameAr: "", holder: "Unknown", evidence: null});
  assert.equal(Core.routeStateAt(ROUTES, "ramouseh", 1), "o");
  assert.deepEqual(Core.routeTip(TIP_PAYLOAD, "castello", 1),
    {name: "Castello Road", state: "cut"});
});

// ------------------------------------------------------------------ the evidence panel

test("the panel splits the claims it does not follow into conflicts and corroborations", () => {
  assert.deepEqual(Core.claimsAt(CLAIMS, "2012-08-15", "u"),
    {inForce: 0, rivals: [1], agreeing: []});
  assert.deepEqual(Core.claimsAt(CLAIMS, "2013-06-01", "u"),
    {inForce: 3, rivals: [4], agreeing: []});
  assert.deepEqual(Core.claimsAt(CLAIMS, "2015-01-01", "u"),
    {inForce: 5, rivals: [], agreeing: [4]});
  assert.deepEqual(Core.claimsAt(CLAIMS.slice(1, 2), "2013-01-01", "u"),
    {inForce: -1, rivals: [0], agreeing: []});
});

test("the panel's words: dates with their precision, evidence, counts, the citation", () => {
  const claim = {date: "2016-12-03", precision: "week", evidence: "named", note: "",
    asWritten: "at the time of writing", id: "eb-1", confidence: "medium"};
  assert.equal(Core.claimDate(claim), "3 Dec 2016 (to the week)");
  assert.equal(Core.claimDate({...claim, precision: "day"}), "3 Dec 2016");
  const labels = {n: "Named in the sentence", i: "Not named: inferred"};
  assert.equal(Core.evidenceText(labels, claim), "Named in the sentence.");
  assert.equal(Core.evidenceText(labels, {...claim, evidence: "inferred", note: "city-wide"}),
    "Not named: inferred, because: city-wide");
  assert.equal(Core.claimMeta(claim), "Date as written: \u201cat the time of writing\u201d " +
    "\u00b7 claim eb-1 \u00b7 confidence medium");
  assert.match(Core.claimMeta({...claim, note: "a note"}), / \u00b7 a note$/);
  assert.doesNotMatch(Core.claimMeta({...claim, evidence: "inferred", note: "a note"}), /a note/);
  assert.equal(Core.rivalsHeading(1), "1 claim disagrees with what the map shows");
  assert.equal(Core.rivalsHeading(3), "3 claims disagree with what the map shows");
  assert.equal(Core.agreeingSummary(1), "1 other claim gives the same holder");
  assert.equal(Core.agreeingSummary(2), "2 other claims give the same holder");
  assert.equal(Core.citeText("Contributors. Aleppo.", "2016-11-27", "https://x/#date=2016-11-27"),
    "Contributors. Aleppo. State on 27 Nov 2016. https://x/#date=2016-11-27");
});

// ------------------------------------------------------------- search and the address

test("the search list's arrows wrap around; a result shows the spelling that matched", () => {
  assert.equal(Core.nextOption(0, 3, "ArrowDown"), 1);
  assert.equal(Core.nextOption(2, 3, "ArrowDown"), 0);
  assert.equal(Core.nextOption(0, 3, "ArrowUp"), 2);
  assert.equal(Core.nextOption(-1, 3, "ArrowDown"), 0);
  const [hit] = Core.search(INDEX, "sakhour");
  assert.equal(Core.searchAlso(hit), "also \u201cSakhour\u201d");
  assert.equal(Core.searchAlso(Core.search(INDEX, "al-Sakhur")[0]), null);
});

