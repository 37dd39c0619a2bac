"""The model's objects: frozen slots dataclasses, and their fast constructor."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle

import pytest

from core.model import Claim, District, Seat, Source, fast_constructor
from core.rules import DistrictState, Word

CLAIM = ("c1", dt.date(2021, 9, 5), "wire", "held", ("north",), "red", "q", "AP", None, None, False, ("North",), 12)
CLAIM += (None, True, 1320, ("c0",), True, ("pass",), ("Pass",))  # party, hedged, time, after, undated, places, place_refs


@pytest.mark.parametrize(
    ("cls", "values"),
    [
        (Claim, CLAIM),
        (Word, ("red", dt.date(2021, 9, 5), "present", "red", ("c1",), True, ("c2",), True, dt.date(2021, 9, 4), True)),
        (DistrictState, ("claimed", "red", ("c1",), ())),
        (Seat, (35.0, 69.5)),
    ],
)
def test_fast_constructor_builds_an_equal_object(cls, values):
    made, plain = fast_constructor(cls)(*values), cls(*values)
    assert type(made) is cls and made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert dataclasses.astuple(made) == values
    assert pickle.loads(pickle.dumps(made)) == plain
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.__setattr__(dataclasses.fields(cls)[0].name, "changed")


def test_fast_constructor_wants_every_field():
    with pytest.raises(TypeError):
        fast_constructor(DistrictState)("unknown")  # no defaults: the hot loops pass everything


def test_fast_constructor_refuses_what_it_would_build_wrongly():
    @dataclasses.dataclass(frozen=True)
    class WithDict:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            if self.a < 0:
                raise ValueError

    for cls in (WithDict, Checked):
        with pytest.raises(TypeError):
            fast_constructor(cls)


def test_model_objects_have_no_per_instance_dict():
    """Slots: a million claims without a million dicts."""
    claim = Claim(*CLAIM)
    for obj in (claim, District("north", "North"), Source("wire", "Wire"), Seat(1.0, 2.0)):
        assert not hasattr(obj, "__dict__")
    assert dataclasses.replace(claim, quote="other").quote == "other"
