/* For tests/webmap/test_wording_js.py: `node wording_cases.js cases.json` prints, for each
 * payload in the file, what the page would say of every change point of every district and
 * place (headline, deciding claim ids newest first, the district centre's note, the quick look's brief headline) and the
 * date label of each given day, and the stale note for a state 40 days old, as JSON on stdout. */
"use strict";
const fs = require("node:fs");
const { load } = require("./parts.js");

const { days, wording } = load();
const sets = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));

function said(model, noun) {
  return (change) => [wording.headline(model, change, noun), change.claims.map((c) => c.id), change.through, wording.headline(model, change, noun, true)];
}

const out = sets.map(({ payload, dayLabels }) => {
  const model = days.decode(payload);
  return {
    before: said(model, "district")(model.before),
    districts: model.districts.map((d) => d.changes.map(said(model, "district"))),
    places: model.places.map((p) => p.changes.map(said(model, "place"))),
    dayLabels: dayLabels.map((iso) => wording.dayLabel(model, days.dayIndex(model.start, iso))),
    staleNote: wording.staleNote(40),
  };
});
process.stdout.write(JSON.stringify(out));
