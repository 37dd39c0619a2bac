"""schemas/*.schema.json and yamldata/validate.py must agree.

Every valid fixture passes both; every invalid fixture (one per kind of mistake a schema
can express) fails both. What a schema cannot know is listed in VALIDATOR_ONLY and
checked to be accepted by the schema and rejected by the validator, so a change to
either side that makes them drift apart fails here.

Documented exceptions (the validator has the final word):

* validator only — unknown district names, unknown source ids, unknown party ids
  (holder, a source's party, an acled rule's party), duplicate ids, two districts
  sharing a spelling, real calendar dates (the schema's ``format: date`` is only an
  annotation in draft 2020-12), and YAML 1.1 booleans such as ``name: yes`` (PyYAML,
  hence the validator, reads true/false; editors read YAML 1.2, where it is text).
* schema stricter — ``districts: <one name>`` as a bare string: the validator reads it
  as a one-item list, the schema (like the documented format) wants a list or ``all``.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

jsonschema = pytest.importorskip("jsonschema")

from core.errors import ValidationError  # noqa: E402
from core.model import STATUSES  # noqa: E402
from tests.scenarios import DISTRICTS, PARTIES, SOURCES, claim  # noqa: E402
from yamldata.loader import load_dataset  # noqa: E402
from yamldata.validate import (  # noqa: E402
    ACLED_ACTOR_FIELDS,
    ACLED_FIELDS,
    BOUNDARY_FIELDS,
    CLAIM_FIELDS,
    CLAIMS_FIELDS,
    COLOR,
    DISTRICT_FIELDS,
    GAZETTEER_FIELDS,
    MAX_QUOTE,
    PARTY_FIELDS,
    RESERVED_SIDES,
    SLUG,
    SOURCE_FIELDS,
)

REPO = Path(__file__).resolve().parents[2]


class _Yaml12Loader(yaml.SafeLoader):
    """Reads dates as text, as editors (YAML 1.2, yaml-language-server) do."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema(name: str) -> jsonschema.Draft202012Validator:
    document = json.loads((REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document)


DISTRICTS_SCHEMA = schema("districts")
CLAIMS_SCHEMA = schema("claims")


def schema_errors(validator, text: str) -> list[str]:
    return [e.message for e in validator.iter_errors(yaml.load(text, Loader=_Yaml12Loader))]


def dump(doc: dict) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def validator_errors(tmp_path: Path, districts: dict, claims: dict) -> list[str]:
    (tmp_path / "districts.yaml").write_text(dump(districts), encoding="utf-8")
    (tmp_path / "claims.yaml").write_text(dump(claims), encoding="utf-8")
    try:
        load_dataset(tmp_path / "districts.yaml", tmp_path / "claims.yaml")
    except ValidationError as exc:
        return [str(p) for p in exc.problems]
    return []


ACLED = {"actors": [{"match": "Red", "party": "red"}], "source_prefix": "acled"}


def base_claims() -> dict:
    return {
        "parties": copy.deepcopy(PARTIES),
        "sources": [*copy.deepcopy(SOURCES), {"id": "site", "name": "Site", "url": "https://example.org/a?b=1"}],
        "claims": [
            claim("c1", "2021-09-05", "red-spox", ["North", "Jonub"], holder="red", url="http://example.org"),
            claim("c2", "2021-09-05", "wire", "all", status="contested", reported_by="AP", report="Headline"),
            claim("c3", "2021-09-06", "ngo", None, status="statement"),
        ],
        "acled": copy.deepcopy(ACLED),
    }


def base_districts() -> dict:
    districts = copy.deepcopy(DISTRICTS)
    districts["districts"][2]["aliases"].append(42)  # a number is a spelling too
    districts["boundaries"] = {"url": "https://example.org/b.geojson", "name_field": "shapeName", "expected_features": 3}
    return districts


def _claim(doc, i=0):
    return doc["claims"][i]


VALID_CLAIMS = {
    "base": lambda d: None,
    "no claims": lambda d: d.update(claims=[]),
    "statement with null holder and districts": lambda d: _claim(d, 2).update(holder=None, districts=None),
    "statement without quote": lambda d: _claim(d, 2).pop("quote"),
    "numbers as text": lambda d: d["sources"][0].update(name=2021, role=7),
    "district named by a number": lambda d: _claim(d).update(districts=[42]),
    "acled null": lambda d: d.update(acled=None),
    "acled without prefix": lambda d: d["acled"].pop("source_prefix"),
    "no acled": lambda d: d.pop("acled"),
    "ALL in capitals": lambda d: _claim(d, 1).update(districts="ALL"),
    "short colour": lambda d: d["parties"][0].update(color="#606"),
    "quote at the limit": lambda d: _claim(d).update(quote="x" * MAX_QUOTE),
}
VALID_DISTRICTS = {
    "base": lambda d: None,
    "no boundaries, no region": lambda d: (d.pop("boundaries"), d.pop("region")),
    "null seat and aliases": lambda d: d["districts"][0].update(seat=None, aliases=None),
    "extra spellings": lambda d: d["districts"][0].update(name_local="شمال", code="AF0101", aliases=["N", 7]),
}


@pytest.mark.parametrize("name", VALID_CLAIMS)
def test_valid_claims_pass_both(tmp_path, name):
    doc = base_claims()
    VALID_CLAIMS[name](doc)
    assert schema_errors(CLAIMS_SCHEMA, dump(doc)) == []
    assert validator_errors(tmp_path, base_districts(), doc) == []


@pytest.mark.parametrize("name", VALID_DISTRICTS)
def test_valid_districts_pass_both(tmp_path, name):
    doc = base_districts()
    VALID_DISTRICTS[name](doc)
    assert schema_errors(DISTRICTS_SCHEMA, dump(doc)) == []
    assert validator_errors(tmp_path, doc, base_claims()) == []


INVALID_CLAIMS = {
    "unknown top-level field": lambda d: d.update(claimz=[]),
    "unknown claim field": lambda d: _claim(d).update(qoute="x"),
    "unknown source field": lambda d: d["sources"][0].update(side="red"),
    "unknown party field": lambda d: d["parties"][0].update(colour="#fff"),
    "bad status": lambda d: _claim(d).update(status="captured"),
    "held without holder": lambda d: _claim(d).pop("holder"),
    "holder on contested": lambda d: _claim(d, 1).update(holder="red"),
    "holder on statement": lambda d: _claim(d, 2).update(holder="red"),
    "held without districts": lambda d: _claim(d).pop("districts"),
    "contested without quote": lambda d: _claim(d, 1).pop("quote"),
    "empty districts list": lambda d: _claim(d).update(districts=[]),
    "quote too long": lambda d: _claim(d).update(quote="x" * (MAX_QUOTE + 1)),
    "date with slashes": lambda d: _claim(d).update(date="05/09/2021"),
    "date without padding": lambda d: _claim(d).update(date="2021-9-5"),
    "date with a time": lambda d: _claim(d).update(date="2021-09-05 10:00"),
    "no date": lambda d: _claim(d).pop("date"),
    "url scheme ftp": lambda d: _claim(d).update(url="ftp://example.org/x"),
    "url javascript": lambda d: d["sources"][-1].update(url="javascript:alert(1)"),
    "url with a space": lambda d: _claim(d).update(url="https://example.org/a b"),
    "colour by name": lambda d: d["parties"][0].update(color="red"),
    "colour of five digits": lambda d: d["parties"][0].update(color="#12345"),
    "claim id with spaces": lambda d: _claim(d).update(id="Claim One"),
    "source id with a slash": lambda d: d["sources"][0].update(id="red/spox"),
    "reserved party id": lambda d: d["parties"][0].update(id="consensus"),
    "party without colour": lambda d: d["parties"][0].pop("color"),
    "source without name": lambda d: d["sources"][0].pop("name"),
    "empty source": lambda d: _claim(d).update(source=""),
    "parties as a mapping": lambda d: d.update(parties={"red": "Red"}),
    "claims missing": lambda d: d.pop("claims"),
    "claim as text": lambda d: d["claims"].append("c4"),
    "districts as a number": lambda d: _claim(d).update(districts=5),
    "district as true": lambda d: _claim(d).update(districts=[True]),
    "quote as a list": lambda d: _claim(d).update(quote=["a", "b"]),
    "name as true/false": lambda d: d["sources"][0].update(name=True),
    "acled unknown field": lambda d: d["acled"].update(prefix="x"),
    "acled as a list": lambda d: d.update(acled=["Taliban"]),
    "acled without actors": lambda d: d["acled"].pop("actors"),
    "acled rule without party": lambda d: d["acled"]["actors"][0].pop("party"),
    "acled rule unknown field": lambda d: d["acled"]["actors"][0].update(regex="x"),
    "acled rule empty match": lambda d: d["acled"]["actors"][0].update(match=" "),
    "acled bad prefix": lambda d: d["acled"].update(source_prefix="ACLED data"),
}
INVALID_DISTRICTS = {
    "unknown top-level field": lambda d: d.update(province="Testland"),
    "unknown district field": lambda d: d["districts"][0].update(nmae="North"),
    "unknown boundaries field": lambda d: d["boundaries"].update(layer="adm2"),
    "district id in capitals": lambda d: d["districts"][0].update(id="North"),
    "district without name": lambda d: d["districts"][0].pop("name"),
    "no districts": lambda d: d.pop("districts"),
    "empty districts": lambda d: d.update(districts=[]),
    "seat latitude out of range": lambda d: d["districts"][0]["seat"].update(lat=95),
    "seat as text": lambda d: d["districts"][0].update(seat="35.5, 69.5"),
    "seat without lon": lambda d: d["districts"][0]["seat"].pop("lon"),
    "seat with alt": lambda d: d["districts"][0]["seat"].update(alt=2000),
    "aliases as text": lambda d: d["districts"][0].update(aliases="Shamal"),
    "empty alias": lambda d: d["districts"][0].update(aliases=[""]),
    "boundaries url ftp": lambda d: d["boundaries"].update(url="ftp://example.org/b.zip"),
    "expected_features zero": lambda d: d["boundaries"].update(expected_features=0),
    "expected_features as text": lambda d: d["boundaries"].update(expected_features="398"),
    "districts as a mapping": lambda d: d.update(districts={"north": "North"}),
}


@pytest.mark.parametrize("name", INVALID_CLAIMS)
def test_invalid_claims_fail_both(tmp_path, name):
    doc = base_claims()
    INVALID_CLAIMS[name](doc)
    assert schema_errors(CLAIMS_SCHEMA, dump(doc)), "the schema accepts it"
    assert validator_errors(tmp_path, base_districts(), doc), "the validator accepts it"


@pytest.mark.parametrize("name", INVALID_DISTRICTS)
def test_invalid_districts_fail_both(tmp_path, name):
    doc = base_districts()
    INVALID_DISTRICTS[name](doc)
    assert schema_errors(DISTRICTS_SCHEMA, dump(doc)), "the schema accepts it"
    assert validator_errors(tmp_path, doc, base_claims()), "the validator accepts it"


# What a schema cannot check: the schema accepts these, the validator rejects them.
VALIDATOR_ONLY_CLAIMS = {
    "unknown district name": lambda d: _claim(d).update(districts=["Atlantis"]),
    "unknown source id": lambda d: _claim(d).update(source="nobody"),
    "unknown holder party": lambda d: _claim(d).update(holder="green"),
    "unknown party of a source": lambda d: d["sources"][0].update(party="green"),
    "unknown party in an acled rule": lambda d: d["acled"]["actors"][0].update(party="green"),
    "duplicate claim id": lambda d: _claim(d, 1).update(id="c1"),
    "duplicate source id": lambda d: d["sources"][1].update(id="red-spox"),
    "not a calendar day": lambda d: _claim(d).update(date="2021-02-30"),
}
VALIDATOR_ONLY_DISTRICTS = {
    "duplicate district id": lambda d: d["districts"][1].update(id="north"),
    "two districts share a spelling": lambda d: d["districts"][1].update(aliases=["Shamal"]),
}


@pytest.mark.parametrize("name", VALIDATOR_ONLY_CLAIMS)
def test_semantic_claim_checks_are_validator_only(tmp_path, name):
    doc = base_claims()
    VALIDATOR_ONLY_CLAIMS[name](doc)
    assert schema_errors(CLAIMS_SCHEMA, dump(doc)) == []
    assert validator_errors(tmp_path, base_districts(), doc)


@pytest.mark.parametrize("name", VALIDATOR_ONLY_DISTRICTS)
def test_semantic_district_checks_are_validator_only(tmp_path, name):
    doc = base_districts()
    VALIDATOR_ONLY_DISTRICTS[name](doc)
    assert schema_errors(DISTRICTS_SCHEMA, dump(doc)) == []
    assert validator_errors(tmp_path, doc, base_claims())


def test_single_district_name_as_text_is_stricter_in_the_schema(tmp_path):
    doc = base_claims()
    _claim(doc).update(districts="North")
    assert schema_errors(CLAIMS_SCHEMA, dump(doc))
    assert validator_errors(tmp_path, base_districts(), doc) == []


def test_schema_constants_match_the_validator():
    claims = CLAIMS_SCHEMA.schema
    districts = DISTRICTS_SCHEMA.schema
    defs = claims["$defs"]
    assert set(claims["properties"]) == CLAIMS_FIELDS
    assert set(defs["claim"]["properties"]) == CLAIM_FIELDS
    assert set(defs["source"]["properties"]) == SOURCE_FIELDS
    assert set(defs["party"]["properties"]) == PARTY_FIELDS
    assert set(defs["acled"]["properties"]) == ACLED_FIELDS
    assert set(defs["acled"]["properties"]["actors"]["items"]["properties"]) == ACLED_ACTOR_FIELDS
    assert set(districts["properties"]) == GAZETTEER_FIELDS
    assert set(districts["$defs"]["district"]["properties"]) == DISTRICT_FIELDS
    assert set(districts["$defs"]["boundaries"]["properties"]) == BOUNDARY_FIELDS
    assert tuple(defs["claim"]["properties"]["status"]["enum"]) == STATUSES
    assert set(defs["party"]["properties"]["id"]["allOf"][1]["not"]["enum"]) == RESERVED_SIDES
    assert defs["party"]["properties"]["color"]["pattern"] == COLOR.pattern
    assert defs["id"]["anyOf"][0]["pattern"] == SLUG.pattern == districts["$defs"]["id"]["anyOf"][0]["pattern"]
    assert defs["claim"]["properties"]["quote"]["anyOf"][2]["maxLength"] == MAX_QUOTE


@pytest.mark.parametrize("name", ["districts", "claims"])
def test_committed_files_pass_the_schema_they_name(name):
    text = (REPO / f"{name}.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=schemas/{name}.schema.json"
    assert schema_errors(DISTRICTS_SCHEMA if name == "districts" else CLAIMS_SCHEMA, text) == []
