"""Structs shared by the #3 API modules: tagged unions (tag=True, tag_field=, str and int tags,
inherited tag configuration), array_like Structs, and a generic Struct."""

from typing import Annotated, Generic, TypeVar

import msgspec
from msgspec import Meta

T = TypeVar("T")


class Spot(msgspec.Struct):
    x: int
    y: int = 0


# -- tagged unions -----------------------------------------------------------------------------


class Cat(msgspec.Struct, tag=True):
    """`tag=True`: the tag field is "type", the tag the class name."""

    name: str
    lives: int = 9


class Dog(msgspec.Struct, tag=True):
    name: str
    good: bool = True


class Circle(msgspec.Struct, tag_field="kind", tag="circle"):
    r: Annotated[float, Meta(ge=0)]


class Square(msgspec.Struct, tag_field="kind", tag="sq"):
    side: float


class Triangle(msgspec.Struct, tag_field="kind", tag="tri"):
    a: float
    b: float = 1.0
    c: float = 1.0


class V1(msgspec.Struct, tag_field="version", tag=1):
    """Integer tags."""

    payload: str


class V2(msgspec.Struct, tag_field="version", tag=2):
    payload: list[str]
    extra: int = 0


class V10(msgspec.Struct, tag_field="version", tag=-10):
    pass


class Event(msgspec.Struct, tag_field="event", tag=True):
    """Tag configuration inherited by subclasses: `tag_field` "event", tag the class name.
    (`tag=str.lower` is refused by `bolt build`: a callable is not evaluated at build time.)"""

    at: int = 0


class Created(Event):
    id: int = 0


class Deleted(Event, forbid_unknown_fields=True):
    id: int = 0
    soft: bool = False


class Renamed(Event, tag="moved"):
    """An explicit tag overrides the inherited callable."""

    old: str = ""
    new: str = ""


# -- array_like --------------------------------------------------------------------------------


class Vec(msgspec.Struct, array_like=True):
    """Encoded as `[x, y, label]`; trailing defaults may be left out."""

    x: int
    y: int = 0
    label: str = ""


class Box(msgspec.Struct, array_like=True, forbid_unknown_fields=True):
    """`forbid_unknown_fields` on an array_like Struct: no trailing extra items."""

    lo: Vec
    hi: Vec
    tags: list[str] = []


class Move(msgspec.Struct, array_like=True, tag=True):
    """A tagged array_like Struct: `["Move", dx, dy]`."""

    dx: int
    dy: int = 0


class Jump(msgspec.Struct, array_like=True, tag=True):
    height: float


class Wait(msgspec.Struct, array_like=True, tag_field="t", tag=0):
    ms: int = 0


class Stop(msgspec.Struct, array_like=True, tag_field="t", tag=1):
    pass


# -- generics ----------------------------------------------------------------------------------


class Item(msgspec.Struct):
    sku: Annotated[str, Meta(min_length=1, max_length=8)]
    qty: int = 1


class Page(msgspec.Struct, Generic[T]):
    items: list[T]
    total: int
    next: T | None = None
