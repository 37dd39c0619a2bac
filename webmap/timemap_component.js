// The time map's custom component (components/timemap.py): Streamlit components v2, no iframe.
// Served as a static file and imported by the component's one-line inline module, so Streamlit
// does not re-send this code with every rerun. Streamlit calls this module on mount and again whenever Python sends new data; the map is
// made once per element and kept, so scrubbing, zoom and pan survive every rerun. Leaflet, the
// hatch patterns and the time map's script (webmap/js/) are the app's own static files, loaded once per page;
// the shapes and each view's timeline are content-addressed JSON files, fetched once.
const loaded = window.__controlMapLoaded || (window.__controlMapLoaded = { scripts: {}, json: {} });

function url(path) {
  return new URL(path, window.location.href).href;
}

function script(path) {
  const href = url(path);
  if (!loaded.scripts[href]) {
    loaded.scripts[href] = new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = href;
      tag.onload = resolve;
      tag.onerror = () => reject(new Error("could not load " + path));
      document.head.appendChild(tag);
    });
  }
  return loaded.scripts[href];
}

// Into `root`: the page's <head> (or a shadow root, were the component isolated).
function stylesheet(root, path) {
  const href = url(path);
  if (!root.querySelector('link[data-control-map="' + CSS.escape(href) + '"]')) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.setAttribute("data-control-map", href);
    root.appendChild(link);
  }
}

function json(path) {
  const href = url(path);
  if (!loaded.json[href]) {
    loaded.json[href] = fetch(href, { credentials: "same-origin" }).then((response) => {
      if (!response.ok) { throw new Error("HTTP " + response.status + " for " + path); }
      return response.json();
    });
  }
  return loaded.json[href];
}

function build(app, d, shapes, time) {
  let view = null, day = null, compare = null;
  if (app.api) {
    view = [app.api.map.getCenter(), app.api.map.getZoom()];
    day = app.root.getAttribute("data-day");
    compare = app.root.getAttribute("data-compare");
    app.api.pause();
    app.api.map.remove();
    app.controls.textContent = "";
    const fresh = document.createElement("div");
    fresh.className = "cm-map";
    app.mapDiv.replaceWith(fresh);
    app.mapDiv = fresh;
  }
  const map = L.map(app.mapDiv, { zoomSnap: 0.25, zoomDelta: 0.5, keyboard: true });
  if (d.tiles) { L.tileLayer(d.tiles.url, { attribution: d.tiles.attribution, maxZoom: 18 }).addTo(map); }
  L.control.scale().addTo(map);
  map.setView([0, 0], 2);
  window.__hatchPatterns(d.hatch, app.shadow instanceof ShadowRoot ? app.shadow : undefined);
  app.api = controlMapApp(map, Object.assign({}, time, shapes), {
    root: app.root,
    controls: app.controls,
    keepView: view !== null,
    clickHint: d.clickHint,
    onReport: (report) => {
      app.root.setAttribute("data-reported-at", String(performance.now()));  // for benchmarks: when Python was told
      // Always a new value (a mount id and a counter), so Python reruns even for a day it saw before.
      app.setStateValue("report", Object.assign({ mount: app.mount, seq: ++app.seq }, report));
    },
    onSelect: (index) => app.setTriggerValue("clicked", index),
  });
  app.root.controlMap = app.api;  // for scripts and tests: the element knows its map
  if (view) { map.setView(view[0], view[1], { animate: false }); }
  if (day) { app.api.seek(app.api.dayIndex(day), compare ? app.api.dayIndex(compare) : null); }
  app.key = d.shapes + " " + d.time + " " + (d.tiles ? d.tiles.url : "");
}

function sync(app) {
  const d = app.data;
  return Promise.all([json(d.shapes), json(d.time)]).then(([shapes, time]) => {
    if (d !== app.data) { return; }  // newer data arrived meanwhile: that call syncs
    if (app.key !== d.shapes + " " + d.time + " " + (d.tiles ? d.tiles.url : "")) { build(app, d, shapes, time); }
    // Python's own moves (a link, a jump, a new claim's day): shown, not reported back.
    if (d.seek.n !== app.seek) {
      app.seek = d.seek.n;
      app.api.seek(app.api.dayIndex(d.seek.day));
    }
    if (d.compare.n !== app.compare) {
      app.compare = d.compare.n;
      app.api.seek(null, d.compare.day ? app.api.dayIndex(d.compare.day) : null);
    }
    app.api.select(d.selected);
    app.root.setAttribute("data-ready", "true");
  });
}

export default function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  let app = parentElement.__controlMap;
  if (!app) {
    const root = document.createElement("div");
    root.className = "cm-app";
    const controls = document.createElement("div");
    controls.className = "cm-app-controls";
    const mapDiv = document.createElement("div");
    mapDiv.className = "cm-map";
    const error = document.createElement("div");
    error.className = "cm-error";
    error.setAttribute("role", "alert");
    root.append(controls, mapDiv, error);
    parentElement.appendChild(root);
    const mount = Math.random().toString(36).slice(2);
    app = parentElement.__controlMap = { root, controls, mapDiv, error, shadow: parentElement, api: null, key: null, seek: null, compare: null, mount, seq: 0 };
  }
  app.data = data;
  app.setStateValue = setStateValue;
  app.setTriggerValue = setTriggerValue;
  app.root.style.setProperty("--cm-map-height", data.height + "px");
  const styleRoot = parentElement instanceof ShadowRoot ? parentElement : document.head;
  data.css.forEach((path) => stylesheet(styleRoot, path));
  data.scripts.reduce((previous, path) => previous.then(() => script(path)), Promise.resolve())
    .then(() => sync(app))
    .then(() => { app.error.textContent = ""; })
    .catch((error) => {
      app.error.textContent = data.errorText + " (" + (error && error.message || error) + ")";
      console.error(error);
    });
}
