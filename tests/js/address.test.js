// The published file's address (web/timemap-address.js): `node --test tests/js/`.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Address = require("../../aleppo_map/web/timemap-address.js");

test("the address holds a date, an area, a compare week, a route and a mode; nothing else", () => {
  assert.deepEqual(Address.parseHash("#date=2016-11-29&area=sakhur"),
    {date: "2016-11-29", area: "sakhur"});
  assert.deepEqual(Address.parseHash("#date=29.11.2016&area=<script>"), {});
  assert.deepEqual(Address.parseHash("#area=%E0%A4%A"), {});
  assert.deepEqual(Address.parseHash("#date=2016-12-18&compare=2016-11-06&mode=age&mode=x"),
    {date: "2016-12-18", compare: "2016-11-06", mode: "age"});
  assert.deepEqual(Address.parseHash("#compare=2016-02-30"), {badCompare: "2016-02-30"});
  assert.deepEqual(Address.parseHash("#route=castello_road"), {route: "castello_road"});
  assert.equal(Address.formatHash({date: "2016-11-29", area: "sakhur"}),
    "#date=2016-11-29&area=sakhur");
  assert.equal(Address.formatHash({date: "2016-11-29", area: null}), "#date=2016-11-29");
  assert.equal(Address.formatHash({date: "2016-12-18", compare: "2016-11-06", area: "a b",
    route: null, mode: "holder"}), "#date=2016-12-18&compare=2016-11-06&area=a%20b");
  assert.equal(Address.formatHash({date: "2016-12-18", route: "castello_road", mode: "age"}),
    "#date=2016-12-18&route=castello_road&mode=age");
});

const KNOWN = {areas: {sakhur: 0, hananu: 1}, routes: {castello_road: true},
  first: "2012-07-22", last: "2016-12-25"};
const open = (hash, area = "hananu") =>
  Address.openingView(hash, {date: "2016-11-29", area: area}, KNOWN);
const pick = (view) => ({date: view.date, area: view.area});

test("the published file opens on its address's week and area, else on its defaults", () => {
  assert.deepEqual(pick(open("")), {date: "2016-11-29", area: "hananu"});
  assert.deepEqual(pick(open("#date=2013-01-06&area=sakhur")),
    {date: "2013-01-06", area: "sakhur"});
  assert.deepEqual(pick(open("#date=2013-01-06")), {date: "2013-01-06", area: null},
    "a date alone selects no area");
  assert.deepEqual(pick(open("#area=sakhur")), {date: "2016-11-29", area: "sakhur"});
  assert.deepEqual(pick(open("#area=atlantis")), {date: "2016-11-29", area: null});
  assert.deepEqual(pick(open("#date=2013-01-06&area=constructor")),
    {date: "2013-01-06", area: null}, "a name of every object's prototype is no area");
  assert.deepEqual(pick(open("", null)), {date: "2016-11-29", area: null});
  assert.deepEqual(open("").messages, []);
});

test("a compare week, a route and a mode open from the address; bad ones get a message", () => {
  const view = open("#date=2016-12-18&compare=2016-11-06");
  assert.equal(view.compare, "2016-11-06");
  assert.deepEqual(view.messages, []);
  const bad = open("#date=2016-12-18&compare=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  assert.equal(bad.compare, null);
  assert.equal(bad.messages.length, 1);
  assert.match(bad.messages[0], /is not a date of the form YYYY-MM-DD; not comparing/);
  const late = open("#date=2016-12-18&compare=2030-01-01");
  assert.equal(late.compare, "2016-12-25");
  assert.match(late.messages[0], /outside the period/);
  const route = open("#date=2016-07-24&route=castello_road&area=sakhur");
  assert.equal(route.route, "castello_road");
  assert.equal(route.area, null, "a route's panel replaces the area's");
  const unknown = open("#route=constructor");
  assert.equal(unknown.route, null);
  assert.match(unknown.messages[0], /not on this map/);
  assert.equal(open("#mode=age").mode, "age");
  assert.equal(open("#mode=javascript:x").mode, "holder");
  const long = open("#compare=" + "x".repeat(500));
  assert.ok(long.messages[0].length < 200);
});

test("a report equal to the last one is recognised by its key", () => {
  const a = {date: "2016-11-27", area: "sakhur", route: null, compare: null, mode: "holder",
    index: 3, playing: false};
  assert.equal(Address.reportKey(a), Address.reportKey({...a, index: 4, playing: true}));
  assert.notEqual(Address.reportKey(a), Address.reportKey({...a, area: null}));
  assert.notEqual(Address.reportKey(a), Address.reportKey({...a, date: "2016-12-04"}));
  assert.notEqual(Address.reportKey(a), Address.reportKey({...a, compare: "2016-11-06"}));
  assert.notEqual(Address.reportKey(a), Address.reportKey({...a, mode: "age"}));
});
