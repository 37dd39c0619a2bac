/* The explanation as the reader sees it: DOM nodes for a district's or a place's tooltip and
 * popup (name, state on the day, headline, the compared day, the deciding claims). Built
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
    if (maxChars && quote.length > maxChars) { quote = quote.slice(0, maxChars - 1) + "…"; }
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
      box.appendChild(el("div", "cm-headline", wording.headline(model, change, options.noun)));
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

  return { card: card, claimBlock: claimBlock };
}(ControlMap.days, ControlMap.wording, ControlMap.el));
