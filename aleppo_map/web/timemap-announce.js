/* What a screen reader hears without moving: one polite status line. When the reader settles
 * on a week (a release of the slider, a pause, a step, the end of play) it says the week and
 * how many areas changed hands, "Week of 21–27 November 2016: 11 areas changed hands", then
 * the chosen area's holder line; when the choice of area changes, the holder line alone. It
 * says nothing while the map plays or is dragged: the controller tells it only when the reader
 * settles (controller.onSettle). */
(function (root) {
  "use strict";
  var Access = root.TimeMapAccess;
  var Dom = root.TimeMapDom;

  /** The status line in `ctl.container`; `ctl` is the map's controller. */
  function create(ctl) {
    var payload = ctl.payload;
    var region = Dom.attrs(Dom.el("div", "tm-sr tm-status", "", ctl.container), {
      role: "status", "aria-live": "polite", "aria-atomic": "true"});
    var heard = null;  // the week and the area last spoken of (or shown first)

    function say(text) {
      if (region.textContent !== text) { region.textContent = text; }
    }

    /** What to say when the reader settles on state `s`, given what was said before. */
    function settled(s) {
      if (s.playing || heard === null) { return; }
      var weekMoved = s.index !== heard.index, areaMoved = s.area !== heard.area;
      heard = {index: s.index, area: s.area};
      if (!weekMoved && !areaMoved) { return; }
      var parts = [];
      if (weekMoved) {
        parts.push(Access.statusLine(payload.weeks.dates[s.index], payload.weeks.changes[s.index]));
      }
      var k = s.area === null ? undefined : ctl.areaIndex[s.area];
      if (k !== undefined) { parts.push(Access.holderLine(payload, k, s.index)); }
      if (parts.length) { say(parts.join(". ")); }
    }

    // The opening view is shown, not spoken.
    ctl.onPaint(function (s) {
      if (heard === null) { heard = {index: s.index, area: s.area}; }
    });
    ctl.onSettle(settled);
    return {region: region, say: say};
  }

  root.TimeMapAnnounce = {create: create};
})(typeof self !== "undefined" ? self : this);
