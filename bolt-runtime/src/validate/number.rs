//! Number text the way msgspec's lax mode reads a string before trying anything else
//! (`maybe_parse_number` in msgspec's `_core.c`, called with `from_str`): the whole text must
//! be a JSON number (`-0`, `12`, `1.5e3`; not `+1`, `01`, ` 1`, `1.`), or `nan`/`inf`/
//! `infinity` in any case with an optional `-`.

use super::scanner::json_number;

/// Case-insensitive names of the special floats.
const NAN_NAME: &str = "nan";
const INFINITY_NAMES: [&str; 2] = ["inf", "infinity"];

/// What a text reads as, when it reads as a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number<'t> {
    /// Integer text within `i64`.
    Int(i64),
    /// Integer text above `i64::MAX` within `u64`.
    UInt(u64),
    /// Integer text beyond 64 bits (the text itself).
    BigInt(&'t str),
    /// Text with a fraction and/or an exponent: its nearest `f64` (infinite when the text is
    /// finite but beyond `f64`: msgspec's "Number out of range").
    Float(f64),
    /// `nan`, `inf`, `infinity` (any case, optional `-`).
    NonFinite(f64),
}

impl Number<'_> {
    /// The value as a float, as msgspec computes it for a float target.
    pub(crate) fn to_f64(self) -> f64 {
        match self {
            Self::Int(value) => value as f64,
            Self::UInt(value) => value as f64,
            Self::BigInt(text) => text.parse().unwrap_or(f64::NAN),
            Self::Float(value) | Self::NonFinite(value) => value,
        }
    }
}

/// Reads `text` as msgspec's lax mode does; `None`: not a number (the text is then tried as
/// a bool, `null` or a string-encoded type).
pub(crate) fn lax_number(text: &str) -> Option<Number<'_>> {
    let Some(number) = json_number(text) else {
        let name = text.strip_prefix('-');
        return non_finite(name.unwrap_or(text).as_bytes(), name.is_some());
    };
    if !number.integer {
        return Some(Number::Float(number.to_f64()));
    }
    Some(if let Ok(value) = text.parse::<i64>() {
        Number::Int(value)
    } else if let Ok(value) = text.parse::<u64>() {
        Number::UInt(value)
    } else {
        Number::BigInt(text)
    })
}

fn non_finite(name: &[u8], negative: bool) -> Option<Number<'static>> {
    let value = if name.eq_ignore_ascii_case(NAN_NAME.as_bytes()) {
        f64::NAN
    } else if INFINITY_NAMES
        .iter()
        .any(|infinity| name.eq_ignore_ascii_case(infinity.as_bytes()))
    {
        f64::INFINITY
    } else {
        return None;
    };
    Some(Number::NonFinite(if negative { -value } else { value }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lax_number_reads_json_numbers_only() {
        assert_eq!(lax_number("-0"), Some(Number::Int(0)));
        assert_eq!(lax_number("12"), Some(Number::Int(12)));
        assert_eq!(lax_number("1.5e3"), Some(Number::Float(1500.0)));
        assert_eq!(lax_number("1E-2"), Some(Number::Float(0.01)));
        assert_eq!(
            lax_number("18446744073709551615"),
            Some(Number::UInt(u64::MAX))
        );
        assert_eq!(
            lax_number("-9223372036854775809"),
            Some(Number::BigInt("-9223372036854775809"))
        );
        assert_eq!(lax_number("1e400"), Some(Number::Float(f64::INFINITY)));
        for text in [
            "", "-", "+1", "01", " 1", "1 ", "1.", ".5", "1e", "1e+", "0x10", "1_0", "--1", "١",
        ] {
            assert_eq!(lax_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn lax_number_reads_non_finite_names() {
        assert_eq!(
            lax_number("-Infinity"),
            Some(Number::NonFinite(f64::NEG_INFINITY))
        );
        assert_eq!(lax_number("INF"), Some(Number::NonFinite(f64::INFINITY)));
        assert!(matches!(lax_number("-nAn"), Some(Number::NonFinite(v)) if v.is_nan()));
        assert_eq!(lax_number("+inf"), None);
        assert_eq!(lax_number("infinit"), None);
    }
}
