"""#3 body routes, Struct options: array_like, rename styles and `field(name=)` precedence,
kw_only with inheritance, frozen, default_factory, recursion through postponed annotations,
generic Structs, aliases imported from another module, Any mixes. Each
`POST /v2/body/<Name>` echoes `canonical(body)`."""

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from django_bolt import BoltAPI
from msgspec import Meta

from .kinds import AwareDatetime, Color, Colors, Ids, Mode, Pair, ShortBytes, Small
from .models import Box, Cat, Dog, Item, Page, Spot, Vec
from .recursive import Department, Employee, Expr
from .shape import canonical

api = BoltAPI()


class ArrayLike(msgspec.Struct):
    v: Vec
    boxes: list[Box] = []
    maybe: Vec | None = None


class RenameCamel(msgspec.Struct, rename="camel"):
    first_name: str
    last_name: str = ""
    is_admin: bool = msgspec.field(default=False, name="ADMIN")
    x: int = 0


class RenameKebab(msgspec.Struct, rename="kebab"):
    first_name: str
    http_status_code: int = 200
    _private_ish: str = ""


class RenamePascal(msgspec.Struct, rename="pascal"):
    first_name: str
    id: int = 0


class RenameLower(msgspec.Struct, rename="lower"):
    FirstName: str
    ID: int = 0


class RenameUpper(msgspec.Struct, rename="upper"):
    first_name: str
    id: int = 0


class RenameMapping(msgspec.Struct, rename={"a": "A-1", "b": "ß"}):
    a: int
    b: str = ""
    c: bool = msgspec.field(default=False, name="see")


class KwBase(msgspec.Struct):
    a: int
    b: str = "b"


class KwChild(KwBase, kw_only=True):
    """A required keyword-only field after inherited defaults."""

    c: float
    d: list[int] = []


class KwGrandChild(KwChild, kw_only=True):
    e: int
    f: Mode = Mode.SLOW


class FrozenThings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: str
    tags: frozenset[str] = frozenset()
    point: tuple[int, int] = (0, 0)
    at: datetime.datetime | None = None


class Factories(msgspec.Struct):
    items: list[int] = msgspec.field(default_factory=list)
    seen: set[str] = msgspec.field(default_factory=set)
    index: dict[int, str] = msgspec.field(default_factory=dict)
    blob: bytearray = msgspec.field(default_factory=bytearray)
    start: list[Color] = msgspec.field(default_factory=lambda: [Color.RED])
    wire: int = msgspec.field(default=3, name="WIRE")


class Expressions(msgspec.Struct):
    """A recursive tagged union declared with postponed annotations in another module."""

    expr: Expr
    others: list[Expr] = []


class Organisation(msgspec.Struct):
    """Mutually recursive Structs (camel-renamed and kw_only) from another module."""

    root: Department
    ceo: Employee | None = None


class Pages(msgspec.Struct):
    """Generic Structs instantiated with different arguments."""

    items: Page[Item]
    numbers: Page[int] | None = None
    stamps: list[Page[datetime.date]] = []


class Aliased(msgspec.Struct):
    """Module-level aliases imported from `kinds`."""

    when: AwareDatetime
    colors: Colors = []
    ids: Ids = frozenset()
    blob: ShortBytes = b"ab"
    pair: Pair = (0, "")
    small: Small = 1


class AnyMixes(msgspec.Struct):
    a: Any
    many: list[Any] = []
    by_key: dict[str, Any] = {}
    row: tuple[Any, ...] = ()
    fixed: tuple[Any, int] = (None, 0)
    maybe: Any | None = None


class KitchenSink(msgspec.Struct, forbid_unknown_fields=True, rename="camel"):
    """A bit of everything, nested."""

    order_id: uuid.UUID
    placed_at: AwareDatetime
    total: Decimal
    status: Mode
    lines: Annotated[list[Item], Meta(min_length=1, max_length=4)]
    pet: Cat | Dog | None = None
    corner: Vec | None = None
    notes: dict[int, str] = {}
    tags: frozenset[Color] = frozenset()
    where: Spot | None = None


@api.post("/v2/body/ArrayLike")
def body_array_like(body: ArrayLike):
    return {"r": canonical(body)}


@api.post("/v2/body/RenameCamel")
def body_rename_camel(body: RenameCamel):
    return {"r": canonical(body)}


@api.post("/v2/body/RenameKebab")
def body_rename_kebab(body: RenameKebab):
    return {"r": canonical(body)}


@api.post("/v2/body/RenamePascal")
def body_rename_pascal(body: RenamePascal):
    return {"r": canonical(body)}


@api.post("/v2/body/RenameLower")
def body_rename_lower(body: RenameLower):
    return {"r": canonical(body)}


@api.post("/v2/body/RenameUpper")
def body_rename_upper(body: RenameUpper):
    return {"r": canonical(body)}


@api.post("/v2/body/RenameMapping")
def body_rename_mapping(body: RenameMapping):
    return {"r": canonical(body)}


@api.post("/v2/body/KwGrandChild")
def body_kw_grand_child(body: KwGrandChild):
    return {"r": canonical(body)}


@api.post("/v2/body/FrozenThings")
def body_frozen_things(body: FrozenThings):
    return {"r": canonical(body)}


@api.post("/v2/body/Factories")
def body_factories(body: Factories):
    return {"r": canonical(body)}


@api.post("/v2/body/Expressions")
def body_expressions(body: Expressions):
    return {"r": canonical(body)}


@api.post("/v2/body/Organisation")
def body_organisation(body: Organisation):
    return {"r": canonical(body)}


@api.post("/v2/body/Pages")
def body_pages(body: Pages):
    return {"r": canonical(body)}


@api.post("/v2/body/Aliased")
def body_aliased(body: Aliased):
    return {"r": canonical(body)}


@api.post("/v2/body/AnyMixes")
def body_any_mixes(body: AnyMixes):
    return {"r": canonical(body)}


@api.post("/v2/body/KitchenSink")
def body_kitchen_sink(body: KitchenSink):
    return {"r": canonical(body)}


@api.post("/v2/body/BareVecs")
def body_bare_vecs(body: list[Vec]):
    return {"r": canonical(body)}


@api.post("/v2/body/BarePage")
def body_bare_page(body: Page[Item]):
    return {"r": canonical(body)}
