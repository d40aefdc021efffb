/* The story of an area: the holder week by week over the whole period, as a strip of one
 * cell per weekly frame (coloured by holder, dotted where inferred, grey where unknown, the
 * shown week marked), with the claim in force each week, a text alternative (the runs of
 * one holder) and when the area was last named by a sentence. The cells are the engine's
 * weekly frames (Timeline.weekly_frames); the last-named claim is compare.last_named's.
 *
 * `cells`, `runs` and `lastNamed` are pure (tests/js in Node); `render` draws the strip with
 * the keyboard (a roving tab stop: ← → a week, ↑ ↓ a year, Home/End, Enter or a click shows
 * that week). Text goes in with textContent only. */
/* global require */  // the Node tests load this module with its dependencies
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./timemap-core.js"), require("./timemap-strings.js"),
      require("./timemap-compare.js"));
  } else {
    root.TimeMapStory = factory(root.TimeMapCore, root.TimeMapStrings, root.TimeMapCompare);
  }
})(typeof self !== "undefined" ? self : this, function (Core, Strings, Compare) {
  "use strict";

  var fill = Strings.fill;
  var QUOTE_MAX = 160;  // a cell's readout quotes this much of the sentence

  /** Unit `k`'s weeks: [{week, holder, evidence, claim}] per weekly frame, where `claim`
   * indexes `claims` (Core.unitClaims: the unit's claims), -1 when none is in force (as
   * Core.claimInForce, in one pass over the weeks). */
  function cells(payload, k, claims) {
    var weeks = payload.weeks, out = [], inForce = -1, next = 0;
    weeks.dates.forEach(function (iso, i) {
      while (next < claims.length && claims[next].date <= iso) {
        var c = claims[next];
        if (c.followed === undefined ? c.adopted : c.followed) { inForce = next; }
        next += 1;
      }
      out.push({week: iso, holder: weeks.holders[i].charAt(k),
        evidence: weeks.evidence[i].charAt(k), claim: inForce});
    });
    return out;
  }

  /** The strip as runs of one holder and one kind of evidence: [{holder, evidence, from,
   * to, weeks}] (from/to: the first and last weekly frame of the run). */
  function runs(strip) {
    var out = [];
    strip.forEach(function (c) {
      var last = out[out.length - 1];
      if (last && last.holder === c.holder && last.evidence === c.evidence) {
        last.to = c.week;
        last.weeks += 1;
      } else {
        out.push({holder: c.holder, evidence: c.evidence, from: c.week, to: c.week, weeks: 1});
      }
    });
    return out;
  }

  /** The latest claim on or before `iso`, adopted or not, whose sentence names the unit or
   * a district containing it (not a wider group, which names no neighbourhood), or null:
   * compare.last_named. `wider`: group id -> true for the wider groups. */
  function lastNamed(claims, iso, wider) {
    var found = null;
    claims.forEach(function (c) {
      if (c.date <= iso && c.evidence === "named" && !wider[c.place]) { found = c; }
    });
    return found;
  }

  /** The wider groups of the payload (group id -> true). */
  function widerGroups(payload) {
    var wider = Object.create(null), groups = payload.groups;
    if (groups) {
      groups.ids.forEach(function (id, g) { if (groups.wider[g]) { wider[id] = true; } });
    }
    return wider;
  }

  /** The panel's line on the age of the evidence: when the area was last named, and how many
   * weeks before the shown week `iso`. */
  function lastNamedText(claim, iso) {
    if (!claim) { return fill("neverNamed"); }
    var days = Compare.dayNumber(iso) - Compare.dayNumber(claim.date);
    var weeks = Math.floor(days / 7);
    return fill("lastNamed", {date: Core.shortDate(claim.date, true),
      weeks: fill("weeks", {n: weeks})});
  }

  /** The words of a cell: its week, holder and evidence; with `claim`, its claim too. */
  function cellText(look, cell, claim) {
    var text = fill("storyCell", {week: Core.weekLabel(cell.week),
      holder: look.holderLabels[cell.holder]});
    if (cell.evidence === "i" && cell.holder !== look.unknownCode) {
      text += Strings.TEXT.storyInferred;
    }
    if (claim === undefined) { return text; }
    if (!claim) { return text + Strings.TEXT.storyNoClaim; }
    var quote = claim.quote.length > QUOTE_MAX ? claim.quote.slice(0, QUOTE_MAX - 1) + "\u2026"
      : claim.quote;
    return text + fill("storyClaim", {id: claim.id, date: Core.shortDate(claim.date, true),
      quote: quote});
  }

  /** Where a weekly frame sits in the strip: a row per year, a column per week of it. */
  function place(iso, firstYear) {
    var y = +iso.slice(0, 4);
    var dayOfYear = Compare.dayNumber(iso) - Compare.dayNumber(y + "-01-01");
    return {row: y - firstYear + 1, column: Math.floor(dayOfYear / 7) + 1};
  }

  // ------------------------------------------------------------------ the page

  function el(tag, className, text, parent) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  var uid = 0;

  /** Draw unit `k`'s strip in `parent` with week `shown` marked. `claims`: the unit's claims
   * (Core.unitClaims). `onWeek(i)`: the reader chose week `i` (a click, or Enter). Returns
   * {node, mark(i)}: `mark` moves the mark (and the tab stop) to week `i`, so a strip drawn
   * once follows the map's week. */
  function render(parent, payload, k, claims, shown, onWeek) {
    var look = payload.look, dates = payload.weeks.dates;
    var strip = cells(payload, k, claims);
    var firstYear = +dates[0].slice(0, 4);
    uid += 1;
    var box = el("section", "tm-story", null, parent);
    var heading = el("h3", "", Strings.TEXT.storyTitle, box);
    heading.id = "tm-story-h-" + uid;
    var hint = el("p", "tm-story-hint", Strings.TEXT.storyHint, box);
    hint.id = "tm-story-hint-" + uid;
    var frame = el("div", "tm-story-frame", null, box);
    var years = el("div", "tm-story-years", null, frame);
    years.setAttribute("aria-hidden", "true");
    for (var y = firstYear; y <= +dates[dates.length - 1].slice(0, 4); y++) {
      el("span", "", String(y), years);
    }
    var grid = el("div", "tm-story-strip", null, frame);
    grid.setAttribute("role", "group");
    grid.setAttribute("aria-label", Strings.TEXT.storyTitle);
    grid.setAttribute("aria-describedby", hint.id);
    var readout = el("p", "tm-story-readout", "", box);
    readout.id = "tm-story-out-" + uid;
    var buttons = strip.map(function (cell, i) {
      var b = el("button", "tm-cell", null, grid);
      b.type = "button";
      b.tabIndex = i === shown ? 0 : -1;
      b.setAttribute("data-week", cell.week);
      b.setAttribute("data-holder", look.holderNames[cell.holder]);
      b.setAttribute("data-evidence", cell.holder === look.unknownCode ? ""
        : look.evidenceNames[cell.evidence] || "");
      b.setAttribute("data-claim", cell.claim >= 0 ? claims[cell.claim].id : "");
      b.setAttribute("aria-label", cellText(look, cell));
      b.setAttribute("aria-describedby", readout.id);
      var at = place(cell.week, firstYear);
      b.style.gridRow = String(at.row);
      b.style.gridColumn = String(at.column);
      b.style.backgroundColor = look.colours[cell.holder];
      if (cell.evidence === "i" && cell.holder !== look.unknownCode) {
        b.classList.add("tm-cell-inferred");
      }
      if (cell.holder === "c") { b.classList.add("tm-cell-contested"); }
      return b;
    });
    function show(i) {
      var c = strip[i];
      readout.textContent = cellText(look, c, c.claim >= 0 ? claims[c.claim] : null);
    }
    function focus(i) {
      buttons.forEach(function (b, j) { b.tabIndex = j === i ? 0 : -1; });
      buttons[i].focus();
      show(i);
    }
    grid.addEventListener("click", function (e) {
      var i = buttons.indexOf(e.target);
      if (i >= 0) { onWeek(i); }
    });
    grid.addEventListener("mouseover", function (e) {
      var i = buttons.indexOf(e.target);
      if (i >= 0) { show(i); }
    });
    grid.addEventListener("focusin", function (e) {
      var i = buttons.indexOf(e.target);
      if (i >= 0) { show(i); }
    });
    grid.addEventListener("keydown", function (e) {
      var i = buttons.indexOf(e.target);
      var moves = {ArrowRight: 1, ArrowLeft: -1, ArrowDown: 52, ArrowUp: -52};
      if (i < 0) { return; }
      var to = e.key === "Home" ? 0 : e.key === "End" ? buttons.length - 1
        : moves[e.key] ? Core.clampIndex(i + moves[e.key], buttons.length) : null;
      if (to !== null) {
        e.preventDefault();
        focus(to);
      }
    });
    var marked = -1;
    function mark(i) {
      if (i === marked) { return; }
      if (marked >= 0) { buttons[marked].removeAttribute("aria-current"); }
      marked = i;
      buttons[i].setAttribute("aria-current", "date");
      if (!grid.contains(document.activeElement)) {
        buttons.forEach(function (b, j) { b.tabIndex = j === i ? 0 : -1; });
        show(i);
      }
    }
    mark(shown);
    var more = el("details", "tm-story-text", null, box);
    el("summary", "", Strings.TEXT.storyText, more);
    var list = el("ol", "", null, more);
    runs(strip).forEach(function (r) {
      var holder = look.holderLabels[r.holder] +
        (r.evidence === "i" && r.holder !== look.unknownCode ? Strings.TEXT.storyInferred : "");
      el("li", "", fill("storySummary", {holder: holder, from: Core.weekLabel(r.from),
        to: Core.weekLabel(r.to), weeks: r.weeks}), list);
    });
    return {node: box, mark: mark};
  }

  return {
    cells: cells,
    runs: runs,
    lastNamed: lastNamed,
    widerGroups: widerGroups,
    lastNamedText: lastNamedText,
    cellText: cellText,
    place: place,
    render: render
  };
});
