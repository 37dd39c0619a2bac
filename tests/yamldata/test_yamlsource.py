"""Hostile or broken files end in a clear error within seconds, never a traceback or a hang."""

from __future__ import annotations

import time

import pytest

from core.errors import ValidationError
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
