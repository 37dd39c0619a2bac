"""Plain-words explanations of a district's state: why it has its colour.

Returns plain text (never HTML); the app and the exports escape it where they render.
``webmap/timemap.js`` writes the same headline in the browser: keep the two in step
(a browser test compares them on generated, bundled and hostile data).
"""

from __future__ import annotations

import re

from core.model import DAY_PARTS, INDEPENDENT, RELIABILITY_LABELS, Claim, Dataset, Source
from core.places import through_place
from core.rules import DistrictState, Word, is_weak, said_on

#: Words of a quote shown as the reason a hedged word or a report of presence did not confirm.
REASON_WORDS = 8
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # the same class as /[ \t\n\r\f\v]+/ in webmap/timemap.js


def side_name(side: str, dataset: Dataset) -> str:
    return "Independent sources" if side == INDEPENDENT else dataset.party(side).name


def speakers(word: Word, dataset: Dataset) -> str:
    """Who spoke a word, e.g. "Witnesses speaking to AP and Anadolu Agency"."""
    names = list(dict.fromkeys(dataset.source(dataset.claim(i).source).name for i in word.claims))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def what_word_says(word: Word, dataset: Dataset) -> str:
    """e.g. "held by Taliban", "contested", "Taliban forces present, hedged", "denies Taliban control"."""
    party = dataset.party(word.holder).name if word.holder is not None else None
    if word.status == "held":
        what = f"held by {party}"
    elif word.status == "contested":
        what = "contested"
    elif word.status == "present":
        what = f"{party} forces present"
    elif word.status == "denied":
        what = f"denies {party} control" if party else "denies the claims of control"
    else:
        what = f"could not verify the {party} claim" if party else "could not verify the claims"
    return what + (", hedged" if getattr(word, "hedged", False) else "")


def why_not_confirmed(word: Word, dataset: Dataset) -> str:
    """Why a hedged word or a report of presence does not confirm, e.g. ' — hedged: “All still unconfirmed …”'."""
    if not is_weak(word):
        return ""
    kind = "hedged" if getattr(word, "hedged", False) else "presence, not control"
    quote = [w for w in _SPACES.split(dataset.claim(word.claims[0]).quote or "") if w]  # as the page's JS splits
    excerpt = " ".join(quote[:REASON_WORDS]) + (" …" if len(quote) > REASON_WORDS else "")
    return f" — {kind}: “{excerpt}”" if excerpt else f" — {kind}"


def word_text(word: Word, dataset: Dataset) -> str:
    """e.g. "Taliban: held by Taliban (Bilal Karimi, 5 Sep 2021)"."""
    what = what_word_says(word, dataset)
    day = said_on(word)
    return f"{side_name(word.side, dataset)}: {what} ({speakers(word, dataset)}, {day.day} {day:%b %Y})"


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
        text += "; " + " and ".join(objectors) + (" dispute" if len(objectors) > 1 else " disputes")
    if unverified:
        text += "; " + " and ".join(unverified) + " could not verify"
    return text


def headline(state: DistrictState, dataset: Dataset, noun: str = "district") -> str:
    """One line, e.g. "Taliban control — confirmed by Witnesses speaking to AP; National Resistance Front disputes".

    ``noun`` is what the state is of: "district", or "place" for a place's state.
    """
    words = list({w.side: w for w in state.words}.values())
    decided = set(state.claims)
    if state.status == "unknown":
        if words:
            return "No claim of control. " + "; ".join(word_text(w, dataset) for w in words)
        return f"No information: no source has spoken about this {noun} yet"
    if state.status in ("hedged", "present", "denied", "unverified"):  # a side's own view
        return "; ".join(word_text(w, dataset) + why_not_confirmed(w, dataset) for w in words)
    if state.holder is not None:
        holder = dataset.party(state.holder).name
        if state.status in ("confirmed", "held"):
            verb = "confirmed" if state.status == "confirmed" else "by its own account"
            backers = [w for w in words if w.side != state.holder and set(w.claims) & decided]
            text = f"{holder} control — {verb}"
            if state.status == "confirmed" and backers:
                text += " by " + "; ".join(speakers(w, dataset) for w in backers)
        elif state.status == "corroborated":
            deciding = [w for w in words if set(w.claims) & decided]
            claimants = [side_name(w.side, dataset) for w in deciding if w.side != INDEPENDENT]
            support = "; ".join(speakers(w, dataset) + why_not_confirmed(w, dataset) for w in deciding if w.side == INDEPENDENT)
            if claimants:
                text = f"{holder} control — claimed by {' and '.join(claimants)}, partly corroborated by {support}; unconfirmed"
            else:
                text = f"{holder} control — reported by {support}; unconfirmed"
        else:
            text = f"{holder} control — claimed by {holder}, unconfirmed"
        return text + _others(words, decided, state.holder, dataset)
    label = {
        "contested": "Contested",
        "disputed": "Disputed — the claims contradict",
        "corroborated": "Contested — partly corroborated, unconfirmed",
    }.get(state.status, state.status)
    text = f"{label}. " + "; ".join(word_text(w, dataset) + why_not_confirmed(w, dataset) for w in words if set(w.claims) & decided)
    aside = [w for w in words if not set(w.claims) & decided and (is_weak(w) or w.status in ("denied", "unverified"))]
    if aside:
        text += ". Not decisive: " + "; ".join(word_text(w, dataset) + why_not_confirmed(w, dataset) for w in aside)
    return text


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
    district = gazetteer.by_id(district_id).name
    return f"Through its district centre: what was said about {' and '.join(names)} counts for {district}."


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
