//! The format checkers against msgspec's answers (`bolt-runtime/testdata/formats_cases.rs`,
//! written by `formats_cases.py` next to it), plus a few hand-written checks of kinds and
//! `ctx`.

use serde_json::json;

use super::cases::{self, BytesCase, Case, TzCase};
use super::*;
use crate::app::{LengthRules, NumberRules, Tz};
use crate::errors::{ErrorKind, Failure};

/// The kind a failure with msgspec's message `msg` must have, for a value of `parsing` kind.
fn expected_kind(msg: &str, parsing: ErrorKind) -> ErrorKind {
    if msg.ends_with("with a timezone component") {
        ErrorKind::TimezoneAware
    } else if msg.ends_with("with no timezone component") {
        ErrorKind::TimezoneNaive
    } else if msg.starts_with("Expected `bytes` of length >=") {
        ErrorKind::TooShort
    } else if msg.starts_with("Expected `bytes` of length <=") {
        ErrorKind::TooLong
    } else {
        parsing
    }
}

/// Every row where `check` disagrees with msgspec (acceptance, message or kind).
fn mismatches(
    rows: impl IntoIterator<Item = (String, Option<&'static str>)>,
    parsing: ErrorKind,
    check: impl Fn(&str) -> Option<Failure>,
) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut count = 0;
    for (text, expected) in rows {
        count += 1;
        let got = check(&text);
        let agrees = match (&got, expected) {
            (None, None) => true,
            (Some(failure), Some(msg)) => {
                failure.msg == msg && failure.kind == expected_kind(msg, parsing)
            }
            _ => false,
        };
        if !agrees {
            wrong.push(format!(
                "{text:?}: msgspec {expected:?}, got {:?}",
                got.map(|f| (f.kind, f.msg))
            ));
        }
    }
    assert!(count > 0, "empty table");
    wrong
}

fn assert_agrees(
    name: &str,
    rows: impl IntoIterator<Item = (String, Option<&'static str>)>,
    parsing: ErrorKind,
    check: impl Fn(&str) -> Option<Failure>,
) {
    let wrong = mismatches(rows, parsing, check);
    assert!(
        wrong.is_empty(),
        "{name}: {} rows differ from msgspec:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

fn plain(table: &[Case]) -> impl Iterator<Item = (String, Option<&'static str>)> + '_ {
    table
        .iter()
        .map(|&(text, answer)| (text.to_owned(), answer))
}

/// The rows of a tz table for one `Meta(tz=)` setting.
fn with_tz(table: &[TzCase], tz: Tz) -> impl Iterator<Item = (String, Option<&'static str>)> + '_ {
    table.iter().map(move |&(text, any, aware, naive)| {
        let answer = match tz {
            Tz::Any => any,
            Tz::Aware => aware,
            Tz::Naive => naive,
        };
        (text.to_owned(), answer)
    })
}

const TZS: [Tz; 3] = [Tz::Any, Tz::Aware, Tz::Naive];
const NO_RULES: NumberRules = NumberRules {
    gt: None,
    ge: None,
    lt: None,
    le: None,
    multiple_of: None,
};

#[test]
fn check_datetime_table_matches_msgspec() {
    for tz in TZS {
        assert_agrees(
            &format!("datetime {tz:?}"),
            with_tz(cases::DATETIME, tz),
            ErrorKind::DatetimeParsing,
            |text| check_datetime(text, tz),
        );
    }
}

#[test]
fn check_date_table_matches_msgspec() {
    assert_agrees(
        "date",
        plain(cases::DATE),
        ErrorKind::DateParsing,
        check_date,
    );
}

#[test]
fn check_time_table_matches_msgspec() {
    for tz in TZS {
        assert_agrees(
            &format!("time {tz:?}"),
            with_tz(cases::TIME, tz),
            ErrorKind::TimeParsing,
            |text| check_time(text, tz),
        );
    }
}

#[test]
fn check_timedelta_table_matches_msgspec() {
    assert_agrees(
        "timedelta",
        plain(cases::TIMEDELTA),
        ErrorKind::TimedeltaParsing,
        check_timedelta,
    );
}

#[test]
fn check_uuid_table_matches_msgspec() {
    assert_agrees(
        "uuid",
        plain(cases::UUID),
        ErrorKind::UuidParsing,
        check_uuid,
    );
}

#[test]
fn check_decimal_table_matches_msgspec() {
    assert_agrees(
        "decimal",
        plain(cases::DECIMAL),
        ErrorKind::DecimalParsing,
        |text| check_decimal(text, &NO_RULES),
    );
}

#[test]
fn check_decimal_number_table_matches_msgspec() {
    assert_agrees(
        "decimal number",
        plain(cases::DECIMAL_NUMBER),
        ErrorKind::DecimalParsing,
        |token| check_decimal_number(token, &NO_RULES),
    );
}

#[test]
fn check_base64_table_matches_msgspec() {
    let mut wrong = Vec::new();
    for &(text, min, max, expected) in cases::BASE64 as &[BytesCase] {
        let rules = LengthRules { min, max };
        wrong.extend(
            mismatches(
                [(text.to_owned(), expected)],
                ErrorKind::BytesParsing,
                |text| check_base64(text, &rules),
            )
            .into_iter()
            .map(|row| format!("{row} (min {min:?}, max {max:?})")),
        );
    }
    assert!(wrong.is_empty(), "base64 differs:\n{}", wrong.join("\n"));
}

#[test]
fn lax_datetime_table_matches_msgspec() {
    for tz in TZS {
        assert_agrees(
            &format!("lax datetime {tz:?}"),
            with_tz(cases::LAX_DATETIME, tz),
            ErrorKind::DatetimeParsing,
            |text| lax_datetime(text, tz),
        );
    }
}

#[test]
fn lax_timedelta_table_matches_msgspec() {
    assert_agrees(
        "lax timedelta",
        plain(cases::LAX_TIMEDELTA),
        ErrorKind::TimedeltaParsing,
        lax_timedelta,
    );
}

#[test]
fn tables_have_hundreds_of_rows_per_type() {
    for (name, len) in [
        ("datetime", cases::DATETIME.len()),
        ("date", cases::DATE.len()),
        ("time", cases::TIME.len()),
        ("timedelta", cases::TIMEDELTA.len()),
        ("uuid", cases::UUID.len()),
        ("decimal", cases::DECIMAL.len()),
        ("decimal number", cases::DECIMAL_NUMBER.len()),
        ("base64", cases::BASE64.len()),
        ("lax datetime", cases::LAX_DATETIME.len()),
        ("lax timedelta", cases::LAX_TIMEDELTA.len()),
    ] {
        assert!(len >= 200, "{name}: only {len} rows");
    }
}

#[test]
fn check_base64_length_failure_carries_ctx_like_other_lengths() {
    let rules = LengthRules {
        min: Some(3),
        max: None,
    };
    let Some(failure) = check_base64("AA==", &rules) else {
        panic!("one byte is shorter than three");
    };
    assert_eq!(failure.kind, ErrorKind::TooShort);
    assert_eq!(failure.msg, "Expected `bytes` of length >= 3");
    assert_eq!(failure.ctx, Some(json!({"min_length": 3})));
}

#[test]
fn check_decimal_ignores_numeric_rules_msgspec_refuses() {
    let rules = NumberRules {
        ge: Some(crate::app::Bound::Int(0)),
        ..NO_RULES
    };
    assert_eq!(check_decimal("-1", &rules), None);
    assert_eq!(check_decimal_number("-1.5", &rules), None);
}

#[test]
fn check_datetime_tz_failures_have_tz_kinds() {
    let naive = check_datetime("2020-01-01T00:00:00", Tz::Aware);
    assert_eq!(naive.map(|f| f.kind), Some(ErrorKind::TimezoneAware));
    let aware = check_time("00:00:00Z", Tz::Naive);
    assert_eq!(
        aware.map(|f| (f.kind, f.msg)),
        Some((
            ErrorKind::TimezoneNaive,
            "Expected `time` with no timezone component".to_owned()
        ))
    );
    assert_eq!(check_datetime("2020-01-01T00:00:00-00:00", Tz::Aware), None);
}

#[test]
fn lax_number_reads_number_text_and_special_names_only() {
    assert_eq!(lax_number("12"), Some(LaxNumber::Int(12)));
    assert_eq!(lax_number("-1.5"), Some(LaxNumber::Float(-1.5)));
    assert_eq!(lax_number("1e400"), Some(LaxNumber::OutOfRange));
    assert_eq!(
        lax_number("99999999999999999999"),
        Some(LaxNumber::Int(i64::MAX))
    );
    assert!(matches!(lax_number("-Infinity"), Some(LaxNumber::Float(v)) if v.is_nan()));
    for text in ["+1", "01", " 1", "1.", ".5", "", "-", "+inf", "2020-01-01"] {
        assert_eq!(lax_number(text), None, "{text:?}");
    }
}
