/* The app's side of the map: our own Streamlit component (aleppo_map/ui/map.py; its page is
 * written by aleppo_map/frame.py). It speaks Streamlit's documented component protocol by
 * postMessage with the page that holds the frame, and nothing else:
 *
 *   frame -> app  "streamlit:componentReady"     once, when this script has loaded
 *   app -> frame  "streamlit:render"             the arguments, on the first run and whenever
 *                                                 they change: {payload_url, title, height,
 *                                                 command: {token, week, area, compare,
 *                                                 route, mode}}
 *   frame -> app  "streamlit:setComponentValue"  where the reader stopped: {date, area, route,
 *                                                 compare, mode, seq} (each one is a rerun)
 *   frame -> app  "streamlit:setFrameHeight"     the frame's height
 *
 * Only data crosses: the payload's URL (fetched once), the week and area Python chose, the
 * frame's title and height. The map acts on a command whose token it has not applied yet,
 * so the same arguments sent again (a rerun, a resize) change nothing. */
(function (root) {
  "use strict";
  var API_VERSION = 1;
  var NARROW = 640;  // px: a phone's frame (the app's columns are stacked)
  var MIN_PHONE = 360;  // px: the least a phone's map frame is, however little room is left

  /** Streamlit's side of the conversation. Reports go through
   * `TimeMapStreamlit.setComponentValue`, looked up at each call, so a test may watch them. */
  var bridge = {
    controller: null,
    send: function (type, data) {
      var message = {isStreamlitMessage: true, type: type};
      Object.keys(data || {}).forEach(function (k) { message[k] = data[k]; });
      root.parent.postMessage(message, "*");
    },
    setComponentValue: function (value) {
      bridge.send("streamlit:setComponentValue", {value: value, dataType: "json"});
    },
    setFrameHeight: function (height) {
      bridge.send("streamlit:setFrameHeight", {height: height});
    }
  };

  var element = null;
  var started = false;
  var height = null;
  var pending = null;  // the last command, until the map has its payload
  var seq = 0;

  /** Where the reader stopped (a release, a pause, a step, a click): tell the app. */
  function report(state) {
    seq += 1;
    bridge.setComponentValue({date: state.date, area: state.area, route: state.route,
      compare: state.compare, mode: state.mode, seq: seq});
  }

  function apply(command) {
    if (!command || typeof command.token !== "number") { return; }
    pending = command;
    if (bridge.controller) {
      var text = function (v) { return typeof v === "string" ? v : null; };
      bridge.controller.command({token: command.token, date: command.week,
        area: text(command.area), compare: text(command.compare), route: text(command.route),
        mode: text(command.mode)});
    }
  }

  var asked = null;  // the height the app asks for
  var shape = null;  // what the map's shape needs its height from (TimeMapEmbed)

  /** The px from the frame's top (in the app's page) to the bottom of the reader's first
   * screen, or Infinity when the app's page cannot be read (another origin). */
  function firstScreenRoom() {
    try {
      var top = root.frameElement.getBoundingClientRect().top + root.parent.scrollY;
      return Math.floor(root.parent.innerHeight - top - 8);
    } catch (e) {
      return Infinity;
    }
  }

  /** The frame's height: the app's, or on a phone as tall as the city needs at the frame's
   * width (with the summary sheet and the time bar under it), but no taller than the rest of
   * the first screen, so the time bar is on it (never under MIN_PHONE px). */
  function setHeight(value) {
    if (value !== undefined) { asked = value; }
    var h = Math.round(Number(asked));
    var narrow = element.clientWidth < NARROW;
    if (narrow && shape && root.TimeMapEmbed) {
      var most = Math.max(MIN_PHONE, Math.min(760, firstScreenRoom()));
      h = root.TimeMapEmbed.shapeHeight(shape, element.clientWidth, Math.min(480, most), most);
    }
    if (!(h > 0) || h === height) { return; }
    height = h;
    element.style.height = h + "px";
    bridge.setFrameHeight(h);
    if (bridge.controller) { bridge.controller.map.invalidateSize(); }
  }

  function setTitle(title) {
    if (typeof title !== "string" || !title) { return; }
    document.title = title;
    try {
      // Same origin: the frame names itself for screen readers and the list of frames.
      if (root.frameElement) { root.frameElement.title = title; }
    } catch (e) {
      // a frame of another origin may not: the page's own title still says it
    }
  }

  function failed(error) {
    var note = document.createElement("div");
    note.className = "tm-load-error";
    var Strings = root.TimeMapStrings;
    note.textContent = Strings.fill(Strings.N_("The map's data could not be loaded ({error}). " +
      "Reload the page to try again."), {error: error.message});
    element.appendChild(note);
  }

  /** Fetch the payload (a static file beside the scripts) and start the map on it. */
  function load(url, lang) {
    var access = root.TimeMapAccess;
    var map = L.map(element, access.mapOptions({zoomControl: true},
      access.reducedMotion(root)));
    root.fetch(url).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (payload) {
      root.TimeMapStrings.setup(payload, lang, document);
      var controller = root.TimeMap.start(map, payload, {mode: "app", onReport: report});
      bridge.controller = controller;
      root.timeMap = controller;
      shape = {container: element, payload: payload, map: map};
      setHeight();
      root.addEventListener("resize", function () { setHeight(); });
      apply(pending);
    }).catch(failed);
  }

  function render(args) {
    args = args || {};
    setTitle(args.title);
    setHeight(args.height);
    if (!started && typeof args.payload_url === "string") {
      started = true;
      load(args.payload_url, typeof args.lang === "string" ? args.lang : "en");
    }
    apply(args.command);
  }

  var readyTimer = null;

  function onMessage(event) {
    var data = event.data;
    if (event.source !== root.parent || !data || data.type !== "streamlit:render") { return; }
    if (readyTimer !== null) { clearInterval(readyTimer); readyTimer = null; }
    render(data.args);
  }

  /** Start in the element with this id: listen to the app, then say we are ready. Said again
   * each second until the first arguments come (for at most a minute): a page that is still
   * being built might not listen yet; the same arguments twice change nothing. */
  function connect(id) {
    element = document.getElementById(id);
    root.addEventListener("message", onMessage);
    var tries = 0;
    var ready = function () {
      tries += 1;
      if (tries > 60 && readyTimer !== null) { clearInterval(readyTimer); readyTimer = null; }
      bridge.send("streamlit:componentReady", {apiVersion: API_VERSION});
    };
    readyTimer = setInterval(ready, 1000);
    ready();
  }

  root.TimeMapStreamlit = bridge;
  var script = document.currentScript;
  if (script && script.getAttribute("data-map")) { connect(script.getAttribute("data-map")); }
})(typeof self !== "undefined" ? self : this);
