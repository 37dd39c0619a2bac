/* The map itself, on Leaflet: neighbours, districts (one SVG path each, or one canvas for
 * large maps), their labels, the place markers, tooltips and popups, and the first fit.
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
   * village or a town. A circle marker with its own path (the SVG renderer's _setPath),
   * so that fills, hatch patterns, hover and tooltips work as for a circle.
   */
  var SHAPES = { pass: "triangle", district_centre: "square", compound: "diamond", base: "diamond" };
  var PlaceMarker = null;
  function placeMarkerClass() {
    PlaceMarker = PlaceMarker || L.CircleMarker.extend({
      _updatePath: function () {
        var shape = this.options.shape, p = this._point, r = this._radius;
        if (!shape || !this._renderer._setPath || this._empty()) { L.CircleMarker.prototype._updatePath.call(this); return; }
        var d;
        if (shape === "triangle") {
          d = "M" + p.x + "," + (p.y - 1.25 * r) + "L" + (p.x + 1.15 * r) + "," + (p.y + 0.8 * r) + "L" + (p.x - 1.15 * r) + "," + (p.y + 0.8 * r) + "z";
        } else if (shape === "square") {
          d = "M" + (p.x - 0.9 * r) + "," + (p.y - 0.9 * r) + "h" + 1.8 * r + "v" + 1.8 * r + "h" + (-1.8 * r) + "z";
        } else {
          d = "M" + p.x + "," + (p.y - 1.2 * r) + "L" + (p.x + 1.2 * r) + "," + p.y + "L" + p.x + "," + (p.y + 1.2 * r) + "L" + (p.x - 1.2 * r) + "," + p.y + "z";
        }
        this._renderer._setPath(this, d);
      }
    });
    return PlaceMarker;
  }

  var SPREAD_PX = 11;
  var POPUP = { maxWidth: 440, maxHeight: 420, className: "cm-popup" };

  /*
   * Draw `model` (ControlMap.days.decode) with the shapes of `data` on `map`. host: as for
   * controlMapApp (onSelect, keepView, controls, clickHint). on.places(visible): told after
   * every zoom whether the place markers are shown.
   */
  function create(map, model, data, host, look, on) {
    var hover = -1, placeHover = -1, looks = [], placeLooks = [];
    var tip = { maxClaims: data.maxTooltipClaims, maxQuoteChars: data.maxQuoteChars, hint: host.clickHint || "Click for the claims behind it." };

    function options(noun, full) {
      return { noun: noun, full: full, maxClaims: tip.maxClaims, maxQuoteChars: tip.maxQuoteChars, hint: tip.hint };
    }

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
        var i = feature.properties.i, district = model.districts[i];
        layers[i] = layer;
        layer.bindTooltip(function () { return explain.card(model, district, look, options("district", false)); }, { sticky: true, className: "cm-tooltip", direction: "auto" });
        if (host.onSelect) {
          layer.on("click", function () { host.onSelect(i); });
        } else {
          layer.bindPopup(function () { return explain.card(model, district, look, options("district", true)); }, POPUP);
        }
        layer.on("mouseover", function () { hover = i; restyle(i); });
        layer.on("mouseout", function () { hover = -1; restyle(i); });
      }
    }).addTo(map);

    /* Only paths whose look changed are touched: every setStyle makes the browser recompute that path. */
    function restyle(i) {
      var layer = layers[i];
      if (!layer) { return; }
      var style = styleFor(i);
      var key = style.fillColor + "|" + style.fillOpacity + "|" + style.color + "|" + style.weight + "|" + style.opacity + "|" + style.dashArray;
      if (looks[i] === key) { return; }
      looks[i] = key;
      layer.setStyle(drawable(style, i));
    }

    /* ---------------------------------------------------------- labels */

    /* Biggest districts first where ranks are given; one that would overlap a label already shown, or
       that does not fit inside its district at this zoom, is hidden. */
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
      labels.push({ marker: marker, rank: data.labelRanks ? data.labelRanks[i] : i, width: measure.measureText(name).width + 4, i: i });
    });
    labels.sort(function (a, b) { return a.rank - b.rank; });

    function declutter() {
      var shown = [];
      var zoom = map.getZoom();
      labels.forEach(function (label) {
        var element = label.marker.getElement();
        if (!element) { return; }
        /* data.labelMinZoom (webmap/labels.py): below it the name does not fit inside its district */
        if (data.labelMinZoom && zoom < data.labelMinZoom[label.i]) { element.style.visibility = "hidden"; return; }
        var at = map.latLngToContainerPoint(label.marker.getLatLng());
        var box = [at.x - label.width / 2, at.y - 8, at.x + label.width / 2, at.y + 8];
        var clash = shown.some(function (b) { return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]; });
        element.style.visibility = clash ? "hidden" : "";
        if (!clash) { shown.push(box); }
      });
    }

    /* ---------------------------------------------------------- places */

    /*
     * A circle each, in its own state's colour and pattern (a dashed ring when its position
     * is approximate), above the districts; hidden below data.placeMinZoom, where a national
     * map would drown in them (the legend says how many and how to see them).
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
    }

    model.places.forEach(function (place, index) {
      /* a white ring under each marker: a place stands out from a district of its own colour */
      var halo = L.circleMarker(place.point, { radius: 10, stroke: false, fillColor: "#ffffff", fillOpacity: 0.9, interactive: false });
      halos.push(halo);
      placeGroup.addLayer(halo);
      var Marker = placeMarkerClass();
      var marker = new Marker(place.point, L.extend({ className: "cm-place", shape: SHAPES[place.kind] }, placeStyle(index)));
      marker.bindTooltip(function () { return explain.card(model, place, look, options("place", false)); }, { className: "cm-tooltip", direction: "auto" });
      if (host.onSelect) {
        marker.on("click", function () { if (place.district >= 0) { host.onSelect(place.district); } });
      } else {
        marker.bindPopup(function () { return explain.card(model, place, look, options("place", true)); }, POPUP);
      }
      marker.on("mouseover", function () { placeHover = index; restylePlace(index); });
      marker.on("mouseout", function () { placeHover = -1; restylePlace(index); });
      marker.cmPlace = index;  /* for tests: which place a layer draws */
      placeMarkers.push(marker);
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
      if (!model.places.length) { return; }
      var visible = map.getZoom() >= data.placeMinZoom;
      if (visible) { spreadPlaces(); }  /* hidden markers need no places on screen */
      if (visible && !map.hasLayer(placeGroup)) { placeGroup.addTo(map); }
      if (!visible && map.hasLayer(placeGroup)) { map.removeLayer(placeGroup); }
      if (on.places) { on.places(visible); }
    }

    /* ---------------------------------------------------------- the first view */

    /*
     * The districts fill the map, clear of the panel on a wide one. Only once the map has
     * room for them: a container without a size yet (not laid out, hidden, in a folded
     * section or an iframe not shown) would give Leaflet a negative room, an infinite zoom
     * and a NaN centre. Then the fit waits for the container's first size.
     */
    var bounds = districtLayer.getBounds();
    var fitted = !!host.keepView || !bounds.isValid();
    function fit() {
      if (fitted) { return; }
      var size = map.getSize();
      var right = size.x > 800 ? (host.controls ? 250 : 330) : 10;
      if (size.x <= 10 + right || size.y <= 10 + 50) { return; }
      fitted = true;
      map.fitBounds(bounds, { paddingTopLeft: [10, 10], paddingBottomRight: [right, 50] });
    }
    /* Leaflet follows the window's size; this follows the container's own (a layout change, a sheet opening). */
    if (typeof ResizeObserver === "function") {
      var observer = new ResizeObserver(function () { map.invalidateSize(); });
      observer.observe(map.getContainer());
      map.on("unload", function () { observer.disconnect(); });
    }
    map.on("resize", fit);
    map.invalidateSize();
    fit();

    map.on("zoomend", function () { declutter(); showPlaces(); });

    return {
      renderer: canvas ? "canvas" : "svg",
      /* Draw look's day and comparison; open tooltips and popups follow the day they explain. */
      update: function () {
        layers.forEach(function (layer, i) { restyle(i); refreshOpen(layer); });
        placeMarkers.forEach(function (marker, i) { restylePlace(i); refreshOpen(marker); });
      },
      restyle: restyle,
      /* The Leaflet layer of district `index` (undefined without a shape) and of place `index`: to open, focus or follow one. */
      layerOf: function (index) { return layers[index]; },
      markerOf: function (index) { return placeMarkers[index]; },
      declutter: declutter,
      showPlaces: showPlaces,
      /* For tests and benchmarks: each district's fill as drawn (url(#id) for a pattern). */
      fills: function () { return drawnFills.filter(function () { return true; }); },  /* sparse (no layer for a missing shape): compacted */
      /* A point inside district `index` in page pixels (its label point), on either renderer. */
      pointOf: function (index) {
        if (!data.labels[index]) { return null; }
        var at = map.latLngToContainerPoint(data.labels[index]);
        var box = map.getContainer().getBoundingClientRect();
        return [box.left + at.x, box.top + at.y];
      }
    };
  }

  function refreshOpen(layer) {
    if (layer.isTooltipOpen()) { layer.getTooltip().update(); }
    if (layer.isPopupOpen()) { layer.getPopup().update(); }
  }

  return { create: create };
}(ControlMap.days, ControlMap.explain));
