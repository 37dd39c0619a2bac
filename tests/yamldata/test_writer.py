"""yamldata.writer: appends keep every existing byte, are validated, atomic, locked and never stale."""

from __future__ import annotations

import difflib
import multiprocessing
import shutil
import threading
import time
from pathlib import Path

import pytest

from core.errors import ValidationError
from tests.scenarios import claim
from yamldata import atomic, writer
from yamldata.loader import load_dataset
from yamldata.writer import WriteError, append_claims, file_lock, new_claim_id

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def committed(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the committed claims.yaml and districts.yaml (never written in place)."""
    shutil.copy(REPO / "claims.yaml", tmp_path / "claims.yaml")
    shutil.copy(REPO / "districts.yaml", tmp_path / "districts.yaml")
    return tmp_path / "claims.yaml", tmp_path / "districts.yaml"


def only_insertions(old: str, new: str) -> list[list[str]]:
    """The blocks of lines inserted into ``old`` to make ``new``; fails on any other change."""
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    blocks = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        assert tag in ("equal", "insert"), f"existing lines changed: {tag} {old.splitlines()[i1:i2]} -> {new.splitlines()[j1:j2]}"
        if tag == "insert":
            blocks.append(new.splitlines()[j1:j2])
    return blocks


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


NEW = {
    "date": "2021-09-07",
    "source": "acled-wire",
    "districts": ["Paryan"],
    "status": "contested",
    "quote": 'Heavy "clashes": it\'s said',
    "reported_by": "ACLED (Wire)",
}


def test_append_to_committed_file_keeps_comments_order_and_formatting(committed):
    claims, districts = committed
    old = claims.read_text(encoding="utf-8")
    ids = append_claims(claims, districts, [NEW, {**NEW, "date": "2021-09-08"}], [{"id": "acled-wire", "name": "Wire; Agency"}])
    new = claims.read_text(encoding="utf-8")

    assert ids == ["2021-09-07-acled-wire-heavy-clashes-its-said", "2021-09-08-acled-wire-heavy-clashes-its-said"]
    source_block, claim_block = only_insertions(old, new)
    assert source_block == ["  - {id: acled-wire, name: Wire; Agency}"]
    assert next(line for line in claim_block if line) == f"  - id: {ids[0]}"
    last_line = old.split("\n# ---- ACLED")[0].rstrip().splitlines()[-1]  # the committed file's last claim ends here
    assert f"{last_line}\n\n  - id: {ids[0]}\n" in new  # a blank line between claims, as by hand
    assert "    districts: [Paryan]" in claim_block and "    date: 2021-09-07" in claim_block  # the file's own styles
    # The new claims go after the last claim, before the comment that introduces the ACLED mapping.
    lines = new.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("# ---- ACLED import mapping"))
    assert lines[header - 2] == "    reported_by: ACLED (Wire)" and lines[header - 1] == ""
    assert new.startswith("# yaml-language-server: $schema=schemas/claims.schema.json\n")
    dataset = load_dataset(districts, claims)
    added = [c for c in dataset.claims if c.id in ids]
    assert [(c.status, c.districts, c.source, c.quote) for c in added] == [("contested", ("paryan",), "acled-wire", NEW["quote"])] * 2
    assert dataset.source("acled-wire").party is None
    assert dataset.acled is not None


def test_safe_dump_layout_and_empty_list(files):
    files.write([])
    old = files.claims.read_text(encoding="utf-8")
    assert "claims: []" in old
    append_claims(files.claims, files.districts, [claim("c1", "2021-09-05", "wire", ["North"], holder="red")])
    append_claims(files.claims, files.districts, [claim("c2", "2021-09-06", "ngo", None, status="statement")])
    new = files.claims.read_text(encoding="utf-8")
    assert new.endswith("claims:\n- id: c1\n  date: 2021-09-05\n  source: wire\n  districts: [North]\n  status: held\n"
                        "  holder: red\n  quote: quote of c1\n- id: c2\n  date: 2021-09-06\n  source: ngo\n  status: statement\n"
                        "  quote: quote of c2\n")  # fmt: skip
    assert new.replace("claims:\n- id: c1", "claims: []\n- id: c1").startswith(old)
    assert [c.id for c in files.dataset().claims] == ["c1", "c2"]


def test_crlf_and_byte_order_mark_are_kept(files):
    files.write([claim("c1", "2021-09-05", "wire", ["North"], holder="red")])
    files.claims.write_bytes(b"\xef\xbb\xbf" + files.claims.read_bytes().replace(b"\n", b"\r\n"))
    old = files.claims.read_bytes()
    append_claims(files.claims, files.districts, [claim("c2", "2021-09-06", "wire", ["South"], holder="blue")])
    new = files.claims.read_bytes()
    assert new.startswith(old) and new.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in new.replace(b"\r\n", b"")
    assert [c.id for c in files.dataset().claims] == ["c1", "c2"]


def test_generated_ids_are_readable_and_unique():
    taken = {"2021-09-05-wire-taliban-took-paryan"}
    assert new_claim_id("2021-09-05", "wire", "Taliban took Paryan", taken) == "2021-09-05-wire-taliban-took-paryan-2"
    assert new_claim_id("2021-09-05", "wire", None, set()) == "2021-09-05-wire-claim"


def test_skip_existing_makes_appends_idempotent(files):
    new = [claim("c1", "2021-09-05", "wire", ["North"], holder="red")]
    assert append_claims(files.claims, files.districts, new, [{"id": "extra", "name": "Extra"}], skip_existing=True) == ["c1"]
    before = files.claims.read_bytes()
    assert append_claims(files.claims, files.districts, new, [{"id": "extra", "name": "Extra"}], skip_existing=True) == []
    assert files.claims.read_bytes() == before
    with pytest.raises(ValidationError, match="duplicate id 'c1'"):
        append_claims(files.claims, files.districts, new)


def test_invalid_result_writes_nothing(committed):
    claims, districts = committed
    before = claims.read_bytes()
    bad = {**NEW, "source": "roggio", "districts": ["Atlantis"]}
    with pytest.raises(ValidationError) as info:
        append_claims(claims, districts, [bad])
    [problem] = info.value.problems
    assert problem.file == str(claims) and "unknown district 'Atlantis'" in problem.message
    assert claims.read_bytes() == before
    assert leftovers(claims.parent) == []


def test_failed_replace_leaves_original_bytes(committed, monkeypatch):
    claims, districts = committed
    before = claims.read_bytes()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", crash)  # the rename of yamldata.atomic, which the writer uses
    with pytest.raises(OSError, match="disk full"):
        append_claims(claims, districts, [{**NEW, "source": "roggio"}])
    assert claims.read_bytes() == before
    assert leftovers(claims.parent) == []


def test_already_invalid_file_is_not_appended_to(files):
    files.write([claim("c1", "2021-09-05", "wire", ["Nowhere"], holder="red")])
    before = files.claims.read_bytes()
    with pytest.raises(ValidationError, match="unknown district 'Nowhere'"):
        append_claims(files.claims, files.districts, [claim("c2", "2021-09-06", "wire", ["North"], holder="red")])
    assert files.claims.read_bytes() == before


def test_refuses_to_reformat_existing_lines(files):
    files.write_claims_text(
        """\
        parties: [{id: red, name: Red, color: "#d55e00"}]
        sources: [{id: wire, name: Wire}]
        claims:
        - id: c1
          date: 2021-09-05
          source: wire
          status: statement
          quote: a long quote folded
            over two lines
        """
    )
    before = files.claims.read_bytes()
    with pytest.raises(WriteError, match=r"claims.yaml:8: appending would rewrite this existing line"):
        append_claims(files.claims, files.districts, [claim("c2", "2021-09-06", "wire", None, status="statement")])
    assert files.claims.read_bytes() == before


def test_lock_timeout(files):
    with file_lock(files.claims), pytest.raises(WriteError, match="held by another writer"):
        append_claims(files.claims, files.districts, [claim("c1", "2021-09-05", "wire", None, status="statement")], lock_timeout=0.1)


def test_hand_edit_made_while_waiting_for_the_lock_is_kept(files):
    """The writer re-reads under the lock: an edit made before it gets the lock survives."""
    files.write([claim("c1", "2021-09-05", "wire", ["North"], holder="red")])
    result: dict = {}

    def append() -> None:
        try:
            result["ids"] = append_claims(files.claims, files.districts, [claim("c3", "2021-09-07", "ngo", None, status="statement")])
        except Exception as exc:  # surfaced by the assertion below
            result["error"] = exc

    with file_lock(files.claims):
        thread = threading.Thread(target=append)
        thread.start()
        time.sleep(0.3)
        assert thread.is_alive(), result  # waiting for the lock
        with files.claims.open("a", encoding="utf-8") as handle:  # the hand edit
            handle.write("- id: c2\n  date: 2021-09-06\n  source: wire\n  status: statement\n  quote: typed by hand\n")
    thread.join(30)
    assert result == {"ids": ["c3"]}
    assert [c.id for c in files.dataset().claims] == ["c1", "c2", "c3"]


def test_hand_edit_without_the_lock_during_the_write_is_not_lost(files, monkeypatch):
    """An editor does not take the lock: a save between re-read and replace makes the writer start over."""
    files.write([claim("c1", "2021-09-05", "wire", ["North"], holder="red")])
    real = writer.load_dataset
    calls = []

    def validate_then_edit(districts, claims):
        result = real(districts, claims)
        calls.append(Path(claims).name)
        if len(calls) == 2:  # the first candidate has just been validated: the editor saves now
            with files.claims.open("a", encoding="utf-8") as handle:
                handle.write("- id: c2\n  date: 2021-09-06\n  source: wire\n  status: statement\n  quote: typed by hand\n")
        return result

    monkeypatch.setattr(writer, "load_dataset", validate_then_edit)
    assert append_claims(files.claims, files.districts, [claim("c3", "2021-09-07", "ngo", None, status="statement")]) == ["c3"]
    assert len(calls) == 3  # the file on disk, the stale candidate (discarded), the redone candidate
    assert [c.id for c in files.dataset().claims] == ["c1", "c2", "c3"]
    assert leftovers(files.claims.parent) == []


def _append_many(claims: str, districts: str, worker: int, count: int, barrier) -> list[str]:
    barrier.wait()
    ids = []
    for n in range(count):
        new = claim(f"w{worker}-{n}", "2021-09-05", "wire", None, status="statement")
        ids += append_claims(claims, districts, [new], [{"id": f"src-{worker}-{n}", "name": "Source"}])
    return ids


def test_concurrent_processes_all_land(files):
    workers, count = 4, 5
    context = multiprocessing.get_context("spawn")
    barrier = context.Manager().Barrier(workers)
    with context.Pool(workers) as pool:
        jobs = [pool.apply_async(_append_many, (str(files.claims), str(files.districts), w, count, barrier)) for w in range(workers)]
        results = [job.get(timeout=120) for job in jobs]
    assert sorted(i for ids in results for i in ids) == sorted(f"w{w}-{n}" for w in range(workers) for n in range(count))
    dataset = files.dataset()
    assert len(dataset.claims) == workers * count
    assert {s.id for s in dataset.sources} >= {f"src-{w}-{n}" for w in range(workers) for n in range(count)}
    assert leftovers(files.claims.parent) == []


def test_an_edit_just_before_the_rename_is_kept(files, monkeypatch):
    """The unchanged-on-disk check runs last, after the fsync: an edit landing during the fsync is not overwritten."""
    real_fsync = atomic._fsync
    edited = {"done": False}

    def fsync_then_edit(path, flags):
        real_fsync(path, flags)
        if not edited["done"] and path.name.endswith(".tmp"):
            edited["done"] = True
            files.claims.write_text(files.claims.read_text(encoding="utf-8") + "# an editor's save\n", encoding="utf-8")

    monkeypatch.setattr(atomic, "_fsync", fsync_then_edit)
    append_claims(files.claims, files.districts, [claim("c-new", "2021-09-07", "wire", ["North"], holder="red")])
    text = files.claims.read_text(encoding="utf-8")
    assert "# an editor's save" in text and "c-new" in text
