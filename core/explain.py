"""Plain-words explanations of a district's state: why it has its colour.

Returns plain text (never HTML); the app and the exports escape it where they render.
Every word of it comes from one table, :file:`core/wording.json`, which the map's
script (``webmap/js/wording.js``) reads too: the page writes the same headline in the
browser from the same table, and ``tests/webmap/test_wording_js.py`` runs the script
under Node on the bundled, generated and hostile data to prove the two agree.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from core.model import DAY_PARTS, INDEPENDENT, RELIABILITY_LABELS, Claim, Dataset, Source
from core.places import through_place
from core.rules import DistrictState, Word, is_weak, said_on

#: The explanation's words (templates with ``{name}`` slots), shared with the page's script.
WORDING_PATH = Path(__file__).with_name("wording.json")
WORDING: dict[str, Any] = json.loads(WORDING_PATH.read_text(encoding="utf-8"))
#: Words of a quote shown as the reason a hedged word or a report of presence did not confirm.
REASON_WORDS: int = WORDING["reasonWords"]
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # the same class as /[ \t\n\r\f\v]+/ in webmap/js/wording.js
_SLOT = re.compile(r"\{([A-Za-z]+)\}")  # the same as /\{([A-Za-z]+)\}/g in webmap/js/wording.js


def fill(template: str, **values: str) -> str:
    """``template`` with each ``{name}`` replaced by ``values[name]``, in one pass (a value is never a template)."""
    return _SLOT.sub(lambda m: values[m.group(1)], template)


def short_date(day: dt.date) -> str:
    """e.g. "5 Sep 2021" (a four-digit year: "5 Sep 0021" is not 1921, nor 2021)."""
    return fill(WORDING["date"], day=str(day.day), month=WORDING["months"][day.month - 1], year=f"{day.year:04d}")


def day_label(day: dt.date) -> str:
    """e.g. "Sun 5 Sep 2021", as the map's date reads."""
    return fill(WORDING["dayLabel"], weekday=WORDING["weekdays"][day.weekday()], date=short_date(day))


def _names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) == 1:
        return names[0]
    return WORDING["comma"].join(names[:-1]) + WORDING["and"] + names[-1]


def side_name(side: str, dataset: Dataset) -> str:
    return WORDING["independent"] if side == INDEPENDENT else dataset.party(side).name


def speakers(word: Word, dataset: Dataset) -> str:
    """Who spoke a word, e.g. "Witnesses speaking to AP and Anadolu Agency"."""
    return _names(list(dict.fromkeys(dataset.source(dataset.claim(i).source).name for i in word.claims)))


def what_word_says(word: Word, dataset: Dataset) -> str:
    """e.g. "held by Taliban", "contested", "Taliban forces present, hedged", "denies Taliban control"."""
    party = dataset.party(word.holder).name if word.holder is not None else None
    if party is None and word.status in WORDING["saysOfNoParty"]:
        what = WORDING["saysOfNoParty"][word.status]
    else:
        what = fill(WORDING["says"][word.status], party=str(party))
    return fill(WORDING["hedged"], what=what) if getattr(word, "hedged", False) else what


def why_not_confirmed(word: Word, dataset: Dataset) -> str:
    """Why a hedged word or a report of presence does not confirm, e.g. ' — hedged: “All still unconfirmed …”'."""
    if not is_weak(word):
        return ""
    kind = WORDING["weakKind"]["hedged" if getattr(word, "hedged", False) else "present"]
    quote = [w for w in _SPACES.split(dataset.claim(word.claims[0]).quote or "") if w]  # as the page's JS splits
    excerpt = " ".join(quote[:REASON_WORDS])
    if len(quote) > REASON_WORDS:
        excerpt = fill(WORDING["cut"], words=excerpt)
    return fill(WORDING["reason"], kind=kind, excerpt=excerpt) if excerpt else fill(WORDING["reasonWithoutQuote"], kind=kind)


def word_text(word: Word, dataset: Dataset) -> str:
    """e.g. "Taliban: held by Taliban (Bilal Karimi, 5 Sep 2021)"."""
    values = {"side": side_name(word.side, dataset), "what": what_word_says(word, dataset), "speakers": speakers(word, dataset)}
    return fill(WORDING["word"], date=short_date(said_on(word)), **values)


def _word_lines(words: list[Word], dataset: Dataset, *, reasons: bool = True) -> str:
    """Words one after the other, each with why it did not confirm (``reasons``)."""
    return WORDING["semicolon"].join(word_text(w, dataset) + (why_not_confirmed(w, dataset) if reasons else "") for w in words)


def _others(words: list[Word], decided: set[str], holder: str | None, dataset: Dataset) -> str:
    """ "; X disputes" for sides against the holder; "; S could not verify" for outlets that said so."""
    objectors, unverified = [], []
    for w in words:
        if w.side == holder or (w.status in ("held", "present") and w.holder == holder):
            continue
        if w.status == "unverified":
            unverified.append(speakers(w, dataset))
        elif not (set(w.claims) & decided and is_weak(w)):
            objectors.append(side_name(w.side, dataset))
    for w in words:  # an outlet's "could not verify" beside a firmer word of its side that day
        for claim in map(dataset.claim, getattr(w, "notes", ())):
            name = dataset.source(claim.source).name
            if claim.status == "unverified" and name not in unverified:
                unverified.append(name)
    text = ""
    if objectors:
        text += fill(WORDING["dispute" if len(objectors) > 1 else "disputes"], sides=WORDING["and"].join(objectors))
    if unverified:
        text += fill(WORDING["couldNotVerify"], speakers=WORDING["and"].join(unverified))
    return text


def headline(state: DistrictState, dataset: Dataset, noun: str = "district") -> str:
    """One line, e.g. "Taliban control — confirmed by Witnesses speaking to AP; National Resistance Front disputes".

    ``noun`` is what the state is of: "district", or "place" for a place's state.
    """
    words = list({w.side: w for w in state.words}.values())
    decided = set(state.claims)
    if state.status == "unknown":
        if words:
            return fill(WORDING["unknownWithWords"], words=_word_lines(words, dataset, reasons=False))
        return fill(WORDING["unknown"], noun=noun)
    if state.status in ("hedged", "present", "denied", "unverified"):  # a side's own view
        return _word_lines(words, dataset)
    control = WORDING["control"]
    if state.holder is not None:
        holder = dataset.party(state.holder).name
        if state.status == "confirmed":
            backers = [w for w in words if w.side != state.holder and set(w.claims) & decided]
            by = WORDING["semicolon"].join(speakers(w, dataset) for w in backers)
            text = fill(control["confirmedBy"], holder=holder, backers=by) if backers else fill(control["confirmed"], holder=holder)
        elif state.status == "held":
            text = fill(control["held"], holder=holder)
        elif state.status == "corroborated":
            deciding = [w for w in words if set(w.claims) & decided]
            claimants = [side_name(w.side, dataset) for w in deciding if w.side != INDEPENDENT]
            support = WORDING["semicolon"].join(
                speakers(w, dataset) + why_not_confirmed(w, dataset) for w in deciding if w.side == INDEPENDENT
            )
            if claimants:
                text = fill(control["corroborated"], holder=holder, claimants=WORDING["and"].join(claimants), support=support)
            else:
                text = fill(control["reported"], holder=holder, support=support)
        else:
            text = fill(control["claimed"], holder=holder)
        return text + _others(words, decided, state.holder, dataset)
    label = WORDING["labels"].get(state.status, state.status)
    line = fill(WORDING["withoutHolder"], label=label, words=_word_lines([w for w in words if set(w.claims) & decided], dataset))
    aside = [w for w in words if not set(w.claims) & decided and (is_weak(w) or w.status in ("denied", "unverified"))]
    if aside:
        line = fill(WORDING["notDecisive"], line=line, words=_word_lines(aside, dataset))
    return line


def through_places(state: DistrictState, district_id: str, dataset: Dataset) -> str:
    """Why claims about a place bear on this district's state, e.g. "Through its district centre: …"; empty when none do.

    Nothing is inferred silently: a district coloured by what was said of its district
    centre says so (README, "Places").
    """
    gazetteer = dataset.gazetteer
    claim_ids = dict.fromkeys([*state.claims, *(c for w in state.words for c in (*w.claims, *getattr(w, "notes", ())))])
    names = dict.fromkeys(p.name for p in (through_place(dataset.claim(c), district_id, gazetteer) for c in claim_ids) if p is not None)
    if not names:
        return ""
    return fill(WORDING["through"], places=WORDING["and"].join(names), district=gazetteer.by_id(district_id).name)


def stale_note(age: int) -> str:
    """Why a state is drawn faded, e.g. "Drawn faded: its newest deciding claim is 40 days old."."""
    return fill(WORDING["stale"], age=str(age))


def deciding_claims(state: DistrictState, dataset: Dataset) -> list[Claim]:
    """The claims behind a state, newest first."""
    return sorted((dataset.claim(i) for i in state.claims), key=lambda c: (c.date, c.id), reverse=True)


def side_notes(state: DistrictState, dataset: Dataset) -> list[Claim]:
    """Claims of the day's words that did not make them (a denial beside a claim, "could not verify"), newest first."""
    ids = {i for w in state.words for i in getattr(w, "notes", ())}
    return sorted((dataset.claim(i) for i in ids), key=lambda c: (c.date, c.id), reverse=True)


def source_grade(source: Source) -> str:
    """The Admiralty grade shown beside a speaker, e.g. "grade F: reliability cannot be judged"."""
    return f"grade {source.reliability}: {RELIABILITY_LABELS[source.reliability]}"


def claim_facts(claim: Claim, dataset: Dataset) -> str:
    """How firmly and when, in words, e.g. "hedged · night · undated in the report, date inferred"; empty for a plain claim."""
    facts = []
    if claim.hedged:
        facts.append("hedged")
    if claim.status == "present":
        facts.append("presence, not control")
    elif claim.status == "denied" and claim.party:
        facts.append(f"denies {dataset.party(claim.party).name} control")
    elif claim.status == "unverified" and claim.party:
        facts.append(f"could not verify the {dataset.party(claim.party).name} claim")
    if claim.time is not None:
        part = next((name for name, minutes in DAY_PARTS.items() if minutes == claim.time), None)
        facts.append(part or f"{claim.time // 60:02d}:{claim.time % 60:02d}")
    if claim.after:
        facts.append("after " + ", ".join(dataset.source(dataset.claim(i).source).name for i in claim.after if i in dataset.claims_by_id))
    if claim.undated:
        facts.append("undated in the report, date inferred")
    return " · ".join(dict.fromkeys(facts))
