/* Small payloads written by hand in the layout of webmap/js/layout.json (the Python writer is
 * checked against the same layout by tests/webmap/test_wording_js.py and tests/webmap/test_timemap.py). */
"use strict";

const CATEGORIES = [
  { label: "No information", status: "unknown", holder: null, fill: "#d9d9d9", opacity: 0.8 },
  { label: "Red — confirmed", status: "confirmed", holder: 0, fill: "#d55e00", opacity: 0.8 },
  { label: "Disputed — the accounts conflict", status: "disputed", holder: null, fill: "#cc79a7", opacity: 0.8 },
  { label: "Red — claimed by Red (unconfirmed)", status: "claimed", holder: 0, fill: "url(#hatch-d55e00)", opacity: 1 },
];

/* Claims in (date, id) order: c1 (Red, day 0), c2 (the wire, day 2), c3 (Blue, day 3); each says held by its party
 * (kind: [status index in LAYOUT.claimStatuses, party, hedged]). */
function full() {
  return {
    start: "2021-09-01", days: 5, day: 4, parties: ["Red", "Blue"], categories: CATEGORIES, staleAfter: null,
    sources: [["Red spokesman", "spokesman", 1], ["Wire", "news agency", 2], ["Blue office", null, 1]], grades: ["", "grade F", "grade B"],
    claims: [
      ["c1", 0, 0, "We hold North.", [0, 0, 0]],
      ["c2", 1, 2, "Red forces took North, witnesses say.", [0, 0, 0], 1, 1, 1],
      ["c3", 2, 3, "Blue holds North and South.", [0, 1, 0], 0, 0, 0, 1],
    ],
    outlets: ["", "Wire"], reports: ["", "Fall of North"], urls: ["", "https://example.org/a"], facts: ["", "hedged"],
    /* Red's word (c1), the wire's (c2), Blue's (c3), and a word of Blue's that never decides (c3 again). */
    words: [[0, 0, 0], [-1, 0, 1], [1, 1, 2], [1, 1, 2]],
    wordKinds: {},
    before: [0, 0],
    districts: [
      { name: "North", local: "Shamal", changes: [[0, 3, 0], [2, 1, 0, 1], [3, 2, 0, 1, 2, "Through its district centre: what was said about North post counts for North."]] },
      /* a state whose deciding claims are not whole words: its claims travel as a list */
      { name: "South", changes: [[1, 3, 0, ~3, [0, 1]]] },
    ],
    places: [{ name: "North post", kind: "district_centre", line: "district centre of North", point: [35, 69], approximate: false, district: 0, changes: [[2, 1, 0, 1]] }],
  };
}

/* Lean data: change points packed flat, days as steps, `width` fields each. */
function lean(width) {
  return {
    start: "2021-09-01", days: 10, day: 9, parties: ["Red", "Blue"], categories: CATEGORIES, staleAfter: width === 3 ? 4 : null,
    packed: width, before: [0, 0],
    districts: [
      { name: "North", changes: width === 3 ? [0, 3, 0, 3, 1, 3, 5, 2, -1] : [0, 3, 3, 1, 5, 2] },
      { name: "South", changes: [] },
    ],
    places: [],
  };
}

module.exports = { full, lean, CATEGORIES };
