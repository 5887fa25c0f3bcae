//! Dict keys: JSON keys are strings, converted to the key type like msgspec does
//! (`int` keys from integer text, `float` keys from lax float text, `str` keys checked
//! against their constraints; other key types never match a string).

use super::rules::{self, check_float, check_int, check_str, has_str_rules, parse_error_kind};
use super::scanner::JsonText;
use super::text::{key_int, lax_float};
use crate::app::Schema;
use crate::errors::Failure;

/// The failure of `key` as a key of type `schema`, if any.
pub(super) fn check_key(schema: &Schema, key: JsonText<'_>) -> Option<Failure> {
    match schema {
        Schema::Any => None,
        Schema::Optional(inner) => check_key(inner, key),
        Schema::Str(rules) if !has_str_rules(rules) => None,
        Schema::Str(rules) => check_str(rules, &key.decoded()),
        Schema::Int(rules) => match key_int(&key.decoded()) {
            Ok(Some(value)) => check_int(rules, value),
            Ok(None) => Some(not_a(schema)),
            Err(failure) => Some(failure),
        },
        Schema::Float(rules) => match lax_float(&key.decoded()) {
            Ok(Some(value)) => check_float(rules, value),
            Ok(None) => Some(not_a(schema)),
            Err(failure) => Some(failure),
        },
        other => Some(not_a(other)),
    }
}

/// ``Expected `int`, got `str` ``.
fn not_a(schema: &Schema) -> Failure {
    Failure::wrong_type(
        parse_error_kind(schema),
        rules::type_name(schema),
        rules::STR,
    )
}
