/* The time map's parts under Node, as the page runs them: ControlMap with the two shared
 * tables (core/wording.json, webmap/js/layout.json, their notes left out as
 * webmap/timemap.py script_source leaves them), then each part in order.
 * Run in this process's own global scope (vm.runInThisContext), so that what the parts
 * return compares with assert.deepStrictEqual like any other value.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const REPO = path.resolve(__dirname, "..", "..");
/* The pure parts, in webmap/timemap.py JS_PARTS order: they need no DOM and no Leaflet. */
const PURE = ["days.js", "wording.js"];

function table(file) {
  const out = JSON.parse(fs.readFileSync(path.join(REPO, file), "utf8"));
  for (const key of Object.keys(out)) {
    if (key.startsWith("$")) { delete out[key]; }
  }
  return out;
}

function load(parts = PURE) {
  globalThis.ControlMap = { WORDING: table("core/wording.json"), LAYOUT: table("webmap/js/layout.json") };
  for (const part of parts) {
    const file = path.join(REPO, "webmap", "js", part);
    vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
  }
  return globalThis.ControlMap;
}

module.exports = { load, REPO };
