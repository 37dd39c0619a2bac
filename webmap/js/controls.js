/* The reader's controls: the date and its slider, the step buttons, play at 1, 7 or 30 days
 * a second, the keys, compare with a second date (and the list of what differs), the
 * legend's counts, the title, notes and footer.
 *
 * Made in two steps: create() makes each control as a node of its own, and layout() puts
 * them where this page wants them: in the export, one panel on the map (top
 * right) and a footer (bottom left); in the app, the date controls in host.controls and the
 * legend in a panel on the map. A page of another shape (a phone's compact bar, a folding
 * sheet) is another layout of the same parts.
 * The controls change the day only through act.show(day) and act.setCompare(day or null);
 * update() then shows what `look` says.
 */
ControlMap.controls = (function (days, wording, el) {
  "use strict";
  var SPEEDS = [1, 7, 30];
  var MOVES = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -7, PageUp: 7 };

  function button(text, title) {
    var b = el("button", "cm-button", text);
    b.type = "button";
    b.title = title;
    b.setAttribute("aria-label", title);
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

  function onMap(map, node, position) {
    var Box = L.Control.extend({
      options: { position: position },
      onAdd: function () {
        L.DomEvent.disableClickPropagation(node);
        L.DomEvent.disableScrollPropagation(node);
        return node;
      }
    });
    new Box().addTo(map);
  }

  /* Today's two pages: the export's one panel and footer, or the app's controls above the map and legend on it. */
  function layout(map, host, p) {
    var row = append(el("div", "cm-controls"), [p.back, p.slider, p.forward, p.play, p.speed]);
    var compareRow = append(el("div", "cm-compare-row"), [p.compareBox, p.compareLabel, p.compareSlider, p.compareDate]);
    var legend = [p.legend, p.placeNote, p.differ];
    if (host.controls) {
      append(host.controls, [p.date, row, p.span, compareRow]);
      onMap(map, append(el("div", "cm-panel cm-legend-panel"), legend), "topright");
      return;
    }
    var panel = append(el("div", "cm-panel"), [p.title, p.viewLabel, p.warning, p.date, row, p.span, compareRow, p.changes]);
    onMap(map, append(panel, legend.concat([p.note])), "topright");
    if (p.footer) {
      new (L.Control.extend({ options: { position: "bottomleft" }, onAdd: function () { return p.footer; } }))().addTo(map);
    }
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
   * The controls of one map. act.show(day), act.setCompare(day or null): the app's moves;
   * act.settled(): the day may have come to rest (a pause, the end of a drag).
   * Each control is made here as a node of its own; layout() places them.
   */
  function create(map, model, data, host, look, act) {
    var date = el("output", "cm-date");
    date.setAttribute("aria-live", "polite");
    var back = button("◀", "One day back");
    var slider = rangeInput(model, "Date", model.day, "cm-slider");
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
    /* Compare: a second date; the map marks the districts whose state differs. */
    var compareBox = el("input", "cm-compare-toggle");
    compareBox.type = "checkbox";
    compareBox.id = "cm-compare-" + Math.random().toString(36).slice(2);
    var compareLabel = el("label", null, "Compare with");
    compareLabel.htmlFor = compareBox.id;
    var compareSlider = rangeInput(model, "Compare with date", 0, "cm-compare-slider");
    compareSlider.disabled = true;
    var compareDate = el("output", "cm-compare-date", "");
    var changes = el("div", "cm-changes");
    var differ = el("div", "cm-differ", "");
    var legend = el("ul", "cm-legend");
    var counts = model.categories.map(function (category) {
      var row = el("li", "cm-legend-row");
      var swatch = el("span", "cm-swatch");
      swatch.style.background = category.swatch;
      if (category.hatched) { swatch.style.border = "1.5px solid " + category.color; }
      var count = el("b", "cm-count", "0");
      append(row, [swatch, el("span", "cm-legend-label", category.label + ": "), count]);
      legend.appendChild(row);
      return { row: row, count: count };
    });
    var placeNote = el("div", "cm-note cm-places-note", "");
    var footer = null;
    if (data.footer) {
      footer = el("div", "cm-footer");
      data.footer.forEach(function (line) { footer.appendChild(el("div", null, line)); });
    }
    var parts = {
      title: el("div", "cm-title", data.title),
      viewLabel: el("div", "cm-view", "View: " + data.viewLabel),
      warning: data.warning ? el("div", "cm-warning", data.warning) : null,
      date: date, back: back, slider: slider, forward: forward, play: play, speed: speedSelect,
      span: el("div", "cm-span", wording.dayLabel(model, 0) + " – " + wording.dayLabel(model, model.days - 1) + " · ←/→ a day, PgUp/PgDn a week, Home/End"),
      compareBox: compareBox, compareLabel: compareLabel, compareSlider: compareSlider, compareDate: compareDate,
      changes: changes, differ: differ, legend: legend, placeNote: placeNote,
      note: el("div", "cm-note", data.patternNote + " Hover a district for why; click for every deciding claim."),
      footer: footer
    };
    layout(map, host, parts);
    var withList = !host.controls;

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
      var tally = days.tally(model, look.day);
      counts.forEach(function (entry, k) {
        entry.count.textContent = String(tally[k]);
        entry.row.classList.toggle("cm-empty", tally[k] === 0);
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
    }

    /* The place markers' key, or how to see them (view.js tells whether they are shown). */
    function places(visible) {
      var count = model.places.length + (model.places.length === 1 ? " place" : " places");
      /* On schematic cells a marker stands at its real point, which may fall outside its district's cell. */
      var cells = data.warning ? " The cells are not real borders: a marker stands at its real point, which may lie outside its district's cell." : "";
      placeNote.textContent = visible
        ? "Markers: " + count + " in their own state (▲ pass, ■ district centre, ◆ compound or base, ● village, town or area; dashed: position approximate); only a district centre's claims count for its district." + cells
        : count + " hidden at this scale: zoom in to see them.";
    }

    return { parts: parts, update: update, places: places, pause: pause, dragging: function () { return dragging; } };
  }

  return { create: create, layout: layout };
}(ControlMap.days, ControlMap.wording, ControlMap.el));
