"""How a claim about a place bears on its district (docs/rules.md, "Places").

A place has its own state, by the same rules as a district. Only a district centre
speaks for its district: whoever holds, contests or is present at the centre is, in the
convention of district-control maps, a word about the district. A pass, a village, a
compound or a base does not: fighting in a pass says nothing of who controls the valley
below it. A claim that should count for the district names the district itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.model import Claim, Gazetteer, Place

KIND_LABELS = {
    "pass": "pass",
    "area": "area",
    "village": "village",
    "town": "town",
    "district_centre": "district centre",
    "compound": "compound",
    "base": "base",
}
#: Kinds whose claims count as a word about the district the place lies in.
SPEAKS_FOR_DISTRICT = frozenset({"district_centre"})


def speaks_for_district(place: Place) -> bool:
    return place.kind in SPEAKS_FOR_DISTRICT and place.district is not None


def districts_through(place_ids: Iterable[str], gazetteer: Gazetteer) -> tuple[str, ...]:
    """The districts a claim reaches through the places it names (their district centres)."""
    found = (gazetteer.place(p) for p in place_ids)
    return tuple(dict.fromkeys(p.district for p in found if speaks_for_district(p)))  # type: ignore[misc]


def through_place(claim: Claim, district_id: str, gazetteer: Gazetteer) -> Place | None:
    """The district centre by which ``claim`` bears on ``district_id``, when it does not name the district itself."""
    if claim.covers_all or any(getattr(gazetteer.lookup(r), "id", None) == district_id for r in claim.district_refs):
        return None
    for place_id in claim.places:
        place = gazetteer.place(place_id)
        if speaks_for_district(place) and place.district == district_id:
            return place
    return None


def places_in(district_id: str, gazetteer: Gazetteer, located: dict[str, str] | None = None) -> list[Place]:
    """The places in a district: by the file's ``district``, else by ``located`` (point-in-polygon)."""
    located = located or {}
    return [p for p in gazetteer.places if (p.district or located.get(p.id)) == district_id]


def claim_where(claim: Claim, gazetteer: Gazetteer) -> str:
    """What a claim is about, in words: "all districts", "Khinj, Unaba", "Khawak pass, Dasht-e Rewat",
    "Rukha district centre (counts for Rukha)"."""
    if claim.covers_all:
        names = ["all districts"]
    else:
        names = [gazetteer.by_id(d).name for d in claim.districts if through_place(claim, d, gazetteer) is None]
    names += [gazetteer.place(p).name for p in claim.places]
    through = [gazetteer.by_id(d).name for d in claim.districts if not claim.covers_all and through_place(claim, d, gazetteer)]
    return ", ".join(names) + (f" (counts for {', '.join(through)})" if through else "")


def kind_label(place: Place) -> str:
    return KIND_LABELS.get(place.kind, place.kind)


def place_line(place: Place, gazetteer: Gazetteer, district_id: str | None = None) -> str:
    """What and where a place is, e.g. "pass in Paryan · position approximate"; ``district_id`` as located when the file gives none."""
    district = place.district or district_id
    text = kind_label(place) + (f" in {gazetteer.by_id(district).name}" if district else "")
    if place.approximate:
        text += " · position approximate"
    if speaks_for_district(place):
        text += f" · its claims count for {gazetteer.by_id(place.district).name}"  # type: ignore[arg-type]
    return text
