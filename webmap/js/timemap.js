/* The time map, the one client-side renderer of the app and of the standalone HTML export:
 * district fills by day, the date slider and its step buttons, the keys, play, compare two
 * dates, the legend's counts, the quick look on hover and the explanation on a click, tap or
 * key, the day as a table -- all in the browser, no server round trip.
 *
 * Its parts, each on the one ControlMap object, run in this order (webmap/timemap.py JS_PARTS;
 * the page gets them as one script after ControlMap.WORDING and ControlMap.LAYOUT, the tables
 * Python reads too):
 *   days.js      the payload decoded, the state on a day, the calendar (pure)
 *   wording.js   the explanation's words (pure)
 *   explain.js   the explanation as DOM nodes (quick look, panel, the day's table)
 *   view.js      the Leaflet map: districts, labels, places, the quick look, keys, the fit
 *   controls.js  slider, buttons, play, keys, compare, legend, panels, and where they go
 *   timemap.js   this file: the day the reader looks at, and the map's API
 *
 * controlMapApp(map, data, host) draws on a Leaflet map. The export (exports/html.py) inlines
 * the script after Leaflet and calls it with folium's map and its JSON data block; the app
 * (components/timemap.py) serves it as a static file and calls it from its custom component
 * (webmap/timemap_component.js) with a `host`:
 *   host.root      element that gets data-day / data-compare (default: <html>)
 *   host.controls  element for the date controls (default: the map's panel)
 *   host.onReport({day, compare}): the day and the compared day (ISO or null), told once they
 *                  have stood still (debounced) and differ from what the host last knew
 *   host.onSelect(index): a click, tap or Enter on a district (or a place in it): the app's
 *                  selection; on a narrow page the map explains it too, as the export does
 *   host.keepView  true: leave the map's view as it is (no fit to the districts)
 *   host.clickHint the lean map's tooltip line
 * It returns {show(day), setCompare(day or null), seek(day, compare), select(index or -1),
 * explain(index or -1, isPlace), pause(),
 * dayIndex(iso), map, renderer ("svg" or "canvas"), fills(), pointOf(index)};
 * seek() is the host's own move (a link, a jump): shown, and not reported back; fills() and
 * pointOf() are for tests and benchmarks on either renderer.
 */
function controlMapApp(map, data, host) {
  "use strict";
  var CM = ControlMap, days = CM.days;
  var REPORT_AFTER_MS = 300;
  host = host || {};
  var root = host.root || document.documentElement;
  var model = days.decode(data);
  /* What the reader looks at: the parts draw it, only the functions below change it. */
  var look = { day: model.day, compare: null, selected: -1 };
  var controls = null;
  var view = CM.view.create(map, model, data, host, look, {
    places: function (visible) { if (controls) { controls.places(visible); } },
    pick: pick,
    room: function () { return controls ? controls.room() : 10; }
  });
  controls = CM.controls.create(map, model, data, host, look, {
    show: show, setCompare: setCompare, settled: scheduleReport, reveal: view.reveal, unreveal: view.unreveal, fit: view.fit,
    /* the export outlines the district it explains; the app outlines the one Python selected */
    select: function (index) { if (!host.onSelect) { select(index); } }
  });

  view.fit();  /* again, now that the controls have their layout (the room they leave) */

  /* A district or place clicked, tapped, or chosen from the keyboard: the app's selection (its panel
     below the map), explained in the map unless the app's page is wide. */
  function pick(isPlace, index) {
    if (index < 0) { controls.explain(null); return; }
    if (host.onSelect) {
      var district = isPlace ? model.places[index].district : index;
      if (district >= 0) { host.onSelect(district); }
      if (!controls.compact()) { return; }
    }
    controls.explain({ place: isPlace, index: index });
  }

  function select(index) {
    var old = look.selected;
    look.selected = index;
    view.restyle(old);
    view.restyle(index);
  }

  function iso(day) {
    return day === null ? null : days.isoDay(model.start, day);
  }

  function show(day) {
    look.day = days.clamp(model, day);
    view.update();
    controls.update();
    root.setAttribute("data-day", iso(look.day));
    scheduleReport();
  }

  function setCompare(day) {
    look.compare = day === null || day === undefined ? null : days.clamp(model, day);
    if (look.compare === null) { root.removeAttribute("data-compare"); } else { root.setAttribute("data-compare", iso(look.compare)); }
    show(look.day);
  }

  /* Tell the host the day and the compared day once they have stood still: one rerun per pause, not per frame. */
  var reportTimer = null;
  var reported = { day: null, compare: null };
  function scheduleReport() {
    if (!host.onReport) { return; }
    if (reportTimer !== null) { clearTimeout(reportTimer); }
    reportTimer = setTimeout(function () {
      reportTimer = null;
      if (controls.dragging()) { return; }
      var now = { day: iso(look.day), compare: iso(look.compare) };
      if (now.day === reported.day && now.compare === reported.compare) { return; }
      reported = now;
      host.onReport(now);
    }, REPORT_AFTER_MS);
  }

  if (typeof data.compare === "number") { setCompare(data.compare); } else { show(look.day); }
  view.declutter();
  view.showPlaces();

  return {
    show: function (day) { show(day); },
    setCompare: setCompare,
    seek: function (day, other) {
      if (day !== null && day !== undefined) { show(day); }
      if (other !== undefined) { setCompare(other); }
      reported = { day: iso(look.day), compare: iso(look.compare) };
    },
    select: select,
    /* Explain district `index` in the map (a place's with isPlace), or close the explanation (index -1). */
    explain: function (index, isPlace) { controls.explain(index >= 0 ? { place: !!isPlace, index: index } : null); },
    pause: controls.pause,
    fills: view.fills,
    pointOf: view.pointOf,
    renderer: view.renderer,
    dayIndex: function (value) { return days.dayIndex(model.start, value); },
    map: map
  };
}
