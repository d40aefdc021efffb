// Unit tests of places and their names (aleppo_map/web/timemap-places.js): units in
// districts, and finding a unit or a district by name. `node --test tests/js/`.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Places = require("../../aleppo_map/web/timemap-places.js");

test("spelling keys forgive case, accents, apostrophes, hyphens and the article", () => {
  assert.equal(Places.spellingKey("al-Sheikh Sa'eed"), "sheikh saeed");
  assert.equal(Places.spellingKey("AS-SAKHOUR"), "sakhour");
  assert.equal(Places.spellingKey("Qāḍī ʿAskar"), "qadi askar");
  assert.equal(Places.spellingKey("al as-Salihin"), "salihin");
  assert.equal(Places.spellingKey("الصَّاخور"), "الصاخور");
});

const INDEX = Places.searchIndex(
  ["sakhur", "sheikh_saeed", "sheikh_maqsoud"],
  ["al-Sakhur", "al-Sheikh Saeed", "Sheikh Maqsoud"],
  ["الصاخور", "الشيخ سعيد", "الشيخ مقصود"],
  [["Sakhour", "as-Sakhour"], ["Sheikh Sa'eed"], ["Sheikh Maksoud"]],
);

test("search finds an area by any spelling, without its article, best match first", () => {
  assert.deepEqual(Places.search(INDEX, "Sakhur").map((h) => h.entry.id), ["sakhur"]);
  assert.deepEqual(Places.search(INDEX, "sakhour").map((h) => h.matched), ["Sakhour"]);
  assert.deepEqual(Places.search(INDEX, "الصاخور").map((h) => h.entry.id), ["sakhur"]);
  assert.deepEqual(Places.search(INDEX, "sheikh").map((h) => h.entry.id),
    ["sheikh_maqsoud", "sheikh_saeed"]);
  assert.deepEqual(Places.search(INDEX, "saeed").map((h) => h.entry.id), ["sheikh_saeed"]);
  assert.deepEqual(Places.search(INDEX, "  "), []);
  assert.deepEqual(Places.search(INDEX, "Hamburg"), []);
});


test("the search list's arrows wrap around; a result shows the spelling that matched", () => {
  assert.equal(Places.nextOption(0, 3, "ArrowDown"), 1);
  assert.equal(Places.nextOption(2, 3, "ArrowDown"), 0);
  assert.equal(Places.nextOption(0, 3, "ArrowUp"), 2);
  assert.equal(Places.nextOption(-1, 3, "ArrowDown"), 0);
  const [hit] = Places.search(INDEX, "sakhour");
  assert.equal(Places.searchAlso(hit), "also \u201cSakhour\u201d");
  assert.equal(Places.searchAlso(Places.search(INDEX, "al-Sakhur")[0]), null);
});

// A small city: two districts in a wider group, a unit standing in the wider group alone, and
// a unit in no group at all.
const GROUPS = {
  ids: ["town", "old_town", "harbour_side"],
  names: ["Town", "Old Town", "The Harbour Side"],
  namesAr: ["البلدة", "البلدة القديمة", ""],
  altNames: [[], ["the walled town", "Altstadt"], []],
  parents: ["", "town", "town"],
  wider: [true, false, false],
  district: [false, true, true],
  the: ["Town", "the Old Town", "the Harbour Side"],
  unitDistrict: ["old_town", "old_town", "harbour_side", "town", ""],
};
const IDS = ["mill", "market", "quay", "station", "farm"];
const G = Places.groupIndex(GROUPS);

test("a unit is drawn in its district, or stands alone when its group is a wider one", () => {
  assert.deepEqual(IDS.map((_, k) => Places.unitDistrict(GROUPS, G, k)), [1, 1, 2, -1, -1]);
  assert.equal(Places.unitDistrict(undefined, {}, 0), -1, "a dataset without groups");
  assert.equal(G.constructor, undefined, "no prototype: an address cannot name one");
});

test("a group's units are found at any depth", () => {
  assert.deepEqual(Places.groupUnits(GROUPS, G, G.old_town), [0, 1]);
  assert.deepEqual(Places.groupUnits(GROUPS, G, G.town), [0, 1, 2, 3]);
  const looped = {...GROUPS, parents: ["old_town", "town", "town"]};  // never in a valid dataset
  assert.deepEqual(Places.groupUnits(looped, G, G.harbour_side), [2], "a loop ends");
});

test("the panel names a unit with its district, and a claim by the group it speaks about", () => {
  const payload = {names: ["Mill", "Market", "Quay", "Station", "Farm"], groups: GROUPS};
  assert.deepEqual(Places.unitHeading(payload, G, 0),
    {name: "Mill", district: "the Old Town", districtId: "old_town"});
  assert.deepEqual(Places.unitHeading(payload, G, 3),
    {name: "Station", district: "", districtId: null});
  assert.equal(Places.claimPlace(GROUPS, G, {place: "old_town"}), "the Old Town");
  assert.equal(Places.claimPlace(GROUPS, G, {place: "town"}), "Town");
  assert.equal(Places.claimPlace(GROUPS, G, {place: "mill"}), null, "the unit's own claim");
  assert.equal(Places.claimPlace(GROUPS, G, {}), null, "a route's claim");
});

test("a district's panel lists its units with their holders in the week", () => {
  const payload = {ids: IDS, names: ["Mill", "Market", "Quay", "Station", "Farm"],
    groups: GROUPS, weeks: {holders: ["gocuu", "ggcuu"]}};
  assert.deepEqual(Places.groupRows(payload, G, G.old_town, 0),
    [{k: 0, id: "mill", name: "Mill", holder: "g"}, {k: 1, id: "market", name: "Market",
      holder: "o"}]);
  assert.equal(Places.groupRows(payload, G, G.old_town, 1)[1].holder, "g");
  assert.equal(Places.groupSummary(GROUPS, G.old_town, 2), "District of 2 areas");
  assert.equal(Places.groupSummary(GROUPS, G.town, 1), "Wider group of 1 area");
  assert.equal(Places.groupLine(GROUPS, G, G.old_town), "Old Town: District of 2 areas");
  assert.equal(Places.groupLine(GROUPS, G, G.town), "Town: Wider group of 4 areas");
});

test("search finds districts by their names and spellings, before areas of a like name", () => {
  const index = Places.searchIndex(IDS, ["Mill", "Old Town Market", "Quay", "Station", "Farm"],
    ["", "", "", "", ""], [[], [], [], [], []], GROUPS);
  const found = (q) => Places.search(index, q).map((h) => h.entry.id);
  assert.deepEqual(found("old town"), ["old_town", "market"]);
  assert.deepEqual(found("walled"), ["old_town"]);
  assert.deepEqual(found("البلدة القديمة"), ["old_town"], "by its Arabic name");
  assert.deepEqual(found("Town"), ["old_town", "market"], "wider groups are not listed");
  const [hit] = Places.search(index, "Altstadt");
  assert.equal(hit.entry.group, true);
  assert.equal(hit.entry.count, 2);
  assert.equal(Places.searchIndex(IDS, IDS, IDS, [[], [], [], [], []]).length, 5,
    "no groups: units only");
});
