"""Small hand-written scenarios: a three-district gazetteer and claims built per test (the ``files`` fixture)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

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
        from core.rules import Timeline

        return Timeline(self.dataset())
