"""#3 body routes, unions per msgspec's rules and tagged unions of Structs. Each
`POST /v2/body/<Name>` echoes `canonical(body)`."""

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Any, Optional

import msgspec
from django_bolt import Body, BoltAPI

from .kinds import Color, Small
from .models import (
    V1,
    V2,
    V10,
    Cat,
    Circle,
    Created,
    Deleted,
    Dog,
    Jump,
    Move,
    Renamed,
    Spot,
    Square,
    Stop,
    Triangle,
    Wait,
)
from .shape import canonical

api = BoltAPI()


class ScalarUnions(msgspec.Struct):
    a: int | str
    b: int | float
    c: float | str | None = None
    d: bool | int = False
    e: Optional[str | int] = None
    f: bytes | int | None = None


class StrLikeUnions(msgspec.Struct):
    """One str-like type per union, each with non-str members."""

    at: datetime.datetime | int | None = None
    id: uuid.UUID | None = None
    amount: Decimal | int = 0
    took: datetime.timedelta | float = 0.0
    color: Color | int = 0
    small: Small | str = 1


class ContainerUnions(msgspec.Struct):
    a: list[int] | dict[str, int]
    b: Spot | None = None
    c: Spot | list[int] = msgspec.field(default_factory=list)
    d: int | list[str] | None = None
    e: tuple[int, int] | str | None = None
    f: dict[str, Any] | int = 0
    g: set[str] | bool = False


class Pets(msgspec.Struct):
    pet: Cat | Dog
    others: list[Cat | Dog] = []
    maybe: Cat | Dog | None = None


class Shapes(msgspec.Struct):
    shape: Circle | Square | Triangle
    many: list[Circle | Square | Triangle] = []
    by_name: dict[str, Circle | Square] = {}


class Versions(msgspec.Struct):
    """Integer tag values."""

    doc: V1 | V2 | V10
    history: list[V1 | V2] = []


class Events(msgspec.Struct):
    """Tag configuration inherited from the base class."""

    event: Created | Deleted | Renamed
    log: list[Created | Deleted | Renamed] = []


class Commands(msgspec.Struct):
    """Tagged array_like Structs (string and integer tags)."""

    first: Move | Jump
    script: list[Move | Jump] = []
    timing: Wait | Stop | None = None


@api.post("/v2/body/ScalarUnions")
def body_scalar_unions(body: ScalarUnions):
    return {"r": canonical(body)}


@api.post("/v2/body/StrLikeUnions")
def body_str_like_unions(body: StrLikeUnions):
    return {"r": canonical(body)}


@api.post("/v2/body/ContainerUnions")
def body_container_unions(body: ContainerUnions):
    return {"r": canonical(body)}


@api.post("/v2/body/Pets")
def body_pets(body: Pets):
    return {"r": canonical(body)}


@api.post("/v2/body/Shapes")
def body_shapes(body: Shapes):
    return {"r": canonical(body)}


@api.post("/v2/body/Versions")
def body_versions(body: Versions):
    return {"r": canonical(body)}


@api.post("/v2/body/Events")
def body_events(body: Events):
    return {"r": canonical(body)}


@api.post("/v2/body/Commands")
def body_commands(body: Commands):
    return {"r": canonical(body)}


@api.post("/v2/body/BarePet")
def body_bare_pet(body: Cat | Dog):
    return {"r": canonical(body)}


@api.post("/v2/body/BareIntOrStr")
def body_bare_int_or_str(body: Annotated[int | str | None, Body()]):
    return {"r": canonical(body)}
