/* The map as a table: every area in the shown week, its district, holder, evidence and the
 * date of the claim it follows, in an element labelled "Areas this week". A button beside
 * the search opens it over the map (Escape or its Close button shuts it); it follows the week
 * while open, sorts by any column, and choosing an area's name selects that area, as a click
 * on the map does. Text goes in with textContent only. */
(function (root) {
  "use strict";
  var Access = root.TimeMapAccess;
  var Dom = root.TimeMapDom;
  var Patterns = root.TimeMapPatterns;
  var el = Dom.el, attrs = Dom.attrs;
  var S = Access.STRINGS;

  /** The button in `top` (the band on the map) and the table it opens, before `before` in
   * `ctl.container`; `ctl` is the map's controller. */
  function create(top, before, ctl) {
    var payload = ctl.payload;
    var id = "tm-table-" + Math.random().toString(36).slice(2, 8);
    var button = attrs(el("button", "tm-btn tm-table-button", S.tableButton, top), {
      type: "button", "aria-expanded": "false", "aria-controls": id,
      "aria-label": S.tableButtonLabel});
    var box = attrs(el("div", "tm-table-box"), {id: id, role: "region",
      "aria-label": S.tableLabel});
    box.hidden = true;
    ctl.container.insertBefore(box, before);
    Dom.isolate(box);
    var head = el("div", "tm-table-head", null, box);
    var title = attrs(el("h2", "tm-table-title", S.tableLabel, head), {tabindex: "-1"});
    var close = attrs(el("button", "tm-btn tm-table-close", S.tableClose, head), {
      type: "button", "aria-label": S.tableCloseLabel});
    var scroller = el("div", "tm-table-scroll", null, box);
    var table = el("table", "tm-table", null, scroller);
    var caption = el("caption", "tm-sr", "", table);
    var headRow = el("tr", "", null, el("thead", "", null, table));
    var body = el("tbody", "", null, table);
    var districts = Access.districtNames(payload);
    var sort = {key: "name", down: false};
    var heads = S.columns.map(function (column) {
      var th = attrs(el("th", "", null, headRow), {scope: "col"});
      var b = attrs(el("button", "tm-table-sort", column.label, th), {type: "button",
        title: Access.fill(S.sortBy, {column: column.label})});
      b.addEventListener("click", function () {
        sort = {key: column.key, down: sort.key === column.key ? !sort.down : false};
        render(ctl.state());
      });
      return {key: column.key, th: th};
    });

    // One row per area, made once; a week rewrites only the cells that changed.
    var rows = payload.ids.map(function (areaId, k) {
      var tr = attrs(el("tr", ""), {"data-area": areaId});
      var name = attrs(el("button", "tm-link", payload.names[k],
        attrs(el("th", "", null, tr), {scope: "row"})), {type: "button"});
      name.addEventListener("click", function () {
        ctl.select(areaId, {report: true, zoom: true});
      });
      tr.addEventListener("click", function (e) {
        if (e.target !== name) { name.click(); }  // a click anywhere on the row
      });
      var cells = [name];
      for (var c = 1; c < S.columns.length; c++) { cells.push(el("td", "", "", tr)); }
      return {tr: tr, cells: cells, key: null};
    });
    var order = null;  // the area indices in the order of the rows on the page

    function fillRow(row, data, swatch) {
      var texts = Access.rowCells(data);
      if (row.key === texts.join("|")) { return; }
      row.key = texts.join("|");
      for (var c = 1; c < texts.length; c++) { row.cells[c].textContent = texts[c]; }
      row.cells[2].insertBefore(swatch, row.cells[2].firstChild);
      attrs(row.tr, {"data-holder": data.holderName, "data-evidence": data.evidence,
        "data-since": data.since});
    }

    /** Show state `s`: its week's rows, in the chosen order, the chosen area marked. */
    function render(s) {
      var data = Access.tableRows(payload, s.index, districts);
      var look = payload.look;
      data.forEach(function (d) {
        var fill = (d.evidence === "inferred" && look.fills[d.holder + "i"]) || look.fills[d.holder];
        fillRow(rows[d.k], d, Patterns.swatch(fill, d.holder === look.unknownCode ?
          {color: look.unknownBorder, weight: 1} : null));
        var chosen = d.id === s.area;
        if ((rows[d.k].tr.getAttribute("aria-current") === "true") !== chosen) {
          if (chosen) { rows[d.k].tr.setAttribute("aria-current", "true"); } else {
            rows[d.k].tr.removeAttribute("aria-current");
          }
        }
      });
      caption.textContent = Access.fill(S.tableCaption,
        {week: Access.weekPhrase(payload.weeks.dates[s.index])});
      if (order && box.hidden) { return; }  // the order waits until the table opens
      var sorted = Access.sortRows(data, sort.key, sort.down).map(function (d) { return d.k; });
      if (!order || sorted.join() !== order.join()) {
        var keep = body.contains(document.activeElement) ? document.activeElement : null;
        sorted.forEach(function (k) { body.appendChild(rows[k].tr); });
        order = sorted;
        if (keep) { keep.focus({preventScroll: true}); }
      }
      heads.forEach(function (h) {
        if (h.key === sort.key) {
          h.th.setAttribute("aria-sort", sort.down ? "descending" : "ascending");
        } else {
          h.th.removeAttribute("aria-sort");
        }
      });
    }

    function open() {
      box.hidden = false;
      button.setAttribute("aria-expanded", "true");
      render(ctl.state());
      title.focus();
    }

    function shut() {
      box.hidden = true;
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }

    button.addEventListener("click", function () { if (box.hidden) { open(); } else { shut(); } });
    close.addEventListener("click", shut);
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); shut(); }
    });
    ctl.onPaint(render);
    return {button: button, box: box, open: open, close: shut};
  }

  root.TimeMapTable = {create: create};
})(typeof self !== "undefined" ? self : this);
