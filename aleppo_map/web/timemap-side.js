/* The app's side frame: our second Streamlit component (aleppo_map/ui/side.py; its page is
 * written by aleppo_map/side_frame.py). It draws, beside the Python panel, what the published
 * file's panel draws with the same code: the strip of an area's holder week by week
 * (timemap-story.js) or the list of changes between two weeks (timemap-compare-view.js). It
 * speaks Streamlit's documented component protocol by postMessage, as the map's bridge does:
 *
 *   app -> frame  "streamlit:render"             {payload_url, part: "story" | "changes",
 *                                                 week, area, compare}
 *   frame -> app  "streamlit:setComponentValue"  the reader's choice: {date} (a week of the
 *                                                 strip) or {area} (a unit of the list), seq
 *   frame -> app  "streamlit:setFrameHeight"     the height of what it drew
 *
 * Only data crosses: the payload's URL (fetched once) and the view. */
(function (root) {
  "use strict";
  var Core = root.TimeMapCore;
  var Story = root.TimeMapStory;
  var CompareView = root.TimeMapCompareView;
  var API_VERSION = 1;

  var element = null;
  var payload = null;
  var loading = false;
  var args = null;
  var drawn = null;  // the arguments last drawn, as a key
  var seq = 0;
  var height = 0;

  function send(type, data) {
    var message = {isStreamlitMessage: true, type: type};
    Object.keys(data || {}).forEach(function (k) { message[k] = data[k]; });
    root.parent.postMessage(message, "*");
  }

  function report(value) {
    seq += 1;
    value.seq = seq;
    send("streamlit:setComponentValue", {value: value, dataType: "json"});
  }

  function fitHeight() {
    var h = Math.ceil(element.getBoundingClientRect().height) + 4;
    if (h !== height) {
      height = h;
      send("streamlit:setFrameHeight", {height: h});
    }
  }

  /** The app's address for a view, for a link opened in a new tab. */
  function href(view) {
    var base;
    try {
      base = String(root.parent.location.href).split("?")[0];
    } catch (e) {
      base = "";  // another origin: the link stays relative
    }
    var query = "?date=" + view.date + (view.compare ? "&compare=" + view.compare : "") +
      (view.area ? "&area=" + encodeURIComponent(view.area) : "");
    return base + query;
  }

  function draw() {
    if (!payload || !args) { return; }
    var key = [args.part, args.week, args.area, args.compare].join("|");
    if (key === drawn) { return; }
    drawn = key;
    element.textContent = "";
    var dates = payload.weeks.dates;
    var week = Core.frameIndex(dates, String(args.week || dates[0]));
    var k = payload.ids.indexOf(args.area);
    if (args.part === "story" && k >= 0) {
      var claims = Core.unitClaims(payload.panel, k);
      Story.render(element, payload, k, claims, week, function (i) {
        report({date: dates[i]});
      });
    } else if (args.part === "changes" && typeof args.compare === "string") {
      var a = Core.frameIndex(dates, args.compare);
      CompareView.renderList(element, payload, a, week, {
        select: function (id) { report({area: id}); },
        href: href,
        claim: function (id) { report({area: id}); }
      });
    }
    fitHeight();
  }

  function load(url) {
    loading = true;
    root.fetch(url).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      root.TimeMapStrings.setup(data, typeof args.lang === "string" ? args.lang : "en",
        document);
      payload = data;
      draw();
    }).catch(function (error) {
      element.textContent = root.TimeMapStrings.fill(root.TimeMapStrings.N_(
        "The data could not be loaded ({error})."), {error: error.message});
      fitHeight();
    });
  }

  var readyTimer = null;

  function onMessage(event) {
    var data = event.data;
    if (event.source !== root.parent || !data || data.type !== "streamlit:render") { return; }
    if (readyTimer !== null) { clearInterval(readyTimer); readyTimer = null; }
    args = data.args || {};
    if (!loading && typeof args.payload_url === "string") { load(args.payload_url); }
    draw();
  }

  /** Start in the element with this id; say we are ready until the first arguments come. */
  function connect(id) {
    element = document.getElementById(id);
    root.addEventListener("message", onMessage);
    if (root.ResizeObserver) { new root.ResizeObserver(fitHeight).observe(element); }
    var tries = 0;
    var ready = function () {
      tries += 1;
      if (tries > 60 && readyTimer !== null) { clearInterval(readyTimer); readyTimer = null; }
      send("streamlit:componentReady", {apiVersion: API_VERSION});
    };
    readyTimer = setInterval(ready, 1000);
    ready();
  }

  var script = document.currentScript;
  if (script && script.getAttribute("data-side")) { connect(script.getAttribute("data-side")); }
})(typeof self !== "undefined" ? self : this);
