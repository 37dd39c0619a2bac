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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from core.model import DAY_PARTS, INDEPENDENT, RELIABILITY_LABELS, Claim, Dataset, Source
from core.places import through_place
from core.rules import CONSENSUS, DistrictState, Word, is_firm, is_weak, said_on

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


def _party_name(party: str | None, dataset: Dataset) -> str | None:
    return dataset.party(party).name if party is not None else None


def _claim_names(claims: Iterable[Claim], dataset: Dataset) -> str:
    return _names(list(dict.fromkeys(dataset.source(c.source).name for c in claims)))


def speakers(word: Word, dataset: Dataset) -> str:
    """Who spoke a word, e.g. "Witnesses speaking to AP and Anadolu Agency"."""
    return _claim_names(map(dataset.claim, word.claims), dataset)


def claim_kind(claim: Claim) -> tuple[str, str | None, bool]:
    """What one claim says: (status, the party it names or None, hedged); the page gets the same per claim."""
    party = claim.holder if claim.status == "held" else None if claim.status == "contested" else claim.party
    return claim.status, party, claim.hedged


def _what(status: str, party: str | None, hedged: bool, side: str, dataset: Dataset) -> str:
    """e.g. "held by Taliban", "contested", "its forces present, hedged", "denies Taliban control"."""
    says = WORDING["says"]
    if status == "present" and party == side:
        what = says["presentOwn"]
    elif party is None and status in WORDING["saysOfNoParty"]:
        what = WORDING["saysOfNoParty"][status]
    else:
        what = fill(says[status], party=str(_party_name(party, dataset)))
    return fill(WORDING["hedged"], what=what) if hedged else what


def what_word_says(word: Word, dataset: Dataset) -> str:
    """e.g. "held by Taliban", "contested", "Taliban forces present, hedged", "denies Taliban control"."""
    return _what(word.status, word.holder, word.hedged, word.side, dataset)


def _groups(claim_ids: Iterable[str], dataset: Dataset) -> list[tuple[tuple[str, str | None, bool], list[Claim]]]:
    """Claims grouped by what they say (:func:`claim_kind`), in the order each first appears."""
    groups: dict[tuple[str, str | None, bool], list[Claim]] = {}
    for claim in map(dataset.claim, claim_ids):
        groups.setdefault(claim_kind(claim), []).append(claim)
    return list(groups.items())


def _excerpt(claim: Claim) -> str:
    """The first :data:`REASON_WORDS` words of a quote, with " …" if cut ("" without a quote)."""
    quote = [w for w in _SPACES.split(claim.quote or "") if w]  # as the page's JS splits
    excerpt = " ".join(quote[:REASON_WORDS])
    return fill(WORDING["cut"], words=excerpt) if len(quote) > REASON_WORDS else excerpt


def _quote(claim: Claim) -> str:
    """': “first words …”' of a claim's quote, or nothing."""
    excerpt = _excerpt(claim)
    return fill(WORDING["quote"], excerpt=excerpt) if excerpt else ""


def _word_quote(word: Word, dataset: Dataset) -> str:
    return _quote(dataset.claim(word.claims[0]))


def why_not_confirmed(word: Word, dataset: Dataset) -> str:
    """Why a hedged word or a report of presence does not confirm, e.g. ' — hedged: “All still unconfirmed …”'."""
    if not is_weak(word):
        return ""
    kind = WORDING["weakKind"]["hedged" if word.hedged else "present"]
    return fill(WORDING["reason"], kind=kind, quote=_word_quote(word, dataset))


def _date(word: Word) -> str:
    return short_date(said_on(word))


def _notes_text(word: Word, dataset: Dataset) -> str:
    """', and denies Taliban control (Ahmad Massoud)' for each kind of the word's notes ("could not verify" aside)."""
    notes = [c for c in word.notes if dataset.claim(c).status != "unverified"]
    own = speakers(word, dataset)
    texts = []
    for kind, claims in _groups(notes, dataset):
        said_by, what = _claim_names(claims, dataset), _what(*kind, word.side, dataset)
        same = said_by == own
        texts.append(fill(WORDING["noteBySameSpeakers"], what=what) if same else fill(WORDING["note"], what=what, speakers=said_by))
    return "".join(texts)


def word_text(word: Word, dataset: Dataset) -> str:
    """A side's word and who said it, e.g. "Taliban: held by Taliban (Bilal Karimi, 5 Sep 2021)"; claims that differ,
    group by group: "Independent sources, who differ (6 Sep 2021): Anadolu — held by Taliban; Local stringer — contested"."""
    side, date = side_name(word.side, dataset), _date(word)
    groups = _groups(word.claims, dataset)
    if len(groups) == 1:
        ((kind, claims),) = groups
        text = fill(WORDING["word"], side=side, what=_what(*kind, word.side, dataset), speakers=_claim_names(claims, dataset), date=date)
    else:
        text = fill(WORDING["wordMixed"], side=side, date=date, groups=_group_lines(groups, word.side, dataset))
    return text + _notes_text(word, dataset)


def _group_lines(groups: list[tuple[tuple[str, str | None, bool], list[Claim]]], side: str, dataset: Dataset) -> str:
    return WORDING["semicolon"].join(
        fill(WORDING["group"], speakers=_claim_names(claims, dataset), what=_what(*kind, side, dataset)) for kind, claims in groups
    )


def _words(words: Iterable[Word], dataset: Dataset, *, quotes: bool = False) -> str:
    return WORDING["semicolon"].join(word_text(w, dataset) + (_word_quote(w, dataset) if quotes else "") for w in words)


def _tails(state: DistrictState, words: list[Word], shown: set[str], dataset: Dataset) -> str:
    """After a headline: ". Also: …" for each word that did not decide (and did not agree with the holder),
    saying when the same day's party word was not counted; ". X could not verify"."""
    also = _also(state, words, shown, dataset)
    unverified = _could_not_verify(words, shown, dataset)
    text = fill(WORDING["also"], words=WORDING["semicolon"].join(also)) if also else ""
    return text + (fill(WORDING["couldNotVerify"], speakers=_names(unverified)) if unverified else "")


def _also(state: DistrictState, words: list[Word], shown: set[str], dataset: Dataset) -> list[str]:
    independent = next((w for w in words if w.side == INDEPENDENT), None)
    standing = independent is not None and is_firm(independent) and bool(set(state.claims) & set(independent.claims))
    also = []
    for w in words:
        if w.side in shown or w.status == "unverified":
            continue
        if state.holder is not None and w.side == state.holder and w.status in ("held", "present") and w.holder == state.holder:
            continue  # the holder's own word, agreeing
        text = word_text(w, dataset)
        if standing and independent is not None and w.side != INDEPENDENT and said_on(w) == said_on(independent):
            text += WORDING["notCounted"]
        also.append(text)
    return also


def _could_not_verify(words: list[Word], shown: set[str], dataset: Dataset) -> list[str]:
    """Who could not verify: an unverified word's speakers, unless the headline is that word; every word's such notes."""
    names: list[str] = []
    for w in words:
        own = w.claims if w.status == "unverified" and w.side not in shown else ()
        for claim in map(dataset.claim, (*own, *w.notes)):
            name = dataset.source(claim.source).name
            if claim.status == "unverified" and name not in names:
                names.append(name)
    return names


def _before(state: DistrictState, words: list[Word], dataset: Dataset) -> tuple[str, set[str]]:
    """'. Before that: …': the firm independent word that later party words stand against (it decides nothing now)."""
    independent = next((w for w in words if w.side == INDEPENDENT), None)
    if independent is None or not is_firm(independent) or set(state.claims) & set(independent.claims):
        return "", set()
    return fill(WORDING["before"], word=word_text(independent, dataset)), {INDEPENDENT}


def _reporter(word: Word, holder: str, dataset: Dataset) -> str:
    """Who reports ``holder``'s forces present: its own account, another party, or independent reporters."""
    h = WORDING["headline"]
    values = {"speakers": speakers(word, dataset), "date": _date(word), "quote": _word_quote(word, dataset)}
    hedged = word.hedged
    if word.side == INDEPENDENT:
        return fill(h["reporterIndependent"], hedged=WORDING["hedgedMid"] if hedged else "", **values)
    suffix = WORDING["hedgedSuffix"] if hedged else ""
    if word.side == holder:
        return fill(h["reporterOwn"], hedged=suffix, **values)
    return fill(h["reporterParty"], side=side_name(word.side, dataset), hedged=suffix, **values)


def _frame(word: Word, dataset: Dataset, holder: str | None = None) -> str:
    """Whose account a side's word is: "by its own account (…)", "according to {side} (…)", "according to {speakers} (…)"."""
    h = WORDING["headline"]
    values = {"speakers": speakers(word, dataset), "date": _date(word)}
    if word.side == INDEPENDENT:
        return fill(h["frameIndependent"], **values)
    if holder is None or word.side == holder:
        return fill(h["frameOwn"], **values)
    return fill(h["frameOther"], side=side_name(word.side, dataset), **values)


def _contested(word: Word, dataset: Dataset) -> str:
    """ "Contested — according to …" for a word whose claims agree; who said what where they differ."""
    h = WORDING["headline"]
    groups = _groups(word.claims, dataset)
    if len(groups) == 1:
        return fill(h["contested"], frame=_frame(word, dataset), quote=_word_quote(word, dataset))
    sources = h["independentSources"] if word.side == INDEPENDENT else fill(h["sideSources"], side=side_name(word.side, dataset))
    return fill(h["contestedMixed"], sources=sources, date=_date(word), groups=_group_lines(groups, word.side, dataset))


def _statements(state: DistrictState, words: list[Word], dataset: Dataset) -> str:
    """No claim of control: the words that say so ("could not verify"), then the statements, newest first."""
    h = WORDING["headline"]
    said = deciding_claims(state, dataset)
    shown = said[: WORDING["maxStatements"]]
    items = WORDING["semicolon"].join(
        fill(h["statement"], source=dataset.source(c.source).name, date=short_date(c.date), quote=_quote(c)) for c in shown
    )
    if len(said) > len(shown):
        items += fill(h["moreStatements"], n=str(len(said) - len(shown)))
    if not words:
        return fill(h["statements"], items=items)
    return fill(h["statementsWithWords"], words=_words(words, dataset)) + (fill(h["statementsAfterWords"], items=items) if said else "")


def headline(state: DistrictState, dataset: Dataset, noun: str = "district", view: str = CONSENSUS, *, brief: bool = False) -> str:
    """One line that says what the state rests on, and who said what, e.g.
    "Taliban control — confirmed by Witnesses speaking to the Associated Press (6 Sep 2021). Also: …".

    ``noun`` is what the state is of: "district", or "place" for a place's state; ``view``
    the view it is in (a side's view words its one word from that side's standpoint).
    ``brief``: without what did not decide ("Also: …", who could not verify), for a quick look.
    """
    words = list({w.side: w for w in state.words}.values())
    if state.status == "unknown" or (view != CONSENSUS and not words and state.status != "statements"):
        return fill(WORDING["unknown"], noun=noun)
    if state.status == "statements":
        return _statements(state, words, dataset)
    if view != CONSENSUS:
        return _side_headline(state, words[0], dataset, brief)
    decided = set(state.claims)
    deciding = [w for w in words if decided.intersection(w.claims)]
    kind = state.status if state.holder is not None or state.status not in ("corroborated", "claimed") else state.status + "None"
    text, shown = _CONSENSUS[kind](state, words, deciding, dataset)
    return text if brief else text + _tails(state, words, shown, dataset)


Said = tuple[str, set[str]]  # a headline's main clause, and the sides whose words it has shown


def _confirmed(state: DistrictState, words: list[Word], deciding: list[Word], dataset: Dataset) -> Said:
    h, holder = WORDING["headline"], str(_party_name(state.holder, dataset))
    backers = [
        fill(h["backer"], speakers=speakers(w, dataset), date=_date(w))
        if w.side == INDEPENDENT
        else fill(h["concession"], side=side_name(w.side, dataset), speakers=speakers(w, dataset), date=_date(w))
        for w in deciding
        if w.side != state.holder
    ]
    if not backers:
        return fill(h["confirmed"], holder=holder), {w.side for w in deciding}
    return fill(h["confirmedBy"], holder=holder, backers=WORDING["semicolon"].join(backers)), {w.side for w in deciding}


def _corroborated(state: DistrictState, words: list[Word], deciding: list[Word], dataset: Dataset) -> Said:
    h = WORDING["headline"]
    support = next(w for w in deciding if w.side == INDEPENDENT)
    claimants = [side_name(w.side, dataset) for w in deciding if w.side != INDEPENDENT]
    values = {"speakers": speakers(support, dataset), "date": _date(support), "quote": _word_quote(support, dataset)}
    holder = str(_party_name(state.holder, dataset))
    if not claimants:
        return fill(h["reported"], holder=holder, **values), {w.side for w in deciding}
    kind = WORDING["weakKind"]["hedged" if support.hedged else "present"]
    text = fill(h["corroborated"], holder=holder, claimants=WORDING["and"].join(claimants), kind=kind, **values)
    return text, {w.side for w in deciding}


def _claimed(state: DistrictState, words: list[Word], deciding: list[Word], dataset: Dataset) -> Said:
    own = next((w for w in deciding if w.side == state.holder), deciding[0])
    hedged = WORDING["hedgedSuffix"] if own.hedged else ""
    holder = str(_party_name(state.holder, dataset))
    text = fill(WORDING["headline"]["claimed"], holder=holder, speakers=speakers(own, dataset), date=_date(own), hedged=hedged)
    return text, {w.side for w in deciding}


def _present(state: DistrictState, words: list[Word], deciding: list[Word], dataset: Dataset) -> Said:
    holder = str(state.holder)
    reporters = [w for w in words if w.status == "present" and w.holder == holder]
    reporters.sort(key=lambda w: (w.side != holder, w.side == INDEPENDENT))  # its own account, other parties, then independent
    lines = WORDING["semicolon"].join(_reporter(w, holder, dataset) for w in reporters)
    text = fill(WORDING["headline"]["present"], holder=str(_party_name(holder, dataset)), reporters=lines)
    before, more = _before(state, words, dataset)
    return text + before, {w.side for w in reporters} | more


def _contested_state(state: DistrictState, words: list[Word], deciding: list[Word], dataset: Dataset) -> Said:
    independent = next(w for w in deciding if w.side == INDEPENDENT)
    return _contested(independent, dataset) + _parties(deciding, dataset), {w.side for w in deciding}


def _parties(deciding: list[Word], dataset: Dataset) -> str:
    """'. The parties: …': the party words that decided beside an independent one."""
    parties = [w for w in deciding if w.side != INDEPENDENT]
    return fill(WORDING["parties"], words=_words(parties, dataset)) if parties else ""


def _corroborated_contested(state: DistrictState, words: list[Word], deciding: list[Word], dataset: Dataset) -> Said:
    independent = next(w for w in deciding if w.side == INDEPENDENT)
    h = WORDING["headline"]
    text = fill(h["corroboratedContested"], word=word_text(independent, dataset), reason=why_not_confirmed(independent, dataset))
    return text + _parties(deciding, dataset), {w.side for w in deciding}


def _claimed_contested(state: DistrictState, words: list[Word], deciding: list[Word], dataset: Dataset) -> Said:
    h = WORDING["headline"]
    if len(deciding) == 1:
        text = fill(h["claimedOne"], word=word_text(deciding[0], dataset), quote=_word_quote(deciding[0], dataset))
    else:
        text = fill(h["claimedMany"], words=_words(deciding, dataset))
    return text, {w.side for w in deciding}


def _denied(state: DistrictState, words: list[Word], deciding: list[Word], dataset: Dataset) -> Said:
    h, name = WORDING["headline"], _party_name(state.holder, dataset)
    said = _words(deciding, dataset, quotes=True)
    text = fill(h["denied"], holder=name, words=said) if name is not None else fill(h["deniedOfNoParty"], words=said)
    return text, {w.side for w in deciding}


def _disputed(state: DistrictState, words: list[Word], deciding: list[Word], dataset: Dataset) -> Said:
    before, more = _before(state, words, dataset)
    return fill(WORDING["headline"]["disputed"], words=_words(deciding, dataset)) + before, {w.side for w in deciding} | more


#: The consensus headline of each status ("None": without a holder).
_CONSENSUS = {
    "confirmed": _confirmed,
    "corroborated": _corroborated,
    "claimed": _claimed,
    "present": _present,
    "contested": _contested_state,
    "corroboratedNone": _corroborated_contested,
    "claimedNone": _claimed_contested,
    "disputed": _disputed,
    "denied": _denied,
}


def _side_headline(state: DistrictState, word: Word, dataset: Dataset, brief: bool) -> str:
    """A side's own view: its one word, from its standpoint, with its notes and who could not verify."""
    h = WORDING["headline"]
    status, holder = state.status, state.holder
    name = _party_name(holder, dataset)
    values = {"speakers": speakers(word, dataset), "date": _date(word), "quote": _word_quote(word, dataset)}
    if status == "held":
        text = fill(h["held"], holder=str(name), frame=_frame(word, dataset, holder))
    elif status == "hedged":
        text = fill(h["hedged"], holder=str(name), frame=_frame(word, dataset, holder), quote=values["quote"])
    elif status == "present" and holder is not None:
        text = fill(h["present"], holder=str(name), reporters=_reporter(word, holder, dataset))
    elif status == "contested":
        text = _contested(word, dataset)
    elif status == "denied":
        text = fill(h["sideDenied"], holder=name, **values) if name is not None else fill(h["sideDeniedOfNoParty"], **values)
    else:  # unverified
        text = fill(h["sideUnverified"], holder=name, **values) if name is not None else fill(h["sideUnverifiedOfNoParty"], **values)
    if brief:
        return text
    if status != "contested" or len(_groups(word.claims, dataset)) == 1:
        text += _notes_text(word, dataset)
    return text + _tails(state, [word], {word.side}, dataset)


def through_places(state: DistrictState, district_id: str, dataset: Dataset) -> str:
    """Why claims about a place bear on this district's state, e.g. "Through its district centre: …"; empty when none do.

    Nothing is inferred silently: a district coloured by what was said of its district
    centre says so (docs/rules.md, "Places").
    """
    gazetteer = dataset.gazetteer
    claim_ids = dict.fromkeys([*state.claims, *(c for w in state.words for c in (*w.claims, *w.notes))])
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
    ids = {i for w in state.words for i in w.notes}
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
