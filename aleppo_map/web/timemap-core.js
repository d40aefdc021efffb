/* The map's rules without a browser: weeks and their words, the time bar's moves and texts,
 * the words of tooltips, claims in force and the evidence panel's words. Nothing here touches
 * the page: the map's modules (timemap*.js) use it in the browser, tests/js in Node. Places
 * and search are timemap-places.js; what the map draws and where, timemap-draw.js; the
 * address, timemap-address.js. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./timemap-strings.js"));  // eslint-disable-line no-undef
  } else {
    root.TimeMapCore = factory(root.TimeMapStrings);
  }
})(typeof self !== "undefined" ? self : this, function (Strings) {
  "use strict";

  var T = Strings.T, N_ = Strings.N_;

  var MONTHS = [N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"),
    N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")];
  Strings.register(MONTHS);
  // Weeks per second; the fastest shows at least ten weeks a second.
  var PLAY_SPEEDS = [
    {label: N_("1 week/s"), msPerWeek: 1000},
    {label: N_("4 weeks/s"), msPerWeek: 250},
    {label: N_("12 weeks/s"), msPerWeek: 83}
  ];
  Strings.register(PLAY_SPEEDS, ["label"]);

  // ---------------------------------------------------------------- weeks and changes

  /** The weekly frame whose week contains `iso` (the first Sunday on or after it), clamped. */
  function frameIndex(dates, iso) {
    var lo = 0, hi = dates.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (dates[mid] < iso) { lo = mid + 1; } else { hi = mid; }
    }
    return Math.min(lo, dates.length - 1);
  }

  function clampIndex(index, count) {
    return Math.max(0, Math.min(count - 1, index));
  }

  /** The nearest week after (dir 1) or before (dir -1) `index` with a change, or -1. */
  function nextChange(counts, index, dir) {
    for (var i = index + dir; i >= 0 && i < counts.length; i += dir) {
      if (counts[i] > 0) { return i; }
    }
    return -1;
  }

  function isoToParts(iso) {
    return {y: +iso.slice(0, 4), m: +iso.slice(5, 7) - 1, d: +iso.slice(8, 10)};
  }

  function shortDate(iso, withYear) {
    var p = isoToParts(iso);
    return p.d + " " + MONTHS[p.m] + (withYear ? " " + p.y : "");
  }

  function addDays(iso, days) {
    var p = isoToParts(iso);
    var t = new Date(Date.UTC(p.y, p.m, p.d + days));
    return t.toISOString().slice(0, 10);
  }

  /** "18 – 24 Jul 2016" for the week ending on Sunday `iso`. */
  function weekLabel(iso) {
    var start = addDays(iso, -6);
    var sameMonth = start.slice(0, 7) === iso.slice(0, 7);
    var sameYear = start.slice(0, 4) === iso.slice(0, 4);
    var first = sameMonth ? String(isoToParts(start).d) : shortDate(start, !sameYear);
    return first + " \u2013 " + shortDate(iso, true);
  }

  /** What a week's count of areas that changed hands reads as, in the bar and the strip. */
  function changedHands(n) {
    return n ? Strings.fill("areas", {n: n}) : T("no change of hands");
  }

  // --------------------------------------------------------------------- the time bar

  // The step buttons, in order: by a week or to the nearest change, back (-1) or on (1). The
  // glyph always shows; the word where there is room, on the outer side of the glyph.
  var STEPS = [
    {glyph: "\u00ab", word: N_("change"), label: N_("Previous change"), by: "change", dir: -1},
    {glyph: "\u2039", word: N_("week"), label: N_("Previous week"), by: "week", dir: -1},
    {glyph: "\u203a", word: N_("week"), label: N_("Next week"), by: "week", dir: 1},
    {glyph: "\u00bb", word: N_("change"), label: N_("Next change"), by: "change", dir: 1}
  ];
  Strings.register(STEPS, ["word", "label"]);
  var KEY_MOVES = {ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 13,
    PageDown: -13};

  /** What a key pressed on the Week slider does at week `index` of `count`: {play: true}
   * (Space: play or pause), {index: i} (arrows a week, Page Up/Down a quarter, Home/End),
   * or null (not the slider's: the browser keeps it). */
  function weekKey(key, index, count, rtl) {
    if (key === " " || key === "Spacebar") { return {play: true}; }
    if (key === "Home") { return {index: 0}; }
    if (key === "End") { return {index: count - 1}; }
    if (Object.prototype.hasOwnProperty.call(KEY_MOVES, key)) {
      // Right to left, the slider runs from the right (earlier) to the left (later): the
      // left and right arrows follow what the reader sees.
      var flip = rtl && (key === "ArrowLeft" || key === "ArrowRight") ? -1 : 1;
      return {index: clampIndex(index + flip * KEY_MOVES[key], count)};
    }
    return null;
  }

  var MIRROR = {"\u00ab": "\u00bb", "\u00bb": "\u00ab", "\u2039": "\u203a", "\u203a": "\u2039",
    "\u25b6": "\u25c0"};

  /** A step glyph as a right-to-left bar shows it (« and », ‹ and › swap). */
  function mirrorGlyph(glyph) {
    return Object.prototype.hasOwnProperty.call(MIRROR, glyph) ? MIRROR[glyph] : glyph;
  }

  /** The play button's face: its glyph, its word and its name, which says what it does. */
  function playButton(playing) {
    return playing ? {glyph: "\u275a\u275a", word: " " + T("Pause"), label: T("Pause")}
      : {glyph: "\u25b6", word: " " + T("Play"), label: T("Play")};
  }

  /** The slider's spoken value (`aria-valuetext`). */
  function sliderText(iso) {
    return Strings.fill(T("Week of {week}"), {week: weekLabel(iso)});
  }

  /** The change strip: a mark for each week in which areas changed hands, placed along the
   * slider (`left`, a CSS percentage) and taller for more changes (`height`, CSS pixels). */
  function changeMarks(changes, dates) {
    var count = dates.length;
    var most = Math.max.apply(null, changes.concat([1]));
    var marks = [];
    changes.forEach(function (n, i) {
      if (!n) { return; }
      marks.push({index: i, label: weekLabel(dates[i]) + ": " + changedHands(n),
        left: (count > 1 ? (100 * i) / (count - 1) : 0) + "%",
        height: (4 + Math.round(14 * Math.sqrt(n / most))) + "px"});
    });
    return marks;
  }

  /** The siege line under the date in week `i` (null while a route into the east is open):
   * its text, its title (the quoted sentence) and the route whose claim it cites. */
  function siegeLine(routes, siegeLabel, i) {
    var s = routes ? routes.siege[i] : -1;
    if (s < 0) { return null; }
    var claim = routes.siegeClaims[s];
    return {
      text: Strings.fill(T("{siege} since {date}: every route in is cut ({route}, {outlet}) " +
        "\u2014 why?"), {siege: T(siegeLabel), date: shortDate(claim.date, true),
        route: T(claim.routeName), outlet: claim.outlet}),
      title: "\u201c" + claim.quote + "\u201d \u2014 " + claim.outlet,
      route: claim.route
    };
  }

  // ------------------------------------------------------------------------ tooltips

  /** The words of area `k`'s tooltip in week `i`: its names, its `district` as given ("the
   * Old City", or "" when it is in none), its holder and, for a known holder, how the
   * sentence supports it (`evidence`, else null). */
  function areaTip(payload, k, i, district) {
    var look = payload.look;
    var holder = payload.weeks.holders[i].charAt(k);
    var evidence = payload.weeks.evidence[i].charAt(k);
    return {name: payload.names[k], nameAr: payload.namesAr[k] || "", district: district || "",
      holder: look.holderLabels[holder],
      evidence: holder !== look.unknownCode && evidence ? look.evidenceShort[evidence] : null};
  }

  /** A route's one-letter state in week `i`. */
  function routeStateAt(routes, id, i) {
    return routes.states[i].charAt(routes.ids.indexOf(id));
  }

  /** The words of a route's tooltip in week `i`: its name and its state. */
  function routeTip(payload, id, i) {
    var routes = payload.routes;
    return {name: routes.names[routes.ids.indexOf(id)],
      state: payload.look.routeLabels[routeStateAt(routes, id, i)]};
  }

  // ------------------------------------------------------------------------ claims

  /** Whether the map's colour rests on a claim: a unit's claims say so in `followed` (a claim
   * about a wider place may be adopted yet not followed by a unit a finer sentence covers);
   * a route's claims are followed when adopted. */
  function followed(claim) {
    return claim.followed === undefined ? claim.adopted : claim.followed;
  }

  /** Index of the claim in force at the end of `iso`: the last followed claim dated on or
   * before it (claims come in the order the rule reads them: by date, the wider place first,
   * then the file's line, so the last of a day wins), or -1. */
  function claimInForce(claims, iso) {
    var found = -1;
    for (var i = 0; i < claims.length; i++) {
      if (claims[i].date > iso) { break; }
      if (followed(claims[i])) { found = i; }
    }
    return found;
  }

  /** Claims the map does not follow that bear on the holding shown at `iso`: those not adopted
   * dated after the followed claim before the current one and before the next followed one. */
  function disagreeing(claims, iso) {
    var adopted = [];
    claims.forEach(function (c) { if (followed(c)) { adopted.push(c.date); } });
    var before = adopted.filter(function (d) { return d <= iso; });
    var after = adopted.filter(function (d) { return d > iso; });
    var start = before.length > 1 ? before[before.length - 2] : "";
    var end = after.length ? after[0] : "\uffff";
    var found = [];
    claims.forEach(function (c, i) {
      if (!c.adopted && c.date > start && c.date < end) { found.push(i); }
    });
    return found;
  }

  /** A unit's claims, from the payload's flat list and the unit's [index, followed] pairs. */
  function unitClaims(panel, k) {
    return panel.claims[k].map(function (pair) {
      return Object.assign({}, panel.claimList[pair[0]], {followed: pair[1] === 1});
    });
  }

  // ------------------------------------------------------------- the evidence panel

  /** What the panel shows of an area's claims at `iso`: the claim in force (-1: none), and the
   * claims the map does not follow, split into those of another holder (a conflict) and those
   * of the same holder (corroboration). */
  function claimsAt(claims, iso, unknownCode) {
    var inForce = claimInForce(claims, iso);
    var shown = inForce < 0 ? unknownCode : claims[inForce].holder;
    var others = disagreeing(claims, iso);
    return {inForce: inForce,
      rivals: others.filter(function (i) { return claims[i].holder !== shown; }),
      agreeing: others.filter(function (i) { return claims[i].holder === shown; })};
  }

  /** A claim's date, with its precision when coarser than a day. */
  function claimDate(claim) {
    var text = shortDate(claim.date, true);
    if (claim.precision !== "day") {
      text += " " + Strings.fill(T("(to the {precision})"), {precision: T(claim.precision)});
    }
    return text;
  }

  /** How the sentence supports the holder: it names the area, or the holder is inferred and
   * the claim's note says why. `about` is the name of the group the sentence speaks about
   * when it is not the area itself ("the Old City", "Eastern Aleppo"; see claimPlace); the
   * words are then `forGroup`'s (look.evidenceForGroup), with `{place}` for the name. */
  function evidenceText(evidenceLabels, claim, about, forGroup) {
    var named = claim.evidence === "named", key = named ? "n" : "i";
    var lead = about && forGroup ? Strings.fill(T(forGroup[key]), {place: about})
      : T(evidenceLabels[key]);
    return named ? lead + "." : Strings.fill(T("{evidence}, because: {note}"), {evidence: lead,
      note: claim.note});
  }

  /** The small print under a quote: the date as written, the claim, its confidence. */
  function claimMeta(claim) {
    return Strings.fill(T("Date as written: \u201c{written}\u201d \u00b7 claim {id} \u00b7 " +
      "confidence {confidence}"), {written: claim.asWritten, id: claim.id,
      confidence: T(claim.confidence)}) +
      (claim.evidence === "named" && claim.note ? " \u00b7 " + claim.note : "");
  }

  function rivalsHeading(n) {
    return Strings.fill(T("{n} claim disagrees with what the map shows|{n} claims disagree " +
      "with what the map shows"), {n: n});
  }

  function agreeingSummary(n) {
    return Strings.fill(T("{n} other claim gives the same holder|{n} other claims give the " +
      "same holder"), {n: n});
  }

  /** "Cite this view": the dataset's citation, the week and the link to the view. */
  function citeText(citation, iso, href) {
    return citation + " " + Strings.fill(T("State on {date}."), {date: shortDate(iso, true)}) +
      " " + href;
  }

  /** Area `k`'s name in language `lang`: the Arabic name first in Arabic (when it has one). */
  function areaName(payload, k, lang) {
    return lang === "ar" && payload.namesAr && payload.namesAr[k] ? payload.namesAr[k]
      : payload.names[k];
  }

  return {
    PLAY_SPEEDS: PLAY_SPEEDS,
    areaName: areaName,
    mirrorGlyph: mirrorGlyph,
    STEPS: STEPS,
    frameIndex: frameIndex,
    clampIndex: clampIndex,
    nextChange: nextChange,
    shortDate: shortDate,
    weekLabel: weekLabel,
    changedHands: changedHands,
    weekKey: weekKey,
    playButton: playButton,
    sliderText: sliderText,
    changeMarks: changeMarks,
    siegeLine: siegeLine,
    areaTip: areaTip,
    routeStateAt: routeStateAt,
    routeTip: routeTip,
    claimInForce: claimInForce,
    unitClaims: unitClaims,
    disagreeing: disagreeing,
    claimsAt: claimsAt,
    claimDate: claimDate,
    evidenceText: evidenceText,
    claimMeta: claimMeta,
    rivalsHeading: rivalsHeading,
    agreeingSummary: agreeingSummary,
    citeText: citeText
  };
});
