/* The HTML export inside an article's iframe: tell the page around it how tall the map would like to be.
 *
 * Posts {"control-map-height": N} (CSS px, a number) to the parent window whenever N changes:
 * once the page has loaded, and again when the frame is resized (a phone turned, a column
 * narrowed) or the parts around the map change their size (a layout, the day's legend). The
 * embed snippet (exports/embed.py) sets its iframe's height to N. Nothing is posted when the page is not in a frame.
 *
 * N depends on the frame's width, never on its height (which N sets): the page's parts
 * around the map (title, legend, bar, credit: their height follows the width they wrap in)
 * plus the map's, which is the districts' extent at the map's width (their aspect ratio, Web
 * Mercator, as the map draws them) and room for the scale and attribution, or, when taller,
 * the side column's content at its full, unscrolled height (a wide page). Within
 * [MIN_HEIGHT, MAX_HEIGHT]: a tall country gets a tall frame, not an endless one.
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
  var told = 0, toldWidth = 0;

  /* The height of `node`'s children, stacked, at their full (unscrolled) height, with margins. */
  function stacked(node, skip) {
    var total = 0;
    for (var k = 0; node && k < node.children.length; k++) {
      var child = node.children[k], style = window.getComputedStyle(child);
      if (child === skip || style.display === "none" || style.position === "absolute") { continue; }
      total += child.offsetHeight + (parseFloat(style.marginTop) || 0) + (parseFloat(style.marginBottom) || 0);
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
    var stage = document.querySelector(".cm-stage"), map = document.querySelector(".folium-map");
    if (!stage || !map) { return MIN_HEIGHT; }
    var side = stage.querySelector(".cm-side"), sidePadding = 20;
    var column = side && !side.hidden ? stacked(side) + sidePadding : 0;
    var around = stacked(stage.parentNode, stage) + 1;  /* the stage's border */
    return Math.ceil(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, around + Math.max(districtsHeight(map.clientWidth), column))));
  }

  /* At one width the height only grows (to the tallest day's legend): a frame that shrank and grew
     again as the reader played the days would shake the article around it. */
  function tell() {
    var width = document.documentElement.clientWidth, height = wanted();
    if (height === told || (width === toldWidth && height < told)) { return; }
    told = height;
    toldWidth = width;
    var message = {};
    message[MESSAGE] = height;
    window.parent.postMessage(message, "*");
  }

  window.addEventListener("load", tell);
  window.addEventListener("resize", tell);
  if (window.ResizeObserver) {
    var watch = new window.ResizeObserver(tell);
    watch.observe(document.documentElement);
    var parts = document.querySelectorAll(".cm-page > *, .cm-side > *");
    for (var k = 0; k < parts.length; k++) { watch.observe(parts[k]); }
  }
})();
