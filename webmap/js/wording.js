/* Why a district has its colour, in words: the headline, each side's word, who said what.
 * Every word comes from ControlMap.WORDING, the table core/explain.py reads too
 * (core/wording.json); the functions here are core/explain.py's, one for one, and
 * tests/webmap/test_wording_js.py runs them under Node against Python's on bundled,
 * generated and hostile data. Pure: strings in, strings out (models from ControlMap.days).
 */
ControlMap.wording = (function (W, LAYOUT, days) {
  "use strict";
  var INDEPENDENT = LAYOUT.independent;
  var NONE = LAYOUT.independent;  /* a holder or party index: none */
  var H = W.headline;
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

  function partyName(model, party) {
    return party === NONE || party === null || party === undefined ? null : model.parties[party];
  }

  function claimNames(claims) {
    var seen = [];
    claims.forEach(function (claim) { if (seen.indexOf(claim.source.name) < 0) { seen.push(claim.source.name); } });
    return names(seen);
  }

  /* Who spoke a word, e.g. "Witnesses speaking to AP and Anadolu Agency". */
  function speakers(word) {
    return claimNames(word.claims);
  }

  /* e.g. "held by Taliban", "contested", "its forces present, hedged", "denies Taliban control" (core.explain._what). */
  function what(model, status, party, hedged, side) {
    var name = partyName(model, party), text;
    if (status === "present" && name !== null && party === side) {
      text = W.says.presentOwn;
    } else if (name === null && has(W.saysOfNoParty, status)) {
      text = W.saysOfNoParty[status];
    } else {
      text = fill(W.says[status], { party: name === null ? "None" : name });
    }
    return hedged ? fill(W.hedged, { what: text }) : text;
  }

  function whatWordSays(model, word) {
    return what(model, word.status, word.holder, word.hedged, word.side);
  }

  /* Claims grouped by what they say (claim.kind), in the order each first appears. */
  function groups(claims) {
    var out = [], keys = {};
    claims.forEach(function (claim) {
      var k = claim.kind, key = k.status + "|" + k.party + "|" + k.hedged;
      if (!has(keys, key)) { keys[key] = out.length; out.push({ kind: k, claims: [] }); }
      out[keys[key]].claims.push(claim);
    });
    return out;
  }

  function groupLines(model, list, side) {
    return list.map(function (g) {
      return fill(W.group, { speakers: claimNames(g.claims), what: what(model, g.kind.status, g.kind.party, g.kind.hedged, side) });
    }).join(W.semicolon);
  }

  /* The first W.reasonWords words of a quote, with " …" if cut. */
  function excerpt(claim) {
    var quote = (claim.quote || "").split(SPACES).filter(Boolean);
    var text = quote.slice(0, W.reasonWords).join(" ");
    return quote.length > W.reasonWords ? fill(W.cut, { words: text }) : text;
  }

  function quoteOf(claim) {
    var text = excerpt(claim);
    return text ? fill(W.quote, { excerpt: text }) : "";
  }

  function wordQuote(word) {
    return quoteOf(word.claims[0]);
  }

  /* core.rules.is_weak: a hedged word or a report of presence corroborates, never confirms. */
  function isWeak(word) {
    return word.status === "present" || ((word.status === "held" || word.status === "contested") && word.weak);
  }

  /* core.rules.is_firm */
  function isFirm(word) {
    return (word.status === "held" || word.status === "contested") && !word.weak;
  }

  /* Why a weak word did not confirm, e.g. ' — hedged: “All still unconfirmed …”'. */
  function whyNotConfirmed(word) {
    if (!isWeak(word)) { return ""; }
    return fill(W.reason, { kind: W.weakKind[word.hedged ? "hedged" : "present"], quote: wordQuote(word) });
  }

  function dateOf(model, word) {
    return shortDate(model, word.claims[0].day);
  }

  /* ", and denies Taliban control (Ahmad Massoud)" for each kind of the word's notes ("could not verify" aside;
     the speakers left out when they are the word's own). */
  function notesText(model, word) {
    var notes = word.notes.filter(function (c) { return c.kind.status !== "unverified"; }), own = speakers(word);
    return groups(notes).map(function (g) {
      var saidBy = claimNames(g.claims), said = what(model, g.kind.status, g.kind.party, g.kind.hedged, word.side);
      return saidBy === own ? fill(W.noteBySameSpeakers, { what: said }) : fill(W.note, { what: said, speakers: saidBy });
    }).join("");
  }

  /* A side's word and who said it; claims that differ, group by group (core.explain.word_text). */
  function wordText(model, word) {
    var side = sideName(model, word.side), date = dateOf(model, word), list = groups(word.claims), text;
    if (list.length === 1) {
      var k = list[0].kind;
      text = fill(W.word, { side: side, what: what(model, k.status, k.party, k.hedged, word.side), speakers: claimNames(list[0].claims), date: date });
    } else {
      text = fill(W.wordMixed, { side: side, date: date, groups: groupLines(model, list, word.side) });
    }
    return text + notesText(model, word);
  }

  function wordsText(model, list, quotes) {
    return list.map(function (w) { return wordText(model, w) + (quotes ? wordQuote(w) : ""); }).join(W.semicolon);
  }

  /* Does the word share a claim with the state's deciding claims? */
  function decides(word, decided) {
    return word.claims.some(function (c) { return decided.indexOf(c) >= 0; });
  }

  function sidesOf(list) {
    return list.map(function (w) { return w.side; });
  }

  function independentOf(words) {
    return words.filter(function (w) { return w.side === INDEPENDENT; })[0] || null;
  }

  /* ". Also: …" for each word that did not decide (and did not agree with the holder); ". X could not verify". */
  function tails(model, holder, words, shown, decided) {
    var independent = independentOf(words);
    var standing = independent !== null && isFirm(independent) && decides(independent, decided);
    var also = [], unverified = [];
    words.forEach(function (w) {
      if (shown.indexOf(w.side) >= 0 || w.status === "unverified") { return; }
      if (holder !== null && w.side === holder && (w.status === "held" || w.status === "present") && w.holder === holder) { return; }
      var text = wordText(model, w);
      if (standing && w.side !== INDEPENDENT && w.claims[0].day === independent.claims[0].day) { text += W.notCounted; }
      also.push(text);
    });
    words.forEach(function (w) {
      var own = w.status === "unverified" && shown.indexOf(w.side) < 0 ? w.claims : [];
      own.concat(w.notes).forEach(function (c) {
        if (c.kind.status === "unverified" && unverified.indexOf(c.source.name) < 0) { unverified.push(c.source.name); }
      });
    });
    var text = also.length ? fill(W.also, { words: also.join(W.semicolon) }) : "";
    return text + (unverified.length ? fill(W.couldNotVerify, { speakers: names(unverified) }) : "");
  }

  /* ". Before that: …": the firm independent word later party words stand against. */
  function before(model, words, decided) {
    var independent = independentOf(words);
    if (independent === null || !isFirm(independent) || decides(independent, decided)) { return { text: "", shown: [] }; }
    return { text: fill(W.before, { word: wordText(model, independent) }), shown: [INDEPENDENT] };
  }

  function reporter(model, word, holder) {
    var values = { speakers: speakers(word), date: dateOf(model, word), quote: wordQuote(word) };
    if (word.side === INDEPENDENT) { values.hedged = word.hedged ? W.hedgedMid : ""; return fill(H.reporterIndependent, values); }
    values.hedged = word.hedged ? W.hedgedSuffix : "";
    if (word.side === holder) { return fill(H.reporterOwn, values); }
    values.side = sideName(model, word.side);
    return fill(H.reporterParty, values);
  }

  function frame(model, word, holder) {
    var values = { speakers: speakers(word), date: dateOf(model, word) };
    if (word.side === INDEPENDENT) { return fill(H.frameIndependent, values); }
    if (holder === null || word.side === holder) { return fill(H.frameOwn, values); }
    values.side = sideName(model, word.side);
    return fill(H.frameOther, values);
  }

  function contested(model, word) {
    var list = groups(word.claims);
    if (list.length === 1) { return fill(H.contested, { frame: frame(model, word, null), quote: wordQuote(word) }); }
    var sources = word.side === INDEPENDENT ? H.independentSources : fill(H.sideSources, { side: sideName(model, word.side) });
    return fill(H.contestedMixed, { sources: sources, date: dateOf(model, word), groups: groupLines(model, list, word.side) });
  }

  function parties(model, deciding) {
    var list = deciding.filter(function (w) { return w.side !== INDEPENDENT; });
    return list.length ? fill(W.parties, { words: wordsText(model, list, false) }) : "";
  }

  function statements(model, change, words) {
    var said = change.claims, shown = said.slice(0, W.maxStatements);
    var items = shown.map(function (c) {
      return fill(H.statement, { source: c.source.name, date: shortDate(model, c.day), quote: quoteOf(c) });
    }).join(W.semicolon);
    if (said.length > shown.length) { items += fill(H.moreStatements, { n: said.length - shown.length }); }
    if (!words.length) { return fill(H.statements, { items: items }); }
    return fill(H.statementsWithWords, { words: wordsText(model, words, false) }) + (said.length ? fill(H.statementsAfterWords, { items: items }) : "");
  }

  /* The consensus headline of each status ("None": without a holder): {text, shown sides}. */
  var CONSENSUS = {
    confirmed: function (model, s) {
      var backers = s.deciding.filter(function (w) { return w.side !== s.holder; }).map(function (w) {
        return w.side === INDEPENDENT
          ? fill(H.backer, { speakers: speakers(w), date: dateOf(model, w) })
          : fill(H.concession, { side: sideName(model, w.side), speakers: speakers(w), date: dateOf(model, w) });
      });
      var text = backers.length ? fill(H.confirmedBy, { holder: s.name, backers: backers.join(W.semicolon) }) : fill(H.confirmed, { holder: s.name });
      return { text: text, shown: sidesOf(s.deciding) };
    },
    corroborated: function (model, s) {
      var support = independentOf(s.deciding);
      var claimants = s.deciding.filter(function (w) { return w.side !== INDEPENDENT; }).map(function (w) { return sideName(model, w.side); });
      var values = { holder: s.name, speakers: speakers(support), date: dateOf(model, support), quote: wordQuote(support) };
      if (!claimants.length) { return { text: fill(H.reported, values), shown: sidesOf(s.deciding) }; }
      values.claimants = claimants.join(W.and);
      values.kind = W.weakKind[support.hedged ? "hedged" : "present"];
      return { text: fill(H.corroborated, values), shown: sidesOf(s.deciding) };
    },
    claimed: function (model, s) {
      var own = s.deciding.filter(function (w) { return w.side === s.holder; })[0] || s.deciding[0];
      var text = fill(H.claimed, { holder: s.name, speakers: speakers(own), date: dateOf(model, own), hedged: own.hedged ? W.hedgedSuffix : "" });
      return { text: text, shown: sidesOf(s.deciding) };
    },
    present: function (model, s) {
      var reporters = s.words.filter(function (w) { return w.status === "present" && w.holder === s.holder; });
      var rank = function (w) { return (w.side !== s.holder ? 1 : 0) * 2 + (w.side === INDEPENDENT ? 1 : 0); };
      reporters.sort(function (a, b) { return rank(a) - rank(b); });
      var lines = reporters.map(function (w) { return reporter(model, w, s.holder); }).join(W.semicolon);
      var then = before(model, s.words, s.decided);
      return { text: fill(H.present, { holder: s.name, reporters: lines }) + then.text, shown: sidesOf(reporters).concat(then.shown) };
    },
    contested: function (model, s) {
      return { text: contested(model, independentOf(s.deciding)) + parties(model, s.deciding), shown: sidesOf(s.deciding) };
    },
    corroboratedNone: function (model, s) {
      var independent = independentOf(s.deciding);
      var text = fill(H.corroboratedContested, { word: wordText(model, independent), reason: whyNotConfirmed(independent) });
      return { text: text + parties(model, s.deciding), shown: sidesOf(s.deciding) };
    },
    claimedNone: function (model, s) {
      var text = s.deciding.length === 1
        ? fill(H.claimedOne, { word: wordText(model, s.deciding[0]), quote: wordQuote(s.deciding[0]) })
        : fill(H.claimedMany, { words: wordsText(model, s.deciding, false) });
      return { text: text, shown: sidesOf(s.deciding) };
    },
    denied: function (model, s) {
      var said = wordsText(model, s.deciding, true);
      var text = s.name !== null ? fill(H.denied, { holder: s.name, words: said }) : fill(H.deniedOfNoParty, { words: said });
      return { text: text, shown: sidesOf(s.deciding) };
    },
    disputed: function (model, s) {
      var then = before(model, s.words, s.decided);
      return { text: fill(H.disputed, { words: wordsText(model, s.deciding, false) }) + then.text, shown: sidesOf(s.deciding).concat(then.shown) };
    }
  };

  /* A side's own view: its one word, from its standpoint (core.explain._side_headline). */
  function sideHeadline(model, status, holder, word, brief) {
    var name = partyName(model, holder), text;
    var values = { speakers: speakers(word), date: dateOf(model, word), quote: wordQuote(word) };
    if (status === "held") {
      text = fill(H.held, { holder: name, frame: frame(model, word, holder) });
    } else if (status === "hedged") {
      text = fill(H.hedged, { holder: name, frame: frame(model, word, holder), quote: values.quote });
    } else if (status === "present" && name !== null) {
      text = fill(H.present, { holder: name, reporters: reporter(model, word, holder) });
    } else if (status === "contested") {
      text = contested(model, word);
    } else {
      var key = (status === "denied" ? "sideDenied" : "sideUnverified") + (name === null ? "OfNoParty" : "");
      if (name !== null) { values.holder = name; }
      text = fill(H[key], values);
    }
    if (brief) { return text; }
    if (status !== "contested" || groups(word.claims).length === 1) { text += notesText(model, word); }
    return text + tails(model, holder, [word], [word.side], []);
  }

  /* The holder of a state whose category leaves it out (a denial, "could not verify"): the party its deciding words name. */
  function holderOf(category, deciding) {
    if (category.holder !== null && category.holder !== undefined) { return category.holder; }
    if (category.status !== "denied" && category.status !== "unverified") { return null; }
    var found = [];
    deciding.forEach(function (w) { if (found.indexOf(w.holder) < 0) { found.push(w.holder); } });
    return found.length === 1 && found[0] !== NONE ? found[0] : null;
  }

  /* One line on a change point's state: core.explain.headline. `noun`: "district" or "place"; `brief`: without
     what did not decide ("Also: …", who could not verify), for a quick look. */
  function headline(model, change, noun, brief) {
    var category = model.categories[change.category];
    var status = category.status, words = change.words, decided = change.claims;
    var side = model.view !== undefined && model.view !== "consensus";
    if (status === "unknown" || (side && !words.length && status !== "statements")) { return fill(W.unknown, { noun: noun || "district" }); }
    if (status === "statements") { return statements(model, change, words); }
    var deciding = words.filter(function (w) { return decides(w, decided); });
    var holder = holderOf(category, deciding);
    if (side) { return sideHeadline(model, status, holder, words[0], brief); }
    var kind = holder === null && (status === "corroborated" || status === "claimed") ? status + "None" : status;
    var said = CONSENSUS[kind](model, { holder: holder, name: partyName(model, holder), words: words, deciding: deciding, decided: decided });
    return brief ? said.text : said.text + tails(model, holder, words, said.shown, decided);
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
