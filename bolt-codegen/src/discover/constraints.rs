//! Which constraints apply to which type, and how stacked constraints combine — exactly as
//! msgspec checks `Annotated[T, Meta(...)]` when it builds a decoder (`_core.c`,
//! `typenode_collect_constraints` and `constraints_update`).

use crate::manifest::{Constraints, TypeRef};

/// `Meta(lt=...)` on an `int`: msgspec stores `lt - 1` and refuses the smallest int64.
const INT_LT_FLOOR: i64 = i64::MIN;
/// `Meta(gt=...)` on an `int`: msgspec stores `gt + 1` and refuses the largest int64.
const INT_GT_CEILING: i64 = i64::MAX;

/// How new constraints combine with those already on the type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Combine {
    /// `msgspec.Meta`: a constraint may be set once; `gt`/`ge` and `lt`/`le` exclude each
    /// other; constraints on `Optional[T]` are refused (msgspec checks the union).
    Meta,
    /// django-bolt markers (`Query(ge=1)`): later values win and `Optional[T]` passes them
    /// to `T`.
    Marker,
}

/// Why constraints cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ConstraintError {
    /// The constraint `name` only applies to a `kind` type (msgspec's wording).
    Mismatch {
        name: &'static str,
        kind: &'static str,
    },
    /// Two `Meta`s set `name`.
    SetTwice(&'static str),
    /// `gt` with `ge`, or `lt` with `le`.
    Exclusive(&'static str, &'static str),
    /// A bound msgspec refuses for an `int` type.
    IntBound {
        name: &'static str,
        reason: &'static str,
    },
}

impl ConstraintError {
    /// The headline of the diagnostic.
    pub(crate) fn message(&self) -> String {
        match self {
            Self::Mismatch { name, kind } => {
                format!(
                    "constraint `{name}` does not apply to this type: msgspec only sets `{name}` on a {kind} type"
                )
            }
            Self::SetTwice(name) => format!("`{name}` is set by more than one `Meta`"),
            Self::Exclusive(a, b) => format!("cannot set both `{a}` and `{b}` on the same type"),
            Self::IntBound { name, reason } => format!("`{name}` {reason}"),
        }
    }
}

/// The kinds of constraint msgspec distinguishes (`enum constraint_kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Float,
    Str,
    Bytes,
    Time,
    Array,
    Map,
    Other,
}

fn kind_of(ty: &TypeRef) -> Kind {
    match ty {
        TypeRef::Int { .. } => Kind::Int,
        TypeRef::Float { .. } => Kind::Float,
        TypeRef::Str { .. } => Kind::Str,
        TypeRef::Bytes { .. } => Kind::Bytes,
        TypeRef::Datetime { .. } | TypeRef::Time { .. } => Kind::Time,
        TypeRef::List { .. }
        | TypeRef::Set { .. }
        | TypeRef::FrozenSet { .. }
        | TypeRef::Tuple { .. } => Kind::Array,
        TypeRef::Dict { .. } => Kind::Map,
        _ => Kind::Other,
    }
}

/// `ty` with `new` applied, or why not.
pub(crate) fn apply(
    ty: &TypeRef,
    new: &Constraints,
    combine: Combine,
) -> Result<TypeRef, ConstraintError> {
    if new.is_empty() {
        return Ok(ty.clone());
    }
    if let (TypeRef::Optional { inner }, Combine::Marker) = (ty, combine) {
        return apply(inner, new, combine).map(TypeRef::optional);
    }
    check_kind(kind_of(ty), new)?;
    let mut out = ty.clone();
    let Some(old) = constraints_mut(&mut out) else {
        return Err(ConstraintError::Mismatch {
            name: first_set(new),
            kind: "numeric",
        });
    };
    let merged = match combine {
        Combine::Meta => merge_strict(old, new)?,
        Combine::Marker => merge_override(old, new),
    };
    if kind_of(ty) == Kind::Int {
        check_int_bounds(&merged)?;
    }
    *old = merged;
    Ok(out)
}

/// msgspec's order of checks: numeric, pattern, lengths, tz.
fn check_kind(kind: Kind, new: &Constraints) -> Result<(), ConstraintError> {
    if !matches!(kind, Kind::Int | Kind::Float)
        && let Some((name, _)) = new.numeric().into_iter().find(|(_, value)| value.is_some())
    {
        return Err(ConstraintError::Mismatch {
            name,
            kind: "numeric",
        });
    }
    if kind != Kind::Str && new.pattern.is_some() {
        return Err(ConstraintError::Mismatch {
            name: "pattern",
            kind: "str",
        });
    }
    if !matches!(kind, Kind::Str | Kind::Bytes | Kind::Array | Kind::Map)
        && let Some((name, _)) = new.lengths().into_iter().find(|(_, value)| value.is_some())
    {
        return Err(ConstraintError::Mismatch {
            name,
            kind: "str, bytes, or collection",
        });
    }
    if kind != Kind::Time && new.tz.is_some() {
        return Err(ConstraintError::Mismatch {
            name: "tz",
            kind: "datetime or time",
        });
    }
    Ok(())
}

/// The constraints slot of a type that has one.
fn constraints_mut(ty: &mut TypeRef) -> Option<&mut Constraints> {
    match ty {
        TypeRef::Int { constraints }
        | TypeRef::Float { constraints }
        | TypeRef::Str { constraints }
        | TypeRef::Bytes { constraints, .. }
        | TypeRef::Datetime { constraints }
        | TypeRef::Time { constraints }
        | TypeRef::List { constraints, .. }
        | TypeRef::Set { constraints, .. }
        | TypeRef::FrozenSet { constraints, .. }
        | TypeRef::Tuple { constraints, .. }
        | TypeRef::Dict { constraints, .. } => Some(constraints),
        _ => None,
    }
}

fn first_set(constraints: &Constraints) -> &'static str {
    [
        ("gt", constraints.gt.is_some()),
        ("ge", constraints.ge.is_some()),
        ("lt", constraints.lt.is_some()),
        ("le", constraints.le.is_some()),
        ("multiple_of", constraints.multiple_of.is_some()),
        ("min_length", constraints.min_length.is_some()),
        ("max_length", constraints.max_length.is_some()),
        ("pattern", constraints.pattern.is_some()),
        ("tz", constraints.tz.is_some()),
    ]
    .into_iter()
    .find_map(|(name, set)| set.then_some(name))
    .unwrap_or("constraint")
}

/// Picks `new` when only it is set, `old` when only it is set, and reports a clash.
fn once<T: Clone>(
    name: &'static str,
    old: &Option<T>,
    new: &Option<T>,
) -> Result<Option<T>, ConstraintError> {
    match (old, new) {
        (Some(_), Some(_)) => Err(ConstraintError::SetTwice(name)),
        (Some(value), None) | (None, Some(value)) => Ok(Some(value.clone())),
        (None, None) => Ok(None),
    }
}

fn merge_strict(old: &Constraints, new: &Constraints) -> Result<Constraints, ConstraintError> {
    let merged = Constraints {
        gt: once("gt", &old.gt, &new.gt)?,
        ge: once("ge", &old.ge, &new.ge)?,
        lt: once("lt", &old.lt, &new.lt)?,
        le: once("le", &old.le, &new.le)?,
        multiple_of: once("multiple_of", &old.multiple_of, &new.multiple_of)?,
        pattern: once("pattern", &old.pattern, &new.pattern)?,
        min_length: once("min_length", &old.min_length, &new.min_length)?,
        max_length: once("max_length", &old.max_length, &new.max_length)?,
        tz: once("tz", &old.tz, &new.tz)?,
    };
    if merged.gt.is_some() && merged.ge.is_some() {
        return Err(ConstraintError::Exclusive("gt", "ge"));
    }
    if merged.lt.is_some() && merged.le.is_some() {
        return Err(ConstraintError::Exclusive("lt", "le"));
    }
    Ok(merged)
}

fn merge_override(old: &Constraints, new: &Constraints) -> Constraints {
    Constraints {
        gt: new.gt.clone().or_else(|| old.gt.clone()),
        ge: new.ge.clone().or_else(|| old.ge.clone()),
        lt: new.lt.clone().or_else(|| old.lt.clone()),
        le: new.le.clone().or_else(|| old.le.clone()),
        multiple_of: new.multiple_of.clone().or_else(|| old.multiple_of.clone()),
        min_length: new.min_length.or(old.min_length),
        max_length: new.max_length.or(old.max_length),
        pattern: new.pattern.clone().or_else(|| old.pattern.clone()),
        tz: new.tz.or(old.tz),
    }
}

/// msgspec converts int bounds to int64 (`_constr_as_i64`): floats are refused, values
/// must fit, and `gt`/`lt` must leave room for their +1/-1 offset.
fn check_int_bounds(constraints: &Constraints) -> Result<(), ConstraintError> {
    for (name, bound) in constraints.numeric() {
        let Some(bound) = bound else { continue };
        if bound.is_f64() {
            return Err(ConstraintError::IntBound {
                name,
                reason: "must be an int on an `int` type (msgspec: 'float' object cannot be interpreted as an integer)",
            });
        }
        let Some(value) = bound.as_i64() else {
            return Err(ConstraintError::IntBound {
                name,
                reason: "does not fit in an int64: msgspec does not support integer bounds outside [-2**63, 2**63 - 1]",
            });
        };
        if name == "gt" && value == INT_GT_CEILING {
            return Err(ConstraintError::IntBound {
                name,
                reason: "cannot be 2**63 - 1 (msgspec: gt >= 2**63 - 1 is not supported)",
            });
        }
        if name == "lt" && value == INT_LT_FLOOR {
            return Err(ConstraintError::IntBound {
                name,
                reason: "cannot be -2**63 (msgspec: lt <= -2**63 is not supported)",
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ge(value: i64) -> Constraints {
        Constraints {
            ge: Some(value.into()),
            ..Constraints::default()
        }
    }

    #[test]
    fn test_apply_meta_on_optional_is_refused_marker_passes_through() {
        let optional = TypeRef::optional(TypeRef::int());
        assert!(matches!(
            apply(&optional, &ge(1), Combine::Meta),
            Err(ConstraintError::Mismatch { name: "ge", .. })
        ));
        assert_eq!(
            apply(&optional, &ge(1), Combine::Marker),
            Ok(TypeRef::optional(TypeRef::Int { constraints: ge(1) }))
        );
    }

    #[test]
    fn test_apply_meta_twice_same_key_is_refused() {
        let once = apply(&TypeRef::int(), &ge(1), Combine::Meta).expect("applies");
        assert_eq!(
            apply(&once, &ge(2), Combine::Meta),
            Err(ConstraintError::SetTwice("ge"))
        );
        let gt = Constraints {
            gt: Some(0.into()),
            ..Constraints::default()
        };
        assert_eq!(
            apply(&once, &gt, Combine::Meta),
            Err(ConstraintError::Exclusive("gt", "ge"))
        );
    }

    #[test]
    fn test_apply_kinds_follow_msgspec() {
        let tz = Constraints {
            tz: Some(true),
            ..Constraints::default()
        };
        assert!(apply(&TypeRef::Date, &tz, Combine::Meta).is_err());
        let time = TypeRef::Time {
            constraints: Constraints::default(),
        };
        assert!(apply(&time, &tz, Combine::Meta).is_ok());
        let length = Constraints {
            max_length: Some(2),
            ..Constraints::default()
        };
        assert!(
            apply(
                &TypeRef::FixedTuple { items: vec![] },
                &length,
                Combine::Meta
            )
            .is_err()
        );
        let decimal = TypeRef::Decimal {
            constraints: Constraints::default(),
        };
        assert!(apply(&decimal, &ge(1), Combine::Meta).is_err());
    }

    #[test]
    fn test_apply_int_bounds_at_int64_edges() {
        assert!(apply(&TypeRef::int(), &ge(i64::MIN), Combine::Meta).is_ok());
        let lt_min = Constraints {
            lt: Some(i64::MIN.into()),
            ..Constraints::default()
        };
        assert!(apply(&TypeRef::int(), &lt_min, Combine::Meta).is_err());
        let too_big = Constraints {
            ge: Some(serde_json::Number::from(u64::MAX)),
            ..Constraints::default()
        };
        assert!(apply(&TypeRef::int(), &too_big, Combine::Meta).is_err());
        assert!(apply(&TypeRef::float(), &too_big, Combine::Meta).is_ok());
    }
}
