/* The HTML export inside an article's iframe: tell the page around it how tall the map would like to be.
 *
 * Posts {"control-map-height": N} (CSS px, a number) to the parent window whenever N changes:
 * once the page has loaded, and again when the frame is resized (a phone turned, a column
 * narrowed) or the map's controls change their size. The embed snippet (exports/embed.py)
 * sets its iframe's height to N. Nothing is posted when the page is not in a frame.
 *
 * N depends on the frame's width, never on its height (which N sets): the districts' extent
 * at that width (their aspect ratio, Web Mercator, as the map draws them) plus room for the
 * scale and attribution, or, when taller, the map's controls at their full, unscrolled
 * height: the tallest of the top corners' (the panel) above the tallest of the bottom
 * corners' (the footer), so that neither covers the other. Within [MIN_HEIGHT, MAX_HEIGHT]:
 * a tall country gets a tall frame, not an endless one.
 *
 * The message carries one number and is sent to any origin ("*"): the page does not know
 * where it is embedded, and there is nothing in it to keep from anyone.
 */
(function () {
  "use strict";
  if (window.parent === window) { return; }
  var MESSAGE = "control-map-height";
  var MIN_HEIGHT = 320;
  var MAX_HEIGHT = 1200;
  var MAP_CHROME = 60; /* the scale and the attribution under the districts */
  var CONTROLS_GAP = 20; /* between the top and the bottom controls */
  var told = 0;

  /* Height of a Leaflet corner's controls, stacked, at their full (unscrolled) height. */
  function stacked(selector) {
    var corner = document.querySelector(selector);
    var total = 0;
    if (!corner) { return 0; }
    for (var k = 0; k < corner.children.length; k++) {
      var child = corner.children[k];
      var style = window.getComputedStyle(child);
      total += child.scrollHeight + (parseFloat(style.marginTop) || 0) + (parseFloat(style.marginBottom) || 0);
    }
    return total;
  }

  function districtsHeight(width) {
    var api = document.documentElement.controlMap;
    var bounds = null;
    if (!api || !api.map) { return 0; }
    api.map.eachLayer(function (layer) {
      if (layer.feature && layer.getBounds) {
        var b = layer.getBounds();
        if (b.isValid()) { bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast()); }
      }
    });
    if (!bounds) { return 0; }
    var nw = api.map.project(bounds.getNorthWest(), 0), se = api.map.project(bounds.getSouthEast(), 0);
    return width * (se.y - nw.y) / Math.max(se.x - nw.x, 1e-9) + MAP_CHROME;
  }

  function wanted() {
    var width = document.documentElement.clientWidth;
    var corners = CONTROLS_GAP +
      Math.max(stacked(".leaflet-top.leaflet-left"), stacked(".leaflet-top.leaflet-right")) +
      Math.max(stacked(".leaflet-bottom.leaflet-left"), stacked(".leaflet-bottom.leaflet-right"));
    return Math.ceil(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, districtsHeight(width), corners)));
  }

  function tell() {
    var height = wanted();
    if (height === told) { return; }
    told = height;
    var message = {};
    message[MESSAGE] = height;
    window.parent.postMessage(message, "*");
  }

  window.addEventListener("load", tell);
  window.addEventListener("resize", tell);
  if (window.ResizeObserver) {
    var watch = new window.ResizeObserver(tell);
    watch.observe(document.documentElement);
    var corners = document.querySelectorAll(".leaflet-control-container > div");
    for (var k = 0; k < corners.length; k++) { watch.observe(corners[k]); }
  }
})();
