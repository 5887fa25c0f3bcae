"""Structs defined outside the API module: discover resolves them through imports."""

from typing import Annotated

import msgspec

from .aliases import PositiveInt, ShortTags, Slug


class Address(msgspec.Struct):
    street: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    city: str
    zip_code: Annotated[str, msgspec.Meta(pattern="^[0-9]{5}$")] = msgspec.field(default="00000", name="zip")


class Customer(msgspec.Struct):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=50)]
    email: str | None = None
    address: Address | None = None


class OrderLine(msgspec.Struct):
    sku: Annotated[str, msgspec.Meta(pattern="^[A-Z]{3}-[0-9]+$")]
    price: Annotated[float, msgspec.Meta(gt=0)]
    qty: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 1


class Order(msgspec.Struct, forbid_unknown_fields=True):
    """A kitchen-sink Struct: nested, constrained lists, dicts, aliases, defaults."""

    customer: Customer
    lines: Annotated[list[OrderLine], msgspec.Meta(min_length=1, max_length=5)]
    id: PositiveInt
    slug: Slug
    tags: ShortTags = []
    note: str | None = None
    meta: dict[str, int] = {}


class Base(msgspec.Struct):
    a: int
    b: str = "x"


class Child(Base):
    """Inherits `a`, overrides `b` (now constrained), adds `c`."""

    b: Annotated[str, msgspec.Meta(min_length=2)] = "xy"
    c: float = 0.0


class StrictChild(Child, forbid_unknown_fields=True):
    d: bool = False


class GrandChild(StrictChild):
    """Inherits `forbid_unknown_fields` from StrictChild."""

    e: list[int] = msgspec.field(default_factory=list)
