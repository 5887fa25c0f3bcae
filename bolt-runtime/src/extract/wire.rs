//! Reading raw parameter text off the request: percent-decoding of path captures, the query
//! string (`application/x-www-form-urlencoded`: `&`-separated, `+` is a space), header
//! bytes and the `cookie` header (`a=b; c=d`). Text is borrowed whenever no decoding is
//! needed; bytes that are not UTF-8 are replaced with U+FFFD (like Python's
//! `urllib.parse.unquote`), except header values, which fall back to Latin-1 (like WSGI).

use std::borrow::Cow;

use percent_encoding::percent_decode_str;
use smallvec::SmallVec;

const PAIR_SEPARATOR: char = '&';
const KEY_VALUE_SEPARATOR: char = '=';
const FORM_SPACE: char = '+';
const PERCENT: char = '%';
const COOKIE_SEPARATOR: u8 = b';';
const COOKIE_KEY_VALUE_SEPARATOR: u8 = b'=';
const COOKIE_QUOTE: u8 = b'"';

/// Query pairs / cookies most requests stay within without allocating.
const INLINE_PAIRS: usize = 8;

/// A path capture, percent-decoded (`+` stays a plus sign in paths).
pub(crate) fn decode_path_segment(raw: &str) -> Cow<'_, str> {
    percent_decode_str(raw).decode_utf8_lossy()
}

/// A query-string key or value: `+` → space, then percent-decoding.
pub(crate) fn decode_form_component(raw: &str) -> Cow<'_, str> {
    if !raw.contains([FORM_SPACE, PERCENT]) {
        return Cow::Borrowed(raw);
    }
    let spaced = raw.replace(FORM_SPACE, " ");
    Cow::Owned(percent_decode_str(&spaced).decode_utf8_lossy().into_owned())
}

/// Header bytes as text: UTF-8 when valid, else Latin-1.
pub(crate) fn header_text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|&byte| char::from(byte)).collect()),
    }
}

/// A query string split once per request; keys decoded, values decoded only when read.
#[derive(Debug, Default)]
pub(crate) struct QueryPairs<'q> {
    pairs: SmallVec<[(Cow<'q, str>, &'q str); INLINE_PAIRS]>,
}

impl<'q> QueryPairs<'q> {
    /// Splits `query` (without `?`); empty pieces are skipped, a piece without `=` has an
    /// empty value.
    pub(crate) fn parse(query: &'q str) -> Self {
        let pairs = query
            .split(PAIR_SEPARATOR)
            .filter(|piece| !piece.is_empty())
            .map(|piece| {
                let (key, value) = piece.split_once(KEY_VALUE_SEPARATOR).unwrap_or((piece, ""));
                (decode_form_component(key), value)
            })
            .collect();
        Self { pairs }
    }

    /// Every value of `name`, decoded, in order.
    pub(crate) fn values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = Cow<'q, str>> + 's {
        self.pairs
            .iter()
            .filter(move |(key, _)| key.as_ref() == name)
            .map(|&(_, value)| decode_form_component(value))
    }
}

/// The cookies of a request, from every `cookie` header, in order.
#[derive(Debug, Default)]
pub(crate) struct Cookies<'h> {
    pairs: SmallVec<[(&'h [u8], &'h [u8]); INLINE_PAIRS]>,
}

impl<'h> Cookies<'h> {
    /// Parses `name=value` pairs separated by `;`; names and values are trimmed, a value in
    /// double quotes loses them, pieces without `=` are skipped (like Django's
    /// `parse_cookie`, no percent-decoding).
    pub(crate) fn parse(headers: &[&'h [u8]]) -> Self {
        let pairs = headers
            .iter()
            .flat_map(|header| header.split(|&byte| byte == COOKIE_SEPARATOR))
            .filter_map(|piece| {
                let at = memchr::memchr(COOKIE_KEY_VALUE_SEPARATOR, piece)?;
                let name = piece.get(..at)?.trim_ascii();
                let value = unquote(piece.get(at + 1..)?.trim_ascii());
                (!name.is_empty()).then_some((name, value))
            })
            .collect();
        Self { pairs }
    }

    /// Every value of the cookie `name`, in order.
    pub(crate) fn values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = Cow<'h, str>> + 's {
        self.pairs
            .iter()
            .filter(move |(key, _)| *key == name.as_bytes())
            .map(|&(_, value)| header_text(value))
    }
}

fn unquote(value: &[u8]) -> &[u8] {
    match value {
        [COOKIE_QUOTE, inner @ .., COOKIE_QUOTE] => inner,
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query_values(query: &str, name: &str) -> Vec<String> {
        QueryPairs::parse(query)
            .values(name)
            .map(Cow::into_owned)
            .collect()
    }

    #[test]
    fn decode_path_segment_percent_decodes_but_keeps_plus() {
        assert_eq!(decode_path_segment("a%20b+c"), "a b+c");
        assert!(matches!(
            decode_path_segment("plain"),
            Cow::Borrowed("plain")
        ));
        assert_eq!(decode_path_segment("caf%C3%A9"), "café");
        assert_eq!(decode_path_segment("bad%FF"), "bad\u{FFFD}");
        assert_eq!(decode_path_segment("100%"), "100%");
    }

    #[test]
    fn decode_form_component_turns_plus_into_space() {
        assert_eq!(decode_form_component("a+b%2Bc"), "a b+c");
        assert!(matches!(
            decode_form_component("plain"),
            Cow::Borrowed("plain")
        ));
        assert_eq!(decode_form_component("%zz"), "%zz");
    }

    #[test]
    fn query_pairs_repeated_keys_keep_order() {
        assert_eq!(query_values("tag=a&x=1&tag=b&tag=", "tag"), ["a", "b", ""]);
    }

    #[test]
    fn query_pairs_decode_keys_and_values() {
        assert_eq!(
            query_values("first%20name=J+R&first+name=K", "first name"),
            ["J R", "K"]
        );
    }

    #[test]
    fn query_pairs_skip_empty_pieces_and_allow_missing_values() {
        assert_eq!(query_values("&&flag&a=1&", "flag"), [""]);
        assert_eq!(query_values("a=1=2", "a"), ["1=2"]);
        assert!(query_values("", "a").is_empty());
    }

    #[test]
    fn cookies_parse_pairs_across_headers() {
        let headers: [&[u8]; 2] = [b"a=1; b=\"two\" ;c", b"a=3;d=x=y"];
        let cookies = Cookies::parse(&headers);
        let values = |name| {
            cookies
                .values(name)
                .map(Cow::into_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(values("a"), ["1", "3"]);
        assert_eq!(values("b"), ["two"]);
        assert!(values("c").is_empty());
        assert_eq!(values("d"), ["x=y"]);
    }

    #[test]
    fn header_text_falls_back_to_latin1() {
        assert_eq!(header_text("café".as_bytes()), "café");
        assert_eq!(header_text(b"caf\xe9"), "café");
    }
}
