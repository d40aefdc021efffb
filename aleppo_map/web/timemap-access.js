/* The map for everyone, without a browser: the words a screen reader hears (the week's status
 * line, an area's name as a control, the panel's holder line), the rows of the table of the
 * week and their order, which area lies in an arrow key's direction, and what reduced motion
 * changes. Every new word the map says is in STRINGS, one place for a translation. The map's
 * modules (timemap-keys.js, -announce.js, -table.js) use it in the browser, tests/js in Node. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./timemap-core.js"),  // eslint-disable-line no-undef
      require("./timemap-strings.js"));  // eslint-disable-line no-undef
  } else {
    root.TimeMapAccess = factory(root.TimeMapCore, root.TimeMapStrings);
  }
})(typeof self !== "undefined" ? self : this, function (Core, Strings) {
  "use strict";

  var N_ = Strings.N_;

  var STRINGS = {
    skip: N_("Skip to the time bar"),
    tableButton: N_("Table"),
    tableButtonLabel: N_("Table of the areas this week"),
    tableLabel: N_("Areas this week"),
    tableClose: N_("Close"),
    tableCloseLabel: N_("Close the table"),
    tableCaption: N_("Every area in the week of {week}. Choose an area to see its evidence; " +
      "sort with the column headings."),
    columns: [
      {key: "name", label: N_("Area")},
      {key: "district", label: N_("District")},
      {key: "holder", label: N_("Holder")},
      {key: "evidence", label: N_("Evidence")},
      {key: "since", label: N_("Since")}
    ],
    sortBy: N_("Sort by {column}"),
    noClaim: N_("no claim"),
    week: N_("Week of {week}: {changes}"),
    noChange: N_("no area changed hands"),
    slowerSpeeds: N_("Faster speeds are off: your system asks for reduced motion")
  };
  Strings.register(STRINGS, ["skip", "tableButton", "tableButtonLabel", "tableLabel",
    "tableClose", "tableCloseLabel", "tableCaption", "columns", "label", "sortBy", "noClaim",
    "week", "noChange", "slowerSpeeds"]);
  var MONTHS = Strings.register([N_("January"), N_("February"), N_("March"), N_("April"),
    N_("May"), N_("June"), N_("July"), N_("August"), N_("September"), N_("October"),
    N_("November"), N_("December")]);
  // With reduced motion, play shows no more than a week a second.
  var REDUCED_MS_PER_WEEK = 1000;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return values[key] !== undefined ? values[key] : all;
    });
  }

  // ------------------------------------------------------------------ words heard

  function longDate(iso, withMonth, withYear) {
    var d = +iso.slice(8, 10), m = +iso.slice(5, 7) - 1;
    return d + (withMonth ? " " + MONTHS[m] : "") + (withYear ? " " + iso.slice(0, 4) : "");
  }

  /** "21–27 November 2016" for the week that ends on Sunday `iso`, in full words. */
  function weekPhrase(iso) {
    var start = addDays(iso, -6);
    var sameYear = start.slice(0, 4) === iso.slice(0, 4);
    var sameMonth = sameYear && start.slice(5, 7) === iso.slice(5, 7);
    var first = longDate(start, !sameMonth, !sameYear);
    return first + (sameMonth ? "\u2013" : " \u2013 ") + longDate(iso, true, true);
  }

  function addDays(iso, days) {
    var t = new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10) + days));
    return t.toISOString().slice(0, 10);
  }

  /** The status line: "Week of 21–27 November 2016: 11 areas changed hands". */
  function statusLine(iso, changes) {
    return fill(STRINGS.week, {week: weekPhrase(iso),
      changes: changes ? Core.changedHands(changes) : STRINGS.noChange});
  }

  function holderAt(payload, k, i) {
    var look = payload.look;
    var holder = payload.weeks.holders[i].charAt(k);
    var evidence = payload.weeks.evidence[i].charAt(k);
    var known = holder !== look.unknownCode && look.evidenceNames[evidence];
    return {code: holder, label: look.holderLabels[holder], evidence: known ? evidence : ""};
  }

  /** An area as a control: "Hananu: Syrian government and allied forces, named". */
  function areaLabel(payload, k, i) {
    var h = holderAt(payload, k, i);
    return payload.names[k] + ": " + h.label +
      (h.evidence ? ", " + Strings.T(payload.look.evidenceNames[h.evidence]) : "");
  }

  /** The panel's holder line, as it is announced: "Hananu: Syrian government and allied
   * forces, named in the sentence". */
  function holderLine(payload, k, i) {
    var h = holderAt(payload, k, i);
    return payload.names[k] + ": " + h.label +
      (h.evidence ? ", " + payload.look.evidenceShort[h.evidence] : "");
  }

  // ------------------------------------------------------------- the table of the week

  /** The date of the claim area `k` follows in the week ending `iso` ("" before any): the
   * last of its followed claims' dates (payload.since[k], oldest first) on or before it. */
  function sinceAt(dates, iso) {
    var lo = 0, hi = dates.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (dates[mid] <= iso) { lo = mid + 1; } else { hi = mid; }
    }
    return lo ? dates[lo - 1] : "";
  }

  /** Each unit's district name (its group's), or "". */
  function districtNames(payload) {
    var groups = payload.groups;
    if (!groups) { return payload.ids.map(function () { return ""; }); }
    var names = Object.create(null);
    groups.ids.forEach(function (id, g) { names[id] = groups.names[g]; });
    return groups.unitDistrict.map(function (id) { return (id && names[id]) || ""; });
  }

  /** One row per unit in week `i`: {k, id, name, district, holder (code), holderLabel,
   * holderName (as `aleppo-map state` writes it), evidence ("named", "inferred" or ""),
   * since (ISO date or "")}. `districts` from districtNames. */
  function tableRows(payload, i, districts) {
    var iso = payload.weeks.dates[i], look = payload.look;
    return payload.ids.map(function (id, k) {
      var h = holderAt(payload, k, i);
      return {k: k, id: id, name: payload.names[k], district: districts[k], holder: h.code,
        holderLabel: h.label, holderName: look.holderNames[h.code],
        // as `aleppo-map state` says it, even of a claim that the holder is unknown
        evidence: look.evidenceNames[payload.weeks.evidence[i].charAt(k)] || "",
        since: payload.since ? sinceAt(payload.since[k], iso) : ""};
    });
  }

  var SORT_VALUE = {
    name: function (r) { return r.name; },
    district: function (r) { return r.district; },
    holder: function (r) { return r.holderLabel; },
    evidence: function (r) { return r.evidence; },
    since: function (r) { return r.since; }
  };

  /** The rows in the order of column `key` (descending if `down`), then by name. Empty values
   * go last either way. */
  function sortRows(rows, key, down) {
    var value = SORT_VALUE[key] || SORT_VALUE.name;
    var sign = down ? -1 : 1;
    return rows.slice().sort(function (a, b) {
      var x = value(a), y = value(b);
      if (x !== y) {
        if (!x) { return 1; }
        if (!y) { return -1; }
        return sign * (x < y ? -1 : 1);
      }
      return a.name < b.name ? -1 : a.name > b.name ? 1 : a.k - b.k;
    });
  }

  /** A row's cells as the table shows them: name, district, holder, evidence, since. */
  function rowCells(row) {
    return [row.name, row.district, row.holderLabel, row.evidence || STRINGS.noClaim,
      row.since];
  }

  // ------------------------------------------------------------ moving between areas

  var DIRECTIONS = {ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1]};

  /** The area an arrow `key` leads to from area `from`: the nearest label point within 60° of
   * the key's direction, angles weighed like distance; -1 if none. `points` are [lat, lon]. */
  function neighbour(points, from, key) {
    var dir = DIRECTIONS[key];
    if (!dir || !points[from]) { return -1; }
    var p = points[from], scale = Math.cos(p[0] * Math.PI / 180);
    var best = -1, bestScore = Infinity;
    points.forEach(function (q, k) {
      if (k === from) { return; }
      var dx = (q[1] - p[1]) * scale, dy = q[0] - p[0];
      var dist = Math.sqrt(dx * dx + dy * dy);
      if (!dist) { return; }
      var cos = (dx * dir[0] + dy * dir[1]) / dist;
      if (cos < 0.5) { return; }
      var score = dist * (2 - cos) * (2 - cos);
      if (score < bestScore) { bestScore = score; best = k; }
    });
    return best;
  }

  /** The area the keyboard enters the map on: the one nearest the middle of `bounds`
   * ([[south, west], [north, east]]). */
  function entryArea(points, bounds) {
    var lat = (bounds[0][0] + bounds[1][0]) / 2, lon = (bounds[0][1] + bounds[1][1]) / 2;
    var best = 0, bestDist = Infinity;
    points.forEach(function (q, k) {
      var d = (q[0] - lat) * (q[0] - lat) + (q[1] - lon) * (q[1] - lon);
      if (d < bestDist) { bestDist = d; best = k; }
    });
    return best;
  }

  // ------------------------------------------------------------------ reduced motion

  /** Whether the reader's system asks for reduced motion (`root`: a window, or nothing). */
  function reducedMotion(root) {
    return !!(root && root.matchMedia &&
      root.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  /** Leaflet's map options, with its zoom and fade animations off under reduced motion. */
  function mapOptions(options, reduced) {
    var out = {};
    Object.keys(options).forEach(function (k) { out[k] = options[k]; });
    if (reduced) {
      out.zoomAnimation = false;
      out.fadeAnimation = false;
      out.markerZoomAnimation = false;
      out.inertia = false;
    }
    return out;
  }

  /** Milliseconds per week of play: no faster than a week a second under reduced motion. */
  function playMs(ms, reduced) {
    return reduced ? Math.max(ms, REDUCED_MS_PER_WEEK) : ms;
  }

  return {
    STRINGS: STRINGS,
    REDUCED_MS_PER_WEEK: REDUCED_MS_PER_WEEK,
    fill: fill,
    weekPhrase: weekPhrase,
    statusLine: statusLine,
    areaLabel: areaLabel,
    holderLine: holderLine,
    sinceAt: sinceAt,
    districtNames: districtNames,
    tableRows: tableRows,
    sortRows: sortRows,
    rowCells: rowCells,
    neighbour: neighbour,
    entryArea: entryArea,
    reducedMotion: reducedMotion,
    mapOptions: mapOptions,
    playMs: playMs
  };
});
