"""Small hand-written scenarios: a three-district gazetteer and claims built per test.

Two ways to the same scenario: :class:`Scenario` builds the model objects in memory
(the rules' tests: no file, no parser, no validator), :class:`Files` writes the YAML
files a user would (the data layer's tests: the ``files`` fixture).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import yaml

from core.model import DAY_PARTS, Claim, Dataset, District, Gazetteer, Party, Place, Seat, Settings, Source
from core.names import normalize_name
from core.places import districts_through

DISTRICTS = {
    "region": "Testland",
    "districts": [
        {"id": "north", "name": "North", "aliases": ["Nórth-Side", "Shamal"], "seat": {"lat": 35.5, "lon": 69.5}},
        {"id": "south", "name": "South", "aliases": ["Jonub"], "seat": {"lat": 35.0, "lon": 69.5}},
        {"id": "east", "name": "East", "aliases": ["O'Sharq"], "seat": {"lat": 35.2, "lon": 70.0}},
    ],
}
PARTIES = [{"id": "red", "name": "Red Army", "color": "#d55e00"}, {"id": "blue", "name": "Blue Front", "color": "#0072b2"}]
SOURCES = [
    {"id": "red-spox", "name": "Red spokesman", "party": "red"},
    {"id": "blue-spox", "name": "Blue spokesman", "party": "blue"},
    {"id": "wire", "name": "Wire service", "role": "news agency"},
    {"id": "ngo", "name": "Aid group"},
]


def claim(cid: str, date: str, source: str, districts, status: str = "held", holder: str | None = None, **extra) -> dict:
    entry = {"id": cid, "date": date, "source": source, "status": status, "quote": f"quote of {cid}"}
    if districts is not None:
        entry["districts"] = districts
    if holder is not None:
        entry["holder"] = holder
    entry.update(extra)
    return entry


class Scenario:
    """The scenario as model objects, built in memory: what the rules get from a valid file."""

    def __init__(self) -> None:
        self.write()

    def write(self, claims: list[dict] | None = None, *, districts=None, parties=None, sources=None, settings=None) -> Scenario:
        self._dataset = dataset_of(claims or [], districts or DISTRICTS, parties or PARTIES, sources or SOURCES, settings or {})
        return self

    def dataset(self) -> Dataset:
        return self._dataset

    def timeline(self):
        from core.rules import ComputedTimeline

        return ComputedTimeline(self._dataset)


def dataset_of(claims: list[dict], districts: dict, parties: list[dict], sources: list[dict], settings: dict) -> Dataset:
    """The :class:`~core.model.Dataset` the loader would make of these entries (which must be valid)."""
    plain = [District(d["id"], d["name"], tuple(d.get("aliases", ())), seat=_seat(d.get("seat"))) for d in districts["districts"]]
    lookup = Gazetteer("", tuple(plain)).lookup
    places = tuple(
        Place(p["id"], p["name"], p["kind"], _seat(p["point"]), lookup(p["district"]).id if p.get("district") else None,  # type: ignore[union-attr]
              tuple(p.get("aliases", ())), p.get("approximate", False))
        for p in districts.get("places") or ()
    )  # fmt: skip
    gazetteer = Gazetteer(districts.get("region", ""), tuple(plain), places=places)
    return Dataset(
        gazetteer,
        tuple(Party(p["id"], p["name"], p["color"]) for p in parties),
        tuple(Source(s["id"], s["name"], s.get("role"), s.get("party"), reliability=s.get("reliability", "F")) for s in sources),
        tuple(_claim(c, gazetteer) for c in claims),
        settings=Settings(**settings),
    )


def _seat(point: dict | None) -> Seat | None:
    return Seat(float(point["lat"]), float(point["lon"])) if point else None


def _claim(entry: dict, gazetteer: Gazetteer) -> Claim:
    raw = entry.get("districts")
    refs = () if raw is None else (raw,) if isinstance(raw, str) else tuple(raw)
    covers_all = any(normalize_name(r) == "all" for r in refs)
    ids = gazetteer.ids if covers_all else tuple(dict.fromkeys(gazetteer.lookup(r).id for r in refs))  # type: ignore[union-attr]
    place_refs = tuple(entry.get("places") or ())
    places = tuple(dict.fromkeys(gazetteer.lookup_place(r).id for r in place_refs))  # type: ignore[union-attr]
    if places and not covers_all:
        ids = tuple(dict.fromkeys(ids + districts_through(places, gazetteer)))
    time = entry.get("time")
    minutes = None if time is None else DAY_PARTS.get(time) or int(time[:2]) * 60 + int(time[3:])
    after = entry.get("after") or ()
    return Claim(
        id=entry["id"], date=dt.date.fromisoformat(entry["date"]), source=entry["source"], status=entry["status"], districts=ids,
        holder=entry.get("holder"), quote=entry.get("quote"), covers_all=covers_all, district_refs=refs, party=entry.get("party"),
        hedged=entry.get("certainty") == "hedged", time=minutes, after=(after,) if isinstance(after, str) else tuple(after),
        undated=bool(entry.get("undated")), places=places, place_refs=place_refs,
    )  # fmt: skip


class Files:
    def __init__(self, root: Path):
        self.root = root
        self.districts = root / "districts.yaml"
        self.claims = root / "claims.yaml"

    def write(self, claims: list[dict] | None = None, *, districts: dict | None = None, parties=None, sources=None) -> Files:
        self.districts.write_text(yaml.safe_dump(districts or DISTRICTS, allow_unicode=True, sort_keys=False), encoding="utf-8")
        doc = {"parties": parties or PARTIES, "sources": sources or SOURCES, "claims": claims or []}
        self.claims.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return self

    def write_claims_text(self, text: str) -> Files:
        self.claims.write_text(textwrap.dedent(text), encoding="utf-8")
        return self

    def dataset(self):
        from yamldata.loader import load_dataset

        return load_dataset(self.districts, self.claims)

    def timeline(self):
        from core.rules import ComputedTimeline

        return ComputedTimeline(self.dataset())
