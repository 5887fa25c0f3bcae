"""Writes `lax_cases.rs` next to itself: what `msgspec.convert(text, T, strict=False)` does
with parameter text, for every scalar schema `extract` coerces (msgspec is the oracle;
`bolt-runtime/src/extract/tests.rs` includes this test data and checks `coerce_text`
against it).

Run with msgspec 0.22.0 after changing the cases:

    python bolt-runtime/testdata/lax_cases.py

`python/tests/test_generated_tables.py` checks that `lax_cases.rs` is what `render()` gives.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import math
import uuid
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

OUT = Path(__file__).resolve().with_name("lax_cases.rs")
#: The msgspec whose answers the table records (the version `extract` ports).
MSGSPEC = "0.22.0"
M = msgspec.Meta


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Num(enum.IntEnum):
    ONE = 1
    TWO = 2


#: Rust static name → the Python type it stands for (the statics are in `src/extract/tests.rs`).
SCHEMAS: dict[str, Any] = {
    "INT": int,
    "POSITIVE_INT": Annotated[int, M(ge=1)],
    "FLOAT": float,
    "BOOL": bool,
    "NULL": None,
    "STR": str,
    "ANY": Any,
    "BYTES": bytes,
    "BYTES_MIN_2": Annotated[bytes, M(min_length=2)],
    "DATETIME": datetime.datetime,
    "DATETIME_AWARE": Annotated[datetime.datetime, M(tz=True)],
    "DATETIME_NAIVE": Annotated[datetime.datetime, M(tz=False)],
    "DATE": datetime.date,
    "TIME": datetime.time,
    "TIME_AWARE": Annotated[datetime.time, M(tz=True)],
    "TIMEDELTA": datetime.timedelta,
    "UUID": uuid.UUID,
    "DECIMAL": decimal.Decimal,
    "COLOR": Color,
    "NUM": Num,
    "LITERAL_INTS": Literal[1, 2],
    "LITERAL_MIXED": Literal["1", 2],
    "OPTIONAL_INT": int | None,
    "OPTIONAL_BOOL": bool | None,
    "OPTIONAL_DATETIME": datetime.datetime | None,
    "OPTIONAL_TIMEDELTA": datetime.timedelta | None,
    "OPTIONAL_COLOR": Color | None,
    "OPTIONAL_DECIMAL": decimal.Decimal | None,
    "OPTIONAL_UUID": uuid.UUID | None,
    "INT_OR_STR": int | str,
    "INT_OR_FLOAT": int | float,
    "BOOL_OR_INT": bool | int,
    "FLOAT_OR_STR": float | str,
    "INT_OR_DATETIME": int | datetime.datetime,
    "FLOAT_OR_DATETIME": float | datetime.datetime,
    "BOOL_OR_DATETIME": bool | datetime.datetime,
    "INT_OR_TIMEDELTA": int | datetime.timedelta,
    "INT_OR_COLOR": int | Color,
    "NUM_OR_STR": Num | str,
    "INT_OR_DECIMAL": int | decimal.Decimal,
    "FLOAT_OR_DECIMAL": float | decimal.Decimal,
    "LITERAL_INTS_OR_FLOAT": Literal[1, 2] | float,
    "INT_OR_UUID": int | uuid.UUID,
    "OPTIONAL_INT_OR_DATE": int | datetime.date | None,
}

TEXTS = [
    "1",
    "0",
    "-0",
    "2",
    "3",
    "-1",
    "1.0",
    "1.5",
    "-1.5",
    "1e3",
    "1E-2",
    "1e400",
    "-1e400",
    "nan",
    "-NaN",
    "inf",
    "-Infinity",
    "true",
    "FALSE",
    "null",
    "NULL",
    "x",
    "",
    " 1",
    "+1",
    "01",
    "1_000",
    "sNaN",
    ".5",
    "1.",
    "red",
    "RED",
    "blue",
    "9007199254740992",
    "9007199254740993.0",
    "18446744073709551615",
    "9223372036854775808",
    "123456789012345678901234567890",
    "-123456789012345678901234567890",
    "2024-01-02T03:04:05Z",
    "2024-01-02T03:04:05",
    "2024-01-02 03:04:05+01:00",
    "2024-01-02",
    "2024-13-02",
    "03:04:05",
    "03:04:05+01:00",
    "25:00:00",
    "P1D",
    "-PT1.5S",
    "P1W",
    "PT",
    "12345678-1234-5678-1234-567812345678",
    "12345678123456781234567812345678",
    "{12345678-1234-5678-1234-567812345678}",
    "aGk=",
    "YWI=",
    "YQ==",
    "YQ",
    "!!!!",
    "1700000000",
    "1700000000.5",
    "-1700000000.25",
    "253402300799",
    "253402300800",
    "253402300799.9999999",
    "-62135596800",
    "-62135596801",
    "86399999999999",
    "86400000000000",
    "-86399999913600",
    "-86399999913601",
    "86399999999999.5",
]


def expectation(text: str, target: Any) -> str:
    """The Rust `Expect` for `text` converted to `target`."""
    try:
        value = msgspec.convert(text, target, strict=False)
    except msgspec.ValidationError as error:
        return f"Err({rust_str(str(error).rstrip())})"
    except (ValueError, OverflowError):
        # msgspec fails building the value (year 10000): Bolt refuses it as out of range.
        return 'Err("Timestamp is out of range")'
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return f"Bool({'true' if value else 'false'})"
    if isinstance(value, int):
        if -(2**63) <= value < 2**63:
            return f"Int({value})"
        return f"Big({rust_str(str(value))})"
    if isinstance(value, float):
        if math.isnan(value):
            return "Nan"
        if math.isinf(value):
            return "Float(f64::INFINITY)" if value > 0 else "Float(f64::NEG_INFINITY)"
        return f"Float({value!r}_f64)"
    if isinstance(value, str):
        return f"Text({rust_str(value)})"
    # datetime, date, time, timedelta, UUID, Decimal, bytes: the validated text is kept
    # (the parameter's converter builds the object); msgspec reads `-0` as `Decimal(0)`.
    if isinstance(value, decimal.Decimal) and text == "-0":
        return 'Text("0")'
    return f"Text({rust_str(text)})"


def rust_str(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def render() -> str:
    """The text of `lax_cases.rs`; writes nothing."""
    if msgspec.__version__ != MSGSPEC:
        raise SystemExit(f"expected msgspec {MSGSPEC}, found {msgspec.__version__}")
    lines = [
        f"// @generated by bolt-runtime/testdata/lax_cases.py from msgspec {msgspec.__version__} — do not edit.",
        "",
        "use super::{Case, Expect::*};",
        "",
        "/// `(schema, text, what msgspec.convert(text, T, strict=False) gives)`.",
        "#[rustfmt::skip]",
        "pub(super) static CASES: &[Case] = &[",
    ]
    for name, target in SCHEMAS.items():
        for text in TEXTS:
            lines.append(
                f"    ({rust_str(name)}, {rust_str(text)}, {expectation(text, target)}),"
            )
    lines.append("];")
    return "\n".join(lines) + "\n"


def main() -> None:
    OUT.write_text(render())
    print(f"wrote {OUT} ({len(SCHEMAS) * len(TEXTS)} cases)")


if __name__ == "__main__":
    main()
