/* The reader's controls: the date and its slider, the step buttons, play at 1, 7 or 30 days
 * a second, the keys, compare with a second date (and the list of what differs), the
 * legend (the states of the day, all of them one tap away, each with its districts and
 * places), the markers' key, the notes and the credit; the explanation of a district or
 * place, and the day as a table.
 *
 * Made in two steps: create() makes each control as a node of its own, and layout() puts
 * them where the page wants them, for its width: on a wide page, the export's side column
 * beside the map, or the app's controls above the map and its legend on the map; on a
 * page narrower than COMPACT (a phone, a narrow frame), the export's legend under the title,
 * a compact bar under the map (date, ◀ ▶, play) and the rest in a sheet the reader opens,
 * or the app's legend in that sheet. The explanation opens beside the map's left edge on a
 * wide page and as a bottom sheet on a narrow one; both close with one tap or Escape.
 * The controls change the day only through act.show(day) and act.setCompare(day or null);
 * update() then shows what `look` says.
 */
ControlMap.controls = (function (days, wording, explain, view, el) {
  "use strict";
  var SPEEDS = [1, 7, 30];
  var MOVES = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -7, PageUp: 7 };
  var MARKERS = ControlMap.WORDING.markers;
  /* A page (the export's) or an element (the app's) narrower than this, in CSS px, gets the narrow layout. */
  var COMPACT = 640;
  /* ... and a narrow export page lower than this keeps its legend in the sheet, leaving the map the room. */
  var SHORT = 500;
  var uid = 0;

  function button(text, label, className) {
    var b = el("button", "cm-button" + (className ? " " + className : ""), text);
    b.type = "button";
    if (label) { b.title = label; b.setAttribute("aria-label", label); }
    return b;
  }

  function rangeInput(model, label, value, className) {
    var input = el("input", className);
    input.type = "range";
    input.min = "0";
    input.max = String(model.days - 1);
    input.step = "1";
    input.value = String(value);
    input.setAttribute("aria-label", label);
    return input;
  }

  function append(parent, nodes) {
    nodes.forEach(function (node) { if (node) { parent.appendChild(node); } });
    return parent;
  }

  /* Clicks, taps and the wheel on a node over the map stay the node's (a tap on it and one on the map are no double tap). */
  function overMap(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    L.DomEvent.on(node, "click", L.DomEvent.stopPropagation);
    return node;
  }

  function onMap(map, node, position) {
    var Box = L.Control.extend({ options: { position: position }, onAdd: function () { return overMap(node); } });
    new Box().addTo(map);
  }

  /* A panel over the map (by the layout's CSS: a drawer on the left, or a bottom sheet), closed by its ×. */
  function sheet(className, label, close) {
    var box = el("div", "cm-sheet " + className), shut = button("×", "Close", "cm-close");
    box.hidden = true;
    box.tabIndex = -1;
    box.id = "cm-sheet-" + (++uid);
    box.setAttribute("role", "dialog");
    if (label) { box.setAttribute("aria-label", label); }
    shut.addEventListener("click", close);
    return { box: append(box, [shut]), body: box.appendChild(el("div", "cm-sheet-body")) };
  }

  /* The box of `node` in the map container's pixels. */
  function boxIn(container, node) {
    var at = container.getBoundingClientRect(), r = node.getBoundingClientRect();
    return [r.left - at.left, r.top - at.top, r.right - at.left, r.bottom - at.top];
  }

  /* A marker's shape in the key, drawn by the map's own outline. */
  function keyItem(shape, text, dashed) {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg"), path = document.createElementNS(ns, "path");
    svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("aria-hidden", "true");
    path.setAttribute("d", view.shapePath(shape, 10, 10, 6.5));
    path.setAttribute("class", "cm-key-shape");
    if (dashed) { path.setAttribute("stroke-dasharray", "3 2"); }
    svg.appendChild(path);
    return append(el("li"), [svg, document.createTextNode(text)]);
  }

  /* What differs between the compared day and the day shown, district by district, then the places (the export's list). */
  function listChanges(model, look, list) {
    list.textContent = "";
    if (look.compare === null) { return; }
    var then = wording.shortDate(model, look.compare), now = wording.shortDate(model, look.day);
    model.districts.forEach(function (district) {
      if (!days.differs(model, district, look.day, look.compare)) { return; }
      var was = days.changeAt(model, district.changes, look.compare), is = days.changeAt(model, district.changes, look.day);
      var item = el("div", "cm-change");
      item.appendChild(el("b", null, district.name + ": "));
      item.appendChild(document.createTextNode(model.categories[was.category].label + " (" + then + ") → " + model.categories[is.category].label + " (" + now + ")"));
      if (!model.lean) {
        item.appendChild(el("div", "cm-report", then + ": " + wording.headline(model, was, "district")));
        item.appendChild(el("div", "cm-report", now + ": " + wording.headline(model, is, "district")));
      }
      list.appendChild(item);
    });
    model.places.forEach(function (place) {
      if (!days.differs(model, place, look.day, look.compare)) { return; }
      var item = el("div", "cm-change");
      item.appendChild(el("b", null, place.name + " (place): "));
      item.appendChild(document.createTextNode(
        model.categories[days.changeAt(model, place.changes, look.compare).category].label + " → " +
        model.categories[days.changeAt(model, place.changes, look.day).category].label));
      list.appendChild(item);
    });
  }

  /*
   * Where each control goes, for a wide or a narrow (`compact`) page; made once per map,
   * then called again whenever the page crosses COMPACT. The overlays (the explanation,
   * the sheet, the table) live in the map's container, on both pages.
   */
  function layout(map, host, p) {
    var box = map.getContainer();
    [p.explanation.box, p.details.box, p.tableView].forEach(function (node) { box.appendChild(overMap(node)); });
    var row = el("div", "cm-controls"), row2 = el("div", "cm-controls"), top = el("div", "cm-bar-top"), speedRow = el("div", "cm-controls");
    var compareRow = append(el("div", "cm-compare-row"), [p.compareBox, p.compareLabel, p.compareSlider, p.compareDate]);
    if (host.controls) {
      var panel = el("div", "cm-panel cm-legend-panel");
      onMap(map, panel, "topright");
      return function (compact) {
        append(host.controls, [append(top, [p.date, p.keyToggle, p.tableToggle]), append(row, [p.back, p.slider, p.forward, p.play])]);
        append(compact ? p.details.body : panel, [p.legend, p.markerKey, p.differ]);
        append(compact ? p.details.body : host.controls, [append(compact ? speedRow : row, [p.speed]), p.span, compareRow]);
        panel.hidden = compact;
      };
    }
    /* The export: the page (<main>, with the title as its h1) around the map. */
    var page = box.parentNode, sub = el("div", "cm-sub"), head = el("div", "cm-head"), stage = el("div", "cm-stage"), side = el("div", "cm-side"), bar = el("div", "cm-bar");
    page.classList.add("cm-page");
    page.insertBefore(sub, box);
    page.insertBefore(head, box);
    page.insertBefore(stage, box);
    append(stage, [box, side]);
    page.insertBefore(bar, stage.nextSibling);
    page.insertBefore(p.credit, bar.nextSibling);
    return function (compact, short) {
      if (compact) {
        append(sub, [p.warning]);
        append(short ? p.details.body : head, [p.legend]);
        append(bar, [append(top, [p.date, p.tableToggle, p.keyToggle]), append(row, [p.back, p.slider, p.forward, p.play])]);
        append(p.details.body, [p.viewLabel, append(speedRow, [p.speed]), compareRow, p.differ, p.changes, p.markerKey, p.note, p.footer]);
      } else {
        append(sub, [p.viewLabel, p.warning]);
        append(side, [p.date, append(row, [p.back, p.slider, p.forward]), append(row2, [p.play, p.speed, p.tableToggle]), p.span,
          compareRow, p.differ, p.legend, p.changes, p.markerKey, p.note, p.footer]);
      }
      head.hidden = bar.hidden = !compact;
      side.hidden = compact;
    };
  }

  /*
   * The controls of one map. act.show(day), act.setCompare(day or null): the app's moves;
   * act.settled(): the day may have come to rest (a pause, the end of a drag);
   * act.select(index or -1): outline a district; act.reveal(isPlace, index, box): pan it
   * out from under a panel, act.unreveal(): back; act.fit(): fit the districts again (the layout changed).
   * Each control is made here as a node of its own; layout() places them.
   */
  function create(map, model, data, host, look, act) {
    var root = host.root || map.getContainer().parentNode;
    var date = el("output", "cm-date");
    date.setAttribute("aria-live", "polite");
    var back = button("◀", "One day back");
    var slider = rangeInput(model, "Date", model.day, "cm-slider");
    var forward = button("▶", "One day forward");
    var play = button("▶ Play", "Play", "cm-play");
    play.setAttribute("aria-pressed", "false");
    var speedSelect = el("select", "cm-speed");
    speedSelect.setAttribute("aria-label", "Play speed");
    speedSelect.title = "Play speed";
    SPEEDS.forEach(function (s) {
      var option = el("option", null, s + (s === 1 ? " day/s" : " days/s"));
      option.value = String(s);
      speedSelect.appendChild(option);
    });
    /* Compare: a second date; the map marks the districts whose state differs. */
    var compareBox = el("input", "cm-compare-toggle");
    compareBox.type = "checkbox";
    compareBox.id = "cm-compare-" + (++uid);
    var compareLabel = el("label", null, "Compare with");
    compareLabel.htmlFor = compareBox.id;
    var compareSlider = rangeInput(model, "Compare with date", 0, "cm-compare-slider");
    compareSlider.disabled = true;
    var compareDate = el("output", "cm-compare-date", "");
    var changes = el("div", "cm-changes");
    var differ = el("div", "cm-differ", "");

    /* The legend: the day's states (with their districts and places), the others behind "All states". */
    var legendList = el("ul", "cm-legend");
    var counts = model.categories.map(function (category) {
      var row = el("li", "cm-legend-row");
      var swatch = el("span", "cm-swatch");
      swatch.style.background = category.swatch;
      if (category.hatched) { swatch.style.border = "1.5px solid " + category.color; }
      var count = el("b", "cm-count", "0"), places = el("span", "cm-place-count");
      append(row, [swatch, el("span", "cm-legend-label", category.label + ": "), count, places]);
      legendList.appendChild(row);
      return { row: row, count: count, places: places };
    });
    var allStates = button("", null, "cm-all");
    var legend = append(el("div", "cm-legend-box"), [legendList, allStates]);
    function showAll(on) {
      legend.classList.toggle("cm-all-shown", on);
      allStates.setAttribute("aria-expanded", String(on));
      allStates.textContent = on ? "Only this day's states" : "All " + model.categories.length + " states";
    }
    showAll(false);
    allStates.addEventListener("click", function () { showAll(allStates.getAttribute("aria-expanded") !== "true"); });

    /* The markers' key: each kind's shape, in the data's kinds; how many are hidden at this scale. */
    var markerKey = el("div", "cm-marker-key"), keyTitle = markerKey.appendChild(el("div", "cm-places-note")), shapes = el("ul", "cm-key");
    if (model.places.length) {
      var kinds = {};
      model.places.forEach(function (place) { kinds[view.SHAPES[place.kind] || "circle"] = true; });
      ["triangle", "square", "diamond", "circle"].forEach(function (shape) { if (kinds[shape]) { shapes.appendChild(keyItem(shape, MARKERS.kinds[shape])); } });
      if (model.places.some(function (place) { return place.approximate; })) { shapes.appendChild(keyItem("circle", MARKERS.approximate, true)); }
      append(markerKey, [shapes, el("div", "cm-note", MARKERS.centre + (data.warning ? " " + MARKERS.cells : ""))]);
    }
    var placeCount = wording.fill(model.places.length === 1 ? MARKERS.one : MARKERS.many, { count: model.places.length });

    var footer = el("div", "cm-note"), credit = el("div", "cm-credit", data.footer ? data.footer[0] : "");
    (data.footer || []).slice(1).forEach(function (line) { footer.appendChild(el("div", null, line)); });
    var span = el("div", "cm-span", wording.dayLabel(model, 0) + " – " + wording.dayLabel(model, model.days - 1));
    span.appendChild(el("span", "cm-if-mouse", " · ←/→ a day, PgUp/PgDn a week, Home/End"));
    var note = append(el("div", "cm-note"), [
      document.createTextNode(data.patternNote + " "),
      el("span", "cm-if-mouse", "Hover a district or a marker for a quick look; click it for every deciding claim. " +
        "Keys: Tab to the districts, arrows between them, Enter to explain, Escape to close."),
      el("span", "cm-if-touch", "Tap a district or a marker for every deciding claim.")
    ]);

    /* The explanation, the sheet of the key and the details (narrow pages), the table. */
    var explained = null, returnTo = null;
    var explanation = sheet("cm-explain", null, function () { explainUnit(null); });
    var details = sheet("cm-details", "Key and details", function () { openDetails(false); });
    var keyToggle = button("Key", null, "cm-key-toggle");
    keyToggle.setAttribute("aria-controls", details.box.id);
    keyToggle.setAttribute("aria-expanded", "false");
    var tableToggle = button("Table", null, "cm-table-toggle");
    tableToggle.setAttribute("aria-pressed", "false");
    var tableView = el("div", "cm-table-view cm-sr"), dayTable = explain.table(model);
    tableView.setAttribute("role", "region");
    tableView.setAttribute("aria-label", "The day as a table");
    tableView.appendChild(dayTable.node);

    var parts = {
      viewLabel: el("div", "cm-view", "View: " + data.viewLabel),
      warning: data.warning ? el("div", "cm-warning", data.warning) : null,
      date: date, back: back, slider: slider, forward: forward, play: play, speed: speedSelect, span: span,
      compareBox: compareBox, compareLabel: compareLabel, compareSlider: compareSlider, compareDate: compareDate,
      changes: changes, differ: differ, legend: legend, markerKey: markerKey, note: note, footer: footer, credit: credit,
      explanation: explanation, details: details, keyToggle: keyToggle, tableToggle: tableToggle, tableView: tableView
    };
    var place = layout(map, host, parts), compact = null;
    var withList = !host.controls;

    /* The layout follows the page's width, and on a narrow page that is also short (a small frame), the legend
       goes in the sheet too. Checked again in the next frame after a resize: never inside the observer. */
    var short = null;
    function relayout() {
      var size = root.getBoundingClientRect(), now = size.width > 0 && size.width < COMPACT, low = now && !host.controls && size.height < SHORT;
      if (now === compact && low === short) { return; }
      compact = now;
      short = low;
      root.setAttribute("data-layout", now ? "compact" : "wide");
      root.classList.toggle("cm-big", now || !host.controls);  /* 44 px targets: the export, and a narrow app */
      if (!now) { openDetails(false); }
      place(now, low);
      keyToggle.hidden = !now;
      act.fit();
    }
    relayout();
    var watch = new ResizeObserver(function () { requestAnimationFrame(relayout); });
    watch.observe(root);

    /* ---------------------------------------------------------- sheets */

    function openDetails(on) {
      if (on) { explainUnit(null); }
      details.box.hidden = !on;
      keyToggle.setAttribute("aria-expanded", String(on));
      if (on) { details.box.focus({ preventScroll: true }); }
    }
    keyToggle.addEventListener("click", function () { openDetails(details.box.hidden); });

    /* Explain a unit ({place, index}) in the panel, or close it (null); the keyboard goes back where it was. */
    function explainUnit(unit) {
      if (!unit) {
        if (explained === null) { return; }
        explained = null;
        explanation.box.hidden = true;
        act.select(-1);
        act.unreveal();
        if (returnTo && returnTo.isConnected) { returnTo.focus({ preventScroll: true }); }
        returnTo = null;
        return;
      }
      if (explained === null) { returnTo = document.activeElement; }
      explained = unit;
      openDetails(false);
      draw();
      explanation.box.hidden = false;
      act.select(unit.place ? -1 : unit.index);
      explanation.box.scrollTop = 0;
      explanation.box.focus({ preventScroll: true });
      explanation.box.scrollIntoView({ block: "nearest" });  /* a page (the app's, an article's) may have scrolled part of the map away */
      act.reveal(unit.place, unit.index, boxIn(map.getContainer(), explanation.box));
    }

    function draw() {
      var unit = explained.place ? model.places[explained.index] : model.districts[explained.index];
      var card = explain.card(model, unit, look, {
        noun: explained.place ? "place" : "district", full: true, maxClaims: 0, maxQuoteChars: 0, hint: host.clickHint || ""
      });
      var name = card.querySelector(".cm-name");
      name.id = explanation.box.id + "-name";
      explanation.box.setAttribute("aria-labelledby", name.id);
      var body = explanation.body, scroll = explanation.box.scrollTop;
      body.textContent = "";
      body.appendChild(card);
      explanation.box.scrollTop = scroll;
    }

    function onEscape(event) {
      if (event.key !== "Escape" || (explained === null && details.box.hidden)) { return; }
      if (explained !== null) { explainUnit(null); } else { openDetails(false); keyToggle.focus(); }
    }
    document.addEventListener("keydown", onEscape);
    /* The app makes a new map for new data: the old one's listeners go with it (its controls would come back). */
    map.on("unload", function () { watch.disconnect(); document.removeEventListener("keydown", onEscape); });

    /* The table: brought to the day at once while shown, else once the day has stood still (for screen readers). */
    var tableTimer = null;
    function table() {
      if (tableTimer !== null) { clearTimeout(tableTimer); }
      tableTimer = null;
      dayTable.show(look);
    }
    function tableLater() {
      if (tableToggle.getAttribute("aria-pressed") === "true") { table(); return; }
      if (tableTimer !== null) { clearTimeout(tableTimer); }
      tableTimer = setTimeout(table, 400);
    }
    tableToggle.addEventListener("click", function () {
      var on = tableView.classList.toggle("cm-sr") === false;
      tableToggle.setAttribute("aria-pressed", String(on));
      tableView.tabIndex = on ? 0 : -1;
      if (on) { table(); }
    });

    /* ---------------------------------------------------------- play */

    var playing = false, speed = 1, lastStep = 0, timer = null, frame = null, dragging = false;

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
      if (look.day < model.days - 1) { act.show(look.day + 1); }
      if (look.day >= model.days - 1) { pause(); return; }
      schedule();
    }

    function setPlaying(on) {
      playing = on;
      play.textContent = on ? "⏸ Pause" : "▶ Play";
      play.title = on ? "Pause" : "Play";
      play.setAttribute("aria-label", play.title);
      play.setAttribute("aria-pressed", on ? "true" : "false");
      (host.root || document.documentElement).setAttribute("data-playing", on ? "true" : "false");
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
      act.settled();
    }

    function togglePlay() {
      if (playing) { pause(); return; }
      /* play from the start when at the end */
      if (look.day >= model.days - 1) { act.show(0); }
      setPlaying(true);
    }

    /* ---------------------------------------------------------- input */

    /* ←/→ ↑/↓ a day, PageUp/PageDown a week, Home/End; Escape stops play. */
    function onKey(event, from, move) {
      var by = MOVES[event.key];
      if (event.key === "Home") { move(0); }
      else if (event.key === "End") { move(model.days - 1); }
      else if (by !== undefined) { move(from() + by); }
      else if (event.key === "Escape" && playing) { pause(); }
      else { return; }
      event.preventDefault();
    }

    function stop() { if (playing) { pause(); } }

    slider.addEventListener("input", function () { act.show(parseInt(slider.value, 10)); });
    slider.addEventListener("keydown", function (event) {
      onKey(event, function () { return look.day; }, function (day) { stop(); act.show(day); });
    });
    slider.addEventListener("pointerdown", function () { dragging = true; stop(); });
    window.addEventListener("pointerup", function () { if (dragging) { dragging = false; act.settled(); } });
    back.addEventListener("click", function () { stop(); act.show(look.day - 1); });
    forward.addEventListener("click", function () { stop(); act.show(look.day + 1); });
    play.addEventListener("click", togglePlay);
    speedSelect.addEventListener("change", function () {
      speed = parseInt(speedSelect.value, 10) || 1;
      lastStep = performance.now();
      if (timer !== null) { clearTimeout(timer); timer = null; schedule(); }
    });
    compareBox.addEventListener("change", function () {
      act.setCompare(compareBox.checked ? Math.max(0, look.day - 1) : null);
    });
    compareSlider.addEventListener("input", function () { act.setCompare(parseInt(compareSlider.value, 10)); });
    compareSlider.addEventListener("keydown", function (event) {
      onKey(event, function () { return look.compare; }, act.setCompare);
    });

    /* ---------------------------------------------------------- showing the day */

    function update() {
      var label = wording.dayLabel(model, look.day), then = look.compare, comparing = then !== null;
      slider.value = String(look.day);
      slider.setAttribute("aria-valuetext", label);
      date.textContent = label;
      var tally = days.tally(model, look.day), atPlaces = days.tally(model, look.day, model.places);
      counts.forEach(function (entry, k) {
        var only = atPlaces[k] ? wording.fill(atPlaces[k] === 1 ? MARKERS.one : MARKERS.many, { count: atPlaces[k] }) : "";
        entry.count.textContent = String(tally[k]);
        entry.count.classList.toggle("cm-zero", !tally[k] && !!only);  /* a state only places are in: "3 places" */
        entry.places.textContent = tally[k] && only ? " · " + only : only;
        entry.row.classList.toggle("cm-empty", !tally[k] && !only);
      });
      back.disabled = look.day === 0;
      forward.disabled = look.day === model.days - 1;
      compareBox.checked = comparing;
      compareSlider.disabled = !comparing;
      if (comparing) {
        compareSlider.value = String(then);
        compareSlider.setAttribute("aria-valuetext", wording.dayLabel(model, then));
      }
      compareDate.textContent = comparing ? wording.dayLabel(model, then) : "";
      var differing = model.districts.filter(function (d) { return days.differs(model, d, look.day, then); }).length;
      differ.textContent = comparing ? differing + " of " + model.districts.length + " districts differ from " + wording.shortDate(model, then) : "";
      if (withList) { listChanges(model, look, changes); }
      if (explained !== null) { draw(); }
      tableLater();
    }
    table();

    /* The place markers' key, or how to see them (view.js tells whether they are shown). */
    function places(visible) {
      keyTitle.textContent = wording.fill(visible ? MARKERS.title : MARKERS.hidden, { places: placeCount });
      shapes.hidden = !visible;
    }

    return {
      parts: parts, update: update, places: places, pause: pause, dragging: function () { return dragging; },
      explain: explainUnit, compact: function () { return compact; },
      /* The width of the map a panel covers on its right (the app's legend on a wide page). */
      room: function () { return host.controls && !compact ? 250 : 10; }
    };
  }

  return { create: create, layout: layout };
}(ControlMap.days, ControlMap.wording, ControlMap.explain, ControlMap.view, ControlMap.el));
