/* The explanation as the reader sees it: DOM nodes for a district's or a place's quick look and
 * explanation panel (name, state on the day, headline, the compared day, the deciding claims), and
 * the day as a table. Built
 * with textContent only: every string from the YAML files stays text, whatever it holds.
 * ControlMap.el is the one way the map's parts make an element.
 */
ControlMap.el = function (tag, className, text) {
  "use strict";
  var node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined && text !== null) { node.textContent = String(text); }
  return node;
};

ControlMap.explain = (function (days, wording, el) {
  "use strict";

  /* One claim: speaker, role, grade, date, facts, quote (cut to maxChars, 0: whole); with its report and link when `full`. */
  function claimBlock(model, claim, maxChars, full) {
    var block = el("div", "cm-claim");
    var head = el("div", "cm-claim-head");
    head.appendChild(el("b", null, claim.source.name));
    if (claim.source.role) { head.appendChild(document.createTextNode(", " + claim.source.role)); }
    if (claim.source.grade) { head.appendChild(document.createTextNode(" (" + claim.source.grade + ")")); }
    head.appendChild(document.createTextNode(" · " + wording.shortDate(model, claim.day)));
    if (claim.facts) { head.appendChild(document.createTextNode(" · " + claim.facts)); }
    block.appendChild(head);
    var quote = claim.quote;
    if (maxChars && quote.length > maxChars) { quote = quote.slice(0, maxChars).replace(/\s+\S*$/, "") + " …"; }  /* cut between words */
    if (quote) { block.appendChild(el("div", "cm-quote", "“" + quote + "”")); }
    if (full) {
      var report = [claim.outlet, claim.report].filter(Boolean).join(" — ");
      if (report || claim.url) {
        var line = el("div", "cm-report", report ? "Reported by: " + report + " " : "");
        if (claim.url && /^https?:\/\//i.test(claim.url)) {
          var link = el("a", null, "(link)");
          link.href = claim.url;
          link.target = "_blank";
          link.rel = "noopener noreferrer";
          line.appendChild(link);
        }
        block.appendChild(line);
      }
      block.appendChild(el("div", "cm-claim-id", "claim " + claim.id));
    }
    return block;
  }

  /*
   * The explanation of `unit` (a district or place row of the model) on `look.day`, compared
   * with `look.compare` when set. options: {noun: "district" | "place", full: every claim
   * whole (a popup) or the first few, cut (a tooltip), maxClaims, maxQuoteChars, hint: the
   * lean map's "click for the claims" line}.
   */
  function card(model, unit, look, options) {
    var change = days.changeAt(model, unit.changes, look.day);
    var box = el("div", "cm-tip");
    var name = el("div", "cm-name", unit.name);
    if (unit.local) { name.appendChild(el("span", "cm-local", " (" + unit.local + ")")); }
    box.appendChild(name);
    if (unit.line) { box.appendChild(el("div", "cm-place-line", unit.line)); }
    box.appendChild(el("div", "cm-status", model.categories[change.category].label + " — " + wording.dayLabel(model, look.day)));
    if (model.lean) {
      box.appendChild(el("div", "cm-hint", options.hint));
    } else {
      box.appendChild(el("div", "cm-headline", wording.headline(model, change, options.noun, !options.full)));  /* a quick look: brief */
      if (change.through) { box.appendChild(el("div", "cm-through", change.through)); }
    }
    if (look.compare !== null) {
      var then = days.changeAt(model, unit.changes, look.compare);
      var line = el("div", "cm-compare", "On " + wording.dayLabel(model, look.compare) + ": " + model.categories[then.category].label);
      if (then.category !== change.category) { line.appendChild(el("b", null, " (changed)")); }
      box.appendChild(line);
    }
    var age = days.staleAge(model, change, look.day);
    if (age !== null) { box.appendChild(el("div", "cm-stale", wording.staleNote(age))); }
    var claims = change.claims;
    var shown = options.full ? claims.length : Math.min(claims.length, options.maxClaims);
    for (var i = 0; i < shown; i++) {
      box.appendChild(claimBlock(model, claims[i], options.full ? 0 : options.maxQuoteChars, options.full));
    }
    if (shown < claims.length) {
      box.appendChild(el("div", "cm-more", "… and " + (claims.length - shown) + " more (click for all)"));
    }
    return box;
  }

  /*
   * The day as a table, what a screen reader reads instead of the map and what the reader
   * may switch to: a row group per district, then per place, with its state, and a row per
   * deciding claim (quote, who said it, when), newest first; district and state only for
   * lean data. Made once per map; show(look) then redraws the caption and only the row
   * groups whose deciding change is not the one they show: a day's step changes a few units
   * of hundreds, and a table made anew each time the day stood still (1,600 elements on the
   * national map) cost a long layout that a key press or a drag then waited behind.
   */
  function table(model) {
    var full = !model.lean, t = el("table", "cm-table"), head = el("tr"), caption = t.appendChild(el("caption"));
    (full ? ["District or place", "State", "Deciding claim", "Said by", "Date"] : ["District or place", "State"]).forEach(function (name) {
      var th = el("th", null, name);
      th.scope = "col";
      head.appendChild(th);
    });
    t.appendChild(el("thead")).appendChild(head);
    var units = model.districts.concat(model.places), groups = [], shown = [];
    function group(unit, change) {
      var claims = full ? change.claims : [];
      var body = el("tbody"), row = body.appendChild(el("tr")), span = Math.max(1, claims.length);
      var name = row.appendChild(el("th", null, unit.name)), state = row.appendChild(el("td", null, model.categories[change.category].label));
      if (unit.line) { name.appendChild(el("div", "cm-place-line", unit.line)); }
      name.scope = "rowgroup";
      name.rowSpan = state.rowSpan = span;
      if (full && !claims.length) { row.appendChild(el("td", null, "—")).colSpan = 3; }
      claims.forEach(function (claim, k) {
        var line = k ? body.appendChild(el("tr")) : row;
        line.appendChild(el("td", "cm-quote", "“" + claim.quote + "”"));
        line.appendChild(el("td", null, claim.source.name + (claim.source.role ? ", " + claim.source.role : "")));
        line.appendChild(el("td", null, wording.shortDate(model, claim.day)));
      });
      return body;
    }
    function show(look) {
      caption.textContent = "Who controls which district on " + wording.dayLabel(model, look.day);
      units.forEach(function (unit, k) {
        var change = days.changeAt(model, unit.changes, look.day);
        if (shown[k] === change) { return; }
        shown[k] = change;
        var body = group(unit, change);
        if (groups[k]) { t.replaceChild(body, groups[k]); } else { t.appendChild(body); }
        groups[k] = body;
      });
    }
    return { node: t, show: show };
  }

  return { card: card, claimBlock: claimBlock, table: table };
}(ControlMap.days, ControlMap.wording, ControlMap.el));
