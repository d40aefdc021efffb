/* Small helpers the map's modules share to build the page: elements with a text, attributes,
 * SVG elements, a debounce, and keeping a control's pointer and wheel events off the map.
 * Text always goes in with textContent or as an attribute value, never as HTML. */
(function (root) {
  "use strict";
  var L = root.L;
  var SVG_NS = "http://www.w3.org/2000/svg";

  /** A new element with a class and a text (textContent: never parsed as HTML). */
  function el(tag, className, text, parent) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function attrs(node, values) {
    Object.keys(values).forEach(function (k) { node.setAttribute(k, values[k]); });
    return node;
  }

  function svgEl(tag, values, parent) {
    var node = attrs(document.createElementNS(SVG_NS, tag), values);
    if (parent) { parent.appendChild(node); }
    return node;
  }

  /** `fn` run once `ms` after the last call; `.cancel()` drops a pending run. */
  function debounce(fn, ms) {
    var timer = null;
    var run = function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { timer = null; fn.apply(null, args); }, ms);
    };
    run.cancel = function () { clearTimeout(timer); timer = null; };
    return run;
  }

  /** A map narrower than a tablet: the legend starts closed and fewer labels show. */
  function isNarrow(container) {
    return container.clientWidth < 640;
  }

  /** Keep pointer and wheel events inside a control: a drag on the slider must not pan the
   * map, and a scroll in a list must not zoom it. */
  function isolate(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    L.DomEvent.on(node, "pointerdown touchstart mousedown dblclick contextmenu",
      L.DomEvent.stopPropagation);
  }

  /** Text as published (a quote, a source's title, a name in English) in an element of its
   * own direction (`dir="auto"`), so that it reads whole inside Arabic; outside English the
   * reader is told it is quoted as published. */
  function quoted(tag, className, text, parent) {
    var node = attrs(el(tag, className, text, parent), {dir: "auto"});
    var Strings = root.TimeMapStrings;
    if (Strings.lang() !== "en" && /[A-Za-z]/.test(text || "")) {
      attrs(el("span", "tm-as-published", " " + Strings.T("(quoted in English, as published)"),
        parent), {dir: Strings.isRtl() ? "rtl" : "ltr"});
    }
    return node;
  }

  /** A name written in another script than the page's, isolated (`<bdi>`). */
  function bdi(text, parent) {
    return el("bdi", "", text, parent);
  }

  root.TimeMapDom = {el: el, attrs: attrs, svgEl: svgEl, debounce: debounce,
    isNarrow: isNarrow, isolate: isolate, quoted: quoted, bdi: bdi};
})(typeof self !== "undefined" ? self : this);
