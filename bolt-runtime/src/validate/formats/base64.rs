//! Base64 `bytes`/`bytearray` text (msgspec's `json_decode_binary`).

use super::super::rules::check_length;
use crate::app::LengthRules;
use crate::errors::{ErrorKind, Failure};

const INVALID: &str = "Invalid base64 encoded string";

/// The msgspec type name in length messages (``Expected `bytes` of length >= 2``), also
/// for `bytearray`.
const BYTES: &str = "bytes";

/// `bytes` from a JSON string: standard base64 (`A-Z a-z 0-9 + /`), padded to a multiple
/// of four with at most two `=`; unused low bits are not checked. `length` counts decoded
/// bytes, computed from the padded length and checked before the characters (so `"!!!!"`
/// under `max_length=0` is a length error, like msgspec).
pub(crate) fn check_base64(text: &str, length: &LengthRules) -> Option<Failure> {
    let bytes = text.as_bytes();
    let invalid = || Some(Failure::new(ErrorKind::BytesParsing, INVALID.to_owned()));
    if !bytes.len().is_multiple_of(4) {
        return invalid();
    }
    // msgspec counts a `=` in each of the last two places, independently.
    let padding = bytes
        .iter()
        .rev()
        .take(2)
        .filter(|&&byte| byte == b'=')
        .count();
    let decoded_len = bytes.len() / 4 * 3 - padding;
    if *length != LengthRules::default()
        && let Some(failure) = check_length(length, decoded_len, BYTES)
    {
        return Some(failure);
    }
    let data = bytes.get(..bytes.len() - padding).unwrap_or_default();
    if data.iter().all(|&byte| is_base64_digit(byte)) {
        None
    } else {
        invalid()
    }
}

fn is_base64_digit(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'+' || byte == b'/'
}
