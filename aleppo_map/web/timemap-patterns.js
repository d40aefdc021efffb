/* The SVG patterns over each holder's colour (the contested hatch, the Kurdish lines, the
 * dots of an inferred holding) in the map's renderer, and the legend's swatches, which draw with the same
 * patterns and the same route lines. */
(function (root) {
  "use strict";
  var Dom = root.TimeMapDom;
  var svgEl = Dom.svgEl;

  /** Add the payload's patterns to the `<defs>` of the map's SVG renderer. */
  function addPatterns(svg, look) {
    var defs = svg.querySelector("defs") || svgEl("defs", {});
    svg.insertBefore(defs, svg.firstChild);
    look.patterns.forEach(function (p) {
      var pattern = svgEl("pattern", {id: p.id, patternUnits: "userSpaceOnUse",
        width: p.size, height: p.size}, defs);
      if (p.rotate) { pattern.setAttribute("patternTransform", "rotate(" + p.rotate + ")"); }
      svgEl("rect", {width: p.size, height: p.size, fill: p.background}, pattern);
      if (p.stripe) {
        svgEl("rect", {width: p.stripe.width, height: p.size, fill: p.stripe.colour}, pattern);
      }
      (p.dots || []).forEach(function (d) {
        svgEl("circle", {cx: d[0], cy: d[1], r: p.dotRadius, fill: p.dotColour}, pattern);
      });
    });
  }

  /** A legend swatch: a small rectangle in a fill (a colour or a pattern's url) and outline. */
  function swatch(fill, outline) {
    var svg = svgEl("svg", {width: 22, height: 14, "aria-hidden": "true",
      "class": "tm-swatch"});
    svgEl("rect", {x: 0.5, y: 0.5, width: 21, height: 13, fill: fill,
      stroke: outline ? outline.color : "#777", "stroke-width": outline ? outline.weight : 1,
      "fill-opacity": 1}, svg);
    return svg;
  }

  /** A legend swatch for a line: a route in one of its states. */
  function lineSwatch(style) {
    var svg = svgEl("svg", {width: 22, height: 14, "aria-hidden": "true",
      "class": "tm-swatch"});
    svgEl("line", {x1: 1, y1: 7, x2: 21, y2: 7, stroke: style.color,
      "stroke-width": Math.min(style.weight, 5), "stroke-dasharray": style.dashArray || "none",
      "stroke-linecap": "butt"}, svg);
    return svg;
  }

  root.TimeMapPatterns = {addPatterns: addPatterns, swatch: swatch, lineSwatch: lineSwatch};
})(typeof self !== "undefined" ? self : this);
