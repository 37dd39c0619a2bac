"""yamldata.writer.append_places: places appended to districts.yaml keep every byte, are validated, locked and never stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ValidationError
from core.model import Seat
from tests.yamldata.test_writer import leftovers, only_insertions
from yamldata import atomic, writer
from yamldata.loader import load_dataset
from yamldata.writer import WriteError, append_places, file_lock

REPO = Path(__file__).resolve().parents[2]
OMARZ = {"id": "omarz", "name": "Omarz", "kind": "town", "district": "North", "point": {"lat": 35.45, "lon": 69.74}}
COMMENT = {"omarz": "From a test.\nA second line."}



def test_append_to_committed_file_keeps_every_byte_and_the_style_of_its_places(committed):
    claims, districts = committed
    old = districts.read_bytes()
    place = {**OMARZ, "district": "Khinj", "aliases": ["Omarz village"]}
    assert append_places(districts, claims, [place, {**OMARZ, "id": "x2", "name": "X2", "district": "Dara"}], comments=COMMENT) == [
        "omarz",
        "x2",
    ]
    new = districts.read_bytes()
    assert new.startswith(old)  # the places list ends the file: the new text only follows it
    assert new[len(old) :].decode("utf-8").splitlines() == [
        "",
        "  - id: omarz",
        "    name: Omarz",
        "    kind: town",
        "    district: Khinj",
        "    # From a test.",
        "    # A second line.",
        "    point: {lat: 35.45, lon: 69.74}",
        "    aliases: [Omarz village]",
        "",
        "  - id: x2",
        "    name: X2",
        "    kind: town",
        "    district: Dara",
        "    point: {lat: 35.45, lon: 69.74}",
    ]
    gazetteer = load_dataset(districts, claims).gazetteer
    assert gazetteer.lookup_place("Omarz village").point == Seat(35.45, 69.74)
    assert gazetteer.place("x2").district == "dara"


def test_a_places_section_is_made_when_there_is_none(files):
    old = files.districts.read_text(encoding="utf-8")
    assert "places" not in old
    assert append_places(files.districts, files.claims, [OMARZ, {**OMARZ, "id": "p2", "name": "P2"}], comments=COMMENT) == ["omarz", "p2"]
    new = files.districts.read_text(encoding="utf-8")
    [block] = only_insertions(old, new)
    assert block[:4] == ["", f"# {writer.PLACES_HEADER}", "places:", "- id: omarz"]  # the file's own (PyYAML) indentation
    assert "  # From a test." in block and "  point: {lat: 35.45, lon: 69.74}" in block
    assert [p.id for p in files.dataset().gazetteer.places] == ["omarz", "p2"]


@pytest.mark.parametrize("line", ["places: []", "places: []   # none yet", "places:", "places:   # none yet"])
def test_an_empty_places_key_becomes_the_list(files, line):
    files.districts.write_text(files.districts.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    old = files.districts.read_text(encoding="utf-8")
    append_places(files.districts, files.claims, [OMARZ])
    new = files.districts.read_text(encoding="utf-8")
    at = new.index("places:")
    assert old.startswith(new[:at])  # every byte before the key
    key_line, rest = new[at:].split("\n", 1)
    assert "[]" not in key_line and ("# none yet" in key_line) == ("# none yet" in line)  # its comment is kept
    assert rest.startswith("- id: omarz\n")
    assert [p.id for p in files.dataset().gazetteer.places] == ["omarz"]


def test_places_before_other_sections_go_before_their_comments(files):
    text = files.districts.read_text(encoding="utf-8")
    places = "places:\n- id: pass\n  name: Pass\n  kind: pass\n  point: {lat: 35.5, lon: 69.5}\n\n# The districts, below\n"
    files.districts.write_text(text.replace("districts:\n", places + "districts:\n", 1), encoding="utf-8")
    old = files.districts.read_text(encoding="utf-8")
    append_places(files.districts, files.claims, [OMARZ], comments=COMMENT)
    new = files.districts.read_text(encoding="utf-8")
    only_insertions(old, new)
    assert "  point: {lat: 35.5, lon: 69.5}\n- id: omarz\n" in new
    assert new.index("- id: omarz") < new.index("# The districts, below") < new.index("districts:\n")
    assert [p.id for p in files.dataset().gazetteer.places] == ["pass", "omarz"]


def test_crlf_and_byte_order_mark_are_kept(files):
    files.districts.write_bytes(b"\xef\xbb\xbf" + files.districts.read_bytes().replace(b"\n", b"\r\n"))
    old = files.districts.read_bytes()
    append_places(files.districts, files.claims, [OMARZ], comments=COMMENT)
    new = files.districts.read_bytes()
    assert new.startswith(old) and b"\n" not in new.replace(b"\r\n", b"")
    assert files.dataset().gazetteer.place("omarz").name == "Omarz"


def test_skip_existing_leaves_out_a_place_known_by_id_or_by_name(files):
    assert append_places(files.districts, files.claims, [OMARZ], skip_existing=True) == ["omarz"]
    before = files.districts.read_bytes()
    same_name = {**OMARZ, "id": "omarz-2", "name": "OMARZ"}
    assert append_places(files.districts, files.claims, [OMARZ, same_name], skip_existing=True) == []
    assert files.districts.read_bytes() == before
    with pytest.raises(ValidationError, match="duplicate id 'omarz'"):
        append_places(files.districts, files.claims, [OMARZ])
    assert files.districts.read_bytes() == before


def test_invalid_result_writes_nothing_and_names_the_districts_file(files):
    before = files.districts.read_bytes()
    with pytest.raises(ValidationError) as info:
        append_places(files.districts, files.claims, [{**OMARZ, "district": "Atlantis"}, {**OMARZ, "id": "north", "name": "N2"}])
    problems = info.value.problems
    assert {p.file for p in problems} == {str(files.districts)}
    assert any("unknown district 'Atlantis'" in p.message for p in problems)
    assert any("has the id of district 'north'" in p.message for p in problems)
    assert files.districts.read_bytes() == before
    assert leftovers(files.districts.parent) == []


def test_failed_replace_leaves_original_bytes(files, monkeypatch):
    before = files.districts.read_bytes()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        append_places(files.districts, files.claims, [OMARZ])
    assert files.districts.read_bytes() == before
    assert leftovers(files.districts.parent) == []


def test_lock_timeout(files):
    with file_lock(files.districts), pytest.raises(WriteError, match=r"districts\.yaml\.lock is held by another writer"):
        append_places(files.districts, files.claims, [OMARZ], lock_timeout=0.1)


def test_hand_edit_without_the_lock_during_the_write_is_not_lost(files, monkeypatch):
    """An editor does not take the lock: a save while the candidate is built makes the writer build it again."""
    real = writer.load_dataset
    calls = []

    def validate_then_edit(districts, claims, **data):
        result = real(districts, claims, **data)
        calls.append(sorted(data))
        if len(calls) == 2:  # the first candidate has just been validated: the editor saves now
            with files.districts.open("a", encoding="utf-8") as handle:
                handle.write("# an editor's save\n")
        return result

    monkeypatch.setattr(writer, "load_dataset", validate_then_edit)
    assert append_places(files.districts, files.claims, [OMARZ]) == ["omarz"]
    assert len(calls) == 4  # the file and the candidate, both twice: stale (discarded), then redone on the saved file
    text = files.districts.read_text(encoding="utf-8")
    assert "# an editor's save" in text and "- id: omarz" in text
    assert leftovers(files.districts.parent) == []
