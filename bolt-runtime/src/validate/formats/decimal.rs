//! `decimal.Decimal` text: what CPython's `Decimal(str)` accepts (msgspec calls it), with
//! libmpdec's exponent limits.

use super::unicode::{is_python_space, python_decimal_digit};
use crate::app::NumberRules;
use crate::errors::{ErrorKind, Failure};

const INVALID: &str = "Invalid decimal string";

/// libmpdec's limits (64-bit, `MAX_PREC` context `Decimal(str)` converts with): the
/// adjusted exponent may not exceed `MAX_EMAX`, the exponent may not go below `ETINY`
/// (`MIN_EMIN - (MAX_PREC - 1)`), else the conversion is inexact and refused.
const MAX_EMAX: i128 = 999_999_999_999_999_999;
const ETINY: i128 = -1_999_999_999_999_999_997;
/// Exponent digits beyond this value are out of every limit; reading saturates here.
const EXPONENT_CAP: i128 = 10_000_000_000_000_000_000;

/// Stands for a character `Decimal` refuses anywhere (NUL, non-digit non-ASCII text).
const REFUSED: u8 = 0;

/// `Decimal` from a JSON string or lax text. msgspec refuses numeric constraints on
/// `Decimal` when the decoder is built, so `_rules` never constrain anything.
pub(crate) fn check_decimal(text: &str, _rules: &NumberRules) -> Option<Failure> {
    (!is_decimal(text)).then(|| Failure::new(ErrorKind::DecimalParsing, INVALID.to_owned()))
}

/// `Decimal` from a JSON number token: integers always convert; floats convert when
/// their exponent is within libmpdec's limits (`1e999999999999999999999` is refused).
pub(crate) fn check_decimal_number(token: &str, rules: &NumberRules) -> Option<Failure> {
    if !token.contains(['.', 'e', 'E']) {
        return None;
    }
    check_decimal(token, rules)
}

/// The text as libmpdec sees it after CPython's `numeric_as_ascii`: surrounding Python
/// whitespace stripped, every `_` dropped, Unicode decimal digits as ASCII digits.
fn ascii_form(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.trim_matches(is_python_space)
        .chars()
        .filter(|&c| c != '_')
        .map(|c| match u8::try_from(c) {
            Ok(byte @ 1..=127) => byte,
            _ => python_decimal_digit(c).map_or(REFUSED, |digit| b'0' + digit),
        })
}

fn is_decimal(text: &str) -> bool {
    let mut chars = ascii_form(text).peekable();
    if matches!(chars.peek(), Some(b'+' | b'-')) {
        chars.next();
    }
    match chars.peek() {
        Some(b'n' | b'N' | b's' | b'S') => is_nan(chars),
        Some(b'i' | b'I') => is_infinity(chars),
        _ => is_finite(chars),
    }
}

/// Whether `chars` starts with `word` (ASCII letters, any case), consuming it.
fn eat_word(chars: &mut impl Iterator<Item = u8>, word: &str) -> bool {
    word.bytes().all(|expected| {
        chars
            .next()
            .is_some_and(|c| c.eq_ignore_ascii_case(&expected))
    })
}

/// `NaN` or `sNaN` (the caller saw an `n` or `s` first), then optional payload digits.
fn is_nan(mut chars: impl Iterator<Item = u8>) -> bool {
    let signaling = chars.next().is_some_and(|c| c.eq_ignore_ascii_case(&b's'));
    let rest = if signaling { "nan" } else { "an" };
    eat_word(&mut chars, rest) && chars.all(|c| c.is_ascii_digit())
}

/// `Inf` or `Infinity`, nothing after.
fn is_infinity(mut chars: impl Iterator<Item = u8>) -> bool {
    if !eat_word(&mut chars, "inf") {
        return false;
    }
    let mut rest = chars.peekable();
    rest.peek().is_none() || (eat_word(&mut rest, "inity") && rest.next().is_none())
}

/// `digits [. digits] [(e|E) [+|-] digits]` with at least one coefficient digit, within
/// libmpdec's exponent limits.
fn is_finite(mut chars: impl Iterator<Item = u8>) -> bool {
    let mut any_digit = false;
    let mut significant: i128 = 0;
    let mut fraction_digits: i128 = 0;
    let mut point = false;
    let mut exponent_mark = false;
    for c in chars.by_ref() {
        match c {
            b'0'..=b'9' => {
                any_digit = true;
                if significant > 0 || c != b'0' {
                    significant += 1;
                }
                if point {
                    fraction_digits += 1;
                }
            }
            b'.' if !point => point = true,
            b'e' | b'E' => {
                exponent_mark = true;
                break;
            }
            _ => return false,
        }
    }
    if !any_digit {
        return false;
    }
    let exponent = if exponent_mark {
        match read_exponent(chars) {
            Some(exponent) => exponent,
            None => return false,
        }
    } else {
        0
    };
    let exponent = exponent - fraction_digits;
    let adjusted = exponent + significant.max(1) - 1;
    exponent >= ETINY && adjusted <= MAX_EMAX
}

/// `[+|-] digits` to the end, saturating at [`EXPONENT_CAP`].
fn read_exponent(chars: impl Iterator<Item = u8>) -> Option<i128> {
    let mut chars = chars.peekable();
    let negative = match chars.peek() {
        Some(b'-') => true,
        Some(b'+') => false,
        _ => {
            return read_magnitude(chars);
        }
    };
    chars.next();
    let magnitude = read_magnitude(chars)?;
    Some(if negative { -magnitude } else { magnitude })
}

fn read_magnitude(chars: impl Iterator<Item = u8>) -> Option<i128> {
    let mut digits = 0;
    let mut value: i128 = 0;
    for c in chars {
        if !c.is_ascii_digit() {
            return None;
        }
        digits += 1;
        value = (value * 10 + i128::from(c - b'0')).min(EXPONENT_CAP);
    }
    (digits > 0).then_some(value)
}
