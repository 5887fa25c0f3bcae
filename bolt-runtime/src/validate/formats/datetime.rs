//! RFC 3339 `datetime`, `date` and `time` text, and lax Unix timestamps (msgspec's
//! `ms_decode_datetime_from_str`, `ms_decode_date`, `ms_decode_time`, `datetime_from_epoch`).

use super::{LaxNumber, NUMBER_OUT_OF_RANGE, lax_number};
use crate::app::Tz;
use crate::errors::{ErrorKind, Failure};

const INVALID_DATETIME: &str = "Invalid RFC3339 encoded datetime";
const INVALID_DATE: &str = "Invalid RFC3339 encoded date";
const INVALID_TIME: &str = "Invalid RFC3339 encoded time";
const INVALID_EPOCH: &str = "Invalid epoch timestamp";
const TIMESTAMP_OUT_OF_RANGE: &str = "Timestamp is out of range";

/// Shortest texts msgspec looks at (`YYYY-MM-DDTHH:MM:SS`, `HH:MM:SS`, `YYYY-MM-DD`).
const MIN_DATETIME_LEN: usize = 19;
const MIN_TIME_LEN: usize = 8;
const DATE_LEN: usize = 10;

/// Microseconds per second; fractions are kept to this precision.
const MICROS_PER_SECOND: u32 = 1_000_000;
const FRACTION_DIGITS: usize = 6;

/// Largest year Python's `datetime` holds (a rounded-up fraction may not pass it).
const MAX_YEAR: u32 = 9999;

/// Unix timestamps msgspec accepts (lax mode): `0001-01-01T00:00:00` ..= `10000-01-01`;
/// the upper end itself (also reached by rounding) then fails in Python ("year 10000 is out
/// of range", a `ValueError` rather than a validation error: reported as out of range).
const MIN_EPOCH_SECONDS: i64 = -62_135_596_800;
const MAX_EPOCH_SECONDS: i64 = 253_402_300_800;
const NANOS_PER_SECOND: f64 = 1e9;
const NANOS_PER_MICRO: i64 = 1000;

/// `datetime` from a JSON string: `YYYY-MM-DD(T|t| )HH:MM:SS[.f+][Z|z|±HH[:]MM]`.
pub(crate) fn check_datetime(text: &str, tz: Tz) -> Option<Failure> {
    let invalid = || {
        Some(Failure::new(
            ErrorKind::DatetimeParsing,
            INVALID_DATETIME.to_owned(),
        ))
    };
    let bytes = text.as_bytes();
    if bytes.len() < MIN_DATETIME_LEN {
        return invalid();
    }
    let Some(date) = parse_date(bytes) else {
        return invalid();
    };
    if !matches!(bytes.get(DATE_LEN), Some(b'T' | b't' | b' ')) {
        return invalid();
    }
    let Some(clock) = parse_clock(bytes, DATE_LEN + 1) else {
        return invalid();
    };
    if !date.is_valid() || !clock.is_valid() {
        return invalid();
    }
    if clock.round_up && clock.rounds_to_next_day() && date.is_last_day_of(MAX_YEAR) {
        return invalid();
    }
    tz_failure(clock.aware, tz, "datetime")
}

/// `date` from a JSON string: exactly `YYYY-MM-DD`.
pub(crate) fn check_date(text: &str) -> Option<Failure> {
    let bytes = text.as_bytes();
    let valid = bytes.len() == DATE_LEN && parse_date(bytes).is_some_and(|date| date.is_valid());
    (!valid).then(|| Failure::new(ErrorKind::DateParsing, INVALID_DATE.to_owned()))
}

/// `time` from a JSON string: `HH:MM:SS[.f+][Z|z|±HH[:]MM]` (a rounded-up fraction wraps
/// past midnight).
pub(crate) fn check_time(text: &str, tz: Tz) -> Option<Failure> {
    let bytes = text.as_bytes();
    let clock = (bytes.len() >= MIN_TIME_LEN)
        .then(|| parse_clock(bytes, 0))
        .flatten()
        .filter(Clock::is_valid);
    match clock {
        None => Some(Failure::new(
            ErrorKind::TimeParsing,
            INVALID_TIME.to_owned(),
        )),
        Some(clock) => tz_failure(clock.aware, tz, "time"),
    }
}

/// `datetime` from lax text: number text is a Unix timestamp in seconds (UTC, so aware),
/// anything else is read like [`check_datetime`].
pub(crate) fn lax_datetime(text: &str, tz: Tz) -> Option<Failure> {
    let failure = |msg: &str| Some(Failure::new(ErrorKind::DatetimeParsing, msg.to_owned()));
    let (seconds, nanos) = match lax_number(text) {
        None => return check_datetime(text, tz),
        Some(LaxNumber::OutOfRange) => return failure(NUMBER_OUT_OF_RANGE),
        Some(LaxNumber::Int(seconds)) => (seconds, 0),
        Some(LaxNumber::Float(timestamp)) if !timestamp.is_finite() => {
            return failure(INVALID_EPOCH);
        }
        Some(LaxNumber::Float(timestamp)) => split_timestamp(timestamp),
    };
    if !(MIN_EPOCH_SECONDS..=MAX_EPOCH_SECONDS).contains(&seconds) {
        return failure(TIMESTAMP_OUT_OF_RANGE);
    }
    let rounded = if (nanos + NANOS_PER_MICRO / 2) / NANOS_PER_MICRO == i64::from(MICROS_PER_SECOND)
    {
        seconds + 1
    } else {
        seconds
    };
    if let Some(failure) = tz_failure(true, tz, "datetime") {
        return Some(failure);
    }
    (rounded >= MAX_EPOCH_SECONDS).then(|| {
        Failure::new(
            ErrorKind::DatetimeParsing,
            TIMESTAMP_OUT_OF_RANGE.to_owned(),
        )
    })
}

/// Whole seconds and non-negative nanoseconds of a finite timestamp, computed like
/// msgspec's `ms_decode_datetime_from_float` (C truncations included).
fn split_timestamp(timestamp: f64) -> (i64, i64) {
    // Saturating casts: values beyond i64 are out of range either way.
    let mut seconds = timestamp.trunc() as i64;
    let mut nanos = i64::from((NANOS_PER_SECOND * (timestamp - seconds as f64)) as i32);
    if nanos != 0 && timestamp < 0.0 {
        seconds = seconds.saturating_sub(1);
        nanos += 1_000_000_000;
    }
    (seconds, nanos)
}

/// The `Meta(tz=)` check msgspec runs once the value parsed.
fn tz_failure(aware: bool, tz: Tz, type_name: &str) -> Option<Failure> {
    match (tz, aware) {
        (Tz::Aware, false) => Some(Failure::new(
            ErrorKind::TimezoneAware,
            format!("Expected `{type_name}` with a timezone component"),
        )),
        (Tz::Naive, true) => Some(Failure::new(
            ErrorKind::TimezoneNaive,
            format!("Expected `{type_name}` with no timezone component"),
        )),
        _ => None,
    }
}

/// `width` ASCII digits at `at` (msgspec's `ms_read_fixint`).
fn fixint(bytes: &[u8], at: usize, width: usize) -> Option<u32> {
    let digits = bytes.get(at..at + width)?;
    digits.iter().try_fold(0, |value, &byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u32::from(byte - b'0'))
    })
}

/// A calendar date as read, not yet range-checked.
#[derive(Debug, Clone, Copy)]
struct Date {
    year: u32,
    month: u32,
    day: u32,
}

impl Date {
    fn is_valid(&self) -> bool {
        self.year != 0
            && (1..=12).contains(&self.month)
            && (1..=days_in_month(self.year, self.month)).contains(&self.day)
    }

    fn is_last_day_of(&self, year: u32) -> bool {
        self.year == year && self.month == 12 && self.day == 31
    }
}

/// `YYYY-MM-DD` at the start of `bytes` (callers check the length).
fn parse_date(bytes: &[u8]) -> Option<Date> {
    let year = fixint(bytes, 0, 4)?;
    (bytes.get(4) == Some(&b'-')).then_some(())?;
    let month = fixint(bytes, 5, 2)?;
    (bytes.get(7) == Some(&b'-')).then_some(())?;
    let day = fixint(bytes, 8, 2)?;
    Some(Date { year, month, day })
}

fn is_leap_year(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A time of day as read, not yet range-checked.
#[derive(Debug, Clone, Copy)]
struct Clock {
    hour: u32,
    minute: u32,
    second: u32,
    micros: u32,
    /// More than six fraction digits, the seventh ≥ 5: one microsecond is added.
    round_up: bool,
    /// A UTC offset (or `Z`) was given.
    aware: bool,
}

impl Clock {
    fn is_valid(&self) -> bool {
        self.hour <= 23 && self.minute <= 59 && self.second <= 59
    }

    /// Whether adding one microsecond reaches midnight.
    fn rounds_to_next_day(&self) -> bool {
        self.micros == MICROS_PER_SECOND - 1
            && self.second == 59
            && self.minute == 59
            && self.hour == 23
    }
}

/// `HH:MM:SS[.f+][tz]` from `at` to the end of `bytes`, like msgspec: past the seconds, the
/// end of the text reads as NUL, and a NUL where the zone may start ends the value.
fn parse_clock(bytes: &[u8], at: usize) -> Option<Clock> {
    let hour = fixint(bytes, at, 2)?;
    (bytes.get(at + 2) == Some(&b':')).then_some(())?;
    let minute = fixint(bytes, at + 3, 2)?;
    (bytes.get(at + 5) == Some(&b':')).then_some(())?;
    let second = fixint(bytes, at + 6, 2)?;
    let mut pos = at + 8;
    let mut next = || {
        let byte = bytes.get(pos).copied().unwrap_or(0);
        pos = (pos + 1).min(bytes.len());
        byte
    };
    let mut c = next();
    let mut micros = 0;
    let mut round_up = false;
    if c == b'.' {
        let mut digits = 0;
        loop {
            if digits == FRACTION_DIGITS {
                c = next();
                if c.is_ascii_digit() {
                    round_up = c >= b'5';
                    while c.is_ascii_digit() {
                        c = next();
                    }
                }
                break;
            }
            c = next();
            if !c.is_ascii_digit() {
                break;
            }
            digits += 1;
            micros = micros * 10 + u32::from(c - b'0');
        }
        if digits == 0 {
            return None;
        }
        micros *= 10_u32.pow((FRACTION_DIGITS - digits) as u32);
    }
    let aware = if c == 0 {
        false
    } else {
        parse_offset(bytes, c, pos)?;
        true
    };
    Some(Clock {
        hour,
        minute,
        second,
        micros,
        round_up,
        aware,
    })
}

/// The zone after the time: `Z`/`z` ending the text, or a sign then `HH[:]MM` ending it
/// (hours ≤ 23, minutes ≤ 59). `first` is the zone's first byte, `pos` just past it.
fn parse_offset(bytes: &[u8], first: u8, pos: usize) -> Option<()> {
    let rest = bytes.get(pos..)?;
    match first {
        b'Z' | b'z' => rest.is_empty().then_some(()),
        b'+' | b'-' => {
            if rest.len() < 3 {
                return None;
            }
            let hours = fixint(rest, 0, 2)?;
            let minutes_at = if rest.get(2) == Some(&b':') { 3 } else { 2 };
            if rest.len() - minutes_at != 2 {
                return None;
            }
            let minutes = fixint(rest, minutes_at, 2)?;
            (hours <= 23 && minutes <= 59).then_some(())
        }
        _ => None,
    }
}
