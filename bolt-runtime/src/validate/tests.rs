//! Behaviour of body validation, case by case against what msgspec 0.22 answers for the
//! same type and body (the expected messages were taken from msgspec).

use serde_json::{Value as Json, json};

use super::*;
use crate::app::{Bound, FieldSchema, LengthRules, NumberRules, Pattern, StrRules, StructSchema};
use crate::errors::LocItem;

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
static FLOAT: Schema = Schema::Float(NO_NUMBERS);
static STR: Schema = Schema::Str(NO_STR);
static BOOL: Schema = Schema::Bool;
static NULL_ONLY: Schema = Schema::None;
static ANY: Schema = Schema::Any;
static OPTIONAL_INT: Schema = Schema::Optional(&INT);
static POSITIVE_INT: Schema = Schema::Int(NumberRules {
    ge: Some(Bound::Int(1)),
    ..NO_NUMBERS
});
static NON_NEGATIVE_FLOAT: Schema = Schema::Float(NumberRules {
    ge: Some(Bound::Int(0)),
    ..NO_NUMBERS
});
static OPTIONAL_PRICE: Schema = Schema::Optional(&NON_NEGATIVE_FLOAT);
static NAME: Schema = Schema::Str(StrRules {
    length: LengthRules {
        min: Some(3),
        max: None,
    },
    pattern: None,
});
static STARTS_WITH_A: Pattern = Pattern::new("^a");
static CODE: Schema = Schema::Str(StrRules {
    length: NO_LENGTH,
    pattern: Some(&STARTS_WITH_A),
});
static INT_LIST: Schema = Schema::List {
    items: &INT,
    length: NO_LENGTH,
};
static STR_LIST: Schema = Schema::List {
    items: &STR,
    length: NO_LENGTH,
};
static AT_MOST_TWO_INTS: Schema = Schema::List {
    items: &INT,
    length: LengthRules {
        min: None,
        max: Some(2),
    },
};
static INTS_BY_NAME: Schema = Schema::Dict {
    keys: &STR,
    values: &INT,
    length: LengthRules {
        min: None,
        max: None,
    },
};
static INTS_BY_INT: Schema = Schema::Dict {
    keys: &INT,
    values: &INT,
    length: LengthRules {
        min: None,
        max: None,
    },
};
static INTS_BY_FLOAT: Schema = Schema::Dict {
    keys: &FLOAT,
    values: &INT,
    length: LengthRules {
        min: None,
        max: None,
    },
};
static INTS_BY_BOOL: Schema = Schema::Dict {
    keys: &BOOL,
    values: &INT,
    length: LengthRules {
        min: None,
        max: None,
    },
};
static INTS_BY_NAME_KEY: Schema = Schema::Dict {
    keys: &NAME,
    values: &INT,
    length: LengthRules {
        min: None,
        max: None,
    },
};
static ANY_BY_NAME: Schema = Schema::Dict {
    keys: &STR,
    values: &ANY,
    length: LengthRules {
        min: None,
        max: None,
    },
};

static ITEM_STRUCT: StructSchema = StructSchema {
    name: "shop.api.Item",
    fields: &[
        FieldSchema {
            key: "name",
            schema: &NAME,
            required: true,
        },
        FieldSchema {
            key: "id",
            schema: &POSITIVE_INT,
            required: true,
        },
        FieldSchema {
            key: "tags",
            schema: &STR_LIST,
            required: false,
        },
        FieldSchema {
            key: "price",
            schema: &OPTIONAL_PRICE,
            required: false,
        },
    ],
    forbid_unknown_fields: false,
    array_like: false,
    tag: None,
};
static ITEM: Schema = Schema::Struct(&ITEM_STRUCT);
static OPTIONAL_ITEM: Schema = Schema::Optional(&ITEM);
static ITEMS: Schema = Schema::List {
    items: &ITEM,
    length: LengthRules {
        min: Some(1),
        max: None,
    },
};
static ORDER_STRUCT: StructSchema = StructSchema {
    name: "shop.api.Order",
    fields: &[
        FieldSchema {
            key: "items",
            schema: &ITEMS,
            required: true,
        },
        FieldSchema {
            key: "meta",
            schema: &ANY_BY_NAME,
            required: false,
        },
    ],
    forbid_unknown_fields: false,
    array_like: false,
    tag: None,
};
static ORDER: Schema = Schema::Struct(&ORDER_STRUCT);
static STRICT_STRUCT: StructSchema = StructSchema {
    name: "shop.api.Strict",
    fields: &[
        FieldSchema {
            key: "a",
            schema: &INT,
            required: true,
        },
        FieldSchema {
            key: "b",
            schema: &INT_LIST,
            required: false,
        },
    ],
    forbid_unknown_fields: true,
    array_like: false,
    tag: None,
};
static STRICT: Schema = Schema::Struct(&STRICT_STRUCT);

/// `Node { value: int, children: list[Node] = [] }`: schemas may be recursive.
static NODE_STRUCT: StructSchema = StructSchema {
    name: "tree.Node",
    fields: &[
        FieldSchema {
            key: "value",
            schema: &INT,
            required: true,
        },
        FieldSchema {
            key: "children",
            schema: &NODES,
            required: false,
        },
    ],
    forbid_unknown_fields: false,
    array_like: false,
    tag: None,
};
static NODE: Schema = Schema::Struct(&NODE_STRUCT);
static NODES: Schema = Schema::List {
    items: &NODE,
    length: NO_LENGTH,
};

fn errors_of(schema: &Schema, body: &[u8]) -> Vec<ValidationError> {
    validate_json_body(schema, body).err().unwrap_or_default()
}

/// Each error as `(type, loc, msg)`, loc as JSON.
fn summary(schema: &Schema, body: &str) -> Vec<(&'static str, Json, String)> {
    errors_of(schema, body.as_bytes())
        .into_iter()
        .map(|error| {
            let loc = serde_json::to_value(&error.loc).unwrap_or(Json::Null);
            (error.kind, loc, error.msg)
        })
        .collect()
}

/// The only error's message.
fn only_msg(schema: &Schema, body: &str) -> String {
    let errors = errors_of(schema, body.as_bytes());
    assert_eq!(errors.len(), 1, "one error expected for {body}: {errors:?}");
    errors.into_iter().map(|error| error.msg).collect()
}

fn accepts(schema: &Schema, body: &str) -> bool {
    validate_json_body(schema, body.as_bytes()).is_ok()
}

fn assert_malformed(schema: &Schema, body: &[u8], msg: &str) {
    let errors = errors_of(schema, body);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].kind, "json_invalid");
    assert_eq!(errors[0].loc, vec![LocItem::from("body")]);
    assert_eq!(
        errors[0].msg,
        msg,
        "body {:?}",
        String::from_utf8_lossy(body)
    );
}

#[test]
fn valid_struct_is_accepted() {
    let body = r#"{"name": "widget", "id": 7, "tags": ["a", "b"], "price": 9.5}"#;
    assert!(accepts(&ITEM, body));
    assert!(accepts(&ITEM, r#"{"id":1,"name":"abc","price":null}"#));
}

#[test]
fn int_accepts_json_integers_only() {
    assert!(accepts(&INT, "1"));
    assert!(accepts(&INT, "-0"));
    assert!(accepts(&INT, " 1 "));
    let cases = [
        ("1.0", "float"),
        ("1e5", "float"),
        ("true", "bool"),
        ("\"1\"", "str"),
        ("null", "null"),
        ("[1]", "array"),
        ("{}", "object"),
    ];
    for (body, got) in cases {
        assert_eq!(
            summary(&INT, body),
            [(
                "int_type",
                json!(["body"]),
                format!("Expected `int`, got `{got}`")
            )]
        );
    }
}

#[test]
fn int_beyond_64_bits_is_accepted_up_to_python_digit_limit() {
    assert!(accepts(&INT, "123456789012345678901234567890"));
    assert!(accepts(&INT, "-9223372036854775809"));
    assert!(accepts(&INT, &"9".repeat(4300)));
    assert_eq!(
        only_msg(&INT, &"9".repeat(4301)),
        "Integer value out of range"
    );
    assert_eq!(
        only_msg(&INT, &format!("-{}", "9".repeat(4300))),
        "Integer value out of range"
    );
}

#[test]
fn int_bounds_hold_for_big_values() {
    assert!(accepts(&POSITIVE_INT, "123456789012345678901234567890"));
    assert_eq!(
        only_msg(&POSITIVE_INT, "-123456789012345678901234567890"),
        "Expected `int` >= 1"
    );
}

#[test]
fn float_accepts_integers_and_floats_not_bools() {
    for body in [
        "1",
        "1.5",
        "-1e-5",
        "1E+5",
        "123456789012345678901234567890",
        "1e-400",
    ] {
        assert!(accepts(&FLOAT, body), "{body}");
    }
    assert_eq!(only_msg(&FLOAT, "true"), "Expected `float`, got `bool`");
    assert_eq!(only_msg(&FLOAT, "\"1.5\""), "Expected `float`, got `str`");
}

#[test]
fn float_overflow_is_number_out_of_range() {
    for body in [
        "1e400",
        "-1e400",
        "1.7976931348623159e308",
        &"9".repeat(400),
    ] {
        assert_eq!(
            summary(&FLOAT, body),
            [(
                "float_parsing",
                json!(["body"]),
                "Number out of range".to_owned()
            )]
        );
    }
    assert!(accepts(&FLOAT, "1.7976931348623157e308"));
}

#[test]
fn str_bool_and_none_accept_only_their_json_type() {
    assert!(accepts(&STR, r#""x""#));
    assert_eq!(only_msg(&STR, "1"), "Expected `str`, got `int`");
    assert!(accepts(&BOOL, "false"));
    assert_eq!(only_msg(&BOOL, "1"), "Expected `bool`, got `int`");
    assert_eq!(only_msg(&BOOL, r#""true""#), "Expected `bool`, got `str`");
    assert!(accepts(&NULL_ONLY, "null"));
    assert_eq!(
        summary(&NULL_ONLY, "1"),
        [(
            "null_type",
            json!(["body"]),
            "Expected `null`, got `int`".to_owned()
        )]
    );
}

#[test]
fn optional_accepts_null_or_inner_and_names_both() {
    assert!(accepts(&OPTIONAL_INT, "null"));
    assert!(accepts(&OPTIONAL_INT, "3"));
    assert_eq!(
        only_msg(&OPTIONAL_INT, r#""x""#),
        "Expected `int | null`, got `str`"
    );
    assert_eq!(
        only_msg(&OPTIONAL_INT, "1.5"),
        "Expected `int | null`, got `float`"
    );
    assert!(accepts(&OPTIONAL_ITEM, "null"));
    assert_eq!(
        only_msg(&OPTIONAL_ITEM, "[]"),
        "Expected `object | null`, got `array`"
    );
    assert_eq!(only_msg(&OPTIONAL_PRICE, "-1"), "Expected `float` >= 0.0");
}

#[test]
fn any_accepts_every_json_value() {
    for body in ["1", "null", r#"[1,{"a":null},"x",true,1.5]"#, r#"{"":{}}"#] {
        assert!(accepts(&ANY, body), "{body}");
    }
}

#[test]
fn any_checks_numbers_like_msgspec_builds_them() {
    assert_eq!(
        summary(&ANY_BY_NAME, r#"{"a": [1, 1e400]}"#),
        [(
            "float_parsing",
            json!(["body", "a", 1]),
            "Number out of range".to_owned()
        )]
    );
    assert_eq!(
        only_msg(&ANY, &"9".repeat(5000)),
        "Integer value out of range"
    );
}

#[test]
fn list_needs_an_array_and_reports_items_by_index() {
    assert!(accepts(&INT_LIST, "[]"));
    assert!(accepts(&INT_LIST, "[1, 2, 3]"));
    assert_eq!(only_msg(&INT_LIST, "{}"), "Expected `array`, got `object`");
    assert_eq!(
        summary(&INT_LIST, r#"[1, "a", 2.5, null]"#),
        [
            (
                "int_type",
                json!(["body", 1]),
                "Expected `int`, got `str`".to_owned()
            ),
            (
                "int_type",
                json!(["body", 2]),
                "Expected `int`, got `float`".to_owned()
            ),
            (
                "int_type",
                json!(["body", 3]),
                "Expected `int`, got `null`".to_owned()
            ),
        ]
    );
}

#[test]
fn list_length_is_checked_with_item_errors() {
    assert_eq!(
        summary(&AT_MOST_TWO_INTS, r#"[1, "x", 3]"#),
        [
            (
                "int_type",
                json!(["body", 1]),
                "Expected `int`, got `str`".to_owned()
            ),
            (
                "too_long",
                json!(["body"]),
                "Expected `array` of length <= 2".to_owned()
            ),
        ]
    );
}

#[test]
fn dict_needs_an_object_and_reports_values_by_key() {
    assert!(accepts(&INTS_BY_NAME, r#"{"a": 1, "b": 2}"#));
    assert_eq!(
        only_msg(&INTS_BY_NAME, "[]"),
        "Expected `object`, got `array`"
    );
    assert_eq!(
        summary(&INTS_BY_NAME, r#"{"a": 1, "b\"c": "x"}"#),
        [(
            "int_type",
            json!(["body", "b\"c",]),
            "Expected `int`, got `str`".to_owned()
        )]
    );
}

#[test]
fn dict_keys_convert_like_msgspec() {
    assert!(accepts(
        &INTS_BY_INT,
        r#"{"-1": 1, "99999999999999999999": 2}"#
    ));
    for key in ["01", "+1", " 1", "1.5", "1e3", "x"] {
        let body = format!(r#"{{"{key}": 1}}"#);
        assert_eq!(
            summary(&INTS_BY_INT, &body),
            [(
                "int_parsing",
                json!(["body", key, "[key]"]),
                "Expected `int`, got `str`".to_owned()
            )]
        );
    }
    assert!(accepts(
        &INTS_BY_FLOAT,
        r#"{"1.5": 1, "nan": 2, "inf": 3, "1": 4}"#
    ));
    assert_eq!(
        only_msg(&INTS_BY_FLOAT, r#"{"1e400": 1}"#),
        "Number out of range"
    );
    assert_eq!(
        only_msg(&INTS_BY_BOOL, r#"{"true": 1}"#),
        "Expected `bool`, got `str`"
    );
    assert_eq!(
        only_msg(&INTS_BY_NAME_KEY, r#"{"ab": 1}"#),
        "Expected `str` of length >= 3"
    );
}

#[test]
fn dict_key_and_value_errors_are_both_reported() {
    assert_eq!(
        summary(&INTS_BY_INT, r#"{"x": "y"}"#),
        [
            (
                "int_parsing",
                json!(["body", "x", "[key]"]),
                "Expected `int`, got `str`".to_owned()
            ),
            (
                "int_type",
                json!(["body", "x"]),
                "Expected `int`, got `str`".to_owned()
            ),
        ]
    );
}

#[test]
fn struct_needs_an_object() {
    assert_eq!(
        summary(&ITEM, "[]"),
        [(
            "object_type",
            json!(["body"]),
            "Expected `object`, got `array`".to_owned()
        )]
    );
}

#[test]
fn struct_missing_required_fields_are_each_reported() {
    assert_eq!(
        summary(&ITEM, "{}"),
        [
            (
                "missing",
                json!(["body", "name"]),
                "Object missing required field `name`".to_owned()
            ),
            (
                "missing",
                json!(["body", "id"]),
                "Object missing required field `id`".to_owned()
            ),
        ]
    );
}

#[test]
fn struct_unknown_fields_are_skipped_unless_forbidden() {
    assert!(accepts(
        &ITEM,
        r#"{"name":"abc","id":1,"extra":{"deep":[1,2,{"x":null}]}}"#
    ));
    assert_eq!(
        summary(&STRICT, r#"{"a":1,"x":2}"#),
        [(
            "extra_forbidden",
            json!(["body", "x"]),
            "Object contains unknown field `x`".to_owned()
        )]
    );
}

#[test]
fn struct_unknown_field_error_carries_its_value() {
    let errors = errors_of(&STRICT, br#"{"a":1,"x": [2]}"#);
    assert_eq!(errors[0].input, Some(json!([2])));
}

#[test]
fn struct_skipped_values_are_only_syntax_checked_like_msgspec() {
    assert!(validate_json_body(&ITEM, b"{\"name\":\"abc\",\"id\":1,\"u\":\"\xff\"}").is_ok());
    assert!(accepts(&ITEM, r#"{"name":"abc","id":1,"u":1e400}"#));
    assert!(validate_json_body(&ITEM, b"{\"name\":\"abc\",\"id\":1,\"\xff\":1}").is_ok());
    assert_malformed(
        &ITEM,
        br#"{"name":"abc","id":1,"u":01}"#,
        "JSON is malformed: invalid number (byte 26)",
    );
    assert_malformed(
        &ITEM,
        br#"{"name":"abc","id":1,"u":"\x"}"#,
        "JSON is malformed: invalid escape character in string (byte 27)",
    );
}

#[test]
fn struct_keys_match_after_unescaping() {
    assert!(accepts(&ITEM, r#"{"n\u0061me":"abc","\u0069d":1}"#));
}

#[test]
fn struct_duplicate_keys_are_each_validated() {
    assert_eq!(
        only_msg(&ITEM, r#"{"name":"abc","id":0,"id":1}"#),
        "Expected `int` >= 1"
    );
    assert_eq!(
        only_msg(&ITEM, r#"{"name":"abc","id":1,"id":0}"#),
        "Expected `int` >= 1"
    );
}

#[test]
fn nested_errors_have_the_full_location() {
    let body = r#"{"items": [{"name": "abc", "id": 1}, {"name": "abc", "id": 2, "price": -1, "tags": ["x", 5]}]}"#;
    assert_eq!(
        summary(&ORDER, body),
        [
            (
                "greater_than_equal",
                json!(["body", "items", 1, "price"]),
                "Expected `float` >= 0.0".to_owned()
            ),
            (
                "string_type",
                json!(["body", "items", 1, "tags", 1]),
                "Expected `str`, got `int`".to_owned()
            ),
        ]
    );
}

#[test]
fn all_errors_are_reported_at_once() {
    let body = r#"{"items": [{"name": "ab", "id": 0}, {"id": "7"}, 3], "meta": []}"#;
    assert_eq!(
        summary(&ORDER, body),
        [
            (
                "string_too_short",
                json!(["body", "items", 0, "name"]),
                "Expected `str` of length >= 3".to_owned()
            ),
            (
                "greater_than_equal",
                json!(["body", "items", 0, "id"]),
                "Expected `int` >= 1".to_owned()
            ),
            (
                "int_type",
                json!(["body", "items", 1, "id"]),
                "Expected `int`, got `str`".to_owned()
            ),
            (
                "missing",
                json!(["body", "items", 1, "name"]),
                "Object missing required field `name`".to_owned()
            ),
            (
                "object_type",
                json!(["body", "items", 2]),
                "Expected `object`, got `int`".to_owned()
            ),
            (
                "object_type",
                json!(["body", "meta"]),
                "Expected `object`, got `array`".to_owned()
            ),
        ]
    );
    assert_eq!(
        summary(&ORDER, r#"{"items": []}"#),
        [(
            "too_short",
            json!(["body", "items"]),
            "Expected `array` of length >= 1".to_owned()
        )]
    );
}

#[test]
fn constraint_errors_carry_input_and_ctx() {
    let errors = errors_of(&ITEM, br#"{"name": "ab", "id": 0}"#);
    assert_eq!(errors[0].input, Some(json!("ab")));
    assert_eq!(errors[0].ctx, Some(json!({"min_length": 3})));
    assert_eq!(errors[1].input, Some(json!(0)));
    assert_eq!(errors[1].ctx, Some(json!({"ge": 1})));
}

#[test]
fn str_pattern_is_searched_in_decoded_text() {
    assert!(accepts(&CODE, r#""abc""#));
    assert!(accepts(&CODE, r#""\u0061bc""#));
    let errors = errors_of(&CODE, br#""bad""#);
    assert_eq!(errors[0].kind, "string_pattern_mismatch");
    assert_eq!(errors[0].msg, "Expected `str` matching regex '^a'");
    assert_eq!(errors[0].ctx, Some(json!({"pattern": "^a"})));
}

#[test]
fn str_length_counts_code_points_after_unescaping() {
    assert!(accepts(&NAME, r#""ééé""#));
    assert!(accepts(&NAME, r#""\u00e9\u00e9\u00e9""#));
    assert_eq!(
        only_msg(&NAME, r#""\ud83d\ude00\ud83d\ude00""#),
        "Expected `str` of length >= 3"
    );
}

#[test]
fn error_input_of_a_long_string_is_truncated() {
    let body = format!("\"{}\"", "x".repeat(100_000));
    let errors = errors_of(&INT, body.as_bytes());
    let Some(Json::String(input)) = &errors[0].input else {
        panic!("string input")
    };
    assert!(input.len() < 200 && input.ends_with(crate::errors::TRUNCATION_MARKER));
}

#[test]
fn error_input_keeps_big_integers_exact_and_omits_big_containers() {
    let errors = errors_of(&STR, b"123456789012345678901234567890");
    assert_eq!(
        errors[0].input,
        Some(json!("123456789012345678901234567890"))
    );
    let errors = errors_of(&STR, b"-5");
    assert_eq!(errors[0].input, Some(json!(-5)));
    let errors = errors_of(&STR, b"2.5");
    assert_eq!(errors[0].input, Some(json!(2.5)));
    let small = errors_of(&STR, b"[1, 2]");
    assert_eq!(small[0].input, Some(json!([1, 2])));
    let big = format!("[{}1]", "1,".repeat(MAX_INPUT_JSON_BYTES));
    assert_eq!(errors_of(&STR, big.as_bytes())[0].input, None);
}

#[test]
fn recursive_schemas_validate_at_depth() {
    let body = r#"{"value": 1, "children": [{"value": 2, "children": [{"value": "x"}]}]}"#;
    assert_eq!(
        summary(&NODE, body),
        [(
            "int_type",
            json!(["body", "children", 0, "children", 0, "value"]),
            "Expected `int`, got `str`".to_owned()
        )]
    );
}

#[test]
fn malformed_json_is_one_json_invalid_error() {
    let cases: [(&[u8], &str); 18] = [
        (b"", "Input data was truncated"),
        (b"   ", "Input data was truncated"),
        (b"{", "Input data was truncated"),
        (b"[1,2", "Input data was truncated"),
        (br#"{"a":"#, "Input data was truncated"),
        (br#""abc"#, "Input data was truncated"),
        (b"tru", "Input data was truncated"),
        (b"1 x", "JSON is malformed: trailing characters (byte 2)"),
        (b"[1]]", "JSON is malformed: trailing characters (byte 3)"),
        (b"NaN", "JSON is malformed: invalid character (byte 0)"),
        (b"01", "JSON is malformed: invalid number (byte 1)"),
        (
            b"[1,]",
            "JSON is malformed: trailing comma in array (byte 3)",
        ),
        (
            br#"{"a":1,}"#,
            "JSON is malformed: trailing comma in object (byte 7)",
        ),
        (b"[1 2]", "JSON is malformed: expected ',' or ']' (byte 3)"),
        (
            br#"{"a":1 "b":2}"#,
            "JSON is malformed: expected ',' or '}' (byte 7)",
        ),
        (br#"{"a" 1}"#, "JSON is malformed: expected ':' (byte 5)"),
        (
            b"{1:2}",
            "JSON is malformed: object keys must be strings (byte 1)",
        ),
        (
            b"\xef\xbb\xbf1",
            "JSON is malformed: invalid character (byte 0)",
        ),
    ];
    for (body, msg) in cases {
        assert_malformed(&ANY, body, msg);
    }
}

#[test]
fn malformed_strings_are_json_invalid() {
    assert_malformed(
        &STR,
        b"\"a\xffb\"",
        "JSON is malformed: invalid utf-8 sequence (byte 2)",
    );
    assert_malformed(
        &STR,
        b"\"a\x01\"",
        "JSON is malformed: invalid character (byte 2)",
    );
    assert_malformed(
        &STR,
        br#""\udc00""#,
        "JSON is malformed: invalid utf-16 surrogate pair (byte 7)",
    );
    assert_malformed(
        &STR,
        br#""\uZZZZ""#,
        "JSON is malformed: invalid character in unicode escape (byte 3)",
    );
    assert_malformed(
        &ANY,
        b"{\"\xff\":1}",
        "JSON is malformed: invalid utf-8 sequence (byte 2)",
    );
    assert_malformed(
        &INTS_BY_NAME,
        b"{\"\xff\":1}",
        "JSON is malformed: invalid utf-8 sequence (byte 2)",
    );
}

#[test]
fn malformed_json_wins_over_schema_errors() {
    assert_malformed(
        &ITEM,
        br#"{"id": "x", "name": 1,}"#,
        "JSON is malformed: trailing comma in object (byte 22)",
    );
}

#[test]
fn malformed_json_reports_line_and_column() {
    let errors = errors_of(&ITEM, b"{\"name\":\"abc\",\"id\":1,\n \"x\":}");
    assert_eq!(
        errors[0].msg,
        "JSON is malformed: invalid character (byte 27)"
    );
    assert_eq!(
        errors[0].ctx,
        Some(json!({"line": 2, "column": 6, "byte_position": 27}))
    );
}

#[test]
fn nesting_at_the_limit_is_accepted() {
    let depth = MAX_NESTING_DEPTH;
    let body = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(accepts(&ANY, &body));
}

#[test]
fn nesting_beyond_the_limit_is_json_invalid_for_every_schema() {
    let depth = MAX_NESTING_DEPTH + 1;
    let body = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let msg = format!(
        "JSON is malformed: nesting deeper than {MAX_NESTING_DEPTH} levels (byte {MAX_NESTING_DEPTH})"
    );
    for schema in [&ANY, &INT, &INT_LIST, &STR] {
        assert_malformed(schema, body.as_bytes(), &msg);
    }
}

#[test]
fn hostile_deep_nesting_does_not_overflow_the_stack() {
    let depth = 1_000_000;
    let arrays = "[".repeat(depth);
    let objects = r#"{"a":"#.repeat(depth);
    for body in [&arrays, &objects] {
        for schema in [&ANY, &ITEM, &NODE, &INT] {
            let errors = errors_of(schema, body.as_bytes());
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].kind, "json_invalid");
        }
    }
    let unknown = format!(r#"{{"name":"abc","id":1,"deep":{}"#, "[".repeat(depth));
    assert_eq!(errors_of(&ITEM, unknown.as_bytes())[0].kind, "json_invalid");
}

#[test]
fn hostile_large_bodies_validate() {
    let body = format!("[{}0]", "1234567,".repeat(200_000));
    assert!(accepts(&INT_LIST, &body));
    let errors = format!("[{}0]", "\"x\",".repeat(10_000));
    assert_eq!(errors_of(&INT_LIST, errors.as_bytes()).len(), 10_000);
}

#[test]
fn hostile_numbers_do_not_crash() {
    let huge_exponent = "1e99999999999999999999999";
    assert_eq!(only_msg(&FLOAT, huge_exponent), "Number out of range");
    assert_eq!(only_msg(&INT, huge_exponent), "Number out of range");
    assert_eq!(only_msg(&INT, "1e300"), "Expected `int`, got `float`");
    assert!(accepts(&FLOAT, "1e-99999999999999999999999"));
    let long_fraction = format!("0.{}", "1".repeat(100_000));
    assert!(accepts(&FLOAT, &long_fraction));
    assert!(accepts(&ANY, &long_fraction));
}
