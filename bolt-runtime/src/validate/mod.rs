//! Native validation of JSON request bodies against a route's schema (pure, off the GIL).
//!
//! Accepts/rejects exactly what `msgspec.json.decode(body, type=T)` does (DESIGN.md rule 8)
//! and reports every error with its full location (`["body", "items", 3, "price"]`), up to
//! [`crate::errors::MAX_REPORTED_ERRORS`]: the others are counted in one final
//! `too_many_errors` error (memory stays bounded however many values are wrong).
//!
//! One pass, no DOM, no allocation on the happy path (unless a constrained string has
//! escapes): a schema-directed recursive descent over [`scanner::Scanner`]. A syntax error
//! anywhere wins over schema errors: the answer is then a single `json_invalid` error.
//!
//! msgspec semantics kept: `int` takes JSON integers only (any size up to Python's 4300-digit
//! limit), `float` takes integers and floats (overflow → "Number out of range"), `bool` only
//! `true`/`false`, `str` only strings (UTF-8 checked), `Optional` also `null`; Struct fields
//! are matched by key, duplicates validated each time, unknown keys skipped (syntax-checked
//! only, like msgspec's skip) unless `forbid_unknown_fields`. `Any` checks UTF-8 and number
//! ranges like msgspec does when it builds the objects.

pub(crate) mod formats;
mod input;
mod keys;
pub(crate) mod number;
mod path;
pub(crate) mod rules;
mod scanner;
pub(crate) mod text;
mod walker;

use crate::app::Schema;
use crate::errors::{TextPosition, ValidationError};
use scanner::{Syntax, SyntaxError};
use walker::Walker;

/// Containers may nest this deep; deeper bodies are refused as `json_invalid` (no stack
/// overflow on hostile input). msgspec itself stops near Python's recursion limit (~1000).
pub const MAX_NESTING_DEPTH: usize = 256;

/// An array/object longer than this (in JSON bytes) is left out of an error's `input`.
pub const MAX_INPUT_JSON_BYTES: usize = 1024;

/// Validates `body` as JSON of type `schema`. Malformed JSON is one `json_invalid` error.
pub fn validate_json_body(schema: &Schema, body: &[u8]) -> Result<(), Vec<ValidationError>> {
    match Walker::new(body).validate(schema) {
        Err(syntax) => Err(vec![malformed(body, syntax)]),
        Ok(errors) if errors.is_empty() => Ok(()),
        Ok(errors) => Err(errors),
    }
}

/// The `json_invalid` error for a syntax problem, worded like msgspec's `DecodeError`s.
fn malformed(body: &[u8], error: SyntaxError) -> ValidationError {
    let position = TextPosition::locate(body, error.position);
    let reason = match error.problem {
        Syntax::Truncated => {
            return ValidationError::json_invalid(
                "Input data was truncated".to_owned(),
                Some(position),
            );
        }
        Syntax::TooDeep => format!("nesting deeper than {MAX_NESTING_DEPTH} levels"),
        Syntax::InvalidCharacter => "invalid character".to_owned(),
        Syntax::TrailingCharacters => "trailing characters".to_owned(),
        Syntax::InvalidNumber => "invalid number".to_owned(),
        Syntax::TrailingCommaInArray => "trailing comma in array".to_owned(),
        Syntax::TrailingCommaInObject => "trailing comma in object".to_owned(),
        Syntax::ExpectedCommaOrBracket => "expected ',' or ']'".to_owned(),
        Syntax::ExpectedCommaOrBrace => "expected ',' or '}'".to_owned(),
        Syntax::ExpectedColon => "expected ':'".to_owned(),
        Syntax::KeysMustBeStrings => "object keys must be strings".to_owned(),
        Syntax::InvalidEscape => "invalid escape character in string".to_owned(),
        Syntax::InvalidSurrogatePair => "invalid utf-16 surrogate pair".to_owned(),
        Syntax::InvalidUnicodeEscape => "invalid character in unicode escape".to_owned(),
        Syntax::InvalidUtf8 => "invalid utf-8 sequence".to_owned(),
    };
    let msg = format!("JSON is malformed: {reason} (byte {})", error.position);
    ValidationError::json_invalid(msg, Some(position))
}

#[cfg(test)]
mod tests;
