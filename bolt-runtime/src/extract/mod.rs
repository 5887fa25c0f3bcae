//! Coercion of path/query/header/cookie values into typed values (pure).
//!
//! Each source is read once per request (the query string is split once, the `cookie`
//! headers parsed once, and only when a parameter needs them). A parameter's text is then
//! converted like msgspec's lax mode (see [`coerce`]) and checked against its constraints.
//!
//! - Scalars given several times (`?x=1&x=2`, repeated headers/cookies): the **last** value
//!   wins, like Django's `QueryDict` and Starlette.
//! - `list[T]` parameters take every value in order (`?tag=a&tag=b`); no comma splitting.
//! - Absent and not required → [`Value::Missing`] (the bridge passes the default); absent
//!   and required → a `missing` error at `[source, wire_name]`. An empty value (`?x=`) is
//!   present: the empty string.
//! - Error locations use the wire name (the alias), like FastAPI; every error is reported.

mod coerce;
mod wire;

use std::borrow::Cow;

use serde_json::Value as Json;
use smallvec::SmallVec;

use crate::app::{LengthRules, Param, Schema, Source};
use crate::errors::{LocItem, ValidationError, input_text};
use crate::validate::rules::{ARRAY, check_length};
use coerce::coerce_text;
use wire::{Cookies, QueryPairs, decode_path_segment, header_text};

/// The header cookies are read from.
const COOKIE_HEADER: &str = "cookie";

/// A coerced parameter value, converted to a Python object by the bridge.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Not present and not required: the bridge passes the Python default.
    Missing,
    None,
    Bool(bool),
    Int(i64),
    /// An integer outside `i64`, as its decimal text.
    BigInt(String),
    Float(f64),
    Str(String),
    List(Vec<Value>),
}

/// Read access to request headers; names are given lowercase.
pub trait HeaderLookup {
    /// Every value of the header `name`, in order.
    fn values(&self, name: &str) -> Vec<&[u8]>;
}

/// What parameter extraction reads from a request.
pub struct RequestParts<'a> {
    /// Raw (percent-encoded) path captures, in placeholder order.
    pub captures: &'a [&'a str],
    /// Raw query string (without `?`).
    pub query: &'a str,
    pub headers: &'a dyn HeaderLookup,
}

impl std::fmt::Debug for RequestParts<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestParts")
            .field("captures", &self.captures)
            .field("query", &self.query)
            .finish_non_exhaustive()
    }
}

/// Coerces every path/query/header/cookie parameter of a route. Body and request params
/// yield [`Value::Missing`] placeholders (the bridge fills them). All errors are returned.
pub fn extract_params(
    params: &[Param],
    parts: &RequestParts<'_>,
) -> Result<Vec<Value>, Vec<ValidationError>> {
    let sources = Sources::read(params, parts);
    let mut values = Vec::with_capacity(params.len());
    let mut errors = Vec::new();
    for param in params {
        match sources.extract(param) {
            Ok(value) => values.push(value),
            Err(param_errors) => errors.extend(param_errors),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// The texts one parameter was given (usually one, without allocating).
type Texts<'a> = SmallVec<[Cow<'a, str>; 1]>;

/// The request's parameter sources, each parsed at most once.
struct Sources<'a> {
    captures: &'a [&'a str],
    headers: &'a dyn HeaderLookup,
    query: QueryPairs<'a>,
    cookies: Cookies<'a>,
}

impl<'a> Sources<'a> {
    fn read(params: &[Param], parts: &RequestParts<'a>) -> Self {
        let wants = |source: Source| params.iter().any(|param| param.source == source);
        let query = if wants(Source::Query) {
            QueryPairs::parse(parts.query)
        } else {
            QueryPairs::default()
        };
        let cookies = if wants(Source::Cookie) {
            Cookies::parse(&parts.headers.values(COOKIE_HEADER))
        } else {
            Cookies::default()
        };
        Self {
            captures: parts.captures,
            headers: parts.headers,
            query,
            cookies,
        }
    }

    fn texts(&self, param: &Param) -> Texts<'a> {
        match param.source {
            Source::Path { capture } => self
                .captures
                .get(capture)
                .map(|raw| decode_path_segment(raw))
                .into_iter()
                .collect(),
            Source::Query => self.query.values(param.wire_name).collect(),
            Source::Header => self
                .headers
                .values(param.wire_name)
                .into_iter()
                .map(header_text)
                .collect(),
            Source::Cookie => self.cookies.values(param.wire_name).collect(),
            Source::Body | Source::Request => Texts::new(),
        }
    }

    fn extract(&self, param: &Param) -> Result<Value, Vec<ValidationError>> {
        if matches!(param.source, Source::Body | Source::Request) {
            return Ok(Value::Missing);
        }
        let texts = self.texts(param);
        let Some(last) = texts.last() else {
            return if param.required {
                Err(vec![ValidationError::missing_param(param_loc(param))])
            } else {
                Ok(Value::Missing)
            };
        };
        match list_schema(param.schema) {
            Some((items, length)) => coerce_list(param, items, length, &texts),
            None => coerce_text(param.schema, last)
                .map_err(|failure| vec![failure.at(param_loc(param), Some(input_text(last)))]),
        }
    }
}

/// `[source, wire_name]`.
fn param_loc(param: &Param) -> Vec<LocItem> {
    vec![
        LocItem::from(param.source.loc_root()),
        LocItem::from(param.wire_name),
    ]
}

/// The item schema and length rules of a `list[T]` (or `Optional[list[T]]`) parameter.
fn list_schema(schema: &'static Schema) -> Option<(&'static Schema, &'static LengthRules)> {
    match schema {
        Schema::List { items, length } => Some((items, length)),
        Schema::Optional(inner) => list_schema(inner),
        _ => None,
    }
}

/// Every value of a list parameter, each item checked (loc `[source, name, index]`), then
/// the list's length.
fn coerce_list(
    param: &Param,
    items: &Schema,
    length: &LengthRules,
    texts: &[Cow<'_, str>],
) -> Result<Value, Vec<ValidationError>> {
    let mut values = Vec::with_capacity(texts.len());
    let mut errors = Vec::new();
    for (index, text) in texts.iter().enumerate() {
        match coerce_text(items, text) {
            Ok(value) => values.push(value),
            Err(failure) => {
                let mut loc = param_loc(param);
                loc.push(LocItem::Index(index));
                errors.push(failure.at(loc, Some(input_text(text))));
            }
        }
    }
    if let Some(failure) = check_length(length, texts.len(), ARRAY) {
        let input = Json::Array(texts.iter().map(|text| input_text(text)).collect());
        errors.push(failure.at(param_loc(param), Some(input)));
    }
    if errors.is_empty() {
        Ok(Value::List(values))
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
