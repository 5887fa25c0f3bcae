"""#3 query routes for the new scalar types: `GET /v2/query/<name>` echoes each parameter as
`{"t": type name, "r": canonical text}` (compared with `msgspec.convert(text, T,
strict=False)`)."""

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Literal, Optional

from django_bolt import BoltAPI, Query

from .kinds import AwareDatetime, Color, Mode, NaiveTime, Priority, Small, Step
from .shape import describe

api = BoltAPI()


@api.get("/v2/query/datetime")
def query_datetime(v: datetime.datetime):
    return {"v": describe(v)}


@api.get("/v2/query/aware_datetime")
def query_aware_datetime(v: AwareDatetime):
    return {"v": describe(v)}


@api.get("/v2/query/date")
def query_date(v: datetime.date):
    return {"v": describe(v)}


@api.get("/v2/query/time")
def query_time(v: datetime.time, naive: NaiveTime = datetime.time(12, 0)):
    return {"v": describe(v), "naive": describe(naive)}


@api.get("/v2/query/timedelta")
def query_timedelta(v: datetime.timedelta):
    return {"v": describe(v)}


@api.get("/v2/query/uuid")
def query_uuid(v: uuid.UUID):
    return {"v": describe(v)}


@api.get("/v2/query/decimal")
def query_decimal(v: Decimal):
    return {"v": describe(v)}


@api.get("/v2/query/bytes")
def query_bytes(v: bytes):
    return {"v": describe(v)}


@api.get("/v2/query/enums")
def query_enums(color: Color, prio: Priority = Priority.LOW, mode: Mode = Mode.FAST, step: Step = Step.ONE):
    return {"color": describe(color), "prio": describe(prio), "mode": describe(mode), "step": describe(step)}


@api.get("/v2/query/literals")
def query_literals(word: Literal["a", "b", "ç"], small: Small = 1, maybe: Literal["x", None] = None):
    return {"word": describe(word), "small": describe(small), "maybe": describe(maybe)}


@api.get("/v2/query/optional")
def query_optional(
    at: datetime.datetime | None = None,
    id: Optional[uuid.UUID] = None,
    amount: Decimal | None = None,
    color: Color | None = None,
):
    return {"at": describe(at), "id": describe(id), "amount": describe(amount), "color": describe(color)}


@api.get("/v2/query/unions")
def query_unions(a: int | str = 0, b: int | float = 0, c: datetime.date | int | None = None):
    return {"a": describe(a), "b": describe(b), "c": describe(c)}


@api.get("/v2/query/list_uuid")
def query_list_uuid(v: list[uuid.UUID] = []):  # noqa: B006 - read only
    return {"v": describe(v)}


@api.get("/v2/query/list_datetime")
def query_list_datetime(v: Annotated[list[datetime.datetime], Query(max_length=3)] = []):  # noqa: B006 - read only
    return {"v": describe(v)}


@api.get("/v2/query/set_int")
def query_set_int(v: set[int] = set()):  # noqa: B006 - read only
    return {"v": describe(v)}


@api.get("/v2/query/frozenset_color")
def query_frozenset_color(v: frozenset[Color] = frozenset()):
    return {"v": describe(v)}


@api.get("/v2/query/tuple_decimal")
def query_tuple_decimal(v: tuple[Decimal, ...] = ()):
    return {"v": describe(v)}


@api.get("/v2/query/list_date")
def query_list_date(v: list[datetime.date] = []):  # noqa: B006 - read only
    return {"v": describe(v)}


@api.get("/v2/query/fixed_tuple")
def query_fixed_tuple(v: tuple[int, float], opt: tuple[str, bool] | None = None):
    # A fixed-length tuple parameter takes one value per item from repeated keys (`v=1&v=2.5`).
    return {"v": describe(v), "opt": describe(opt)}
