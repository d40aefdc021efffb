/* The band on top of the map: the "Find an area" search (a combobox that finds an area or a
 * district by any of its spellings, English or Arabic, with or without the article) and the
 * legend of colours, patterns and lines. */
(function (root) {
  "use strict";
  var Places = root.TimeMapPlaces;
  var Dom = root.TimeMapDom;
  var Patterns = root.TimeMapPatterns;
  var el = Dom.el, attrs = Dom.attrs;
  var T = root.TimeMapStrings.T;

  /** The search box in `parent`; choosing an area or a district selects it through `ctl`,
   * the map's controller, zoomed to and reported to the host. */
  function search(parent, ctl) {
    var payload = ctl.payload;
    var box = el("div", "tm-search", null, parent);
    var listId = "tm-search-list-" + Math.random().toString(36).slice(2, 8);
    var input = attrs(el("input", "tm-search-input", null, box), {
      type: "search", placeholder: T("Find an area"), "aria-label": T("Find an area"),
      role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
      "aria-controls": listId, autocomplete: "off", spellcheck: "false"});
    var list = attrs(el("ul", "tm-search-list", null, box), {id: listId, role: "listbox",
      "aria-label": T("Areas found")});
    var index = Places.searchIndex(payload.ids, payload.names, payload.namesAr,
      payload.altNames, payload.groups);
    var hits = [], active = -1;

    function close() {
      list.textContent = "";
      hits = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function listMatches() {
      hits = Places.search(index, input.value, 8);
      list.textContent = "";
      active = hits.length ? 0 : -1;
      hits.forEach(function (hit, i) {
        var item = attrs(el("li", "tm-search-item", null, list), {role: "option",
          id: listId + "-" + i, "data-area": hit.entry.id});
        el("span", "tm-search-name", hit.entry.label, item);
        if (hit.entry.labelAr) {
          attrs(el("span", "tm-ar", hit.entry.labelAr, item), {dir: "auto"});
        }
        if (hit.entry.group) {
          el("span", "tm-search-kind", Places.groupSummary(payload.groups, hit.entry.index,
            hit.entry.count), item);
        }
        var also = Places.searchAlso(hit);
        if (also) { el("span", "tm-search-also", also, item); }
        item.addEventListener("mousedown", function (e) { e.preventDefault(); });
        item.addEventListener("click", function () { choose(i); });
      });
      if (input.value.trim() && !hits.length) {
        el("li", "tm-search-none", T("No area of that name"), list);
      }
      input.setAttribute("aria-expanded", hits.length ? "true" : "false");
      highlight();
    }

    function highlight() {
      Array.prototype.forEach.call(list.children, function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      if (active >= 0) { input.setAttribute("aria-activedescendant", listId + "-" + active); }
    }

    function choose(i) {
      var hit = hits[i];
      if (!hit) { return; }
      input.value = hit.entry.label;
      close();
      ctl.select(hit.entry.id, {report: true, zoom: true});
    }

    input.addEventListener("input", listMatches);
    input.addEventListener("focus", function () { if (input.value) { listMatches(); } });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (!hits.length) { listMatches(); return; }
        active = Places.nextOption(active, hits.length, e.key);
        highlight();
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (!hits.length) { listMatches(); }
        choose(Math.max(active, 0));
      } else if (e.key === "Escape") {
        close();
      }
    });
    return {input: input, list: list};
  }

  /** The legend in `parent`: open on a wide map, closed on a phone. Opening or closing it
   * places the labels again through `ctl`. */
  function legend(parent, ctl) {
    var payload = ctl.payload;
    var details = el("details", "tm-legend", null, parent);
    var summary = el("summary", "", T("Legend"), details);
    attrs(summary, {"aria-label": T("Legend: what the colours and patterns mean")});
    var body = el("div", "tm-legend-body", null, details);
    payload.look.legend.forEach(function (entry) {
      var row = el("div", "tm-legend-row", null, body);
      if (entry.line) {
        row.appendChild(Patterns.lineSwatch(entry.line));
      } else {
        (entry.fills || [entry.fill]).forEach(function (fill) {
          row.appendChild(Patterns.swatch(fill, entry.outline));
        });
      }
      el("span", "", entry.label, row);
    });
    el("div", "tm-legend-note", T(payload.boundaryNote), body);
    if (!Dom.isNarrow(ctl.container)) { details.open = true; }
    details.addEventListener("toggle", ctl.placeLabels);
    return details;
  }

  root.TimeMapLegendSearch = {search: search, legend: legend};
})(typeof self !== "undefined" ? self : this);
