/* The map itself, on Leaflet: neighbours, districts (one SVG path each, or one canvas for
 * large maps), their labels, the place markers, the quick look (a hover's or a keyboard focus's
 * tooltip, beside what it explains), the keyboard's way through the districts, and the fit.
 * It draws what `look` says ({day, compare, selected}, owned by ControlMap's app, webmap/js/timemap.js)
 * whenever update() or restyle(i) is called; it never changes `look` itself.
 *
 * data.renderer "canvas" (webmap/timemap.py renderer_for) draws the districts on one canvas
 * instead of one SVG path each; hatched fills then become CanvasPatterns (hatching.js).
 * Places are markers shaped by kind, drawn from zoom data.placeMinZoom in.
 */
ControlMap.view = (function (days, explain) {
  "use strict";

  /* A ring [x0, y0, dx, dy, ...] of integer steps back to GeoJSON positions, closed. */
  function ring(steps, scale) {
    var x = 0, y = 0, out = [];
    for (var k = 0; k + 1 < steps.length; k += 2) {
      x += steps[k];
      y += steps[k + 1];
      out.push([x / scale, y / scale]);
    }
    if (out.length) { out.push(out[0]); }
    return out;
  }

  function geometry(polygons, scale) {
    return { type: "MultiPolygon", coordinates: polygons.map(function (rings) { return rings.map(function (r) { return ring(r, scale); }); }) };
  }

  /*
   * A marker's shape says what the place is, as in the PNG: a triangle for a pass, a
   * square for a district centre, a diamond for a compound or a base, a circle for a
   * village, a town or an area. The same outline draws the map's marker and the key's.
   */
  var SHAPES = { pass: "triangle", district_centre: "square", compound: "diamond", base: "diamond" };
  function shapePath(shape, x, y, r) {
    if (shape === "triangle") { return "M" + x + "," + (y - 1.25 * r) + "L" + (x + 1.15 * r) + "," + (y + 0.8 * r) + "L" + (x - 1.15 * r) + "," + (y + 0.8 * r) + "z"; }
    if (shape === "square") { return "M" + (x - 0.9 * r) + "," + (y - 0.9 * r) + "h" + 1.8 * r + "v" + 1.8 * r + "h" + (-1.8 * r) + "z"; }
    if (shape === "diamond") { return "M" + x + "," + (y - 1.2 * r) + "L" + (x + 1.2 * r) + "," + y + "L" + x + "," + (y + 1.2 * r) + "L" + (x - 1.2 * r) + "," + y + "z"; }
    return "M" + (x - r) + "," + y + "a" + r + "," + r + " 0 1,0 " + 2 * r + ",0a" + r + "," + r + " 0 1,0 " + (-2 * r) + ",0";
  }
  /* A circle marker with its own path (the SVG renderer's _setPath), so that fills, hatch patterns, hover and focus work as for a circle. */
  var PlaceMarker = null;
  function placeMarkerClass() {
    PlaceMarker = PlaceMarker || L.CircleMarker.extend({
      _updatePath: function () {
        var shape = this.options.shape, p = this._point;
        if (!shape || !this._renderer._setPath || this._empty()) { L.CircleMarker.prototype._updatePath.call(this); return; }
        this._renderer._setPath(this, shapePath(shape, p.x, p.y, this._radius));
      }
    });
    return PlaceMarker;
  }

  function visibleFocus(node) {
    try { return node.matches(":focus-visible"); } catch (e) { return true; }  /* a browser without :focus-visible */
  }

  /* The area two boxes [x0, y0, x1, y1] share. */
  function overlap(a, b) {
    return Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  }

  /*
   * The quick look (a hover's, or a keyboard focus's, tooltip) goes beside the unit it
   * explains, clear of it, of the pointer and of the map's controls and panels where the
   * map has room; where it has not, where it covers least of them, never the pointer.
   * options.avoid(): the unit's box, options.obstacles(): the boxes of what is on the map
   * (container pixels).
   */
  var QuickLook = null;
  function quickLookClass() {
    QuickLook = QuickLook || L.Tooltip.extend({
      _setPosition: function () {
        var map = this._map, box = this._container, size = map.getSize(), o = this.options;
        var w = box.offsetWidth, h = box.offsetHeight, p = map.latLngToContainerPoint(this._latlng), b = o.avoid(), gap = 12;
        var near = [p.x - 16, p.y - 16, p.x + 16, p.y + 16], blocks = o.obstacles(), best = null, least = Infinity;
        [[b[2] + gap, p.y - h / 2], [b[0] - gap - w, p.y - h / 2], [p.x - w / 2, b[3] + gap], [p.x - w / 2, b[1] - gap - h],
          [p.x + 24, p.y - h / 2], [p.x - 24 - w, p.y - h / 2], [p.x - w / 2, p.y + 24], [p.x - w / 2, p.y - 24 - h]].forEach(function (spot) {
          var x = Math.max(4, Math.min(spot[0], size.x - w - 4)), y = Math.max(4, Math.min(spot[1], size.y - h - 4));
          var r = [x, y, x + w, y + h], cost = overlap(r, b) + 1e9 * overlap(r, near);
          blocks.forEach(function (q) { cost += overlap(r, q); });
          if (cost < least) { least = cost; best = [x, y]; }
        });
        L.DomUtil.setPosition(box, map.containerPointToLayerPoint(best).round());
      }
    });
    return QuickLook;
  }

  var SPREAD_PX = 11;

  /*
   * Draw `model` (ControlMap.days.decode) with the shapes of `data` on `map`. host: as for
   * controlMapApp (keepView, controls, clickHint). on: what the page is told --
   * on.places(visible) after every zoom, whether the place markers are shown;
   * on.pick(isPlace, index, byKey) when a district or a place is clicked, tapped, or
   * chosen with Enter or Space (index -1: a click away from them); on.room(): the width a panel covers on the map's right.
   *
   * Every district (SVG) and place is a button for the keyboard and for screen readers,
   * named with its state of the day: Tab reaches one (a roving tabindex), the arrow keys,
   * Home and End move between them, in alphabetical order, districts first.
   */
  function create(map, model, data, host, look, on) {
    var hover = -1, placeHover = -1, looks = [], placeLooks = [], names = [];
    var container = map.getContainer();
    var tip = { maxClaims: data.maxTooltipClaims, maxQuoteChars: data.maxQuoteChars, hint: host.clickHint || "Click for the claims behind it." };

    function options(noun, full) {
      return { noun: noun, full: full, maxClaims: tip.maxClaims, maxQuoteChars: tip.maxQuoteChars, hint: tip.hint };
    }
    function unitOf(isPlace, index) { return isPlace ? model.places[index] : model.districts[index]; }

    /* One canvas for every district of a large map: a changed SVG path is rasterised again in
       tiles (software raster without a GPU), while the canvas redraws all in a few ms. */
    var canvas = data.renderer === "canvas" ? L.canvas({ padding: 0.3 }) : undefined;
    var drawnFills = [];
    /* The style as the renderer takes it; drawnFills keeps each district's fill as text
       (a pattern as url(#id)), the same on both renderers, for fills(). */
    function drawable(style, index) {
      drawnFills[index] = style.fillColor;
      if (canvas && style.fillColor.indexOf("url(") === 0) { style.fillColor = window.__hatchCanvasPattern(style.fillColor); }
      return style;
    }

    function styleFor(index) {
      var change = days.changeAt(model, model.districts[index].changes, look.day);
      var category = model.categories[change.category];
      /* A stale state keeps only part of its fill opacity: drawn faded. */
      var opacity = category.opacity * (days.staleAge(model, change, look.day) === null ? 1 : data.staleOpacity);
      var style = { fillColor: category.fill, fillOpacity: opacity, color: "#333333", weight: 1.2, opacity: 1, dashArray: null };
      if (look.compare !== null) {
        /* Compare mode: districts that differ get a heavy dashed outline; the others are dimmed. */
        if (days.differs(model, model.districts[index], look.day, look.compare)) { style.color = "#000000"; style.weight = 3.5; style.dashArray = "7 4"; }
        else { style.fillOpacity = opacity * 0.3; style.opacity = 0.5; }
      }
      if (index === look.selected) { style.color = "#000000"; style.weight = 3.5; style.dashArray = null; }
      if (index === hover) { style.color = "#000000"; style.weight = 3; }
      return style;
    }

    var features = data.neighbours.map(function (polygons) { return { type: "Feature", properties: {}, geometry: geometry(polygons, data.scale) }; });
    L.geoJSON({ type: "FeatureCollection", features: features }, {
      renderer: canvas,
      interactive: false,
      style: function () { return { fillColor: data.neighbourColor, fillOpacity: 0.25, color: "#9e9e9e", weight: 0.8 }; }
    }).addTo(map);

    /* ---------------------------------------------------------- the quick look */

    /* Leaflet focuses the map on a press so that its keys work, scrolling it into view: in an article's
       frame, that scrolls the article under the pointer, and the click lands elsewhere. Focused without a scroll. */
    if (map.keyboard) {
      L.DomEvent.off(container, "mousedown", map.keyboard._onMouseDown, map.keyboard);
      L.DomEvent.on(container, "mousedown", function () { if (!map.keyboard._focused) { container.focus({ preventScroll: true }); } });
    }

    /* What last moved the pointer: a mouse's hover gets a quick look, a finger's tap does not. */
    var pointer = "mouse", quick = null, shown = null;
    L.DomEvent.on(container, "pointerdown pointermove", function (event) { pointer = event.pointerType; });

    function boxOf(isPlace, index) {
      if (isPlace) {
        var at = map.latLngToContainerPoint(placeMarkers[index].getLatLng());
        return [at.x - 12, at.y - 12, at.x + 12, at.y + 12];
      }
      var b = layers[index].getBounds(), nw = map.latLngToContainerPoint(b.getNorthWest()), se = map.latLngToContainerPoint(b.getSouthEast());
      return [nw.x, nw.y, se.x, se.y];
    }
    function obstacles() {
      var at = container.getBoundingClientRect();
      return Array.prototype.map.call(container.querySelectorAll(".leaflet-control, .cm-sheet:not([hidden])"), function (node) {
        var r = node.getBoundingClientRect();
        return [r.left - at.left, r.top - at.top, r.right - at.left, r.bottom - at.top];
      });
    }
    /* The point a unit is shown at: a district's label point (else its middle), a place's marker. */
    function anchor(isPlace, index) {
      if (isPlace) { return placeMarkers[index].getLatLng(); }
      return data.labels[index] ? L.latLng(data.labels[index]) : layers[index].getBounds().getCenter();
    }

    /* Show the quick look of a unit (at `latLng`, else its anchor), or none (unit null). */
    function quickLook(unit, latLng) {
      if (!unit) {
        if (quick && map.hasLayer(quick)) { map.closeTooltip(quick); }
        shown = null;
        return;
      }
      quick = quick || new (quickLookClass())({
        className: "cm-tooltip", opacity: 1,
        avoid: function () { return boxOf(shown.place, shown.index); }, obstacles: obstacles
      });
      shown = unit;
      quick.setContent(explain.card(model, unitOf(unit.place, unit.index), look, options(unit.place ? "place" : "district", false)));
      quick.setLatLng(latLng || anchor(unit.place, unit.index));
      if (!map.hasLayer(quick)) { map.openTooltip(quick); } else { quick.update(); }
    }

    /* Hover, click or tap, for a district's layer or a place's marker. */
    function interactive(layer, isPlace, index, restyleIt) {
      layer.on("mouseover", function (event) {
        if (pointer === "touch") { return; }
        if (isPlace) { placeHover = index; } else { hover = index; }
        restyleIt(index);
        quickLook({ place: isPlace, index: index }, event.latlng);
      });
      layer.on("mousemove", function (event) {
        if (shown && shown.place === isPlace && shown.index === index && !isPlace) { quick.setLatLng(event.latlng); }
      });
      layer.on("mouseout", function () {
        if (isPlace) { placeHover = -1; } else { hover = -1; }
        restyleIt(index);
        quickLook(null);
      });
      layer.on("click", function (event) {
        L.DomEvent.stopPropagation(event);  /* not also a click on the map, which closes the explanation */
        quickLook(null);
        on.pick(isPlace, index, false);
      });
      layer.on("add", function () { named(isPlace, index, true); });
    }

    /* ---------------------------------------------------------- districts */

    var layers = [];
    /* A district with no shape (null) gets no layer. */
    var districtFeatures = [];
    data.shapes.forEach(function (polygons, i) {
      if (polygons) { districtFeatures.push({ type: "Feature", properties: { i: i }, geometry: geometry(polygons, data.scale) }); }
    });
    var districtLayer = L.geoJSON({ type: "FeatureCollection", features: districtFeatures }, {
      renderer: canvas,
      style: function (feature) { return drawable(styleFor(feature.properties.i), feature.properties.i); },
      onEachFeature: function (feature, layer) {
        var i = feature.properties.i;
        layers[i] = layer;
        interactive(layer, false, i, restyle);
      }
    });

    /* Only paths whose look changed are touched: every setStyle makes the browser recompute that path. */
    function restyle(i) {
      var layer = layers[i];
      if (!layer) { return; }
      var style = styleFor(i);
      var key = style.fillColor + "|" + style.fillOpacity + "|" + style.color + "|" + style.weight + "|" + style.opacity + "|" + style.dashArray;
      if (looks[i] === key) { return; }
      looks[i] = key;
      layer.setStyle(drawable(style, i));
      named(false, i);
    }

    /* ---------------------------------------------------------- the keyboard */

    /* Each unit's element, named with its state of the day ("Khinj: Taliban — confirmed"); `again` after the element was made anew. */
    function named(isPlace, index, again) {
      var layer = isPlace ? placeMarkers[index] : layers[index], node = layer && layer.getElement && layer.getElement();
      if (!node) { return; }
      var unit = unitOf(isPlace, index), key = (isPlace ? "p" : "d") + index;
      var label = unit.name + (isPlace ? " (" + unit.line + ")" : "") + ": " + model.categories[days.changeAt(model, unit.changes, look.day).category].label;
      if (again || !node.getAttribute("role")) {
        node.setAttribute("role", "button");
        node.setAttribute("tabindex", roving && roving.place === isPlace && roving.index === index ? "0" : "-1");
        node.cmUnit = { place: isPlace, index: index };
        names[key] = null;
      }
      if (names[key] !== label) { names[key] = label; node.setAttribute("aria-label", label); }
    }

    /* The units a key moves between: those drawn as elements now, districts then places, by name. */
    var roving = null;
    function order() {
      var list = [];
      function add(isPlace, layer, index) {
        var node = layer && layer.getElement && layer.getElement();
        if (node && node.isConnected) { list.push({ place: isPlace, index: index, node: node, name: unitOf(isPlace, index).name }); }
      }
      layers.forEach(function (layer, i) { add(false, layer, i); });
      var districts = list.length;
      placeMarkers.forEach(function (marker, i) { add(true, marker, i); });
      function byName(a, b) { return a.name.localeCompare(b.name); }
      return list.slice(0, districts).sort(byName).concat(list.slice(districts).sort(byName));
    }
    /* One unit is reached by Tab: the last one focused, else the first. */
    function rove() {
      var list = order();
      var at = roving ? list.filter(function (u) { return u.place === roving.place && u.index === roving.index; })[0] : null;
      at = at || list[0];
      list.forEach(function (u) { u.node.setAttribute("tabindex", u === at ? "0" : "-1"); });
      roving = at ? { place: at.place, index: at.index } : null;
    }

    L.DomEvent.on(container, "keydown", function (event) {
      var unit = event.target.cmUnit;
      if (!unit) { return; }
      var list = order(), at = 0, moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
      list.forEach(function (u, k) { if (u.place === unit.place && u.index === unit.index) { at = k; } });
      var to = event.key === "Home" ? 0 : event.key === "End" ? list.length - 1 : moves[event.key] ? (at + moves[event.key] + list.length) % list.length : -1;
      if (event.key === "Enter" || event.key === " ") { on.pick(unit.place, unit.index, true); }
      else if (to >= 0) { roving = { place: list[to].place, index: list[to].index }; rove(); list[to].node.focus(); }
      else { return; }
      L.DomEvent.stop(event);
    });
    /* A unit focused from the keyboard: its outline, its quick look, in view (a click or a tap focuses it too, quietly). */
    L.DomEvent.on(container, "focusin focusout", function (event) {
      var unit = event.target.cmUnit;
      if (!unit) { return; }
      var keyed = event.type === "focusin" && visibleFocus(event.target);
      if (event.type === "focusin") { roving = unit; rove(); }
      if (unit.place) { placeHover = keyed ? unit.index : -1; restylePlace(unit.index); } else { hover = keyed ? unit.index : -1; restyle(unit.index); }
      if (keyed) { still(function () { map.panInside(anchor(unit.place, unit.index), { padding: [60, 60], animate: false }); }); }
      quickLook(keyed ? unit : null);
    });

    districtLayer.addTo(map);

    /* ---------------------------------------------------------- labels */

    /* Biggest districts first where ranks are given; one that would overlap a label already shown, or
       that does not fit inside its district at this zoom, is hidden. The paths carry the names for screen readers. */
    var labels = [];
    var measure = document.createElement("canvas").getContext("2d");
    measure.font = "600 12px sans-serif";
    data.labels.forEach(function (point, i) {
      if (!point) { return; }
      var name = model.districts[i].name;
      var marker = L.marker(point, {
        icon: L.divIcon({ html: ControlMap.el("div", null, name), className: "cm-label", iconSize: [120, 16], iconAnchor: [60, 8] }),
        interactive: false,
        keyboard: false
      }).addTo(map);
      marker.getElement().setAttribute("aria-hidden", "true");
      labels.push({ marker: marker, rank: data.labelRanks ? data.labelRanks[i] : i, width: measure.measureText(name).width + 4, i: i });
    });
    labels.sort(function (a, b) { return a.rank - b.rank; });

    function declutter() {
      var kept = [];
      var zoom = map.getZoom();
      labels.forEach(function (label) {
        var element = label.marker.getElement();
        if (!element) { return; }
        /* data.labelMinZoom (webmap/labels.py): below it the name does not fit inside its district */
        if (data.labelMinZoom && zoom < data.labelMinZoom[label.i]) { element.style.visibility = "hidden"; return; }
        var at = map.latLngToContainerPoint(label.marker.getLatLng());
        var box = [at.x - label.width / 2, at.y - 8, at.x + label.width / 2, at.y + 8];
        var clash = kept.some(function (b) { return overlap(box, b) > 0; });
        element.style.visibility = clash ? "hidden" : "";
        if (!clash) { kept.push(box); }
      });
    }

    /* ---------------------------------------------------------- places */

    /*
     * A marker each, in its own state's colour and pattern (a dashed outline when its position
     * is approximate), above the districts; hidden below data.placeMinZoom, where a national
     * map would drown in them (the key says how many and how to see them).
     */
    var placeMarkers = [], halos = [];
    var placeGroup = L.featureGroup();

    function placeStyle(index) {
      var place = model.places[index];
      var change = days.changeAt(model, place.changes, look.day);
      var opacity = days.staleAge(model, change, look.day) === null ? 1 : data.staleOpacity;
      var style = {
        radius: index === placeHover ? 9 : 7, fillColor: model.categories[change.category].fill, fillOpacity: opacity, color: "#111111",
        weight: 2, opacity: 1, dashArray: place.approximate ? "3 2" : null
      };
      if (look.compare !== null) {
        if (days.differs(model, place, look.day, look.compare)) { style.weight = 3.5; style.color = "#000000"; }
        else { style.fillOpacity = opacity * 0.3; style.opacity = 0.5; }
      }
      return style;
    }

    function restylePlace(index) {
      var style = placeStyle(index);
      var key = style.radius + "|" + style.fillColor + "|" + style.fillOpacity + "|" + style.weight + "|" + style.opacity;
      if (placeLooks[index] === key) { return; }
      placeLooks[index] = key;
      placeMarkers[index].setStyle(style);
      placeMarkers[index].setRadius(style.radius);
      named(true, index);
    }

    model.places.forEach(function (place, index) {
      /* a white ring under each marker: a place stands out from a district of its own colour */
      var halo = L.circleMarker(place.point, { radius: 10, stroke: false, fillColor: "#ffffff", fillOpacity: 0.9, interactive: false });
      halos.push(halo);
      placeGroup.addLayer(halo);
      var Marker = placeMarkerClass();
      var marker = new Marker(place.point, L.extend({ className: "cm-place", shape: SHAPES[place.kind] }, placeStyle(index)));
      marker.cmPlace = index;  /* for tests: which place a layer draws */
      placeMarkers.push(marker);
      interactive(marker, true, index, restylePlace);
      placeGroup.addLayer(marker);
    });

    /*
     * Places closer on screen than a marker's width (a police post at its district centre)
     * are spread on a small ring around their common point, so each can be seen and
     * hovered; the points themselves are not moved, only where this zoom draws them.
     */
    function spreadPlaces() {
      var at = model.places.map(function (place) { return map.latLngToLayerPoint(place.point); });
      var done = [];
      at.forEach(function (point, i) {
        if (done[i]) { return; }
        var group = [i];
        for (var j = i + 1; j < at.length; j++) {
          if (!done[j] && point.distanceTo(at[j]) < 2 * SPREAD_PX) { group.push(j); done[j] = true; }
        }
        group.forEach(function (k, n) {
          var shifted = at[k];
          if (group.length > 1) {
            var angle = 2 * Math.PI * n / group.length - Math.PI / 2;
            shifted = L.point(point.x + SPREAD_PX * Math.cos(angle), point.y + SPREAD_PX * Math.sin(angle));
          }
          var latLng = map.layerPointToLatLng(shifted);
          placeMarkers[k].setLatLng(latLng);
          halos[k].setLatLng(latLng);
        });
      });
    }

    function showPlaces() {
      if (model.places.length) {
        var visible = map.getZoom() >= data.placeMinZoom;
        if (visible) { spreadPlaces(); }  /* hidden markers need no places on screen */
        if (visible && !map.hasLayer(placeGroup)) { placeGroup.addTo(map); }
        if (!visible && map.hasLayer(placeGroup)) { map.removeLayer(placeGroup); }
        if (on.places) { on.places(visible); }
      }
      rove();
    }

    /* ---------------------------------------------------------- the view */

    /*
     * The districts fill the map, clear of a panel drawn on it, and again whenever the map's
     * size changes (a phone turned, a frame resized, a sheet or a layout changing) until the
     * reader moves or zooms it. Only once the map has room for them: a container without a
     * size yet (not laid out, hidden, in a folded section or an iframe not shown) would give
     * Leaflet a negative room, an infinite zoom and a NaN centre.
     */
    var bounds = districtLayer.getBounds();
    var moved = !!host.keepView || !bounds.isValid(), quiet = false, fitted = false;
    /* Our own moves (a fit, a resize, bringing a unit into view) are not the reader's. */
    function still(move) {
      quiet = true;
      try { move(); } finally { quiet = false; }
    }
    var revealed = null;  /* how far reveal() panned, to pan back when the panel closes */
    map.on("movestart zoomstart", function () { if (!quiet && fitted) { moved = true; revealed = null; } });
    function fit() {
      var size = map.getSize(), right = on.room ? on.room() : 10;
      if (moved || size.x <= 20 + right || size.y <= 60) { return; }
      still(function () { map.fitBounds(bounds, { paddingTopLeft: [10, 10], paddingBottomRight: [right, 30], animate: false }); });
      fitted = true;
    }
    /* The container's own size (a layout change, a sheet opening), which Leaflet's window listener
       does not see; it replaces that listener, whose late resize would count as the reader's move. */
    L.DomEvent.off(window, "resize", map._onResize, map);
    var observer = new ResizeObserver(function () { still(function () { map.invalidateSize(); }); });
    observer.observe(container);
    map.on("unload", function () { observer.disconnect(); });
    map.on("resize", fit);
    still(function () { map.invalidateSize(); });
    fit();

    map.on("zoomend", function () { declutter(); showPlaces(); });
    /* A click or tap on the map away from any district or place: nothing picked (the explanation closes). */
    map.on("click", function () { on.pick(null, -1, false); });

    function refreshQuickLook() {
      if (shown) { var latLng = quick.getLatLng(); quickLook(shown, latLng); }
    }

    return {
      renderer: canvas ? "canvas" : "svg",
      /* Draw look's day and comparison; an open quick look follows the day it explains. */
      update: function () {
        layers.forEach(function (layer, i) { restyle(i); });
        placeMarkers.forEach(function (marker, i) { restylePlace(i); });
        refreshQuickLook();
      },
      restyle: restyle,
      /* The Leaflet layer of district `index` (undefined without a shape) and of place `index`: to open, focus or follow one. */
      layerOf: function (index) { return layers[index]; },
      markerOf: function (index) { return placeMarkers[index]; },
      declutter: declutter,
      showPlaces: showPlaces,
      fit: fit,
      /* Pan a unit out from under `box` ([x0, y0, x1, y1], container pixels: a panel just opened over the map). */
      reveal: function (isPlace, index, box) {
        var p = map.latLngToContainerPoint(anchor(isPlace, index)), size = map.getSize(), dx = 0, dy = 0;
        if (p.x > box[0] - 20 && p.x < box[2] + 20 && p.y > box[1] - 20 && p.y < box[3] + 20) {
          if (box[1] > 40) { dy = p.y - box[1] / 2; } else if (box[2] < size.x - 40) { dx = p.x - (box[2] + size.x) / 2; }
        }
        if (dx || dy) {
          revealed = revealed || [0, 0];
          revealed = [revealed[0] + dx, revealed[1] + dy];
          still(function () { map.panBy([dx, dy], { animate: false }); });
        }
      },
      /* Back to where the map was before reveal() panned it, unless the reader has moved it since. */
      unreveal: function () {
        var back = revealed;
        revealed = null;
        if (back) { still(function () { map.panBy([-back[0], -back[1]], { animate: false }); }); }
      },
      /* For tests and benchmarks: each district's fill as drawn (url(#id) for a pattern). */
      fills: function () { return drawnFills.filter(function () { return true; }); },  /* sparse (no layer for a missing shape): compacted */
      /* A point inside district `index` in page pixels (its label point), on either renderer. */
      pointOf: function (index) {
        if (!data.labels[index]) { return null; }
        var at = map.latLngToContainerPoint(data.labels[index]);
        var box = container.getBoundingClientRect();
        return [box.left + at.x, box.top + at.y];
      }
    };
  }

  return { create: create, shapePath: shapePath, SHAPES: SHAPES };
}(ControlMap.days, ControlMap.explain));
