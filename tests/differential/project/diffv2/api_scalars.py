"""#3 body routes, scalars: bytes/bytearray, the datetime family, UUID, Decimal, Enums,
Literals, integers beyond 64 bits. Each `POST /v2/body/<Name>` echoes `canonical(body)`."""

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Literal

import msgspec
from django_bolt import Body, BoltAPI
from msgspec import Meta

from .kinds import (
    AwareDatetime,
    AwareTime,
    Color,
    IntOrWord,
    MaybeWord,
    Mode,
    NaiveDatetime,
    NaiveTime,
    Priority,
    ShortBytes,
    Small,
    Step,
    Word,
)
from .shape import canonical

api = BoltAPI()


class BytesFields(msgspec.Struct):
    b: bytes
    ba: bytearray
    short: ShortBytes = b"xx"
    maybe: bytes | None = None


class DatetimePlain(msgspec.Struct):
    v: datetime.datetime


class DatetimeTz(msgspec.Struct):
    aware: AwareDatetime
    naive: NaiveDatetime
    when: list[datetime.datetime] = []


class DateAndTime(msgspec.Struct):
    d: datetime.date
    t: datetime.time
    aware: AwareTime = datetime.time(0, 0, tzinfo=datetime.UTC)
    naive: NaiveTime = datetime.time(0, 0)


class Durations(msgspec.Struct):
    td: datetime.timedelta
    many: list[datetime.timedelta] = []
    maybe: datetime.timedelta | None = None


class Uuids(msgspec.Struct):
    u: uuid.UUID
    many: list[uuid.UUID] = []
    maybe: uuid.UUID | None = None


class Decimals(msgspec.Struct):
    d: Decimal
    many: list[Decimal] = []
    maybe: Decimal | None = None


class Enums(msgspec.Struct):
    color: Color
    prio: Priority
    mode: Mode = Mode.FAST
    step: Step = Step.ONE
    maybe: Color | None = None


class Literals(msgspec.Struct):
    small: Small
    word: Word
    mixed: IntOrWord = 1
    maybe: MaybeWord = None
    inline: Literal[0, -1, 9223372036854775807] = 0
    many: list[Literal["p", "q"]] = []


class BigInts(msgspec.Struct):
    """Integers of any size, for int and float fields."""

    i: int
    f: float
    many: list[int] = []
    big_default: int = 18446744073709551616
    bounded: Annotated[int, Meta(ge=-9223372036854775807, le=9223372036854775807)] = 0
    ratio: Annotated[float, Meta(gt=0)] = 1.0


class Temporal(msgspec.Struct, forbid_unknown_fields=True):
    """Every temporal type in one Struct, each optional."""

    at: datetime.datetime | None = None
    on: datetime.date | None = None
    time: datetime.time | None = None
    took: datetime.timedelta | None = None
    stamp: datetime.datetime | int | None = None


@api.post("/v2/body/BytesFields")
def body_bytes_fields(body: BytesFields):
    return {"r": canonical(body)}


@api.post("/v2/body/DatetimePlain")
def body_datetime_plain(body: DatetimePlain):
    return {"r": canonical(body)}


@api.post("/v2/body/DatetimeTz")
def body_datetime_tz(body: DatetimeTz):
    return {"r": canonical(body)}


@api.post("/v2/body/DateAndTime")
def body_date_and_time(body: DateAndTime):
    return {"r": canonical(body)}


@api.post("/v2/body/Durations")
def body_durations(body: Durations):
    return {"r": canonical(body)}


@api.post("/v2/body/Uuids")
def body_uuids(body: Uuids):
    return {"r": canonical(body)}


@api.post("/v2/body/Decimals")
def body_decimals(body: Decimals):
    return {"r": canonical(body)}


@api.post("/v2/body/Enums")
def body_enums(body: Enums):
    return {"r": canonical(body)}


@api.post("/v2/body/Literals")
def body_literals(body: Literals):
    return {"r": canonical(body)}


@api.post("/v2/body/BigInts")
def body_big_ints(body: BigInts):
    return {"r": canonical(body)}


@api.post("/v2/body/Temporal")
def body_temporal(body: Temporal):
    return {"r": canonical(body)}


@api.post("/v2/body/BareDatetime")
def body_bare_datetime(body: Annotated[datetime.datetime, Body()]):
    return {"r": canonical(body)}


@api.post("/v2/body/BareUuids")
def body_bare_uuids(body: Annotated[list[uuid.UUID], Body()]):
    return {"r": canonical(body)}
