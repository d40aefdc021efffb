/* The map's logic without a browser: weeks, changes, claims in force, search, the address
 * and label placement. Used by timemap.js in the page and by tests/js in Node. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.TimeMapCore = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
    "Dec"];
  // Weeks per second; the fastest shows at least ten weeks a second.
  var PLAY_SPEEDS = [
    {label: "1 week/s", msPerWeek: 1000},
    {label: "4 weeks/s", msPerWeek: 250},
    {label: "12 weeks/s", msPerWeek: 83}
  ];

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

  // ------------------------------------------------------------------------ claims

  /** Index of the claim in force at the end of `iso`: the last adopted claim dated on or before
   * it (claims are sorted by date, then file line: the later line wins a tie), or -1. */
  function claimInForce(claims, iso) {
    var found = -1;
    for (var i = 0; i < claims.length; i++) {
      if (claims[i].date > iso) { break; }
      if (claims[i].adopted) { found = i; }
    }
    return found;
  }

  /** Claims the map does not follow that bear on the holding shown at `iso`: those dated after
   * the adopted claim before the current one and before the next adopted claim. */
  function disagreeing(claims, iso) {
    var adopted = [];
    claims.forEach(function (c) { if (c.adopted) { adopted.push(c.date); } });
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

  // ------------------------------------------------------------------------ search

  var ARTICLE = /(^| )(?:al|el|as|ash|ad|adh|ar|az|at|ath|an|es|ed|er|ez|et|en) (?=\S)/g;

  /** Mirror of aleppo_map.evidence.spelling_key: case, accents, apostrophes, hyphens and the
   * Arabic article do not matter. */
  function spellingKey(text) {
    var s = String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    s = s.toLowerCase().replace(/[\u064b-\u065f\u0670\u0640]/g, "");
    s = s.replace(/['\u2018\u2019\u02bc\u02bb\u02be\u02bf`\u00b4]/g, "");
    s = s.replace(/[\s\-\u2010-\u2015_/.,;:()[\]"\u201c\u201d\u00ab\u00bb!?]+/g, " ").trim();
    // Twice: "al as-x" drops both articles, as Python's overlapping-free regex does in one pass.
    s = s.replace(ARTICLE, "$1").replace(ARTICLE, "$1");
    return s.trim();
  }

  /** One entry per area: its display label and every key it can be found by. */
  function searchIndex(ids, names, namesAr, altNames) {
    return ids.map(function (id, k) {
      var spellings = [names[k], namesAr[k]].concat(altNames[k] || []);
      var keys = [];
      spellings.forEach(function (s) {
        var key = spellingKey(s);
        if (key && keys.indexOf(key) < 0) { keys.push(key); }
      });
      return {index: k, id: id, label: names[k], labelAr: namesAr[k], keys: keys,
        spellings: spellings, sortKey: spellingKey(names[k])};
    });
  }

  /** Areas matching `query`, best first: a whole key, then a key's start, then a word's start,
   * then anywhere. Each result says which spelling matched. */
  function search(index, query, limit) {
    var q = spellingKey(query);
    if (!q) { return []; }
    var hits = [];
    index.forEach(function (entry) {
      var best = 9, matched = null;
      entry.keys.forEach(function (key, j) {
        var rank = key === q ? 0 : key.indexOf(q) === 0 ? 1
          : key.indexOf(" " + q) >= 0 ? 2 : key.indexOf(q) >= 0 ? 3 : 9;
        if (rank < best) { best = rank; matched = j; }
      });
      if (best < 9) {
        var spelling = entry.spellings.filter(function (s) {
          return spellingKey(s) === entry.keys[matched];
        })[0];
        hits.push({entry: entry, rank: best, matched: spelling});
      }
    });
    hits.sort(function (a, b) {
      return a.rank - b.rank || a.entry.sortKey.localeCompare(b.entry.sortKey);
    });
    return hits.slice(0, limit || 8);
  }

  // --------------------------------------------------------------------- the address

  /** {date, area} from "#date=YYYY-MM-DD&area=id" (anything else is ignored). */
  function parseHash(hash) {
    var state = {};
    String(hash || "").replace(/^#/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq < 0) { return; }
      var key = part.slice(0, eq), value;
      try { value = decodeURIComponent(part.slice(eq + 1)); } catch (e) { return; }
      if (key === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) { state.date = value; }
      if (key === "area" && /^[a-z0-9][a-z0-9_.-]{0,99}$/.test(value)) { state.area = value; }
    });
    return state;
  }

  function formatHash(date, area) {
    return "#date=" + date + (area ? "&area=" + encodeURIComponent(area) : "");
  }

  // ------------------------------------------------------------------- drawing

  /** The Leaflet path style of an area in a week. `holder` and `evidence` are one-letter
   * codes; `look` is the payload's style table. */
  function pathStyle(look, holder, evidence, changed, selected) {
    var inferred = evidence === "i" && holder !== look.unknownCode;
    var fill = look.fills[holder + (inferred ? "i" : "")] || look.fills[holder];
    var style = {
      fillColor: fill,
      fillOpacity: holder === look.unknownCode ? look.unknownOpacity : look.fillOpacity,
      color: look.border, weight: 1, opacity: 1, dashArray: null
    };
    if (changed) { assign(style, look.changed); }
    if (selected) {
      assign(style, look.selected);
      if (changed) { style.weight = look.selectedChangedWeight; }
    }
    return style;
  }

  function assign(target, source) {
    Object.keys(source).forEach(function (k) { target[k] = source[k]; });
    return target;
  }

  /** Greedy label placement: each label (in priority order) takes the first of its candidate
   * boxes that overlaps no placed box; a label with none left is hidden (-1).
   * items: [{boxes: [[x0, y0, x1, y1], ...]}]; `within` [x0, y0, x1, y1] keeps labels inside
   * the visible map. Returns the chosen candidate per item. */
  function placeLabels(items, margin, within) {
    var placed = [], pad = margin || 0;
    return items.map(function (item) {
      for (var c = 0; c < item.boxes.length; c++) {
        var b = item.boxes[c];
        if (within && (b[0] < within[0] || b[1] < within[1] || b[2] > within[2] ||
            b[3] > within[3])) {
          continue;  // a label cut by the frame's edge or hidden under a bar
        }
        var free = placed.every(function (p) {
          return b[2] + pad <= p[0] || p[2] + pad <= b[0] || b[3] + pad <= p[1] ||
            p[3] + pad <= b[1];
        });
        if (free) { placed.push(b); return c; }
      }
      return -1;
    });
  }

  /** What a week's count of areas that changed hands reads as, in the bar and the strip. */
  function changedHands(n) {
    return n ? n + (n > 1 ? " areas" : " area") + " changed hands" : "no change of hands";
  }

  // ------------------------------------------------------------ the page (browser only)

  /** A new element with a class and a text (textContent: never parsed as HTML). */
  function el(tag, className, text, parent) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  return {
    el: el,
    PLAY_SPEEDS: PLAY_SPEEDS,
    frameIndex: frameIndex,
    clampIndex: clampIndex,
    nextChange: nextChange,
    weekLabel: weekLabel,
    changedHands: changedHands,
    shortDate: shortDate,
    claimInForce: claimInForce,
    disagreeing: disagreeing,
    spellingKey: spellingKey,
    searchIndex: searchIndex,
    search: search,
    parseHash: parseHash,
    formatHash: formatHash,
    pathStyle: pathStyle,
    placeLabels: placeLabels,
    assign: assign
  };
});
