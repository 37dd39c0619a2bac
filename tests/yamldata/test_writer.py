"""yamldata.writer: appends keep every existing byte, are validated, atomic, locked and never stale."""

from __future__ import annotations

import difflib
import multiprocessing
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from core.errors import ValidationError
from tests.scenarios import claim
from yamldata import atomic, writer
from yamldata.loader import load_dataset
from yamldata.writer import WriteError, append_claims, file_lock, new_claim_id

REPO = Path(__file__).resolve().parents[2]



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
    """An editor does not take the lock: a save while the candidate is built makes the writer build it again."""
    files.write([claim("c1", "2021-09-05", "wire", ["North"], holder="red")])
    real = writer.load_dataset
    calls = []

    def validate_then_edit(districts, claims, **data):
        result = real(districts, claims, **data)
        calls.append(sorted(data))
        if len(calls) == 1:  # the file has just been read and validated: the editor saves now
            with files.claims.open("a", encoding="utf-8") as handle:
                handle.write("- id: c2\n  date: 2021-09-06\n  source: wire\n  status: statement\n  quote: typed by hand\n")
        return result

    monkeypatch.setattr(writer, "load_dataset", validate_then_edit)
    assert append_claims(files.claims, files.districts, [claim("c3", "2021-09-07", "ngo", None, status="statement")]) == ["c3"]
    assert calls == [["claims_data"], ["claims_data"]]  # the stale file's candidate (discarded), then the saved file's
    assert [c.id for c in files.dataset().claims] == ["c1", "c2", "c3"]
    assert leftovers(files.claims.parent) == []


def _processes() -> multiprocessing.context.BaseContext:
    """Writer processes forked from one server that has imported this module: a spawned
    process imports the writer (ruamel, PyYAML) anew, about a second each on a busy
    machine; plain fork would copy pytest's threads."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _append_many(claims: str, districts: str, worker: int, count: int, barrier) -> list[str]:
    barrier.wait()
    ids = []
    for n in range(count):
        new = claim(f"w{worker}-{n}", "2021-09-05", "wire", None, status="statement")
        ids += append_claims(claims, districts, [new], [{"id": f"src-{worker}-{n}", "name": "Source"}])
    return ids


def test_concurrent_processes_all_land(files):
    workers, count = 4, 5
    context = _processes()
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


# ---- big files, killed writers, checks of the new entries against the old ones ----------------

_KILLED_WRITER = """
import sys, time
from yamldata import atomic
from yamldata.writer import append_claims
real = atomic._fsync
def fsync_then_hang(path, flags):
    real(path, flags)
    if path.name.endswith(".tmp"):
        print("written", flush=True)
        time.sleep(600)  # killed here: the temp file is complete, the rename never comes
atomic._fsync = fsync_then_hang
append_claims(sys.argv[1], sys.argv[2], [{"id": "c-killed", "date": "2021-09-07", "source": "wire", "status": "statement",
                                          "quote": "never lands"}])
"""


def test_a_killed_append_leaves_nothing_behind_after_the_next_one(files):
    files.write([claim("c1", "2021-09-05", "wire", ["North"], holder="red")])
    before = files.claims.read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(files.claims), str(files.districts)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "written"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    assert files.claims.read_bytes() == before  # the old file, whole
    [stale] = leftovers(files.claims.parent)
    assert re.fullmatch(r"\.claims\.yaml\.[a-z0-9_]{8}\.tmp", stale)
    ignored = subprocess.run(["git", "check-ignore", "--no-index", "-q", f"tests/{stale}"], cwd=REPO, check=False)
    assert ignored.returncode == 0, ".gitignore must ignore the writer's temp files"

    assert append_claims(files.claims, files.districts, [claim("c2", "2021-09-06", "wire", ["South"], holder="blue")]) == ["c2"]
    assert leftovers(files.claims.parent) == []
    assert [c.id for c in files.dataset().claims] == ["c1", "c2"]


def many(n: int, **extra) -> list[dict]:
    return [claim(f"c{i:04d}", f"2021-09-{1 + i % 28:02d}", "wire", ["North"], holder="red", **extra) for i in range(n)]


@pytest.mark.parametrize("layout", ["committed", "flow", "comments", "two"])
def test_leaving_out_the_middle_items_writes_what_a_full_round_trip_writes(committed, files, monkeypatch, layout):
    """ruamel.yaml reads the file without the items between the first and the last two: the same bytes come out."""
    if layout == "committed":
        path, districts = committed
    else:
        files.write(many(2 if layout == "two" else 40))
        path, districts = files.claims, files.districts
        text = path.read_text(encoding="utf-8")
        if layout == "flow":  # one-line items, as generated files write them
            data = yaml.safe_load(text)
            text = text.split("claims:")[0] + "claims:\n" + "".join(
                "- " + yaml.safe_dump(c, default_flow_style=True, width=10_000) for c in data["claims"]
            )
        elif layout == "comments":
            text = text.replace("- id: c0010", "# a hand note between items\n\n- id: c0010").replace("- id: c0039", "\n- id: c0039")
            text += "\n# ---- trailing section comment\n"
        path.write_text(text, encoding="utf-8")
    entries = [{"date": "2021-09-07", "source": "wire", "status": "statement", "quote": q} for q in ("yes", "3:45", "A\x85B")]
    original = path.read_bytes()

    append_claims(path, districts, entries, [{"id": "fresh", "name": "No"}])
    reduced = path.read_bytes()
    path.write_bytes(original)
    monkeypatch.setattr(writer, "_items_kept", lambda text, dataset: None)
    append_claims(path, districts, entries, [{"id": "fresh", "name": "No"}])
    assert reduced == path.read_bytes()


def test_new_claims_are_checked_against_every_old_one(files):
    """Ids unique across the whole file, 'after' naming old claims of the same day: as a full validation says."""
    files.write(many(30))
    old = files.claims.read_bytes()
    line_of_c0005 = files.dataset().claim("c0005").line
    with pytest.raises(ValidationError) as info:
        append_claims(files.claims, files.districts, [claim("c0005", "2021-09-06", "wire", ["North"], holder="red")])
    [problem] = info.value.problems
    assert problem.message == f"duplicate id 'c0005' (first on line {line_of_c0005})"
    assert problem.line > len(old.splitlines())  # the new claim's own line

    ok = claim("n1", "2021-09-06", "wire", ["South"], holder="blue", after="c0005")  # c0005 is of 2021-09-06
    assert append_claims(files.claims, files.districts, [ok]) == ["n1"]
    with pytest.raises(ValidationError, match=r"claim 'n2' \(2021-09-07\) comes 'after' claim 'c0005' of another day"):
        append_claims(files.claims, files.districts, [claim("n2", "2021-09-07", "wire", ["South"], holder="blue", after="c0005")])
    with pytest.raises(ValidationError, match="comes 'after' unknown claim 'c9999'"):
        append_claims(files.claims, files.districts, [claim("n3", "2021-09-06", "wire", ["South"], holder="blue", after="c9999")])
    with pytest.raises(ValidationError, match="unknown source 'nobody'"):
        append_claims(files.claims, files.districts, [claim("n4", "2021-09-06", "nobody", ["South"], holder="blue")])
    with pytest.raises(ValidationError, match="duplicate id 'wire'"):
        append_claims(files.claims, files.districts, [claim("n5", "2021-09-06", "wire", None, status="statement")],
                      [{"id": "wire", "name": "Wire again"}])  # fmt: skip
    assert [c.id for c in files.dataset().claims][-2:] == ["c0029", "n1"]


def _append_one(claims: str, districts: str, tag: str, barrier) -> tuple[list[str], float]:
    barrier.wait()
    start = time.perf_counter()
    entry = {"date": "2021-09-07", "source": "reuters", "districts": ["Paryan"], "status": "contested", "quote": f"Fighting {tag}"}
    return append_claims(claims, districts, [entry], lock_timeout=15), time.perf_counter() - start


def test_two_appends_at_once_to_a_big_file_both_land(tmp_path):
    """A 3,000-claim file (over the fast path's 1 MB): the second writer builds again on the first one's file."""
    from benchmarks.generate import write_claims
    from yamldata.loader import load_gazetteer

    shutil.copy(REPO / "districts.yaml", tmp_path / "districts.yaml")
    write_claims(tmp_path / "claims.yaml", load_gazetteer(tmp_path / "districts.yaml"), 5_000, evidence=True)
    context = _processes()
    barrier = context.Manager().Barrier(2)
    with context.Pool(2) as pool:
        jobs = [pool.apply_async(_append_one, (str(tmp_path / "claims.yaml"), str(tmp_path / "districts.yaml"), t, barrier)) for t in "AB"]
        results = [job.get(timeout=300) for job in jobs]
    assert sorted(ids for ids, _ in results) == [["2021-09-07-reuters-fighting-a"], ["2021-09-07-reuters-fighting-b"]]
    claims = load_dataset(tmp_path / "districts.yaml", tmp_path / "claims.yaml").claims
    assert len(claims) == 5_002 and {c.id for c in claims[-2:]} == {"2021-09-07-reuters-fighting-a", "2021-09-07-reuters-fighting-b"}
    assert leftovers(tmp_path) == []


def test_a_line_ruamel_cannot_keep_blocks_only_while_it_is_among_the_last_two_items(files):
    """A folded value in the middle no longer blocks appends; in the last item it is refused with its own line number."""
    files.write(many(40))
    text = files.claims.read_text(encoding="utf-8")
    folded = text.replace("  quote: quote of c0010\n", "  quote: quote of c0010\n    folded over two lines\n")
    files.claims.write_text(folded, encoding="utf-8")
    assert files.dataset().claim("c0010").quote == "quote of c0010 folded over two lines"
    assert append_claims(files.claims, files.districts, [claim("n1", "2021-09-07", "wire", ["North"], holder="red")]) == ["n1"]

    text = files.claims.read_text(encoding="utf-8")
    line = text.splitlines().index("  quote: quote of n1") + 1
    files.claims.write_text(text.replace("  quote: quote of n1\n", "  quote: quote of n1\n    folded too\n"), encoding="utf-8")
    before = files.claims.read_bytes()
    with pytest.raises(WriteError, match=rf"claims\.yaml:{line}: appending would rewrite this existing line"):
        append_claims(files.claims, files.districts, [claim("n2", "2021-09-07", "wire", ["North"], holder="red")])
    assert files.claims.read_bytes() == before
