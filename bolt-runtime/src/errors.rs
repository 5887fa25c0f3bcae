//! Validation errors as data, and the JSON bodies of error responses (pure).
//!
//! The 422 body is `{"detail": [{"type", "loc", "msg", "input"?, "ctx"?}, ...]}` listing every
//! error up to [`MAX_REPORTED_ERRORS`], then one `too_many_errors` error counting the rest
//! (docs/internals.md §6): a small body of many bad items must not yield a huge answer. Messages read like msgspec's (``Expected `int` >= 1``); the
//! error `type`s and `ctx` keys follow pydantic/FastAPI naming.
//!
//! Errors are built in two steps: a [`Failure`] says *what* is wrong (kind, message, context)
//! independently of where; [`Failure::at`] places it at a location with the offending input.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Value as Json, json};

/// Strings longer than this (in characters) are cut in an error's `input`.
pub const MAX_INPUT_CHARS: usize = 128;

/// Appended to an `input` string that was cut at [`MAX_INPUT_CHARS`].
pub const TRUNCATION_MARKER: &str = "...";

/// A 422 lists at most this many errors; the rest are counted in one final
/// `too_many_errors` error (see [`ErrorCollector`], [`render_validation_errors`]).
pub const MAX_REPORTED_ERRORS: usize = 1000;

/// `ctx` key of a `too_many_errors` error: how many errors it stands for.
const NOT_SHOWN_CTX: &str = "not_shown";

/// Served if serializing an error body ever failed (it cannot: keys are strings).
const FALLBACK_BODY: &[u8] = br#"{"detail":"Unprocessable Entity"}"#;

/// One element of an error location: a key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocItem {
    Key(String),
    Index(usize),
}

impl From<&str> for LocItem {
    fn from(key: &str) -> Self {
        Self::Key(key.to_owned())
    }
}

impl From<usize> for LocItem {
    fn from(index: usize) -> Self {
        Self::Index(index)
    }
}

impl Serialize for LocItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Key(key) => serializer.serialize_str(key),
            Self::Index(index) => serializer.serialize_u64(*index as u64),
        }
    }
}

/// One validation error.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    /// The error `type`, e.g. `"int_parsing"` (docs/internals.md §6 lists them).
    pub kind: &'static str,
    /// Starts with `"path" | "query" | "header" | "cookie" | "body"`.
    pub loc: Vec<LocItem>,
    pub msg: String,
    pub input: Option<serde_json::Value>,
    pub ctx: Option<serde_json::Value>,
}

impl Serialize for ValidationError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = 3 + usize::from(self.input.is_some()) + usize::from(self.ctx.is_some());
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("type", self.kind)?;
        map.serialize_entry("loc", &self.loc)?;
        map.serialize_entry("msg", &self.msg)?;
        if let Some(input) = &self.input {
            map.serialize_entry("input", input)?;
        }
        if let Some(ctx) = &self.ctx {
            map.serialize_entry("ctx", ctx)?;
        }
        map.end()
    }
}

impl ValidationError {
    /// A required parameter is absent: `missing`, "Field required".
    pub fn missing_param(loc: Vec<LocItem>) -> Self {
        Failure::new(ErrorKind::Missing, "Field required".to_owned()).at(loc, None)
    }

    /// A required Struct field is absent; `loc` ends with the field's key.
    pub fn missing_field(loc: Vec<LocItem>, key: &str) -> Self {
        let msg = format!("Object missing required field `{key}`");
        Failure::new(ErrorKind::Missing, msg).at(loc, None)
    }

    /// A key a `forbid_unknown_fields` Struct does not declare; `loc` ends with the key.
    pub fn unknown_field(loc: Vec<LocItem>, key: &str, input: Option<Json>) -> Self {
        let msg = format!("Object contains unknown field `{key}`");
        Failure::new(ErrorKind::ExtraForbidden, msg).at(loc, input)
    }

    /// Stands for `not_shown` errors left out after the first [`MAX_REPORTED_ERRORS`];
    /// `root` is where the first of them was (`"body"`, `"query"`, ...).
    pub fn too_many(root: LocItem, not_shown: usize) -> Self {
        let msg = format!(
            "{not_shown} more errors not shown (at most {MAX_REPORTED_ERRORS} errors are listed)"
        );
        let ctx = json!({ "shown": MAX_REPORTED_ERRORS, NOT_SHOWN_CTX: not_shown });
        Failure::new(ErrorKind::TooManyErrors, msg)
            .with_ctx(ctx)
            .at(vec![root], None)
    }

    /// The count of a `too_many_errors` error; `None` for any other error.
    fn not_shown_count(&self) -> Option<usize> {
        if self.kind != ErrorKind::TooManyErrors.as_str() {
            return None;
        }
        let count = self.ctx.as_ref().and_then(|ctx| ctx.get(NOT_SHOWN_CTX));
        Some(
            count
                .and_then(Json::as_u64)
                .and_then(|count| usize::try_from(count).ok())
                .unwrap_or(0),
        )
    }

    /// The first element of the location (`"body"`, `"query"`, ...).
    fn root(&self) -> LocItem {
        self.loc
            .first()
            .cloned()
            .unwrap_or_else(|| LocItem::from(BODY_ROOT))
    }

    /// The body is not well-formed JSON (or nests too deeply): one error at `["body"]`.
    pub fn json_invalid(msg: String, position: Option<TextPosition>) -> Self {
        let ctx = position
            .map(|p| json!({"line": p.line, "column": p.column, "byte_position": p.byte_position}));
        Self {
            kind: ErrorKind::JsonInvalid.as_str(),
            loc: vec![LocItem::from("body")],
            msg,
            input: None,
            ctx,
        }
    }
}

/// Root of body error locations.
const BODY_ROOT: &str = "body";

/// Collects validation errors with bounded memory: the first [`MAX_REPORTED_ERRORS`] are
/// kept, the others only counted (and where the first of them was).
#[derive(Debug, Default)]
pub struct ErrorCollector {
    errors: Vec<ValidationError>,
    not_shown: usize,
    not_shown_root: Option<LocItem>,
}

impl ErrorCollector {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether further errors are only counted (callers may then skip building them and
    /// call [`Self::count_not_shown`] instead).
    pub fn is_full(&self) -> bool {
        self.errors.len() >= MAX_REPORTED_ERRORS
    }

    /// Records `error`: kept while there is room, else counted.
    pub fn push(&mut self, error: ValidationError) {
        if self.is_full() {
            self.count_not_shown(|| error.root());
        } else {
            self.errors.push(error);
        }
    }

    /// Counts one error that is not built; `root` gives its location's first element.
    pub fn count_not_shown(&mut self, root: impl FnOnce() -> LocItem) {
        self.not_shown += 1;
        if self.not_shown_root.is_none() {
            self.not_shown_root = Some(root());
        }
    }

    /// The errors kept, then a `too_many_errors` error when some were only counted.
    pub fn into_errors(self) -> Vec<ValidationError> {
        let mut errors = self.errors;
        if let Some(root) = self.not_shown_root {
            errors.push(ValidationError::too_many(root, self.not_shown));
        }
        errors
    }
}

/// A place in a request body, for `json_invalid` errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPosition {
    /// 1-based.
    pub line: usize,
    /// 1-based, in bytes.
    pub column: usize,
    /// 0-based offset of the offending byte.
    pub byte_position: usize,
}

impl TextPosition {
    /// The line/column of byte `offset` in `text`.
    pub fn locate(text: &[u8], offset: usize) -> Self {
        let before = text.get(..offset).unwrap_or(text);
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |newline| newline + 1);
        Self {
            line: 1 + memchr::memchr_iter(b'\n', before).count(),
            column: 1 + before.len() - line_start,
            byte_position: offset,
        }
    }
}

/// Every error `type` Bolt reports (docs/internals.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    Missing,
    IntParsing,
    FloatParsing,
    BoolParsing,
    IntType,
    FloatType,
    StringType,
    BoolType,
    ListType,
    ObjectType,
    NullType,
    GreaterThan,
    GreaterThanEqual,
    LessThan,
    LessThanEqual,
    MultipleOf,
    StringTooShort,
    StringTooLong,
    TooShort,
    TooLong,
    StringPatternMismatch,
    ExtraForbidden,
    JsonInvalid,
    /// A string that is not a valid value of its type (`datetime`, `uuid`, base64 `bytes`...).
    DatetimeParsing,
    DateParsing,
    TimeParsing,
    TimedeltaParsing,
    UuidParsing,
    DecimalParsing,
    BytesParsing,
    /// `Meta(tz=True)` given a naive value / `Meta(tz=False)` given an aware one.
    TimezoneAware,
    TimezoneNaive,
    /// Not one of an `Enum`'s values or a `Literal`'s.
    Enum,
    /// A tagged union's tag is missing / not one of the tags.
    UnionTagNotFound,
    UnionTagInvalid,
    /// More errors than a 422 lists ([`MAX_REPORTED_ERRORS`]): their count.
    TooManyErrors,
}

impl ErrorKind {
    /// The `type` as it appears in the 422 body.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::IntParsing => "int_parsing",
            Self::FloatParsing => "float_parsing",
            Self::BoolParsing => "bool_parsing",
            Self::IntType => "int_type",
            Self::FloatType => "float_type",
            Self::StringType => "string_type",
            Self::BoolType => "bool_type",
            Self::ListType => "list_type",
            Self::ObjectType => "object_type",
            Self::NullType => "null_type",
            Self::GreaterThan => "greater_than",
            Self::GreaterThanEqual => "greater_than_equal",
            Self::LessThan => "less_than",
            Self::LessThanEqual => "less_than_equal",
            Self::MultipleOf => "multiple_of",
            Self::StringTooShort => "string_too_short",
            Self::StringTooLong => "string_too_long",
            Self::TooShort => "too_short",
            Self::TooLong => "too_long",
            Self::StringPatternMismatch => "string_pattern_mismatch",
            Self::ExtraForbidden => "extra_forbidden",
            Self::JsonInvalid => "json_invalid",
            Self::DatetimeParsing => "datetime_parsing",
            Self::DateParsing => "date_parsing",
            Self::TimeParsing => "time_parsing",
            Self::TimedeltaParsing => "time_delta_parsing",
            Self::UuidParsing => "uuid_parsing",
            Self::DecimalParsing => "decimal_parsing",
            Self::BytesParsing => "bytes_parsing",
            Self::TimezoneAware => "timezone_aware",
            Self::TimezoneNaive => "timezone_naive",
            Self::Enum => "enum",
            Self::UnionTagNotFound => "union_tag_not_found",
            Self::UnionTagInvalid => "union_tag_invalid",
            Self::TooManyErrors => "too_many_errors",
        }
    }
}

/// What is wrong with a value, before it is placed at a location.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub kind: ErrorKind,
    pub msg: String,
    pub ctx: Option<Json>,
}

impl Failure {
    pub fn new(kind: ErrorKind, msg: String) -> Self {
        Self {
            kind,
            msg,
            ctx: None,
        }
    }

    #[must_use]
    pub fn with_ctx(self, ctx: Json) -> Self {
        Self {
            ctx: Some(ctx),
            ..self
        }
    }

    /// Places the failure at `loc` with the offending `input`.
    pub fn at(self, loc: Vec<LocItem>, input: Option<Json>) -> ValidationError {
        ValidationError {
            kind: self.kind.as_str(),
            loc,
            msg: self.msg,
            input,
            ctx: self.ctx,
        }
    }

    /// ``Expected `int`, got `str` ``; `expected`/`got` are msgspec type names
    /// (`int`, `float`, `str`, `bool`, `null`, `array`, `object`, `int | null`, ...).
    pub fn wrong_type(kind: ErrorKind, expected: &str, got: &str) -> Self {
        Self::new(kind, format!("Expected `{expected}`, got `{got}`"))
    }

    /// An integer with more digits than Python converts (msgspec: "Integer value out of range").
    pub fn int_out_of_range() -> Self {
        Self::new(
            ErrorKind::IntParsing,
            "Integer value out of range".to_owned(),
        )
    }

    /// A number that overflows a float (msgspec: "Number out of range").
    pub fn number_out_of_range() -> Self {
        Self::new(ErrorKind::FloatParsing, "Number out of range".to_owned())
    }

    /// A numeric bound: ``Expected `int` >= 1``, with `ctx` `{"ge": 1}`.
    ///
    /// `op` and `shown` are what msgspec prints, which for an int `gt=n` is `>= n+1`
    /// while `kind` and `ctx` keep the declared constraint (`greater_than`, `{"gt": n}`).
    pub fn bound(kind: ErrorKind, type_name: &str, op: &str, shown: &str, ctx: Json) -> Self {
        Self::new(kind, format!("Expected `{type_name}` {op} {shown}")).with_ctx(ctx)
    }

    /// ``Expected `int` that's a multiple of 3``.
    pub fn multiple_of(type_name: &str, shown: &str, ctx: Json) -> Self {
        let msg = format!("Expected `{type_name}` that's a multiple of {shown}");
        Self::new(ErrorKind::MultipleOf, msg).with_ctx(json!({ "multiple_of": ctx }))
    }

    /// ``Expected `str` of length >= 3`` / ``Expected `array` of length <= 5``.
    pub fn length(kind: ErrorKind, type_name: &str, limit: u64) -> Self {
        let (op, ctx) = match kind {
            ErrorKind::StringTooShort | ErrorKind::TooShort => {
                (">=", json!({ "min_length": limit }))
            }
            _ => ("<=", json!({ "max_length": limit })),
        };
        let msg = format!("Expected `{type_name}` of length {op} {limit}");
        Self::new(kind, msg).with_ctx(ctx)
    }

    /// ``Expected `str` matching regex '^a'``.
    pub fn pattern_mismatch(pattern: &str) -> Self {
        let msg = format!("Expected `str` matching regex {}", python_str_repr(pattern));
        Self::new(ErrorKind::StringPatternMismatch, msg).with_ctx(json!({ "pattern": pattern }))
    }
}

/// The 422 response body for `errors`: the first [`MAX_REPORTED_ERRORS`] of them, then one
/// `too_many_errors` error counting the rest (the counts of `too_many_errors` errors already
/// in `errors`, e.g. from a body validated apart from its parameters, included).
pub fn render_validation_errors(errors: &[ValidationError]) -> Vec<u8> {
    #[derive(Serialize)]
    struct Body<'e> {
        detail: Vec<&'e ValidationError>,
    }
    let mut shown = Vec::with_capacity(errors.len().min(MAX_REPORTED_ERRORS));
    let mut not_shown = 0;
    let mut not_shown_root = None;
    for error in errors {
        let count = match error.not_shown_count() {
            Some(count) => count,
            None if shown.len() < MAX_REPORTED_ERRORS => {
                shown.push(error);
                continue;
            }
            None => 1,
        };
        not_shown += count;
        if not_shown_root.is_none() {
            not_shown_root = Some(error.root());
        }
    }
    let marker = not_shown_root.map(|root| ValidationError::too_many(root, not_shown));
    shown.extend(marker.as_ref());
    serde_json::to_vec(&Body { detail: shown }).unwrap_or_else(|_| FALLBACK_BODY.to_vec())
}

/// `{"detail": "<detail>"}`.
pub fn render_detail(detail: &str) -> Vec<u8> {
    #[derive(Serialize)]
    struct Body<'d> {
        detail: &'d str,
    }
    serde_json::to_vec(&Body { detail }).unwrap_or_else(|_| FALLBACK_BODY.to_vec())
}

/// `text` as an error `input`, cut after [`MAX_INPUT_CHARS`] characters.
pub fn input_text(text: &str) -> Json {
    match text.char_indices().nth(MAX_INPUT_CHARS) {
        None => Json::String(text.to_owned()),
        Some((cut, _)) => Json::String(format!("{}{TRUNCATION_MARKER}", &text[..cut])),
    }
}

/// A float as Python's `repr` prints it (`1.0`, `0.5`, `1e+20`, `1e-05`, `inf`, `nan`).
pub fn python_float_repr(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    // `{:e}` prints the shortest round-trip digits: "-1.25e-7", "1e20", "0e0".
    let scientific = format!("{value:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if mantissa.starts_with('-') { "-" } else { "" };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let body = if (PY_REPR_MIN_FIXED_EXPONENT..PY_REPR_MAX_FIXED_EXPONENT).contains(&exponent) {
        fixed_notation(&digits, exponent)
    } else {
        exponent_notation(&digits, exponent)
    };
    format!("{sign}{body}")
}

/// Python's `repr` of a float uses fixed notation for decimal exponents in this range.
const PY_REPR_MIN_FIXED_EXPONENT: i32 = -4;
const PY_REPR_MAX_FIXED_EXPONENT: i32 = 16;

/// `digits` × 10^(`exponent` − len + 1) in fixed notation, always with a fractional part.
fn fixed_notation(digits: &str, exponent: i32) -> String {
    match usize::try_from(exponent) {
        Ok(int_len) if int_len + 1 >= digits.len() => {
            let zeros = "0".repeat(int_len + 1 - digits.len());
            format!("{digits}{zeros}.0")
        }
        Ok(int_len) => format!("{}.{}", &digits[..=int_len], &digits[int_len + 1..]),
        Err(_) => {
            let leading = "0".repeat(exponent.unsigned_abs() as usize - 1);
            format!("0.{leading}{digits}")
        }
    }
}

/// `d.ddde+XX` like Python (exponent sign always shown, at least two exponent digits).
fn exponent_notation(digits: &str, exponent: i32) -> String {
    let (first, rest) = digits.split_at(1.min(digits.len()));
    let fraction = if rest.is_empty() {
        String::new()
    } else {
        format!(".{rest}")
    };
    let exp_sign = if exponent < 0 { '-' } else { '+' };
    format!("{first}{fraction}e{exp_sign}{:02}", exponent.unsigned_abs())
}

/// A string as Python's `repr` prints it (`'^a'`, `"it's"`, `'\\d+'`).
pub fn python_str_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_json(bytes: &[u8]) -> Json {
        serde_json::from_slice(bytes).unwrap_or(Json::Null)
    }

    #[test]
    fn render_validation_errors_lists_every_error_with_optional_fields() {
        let errors = vec![
            ValidationError::missing_param(vec!["query".into(), "q".into()]),
            Failure::bound(
                ErrorKind::GreaterThanEqual,
                "int",
                ">=",
                "1",
                json!({"ge": 1}),
            )
            .at(
                vec!["body".into(), "items".into(), 3.into()],
                Some(json!(0)),
            ),
        ];
        let rendered = render_validation_errors(&errors);
        assert_eq!(
            String::from_utf8_lossy(&rendered),
            concat!(
                r#"{"detail":[{"type":"missing","loc":["query","q"],"msg":"Field required"},"#,
                r#"{"type":"greater_than_equal","loc":["body","items",3],"#,
                r#""msg":"Expected `int` >= 1","input":0,"ctx":{"ge":1}}]}"#
            )
        );
    }

    #[test]
    fn render_validation_errors_empty_list_is_empty_detail() {
        assert_eq!(render_validation_errors(&[]), br#"{"detail":[]}"#.to_vec());
    }

    #[test]
    fn render_detail_escapes_the_text() {
        assert_eq!(
            body_json(&render_detail("Not \"Found\"")),
            json!({"detail": "Not \"Found\""})
        );
        assert_eq!(
            render_detail("Not Found"),
            br#"{"detail":"Not Found"}"#.to_vec()
        );
    }

    #[test]
    fn missing_field_names_the_key() {
        let error = ValidationError::missing_field(vec!["body".into(), "name".into()], "name");
        assert_eq!(error.kind, "missing");
        assert_eq!(error.msg, "Object missing required field `name`");
    }

    #[test]
    fn unknown_field_is_extra_forbidden() {
        let error = ValidationError::unknown_field(vec!["body".into(), "x".into()], "x", None);
        assert_eq!(error.kind, "extra_forbidden");
        assert_eq!(error.msg, "Object contains unknown field `x`");
    }

    #[test]
    fn json_invalid_carries_position_ctx() {
        let position = TextPosition::locate(b"{\n  \"a\": x}", 9);
        assert_eq!(
            position,
            TextPosition {
                line: 2,
                column: 8,
                byte_position: 9
            }
        );
        let error = ValidationError::json_invalid("JSON is malformed".to_owned(), Some(position));
        assert_eq!(error.loc, vec![LocItem::from("body")]);
        assert_eq!(
            error.ctx,
            Some(json!({"line": 2, "column": 8, "byte_position": 9}))
        );
    }

    #[test]
    fn failure_messages_read_like_msgspec() {
        let cases = [
            (
                Failure::wrong_type(ErrorKind::IntType, "int", "str"),
                "Expected `int`, got `str`",
            ),
            (
                Failure::bound(ErrorKind::LessThan, "float", "<", "1.5", json!({"lt": 1.5})),
                "Expected `float` < 1.5",
            ),
            (
                Failure::multiple_of("int", "3", json!(3)),
                "Expected `int` that's a multiple of 3",
            ),
            (
                Failure::length(ErrorKind::StringTooShort, "str", 3),
                "Expected `str` of length >= 3",
            ),
            (
                Failure::length(ErrorKind::TooLong, "array", 5),
                "Expected `array` of length <= 5",
            ),
            (
                Failure::pattern_mismatch("^a"),
                "Expected `str` matching regex '^a'",
            ),
            (Failure::int_out_of_range(), "Integer value out of range"),
            (Failure::number_out_of_range(), "Number out of range"),
        ];
        for (failure, msg) in cases {
            assert_eq!(failure.msg, msg);
        }
    }

    #[test]
    fn length_failures_carry_limit_ctx() {
        let failure = Failure::length(ErrorKind::TooShort, "array", 2);
        assert_eq!(failure.ctx, Some(json!({"min_length": 2})));
        let failure = Failure::length(ErrorKind::StringTooLong, "str", 9);
        assert_eq!(failure.ctx, Some(json!({"max_length": 9})));
    }

    #[test]
    fn python_float_repr_matches_python() {
        let cases = [
            (1.0, "1.0"),
            (0.5, "0.5"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (1e20, "1e+20"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123.456, "123.456"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (-2.5e300, "-2.5e+300"),
            (0.1, "0.1"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (1234567890123456.0, "1234567890123456.0"),
        ];
        for (value, repr) in cases {
            assert_eq!(python_float_repr(value), repr, "repr of {value}");
        }
    }

    #[test]
    fn python_str_repr_quotes_like_python() {
        assert_eq!(python_str_repr("^a"), "'^a'");
        assert_eq!(python_str_repr("it's"), "\"it's\"");
        assert_eq!(python_str_repr(r"\d+"), r"'\\d+'");
        assert_eq!(python_str_repr("a'\""), r#"'a\'"'"#);
        assert_eq!(python_str_repr("\n\u{1}"), r"'\n\x01'");
    }

    #[test]
    fn input_text_truncates_long_strings() {
        let long = "é".repeat(MAX_INPUT_CHARS + 10);
        let Json::String(cut) = input_text(&long) else {
            panic!("input_text returns a string");
        };
        assert_eq!(
            cut.chars().count(),
            MAX_INPUT_CHARS + TRUNCATION_MARKER.len()
        );
        assert!(cut.ends_with(TRUNCATION_MARKER));
        assert_eq!(input_text("short"), json!("short"));
    }

    fn int_error(root: &str, index: usize) -> ValidationError {
        Failure::wrong_type(ErrorKind::IntType, "int", "str")
            .at(vec![root.into(), index.into()], Some(json!("x")))
    }

    fn rendered_detail(errors: &[ValidationError]) -> Vec<Json> {
        match body_json(&render_validation_errors(errors)) {
            Json::Object(mut body) => match body.remove("detail") {
                Some(Json::Array(detail)) => detail,
                other => panic!("detail is a list: {other:?}"),
            },
            other => panic!("an object: {other}"),
        }
    }

    #[test]
    fn error_collector_keeps_the_first_errors_and_counts_the_rest() {
        let mut collector = ErrorCollector::new();
        for index in 0..MAX_REPORTED_ERRORS + 7 {
            collector.push(int_error("body", index));
        }
        assert!(collector.is_full());
        let errors = collector.into_errors();
        assert_eq!(errors.len(), MAX_REPORTED_ERRORS + 1);
        assert_eq!(
            errors[MAX_REPORTED_ERRORS - 1],
            int_error("body", MAX_REPORTED_ERRORS - 1)
        );
        let marker = &errors[MAX_REPORTED_ERRORS];
        assert_eq!(marker.kind, "too_many_errors");
        assert_eq!(marker.loc, vec![LocItem::from("body")]);
        assert_eq!(marker.input, None);
        assert_eq!(
            marker.ctx,
            Some(json!({"shown": MAX_REPORTED_ERRORS, "not_shown": 7}))
        );
    }

    #[test]
    fn error_collector_under_the_cap_adds_nothing() {
        let mut collector = ErrorCollector::new();
        collector.push(int_error("body", 0));
        assert!(!collector.is_full());
        assert_eq!(collector.into_errors(), vec![int_error("body", 0)]);
    }

    #[test]
    fn render_validation_errors_caps_a_long_list() {
        let errors: Vec<ValidationError> = (0..MAX_REPORTED_ERRORS + 3)
            .map(|index| int_error("query", index))
            .collect();
        let detail = rendered_detail(&errors);
        assert_eq!(detail.len(), MAX_REPORTED_ERRORS + 1);
        assert_eq!(
            detail[MAX_REPORTED_ERRORS]["type"],
            json!("too_many_errors")
        );
        assert_eq!(detail[MAX_REPORTED_ERRORS]["loc"], json!(["query"]));
        assert_eq!(detail[MAX_REPORTED_ERRORS]["ctx"]["not_shown"], json!(3));
    }

    #[test]
    fn render_validation_errors_merges_parameter_errors_with_a_capped_body() {
        // What the pipeline renders: parameter errors first, then the body's capped list.
        let mut errors = vec![int_error("query", 0), int_error("query", 1)];
        let mut body = ErrorCollector::new();
        for index in 0..MAX_REPORTED_ERRORS + 5 {
            body.push(int_error("body", index));
        }
        errors.extend(body.into_errors());
        let detail = rendered_detail(&errors);
        assert_eq!(detail.len(), MAX_REPORTED_ERRORS + 1);
        assert_eq!(detail[0]["loc"], json!(["query", 0]));
        assert_eq!(
            detail[MAX_REPORTED_ERRORS - 1]["loc"],
            json!(["body", MAX_REPORTED_ERRORS - 3])
        );
        let marker = &detail[MAX_REPORTED_ERRORS];
        assert_eq!(marker["type"], json!("too_many_errors"));
        assert_eq!(marker["loc"], json!(["body"]));
        assert_eq!(
            marker["ctx"],
            json!({"shown": MAX_REPORTED_ERRORS, "not_shown": 7})
        );
        assert_eq!(
            marker["msg"],
            json!(format!(
                "7 more errors not shown (at most {MAX_REPORTED_ERRORS} errors are listed)"
            ))
        );
    }

    #[test]
    fn render_validation_errors_at_the_cap_lists_everything() {
        let errors: Vec<ValidationError> = (0..MAX_REPORTED_ERRORS)
            .map(|index| int_error("body", index))
            .collect();
        let detail = rendered_detail(&errors);
        assert_eq!(detail.len(), MAX_REPORTED_ERRORS);
        assert!(
            detail
                .iter()
                .all(|error| error["type"] == json!("int_type"))
        );
    }
}
