"""``@record``: the value-type decorator behaves like the frozen, slotted dataclasses it replaced."""

from __future__ import annotations

import pickle

import pytest

from modeldeps.record import FrozenInstanceError, field, fields, record, replace


@record(order=True)
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


@record
class Secretive:
    name: str
    token: str | None = field(default=None, repr=False)


@record(frozen=False)
class Counter:
    n: int = 0
    seen: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.n += len(self.seen)


def test_construction_by_position_keyword_and_default() -> None:
    assert Point(1, 2) == Point(x=1, y=2) == Point(1, y=2)
    assert Point(3).y == 0 and Point(3).tags == ()
    with pytest.raises(TypeError, match="missing argument 'x'"):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected argument 'z'"):
        Point(1, z=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="two values for 'x'"):
        Point(1, x=2)  # type: ignore[misc]
    with pytest.raises(TypeError, match="takes 3 arguments"):
        Point(1, 2, (), 4)  # type: ignore[call-arg]


def test_frozen_slotted_hashable() -> None:
    p = Point(1, 2)
    with pytest.raises(FrozenInstanceError):
        p.x = 3  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del p.x
    with pytest.raises(AttributeError):
        p.z = 1  # type: ignore[attr-defined]
    assert not hasattr(p, "__dict__")
    assert hash(Point(1, 2)) == hash(Point(1, 2)) and len({Point(1, 2), Point(1, 2)}) == 1
    assert Point(1, 2) != (1, 2, ())  # type: ignore[comparison-overlap]  # never a plain tuple


def test_order_and_equality_are_by_fields() -> None:
    assert sorted([Point(2), Point(1, 5), Point(1, 3)]) == [Point(1, 3), Point(1, 5), Point(2)]
    assert Point(1) < Point(1, 1) <= Point(1, 1) and Point(2) > Point(1) >= Point(1)
    with pytest.raises(TypeError):
        assert Secretive("a") < Secretive("b")  # type: ignore[operator]


def test_repr_hides_what_it_must() -> None:
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=())"
    assert "hf_secret" not in repr(Secretive("n", token="hf_secret"))


def test_pickle_replace_fields_match() -> None:
    p = Point(1, 2, ("a",))
    assert pickle.loads(pickle.dumps(p)) == p
    assert replace(p, y=9) == Point(1, 9, ("a",)) and p.y == 2
    assert fields(Point) == ("x", "y", "tags")
    match p:
        case Point(1, y, _):
            assert y == 2
        case _:
            raise AssertionError("no match")


def test_mutable_record_factory_and_post_init() -> None:
    a, b = Counter(), Counter(seen=["x", "y"])
    a.seen.append("z")
    assert Counter().seen == [] and b.n == 2
    a.n = 5
    assert a.n == 5
    with pytest.raises(TypeError):
        hash(a)


def test_a_default_before_a_required_field_is_refused() -> None:
    with pytest.raises(TypeError, match="without a default follows one with"):

        @record
        class Bad:
            a: int = 0
            b: int  # type: ignore[misc]
