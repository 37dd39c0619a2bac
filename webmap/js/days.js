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
 *   view         the view's id ("consensus", "independent" or a party's id)
 *   categories   [{label, status, holder, color, opacity, fill, swatch, hatched}] (a solid state's fill and swatch: its colour)
 *   parties      party names; a side or holder is an index into it (-1: independent / none)
 *   claims       [{index, id, source: {name, role, grade}, day, quote, kind: {status, party, hedged}, outlet, report, url, facts}]
 *   districts, places  [{name, ..., changes: [change, ...]}]: the payload's rows with changes decoded
 *   before       the change point in force before a unit's first (nothing said yet)
 * A change point is {day, category, newest, words, claims, through}: newest is the day of its
 * newest deciding claim (-1: none); words are the sides' words, {side, holder, status, hedged,
 * weak, claims, notes} (shared between change points); claims are its deciding
 * claims, newest first; through is the district centre's note or null (all three worked out
 * when first read).
 * Lean change points have no words and no claims.
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
      start: parseIso(data.start), days: data.days, day: 0, lean: lean, view: data.view,
      categories: data.categories.map(function (c) {
        /* A solid state paints and keys with its colour; a patterned one comes with its pattern's fill and swatch. */
        return Object.assign({}, c, { fill: c.fill || c.color, swatch: c.swatch || c.color, hatched: !!c.fill });
      }),
      parties: data.parties,
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
      change = function (point) { return new FullChange(model, point); };
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
    var kind = row[CLAIM.kind];
    return {
      index: index, id: row[CLAIM.id], day: row[CLAIM.day], quote: row[CLAIM.quote] || "",
      kind: { status: LAYOUT.claimStatuses[kind[0]], party: kind[1], hedged: kind[2] === 1 },
      source: { name: source[SOURCE.name], role: source[SOURCE.role] || "", grade: text(data.grades, source[SOURCE.grade]) },
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
      notes: kind ? kind.slice(KIND.notes).map(pick) : EMPTY
    };
  }

  /*
   * A full change point: its day, category and newest deciding claim's day at once (every
   * step draws them); its words, deciding claims and note when first read (a tooltip, a
   * popup, the compare list), so that a timeline of thousands of change points costs no
   * more to open than the few that are explained.
   */
  function FullChange(model, point) {
    this.day = point[CHANGE.day];
    this.category = point[CHANGE.category];
    this.model = model;
    this.point = point;
    this.said = null;
    var newest = -1;  /* the highest claim index is the newest claim */
    for (var k = CHANGE.words; k < point.length; k++) {
      var ref = point[k];
      var claims = typeof ref === "number" ? (ref >= 0 ? model.words[ref].claims : EMPTY) : typeof ref === "string" ? EMPTY : null;
      if (claims === null) { newest = -1; ref.forEach(function (i) { newest = Math.max(newest, i); }); break; }  /* a loose claim list decides alone */
      for (var c = 0; c < claims.length; c++) { newest = Math.max(newest, claims[c].index); }
    }
    this.newest = newest < 0 ? -1 : model.claims[newest].day;
  }

  /* {words, claims, through} of a full change point, worked out once. */
  function said(change) {
    if (change.said) { return change.said; }
    var model = change.model, point = change.point;
    var words = [], loose = null, through = null, indexes = [];
    for (var k = CHANGE.words; k < point.length; k++) {
      var ref = point[k];
      if (typeof ref === "number") {
        var word = model.words[ref < 0 ? ~ref : ref];
        words.push(word);
        if (ref >= 0) { word.claims.forEach(function (c) { indexes.push(c.index); }); }
      }
      else if (typeof ref === "string") { through = ref; }
      else { loose = ref; }  /* claim indexes: a state whose claims are not whole words */
    }
    /* Claims are stored in (date, id) order: newest first is the highest index first. */
    var claims = (loose || indexes).slice().sort(function (a, b) { return b - a; }).map(function (i) { return model.claims[i]; });
    change.said = { words: words, claims: claims, through: through };
    return change.said;
  }
  ["words", "claims", "through"].forEach(function (name) {
    Object.defineProperty(FullChange.prototype, name, { get: function () { return said(this)[name]; } });
  });

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

  /* How many districts (or `units`: the places) are in each category on `day`. */
  function tally(model, day, units) {
    var counts = model.categories.map(function () { return 0; });
    (units || model.districts).forEach(function (d) { counts[changeAt(model, d.changes, day).category] += 1; });
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
