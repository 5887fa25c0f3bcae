//! Hostile input never panics: arbitrary bytes fed to the request framing tracker, the query,
//! cookie and path-segment parsers, parameter extraction and JSON body validation (property
//! tests on stable Rust; issue #14). Where a spec exists it is checked too: the framing state
//! does not depend on how the bytes are split into reads.

use std::borrow::Cow;

use bolt_runtime::app::*;
use bolt_runtime::extract::{HeaderLookup, RequestParts, extract_params};
use bolt_runtime::server::connection::framing::Framing;
use bolt_runtime::server::{decode_path_segment, parse_cookies, parse_query};
use bolt_runtime::validate::validate_json_body;
use proptest::prelude::*;

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
static INT: Schema = Schema::Int(NumberRules {
    ge: Some(Bound::Int(-5)),
    multiple_of: Some(Bound::Int(3)),
    ..NO_NUMBERS
});
static FLOAT: Schema = Schema::Float(NumberRules {
    lt: Some(Bound::Float(1e10)),
    ..NO_NUMBERS
});
static PATTERN: Pattern = Pattern::new("^[a-z]+$");
static STR: Schema = Schema::Str(StrRules {
    length: LengthRules {
        min: Some(1),
        max: Some(8),
    },
    pattern: Some(&PATTERN),
});
static PLAIN_STR: Schema = Schema::Str(StrRules {
    length: NO_LENGTH,
    pattern: None,
});
static BOOL: Schema = Schema::Bool;
static DATETIME: Schema = Schema::Datetime(Tz::Aware);
static DATE: Schema = Schema::Date;
static TIMEDELTA: Schema = Schema::Timedelta;
static UUID: Schema = Schema::Uuid;
static DECIMAL: Schema = Schema::Decimal(NO_NUMBERS);
static BYTES: Schema = Schema::Bytes(NO_LENGTH);
static CHOICE_SCHEMA: ChoiceSchema = ChoiceSchema {
    ints: &[1, 2],
    strs: &["red", "blue"],
};
static CHOICE: Schema = Schema::Choice(&CHOICE_SCHEMA);
static INT_LIST: Schema = Schema::List {
    items: &INT,
    length: LengthRules {
        min: None,
        max: Some(4),
    },
};
static STR_SET: Schema = Schema::Set {
    items: &PLAIN_STR,
    length: LengthRules {
        min: Some(1),
        max: None,
    },
};
static PAIR: Schema = Schema::FixedTuple(&[&INT, &PLAIN_STR]);
static OPTIONAL_FLOAT: Schema = Schema::Optional(&FLOAT);
static DICT: Schema = Schema::Dict {
    keys: &INT,
    values: &OPTIONAL_FLOAT,
    length: NO_LENGTH,
};
static UNION_SCHEMA: UnionSchema = UnionSchema {
    variants: &[&INT, &PLAIN_STR, &INT_LIST],
    bool: None,
    int: Some(&INT),
    float: None,
    str: Some(&PLAIN_STR),
    array: UnionSlot::One(&INT_LIST),
    object: UnionSlot::Empty,
};
static UNION: Schema = Schema::Union(&UNION_SCHEMA);
static INNER_STRUCT: StructSchema = StructSchema {
    name: "t.Inner",
    fields: &[FieldSchema {
        key: "when",
        schema: &DATETIME,
        required: true,
    }],
    forbid_unknown_fields: true,
    array_like: false,
    tag: None,
};
static INNER: Schema = Schema::Struct(&INNER_STRUCT);
static INNER_LIST: Schema = Schema::List {
    items: &INNER,
    length: NO_LENGTH,
};
static OUTER_STRUCT: StructSchema = StructSchema {
    name: "t.Outer",
    fields: &[
        FieldSchema {
            key: "n",
            schema: &INT,
            required: true,
        },
        FieldSchema {
            key: "s",
            schema: &STR,
            required: false,
        },
        FieldSchema {
            key: "u",
            schema: &UNION,
            required: false,
        },
        FieldSchema {
            key: "d",
            schema: &DICT,
            required: false,
        },
        FieldSchema {
            key: "items",
            schema: &INNER_LIST,
            required: false,
        },
        FieldSchema {
            key: "pair",
            schema: &PAIR,
            required: false,
        },
        FieldSchema {
            key: "tags",
            schema: &STR_SET,
            required: false,
        },
        FieldSchema {
            key: "raw",
            schema: &BYTES,
            required: false,
        },
        FieldSchema {
            key: "c",
            schema: &CHOICE,
            required: false,
        },
    ],
    forbid_unknown_fields: false,
    array_like: false,
    tag: None,
};
static OUTER: Schema = Schema::Struct(&OUTER_STRUCT);

/// Every scalar type and a few containers, from each source.
static PARAMS: [Param; 14] = [
    param("p", Source::Path { capture: 0 }, &INT),
    param("q", Source::Query, &STR),
    param("f", Source::Query, &OPTIONAL_FLOAT),
    param("b", Source::Query, &BOOL),
    param("ids", Source::Query, &INT_LIST),
    param("at", Source::Query, &DATETIME),
    param("day", Source::Query, &DATE),
    param("span", Source::Query, &TIMEDELTA),
    param("id", Source::Header, &UUID),
    param("amount", Source::Header, &DECIMAL),
    param("colour", Source::Cookie, &CHOICE),
    param("pair", Source::Query, &PAIR),
    param("tags", Source::Query, &STR_SET),
    param("u", Source::Query, &UNION),
];

const fn param(name: &'static str, source: Source, schema: &'static Schema) -> Param {
    Param {
        name,
        wire_name: name,
        source,
        schema,
        required: false,
    }
}

struct Headers(Vec<(String, Vec<u8>)>);

impl HeaderLookup for Headers {
    fn values(&self, name: &str) -> Vec<&[u8]> {
        self.0
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_slice())
            .collect()
    }
}

/// Bytes that look like HTTP often enough to reach every framing state.
fn http_like() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop_oneof![
        Just(b"GET / HTTP/1.1\r\n".to_vec()),
        Just(b"POST /x HTTP/1.1\r\n".to_vec()),
        Just(b"Content-Length: 3\r\n".to_vec()),
        Just(b"Transfer-Encoding: chunked\r\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"5\r\nhello\r\n0\r\n\r\n".to_vec()),
        Just(b"abc".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(pieces, 0..24).prop_map(|parts| parts.concat())
}

/// JSON-ish text: mostly valid shapes with hostile leaves.
fn json_like() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        Just("1e400".to_owned()),
        Just("123456789012345678901234567890".to_owned()),
        "[a-z]{0,10}".prop_map(|s| format!("\"{s}\"")),
        Just("\"2024-02-30T25:61:61+99:00\"".to_owned()),
        Just("\"\\ud800\"".to_owned()),
        Just("\"aGVsbG8=\"".to_owned()),
        any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6)
                .prop_map(|items| format!("[{}]", items.join(","))),
            proptest::collection::vec(
                (
                    prop_oneof![
                        Just("n"),
                        Just("s"),
                        Just("u"),
                        Just("d"),
                        Just("items"),
                        Just("when"),
                        Just("pair"),
                        Just("tags"),
                        Just("raw"),
                        Just("c"),
                        Just("1")
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|fields| format!(
                "{{{}}}",
                fields
                    .iter()
                    .map(|(k, v)| format!("\"{k}\":{v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn framing_never_panics_and_ignores_how_bytes_are_split(
        bytes in prop_oneof![http_like(), proptest::collection::vec(any::<u8>(), 0..512)],
        splits in proptest::collection::vec(any::<usize>(), 0..6),
    ) {
        let mut whole = Framing::new();
        whole.feed(&bytes);
        let mut cuts: Vec<usize> = splits.iter().map(|s| s % (bytes.len() + 1)).collect();
        cuts.sort_unstable();
        let mut parts = Framing::new();
        let mut start = 0;
        for cut in cuts.into_iter().chain([bytes.len()]) {
            parts.feed(&bytes[start..cut]);
            start = cut;
        }
        prop_assert_eq!(parts.in_head(), whole.in_head());
        prop_assert_eq!(parts.heads(), whole.heads());
        prop_assert_eq!(parts.is_lost(), whole.is_lost());
    }

    #[test]
    fn query_cookie_and_segment_parsers_never_panic(text in any::<String>(), bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = parse_query(&text);
        let _ = parse_cookies(&text);
        let _ = decode_path_segment(&text);
        let lossy = String::from_utf8_lossy(&bytes);
        let _ = parse_query(&lossy);
        let _ = decode_path_segment(&lossy);
    }

    #[test]
    fn parameter_extraction_never_panics(
        capture in any::<String>(),
        query in prop_oneof![any::<String>(), "([a-z]{1,5}=[^&]{0,12}&){0,8}"],
        header_values in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..24), 0..3),
        cookie in any::<String>(),
    ) {
        let mut headers: Vec<(String, Vec<u8>)> = header_values
            .into_iter()
            .flat_map(|value| [("id".to_owned(), value.clone()), ("amount".to_owned(), value)])
            .collect();
        headers.push(("cookie".to_owned(), cookie.into_bytes()));
        let captures = [capture.as_str()];
        let parts = RequestParts {
            captures: &captures,
            query: &query,
            headers: &Headers(headers),
        };
        let _ = extract_params(&PARAMS, &parts);
    }

    #[test]
    fn body_validation_never_panics_on_bytes_or_json_shapes(
        bytes in proptest::collection::vec(any::<u8>(), 0..256),
        json in json_like(),
    ) {
        let _ = validate_json_body(&OUTER, &bytes);
        let _ = validate_json_body(&OUTER, json.as_bytes());
        let _ = validate_json_body(&INNER_LIST, json.as_bytes());
        let _ = validate_json_body(&UNION, json.as_bytes());
    }
}

#[test]
fn deeply_nested_body_is_refused_without_overflowing_the_stack() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(validate_json_body(&INT_LIST, deep.as_bytes()).is_err());
    let _unused: Cow<'_, str> = decode_path_segment("%");
}
