"""Enums, Literals and module-level `Annotated` aliases, imported by the API modules (discover
resolves them across modules)."""

import datetime
import enum
import uuid
from decimal import Decimal
from typing import Annotated, Literal

from msgspec import Meta


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"
    BLUE = "blue"
    EMPTY = ""


class Priority(enum.IntEnum):
    NEG = -3
    LOW = 1
    MID = 5
    HIGH = 10
    HUGE = 1099511627776


class Mode(enum.StrEnum):
    """`auto()` on a StrEnum: the lower-cased member name."""

    FAST = enum.auto()
    SLOW = enum.auto()
    CASE = "Case"


class Step(enum.Enum):
    """`auto()` on a plain Enum: ints from 1."""

    ONE = enum.auto()
    TWO = enum.auto()
    TEN = 10


Small = Literal[1, 2, 3]
Word = Literal["a", "b", "ç", ""]
MaybeWord = Literal["x", "y", None]
IntOrWord = Literal[1, "one", -5]

AwareDatetime = Annotated[datetime.datetime, Meta(tz=True)]
NaiveDatetime = Annotated[datetime.datetime, Meta(tz=False)]
AwareTime = Annotated[datetime.time, Meta(tz=True)]
NaiveTime = Annotated[datetime.time, Meta(tz=False)]
ShortBytes = Annotated[bytes, Meta(min_length=2, max_length=6)]
Colors = Annotated[list[Color], Meta(max_length=3)]
Ids = Annotated[frozenset[uuid.UUID], Meta(max_length=4)]
Money = Decimal
Pair = tuple[int, str]
