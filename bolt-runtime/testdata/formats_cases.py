"""Writes the tables that prove `validate/formats/` reads text exactly like msgspec 0.22.

Run with msgspec 0.22.0 on Python 3.11 (whose `unicodedata` `unicode.rs` records), from
anywhere:

    python bolt-runtime/testdata/formats_cases.py

It writes:

- `bolt-runtime/src/validate/formats/unicode.rs`: Python's `str.isspace` characters and
  the Unicode decimal digits (`Decimal(str)` strips the former and reads the latter as
  ASCII digits);
- `formats_cases.rs`, next to itself (test data: `src/validate/formats/mod.rs` includes
  it for its tests only): hand-picked and randomly generated (fixed seed) edge cases per
  type with msgspec's answer: `None` when accepted, else its message (path suffix and
  trailing spaces left out), for `msgspec.json.decode(b'"<text>"', type=T)`, for JSON
  number tokens decoded as `Decimal`, and for `msgspec.convert(text, T, strict=False)`
  where lax text differs (`datetime`, `timedelta`).

It also checks, and fails loudly otherwise, that lax text reads exactly like a JSON string
for `date`, `time`, `uuid.UUID`, `Decimal` and `bytes` (so these need no `lax_*` variant).

Two msgspec answers are not validation errors; they are recorded as the message Bolt
reports instead: a lax timestamp rounding to year 10000 (`ValueError: year 10000 is out of
range`) and a duration whose 64-bit day count wraps to beyond `timedelta`'s range
(`OverflowError: days=...`).

`python/tests/test_generated_tables.py` checks that both files are what `render()` gives.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import decimal
import json
import random
import subprocess
import sys
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any

import msgspec

__all__ = ["MSGSPEC", "render", "main"]

HERE = Path(__file__).resolve().parent
CASES_RS = HERE / "formats_cases.rs"
UNICODE_RS = HERE.parent / "src" / "validate" / "formats" / "unicode.rs"
#: The msgspec whose answers the tables record (the version `validate/formats/` ports).
MSGSPEC = "0.22.0"
SEED = 20240603
RANDOM_PER_TYPE = 450

Outcome = str | None
TzOutcomes = tuple[Outcome, Outcome, Outcome]

EXCEPTION_MESSAGES: dict[type[BaseException], str] = {
    ValueError: "Timestamp is out of range",
    OverflowError: "Duration is out of range",
}


def outcome(call: Callable[[], object]) -> Outcome:
    """msgspec's answer: None when it accepts, else its message without the path."""
    try:
        call()
    except msgspec.ValidationError as error:
        return str(error).split(" - at `", 1)[0].rstrip()
    except (ValueError, OverflowError) as error:
        return EXCEPTION_MESSAGES[type(error)]
    return None


def json_string(text: str) -> bytes:
    return json.dumps(text).encode()


def decode_outcome(text: str, kind: Any) -> Outcome:
    return outcome(lambda: msgspec.json.decode(json_string(text), type=kind))


def lax_outcome(text: str, kind: Any) -> Outcome:
    return outcome(lambda: msgspec.convert(text, kind, strict=False))


def tz_kinds(base: type) -> tuple[Any, Any, Any]:
    return (
        base,
        Annotated[base, msgspec.Meta(tz=True)],
        Annotated[base, msgspec.Meta(tz=False)],
    )


# ---------------------------------------------------------------- random text helpers

NOISE = [
    "\x00",
    " ",
    "é",
    "\u0663",
    "Z",
    "T",
    "-",
    "+",
    ":",
    ".",
    "5",
    "9",
    "0",
    "_",
    "x",
]


def mutate(rng: random.Random, text: str) -> str:
    """One random edit: delete, insert, replace or duplicate a character."""
    if not text:
        return rng.choice(NOISE)
    at = rng.randrange(len(text))
    edit = rng.randrange(4)
    if edit == 0:
        return text[:at] + text[at + 1 :]
    if edit == 1:
        return text[:at] + rng.choice(NOISE) + text[at:]
    if edit == 2:
        return text[:at] + rng.choice(NOISE) + text[at + 1 :]
    return text[:at] + text[at] + text[at:]


def digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# ---------------------------------------------------------------- datetime family

DATETIME_HAND = [
    "2020-01-01T00:00:00",
    "2020-01-01T00:00:00Z",
    "2020-01-01t00:00:00z",
    "2020-01-01 00:00:00",
    "2020-01-01x00:00:00",
    "2020-01-01T00:00:00+00:00",
    "2020-01-01T00:00:00-00:00",
    "2020-01-01T00:00:00+0100",
    "2020-01-01T00:00:00+01",
    "2020-01-01T00:00:00+01:0",
    "2020-01-01T00:00:00+010",
    "2020-01-01T00:00:00+24:00",
    "2020-01-01T00:00:00+23:59",
    "2020-01-01T00:00:00-23:60",
    "2020-01-01T00:00:00.",
    "2020-01-01T00:00:00.Z",
    "2020-01-01T00:00:00.1",
    "2020-01-01T00:00:00.123456",
    "2020-01-01T00:00:00.1234565",
    "2020-01-01T00:00:00.1234564999",
    "2020-01-01T00:00:00.123456789123456789Z",
    "2020-12-31T23:59:59.9999995",
    "2020-12-31T23:59:59.9999994",
    "2020-02-28T23:59:59.99999951+05:00",
    "2021-02-28T23:59:59.9999999",
    "9999-12-31T23:59:59.9999995",
    "9999-12-31T23:59:59.9999995+01:00",
    "9999-12-31T23:59:59.999999",
    "9999-12-31T23:59:59.9999994",
    "9999-12-30T23:59:59.9999995",
    "0000-01-01T00:00:00",
    "0001-01-01T00:00:00",
    "2020-02-29T00:00:00",
    "2021-02-29T00:00:00",
    "1900-02-29T00:00:00",
    "2000-02-29T00:00:00",
    "2020-04-31T00:00:00",
    "2020-00-01T00:00:00",
    "2020-13-01T00:00:00",
    "2020-01-00T00:00:00",
    "2020-01-32T00:00:00",
    "2020-01-01T24:00:00",
    "2020-01-01T23:60:00",
    "2020-01-01T23:59:60",
    "2020-01-01T23:59:60Z",
    "2020-1-01T00:00:00",
    "2020-01-01T00:00",
    "2020-01-01T00:00Z",
    "2020-01-01",
    "",
    "2020-01-01T00:00:00\x00",
    "2020-01-01T00:00:00\x00garbage",
    "2020-01-01T00:00:00.5\x00+99:99",
    "2020-01-01T00:00:00Z\x00",
    "2020-01-01T00:00:00+01:00\x00",
    "2020-01-01T00:00:00Zjunk",
    "2020-01-01T00:00:00 ",
    " 2020-01-01T00:00:00",
    "2020-01-01T00:00:00UTC",
    "2020-01-01T00:00:00GMT+1",
    "\u0662020-01-01T00:00:00",
    "2020-01-01T00:00:00+\u0661\u0662:00",
    "20200101T000000",
    "2020-01-01T00:00:00.+01:00",
    "2020-01-01T00:00:00,5",
    "+2020-01-01T00:00:00",
    "-2020-01-01T00:00:00",
    "2020-01-01T00:00:00.000000Z",
    "2020-01-01T00:00:00.0000000Z",
    "2020-01-01T00:00:00.9999995-00:00",
]


def random_datetime(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return plausible_datetime(rng)
    year = rng.choice(
        ["0000", "0001", "1970", "2000", "2020", "2024", "9999", digits(rng, 4)]
    )
    month = rng.choice(
        ["00", "01", "02", "04", "12", "13", f"{rng.randrange(100):02d}"]
    )
    day = rng.choice(
        ["00", "01", "28", "29", "30", "31", "32", f"{rng.randrange(100):02d}"]
    )
    separator = rng.choice("TTTtt x_")
    return f"{year}-{month}-{day}{separator}{random_time(rng)}"


def plausible_datetime(rng: random.Random) -> str:
    """Mostly valid: a real calendar day (or one past the month's end) and time."""
    year = rng.choice([rng.randrange(1, 10000), 9999, 2000, 1900, 2024, 1])
    month = rng.choice([rng.randrange(1, 13), 2, 12])
    day = rng.choice([rng.randrange(1, 29), 28, 29, 30, 31])
    separator = rng.choice("TTTt ")
    return f"{year:04d}-{month:02d}-{day:02d}{separator}{plausible_time(rng)}"


def plausible_time(rng: random.Random) -> str:
    """Mostly valid: in-range fields, a fraction of any length, a valid zone."""
    hour = rng.choice([rng.randrange(24), 23, 0])
    minute = rng.choice([rng.randrange(60), 59])
    second = rng.choice([rng.randrange(60), 59])
    fraction = rng.choice(
        [
            "",
            "." + digits(rng, rng.randrange(1, 13)),
            "." + "9" * rng.randrange(5, 10) + rng.choice(["", "4", "5", "49", "51"]),
        ]
    )
    zone = rng.choice(
        [
            "",
            "Z",
            "z",
            f"+{rng.randrange(24):02d}:{rng.randrange(60):02d}",
            f"-{rng.randrange(24):02d}{rng.randrange(60):02d}",
            "-00:00",
        ]
    )
    return f"{hour:02d}:{minute:02d}:{second:02d}{fraction}{zone}"


def random_time(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return plausible_time(rng)
    hour = rng.choice(["00", "12", "23", "24", f"{rng.randrange(100):02d}"])
    minute = rng.choice(["00", "30", "59", "60", f"{rng.randrange(100):02d}"])
    second = rng.choice(["00", "30", "59", "60", "61"])
    fraction = rng.choice(
        [
            "",
            "",
            ".",
            "." + digits(rng, rng.randrange(1, 13)),
            "." + "9" * rng.randrange(5, 10) + rng.choice(["", "4", "5", "49", "51"]),
        ]
    )
    zone = rng.choice(
        [
            "",
            "",
            "Z",
            "z",
            f"+{rng.randrange(30):02d}:{rng.randrange(70):02d}",
            f"-{rng.randrange(30):02d}{rng.randrange(70):02d}",
            f"+{rng.randrange(30):02d}",
            "+00:00",
            "-00:00",
            "+05:3",
            "+5:30",
            "Z+01:00",
        ]
    )
    return f"{hour}:{minute}:{second}{fraction}{zone}"


def random_date(rng: random.Random) -> str:
    return random_datetime(rng)[:10]


TIME_HAND = [
    "00:00:00",
    "23:59:59",
    "24:00:00",
    "23:60:00",
    "23:59:60",
    "23:59:59.9999995",
    "23:59:59.9999994",
    "23:59:59.9999995Z",
    "12:00:00+01:00",
    "12:00:00-0100",
    "12:00:00+24:00",
    "12:00:00z",
    "12:00:00.",
    "12:00:00.1",
    "12:00",
    "12:00:00 ",
    "T12:00:00",
    "12:00:00\x00",
    "12:00:00\x00junk",
    "1:00:00",
    "",
    "12:00:00.123456789+05:30",
    "12:00:00+05:30\x00",
]

DATE_HAND = [
    "2020-01-01",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "2020-02-29",
    "2019-02-29",
    "2100-02-29",
    "2400-02-29",
    "2020-13-01",
    "2020-00-10",
    "2020-06-31",
    "2020-1-1",
    "20200101",
    "2020-01-01T00:00:00",
    "2020-01-01 ",
    "2020-01-01\x00",
    "2020/01/01",
    "",
    "\u0662\u0660\u0662\u0660-01-01",
]


def tz_rows(
    texts: Iterable[str], base: type, lax: bool
) -> list[tuple[str, TzOutcomes]]:
    kinds = tz_kinds(base)
    read = lax_outcome if lax else decode_outcome
    rows = []
    for text in texts:
        any_tz, aware, naive = (read(text, kind) for kind in kinds)
        rows.append((text, (any_tz, aware, naive)))
    return rows


# ---------------------------------------------------------------- timedelta

TIMEDELTA_HAND = [
    "P0D",
    "P",
    "PT",
    "P1D",
    "p1d",
    "P1DT",
    "PT1H",
    "PT1M",
    "PT1S",
    "P1M",
    "P1Y",
    "P1W",
    "P1.5D",
    "PT1.5H",
    "PT1H1.5S",
    "PT1.5H1S",
    "P1DT1H1M1.5S",
    "P1DT1M1H",
    "P1H",
    "P1S",
    "PT1D",
    "P1D1D",
    "PT1S1S",
    "-P1D",
    "+P1D",
    "-PT0.5S",
    "--P1D",
    "-",
    "+",
    "",
    "1D",
    "P001D",
    "P1.D",
    "P.5D",
    "PT0.0000001S",
    "PT0.0000005S",
    "PT0.00000049999S",
    "PT0.999999999999999999999S",
    "P999999999D",
    "P1000000000D",
    "-P999999999D",
    "-P999999999DT0.000001S",
    "P999999999DT23H59M59.999999S",
    "P999999999DT23H59M59.9999995S",
    "P999999999DT24H",
    "PT86399999999999S",
    "PT86400000000000S",
    "-PT86399999913600S",
    "-PT86399999913601S",
    "-PT86399999913600.000001S",
    "P140737488355328D",
    "P140737488355329D",
    "P140737488355328DX",
    "P106751991167301D",
    "-P106751991167301D",
    "P120000000000000D",
    "PT140737488355328H",
    "PT140737488355328S",
    "P999999999999999999",
    "P1D ",
    " P1D",
    "P1DT1H\x00",
    "P\u0661D",
    "PT1.5",
    "PT1e5S",
    "PT1,5S",
    "P-1D",
    "PT+1S",
    "P1DT1.5H1M",
    "PT0S",
    "PT00000000000000000000001S",
]


def random_timedelta(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return plausible_timedelta(rng)

    def number() -> str:
        size = rng.choice([1, 1, 2, 3, 9, 12, 15, 16])
        whole = digits(rng, size)
        if rng.random() < 0.25:
            whole = str(rng.randrange(106751991167301, 140737488355330))
        if rng.random() < 0.25:
            return whole + "." + digits(rng, rng.randrange(0, 14))
        return whole

    parts = [rng.choice(["", "", "-", "+", "--"]), rng.choice("PPPp")]
    if rng.random() < 0.6:
        parts.append(number() + rng.choice("DDDdWYM"))
    if rng.random() < 0.7:
        parts.append(rng.choice("TTt"))
        for unit in rng.sample("HMS", rng.randrange(0, 4)):
            parts.append(number() + rng.choice([unit, unit.lower()]))
    return "".join(parts)


def plausible_timedelta(rng: random.Random) -> str:
    """Mostly valid: units in order, a fraction only on the last one, sizes near limits."""

    def number() -> str:
        return str(
            rng.choice(
                [
                    rng.randrange(100),
                    rng.randrange(10**6),
                    rng.randrange(10**9),
                    rng.randrange(10**15),
                    999999999,
                    86399999999999,
                ]
            )
        ).zfill(rng.choice([1, 1, 3]))

    units = [unit for unit in "DHMS" if rng.random() < 0.5] or ["S"]
    parts = [rng.choice(["", "-", "+"]), rng.choice("Pp")]
    for index, unit in enumerate(units):
        if unit != "D" and "T" not in parts and "t" not in parts:
            parts.append(rng.choice("Tt"))
        value = number()
        if index == len(units) - 1 and rng.random() < 0.4:
            value += "." + digits(rng, rng.randrange(1, 14))
        parts.append(value + rng.choice([unit, unit.lower()]))
    return "".join(parts)


# ---------------------------------------------------------------- uuid

UUID_HAND = [
    "12345678-1234-5678-1234-567812345678",
    "12345678123456781234567812345678",
    "ABCDEF01-ABCD-ABCD-ABCD-ABCDEF012345",
    "abcdef01-ABCD-abcd-ABCD-abcdef012345",
    "{12345678-1234-5678-1234-567812345678}",
    "urn:uuid:12345678-1234-5678-1234-567812345678",
    "12345678-1234-5678-1234-56781234567",
    "12345678-1234-5678-1234-5678123456789",
    "1234567-81234-5678-1234-567812345678",
    "12345678_1234_5678_1234_567812345678",
    "12345678-1234-5678-1234567812345678-",
    "g2345678-1234-5678-1234-567812345678",
    "1234567812345678123456781234567g",
    "",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "1234567812345678123456781234567\u0663",
]


def random_uuid(rng: random.Random) -> str:
    value = uuid.UUID(int=rng.getrandbits(128))
    text = rng.choice([str(value), value.hex, str(value).upper(), value.hex.upper()])
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        text = mutate(rng, text)
    return text


# ---------------------------------------------------------------- decimal

DECIMAL_HAND = [
    "0",
    "-0",
    "+0",
    "1",
    "1.5",
    "-1.5",
    ".5",
    "5.",
    ".",
    "-.",
    "1e5",
    "1E5",
    "1e+5",
    "1e-5",
    "1e",
    "1e+",
    "e5",
    ".e5",
    "0.e5",
    "1.e5",
    "1e5.5",
    "1e5e5",
    "1.2.3",
    "1e+-5",
    "NaN",
    "nan",
    "-NaN",
    "+nan",
    "NaN123",
    "NaN0",
    "nan00012",
    "NaN1.5",
    "NaNx",
    "sNaN",
    "-sNaN12",
    "snan",
    "sNa",
    "Na",
    "Inf",
    "-inf",
    "Infinity",
    "-INFINITY",
    "infinit",
    "infinityy",
    "Infinite",
    " 1",
    "1 ",
    " 1 ",
    "1 2",
    "\t1\n",
    "\x1c1\x1f",
    "\u30001\u2003",
    "\x851\xa0",
    "\u180e1",
    "1\u200b",
    "\ufeff1",
    "1_0",
    "1__0",
    "_10",
    "10_",
    "1.0_0",
    "1e1_0",
    "N_aN",
    "_",
    "__",
    " _1_ ",
    "_ 1",
    "1 _",
    "\u0661\u0662",
    "\u0661.\u0665e\u0662",
    "NaN\u0661",
    "\uff11",
    "\u00b2",
    "\u2155",
    "\x00",
    "1\x00",
    "",
    " ",
    "+",
    "-",
    "0x10",
    "1,5",
    "1e999999999999999999",
    "1e1000000000000000000",
    "12e999999999999999998",
    "12e999999999999999997",
    "0.1e1000000000000000000",
    "0e999999999999999999",
    "0e1000000000000000000",
    "1e-999999999999999999",
    "1e-1999999999999999997",
    "1e-1999999999999999998",
    "10e-1999999999999999998",
    "0e-1999999999999999997",
    "0e-1999999999999999998",
    "0.0e-1999999999999999996",
    "0.0e-1999999999999999997",
    "1e9223372036854775807",
    "1e9223372036854775808",
    "1e-9223372036854775809",
    "0e-9223372036854775809",
    "1e99999999999999999999999999999",
    "0.000000000000000000000000000001",
    "123456789012345678901234567890.123456789",
    "00000.0000",
    "00012",
]


def random_decimal(rng: random.Random) -> str:
    sign = rng.choice(["", "", "-", "+"])
    whole = digits(rng, rng.randrange(0, 6))
    fraction = rng.choice(["", "", "." + digits(rng, rng.randrange(0, 6))])
    exponent = rng.choice(
        [
            "",
            "",
            f"e{rng.randrange(-30, 30)}",
            f"E+{rng.randrange(100)}",
            f"e{rng.choice(['', '-', '+'])}{rng.randrange(999999999999999990, 1000000000000000010)}",
            f"e-{rng.randrange(1999999999999999990, 2000000000000000005)}",
        ]
    )
    text = sign + whole + fraction + exponent
    if rng.random() < 0.3:
        text = mutate(rng, text)
    if rng.random() < 0.1:
        text = (
            rng.choice([" ", "\u3000", "_", "\t"]) + text + rng.choice([" ", "", "_"])
        )
    return text


def random_number_token(rng: random.Random) -> str:
    """A JSON number token."""
    sign = rng.choice(["", "-"])
    whole = rng.choice(["0", str(rng.randrange(1, 10 ** rng.randrange(1, 30)))])
    fraction = rng.choice(["", "", "." + digits(rng, rng.randrange(1, 8))])
    exponent = rng.choice(
        [
            "",
            f"e{rng.randrange(-400, 400)}",
            f"E+{rng.randrange(999999999999999990, 1000000000000000010)}",
            f"e-{rng.randrange(1999999999999999980, 2000000000000000010)}",
            f"e{rng.randrange(10**19, 10**25)}",
        ]
    )
    return sign + whole + fraction + exponent


DECIMAL_NUMBER_HAND = [
    "0",
    "-0",
    "1",
    "1.5",
    "1e5",
    "-1E-5",
    "1e400",
    "1e999999999999999999",
    "1e1000000000000000000",
    "1e999999999999999999999",
    "1e-1999999999999999997",
    "1e-1999999999999999998",
    "0e1000000000000000000",
    "0.0e-1999999999999999997",
    "123456789012345678901234567890",
    "-123456789012345678901234567890.5e-20",
    "9" * 5000,
]


# ---------------------------------------------------------------- base64

BASE64_HAND = [
    "",
    "AA==",
    "AAA=",
    "AAAA",
    "AB==",
    "A===",
    "====",
    "A=AA",
    "AA=A",
    "-_-_",
    "+/+/",
    "AAA",
    "AAAAA",
    "AA AA",
    "AA\nA",
    "AAAA\n",
    "QUJD",
    "QUJDRA==",
    "QUJDRA",
    "QUJDRA=",
    "QUJDRA===",
    "é===",
    "AA\x00=",
]

BASE64_LENGTHS: list[tuple[int | None, int | None]] = [
    (None, None),
    (None, None),
    (0, None),
    (2, None),
    (None, 0),
    (None, 2),
    (1, 3),
    (3, 3),
]


def random_base64(rng: random.Random) -> str:
    data = bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 12)))
    text = rng.choice([base64.b64encode, base64.urlsafe_b64encode])(data).decode()
    if rng.random() < 0.2:
        text = text.rstrip("=")
    for _ in range(rng.choice([0, 0, 1, 2])):
        text = mutate(rng, text).replace("\u0663", "=")
    return text


def bytes_kind(min_length: int | None, max_length: int | None) -> Any:
    if min_length is None and max_length is None:
        return bytes
    return Annotated[bytes, msgspec.Meta(min_length=min_length, max_length=max_length)]


# ---------------------------------------------------------------- lax numbers

LAX_NUMBER_HAND = [
    "0",
    "-0",
    "0.0",
    "-0.0",
    "1",
    "1.5",
    "-1.5",
    "1e5",
    "1E-5",
    "1e400",
    "-1e400",
    "1e308",
    "nan",
    "NaN",
    "-nan",
    "inf",
    "-inf",
    "Infinity",
    "-INFINITY",
    "+inf",
    "+1",
    "01",
    "1.",
    ".5",
    "-",
    "",
    " 1",
    "1 ",
    "1_000",
    "0x10",
    "true",
    "null",
    "253402300799",
    "253402300800",
    "253402300801",
    "253402300799.999999",
    "253402300799.9999995",
    "253402300799.9999994",
    "-62135596800",
    "-62135596801",
    "-62135596800.5",
    "-62135596799.9999999",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "123456789012345678901234567890",
    "-123456789012345678901234567890",
    "1" + "0" * 308,
    "1" + "0" * 309,
    "-1" + "0" * 309,
    "86399999999999",
    "86400000000000",
    "86399999999999.0",
    "86399999999999.5",
    "-86399999913600",
    "-86399999913601",
    "-86399999913600.5",
    "-86399999913599.5",
    "1700000000",
    "1700000000.123456789",
    "-1700000000.000001",
    "0.0000005",
    "-0.0000005",
    "0.0000004999",
    "1e-7",
    "-1e-400",
]


def random_lax_number(rng: random.Random) -> str:
    choice = rng.randrange(5)
    if choice == 0:
        return str(rng.randrange(-70_000_000_000, 260_000_000_000))
    if choice == 1:
        return repr(rng.uniform(-7e10, 2.6e11))
    if choice == 2:
        return f"{rng.randrange(1, 10)}e{rng.randrange(-20, 20)}"
    if choice == 3:
        return (
            str(rng.randrange(-(10**14), 10**14))
            + "."
            + digits(rng, rng.randrange(1, 10))
        )
    return mutate(rng, str(rng.randrange(0, 10**12)))


# ---------------------------------------------------------------- rust output


def rust_str(text: str) -> str:
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif 0x20 <= code < 0x7F:
            out.append(char)
        else:
            out.append(f"\\u{{{code:x}}}")
    out.append('"')
    return "".join(out)


def rust_opt_str(value: Outcome) -> str:
    return "None" if value is None else f"Some({rust_str(value)})"


def rust_opt_int(value: int | None) -> str:
    return "None" if value is None else f"Some({value})"


def write_table(
    out: list[str], name: str, row_type: str, doc: str, rows: Iterable[str]
) -> None:
    out.append(f"/// {doc}")
    out.append(f"pub(super) const {name}: &[{row_type}] = &[")
    out.extend(f"    {row}," for row in rows)
    out.append("];")
    out.append("")


def tz_table(
    out: list[str], name: str, doc: str, rows: list[tuple[str, TzOutcomes]]
) -> None:
    rendered = (
        f"({rust_str(text)}, {rust_opt_str(a)}, {rust_opt_str(b)}, {rust_opt_str(c)})"
        for text, (a, b, c) in rows
    )
    write_table(out, name, "TzCase", doc, rendered)


def plain_table(
    out: list[str], name: str, doc: str, rows: list[tuple[str, Outcome]]
) -> None:
    rendered = (f"({rust_str(text)}, {rust_opt_str(answer)})" for text, answer in rows)
    write_table(out, name, "Case", doc, rendered)


GENERATED = "// @generated by bolt-runtime/testdata/formats_cases.py from msgspec {version}; do not edit.\n"


def generate_cases(seed: int, random_per_type: int) -> str:
    rng = random.Random(seed)
    datetimes = unique(
        DATETIME_HAND
        + [random_datetime(rng) for _ in range(random_per_type)]
        + [mutate(rng, random_datetime(rng)) for _ in range(random_per_type // 3)]
    )
    dates = unique(
        DATE_HAND
        + [random_date(rng) for _ in range(random_per_type // 2)]
        + [mutate(rng, random_date(rng)) for _ in range(random_per_type // 3)]
    )
    times = unique(
        TIME_HAND
        + [random_time(rng) for _ in range(random_per_type)]
        + [mutate(rng, random_time(rng)) for _ in range(random_per_type // 3)]
    )
    timedeltas = unique(
        TIMEDELTA_HAND
        + [random_timedelta(rng) for _ in range(random_per_type)]
        + [mutate(rng, random_timedelta(rng)) for _ in range(random_per_type // 3)]
    )
    uuids = unique(UUID_HAND + [random_uuid(rng) for _ in range(random_per_type // 2)])
    decimals = unique(
        DECIMAL_HAND + [random_decimal(rng) for _ in range(random_per_type)]
    )
    tokens = unique(
        DECIMAL_NUMBER_HAND
        + [random_number_token(rng) for _ in range(random_per_type // 2)]
    )
    base64s = unique(BASE64_HAND + [random_base64(rng) for _ in range(random_per_type)])
    lax_numbers = unique(
        LAX_NUMBER_HAND + [random_lax_number(rng) for _ in range(random_per_type)]
    )

    check_lax_reads_like_json(dates + lax_numbers, datetime.date)
    check_lax_reads_like_json(times + lax_numbers, datetime.time)
    check_lax_reads_like_json(uuids + lax_numbers, uuid.UUID)
    check_lax_reads_like_json(decimals + lax_numbers, decimal.Decimal)
    check_lax_reads_like_json(base64s + lax_numbers, bytes)
    check_lax_reads_like_json(base64s + lax_numbers, bytearray)

    out = [
        GENERATED.format(version=msgspec.__version__),
        "//! msgspec's answers for the format checkers (`None`: accepted, else its message).",
        "",
        "/// `(text, tz=None, tz=True, tz=False)`.",
        (
            "pub(super) type TzCase = (&'static str, Option<&'static str>, "
            "Option<&'static str>, Option<&'static str>);"
        ),
        "/// `(text, answer)`.",
        "pub(super) type Case = (&'static str, Option<&'static str>);",
        "/// `(text, min_length, max_length, answer)`.",
        (
            "pub(super) type BytesCase = (&'static str, Option<u64>, Option<u64>, "
            "Option<&'static str>);"
        ),
        "",
    ]
    tz_table(
        out,
        "DATETIME",
        "`msgspec.json.decode(b'\"<text>\"', type=datetime)`.",
        tz_rows(datetimes, datetime.datetime, lax=False),
    )
    plain_table(
        out,
        "DATE",
        "`msgspec.json.decode(b'\"<text>\"', type=date)`.",
        [(text, decode_outcome(text, datetime.date)) for text in dates],
    )
    tz_table(
        out,
        "TIME",
        "`msgspec.json.decode(b'\"<text>\"', type=time)`.",
        tz_rows(times, datetime.time, lax=False),
    )
    plain_table(
        out,
        "TIMEDELTA",
        "`msgspec.json.decode(b'\"<text>\"', type=timedelta)`.",
        [(text, decode_outcome(text, datetime.timedelta)) for text in timedeltas],
    )
    plain_table(
        out,
        "UUID",
        "`msgspec.json.decode(b'\"<text>\"', type=uuid.UUID)`.",
        [(text, decode_outcome(text, uuid.UUID)) for text in uuids],
    )
    plain_table(
        out,
        "DECIMAL",
        "`msgspec.json.decode(b'\"<text>\"', type=Decimal)`.",
        [(text, decode_outcome(text, decimal.Decimal)) for text in decimals],
    )
    plain_table(
        out,
        "DECIMAL_NUMBER",
        "`msgspec.json.decode(b'<token>', type=Decimal)` for JSON number tokens.",
        [
            (
                token,
                outcome(
                    lambda t=token: msgspec.json.decode(
                        t.encode(), type=decimal.Decimal
                    )
                ),
            )
            for token in tokens
        ],
    )
    bytes_rows = []
    for index, text in enumerate(base64s):
        min_length, max_length = BASE64_LENGTHS[index % len(BASE64_LENGTHS)]
        answer = decode_outcome(text, bytes_kind(min_length, max_length))
        bytes_rows.append(
            f"({rust_str(text)}, {rust_opt_int(min_length)}, {rust_opt_int(max_length)}, "
            f"{rust_opt_str(answer)})"
        )
    write_table(
        out,
        "BASE64",
        "BytesCase",
        "`msgspec.json.decode(b'\"<text>\"', type=Annotated[bytes, Meta(min_length, max_length)])`.",
        bytes_rows,
    )
    lax_datetimes = lax_numbers + datetimes[: len(DATETIME_HAND)]
    tz_table(
        out,
        "LAX_DATETIME",
        "`msgspec.convert(text, datetime, strict=False)`.",
        tz_rows(lax_datetimes, datetime.datetime, lax=True),
    )
    lax_timedeltas = lax_numbers + timedeltas[: len(TIMEDELTA_HAND)]
    plain_table(
        out,
        "LAX_TIMEDELTA",
        "`msgspec.convert(text, timedelta, strict=False)`.",
        [(text, lax_outcome(text, datetime.timedelta)) for text in lax_timedeltas],
    )
    return "\n".join(out)


def check_lax_reads_like_json(texts: Iterable[str], kind: type) -> None:
    for text in texts:
        strict, lax = decode_outcome(text, kind), lax_outcome(text, kind)
        if strict != lax:
            raise SystemExit(
                f"lax text differs from a JSON string for {kind.__name__}: "
                f"{text!r}: {strict!r} vs {lax!r}"
            )


# ---------------------------------------------------------------- unicode tables


def generate_unicode() -> str:
    spaces = [code for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    decimal_codes = {
        code
        for code in range(sys.maxunicode + 1)
        if unicodedata.decimal(chr(code), -1) >= 0
    }
    zeros = sorted(
        code for code in decimal_codes if unicodedata.decimal(chr(code)) == 0
    )
    covered = set()
    for zero in zeros:
        for value in range(10):
            if unicodedata.decimal(chr(zero + value), -1) != value:
                raise SystemExit(
                    f"decimal digits from U+{zero:04X} are not a run of ten"
                )
            covered.add(zero + value)
    if covered != decimal_codes:
        raise SystemExit("some decimal digits are not in a run starting at a zero")
    space_list = ", ".join(f"'\\u{{{code:x}}}'" for code in spaces)
    zero_list = ",\n    ".join(f"0x{code:05X}" for code in zeros)
    return (
        GENERATED.format(version=msgspec.__version__)
        + f"""//! Python's Unicode facts `Decimal(str)` depends on (Unicode {unicodedata.unidata_version}).

/// The characters of Python's `str.isspace()`.
const PYTHON_SPACES: [char; {len(spaces)}] = [{space_list}];

/// The first code point (digit zero) of each run of ten Unicode decimal digits (`Nd`).
const DECIMAL_ZEROS: [u32; {len(zeros)}] = [
    {zero_list},
];

/// Python's `str.isspace()` for one character.
pub(super) fn is_python_space(c: char) -> bool {{
    PYTHON_SPACES.contains(&c)
}}

/// The value of a Unicode decimal digit (`unicodedata.decimal`), ASCII digits included.
pub(super) fn python_decimal_digit(c: char) -> Option<u8> {{
    let code = u32::from(c);
    let run = DECIMAL_ZEROS.partition_point(|&zero| zero <= code).checked_sub(1)?;
    let offset = code - DECIMAL_ZEROS.get(run)?;
    u8::try_from(offset).ok().filter(|&digit| digit < 10)
}}
"""
    )


def rustfmt(text: str) -> str:
    formatted = subprocess.run(
        ["rustfmt", "--edition", "2024"],
        input=text,
        capture_output=True,
        text=True,
        cwd=HERE,
        check=False,
    )
    if formatted.returncode != 0:
        raise SystemExit(f"rustfmt failed:\n{formatted.stderr}")
    return formatted.stdout


def render(seed: int = SEED, random_per_type: int = RANDOM_PER_TYPE) -> dict[Path, str]:
    """Each file this script writes -> its (rustfmt-formatted) text; writes nothing."""
    if msgspec.__version__ != MSGSPEC:
        raise SystemExit(f"expected msgspec {MSGSPEC}, found {msgspec.__version__}")
    return {
        UNICODE_RS: rustfmt(generate_unicode()),
        CASES_RS: rustfmt(generate_cases(seed, random_per_type)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--random",
        type=int,
        default=RANDOM_PER_TYPE,
        help="random cases per type (more for a one-off deeper run; check in the default)",
    )
    args = parser.parse_args()
    for path, text in render(args.seed, args.random).items():
        path.write_text(text)


if __name__ == "__main__":
    main()
