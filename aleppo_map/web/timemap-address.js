/* The view in the published file's address, without a browser: read
 * "#date=YYYY-MM-DD&compare=YYYY-MM-DD&area=id&route=id&mode=age" forgivingly, write it
 * back, and say what could not be honoured. The app keeps the same view in its query
 * (aleppo_map/viewstate.py). Used by timemap.js and the panel; tests/js in Node. */
/* global require */  // the Node tests load this module with its dependencies
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./timemap-strings.js"));
  } else {
    root.TimeMapAddress = factory(root.TimeMapStrings);
  }
})(typeof self !== "undefined" ? self : this, function (Strings) {
  "use strict";

  var ISO = /^\d{4}-\d{2}-\d{2}$/;
  var ID = /^[a-z0-9][a-z0-9_.-]{0,99}$/;
  var MODES = {age: true};
  var LANGS = {en: true, ar: true};  // the interface's languages (i18n.py LANGUAGES)
  var SHOWN_MAX = 40;  // a bad value is echoed in a message, cut to this length

  /** Whether `iso` (YYYY-MM-DD) is a day of the calendar: 2016-02-30 is not. */
  function isDay(iso) {
    if (!ISO.test(iso)) { return false; }
    var y = +iso.slice(0, 4), m = +iso.slice(5, 7), d = +iso.slice(8, 10);
    var t = new Date(Date.UTC(y, m - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  }

  /** A value safe to echo in a message: control characters dropped, cut short. */
  function shorten(value) {
    var clean = Array.prototype.filter.call(String(value), function (ch) {
      var code = ch.charCodeAt(0);
      return code >= 0x20 && (code < 0x7f || code > 0x9f);
    }).join("");
    return clean.length <= SHOWN_MAX ? clean : clean.slice(0, SHOWN_MAX - 1) + "\u2026";
  }

  /** {date, area, compare, route, mode, lang} from the hash (anything else is ignored); a compare
   * value that is no date is kept in `badCompare`. */
  function parseHash(hash) {
    var state = {};
    String(hash || "").replace(/^#/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq < 0) { return; }
      var key = part.slice(0, eq), value;
      try { value = decodeURIComponent(part.slice(eq + 1)); } catch (e) { return; }
      if (key === "date" && ISO.test(value)) { state.date = value; }
      if (key === "area" && ID.test(value)) { state.area = value; }
      if (key === "route") { state.route = value; }
      if (key === "mode" && MODES[value] === true) { state.mode = value; }
      if (key === "lang" && LANGS[value] === true) { state.lang = value; }
      if (key === "compare") {
        if (isDay(value)) { state.compare = value; } else { state.badCompare = value; }
      }
    });
    return state;
  }

  /** The hash of a view: {date, compare, area, route, mode}, the empty ones left out. */
  function formatHash(view) {
    var hash = "#date=" + view.date;
    if (view.compare) { hash += "&compare=" + view.compare; }
    if (view.area) { hash += "&area=" + encodeURIComponent(view.area); }
    if (view.route) { hash += "&route=" + encodeURIComponent(view.route); }
    if (view.mode && view.mode !== "holder") { hash += "&mode=" + view.mode; }
    if (view.lang && LANGS[view.lang] === true) { hash += "&lang=" + view.lang; }
    return hash;
  }

  function has(known, key) {
    return Boolean(known) && Object.prototype.hasOwnProperty.call(known, key);
  }

  /** The view a published file opens on: its address's date, area, compare week, route and
   * mode, else the file's own defaults (an address with a date but no area selects none).
   * `defaults`: {date, area}; `known`: {areas: id -> index, routes: id -> true, first, last:
   * the first and last weekly frames}. `messages` says what could not be honoured. */
  function openingView(hash, defaults, known) {
    var wanted = parseHash(hash);
    var messages = [];
    var area = wanted.date || wanted.area ? wanted.area : defaults.area;
    var view = {date: wanted.date || defaults.date, area: has(known.areas, area) ? area : null,
      compare: null, route: null, mode: wanted.mode || "holder", messages: messages};
    if (wanted.badCompare !== undefined) {
      messages.push(Strings.fill("badCompare", {value: shorten(wanted.badCompare)}));
    } else if (wanted.compare) {
      view.compare = wanted.compare;
      if (known.first && (wanted.compare < known.first || wanted.compare > known.last)) {
        var clamped = wanted.compare < known.first ? known.first : known.last;
        messages.push(Strings.fill("outCompare", {value: wanted.compare, date: clamped}));
        view.compare = clamped;
      }
    }
    if (wanted.route !== undefined) {
      if (has(known.routes, wanted.route)) {
        view.route = wanted.route;
        view.area = null;
      } else {
        messages.push(Strings.fill("badRoute", {value: shorten(wanted.route)}));
      }
    }
    return view;
  }

  /** What the host was told, as a key: a report equal to the last one is not sent again. */
  function reportKey(view) {
    return [view.date, view.area, view.route, view.compare, view.mode].join("|");
  }

  return {
    isDay: isDay,
    shorten: shorten,
    parseHash: parseHash,
    formatHash: formatHash,
    openingView: openingView,
    reportKey: reportKey
  };
});
