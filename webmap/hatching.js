// Hatch patterns (see hatching.py): window.__hatchPatterns(spec, root) adds one SVG <pattern>
// per colour and kind (hatch: lines, cross: a cross-hatch, dots) to a hidden <svg> in the page,
// or in `root` (a shadow root: url(#id) resolves within the tree of the paths); a pattern already there is kept.
// window.__hatchCanvasPattern("url(#id)") is the same pattern as a CanvasPattern, for maps drawn on a canvas.
window.__hatchPatterns = function (spec, root) {
  "use strict";
  window.__hatchSpec = spec;
  var NS = "http://www.w3.org/2000/svg";
  var scope = root || document;
  var svg = scope.getElementById(spec.svgId);
  if (!svg) {
    svg = document.createElementNS(NS, "svg");
    svg.setAttribute("id", spec.svgId);
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("width", "0");
    svg.setAttribute("height", "0");
    // Not display:none, which stops some browsers painting the patterns.
    svg.style.position = "absolute";
    svg.style.width = "0";
    svg.style.height = "0";
    svg.style.overflow = "hidden";
    svg.appendChild(document.createElementNS(NS, "defs"));
    (root || document.body).appendChild(svg);
  }
  var defs = svg.querySelector("defs");
  var s = spec.spacing;
  function element(name, attributes) {
    var node = document.createElementNS(NS, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }
  spec.patterns.forEach(function (p) {
    if (scope.getElementById(p.id)) { return; }
    var pattern = element("pattern", {id: p.id, patternUnits: "userSpaceOnUse", width: s, height: s, patternTransform: "rotate(" + spec.angle + ")"});
    pattern.appendChild(element("rect", {width: s, height: s, fill: p.color, "fill-opacity": spec.tintOpacity}));
    var line = {stroke: p.color, "stroke-width": spec.lineWidth, "stroke-opacity": spec.lineOpacity};
    if (p.kind === "dots") {
      pattern.appendChild(element("circle", {cx: s / 2, cy: s / 2, r: spec.lineWidth * 0.75, fill: p.color, "fill-opacity": spec.lineOpacity}));
    } else {
      pattern.appendChild(element("line", Object.assign({x1: s / 2, y1: 0, x2: s / 2, y2: s}, line)));
      if (p.kind === "cross") { pattern.appendChild(element("line", Object.assign({x1: 0, y1: s / 2, x2: s, y2: s / 2}, line))); }
    }
    defs.appendChild(pattern);
  });
};

window.__hatchCanvasPattern = function (fill) {
  "use strict";
  var cache = window.__hatchCanvasCache = window.__hatchCanvasCache || {};
  if (cache[fill]) { return cache[fill]; }
  var spec = window.__hatchSpec;
  if (!spec) { throw new Error("hatch patterns asked for before __hatchPatterns(spec) ran"); }
  var id = fill.slice(5, -1);
  var p = spec.patterns.filter(function (q) { return q.id === id; })[0];
  if (!p) { throw new Error("no hatch pattern " + id); }
  var s = spec.spacing;
  var tile = document.createElement("canvas");
  tile.width = s;
  tile.height = s;
  var ctx = tile.getContext("2d");
  ctx.globalAlpha = spec.tintOpacity;
  ctx.fillStyle = p.color;
  ctx.fillRect(0, 0, s, s);
  ctx.globalAlpha = spec.lineOpacity;
  ctx.strokeStyle = p.color;
  ctx.fillStyle = p.color;
  ctx.lineWidth = spec.lineWidth;
  if (p.kind === "dots") {
    ctx.beginPath();
    ctx.arc(s / 2, s / 2, spec.lineWidth * 0.75, 0, 2 * Math.PI);
    ctx.fill();
  } else {
    ctx.beginPath();
    ctx.moveTo(s / 2, 0);
    ctx.lineTo(s / 2, s);
    if (p.kind === "cross") { ctx.moveTo(0, s / 2); ctx.lineTo(s, s / 2); }
    ctx.stroke();
  }
  var pattern = document.createElement("canvas").getContext("2d").createPattern(tile, "repeat");
  pattern.setTransform(new DOMMatrix().rotate(spec.angle));  // as the SVG pattern's patternTransform
  cache[fill] = pattern;
  return pattern;
};
