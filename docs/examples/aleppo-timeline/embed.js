/* The host script of the published map (`aleppo-map export site` writes it beside
 * index.html as embed.js). A page that frames the map pastes it once, anywhere:
 *
 *   <iframe src="https://example.org/aleppo/index.html" data-aleppo-map
 *           title="Who held which neighbourhood of Aleppo, week by week"
 *           style="width: 100%; height: 720px; border: 0" loading="lazy"></iframe>
 *   <script src="https://example.org/aleppo/embed.js" async></script>
 *
 * The map tells the page its height whenever it changes ({type: "timemap-height", height},
 * besides the pym.js and AMP forms); this script sets that height on the frame it came from,
 * and on no other: a message counts only if its source is the window of one of the page's
 * frames marked data-aleppo-map. It answers that window {type: "timemap-host"}: without that
 * answer the map keeps within the frame's own height. Frames added later are found too. It reads no other message,
 * defines no global, and writes nothing into the page but the frames' heights (and a
 * data-aleppo-map-embed attribute on <html>, so that a second copy does nothing). */
(function () {
  "use strict";
  var root = document.documentElement;
  if (root.hasAttribute("data-aleppo-map-embed")) { return; }  // pasted twice: once is enough
  var SELECTOR = "iframe[data-aleppo-map]";
  var MESSAGE = "timemap-height";
  var HOST_HELLO = "timemap-host";
  var LEAST = 200, MOST = 20000;  // px: a height outside these is no height of ours

  function frameOf(source) {
    var frames = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) { return frames[i]; }
    }
    return null;
  }

  function onMessage(event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== MESSAGE) { return; }
    var frame = frameOf(event.source);
    if (!frame) { return; }
    var height = Math.round(Number(data.height));
    if (!(height >= LEAST && height <= MOST)) { return; }
    frame.style.height = height + "px";
    frame.setAttribute("data-aleppo-map-height", String(height));
    // Tell the map its height is followed: it may then grow past the frame's first height.
    event.source.postMessage({type: HOST_HELLO}, "*");
  }

  window.addEventListener("message", onMessage);
  root.setAttribute("data-aleppo-map-embed", MESSAGE);
})();
