"""Path, query, header and cookie parameters of every scalar type msgspec supports, and
parameter models; each handler describes the exact Python values it was given."""

import datetime
import decimal
import enum
import uuid
from typing import Annotated, Any, Literal

import msgspec
from django_bolt import BoltAPI, Cookie, Header, Query

api = BoltAPI(prefix="/params")


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Num(enum.IntEnum):
    ONE = 1
    TWO = 2


class Filters(msgspec.Struct):
    q: str
    page: int = 1
    tags: list[str] = []
    since: datetime.date | None = None
    color: Color = Color.RED


class Tracing(msgspec.Struct, rename="kebab"):
    request_id: uuid.UUID
    client_version: int = 0


class Prefs(msgspec.Struct):
    theme: Literal["dark", "light"] = "light"
    visits: int = 0


def describe(value: Any) -> dict:
    """The value's exact type and `repr` (sets sorted, so the text is stable)."""
    shown = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
    return {"type": type(value).__name__, "repr": repr(shown)}


def described(**values: Any) -> dict:
    return {name: describe(value) for name, value in values.items() if value is not None}


@api.get("/path/{dt}/{d}/{u}/{color}")
def path_types(dt: datetime.datetime, d: datetime.date, u: uuid.UUID, color: Color) -> dict:
    return described(dt=dt, d=d, u=u, color=color)


@api.get("/required")
def required_types(
    aware: Annotated[datetime.datetime, msgspec.Meta(tz=True)],
    t: datetime.time,
    td: datetime.timedelta,
    dec: decimal.Decimal,
    raw: bytes,
    num: Num,
    lit: Literal["a", "b"],
) -> dict:
    return described(aware=aware, t=t, td=td, dec=dec, raw=raw, num=num, lit=lit)


@api.get("/optional")
def optional_types(
    dt: datetime.datetime | None = None,
    naive: Annotated[datetime.datetime, msgspec.Meta(tz=False)] | None = None,
    u: uuid.UUID | None = None,
    dec: decimal.Decimal | None = None,
    color: Color | None = None,
    buf: bytearray | None = None,
    short: Annotated[bytes, msgspec.Meta(max_length=3)] | None = None,
) -> dict:
    return described(dt=dt, naive=naive, u=u, dec=dec, color=color, buf=buf, short=short)


@api.get("/unions")
def union_types(
    a: int | str = 0,
    b: int | datetime.datetime | None = None,
    c: Literal[1, 2] | None = None,
    d: int | float = 0,
    e: bool | int = 0,
) -> dict:
    return described(a=a, b=b, c=c, d=d, e=e)


@api.get("/sequences")
def sequence_types(
    ids: set[int],
    names: frozenset[str] | None = None,
    nums: tuple[int, ...] | None = None,
    days: list[datetime.date] | None = None,
    colors: list[Color] | None = None,
) -> dict:
    return described(ids=ids, names=names, nums=nums, days=days, colors=colors)


@api.get("/headers")
def header_types(
    x_when: Annotated[datetime.datetime, Header()],
    request_id: Annotated[uuid.UUID, Header(alias="X-Request-Id")],
    theme: Annotated[Color, Cookie()],
    x_level: Annotated[Num | None, Header()] = None,
) -> dict:
    return described(x_when=x_when, request_id=request_id, theme=theme, x_level=x_level)


@api.get("/model")
def query_model(filters: Annotated[Filters, Query()]) -> dict:
    return described(filters=filters)


@api.get("/header-model")
def header_model(tracing: Annotated[Tracing, Header()]) -> dict:
    return described(tracing=tracing)


@api.get("/cookie-model")
def cookie_model(prefs: Annotated[Prefs, Cookie()]) -> dict:
    return described(prefs=prefs)
