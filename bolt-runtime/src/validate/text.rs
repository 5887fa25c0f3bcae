//! Text → number/bool the way msgspec's lax mode (`msgspec.convert(..., strict=False)`)
//! reads strings; used for path/query/header/cookie values and for dict keys.

use super::rules::{IntValue, parse_int_text};
use super::scanner::{JsonNumber, json_number};
use crate::errors::Failure;

/// msgspec accepts a float-looking text as an `int` only when it is integral and at most
/// 2^53 in magnitude (so the float is exact).
const MAX_EXACT_FLOAT_INT: f64 = 9_007_199_254_740_992.0;

/// Case-insensitive names of the special floats (`float("nan")` etc.), sign allowed.
const NAN_NAME: &str = "nan";
const INFINITY_NAMES: [&str; 2] = ["inf", "infinity"];

/// Case-insensitive `null`, which lax mode reads as `None` for non-string optionals.
const NULL_NAME: &str = "null";

/// Lax `int`: JSON integer text (`-0`, `12`, big values too), or JSON number text with an
/// integral value within ±2^53 (`1.0`, `1e3`). `Ok(None)`: not an int. Rejects `+1`,
/// ` 1`, `007`, `1_000`, `0x10` like msgspec.
pub(crate) fn lax_int(text: &str) -> Result<Option<IntValue<'_>>, Failure> {
    let Some(number) = json_number(text) else {
        return Ok(None);
    };
    if number.integer {
        return parse_int_text(text).map(Some);
    }
    let value = number.to_f64();
    if value.is_infinite() {
        return Err(Failure::number_out_of_range());
    }
    if value.fract() == 0.0 && value.abs() <= MAX_EXACT_FLOAT_INT {
        return Ok(Some(IntValue::Small(value as i64)));
    }
    Ok(None)
}

/// An `int` dict key: JSON integer text only (`"-1"`, not `"01"`, `"1.0"` or `"+1"`);
/// float text beyond range is "Number out of range", like msgspec.
pub(crate) fn key_int(text: &str) -> Result<Option<IntValue<'_>>, Failure> {
    match json_number(text) {
        Some(number) if number.integer => parse_int_text(text).map(Some),
        Some(number) if number.to_f64().is_infinite() => Err(Failure::number_out_of_range()),
        _ => Ok(None),
    }
}

/// Lax `float`: JSON number text, or `nan`/`inf`/`infinity` (any case, optional `-`).
/// `Ok(None)`: not a float; `Err`: out of range (`1e400`).
pub(crate) fn lax_float(text: &str) -> Result<Option<f64>, Failure> {
    if let Some(number) = json_number(text) {
        let value = number.to_f64();
        if value.is_infinite() {
            return Err(Failure::number_out_of_range());
        }
        // msgspec reads integer text as an integer first: `-0` is the integer 0, so `0.0`.
        if number.integer && value == 0.0 {
            return Ok(Some(0.0));
        }
        return Ok(Some(value));
    }
    let (negative, name) = match text.strip_prefix('-') {
        Some(name) => (true, name),
        None => (false, text),
    };
    if name.eq_ignore_ascii_case(NAN_NAME) {
        return Ok(Some(f64::NAN));
    }
    if INFINITY_NAMES
        .iter()
        .any(|infinity| name.eq_ignore_ascii_case(infinity))
    {
        return Ok(Some(if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }));
    }
    Ok(None)
}

/// Lax `bool`: `true`/`false` (any case), or number text whose value is 0 or 1 (`0`, `-0`,
/// `1`; not `1.0`); float text beyond range is "Number out of range", like msgspec.
pub(crate) fn lax_bool(text: &str) -> Result<Option<bool>, Failure> {
    if text.eq_ignore_ascii_case("true") {
        return Ok(Some(true));
    }
    if text.eq_ignore_ascii_case("false") {
        return Ok(Some(false));
    }
    let Some(number) = json_number(text) else {
        return Ok(None);
    };
    match number.text {
        "1" => Ok(Some(true)),
        "0" | "-0" => Ok(Some(false)),
        _ if overflows_float(number) => Err(Failure::number_out_of_range()),
        _ => Ok(None),
    }
}

/// Whether msgspec, reading number text, finds it beyond `f64` (it reads integers beyond
/// 64 bits as floats).
fn overflows_float(number: JsonNumber<'_>) -> bool {
    let fits_64_bits = number.integer
        && (number.text.parse::<i64>().is_ok() || number.text.parse::<u64>().is_ok());
    !fits_64_bits && number.to_f64().is_infinite()
}

/// Lax `null`: `null` in any case.
pub(crate) fn is_lax_null(text: &str) -> bool {
    text.eq_ignore_ascii_case(NULL_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_of(text: &str) -> Option<i64> {
        match lax_int(text) {
            Ok(Some(IntValue::Small(value))) => Some(value),
            _ => None,
        }
    }

    #[test]
    fn lax_int_accepts_what_msgspec_accepts() {
        let cases = [
            ("1", 1),
            ("-1", -1),
            ("-0", 0),
            ("1.0", 1),
            ("1e3", 1000),
            ("1E2", 100),
            ("1.0e1", 10),
            ("-1.0", -1),
        ];
        for (text, value) in cases {
            assert_eq!(int_of(text), Some(value), "{text}");
        }
        assert_eq!(int_of("1e15"), Some(1_000_000_000_000_000));
    }

    #[test]
    fn lax_int_rejects_what_msgspec_rejects() {
        for text in [
            "+1", " 1", "1 ", "1_000", "0x10", "007", "", "1.5", "10.50", "1e16", "abc", "١",
        ] {
            assert_eq!(lax_int(text), Ok(None), "{text}");
        }
        assert_eq!(lax_int("1e400"), Err(Failure::number_out_of_range()));
    }

    #[test]
    fn lax_int_keeps_big_values_exact() {
        let text = "99999999999999999999999";
        assert_eq!(
            lax_int(text),
            Ok(Some(IntValue::Big {
                negative: false,
                text
            }))
        );
    }

    #[test]
    fn key_int_accepts_only_integer_text() {
        assert_eq!(key_int("-1"), Ok(Some(IntValue::Small(-1))));
        for text in ["01", "+1", " 1", "1.0", "1e3", "x"] {
            assert_eq!(key_int(text), Ok(None), "{text}");
        }
        assert_eq!(key_int("1e400"), Err(Failure::number_out_of_range()));
    }

    #[test]
    fn lax_float_accepts_numbers_and_special_names() {
        let cases = [
            ("1.5", 1.5),
            ("1", 1.0),
            ("1E5", 1e5),
            ("-0.0", -0.0),
            ("1e-400", 0.0),
            ("INF", f64::INFINITY),
        ];
        for (text, value) in cases {
            assert_eq!(lax_float(text), Ok(Some(value)), "{text}");
        }
        assert_eq!(lax_float("-Infinity"), Ok(Some(f64::NEG_INFINITY)));
        assert!(matches!(lax_float("nAn"), Ok(Some(value)) if value.is_nan()));
        assert!(matches!(lax_float("-nan"), Ok(Some(value)) if value.is_nan()));
    }

    /// Found by tests/differential: `msgspec.convert("-0", float, strict=False)` is `0.0`
    /// (integer text is read as an integer); native coercion gave `-0.0`.
    #[test]
    fn lax_float_integer_minus_zero_is_positive_zero_like_msgspec() {
        for text in ["-0", "0"] {
            assert!(
                matches!(lax_float(text), Ok(Some(value)) if value == 0.0 && value.is_sign_positive()),
                "{text}"
            );
        }
        for text in ["-0.0", "-0e0", "-0E+0"] {
            assert!(
                matches!(lax_float(text), Ok(Some(value)) if value == 0.0 && value.is_sign_negative()),
                "{text}"
            );
        }
    }

    #[test]
    fn lax_float_rejects_python_only_spellings() {
        for text in [
            "+inf", "+1.5", ".5", "5.", " 1.5", "1_0.5", "0x1", "", "00.5", "1.0e",
        ] {
            assert_eq!(lax_float(text), Ok(None), "{text}");
        }
        assert_eq!(lax_float("1e400"), Err(Failure::number_out_of_range()));
    }

    #[test]
    fn lax_bool_reads_words_and_zero_or_one() {
        let cases = [
            ("true", true),
            ("TRUE", true),
            ("tRuE", true),
            ("1", true),
            ("0", false),
            ("-0", false),
            ("false", false),
        ];
        for (text, value) in cases {
            assert_eq!(lax_bool(text), Ok(Some(value)), "{text}");
        }
        for text in [
            "yes", "t", "", "on", "2", "-1", "1.0", "0.0", "01", "+1", " 1", "1e0", "nan",
        ] {
            assert_eq!(lax_bool(text), Ok(None), "{text}");
        }
        assert_eq!(lax_bool("1e400"), Err(Failure::number_out_of_range()));
    }

    #[test]
    fn is_lax_null_ignores_case_only() {
        assert!(is_lax_null("null") && is_lax_null("NULL") && is_lax_null("Null"));
        assert!(!is_lax_null("None") && !is_lax_null(""));
    }
}
