"""Structs whose annotations exercise every canonicalisation rule of discover."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Annotated, Any, ClassVar, Generic, Literal, Optional, TypeVar, Union

import msgspec
from msgspec import Meta, Struct, field

from .aliases import Mode, PositiveInt, Short, Tags
from .enums import Colour, Huge, Letter, Plain, Priority, Status

T = TypeVar("T")
K = TypeVar("K")
N = TypeVar("N", bound=int)


class Item(Struct):
    name: str
    price: decimal.Decimal = decimal.Decimal("1")


S = TypeVar("S", bound=Item)


class Unions(Struct):
    merged: Literal["a"] | Literal["b"]
    merged_mixed: Union[Literal[1], Literal["x"], Literal[1, 2]]
    merged_optional: Optional[Literal["a"]] | Literal["b"]
    merged_alias: Mode
    int_over_literal: int | Literal[1, 2]
    str_over_literal: Literal["a", "b"] | str
    literal_kept_for_str: Literal["a", 1] | int
    literals_dropped: Literal[1, "a"] | int | str
    flag: Literal[True, False]
    maybe_flag: Literal[True, False, None]
    big: Literal[9223372036854775807, -9223372036854775808]
    nested_literal: Literal[1, Literal[2, "x"], 1]
    none_literal: Literal[None, "z"]
    any_wins: int | Any
    any_first: Union[Any, str, None]
    optional_any: Optional[Any]
    any_or_none: Any | None
    anything: object
    nested: Optional[Union[int, Optional[str]]]
    duplicates: Union[int, str, int]
    same_after_meta: Union[int, Annotated[int, Meta(description="same")]]
    constrained: Annotated[int, Meta(ge=1)] | None
    constrained_inside: Optional[Annotated[dt.datetime, Meta(tz=True)]]
    enums: Colour | Priority
    number: int | float
    pair: tuple[int, str] | None
    item_or_none: Item | None
    decimal_doc: Annotated[decimal.Decimal, Meta(description="no constraints")]
    short: Short = "x"


class Scalars(Struct, forbid_unknown_fields=True):
    raw: bytes
    buffer: Annotated[bytearray, Meta(max_length=16)]
    at: Annotated[dt.datetime, Meta(tz=True)]
    naive: Annotated[dt.time, Meta(tz=False)]
    day: dt.date
    span: dt.timedelta
    ident: uuid.UUID
    price: decimal.Decimal
    bounded: Annotated[PositiveInt, Meta(le=100)]
    ratio: Annotated[float, Meta(gt=0), Meta(lt=1)]
    tags: Tags
    colour: Colour
    priority: Priority
    status: Status
    plain: Plain
    letter: Letter
    huge: Huge
    by_colour: dict[Colour, int]
    by_literal: dict[Literal["a", "b"], int]
    by_key: dict[Annotated[str, Meta(min_length=2)], int]
    by_uuid: dict[uuid.UUID, Annotated[list[int], Meta(min_length=1)]]
    bare_list: list
    bare_dict: dict
    bare_tuple: tuple
    empty: tuple[()]
    many: tuple[float, ...]
    frozen: frozenset[str]


class Page(Struct, Generic[T]):
    items: list[T]
    total: int = 0


class Pair(Struct, Generic[K, T]):
    key: K
    value: T


class Bounded(Struct, Generic[N]):
    value: N


class OfItems(Struct, Generic[S]):
    first: S
    rest: list[S] = []


class IntPage(Page[int]):
    """A subclass of a generic instantiation: its base is compiled as `Page[int]`."""

    extra: str = ""


class Wrapped(Page[list[T]], Generic[T]):
    """A generic subclass whose base takes its type variable."""

    note: str = ""


class BarePage(Page):
    """A generic base used bare: its type variable is `Any`."""


class Generics(Struct):
    nested: Page[Page[int]]
    pair: Pair[str, Item]
    bounded: Bounded
    bounded_struct: OfItems
    bare: Page
    int_page: IntPage
    wrapped: Wrapped[str]
    bare_page: BarePage
    optional_page: Optional[Page[Literal["a"] | Literal["b"]]] = None


class Base(Struct, rename="camel", tag_field="kind", tag=True):
    user_id: int
    _private_name: str = ""
    counter: ClassVar[int] = 0


class Circle(Base):
    radius_cm: float = 1.0


class Square(Base, tag="sq", rename=None, kw_only=True):
    side_len: float
    field_x: int = field(default=0, name="X")


class Numbered(Struct, tag=9223372036854775807, tag_field="n"):
    value: int = 0


class Other(Struct, tag=-5, tag_field="n"):
    value: int = 0


class Shapes(Struct, frozen=True):
    shape: Circle | Square
    shapes: list[Union[Circle, Square]] = field(default_factory=list)
    numbered: Numbered | Other | None = None


class Row(Struct, array_like=True, rename="kebab"):
    first_col: int
    second_col: str = "a"


class Mapped(Struct, rename={"a_field": "A", "b_field": None}):
    a_field: int
    b_field: int
    c_field: int


class Upper(Struct, rename="upper"):
    value_one: int


class Lower(Struct, rename="lower"):
    Value_One: int


class Pascal(Struct, rename="pascal"):
    value_one: int


class Ordered(Struct, kw_only=True):
    a: int
    b: int = 0


class OrderedChild(Ordered):
    c: int = 3
    a: int = 1
    d: str = "d"


class Tree(Struct):
    value: int
    children: list[Tree] = []
    owner: Optional[Owner] = None


class Owner(Struct):
    trees: list[Tree] = []


class Filters(Struct):
    q: str = ""
    page: PositiveInt = 1
    mode: Mode = "a"


class Auth(Struct, rename="kebab"):
    x_api_key: str


__all__ = ["msgspec"]
