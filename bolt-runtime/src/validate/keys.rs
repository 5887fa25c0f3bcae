//! Dict keys: JSON keys are strings, converted to the key type like msgspec's
//! `json_decode_dict_key` does: `str` keys checked against their constraints; number-like
//! keys (`int`, `float`, `Decimal`, int `Enum`/`Literal`) read from number text first;
//! then str `Enum`/`Literal` values, and the string formats (`uuid`, `datetime`, `date`,
//! `time`, `timedelta`, base64 `bytes`); every other key type never matches a string.

use super::formats;
use super::rules::{self, check_choice_int, check_choice_str, check_float, check_int, check_str};
use super::rules::{check_string_format, fits_64_bits, has_str_rules, parse_error_kind};
use super::scanner::JsonText;
use super::text::{key_int, lax_float};
use crate::app::{Schema, UnionSchema};
use crate::errors::Failure;

/// The failure of `key` as a key of type `schema`, if any.
pub(super) fn check_key(schema: &Schema, key: JsonText<'_>) -> Option<Failure> {
    check_key_text(schema, &key.decoded())
}

fn check_key_text(schema: &Schema, text: &str) -> Option<Failure> {
    match schema {
        Schema::Any => None,
        Schema::Optional(inner) => check_key_text(inner, text),
        Schema::Str(rules) if !has_str_rules(rules) => None,
        Schema::Str(rules) => check_str(rules, text),
        Schema::Int(rules) => match key_int(text) {
            Ok(Some(value)) => check_int(rules, value),
            Ok(None) => Some(not_a(schema)),
            Err(failure) => Some(failure),
        },
        Schema::Float(rules) => match lax_float(text) {
            Ok(Some(value)) => check_float(rules, value),
            Ok(None) => Some(not_a(schema)),
            Err(failure) => Some(failure),
        },
        // msgspec reads a `Decimal` key from number text only (not the decimal grammar of
        // string values: no spaces, no `+`), out-of-range exponents included.
        Schema::Decimal(rules) => match lax_float(text) {
            Ok(Some(_)) | Err(_) => formats::check_decimal_number(text, rules),
            Ok(None) => Some(not_a(schema)),
        },
        // With int values, number text is read as a number (an integer looked up, anything
        // else refused) and only other text is looked up among the str values.
        Schema::Choice(choice) if !choice.ints.is_empty() => match lax_float(text) {
            Err(failure) => Some(failure),
            Ok(Some(_)) => match key_int(text) {
                Ok(Some(value)) if fits_64_bits(value) => check_choice_int(choice, value),
                Err(failure) => Some(failure),
                _ => Some(not_a(schema)),
            },
            Ok(None) if choice.strs.is_empty() => Some(not_a(schema)),
            Ok(None) => check_choice_str(choice, text),
        },
        Schema::Choice(choice) => check_choice_str(choice, text),
        Schema::Uuid
        | Schema::Datetime(_)
        | Schema::Date
        | Schema::Time(_)
        | Schema::Timedelta
        | Schema::Bytes(_) => check_string_format(schema, text),
        Schema::Union(union) => check_union_key(schema, union, text),
        other => Some(not_a(other)),
    }
}

/// A key of a union type: a `str` alternative takes every key; else number text goes to
/// the number-like alternative and other text to the str-like one.
fn check_union_key(schema: &Schema, union: &UnionSchema, text: &str) -> Option<Failure> {
    if let Some(target @ Schema::Str(_)) = union.str {
        return check_key_text(target, text);
    }
    let number = lax_float(text);
    let number_target = match key_int(text) {
        Ok(Some(_)) => union.int,
        _ => union.float.or(union.int),
    };
    match (number, number_target) {
        (Ok(Some(_)) | Err(_), Some(target)) => check_key_text(target, text),
        _ => match union.str {
            Some(target) => check_key_text(target, text),
            None => Some(not_a(schema)),
        },
    }
}

/// ``Expected `int`, got `str` ``.
fn not_a(schema: &Schema) -> Failure {
    Failure::wrong_type(
        parse_error_kind(schema),
        &rules::expected_name(schema, false),
        rules::STR,
    )
}
