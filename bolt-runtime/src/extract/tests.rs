//! Behaviour of parameter extraction over hand-built routes (the `static` items below are
//! what `bolt build` generates for a handler's parameters).

use std::cell::Cell;

use serde_json::json;

use super::*;
use crate::app::{
    Bound, ChoiceSchema, FieldSchema, NumberRules, StrRules, StructSchema, Tz, UnionSchema,
    UnionSlot,
};
use crate::errors::Failure;

const NO_NUMBERS: NumberRules = NumberRules {
    gt: None,
    ge: None,
    lt: None,
    le: None,
    multiple_of: None,
};
const NO_LENGTH: LengthRules = LengthRules {
    min: None,
    max: None,
};
const NO_STR: StrRules = StrRules {
    length: NO_LENGTH,
    pattern: None,
};

static INT: Schema = Schema::Int(NO_NUMBERS);
static POSITIVE_INT: Schema = Schema::Int(NumberRules {
    ge: Some(Bound::Int(1)),
    ..NO_NUMBERS
});
static FLOAT: Schema = Schema::Float(NO_NUMBERS);
static BOOL: Schema = Schema::Bool;
static STR: Schema = Schema::Str(NO_STR);
static ANY: Schema = Schema::Any;
static OPTIONAL_INT: Schema = Schema::Optional(&INT);
static INT_LIST: Schema = Schema::List {
    items: &INT,
    length: NO_LENGTH,
};
static TWO_OR_THREE_STRS: Schema = Schema::List {
    items: &STR,
    length: LengthRules {
        min: Some(2),
        max: Some(3),
    },
};
static OPTIONAL_INT_LIST: Schema = Schema::Optional(&INT_LIST);

const fn param(
    name: &'static str,
    wire_name: &'static str,
    source: Source,
    schema: &'static Schema,
    required: bool,
) -> Param {
    Param {
        name,
        wire_name,
        source,
        schema,
        required,
    }
}

/// `def get_item(item_id: int, q: str, page_size: Annotated[int, Query(alias="page-size")] = 10,
///               x_token: Annotated[str, Header()], session: Annotated[str, Cookie()] = None,
///               body: Item, request: Request)`, routed at `/items/{item_id}`.
static ITEM_PARAMS: [Param; 7] = [
    param(
        "item_id",
        "item_id",
        Source::Path { capture: 0 },
        &POSITIVE_INT,
        true,
    ),
    param("q", "q", Source::Query, &STR, true),
    param("page_size", "page-size", Source::Query, &INT, false),
    param("x_token", "x-token", Source::Header, &STR, true),
    param("session", "session", Source::Cookie, &STR, false),
    param("body", "body", Source::Body, &ANY, true),
    param("request", "request", Source::Request, &ANY, true),
];

/// Request headers; counts lookups of each name.
#[derive(Debug, Default)]
struct Headers {
    entries: Vec<(&'static str, &'static [u8])>,
    lookups: Cell<usize>,
}

impl Headers {
    fn new(entries: &[(&'static str, &'static [u8])]) -> Self {
        Self {
            entries: entries.to_vec(),
            lookups: Cell::new(0),
        }
    }
}

impl HeaderLookup for Headers {
    fn values(&self, name: &str) -> Vec<&[u8]> {
        self.lookups.set(self.lookups.get() + 1);
        self.entries
            .iter()
            .filter(|(key, _)| *key == name)
            .map(|(_, value)| *value)
            .collect()
    }
}

fn extract(
    params: &[Param],
    captures: &[&str],
    query: &str,
    headers: &Headers,
) -> Result<Vec<Value>, Vec<ValidationError>> {
    extract_params(
        params,
        &RequestParts {
            captures,
            query,
            headers,
        },
    )
}

/// Each error as `(type, loc, msg)`.
fn summary(result: Result<Vec<Value>, Vec<ValidationError>>) -> Vec<(&'static str, Json, String)> {
    result
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|error| {
            (
                error.kind,
                serde_json::to_value(&error.loc).unwrap_or(Json::Null),
                error.msg,
            )
        })
        .collect()
}

fn single(
    schema: &'static Schema,
    source: Source,
    query: &str,
    headers: &Headers,
) -> Result<Vec<Value>, Vec<ValidationError>> {
    let params = [param("p", "p", source, schema, true)];
    extract(&params, &["7"], query, headers)
}

fn text(value: &str) -> Value {
    Value::Str(value.to_owned())
}

#[test]
fn extract_params_reads_every_source() {
    let headers = Headers::new(&[
        ("x-token", b"secret"),
        ("cookie", b"theme=dark; session=abc"),
    ]);
    let values = extract(
        &ITEM_PARAMS,
        &["42"],
        "q=hello+world&page-size=20",
        &headers,
    );
    assert_eq!(
        values,
        Ok(vec![
            Value::Int(42),
            text("hello world"),
            Value::Int(20),
            text("secret"),
            text("abc"),
            Value::Missing,
            Value::Missing,
        ])
    );
}

#[test]
fn extract_params_absent_optional_is_missing() {
    let headers = Headers::new(&[("x-token", b"t")]);
    let values = extract(&ITEM_PARAMS, &["1"], "q=", &headers);
    assert_eq!(
        values,
        Ok(vec![
            Value::Int(1),
            text(""),
            Value::Missing,
            text("t"),
            Value::Missing,
            Value::Missing,
            Value::Missing
        ])
    );
}

#[test]
fn extract_params_reports_all_errors_with_wire_names() {
    let headers = Headers::new(&[]);
    let result = extract(&ITEM_PARAMS, &["0"], "page-size=big", &headers);
    assert_eq!(
        summary(result),
        [
            (
                "greater_than_equal",
                json!(["path", "item_id"]),
                "Expected `int` >= 1".to_owned()
            ),
            (
                "missing",
                json!(["query", "q"]),
                "Field required".to_owned()
            ),
            (
                "int_parsing",
                json!(["query", "page-size"]),
                "Expected `int`, got `str`".to_owned()
            ),
            (
                "missing",
                json!(["header", "x-token"]),
                "Field required".to_owned()
            ),
        ]
    );
}

#[test]
fn extract_params_errors_carry_the_offending_text() {
    let headers = Headers::new(&[("x-token", b"t")]);
    let Err(errors) = extract(&ITEM_PARAMS, &["abc"], "q=1", &headers) else {
        panic!("abc is not an int")
    };
    assert_eq!(errors[0].input, Some(json!("abc")));
    assert_eq!(errors[0].kind, "int_parsing");
}

#[test]
fn path_capture_is_percent_decoded() {
    let params = [param(
        "name",
        "name",
        Source::Path { capture: 1 },
        &STR,
        true,
    )];
    let headers = Headers::new(&[]);
    assert_eq!(
        extract(&params, &["1", "caf%C3%A9+au%20lait"], "", &headers),
        Ok(vec![text("café+au lait")])
    );
}

#[test]
fn path_capture_out_of_range_is_missing() {
    let params = [param(
        "name",
        "name",
        Source::Path { capture: 3 },
        &STR,
        true,
    )];
    let headers = Headers::new(&[]);
    assert_eq!(
        summary(extract(&params, &["1"], "", &headers)),
        [(
            "missing",
            json!(["path", "name"]),
            "Field required".to_owned()
        )]
    );
}

#[test]
fn query_scalar_last_value_wins() {
    let headers = Headers::new(&[]);
    assert_eq!(
        single(&INT, Source::Query, "p=1&p=2", &headers),
        Ok(vec![Value::Int(2)])
    );
}

#[test]
fn query_list_takes_every_value_in_order() {
    let headers = Headers::new(&[]);
    let values = single(&INT_LIST, Source::Query, "p=3&other=x&p=1&p=2", &headers);
    assert_eq!(
        values,
        Ok(vec![Value::List(vec![
            Value::Int(3),
            Value::Int(1),
            Value::Int(2)
        ])])
    );
    let values = single(&OPTIONAL_INT_LIST, Source::Query, "p=5", &headers);
    assert_eq!(values, Ok(vec![Value::List(vec![Value::Int(5)])]));
}

#[test]
fn query_list_reports_items_by_index_and_length() {
    let headers = Headers::new(&[]);
    assert_eq!(
        summary(single(
            &INT_LIST,
            Source::Query,
            "p=1&p=x&p=2&p=y",
            &headers
        )),
        [
            (
                "int_parsing",
                json!(["query", "p", 1]),
                "Expected `int`, got `str`".to_owned()
            ),
            (
                "int_parsing",
                json!(["query", "p", 3]),
                "Expected `int`, got `str`".to_owned()
            ),
        ]
    );
    let Err(errors) = single(&TWO_OR_THREE_STRS, Source::Query, "p=a", &headers) else {
        panic!("too short")
    };
    assert_eq!(errors[0].kind, "too_short");
    assert_eq!(errors[0].msg, "Expected `array` of length >= 2");
    assert_eq!(errors[0].input, Some(json!(["a"])));
}

#[test]
fn query_missing_required_list_is_missing() {
    let headers = Headers::new(&[]);
    assert_eq!(
        summary(single(&INT_LIST, Source::Query, "", &headers)),
        [(
            "missing",
            json!(["query", "p"]),
            "Field required".to_owned()
        )]
    );
}

#[test]
fn query_keys_and_values_are_form_decoded() {
    let params = [param("full_name", "full name", Source::Query, &STR, true)];
    let headers = Headers::new(&[]);
    assert_eq!(
        extract(&params, &[], "full+name=J%C3%BCrgen+M%2B", &headers),
        Ok(vec![text("Jürgen M+")])
    );
}

#[test]
fn query_scalars_convert_like_msgspec_lax_mode() {
    let headers = Headers::new(&[]);
    assert_eq!(
        single(&BOOL, Source::Query, "p=TRUE", &headers),
        Ok(vec![Value::Bool(true)])
    );
    assert_eq!(
        single(&FLOAT, Source::Query, "p=1e3", &headers),
        Ok(vec![Value::Float(1000.0)])
    );
    assert_eq!(
        single(&OPTIONAL_INT, Source::Query, "p=null", &headers),
        Ok(vec![Value::None])
    );
    assert_eq!(
        single(&ANY, Source::Query, "p=1", &headers),
        Ok(vec![text("1")])
    );
    let big = "p=123456789012345678901234567890";
    assert_eq!(
        single(&INT, Source::Query, big, &headers),
        Ok(vec![Value::BigInt(
            "123456789012345678901234567890".to_owned()
        )])
    );
    assert_eq!(
        summary(single(&BOOL, Source::Query, "p=yes", &headers)),
        [(
            "bool_parsing",
            json!(["query", "p"]),
            "Expected `bool`, got `str`".to_owned()
        )]
    );
}

#[test]
fn header_values_are_read_by_wire_name() {
    let headers = Headers::new(&[("p", b"1"), ("p", b"2")]);
    assert_eq!(
        single(&INT, Source::Header, "", &headers),
        Ok(vec![Value::Int(2)])
    );
    assert_eq!(
        single(&INT_LIST, Source::Header, "", &headers),
        Ok(vec![Value::List(vec![Value::Int(1), Value::Int(2)])])
    );
    let latin1 = Headers::new(&[("p", b"caf\xe9")]);
    assert_eq!(
        single(&STR, Source::Header, "", &latin1),
        Ok(vec![text("café")])
    );
}

#[test]
fn header_errors_are_located_under_header() {
    let headers = Headers::new(&[("p", b"x")]);
    assert_eq!(
        summary(single(&INT, Source::Header, "", &headers)),
        [(
            "int_parsing",
            json!(["header", "p"]),
            "Expected `int`, got `str`".to_owned()
        )]
    );
}

#[test]
fn cookies_are_parsed_once_for_all_cookie_params() {
    let params = [
        param("a", "a", Source::Cookie, &STR, true),
        param("b", "b", Source::Cookie, &INT, true),
        param("c", "c", Source::Cookie, &STR, false),
    ];
    let headers = Headers::new(&[("cookie", b"a=\"x y\"; b=2"), ("cookie", b"b=3")]);
    assert_eq!(
        extract(&params, &[], "", &headers),
        Ok(vec![text("x y"), Value::Int(3), Value::Missing])
    );
    assert_eq!(headers.lookups.get(), 1);
}

#[test]
fn cookie_missing_required_is_located_under_cookie() {
    let headers = Headers::new(&[("cookie", b"other=1")]);
    assert_eq!(
        summary(single(&STR, Source::Cookie, "", &headers)),
        [(
            "missing",
            json!(["cookie", "p"]),
            "Field required".to_owned()
        )]
    );
}

#[test]
fn sources_without_params_are_not_read() {
    let params = [param("id", "id", Source::Path { capture: 0 }, &INT, true)];
    let headers = Headers::new(&[("cookie", b"a=1")]);
    assert_eq!(
        extract(&params, &["5"], "a=1", &headers),
        Ok(vec![Value::Int(5)])
    );
    assert_eq!(headers.lookups.get(), 0);
}

#[test]
fn body_and_request_params_are_placeholders() {
    let params = [
        param("body", "body", Source::Body, &INT, true),
        param("request", "request", Source::Request, &ANY, true),
    ];
    let headers = Headers::new(&[]);
    assert_eq!(
        extract(&params, &[], "body=1", &headers),
        Ok(vec![Value::Missing, Value::Missing])
    );
}

// -- lax conversion of every scalar type, checked against msgspec -------------------------

/// The table `bolt-runtime/testdata/lax_cases.py` writes (test data, compiled only for tests:
/// this module is `#[cfg(test)]`).
#[path = "../../testdata/lax_cases.rs"]
mod lax_cases;

/// What `msgspec.convert(text, T, strict=False)` gives, as `coerce_text` should.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Int(i64),
    Big(&'static str),
    Float(f64),
    Nan,
    Bool(bool),
    Null,
    /// A `str` result, or the validated text of a type the converter builds (`datetime`...).
    Text(&'static str),
    Err(&'static str),
}

type Case = (&'static str, &'static str, Expect);

const fn choice(ints: &'static [i64], strs: &'static [&'static str]) -> ChoiceSchema {
    ChoiceSchema { ints, strs }
}

const fn union(variants: &'static [&'static Schema]) -> UnionSchema {
    UnionSchema {
        variants,
        bool: None,
        int: None,
        float: None,
        str: None,
        array: UnionSlot::Empty,
        object: UnionSlot::Empty,
    }
}

static NULL: Schema = Schema::None;
static BYTES: Schema = Schema::Bytes(NO_LENGTH);
static BYTES_MIN_2: Schema = Schema::Bytes(LengthRules {
    min: Some(2),
    max: None,
});
static DATETIME: Schema = Schema::Datetime(Tz::Any);
static DATETIME_AWARE: Schema = Schema::Datetime(Tz::Aware);
static DATETIME_NAIVE: Schema = Schema::Datetime(Tz::Naive);
static DATE: Schema = Schema::Date;
static TIME: Schema = Schema::Time(Tz::Any);
static TIME_AWARE: Schema = Schema::Time(Tz::Aware);
static TIMEDELTA: Schema = Schema::Timedelta;
static UUID: Schema = Schema::Uuid;
static DECIMAL: Schema = Schema::Decimal(NO_NUMBERS);
static COLOR_CHOICE: ChoiceSchema = choice(&[], &["red", "blue"]);
static COLOR: Schema = Schema::Choice(&COLOR_CHOICE);
static NUM_CHOICE: ChoiceSchema = choice(&[1, 2], &[]);
static NUM: Schema = Schema::Choice(&NUM_CHOICE);
static LITERAL_INTS: Schema = Schema::Choice(&NUM_CHOICE);
static MIXED_CHOICE: ChoiceSchema = choice(&[2], &["1"]);
static LITERAL_MIXED: Schema = Schema::Choice(&MIXED_CHOICE);
static OPTIONAL_BOOL: Schema = Schema::Optional(&BOOL);
static OPTIONAL_DATETIME: Schema = Schema::Optional(&DATETIME);
static OPTIONAL_TIMEDELTA: Schema = Schema::Optional(&TIMEDELTA);
static OPTIONAL_COLOR: Schema = Schema::Optional(&COLOR);
static OPTIONAL_DECIMAL: Schema = Schema::Optional(&DECIMAL);
static OPTIONAL_UUID: Schema = Schema::Optional(&UUID);

macro_rules! union_schema {
    ($($name:ident = [$($variant:ident),+];)+) => {
        $(static $name: Schema = Schema::Union({
            static UNION: UnionSchema = union(&[$(&$variant),+]);
            &UNION
        });)+
    };
}

union_schema! {
    INT_OR_STR = [INT, STR];
    INT_OR_FLOAT = [INT, FLOAT];
    BOOL_OR_INT = [BOOL, INT];
    FLOAT_OR_STR = [FLOAT, STR];
    INT_OR_DATETIME = [INT, DATETIME];
    FLOAT_OR_DATETIME = [FLOAT, DATETIME];
    BOOL_OR_DATETIME = [BOOL, DATETIME];
    INT_OR_TIMEDELTA = [INT, TIMEDELTA];
    INT_OR_COLOR = [INT, COLOR];
    NUM_OR_STR = [NUM, STR];
    INT_OR_DECIMAL = [INT, DECIMAL];
    FLOAT_OR_DECIMAL = [FLOAT, DECIMAL];
    LITERAL_INTS_OR_FLOAT = [LITERAL_INTS, FLOAT];
    INT_OR_UUID = [INT, UUID];
    INT_OR_DATE = [INT, DATE];
}
static OPTIONAL_INT_OR_DATE: Schema = Schema::Optional(&INT_OR_DATE);

fn case_schema(name: &str) -> &'static Schema {
    match name {
        "INT" => &INT,
        "POSITIVE_INT" => &POSITIVE_INT,
        "FLOAT" => &FLOAT,
        "BOOL" => &BOOL,
        "NULL" => &NULL,
        "STR" => &STR,
        "ANY" => &ANY,
        "BYTES" => &BYTES,
        "BYTES_MIN_2" => &BYTES_MIN_2,
        "DATETIME" => &DATETIME,
        "DATETIME_AWARE" => &DATETIME_AWARE,
        "DATETIME_NAIVE" => &DATETIME_NAIVE,
        "DATE" => &DATE,
        "TIME" => &TIME,
        "TIME_AWARE" => &TIME_AWARE,
        "TIMEDELTA" => &TIMEDELTA,
        "UUID" => &UUID,
        "DECIMAL" => &DECIMAL,
        "COLOR" => &COLOR,
        "NUM" => &NUM,
        "LITERAL_INTS" => &LITERAL_INTS,
        "LITERAL_MIXED" => &LITERAL_MIXED,
        "OPTIONAL_INT" => &OPTIONAL_INT,
        "OPTIONAL_BOOL" => &OPTIONAL_BOOL,
        "OPTIONAL_DATETIME" => &OPTIONAL_DATETIME,
        "OPTIONAL_TIMEDELTA" => &OPTIONAL_TIMEDELTA,
        "OPTIONAL_COLOR" => &OPTIONAL_COLOR,
        "OPTIONAL_DECIMAL" => &OPTIONAL_DECIMAL,
        "OPTIONAL_UUID" => &OPTIONAL_UUID,
        "INT_OR_STR" => &INT_OR_STR,
        "INT_OR_FLOAT" => &INT_OR_FLOAT,
        "BOOL_OR_INT" => &BOOL_OR_INT,
        "FLOAT_OR_STR" => &FLOAT_OR_STR,
        "INT_OR_DATETIME" => &INT_OR_DATETIME,
        "FLOAT_OR_DATETIME" => &FLOAT_OR_DATETIME,
        "BOOL_OR_DATETIME" => &BOOL_OR_DATETIME,
        "INT_OR_TIMEDELTA" => &INT_OR_TIMEDELTA,
        "INT_OR_COLOR" => &INT_OR_COLOR,
        "NUM_OR_STR" => &NUM_OR_STR,
        "INT_OR_DECIMAL" => &INT_OR_DECIMAL,
        "FLOAT_OR_DECIMAL" => &FLOAT_OR_DECIMAL,
        "LITERAL_INTS_OR_FLOAT" => &LITERAL_INTS_OR_FLOAT,
        "INT_OR_UUID" => &INT_OR_UUID,
        "OPTIONAL_INT_OR_DATE" => &OPTIONAL_INT_OR_DATE,
        other => panic!("testdata/lax_cases.rs names an unknown schema {other}"),
    }
}

fn matches_expect(result: &Result<Value, Failure>, expect: Expect) -> bool {
    match (result, expect) {
        (Ok(Value::Int(got)), Expect::Int(want)) => *got == want,
        (Ok(Value::BigInt(got)), Expect::Big(want)) => got == want,
        (Ok(Value::Float(got)), Expect::Float(want)) => got.to_bits() == want.to_bits(),
        (Ok(Value::Float(got)), Expect::Nan) => got.is_nan(),
        (Ok(Value::Bool(got)), Expect::Bool(want)) => *got == want,
        (Ok(Value::None), Expect::Null) => true,
        (Ok(Value::Str(got)), Expect::Text(want)) => got == want,
        (Err(failure), Expect::Err(want)) => failure.msg == want,
        _ => false,
    }
}

#[test]
fn coerce_text_converts_every_scalar_type_like_msgspec_lax_mode() {
    let mismatches: Vec<String> = lax_cases::CASES
        .iter()
        .filter_map(|&(name, text, expect)| {
            let result = coerce::coerce_text(case_schema(name), text);
            (!matches_expect(&result, expect))
                .then(|| format!("{name} {text:?}: got {result:?}, msgspec {expect:?}"))
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} cases differ from msgspec:\n{}",
        mismatches.len(),
        lax_cases::CASES.len(),
        mismatches.join("\n")
    );
}

// -- sequences and parameter models --------------------------------------------------------

static INT_SET_MAX_2: Schema = Schema::Set {
    items: &INT,
    length: LengthRules {
        min: None,
        max: Some(2),
    },
};
static INT_STR_PAIR: Schema = Schema::FixedTuple(&[&INT, &STR]);
static DATE_LIST: Schema = Schema::List {
    items: &DATE,
    length: NO_LENGTH,
};
static STR_LIST: Schema = Schema::List {
    items: &STR,
    length: NO_LENGTH,
};

#[test]
fn query_set_counts_every_value_given_like_msgspec_convert() {
    let headers = Headers::new(&[]);
    assert_eq!(
        single(&INT_SET_MAX_2, Source::Query, "p=1&p=1", &headers),
        Ok(vec![Value::List(vec![Value::Int(1), Value::Int(1)])])
    );
    assert_eq!(
        summary(single(
            &INT_SET_MAX_2,
            Source::Query,
            "p=1&p=1&p=2",
            &headers
        )),
        [(
            "too_long",
            json!(["query", "p"]),
            "Expected `array` of length <= 2".to_owned()
        )]
    );
}

#[test]
fn query_fixed_tuple_takes_exactly_its_items() {
    let headers = Headers::new(&[]);
    assert_eq!(
        single(&INT_STR_PAIR, Source::Query, "p=7&p=x", &headers),
        Ok(vec![Value::List(vec![Value::Int(7), text("x")])])
    );
    assert_eq!(
        summary(single(&INT_STR_PAIR, Source::Query, "p=x&p=y", &headers)),
        [(
            "int_parsing",
            json!(["query", "p", 0]),
            "Expected `int`, got `str`".to_owned()
        )]
    );
    assert_eq!(
        summary(single(
            &INT_STR_PAIR,
            Source::Query,
            "p=1&p=2&p=3",
            &headers
        )),
        [(
            "too_long",
            json!(["query", "p"]),
            "Expected `array` of length 2, got 3".to_owned()
        )]
    );
    let Err(errors) = single(&INT_STR_PAIR, Source::Query, "p=1", &headers) else {
        panic!("one value is too few")
    };
    assert_eq!(errors[0].kind, "too_short");
    assert_eq!(errors[0].input, Some(json!(["1"])));
}

#[test]
fn query_list_of_string_encoded_items_keeps_validated_texts() {
    let headers = Headers::new(&[]);
    assert_eq!(
        single(
            &DATE_LIST,
            Source::Query,
            "p=2024-01-02&p=2024-02-29",
            &headers
        ),
        Ok(vec![Value::List(vec![
            text("2024-01-02"),
            text("2024-02-29")
        ])])
    );
    assert_eq!(
        summary(single(
            &DATE_LIST,
            Source::Query,
            "p=2024-01-02&p=2023-02-29",
            &headers
        )),
        [(
            "date_parsing",
            json!(["query", "p", 1]),
            "Invalid RFC3339 encoded date".to_owned()
        )]
    );
}

const fn field(key: &'static str, schema: &'static Schema, required: bool) -> FieldSchema {
    FieldSchema {
        key,
        schema,
        required,
    }
}

/// `class Filters(Struct): q: str; page: int = 1; tags: list[str] = []; since: date | None = None`
static FILTERS: StructSchema = StructSchema {
    name: "shop.api.Filters",
    fields: &[
        field("q", &STR, true),
        field("page", &INT, false),
        field("tags", &STR_LIST, false),
        field("since", &OPTIONAL_DATE, false),
    ],
    forbid_unknown_fields: false,
    array_like: false,
    tag: None,
};
static OPTIONAL_DATE: Schema = Schema::Optional(&DATE);
static FILTERS_SCHEMA: Schema = Schema::Struct(&FILTERS);
static OPTIONAL_FILTERS: Schema = Schema::Optional(&FILTERS_SCHEMA);

/// `class Tracing(Struct, rename="kebab"): request_id: UUID; client_version: int = 0`, and a
/// field renamed with an underscore and capitals.
static TRACING: StructSchema = StructSchema {
    name: "shop.api.Tracing",
    fields: &[
        field("request-id", &UUID, true),
        field("client-version", &INT, false),
        field("X_Trace", &STR, false),
    ],
    forbid_unknown_fields: true,
    array_like: false,
    tag: None,
};
static TRACING_SCHEMA: Schema = Schema::Struct(&TRACING);

#[test]
fn query_model_gathers_each_field_by_key() {
    let headers = Headers::new(&[]);
    let params = [param(
        "filters",
        "filters",
        Source::Query,
        &FILTERS_SCHEMA,
        true,
    )];
    assert_eq!(
        extract(
            &params,
            &[],
            "tags=a&q=shoes&page=2&tags=b&other=1",
            &headers
        ),
        Ok(vec![Value::Object(vec![
            ("q", text("shoes")),
            ("page", Value::Int(2)),
            ("tags", Value::List(vec![text("a"), text("b")])),
        ])])
    );
    assert_eq!(
        extract(&params, &[], "q=x&since=null", &headers),
        Ok(vec![Value::Object(vec![
            ("q", text("x")),
            ("since", Value::None)
        ])])
    );
}

#[test]
fn query_model_reports_field_errors_then_missing_fields() {
    let headers = Headers::new(&[]);
    let params = [param(
        "filters",
        "filters",
        Source::Query,
        &FILTERS_SCHEMA,
        true,
    )];
    assert_eq!(
        summary(extract(&params, &[], "page=x&since=soon", &headers)),
        [
            (
                "int_parsing",
                json!(["query", "page"]),
                "Expected `int`, got `str`".to_owned()
            ),
            (
                "date_parsing",
                json!(["query", "since"]),
                "Invalid RFC3339 encoded date".to_owned()
            ),
            (
                "missing",
                json!(["query", "q"]),
                "Field required".to_owned()
            ),
        ]
    );
}

#[test]
fn optional_model_with_no_field_given_is_missing() {
    let headers = Headers::new(&[]);
    let params = [param(
        "filters",
        "filters",
        Source::Query,
        &OPTIONAL_FILTERS,
        false,
    )];
    assert_eq!(
        extract(&params, &[], "unrelated=1", &headers),
        Ok(vec![Value::Missing])
    );
    assert_eq!(
        extract(&params, &[], "page=3", &headers).map_err(|errors| errors.len()),
        Err(1)
    );
}

#[test]
fn header_model_reads_lowercase_dashed_names() {
    let params = [param(
        "tracing",
        "tracing",
        Source::Header,
        &TRACING_SCHEMA,
        true,
    )];
    let headers = Headers::new(&[
        ("request-id", b"12345678123456781234567812345678"),
        ("x-trace", b"t1"),
    ]);
    assert_eq!(
        extract(&params, &[], "", &headers),
        Ok(vec![Value::Object(vec![
            ("request-id", text("12345678123456781234567812345678")),
            ("X_Trace", text("t1")),
        ])])
    );
    let headers = Headers::new(&[("client-version", b"x")]);
    assert_eq!(
        summary(extract(&params, &[], "", &headers)),
        [
            (
                "int_parsing",
                json!(["header", "client-version"]),
                "Expected `int`, got `str`".to_owned()
            ),
            (
                "missing",
                json!(["header", "request-id"]),
                "Field required".to_owned()
            ),
        ]
    );
}

#[test]
fn cookie_model_takes_present_cookies_only() {
    let params = [param(
        "filters",
        "filters",
        Source::Cookie,
        &FILTERS_SCHEMA,
        true,
    )];
    let headers = Headers::new(&[("cookie", b"q=a b; page=4")]);
    assert_eq!(
        extract(&params, &[], "q=ignored", &headers),
        Ok(vec![Value::Object(vec![
            ("q", text("a b")),
            ("page", Value::Int(4))
        ])])
    );
}
