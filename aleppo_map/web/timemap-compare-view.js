/* Compare mode and the age map on the page: the Compare control in the time bar (it pins the
 * shown week as A; the slider then moves B; ⇄ swaps them), the mark of week A on the track,
 * the legend's "Colour by" choice and its key (from -> to pairs, or the age classes), and the
 * list of changes between the two weeks with the km² gained and lost, which the published
 * file's panel and the app's side frame both draw (`renderList`). The rules are
 * timemap-compare.js; text goes in with textContent only. */
(function (root) {
  "use strict";
  var Core = root.TimeMapCore;
  var Compare = root.TimeMapCompare;
  var Strings = root.TimeMapStrings;
  var Dom = root.TimeMapDom;
  var Patterns = root.TimeMapPatterns;
  var el = Dom.el, attrs = Dom.attrs, fill = Strings.fill, TEXT = Strings.TEXT;

  /** A holder's badge: its label on its colour's border. */
  function badge(look, code, parent) {
    var span = el("span", "tm-badge tm-badge-" + code, look.holderLabels[code], parent);
    span.style.borderColor = look.colours[code];
    return span;
  }

  /** A legend swatch for a change: week B's colour inside week A's edge. */
  function pairSwatch(look, pair) {
    var svg = Patterns.swatch(look.colours[pair.to], null);
    var rect = svg.querySelector("rect");
    attrs(rect, {stroke: look.colours[pair.from], "stroke-width": 4});
    return svg;
  }

  // ----------------------------------------------------------- the list of changes

  /** The changes between weeks `a` and `b` in `parent`: a heading, the km² gained and lost
   * per holder, and a list with one item per unit whose holder differs (the rows of
   * `aleppo-map diff`). `links.select(id)`: the reader chose a unit; `links.href(view)`: the
   * address of a view ({date, compare, area}); `links.claim(id, claimId)`: the reader
   * followed the link of a claim. */
  function renderList(parent, payload, a, b, links) {
    var look = payload.look, panel = payload.panel, weeks = payload.weeks;
    var rows = Compare.diffRows(payload, a, b);
    var box = attrs(el("section", "tm-compare", null, parent), {"data-a": weeks.dates[a],
      "data-b": weeks.dates[b]});
    el("h3", "", TEXT.changesTitle, box);
    el("p", "tm-compare-sum", fill("changesHeading", {
      from: Core.weekLabel(weeks.dates[a]), to: Core.weekLabel(weeks.dates[b]),
      count: fill("areas", {n: rows.length})}), box);
    var table = el("table", "tm-km2", null, box);
    el("caption", "", TEXT.km2Heading, table);
    var head = el("tr", "", null, el("thead", "", null, table));
    [TEXT.km2Holder, TEXT.km2Gained, TEXT.km2Lost, TEXT.km2Net].forEach(function (t) {
      attrs(el("th", "", t, head), {scope: "col"});
    });
    var tbody = el("tbody", "", null, table);
    Compare.totals(rows).forEach(function (t) {
      if (!t.gained && !t.lost) { return; }
      var tr = attrs(el("tr", "", null, tbody), {"data-holder": look.holderNames[t.holder]});
      attrs(el("th", "", look.holderLabels[t.holder], tr), {scope: "row"});
      [t.gained, t.lost, t.net].forEach(function (v, j) {
        el("td", "", (j === 2 && v > 0 ? "+" : "") + v.toFixed(1), tr);
      });
    });
    table.hidden = !rows.length;
    var list = attrs(el("ol", "tm-changes-list", null, box),
      {"aria-label": TEXT.changesTitle});
    if (!rows.length) { el("p", "tm-compare-none", TEXT.changesNone, box); }
    rows.forEach(function (r) {
      var item = attrs(el("li", "", null, list), {"data-area": r.id,
        "data-from": look.holderNames[r.from], "data-to": look.holderNames[r.to],
        "data-claims": r.claims.map(function (c) { return panel.claimList[c].id; }).join(";"),
        "data-dates": r.dates.join(";"), "data-km2": String(r.km2)});
      var name = el("button", "tm-link tm-compare-area", r.name, item);
      name.type = "button";
      name.addEventListener("click", function () { links.select(r.id); });
      if (r.districtName) { el("span", "tm-district", " \u00b7 " + r.districtName, item); }
      var moves = el("div", "tm-fromto", null, item);
      badge(look, r.from, moves);
      moves.appendChild(document.createTextNode(TEXT.arrow));
      badge(look, r.to, moves);
      var claims = el("ul", "tm-change-claims", null, item);
      r.claims.forEach(function (c) {
        var claim = panel.claimList[c];
        var line = el("li", "", fill("changedOn", {date: Core.claimDate(claim)}), claims);
        var link = el("a", "tm-claim-link", claim.id, line);
        link.href = links.href({date: weeks.dates[b], compare: weeks.dates[a], area: r.id});
        link.setAttribute("aria-label", fill("openClaim", {id: claim.id}));
        link.addEventListener("click", function (e) {
          if (e.ctrlKey || e.metaKey || e.shiftKey || e.button) { return; }  // a new tab
          e.preventDefault();
          links.claim(r.id, claim.id);
        });
        var source = panel.sources[claim.source];
        line.appendChild(document.createTextNode(": \u201c" + claim.quote + "\u201d \u2014 " +
          (source ? source.outlet : claim.source)));
      });
    });
    return box;
  }

  // ---------------------------------------------------- the time bar and the legend

  /** The Compare control, the mark of week A and the legend's "Colour by" and key, for the
   * map's controller `ctl` (timemap.js); `parts.bar` is the time bar, `parts.legend` the
   * legend's <details>. */
  function create(ctl, parts) {
    var payload = ctl.payload, look = payload.look, story = payload.story;
    var dates = payload.weeks.dates, count = dates.length;
    var row = parts.bar.querySelector(".tm-row");
    var group = el("span", "tm-compare-ctl");
    row.insertBefore(group, row.querySelector(".tm-when"));
    var toggle = attrs(el("button", "tm-btn tm-compare-btn", TEXT.compare, group),
      {type: "button", "aria-pressed": "false", "aria-label": TEXT.compareLabel});
    var swap = attrs(el("button", "tm-btn tm-swap", TEXT.swap, group),
      {type: "button", "aria-label": TEXT.swapLabel, title: TEXT.swapLabel});
    swap.hidden = true;
    toggle.addEventListener("click", function () {
      var s = ctl.state();
      ctl.pause();
      ctl.compareWith(s.compareIndex >= 0 ? -1 : s.index);
    });
    swap.addEventListener("click", function () { ctl.pause(); ctl.swapCompare(); });
    var strip = parts.bar.querySelector(".tm-strip");
    var pin = el("span", "tm-pin", TEXT.pinA, strip);
    pin.setAttribute("aria-hidden", "true");
    pin.hidden = true;

    // the legend: "Colour by" (holder / age of evidence), then the key of the mode in use
    var body = parts.legend.querySelector(".tm-legend-body");
    var modes = el("fieldset", "tm-modes");
    body.insertBefore(modes, body.firstChild);
    el("legend", "", TEXT.colourBy, modes);
    var radios = {}, radioName = "tm-mode-" + Math.random().toString(36).slice(2, 8);
    [["holder", TEXT.byHolder], ["age", TEXT.byAge]].forEach(function (m) {
      var label = el("label", "tm-mode", null, modes);
      var input = attrs(el("input", "", null, label), {type: "radio", name: radioName,
        value: m[0]});
      label.appendChild(document.createTextNode(" " + m[1]));
      input.addEventListener("change", function () { if (input.checked) { ctl.setMode(m[0]); } });
      radios[m[0]] = input;
    });
    var key = el("div", "tm-mode-key", null, modes);
    var drawnKey = null;

    function ageKey() {
      el("div", "tm-legend-note", TEXT.ageKey, key);
      story.ageColours.forEach(function (colour, c) {
        var r = el("div", "tm-legend-row", null, key);
        r.appendChild(Patterns.swatch(colour, null));
        el("span", "", story.ageLabels[c], r);
      });
      var u = el("div", "tm-legend-row", null, key);
      u.appendChild(Patterns.swatch(look.colours[look.unknownCode], null));
      el("span", "", look.holderLabels[look.unknownCode], u);
    }

    function compareKey(a, b) {
      el("div", "tm-legend-note", fill("compareKey", {a: Core.shortDate(dates[a], true),
        b: Core.shortDate(dates[b], true)}), key);
      Compare.pairs(Compare.diffRows(payload, a, b)).forEach(function (p) {
        var r = el("div", "tm-legend-row tm-pair", null, key);
        r.appendChild(pairSwatch(look, p));
        el("span", "", look.holderLabels[p.from] + TEXT.arrow + look.holderLabels[p.to] +
          " (" + p.count + ")", r);
      });
    }

    /** Follow the map's state `s` (controller.state()). */
    function paint(s) {
      var on = s.compareIndex >= 0;
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      toggle.textContent = on ? fill("compareOn", {date: Core.shortDate(s.compare, true)})
        : TEXT.compare;
      toggle.setAttribute("aria-label", on ? fill("compareOnLabel",
        {date: Core.weekLabel(s.compare)}) : TEXT.compareLabel);
      swap.hidden = !on;
      pin.hidden = !on;
      if (on) {
        pin.style.left = (count > 1 ? (100 * s.compareIndex) / (count - 1) : 0) + "%";
        pin.title = fill("pinALabel", {date: Core.weekLabel(s.compare)});
      }
      radios[s.mode === "age" ? "age" : "holder"].checked = true;
      body.setAttribute("data-mode", on ? "compare" : s.mode);
      var want = on ? "c" + s.compareIndex + "-" + s.index : s.mode === "age" ? "age" : "";
      if (want === drawnKey) { return; }
      drawnKey = want;
      key.textContent = "";
      if (on) { compareKey(s.compareIndex, s.index); } else if (s.mode === "age") { ageKey(); }
    }

    ctl.onPaint(paint);
    return {paint: paint};
  }

  /** The words a tooltip adds in compare mode ("was …") or on the age map ("evidence N
   * weeks old"), for unit `k` in the map's state `s`; null when there are none. */
  function tipExtra(payload, s, k) {
    var look = payload.look;
    if (s.compareIndex >= 0) {
      var was = payload.weeks.holders[s.compareIndex].charAt(k);
      var now = payload.weeks.holders[s.index].charAt(k);
      return was === now ? null : Core.shortDate(s.compare, true) + ": " +
        look.holderLabels[was] + TEXT.arrow + Core.shortDate(s.date, true) + ": " +
        look.holderLabels[now];
    }
    if (s.mode === "age") {
      var weeks = Compare.ageWeeks(payload.story, payload.weeks.dates, k, s.index);
      return isNaN(weeks) ? fill("ageTip", {weeks: TEXT.ageUnknown})
        : fill("ageTip", {weeks: fill("weeks", {n: weeks})});
    }
    return null;
  }

  root.TimeMapCompareView = {create: create, renderList: renderList, tipExtra: tipExtra,
    badge: badge};
})(typeof self !== "undefined" ? self : this);
