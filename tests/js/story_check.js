// Reads a published payload (JSON file) and week pairs, and prints what the browser layer
// derives for compare mode, the story strip and the age map: the rows of the list of changes
// and the km² per holder for each pair, each unit's strip (holder, evidence and claim per
// week), the age of the evidence per unit and week, and the last-named claim per unit and
// week. Run by tests/test_web.py, which compares the answers with the Python engine's.
"use strict";
const fs = require("node:fs");
const Core = require("../../aleppo_map/web/timemap-core.js");
const Compare = require("../../aleppo_map/web/timemap-compare.js");
const Story = require("../../aleppo_map/web/timemap-story.js");

const payload = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const pairs = JSON.parse(process.argv[3]);
const dates = payload.weeks.dates;
const claimId = (c) => payload.panel.claimList[c].id;
const diffs = pairs.map(([a, b]) => {
  const rows = Compare.diffRows(payload, dates.indexOf(a), dates.indexOf(b));
  return {
    rows: rows.map((r) => ({area_id: r.id, name: r.name, district_id: r.district,
      holder_from: payload.look.holderNames[r.from], holder_to: payload.look.holderNames[r.to],
      claim_ids: r.claims.map(claimId).join(";"), change_dates: r.dates.join(";"),
      area_km2: r.km2})),
    totals: Compare.totals(rows).map((t) => [payload.look.holderNames[t.holder], t.gained,
      t.lost, t.net]),
  };
});
const wider = Story.widerGroups(payload);
const strips = [], ages = [], named = [];
payload.ids.forEach((id, k) => {
  const claims = Core.unitClaims(payload.panel, k);
  strips.push(Story.cells(payload, k, claims).map((c) =>
    [c.week, payload.look.holderNames[c.holder], c.evidence, c.claim < 0 ? "" : claims[c.claim].id]));
  ages.push(dates.map((_, i) => {
    const w = Compare.ageWeeks(payload.story, dates, k, i);
    return Number.isNaN(w) ? null : w;
  }));
  named.push(dates.map((iso) => {
    const c = Story.lastNamed(claims, iso, wider);
    return c ? c.id : null;
  }));
});
process.stdout.write(JSON.stringify({diffs, strips, ages, named}));
