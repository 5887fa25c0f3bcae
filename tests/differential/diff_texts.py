"""Text generators for the str-like types of msgspec (#3): RFC 3339 datetimes, dates and
times, ISO 8601 durations, UUIDs, Decimals, base64, Enum and Literal values. Each yields
the *content* of a JSON string (or a query/path text): in `valid` mode the spellings msgspec
accepts (every accepted spelling: `T`/`t`/space separators, `Z`/`z`/`±HH:MM` offsets,
0 to 9 fractional digits, lower/upper/unhyphenated UUIDs, padded base64...), otherwise
near-valid ones (out-of-range fields, Feb 29 on non-leap years, `24:00`, leap seconds,
rounding at `59.9999995`, bad offsets, units msgspec refuses, one character too many...).

The oracle is msgspec itself: these strategies only need to land on both sides of each
boundary; which side a text is on is never assumed.
"""

from __future__ import annotations

import base64
import calendar
import enum
import random
from collections.abc import Callable
from typing import Any

import msgspec.inspect as mi
from hypothesis import strategies as st

__all__ = [
    "EnumValue",
    "choice_values",
    "neighbours_of",
    "str_like_texts",
]

seeds = st.integers(0, 2**32 - 1)
Maker = Callable[[random.Random], str]


def _seeded(make: Maker) -> st.SearchStrategy[str]:
    return st.builds(lambda seed: make(random.Random(seed)), seeds)


def _mix(valid: Maker, lax: Maker, valid_rate: float) -> Maker:
    def make(chooser: random.Random) -> str:
        return valid(chooser) if chooser.random() < valid_rate else lax(chooser)

    return make


# -- dates and times ---------------------------------------------------------------------------

YEARS = [1, 4, 100, 400, 1582, 1900, 1970, 1999, 2000, 2020, 2021, 2024, 2100, 9999]


def _year(chooser: random.Random) -> int:
    return chooser.choice(YEARS) if chooser.random() < 0.5 else chooser.randint(1, 9999)


def valid_date(chooser: random.Random) -> str:
    year = _year(chooser)
    month = chooser.randint(1, 12)
    last = calendar.monthrange(year, month)[1]
    day = chooser.choice([1, last, chooser.randint(1, last)])
    if chooser.random() < 0.1:
        year = chooser.choice([2000, 2020, 2024, 400])
        month, day = 2, 29
    return f"{year:04d}-{month:02d}-{day:02d}"


def lax_date(chooser: random.Random) -> str:
    year, month = _year(chooser), chooser.randint(1, 12)
    last = calendar.monthrange(year, month)[1]
    options = [
        f"{year:04d}-{chooser.choice([0, 13, 99]):02d}-01",
        f"{year:04d}-{month:02d}-{chooser.choice([0, last + 1, 32, 99]):02d}",
        f"{chooser.choice([1900, 2021, 2100, 2023, 1]):04d}-02-29",
        f"0000-{month:02d}-01",
        f"{year}-{month}-{last}",
        f"{year:05d}-{month:02d}-01",
        f"+{year:04d}-{month:02d}-01",
        f"{year:04d}{month:02d}{last:02d}",
        f"{year:04d}/{month:02d}/01",
        f"{year:04d}-{month:02d}",
        valid_date(chooser) + chooser.choice([" ", "T", "Z", "\n", "x", "T00:00:00"]),
        chooser.choice([" ", "\t"]) + valid_date(chooser),
        f"{year:04d}-{month:02d}-{last:02d}".replace("-", chooser.choice(["\u2010", "_", ""]), 1),
        "\u0662\u0660\u0662\u0660-01-01",
    ]
    return chooser.choice(options)


def _fraction(chooser: random.Random, valid: bool) -> str:
    digits = chooser.choice([0, 0, 1, 2, 3, 6, 6, 7, 9]) if valid else chooser.choice([0, 1, 9, 10, 12, 20])
    if digits == 0:
        return "" if valid or chooser.random() < 0.5 else "."
    tail = "".join(chooser.choice("0123456789") for _ in range(digits))
    if chooser.random() < 0.2:
        tail = chooser.choice(["9999995", "9999994", "999999", "0000005", "9999999", "99999949"])[:digits] or tail
    return "." + tail


def valid_clock(chooser: random.Random) -> str:
    hour = chooser.choice([0, 23, chooser.randint(0, 23)])
    minute = chooser.choice([0, 59, chooser.randint(0, 59)])
    second = chooser.choice([0, 59, chooser.randint(0, 59)])
    return f"{hour:02d}:{minute:02d}:{second:02d}" + _fraction(chooser, valid=True)


def lax_clock(chooser: random.Random) -> str:
    hour, minute, second = chooser.randint(0, 23), chooser.randint(0, 59), chooser.randint(0, 59)
    options = [
        f"24:00:00{_fraction(chooser, True)}",
        f"{chooser.choice([24, 25, 99]):02d}:{minute:02d}:{second:02d}",
        f"{hour:02d}:{chooser.choice([60, 99]):02d}:{second:02d}",
        f"{hour:02d}:{minute:02d}:60",
        f"23:59:60{_fraction(chooser, True)}",
        f"23:59:59.{chooser.choice(['9999995', '99999995', '9999999', '999999', '9999994'])}",
        f"{hour:02d}:{minute:02d}",
        f"{hour}:{minute:02d}:{second:02d}",
        f"{hour:02d}{minute:02d}{second:02d}",
        f"{hour:02d}:{minute:02d}:{second:02d}{_fraction(chooser, False)}",
        f"{hour:02d}:{minute:02d}:{second:02d},5",
        f"{hour:02d}:{minute:02d}:{second:02d}.{chooser.choice(['', 'x', '5x', '-1'])}",
    ]
    return chooser.choice(options)


def valid_offset(chooser: random.Random) -> str:
    roll = chooser.random()
    if roll < 0.3:
        return chooser.choice(["Z", "z", "+00:00", "-00:00"])
    sign = chooser.choice("+-")
    hours = chooser.choice([0, 1, 5, 14, 23, chooser.randint(0, 23)])
    return f"{sign}{hours:02d}:{chooser.choice([0, 30, 45, 59]):02d}"


LAX_OFFSETS = ["+24:00", "-24:00", "+23:60", "+0100", "+01", "+1:00", "UTC", "+01:00:00", "Z0", "ZZ", "+", "-"]
LAX_OFFSETS += ["+-01:00", "\u221201:00", " Z", "+01: 00", "+99:99"]


def lax_offset(chooser: random.Random) -> str:
    return chooser.choice(LAX_OFFSETS)


def _tz_suffix(chooser: random.Random, tz: bool | None) -> str:
    if tz is True or (tz is None and chooser.random() < 0.6):
        return valid_offset(chooser)
    return ""


def valid_datetime(tz: bool | None) -> Maker:
    def make(chooser: random.Random) -> str:
        separator = chooser.choice(["T", "T", "T", "t", " "])
        return valid_date(chooser) + separator + valid_clock(chooser) + _tz_suffix(chooser, tz)

    return make


def lax_datetime(tz: bool | None) -> Maker:
    def make(chooser: random.Random) -> str:
        date, clock = valid_date(chooser), valid_clock(chooser)
        separator = chooser.choice(["T", "t", " "])
        options = [
            lax_date(chooser) + separator + clock + _tz_suffix(chooser, tz),
            date + separator + lax_clock(chooser) + _tz_suffix(chooser, tz),
            date + separator + clock + lax_offset(chooser),
            date + chooser.choice(["", "_", "TT", "  ", "\t"]) + clock + "Z",
            date + separator + clock + valid_offset(chooser),  # right or wrong per Meta(tz=)
            date + separator + clock,
            date,
            "9999-12-31T23:59:59.9999995" + chooser.choice(["Z", "", "-01:00"]),
            "0001-01-01T00:00:00" + chooser.choice(["+01:00", "-01:00", "Z"]),
            date + separator + "23:59:59.9999995" + _tz_suffix(chooser, tz),
            valid_datetime(tz)(chooser) + chooser.choice([" ", "\n", "x", "[UTC]"]),
        ]
        return chooser.choice(options)

    return make


def valid_time(tz: bool | None) -> Maker:
    return lambda chooser: valid_clock(chooser) + _tz_suffix(chooser, tz)


def lax_time(tz: bool | None) -> Maker:
    def make(chooser: random.Random) -> str:
        options = [
            lax_clock(chooser) + _tz_suffix(chooser, tz),
            valid_clock(chooser) + lax_offset(chooser),
            valid_clock(chooser) + valid_offset(chooser),
            valid_clock(chooser),
            "T" + valid_clock(chooser),
            valid_date(chooser) + "T" + valid_clock(chooser),
            "23:59:59.9999995" + _tz_suffix(chooser, tz),
        ]
        return chooser.choice(options)

    return make


# -- durations ---------------------------------------------------------------------------------


def _amount(chooser: random.Random, fraction: bool) -> str:
    whole = str(chooser.choice([0, 1, 7, 24, 59, 60, 3600, chooser.randint(0, 10**6)]))
    if fraction and chooser.random() < 0.3:
        whole += "." + "".join(chooser.choice("0123456789") for _ in range(chooser.randint(1, 9)))
    return whole


def valid_duration(chooser: random.Random) -> str:
    sign = chooser.choice(["", "", "", "-", "+"])
    units = [unit for unit in "HMS" if chooser.random() < 0.5]
    days = chooser.random() < 0.5 or not units
    text = sign + "P"
    if days:
        text += _amount(chooser, fraction=not units) + "D"
    if units:
        text += "T" + "".join(_amount(chooser, fraction=unit == units[-1]) + unit for unit in units)
    if chooser.random() < 0.1:
        text = text.lower()
    return text


def lax_duration(chooser: random.Random) -> str:
    options = [
        "P1W",
        "P1Y",
        "P1M",
        "PT",
        "P",
        "P1DT",
        "P1H",
        "PT1D",
        "P1000000000D",
        "P999999999D",
        "-P999999999DT24H",
        "PT86399999999999S",
        "PT1.5H2M",
        "-P-1D",
        "P1,5D",
        "P1.D",
        "P.5D",
        " P1D",
        "P1D ",
        "PT1S1M",
        "P1D1D",
        "1D",
        "P" + "9" * 30 + "D",
        "PT0." + "0" * 9 + "1S",
        valid_duration(chooser) + chooser.choice(["", "S", "x", "T"]),
        valid_duration(chooser).replace("P", chooser.choice(["", "PP", "Q"]), 1),
    ]
    return chooser.choice(options)


# -- UUIDs, Decimals, base64 -------------------------------------------------------------------


def _uuid_hex(chooser: random.Random) -> str:
    return f"{chooser.choice([0, 2**128 - 1, chooser.getrandbits(128)]):032x}"


def _hyphenate(hex32: str) -> str:
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:]}"


def valid_uuid(chooser: random.Random) -> str:
    hex32 = _uuid_hex(chooser)
    text = _hyphenate(hex32) if chooser.random() < 0.7 else hex32
    roll = chooser.random()
    if roll < 0.2:
        return text.upper()
    if roll < 0.3:
        return "".join(char.upper() if chooser.random() < 0.5 else char for char in text)
    return text


def lax_uuid(chooser: random.Random) -> str:
    text = _hyphenate(_uuid_hex(chooser))
    at = chooser.randrange(len(text))
    options = [
        text[:at] + text[at + 1 :],
        text[:at] + chooser.choice("0af") + text[at:],
        text[:at] + chooser.choice("gGz-x ") + text[at + 1 :],
        "{" + text + "}",
        "urn:uuid:" + text,
        text.replace("-", "", 1),
        text[:9] + "-" + text[9:].replace("-", "", 1),
        text[:7] + "-" + text[7:].replace("-", "", 1),
        text + "0",
        text[:-1],
        text.replace("-", "_"),
        " " + text,
        text[:-1] + "\u0661",
    ]
    return chooser.choice(options)


DECIMAL_TEXTS = ["0", "-0", "0.0", "-0.00", "1", "1.5", "1.50", "-2.25", "1E+3", "1e3", "1e-3", "-1E-7", "0E-5"]
DECIMAL_TEXTS += ["NaN", "-NaN", "nan", "sNaN", "Infinity", "-Infinity", "inf", "-Inf", "1234567890123456789012345"]
DECIMAL_TEXTS += ["0.1234567890123456789012345678901", "1e400", "1e-400", "9.99E+99"]
LAX_DECIMALS = ["", " ", "abc", "1.2.3", "1e", "e1", "--1", "+-1", "0x10", "1_000", " 1", "1 ", "1,5", "Infinit"]
LAX_DECIMALS += ["\u0661\u0662", "1e999999999", "1e9999999999999", "1.5x", ".", "-", "+", "NaN1", "1E+"]


def valid_decimal(chooser: random.Random) -> str:
    if chooser.random() < 0.4:
        return chooser.choice(DECIMAL_TEXTS)
    whole = str(chooser.randint(-(10**12), 10**12))
    if chooser.random() < 0.6:
        whole += "." + "".join(chooser.choice("0123456789") for _ in range(chooser.randint(1, 12)))
    if chooser.random() < 0.2:
        whole += chooser.choice(["e", "E"]) + chooser.choice(["", "+", "-"]) + str(chooser.randint(0, 30))
    return whole


def lax_decimal(chooser: random.Random) -> str:
    return chooser.choice(LAX_DECIMALS)


def valid_base64(min_length: int | None, max_length: int | None) -> Maker:
    def make(chooser: random.Random) -> str:
        low = min_length or 0
        high = max_length if max_length is not None else low + 24
        size = chooser.choice([low, high, chooser.randint(low, high)])
        return base64.b64encode(chooser.randbytes(size)).decode()

    return make


def lax_base64(min_length: int | None, max_length: int | None) -> Maker:
    def make(chooser: random.Random) -> str:
        low = min_length or 0
        high = max_length if max_length is not None else low + 24
        size = chooser.choice([max(low - 1, 0), high + 1, chooser.randint(0, high + 3)])
        text = base64.b64encode(chooser.randbytes(size)).decode()
        options = [
            text,
            text.rstrip("="),
            base64.urlsafe_b64encode(chooser.randbytes(size + 2)).decode(),
            text + "=",
            text + "A",
            text[:-1],
            " " + text,
            text[: len(text) // 2] + "\n" + text[len(text) // 2 :],
            text.replace("A", "*", 1),
            "====",
            "=",
        ]
        return chooser.choice(options)

    return make


# -- Enums and Literals ------------------------------------------------------------------------


class EnumValue:
    """Marker for 'the member values of an Enum/Literal' (ints, strs, None)."""


def choice_values(info: mi.Type) -> list[Any]:
    """The values an Enum/Literal type accepts (as their JSON values)."""
    if isinstance(info, mi.EnumType):
        return [member.value for member in info.cls]
    if isinstance(info, mi.LiteralType):
        return list(info.values)
    raise TypeError(info)


def neighbours_of(value: Any) -> list[Any]:
    """Values near one accepted Enum/Literal value: case changes, ±1, the other JSON kind."""
    if isinstance(value, bool) or value is None:
        return [0, "null", "None", False]
    if isinstance(value, int):
        return [value - 1, value + 1, str(value), float(value), -value, value + 2**64, True]
    if isinstance(value, enum.Enum):
        return neighbours_of(value.value)
    text = str(value)
    return [text.upper(), text.lower(), text.title(), text + " ", " " + text, text[:-1], text + text[-1:], 1, ""]


# -- the str-like types ------------------------------------------------------------------------


def str_like_texts(info: mi.Type, valid: bool) -> st.SearchStrategy[str] | None:
    """Texts for a str-like scalar type (None for other types): valid spellings, and in lax
    mode a mix of valid and near-valid ones."""
    makers: tuple[Maker, Maker]
    if isinstance(info, mi.DateTimeType):
        makers = valid_datetime(info.tz), lax_datetime(info.tz)
    elif isinstance(info, mi.DateType):
        makers = valid_date, lax_date
    elif isinstance(info, mi.TimeType):
        makers = valid_time(info.tz), lax_time(info.tz)
    elif isinstance(info, mi.TimeDeltaType):
        makers = valid_duration, lax_duration
    elif isinstance(info, mi.UUIDType):
        makers = valid_uuid, lax_uuid
    elif isinstance(info, mi.DecimalType):
        makers = valid_decimal, lax_decimal
    elif isinstance(info, (mi.BytesType, mi.ByteArrayType)):
        makers = valid_base64(info.min_length, info.max_length), lax_base64(info.min_length, info.max_length)
    else:
        return None
    good, bad = makers
    return _seeded(good) if valid else _seeded(_mix(good, bad, 0.4))
