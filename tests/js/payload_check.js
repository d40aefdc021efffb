// Reads a published payload (JSON file) and prints what the browser layer derives from it:
// the claim in force per area and week, the claims that disagree, the spelling key of every
// area spelling, and the table of the week's rows. Run by tests/test_web.py, which compares
// the answers with the Python engine's.
"use strict";
const fs = require("node:fs");
const Core = require("../../aleppo_map/web/timemap-core.js");
const Access = require("../../aleppo_map/web/timemap-access.js");

const payload = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const units = payload.ids.map((_, k) => Core.unitClaims(payload.panel, k));
const inForce = payload.weeks.dates.map((date) =>
  units.map((claims) => {
    const i = Core.claimInForce(claims, date);
    return i < 0 ? "" : claims[i].id;
  }),
);
const disagreeing = payload.weeks.dates.map((date) =>
  units.map((claims) => Core.disagreeing(claims, date).map((i) => claims[i].id)),
);
const keys = payload.altNames.map((names, k) =>
  [payload.names[k], payload.namesAr[k], ...names].map(Core.spellingKey),
);
const districts = Access.districtNames(payload);
const table = payload.weeks.dates.map((_, i) => Access.tableRows(payload, i, districts)
  .map((r) => [r.id, r.district, r.holderName, r.evidence, r.since]));
process.stdout.write(JSON.stringify({inForce, disagreeing, keys, table}));
