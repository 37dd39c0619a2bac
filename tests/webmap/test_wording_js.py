"""The page's words are Python's: :mod:`core.explain` against ``webmap/js/wording.js`` under Node.

Both read one table (:file:`core/wording.json`); the composition -- which words, in which
order, joined how -- is written in each language. This proves the two agree, without a
browser: Python writes the payload the page gets (:func:`webmap.timemap.time_payload`) and
what :mod:`core.explain` says of every change point of every district and place, Node
decodes the payload with the page's own parts and says it again (``tests/js/wording_cases.js``),
and the strings are compared: headline, deciding claims newest first, the district centre's
note, the date labels and the stale note. On the bundled data, generated claims (every status, with and
without the evidence fields, in every view), hostile text and dates in years 1, 21 and 9999.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from core.explain import day_label, deciding_claims, headline, stale_note, through_places
from core.rules import UNKNOWN, ComputedTimeline, Timeline
from geo import schematic
from tests.scenarios import claim
from webmap.timemap import time_payload
from yamldata.loader import load_dataset, load_gazetteer

REPO = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed (scripts/test.sh installs Debian's nodejs)")

HOSTILE = "{holder} $& $1 </script><script>window.__pwned=1</script> <b>bold</b>"
#: Every kind of white space the two splitters must agree on, slots and a replacement pattern, more than eight words.
SPACED = "\t{kind}\n\u2028 {excerpt}\u000b  $&\f one two three four five six seven eight"


def _said(state, dataset, noun: str, view: str, district: str | None = None) -> list:
    note = through_places(state, district, dataset) if district else ""
    said = [headline(state, dataset, noun, view), [c.id for c in deciding_claims(state, dataset)], note or None]
    return [*said, headline(state, dataset, noun, view, brief=True)]


def _case(timeline: Timeline, view: str) -> tuple[dict, dict]:
    """The payload of ``view`` and what Python says of each of its change points."""
    dataset = timeline.dataset
    boundaries = schematic(dataset.gazetteer, ["test shapes"])
    ids = [row.id for row in boundaries.districts.itertuples()]
    payload = time_payload(timeline, boundaries, dataset.dates[-1], view)
    start = dt.date.fromisoformat(payload["start"])
    change_days = sorted({day for unit in [*ids, *(p.id for p in dataset.gazetteer.places)] for day, _ in timeline.changes(unit, view)})
    labels = sorted({start, start + dt.timedelta(days=payload["days"] - 1), *change_days})
    expected = {
        "before": _said(UNKNOWN, dataset, "district", view),
        "districts": [[_said(state, dataset, "district", view, d) for _, state in timeline.changes(d, view)] for d in ids],
        "places": [[_said(state, dataset, "place", view) for _, state in timeline.changes(p.id, view)] for p in dataset.gazetteer.places],
        "dayLabels": [day_label(day) for day in labels],
        "staleNote": stale_note(40),
    }
    return {"payload": payload, "dayLabels": [day.isoformat() for day in labels]}, expected


def _views(dataset) -> list[str]:
    return ["consensus", "independent", *(p.id for p in dataset.parties)]


def _generated(tmp_path: Path, evidence: bool):
    from benchmarks.generate import write_claims

    claims = write_claims(tmp_path / f"claims-{evidence}.yaml", load_gazetteer(REPO / "districts.yaml"), 400, seed=7, evidence=evidence)
    return load_dataset(REPO / "districts.yaml", claims)


def _hostile(tmp_path: Path):
    """Markup, template slots and replacement patterns in every name and quote; claims in years 1, 21 and 9999."""
    districts = {
        "region": "Test {{ 6*7 }} land",
        "districts": [
            {"id": "north", "name": f"North {HOSTILE}", "seat": {"lat": 35.5, "lon": 69.5}},
            {"id": "south", "name": "South", "seat": {"lat": 35.0, "lon": 69.5}},
            {"id": "east", "name": "East", "seat": {"lat": 35.2, "lon": 70.0}},
        ],
    }
    claims = {
        "parties": [
            {"id": "red", "name": f"Red {HOSTILE}", "color": "#d55e00"},
            {"id": "blue", "name": "Blue {support}", "color": "#0072b2"},
        ],
        "sources": [
            {"id": "red-spox", "name": "Red {speakers} $'", "party": "red", "role": HOSTILE},
            {"id": "blue-spox", "name": "Blue $` spokesman", "party": "blue"},
            {"id": "wire", "name": "Wire {date}", "role": "news agency"},
            {"id": "ngo", "name": "Aid {what} group"},
        ],
        "claims": [
            claim("y1", "0001-01-01", "red-spox", ["South"], holder="red", quote=HOSTILE),
            claim("y21", "0021-09-05", "blue-spox", ["South"], holder="blue"),
            claim("c1", "2021-09-01", "red-spox", ["North"], holder="red", quote=HOSTILE),
            claim("c2", "2021-09-03", "blue-spox", ["East"], holder="blue", quote="<img src=x>"),
            claim("c3", "2021-09-05", "wire", ["East", f"North {HOSTILE}"], status="contested", quote=SPACED),
            claim("c4", "2021-09-05", "ngo", ["South"], status="present", party="blue", quote="$&"),
            claim("c5", "2021-09-06", "wire", ["North"], holder="red", certainty="hedged", quote="{word}"),
            claim("y9999", "9999-12-31", "wire", ["East"], holder="blue", quote="far"),
        ],
    }
    (tmp_path / "districts.yaml").write_text(yaml.safe_dump(districts, allow_unicode=True), encoding="utf-8")
    (tmp_path / "claims.yaml").write_text(yaml.safe_dump(claims, allow_unicode=True), encoding="utf-8")
    return load_dataset(tmp_path / "districts.yaml", tmp_path / "claims.yaml")


def _situations(tmp_path: Path):
    """Every situation of rule 9 (tests/core/test_literal_states.py), one district each."""
    from tests.core.test_literal_states import SITUATIONS, _districts
    from tests.scenarios import Files

    files = Files(tmp_path / "situations")
    files.root.mkdir()
    claims = [{**c, "districts": [name.upper()]} for name, (said, _) in SITUATIONS.items() for c in said]
    files.write(claims, districts=_districts(SITUATIONS))
    return files.dataset()


def test_the_page_says_what_core_explain_says(tmp_path):
    datasets = {
        "bundled": load_dataset(REPO / "districts.yaml", REPO / "claims.yaml"),
        "situations": _situations(tmp_path),
        "generated": _generated(tmp_path, evidence=False),
        "generated with evidence": _generated(tmp_path, evidence=True),
        "hostile": _hostile(tmp_path),
    }
    names, cases, wanted = [], [], []
    for name, dataset in datasets.items():
        timeline = ComputedTimeline(dataset)
        for view in _views(dataset):
            case, expected = _case(timeline, view)
            names.append(f"{name}, {view}")
            cases.append(case)
            wanted.append(expected)
    (tmp_path / "cases.json").write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    script = REPO / "tests" / "js" / "wording_cases.js"
    result = subprocess.run([NODE, str(script), str(tmp_path / "cases.json")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    checked = 0
    for name, got, want in zip(names, shown, wanted, strict=True):
        assert got["before"] == want["before"], name
        assert got["dayLabels"] == want["dayLabels"], name
        assert got["staleNote"] == want["staleNote"] == "Drawn faded: its newest deciding claim is 40 days old.", name
        for kind in ("districts", "places"):
            for index, (page, python) in enumerate(zip(got[kind], want[kind], strict=True)):
                assert page == python, f"{name}: {kind} {index}"
                checked += len(python)
    # A real mix: hundreds of change points, every kind of state the rules make.
    timelines = {name: ComputedTimeline(d) for name, d in datasets.items()}
    statuses = {s.status for n, d in datasets.items() for u in d.gazetteer.ids for v in _views(d) for _, s in timelines[n].changes(u, v)}
    assert checked > 1000 and statuses >= {"confirmed", "claimed", "corroborated", "contested", "disputed", "held", "hedged", "present"}
    assert statuses >= {"denied", "unverified", "statements"}  # rule 9's states too
    assert any("0021" in label for case in wanted for label in case["dayLabels"])
