"""components.identity: cache tokens that a new object at a freed object's address never shares."""

from __future__ import annotations

import gc

from components.identity import token


class _Thing:
    pass


def test_same_live_object_same_token():
    thing = _Thing()
    assert token(thing) == token(thing)
    assert token(thing) != token(_Thing())


def test_object_at_a_freed_address_gets_a_new_token():
    seen: dict[int, int] = {}
    reused = 0
    for _ in range(2000):  # CPython hands a freed object's address to the next one of its size
        thing = _Thing()
        number = token(thing)
        if id(thing) in seen:
            reused += 1
            assert number != seen[id(thing)]
        seen[id(thing)] = number
        del thing
        gc.collect(0)
    assert reused > 0  # else this test checked nothing: addresses were never reused
