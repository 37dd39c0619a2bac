/* Why a district has its colour, in words: the headline, each side's word, who said what.
 * Every word comes from ControlMap.WORDING, the table core/explain.py reads too
 * (core/wording.json); the functions here are core/explain.py's, one for one, and
 * tests/webmap/test_wording_js.py runs them under Node against Python's on bundled,
 * generated and hostile data. Pure: strings in, strings out (models from ControlMap.days).
 */
ControlMap.wording = (function (W, LAYOUT, days) {
  "use strict";
  var INDEPENDENT = LAYOUT.independent;
  var SLOT = /\{([A-Za-z]+)\}/g;  /* core.explain._SLOT */
  var SPACES = /[ \t\n\r\f\v]+/;  /* core.explain._SPACES */

  function has(table, key) {
    return Object.prototype.hasOwnProperty.call(table, key);
  }

  /* `template` with each {name} replaced by values[name], in one pass (a value is never a template). */
  function fill(template, values) {
    return template.replace(SLOT, function (all, name) {
      if (!has(values, name)) { throw new Error("no value for {" + name + "} in " + template); }
      return String(values[name]);
    });
  }

  function pad4(year) {
    return ("000" + year).slice(-Math.max(4, String(year).length));
  }

  /* "5 Sep 2021" (core.explain.short_date) */
  function shortDate(model, day) {
    var c = days.calendar(model.start, day);
    return fill(W.date, { day: c.date, month: W.months[c.month - 1], year: pad4(c.year) });
  }

  /* "Sun 5 Sep 2021" (core.explain.day_label) */
  function dayLabel(model, day) {
    return fill(W.dayLabel, { weekday: W.weekdays[days.calendar(model.start, day).weekday], date: shortDate(model, day) });
  }

  /* "A", "A and B", "A, B and C" */
  function names(list) {
    return list.length === 1 ? list[0] : list.slice(0, -1).join(W.comma) + W.and + list[list.length - 1];
  }

  function sideName(model, side) {
    return side === INDEPENDENT ? W.independent : model.parties[side];
  }

  /* Who spoke a word, e.g. "Witnesses speaking to AP and Anadolu Agency". */
  function speakers(word) {
    var seen = [];
    word.claims.forEach(function (claim) { if (seen.indexOf(claim.source.name) < 0) { seen.push(claim.source.name); } });
    return names(seen);
  }

  /* e.g. "held by Taliban", "Taliban forces present, hedged", "denies Taliban control". */
  function whatWordSays(model, word) {
    var party = word.holder === INDEPENDENT || word.holder === null ? null : model.parties[word.holder];
    var what = party === null && has(W.saysOfNoParty, word.status)
      ? W.saysOfNoParty[word.status]
      : fill(W.says[word.status], { party: party === null ? "None" : party });
    return word.hedged ? fill(W.hedged, { what: what }) : what;
  }

  /* core.rules.is_weak: a hedged word or a report of presence corroborates, never confirms. */
  function isWeak(word) {
    return word.status === "present" || ((word.status === "held" || word.status === "contested") && word.weak);
  }

  /* Why a weak word did not confirm, e.g. ' — hedged: “All still unconfirmed …”'. */
  function whyNotConfirmed(word) {
    if (!isWeak(word)) { return ""; }
    var kind = W.weakKind[word.hedged ? "hedged" : "present"];
    var quote = (word.claims[0].quote || "").split(SPACES).filter(Boolean);
    var excerpt = quote.slice(0, W.reasonWords).join(" ");
    if (quote.length > W.reasonWords) { excerpt = fill(W.cut, { words: excerpt }); }
    return excerpt ? fill(W.reason, { kind: kind, excerpt: excerpt }) : fill(W.reasonWithoutQuote, { kind: kind });
  }

  /* e.g. "Taliban: held by Taliban (Bilal Karimi, 5 Sep 2021)". */
  function wordText(model, word) {
    return fill(W.word, {
      side: sideName(model, word.side), what: whatWordSays(model, word), speakers: speakers(word),
      date: shortDate(model, word.claims[0].day)
    });
  }

  function wordLines(model, words, reasons) {
    return words.map(function (w) { return wordText(model, w) + (reasons ? whyNotConfirmed(w) : ""); }).join(W.semicolon);
  }

  /* Does the word share a claim with the state's deciding claims? */
  function decides(word, decided) {
    return word.claims.some(function (c) { return decided.indexOf(c) >= 0; });
  }

  /* "; X disputes" for sides against the holder; "; S could not verify" for outlets that said so. */
  function others(model, words, decided, holder) {
    var objectors = [], unverified = [];
    words.forEach(function (w) {
      if (w.side === holder || ((w.status === "held" || w.status === "present") && w.holder === holder)) { return; }
      if (w.status === "unverified") { unverified.push(speakers(w)); }
      else if (!(decides(w, decided) && isWeak(w))) { objectors.push(sideName(model, w.side)); }
    });
    /* An outlet's "could not verify" beside a firmer word of its side that day. */
    words.forEach(function (w) {
      w.unverifiedNotes.forEach(function (c) { if (unverified.indexOf(c.source.name) < 0) { unverified.push(c.source.name); } });
    });
    var text = "";
    if (objectors.length) { text += fill(objectors.length > 1 ? W.dispute : W.disputes, { sides: objectors.join(W.and) }); }
    if (unverified.length) { text += fill(W.couldNotVerify, { speakers: unverified.join(W.and) }); }
    return text;
  }

  /* One line on a change point's state: core.explain.headline. `noun`: "district" or "place". */
  function headline(model, change, noun) {
    var category = model.categories[change.category];
    var status = category.status, holder = category.holder;
    var words = change.words, decided = change.claims, C = W.control;
    if (status === "unknown") {
      return words.length ? fill(W.unknownWithWords, { words: wordLines(model, words, false) }) : fill(W.unknown, { noun: noun || "district" });
    }
    if (["hedged", "present", "denied", "unverified"].indexOf(status) >= 0) { return wordLines(model, words, true); }
    var deciding = words.filter(function (w) { return decides(w, decided); });
    if (holder !== null && holder !== undefined) {
      var name = model.parties[holder], text;
      if (status === "confirmed") {
        var backers = deciding.filter(function (w) { return w.side !== holder; });
        text = backers.length
          ? fill(C.confirmedBy, { holder: name, backers: backers.map(speakers).join(W.semicolon) })
          : fill(C.confirmed, { holder: name });
      } else if (status === "held") {
        text = fill(C.held, { holder: name });
      } else if (status === "corroborated") {
        var claimants = deciding.filter(function (w) { return w.side !== INDEPENDENT; }).map(function (w) { return sideName(model, w.side); });
        var support = deciding.filter(function (w) { return w.side === INDEPENDENT; })
          .map(function (w) { return speakers(w) + whyNotConfirmed(w); }).join(W.semicolon);
        text = claimants.length
          ? fill(C.corroborated, { holder: name, claimants: claimants.join(W.and), support: support })
          : fill(C.reported, { holder: name, support: support });
      } else {
        text = fill(C.claimed, { holder: name });
      }
      return text + others(model, words, decided, holder);
    }
    var label = has(W.labels, status) ? W.labels[status] : status;
    var line = fill(W.withoutHolder, { label: label, words: wordLines(model, deciding, true) });
    var aside = words.filter(function (w) {
      return !decides(w, decided) && (isWeak(w) || w.status === "denied" || w.status === "unverified");
    });
    return aside.length ? fill(W.notDecisive, { line: line, words: wordLines(model, aside, true) }) : line;
  }

  /* "Drawn faded: its newest deciding claim is 40 days old." (core.explain.stale_note) */
  function staleNote(age) {
    return fill(W.stale, { age: age });
  }

  return {
    fill: fill, shortDate: shortDate, dayLabel: dayLabel, sideName: sideName, speakers: speakers,
    whatWordSays: whatWordSays, whyNotConfirmed: whyNotConfirmed, wordText: wordText, headline: headline, staleNote: staleNote
  };
}(ControlMap.WORDING, ControlMap.LAYOUT, ControlMap.days));
