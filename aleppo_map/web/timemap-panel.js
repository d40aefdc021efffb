/* The evidence panel of the published file: for the chosen area (or route) at the shown week,
 * the holder, how the sentence supports it (named for the area, or for its district, or
 * inferred), since when, the verbatim quote and its source, the claims that disagree, when the
 * area was last named, its holder week by week (timemap-story.js) and the whole history; for
 * a chosen district, its areas with their holders and the claims about the district itself;
 * in compare mode, the changes between the two weeks (timemap-compare-view.js). It follows
 * the map through the controller it is given. Text only ever goes in as textContent. */
(function (root) {
  "use strict";
  var Core = root.TimeMapCore;
  var Places = root.TimeMapPlaces;
  var Address = root.TimeMapAddress;
  var Story = root.TimeMapStory;
  var CompareView = root.TimeMapCompareView;
  var Dom = root.TimeMapDom;
  var el = Dom.el, quoted = root.TimeMapDom.quoted;
  var Strings = root.TimeMapStrings, T = Strings.T;

  /** Render the panel into `element` and keep it in step with the map's `controller` (see
   * timemap.js: its state(), select() and onPaint()). */
  function create(element, payload, controller) {
    var look = payload.look;
    var data = payload.panel;
    var index = Object.create(null);  // area id -> index; `constructor` is no area
    payload.ids.forEach(function (id, k) { index[id] = k; });
    var groups = payload.groups;
    var groupIndex = Places.groupIndex(groups);
    var notes = el("div", "tm-notes", null, element);
    notes.setAttribute("role", "status");
    var body = el("div", "tm-panel-body", null, element);
    var changes = el("div", "tm-panel-compare", null, element);
    var foot = el("div", "tm-panel-foot", null, element);
    var wider = Story ? Story.widerGroups(payload) : {};
    var strip = null;  // the shown area's strip, drawn once per area: {k, node, mark}
    var listed = null;  // the weeks whose changes are listed ("a-b")
    var pendingClaim = null;  // a claim to show in the history once its area's panel is drawn
    renderFoot();

    function sourceLine(sourceId, parent) {
      var src = data.sources[sourceId];
      var line = el("div", "tm-source", null, parent);
      if (!src) { line.textContent = sourceId; return line; }
      Dom.bdi(src.outlet, line).className = "tm-outlet";
      line.appendChild(document.createTextNode(" \u2014 "));
      Dom.bdi(src.author, line);
      line.appendChild(document.createTextNode(T(", ")));
      if (src.url) {
        var a = quoted("a", "", src.title, line);
        a.href = src.url;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
      } else {
        quoted("i", "", src.title, line);
      }
      line.appendChild(document.createTextNode(", " + src.published + "."));
      var stance = el("div", "tm-stance", T("Stance: "), parent);
      Dom.bdi(src.stance, stance);
      return line;
    }

    function claimBlock(claim, parent, label) {
      var block = el("div", "tm-claim", null, parent);
      var head = el("div", "tm-claim-head", null, block);
      badge(claim.holder, head, label);
      el("span", "tm-since", label === "route" ? ""
        : Strings.fill(T("since {date}"), {date: Core.claimDate(claim)}), head);
      quoted("p", "tm-evidence tm-evidence-" + claim.evidence,
        Core.evidenceText(look.evidenceLabels, claim, Places.claimPlace(groups, groupIndex, claim),
          look.evidenceForGroup), block);
      quoted("blockquote", "tm-quote", "\u201c" + claim.quote + "\u201d", block);
      sourceLine(claim.source, block);
      quoted("div", "tm-meta", Core.claimMeta(claim), block);
      return block;
    }

    function badge(code, parent, kind) {
      var label = kind === "route" ? look.routeLabels[code] : look.holderLabels[code];
      var span = el("span", "tm-badge tm-badge-" + (kind === "route" ? "route" : code), label,
        parent);
      if (kind !== "route") { span.style.borderColor = look.colours[code]; }
      return span;
    }

    function history(claims, parent, kind, heading) {
      if (!claims.length) { return; }
      el("h3", "", heading || (kind === "route" ? T("Every claim about this route")
        : T("Every claim about this area")), parent);
      var list = el("ol", "tm-history", null, parent);
      claims.forEach(function (c) {
        var item = el("li", c.adopted ? "" : "tm-not-followed", null, list);
        item.setAttribute("data-claim-id", c.id);
        var label = kind === "route" ? look.routeLabels[c.holder] : look.holderLabels[c.holder];
        el("b", "", c.date + " \u00b7 " + label, item);
        var about = kind === "route" || kind === "group" ? null
          : Places.claimPlace(groups, groupIndex, c);
        item.appendChild(document.createTextNode(" \u00b7 " + (c.adopted ? T("adopted") :
          T("not followed")) + " \u00b7 " + T(c.evidence) +
          (about ? Strings.fill(T(" for {place}"), {place: about}) : "") + " \u00b7 "));
        Dom.bdi((data.sources[c.source] || {outlet: c.source}).outlet, item);
        item.appendChild(document.createTextNode(" "));
        quoted("div", "tm-history-quote", "\u201c" + c.quote + "\u201d " +
          Strings.fill(T("(as written: \u201c{written}\u201d)"), {written: c.asWritten}), item);
      });
    }

    function notFollowed(claims, indices, parent) {
      indices.forEach(function (i) {
        claimBlock(claims[i], parent);
        quoted("p", "tm-why", T("Why not followed: ") + claims[i].note, parent);
      });
    }

    /** A button that chooses place `id` on the map (and zooms to it). */
    function placeButton(id, text, parent) {
      var b = el("button", "tm-link", text, parent);
      b.type = "button";
      b.setAttribute("data-area", id);
      b.addEventListener("click", function () { controller.select(id, {zoom: true}); });
      return b;
    }

    function renderArea(k, iso) {
      var claims = Core.unitClaims(data, k);
      // The name in the page's language first (timemap-strings.js puts the Arabic names
      // first in Arabic), the other below it, each in its own direction.
      var heading = Places.unitHeading(payload, groupIndex, k);
      var name = el("h2", "tm-name", heading.name, body);
      name.dir = "auto";
      if (heading.district) {
        var district = el("span", "tm-name-district", " \u00b7 ", name);
        placeButton(heading.districtId, heading.district, district);
      }
      if (payload.namesAr[k]) {
        var other = el("div", "tm-ar tm-name-ar", payload.namesAr[k], body);
        other.dir = "auto";
        other.lang = Strings.lang() === "ar" ? "en" : "ar";
      }
      var at = Core.claimsAt(claims, iso, look.unknownCode);
      if (at.inForce < 0) {
        var none = el("div", "tm-claim", null, body);
        badge(look.unknownCode, none);
        el("p", "", T("No source has a claim about this area on or before this week."), none);
      } else {
        claimBlock(claims[at.inForce], body);
      }
      // Not followed and of another holder: a conflict. Of the same holder: corroboration.
      if (at.rivals.length) {
        var box = el("div", "tm-disagree", null, body);
        el("h3", "", Core.rivalsHeading(at.rivals.length), box);
        notFollowed(claims, at.rivals, box);
      }
      if (at.agreeing.length) {
        var more = el("details", "tm-agree", null, body);
        el("summary", "", Core.agreeingSummary(at.agreeing.length), more);
        notFollowed(claims, at.agreeing, more);
      }
      if (Story) {
        el("p", "tm-last-named", Story.lastNamedText(Story.lastNamed(claims, iso, wider), iso),
          body);
        if (!strip || strip.k !== k) {
          strip = Story.render(document.createDocumentFragment(), payload, k, claims,
            controller.state().index, function (i) { controller.show(i); });
          strip.k = k;
        }
        strip.mark(controller.state().index);
        body.appendChild(strip.node);
      }
      history(claims, body);
      if (payload.boundaryNotes[k]) {
        quoted("p", "tm-boundary", T("Boundary: ") + payload.boundaryNotes[k], body);
      }
    }

    /** A group's panel (a district, or a wider group an address names): its areas with their
     * holders in week `i`, each a button that chooses it, and the claims about the group
     * itself. */
    function renderGroup(g, i) {
      var id = groups.ids[g];
      el("h2", "tm-name", groups.names[g], body).dir = "auto";
      if (groups.namesAr[g]) {
        var other = el("div", "tm-ar tm-name-ar", groups.namesAr[g], body);
        other.dir = "auto";
        other.lang = Strings.lang() === "ar" ? "en" : "ar";
      }
      var rows = Places.groupRows(payload, groupIndex, g, i);
      el("p", "tm-group-kind", Strings.fill(T("{kind}: click one for its holder and the " +
        "sentence behind it."), {kind: Places.groupSummary(groups, g, rows.length)}), body);
      el("h3", "", T("Who held its areas this week"), body);
      var list = el("ul", "tm-units", null, body);
      list.setAttribute("aria-label", Strings.fill(T("Areas of {place}"), {place: groups.the[g]}));
      rows.forEach(function (row) {
        var item = el("li", "", null, list);
        placeButton(row.id, row.name, item);
        item.appendChild(document.createTextNode(" "));
        badge(row.holder, item);
      });
      var own = data.claimList.filter(function (c) { return c.place === id; });
      if (!own.length) {
        el("p", "tm-group-none", Strings.fill(T("No claim speaks about {place} as a whole: " +
          "each of its areas follows the sentences about it."), {place: groups.the[g]}), body);
      }
      history(own, body, "group", Strings.fill(T("Every claim about {place} as a whole"),
        {place: groups.the[g]}));
    }

    function renderRoute(id, iso) {
      var r = payload.routes;
      var claims = data.routeClaims[id] || [];
      el("h2", "tm-name", T(r.names[r.ids.indexOf(id)]), body);
      var inForce = Core.claimInForce(claims, iso);
      if (inForce < 0) {
        el("p", "", T("No source has a claim about this route on or before this week."), body);
      } else {
        claimBlock(claims[inForce], body, "route");
      }
      history(claims, body, "route");
    }

    function renderIntro(i) {
      el("h2", "tm-name", T("Click an area"), body);
      el("p", "", T("Click an area, or find it or its district by name, to see who held it in " +
        "the shown week, since when, and the sentence that says so."), body);
      // While comparing, the list of changes between the two weeks follows instead.
      var changed = controller.state().compareIndex >= 0 ? [] : payload.weeks.changed[i];
      if (changed.length) {
        el("h3", "", T("Changed hands this week"), body);
        var list = el("ul", "tm-changed", null, body);
        changed.forEach(function (k) {
          var item = el("li", "", null, list);
          var b = el("button", "tm-link", payload.names[k], item);
          b.type = "button";
          b.setAttribute("data-area", payload.ids[k]);
          b.addEventListener("click", function () {
            controller.select(payload.ids[k], {zoom: true, report: true});
          });
          item.appendChild(document.createTextNode(T(" \u2192 ") +
            look.holderLabels[payload.weeks.holders[i].charAt(k)]));
        });
      }
    }

    function renderFoot() {
      el("div", "tm-title", T(payload.title), foot);
      el("div", "tm-version", Strings.fill(T("Dataset version {version}"),
        {version: payload.version}) + " \u00b7 " + T(payload.boundaryNote), foot);
      var cite = el("div", "tm-cite", null, foot);
      el("span", "tm-cite-label", T("Cite this view: "), cite);
      el("span", "tm-cite-text", "", cite);
      var copy = el("button", "tm-btn tm-copy", T("Copy"), cite);
      copy.type = "button";
      copy.addEventListener("click", function () {
        var text = foot.querySelector(".tm-cite-text").textContent;
        if (navigator.clipboard) { navigator.clipboard.writeText(text).catch(function () {}); }
        copy.textContent = T("Copied");
        setTimeout(function () { copy.textContent = T("Copy"); }, 1500);
      });
      quoted("div", "tm-licence", T("Licence: ") + payload.licence, foot);
    }

    function citeText(s) {
      var href = String(root.location.href).split("#")[0] + Address.formatHash(s);
      return Core.citeText(payload.citation, s.date, href);
    }

    /** The list of changes while comparing: drawn when compare mode starts, then again a
     * moment after week A or B stops moving (a redraw on every week of a drag would cost
     * more than the frame: the map restyles at once, the list follows). */
    var changesLater = root.TimeMapDom.debounce(function () {
      drawChanges(controller.state());
    }, 150);

    function renderChanges(s) {
      var key = s.compareIndex >= 0 && CompareView ? s.compareIndex + "-" + s.index : null;
      if (key === listed) { return; }
      if (key === null || listed === null) {
        changesLater.cancel();
        drawChanges(s);
      } else {
        changesLater();
      }
    }

    function drawChanges(s) {
      var key = s.compareIndex >= 0 && CompareView ? s.compareIndex + "-" + s.index : null;
      listed = key;
      changes.textContent = "";
      if (key === null) { return; }
      CompareView.renderList(changes, payload, s.compareIndex, s.index, {
        select: function (id) { controller.select(id, {zoom: true, report: true}); },
        href: function (view) { return Address.formatHash(view); },
        claim: function (id, claimId) {
          pendingClaim = claimId;
          controller.select(id, {zoom: true, report: true});
        }
      });
    }

    /** After a claim's link: its row in the area's history, scrolled to and marked. */
    function showPendingClaim() {
      if (pendingClaim === null) { return; }
      var rows = body.querySelectorAll(".tm-history li");
      Array.prototype.forEach.call(rows, function (row) {
        if (row.getAttribute("data-claim-id") === pendingClaim) {
          row.classList.add("tm-linked");
          row.scrollIntoView({block: "center"});
        }
      });
      pendingClaim = null;
    }

    /** Show the map's state `s` ({index, area, route}, as controller.state() gives it). */
    function render(s) {
      // The focus was on something this redraw removes (a "Changed hands" link): it goes to
      // the new heading, not back to the top of the page.
      var hadFocus = body.contains(document.activeElement);
      body.textContent = "";
      var iso = payload.weeks.dates[s.index];
      if (s.route) {
        renderRoute(s.route, iso);
      } else if (s.area !== null && index[s.area] !== undefined) {
        renderArea(index[s.area], iso);
      } else if (s.area !== null && groupIndex[s.area] !== undefined) {
        renderGroup(groupIndex[s.area], s.index);
      } else {
        renderIntro(s.index);
      }
      foot.querySelector(".tm-cite-text").textContent = citeText(s);
      notes.textContent = "";
      controller.messages().forEach(function (m) { el("p", "tm-note", m, notes); });
      renderChanges(s);
      showPendingClaim();
      if (s.area === null) { strip = null; }
      var heading = body.querySelector("h2");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        if (hadFocus) { heading.focus({preventScroll: false}); }
      }
    }

    controller.onPaint(render);
    return {render: function () { render(controller.state()); }};
  }

  root.TimeMapPanel = {create: create};
})(typeof self !== "undefined" ? self : this);
