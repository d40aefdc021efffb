/* The words of compare mode, the story strip, the age of the evidence, the address's
 * messages and the phone's summary sheet and touch hints, in one table, so that another language replaces them in one place. A `{name}` in
 * a text is filled by `TimeMapStrings.fill`. Loaded in the browser and by tests/js in Node. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.TimeMapStrings = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var TEXT = {
    // the Compare control in the time bar
    compare: "Compare",
    compareLabel: "Compare: pin this week as A, then move the slider to week B",
    compareOn: "A: {date}",
    compareOnLabel: "Comparing with the week of {date} (week A); press to stop comparing",
    swap: "\u21c4",
    swapLabel: "Swap weeks A and B",
    pinA: "A",
    pinALabel: "Week A: {date}",
    // the list of changes
    changesTitle: "Changes between the two weeks",
    changesHeading: "From {from} to {to}: {count}",
    changesNone: "No area's holder differs between the two weeks.",
    areas: "{n} area changed hands|{n} areas changed hands",
    km2Heading: "km\u00b2 gained and lost",
    km2Holder: "Holder",
    km2Gained: "gained",
    km2Lost: "lost",
    km2Net: "net",
    arrow: " \u2192 ",
    changedOn: "{date}, claim ",
    openClaim: "Open claim {id} in the area's panel",
    inDistrict: "{district}",
    download: "Download the changes (CSV)",
    // the legend
    colourBy: "Colour by",
    byHolder: "Holder",
    byAge: "Age of evidence",
    compareKey: "Inner edge: holder in week A ({a}); fill: week B ({b})",
    ageKey: "Weeks since the last sentence that supports the colour",
    // the story strip
    storyTitle: "Holder week by week",
    storyHint: "Each cell is a week: dotted where the holder is inferred, grey where no " +
      "source speaks. Use \u2190 \u2192 to move, Enter to show that week on the map.",
    storyCell: "Week of {week}: {holder}",
    storyInferred: " (inferred)",
    storyClaim: "; claim {id} of {date}: \u201c{quote}\u201d",
    storyNoClaim: "; no claim",
    storySummary: "{holder} from {from} to {to} ({weeks} weeks)",
    storyText: "As a list",
    // the age of the evidence in the panel
    lastNamed: "Last named by a sentence on {date}, {weeks} before the shown week.",
    lastNamedAfter: "Named by a sentence on {date}, after the shown week.",
    neverNamed: "No sentence names this area on or before the shown week.",
    weeks: "{n} week|{n} weeks",
    ageTip: "Evidence {weeks} old",
    ageUnknown: "no claim",
    // the address
    badCompare: "The address's compare date \u201c{value}\u201d is not a date of the form " +
      "YYYY-MM-DD; not comparing.",
    outCompare: "The address's compare date {value} is outside the period this map covers; " +
      "comparing with the week of {date}.",
    badRoute: "The address names a route \u201c{value}\u201d that is not on this map.",
    // the summary sheet on a phone (timemap-sheet.js), the slider's bubble and the touch hint
    sheetLabel: "What the map shows now",
    sheetMore: "more",
    sheetMoreLabel: "more: show the whole evidence panel",
    sheetSince: "since {date}",
    sheetNoClaim: "No source has a claim about this area on or before this week.",
    sheetWeek: "{week}: {changes}",
    sheetChanged: "Changed hands: {names}",
    sheetPick: "Tap an area for the sentence behind its colour.",
    twoFingers: "Use two fingers to move the map"
  };

  /** `TEXT[key]` with each `{name}` replaced by `values[name]`; "a|b" picks the singular `a`
   * when `values.n` is 1, else the plural `b`. */
  function fill(key, values) {
    var text = TEXT[key] === undefined ? key : TEXT[key];
    values = values || {};
    if (text.indexOf("|") >= 0) {
      var forms = text.split("|");
      text = values.n === 1 ? forms[0] : forms[1];
    }
    return text.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  return {TEXT: TEXT, fill: fill};
});
