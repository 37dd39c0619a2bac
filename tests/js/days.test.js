/* webmap/js/days.js: the calendar, the payload decoded, the state on a day. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./parts.js");
const fixtures = require("./fixtures.js");

const { days } = load(["days.js"]);

test("days are counted right in years 1, 21, 99 and 9999 (no Date.UTC two-digit-year trap)", () => {
  for (const iso of ["0001-01-01", "0021-09-05", "0099-12-31", "0100-03-01", "1900-02-28", "2021-09-05", "9999-12-31"]) {
    const start = days.parseIso(iso);
    assert.equal(days.isoDay(start, 0), iso);
    assert.equal(days.dayIndex(start, iso), 0);
  }
  const start = days.parseIso("0021-09-05");
  assert.equal(days.isoDay(start, 1), "0021-09-06");
  assert.equal(days.dayIndex(start, "0021-09-06"), 1);
  assert.equal(days.dayIndex(start, "2021-09-05"), 730485);  /* (date(2021, 9, 5) - date(21, 9, 5)).days */
  assert.deepEqual(days.calendar(start, 0), { year: 21, month: 9, date: 5, weekday: 6 });  /* date(21, 9, 5).weekday(): a Sunday */
});

test("the whole span of Python's dates, 1 January 1 to 31 December 9999", () => {
  const start = days.parseIso("0001-01-01");
  assert.deepEqual(days.calendar(start, 0), { year: 1, month: 1, date: 1, weekday: 0 });  /* a Monday */
  assert.equal(days.dayIndex(start, "9999-12-31"), 3652058);  /* (date.max - date.min).days */
  assert.equal(days.isoDay(start, 3652058), "9999-12-31");
  assert.deepEqual(days.calendar(start, 3652058), { year: 9999, month: 12, date: 31, weekday: 4 });  /* a Friday */
  assert.equal(days.isoDay(start, 59), "0001-03-01");  /* year 1 is not a leap year */
  assert.equal(days.isoDay(days.parseIso("0004-02-28"), 1), "0004-02-29");  /* year 4 is */
});

test("anything but an ISO date is not a day", () => {
  for (const bad of ["", "2021-9-5", "21-09-05", "2021-09-05T00:00", null, undefined]) {
    assert.ok(Number.isNaN(days.parseIso(bad)), String(bad));
  }
});

test("full data decodes into claims, words and change points with their deciding claims newest first", () => {
  const model = days.decode(fixtures.full());
  assert.equal(model.lean, false);
  assert.equal(model.day, 4);
  assert.deepEqual(model.claims[1], {
    index: 1, id: "c2", day: 2, quote: "Red forces took North, witnesses say.",
    source: { name: "Wire", role: "news agency", grade: "grade B" },
    kind: { status: "held", party: 0, hedged: false },
    outlet: "Wire", report: "Fall of North", url: "https://example.org/a", facts: "",
  });
  assert.equal(model.claims[2].facts, "hedged");
  assert.equal(model.claims[0].outlet, "");  /* trailing empty fields are left off the row */
  assert.equal(model.claims[2].source.role, "");
  const [first, second, third] = model.districts[0].changes;
  assert.deepEqual([first.day, first.category, first.newest], [0, 3, 0]);
  assert.deepEqual(second.claims.map((c) => c.id), ["c2", "c1"]);
  assert.deepEqual(second.words.map((w) => [w.side, w.holder, w.status]), [[0, 0, "held"], [-1, 0, "held"]]);
  assert.equal(second.newest, 2);
  assert.equal(second.through, null);
  assert.deepEqual(third.claims.map((c) => c.id), ["c3", "c2", "c1"]);
  assert.equal(third.through, "Through its district centre: what was said about North post counts for North.");
  assert.equal(model.districts[0].local, "Shamal");
  const south = model.districts[1].changes[0];
  assert.deepEqual(south.claims.map((c) => c.id), ["c2", "c1"]);  /* the state's own list, not its words' */
  assert.deepEqual(south.words.map((w) => [w.side, w.claims.length]), [[0, 1], [1, 1]]);  /* Blue's word did not decide; its claims come all the same */
  assert.equal(model.places[0].changes[0].claims.length, 2);
  assert.deepEqual([model.before.category, model.before.words, model.before.claims, model.before.newest], [0, [], [], -1]);
});

test("a word made with the evidence fields carries its status, flags and notes", () => {
  const data = fixtures.full();
  data.wordKinds = { 1: ["present", 2, 0], 2: ["held", 3] };
  const words = days.decode(data).words;
  assert.deepEqual([words[1].status, words[1].hedged, words[1].weak, words[1].notes.map((c) => c.id)], ["present", false, true, ["c1"]]);
  assert.deepEqual([words[2].status, words[2].hedged, words[2].weak, words[2].notes], ["held", true, true, []]);
  assert.deepEqual([words[0].status, words[0].hedged, words[0].weak], ["held", false, false]);  /* a plain word */
});

test("lean data unpacks its change points: days as steps, newest deciding day or -1", () => {
  const three = days.decode(fixtures.lean(3));
  assert.equal(three.lean, true);
  assert.deepEqual(three.districts[0].changes.map((c) => [c.day, c.category, c.newest]), [[0, 3, 0], [3, 1, 3], [8, 2, -1]]);
  assert.deepEqual(three.districts[0].changes[1].claims, []);
  const two = days.decode(fixtures.lean(2));
  assert.deepEqual(two.districts[0].changes.map((c) => [c.day, c.category, c.newest]), [[0, 3, -1], [3, 1, -1], [8, 2, -1]]);
});

test("decoding leaves the payload as it was: the app may decode one payload twice", () => {
  for (const data of [fixtures.full(), fixtures.lean(3)]) {
    const before = JSON.stringify(data);
    const once = days.decode(data);
    assert.equal(JSON.stringify(data), before);
    assert.deepEqual(days.decode(data), once);
  }
});

test("the state on a day is the last change point on or before it, or nothing said yet", () => {
  const model = days.decode(fixtures.full());
  const north = model.districts[0].changes;
  assert.equal(days.changeAt(model, north, 0), north[0]);
  assert.equal(days.changeAt(model, north, 1), north[0]);
  assert.equal(days.changeAt(model, north, 2), north[1]);
  assert.equal(days.changeAt(model, north, 4), north[2]);
  assert.equal(days.changeAt(model, model.districts[1].changes, 0), model.before);
  assert.equal(days.changeAt(model, [], 3), model.before);
});

test("the binary search finds what a linear scan finds, on many change points", () => {
  const model = days.decode(fixtures.lean(2));
  const changes = [];
  for (let day = 0, k = 0; k < 500; k++) { day += 1 + ((k * 7919) % 5); changes.push({ day, category: k % 4 }); }
  for (let day = 0; day < changes[changes.length - 1].day + 3; day++) {
    const linear = changes.filter((c) => c.day <= day).pop() || model.before;
    assert.equal(days.changeAt(model, changes, day), linear, `day ${day}`);
  }
});

test("a state is stale once its newest deciding claim is older than stale_after_days", () => {
  const model = days.decode(fixtures.lean(3));  /* staleAfter 4 */
  const [first, second, third] = model.districts[0].changes;
  assert.equal(days.staleAge(model, first, 4), null);
  assert.equal(days.staleAge(model, first, 5), 5);
  assert.equal(days.staleAge(model, second, 8), 5);
  assert.equal(days.staleAge(model, third, 9), null);  /* no deciding claim: never stale */
  const never = days.decode(fixtures.lean(2));
  assert.equal(days.staleAge(never, { newest: 0 }, 100), null);  /* the file sets no stale_after_days */
  const full = days.decode(Object.assign(fixtures.full(), { staleAfter: 1 }));
  assert.equal(days.staleAge(full, full.districts[0].changes[1], 4), 2);  /* c2, day 2 */
});

test("the legend's counts and the districts that differ between two days", () => {
  const model = days.decode(fixtures.lean(2));
  assert.deepEqual(days.tally(model, 0), [1, 0, 0, 1]);
  assert.deepEqual(days.tally(model, 9), [1, 0, 1, 0]);
  const north = model.districts[0];
  assert.equal(days.differs(model, north, 4, 2), true);
  assert.equal(days.differs(model, north, 4, 5), false);
  assert.equal(days.differs(model, north, 4, null), false);
  assert.deepEqual([days.clamp(model, -3), days.clamp(model, 4), days.clamp(model, 99)], [0, 4, 9]);
  /* the places' own tally, for the legend's "3 places" */
  const full = days.decode(fixtures.full());
  assert.deepEqual(days.tally(full, 1, full.places), [1, 0, 0, 0]);
  assert.deepEqual(days.tally(full, 2, full.places), [0, 1, 0, 0]);
});
