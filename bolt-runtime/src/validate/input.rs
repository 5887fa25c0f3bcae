//! The offending value of an error as its `input`: the JSON text of the value, bounded.

use serde_json::{Value as Json, json};

use super::MAX_INPUT_JSON_BYTES;
use super::scanner::Scanner;
use crate::errors::{MAX_INPUT_CHARS, input_text};

/// A JSON-escaped character is at most this many bytes (`\uD83D\uDE00`).
const MAX_ESCAPED_CHAR_BYTES: usize = 12;

/// The JSON text of an offending value as an error `input`: strings cut to
/// [`MAX_INPUT_CHARS`], numbers exact (integers beyond 64 bits as their
/// text), containers only when short.
pub(super) fn input_json(span: &[u8]) -> Option<Json> {
    let start = span.iter().position(|byte| !byte.is_ascii_whitespace())?;
    let span = span.get(start..)?;
    match span.first()? {
        b'"' => {
            let raw = Scanner::new(span).string().ok()?;
            let max_bytes = (MAX_INPUT_CHARS + 1) * MAX_ESCAPED_CHAR_BYTES;
            Some(input_text(&raw.to_lossy_prefix(max_bytes)))
        }
        b'-' | b'0'..=b'9' => std::str::from_utf8(span).ok().map(number_json),
        _ if span.len() <= MAX_INPUT_JSON_BYTES => serde_json::from_slice(span).ok(),
        _ => None,
    }
}

fn number_json(text: &str) -> Json {
    if let Ok(value) = text.parse::<i64>() {
        return json!(value);
    }
    if let Ok(value) = text.parse::<u64>() {
        return json!(value);
    }
    match text.parse::<f64>() {
        Ok(value)
            if value.is_finite()
                && !text
                    .bytes()
                    .all(|byte| byte.is_ascii_digit() || byte == b'-') =>
        {
            json!(value)
        }
        _ => Json::String(text.to_owned()),
    }
}
