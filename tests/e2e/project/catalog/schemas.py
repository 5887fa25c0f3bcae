"""Structs in their own module: discover resolves them through `from .schemas import ...`."""

from typing import Annotated

import msgspec


class Customer(msgspec.Struct):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=50)]
    email: str | None = None


class Line(msgspec.Struct):
    sku: Annotated[str, msgspec.Meta(pattern="^[A-Z]{3}-[0-9]+$")]
    price: Annotated[float, msgspec.Meta(gt=0)]
    qty: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 1


class Order(msgspec.Struct):
    customer: Customer
    lines: Annotated[list[Line], msgspec.Meta(min_length=1, max_length=5)]
    note: str | None = None
    priority: int = 0
    tags: list[str] = []
    meta: dict[str, int] = {}


class StrictPoint(msgspec.Struct, forbid_unknown_fields=True):
    x: int
    y: int


class Renamed(msgspec.Struct):
    display_name: str = msgspec.field(name="displayName")
    is_admin: bool = msgspec.field(default=False, name="isAdmin")


class ProductIn(msgspec.Struct):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    price: Annotated[float, msgspec.Meta(ge=0)]
    stock: Annotated[int, msgspec.Meta(ge=0)] = 0


class ProductPatch(msgspec.Struct):
    name: str | None = None
    price: float | None = None
    stock: int | None = None


class ProductOut(msgspec.Struct):
    id: int
    name: str
    price: float
    stock: int
