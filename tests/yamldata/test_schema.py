"""schemas/*.schema.json are what yamldata/schema.py generates, and they agree with the validator.

The schemas and yamldata/validate.py take their field names, patterns, limits and enums
from one model (yamldata/schema.py), so those cannot drift apart. What is checked here is
behaviour: valid fixtures pass both; one invalid fixture per kind of mistake a schema can
express fails both; and the documented exceptions below behave as documented.

Documented exceptions (the validator has the final word):

* validator only — unknown district and place names, unknown source ids, unknown party
  ids (holder, party, a source's party, an acled rule's party), duplicate ids, a place
  with a district's id, two districts (or two places) sharing a spelling, ``after``
  naming an unknown claim or one of another day, real calendar dates (the schema's
  ``format: date`` is only an annotation in draft 2020-12), and YAML 1.1 booleans such as
  ``name: yes`` (PyYAML, hence the validator, reads true/false; editors read YAML 1.2,
  where it is text).
* schema stricter — ``districts: <one name>`` and ``places: <one name>`` as bare text: the
  validator reads each as a one-item list, the schema (like the documented format) wants
  a list (or, for districts, ``all``).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import yaml

jsonschema = pytest.importorskip("jsonschema")

from core.errors import ValidationError  # noqa: E402
from tests.scenarios import DISTRICTS, PARTIES, SOURCES, claim  # noqa: E402
from yamldata import schema as model  # noqa: E402
from yamldata.loader import load_dataset  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
_BOOL, _DATE = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"


class _Yaml12Loader(yaml.SafeLoader):
    """Reads YAML as editors (YAML 1.2, yaml-language-server) do: dates are text, and so are yes/no/on/off."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL, _DATE)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


# The committed files, as editors read them (that they are what the model generates is checked below).
SCHEMAS = {n: jsonschema.Draft202012Validator(json.loads((REPO / "schemas" / f"{n}.schema.json").read_bytes())) for n in model.FILES}


def dump(doc: dict) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def schema_errors(name: str, text: str) -> list[str]:
    return [e.message for e in SCHEMAS[name].iter_errors(yaml.load(text, Loader=_Yaml12Loader))]


def validator_errors(tmp_path: Path, districts: dict | str, claims: dict | str) -> list[str]:
    for name, doc in (("districts", districts), ("claims", claims)):
        (tmp_path / f"{name}.yaml").write_text(doc if isinstance(doc, str) else dump(doc), encoding="utf-8")
    try:
        load_dataset(tmp_path / "districts.yaml", tmp_path / "claims.yaml")
    except ValidationError as exc:
        return [str(p) for p in exc.problems]
    return []


def base_districts() -> dict:
    districts = copy.deepcopy(DISTRICTS)
    districts["districts"][2]["aliases"].append(42)  # a number is a spelling too
    districts["boundaries"] = {"url": "https://example.org/b.geojson", "name_field": "shapeName", "expected_features": 3}
    districts["places"] = [
        {"id": "pass", "name": "High Pass", "kind": "pass", "point": {"lat": 35.6, "lon": 69.9}, "approximate": True},
        {"id": "town", "name": "North Town", "kind": "district_centre", "district": "North", "point": {"lat": 35.5, "lon": 69.5}},
    ]
    return districts


def base_claims() -> dict:
    return {
        "parties": copy.deepcopy(PARTIES),
        "sources": [*copy.deepcopy(SOURCES), {"id": "site", "name": "Site", "url": "https://example.org/a?b=1", "reliability": "B"}],
        "claims": [
            claim("c1", "2021-09-05", "red-spox", ["North", "Jonub"], holder="red", url="http://example.org"),
            claim("c2", "2021-09-05", "wire", "all", status="contested", reported_by="AP", report="Headline"),
            claim("c3", "2021-09-06", "ngo", None, status="statement"),
            claim("c4", "2021-09-06", "site", None, status="present", party="blue", places=["High Pass", "town"]),
        ],
        "acled": {"actors": [{"match": "Red", "party": "red"}], "source_prefix": "acled"},
        "settings": {"stale_after_days": 30},
    }


def _claim(doc, i=0):
    return doc["claims"][i]


def _place(doc, i=0):
    return doc["places"][i]


# name: how to change the base file. Each table is one verdict: (the schema accepts it, the validator accepts it).
# An unknown field, an id or a URL is tried in a few entries only: every entry's field names and kinds come from the model.
VALID_CLAIMS = {
    "base": lambda d: None,
    "no claims": lambda d: d.update(claims=[]),
    "statement with null holder and districts": lambda d: _claim(d, 2).update(holder=None, districts=None),
    "statement without quote": lambda d: _claim(d, 2).pop("quote"),
    "numbers as text": lambda d: d["sources"][0].update(name=2021, role=7),
    "district named by a number": lambda d: _claim(d).update(districts=[42]),
    "acled null": lambda d: d.update(acled=None),
    "acled without prefix": lambda d: d["acled"].pop("source_prefix"),
    "no acled, no settings": lambda d: (d.pop("acled"), d.pop("settings")),
    "ALL in capitals": lambda d: _claim(d, 1).update(districts="ALL"),
    "short colour": lambda d: d["parties"][0].update(color="#606"),
    "quote at the limit": lambda d: _claim(d).update(quote="x" * model.MAX_QUOTE),
    "held through a place": lambda d: (_claim(d).pop("districts"), _claim(d).update(places=["North Town"])),
    "evidence fields": lambda d: _claim(d, 3).update(certainty="hedged", time="22:00", after=["c3"], undated=True),
    "time as a part of the day, after as one id": lambda d: _claim(d, 3).update(time="morning", after="c3"),
}
VALID_DISTRICTS = {
    "base": lambda d: None,
    "no boundaries": lambda d: d.pop("boundaries"),
    "null seat and aliases": lambda d: d["districts"][0].update(seat=None, aliases=None),
    "extra spellings": lambda d: d["districts"][0].update(name_local="شمال", code="AF0101", aliases=["N", 7]),
    "a village without a district": lambda d: _place(d).update(kind="village", approximate=False, aliases=["Kotal"]),
}
INVALID_CLAIMS = {
    "unknown claim field": lambda d: _claim(d).update(qoute="x"),
    "unknown party field": lambda d: d["parties"][0].update(colour="#fff"),
    "bad status": lambda d: _claim(d).update(status="captured"),
    "held without holder": lambda d: _claim(d).pop("holder"),
    "holder on contested": lambda d: _claim(d, 1).update(holder="red"),
    "holder on statement": lambda d: _claim(d, 2).update(holder="red"),
    "holder on present": lambda d: _claim(d, 3).update(holder="blue"),
    "present without party": lambda d: _claim(d, 3).pop("party"),
    "party on held": lambda d: _claim(d).update(party="blue"),
    "certainty on statement": lambda d: _claim(d, 2).update(certainty="firm"),
    "unknown certainty": lambda d: _claim(d, 3).update(certainty="sure"),
    "held without districts or places": lambda d: _claim(d).pop("districts"),
    "contested without quote": lambda d: _claim(d, 1).pop("quote"),
    "empty districts list": lambda d: _claim(d).update(districts=[]),
    "empty places list": lambda d: _claim(d, 3).update(places=[]),
    "quote too long": lambda d: _claim(d).update(quote="x" * (model.MAX_QUOTE + 1)),
    "date with slashes": lambda d: _claim(d).update(date="05/09/2021"),
    "date without padding": lambda d: _claim(d).update(date="2021-9-5"),
    "date with a time": lambda d: _claim(d).update(date="2021-09-05 10:00"),
    "no date": lambda d: _claim(d).pop("date"),
    "hour 24": lambda d: _claim(d, 3).update(time="24:00"),
    "time as a word not a part of the day": lambda d: _claim(d, 3).update(time="noon"),
    "after as a number": lambda d: _claim(d, 3).update(after=3),
    "undated as text": lambda d: _claim(d, 3).update(undated="no"),
    "url scheme ftp": lambda d: _claim(d).update(url="ftp://example.org/x"),
    "url javascript": lambda d: d["sources"][-1].update(url="javascript:alert(1)"),
    "url with a space": lambda d: _claim(d).update(url="https://example.org/a b"),
    "colour by name": lambda d: d["parties"][0].update(color="red"),
    "colour of five digits": lambda d: d["parties"][0].update(color="#12345"),
    "claim id with spaces": lambda d: _claim(d).update(id="Claim One"),
    "reserved party id": lambda d: d["parties"][0].update(id="consensus"),
    "party without colour": lambda d: d["parties"][0].pop("color"),
    "source without name": lambda d: d["sources"][0].pop("name"),
    "reliability in lower case": lambda d: d["sources"][-1].update(reliability="b"),
    "empty source": lambda d: _claim(d).update(source=""),
    "parties as a mapping": lambda d: d.update(parties={"red": "Red"}),
    "claims missing": lambda d: d.pop("claims"),
    "claim as text": lambda d: d["claims"].append("c5"),
    "districts as a number": lambda d: _claim(d).update(districts=5),
    "district as true": lambda d: _claim(d).update(districts=[True]),
    "quote as a list": lambda d: _claim(d).update(quote=["a", "b"]),
    "name as true/false": lambda d: d["sources"][0].update(name=True),
    "acled unknown field": lambda d: d["acled"].update(prefix="x"),
    "acled as a list": lambda d: d.update(acled=["Taliban"]),
    "acled without actors": lambda d: d["acled"].pop("actors"),
    "acled rule without party": lambda d: d["acled"]["actors"][0].pop("party"),
    "acled rule empty match": lambda d: d["acled"]["actors"][0].update(match=" "),
    "acled bad prefix": lambda d: d["acled"].update(source_prefix="ACLED data"),
    "stale_after_days zero": lambda d: d["settings"].update(stale_after_days=0),
}
INVALID_DISTRICTS = {
    "unknown top-level field": lambda d: d.update(province="Testland"),
    "no region": lambda d: d.pop("region"),
    "empty region": lambda d: d.update(region=" "),
    "unknown boundaries field": lambda d: d["boundaries"].update(code_column="shapeID"),
    "unknown district field": lambda d: d["districts"][0].update(nmae="North"),
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
    "expected_features zero": lambda d: d["boundaries"].update(expected_features=0),
    "expected_features as text": lambda d: d["boundaries"].update(expected_features="398"),
    "districts as a mapping": lambda d: d.update(districts={"north": "North"}),
    "place without kind": lambda d: _place(d).pop("kind"),
    "unknown place kind": lambda d: _place(d).update(kind="city"),
    "place without point": lambda d: _place(d).pop("point"),
    "place longitude out of range": lambda d: _place(d)["point"].update(lon=200),
    "district centre without district": lambda d: _place(d, 1).pop("district"),
    "approximate as text": lambda d: _place(d).update(approximate="yes"),
    "approximate null": lambda d: _place(d).update(approximate=None),
    "places as a mapping": lambda d: d.update(places={"pass": "High Pass"}),
}
VALIDATOR_ONLY_CLAIMS = {
    "unknown district name": lambda d: _claim(d).update(districts=["Atlantis"]),
    "unknown place name": lambda d: _claim(d, 3).update(places=["Atlantis"]),
    "unknown source id": lambda d: _claim(d).update(source="nobody"),
    "unknown holder party": lambda d: _claim(d).update(holder="green"),
    "unknown party of a present claim": lambda d: _claim(d, 3).update(party="green"),
    "unknown party of a source": lambda d: d["sources"][0].update(party="green"),
    "unknown party in an acled rule": lambda d: d["acled"]["actors"][0].update(party="green"),
    "duplicate claim id": lambda d: _claim(d, 1).update(id="c1"),
    "duplicate source id": lambda d: d["sources"][1].update(id="red-spox"),
    "not a calendar day": lambda d: _claim(d).update(date="2021-02-30"),
    "after an unknown claim": lambda d: _claim(d, 3).update(after=["c9"]),
    "after a claim of another day": lambda d: _claim(d, 3).update(after=["c1"]),
}
VALIDATOR_ONLY_DISTRICTS = {
    "duplicate district id": lambda d: d["districts"][1].update(id="north"),
    "two districts share a spelling": lambda d: d["districts"][1].update(aliases=["Shamal"]),
    "a place with a district's id": lambda d: _place(d).update(id="north"),
    "two places share a spelling": lambda d: _place(d).update(aliases=["north town"]),
    "unknown district of a place": lambda d: _place(d, 1).update(district="Atlantis"),
}
SCHEMA_STRICTER_CLAIMS = {
    "one district as bare text": lambda d: _claim(d).update(districts="North"),
    "one place as bare text": lambda d: _claim(d, 3).update(places="High Pass"),
}
CASES = [
    pytest.param(file, mutate, verdict, id=f"{file}: {name}")
    for file, verdict, table in (
        ("claims", (True, True), VALID_CLAIMS),
        ("districts", (True, True), VALID_DISTRICTS),
        ("claims", (False, False), INVALID_CLAIMS),
        ("districts", (False, False), INVALID_DISTRICTS),
        ("claims", (True, False), VALIDATOR_ONLY_CLAIMS),
        ("districts", (True, False), VALIDATOR_ONLY_DISTRICTS),
        ("claims", (False, True), SCHEMA_STRICTER_CLAIMS),
    )
    for name, mutate in table.items()
]


@pytest.mark.parametrize(("file", "mutate", "verdict"), CASES)
def test_the_schema_and_the_validator_agree_but_for_the_documented_exceptions(tmp_path, file, mutate, verdict):
    files = {"districts": base_districts(), "claims": base_claims()}
    mutate(files[file])
    schema, validator = schema_errors(file, dump(files[file])), validator_errors(tmp_path, files["districts"], files["claims"])
    assert (not schema, not validator) == verdict, f"schema: {schema or 'accepts'}; validator: {validator or 'accepts'}"


@pytest.mark.parametrize("written", ["yes", "off"])
def test_yaml_1_1_booleans_are_text_to_the_schema_and_refused_by_the_validator(tmp_path, written):
    doc = base_claims()
    doc["sources"][0]["name"] = "NAME"
    text = dump(doc).replace("name: NAME\n", f"name: {written}\n")
    assert schema_errors("claims", text) == []
    assert validator_errors(tmp_path, base_districts(), text)


@pytest.mark.parametrize("name", model.FILES)
def test_the_committed_schemas_are_generated_from_the_model(name):
    """A hand edit of schemas/, or a model change without `python -m yamldata.schema`, fails here."""
    jsonschema.Draft202012Validator.check_schema(model.schema(name))
    committed = (REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == model.render(name), "schemas/ is stale: run python -m yamldata.schema"


@pytest.mark.parametrize("name", model.FILES)
def test_committed_files_pass_the_schema_they_name(name):
    text = (REPO / f"{name}.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=schemas/{name}.schema.json"
    assert schema_errors(name, text) == []
