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
    let errors = errors_of(&INT_LIST, errors.as_bytes());
    // The first errors, then one `too_many_errors` counting the others.
    assert_eq!(errors.len(), crate::errors::MAX_REPORTED_ERRORS + 1);
    assert_eq!(
        errors.last().and_then(|error| error.ctx.clone()),
        Some(json!({"shown": crate::errors::MAX_REPORTED_ERRORS, "not_shown": 9_000}))
    );
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

// --- The types of issue #3 (expected messages taken from msgspec 0.22) ---

use crate::app::{ChoiceSchema, StructTag, TagValue, UnionSchema, UnionSlot};

static COLOR_VALUES: ChoiceSchema = ChoiceSchema {
    ints: &[],
    strs: &["red", "blue"],
};
static COLOR: Schema = Schema::Choice(&COLOR_VALUES);
static NUM_VALUES: ChoiceSchema = ChoiceSchema {
    ints: &[1, 2],
    strs: &[],
};
static NUM: Schema = Schema::Choice(&NUM_VALUES);
/// `Literal[1, "a"]`.
static ONE_OR_A_VALUES: ChoiceSchema = ChoiceSchema {
    ints: &[1],
    strs: &["a"],
};
static ONE_OR_A: Schema = Schema::Choice(&ONE_OR_A_VALUES);
static OPTIONAL_ONE_OR_A: Schema = Schema::Optional(&ONE_OR_A);
static OPTIONAL_COLOR: Schema = Schema::Optional(&COLOR);

#[test]
fn choice_str_values_accept_members_and_name_others_like_msgspec() {
    assert!(accepts(&COLOR, r#""red""#) && accepts(&COLOR, r#""\u0062lue""#));
    assert_eq!(
        summary(&COLOR, r#""RED""#),
        [(
            "enum",
            json!(["body"]),
            "Invalid enum value 'RED'".to_owned()
        )]
    );
    assert_eq!(only_msg(&COLOR, r#""x'y""#), r#"Invalid enum value "x'y""#);
    assert_eq!(only_msg(&COLOR, r#""\n""#), r"Invalid enum value '\n'");
    assert_eq!(only_msg(&COLOR, "1"), "Expected `str`, got `int`");
    assert_eq!(only_msg(&COLOR, "null"), "Expected `str`, got `null`");
    assert_eq!(
        only_msg(&OPTIONAL_COLOR, "1"),
        "Expected `str | null`, got `int`"
    );
    assert!(accepts(&OPTIONAL_COLOR, "null"));
}

#[test]
fn choice_int_values_take_integers_within_64_bits_only() {
    assert!(accepts(&NUM, "1") && accepts(&NUM, "2"));
    assert_eq!(
        summary(&NUM, "3"),
        [("enum", json!(["body"]), "Invalid enum value 3".to_owned())]
    );
    assert_eq!(
        only_msg(&NUM, "18446744073709551615"),
        "Invalid enum value 18446744073709551615"
    );
    assert_eq!(
        only_msg(&NUM, "-9223372036854775808"),
        "Invalid enum value -9223372036854775808"
    );
    assert_eq!(
        summary(&NUM, "99999999999999999999999"),
        [(
            "int_type",
            json!(["body"]),
            "Expected `int`, got `float`".to_owned()
        )]
    );
    assert_eq!(only_msg(&NUM, "1.0"), "Expected `int`, got `float`");
    assert_eq!(only_msg(&NUM, "1e400"), "Number out of range");
    assert_eq!(only_msg(&NUM, r#""1""#), "Expected `int`, got `str`");
    assert_eq!(only_msg(&NUM, "true"), "Expected `int`, got `bool`");
}

#[test]
fn choice_mixed_values_dispatch_by_json_kind() {
    assert!(accepts(&ONE_OR_A, "1") && accepts(&ONE_OR_A, r#""a""#));
    assert_eq!(only_msg(&ONE_OR_A, "2"), "Invalid enum value 2");
    assert_eq!(only_msg(&ONE_OR_A, r#""b""#), "Invalid enum value 'b'");
    assert_eq!(
        only_msg(&ONE_OR_A, "true"),
        "Expected `int | str`, got `bool`"
    );
    assert_eq!(
        only_msg(&ONE_OR_A, "1.5"),
        "Expected `int | str`, got `float`"
    );
    assert_eq!(
        only_msg(&ONE_OR_A, "[]"),
        "Expected `int | str`, got `array`"
    );
    assert_eq!(
        only_msg(&OPTIONAL_ONE_OR_A, "true"),
        "Expected `int | str | null`, got `bool`"
    );
    assert!(accepts(&OPTIONAL_ONE_OR_A, "null"));
}

/// `tuple[int, str]`.
static PAIR: Schema = Schema::FixedTuple(&[&INT, &STR]);
/// `tuple[()]`.
static EMPTY_TUPLE: Schema = Schema::FixedTuple(&[]);

#[test]
fn fixed_tuple_needs_exactly_its_items() {
    assert!(accepts(&PAIR, r#"[1, "a"]"#) && accepts(&EMPTY_TUPLE, "[]"));
    for body in ["[1]", "[]", r#"[1, "a", 3]"#] {
        let errors = errors_of(&PAIR, body.as_bytes());
        assert_eq!(errors.len(), 1, "{body}");
        assert_eq!(errors[0].msg, "Expected `array` of length 2", "{body}");
        assert_eq!(errors[0].loc, vec![LocItem::from("body")]);
    }
    assert_eq!(
        errors_of(&PAIR, b"[1]")[0].ctx,
        Some(json!({"min_length": 2}))
    );
    assert_eq!(errors_of(&PAIR, br#"[1, "a", [3]]"#)[0].kind, "too_long");
    assert_eq!(
        only_msg(&EMPTY_TUPLE, "[1]"),
        "Expected `array` of length 0"
    );
    assert_eq!(
        summary(&PAIR, "[1, 2]"),
        [(
            "string_type",
            json!(["body", 1]),
            "Expected `str`, got `int`".to_owned()
        )]
    );
    assert_eq!(only_msg(&PAIR, "{}"), "Expected `array`, got `object`");
}

static FLOAT_SET_MAX_ONE: Schema = Schema::Set {
    items: &FLOAT,
    length: LengthRules {
        min: None,
        max: Some(1),
    },
};
static STR_SET_MIN_TWO: Schema = Schema::Set {
    items: &STR,
    length: LengthRules {
        min: Some(2),
        max: None,
    },
};

#[test]
fn set_length_counts_distinct_items_like_python() {
    assert!(accepts(&FLOAT_SET_MAX_ONE, "[1, 1.0, 1e0]"));
    assert!(accepts(&FLOAT_SET_MAX_ONE, "[-0.0, 0, 0.0]"));
    assert_eq!(
        only_msg(&FLOAT_SET_MAX_ONE, "[1, 1.0, -0.0, 0]"),
        "Expected `array` of length <= 1"
    );
    assert_eq!(
        only_msg(&STR_SET_MIN_TWO, r#"["a", "\u0061"]"#),
        "Expected `array` of length >= 2"
    );
    assert!(accepts(&STR_SET_MIN_TWO, r#"["a", "b", "a"]"#));
}

static INTS_BY_NAME_AT_MOST_ONE: Schema = Schema::Dict {
    keys: &STR,
    values: &INT,
    length: LengthRules {
        min: None,
        max: Some(1),
    },
};
static INTS_BY_NAME_AT_LEAST_TWO: Schema = Schema::Dict {
    keys: &STR,
    values: &INT,
    length: LengthRules {
        min: Some(2),
        max: None,
    },
};
static INTS_BY_FLOAT_AT_MOST_ONE: Schema = Schema::Dict {
    keys: &FLOAT,
    values: &INT,
    length: LengthRules {
        min: None,
        max: Some(1),
    },
};

#[test]
fn dict_length_counts_distinct_keys_like_msgspec() {
    assert!(accepts(&INTS_BY_NAME_AT_MOST_ONE, r#"{"a": 1, "a": 2}"#));
    assert_eq!(
        summary(&INTS_BY_NAME_AT_MOST_ONE, r#"{"a": 1, "b": 2}"#),
        [(
            "too_long",
            json!(["body"]),
            "Expected `object` of length <= 1".to_owned()
        )]
    );
    assert_eq!(
        only_msg(&INTS_BY_NAME_AT_LEAST_TWO, r#"{"a": 1}"#),
        "Expected `object` of length >= 2"
    );
    assert!(accepts(&INTS_BY_FLOAT_AT_MOST_ONE, r#"{"1": 1, "1.0": 2}"#));
    assert_eq!(
        only_msg(&INTS_BY_FLOAT_AT_MOST_ONE, r#"{"nan": 1, "nan": 2}"#),
        "Expected `object` of length <= 1"
    );
}

static INTS_BY_NUM: Schema = Schema::Dict {
    keys: &NUM,
    values: &INT,
    length: NO_LENGTH,
};
static INTS_BY_ONE_OR_A: Schema = Schema::Dict {
    keys: &ONE_OR_A,
    values: &INT,
    length: NO_LENGTH,
};
static INTS_BY_COLOR: Schema = Schema::Dict {
    keys: &COLOR,
    values: &INT,
    length: NO_LENGTH,
};
static AT_LEAST_TWO: Schema = Schema::Int(NumberRules {
    ge: Some(Bound::Int(2)),
    ..NO_NUMBERS
});
static INTS_BY_BIG_INT: Schema = Schema::Dict {
    keys: &AT_LEAST_TWO,
    values: &INT,
    length: NO_LENGTH,
};
static DECIMAL: Schema = Schema::Decimal(NO_NUMBERS);
static INTS_BY_DECIMAL: Schema = Schema::Dict {
    keys: &DECIMAL,
    values: &INT,
    length: NO_LENGTH,
};

#[test]
fn dict_choice_and_constrained_keys_convert_like_msgspec() {
    let key_error = |schema: &Schema, key: &str| {
        let body = format!(r#"{{"{key}": 1}}"#);
        let errors = errors_of(schema, body.as_bytes());
        assert_eq!(errors.len(), 1, "{key}: {errors:?}");
        assert_eq!(
            errors[0].loc,
            vec![
                LocItem::from("body"),
                LocItem::from(key),
                LocItem::from("[key]")
            ]
        );
        errors[0].msg.clone()
    };
    assert!(accepts(&INTS_BY_NUM, r#"{"1": 1, "2": 2}"#));
    assert_eq!(key_error(&INTS_BY_NUM, "3"), "Invalid enum value 3");
    assert_eq!(
        key_error(&INTS_BY_NUM, "18446744073709551615"),
        "Invalid enum value 18446744073709551615"
    );
    for key in ["x", "1.0", "nan", "99999999999999999999999"] {
        assert_eq!(key_error(&INTS_BY_NUM, key), "Expected `int`, got `str`");
    }
    assert!(accepts(&INTS_BY_ONE_OR_A, r#"{"1": 1, "a": 2}"#));
    assert_eq!(key_error(&INTS_BY_ONE_OR_A, "b"), "Invalid enum value 'b'");
    assert_eq!(key_error(&INTS_BY_ONE_OR_A, "2"), "Invalid enum value 2");
    assert_eq!(
        key_error(&INTS_BY_ONE_OR_A, "1.5"),
        "Expected `int | str`, got `str`"
    );
    assert_eq!(key_error(&INTS_BY_COLOR, "1"), "Invalid enum value '1'");
    assert_eq!(key_error(&INTS_BY_BIG_INT, "1"), "Expected `int` >= 2");
    assert!(accepts(
        &INTS_BY_DECIMAL,
        r#"{"1.5": 1, "1e400": 2, "nan": 3}"#
    ));
    assert_eq!(
        key_error(&INTS_BY_DECIMAL, "x"),
        "Expected `decimal`, got `str`"
    );
    assert_eq!(
        key_error(&INTS_BY_DECIMAL, " 1"),
        "Expected `decimal`, got `str`"
    );
}

#[test]
fn decimal_takes_any_number_and_names_itself_decimal() {
    for body in ["1", "-0", "1.5", "1e400", "99999999999999999999999"] {
        assert!(accepts(&DECIMAL, body), "{body}");
    }
    assert_eq!(only_msg(&DECIMAL, "true"), "Expected `decimal`, got `bool`");
}

static DATETIME: Schema = Schema::Datetime(crate::app::Tz::Any);
static DURATION: Schema = Schema::Timedelta;
static UUID: Schema = Schema::Uuid;
static OPTIONAL_UUID: Schema = Schema::Optional(&UUID);
static BYTES: Schema = Schema::Bytes(NO_LENGTH);

#[test]
fn string_formats_refuse_other_json_kinds_with_msgspec_names() {
    assert_eq!(only_msg(&DATETIME, "1"), "Expected `datetime`, got `int`");
    assert_eq!(
        only_msg(&DATETIME, "null"),
        "Expected `datetime`, got `null`"
    );
    assert_eq!(only_msg(&DURATION, "1"), "Expected `duration`, got `int`");
    assert_eq!(
        only_msg(&OPTIONAL_UUID, "1"),
        "Expected `uuid | null`, got `int`"
    );
    assert_eq!(only_msg(&BYTES, "1"), "Expected `bytes`, got `int`");
    assert_eq!(
        summary(&BYTES, "[]"),
        [(
            "string_type",
            json!(["body"]),
            "Expected `bytes`, got `array`".to_owned()
        )]
    );
}

static INT_LIST_OR_INT_VARIANTS: [&Schema; 2] = [&INT, &INT_LIST];
static INT_OR_LIST_UNION: UnionSchema = UnionSchema {
    variants: &INT_LIST_OR_INT_VARIANTS,
    bool: None,
    int: Some(&INT),
    float: None,
    str: None,
    array: UnionSlot::One(&INT_LIST),
    object: UnionSlot::Empty,
};
static INT_OR_LIST: Schema = Schema::Union(&INT_OR_LIST_UNION);
static INT_FLOAT_STR_UNION: UnionSchema = UnionSchema {
    variants: &[&INT, &FLOAT, &STR],
    bool: None,
    int: Some(&INT),
    float: Some(&FLOAT),
    str: Some(&STR),
    array: UnionSlot::Empty,
    object: UnionSlot::Empty,
};
static INT_FLOAT_STR: Schema = Schema::Union(&INT_FLOAT_STR_UNION);
static INT_STR_UNION: UnionSchema = UnionSchema {
    variants: &[&INT, &STR],
    bool: None,
    int: Some(&INT),
    float: None,
    str: Some(&STR),
    array: UnionSlot::Empty,
    object: UnionSlot::Empty,
};
static INT_STR: Schema = Schema::Union(&INT_STR_UNION);
static OPTIONAL_INT_STR: Schema = Schema::Optional(&INT_STR);
/// `IntEnum | str`: integers go to the enum, even when not one of its values.
static NUM_STR_UNION: UnionSchema = UnionSchema {
    variants: &[&NUM, &STR],
    bool: None,
    int: Some(&NUM),
    float: None,
    str: Some(&STR),
    array: UnionSlot::Empty,
    object: UnionSlot::Empty,
};
static NUM_OR_STR: Schema = Schema::Union(&NUM_STR_UNION);
/// `float | Decimal`: integers to the float; `int | Decimal`: floats to the Decimal.
static INT_DECIMAL_UNION: UnionSchema = UnionSchema {
    variants: &[&INT, &DECIMAL],
    bool: None,
    int: Some(&INT),
    float: Some(&DECIMAL),
    str: Some(&DECIMAL),
    array: UnionSlot::Empty,
    object: UnionSlot::Empty,
};
static INT_OR_DECIMAL: Schema = Schema::Union(&INT_DECIMAL_UNION);
static BOOL_INT_UNION: UnionSchema = UnionSchema {
    variants: &[&INT, &BOOL],
    bool: Some(&BOOL),
    int: Some(&INT),
    float: None,
    str: None,
    array: UnionSlot::Empty,
    object: UnionSlot::Empty,
};
static BOOL_OR_INT: Schema = Schema::Union(&BOOL_INT_UNION);

#[test]
fn union_dispatches_by_json_kind_and_names_every_alternative() {
    for body in ["1", "1.5", r#""x""#, "99999999999999999999999"] {
        assert!(accepts(&INT_FLOAT_STR, body), "{body}");
    }
    assert_eq!(
        summary(&INT_FLOAT_STR, "true"),
        [(
            "int_type",
            json!(["body"]),
            "Expected `int | float | str`, got `bool`".to_owned()
        )]
    );
    assert_eq!(
        only_msg(&INT_FLOAT_STR, "null"),
        "Expected `int | float | str`, got `null`"
    );
    assert_eq!(only_msg(&INT_FLOAT_STR, "1e400"), "Number out of range");
    assert_eq!(
        only_msg(&INT_STR, "1.5"),
        "Expected `int | str`, got `float`"
    );
    assert_eq!(
        only_msg(&OPTIONAL_INT_STR, "[]"),
        "Expected `int | str | null`, got `array`"
    );
    assert!(accepts(&OPTIONAL_INT_STR, "null"));
    assert_eq!(
        only_msg(&INT_OR_LIST, "{}"),
        "Expected `int | array`, got `object`"
    );
    assert_eq!(
        summary(&INT_OR_LIST, r#"[1, "x"]"#),
        [(
            "int_type",
            json!(["body", 1]),
            "Expected `int`, got `str`".to_owned()
        )]
    );
    assert!(accepts(&BOOL_OR_INT, "true") && accepts(&BOOL_OR_INT, "1"));
    assert_eq!(
        only_msg(&BOOL_OR_INT, r#""x""#),
        "Expected `bool | int`, got `str`"
    );
}

#[test]
fn union_numbers_follow_msgspec_preference() {
    assert_eq!(only_msg(&NUM_OR_STR, "3"), "Invalid enum value 3");
    assert_eq!(
        only_msg(&NUM_OR_STR, "1.5"),
        "Expected `int | str`, got `float`"
    );
    assert_eq!(
        only_msg(&NUM_OR_STR, "99999999999999999999999"),
        "Expected `int | str`, got `float`"
    );
    assert_eq!(only_msg(&NUM_OR_STR, "1e400"), "Number out of range");
    assert!(accepts(&NUM_OR_STR, r#""x""#) && accepts(&NUM_OR_STR, "2"));
    for body in ["1", "1.5", "1e400", "99999999999999999999999", r#""1.5""#] {
        assert!(accepts(&INT_OR_DECIMAL, body), "{body}");
    }
}

static A_STRUCT: StructSchema = StructSchema {
    name: "shapes.A",
    fields: &[FieldSchema {
        key: "x",
        schema: &INT,
        required: true,
    }],
    forbid_unknown_fields: false,
    array_like: false,
    tag: Some(StructTag {
        field: "type",
        value: TagValue::Str("A"),
    }),
};
static A: Schema = Schema::Struct(&A_STRUCT);
static B_STRUCT: StructSchema = StructSchema {
    name: "shapes.B",
    fields: &[FieldSchema {
        key: "y",
        schema: &STR,
        required: false,
    }],
    forbid_unknown_fields: false,
    array_like: false,
    tag: Some(StructTag {
        field: "type",
        value: TagValue::Str("bee"),
    }),
};
static B: Schema = Schema::Struct(&B_STRUCT);
static A_OR_B_UNION: UnionSchema = UnionSchema {
    variants: &[&A, &B],
    bool: None,
    int: None,
    float: None,
    str: None,
    array: UnionSlot::Empty,
    object: UnionSlot::Tagged(&[&A_STRUCT, &B_STRUCT]),
};
static A_OR_B: Schema = Schema::Union(&A_OR_B_UNION);
static C_STRUCT: StructSchema = StructSchema {
    name: "shapes.C",
    fields: &[FieldSchema {
        key: "z",
        schema: &INT,
        required: true,
    }],
    forbid_unknown_fields: false,
    array_like: false,
    tag: Some(StructTag {
        field: "kind",
        value: TagValue::Int(3),
    }),
};
static C: Schema = Schema::Struct(&C_STRUCT);
static D_STRUCT: StructSchema = StructSchema {
    name: "shapes.D",
    fields: &[],
    forbid_unknown_fields: true,
    array_like: false,
    tag: Some(StructTag {
        field: "kind",
        value: TagValue::Int(4),
    }),
};
static D: Schema = Schema::Struct(&D_STRUCT);
static C_OR_D_UNION: UnionSchema = UnionSchema {
    variants: &[&C, &D],
    bool: None,
    int: None,
    float: None,
    str: None,
    array: UnionSlot::Empty,
    object: UnionSlot::Tagged(&[&C_STRUCT, &D_STRUCT]),
};
static C_OR_D: Schema = Schema::Union(&C_OR_D_UNION);

#[test]
fn tagged_union_finds_its_tag_anywhere_in_the_object() {
    assert!(accepts(&A_OR_B, r#"{"type": "A", "x": 1}"#));
    assert!(accepts(&A_OR_B, r#"{"x": 1, "type": "A"}"#));
    assert!(accepts(&A_OR_B, r#"{"type": "bee"}"#));
    assert!(accepts(&A_OR_B, r#"{"y": "q", "type": "b\u0065e"}"#));
    assert_eq!(
        summary(&A_OR_B, r#"{"type": "bee", "y": 1}"#),
        [(
            "string_type",
            json!(["body", "y"]),
            "Expected `str`, got `int`".to_owned()
        )]
    );
    assert_eq!(
        summary(&A_OR_B, r#"{"x": 1, "type": "A", "x": "s"}"#),
        [(
            "int_type",
            json!(["body", "x"]),
            "Expected `int`, got `str`".to_owned()
        )]
    );
    assert_eq!(
        summary(&A_OR_B, r#"{"type": "A"}"#),
        [(
            "missing",
            json!(["body", "x"]),
            "Object missing required field `x`".to_owned()
        )]
    );
    assert_eq!(only_msg(&A_OR_B, "[]"), "Expected `object`, got `array`");
}

#[test]
fn tagged_union_reports_a_missing_or_unknown_tag_like_msgspec() {
    assert_eq!(
        summary(&A_OR_B, r#"{"x": 1}"#),
        [(
            "union_tag_not_found",
            json!(["body", "type"]),
            "Object missing required field `type`".to_owned()
        )]
    );
    let errors = errors_of(&A_OR_B, br#"{"x": [1], "type": "Z", "q": {}}"#);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].kind, "union_tag_invalid");
    assert_eq!(errors[0].msg, "Invalid value 'Z'");
    assert_eq!(errors[0].input, Some(json!("Z")));
    assert_eq!(
        summary(&A_OR_B, r#"{"type": 1}"#),
        [(
            "string_type",
            json!(["body", "type"]),
            "Expected `str`".to_owned()
        )]
    );
    assert_eq!(
        only_msg(&A_OR_B, r#"{"type": "A", "x": 1, "type": "bee"}"#),
        "Invalid value 'bee'"
    );
    assert_malformed(
        &A_OR_B,
        br#"{"x": 1, "type": "Z", "q": tru}"#,
        "JSON is malformed: invalid character (byte 30)",
    );
}

#[test]
fn int_tags_are_read_like_msgspec_reads_them() {
    assert!(accepts(&C_OR_D, r#"{"kind": 3, "z": 1}"#));
    assert!(accepts(&C_OR_D, r#"{"kind": 4}"#));
    assert_eq!(
        only_msg(&C_OR_D, r#"{"kind": 4, "z": 1}"#),
        "Object contains unknown field `z`"
    );
    assert_eq!(only_msg(&C_OR_D, r#"{"kind": 5}"#), "Invalid value 5");
    assert_eq!(only_msg(&C_OR_D, r#"{"kind": -0}"#), "Invalid value 0");
    assert_eq!(
        only_msg(&C_OR_D, r#"{"kind": 18446744073709551615}"#),
        "Invalid value 18446744073709551615"
    );
    for tag in [r#""3""#, "3.0", "99999999999999999999999", "null"] {
        let body = format!(r#"{{"kind": {tag}}}"#);
        assert_eq!(
            summary(&C_OR_D, &body),
            [(
                "int_type",
                json!(["body", "kind"]),
                "Expected `int`".to_owned()
            )],
            "{tag}"
        );
    }
}

#[test]
fn tagged_struct_alone_checks_its_tag_only_when_present() {
    assert!(accepts(&A, r#"{"x": 1}"#) && accepts(&A, r#"{"x": 1, "type": "A"}"#));
    assert_eq!(
        summary(&A, r#"{"type": "B", "x": 1}"#),
        [(
            "union_tag_invalid",
            json!(["body", "type"]),
            "Invalid value 'B'".to_owned()
        )]
    );
    assert_eq!(only_msg(&A, r#"{"type": null, "x": 1}"#), "Expected `str`");
    assert_eq!(only_msg(&C, r#"{"z": 1, "kind": 5}"#), "Invalid value 5");
    assert_eq!(only_msg(&C, r#"{"z": 1, "kind": "3"}"#), "Expected `int`");
}

static PAIR_STRUCT: StructSchema = StructSchema {
    name: "shapes.Pair",
    fields: &[
        FieldSchema {
            key: "a",
            schema: &INT,
            required: true,
        },
        FieldSchema {
            key: "b",
            schema: &STR,
            required: false,
        },
    ],
    forbid_unknown_fields: false,
    array_like: true,
    tag: None,
};
static PAIR_ARRAY: Schema = Schema::Struct(&PAIR_STRUCT);
static STRICT_PAIR_STRUCT: StructSchema = StructSchema {
    forbid_unknown_fields: true,
    ..PAIR_STRUCT
};
static STRICT_PAIR_ARRAY: Schema = Schema::Struct(&STRICT_PAIR_STRUCT);
static TAGGED_PAIR_STRUCT: StructSchema = StructSchema {
    name: "shapes.TaggedPair",
    tag: Some(StructTag {
        field: "type",
        value: TagValue::Str("t"),
    }),
    ..PAIR_STRUCT
};
static TAGGED_PAIR: Schema = Schema::Struct(&TAGGED_PAIR_STRUCT);
static TAGGED_ONE_STRUCT: StructSchema = StructSchema {
    name: "shapes.TaggedOne",
    fields: &[FieldSchema {
        key: "c",
        schema: &INT,
        required: true,
    }],
    forbid_unknown_fields: false,
    array_like: true,
    tag: Some(StructTag {
        field: "type",
        value: TagValue::Str("u"),
    }),
};
static TAGGED_ONE: Schema = Schema::Struct(&TAGGED_ONE_STRUCT);
static TAGGED_ARRAYS_UNION: UnionSchema = UnionSchema {
    variants: &[&TAGGED_PAIR, &TAGGED_ONE],
    bool: None,
    int: None,
    float: None,
    str: None,
    array: UnionSlot::Tagged(&[&TAGGED_PAIR_STRUCT, &TAGGED_ONE_STRUCT]),
    object: UnionSlot::Empty,
};
static TAGGED_ARRAYS: Schema = Schema::Union(&TAGGED_ARRAYS_UNION);

#[test]
fn array_like_struct_reads_fields_by_position() {
    assert!(accepts(&PAIR_ARRAY, "[1]") && accepts(&PAIR_ARRAY, r#"[1, "a"]"#));
    assert!(accepts(&PAIR_ARRAY, r#"[1, "a", 5, {"x": []}]"#));
    assert_eq!(
        summary(&PAIR_ARRAY, "[]"),
        [(
            "too_short",
            json!(["body"]),
            "Expected `array` of at least length 1, got 0".to_owned()
        )]
    );
    assert_eq!(
        summary(&PAIR_ARRAY, "[1, 2]"),
        [(
            "string_type",
            json!(["body", 1]),
            "Expected `str`, got `int`".to_owned()
        )]
    );
    assert_eq!(
        only_msg(&PAIR_ARRAY, r#"{"a": 1}"#),
        "Expected `array`, got `object`"
    );
    assert_eq!(
        only_msg(&STRICT_PAIR_ARRAY, r#"[1, "a", 3]"#),
        "Expected `array` of at most length 2"
    );
}

#[test]
fn tagged_array_like_struct_starts_with_its_tag() {
    assert!(accepts(&TAGGED_PAIR, r#"["t", 1]"#));
    assert_eq!(
        only_msg(&TAGGED_PAIR, "[]"),
        "Expected `array` of at least length 2, got 0"
    );
    assert_eq!(
        only_msg(&TAGGED_PAIR, r#"["t"]"#),
        "Expected `array` of at least length 2, got 1"
    );
    assert_eq!(
        summary(&TAGGED_PAIR, r#"["x", 1]"#),
        [(
            "union_tag_invalid",
            json!(["body", 0]),
            "Invalid value 'x'".to_owned()
        )]
    );
    assert_eq!(only_msg(&TAGGED_PAIR, "[1, 1]"), "Expected `str`");
}

#[test]
fn tagged_array_union_picks_the_struct_by_its_first_item() {
    assert!(accepts(&TAGGED_ARRAYS, r#"["t", 1]"#) && accepts(&TAGGED_ARRAYS, r#"["u", 1]"#));
    assert_eq!(only_msg(&TAGGED_ARRAYS, r#"["v", 1]"#), "Invalid value 'v'");
    assert_eq!(
        only_msg(&TAGGED_ARRAYS, "[]"),
        "Expected `array` of at least length 1, got 0"
    );
    assert_eq!(only_msg(&TAGGED_ARRAYS, "[1]"), "Expected `str`");
    assert_eq!(
        only_msg(&TAGGED_ARRAYS, r#"["u"]"#),
        "Expected `array` of at least length 2, got 1"
    );
    assert_eq!(
        summary(&TAGGED_ARRAYS, r#"["u", "x"]"#),
        [(
            "int_type",
            json!(["body", 1]),
            "Expected `int`, got `str`".to_owned()
        )]
    );
}

#[test]
fn hostile_deep_tag_values_do_not_overflow_the_stack() {
    let deep = "[".repeat(100_000);
    let body = format!(r#"{{"type": {deep}"#);
    let errors = errors_of(&A_OR_B, body.as_bytes());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind, "json_invalid");
}

static AWARE_DATETIME: Schema = Schema::Datetime(crate::app::Tz::Aware);
static TWO_BYTES_AT_MOST: Schema = Schema::Bytes(LengthRules {
    min: None,
    max: Some(2),
});
static INTS_BY_UUID: Schema = Schema::Dict {
    keys: &UUID,
    values: &INT,
    length: NO_LENGTH,
};

#[test]
fn string_formats_are_checked_by_the_formats_module() {
    assert!(accepts(&DATETIME, r#""2020-01-01T00:00:00Z""#));
    assert_eq!(
        summary(&DATETIME, r#""x""#),
        [(
            "datetime_parsing",
            json!(["body"]),
            "Invalid RFC3339 encoded datetime".to_owned()
        )]
    );
    assert_eq!(
        only_msg(&AWARE_DATETIME, r#""2020-01-01T00:00:00""#),
        "Expected `datetime` with a timezone component"
    );
    assert!(accepts(&TWO_BYTES_AT_MOST, r#""AAA=""#));
    assert_eq!(
        only_msg(&TWO_BYTES_AT_MOST, r#""AAAA""#),
        "Expected `bytes` of length <= 2"
    );
    assert_eq!(only_msg(&BYTES, r#""!""#), "Invalid base64 encoded string");
    assert_eq!(only_msg(&UUID, r#""x""#), "Invalid UUID");
    assert_eq!(only_msg(&DURATION, r#""x""#), "Invalid ISO8601 duration");
    assert!(accepts(&DURATION, r#""P1D""#));
    assert_eq!(only_msg(&DECIMAL, r#""x""#), "Invalid decimal string");
    assert_eq!(
        only_msg(&DECIMAL, "1e999999999999999999999"),
        "Invalid decimal string"
    );
    let errors = errors_of(&INTS_BY_UUID, br#"{"x": 1}"#);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].msg, "Invalid UUID");
    assert_eq!(errors[0].loc.last(), Some(&LocItem::from("[key]")));
    assert!(accepts(&INTS_BY_DECIMAL, r#"{"-inf": 1}"#));
    let errors = errors_of(&INTS_BY_DECIMAL, br#"{"1e999999999999999999999": 1}"#);
    assert_eq!(errors[0].msg, "Invalid decimal string");
}

/// `[item, item, ...]` of `count` copies of `item`.
fn array_of(item: &str, count: usize) -> String {
    format!("[{}]", vec![item; count].join(","))
}

#[test]
fn walker_errors_beyond_the_cap_are_counted_in_one_too_many_errors() {
    let shown = crate::errors::MAX_REPORTED_ERRORS;
    let errors = errors_of(&INT_LIST, array_of("\"x\"", shown + 500).as_bytes());
    assert_eq!(errors.len(), shown + 1);
    assert_eq!(
        errors[0].loc,
        vec![LocItem::from("body"), LocItem::Index(0)]
    );
    assert_eq!(
        errors[shown - 1].loc,
        vec![LocItem::from("body"), LocItem::Index(shown - 1)]
    );
    let last = &errors[shown];
    assert_eq!(last.kind, "too_many_errors");
    assert_eq!(last.loc, vec![LocItem::from("body")]);
    assert_eq!(last.ctx, Some(json!({"shown": shown, "not_shown": 500})));
    assert_eq!(
        last.msg,
        format!("500 more errors not shown (at most {shown} errors are listed)")
    );
}

#[test]
fn walker_errors_at_the_cap_have_no_too_many_errors() {
    let shown = crate::errors::MAX_REPORTED_ERRORS;
    let errors = errors_of(&INT_LIST, array_of("\"x\"", shown).as_bytes());
    assert_eq!(errors.len(), shown);
    assert!(errors.iter().all(|error| error.kind == "int_type"));
}

#[test]
fn walker_syntax_error_after_the_cap_still_wins() {
    let shown = crate::errors::MAX_REPORTED_ERRORS;
    let mut body = array_of("\"x\"", shown * 3);
    body.insert(body.len() - 1, ',');
    let errors = errors_of(&INT_LIST, body.as_bytes());
    assert_eq!(errors.len(), 1, "{:?}", errors.first());
    assert_eq!(errors[0].kind, "json_invalid");
}

#[test]
fn walker_cap_counts_every_kind_of_error() {
    // Unknown fields of a forbid_unknown_fields Struct, and missing fields, past the cap.
    let members: Vec<String> = (0..1_200).map(|index| format!("\"k{index}\":1")).collect();
    let body = format!("{{{}}}", members.join(","));
    let errors = errors_of(&STRICT, body.as_bytes());
    let shown = crate::errors::MAX_REPORTED_ERRORS;
    assert_eq!(errors.len(), shown + 1);
    assert!(
        errors[..shown]
            .iter()
            .all(|error| error.kind == "extra_forbidden")
    );
    let missing = STRICT_STRUCT
        .fields
        .iter()
        .filter(|field| field.required)
        .count();
    assert_eq!(
        errors[shown].ctx,
        Some(json!({"shown": shown, "not_shown": 1_200 - shown + missing}))
    );
}
