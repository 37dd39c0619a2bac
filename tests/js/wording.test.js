/* webmap/js/wording.js: the explanation's words from the shared table. (That they are Python's,
 * word for word, on real, generated and hostile data: tests/webmap/test_wording_js.py.) */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./parts.js");
const fixtures = require("./fixtures.js");

const { days, wording, WORDING } = load();

test("a template is filled in one pass: a value is never read as a template", () => {
  assert.equal(wording.fill("{a} and {b}", { a: "{b}", b: "$& $1 $$" }), "{b} and $& $1 $$");
  assert.equal(wording.fill("{n} days", { n: 3 }), "3 days");
  assert.throws(() => wording.fill("{holder} control", { party: "Red" }), /no value for \{holder\}/);
  assert.throws(() => wording.fill("{toString}", {}), /no value/);  /* only the values' own names */
});

test("every template of the table fills from the names the code gives it", () => {
  const slots = (t) => (t.match(/\{([A-Za-z]+)\}/g) || []).sort().join(" ");
  assert.equal(slots(WORDING.word), "{date} {side} {speakers} {what}");
  assert.equal(slots(WORDING.headline.corroborated), "{claimants} {date} {holder} {kind} {quote} {speakers}");
  assert.equal(slots(WORDING.wordMixed), "{date} {groups} {side}");
  for (const status of Object.keys(WORDING.says)) { assert.match(slots(WORDING.says[status]), /^(\{party\})?$/, status); }
});

test("dates read right in years 1, 21 and 9999", () => {
  const at = (iso) => ({ start: days.parseIso(iso) });
  assert.equal(wording.shortDate(at("2021-09-05"), 0), "5 Sep 2021");
  assert.equal(wording.dayLabel(at("2021-09-05"), 1), "Mon 6 Sep 2021");
  assert.equal(wording.dayLabel(at("0021-09-05"), 0), "Sun 5 Sep 0021");  /* not 1921, and not to be read as 2021 */
  assert.equal(wording.dayLabel(at("0001-01-01"), 0), "Mon 1 Jan 0001");
  assert.equal(wording.dayLabel(at("9999-12-31"), 0), "Fri 31 Dec 9999");
});

test("headlines: nothing said, one side's account, confirmed by a witness, accounts in conflict", () => {
  const model = days.decode(fixtures.full());
  const [claimed, confirmed, disputed] = model.districts[0].changes;
  assert.equal(wording.headline(model, model.before, "district"), "No information: no source has spoken about this district yet");
  assert.equal(wording.headline(model, model.before, "place"), "No information: no source has spoken about this place yet");
  assert.equal(wording.headline(model, claimed, "district"), "Red control — claimed by Red (Red spokesman, 1 Sep 2021), unconfirmed");
  assert.equal(wording.headline(model, confirmed, "district"), "Red control — confirmed by Wire (3 Sep 2021)");
  assert.equal(
    wording.headline(model, disputed, "district"),
    "Disputed — the accounts conflict: Red: held by Red (Red spokesman, 1 Sep 2021); " +
      "Independent sources: held by Red (Wire, 3 Sep 2021); Blue: held by Blue (Blue office, 4 Sep 2021)",
  );
  /* A side whose word did not decide is said, with who said it: never "disputes". */
  assert.equal(
    wording.headline(model, model.districts[1].changes[0], "district"),
    "Red control — claimed by Red (Red spokesman, 1 Sep 2021), unconfirmed. Also: Blue: held by Blue (Blue office, 4 Sep 2021)",
  );
});

test("a weak word says why it did not confirm, quoting its first words", () => {
  const data = fixtures.full();
  data.claims[1][3] = "Red\tforces were\nseen in  North\u000b today, with more of them reported since morning.";
  data.claims[1][4] = [2, 0, 0];  /* present, Red, firm */
  data.wordKinds = { 1: ["present", 2] };
  const model = days.decode(data);
  const word = model.districts[0].changes[1].words[1];
  assert.equal(wording.whatWordSays(model, word), "Red forces present");
  assert.equal(wording.whyNotConfirmed(word), " — presence, not control: “Red forces were seen in North today, with …”");
  assert.equal(wording.wordText(model, word), "Independent sources: Red forces present (Wire, 3 Sep 2021)");
  word.claims[0].quote = "";
  assert.equal(wording.whyNotConfirmed(word), " — presence, not control");
  word.hedged = true;
  word.status = "held";
  assert.equal(wording.whatWordSays(model, word), "held by Red, hedged");
});

test("a word whose claims differ says who said what; a side's report of its own forces is 'its forces'", () => {
  const data = fixtures.full();
  data.claims[2][4] = [1, -1, 0];  /* c3: contested */
  data.words[1] = [-1, -1, 1, 2];  /* an independent word of c2 (held by Red) and c3 (contested) */
  const model = days.decode(data);
  const mixed = model.words[1];
  assert.equal(
    wording.wordText(model, mixed),
    "Independent sources, who differ (3 Sep 2021): Wire — held by Red; Blue office — contested",
  );
  model.claims[0].kind = { status: "present", party: 0, hedged: true };
  model.words[0].notes = [model.claims[2]];
  assert.equal(wording.wordText(model, model.words[0]), "Red: its forces present, hedged (Red spokesman, 1 Sep 2021), and contested (Blue office)");
});

test("text from the files stays what it is: names that look like templates or markup are words", () => {
  const data = fixtures.full();
  data.parties = ["{holder} $& <b>Red</b>", "Blue"];
  data.sources[1][0] = "Wire {speakers} $1";
  const model = days.decode(data);
  const confirmed = model.districts[0].changes[1];
  assert.equal(wording.headline(model, confirmed, "district"), "{holder} $& <b>Red</b> control — confirmed by Wire {speakers} $1 (3 Sep 2021)");
});

test("speakers: each name once, the last joined by 'and'", () => {
  const source = (name) => ({ source: { name } });
  assert.equal(wording.speakers({ claims: [source("AP")] }), "AP");
  assert.equal(wording.speakers({ claims: [source("AP"), source("Anadolu"), source("AP")] }), "AP and Anadolu");
  assert.equal(wording.speakers({ claims: [source("A"), source("B"), source("C")] }), "A, B and C");
});
