/* The summary sheet: on a narrow map (a phone, a narrow embed), the evidence panel is below
 * the map, off the screen, so the top of the time bar says what the panel would: the chosen
 * area's holder, since when, whether the sentence names it and the first line of the quote,
 * or the week's changes when nothing is chosen; "more" brings the whole panel into view.
 * It follows every paint (a release, a step, a pick, a drag) and has a fixed height, so the
 * map does not move as it changes. The same in the app and the published file: it reads the
 * claims the payload carries (`panel` in the file, its shorter `sheet` in the app). */
(function (root) {
  "use strict";
  var Core = root.TimeMapCore;
  var Dom = root.TimeMapDom;
  var Strings = root.TimeMapStrings;
  var el = Dom.el, attrs = Dom.attrs;
  var NARROW = 640;  // px: a map narrower than this has the panel below it (the app's)

  /** The sheet, first in the time bar `bar`; `ctl` is the map's controller, `options` those
   * of TimeMap.start (options.panel: the published file's panel, which "more" shows). */
  function create(bar, ctl, options) {
    var payload = ctl.payload, look = payload.look, T = Strings.TEXT;
    var data = payload.panel || payload.sheet;
    var sheet = attrs(el("section", "tm-sheet", null, null), {"aria-label": T.sheetLabel});
    bar.insertBefore(sheet, bar.firstChild);
    var head = el("div", "tm-sheet-head", null, sheet);
    var name = el("span", "tm-sheet-name", "", head);
    var badge = el("span", "tm-badge tm-sheet-badge", "", head);
    var line = el("div", "tm-sheet-line", null, sheet);
    var since = el("span", "tm-sheet-since", "", line);
    var more = attrs(el("button", "tm-link tm-sheet-more", T.sheetMore, line),
      {type: "button", "aria-label": T.sheetMoreLabel});
    var quote = el("p", "tm-sheet-quote", "", sheet);
    quote.dir = "auto";  // the sentence as published (English), in either page
    // The app's panel is below the frame: the end of the frame's page, scrolled to the top.
    var end = options.panel ? null : el("div", "tm-sheet-end", null, document.body);
    var areaIndex = ctl.areaIndex;

    more.addEventListener("click", function () {
      var target = options.panel || end;
      if (target && target.scrollIntoView) {
        target.scrollIntoView({block: "start",
          behavior: ctl.reducedMotion ? "auto" : "smooth"});
      }
    });

    function show(holderCode, kind) {
      badge.hidden = holderCode === null;
      if (holderCode === null) { return; }
      badge.textContent = kind === "route" ? look.routeLabels[holderCode]
        : look.holderLabels[holderCode];
      badge.style.borderColor = kind === "route" ? "" : look.colours[holderCode] || "";
    }

    function outlet(claim) {
      var src = data && data.sources[claim.source];
      return src ? src.outlet : claim.source;
    }

    function claimLines(claim, kind) {
      show(claim.holder, kind);
      var how = kind === "route" ? "" : " \u00b7 " + (claim.evidence === "named" ?
        look.evidenceShort.n : look.evidenceShort.i);
      since.textContent = Strings.fill("sheetSince", {date: Core.claimDate(claim)}) + how;
      quote.textContent = "\u201c" + claim.quote + "\u201d \u2014 " + outlet(claim);
    }

    function areaSummary(k, iso, i) {
      name.textContent = payload.names[k];
      var claims = data ? Core.unitClaims(data, k) : [];
      var at = Core.claimInForce(claims, iso);
      if (at < 0) {
        show(payload.weeks.holders[i].charAt(k), "area");
        since.textContent = "";
        quote.textContent = T.sheetNoClaim;
      } else {
        claimLines(claims[at], "area");
      }
    }

    function routeSummary(id, iso) {
      var routes = payload.routes;
      name.textContent = routes.names[routes.ids.indexOf(id)];
      var claims = (data && data.routeClaims[id]) || [];
      var at = Core.claimInForce(claims, iso);
      if (at < 0) {
        show(null);
        since.textContent = "";
        quote.textContent = "";
      } else {
        claimLines(claims[at], "route");
      }
    }

    function weekSummary(i, iso) {
      var changed = payload.weeks.changed[i];
      name.textContent = Strings.fill("sheetWeek", {week: Core.weekLabel(iso),
        changes: Core.changedHands(changed.length)});
      show(null);
      since.textContent = changed.length ? Strings.fill("sheetChanged", {names: changed.map(
        function (k) { return payload.names[k]; }).join(Strings.T(", "))}) : "";
      quote.textContent = T.sheetPick;
    }

    function paint(state) {
      if (sheet.hidden) { return; }
      var iso = payload.weeks.dates[state.index];
      sheet.setAttribute("data-week", iso);
      if (state.route) {
        routeSummary(state.route, iso);
      } else if (state.area !== null && areaIndex[state.area] !== undefined) {
        areaSummary(areaIndex[state.area], iso, state.index);
      } else {
        weekSummary(state.index, iso);
      }
    }

    /** Shown on a narrow map only: beside a wide one the panel is in view. */
    var stacked = options.stacked || function () {
      return ctl.container.clientWidth < NARROW;
    };

    function fit() {
      var hidden = !stacked();
      if (sheet.hidden !== hidden) {
        sheet.hidden = hidden;
        paint(ctl.state());
        ctl.relayout();
      }
    }

    sheet.hidden = true;
    fit();
    if (root.ResizeObserver) { new root.ResizeObserver(fit).observe(ctl.container); }
    root.addEventListener("resize", fit);
    ctl.onPaint(paint);
    return {element: sheet, paint: paint};
  }

  root.TimeMapSheet = {create: create, NARROW: NARROW};
})(typeof self !== "undefined" ? self : this);
