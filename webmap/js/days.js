/* The time map's data and its days: the payload (webmap/timemap.py time_payload) decoded
 * into a model, the state of a district or place on a day, and the calendar.
 * Pure: no DOM, no Leaflet, nothing changed in the payload (the app may decode one payload
 * twice). Unit tests: tests/js/days.test.js (node --test).
 *
 * Rows are read by the names of ControlMap.LAYOUT (webmap/js/layout.json, the payload's
 * one description, which Python writes by). The model:
 *   start        the first day's UTC midnight in ms; a day is an index from it
 *   days, day    the number of days, the day to open on
 *   lean         true for lean data: change points carry no words and no claims
 *   categories   [{label, status, holder, fill, opacity, hatched, swatch, color}]
 *   parties      party names; a side or holder is an index into it (-1: independent / none)
 *   claims       [{index, id, source: {name, role, grade}, day, quote, outlet, report, url, facts}]
 *   districts, places  [{name, ..., changes: [change, ...]}]: the payload's rows with changes decoded
 *   before       the change point in force before a unit's first (nothing said yet)
 * A change point is {day, category, newest, words, claims, through}: newest is the day of its
 * newest deciding claim (-1: none); words are {side, holder, status, hedged, weak, claims,
 * unverifiedNotes, deciding}; claims are its deciding claims, newest first; through is the
 * district centre's note or null. Lean change points have no words and no claims.
 */
ControlMap.days = (function (LAYOUT) {
  "use strict";
  var DAY_MS = 86400000;
  var EMPTY = [];

  /* {name: position} of a row's fields: "...rest" and "optional?" without their marks. */
  function fields(names) {
    var out = {};
    names.forEach(function (name, i) { out[name.replace(/^\.\.\.|\?$/g, "")] = i; });
    return out;
  }

  var CHANGE = fields(LAYOUT.change), LEAN = fields(LAYOUT.leanChange), WORD = fields(LAYOUT.word);
  var KIND = fields(LAYOUT.wordKind), CLAIM = fields(LAYOUT.claim), SOURCE = fields(LAYOUT.source);

  /* ------------------------------------------------------------ the calendar */

  /* A day's UTC midnight in ms, right for years 1 to 9999 (Date.UTC reads 0–99 as 1900–1999). */
  function utc(year, month, date) {
    var d = new Date(0);
    d.setUTCFullYear(year, month - 1, date);
    return d.getTime();
  }

  /* "2021-09-05" → ms; NaN for anything else. */
  function parseIso(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
    return m ? utc(+m[1], +m[2], +m[3]) : NaN;
  }

  /* The day `day` after `start` as {year, month (1–12), date, weekday (0 Monday … 6 Sunday)}. */
  function calendar(start, day) {
    var d = new Date(start + day * DAY_MS);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate(), weekday: (d.getUTCDay() + 6) % 7 };
  }

  /* "2021-09-05": four-digit years, as Python's date.isoformat(). */
  function isoDay(start, day) {
    var c = calendar(start, day);
    return pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.date, 2);
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) { s = "0" + s; }
    return s;
  }

  /* The index of ISO day `iso` counted from `start` (may lie outside the slider's range). */
  function dayIndex(start, iso) {
    return Math.round((parseIso(iso) - start) / DAY_MS);
  }

  /* ------------------------------------------------------------ decoding */

  function decode(data) {
    var lean = !data.claims;
    var model = {
      start: parseIso(data.start), days: data.days, day: 0, lean: lean,
      categories: data.categories, parties: data.parties,
      staleAfter: typeof data.staleAfter === "number" ? data.staleAfter : null,
      claims: [], words: [], districts: [], places: [], before: null
    };
    model.day = clamp(model, data.day);
    var change;
    if (lean) {
      change = leanChange;
    } else {
      model.claims = data.claims.map(function (row, i) { return claim(data, row, i); });
      model.words = data.words.map(function (row, i) { return word(data, model.claims, row, data.wordKinds[i]); });
      change = function (point) { return fullChange(model, point); };
    }
    function unit(row) {
      var out = {}, key;
      for (key in row) { if (Object.prototype.hasOwnProperty.call(row, key)) { out[key] = row[key]; } }
      out.changes = lean && data.packed ? unpack(row.changes, data.packed) : row.changes.map(change);
      return out;
    }
    model.districts = data.districts.map(unit);
    model.places = (data.places || []).map(unit);
    model.before = change(data.before);
    return model;
  }

  function text(table, index) {
    return (table && table[index || 0]) || "";
  }

  function claim(data, row, index) {
    var source = data.sources[row[CLAIM.source]];
    return {
      index: index, id: row[CLAIM.id], day: row[CLAIM.day], quote: row[CLAIM.quote] || "",
      source: { name: source[SOURCE.name], role: source[SOURCE.role] || "", grade: source[SOURCE.grade] || "" },
      outlet: text(data.outlets, row[CLAIM.outlet]), report: text(data.reports, row[CLAIM.report]),
      url: text(data.urls, row[CLAIM.url]), facts: text(data.facts, row[CLAIM.facts])
    };
  }

  function word(data, claims, row, kind) {
    var pick = function (i) { return claims[i]; };
    var flags = kind ? kind[KIND.flags] : 0;
    return {
      side: row[WORD.side], holder: row[WORD.holder], claims: row.slice(WORD.claims).map(pick),
      status: kind ? kind[KIND.status] : (row[WORD.holder] === LAYOUT.independent ? "contested" : "held"),
      hedged: (flags & LAYOUT.flags.hedged) !== 0, weak: (flags & LAYOUT.flags.weak) !== 0,
      unverifiedNotes: kind ? kind.slice(KIND.unverified).map(pick) : EMPTY
    };
  }

  /* A word as one state has it: whether it decided that state. */
  function stateWord(word, deciding) {
    return {
      side: word.side, holder: word.holder, claims: word.claims, status: word.status, hedged: word.hedged,
      weak: word.weak, unverifiedNotes: word.unverifiedNotes, deciding: deciding
    };
  }

  function fullChange(model, point) {
    var words = [], loose = null, through = null;
    for (var k = CHANGE.words; k < point.length; k++) {
      var ref = point[k];
      if (typeof ref === "number") { words.push(stateWord(model.words[ref < 0 ? ~ref : ref], ref >= 0)); }
      else if (typeof ref === "string") { through = ref; }
      else { loose = ref; }  /* claim indexes: a state whose claims are not whole words */
    }
    var indexes = [];
    if (loose) {
      indexes = loose.slice();
    } else {
      words.forEach(function (w) { if (w.deciding) { w.claims.forEach(function (c) { indexes.push(c.index); }); } });
    }
    /* Claims are stored in (date, id) order: newest first is the highest index first. */
    indexes.sort(function (a, b) { return b - a; });
    var claims = indexes.map(function (i) { return model.claims[i]; });
    return {
      day: point[CHANGE.day], category: point[CHANGE.category], newest: claims.length ? claims[0].day : -1,
      words: words, claims: claims, through: through
    };
  }

  function leanChange(point) {
    var newest = point.length > LEAN.newest ? point[LEAN.newest] : -1;
    return { day: point[LEAN.day], category: point[LEAN.category], newest: newest, words: EMPTY, claims: EMPTY, through: null };
  }

  /* Packed lean change points (webmap/timemap.py pack_changes): flat rows of `width`, days as steps. */
  function unpack(flat, width) {
    var out = [], day = 0;
    for (var k = 0; k < flat.length; k += width) {
      day += flat[k];
      out.push({
        day: day, category: flat[k + LEAN.category], newest: width > LEAN.newest ? flat[k + LEAN.newest] : -1,
        words: EMPTY, claims: EMPTY, through: null
      });
    }
    return out;
  }

  /* ------------------------------------------------------------ the day */

  function clamp(model, day) {
    return Math.max(0, Math.min(model.days - 1, day));
  }

  /* The change point in force on `day`: a binary search, as Timeline.state does. */
  function changeAt(model, changes, day) {
    var lo = 0, hi = changes.length - 1, found = model.before;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (changes[mid].day <= day) { found = changes[mid]; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  /* Days since the newest deciding claim when the file sets stale_after_days and the state
     is older than that (core.rules.stale_age); null otherwise. */
  function staleAge(model, change, day) {
    if (model.staleAfter === null || change.newest < 0) { return null; }
    var age = day - change.newest;
    return age > model.staleAfter ? age : null;
  }

  /* How many districts are in each category on `day`. */
  function tally(model, day) {
    var counts = model.categories.map(function () { return 0; });
    model.districts.forEach(function (d) { counts[changeAt(model, d.changes, day).category] += 1; });
    return counts;
  }

  /* Is `unit` in another category on day `other` than on `day`? (core.compare.differences) */
  function differs(model, unit, day, other) {
    return other !== null && changeAt(model, unit.changes, day).category !== changeAt(model, unit.changes, other).category;
  }

  return {
    parseIso: parseIso, calendar: calendar, isoDay: isoDay, dayIndex: dayIndex, decode: decode, clamp: clamp, changeAt: changeAt, staleAge: staleAge, tally: tally, differs: differs
  };
}(ControlMap.LAYOUT));
