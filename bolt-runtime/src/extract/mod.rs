//! Coercion of path/query/header/cookie values into typed values (pure).
//!
//! Each source is read once per request (the query string is split once, the `cookie`
//! headers parsed once, and only when a parameter needs them). A parameter's text is then
//! converted like msgspec's lax mode (see [`coerce`]) and checked against its constraints.
//!
//! - Scalars given several times (`?x=1&x=2`, repeated headers/cookies): the **last** value
//!   wins, like Django's `QueryDict` and Starlette.
//! - `list[T]`, `set[T]`, `frozenset[T]`, `tuple[T, ...]` parameters take every value in
//!   order (`?tag=a&tag=b`, no comma splitting; lengths count the values given, like
//!   `msgspec.convert` of a list); `tuple[A, B]` takes exactly as many values as items.
//! - Parameter models (`Annotated[Filters, Query()]`, a Struct schema): each field is read by
//!   its JSON key (for headers lowercased with `_` → `-`), coerced by its schema, and reported
//!   at `[source, key]`; absent optional fields are left out ([`Value::Object`]), so the
//!   Struct's defaults apply when the bridge builds it.
//! - Values of types Python builds (`datetime`, `UUID`, `Decimal`, `bytes`, Enum members,
//!   sets, Structs...) stay native/text here; the bridge calls the parameter's converter.
//! - Absent and not required → [`Value::Missing`] (the bridge passes the default); absent
//!   and required → a `missing` error at `[source, wire_name]`. An empty value (`?x=`) is
//!   present: the empty string.
//! - Error locations use the wire name (the alias), like FastAPI; every error is reported.

mod coerce;
mod wire;

use std::borrow::Cow;

use serde_json::Value as Json;
use smallvec::SmallVec;

use crate::app::{LengthRules, Param, Schema, Source, StructSchema};
use crate::errors::{ErrorKind, Failure, LocItem, ValidationError, input_text};
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
    /// A parameter model (`Annotated[Filters, Query()]`): the fields present, by JSON key,
    /// in field order (absent optional fields are left out: the Struct's defaults apply).
    Object(Vec<(&'static str, Value)>),
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

    /// Every text given for `name` (lowercase for headers) by `source`.
    fn texts(&self, source: Source, name: &str) -> Texts<'a> {
        match source {
            Source::Path { capture } => self
                .captures
                .get(capture)
                .map(|raw| decode_path_segment(raw))
                .into_iter()
                .collect(),
            Source::Query => self.query.values(name).collect(),
            Source::Header => self
                .headers
                .values(name)
                .into_iter()
                .map(header_text)
                .collect(),
            Source::Cookie => self.cookies.values(name).collect(),
            Source::Body | Source::Request => Texts::new(),
        }
    }

    fn extract(&self, param: &Param) -> Result<Value, Vec<ValidationError>> {
        if matches!(param.source, Source::Body | Source::Request) {
            return Ok(Value::Missing);
        }
        if let Some(model) = model_schema(param.schema) {
            return self.extract_model(param, model);
        }
        let texts = self.texts(param.source, param.wire_name);
        if texts.is_empty() {
            return if param.required {
                Err(vec![ValidationError::missing_param(param_loc(param))])
            } else {
                Ok(Value::Missing)
            };
        }
        coerce_texts(param.schema, &texts, || param_loc(param))
    }

    /// A parameter model: each field read from the source by its key (for headers, the key
    /// lowercased with `_` → `-`), coerced by its schema. Nothing present and the parameter
    /// optional → its default.
    fn extract_model(
        &self,
        param: &Param,
        model: &'static StructSchema,
    ) -> Result<Value, Vec<ValidationError>> {
        let mut fields = Vec::with_capacity(model.fields.len());
        let mut missing = Vec::new();
        let mut errors = Vec::new();
        for field in model.fields {
            let name = match param.source {
                Source::Header => header_name(field.key),
                _ => Cow::Borrowed(field.key),
            };
            let loc = || {
                vec![
                    LocItem::from(param.source.loc_root()),
                    LocItem::from(name.as_ref()),
                ]
            };
            let texts = self.texts(param.source, &name);
            if texts.is_empty() {
                if field.required {
                    missing.push(ValidationError::missing_param(loc()));
                }
                continue;
            }
            match coerce_texts(field.schema, &texts, loc) {
                Ok(value) => fields.push((field.key, value)),
                Err(field_errors) => errors.extend(field_errors),
            }
        }
        if fields.is_empty() && errors.is_empty() && !param.required {
            return Ok(Value::Missing);
        }
        errors.extend(missing);
        if errors.is_empty() {
            Ok(Value::Object(fields))
        } else {
            Err(errors)
        }
    }
}

/// The texts of one value (non-empty) coerced by `schema`: every text for sequences
/// (repeated keys), else the last one (the last value wins). Errors at `loc()`.
fn coerce_texts(
    schema: &'static Schema,
    texts: &[Cow<'_, str>],
    loc: impl Fn() -> Vec<LocItem>,
) -> Result<Value, Vec<ValidationError>> {
    match sequence_schema(schema) {
        Some(Sequence::Items { items, length }) => coerce_list(&loc, |_| items, length, texts),
        Some(Sequence::Fixed(items)) => coerce_fixed(&loc, items, texts),
        None => {
            let last = texts.last().map_or("", |text| text.as_ref());
            coerce_text(schema, last)
                .map_err(|failure| vec![failure.at(loc(), Some(input_text(last)))])
        }
    }
}

/// A header's name for a field key: lowercase, `_` → `-` (like django-bolt).
fn header_name(key: &str) -> Cow<'_, str> {
    if key
        .bytes()
        .any(|byte| byte.is_ascii_uppercase() || byte == b'_')
    {
        Cow::Owned(key.to_ascii_lowercase().replace('_', "-"))
    } else {
        Cow::Borrowed(key)
    }
}

/// The Struct of a parameter model (`Filters` or `Optional[Filters]`).
fn model_schema(schema: &'static Schema) -> Option<&'static StructSchema> {
    match schema {
        Schema::Struct(model) => Some(model),
        Schema::Optional(inner) => model_schema(inner),
        _ => None,
    }
}

/// `[source, wire_name]`.
fn param_loc(param: &Param) -> Vec<LocItem> {
    vec![
        LocItem::from(param.source.loc_root()),
        LocItem::from(param.wire_name),
    ]
}

/// How a sequence parameter takes its repeated values.
enum Sequence {
    /// `list[T]`, `set[T]`, `frozenset[T]`, `tuple[T, ...]`: any number of items.
    Items {
        items: &'static Schema,
        length: &'static LengthRules,
    },
    /// `tuple[A, B]`: exactly these items.
    Fixed(&'static [&'static Schema]),
}

/// The sequence a (possibly `Optional`) parameter schema is, if it is one.
fn sequence_schema(schema: &'static Schema) -> Option<Sequence> {
    match schema {
        Schema::List { items, length } | Schema::Set { items, length } => {
            Some(Sequence::Items { items, length })
        }
        Schema::FixedTuple(items) => Some(Sequence::Fixed(items)),
        Schema::Optional(inner) => sequence_schema(inner),
        _ => None,
    }
}

/// Every value of a sequence, each item checked (loc `[..., index]`), then the length
/// (counted in values given, like `msgspec.convert` of a list does, sets included).
fn coerce_list<'s>(
    loc: &impl Fn() -> Vec<LocItem>,
    item_schema: impl Fn(usize) -> &'s Schema,
    length: &LengthRules,
    texts: &[Cow<'_, str>],
) -> Result<Value, Vec<ValidationError>> {
    let mut values = Vec::with_capacity(texts.len());
    let mut errors = Vec::new();
    for (index, text) in texts.iter().enumerate() {
        match coerce_text(item_schema(index), text) {
            Ok(value) => values.push(value),
            Err(failure) => {
                let mut loc = loc();
                loc.push(LocItem::Index(index));
                errors.push(failure.at(loc, Some(input_text(text))));
            }
        }
    }
    if let Some(failure) = check_length(length, texts.len(), ARRAY) {
        errors.push(failure.at(loc(), Some(texts_input(texts))));
    }
    if errors.is_empty() {
        Ok(Value::List(values))
    } else {
        Err(errors)
    }
}

/// `tuple[A, B]` from repeated values: exactly as many values as items (msgspec:
/// ``Expected `array` of length 2, got 3``), each coerced by its item's schema.
fn coerce_fixed(
    loc: &impl Fn() -> Vec<LocItem>,
    items: &'static [&'static Schema],
    texts: &[Cow<'_, str>],
) -> Result<Value, Vec<ValidationError>> {
    if texts.len() != items.len() {
        let kind = if texts.len() < items.len() {
            ErrorKind::TooShort
        } else {
            ErrorKind::TooLong
        };
        let msg = format!(
            "Expected `array` of length {}, got {}",
            items.len(),
            texts.len()
        );
        let failure = Failure::new(kind, msg);
        return Err(vec![failure.at(loc(), Some(texts_input(texts)))]);
    }
    coerce_list(loc, |index| items[index], &LengthRules::default(), texts)
}

fn texts_input(texts: &[Cow<'_, str>]) -> Json {
    Json::Array(texts.iter().map(|text| input_text(text)).collect())
}

#[cfg(test)]
mod tests;
