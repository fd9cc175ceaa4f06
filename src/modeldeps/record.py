"""``@record``: immutable, slotted, typed value classes that cost almost nothing to define.

Every stage exchanges values (references, records, findings, options), and the
pre-commit hook defines all of them on every commit. ``dataclasses`` generates
and compiles source for each class (0.2-1.3 ms apiece, ~36 classes) and
imports ``inspect`` and friends; this decorator builds the same behaviour from
a few shared functions instead: keyword and positional ``__init__`` with
defaults and ``field(default_factory=...)``, frozen attributes, ``__eq__`` and
``__hash__`` over the fields, optional ordering, ``__repr__``, pickling (the
scanner sends values back from worker processes), ``__match_args__`` and
:func:`replace`. Type checkers see dataclass semantics through
``dataclass_transform``; at run time ``typing`` is never imported.
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    from typing_extensions import dataclass_transform

    T = TypeVar("T")
else:

    def dataclass_transform(**_kw: object) -> object:
        return lambda f: f


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record."""


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


class Field:
    """A field default given by a factory (a fresh list per instance), or hidden from repr."""

    __slots__ = ("default", "default_factory", "repr")

    def __init__(
        self,
        default: object = MISSING,
        default_factory: Callable[[], object] | None = None,
        repr: bool = True,
    ) -> None:
        self.default = default
        self.default_factory = default_factory
        self.repr = repr


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | None = None,
    repr: bool = True,
) -> Any:
    """Like ``dataclasses.field``: ``default_factory`` for mutable defaults, ``repr=False``."""
    return Field(default, default_factory, repr)


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    spec = self._record_spec
    if len(args) > len(spec):
        raise TypeError(f"{type(self).__name__}() takes {len(spec)} arguments, got {len(args)}")
    for i, (name, setter, default, factory) in enumerate(spec):
        if i < len(args):
            value = args[i]
            if name in kwargs:
                raise TypeError(f"{type(self).__name__}() got two values for {name!r}")
        elif name in kwargs:
            value = kwargs.pop(name)
        elif factory is not None:
            value = factory()
        elif default is not MISSING:
            value = default
        else:
            raise TypeError(f"{type(self).__name__}() missing argument {name!r}")
        setter(self, value)
    if kwargs:  # every known name was consumed above
        raise TypeError(f"{type(self).__name__}() got an unexpected argument {min(kwargs)!r}")
    post = getattr(self, "__post_init__", None)
    if post is not None:
        post()


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return bool(self._record_values(self) == other._record_values(other))


def _hash(self: Any) -> int:
    return hash(self._record_values(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._record_repr)
    return f"{type(self).__qualname__}({shown})"


def _reduce(self: Any) -> tuple[Any, ...]:
    return (type(self), self._record_values(self))


def _ordering(op: str) -> Callable[[Any, Any], Any]:
    def compare(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        a, b = self._record_values(self), other._record_values(other)
        return getattr(a, op)(b)

    compare.__name__ = op
    return compare


_ORDER = {op: _ordering(op) for op in ("__lt__", "__le__", "__gt__", "__ge__")}


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(
    cls: type[T] | None = None,
    /,
    *,
    frozen: bool = True,
    order: bool = False,
) -> Any:
    """Make ``cls`` a slotted value class from its annotated fields (see the module doc).

    ``frozen=False`` gives a mutable, unhashable record (counters, builders).
    """

    def wrap(c: type[T]) -> type[T]:
        return _build(c, frozen=frozen, order=order)

    return wrap if cls is None else wrap(cls)


def _own_annotations(cls: type) -> dict[str, object]:
    # the class's own, as written (strings under PEP 563); inspect costs a hook run ~10 ms
    return cls.__dict__.get("__annotations__", {})  # type: ignore[no-any-return]  # noqa: RUF063


def _build(cls: type[T], *, frozen: bool, order: bool) -> type[T]:
    names = tuple(n for n in _own_annotations(cls) if not _classvar(cls, n))
    namespace = {
        k: v
        for k, v in cls.__dict__.items()
        if k not in names and k not in ("__dict__", "__weakref__")
    }
    defaults: dict[str, tuple[object, Callable[[], object] | None, bool]] = {}
    for name in names:
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, Field):
            defaults[name] = (value.default, value.default_factory, value.repr)
        else:
            defaults[name] = (value, None, True)
    seen_default = False
    for name in names:
        has = defaults[name][0] is not MISSING or defaults[name][1] is not None
        if seen_default and not has:
            raise TypeError(f"{cls.__name__}: field {name!r} without a default follows one with")
        seen_default = seen_default or has
    namespace["__slots__"] = names
    namespace["__match_args__"] = names
    namespace["__record_fields__"] = names
    namespace["__init__"] = _init
    namespace["__repr__"] = _repr
    namespace["__eq__"] = _eq
    namespace["__reduce__"] = _reduce
    if frozen:
        namespace["__setattr__"] = _frozen_setattr
        namespace["__delattr__"] = _frozen_delattr
        namespace["__hash__"] = _hash
    else:
        namespace["__hash__"] = None
    if order:
        namespace.update(_ORDER)
    metaclass: Any = type(cls)
    new: Any = metaclass(cls.__name__, cls.__bases__, namespace)
    new.__qualname__ = cls.__qualname__
    spec = tuple(
        (name, getattr(new, name).__set__, defaults[name][0], defaults[name][1]) for name in names
    )
    getter = attrgetter(*names) if len(names) > 1 else None
    new._record_spec = spec
    new._record_values = getter if getter else (lambda o: tuple(getattr(o, n) for n in names))
    new._record_repr = tuple(n for n in names if defaults[n][2])
    result: type[T] = new
    return result


def _classvar(cls: type, name: str) -> bool:
    annotation = _own_annotations(cls).get(name)
    return isinstance(annotation, str) and annotation.startswith(("ClassVar", "typing.ClassVar"))


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of the record ``obj`` with some fields changed (``dataclasses.replace``)."""
    cls = type(obj)
    values = {n: getattr(obj, n) for n in cls.__record_fields__}  # type: ignore[attr-defined]
    values.update(changes)
    return cls(**values)


def fields(cls: type) -> tuple[str, ...]:
    """The field names of a record class, in order."""
    return cls.__record_fields__  # type: ignore[attr-defined, no-any-return]
