//! `uuid.UUID` text (msgspec's `ms_decode_uuid_from_str`).

use crate::errors::{ErrorKind, Failure};

const INVALID: &str = "Invalid UUID";

/// Hex digits per hyphen-separated group (`8-4-4-4-12`).
const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];
const HEX_LEN: usize = 32;
const HYPHENATED_LEN: usize = 36;

/// `uuid.UUID` from a JSON string: 32 hex digits (any case), either all together or
/// hyphenated `8-4-4-4-12`; no braces, no `urn:uuid:` prefix.
pub(crate) fn check_uuid(text: &str) -> Option<Failure> {
    (!is_uuid(text.as_bytes())).then(|| Failure::new(ErrorKind::UuidParsing, INVALID.to_owned()))
}

fn is_uuid(bytes: &[u8]) -> bool {
    let hyphenated = match bytes.len() {
        HEX_LEN => false,
        HYPHENATED_LEN => true,
        _ => return false,
    };
    let mut pos = 0;
    for (index, &group) in GROUPS.iter().enumerate() {
        let Some(digits) = bytes.get(pos..pos + group) else {
            return false;
        };
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return false;
        }
        pos += group;
        if hyphenated && index + 1 < GROUPS.len() {
            if bytes.get(pos) != Some(&b'-') {
                return false;
            }
            pos += 1;
        }
    }
    true
}
