//! Text → [`Value`] for one schema, the way msgspec's lax mode converts strings
//! (`msgspec.convert(text, T, strict=False)`), with the same constraint checks as bodies.

use super::Value;
use crate::app::Schema;
use crate::errors::Failure;
use crate::validate::rules::{
    self, IntValue, check_float, check_int, check_str, expected_name, has_str_rules,
    parse_error_kind,
};
use crate::validate::text::{is_lax_null, lax_bool, lax_float, lax_int};

/// Converts one text value (already percent-decoded) to `schema`.
///
/// `Optional[T]` reads `null` (any case) as `None` unless `T` is `str`/`Any`, which keep
/// the text; `Any` is the text itself.
pub(crate) fn coerce_text(schema: &Schema, text: &str) -> Result<Value, Failure> {
    coerce(schema, false, text)
}

fn coerce(schema: &Schema, nullable: bool, text: &str) -> Result<Value, Failure> {
    match schema {
        Schema::Optional(inner) => coerce(inner, true, text),
        Schema::Any => Ok(Value::Str(text.to_owned())),
        Schema::Str(rules) => match has_str_rules(rules)
            .then(|| check_str(rules, text))
            .flatten()
        {
            Some(failure) => Err(failure),
            None => Ok(Value::Str(text.to_owned())),
        },
        _ if (nullable || matches!(schema, Schema::None)) && is_lax_null(text) => Ok(Value::None),
        Schema::Bool => lax_bool(text)?
            .map(Value::Bool)
            .ok_or_else(|| not_a(schema, nullable)),
        Schema::Int(rules) => {
            let value = lax_int(text)?.ok_or_else(|| not_a(schema, nullable))?;
            check_int(rules, value).map_or_else(|| Ok(int_value(value)), Err)
        }
        Schema::Float(rules) => {
            let value = lax_float(text)?.ok_or_else(|| not_a(schema, nullable))?;
            check_float(rules, value).map_or(Ok(Value::Float(value)), Err)
        }
        _ => Err(not_a(schema, nullable)),
    }
}

fn int_value(value: IntValue<'_>) -> Value {
    match value {
        IntValue::Small(value) => Value::Int(value),
        IntValue::Big { text, .. } => Value::BigInt(text.to_owned()),
    }
}

/// ``Expected `int`, got `str` `` (or ``int | null``).
fn not_a(schema: &Schema, nullable: bool) -> Failure {
    Failure::wrong_type(
        parse_error_kind(schema),
        &expected_name(schema, nullable),
        rules::STR,
    )
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
