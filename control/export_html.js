/* The standalone map's behaviour: slider, restyle, legend counts, tooltips, popups.
 *
 * Built by control/export_html.py, which inlines this file after Leaflet (minified:
 * keep every comment on lines of its own) and calls controlMapApp(folium's map, the
 * JSON data block). The data's format is described at the top of export_html.py:
 * change points [day, category, word refs...], words [side, holder, claims...],
 * claims [id, source, day, quote, outlet, report, url, facts], text tables, and
 * delta-encoded integer rings for the shapes.
 * Every string from the YAML files reaches the page through textContent or
 * createTextNode, never innerHTML: quotes stay text whatever they contain.
 */
function controlMapApp(map, data) {
  "use strict";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var DAY_MS = 86400000;
  var NONE = -1;
  var start = Date.UTC(+data.start.slice(0, 4), +data.start.slice(5, 7) - 1, +data.start.slice(8, 10));
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

  /* "5 Sep 2021", as control.explain writes dates */
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

  /* The change point in force on `day`: a binary search, as Timeline.state does. */
  function stateAt(index, day) {
    var changes = data.districts[index].changes;
    var lo = 0, hi = changes.length - 1, found = data.before;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (changes[mid][0] <= day) { found = changes[mid]; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  /*
   * Days since the newest deciding claim, when the file sets stale_after_days and the
   * state is older than that (control.rules.stale_age); null otherwise. Claims are stored
   * in (date, id) order, so the highest deciding index is the newest.
   */
  function staleAge(state) {
    if (data.staleAfter === null) { return null; }
    var claims = claimsOf(state);
    var age = claims.length ? current - data.claims[claims[0]][2] : null;
    return age !== null && age > data.staleAfter ? age : null;
  }

  function styleFor(index) {
    var state = stateAt(index, current);
    var category = data.categories[state[1]];
    /* A stale state keeps only part of its fill opacity: drawn faded. */
    var opacity = category.opacity * (staleAge(state) === null ? 1 : data.staleOpacity);
    return { fillColor: category.fill, fillOpacity: opacity, color: "#333333", weight: 1.2, opacity: 1 };
  }

  /* ------------------------------------------------------------ why a district has its colour */

  /* Every side's word in a state: {side, holder, claims, deciding}; ~index marks a word that did not decide. */
  function wordsOf(state) {
    var out = [];
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
    var last = state[state.length - 1];
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

  /* Who spoke a word, e.g. "Witnesses speaking to AP and Anadolu Agency" (control.explain.speakers). */
  function speakers(word) {
    var names = [];
    word.claims.forEach(function (claim) {
      var name = data.sources[data.claims[claim][1]][0];
      if (names.indexOf(name) < 0) { names.push(name); }
    });
    return names.length === 1 ? names[0] : names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }

  /* control.explain.what_word_says: e.g. "held by Taliban", "Taliban forces present, hedged", "denies Taliban control". */
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

  /* control.rules.is_weak: a hedged word or a report of presence corroborates, never confirms. */
  function isWeak(word) {
    return word.status === "present" || ((word.status === "held" || word.status === "contested") && word.weak);
  }

  /* Does the word share a claim with the state's deciding claims? */
  function intersects(word, decided) {
    return word.claims.some(function (c) { return decided.indexOf(c) >= 0; });
  }

  /* control.explain.why_not_confirmed */
  function whyNotConfirmed(word) {
    if (!isWeak(word)) { return ""; }
    var kind = word.hedged ? "hedged" : "presence, not control";
    var quote = (data.claims[word.claims[0]][3] || "").split(/[ \t\n\r\f\v]+/).filter(Boolean);
    var excerpt = quote.slice(0, data.reasonWords).join(" ") + (quote.length > data.reasonWords ? " …" : "");
    return excerpt ? " — " + kind + ": “" + excerpt + "”" : " — " + kind;
  }

  /* e.g. "Taliban: held by Taliban (Bilal Karimi, 5 Sep 2021)" (control.explain.word_text). */
  function wordText(word) {
    return sideName(word.side) + ": " + whatWordSays(word) + " (" + speakers(word) + ", " + shortDate(data.claims[word.claims[0]][2]) + ")";
  }

  /* control.explain._others */
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

  /* One line on the state, word for word what control.explain.headline says. */
  function headline(state) {
    var category = data.categories[state[1]];
    var status = category.status, holder = category.holder;
    var words = wordsOf(state);
    var decided = claimsOf(state);
    if (status === "unknown") {
      if (words.length) { return "No claim of control. " + words.map(wordText).join("; "); }
      return "No information: no source has spoken about this district yet";
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
    var district = data.districts[index];
    var state = stateAt(index, current);
    var box = el("div", "cm-tip");
    var name = el("div", "cm-name", district.name);
    if (district.local) { name.appendChild(el("span", "cm-local", " (" + district.local + ")")); }
    box.appendChild(name);
    box.appendChild(el("div", "cm-status", data.categories[state[1]].label + " — " + dayLabel(current)));
    box.appendChild(el("div", "cm-headline", headline(state)));
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

  var features = data.neighbours.map(function (polygons) { return { type: "Feature", properties: {}, geometry: geometry(polygons) }; });
  L.geoJSON({ type: "FeatureCollection", features: features }, {
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
    style: function (feature) { return styleFor(feature.properties.i); },
    onEachFeature: function (feature, layer) {
      var i = feature.properties.i;
      layers[i] = layer;
      layer.bindTooltip(function () { return explanation(i, false); }, { sticky: true, className: "cm-tooltip", direction: "auto" });
      layer.bindPopup(function () { return explanation(i, true); }, { maxWidth: 440, maxHeight: 420, className: "cm-popup" });
      layer.on("mouseover", function () { layer.setStyle({ weight: 3, color: "#000000" }); });
      layer.on("mouseout", function () { layer.setStyle({ weight: 1.2, color: "#333333" }); });
    }
  }).addTo(map);

  data.labels.forEach(function (point, i) {
    if (!point) { return; }
    L.marker(point, {
      icon: L.divIcon({ html: el("div", null, data.districts[i].name), className: "cm-label", iconSize: [120, 16], iconAnchor: [60, 8] }),
      interactive: false,
      keyboard: false
    }).addTo(map);
  });

  var wide = map.getSize().x > 800;
  if (districtLayer.getBounds().isValid()) {
    map.fitBounds(districtLayer.getBounds(), { paddingTopLeft: [10, 10], paddingBottomRight: [wide ? 330 : 10, 50] });
  }

  /* ------------------------------------------------------------ panel: title, slider, legend */

  var panel = el("div", "cm-panel");
  panel.appendChild(el("div", "cm-title", data.title));
  panel.appendChild(el("div", "cm-view", "View: " + data.viewLabel));
  if (data.warning) { panel.appendChild(el("div", "cm-warning", data.warning)); }

  var dateOut = el("output", "cm-date");
  dateOut.setAttribute("aria-live", "polite");
  panel.appendChild(dateOut);

  var controls = el("div", "cm-controls");
  var back = el("button", null, "◀");
  back.type = "button";
  back.title = "One day back";
  var slider = el("input", "cm-slider");
  slider.type = "range";
  slider.min = "0";
  slider.max = String(data.days - 1);
  slider.step = "1";
  slider.value = String(current);
  slider.setAttribute("aria-label", "Date");
  var forward = el("button", null, "▶");
  forward.type = "button";
  forward.title = "One day forward";
  controls.appendChild(back);
  controls.appendChild(slider);
  controls.appendChild(forward);
  panel.appendChild(controls);
  var span = el("div", "cm-span", dayLabel(0) + " – " + dayLabel(data.days - 1));
  panel.appendChild(span);

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
  panel.appendChild(legend);
  panel.appendChild(el("div", "cm-note", "Hatched: claimed by a party, not confirmed by an independent witness or the other side. Cross-hatched: partly corroborated by a hedged report or a report of presence, still unconfirmed. Hover a district for why; click for every deciding claim."));

  var Panel = L.Control.extend({
    options: { position: "topright" },
    onAdd: function () {
      L.DomEvent.disableClickPropagation(panel);
      L.DomEvent.disableScrollPropagation(panel);
      return panel;
    }
  });
  new Panel().addTo(map);

  var footer = el("div", "cm-footer");
  data.footer.forEach(function (line) { footer.appendChild(el("div", null, line)); });
  var Footer = L.Control.extend({ options: { position: "bottomleft" }, onAdd: function () { return footer; } });
  new Footer().addTo(map);

  /* ------------------------------------------------------------ the day */

  function show(day) {
    current = Math.max(0, Math.min(data.days - 1, day));
    slider.value = String(current);
    dateOut.textContent = dayLabel(current);
    var tally = data.categories.map(function () { return 0; });
    data.districts.forEach(function (district, i) { tally[stateAt(i, current)[1]] += 1; });
    layers.forEach(function (layer, i) {
      layer.setStyle(styleFor(i));
      if (layer.isTooltipOpen()) { layer.getTooltip().update(); }
      if (layer.isPopupOpen()) { layer.getPopup().update(); }
    });
    counts.forEach(function (entry, k) {
      entry.count.textContent = String(tally[k]);
      entry.row.classList.toggle("cm-empty", tally[k] === 0);
    });
    back.disabled = current === 0;
    forward.disabled = current === data.days - 1;
    document.documentElement.setAttribute("data-day", isoDay(current));
  }

  slider.addEventListener("input", function () { show(parseInt(slider.value, 10)); });
  slider.addEventListener("change", function () { show(parseInt(slider.value, 10)); });
  back.addEventListener("click", function () { show(current - 1); });
  forward.addEventListener("click", function () { show(current + 1); });
  show(current);
}
