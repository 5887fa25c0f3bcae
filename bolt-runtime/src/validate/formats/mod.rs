//! Scalar text formats checked exactly like msgspec 0.22 reads them: `datetime`, `date`,
//! `time` (RFC 3339), `timedelta` (ISO 8601 durations), `uuid.UUID`, `decimal.Decimal` and
//! base64 `bytes`/`bytearray`.
//!
//! Every checker is pure and allocation-free on the happy path: `None` when msgspec accepts
//! the value, `Some(Failure)` with msgspec's message otherwise (without its `" - at $..."`
//! path suffix and trailing space). The rules are ports of msgspec's `_core.c`
//! (`ms_decode_datetime_from_str`, `ms_decode_timedelta`, `json_decode_binary`, ...) and of
//! CPython's `decimal.Decimal(str)`. `bolt-runtime/testdata/formats_cases.py` runs msgspec
//! over hand-picked and random (fixed seed) edge cases and writes
//! `testdata/formats_cases.rs`, the tables `tests.rs` checks every function against
//! (`formats_cases.py --seed N --random 8000` for a one-off deeper run), and this module's
//! `unicode.rs`.
//!
//! Two msgspec failures are not validation errors; Bolt reports them as out of range: a lax
//! timestamp that rounds to year 10000 (`ValueError`) and a duration whose wrapped day count
//! exceeds `timedelta` (`OverflowError`).
//!
//! # JSON strings (`msgspec.json.decode(b'"<text>"', type=T)`)
//!
//! `text` is the unescaped content of the string. [`check_datetime`], [`check_date`],
//! [`check_time`], [`check_timedelta`], [`check_uuid`], [`check_decimal`], [`check_base64`].
//! Notable msgspec rules kept: `T`/`t`/space separators, `Z`/`z`, offsets `±HH:MM` or
//! `±HHMM` up to 23:59 (`-00:00` is UTC), fractions of any length rounded half-up to the
//! microsecond (`…23:59:59.9999995` rolls over to the next day, and is refused when that is
//! year 10000), no leap seconds, no year 0; a NUL character where the time zone may start
//! ends the text (msgspec reads C strings: `"2020-01-01T00:00:00\u0000x"` is accepted).
//! Durations are `[+-]P[nD][T[nH][nM][nS]]` in any case, only the last unit may have a
//! fraction, `Y`/`M` (months)/`W` are refused with their own message; the range is
//! Python's `timedelta` (msgspec's 64-bit wrap-around for day counts near 2^47 is kept:
//! it accepts some of those as a negative duration). UUIDs are 32 hex digits, optionally
//! hyphenated 8-4-4-4-12, any case; no braces or `urn:`. Decimals are whatever
//! `decimal.Decimal(str)` takes (`NaN`, `sNaN12`, `Infinity`, `1e5`, `.5`, surrounding
//! Unicode whitespace, `_` anywhere, Unicode decimal digits; exponents within libmpdec's
//! limits). Base64 is the standard alphabet with mandatory padding, no whitespace, unused
//! bits not checked; `min_length`/`max_length` count decoded bytes and are checked (from
//! the padded length) before the characters, like msgspec.
//!
//! # JSON numbers
//!
//! Only `Decimal` takes a JSON number in msgspec's strict JSON decoding: every integer, and
//! every float whose exponent libmpdec can represent ([`check_decimal_number`], given the raw
//! token). `datetime` and `timedelta` refuse numbers in strict mode (a type error, the
//! walker's business), as do `date`, `time`, `uuid` and `bytes`.
//!
//! # Lax text (`msgspec.convert(text, T, strict=False)`: path/query/header/cookie values)
//!
//! Differs from JSON strings only for `datetime` ([`lax_datetime`]: JSON-number text or
//! `nan`/`inf`/`infinity` is a Unix timestamp, always UTC) and `timedelta`
//! ([`lax_timedelta`]: number text is seconds). `date`, `time`, `uuid`, `bytes` and
//! `Decimal` read lax text exactly like JSON strings (for `Decimal`, number text is also
//! valid `Decimal(str)` text), so they have no `lax_*` variant; `formats_cases.py` checks this.
//!
//! # Constraints
//!
//! msgspec refuses `gt`/`ge`/`lt`/`le`/`multiple_of` (and lengths) on `Decimal` when the
//! decoder is built ("Can only set `ge` on a numeric type"), so `bolt build` must refuse
//! them and [`check_decimal`] ignores its `rules`. `Meta(tz=)` applies to `datetime` and
//! `time`, checked after the format; length rules apply to `bytes` (decoded length).

mod base64;
mod datetime;
mod decimal;
mod duration;
mod unicode;
mod uuid;

pub(crate) use base64::check_base64;
pub(crate) use datetime::{check_date, check_datetime, check_time, lax_datetime};
pub(crate) use decimal::{check_decimal, check_decimal_number};
pub(crate) use duration::{check_timedelta, lax_timedelta};
pub(crate) use uuid::check_uuid;

use super::number::{Number, lax_number as read_lax_number};

/// Lax text that msgspec reads as a number before trying the type's own text format
/// (`maybe_parse_number` in `_core.c`, read by [`super::number::lax_number`]), as the
/// epoch/duration checks need it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum LaxNumber {
    /// Integer text within `i64` (text beyond it that is still a finite float saturates:
    /// only range checks look at it).
    Int(i64),
    /// Float text, or `nan`/`inf`/`infinity` (as NaN: never a valid epoch or duration).
    Float(f64),
    /// Number text beyond `f64`: msgspec's "Number out of range".
    OutOfRange,
}

/// msgspec's message for number text beyond `f64`.
const NUMBER_OUT_OF_RANGE: &str = "Number out of range";

/// `text` as a lax number, `None` when it is not number text (then the type's own text
/// format applies).
fn lax_number(text: &str) -> Option<LaxNumber> {
    Some(match read_lax_number(text)? {
        Number::Int(value) => LaxNumber::Int(value),
        Number::NonFinite(_) => LaxNumber::Float(f64::NAN),
        Number::Float(value) if value.is_infinite() => LaxNumber::OutOfRange,
        Number::Float(value) => LaxNumber::Float(value),
        wide @ (Number::UInt(_) | Number::BigInt(_)) => {
            // Beyond i64 (msgspec clamps or goes through a float): out of every range.
            let value = wide.to_f64();
            if value.is_infinite() {
                LaxNumber::OutOfRange
            } else if value < 0.0 {
                LaxNumber::Int(i64::MIN)
            } else {
                LaxNumber::Int(i64::MAX)
            }
        }
    })
}

/// msgspec's answers, written by `bolt-runtime/testdata/formats_cases.py` (test data only).
#[cfg(test)]
#[path = "../../../testdata/formats_cases.rs"]
mod cases;
#[cfg(test)]
mod tests;
