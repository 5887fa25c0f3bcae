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
pub(crate) fn number(expr: &Expr) -> Option<serde_json::Number> {
    match expr {
        Expr::NumberLiteral(literal) => match &literal.value {
            Number::Int(int) => int.as_i64().map(serde_json::Number::from),
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
    match number.as_i64() {
        Some(int) => int.checked_neg().map(serde_json::Number::from),
        None => serde_json::Number::from_f64(-number.as_f64()?),
    }
}

/// An integer literal (with an optional sign).
pub(crate) fn integer(expr: &Expr) -> Option<i64> {
    number(expr)?.as_i64()
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
    fn test_json_non_literal_is_none() {
        assert_eq!(eval("x"), None);
        assert_eq!(eval("[x]"), None);
        assert_eq!(eval("f'{x}'"), None);
    }
}
