//! Text → [`Value`] for one schema, the way msgspec's lax mode converts a string
//! (`msgspec.convert(text, T, strict=False)`, `convert_str` in msgspec's `_core.c`), with the
//! same constraint checks as bodies:
//!
//! 1. `str` (or `Any`) among the alternatives: the text is the value.
//! 2. When an alternative takes numbers (`int`, an int `Enum`/`Literal`, `bool`, `float`,
//!    `Decimal`, `datetime`, `timedelta`), number text is read as a number, and that number
//!    decides (an epoch timestamp for `datetime`, seconds for `timedelta`).
//! 3. `true`/`false` (any case) for `bool`; `null` (any case) for `None`.
//! 4. The one string-encoded alternative: a str `Enum`/`Literal` value, RFC 3339 `datetime`/
//!    `date`/`time`, ISO 8601 duration, UUID, `Decimal` text, base64 `bytes`.
//!
//! Values are native where Python's value is the native one (`int`, `float`, `str`, `bool`,
//! `None`); for the other types the (validated) text itself is kept: the bridge hands it
//! to the parameter's converter, which builds what `msgspec.convert` builds from that text.

use smallvec::SmallVec;

use super::Value;
use crate::app::{ChoiceSchema, NumberRules, Schema, StrRules, Tz};
use crate::errors::{ErrorKind, Failure, python_str_repr};
use crate::validate::formats;
use crate::validate::number::{Number, lax_number};
use crate::validate::rules::{
    self, IntValue, check_float, check_int, check_str, expected_name, has_str_rules, parse_int_text,
};
use crate::validate::text::{is_lax_null, lax_bool, lax_int};

/// msgspec reads a float as an `int` only when it is integral and within ±2^53.
const MAX_EXACT_FLOAT_INT: f64 = 9_007_199_254_740_992.0;

/// Converts one text value (already percent-decoded) to `schema`.
pub(crate) fn coerce_text(schema: &Schema, text: &str) -> Result<Value, Failure> {
    let (target, nullable) = match schema {
        Schema::Optional(inner) => (&**inner, true),
        other => (other, false),
    };
    // The common parameter types alone: the same answers, without gathering alternatives.
    match (target, nullable) {
        (Schema::Int(rules), false) => {
            let value = lax_int(text)?.ok_or_else(|| Lax::of(target, false).wrong_type())?;
            return match check_int(rules, value) {
                Some(failure) => Err(failure),
                None => Ok(match value {
                    IntValue::Small(value) => Value::Int(value),
                    IntValue::Big { text, .. } => Value::BigInt(text.to_owned()),
                }),
            };
        }
        (Schema::Bool, false) => {
            return lax_bool(text)?
                .map(Value::Bool)
                .ok_or_else(|| Lax::of(target, false).wrong_type());
        }
        (Schema::Datetime(_) | Schema::Timedelta, true) if is_lax_null(text) => {
            return Ok(Value::None);
        }
        (Schema::Datetime(tz), _) => {
            return formats::lax_datetime(text, *tz)
                .map_or_else(|| Ok(Value::Str(text.to_owned())), Err);
        }
        (Schema::Timedelta, _) => {
            return formats::lax_timedelta(text)
                .map_or_else(|| Ok(Value::Str(text.to_owned())), Err);
        }
        _ => {}
    }
    Lax::of(target, nullable).convert(text)
}

/// The alternatives a text may convert to, by what they take (msgspec's type bitmask).
#[derive(Debug)]
struct Lax<'s> {
    /// For messages: what the text was converted to, `Optional` removed.
    target: &'s Schema,
    nullable: bool,
    /// `str` (its rules) or `Any` (no rules).
    text: Option<Option<&'s StrRules>>,
    bool: bool,
    int: Option<&'s NumberRules>,
    int_choices: SmallVec<[&'s ChoiceSchema; 1]>,
    float: Option<&'s NumberRules>,
    decimal: bool,
    datetime: Option<Tz>,
    timedelta: bool,
    /// The string-encoded alternative other than `datetime`/`timedelta`.
    str_like: Option<&'s Schema>,
}

impl<'s> Lax<'s> {
    fn of(target: &'s Schema, nullable: bool) -> Self {
        let mut lax = Self {
            target,
            nullable,
            text: None,
            bool: false,
            int: None,
            int_choices: SmallVec::new(),
            float: None,
            decimal: false,
            datetime: None,
            timedelta: false,
            str_like: None,
        };
        match target {
            Schema::Union(union) => union.variants.iter().for_each(|variant| lax.add(variant)),
            other => lax.add(other),
        }
        lax
    }

    fn add(&mut self, schema: &'s Schema) {
        match schema {
            Schema::Any => self.text = Some(None),
            Schema::Str(rules) => self.text = Some(Some(rules)),
            Schema::None => self.nullable = true,
            Schema::Bool => self.bool = true,
            Schema::Int(rules) => self.int = Some(rules),
            Schema::Float(rules) => self.float = Some(rules),
            Schema::Decimal(_) => {
                self.decimal = true;
                self.str_like.get_or_insert(schema);
            }
            Schema::Datetime(tz) => {
                self.datetime = Some(*tz);
                self.str_like.get_or_insert(schema);
            }
            Schema::Timedelta => {
                self.timedelta = true;
                self.str_like.get_or_insert(schema);
            }
            Schema::Choice(choice) => {
                if !choice.ints.is_empty() {
                    self.int_choices.push(choice);
                }
                if !choice.strs.is_empty() {
                    self.str_like.get_or_insert(schema);
                }
            }
            Schema::Bytes(_) | Schema::Date | Schema::Time(_) | Schema::Uuid => {
                self.str_like.get_or_insert(schema);
            }
            Schema::Optional(inner) => {
                self.nullable = true;
                self.add(inner);
            }
            Schema::Union(union) => union.variants.iter().for_each(|variant| self.add(variant)),
            Schema::List { .. }
            | Schema::Set { .. }
            | Schema::FixedTuple(_)
            | Schema::Dict { .. }
            | Schema::Struct(_) => {}
        }
    }

    fn takes_numbers(&self) -> bool {
        self.int.is_some()
            || !self.int_choices.is_empty()
            || self.bool
            || self.float.is_some()
            || self.decimal
            || self.datetime.is_some()
            || self.timedelta
    }

    fn convert(&self, text: &str) -> Result<Value, Failure> {
        if let Some(rules) = self.text {
            return match rules.filter(|rules| has_str_rules(rules)) {
                Some(rules) => check_str(rules, text).map_or(Ok(Value::Str(text.to_owned())), Err),
                None => Ok(Value::Str(text.to_owned())),
            };
        }
        if self.takes_numbers()
            && let Some(number) = lax_number(text)
        {
            return self.number(number, text);
        }
        if self.bool {
            if text.eq_ignore_ascii_case("true") {
                return Ok(Value::Bool(true));
            }
            if text.eq_ignore_ascii_case("false") {
                return Ok(Value::Bool(false));
            }
        }
        if self.nullable && is_lax_null(text) {
            return Ok(Value::None);
        }
        match self.str_like {
            Some(schema) => str_like(schema, text),
            None => Err(self.wrong_type()),
        }
    }

    /// Number text: msgspec's `ms_post_decode_*` for the alternatives.
    fn number(&self, number: Number<'_>, text: &str) -> Result<Value, Failure> {
        let decimal_first = self.decimal && self.float.is_none();
        match number {
            Number::Int(value) => self.int64(value, text),
            Number::UInt(value) => self.uint64(value, text),
            Number::BigInt(digits) if self.int.is_some() => {
                let value = parse_int_text(digits)?;
                self.checked_int(value, text)
            }
            Number::BigInt(_) | Number::Float(_) | Number::NonFinite(_) if decimal_first => {
                Ok(Value::Str(text.to_owned()))
            }
            Number::BigInt(_) | Number::Float(_) => {
                let value = number.to_f64();
                if value.is_infinite() {
                    return Err(Failure::number_out_of_range());
                }
                self.float64(value, text)
            }
            Number::NonFinite(value) => self.float64(value, text),
        }
    }

    fn checked_int(&self, value: IntValue<'_>, text: &str) -> Result<Value, Failure> {
        let rules = self.int.unwrap_or(&NO_NUMBER_RULES);
        if let Some(failure) = check_int(rules, value) {
            return Err(failure);
        }
        Ok(match value {
            IntValue::Small(value) => Value::Int(value),
            IntValue::Big { .. } => Value::BigInt(text.to_owned()),
        })
    }

    fn int64(&self, value: i64, text: &str) -> Result<Value, Failure> {
        if self.int.is_some() {
            return self.checked_int(IntValue::Small(value), text);
        }
        if !self.int_choices.is_empty() {
            return if self
                .int_choices
                .iter()
                .any(|choice| choice.ints.contains(&value))
            {
                Ok(Value::Int(value))
            } else {
                Err(invalid_enum_value(&value.to_string()))
            };
        }
        if let Some(rules) = self.float {
            return checked_float(rules, value as f64);
        }
        if self.decimal {
            // msgspec builds `Decimal(int)`: `-0` is `Decimal('0')`, so hand `0`.
            return Ok(Value::Str(value.to_string()));
        }
        if self.bool && (value == 0 || value == 1) {
            return Ok(Value::Bool(value == 1));
        }
        self.seconds(text)
    }

    fn uint64(&self, value: u64, text: &str) -> Result<Value, Failure> {
        if self.int.is_some() {
            let big = IntValue::Big {
                negative: false,
                text,
            };
            return self.checked_int(big, text);
        }
        if !self.int_choices.is_empty() {
            return Err(invalid_enum_value(&value.to_string()));
        }
        if let Some(rules) = self.float {
            return checked_float(rules, value as f64);
        }
        if self.decimal {
            return Ok(Value::Str(text.to_owned()));
        }
        self.seconds(text)
    }

    fn float64(&self, value: f64, text: &str) -> Result<Value, Failure> {
        if let Some(rules) = self.float {
            return checked_float(rules, value);
        }
        if self.int.is_some() && value.fract() == 0.0 && value.abs() <= MAX_EXACT_FLOAT_INT {
            return self.int64(value as i64, text);
        }
        self.seconds(text)
    }

    /// Number text for a `datetime` (epoch seconds) or `timedelta` (seconds) alternative, read
    /// by the same checker as a lone parameter of that type; else the text fits nothing.
    fn seconds(&self, text: &str) -> Result<Value, Failure> {
        let failure = match (self.datetime, self.timedelta) {
            (Some(tz), _) => formats::lax_datetime(text, tz),
            (None, true) => formats::lax_timedelta(text),
            (None, false) => return Err(self.wrong_type()),
        };
        failure.map_or_else(|| Ok(Value::Str(text.to_owned())), Err)
    }

    /// ``Expected `int | null`, got `str` ``.
    fn wrong_type(&self) -> Failure {
        let target = self.target;
        let kind = if self.int.is_some() || !self.int_choices.is_empty() {
            ErrorKind::IntParsing
        } else if self.float.is_some() {
            ErrorKind::FloatParsing
        } else if self.bool {
            ErrorKind::BoolParsing
        } else {
            rules::parse_error_kind(target)
        };
        Failure::wrong_type(kind, &expected_name(target, self.nullable), rules::STR)
    }
}

const NO_NUMBER_RULES: NumberRules = NumberRules {
    gt: None,
    ge: None,
    lt: None,
    le: None,
    multiple_of: None,
};

fn checked_float(rules: &NumberRules, value: f64) -> Result<Value, Failure> {
    check_float(rules, value).map_or(Ok(Value::Float(value)), Err)
}

/// ``Invalid enum value 'x'`` / ``Invalid enum value 3``.
fn invalid_enum_value(shown: &str) -> Failure {
    Failure::new(ErrorKind::Enum, format!("Invalid enum value {shown}"))
}

/// Text of a string-encoded type (not a number: those were read before).
fn str_like(schema: &Schema, text: &str) -> Result<Value, Failure> {
    let failure = match schema {
        Schema::Choice(choice) => {
            return if choice.strs.contains(&text) {
                Ok(Value::Str(text.to_owned()))
            } else {
                Err(invalid_enum_value(&python_str_repr(text)))
            };
        }
        other => rules::check_string_format(other, text),
    };
    failure.map_or_else(|| Ok(Value::Str(text.to_owned())), Err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Bound, LengthRules, NumberRules, StrRules};
    use crate::errors::ErrorKind;

    const NO_NUMBER_RULES: NumberRules = NumberRules {
        gt: None,
        ge: None,
        lt: None,
        le: None,
        multiple_of: None,
    };
    const NO_STR_RULES: StrRules = StrRules {
        length: LengthRules {
            min: None,
            max: None,
        },
        pattern: None,
    };

    static INT: Schema = Schema::Int(NO_NUMBER_RULES);
    static POSITIVE_INT: Schema = Schema::Int(NumberRules {
        ge: Some(Bound::Int(1)),
        ..NO_NUMBER_RULES
    });
    static FLOAT: Schema = Schema::Float(NO_NUMBER_RULES);
    static BOOL: Schema = Schema::Bool;
    static STR: Schema = Schema::Str(NO_STR_RULES);
    static NULL: Schema = Schema::None;
    static ANY: Schema = Schema::Any;
    static OPTIONAL_INT: Schema = Schema::Optional(&INT);
    static OPTIONAL_STR: Schema = Schema::Optional(&STR);
    static INT_LIST: Schema = Schema::List {
        items: &INT,
        length: LengthRules {
            min: None,
            max: None,
        },
    };

    fn msg(schema: &Schema, text: &str) -> String {
        match coerce_text(schema, text) {
            Ok(value) => format!("ok {value:?}"),
            Err(failure) => failure.msg,
        }
    }

    #[test]
    fn coerce_int_reads_lax_integers() {
        assert_eq!(coerce_text(&INT, "42"), Ok(Value::Int(42)));
        assert_eq!(coerce_text(&INT, "1e3"), Ok(Value::Int(1000)));
        let big = "123456789012345678901234567890";
        assert_eq!(coerce_text(&INT, big), Ok(Value::BigInt(big.to_owned())));
    }

    #[test]
    fn coerce_int_rejects_other_text_as_int_parsing() {
        let Err(failure) = coerce_text(&INT, "abc") else {
            panic!("abc is not an int")
        };
        assert_eq!(failure.kind, ErrorKind::IntParsing);
        assert_eq!(failure.msg, "Expected `int`, got `str`");
    }

    #[test]
    fn coerce_int_checks_bounds() {
        assert_eq!(msg(&POSITIVE_INT, "0"), "Expected `int` >= 1");
        assert_eq!(coerce_text(&POSITIVE_INT, "1"), Ok(Value::Int(1)));
    }

    #[test]
    fn coerce_float_reads_python_spellings() {
        assert_eq!(coerce_text(&FLOAT, "1"), Ok(Value::Float(1.0)));
        assert_eq!(
            coerce_text(&FLOAT, "-inf"),
            Ok(Value::Float(f64::NEG_INFINITY))
        );
        assert_eq!(msg(&FLOAT, "1e400"), "Number out of range");
        assert_eq!(msg(&FLOAT, "x"), "Expected `float`, got `str`");
    }

    #[test]
    fn coerce_bool_reads_lax_booleans() {
        assert_eq!(coerce_text(&BOOL, "TRUE"), Ok(Value::Bool(true)));
        assert_eq!(coerce_text(&BOOL, "0"), Ok(Value::Bool(false)));
        let Err(failure) = coerce_text(&BOOL, "yes") else {
            panic!("yes is not a bool")
        };
        assert_eq!(failure.kind, ErrorKind::BoolParsing);
    }

    #[test]
    fn coerce_optional_reads_null_except_for_strings() {
        assert_eq!(coerce_text(&OPTIONAL_INT, "null"), Ok(Value::None));
        assert_eq!(coerce_text(&OPTIONAL_INT, "NULL"), Ok(Value::None));
        assert_eq!(msg(&OPTIONAL_INT, "x"), "Expected `int | null`, got `str`");
        assert_eq!(
            coerce_text(&OPTIONAL_STR, "null"),
            Ok(Value::Str("null".to_owned()))
        );
        assert_eq!(coerce_text(&NULL, "Null"), Ok(Value::None));
        assert_eq!(msg(&NULL, ""), "Expected `null`, got `str`");
    }

    #[test]
    fn coerce_any_and_str_keep_text() {
        assert_eq!(coerce_text(&ANY, "1"), Ok(Value::Str("1".to_owned())));
        assert_eq!(coerce_text(&STR, ""), Ok(Value::Str(String::new())));
    }

    #[test]
    fn coerce_container_from_text_is_a_type_error() {
        let Err(failure) = coerce_text(&INT_LIST, "1") else {
            panic!("text is not a list")
        };
        assert_eq!(failure.kind, ErrorKind::ListType);
        assert_eq!(failure.msg, "Expected `array`, got `str`");
    }
}
