/* The time map, the one client-side renderer of the app and of the standalone HTML export:
 * district fills by day, the date slider and its step buttons, the keyboard (arrows,
 * Home/End, PageUp/PageDown by week), play at 1, 7 or 30 days a second, compare two dates,
 * the legend's counts, tooltips and popups -- all in the browser, no server round trip.
 *
 * controlMapApp(map, data, host) draws on a Leaflet map. The export (exports/html.py)
 * inlines this file after Leaflet (minified as ES5: webmap/scripts.py) and
 * calls it with folium's map and its JSON data block; the app (components/timemap.py)
 * serves it as a static file and calls it from its custom component with a `host`:
 *   host.root      element that gets data-day / data-compare (default: <html>)
 *   host.controls  element for the date controls (default: the map's panel)
 *   host.onReport({day, compare}): the day and the compared day (ISO or null), told once they
 *                  have stood still (debounced) and differ from what the host last knew
 *   host.onSelect(index): a click on a district (instead of the export's popup)
 * It returns {show(day), setCompare(day or null), seek(day, compare), select(index or -1), pause(),
 * dayIndex(iso), map, renderer ("svg" or "canvas"), fills(), pointOf(index)};
 * seek() is the host's own move (a link, a jump): shown, and not reported back; fills() and
 * pointOf() are for tests and benchmarks on either renderer.
 * The data's format is described at the top of export_html.py:
 * change points [day, category, word refs...], words [side, holder, claims...],
 * claims [id, source, day, quote, outlet, report, url, facts], text tables, and
 * delta-encoded integer rings for the shapes.
 * Places (data.places) are markers shaped by kind, with change points of their own, drawn
 * from zoom data.placeMinZoom in; a click on one selects its district in the app.
 * data.renderer "canvas" (large maps, webmap/timemap.py) draws the districts on one canvas
 * instead of one SVG path each; hatched fills then become CanvasPatterns (hatching.js).
 * Every string from the YAML files reaches the page through textContent or
 * createTextNode, never innerHTML: quotes stay text whatever they contain.
 */
function controlMapApp(map, data, host) {
  "use strict";
  host = host || {};
  /* Lean data (big timelines, the app): change points are [day, category] or
     [day, category, newest deciding claim's day]; no words or claims are shipped. */
  var lean = !data.claims;
  var root = host.root || document.documentElement;
  var SPEEDS = [1, 7, 30];
  var REPORT_AFTER_MS = 300;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var DAY_MS = 86400000;
  var NONE = -1;
  var start = Date.UTC(+data.start.slice(0, 4), +data.start.slice(5, 7) - 1, +data.start.slice(8, 10));
  /* Packed lean change points (webmap/timemap.py pack_changes): flat, days as steps; unpacked once. */
  data.places = data.places || [];
  if (data.packed) {
    data.districts.concat(data.places).forEach(function (district) {
      var flat = district.changes, out = [], day = 0;
      for (var k = 0; k < flat.length; k += data.packed) {
        day += flat[k];
        out.push([day].concat(flat.slice(k + 1, k + data.packed)));
      }
      district.changes = out;
    });
  }
  var current = data.day;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function dateOf(day) {
    return new Date(start + day * DAY_MS);
  }

  /* "5 Sep 2021", as core.explain writes dates */
  function shortDate(day) {
    var d = dateOf(day);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  function dayLabel(day) {
    return WEEKDAYS[dateOf(day).getUTCDay()] + " " + shortDate(day);
  }

  function isoDay(day) {
    return dateOf(day).toISOString().slice(0, 10);
  }

  /* A ring [x0, y0, dx, dy, ...] of integer steps back to GeoJSON positions, closed. */
  function ring(steps) {
    var x = 0, y = 0, out = [];
    for (var k = 0; k + 1 < steps.length; k += 2) {
      x += steps[k];
      y += steps[k + 1];
      out.push([x / data.scale, y / data.scale]);
    }
    if (out.length) { out.push(out[0]); }
    return out;
  }

  function geometry(polygons) {
    return { type: "MultiPolygon", coordinates: polygons.map(function (rings) { return rings.map(ring); }) };
  }

  /* The change point in force on `day` for district `index`. */
  function stateAt(index, day) {
    return changeAt(data.districts[index].changes, day);
  }

  function placeStateAt(index, day) {
    return changeAt(data.places[index].changes, day);
  }

  /* A binary search over change points, as Timeline.state does. */
  function changeAt(changes, day) {
    var lo = 0, hi = changes.length - 1, found = data.before;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (changes[mid][0] <= day) { found = changes[mid]; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  /*
   * Days since the newest deciding claim, when the file sets stale_after_days and the
   * state is older than that (core.rules.stale_age); null otherwise. Claims are stored
   * in (date, id) order, so the highest deciding index is the newest.
   */
  function staleAge(state, day) {
    if (day === undefined) { day = current; }
    if (data.staleAfter === null || data.staleAfter === undefined) { return null; }
    if (lean) {
      var newest = state.length > 2 && state[2] >= 0 ? state[2] : null;
      return newest !== null && day - newest > data.staleAfter ? day - newest : null;
    }
    var claims = claimsOf(state);
    var age = claims.length ? day - data.claims[claims[0]][2] : null;
    return age !== null && age > data.staleAfter ? age : null;
  }

  /* Does district `index` have another category on the compared day than on the day shown? */
  function differs(index) {
    return compare !== null && stateAt(index, current)[1] !== stateAt(index, compare)[1];
  }

  function styleFor(index) {
    var state = stateAt(index, current);
    var category = data.categories[state[1]];
    /* A stale state keeps only part of its fill opacity: drawn faded. */
    var opacity = category.opacity * (staleAge(state) === null ? 1 : data.staleOpacity);
    var style = { fillColor: category.fill, fillOpacity: opacity, color: "#333333", weight: 1.2, opacity: 1, dashArray: null };
    if (compare !== null) {
      /* Compare mode: districts that differ get a heavy dashed outline; the others are dimmed. */
      if (differs(index)) { style.color = "#000000"; style.weight = 3.5; style.dashArray = "7 4"; }
      else { style.fillOpacity = opacity * 0.3; style.opacity = 0.5; }
    }
    if (index === selected) { style.color = "#000000"; style.weight = 3.5; style.dashArray = null; }
    if (index === hover) { style.color = "#000000"; style.weight = 3; }
    return style;
  }

  /* ------------------------------------------------------------ why a district has its colour */

  /* Every side's word in a state: {side, holder, claims, deciding}; ~index marks a word that did not decide. */
  function wordsOf(state) {
    var out = [];
    if (lean) { return out; }
    for (var k = 2; k < state.length; k++) {
      if (typeof state[k] !== "number") { continue; }
      var index = state[k] < 0 ? ~state[k] : state[k];
      var row = data.words[index];
      /* [status, flags (1 hedged, 2 weak), unverified note claims...] for words made with the evidence fields */
      var kind = data.wordKinds[index];
      out.push({
        side: row[0], holder: row[1], claims: row.slice(2), deciding: state[k] >= 0,
        status: kind ? kind[0] : (row[1] === NONE ? "contested" : "held"),
        hedged: kind ? (kind[1] & 1) === 1 : false, weak: kind ? (kind[1] & 2) === 2 : false,
        unverifiedNotes: kind ? kind.slice(2) : []
      });
    }
    return out;
  }

  /* The deciding claims, newest first: claims are stored in (date, id) order. */
  function claimsOf(state) {
    if (lean) { return []; }
    var last = state[state.length - 1];
    if (typeof last === "string") { last = state[state.length - 2]; }
    var claims = [];
    if (typeof last === "object") {
      claims = last.slice();
    } else {
      wordsOf(state).forEach(function (word) { if (word.deciding) { claims = claims.concat(word.claims); } });
    }
    return claims.sort(function (a, b) { return b - a; });
  }

  function sideName(side) {
    return side === NONE ? "Independent sources" : data.parties[side];
  }

  /* Who spoke a word, e.g. "Witnesses speaking to AP and Anadolu Agency" (core.explain.speakers). */
  function speakers(word) {
    var names = [];
    word.claims.forEach(function (claim) {
      var name = data.sources[data.claims[claim][1]][0];
      if (names.indexOf(name) < 0) { names.push(name); }
    });
    return names.length === 1 ? names[0] : names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }

  /* core.explain.what_word_says: e.g. "held by Taliban", "Taliban forces present, hedged", "denies Taliban control". */
  function whatWordSays(word) {
    var p = word.holder === NONE ? null : data.parties[word.holder];
    var what = {
      held: "held by " + p,
      contested: "contested",
      present: p + " forces present",
      denied: p ? "denies " + p + " control" : "denies the claims of control",
      unverified: p ? "could not verify the " + p + " claim" : "could not verify the claims"
    }[word.status];
    return what + (word.hedged ? ", hedged" : "");
  }

  /* core.rules.is_weak: a hedged word or a report of presence corroborates, never confirms. */
  function isWeak(word) {
    return word.status === "present" || ((word.status === "held" || word.status === "contested") && word.weak);
  }

  /* Does the word share a claim with the state's deciding claims? */
  function intersects(word, decided) {
    return word.claims.some(function (c) { return decided.indexOf(c) >= 0; });
  }

  /* core.explain.why_not_confirmed */
  function whyNotConfirmed(word) {
    if (!isWeak(word)) { return ""; }
    var kind = word.hedged ? "hedged" : "presence, not control";
    var quote = (data.claims[word.claims[0]][3] || "").split(/[ \t\n\r\f\v]+/).filter(Boolean);
    var excerpt = quote.slice(0, data.reasonWords).join(" ") + (quote.length > data.reasonWords ? " …" : "");
    return excerpt ? " — " + kind + ": “" + excerpt + "”" : " — " + kind;
  }

  /* e.g. "Taliban: held by Taliban (Bilal Karimi, 5 Sep 2021)" (core.explain.word_text). */
  function wordText(word) {
    return sideName(word.side) + ": " + whatWordSays(word) + " (" + speakers(word) + ", " + shortDate(data.claims[word.claims[0]][2]) + ")";
  }

  /* core.explain._others */
  function others(words, decided, holder) {
    var objectors = [], unverified = [];
    words.forEach(function (w) {
      if (w.side === holder || ((w.status === "held" || w.status === "present") && w.holder === holder)) { return; }
      if (w.status === "unverified") { unverified.push(speakers(w)); }
      else if (!(intersects(w, decided) && isWeak(w))) { objectors.push(sideName(w.side)); }
    });
    /* An outlet's "could not verify" beside a firmer word of its side that day. */
    words.forEach(function (w) {
      w.unverifiedNotes.forEach(function (c) {
        var name = data.sources[data.claims[c][1]][0];
        if (unverified.indexOf(name) < 0) { unverified.push(name); }
      });
    });
    var text = "";
    if (objectors.length) { text += "; " + objectors.join(" and ") + (objectors.length > 1 ? " dispute" : " disputes"); }
    if (unverified.length) { text += "; " + unverified.join(" and ") + " could not verify"; }
    return text;
  }

  /* A word, and why it did not confirm when it is weak. */
  function wordWithReason(word) { return wordText(word) + whyNotConfirmed(word); }

  /* One line on the state, word for word what core.explain.headline says. */
  function headline(state, noun) {
    var category = data.categories[state[1]];
    var status = category.status, holder = category.holder;
    var words = wordsOf(state);
    var decided = claimsOf(state);
    if (status === "unknown") {
      if (words.length) { return "No claim of control. " + words.map(wordText).join("; "); }
      return "No information: no source has spoken about this " + (noun || "district") + " yet";
    }
    if (["hedged", "present", "denied", "unverified"].indexOf(status) >= 0) { return words.map(wordWithReason).join("; "); }
    if (holder !== null) {
      var name = data.parties[holder];
      var text;
      if (status === "confirmed" || status === "held") {
        text = name + " control — " + (status === "confirmed" ? "confirmed" : "by its own account");
        var backers = words.filter(function (w) { return w.side !== holder && w.deciding; });
        if (status === "confirmed" && backers.length) { text += " by " + backers.map(speakers).join("; "); }
      } else if (status === "corroborated") {
        var deciding = words.filter(function (w) { return w.deciding; });
        var claimants = deciding.filter(function (w) { return w.side !== NONE; }).map(function (w) { return sideName(w.side); });
        var support = deciding.filter(function (w) { return w.side === NONE; }).map(function (w) { return speakers(w) + whyNotConfirmed(w); }).join("; ");
        text = claimants.length
          ? name + " control — claimed by " + claimants.join(" and ") + ", partly corroborated by " + support + "; unconfirmed"
          : name + " control — reported by " + support + "; unconfirmed";
      } else {
        text = name + " control — claimed by " + name + ", unconfirmed";
      }
      return text + others(words, decided, holder);
    }
    var label = status === "contested" ? "Contested" : status === "disputed" ? "Disputed — the claims contradict"
      : status === "corroborated" ? "Contested — partly corroborated, unconfirmed" : status;
    var line = label + ". " + words.filter(function (w) { return w.deciding; }).map(wordWithReason).join("; ");
    var aside = words.filter(function (w) { return !w.deciding && (isWeak(w) || w.status === "denied" || w.status === "unverified"); });
    if (aside.length) { line += ". Not decisive: " + aside.map(wordWithReason).join("; "); }
    return line;
  }

  function claimBlock(claimIndex, maxChars, withReport) {
    var claim = data.claims[claimIndex];
    var source = data.sources[claim[1]];
    var block = el("div", "cm-claim");
    var head = el("div", "cm-claim-head");
    head.appendChild(el("b", null, source[0]));
    if (source[1]) { head.appendChild(document.createTextNode(", " + source[1])); }
    if (source[2]) { head.appendChild(document.createTextNode(" (" + source[2] + ")")); }
    head.appendChild(document.createTextNode(" · " + shortDate(claim[2])));
    var facts = data.facts[claim[7] || 0];
    if (facts) { head.appendChild(document.createTextNode(" · " + facts)); }
    block.appendChild(head);
    var quote = claim[3] || "";
    if (maxChars && quote.length > maxChars) { quote = quote.slice(0, maxChars - 1) + "…"; }
    if (quote) { block.appendChild(el("div", "cm-quote", "“" + quote + "”")); }
    if (withReport) {
      var report = [data.outlets[claim[4] || 0], data.reports[claim[5] || 0]].filter(Boolean).join(" — ");
      var url = data.urls[claim[6] || 0];
      if (report || url) {
        var line = el("div", "cm-report", report ? "Reported by: " + report + " " : "");
        if (url && /^https?:\/\//i.test(url)) {
          var link = el("a", null, "(link)");
          link.href = url;
          link.target = "_blank";
          link.rel = "noopener noreferrer";
          line.appendChild(link);
        }
        block.appendChild(line);
      }
      block.appendChild(el("div", "cm-claim-id", "claim " + claim[0]));
    }
    return block;
  }

  function explanation(index, full) {
    return explain(data.districts[index], stateAt(index, current), compare !== null ? stateAt(index, compare) : null, full, "district");
  }

  function placeExplanation(index, full) {
    var place = data.places[index];
    return explain(place, placeStateAt(index, current), compare !== null ? placeStateAt(index, compare) : null, full, "place");
  }

  /* A tooltip or popup: name, state on the day, why (the headline), the compared day, the deciding claims. */
  function explain(unit, state, then, full, noun) {
    var box = el("div", "cm-tip");
    var name = el("div", "cm-name", unit.name);
    if (unit.local) { name.appendChild(el("span", "cm-local", " (" + unit.local + ")")); }
    box.appendChild(name);
    if (unit.line) { box.appendChild(el("div", "cm-place-line", unit.line)); }
    box.appendChild(el("div", "cm-status", data.categories[state[1]].label + " — " + dayLabel(current)));
    if (lean) {
      box.appendChild(el("div", "cm-hint", host.clickHint || "Click for the claims behind it."));
    } else {
      box.appendChild(el("div", "cm-headline", headline(state, noun)));
      if (typeof state[state.length - 1] === "string") { box.appendChild(el("div", "cm-through", state[state.length - 1])); }
    }
    if (then !== null) {
      var line = el("div", "cm-compare", "On " + dayLabel(compare) + ": " + data.categories[then[1]].label);
      if (then[1] !== state[1]) { line.appendChild(el("b", null, " (changed)")); }
      box.appendChild(line);
    }
    var age = staleAge(state);
    if (age !== null) { box.appendChild(el("div", "cm-stale", "Drawn faded: its newest deciding claim is " + age + " days old.")); }
    var claims = claimsOf(state);
    var shown = full ? claims.length : Math.min(claims.length, data.maxTooltipClaims);
    for (var i = 0; i < shown; i++) {
      box.appendChild(claimBlock(claims[i], full ? 0 : data.maxQuoteChars, full));
    }
    if (shown < claims.length) {
      box.appendChild(el("div", "cm-more", "… and " + (claims.length - shown) + " more (click for all)"));
    }
    return box;
  }

  /* ------------------------------------------------------------ layers */

  var current = Math.max(0, Math.min(data.days - 1, data.day));
  var compare = null;
  var selected = -1;
  var hover = -1;
  var looks = [];

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

  var features = data.neighbours.map(function (polygons) { return { type: "Feature", properties: {}, geometry: geometry(polygons) }; });
  L.geoJSON({ type: "FeatureCollection", features: features }, {
    renderer: canvas,
    interactive: false,
    style: function () { return { fillColor: data.neighbourColor, fillOpacity: 0.25, color: "#9e9e9e", weight: 0.8 }; }
  }).addTo(map);

  var layers = [];
  /* A district with no shape (null) gets no layer. */
  var districtFeatures = [];
  data.shapes.forEach(function (polygons, i) {
    if (polygons) { districtFeatures.push({ type: "Feature", properties: { i: i }, geometry: geometry(polygons) }); }
  });
  var districtLayer = L.geoJSON({ type: "FeatureCollection", features: districtFeatures }, {
    renderer: canvas,
    style: function (feature) { return drawable(styleFor(feature.properties.i), feature.properties.i); },
    onEachFeature: function (feature, layer) {
      var i = feature.properties.i;
      layers[i] = layer;
      layer.bindTooltip(function () { return explanation(i, false); }, { sticky: true, className: "cm-tooltip", direction: "auto" });
      if (host.onSelect) {
        layer.on("click", function () { host.onSelect(i); });
      } else {
        layer.bindPopup(function () { return explanation(i, true); }, { maxWidth: 440, maxHeight: 420, className: "cm-popup" });
      }
      layer.on("mouseover", function () { hover = i; restyle(i); });
      layer.on("mouseout", function () { hover = -1; restyle(i); });
    }
  }).addTo(map);

  /* Labels: biggest districts first where ranks are given; one that would overlap a label already shown is hidden. */
  var labels = [];
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = "600 12px sans-serif";
  data.labels.forEach(function (point, i) {
    if (!point) { return; }
    var name = data.districts[i].name;
    var marker = L.marker(point, {
      icon: L.divIcon({ html: el("div", null, name), className: "cm-label", iconSize: [120, 16], iconAnchor: [60, 8] }),
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
  map.on("zoomend", declutter);

  /*
   * Places: a circle each, in its own state's colour and pattern (a dashed ring when its
   * position is approximate), above the districts; hidden below data.placeMinZoom, where
   * a national map would drown in them (the legend says how many and how to see them).
   */
  /*
   * A marker's shape says what the place is, as in the PNG: a triangle for a pass, a
   * square for a district centre, a diamond for a compound or a base, a circle for a
   * village or a town. A circle marker with its own path (the SVG renderer's _setPath),
   * so that fills, hatch patterns, hover and tooltips work as for a circle.
   */
  var SHAPES = { pass: "triangle", district_centre: "square", compound: "diamond", base: "diamond" };
  var PlaceMarker = L.CircleMarker.extend({
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
  var placeMarkers = [];
  var placeLooks = [];
  var placeHover = -1;
  var placeGroup = L.featureGroup();
  function placeDiffers(index) {
    return compare !== null && placeStateAt(index, current)[1] !== placeStateAt(index, compare)[1];
  }
  function placeStyle(index) {
    var state = placeStateAt(index, current);
    var category = data.categories[state[1]];
    var opacity = staleAge(state) === null ? 1 : data.staleOpacity;
    var style = {
      radius: index === placeHover ? 9 : 7, fillColor: category.fill, fillOpacity: opacity, color: "#111111",
      weight: 2, opacity: 1, dashArray: data.places[index].approximate ? "3 2" : null
    };
    if (compare !== null) {
      if (placeDiffers(index)) { style.weight = 3.5; style.color = "#000000"; }
      else { style.fillOpacity = opacity * 0.3; style.opacity = 0.5; }
    }
    return style;
  }
  function restylePlace(index) {
    var style = placeStyle(index);
    var look = style.radius + "|" + style.fillColor + "|" + style.fillOpacity + "|" + style.weight + "|" + style.opacity;
    if (placeLooks[index] === look) { return; }
    placeLooks[index] = look;
    placeMarkers[index].setStyle(style);
    placeMarkers[index].setRadius(style.radius);
  }
  var halos = [];
  data.places.forEach(function (place, index) {
    /* a white ring under each marker: a place stands out from a district of its own colour */
    var halo = L.circleMarker(place.point, { radius: 10, stroke: false, fillColor: "#ffffff", fillOpacity: 0.9, interactive: false });
    halos.push(halo);
    placeGroup.addLayer(halo);
    var marker = new PlaceMarker(place.point, L.extend({ className: "cm-place", shape: SHAPES[place.kind] }, placeStyle(index)));
    marker.bindTooltip(function () { return placeExplanation(index, false); }, { className: "cm-tooltip", direction: "auto" });
    if (host.onSelect) {
      marker.on("click", function () { if (place.district >= 0) { host.onSelect(place.district); } });
    } else {
      marker.bindPopup(function () { return placeExplanation(index, true); }, { maxWidth: 440, maxHeight: 420, className: "cm-popup" });
    }
    marker.on("mouseover", function () { placeHover = index; restylePlace(index); });
    marker.on("mouseout", function () { placeHover = -1; restylePlace(index); });
    marker.cmPlace = index;  /* for tests: which place a layer draws */
    placeMarkers.push(marker);
    placeGroup.addLayer(marker);
  });
  var placeNote = el("div", "cm-note cm-places-note", "");
  var SPREAD_PX = 11;
  /*
   * Places closer on screen than a marker's width (a police post at its district centre)
   * are spread on a small ring around their common point, so each can be seen and
   * hovered; the points themselves are not moved, only where this zoom draws them.
   */
  function spreadPlaces() {
    var at = data.places.map(function (place) { return map.latLngToLayerPoint(place.point); });
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
    if (!data.places.length) { return; }
    var visible = map.getZoom() >= data.placeMinZoom;
    if (visible) { spreadPlaces(); }  /* hidden markers need no places on screen */
    if (visible && !map.hasLayer(placeGroup)) { placeGroup.addTo(map); }
    if (!visible && map.hasLayer(placeGroup)) { map.removeLayer(placeGroup); }
    var count = data.places.length + (data.places.length === 1 ? " place" : " places");
    /* On schematic cells a marker stands at its real point, which may fall outside its district's cell. */
    var cells = data.warning ? " The cells are not real borders: a marker stands at its real point, which may lie outside its district's cell." : "";
    placeNote.textContent = visible
      ? "Markers: " + count + " in their own state (▲ pass, ■ district centre, ◆ compound or base, ● village, town or area; dashed: position approximate); only a district centre's claims count for its district." + cells
      : count + " hidden at this scale: zoom in to see them.";
  }
  map.on("zoomend", showPlaces);

  var wide = map.getSize().x > 800;
  if (!host.keepView && districtLayer.getBounds().isValid()) {
    map.fitBounds(districtLayer.getBounds(), { paddingTopLeft: [10, 10], paddingBottomRight: [wide ? (host.controls ? 250 : 330) : 10, 50] });
  }

  /* ------------------------------------------------------------ panel: title, slider, play, compare, legend */

  var panel = el("div", "cm-panel");
  if (!host.controls) {
    panel.appendChild(el("div", "cm-title", data.title));
    panel.appendChild(el("div", "cm-view", "View: " + data.viewLabel));
    if (data.warning) { panel.appendChild(el("div", "cm-warning", data.warning)); }
  }
  var box = host.controls || panel;

  function button(text, title) {
    var b = el("button", "cm-button", text);
    b.type = "button";
    b.title = title;
    b.setAttribute("aria-label", title);
    return b;
  }

  function rangeInput(label, value, className) {
    var input = el("input", className);
    input.type = "range";
    input.min = "0";
    input.max = String(data.days - 1);
    input.step = "1";
    input.value = String(value);
    input.setAttribute("aria-label", label);
    return input;
  }

  var dateOut = el("output", "cm-date");
  dateOut.setAttribute("aria-live", "polite");
  box.appendChild(dateOut);

  var controls = el("div", "cm-controls");
  var back = button("◀", "One day back");
  var slider = rangeInput("Date", current, "cm-slider");
  var forward = button("▶", "One day forward");
  var play = button("▶ Play", "Play");
  play.classList.add("cm-play");
  play.setAttribute("aria-pressed", "false");
  var speedSelect = el("select", "cm-speed");
  speedSelect.setAttribute("aria-label", "Play speed");
  speedSelect.title = "Play speed";
  SPEEDS.forEach(function (s) {
    var option = el("option", null, s + (s === 1 ? " day/s" : " days/s"));
    option.value = String(s);
    speedSelect.appendChild(option);
  });
  [back, slider, forward, play, speedSelect].forEach(function (node) { controls.appendChild(node); });
  box.appendChild(controls);
  box.appendChild(el("div", "cm-span", dayLabel(0) + " – " + dayLabel(data.days - 1) + " · ←/→ a day, PgUp/PgDn a week, Home/End"));

  /* Compare: a second date; the map marks the districts whose state differs. */
  var compareRow = el("div", "cm-compare-row");
  var compareBox = el("input", "cm-compare-toggle");
  compareBox.type = "checkbox";
  compareBox.id = "cm-compare-" + Math.random().toString(36).slice(2);
  var compareLabel = el("label", null, "Compare with");
  compareLabel.htmlFor = compareBox.id;
  var compareSlider = rangeInput("Compare with date", 0, "cm-compare-slider");
  compareSlider.disabled = true;
  var compareOut = el("output", "cm-compare-date", "");
  [compareBox, compareLabel, compareSlider, compareOut].forEach(function (node) { compareRow.appendChild(node); });
  box.appendChild(compareRow);
  var changedList = el("div", "cm-changes");
  if (!host.controls) { box.appendChild(changedList); }

  var legend = el("ul", "cm-legend");
  var counts = [];
  data.categories.forEach(function (category) {
    var row = el("li", "cm-legend-row");
    var swatch = el("span", "cm-swatch");
    swatch.style.background = category.swatch;
    if (category.hatched) { swatch.style.border = "1.5px solid " + category.color; }
    var count = el("b", "cm-count", "0");
    row.appendChild(swatch);
    row.appendChild(el("span", "cm-legend-label", category.label + ": "));
    row.appendChild(count);
    legend.appendChild(row);
    counts.push({ row: row, count: count });
  });
  var legendBox = host.controls ? el("div", "cm-panel cm-legend-panel") : panel;
  legendBox.appendChild(legend);
  legendBox.appendChild(placeNote);
  var differing = el("div", "cm-differ", "");
  legendBox.appendChild(differing);
  if (!host.controls) {
    panel.appendChild(el("div", "cm-note", data.patternNote + " Hover a district for why; click for every deciding claim."));
  }

  var Panel = L.Control.extend({
    options: { position: "topright" },
    onAdd: function () {
      L.DomEvent.disableClickPropagation(legendBox);
      L.DomEvent.disableScrollPropagation(legendBox);
      return legendBox;
    }
  });
  new Panel().addTo(map);

  if (!host.controls && data.footer) {
    var footer = el("div", "cm-footer");
    data.footer.forEach(function (line) { footer.appendChild(el("div", null, line)); });
    var Footer = L.Control.extend({ options: { position: "bottomleft" }, onAdd: function () { return footer; } });
    new Footer().addTo(map);
  }

  /* ------------------------------------------------------------ the day */

  /* Only paths whose look changed are touched: every setStyle makes the browser recompute that path. */
  function restyle(i) {
    var layer = layers[i];
    if (!layer) { return; }
    var style = styleFor(i);
    var look = style.fillColor + "|" + style.fillOpacity + "|" + style.color + "|" + style.weight + "|" + style.opacity + "|" + style.dashArray;
    if (looks[i] === look) { return; }
    looks[i] = look;
    layer.setStyle(drawable(style, i));
  }

  function showChanges() {
    var changed = [];
    if (compare !== null) {
      data.districts.forEach(function (district, i) { if (differs(i)) { changed.push(i); } });
    }
    differing.textContent = compare === null ? "" : changed.length + " of " + data.districts.length + " districts differ from " + shortDate(compare);
    changedList.textContent = "";
    if (compare === null || host.controls) { return; }
    changed.forEach(function (i) {
      var was = stateAt(i, compare), now = stateAt(i, current);
      var item = el("div", "cm-change");
      item.appendChild(el("b", null, data.districts[i].name + ": "));
      item.appendChild(document.createTextNode(data.categories[was[1]].label + " (" + shortDate(compare) + ") → " + data.categories[now[1]].label + " (" + shortDate(current) + ")"));
      if (!lean) {
        item.appendChild(el("div", "cm-report", shortDate(compare) + ": " + headline(was)));
        item.appendChild(el("div", "cm-report", shortDate(current) + ": " + headline(now)));
      }
      changedList.appendChild(item);
    });
    data.places.forEach(function (place, i) {
      if (!placeDiffers(i)) { return; }
      var was = placeStateAt(i, compare), now = placeStateAt(i, current);
      var item = el("div", "cm-change");
      item.appendChild(el("b", null, place.name + " (place): "));
      item.appendChild(document.createTextNode(data.categories[was[1]].label + " → " + data.categories[now[1]].label));
      changedList.appendChild(item);
    });
  }

  var reportTimer = null;
  var dragging = false;
  var reported = { day: null, compare: null };

  /* Tell the host the day and the compared day once they have stood still: one rerun per pause, not per frame. */
  function scheduleReport() {
    if (!host.onReport) { return; }
    if (reportTimer !== null) { clearTimeout(reportTimer); }
    reportTimer = setTimeout(function () {
      reportTimer = null;
      if (dragging) { return; }
      var now = { day: isoDay(current), compare: compare === null ? null : isoDay(compare) };
      if (now.day === reported.day && now.compare === reported.compare) { return; }
      reported = now;
      host.onReport(now);
    }, REPORT_AFTER_MS);
  }

  /* An open tooltip or popup follows the day it explains. */
  function refreshOpen(layer) {
    if (layer.isTooltipOpen()) { layer.getTooltip().update(); }
    if (layer.isPopupOpen()) { layer.getPopup().update(); }
  }

  function show(day) {
    current = Math.max(0, Math.min(data.days - 1, day));
    slider.value = String(current);
    slider.setAttribute("aria-valuetext", dayLabel(current));
    dateOut.textContent = dayLabel(current);
    var tally = data.categories.map(function () { return 0; });
    data.districts.forEach(function (district, i) { tally[stateAt(i, current)[1]] += 1; });
    layers.forEach(function (layer, i) { restyle(i); refreshOpen(layer); });
    placeMarkers.forEach(function (marker, i) { restylePlace(i); refreshOpen(marker); });
    counts.forEach(function (entry, k) {
      entry.count.textContent = String(tally[k]);
      entry.row.classList.toggle("cm-empty", tally[k] === 0);
    });
    back.disabled = current === 0;
    forward.disabled = current === data.days - 1;
    showChanges();
    root.setAttribute("data-day", isoDay(current));
    scheduleReport();
  }

  function setCompare(day) {
    compare = day === null || day === undefined ? null : Math.max(0, Math.min(data.days - 1, day));
    compareBox.checked = compare !== null;
    compareSlider.disabled = compare === null;
    if (compare !== null) {
      compareSlider.value = String(compare);
      compareSlider.setAttribute("aria-valuetext", dayLabel(compare));
    }
    compareOut.textContent = compare === null ? "" : dayLabel(compare);
    if (compare === null) { root.removeAttribute("data-compare"); } else { root.setAttribute("data-compare", isoDay(compare)); }
    show(current);
  }

  /* ------------------------------------------------------------ play */

  var playing = false, speed = 1, lastStep = 0, timer = null, frame = null;

  /*
   * A timer waits until the next day is due, then the day is drawn at the start of an
   * animation frame: one day per frame at most, so a slow frame slows play, it never
   * skips a day. (Animation frames alone are not a clock: a browser with nothing to
   * repaint may run them at a fraction of its refresh rate.)
   */
  function schedule() {
    if (!playing || timer !== null || frame !== null) { return; }
    var wait = Math.max(0, lastStep + 1000 / speed - performance.now());
    timer = setTimeout(function () {
      timer = null;
      frame = requestAnimationFrame(step);
    }, wait);
  }

  function step() {
    frame = null;
    if (!playing) { return; }
    var now = performance.now(), interval = 1000 / speed;
    lastStep = now - lastStep > 2 * interval ? now : lastStep + interval;
    if (current < data.days - 1) { show(current + 1); }
    if (current >= data.days - 1) { pause(); return; }
    schedule();
  }

  function setPlaying(on) {
    playing = on;
    play.textContent = on ? "⏸ Pause" : "▶ Play";
    play.title = on ? "Pause" : "Play";
    play.setAttribute("aria-label", play.title);
    play.setAttribute("aria-pressed", on ? "true" : "false");
    root.setAttribute("data-playing", on ? "true" : "false");
    if (on) {
      lastStep = performance.now();
      schedule();
    } else {
      if (timer !== null) { clearTimeout(timer); timer = null; }
      if (frame !== null) { cancelAnimationFrame(frame); frame = null; }
    }
  }

  function pause() {
    setPlaying(false);
    scheduleReport();
  }

  function togglePlay() {
    if (playing) { pause(); return; }
    /* play from the start when at the end */
    if (current >= data.days - 1) { show(0); }
    setPlaying(true);
  }

  /* ------------------------------------------------------------ input */

  function onKey(event, move) {
    var step = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -7, PageUp: 7 }[event.key];
    if (event.key === "Home") { move(0 - Infinity); }
    else if (event.key === "End") { move(Infinity); }
    else if (step !== undefined) { move(step); }
    else if (event.key === "Escape" && playing) { pause(); }
    else { return; }
    event.preventDefault();
  }

  slider.addEventListener("input", function () { show(parseInt(slider.value, 10)); });
  slider.addEventListener("keydown", function (event) {
    onKey(event, function (step) {
      if (playing) { pause(); }
      show(step === Infinity ? data.days - 1 : step === -Infinity ? 0 : current + step);
    });
  });
  slider.addEventListener("pointerdown", function () { dragging = true; if (playing) { pause(); } });
  window.addEventListener("pointerup", function () { if (dragging) { dragging = false; scheduleReport(); } });
  back.addEventListener("click", function () { if (playing) { pause(); } show(current - 1); });
  forward.addEventListener("click", function () { if (playing) { pause(); } show(current + 1); });
  play.addEventListener("click", togglePlay);
  speedSelect.addEventListener("change", function () {
    speed = parseInt(speedSelect.value, 10) || 1;
    lastStep = performance.now();
    if (timer !== null) { clearTimeout(timer); timer = null; schedule(); }
  });

  compareBox.addEventListener("change", function () {
    setCompare(compareBox.checked ? (current > 0 ? current - 1 : 0) : null);
  });
  compareSlider.addEventListener("input", function () { setCompare(parseInt(compareSlider.value, 10)); });
  compareSlider.addEventListener("keydown", function (event) {
    onKey(event, function (step) {
      setCompare(step === Infinity ? data.days - 1 : step === -Infinity ? 0 : compare + step);
    });
  });

  if (typeof data.compare === "number") { setCompare(data.compare); } else { show(current); }
  declutter();
  showPlaces();

  return {
    show: function (day) { show(day); },
    setCompare: setCompare,
    seek: function (day, other) {
      if (day !== null && day !== undefined) { show(day); }
      if (other !== undefined) { setCompare(other); }
      reported = { day: isoDay(current), compare: compare === null ? null : isoDay(compare) };
    },
    select: function (index) { var old = selected; selected = index; restyle(old); restyle(index); },
    pause: pause,
    /* For tests and benchmarks: each district's fill as drawn (url(#id) for a pattern), and a
       point inside district `index` in page pixels (its label point), on either renderer. */
    fills: function () { return drawnFills.filter(function () { return true; }); },  /* sparse (no layer for a missing shape): compacted */
    pointOf: function (index) {
      var at = data.labels[index] ? map.latLngToContainerPoint(data.labels[index]) : null;
      if (!at) { return null; }
      var box = map.getContainer().getBoundingClientRect();
      return [box.left + at.x, box.top + at.y];
    },
    renderer: canvas ? "canvas" : "svg",
    dayIndex: function (iso) { return Math.round((Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) - start) / DAY_MS); },
    map: map
  };
}
