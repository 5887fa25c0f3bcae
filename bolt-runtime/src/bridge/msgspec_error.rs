//! A body decoder's refusal (msgspec's message) as a validation error (pure).
//!
//! Native validation should refuse everything msgspec refuses; when msgspec still refuses a
//! body, the client gets a 422 like any other validation failure, never a 500.

use crate::errors::{LocItem, ValidationError};

/// Error `type` for a `msgspec.ValidationError`.
pub(crate) const VALIDATION_ERROR: &str = "validation_error";
/// Error `type` for a `msgspec.DecodeError` (malformed JSON).
pub(crate) const JSON_INVALID: &str = "json_invalid";

/// The first element of a body error's `loc`.
const BODY: &str = "body";
/// msgspec appends `" - at `$.a[0].b`"` to errors inside the document.
const LOCATION_MARKER: &str = " - at `";
/// The root of a msgspec path.
const PATH_ROOT: char = '$';
const KEY_PREFIX: char = '.';
const INDEX_OPEN: char = '[';
const INDEX_CLOSE: char = ']';
const PATH_CLOSE: char = '`';

/// The 422 error for a decoder's refusal: `kind` is [`VALIDATION_ERROR`] or [`JSON_INVALID`].
pub(crate) fn body_error(kind: &'static str, message: &str) -> ValidationError {
    let (msg, path) = split_location(message);
    let mut loc = vec![LocItem::Key(BODY.to_owned())];
    loc.extend(path);
    ValidationError {
        kind,
        loc,
        msg: msg.to_owned(),
        input: None,
        ctx: None,
    }
}

/// Splits `"Expected `int`, got `str` - at `$.items[0].price`"` into the message and its
/// location items; a message without a (parsable) location keeps its full text.
fn split_location(message: &str) -> (&str, Vec<LocItem>) {
    let Some((text, location)) = message.rsplit_once(LOCATION_MARKER) else {
        return (message, Vec::new());
    };
    match location.strip_suffix(PATH_CLOSE).and_then(parse_path) {
        Some(path) => (text, path),
        None => (message, Vec::new()),
    }
}

/// Parses `$`, `$.a`, `$[3]`, `$.a[0].b` into location items.
fn parse_path(path: &str) -> Option<Vec<LocItem>> {
    let mut rest = path.strip_prefix(PATH_ROOT)?;
    let mut items = Vec::new();
    while let Some(first) = rest.chars().next() {
        let (item, remaining) = match first {
            KEY_PREFIX => parse_key(&rest[1..]),
            INDEX_OPEN => parse_index(&rest[1..])?,
            _ => return None,
        };
        items.push(item);
        rest = remaining;
    }
    Some(items)
}

fn parse_key(rest: &str) -> (LocItem, &str) {
    let end = rest.find([KEY_PREFIX, INDEX_OPEN]).unwrap_or(rest.len());
    (LocItem::Key(rest[..end].to_owned()), &rest[end..])
}

fn parse_index(rest: &str) -> Option<(LocItem, &str)> {
    let (inside, remaining) = rest.split_once(INDEX_CLOSE)?;
    let item = match inside.parse::<usize>() {
        Ok(index) => LocItem::Index(index),
        Err(_) => LocItem::Key(inside.to_owned()),
    };
    Some((item, remaining))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> LocItem {
        LocItem::Key(text.to_owned())
    }

    #[test]
    fn nested_location_becomes_loc_items() {
        let error = body_error(
            VALIDATION_ERROR,
            "Expected `int`, got `str` - at `$.items[3].price`",
        );
        assert_eq!(error.kind, "validation_error");
        assert_eq!(error.msg, "Expected `int`, got `str`");
        assert_eq!(
            error.loc,
            vec![key("body"), key("items"), LocItem::Index(3), key("price")]
        );
    }

    #[test]
    fn root_and_unlocated_messages_stay_at_body() {
        let error = body_error(VALIDATION_ERROR, "Expected `object`, got `array`");
        assert_eq!(error.loc, vec![key("body")]);
        assert_eq!(error.msg, "Expected `object`, got `array`");
        let error = body_error(
            JSON_INVALID,
            "JSON is malformed: invalid character (byte 0)",
        );
        assert_eq!(error.kind, "json_invalid");
        assert_eq!(error.loc, vec![key("body")]);
        let error = body_error(
            VALIDATION_ERROR,
            "Object missing required field `name` - at `$`",
        );
        assert_eq!(error.msg, "Object missing required field `name`");
        assert_eq!(error.loc, vec![key("body")]);
    }

    #[test]
    fn unparsable_location_keeps_the_whole_message() {
        let message = "Strange - at `not a path`";
        let error = body_error(VALIDATION_ERROR, message);
        assert_eq!(error.msg, message);
        assert_eq!(error.loc, vec![key("body")]);
    }

    #[test]
    fn dict_keys_in_brackets_are_keys() {
        let error = body_error(
            VALIDATION_ERROR,
            "Expected `int`, got `str` - at `$.tags[...]`",
        );
        assert_eq!(error.loc, vec![key("body"), key("tags"), key("...")]);
    }
}
