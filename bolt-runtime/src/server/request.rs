//! The request as the dispatcher receives it: plain Rust data, no actix or Python types.

use std::borrow::Cow;

use bytes::Bytes;
use percent_encoding::percent_decode_str;

use crate::app::RouteId;
use crate::extract::Value;

/// Separator of key/value pairs in a query string.
const QUERY_PAIR_SEPARATOR: char = '&';
/// Separator of cookies in a `Cookie` header.
const COOKIE_SEPARATOR: char = ';';
/// Separator of a key and its value (query strings and cookies).
const KEY_VALUE_SEPARATOR: char = '=';
/// `+` encodes a space in query strings.
const FORM_SPACE: char = '+';
/// Joins repeated header values into one (RFC 9110 §5.3).
const HEADER_VALUE_JOINER: &str = ", ";
/// Quotes around a cookie value.
const COOKIE_QUOTE: char = '"';

/// A request that passed routing and validation, ready for its handler.
#[derive(Debug)]
pub struct InboundRequest {
    pub route: RouteId,
    /// `HEAD` or the route's method.
    pub method: &'static str,
    /// The raw (still percent-encoded) request path.
    pub path: String,
    /// One value per route parameter; body and request parameters are [`Value::Missing`].
    pub args: Vec<Value>,
    /// The body, when the route reads it (body or request parameter).
    pub body: Option<Bytes>,
    /// Only for routes whose handler takes the `Request` object.
    pub context: Option<RequestContext>,
}

/// What the `Request` object exposes besides method, path and body. Keys keep their order;
/// a repeated query key or cookie keeps every occurrence (the last one wins in a dict).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestContext {
    /// Decoded query parameters.
    pub query: Vec<(String, String)>,
    /// Headers with lowercase names; repeated headers joined with `", "`.
    pub headers: Vec<(String, String)>,
    pub cookies: Vec<(String, String)>,
    /// Decoded path parameters by placeholder name.
    pub params: Vec<(&'static str, String)>,
}

impl RequestContext {
    /// Collects the context from raw request parts.
    ///
    /// `headers` yields lowercase names with raw values; `path_names` and `captures` are the
    /// route's placeholder names and the raw captured segments, in the same order.
    pub fn collect<'h>(
        query: &str,
        headers: impl Iterator<Item = (&'h str, &'h [u8])>,
        path_names: &[&'static str],
        captures: &[&str],
    ) -> Self {
        let headers = merge_headers(headers);
        let cookies = headers
            .iter()
            .filter(|(name, _)| name == "cookie")
            .flat_map(|(_, value)| parse_cookies(value))
            .collect();
        let params = path_names
            .iter()
            .zip(captures)
            .map(|(name, raw)| (*name, decode_path_segment(raw).into_owned()))
            .collect();
        Self {
            query: parse_query(query),
            headers,
            cookies,
            params,
        }
    }
}

/// Decodes a raw query string (`a=1&b=x+y&c`) into pairs, in order.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split(QUERY_PAIR_SEPARATOR)
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once(KEY_VALUE_SEPARATOR).unwrap_or((pair, ""));
            (decode_form_component(key), decode_form_component(value))
        })
        .collect()
}

/// Parses a `Cookie` header value (`a=1; b="two"`) into pairs, in order.
pub fn parse_cookies(header: &str) -> Vec<(String, String)> {
    header
        .split(COOKIE_SEPARATOR)
        .filter_map(|chunk| {
            let (name, value) = chunk.split_once(KEY_VALUE_SEPARATOR).unwrap_or(("", chunk));
            let (name, value) = (name.trim(), unquote_cookie(value.trim()));
            (!name.is_empty() || !value.is_empty()).then(|| (name.to_owned(), value.to_owned()))
        })
        .collect()
}

/// Percent-decodes one path segment (`+` stays a plus).
pub fn decode_path_segment(raw: &str) -> Cow<'_, str> {
    percent_decode_str(raw).decode_utf8_lossy()
}

/// Decodes one `application/x-www-form-urlencoded` component (`+` is a space).
fn decode_form_component(raw: &str) -> String {
    if raw.contains(FORM_SPACE) {
        let spaced = raw.replace(FORM_SPACE, " ");
        percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
    } else {
        percent_decode_str(raw).decode_utf8_lossy().into_owned()
    }
}

fn unquote_cookie(value: &str) -> &str {
    value
        .strip_prefix(COOKIE_QUOTE)
        .and_then(|inner| inner.strip_suffix(COOKIE_QUOTE))
        .unwrap_or(value)
}

/// Headers as (lowercase name, text) with repeated names joined, in first-seen order.
fn merge_headers<'h>(headers: impl Iterator<Item = (&'h str, &'h [u8])>) -> Vec<(String, String)> {
    let mut merged: Vec<(String, String)> = Vec::new();
    for (name, raw) in headers {
        let value = String::from_utf8_lossy(raw);
        let name = name.to_ascii_lowercase();
        match merged.iter_mut().find(|(existing, _)| *existing == name) {
            Some((_, joined)) => {
                joined.push_str(HEADER_VALUE_JOINER);
                joined.push_str(&value);
            }
            None => merged.push((name, value.into_owned())),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn query_pairs_are_decoded_in_order() {
        assert_eq!(
            parse_query("a=1&b=x+y&c&&d=%C3%A9%20z&a=2"),
            pairs(&[
                ("a", "1"),
                ("b", "x y"),
                ("c", ""),
                ("d", "é z"),
                ("a", "2")
            ])
        );
        assert!(parse_query("").is_empty());
    }

    #[test]
    fn cookies_are_split_trimmed_and_unquoted() {
        assert_eq!(
            parse_cookies("session=abc; theme=\"dark\";  empty=; =orphan"),
            pairs(&[
                ("session", "abc"),
                ("theme", "dark"),
                ("empty", ""),
                ("", "orphan")
            ])
        );
        assert!(parse_cookies("  ;  ").is_empty());
    }

    #[test]
    fn path_segments_are_percent_decoded() {
        assert_eq!(decode_path_segment("a%20b+c"), "a b+c");
        assert_eq!(decode_path_segment("plain"), "plain");
    }

    #[test]
    fn context_merges_headers_and_reads_cookies() {
        let headers: Vec<(&str, &[u8])> = vec![
            ("accept", b"a/b"),
            ("cookie", b"x=1"),
            ("accept", b"c/d"),
            ("X-Custom", b"v"),
        ];
        let context =
            RequestContext::collect("q=1", headers.into_iter(), &["id", "rest"], &["7", "a%2Fb"]);
        assert_eq!(context.query, pairs(&[("q", "1")]));
        assert_eq!(
            context.headers,
            pairs(&[("accept", "a/b, c/d"), ("cookie", "x=1"), ("x-custom", "v")])
        );
        assert_eq!(context.cookies, pairs(&[("x", "1")]));
        assert_eq!(
            context.params,
            vec![("id", "7".to_owned()), ("rest", "a/b".to_owned())]
        );
    }
}
