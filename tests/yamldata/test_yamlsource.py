"""Hostile or broken files end in a clear error within seconds, never a traceback or a hang."""

from __future__ import annotations

import os
import time

import pytest

from core.errors import ValidationError
from tests.cli import run
from yamldata import yamlsource
from yamldata.loader import load_dataset


def error_for(files, content: bytes | str) -> str:
    data = content.encode() if isinstance(content, str) else content
    files.claims.write_bytes(data)
    start = time.monotonic()
    with pytest.raises(ValidationError) as info:
        load_dataset(files.districts, files.claims)
    assert time.monotonic() - start < 10
    [problem] = info.value.problems
    return str(problem)


def test_empty_file(files):
    assert error_for(files, "").endswith(":1: file is empty")


def test_comments_only(files):
    assert "no content" in error_for(files, "# nothing here\n")


def test_non_utf8_bytes_name_their_line(files):
    message = error_for(files, b"parties: []\nsources: []\nclaims:\n  - id: caf\xe9\n")
    assert ":4: not UTF-8 text (byte 0xe9" in message


def test_binary_file(files):
    assert "NUL character" in error_for(files, b"parties: []\n\x00\x00")


def test_alias_bomb(files):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    assert "aliases expand too far" in error_for(files, "\n".join(lines) + "\n")


def test_deep_nesting(files):
    assert "nested too deeply" in error_for(files, "claims: " + "[" * 200 + "]" * 200 + "\n")


def test_very_deep_nesting(files):
    message = error_for(files, "[" * 100_000 + "]" * 100_000)
    assert "nested too deeply" in message or "YAML syntax error" in message


def test_file_over_the_size_limit(files, monkeypatch):
    monkeypatch.setattr(yamlsource, "MAX_BYTES", 1000)
    assert "the limit is" in error_for(files, "x: " + "y" * 2000)


def test_a_file_that_grows_past_the_limit_while_read_is_refused_by_what_was_read(files, monkeypatch):
    """The limit holds for the bytes read, not the size a stat reported a moment before."""
    monkeypatch.setattr(yamlsource, "MAX_BYTES", 1000)
    files.claims.write_text("x: " + "y" * 5000 + "\n")
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: _grown(fd, real_fstat))  # as if it had 5 bytes when opened
    with pytest.raises(ValidationError, match="file is more than 1000 bytes, the limit"):
        yamlsource.read_bytes(files.claims, str(files.claims))


def _grown(fd: int, real_fstat):
    result = real_fstat(fd)  # a regular file, but said to be 5 bytes long
    return os.stat_result((*result[:6], 5, *result[7:]))


@pytest.mark.parametrize("which", ["claims", "districts"])
@pytest.mark.parametrize(
    ("make", "kind"),
    [(lambda path: path.symlink_to("/dev/zero"), "a device"), (os.mkfifo, "a FIFO (named pipe)"), (os.mkdir, "a directory")],
    ids=["dev-zero", "fifo", "directory"],
)
def test_only_regular_files_are_read_and_the_others_are_refused_at_once(files, which, make, kind):
    """/dev/zero (size 0 on disk) filled the memory; a FIFO hung for ever."""
    path = getattr(files, which)
    path.unlink()
    make(path)
    start = time.monotonic()
    with pytest.raises(ValidationError) as info:
        load_dataset(files.districts, files.claims)
    assert time.monotonic() - start < 5
    assert f"{path}:1: is {kind}, not a regular file" in [str(p) for p in info.value.problems]


def test_the_command_line_refuses_dev_zero_and_a_fifo_at_once(tmp_path):
    """``validate`` in this process (tests/cli.py): an exception, a traceback's cause, fails the test itself."""
    fifo = tmp_path / "claims.yaml"
    os.mkfifo(fifo)
    for claims in ("/dev/zero", str(fifo)):
        done = run("validate", "--claims", claims)
        assert done.returncode == 1
        assert f"{claims}:1: is a " in done.stderr and "not a regular file" in done.stderr


def test_multi_megabyte_garbage_is_fast(files):
    assert "claims file must be a mapping" in error_for(files, "- " + "x" * 5_000_000 + "\n")


def test_top_level_list(files):
    assert ":1: the claims file must be a mapping of fields, not a list" in error_for(files, "- 1\n- 2\n")


def test_duplicate_keys(files):
    assert ":2: duplicate key 'parties' (first on line 1)" in error_for(files, "parties: []\nparties: []\n")


def test_missing_file(files):
    files.claims.unlink()
    with pytest.raises(ValidationError, match="file not found"):
        load_dataset(files.districts, files.claims)
