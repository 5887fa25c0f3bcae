//! ISO 8601 durations as `timedelta`, and lax numbers of seconds (msgspec's
//! `ms_decode_timedelta` and `ms_decode_timedelta_from_{int64,float}`).

use super::{LaxNumber, NUMBER_OUT_OF_RANGE, lax_number};
use crate::errors::{ErrorKind, Failure};

const INVALID: &str = "Invalid ISO8601 duration";
const OUT_OF_RANGE: &str = "Duration is out of range";
const UNSUPPORTED: &str =
    "Only units 'D', 'H', 'M', and 'S' are supported when parsing ISO8601 durations";

/// Python's `timedelta` range in seconds (±999999999 days, the upper end plus 86399 s).
const MAX_SECONDS: i64 = 86_399_999_999_999;
const MIN_SECONDS: i64 = -86_399_999_913_600;
const SECONDS_PER_DAY: i64 = 86_400;
/// Python's `timedelta.max.days`.
const MAX_DAYS: i64 = 999_999_999;

/// A unit value larger than this is out of range (msgspec checks while reading digits).
const MAX_UNIT_VALUE: u64 = 1 << 47;
/// Fraction digits msgspec reads (after the first); more have no effect.
const EXTRA_FRACTION_DIGITS: usize = 10;
const MICROS_PER_SECOND: u64 = 1_000_000;

/// Where a duration's parse stands: each unit may appear once, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Start,
    Days,
    Time,
    Hours,
    Minutes,
    Seconds,
}

/// Why a duration is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    Invalid,
    OutOfRange,
    Unsupported,
}

impl Refusal {
    fn failure(self) -> Failure {
        let msg = match self {
            Self::Invalid => INVALID,
            Self::OutOfRange => OUT_OF_RANGE,
            Self::Unsupported => UNSUPPORTED,
        };
        Failure::new(ErrorKind::TimedeltaParsing, msg.to_owned())
    }
}

/// `timedelta` from a JSON string: `[+-]P[nD][T[nH][nM][nS]]`, case-insensitive, leading
/// zeros allowed, a fraction only on the last unit, at least one unit.
pub(crate) fn check_timedelta(text: &str) -> Option<Failure> {
    parse_duration(text.as_bytes()).err().map(Refusal::failure)
}

/// `timedelta` from lax text: number text is seconds (`nan`/`inf` are out of range),
/// anything else is read like [`check_timedelta`].
pub(crate) fn lax_timedelta(text: &str) -> Option<Failure> {
    let in_range = match lax_number(text) {
        None => return check_timedelta(text),
        Some(LaxNumber::OutOfRange) => {
            return Some(Failure::new(
                ErrorKind::TimedeltaParsing,
                NUMBER_OUT_OF_RANGE.to_owned(),
            ));
        }
        Some(LaxNumber::Int(seconds)) => (MIN_SECONDS..=MAX_SECONDS).contains(&seconds),
        Some(LaxNumber::Float(seconds)) => {
            seconds.is_finite() && seconds <= MAX_SECONDS as f64 && seconds >= MIN_SECONDS as f64
        }
    };
    (!in_range).then(|| Refusal::OutOfRange.failure())
}

/// Reads `bytes` like msgspec, C integer arithmetic included (a day count near 2^47 wraps
/// the 64-bit seconds around, and the day count is then cut to 32 bits by CPython's
/// `PyDelta_FromDSU`: msgspec accepts some of those as negative durations).
fn parse_duration(bytes: &[u8]) -> Result<(), Refusal> {
    let at = |pos: usize| bytes.get(pos).copied().ok_or(Refusal::Invalid);
    let mut pos = 0;
    let negative = match at(pos)? {
        b'-' => {
            pos += 1;
            true
        }
        b'+' => {
            pos += 1;
            false
        }
        _ => false,
    };
    if !matches!(at(pos)?, b'P' | b'p') {
        return Err(Refusal::Invalid);
    }
    pos += 1;
    at(pos)?;
    let mut seconds: i64 = 0;
    let mut micros: u64 = 0;
    let mut part = Part::Start;
    loop {
        let byte = at(pos)?;
        if matches!(byte, b'T' | b't') {
            if part >= Part::Time {
                return Err(Refusal::Invalid);
            }
            part = Part::Time;
            pos += 1;
            continue;
        }
        if !byte.is_ascii_digit() {
            return Err(Refusal::Invalid);
        }
        let mut value = u64::from(byte - b'0');
        pos += 1;
        loop {
            let byte = at(pos)?;
            if !byte.is_ascii_digit() {
                break;
            }
            value = value * 10 + u64::from(byte - b'0');
            if value > MAX_UNIT_VALUE {
                return Err(Refusal::OutOfRange);
            }
            pos += 1;
        }
        let fraction = if at(pos)? == b'.' {
            pos += 1;
            let (fraction, after) = read_fraction(bytes, pos)?;
            pos = after;
            Some(fraction)
        } else {
            None
        };
        let (next, scale) = match at(pos)? {
            b'D' | b'd' if part < Part::Days => (Part::Days, SECONDS_PER_DAY),
            b'H' | b'h' if part >= Part::Time && part < Part::Hours => (Part::Hours, 3600),
            b'M' | b'm' if part < Part::Time => return Err(Refusal::Unsupported),
            b'M' | b'm' if part < Part::Minutes => (Part::Minutes, 60),
            b'S' | b's' if part >= Part::Time && part < Part::Seconds => (Part::Seconds, 1),
            b'W' | b'w' | b'Y' | b'y' => return Err(Refusal::Unsupported),
            _ => return Err(Refusal::Invalid),
        };
        pos += 1;
        part = next;
        // `seconds += scale * x` in C: unsigned product, wrapping 64-bit sum.
        let scale = scale.unsigned_abs();
        seconds = seconds.wrapping_add(scale.wrapping_mul(value) as i64);
        if let Some((numerator, denominator)) = fraction {
            let numerator = numerator * scale;
            let mut extra_seconds = numerator / denominator;
            let remainder = numerator - extra_seconds * denominator;
            micros += (MICROS_PER_SECOND * remainder + denominator / 2) / denominator;
            if micros >= MICROS_PER_SECOND {
                extra_seconds += 1;
                micros -= MICROS_PER_SECOND;
            }
            seconds = seconds.wrapping_add(extra_seconds as i64);
        }
        if seconds > MAX_SECONDS {
            return Err(Refusal::OutOfRange);
        }
        if pos == bytes.len() {
            break;
        }
        if fraction.is_some() {
            return Err(Refusal::Invalid);
        }
    }
    if negative {
        seconds = seconds.wrapping_neg();
        if micros != 0 {
            seconds = seconds.wrapping_sub(1);
        }
        if seconds < MIN_SECONDS {
            return Err(Refusal::OutOfRange);
        }
    }
    // `PyDelta_FromDSU(days, seconds, micros)` with `int` parameters, then normalized.
    let days = seconds / SECONDS_PER_DAY;
    let rest = seconds - days * SECONDS_PER_DAY;
    let days = i64::from(days as i32) + if rest < 0 { -1 } else { 0 };
    if days.abs() > MAX_DAYS {
        return Err(Refusal::OutOfRange);
    }
    Ok(())
}

/// The fraction digits from `pos` (at least one), as `numerator / denominator`, and the
/// position after them. The text must go on (to a unit).
fn read_fraction(bytes: &[u8], mut pos: usize) -> Result<((u64, u64), usize), Refusal> {
    let at = |pos: usize| bytes.get(pos).copied().ok_or(Refusal::Invalid);
    let first = at(pos)?;
    if !first.is_ascii_digit() {
        return Err(Refusal::Invalid);
    }
    let mut numerator = u64::from(first - b'0');
    let mut denominator = 10;
    pos += 1;
    for _ in 0..EXTRA_FRACTION_DIGITS {
        let byte = at(pos)?;
        if !byte.is_ascii_digit() {
            return Ok(((numerator, denominator), pos));
        }
        numerator = numerator * 10 + u64::from(byte - b'0');
        denominator *= 10;
        pos += 1;
    }
    while at(pos)?.is_ascii_digit() {
        pos += 1;
    }
    Ok(((numerator, denominator), pos))
}
