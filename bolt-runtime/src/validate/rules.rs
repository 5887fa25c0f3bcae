//! Constraint checks shared by body validation and parameter extraction: numeric bounds,
//! `multiple_of`, lengths and patterns, in msgspec's order (lower bound, upper bound,
//! multiple; min length, max length, pattern) and with its messages. At most one failure
//! is reported per value, like msgspec.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::{Value as Json, json};

use super::formats;
use crate::app::{Bound, ChoiceSchema, LengthRules, NumberRules, Pattern, Schema, StrRules};
use crate::errors::{ErrorKind, Failure, python_float_repr, python_str_repr};

/// Python refuses to convert integer text longer than this (`sys.get_int_max_str_digits()`);
/// msgspec reports "Integer value out of range" (it counts the sign too).
pub(crate) const MAX_INT_TEXT_LEN: usize = 4300;

/// The msgspec type names used in messages.
pub(crate) const INT: &str = "int";
pub(crate) const FLOAT: &str = "float";
pub(crate) const STR: &str = "str";
pub(crate) const ARRAY: &str = "array";
pub(crate) const OBJECT: &str = "object";
pub(crate) const NULL: &str = "null";

/// An integer value: machine-sized, or beyond `i64` (kept as its decimal text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IntValue<'t> {
    Small(i64),
    Big { negative: bool, text: &'t str },
}

impl IntValue<'_> {
    fn to_f64(self) -> f64 {
        match self {
            Self::Small(value) => value as f64,
            Self::Big { text, .. } => text.parse().unwrap_or(f64::NAN),
        }
    }

    /// Ordering against an integer bound; big values lie beyond every `i64`.
    fn cmp_int(self, bound: i64) -> Ordering {
        match self {
            Self::Small(value) => value.cmp(&bound),
            Self::Big { negative: true, .. } => Ordering::Less,
            Self::Big {
                negative: false, ..
            } => Ordering::Greater,
        }
    }

    fn partial_cmp_bound(self, bound: Bound) -> Option<Ordering> {
        match bound {
            Bound::Int(bound) => Some(self.cmp_int(bound)),
            Bound::Float(bound) => self.to_f64().partial_cmp(&bound),
        }
    }

    fn is_multiple_of(self, divisor: Bound) -> bool {
        match divisor {
            Bound::Int(0) => true,
            Bound::Int(divisor) => {
                let divisor = i128::from(divisor).unsigned_abs();
                match self {
                    Self::Small(value) => i128::from(value).unsigned_abs() % divisor == 0,
                    Self::Big { text, .. } => decimal_remainder(text, divisor) == 0,
                }
            }
            Bound::Float(divisor) => self.to_f64() % divisor == 0.0,
        }
    }
}

/// Whether msgspec reads the integer as one (within `i64` or `u64`); larger integers are
/// read as floats when the type is not `int`.
pub(crate) fn fits_64_bits(value: IntValue<'_>) -> bool {
    match value {
        IntValue::Small(_) => true,
        IntValue::Big { negative, text } => !negative && text.parse::<u64>().is_ok(),
    }
}

/// Checks an integer (within 64 bits) against an `Enum`'s/`Literal`'s int values:
/// `Invalid enum value 3`.
pub(crate) fn check_choice_int(choice: &ChoiceSchema, value: IntValue<'_>) -> Option<Failure> {
    match value {
        IntValue::Small(value) if choice.ints.contains(&value) => None,
        IntValue::Small(value) => Some(invalid_enum_value(&value.to_string())),
        IntValue::Big { text, .. } => Some(invalid_enum_value(text)),
    }
}

/// Checks a string against an `Enum`'s/`Literal`'s str values: `Invalid enum value 'x'`.
pub(crate) fn check_choice_str(choice: &ChoiceSchema, text: &str) -> Option<Failure> {
    if choice.strs.contains(&text) {
        None
    } else {
        Some(invalid_enum_value(&python_str_repr(text)))
    }
}

fn invalid_enum_value(shown: &str) -> Failure {
    Failure::new(ErrorKind::Enum, format!("Invalid enum value {shown}"))
}

/// Checks the text of a string-encoded value (`datetime`, `date`, `time`, `timedelta`,
/// `uuid`, `Decimal`, base64 `bytes`) like msgspec parses it.
pub(crate) fn check_string_format(schema: &Schema, text: &str) -> Option<Failure> {
    match schema {
        Schema::Datetime(tz) => formats::check_datetime(text, *tz),
        Schema::Date => formats::check_date(text),
        Schema::Time(tz) => formats::check_time(text, *tz),
        Schema::Timedelta => formats::check_timedelta(text),
        Schema::Uuid => formats::check_uuid(text),
        Schema::Decimal(rules) => formats::check_decimal(text, rules),
        Schema::Bytes(length) => formats::check_base64(text, length),
        Schema::Optional(inner) => check_string_format(inner, text),
        _ => None,
    }
}

/// `digits` (an optional sign then ASCII digits) modulo `divisor` (non-zero, < 2^64).
fn decimal_remainder(digits: &str, divisor: u128) -> u128 {
    digits
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0, |remainder, digit| {
            (remainder * 10 + u128::from(digit - b'0')) % divisor
        })
}

/// Integer text that passed the JSON integer grammar → its value.
pub(crate) fn parse_int_text(text: &str) -> Result<IntValue<'_>, Failure> {
    if text.len() > MAX_INT_TEXT_LEN {
        return Err(Failure::int_out_of_range());
    }
    Ok(match text.parse::<i64>() {
        Ok(value) => IntValue::Small(value),
        Err(_) => IntValue::Big {
            negative: text.starts_with('-'),
            text,
        },
    })
}

/// A bound as JSON for `ctx`.
fn bound_json(bound: Bound) -> Json {
    match bound {
        Bound::Int(value) => json!(value),
        Bound::Float(value) => json!(value),
    }
}

/// One of the four bounds of [`NumberRules`], with its error kind and `ctx` key.
#[derive(Debug, Clone, Copy)]
struct BoundCheck {
    bound: Option<Bound>,
    kind: ErrorKind,
    name: &'static str,
}

/// The bounds in msgspec's checking order: lower bounds first, then upper bounds.
fn bound_checks(rules: &NumberRules) -> [BoundCheck; 4] {
    [
        BoundCheck {
            bound: rules.gt,
            kind: ErrorKind::GreaterThan,
            name: "gt",
        },
        BoundCheck {
            bound: rules.ge,
            kind: ErrorKind::GreaterThanEqual,
            name: "ge",
        },
        BoundCheck {
            bound: rules.lt,
            kind: ErrorKind::LessThan,
            name: "lt",
        },
        BoundCheck {
            bound: rules.le,
            kind: ErrorKind::LessThanEqual,
            name: "le",
        },
    ]
}

/// Whether a value ordered `ordering` against the bound satisfies a bound of `kind`.
fn satisfies(kind: ErrorKind, ordering: Ordering) -> bool {
    match kind {
        ErrorKind::GreaterThan => ordering.is_gt(),
        ErrorKind::GreaterThanEqual => ordering.is_ge(),
        ErrorKind::LessThan => ordering.is_lt(),
        _ => ordering.is_le(),
    }
}

/// How msgspec prints a failed `int` bound: a strict integer bound is shown as the
/// inclusive one (`gt=1` → `>= 2`, `lt=1` → `<= 0`).
fn int_bound_shown(kind: ErrorKind, bound: Bound) -> (&'static str, String) {
    match (kind, bound) {
        (ErrorKind::GreaterThan, Bound::Int(value)) => (">=", (i128::from(value) + 1).to_string()),
        (ErrorKind::LessThan, Bound::Int(value)) => ("<=", (i128::from(value) - 1).to_string()),
        (_, Bound::Int(value)) => (operator(kind), value.to_string()),
        (_, Bound::Float(value)) => (operator(kind), python_float_repr(value)),
    }
}

fn operator(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::GreaterThan => ">",
        ErrorKind::GreaterThanEqual => ">=",
        ErrorKind::LessThan => "<",
        _ => "<=",
    }
}

/// Checks an `int` against its rules.
pub(crate) fn check_int(rules: &NumberRules, value: IntValue<'_>) -> Option<Failure> {
    for BoundCheck { bound, kind, name } in bound_checks(rules) {
        let Some(bound) = bound else { continue };
        if !value
            .partial_cmp_bound(bound)
            .is_some_and(|ordering| satisfies(kind, ordering))
        {
            let (op, shown) = int_bound_shown(kind, bound);
            return Some(Failure::bound(
                kind,
                INT,
                op,
                &shown,
                json!({ name: bound_json(bound) }),
            ));
        }
    }
    let divisor = rules.multiple_of?;
    if value.is_multiple_of(divisor) {
        return None;
    }
    let shown = match divisor {
        Bound::Int(divisor) => divisor.to_string(),
        Bound::Float(divisor) => python_float_repr(divisor),
    };
    Some(Failure::multiple_of(INT, &shown, bound_json(divisor)))
}

fn bound_f64(bound: Bound) -> f64 {
    match bound {
        Bound::Int(value) => value as f64,
        Bound::Float(value) => value,
    }
}

/// Checks a `float` against its rules (NaN fails every bound and `multiple_of`, like msgspec).
pub(crate) fn check_float(rules: &NumberRules, value: f64) -> Option<Failure> {
    for BoundCheck { bound, kind, name } in bound_checks(rules) {
        let Some(bound) = bound else { continue };
        let limit = bound_f64(bound);
        if !value
            .partial_cmp(&limit)
            .is_some_and(|ordering| satisfies(kind, ordering))
        {
            let shown = python_float_repr(limit);
            return Some(Failure::bound(
                kind,
                FLOAT,
                operator(kind),
                &shown,
                json!({ name: bound_json(bound) }),
            ));
        }
    }
    let divisor = rules.multiple_of?;
    let limit = bound_f64(divisor);
    if value % limit == 0.0 {
        return None;
    }
    Some(Failure::multiple_of(
        FLOAT,
        &python_float_repr(limit),
        bound_json(divisor),
    ))
}

/// Checks a length (characters of a `str`, items of an `array`).
pub(crate) fn check_length(rules: &LengthRules, len: usize, type_name: &str) -> Option<Failure> {
    let len = u64::try_from(len).unwrap_or(u64::MAX);
    let string = type_name == STR;
    if let Some(min) = rules.min.filter(|&min| len < min) {
        let kind = if string {
            ErrorKind::StringTooShort
        } else {
            ErrorKind::TooShort
        };
        return Some(Failure::length(kind, type_name, min));
    }
    if let Some(max) = rules.max.filter(|&max| len > max) {
        let kind = if string {
            ErrorKind::StringTooLong
        } else {
            ErrorKind::TooLong
        };
        return Some(Failure::length(kind, type_name, max));
    }
    None
}

/// Whether a `str` schema has any constraint (if not, its value needs no decoding).
pub(crate) fn has_str_rules(rules: &StrRules) -> bool {
    rules.length != LengthRules::default() || rules.pattern.is_some()
}

/// Checks a `str` (length in characters, like Python's `len`) against its rules.
pub(crate) fn check_str(rules: &StrRules, text: &str) -> Option<Failure> {
    if rules.length != LengthRules::default()
        && let Some(failure) = check_length(&rules.length, text.chars().count(), STR)
    {
        return Some(failure);
    }
    let pattern = rules.pattern?;
    if pattern_matches(pattern, text) {
        None
    } else {
        Some(Failure::pattern_mismatch(pattern.source))
    }
}

/// `re.search`-like: the pattern may match anywhere. A pattern that does not compile
/// (`bolt build` checks they do) never matches.
fn pattern_matches(pattern: &'static Pattern, text: &str) -> bool {
    compiled(pattern).is_some_and(|regex| regex.is_match(text))
}

fn compiled(pattern: &'static Pattern) -> Option<&'static regex::Regex> {
    if let Some(regex) = pattern.compiled.get() {
        return Some(regex);
    }
    let regex = regex::Regex::new(&rust_pattern(pattern.source)).ok()?;
    Some(pattern.compiled.get_or_init(|| regex))
}

/// What Python's `$` means without MULTILINE: the end of the text, or just before a
/// newline that ends it (`re.search("^a$", "a\n")` matches). The `regex` crate's `$` is the
/// end of the text only.
const PYTHON_END: &str = r"(?:\n?\z)";
/// Python's `\w` on `str` is `str.isalnum()` or `_`: letters and every numeric character
/// (`²`, `½`), not the combining marks the `regex` crate's `\w` also takes.
const PYTHON_WORD: &str = r"\p{L}\p{N}_";
/// Python's `\s` on `str` is `str.isspace()`: the `regex` crate's `\s` and U+001C..U+001F.
const PYTHON_SPACE: &str = r"\s\x1C-\x1F";

/// A Python `re` pattern (what msgspec checks with) in the `regex` crate's syntax.
///
/// Where both accept a pattern they read it alike, except for:
/// - `$` outside character classes, which becomes [`PYTHON_END`] (the same answer for a
///   search, unless the pattern goes on to match after its `$`); patterns that set the
///   multiline flag anywhere keep their `$` (it means "end of line" in both engines then);
/// - `\w`, `\W`, `\s`, `\S`, spelled as the classes Python means ([`PYTHON_WORD`],
///   [`PYTHON_SPACE`]). (`\b`/`\B` cannot be rewritten without look-around: they keep
///   the `regex` crate's meaning of a word character; tests/differential/README.md.)
fn rust_pattern(source: &str) -> Cow<'_, str> {
    if !source.contains(['$', '\\']) {
        return Cow::Borrowed(source);
    }
    let python_end = !sets_multiline(source);
    let mut out = String::with_capacity(source.len() + PYTHON_END.len());
    let mut chars = source.chars().peekable();
    // Nesting of character classes (`regex` nests `[a[b]]`, `[[:alpha:]]`).
    let mut class_depth = 0_usize;
    while let Some(char) = chars.next() {
        match char {
            '\\' => match (chars.next(), class_depth) {
                (Some(class @ ('w' | 's')), 0) => {
                    out.push('[');
                    out.push_str(python_class(class));
                    out.push(']');
                }
                (Some(class @ ('w' | 's')), _) => out.push_str(python_class(class)),
                (Some(class @ ('W' | 'S')), _) => {
                    out.push_str("[^");
                    out.push_str(python_class(class.to_ascii_lowercase()));
                    out.push(']');
                }
                (escaped, _) => {
                    out.push(char);
                    out.extend(escaped);
                }
            },
            '[' => {
                class_depth += 1;
                out.push(char);
                // A `]` first in a class (after an optional `^`) is a literal.
                if chars.peek() == Some(&'^') {
                    out.extend(chars.next());
                }
                if chars.peek() == Some(&']') {
                    out.extend(chars.next());
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(char);
            }
            '$' if class_depth == 0 && python_end => out.push_str(PYTHON_END),
            _ => out.push(char),
        }
    }
    if out == source {
        Cow::Borrowed(source)
    } else {
        Cow::Owned(out)
    }
}

/// The members of Python's `\w` or `\s`, for use inside a class.
fn python_class(class: char) -> &'static str {
    if class == 'w' {
        PYTHON_WORD
    } else {
        PYTHON_SPACE
    }
}

/// Whether an inline flag group (`(?m)`, `(?im:...)`) turns on multiline mode.
fn sets_multiline(source: &str) -> bool {
    source.match_indices("(?").any(|(at, _)| {
        source[at + 2..]
            .chars()
            .take_while(|char| char.is_ascii_alphabetic())
            .any(|flag| flag == 'm')
    })
}

/// The msgspec names of the kinds of values a schema takes, in the order msgspec lists
/// them in ``Expected `int | str | null` `` (its `typenode_simple_repr`).
const KIND_NAMES: [&str; 14] = [
    "bool", INT, FLOAT, STR, "bytes", "datetime", "date", "time", "duration", "uuid", "decimal",
    OBJECT, ARRAY, NULL,
];
const KIND_BOOL: u16 = 1 << 0;
const KIND_INT: u16 = 1 << 1;
const KIND_FLOAT: u16 = 1 << 2;
const KIND_STR: u16 = 1 << 3;
const KIND_BYTES: u16 = 1 << 4;
const KIND_DATETIME: u16 = 1 << 5;
const KIND_DATE: u16 = 1 << 6;
const KIND_TIME: u16 = 1 << 7;
const KIND_DURATION: u16 = 1 << 8;
const KIND_UUID: u16 = 1 << 9;
const KIND_DECIMAL: u16 = 1 << 10;
const KIND_OBJECT: u16 = 1 << 11;
const KIND_ARRAY: u16 = 1 << 12;
const KIND_NULL: u16 = 1 << 13;
/// `Any` takes everything and is named `any`.
const KIND_ANY: u16 = 1 << 15;

/// The kinds of values `schema` takes, as [`KIND_NAMES`] bits.
fn kinds(schema: &Schema) -> u16 {
    match schema {
        Schema::Any => KIND_ANY,
        Schema::None => KIND_NULL,
        Schema::Bool => KIND_BOOL,
        Schema::Int(_) => KIND_INT,
        Schema::Float(_) => KIND_FLOAT,
        Schema::Str(_) => KIND_STR,
        Schema::Bytes(_) => KIND_BYTES,
        Schema::Datetime(_) => KIND_DATETIME,
        Schema::Date => KIND_DATE,
        Schema::Time(_) => KIND_TIME,
        Schema::Timedelta => KIND_DURATION,
        Schema::Uuid => KIND_UUID,
        Schema::Decimal(_) => KIND_DECIMAL,
        Schema::Choice(choice) => {
            let ints = if choice.ints.is_empty() { 0 } else { KIND_INT };
            let strs = if choice.strs.is_empty() { 0 } else { KIND_STR };
            match ints | strs {
                0 => KIND_STR,
                both => both,
            }
        }
        Schema::List { .. } | Schema::Set { .. } | Schema::FixedTuple(_) => KIND_ARRAY,
        Schema::Struct(schema) if schema.array_like => KIND_ARRAY,
        Schema::Dict { .. } | Schema::Struct(_) => KIND_OBJECT,
        Schema::Optional(inner) => kinds(inner) | KIND_NULL,
        Schema::Union(union) => union
            .variants
            .iter()
            .fold(0, |acc, variant| acc | kinds(variant)),
    }
}

/// `kinds` as msgspec names them: `int`, `int | str | null`, `any`.
fn kinds_name(kinds: u16) -> Cow<'static, str> {
    if kinds & KIND_ANY != 0 {
        return Cow::Borrowed("any");
    }
    let mut names = KIND_NAMES
        .iter()
        .enumerate()
        .filter(|&(bit, _)| kinds & (1 << bit) != 0)
        .map(|(_, name)| *name);
    match (names.next(), names.clone().next()) {
        (Some(only), None) => Cow::Borrowed(only),
        (Some(first), Some(_)) => Cow::Owned(names.fold(first.to_owned(), |mut joined, name| {
            joined.push_str(" | ");
            joined.push_str(name);
            joined
        })),
        (None, _) => Cow::Borrowed("raw"),
    }
}

/// What `schema` expects, as msgspec names it in ``Expected `int | null`, got `str` ``.
pub(crate) fn expected_name(schema: &Schema, nullable: bool) -> Cow<'static, str> {
    let null = if nullable { KIND_NULL } else { 0 };
    kinds_name(kinds(schema) | null)
}

/// The error `type` of a JSON value of the wrong type for `schema`.
pub(crate) fn type_error_kind(schema: &Schema) -> ErrorKind {
    match schema {
        Schema::None => ErrorKind::NullType,
        Schema::Bool => ErrorKind::BoolType,
        Schema::Int(_) => ErrorKind::IntType,
        Schema::Float(_) => ErrorKind::FloatType,
        Schema::Choice(choice) if choice.strs.is_empty() && !choice.ints.is_empty() => {
            ErrorKind::IntType
        }
        Schema::Str(_)
        | Schema::Any
        | Schema::Bytes(_)
        | Schema::Datetime(_)
        | Schema::Date
        | Schema::Time(_)
        | Schema::Timedelta
        | Schema::Uuid
        | Schema::Decimal(_)
        | Schema::Choice(_) => ErrorKind::StringType,
        Schema::List { .. } | Schema::Set { .. } | Schema::FixedTuple(_) => ErrorKind::ListType,
        Schema::Struct(schema) if schema.array_like => ErrorKind::ListType,
        Schema::Dict { .. } | Schema::Struct(_) => ErrorKind::ObjectType,
        Schema::Optional(inner) => type_error_kind(inner),
        Schema::Union(union) => union
            .variants
            .first()
            .map_or(ErrorKind::StringType, |first| type_error_kind(first)),
    }
}

/// The error `type` of text (a query value, a dict key) that does not parse as `schema`.
pub(crate) fn parse_error_kind(schema: &Schema) -> ErrorKind {
    match schema {
        Schema::Int(_) => ErrorKind::IntParsing,
        Schema::Float(_) => ErrorKind::FloatParsing,
        Schema::Bool => ErrorKind::BoolParsing,
        Schema::Optional(inner) => parse_error_kind(inner),
        other => type_error_kind(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: NumberRules = NumberRules {
        gt: None,
        ge: None,
        lt: None,
        le: None,
        multiple_of: None,
    };

    fn int_msg(rules: NumberRules, value: IntValue<'_>) -> Option<String> {
        check_int(&rules, value).map(|failure| failure.msg)
    }

    #[test]
    fn check_int_bounds_read_like_msgspec() {
        let small = IntValue::Small;
        let cases = [
            (
                NumberRules {
                    ge: Some(Bound::Int(1)),
                    ..NONE
                },
                0,
                "Expected `int` >= 1",
            ),
            (
                NumberRules {
                    gt: Some(Bound::Int(1)),
                    ..NONE
                },
                1,
                "Expected `int` >= 2",
            ),
            (
                NumberRules {
                    lt: Some(Bound::Int(1)),
                    ..NONE
                },
                1,
                "Expected `int` <= 0",
            ),
            (
                NumberRules {
                    le: Some(Bound::Int(1)),
                    ..NONE
                },
                2,
                "Expected `int` <= 1",
            ),
            (
                NumberRules {
                    multiple_of: Some(Bound::Int(3)),
                    ..NONE
                },
                4,
                "Expected `int` that's a multiple of 3",
            ),
        ];
        for (rules, value, msg) in cases {
            assert_eq!(int_msg(rules, small(value)).as_deref(), Some(msg));
        }
        assert_eq!(
            int_msg(
                NumberRules {
                    ge: Some(Bound::Int(1)),
                    ..NONE
                },
                small(1)
            ),
            None
        );
    }

    #[test]
    fn check_int_reports_declared_constraint_in_kind_and_ctx() {
        let rules = NumberRules {
            gt: Some(Bound::Int(0)),
            ..NONE
        };
        let Some(failure) = check_int(&rules, IntValue::Small(0)) else {
            panic!("0 > 0 fails")
        };
        assert_eq!(failure.kind, ErrorKind::GreaterThan);
        assert_eq!(failure.ctx, Some(json!({"gt": 0})));
        assert_eq!(failure.msg, "Expected `int` >= 1");
    }

    #[test]
    fn check_int_lower_bound_wins_over_multiple_of() {
        let rules = NumberRules {
            ge: Some(Bound::Int(10)),
            multiple_of: Some(Bound::Int(3)),
            ..NONE
        };
        assert_eq!(
            int_msg(rules, IntValue::Small(4)).as_deref(),
            Some("Expected `int` >= 10")
        );
    }

    #[test]
    fn check_int_extreme_bounds_do_not_overflow() {
        let rules = NumberRules {
            gt: Some(Bound::Int(i64::MAX)),
            ..NONE
        };
        assert_eq!(
            int_msg(rules, IntValue::Small(i64::MAX)).as_deref(),
            Some("Expected `int` >= 9223372036854775808")
        );
        let rules = NumberRules {
            multiple_of: Some(Bound::Int(-1)),
            ..NONE
        };
        assert_eq!(int_msg(rules, IntValue::Small(i64::MIN)), None);
        let rules = NumberRules {
            multiple_of: Some(Bound::Int(3)),
            ..NONE
        };
        assert!(int_msg(rules, IntValue::Small(i64::MIN)).is_some());
        let rules = NumberRules {
            multiple_of: Some(Bound::Int(0)),
            ..NONE
        };
        assert_eq!(int_msg(rules, IntValue::Small(5)), None);
    }

    #[test]
    fn check_int_big_values_compare_by_sign() {
        let big = IntValue::Big {
            negative: false,
            text: "100000000000000000000000",
        };
        let negative_big = IntValue::Big {
            negative: true,
            text: "-100000000000000000000000",
        };
        let ge_one = NumberRules {
            ge: Some(Bound::Int(1)),
            ..NONE
        };
        assert_eq!(int_msg(ge_one, big), None);
        assert_eq!(
            int_msg(ge_one, negative_big).as_deref(),
            Some("Expected `int` >= 1")
        );
        let le_max = NumberRules {
            le: Some(Bound::Int(i64::MAX)),
            ..NONE
        };
        assert!(int_msg(le_max, big).is_some());
    }

    #[test]
    fn check_int_big_multiple_of_uses_exact_remainder() {
        let odd = IntValue::Big {
            negative: false,
            text: "100000000000000000000001",
        };
        let even = IntValue::Big {
            negative: true,
            text: "-100000000000000000000000",
        };
        let rules = NumberRules {
            multiple_of: Some(Bound::Int(2)),
            ..NONE
        };
        assert!(int_msg(rules, odd).is_some());
        assert_eq!(int_msg(rules, even), None);
    }

    #[test]
    fn parse_int_text_limits_digits_like_python() {
        assert_eq!(parse_int_text("-12"), Ok(IntValue::Small(-12)));
        let big = "9".repeat(MAX_INT_TEXT_LEN);
        assert!(matches!(
            parse_int_text(&big),
            Ok(IntValue::Big {
                negative: false,
                ..
            })
        ));
        let too_big = "9".repeat(MAX_INT_TEXT_LEN + 1);
        assert_eq!(parse_int_text(&too_big), Err(Failure::int_out_of_range()));
        let negative = format!("-{big}");
        assert_eq!(parse_int_text(&negative), Err(Failure::int_out_of_range()));
    }

    #[test]
    fn check_float_bounds_show_python_floats() {
        let cases = [
            (
                NumberRules {
                    ge: Some(Bound::Int(1)),
                    ..NONE
                },
                0.0,
                "Expected `float` >= 1.0",
            ),
            (
                NumberRules {
                    gt: Some(Bound::Float(0.0)),
                    ..NONE
                },
                -0.0,
                "Expected `float` > 0.0",
            ),
            (
                NumberRules {
                    lt: Some(Bound::Float(1.5)),
                    ..NONE
                },
                2.0,
                "Expected `float` < 1.5",
            ),
            (
                NumberRules {
                    le: Some(Bound::Float(1e20)),
                    ..NONE
                },
                1e21,
                "Expected `float` <= 1e+20",
            ),
            (
                NumberRules {
                    multiple_of: Some(Bound::Float(0.5)),
                    ..NONE
                },
                0.3,
                "Expected `float` that's a multiple of 0.5",
            ),
            (
                NumberRules {
                    multiple_of: Some(Bound::Int(2)),
                    ..NONE
                },
                3.0,
                "Expected `float` that's a multiple of 2.0",
            ),
        ];
        for (rules, value, msg) in cases {
            assert_eq!(
                check_float(&rules, value).map(|f| f.msg).as_deref(),
                Some(msg)
            );
        }
    }

    #[test]
    fn check_float_multiple_of_uses_fmod_like_msgspec() {
        let tenth = NumberRules {
            multiple_of: Some(Bound::Float(0.1)),
            ..NONE
        };
        assert!(check_float(&tenth, 0.3).is_some());
        let half = NumberRules {
            multiple_of: Some(Bound::Float(0.5)),
            ..NONE
        };
        assert_eq!(check_float(&half, 1.5), None);
        assert_eq!(check_float(&half, -4.0), None);
        assert!(check_float(&half, f64::INFINITY).is_some());
    }

    #[test]
    fn check_float_nan_fails_every_constraint() {
        for rules in [
            NumberRules {
                ge: Some(Bound::Int(0)),
                ..NONE
            },
            NumberRules {
                le: Some(Bound::Int(0)),
                ..NONE
            },
            NumberRules {
                gt: Some(Bound::Int(0)),
                ..NONE
            },
            NumberRules {
                lt: Some(Bound::Int(0)),
                ..NONE
            },
            NumberRules {
                multiple_of: Some(Bound::Int(2)),
                ..NONE
            },
        ] {
            assert!(check_float(&rules, f64::NAN).is_some(), "{rules:?}");
        }
        assert_eq!(
            check_float(
                &NumberRules {
                    ge: Some(Bound::Int(0)),
                    ..NONE
                },
                f64::INFINITY
            ),
            None
        );
    }

    #[test]
    fn check_length_counts_items_and_characters() {
        let rules = LengthRules {
            min: Some(2),
            max: Some(3),
        };
        assert_eq!(
            check_length(&rules, 1, ARRAY).map(|f| f.kind),
            Some(ErrorKind::TooShort)
        );
        assert_eq!(
            check_length(&rules, 4, ARRAY).map(|f| f.kind),
            Some(ErrorKind::TooLong)
        );
        assert_eq!(
            check_length(&rules, 1, STR).map(|f| f.kind),
            Some(ErrorKind::StringTooShort)
        );
        assert_eq!(check_length(&rules, 2, ARRAY), None);
    }

    static STARTS_WITH_A: Pattern = Pattern::new("^a");
    static BROKEN: Pattern = Pattern::new("(unclosed");

    #[test]
    fn check_str_counts_code_points() {
        let rules = StrRules {
            length: LengthRules {
                min: Some(2),
                max: None,
            },
            pattern: None,
        };
        assert!(check_str(&rules, "😀").is_some());
        assert_eq!(check_str(&rules, "éé"), None);
    }

    #[test]
    fn check_str_pattern_searches_anywhere() {
        let rules = StrRules {
            length: LengthRules::default(),
            pattern: Some(&STARTS_WITH_A),
        };
        assert_eq!(check_str(&rules, "abc"), None);
        let failure = check_str(&rules, "bac");
        assert_eq!(
            failure.map(|f| f.msg).as_deref(),
            Some("Expected `str` matching regex '^a'")
        );
        static MIDDLE: Pattern = Pattern::new("b+");
        let rules = StrRules {
            length: LengthRules::default(),
            pattern: Some(&MIDDLE),
        };
        assert_eq!(check_str(&rules, "abba"), None);
    }

    /// Found by tests/differential: msgspec (Python `re`) accepted `"ABC-1\n"` for
    /// `^[A-Z]{3}-[0-9]+$`; native validation refused it.
    #[test]
    fn check_str_dollar_also_matches_before_a_final_newline_like_python() {
        static SKU: Pattern = Pattern::new("^[A-Z]{3}-[0-9]+$");
        static EMPTY: Pattern = Pattern::new("^$");
        static DOLLAR_IN_CLASS: Pattern = Pattern::new(r"^[$]\$[]$]$");
        static MULTILINE: Pattern = Pattern::new("(?m)^a$");
        let matches = |pattern: &'static Pattern, text: &str| {
            check_str(
                &StrRules {
                    length: LengthRules::default(),
                    pattern: Some(pattern),
                },
                text,
            )
            .is_none()
        };
        assert!(matches(&SKU, "ABC-1"));
        assert!(matches(&SKU, "ABC-1\n"));
        assert!(!matches(&SKU, "ABC-1\n\n"));
        assert!(!matches(&SKU, "ABC-1\r\n"));
        assert!(!matches(&SKU, "ABC-1 "));
        assert!(matches(&EMPTY, "") && matches(&EMPTY, "\n") && !matches(&EMPTY, "\n\n"));
        assert!(matches(&DOLLAR_IN_CLASS, "$$$") && matches(&DOLLAR_IN_CLASS, "$$]\n"));
        assert!(matches(&MULTILINE, "b\na\nc"));
    }

    /// Found by tests/differential: Python's `\w` takes `²` and refuses a combining accent,
    /// its `\s` takes U+001C..U+001F; the regex crate's classes did the opposite.
    #[test]
    fn check_str_word_and_space_classes_mean_what_python_means() {
        static WORD: Pattern = Pattern::new(r"^\w+$");
        static NOT_WORD: Pattern = Pattern::new(r"^[\W]+$");
        static SPACE: Pattern = Pattern::new(r"^a\sb$");
        static NOT_SPACE: Pattern = Pattern::new(r"^\S$");
        let matches = |pattern: &'static Pattern, text: &str| {
            check_str(
                &StrRules {
                    length: LengthRules::default(),
                    pattern: Some(pattern),
                },
                text,
            )
            .is_none()
        };
        assert!(matches(&WORD, "x²½_é9٣"));
        assert!(!matches(&WORD, "e\u{301}"));
        assert!(matches(&NOT_WORD, "\u{301}-"));
        assert!(!matches(&NOT_WORD, "²"));
        assert!(matches(&SPACE, "a\u{1c}b") && matches(&SPACE, "a\u{3000}b"));
        assert!(!matches(&NOT_SPACE, "\u{1f}") && matches(&NOT_SPACE, "x"));
    }

    #[test]
    fn rust_pattern_rewrites_only_what_python_reads_differently() {
        assert_eq!(rust_pattern("^a+$"), r"^a+(?:\n?\z)");
        assert_eq!(rust_pattern(r"a\$|b$"), r"a\$|b(?:\n?\z)");
        assert_eq!(
            rust_pattern(r"\w[\w-]\W"),
            r"[\p{L}\p{N}_][\p{L}\p{N}_-][^\p{L}\p{N}_]"
        );
        assert_eq!(
            rust_pattern(r"\s[^\S]\\s\d\b"),
            r"[\s\x1C-\x1F][^[^\s\x1C-\x1F]]\\s\d\b"
        );
        assert_eq!(rust_pattern(r"(?m)^\w$"), r"(?m)^[\p{L}\p{N}_]$");
        assert_eq!(
            rust_pattern("[^]$][[:alpha:]$]$"),
            r"[^]$][[:alpha:]$](?:\n?\z)"
        );
        assert!(matches!(rust_pattern("^a"), Cow::Borrowed("^a")));
        assert!(matches!(rust_pattern("(?im)^a$"), Cow::Borrowed(_)));
        assert!(matches!(rust_pattern("(?i:x)(?m:^a$)"), Cow::Borrowed(_)));
    }

    #[test]
    fn check_str_uncompilable_pattern_never_matches() {
        let rules = StrRules {
            length: LengthRules::default(),
            pattern: Some(&BROKEN),
        };
        assert_eq!(
            check_str(&rules, "(unclosed").map(|f| f.kind),
            Some(ErrorKind::StringPatternMismatch)
        );
    }

    static INT_SCHEMA: Schema = Schema::Int(NONE);
    static OPTIONAL_INT: Schema = Schema::Optional(&INT_SCHEMA);
    static NULL_SCHEMA: Schema = Schema::None;

    #[test]
    fn expected_name_adds_null_for_optionals() {
        assert_eq!(expected_name(&INT_SCHEMA, false), "int");
        assert_eq!(expected_name(&INT_SCHEMA, true), "int | null");
        assert_eq!(expected_name(&NULL_SCHEMA, true), "null");
        assert_eq!(parse_error_kind(&OPTIONAL_INT), ErrorKind::IntParsing);
        assert_eq!(type_error_kind(&OPTIONAL_INT), ErrorKind::IntType);
    }

    #[test]
    fn check_str_length_is_checked_before_pattern() {
        let rules = StrRules {
            length: LengthRules {
                min: Some(5),
                max: None,
            },
            pattern: Some(&STARTS_WITH_A),
        };
        assert_eq!(
            check_str(&rules, "b").map(|f| f.kind),
            Some(ErrorKind::StringTooShort)
        );
    }
}
