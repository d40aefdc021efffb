/* The app's side of the map: tell Streamlit where the reader stopped, and take the weeks and
 * areas that Python chooses (from the address, a link, a button), inside streamlit-folium's
 * frame. streamlit-folium (0.27) exposes window.Streamlit and keeps its state in
 * window.__GLOBAL_DATA__; it reports `last_active_drawing` when a layer is clicked, 250 ms
 * later, unless the value equals the one it sent last. */
(function (root) {
  "use strict";

  function connect(map, payload) {
    var seq = 0;
    var last = null;

    function send(state) {
      seq += 1;
      last = {type: "Feature", geometry: null, properties: {
        date: state.date, id: state.area, route: state.route, seq: seq}};
      var shared = root.__GLOBAL_DATA__;
      if (shared) {
        // streamlit-folium's own report of the click would repeat this one: make it equal.
        shared.last_active_drawing = last;
        shared.previous_data = {last_active_drawing: last};
      }
      if (root.Streamlit) { root.Streamlit.setComponentValue({last_active_drawing: last}); }
    }

    var controller = root.TimeMap.start(map, payload, {mode: "app", onReport: send});
    // A click on an area reaches streamlit-folium as the layer's GeoJSON: let it be our report.
    controller.map.eachLayer(function (layer) {
      if (layer.feature) { layer.toGeoJSON = function () { return last; }; }
    });
    root.timeMap = controller;
    root.timeMapCommand = function (cmd) { controller.command(cmd); };
    if (root.timeMapPending) { controller.command(root.timeMapPending); }
    return controller;
  }

  /** Fetch the payload (served beside the scripts) and start the map on it. */
  function load(map, url) {
    root.fetch(url).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (payload) {
      connect(map, payload);
    }).catch(function (error) {
      var note = document.createElement("div");
      note.className = "tm-load-error";
      note.textContent = "The map's data could not be loaded (" + error.message +
        "). Reload the page to try again.";
      map.getContainer().appendChild(note);
    });
  }

  root.TimeMapStreamlit = {connect: connect, load: load};
})(typeof self !== "undefined" ? self : this);
