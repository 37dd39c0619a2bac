// District geometry sent once per map (see geometry_once.py). The base map's script
// calls window.__geometryOnce(map, spec), which fetches spec.url and defines
// window.__applyDistrictState(payload), which each slider step calls.
// Names and labels only ever reach the page through textContent.
window.__geometryOnce = function (map, spec) {
  "use strict";
  var state = {ready: false, pending: null, payload: null, layers: [], names: [], index: {}, hover: -1, labels: [], looks: []};
  // Tooltip tables by URL (one per view, fetched once): per district [[isoDate, tooltip], ...].
  var tables = {};

  // Empty layers on the map at once: streamlit-folium attaches its click handler to
  // every layer in map._layers right after this script, and a click on a district
  // path propagates to its L.geoJSON group (event.layer = the path), so clicks reach
  // Python although the paths arrive later.
  var neighbours = L.geoJSON(null, {
    interactive: false,
    style: function () { return spec.neighbourStyle; }
  }).addTo(map);
  var districts = L.geoJSON(null, {
    style: function () { return spec.loadingStyle; },
    onEachFeature: function (feature, layer) {
      var i = state.layers.length;
      var props = {id: String(feature.properties.id), name: String(feature.properties.name)};
      state.index[L.stamp(layer)] = i;
      state.layers.push(layer);
      state.names.push(props.name);
      // What a click sends to Python as last_active_drawing: the id, not the geometry.
      layer.toGeoJSON = function () { return {type: "Feature", properties: props, geometry: null}; };
      layer.on("mouseover", function () { state.hover = i; state.looks[i] = null; layer.setStyle(spec.highlightStyle); });
      layer.on("mouseout", function () { state.hover = -1; state.looks[i] = null; layer.setStyle(styleOf(i)); });
    }
  }).addTo(map);
  var labels = L.layerGroup().addTo(map);

  function styleOf(i) {
    var p = state.payload;
    return p ? p.c[p.i[i]][0] : spec.loadingStyle;
  }

  function textDiv(className, text) {
    var div = document.createElement("div");
    div.className = className;
    div.textContent = text;
    return div;
  }

  // Small gazetteers: t = [name, local name, state in words, [[speaker, ", role", date, quote]...], more].
  function richTooltip(t) {
    var box = document.createElement("div");
    var name = textDiv("tt-name", t[0]);
    if (t[1]) { name.appendChild(document.createTextNode(" (" + t[1] + ")")); }
    box.appendChild(name);
    box.appendChild(textDiv("tt-state", t[2]));
    t[3].forEach(function (c) {
      var claim = textDiv("tt-claim", "");
      var who = document.createElement("b");
      who.textContent = c[0];
      claim.appendChild(who);
      claim.appendChild(document.createTextNode(c[1] + " · " + c[2]));
      if (c[3]) { claim.appendChild(textDiv("tt-quote", "“" + c[3] + "”")); }
      box.appendChild(claim);
    });
    if (t[4]) { box.appendChild(textDiv("", "… and " + t[4] + " more (click for the history)")); }
    return box;
  }

  // The district's entry in the view's table for the day shown: the last change not after it.
  function tableTooltip(p, i) {
    var table = p.u && tables[p.u];
    if (!table || !table[i]) { return null; }
    var found = null;
    table[i].forEach(function (entry) { if (entry[0] <= p.d) { found = entry[1]; } });
    return found;
  }

  function loadTable(url) {
    if (!url || tables[url] !== undefined) { return; }
    tables[url] = null;  // loading
    fetch(url, {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (table) {
        tables[url] = table;
        if (districts.getTooltip() && districts.isTooltipOpen()) { districts.getTooltip().update(); }
      })
      .catch(function (error) { console.warn("tooltips not loaded: " + error); });
  }

  function tooltipOf(i) {
    var p = state.payload;
    var rich = tableTooltip(p, i);
    if (rich) { return richTooltip(rich); }
    var box = document.createElement("div");
    box.appendChild(textDiv("tt-name", state.names[i]));
    box.appendChild(textDiv("tt-state", p.c[p.i[i]][1]));
    box.appendChild(textDiv("tt-hint", spec.clickHint));
    return box;
  }

  function apply(payload) {
    if (!payload || payload.g !== spec.digest) {
      console.warn("district state for other geometry ignored");
      return;
    }
    if (!state.ready) { state.pending = payload; return; }
    if (payload.i.length !== state.layers.length) {
      console.warn("district state has " + payload.i.length + " districts, the map " + state.layers.length);
      return;
    }
    state.payload = payload;
    loadTable(payload.u);
    // Only paths whose look changed are touched: a step restyles a few districts, and
    // every setStyle makes the browser recompute and repaint that path.
    state.layers.forEach(function (layer, i) {
      var style = styleOf(i);
      var look = JSON.stringify(style) + (i === state.hover ? "h" : "");
      if (state.looks[i] === look) { return; }
      state.looks[i] = look;
      layer.setStyle(i === state.hover ? L.extend({}, style, spec.highlightStyle) : style);
    });
    // One tooltip for the whole layer (as folium's GeoJsonTooltip): it follows the
    // mouse from district to district, and an open one is refreshed here.
    if (!districts.getTooltip()) {
      districts.bindTooltip(function (layer) { return tooltipOf(state.index[L.stamp(layer)]); }, {sticky: true});
    } else if (districts.isTooltipOpen()) {
      districts.getTooltip().update();
    }
  }

  // Labels: biggest districts first; a label that would overlap one already shown is hidden.
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = spec.labelFont;

  function addLabels(features) {
    features.forEach(function (feature) {
      var p = feature.properties;
      if (typeof p.label_lat !== "number" || typeof p.label_lon !== "number") { return; }
      var text = textDiv("", String(p.name));
      var marker = L.marker([p.label_lat, p.label_lon], {
        icon: L.divIcon({html: text, className: "district-label", iconSize: [110, 16], iconAnchor: [55, 8]}),
        interactive: false,
        keyboard: false
      });
      state.labels.push({marker: marker, rank: p.label_rank || 0, width: measure.measureText(String(p.name)).width + 4});
      labels.addLayer(marker);
    });
    state.labels.sort(function (a, b) { return a.rank - b.rank; });
  }

  function declutter() {
    var shown = [];
    state.labels.forEach(function (label) {
      var element = label.marker.getElement();
      if (!element) { return; }
      var at = map.latLngToContainerPoint(label.marker.getLatLng());
      var box = [at.x - label.width / 2, at.y - 8, at.x + label.width / 2, at.y + 8];
      var clash = shown.some(function (b) { return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]; });
      element.style.visibility = clash ? "hidden" : "";
      if (!clash) { shown.push(box); }
    });
  }

  function fail(message) {
    var control = L.control({position: "topright"});
    control.onAdd = function () {
      var div = textDiv("geometry-error", spec.errorText + " (" + message + ")");
      div.style.cssText = "background:#fff3cd;border:1px solid #e0b000;padding:4px 8px;font:600 12px sans-serif";
      return div;
    };
    control.addTo(map);
  }

  window.__applyDistrictState = apply;
  map.on("zoomend", declutter);

  fetch(spec.url, {credentials: "same-origin"})
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (collection) {
      var found = {district: [], neighbour: []};
      collection.features.forEach(function (f) { (found[f.properties.role] || []).push(f); });
      neighbours.addData(found.neighbour);  // first, so they are drawn below the districts
      districts.addData(found.district);
      addLabels(found.district);
      state.ready = true;
      declutter();
      if (state.pending) { var pending = state.pending; state.pending = null; apply(pending); }
    })
    .catch(function (error) { fail(String(error && error.message || error)); });
};
