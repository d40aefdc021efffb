/* The words of the parts made for phones and embeds (the summary sheet, the slider's bubble,
 * the two-finger hint), in one place: a translation replaces this object. "{name}" marks
 * where a value goes (TimeMapText.fill). */
(function (root) {
  "use strict";

  var TEXT = {
    sheetLabel: "What the map shows now",
    more: "more",
    moreLabel: "Show the whole evidence panel",
    since: "since {date}",
    noClaim: "No source has a claim about this area on or before this week.",
    week: "{week}: {changes}",
    changedAreas: "Changed hands: {names}",
    pick: "Tap an area for the sentence behind its colour.",
    twoFingers: "Use two fingers to move the map"
  };

  /** `text` with each {name} replaced by `values[name]`. */
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  root.TimeMapText = {TEXT: TEXT, fill: fill};
})(typeof self !== "undefined" ? self : this);
