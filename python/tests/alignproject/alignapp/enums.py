"""Enums of every flavour discover compiles (values in definition order, aliases omitted)."""

import enum
from enum import IntEnum, StrEnum, auto


class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"
    CRIMSON = "red"  # an alias, not a member of its own


class Priority(IntEnum):
    LOW = 5
    MID = auto()
    HIGH = 2
    TOP = auto()


class Status(StrEnum):
    OPEN = auto()
    Closed_Now = auto()
    ARCHIVED = "archived-x"


class Plain(enum.Enum):
    A = auto()
    B = 10
    C = auto()


class Letter(str, enum.Enum):
    A = "a"
    B = "b"


class Huge(IntEnum):
    SMALLEST = -9223372036854775808
    LARGEST = 9223372036854775807
