/* The map's words in another language, and the table of compare mode, the story strip, the
 * age of the evidence, the address's messages and the phone's summary sheet and touch hints.
 * Every English text the map shows is marked where it is written, `T("…")` (translated when
 * shown) or `N_("…")` (a table entry, translated by `fill`); tools/i18n.py extracts them into
 * the one gettext catalog (aleppo_map/locale/) and compiles its translations to
 * web/strings-<lang>.json, which the payload carries and `use` installs. A `{name}` in a text
 * is filled by `fill`. Loaded first, in the browser and by tests/js in Node. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.TimeMapStrings = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var RTL = {ar: true};
  var current = {lang: "en", table: {}};

  /** Marks an English text for the catalog; it is translated where it is shown. */
  function N_(text) { return text; }

  /** The text in the language in use (the English text itself when it has no translation). */
  function T(text) {
    var table = current.table;
    return Object.prototype.hasOwnProperty.call(table, text) ? table[text] : text;
  }

  /** Use language `lang` with its `table` (English text -> translation, from the payload);
   * an unknown language or a missing table is English. Returns the language in use. */
  function use(lang, table) {
    var ok = typeof lang === "string" && lang !== "en" && table && typeof table === "object";
    current = ok ? {lang: lang, table: table} : {lang: "en", table: {}};
    registered.forEach(function (r) { rewrite(r.target, r.english, r.keys); });
    return current.lang;
  }

  // Tables of English texts that modules keep (a word per step button, the month names):
  // `use` rewrites their texts in the language in use; `english` keeps the originals.
  var registered = [];

  function copy(value) { return JSON.parse(JSON.stringify(value)); }

  /** Each text of `english` (nested objects and arrays), translated into `target`; of an
   * object, only the `keys` named when there is a list (other values are not words). */
  function rewrite(target, english, keys) {
    Object.keys(english).forEach(function (key) {
      var text = english[key];
      if (keys && !Array.isArray(english) && keys.indexOf(key) < 0) { return; }
      if (typeof text === "string") { target[key] = T(text); }
      else if (text && typeof text === "object") { rewrite(target[key], text, keys); }
    });
  }

  /** Keep `table` (an object or array of English texts, nested; of its objects only the
   * `keys` given, if any) in the language in use. */
  function register(table, keys) {
    var entry = {target: table, english: copy(table), keys: keys};
    registered.push(entry);
    rewrite(table, entry.english, keys);
    return table;
  }

  /** Translate the texts of `table` in place, once (the payload's labels), or only `keys`. */
  function translate(table, keys) {
    if (table && typeof table === "object") { rewrite(table, copy(table), keys); }
    return table;
  }

  function lang() { return current.lang; }

  /** Start the map's words in `lang`: the payload's translations (payload.strings[lang]),
   * its labels translated, the Arabic names first, `doc`'s root marked (lang, dir). */
  function setup(payload, wanted, doc) {
    var chosen = use(wanted, (payload.strings || {})[wanted]);
    if (chosen !== "en" && !payload.translated) {
      payload.translated = true;
      translate(payload.look, ["holderLabels", "evidenceLabels", "evidenceForGroup",
        "evidenceShort", "routeLabels", "legend", "label", "n", "i", "g", "o", "k", "c", "u",
        "f", "-"]);
      if (chosen === "ar") {  // Arabic names first; the other name second
        [payload, payload.groups, payload.routes].forEach(arabicFirst);
        if (payload.groups && payload.groups.the) {  // a group in a sentence: its Arabic name
          var gr = payload.groups;
          gr.the = gr.the.map(function (t, g) {
            return gr.names[g] !== gr.namesAr[g] ? gr.names[g] : t;
          });
        }
        ((payload.landmarks || {}).features || []).forEach(function (f) {
          f.properties.name = f.properties.nameAr || f.properties.name;
        });
        ((payload.routes || {}).siegeClaims || []).forEach(function (c, i) {
          c.routeName = payload.routes.names[payload.routes.ids.indexOf(c.route)] ||
            c.routeName;
          return i;
        });
      }
    }
    mark(doc);
    return chosen;
  }

  function arabicFirst(table) {
    if (!table || !table.names || !table.namesAr) { return; }
    var english = table.names;
    table.names = english.map(function (n, k) { return table.namesAr[k] || n; });
    table.namesAr = english;
  }

  /** The page's "English | العربية" links (`[data-tm-lang]` in `doc`): the one in use is
   * marked current; choosing another calls `choose(lang)`. */
  function switcher(doc, choose) {
    if (!doc || !doc.querySelectorAll) { return; }
    Array.prototype.forEach.call(doc.querySelectorAll("[data-tm-lang]"), function (link) {
      var to = link.getAttribute("data-tm-lang");
      if (to === current.lang) { link.setAttribute("aria-current", "true"); }
      link.addEventListener("click", function (event) {
        event.preventDefault();
        if (to !== current.lang) { choose(to); }
      });
    });
  }

  function isRtl() { return RTL[current.lang] === true; }

  /** `document`'s root says the language and its direction. */
  function mark(doc) {
    if (doc && doc.documentElement) {
      doc.documentElement.lang = current.lang;
      doc.documentElement.dir = isRtl() ? "rtl" : "ltr";
    }
  }

  var TEXT = {
    // the Compare control in the time bar
    compare: N_("Compare"),
    compareLabel: N_("Compare: pin this week as A, then move the slider to week B"),
    compareOn: N_("A: {date}"),
    compareOnLabel: N_("Comparing with the week of {date} (week A); press to stop comparing"),
    swap: "\u21c4",
    swapLabel: N_("Swap weeks A and B"),
    pinA: N_("A"),
    pinALabel: N_("Week A: {date}"),
    // the list of changes
    changesTitle: N_("Changes between the two weeks"),
    changesHeading: N_("From {from} to {to}: {count}"),
    changesNone: N_("No area's holder differs between the two weeks."),
    areas: N_("{n} area changed hands|{n} areas changed hands"),
    km2Heading: N_("km\u00b2 gained and lost"),
    km2Holder: N_("Holder"),
    km2Gained: N_("gained"),
    km2Lost: N_("lost"),
    km2Net: N_("net"),
    arrow: N_(" \u2192 "),
    changedOn: N_("{date}, claim "),
    openClaim: N_("Open claim {id} in the area's panel"),
    inDistrict: "{district}",
    download: N_("Download the changes (CSV)"),
    // the legend
    colourBy: N_("Colour by"),
    byHolder: N_("Holder"),
    byAge: N_("Age of evidence"),
    compareKey: N_("Inner edge: holder in week A ({a}); fill: week B ({b})"),
    ageKey: N_("Weeks since the last sentence that supports the colour"),
    // the story strip
    storyTitle: N_("Holder week by week"),
    storyHint: N_("Each cell is a week: dotted where the holder is inferred, grey where no " +
      "source speaks. Use \u2190 \u2192 to move, Enter to show that week on the map."),
    storyCell: N_("Week of {week}: {holder}"),
    storyInferred: N_(" (inferred)"),
    storyClaim: N_("; claim {id} of {date}: \u201c{quote}\u201d"),
    storyNoClaim: N_("; no claim"),
    storySummary: N_("{holder} from {from} to {to} ({weeks} weeks)"),
    storyText: N_("As a list"),
    // the age of the evidence in the panel
    lastNamed: N_("Last named by a sentence on {date}, {weeks} before the shown week."),
    lastNamedAfter: N_("Named by a sentence on {date}, after the shown week."),
    neverNamed: N_("No sentence names this area on or before the shown week."),
    weeks: N_("{n} week|{n} weeks"),
    ageTip: N_("Evidence {weeks} old"),
    ageUnknown: N_("no claim"),
    // the address
    badCompare: N_("The address's compare date \u201c{value}\u201d is not a date of the form " +
      "YYYY-MM-DD; not comparing."),
    outCompare: N_("The address's compare date {value} is outside the period this map covers; " +
      "comparing with the week of {date}."),
    badRoute: N_("The address names a route \u201c{value}\u201d that is not on this map."),
    // the summary sheet on a phone (timemap-sheet.js), the slider's bubble and the touch hint
    sheetLabel: N_("What the map shows now"),
    sheetMore: N_("more"),
    sheetMoreLabel: N_("more: show the whole evidence panel"),
    sheetSince: N_("since {date}"),
    sheetNoClaim: N_("No source has a claim about this area on or before this week."),
    sheetWeek: "{week}: {changes}",
    sheetChanged: N_("Changed hands: {names}"),
    sheetPick: N_("Tap an area for the sentence behind its colour."),
    twoFingers: N_("Use two fingers to move the map")
  };

  register(TEXT);  // read directly too (TEXT.compare): kept in the language in use

  /** `TEXT[key]` with each `{name}` replaced by `values[name]`; "a|b" picks the singular `a`
   * when `values.n` is 1, else the plural `b`. */
  function fill(key, values) {
    var text = T(TEXT[key] === undefined ? key : TEXT[key]);
    values = values || {};
    if (text.indexOf("|") >= 0) {  // a translation without "|" fits every number
      var forms = text.split("|");
      text = values.n === 1 ? forms[0] : forms[1];
    }
    return text.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  return {TEXT: TEXT, fill: fill, T: T, N_: N_, use: use, lang: lang, isRtl: isRtl,
    mark: mark, register: register, translate: translate, setup: setup,
    switcher: switcher};
});
