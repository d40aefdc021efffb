/* The time bar under the map: play with its speeds, the step buttons, the week's dates and
 * count of changes, the siege line, the change strip and the Week slider with its keyboard.
 * It moves the map through the controller, and the controller repaints it each week. */
(function (root) {
  "use strict";
  var Core = root.TimeMapCore;
  var Dom = root.TimeMapDom;
  var Access = root.TimeMapAccess;
  var el = Dom.el, attrs = Dom.attrs;

  /** Build the time bar in `bar`; `ctl` is the map's controller. */
  function create(bar, ctl) {
    var payload = ctl.payload, weeks = payload.weeks, count = weeks.dates.length;
    var row = el("div", "tm-row", null, bar);
    var face = Core.playButton(false);
    // The button's name says what it does (Play, Pause): no pressed state besides.
    var play = attrs(el("button", "tm-btn tm-play", null, row), {type: "button",
      "aria-label": face.label});
    var playGlyph = el("span", "", face.glyph, play);
    var playWord = el("span", "tm-word", face.word, play);
    var speed = attrs(el("select", "tm-speed", null, row), {"aria-label": root.TimeMapStrings.T("Play speed")});
    Core.PLAY_SPEEDS.forEach(function (s, i) {
      var option = el("option", "", s.label, speed);
      option.value = String(i);
    });
    speed.value = "1";
    if (ctl.reducedMotion) {  // no play faster than a week a second
      Array.prototype.forEach.call(speed.options, function (option, i) {
        option.disabled = Core.PLAY_SPEEDS[i].msPerWeek < Access.REDUCED_MS_PER_WEEK;
      });
      speed.value = "0";
      speed.title = Access.STRINGS.slowerSpeeds;
    }

    var buttons = el("span", "tm-steps", null, row);
    Core.STEPS.forEach(function (def) {
      var b = attrs(el("button", "tm-btn tm-step", null, buttons), {type: "button",
        "aria-label": def.label, title: def.label});
      // The glyph always shows; the word where there is room (not on a phone).
      var on = def.dir > 0;
      var word = el("span", "tm-word", on ? def.word + " " : " " + def.word);
      // Right to left the bar mirrors: "back" points right (docs/i18n.md, "The time axis").
      var glyph = el("span", "", root.TimeMapStrings.isRtl() ? Core.mirrorGlyph(def.glyph)
        : def.glyph);
      b.appendChild(on ? word : glyph);
      b.appendChild(on ? glyph : word);
      b.addEventListener("click", function () {
        ctl.pause();
        if (def.by === "change") { ctl.jumpChange(def.dir); } else { ctl.step(def.dir); }
        ctl.settle();
      });
    });
    var when = el("div", "tm-when", null, row);
    // Not a live region: the status line (timemap-announce.js) speaks when the reader stops.
    var date = el("span", "tm-date", "", when);
    var changes = el("span", "tm-changes", "", when);

    var siege = el("button", "tm-siege", "", bar);
    attrs(siege, {type: "button"});
    siege.hidden = true;
    siege.addEventListener("click", function () {
      var line = Core.siegeLine(payload.routes, payload.siegeLabel, ctl.state().index);
      if (line) { ctl.selectRoute(line.route); }
    });

    var track = el("div", "tm-track", null, bar);
    var strip = el("div", "tm-strip", null, track);
    var marks = Core.changeMarks(weeks.changes, weeks.dates);
    // Each mark a touch target 24 px tall, and as wide as the room to its neighbours allows.
    var widths = root.TimeMapFit.markWidths(marks.map(function (m) { return parseFloat(m.left); }));
    marks.forEach(function (m, n) {
      var mark = attrs(el("button", "tm-mark", null, strip), {type: "button",
        tabindex: "-1", "data-week": String(m.index), "aria-label": m.label, title: m.label});
      mark.style.insetInlineStart = m.left;
      mark.style.width = "min(" + root.TimeMapFit.MARK_TARGET + "px, " + widths[n] + "%)";
      mark.style.setProperty("--tm-mark-h", m.height);
      mark.addEventListener("click", function () { ctl.pause(); ctl.show(m.index); ctl.settle(); });
    });

    var slider = attrs(el("input", "tm-slider", null, track), {type: "range", min: 0,
      max: count - 1, step: 1, value: 0, "aria-label": root.TimeMapStrings.T("Week")});
    var dragging = false;
    slider.addEventListener("pointerdown", function () { dragging = true; ctl.pause(); });
    slider.addEventListener("input", function () { ctl.show(+slider.value); });
    // Released: `change` where the browser sends it, else the pointer's release.
    var released = function () {
      if (dragging) { dragging = false; ctl.settle(); }
    };
    slider.addEventListener("change", function () { dragging = true; released(); });
    root.addEventListener("pointerup", released);
    root.addEventListener("pointercancel", released);
    slider.addEventListener("keydown", function (e) {
      var move = Core.weekKey(e.key, ctl.state().index, count,
        root.TimeMapStrings.isRtl());
      if (!move) { return; }
      e.preventDefault();
      if (move.play) {
        ctl.togglePlay();
      } else {
        ctl.pause();
        ctl.show(move.index);
        ctl.settleSoon();
      }
    });
    play.addEventListener("click", ctl.togglePlay);
    speed.addEventListener("change", function () {
      if (ctl.state().playing) { ctl.pause(); ctl.play(); }
    });

    /** Show week `i`: the slider, the dates, the count of changes and the siege line. */
    function paint(i) {
      var iso = weeks.dates[i];
      if (+slider.value !== i) { slider.value = String(i); }
      slider.setAttribute("aria-valuetext", Core.sliderText(iso));
      date.textContent = Core.weekLabel(iso);
      changes.textContent = Core.changedHands(weeks.changes[i]);
      var line = Core.siegeLine(payload.routes, payload.siegeLabel, i);
      if (siege.hidden !== !line) {
        siege.hidden = !line;
        ctl.relayout();  // the bar grew or shrank by a line
      }
      if (line) {
        siege.textContent = line.text;
        siege.title = line.title;
      }
    }

    /** Show whether the map is playing on the play button. */
    function showPlaying(playing) {
      var now = Core.playButton(playing);
      playGlyph.textContent = now.glyph;
      playWord.textContent = now.word;
      attrs(play, {"aria-label": now.label});
    }

    /** The chosen play speed, in ms per week. */
    function msPerWeek() {
      return Access.playMs(Core.PLAY_SPEEDS[+speed.value].msPerWeek,
        ctl.reducedMotion);
    }

    return {paint: paint, showPlaying: showPlaying, msPerWeek: msPerWeek};
  }

  root.TimeMapTimeBar = {create: create};
})(typeof self !== "undefined" ? self : this);
