"""The on-disk store: a second process reads what the first parsed, never stale, never trusted blindly.

"A second process" is simulated by forgetting everything in memory
(:func:`yamldata.loader.clear_cache`); the store's directory is the test's own.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time

import pyarrow as pa
import pyarrow.ipc as ipc
import pytest

from benchmarks.generate import claims_yaml
from core.rules import ComputedTimeline
from yamldata import arrowstore, loader, store
from yamldata.loader import DEFAULT_DISTRICTS, load_dataset, load_gazetteer, timeline_of


@pytest.fixture(autouse=True)
def small_files_are_stored(monkeypatch, tmp_path):
    monkeypatch.setattr(store, "MIN_BYTES", 0)
    monkeypatch.setattr(arrowstore, "BATCH_ROWS", 97)  # several record batches per table, as at scale
    monkeypatch.setenv("CONTROL_MAP_CACHE_DIR", str(tmp_path / "cache"))
    loader.clear_cache()
    yield
    loader.clear_cache()


def write_claims(tmp_path, n: int = 600, seed: int = 1, *, evidence: bool = False):
    path = tmp_path / f"claims-{n}-{seed}-{evidence}.yaml"
    text = claims_yaml(load_gazetteer(DEFAULT_DISTRICTS), n, seed, evidence=evidence)
    # some claims name places too (a pass; a district centre, which speaks for its district)
    text = text.replace("    districts: [", "    places: [Khawak pass, district centre of Rukhah]\n    districts: [", 30)
    path.write_text(text, encoding="utf-8")
    old = time.time() - 10  # older than the loader's 2 s mtime distrust
    os.utime(path, (old, old))
    return path


def first_process(claims):
    """Parse, build the timeline, write the store, and forget it all (the process ends)."""
    dataset = load_dataset(DEFAULT_DISTRICTS, claims)
    assert loader.last_claims_path() in ("fast", "slow")
    timeline = timeline_of(dataset)
    thread = loader.store_in_background(dataset, timeline)
    assert thread is not None
    thread.join()
    loader.clear_cache()
    return dataset


def entries():
    root = store.store_dir()
    return sorted(p for p in root.iterdir() if not p.name.startswith(".")) if root.is_dir() else []


@pytest.mark.parametrize("evidence", [False, True], ids=["plain", "evidence"])
def test_a_second_process_reads_the_same_dataset_and_timeline_from_the_store(tmp_path, evidence):
    claims = write_claims(tmp_path, evidence=evidence)
    parsed = first_process(claims)
    reference = ComputedTimeline(parsed)

    stored = load_dataset(DEFAULT_DISTRICTS, claims)
    assert loader.last_claims_path() == "store"
    timeline = timeline_of(stored)
    assert isinstance(timeline, arrowstore.StoredTimeline)
    assert stored.uses_evidence == parsed.uses_evidence == evidence

    # the first map's question first, before anything else was decoded
    last = parsed.dates[-1]
    assert timeline.states_on(last) == reference.states_on(last)
    assert any(c.places for c in parsed.claims)
    for view in reference.views:
        for district in parsed.gazetteer.unit_ids:  # districts and places
            assert timeline.changes(district, view) == reference.changes(district, view), (view, district)
    for day in parsed.dates[::7]:
        assert stored.claims_on(day) == parsed.claims_on(day)
    for district in parsed.gazetteer.unit_ids:
        assert stored.claims_about(district) == parsed.claims_about(district)
    assert stored.claim_counts() == parsed.claim_counts()
    assert stored.report_counts() == parsed.report_counts()
    assert stored.claim(parsed.claims[-1].id) == parsed.claims[-1]
    assert "no-such-claim" not in stored.claims_by_id
    for field in ("gazetteer", "parties", "sources", "settings"):
        assert getattr(stored, field) == getattr(parsed, field), field
    assert (stored.dates, stored.claims_path, stored.acled) == (parsed.dates, parsed.claims_path, parsed.acled)
    assert tuple(stored.claims) == tuple(parsed.claims)
    assert stored.graded("C").claims == parsed.graded("C").claims


def test_claims_built_one_by_one_equal_those_built_all_at_once(tmp_path):
    claims = write_claims(tmp_path, evidence=True)
    parsed = first_process(claims)
    one_by_one = load_dataset(DEFAULT_DISTRICTS, claims).claims
    singles = [one_by_one[i] for i in range(len(one_by_one))]
    assert singles == list(parsed.claims)
    assert one_by_one[-1] == parsed.claims[-1] and one_by_one[2:5] == list(parsed.claims[2:5])
    with pytest.raises(IndexError):
        one_by_one[len(one_by_one)]


def test_an_edited_file_is_never_served_from_the_store(tmp_path):
    claims = write_claims(tmp_path)
    parsed = first_process(claims)
    text = claims.read_text(encoding="utf-8").replace(f"id: {parsed.claims[0].id}\n", f"id: {parsed.claims[0].id}-edited\n", 1)
    claims.write_text(text, encoding="utf-8")
    old = time.time() - 10
    os.utime(claims, (old, old))

    edited = load_dataset(DEFAULT_DISTRICTS, claims)
    assert loader.last_claims_path() in ("fast", "slow")
    assert edited.claims[0].id == f"{parsed.claims[0].id}-edited"


def test_other_code_is_another_key(tmp_path, monkeypatch):
    claims = write_claims(tmp_path)
    first_process(claims)
    monkeypatch.setattr(store, "_CODE_DIGEST", ["0" * 64])  # as if the rules had changed
    load_dataset(DEFAULT_DISTRICTS, claims)
    assert loader.last_claims_path() in ("fast", "slow")


def _rewrite(entry, name, table):
    """Replace one table and fix its checksum, as a deliberate tamperer would."""
    with pa.OSFile(str(entry / name), "wb") as sink, ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    manifest = json.loads((entry / "manifest.json").read_text())
    manifest["files"][name] = hashlib.sha256((entry / name).read_bytes()).hexdigest()
    (entry / "manifest.json").write_text(json.dumps(manifest))


def _flip_a_byte(entry, name):
    path = entry / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _out_of_range_state(entry, name):
    table = ipc.open_file(pa.py_buffer((entry / name).read_bytes())).read_all()
    claims = table.column("claims").to_pylist()
    claims[0] = [10**6]
    _rewrite(entry, name, table.set_column(3, "claims", pa.array(claims, pa.list_(pa.int32()))))


def _other_schema(entry, name):
    table = ipc.open_file(pa.py_buffer((entry / name).read_bytes())).read_all()
    _rewrite(entry, name, table.drop_columns(["quote"]))


def _truncated(entry, name):
    path = entry / name
    path.write_bytes(path.read_bytes()[:100])


def _no_manifest(entry, name):
    (entry / "manifest.json").unlink()


def _a_pickle_in_the_manifest(entry, name):
    manifest = json.loads((entry / "manifest.json").read_text())
    manifest["files"]["claims.pickle"] = "0" * 64
    (entry / "manifest.json").write_text(json.dumps(manifest))


def _a_fifo(entry, name):
    (entry / name).unlink()
    os.mkfifo(entry / name)  # opened by name, it would block for ever


def _dev_zero(entry, name):
    (entry / name).unlink()
    (entry / name).symlink_to("/dev/zero")  # size 0 on disk, endless when read


@pytest.mark.parametrize(
    ("damage", "name"),
    [
        (_a_fifo, "claims.arrow"),
        (_a_fifo, "manifest.json"),
        (_dev_zero, "words.arrow"),
        (_flip_a_byte, "claims.arrow"),
        (_flip_a_byte, "meta.json"),
        (_truncated, "states.arrow"),
        (_out_of_range_state, "states.arrow"),
        (_other_schema, "claims.arrow"),
        (_no_manifest, None),
        (_a_pickle_in_the_manifest, None),
    ],
    ids=["fifo", "fifo-manifest", "dev-zero",
         "flipped-byte", "flipped-meta", "truncated", "tampered-index", "other-schema", "no-manifest", "extra-file"],
)
def test_a_damaged_entry_is_ignored_deleted_and_rebuilt(tmp_path, caplog, damage, name):
    claims = write_claims(tmp_path)
    parsed = first_process(claims)
    (entry,) = entries()
    damage(entry, name)

    with caplog.at_level(logging.WARNING, logger="yamldata.store"):
        dataset = load_dataset(DEFAULT_DISTRICTS, claims)
    assert loader.last_claims_path() in ("fast", "slow")
    assert tuple(dataset.claims) == tuple(parsed.claims)
    assert not entry.exists()
    assert "ignoring the stored dataset" in caplog.text

    timeline = timeline_of(dataset)
    loader.store_in_background(dataset, timeline).join()  # rebuilt, and read next time
    loader.clear_cache()
    load_dataset(DEFAULT_DISTRICTS, claims)
    assert loader.last_claims_path() == "store"


def test_the_store_keeps_at_most_its_limit_least_recently_used_first_out(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "MAX_ENTRIES", 2)
    files = [write_claims(tmp_path, n=80, seed=seed) for seed in range(3)]
    first_process(files[0])
    time.sleep(0.05)
    first_process(files[1])
    time.sleep(0.05)
    load_dataset(DEFAULT_DISTRICTS, files[0])  # used again: now the most recent
    assert loader.last_claims_path() == "store"
    time.sleep(0.05)
    first_process(files[2])
    assert len(entries()) == 2
    loader.clear_cache()
    load_dataset(DEFAULT_DISTRICTS, files[1])
    assert loader.last_claims_path() != "store"  # the least recently used went
    loader.clear_cache()
    load_dataset(DEFAULT_DISTRICTS, files[0])
    assert loader.last_claims_path() == "store"


def test_the_store_keeps_within_its_byte_limit_and_clears_half_written_entries(tmp_path):
    claims = write_claims(tmp_path)
    first_process(claims)
    root = store.store_dir()
    (entry,) = entries()
    stale = root / ".part-dead"
    stale.mkdir()
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    fresh = root / ".part-writing"
    fresh.mkdir()
    removed = store.prune(root, max_entries=10, max_bytes=1)
    assert stale in removed and not stale.exists()
    assert fresh.exists()  # another process may be writing it now
    assert entry.exists()  # the newest entry stays even over the byte limit: else nothing could be stored


def test_small_files_are_not_stored(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "MIN_BYTES", 1 << 20)
    claims = write_claims(tmp_path, n=50)
    dataset = load_dataset(DEFAULT_DISTRICTS, claims)
    assert loader.store_in_background(dataset, timeline_of(dataset)) is None
    assert not store.store_dir().exists()


def test_the_store_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTROL_MAP_STORE", "0")
    claims = write_claims(tmp_path, n=50)
    dataset = load_dataset(DEFAULT_DISTRICTS, claims)
    assert loader.store_in_background(dataset, timeline_of(dataset)) is None
    assert not store.store_dir().exists()


def test_an_unwritable_store_is_only_a_warning(tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("CONTROL_MAP_CACHE_DIR", str(blocker))
    claims = write_claims(tmp_path, n=50)
    dataset = load_dataset(DEFAULT_DISTRICTS, claims)
    with caplog.at_level(logging.WARNING, logger="yamldata.store"):
        loader.store_in_background(dataset, timeline_of(dataset)).join()
    assert "could not store the dataset" in caplog.text


def test_a_restart_on_an_unchanged_file_does_not_even_read_it(tmp_path, monkeypatch):
    claims = write_claims(tmp_path)
    first_process(claims)
    read = []
    original = loader.yamlsource.read_bytes
    monkeypatch.setattr(loader.yamlsource, "read_bytes", lambda path, label: read.append(label) or original(path, label))
    load_dataset(DEFAULT_DISTRICTS, claims)
    assert loader.last_claims_path() == "store"
    assert str(claims) not in read  # its digest was remembered for its (size, mtime, inode, ctime)

    loader.clear_cache()
    claims.write_bytes(claims.read_bytes())  # same bytes, rewritten: ctime moves, so it is hashed again
    old = time.time() - 10
    os.utime(claims, (old, old))
    load_dataset(DEFAULT_DISTRICTS, claims)
    assert str(claims) in read
    assert loader.last_claims_path() == "store"  # same content, same entry


def test_a_start_from_the_store_does_not_import_pandas(tmp_path):
    """pandas costs ~0.3 s and 300 modules to import: a third of a start at a million claims.

    (pyarrow imports it on the first conversion from Python values; ``claims_about``,
    asked only once a reader picks a district, still pays that once.)
    """
    import subprocess
    import sys

    from yamldata.loader import REPO_ROOT

    claims = write_claims(tmp_path)
    first_process(claims)
    script = (
        "import sys\n"
        "from yamldata import loader, store\n"
        "store.MIN_BYTES = 0\n"
        f"dataset = loader.load_dataset({str(DEFAULT_DISTRICTS)!r}, {str(claims)!r})\n"
        "assert loader.last_claims_path() == 'store', loader.last_claims_path()\n"
        "timeline = loader.timeline_of(dataset)\n"
        "day = dataset.dates[-1]\n"
        "steps = [lambda: timeline.states_on(day), lambda: dataset.claims_on(day), dataset.claim_counts, dataset.report_counts]\n"
        "for number, step in enumerate(steps):\n"
        "    step()\n"
        "    if 'pandas' in sys.modules:\n"
        "        print('imported by step', number)\n"
        "        break\n"
        "else:\n"
        "    print('not imported')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=REPO_ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "not imported"


def test_change_categories_from_two_columns_equal_the_states(tmp_path):
    claims = write_claims(tmp_path, evidence=True)
    parsed = first_process(claims)
    reference = ComputedTimeline(parsed)
    timeline = timeline_of(load_dataset(DEFAULT_DISTRICTS, claims))
    assert isinstance(timeline, arrowstore.StoredTimeline)
    assert any(c.places for c in parsed.claims)
    for view in reference.views:
        for district in parsed.gazetteer.unit_ids:  # districts and places
            expected = [(d, s.status, s.holder) for d, s in reference.changes(district, view)]
            assert timeline.change_categories(district, view) == reference.change_categories(district, view) == expected
    with pytest.raises(ValueError, match="unknown view"):
        timeline.change_categories(parsed.gazetteer.ids[0], "nobody")


def test_the_code_digest_covers_the_rules_and_the_validator():
    """A change to the rules (core) or to validation (yamldata) must give new store entries, never old ones."""
    covered = {f"{p.parent.name}/{p.name}" for p in store.code_sources()}
    assert {"core/rules.py", "core/model.py", "yamldata/validate.py", "yamldata/store.py"} <= covered
    assert all(p.is_file() for p in store.code_sources())
