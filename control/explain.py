"""Plain-words explanations of a district's state: why it has its colour.

Returns plain text (never HTML); the app and the exports escape it where they render.
"""

from __future__ import annotations

from control.model import INDEPENDENT, Claim, Dataset
from control.rules import DistrictState, Word


def side_name(side: str, dataset: Dataset) -> str:
    return "Independent sources" if side == INDEPENDENT else dataset.party(side).name


def speakers(word: Word, dataset: Dataset) -> str:
    """Who spoke a word, e.g. "Witnesses speaking to AP and Anadolu Agency"."""
    names = list(dict.fromkeys(dataset.source(dataset.claim(i).source).name for i in word.claims))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def word_text(word: Word, dataset: Dataset) -> str:
    """e.g. "Taliban: held by Taliban (Bilal Karimi, 5 Sep 2021)"."""
    what = f"held by {dataset.party(word.holder).name}" if word.status == "held" else "contested"
    return f"{side_name(word.side, dataset)}: {what} ({speakers(word, dataset)}, {word.date.day} {word.date:%b %Y})"


def headline(state: DistrictState, dataset: Dataset) -> str:
    """One line, e.g. "Taliban control — confirmed by Witnesses speaking to AP; National Resistance Front disputes"."""
    words = {w.side: w for w in state.words}
    decided = set(state.claims)
    if state.status == "unknown":
        return "No information: no source has spoken about this district yet"
    if state.holder is not None:
        holder = dataset.party(state.holder).name
        if state.status in ("confirmed", "held"):
            verb = "confirmed" if state.status == "confirmed" else "by its own account"
            backers = [w for w in words.values() if w.side != state.holder and set(w.claims) & decided]
            text = f"{holder} control — {verb}"
            if state.status == "confirmed" and backers:
                text += " by " + "; ".join(speakers(w, dataset) for w in backers)
        else:
            text = f"{holder} control — claimed by {holder}, unconfirmed"
        objectors = [
            side_name(w.side, dataset)
            for w in words.values()
            if (w.status != "held" or w.holder != state.holder) and w.side != state.holder
        ]
        if objectors:
            text += "; " + " and ".join(objectors) + (" dispute" if len(objectors) > 1 else " disputes")
        return text
    label = {"contested": "Contested", "disputed": "Disputed — the claims contradict"}.get(state.status, state.status)
    return f"{label}. " + "; ".join(word_text(w, dataset) for w in words.values() if set(w.claims) & decided)


def deciding_claims(state: DistrictState, dataset: Dataset) -> list[Claim]:
    """The claims behind a state, newest first."""
    return sorted((dataset.claim(i) for i in state.claims), key=lambda c: (c.date, c.id), reverse=True)
