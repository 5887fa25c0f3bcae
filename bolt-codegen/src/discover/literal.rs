//! Python literals that discovery evaluates statically: strings, numbers, booleans, `None`,
//! and lists/tuples/dicts of those.

use ruff_python_ast::{self as ast, Expr, Number, UnaryOp};
use serde_json::Value;

/// The value of a string literal (implicit concatenation included, f-strings excluded).
pub(crate) fn string(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(literal) => Some(literal.value.to_str()),
        _ => None,
    }
}

/// An `int` or `float` literal, with an optional unary `-`/`+`; ints stay JSON integers.
/// Integers outside `-2**64 < n < 2**64` are not representable and give `None` (see
/// [`integer_text`] for their digits).
pub(crate) fn number(expr: &Expr) -> Option<serde_json::Number> {
    match expr {
        Expr::NumberLiteral(literal) => match &literal.value {
            Number::Int(int) => int_value(int).and_then(json_integer),
            Number::Float(float) => serde_json::Number::from_f64(*float),
            Number::Complex { .. } => None,
        },
        Expr::UnaryOp(ast::ExprUnaryOp {
            op: UnaryOp::USub,
            operand,
            ..
        }) => negate(number(operand)?),
        Expr::UnaryOp(ast::ExprUnaryOp {
            op: UnaryOp::UAdd,
            operand,
            ..
        }) => number(operand),
        _ => None,
    }
}

fn negate(number: serde_json::Number) -> Option<serde_json::Number> {
    if let Some(int) = number.as_i64() {
        return json_integer(-i128::from(int));
    }
    if let Some(unsigned) = number.as_u64() {
        return json_integer(-i128::from(unsigned));
    }
    serde_json::Number::from_f64(-number.as_f64()?)
}

/// The value of an int literal token, when it fits an `i128`.
fn int_value(int: &ast::Int) -> Option<i128> {
    match int.as_i64() {
        Some(small) => Some(i128::from(small)),
        None => int.to_string().parse::<u64>().ok().map(i128::from),
    }
}

/// A JSON integer, when `value` fits `i64` or `u64`.
fn json_integer(value: i128) -> Option<serde_json::Number> {
    if let Ok(small) = i64::try_from(value) {
        return Some(small.into());
    }
    u64::try_from(value).ok().map(serde_json::Number::from)
}

/// An integer literal (with an optional sign) that fits an `i64`.
pub(crate) fn integer(expr: &Expr) -> Option<i64> {
    number(expr)?.as_i64()
}

/// True when `expr` is an int literal (with an optional sign), whatever its size.
pub(crate) fn is_integer_literal(expr: &Expr) -> bool {
    match expr {
        Expr::NumberLiteral(literal) => matches!(literal.value, Number::Int(_)),
        Expr::UnaryOp(ast::ExprUnaryOp {
            op: UnaryOp::USub | UnaryOp::UAdd,
            operand,
            ..
        }) => is_integer_literal(operand),
        _ => false,
    }
}

/// `True` / `False`.
pub(crate) fn boolean(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::BooleanLiteral(literal) => Some(literal.value),
        _ => None,
    }
}

/// `...`: "no default" in django-bolt markers.
pub(crate) fn is_ellipsis(expr: &Expr) -> bool {
    matches!(expr, Expr::EllipsisLiteral(_))
}

/// The JSON value of a literal expression, or `None` when it is not a literal.
pub(crate) fn json(expr: &Expr) -> Option<Value> {
    match expr {
        Expr::NoneLiteral(_) => Some(Value::Null),
        Expr::BooleanLiteral(literal) => Some(Value::Bool(literal.value)),
        Expr::StringLiteral(literal) => Some(Value::String(literal.value.to_str().to_owned())),
        Expr::NumberLiteral(_) | Expr::UnaryOp(_) => number(expr).map(Value::Number),
        Expr::List(list) => list
            .elts
            .iter()
            .map(json)
            .collect::<Option<Vec<_>>>()
            .map(Value::Array),
        Expr::Tuple(tuple) => tuple
            .elts
            .iter()
            .map(json)
            .collect::<Option<Vec<_>>>()
            .map(Value::Array),
        Expr::Dict(dict) => dict
            .items
            .iter()
            .map(|item| Some((string(item.key.as_ref()?)?.to_owned(), json(&item.value)?)))
            .collect::<Option<serde_json::Map<_, _>>>()
            .map(Value::Object),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use ruff_python_parser::parse_expression;

    use super::*;

    fn eval(source: &str) -> Option<Value> {
        let parsed = parse_expression(source).expect("valid expression");
        json(parsed.expr())
    }

    #[test]
    fn test_json_literals_keep_int_float_distinction() {
        assert_eq!(eval("1"), Some(serde_json::json!(1)));
        assert_eq!(eval("-2.5"), Some(serde_json::json!(-2.5)));
        assert_eq!(
            eval("[1, 'a', None, True]"),
            Some(serde_json::json!([1, "a", null, true]))
        );
        assert_eq!(
            eval("{'a': (1, 2)}"),
            Some(serde_json::json!({"a": [1, 2]}))
        );
    }

    #[test]
    fn test_number_at_i64_edges_is_exact() {
        assert_eq!(
            eval("-9223372036854775808"),
            Some(serde_json::json!(i64::MIN))
        );
        assert_eq!(
            eval("9223372036854775808"),
            Some(serde_json::json!(9_223_372_036_854_775_808_u64))
        );
        assert_eq!(eval("-9223372036854775809"), None);
        assert_eq!(eval("18446744073709551616"), None);
        assert_eq!(eval("-0x10"), Some(serde_json::json!(-16)));
    }

    #[test]
    fn test_json_non_literal_is_none() {
        assert_eq!(eval("x"), None);
        assert_eq!(eval("[x]"), None);
        assert_eq!(eval("f'{x}'"), None);
    }
}
