/* Two weeks compared, and the age of the evidence, without a browser: which units' holder
 * differs between week A and week B and on whose word (the same rows as `aleppo-map diff`,
 * aleppo_map/compare.py: diff), the km² gained and lost, the from -> to pairs of the key, how
 * old the sentence is that a unit's colour rests on (compare.evidence_age_weekly), and how
 * the map draws both. The map's modules use it in the browser, tests/js in Node. */
/* global require */  // the Node tests load this module with its dependencies
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./timemap-draw.js"));
  } else {
    root.TimeMapCompare = factory(root.TimeMapDraw);
  }
})(typeof self !== "undefined" ? self : this, function (Draw) {
  "use strict";

  var DAY_MS = 86400000;
  var HOLDER_ORDER = ["g", "o", "k", "c", "u"];  // model.HOLDERS, by code

  function dayNumber(iso) {
    return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
  }

  function round4(x) {
    return Math.round(x * 1e4) / 1e4;
  }

  // ------------------------------------------------------------ two weeks compared

  /** The units whose holder in week `b` differs from week `a` (indices, in the payload's
   * order). */
  function changedUnits(weeks, a, b) {
    var from = weeks.holders[a], to = weeks.holders[b], out = [];
    for (var k = 0; k < from.length; k++) {
      if (from.charAt(k) !== to.charAt(k)) { out.push(k); }
    }
    return out;
  }

  /** One row per unit whose holder differs between weeks `a` and `b` (payload frame
   * indices), as compare.diff gives it: the unit, its district, the holder in each week, the
   * claims that changed it dated after the earlier week and on or before the later one
   * (indices into panel.claimList, oldest first) and its km². */
  function diffRows(payload, a, b) {
    var weeks = payload.weeks, panel = payload.panel, groups = payload.groups || {};
    var low = weeks.dates[Math.min(a, b)], high = weeks.dates[Math.max(a, b)];
    var from = weeks.holders[a], to = weeks.holders[b];
    return changedUnits(weeks, a, b).map(function (k) {
      var claims = ((panel && panel.changes[k]) || []).filter(function (c) {
        var date = panel.claimList[c].date;
        return date > low && date <= high;
      });
      var district = groups.unitDistrict ? groups.unitDistrict[k] : "";
      var g = district ? groups.ids.indexOf(district) : -1;
      return {k: k, id: payload.ids[k], name: payload.names[k], district: district || "",
        districtName: g >= 0 ? groups.names[g] : "", from: from.charAt(k), to: to.charAt(k),
        claims: claims,
        dates: claims.map(function (c) { return panel.claimList[c].date; }),
        km2: payload.story.km2[k]};
    });
  }

  /** Per holder (in the model's order), the km² gained and lost in `rows`, and the net. */
  function totals(rows) {
    return HOLDER_ORDER.map(function (code) {
      var gained = 0, lost = 0;
      rows.forEach(function (r) {
        if (r.to === code) { gained += r.km2; }
        if (r.from === code) { lost += r.km2; }
      });
      return {holder: code, gained: round4(gained), lost: round4(lost),
        net: round4(gained - lost)};
    });
  }

  /** The (from, to) pairs of `rows` with their number of units, most first. */
  function pairs(rows) {
    var found = {}, order = [];
    rows.forEach(function (r) {
      var key = r.from + r.to;
      if (!found[key]) { found[key] = {from: r.from, to: r.to, count: 0}; order.push(key); }
      found[key].count += 1;
    });
    return order.map(function (key) { return found[key]; }).sort(function (x, y) {
      return y.count - x.count;
    });
  }

  /** Like Draw.restyles, for week `b` compared with week `a`: a changed unit carries the
   * holder of week `a` (`from`). Keys start with "x", so leaving compare mode restyles. */
  function compareRestyles(drawn, weeks, a, b, selected, count) {
    var was = weeks.holders[a], holders = weeks.holders[b], evidence = weeks.evidence[b];
    var out = [];
    for (var k = 0; k < count; k++) {
      var h = holders.charAt(k), e = evidence.charAt(k), f = was.charAt(k);
      var changed = f !== h;
      var key = "x" + h + e + (changed ? f : "=") + (k === selected ? "s" : "");
      if (drawn[k] === key) { continue; }
      drawn[k] = key;
      out.push({k: k, holder: h, evidence: e, from: changed ? f : null, changed: changed,
        selected: k === selected});
    }
    return out;
  }

  /** The path style of a unit in compare mode: week B's fill; a changed unit has week A's
   * colour as its edge (a stroke twice `story.edgePx` wide, clipped to the unit: `clip`),
   * an unchanged one is faded. A selected unit keeps the selection's outline. */
  function compareStyle(look, story, r) {
    var style = Draw.pathStyle(look, r.holder, r.evidence, false, r.selected);
    if (!r.changed) {
      style.fillOpacity = Math.min(style.fillOpacity, story.calmOpacity);
    } else if (!r.selected) {
      Draw.assign(style, {color: look.colours[r.from], weight: 2 * story.edgePx, opacity: 1,
        dashArray: null});
    }
    return style;
  }

  // ------------------------------------------------------------ the age of the evidence

  /** The date of the last sentence supporting unit `k`'s colour at frame `i` ("" if the
   * holder is unknown), from the run-length coded `story.age` (payload.py: age_payload). */
  function lastSupport(story, k, i) {
    var runs = story.age[k], found = "";
    for (var j = 0; j < runs.length && runs[j] <= i; j += 2) { found = runs[j + 1]; }
    return found;
  }

  /** Weeks since that sentence at frame `i` (whole weeks, rounded down), or NaN. */
  function ageWeeks(story, dates, k, i) {
    var last = lastSupport(story, k, i);
    return last ? Math.floor((dayNumber(dates[i]) - dayNumber(last)) / 7) : NaN;
  }

  /** The class of an age in weeks (compare.age_class): an index of `story.ageClasses`, or
   * -1 for unknown. */
  function ageClass(story, weeks) {
    if (isNaN(weeks)) { return -1; }
    var classes = story.ageClasses;
    for (var c = 0; c < classes.length; c++) {
      var high = classes[c][1];
      if (weeks >= classes[c][0] && (high === null || weeks < high)) { return c; }
    }
    return classes.length - 1;
  }

  /** Like Draw.restyles, for the age map at frame `i`. Keys start with "a". */
  function ageRestyles(drawn, payload, i, selected, count) {
    var story = payload.story, dates = payload.weeks.dates, out = [];
    for (var k = 0; k < count; k++) {
      var cls = ageClass(story, ageWeeks(story, dates, k, i));
      var key = "a" + cls + (k === selected ? "s" : "");
      if (drawn[k] === key) { continue; }
      drawn[k] = key;
      out.push({k: k, age: cls, selected: k === selected,
        holder: payload.weeks.holders[i].charAt(k), evidence: ""});
    }
    return out;
  }

  /** The path style of a unit on the age map: its class's colour (unknown: the unknown
   * holder's), the selection's outline when selected. */
  function ageStyle(look, story, r) {
    var style = Draw.pathStyle(look, look.unknownCode, "", false, r.selected);
    if (r.age >= 0) {
      style.fillColor = story.ageColours[r.age];
      style.fillOpacity = look.fillOpacity;
    }
    return style;
  }

  return {
    HOLDER_ORDER: HOLDER_ORDER,
    dayNumber: dayNumber,
    changedUnits: changedUnits,
    diffRows: diffRows,
    totals: totals,
    pairs: pairs,
    compareRestyles: compareRestyles,
    compareStyle: compareStyle,
    lastSupport: lastSupport,
    ageWeeks: ageWeeks,
    ageClass: ageClass,
    ageRestyles: ageRestyles,
    ageStyle: ageStyle
  };
});
