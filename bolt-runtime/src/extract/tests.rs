//! Behaviour of parameter extraction over hand-built routes (the `static` items below are
//! what `bolt build` generates for a handler's parameters).

use std::cell::Cell;

use serde_json::json;

use super::*;
use crate::app::{Bound, NumberRules, StrRules};

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
