"""The fast path (yaml-rs + checks that never word a message) reads exactly what the slow path reads.

Every case loads the same files twice: through ``load_dataset`` as shipped, and with
yaml-rs taken away (the line-tracking PyYAML path only). Datasets, or the lists of
``FILE:LINE: message``, must be identical, whatever the file holds.
"""

from __future__ import annotations

import os
import time

import pytest

from benchmarks.generate import claims_yaml
from core.errors import ValidationError
from yamldata import chunkworker, loader, yamlsource
from yamldata.loader import DEFAULT_CLAIMS, DEFAULT_DISTRICTS, load_dataset, load_gazetteer
from yamldata.validate import Unsure, check_claims_fast

HEAD = """\
parties:
  - {id: red, name: Red Army, color: "#d55e00"}
  - {id: blue, name: Blue Front, color: "#0072b2"}
sources:
  - {id: red-spox, name: Red spokesman, party: red}
  - {id: wire, name: Wire service}
claims:
"""
CLAIM = """\
  - id: c{n}
    date: 2021-09-05
    source: wire
    districts: [North]
    status: held
    holder: red
    quote: "words"
"""


def outcome(districts, claims):
    """The dataset, or the problems as text; and which path read the claims."""
    loader.clear_cache()
    try:
        return loader.load_dataset(districts, claims), loader.last_claims_path()
    except ValidationError as exc:
        return [str(p) for p in exc.problems], loader.last_claims_path()



@pytest.fixture(autouse=True)
def fast_path_for_small_files(monkeypatch):
    """The fast path normally starts at 1 MiB; these tests use small files."""
    monkeypatch.setattr(yamlsource, "FAST_MIN_BYTES", 0)


#: Chunks of 16 KiB (about 75 generated claims) instead of 512 KiB: a few hundred claims
#: make many chunks, cut and put together again by the same code, and the builder that
#: reads the whole file to compare takes a tenth of the time.
SMALL_CHUNK_BYTES = 1 << 14


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(yamlsource, "FAST_CHUNK_BYTES", SMALL_CHUNK_BYTES)


def chunk_count(claims) -> int:
    """How many chunks the fast path cuts the claims list of the file ``claims`` into."""
    return len(yamlsource.parse_fast(claims.read_bytes(), str(claims), "claims")._bounds)


def both(districts, claims, monkeypatch):
    fast, path = outcome(districts, claims)
    with monkeypatch.context() as patch:
        patch.setattr(yamlsource, "yaml_rs", None)
        slow, slow_path = outcome(districts, claims)
    assert slow_path == "slow" or isinstance(slow, list)
    return fast, slow, path


def test_committed_files_read_the_same_both_ways(monkeypatch):
    fast, slow, path = both(DEFAULT_DISTRICTS, DEFAULT_CLAIMS, monkeypatch)
    assert path == "fast"
    assert fast == slow
    assert [c.line for c in fast.claims] == [c.line for c in slow.claims]  # lines too, not only values


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_claims_read_the_same_both_ways(tmp_path, monkeypatch, seed):
    gazetteer = load_gazetteer(DEFAULT_DISTRICTS)
    claims = tmp_path / "claims.yaml"
    claims.write_text(claims_yaml(gazetteer, 3000, seed), encoding="utf-8")
    fast, slow, path = both(DEFAULT_DISTRICTS, claims, monkeypatch)
    assert path == "fast" and isinstance(fast, loader.Dataset)
    assert fast == slow
    assert [c.line for c in fast.claims] == [c.line for c in slow.claims]


def test_many_chunks(tmp_path, monkeypatch, small_chunks):
    gazetteer = load_gazetteer(DEFAULT_DISTRICTS)
    claims = tmp_path / "claims.yaml"
    claims.write_text(claims_yaml(gazetteer, 600, 3), encoding="utf-8")
    assert chunk_count(claims) >= 7  # several for each child
    fast, slow, path = both(DEFAULT_DISTRICTS, claims, monkeypatch)
    assert path == "fast" and fast == slow


LAYOUTS = {
    "plain": HEAD + CLAIM.format(n=1) + CLAIM.format(n=2),
    "value on the next line": HEAD + "  -\n    id: c1\n" + CLAIM.format(n=2)[len("  - id: c2\n") :] + CLAIM.format(n=2),
    "comment after the dash": HEAD + "  - # first\n    id: c1\n    date: 2021-09-05\n    source: wire\n    districts: [North]\n"
    "    status: held\n    holder: red\n    quote: q\n" + CLAIM.format(n=2),
    "comments and blank lines between items": HEAD + "\n# a comment at column 0\n" + CLAIM.format(n=1) + "\n  # indented\n\n"
    + CLAIM.format(n=2),
    "items at column 0": HEAD + (CLAIM.format(n=1) + CLAIM.format(n=2)).replace("\n  ", "\n").removeprefix("  "),
    "items indented by 4": HEAD + "".join("  " + line for line in (CLAIM.format(n=1) + CLAIM.format(n=2)).splitlines(True)),
    "a key after the list": HEAD + CLAIM.format(n=1) + "acled:\n  actors:\n    - {match: Red, party: red}\n  source_prefix: acled\n",
    "a duplicate claims key after the list": HEAD + CLAIM.format(n=1) + "claims:\n" + CLAIM.format(n=2),
    "CRLF line breaks": (HEAD + CLAIM.format(n=1) + CLAIM.format(n=2)).replace("\n", "\r\n"),
    "byte order mark": "\ufeff" + HEAD + CLAIM.format(n=1),
    "block list of districts": HEAD + CLAIM.format(n=1).replace("[North]", "\n      - North\n      - O'Sharq"),
    "quoted date": HEAD + CLAIM.format(n=1).replace("2021-09-05", '"2021-09-05"'),
    "flow-style claim": HEAD + '  - {id: c1, date: 2021-09-05, source: wire, districts: all, status: held, holder: red, quote: "q"}\n',
    "flow-style list": HEAD.replace("claims:\n", "claims: [")
    + '{id: c1, date: 2021-09-05, source: wire, districts: all, status: contested, quote: "q"}]\n',
    "multi-line quote": HEAD + CLAIM.format(n=1).replace('"words"', '"words\n      that go on\n  - id: not-an-item"'),
    "block scalar quote": HEAD + CLAIM.format(n=1).replace('"words"', "|\n      line one\n      line two"),
    "anchors and aliases": HEAD + CLAIM.format(n=1).replace("[North]", "&n [North]") + CLAIM.format(n=2).replace("[North]", "*n"),
    "alias across chunks": HEAD + CLAIM.format(n=1).replace("source: wire", "source: &s wire")
    + "".join(CLAIM.format(n=i).replace("source: wire", "source: *s") for i in range(2, 400)),  # 3 chunks of 16 KiB
    "a second document": HEAD + CLAIM.format(n=1) + "---\nparties: []\n",
    "tabs": HEAD + CLAIM.format(n=1).replace("status: held", "status:\theld"),
}


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layouts_read_the_same_both_ways(files, monkeypatch, small_chunks, name):
    files.write_claims_text(LAYOUTS[name])
    if name == "alias across chunks":
        assert chunk_count(files.claims) >= 3
    fast, slow, _ = both(files.districts, files.claims, monkeypatch)
    assert fast == slow
    if not isinstance(fast, list):
        assert [c.line for c in fast.claims] == [c.line for c in slow.claims]


# Plain scalars that YAML 1.1 (PyYAML) and 1.2 (yaml-rs) read differently, and other
# values the fast path must never accept where the slow path would refuse them.
TRICKY = [
    "yes", "No", "on", "OFF", "y", "n", "true", "null", "~", "''", "010", "0o17", "08", "1_000", "1:20", "-.5", "1e3",
    "0x1F", ".inf", ".NaN", "2021-09-05", "2021-9-5", "2021-09-05T10:00", "2021-09-05 10:00:00", "=", "<<", "!foo x",
    "!!str 12", "!!binary aGVsbG8=", '"\\x07bell"', '"\\u2028"', "'it''s'", '" padded "', "a\x07b", "caf\u00e9", "- x",
    "[a, b]", "{a: 1}", "&x a", "*nowhere",
]
FIELDS = ["id", "date", "source", "districts", "status", "holder", "quote", "reported_by", "report", "url"]


class ChildInThisProcess:
    """A yaml-rs child's work done in this process: the same chunks, read by the same
    :func:`chunkworker.answers`, without the process. Starting one costs about 40 ms, and the
    410 one-chunk files below would spend most of their time on that; the children
    themselves are tested by every other test here."""

    def __init__(self, shared: int) -> None:
        self.answers: list = []

    def send(self, work: tuple) -> None:
        self.answers = list(chunkworker.answers(*work))

    def result(self) -> tuple:
        return self.answers.pop(0)

    def close(self) -> None:
        pass


@pytest.mark.parametrize("field", FIELDS)
def test_scalars_that_yaml_versions_read_differently(files, monkeypatch, field):
    monkeypatch.setattr(yamlsource, "FAST_WORKERS", 1)
    monkeypatch.setattr(yamlsource, "_Worker", ChildInThisProcess)
    for value in TRICKY:
        claim = CLAIM.format(n=1)
        line = next((line for line in claim.splitlines() if line.strip().removeprefix("- ").startswith(f"{field}:")), None)
        if line is None:
            claim += f"    {field}: {value}\n"
        else:
            claim = claim.replace(line, f"{line.split(':')[0]}: {value}")
        files.write_claims_text(HEAD + claim + CLAIM.format(n=2))
        fast, slow, _ = both(files.districts, files.claims, monkeypatch)
        assert fast == slow, f"{field}: {value!r}"


def test_a_problem_deep_in_a_large_file_names_its_line(tmp_path, small_chunks):
    gazetteer = load_gazetteer(DEFAULT_DISTRICTS)
    text = claims_yaml(gazetteer, 600, 4)
    lines = text.splitlines(keepends=True)
    target = next(i for i in range(len(lines) // 2, len(lines)) if lines[i].startswith("    source: "))
    lines[target] = "    source: nobody\n"
    claims = tmp_path / "claims.yaml"
    claims.write_text("".join(lines), encoding="utf-8")
    assert chunk_count(claims) >= 7  # the problem in a chunk well after the first
    loader.clear_cache()
    with pytest.raises(ValidationError) as info:
        loader.load_dataset(DEFAULT_DISTRICTS, claims)
    [problem] = info.value.problems
    assert loader.last_claims_path() == "slow"
    assert str(problem).startswith(f"{claims}:{target + 1}: unknown source 'nobody'")


def fast_error(files, text: str) -> str:
    """The message for a hostile claims list, which must reach (and be refused by) the fast path first."""
    files.write_claims_text(text)
    document = yamlsource.parse_fast(files.claims.read_bytes(), str(files.claims), "claims")
    with pytest.raises((yamlsource.FastPathRefused, Unsure)):
        check_claims_fast(document, str(files.claims), load_gazetteer(files.districts))
    loader.clear_cache()
    start = time.monotonic()
    with pytest.raises(ValidationError) as info:
        loader.load_dataset(files.districts, files.claims)
    assert time.monotonic() - start < 10
    return str(info.value)


def test_alias_bomb_in_the_claims_list_is_stopped(files):
    bomb = ['  - &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        bomb.append(f"  - &{cur} [{','.join(['*' + prev] * 9)}]")
    assert "aliases expand too far" in fast_error(files, HEAD + "\n".join(bomb) + "\n")


@pytest.mark.parametrize("depth", [300, 200_000])
def test_deep_compact_nesting_in_the_claims_list_is_stopped(files, depth):
    # yaml-rs recurses and its stack overflows near 100k levels: such items must never reach it.
    text = HEAD + "  - " + "- " * depth + "x\n"
    if depth > 10_000:
        document = yamlsource.parse_fast(text.encode(), "x", "claims")
        with pytest.raises(yamlsource.FastPathRefused, match="builder"):
            list(document.chunks(("id",)))
    assert "nested too deeply" in fast_error(files, text)


def test_deep_flow_nesting_in_the_claims_list_is_stopped(files):
    message = fast_error(files, HEAD + "  - " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert "nested too deeply" in message or "YAML syntax error" in message


def test_without_yaml_rs_everything_still_loads(monkeypatch):
    monkeypatch.setattr(yamlsource, "yaml_rs", None)
    loader.clear_cache()
    assert len(loader.load_dataset().claims) > 0
    assert loader.last_claims_path() == "slow"


def test_unchanged_files_are_not_read_again(tmp_path, monkeypatch):
    claims = tmp_path / "claims.yaml"
    claims.write_bytes(DEFAULT_CLAIMS.read_bytes())
    old = time.time() - 60
    os.utime(claims, (old, old))
    loader.clear_cache()
    first = loader.load_dataset(DEFAULT_DISTRICTS, claims)
    monkeypatch.setattr(yamlsource, "read_bytes", lambda *a: pytest.fail("re-read an unchanged file"))
    assert loader.load_dataset(DEFAULT_DISTRICTS, claims) is first


def test_a_changed_file_is_read_again(tmp_path):
    claims = tmp_path / "claims.yaml"
    claims.write_bytes(DEFAULT_CLAIMS.read_bytes())
    loader.clear_cache()
    first = loader.load_dataset(DEFAULT_DISTRICTS, claims)
    claims.write_bytes(DEFAULT_CLAIMS.read_bytes().replace(b"Wire", b"Wire"))  # same bytes, same size
    assert loader.load_dataset(DEFAULT_DISTRICTS, claims) is first  # same content: cached by digest
    text = DEFAULT_CLAIMS.read_text(encoding="utf-8").replace("Bill Roggio", "Bill Roggia")  # same size, new content
    claims.write_text(text, encoding="utf-8")
    second = loader.load_dataset(DEFAULT_DISTRICTS, claims)
    assert second is not first and second.source("roggio").name == "Bill Roggia"


def test_a_crash_of_the_fast_parser_only_means_the_slow_path(monkeypatch):
    """yaml-rs runs in a child process: a native crash there falls back to the builder."""
    monkeypatch.setattr(yamlsource, "_WORKER", "import os; os.abort()")
    loader.clear_cache()
    dataset = load_dataset(DEFAULT_DISTRICTS, DEFAULT_CLAIMS)
    assert loader.last_claims_path() == "slow"
    assert len(dataset.claims) > 20


def test_small_files_never_start_the_fast_parser(monkeypatch):
    monkeypatch.setattr(yamlsource, "FAST_MIN_BYTES", 1 << 20)
    monkeypatch.setattr(yamlsource.subprocess, "Popen", lambda *a, **k: pytest.fail("started a yaml-rs child process"))
    loader.clear_cache()
    load_dataset(DEFAULT_DISTRICTS, DEFAULT_CLAIMS)
    assert loader.last_claims_path() == "slow"


# ---- rows: what the yaml-rs child hands over ---------------------------------------


def test_rows_are_the_values_of_the_fields_in_order():
    items = [{"id": "c1", "quote": "q"}, {"id": "c2", "extra": 1}, ["not", "a", "mapping"], {}]
    assert yamlsource.rows(items, ("id", "date", "quote")) == [("c1", None, "q"), None, None, (None, None, None)]


def test_rows_share_equal_repeating_values_and_nothing_else():
    import datetime as dt

    items = [{"source": "".join(["wi", "re"]), "date": dt.date(2021, 9, 5), "quote": "q"} for _ in range(2)]
    (a, b) = yamlsource.rows(items, ("source", "date", "quote"), ("source", "date"))
    assert a == b and a[0] is b[0] and a[1] is b[1]
    assert items[0]["source"] is not items[1]["source"]  # the items themselves are left alone


def test_rows_never_share_values_that_are_only_equal_as_keys():
    """1 == True == 1.0 as dict keys: sharing them would turn one into the other."""
    items = [{"holder": True}, {"holder": 1}, {"holder": 1.0}, {"holder": "1"}]
    found = [row[0] for row in yamlsource.rows(items, ("holder",), ("holder",))]
    assert [type(value) for value in found] == [bool, int, float, str]


def test_a_chunk_read_by_the_builder_stays_on_the_fast_path(tmp_path, monkeypatch, small_chunks):
    """A chunk yaml-rs may read otherwise (here a tag) goes to the builder, not the whole file."""
    gazetteer = load_gazetteer(DEFAULT_DISTRICTS)
    text = claims_yaml(gazetteer, 400, 5)
    first = text.index('    quote: "', len(text) // 2)  # a quote in the middle chunk
    text = text[:first] + "    quote: !!str 'tagged'\n" + text[text.index("\n", first) + 1 :]
    claims = tmp_path / "claims.yaml"
    claims.write_text(text, encoding="utf-8")
    assert chunk_count(claims) >= 5
    fast, slow, path = both(DEFAULT_DISTRICTS, claims, monkeypatch)
    assert path == "fast" and fast == slow
    assert "tagged" in {c.quote for c in fast.claims}


def test_a_long_item_between_chunks_goes_to_the_builder(tmp_path, monkeypatch, small_chunks):
    gazetteer = load_gazetteer(DEFAULT_DISTRICTS)
    data = claims_yaml(gazetteer, 400, 6).encode()
    claims = tmp_path / "claims.yaml"
    cut = yamlsource.parse_fast(data, str(claims), "claims")._bounds[1][0]  # the first item of the second chunk
    assert data[cut:].startswith(b"  - id: c")
    long_one = b"  - id: long-one\n    date: 2021-09-05\n    source: ap\n    status: statement\n" + b"    # padding\n" * 2000
    claims.write_bytes(data[:cut] + long_one + data[cut:])
    built = []
    builder = yamlsource._parse_with_builder
    monkeypatch.setattr(yamlsource, "_parse_with_builder", lambda chunk, label: built.append(chunk) or builder(chunk, label))
    document = yamlsource.parse_fast(claims.read_bytes(), str(claims), "claims")
    lines = [line for _, chunk_lines in document.chunks(("id",)) for line in chunk_lines]
    assert len(lines) == 401 and lines == sorted(lines)
    assert len(built) == 1 and b"long-one" in built[0]  # that chunk only
    fast, slow, path = both(DEFAULT_DISTRICTS, claims, monkeypatch)
    assert path == "fast" and fast == slow


def test_claims_naming_the_same_districts_share_their_tuples(files, monkeypatch):
    text = HEAD + "".join(
        CLAIM.format(n=n).replace("[North]", spelled)
        for n, spelled in enumerate(["[North, Jonub]", "[north, JONUB]", "[North, Jonub]", "North", "North"])
    )
    files.write_claims_text(text)
    fast, slow, path = both(files.districts, files.claims, monkeypatch)
    assert path == "fast" and fast == slow
    c0, c1, c2, c3, c4 = fast.claims
    assert c0.districts == ("north", "south") and c0.districts is c1.districts is c2.districts
    assert c0.district_refs is c2.district_refs and c1.district_refs == ("north", "JONUB")
    assert c3.district_refs == ("North",) and c3.district_refs is c4.district_refs


# ---- the children: chunks spread over them, and none left behind ------------------


@pytest.mark.parametrize("workers", [1, 3])
def test_chunks_spread_over_the_children_come_back_in_order(files, monkeypatch, workers):
    """Tiny chunks, every other one (or every third) to each child: items cut at every kind of item start."""
    monkeypatch.setattr(yamlsource, "FAST_CHUNK_BYTES", 150)
    monkeypatch.setattr(yamlsource, "FAST_WORKERS", workers)
    more = "".join(CLAIM.format(n=n) for n in range(3, 9))
    plain = ("value on the next line", "comment after the dash", "comments and blank lines between items")
    texts = {name: LAYOUTS[name] + more for name in plain}
    texts["items at column 0"] = HEAD + more.replace("\n  ", "\n").removeprefix("  ")
    texts["CRLF line breaks"] = (HEAD + more).replace("\n", "\r\n")
    texts["a key after the list"] = HEAD + more + LAYOUTS["a key after the list"].removeprefix(HEAD + CLAIM.format(n=1))
    for name, text in texts.items():
        files.write_claims_text(text)
        fast, slow, path = both(files.districts, files.claims, monkeypatch)
        assert path == "fast" and fast == slow, name
        assert [c.line for c in fast.claims] == [c.line for c in slow.claims], name


def test_no_child_outlives_a_file_the_fast_path_gives_up_on(files, monkeypatch):
    """The children start before the head is read: a head the checks refuse ends them, as a refused split does."""
    started = []
    children = yamlsource._Children

    def recorded():
        started.append(children())
        return started[-1]

    monkeypatch.setattr(yamlsource, "_Children", recorded)
    files.write_claims_text("colour: red\n" + HEAD + CLAIM.format(n=1) + CLAIM.format(n=2))  # a field the checks refuse
    _, path = outcome(files.districts, files.claims)
    files.write_claims_text(HEAD.replace("claims:\n", "claims: []\n"))  # no block list: the split refuses it
    _, other_path = outcome(files.districts, files.claims)
    assert path == other_path == "slow" and len(started) == 2
    assert all(worker.process.poll() is not None for both_children in started for worker in both_children.workers)
    assert all(both_children.file.closed for both_children in started)  # the bytes they shared are gone too


def test_without_a_temporary_file_the_builder_reads_the_file(files, monkeypatch):
    def refused():
        raise PermissionError("read-only /tmp")

    monkeypatch.setattr(yamlsource.tempfile, "TemporaryFile", refused)
    files.write_claims_text(HEAD + CLAIM.format(n=1) + CLAIM.format(n=2))
    fast, slow, path = both(files.districts, files.claims, monkeypatch)
    assert path == "slow" and fast == slow
