//! Unions in canonical form (see [`TypeRef`]), refused exactly when msgspec refuses to build a
//! decoder for them (`_core.c`: `typenode_collect_*`, `typenode_collect_convert_structs`,
//! `typenode_collect_check_invariants`).

use crate::manifest::{StructTag, TagValue, TypeRef};

/// What the union rules need to know about a Struct member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StructFacts {
    pub(crate) tag: Option<StructTag>,
    pub(crate) array_like: bool,
}

/// What the union rules need to know about the project's Structs and enums.
pub(crate) trait UnionFacts {
    /// The facts of Struct `name`, or `None` when its definition failed (already reported).
    fn struct_facts(&self, name: &str) -> Option<StructFacts>;
    /// True for an enum with int values, false for str values; `None` if it failed.
    fn enum_is_int(&self, name: &str) -> Option<bool>;
}

/// Why msgspec refuses a union; the text follows msgspec's `TypeError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnionError {
    pub(crate) message: String,
    pub(crate) help: &'static str,
}

impl UnionError {
    fn new(message: impl Into<String>, help: &'static str) -> Self {
        Self {
            message: message.into(),
            help,
        }
    }
}

/// `members` joined into one canonical type: nested unions and optionals flattened, `Any`
/// absorbing everything, Literals merged, literal values dropped when `int`/`str` already
/// accepts them, duplicates removed, `None` lifted into `Optional`.
pub(crate) fn union_of(
    members: Vec<TypeRef>,
    facts: &dyn UnionFacts,
) -> Result<TypeRef, UnionError> {
    let mut has_none = false;
    let mut flat = Vec::new();
    for member in members {
        if flatten(member, &mut flat, &mut has_none) {
            return Ok(TypeRef::Any);
        }
    }
    let mut variants = merge_literals(flat);
    dedupe(&mut variants);
    check(&variants, facts)?;
    drop_subsumed_literals(&mut variants);
    let joined = match variants.len() {
        0 => return Ok(TypeRef::None),
        1 => variants.remove(0),
        _ => TypeRef::Union { variants },
    };
    Ok(if has_none {
        TypeRef::optional(joined)
    } else {
        joined
    })
}

/// Pushes the non-None parts of `ty`; true when `ty` is or contains `Any`.
fn flatten(ty: TypeRef, out: &mut Vec<TypeRef>, has_none: &mut bool) -> bool {
    match ty {
        TypeRef::Any => true,
        TypeRef::None => {
            *has_none = true;
            false
        }
        TypeRef::Optional { inner } => {
            *has_none = true;
            flatten(*inner, out, has_none)
        }
        TypeRef::Union { variants } => variants
            .into_iter()
            .any(|variant| flatten(variant, out, has_none)),
        other => {
            out.push(other);
            false
        }
    }
}

/// All `Literal`s of a union are one set of values (msgspec collects them together), kept
/// where the first one is.
fn merge_literals(types: Vec<TypeRef>) -> Vec<TypeRef> {
    let mut merged: Vec<TagValue> = Vec::new();
    let mut position = None;
    let mut out = Vec::new();
    for ty in types {
        match ty {
            TypeRef::Literal { values } => {
                position.get_or_insert(out.len());
                for value in values {
                    if !merged.contains(&value) {
                        merged.push(value);
                    }
                }
            }
            other => out.push(other),
        }
    }
    if let Some(index) = position {
        out.insert(index, TypeRef::Literal { values: merged });
    }
    out
}

fn dedupe(types: &mut Vec<TypeRef>) {
    let mut seen: Vec<TypeRef> = Vec::new();
    types.retain(|ty| {
        if seen.contains(ty) {
            false
        } else {
            seen.push(ty.clone());
            true
        }
    });
}

/// msgspec: "If int & int literals are both present, drop literals" (likewise str).
fn drop_subsumed_literals(types: &mut Vec<TypeRef>) {
    let has_int = types.iter().any(|ty| matches!(ty, TypeRef::Int { .. }));
    let has_str = types.iter().any(|ty| matches!(ty, TypeRef::Str { .. }));
    for ty in types.iter_mut() {
        if let TypeRef::Literal { values } = ty {
            values.retain(|value| match value {
                TagValue::Int(_) => !has_int,
                TagValue::Str(_) => !has_str,
            });
        }
    }
    types.retain(|ty| !matches!(ty, TypeRef::Literal { values } if values.is_empty()));
}

const UNIQUE_HELP: &str = "keep one of these types in the union, or wrap the alternatives in tagged msgspec.Structs (`tag=True`)";
const STRUCT_HELP: &str = "give every Struct of the union `tag=True` (or `tag=\"...\"`), with the same `tag_field` and distinct tag values";

fn check(types: &[TypeRef], facts: &dyn UnionFacts) -> Result<(), UnionError> {
    let count = |pred: &dyn Fn(&TypeRef) -> bool| types.iter().filter(|ty| pred(ty)).count();
    if count(&|ty| matches!(ty, TypeRef::Dict { .. })) > 1 {
        return Err(UnionError::new(
            "type unions may not contain more than one dict type",
            UNIQUE_HELP,
        ));
    }
    let arrays = count(&|ty| {
        matches!(
            ty,
            TypeRef::List { .. }
                | TypeRef::Set { .. }
                | TypeRef::FrozenSet { .. }
                | TypeRef::Tuple { .. }
                | TypeRef::FixedTuple { .. }
        )
    });
    if arrays > 1 {
        return Err(UnionError::new(
            "type unions may not contain more than one array-like (list, set, tuple) type",
            UNIQUE_HELP,
        ));
    }
    let enums: Vec<Option<bool>> = types
        .iter()
        .filter_map(|ty| match ty {
            TypeRef::Enum { name } => Some(facts.enum_is_int(name)),
            _ => None,
        })
        .collect();
    for (is_int, kind) in [(true, "int enum"), (false, "str enum")] {
        if enums.iter().filter(|e| **e == Some(is_int)).count() > 1 {
            return Err(UnionError::new(
                format!("type unions may not contain more than one {kind} type"),
                UNIQUE_HELP,
            ));
        }
    }
    let structs: Vec<StructFacts> = types
        .iter()
        .filter_map(|ty| match ty {
            TypeRef::Struct { name } => facts.struct_facts(name),
            _ => None,
        })
        .collect();
    check_structs(&structs)?;
    let struct_array = structs.iter().any(|s| s.array_like);
    let struct_object = structs.iter().any(|s| !s.array_like);
    if arrays + usize::from(struct_array) > 1 {
        return Err(UnionError::new(
            "type unions may not contain more than one array-like type (`Struct(array_like=True)`, `list`, `set`, `frozenset`, `tuple`)",
            UNIQUE_HELP,
        ));
    }
    let dicts = count(&|ty| matches!(ty, TypeRef::Dict { .. }));
    if dicts + usize::from(struct_object) > 1 {
        return Err(UnionError::new(
            "type unions may not contain more than one dict-like type (`Struct`, `dict`)",
            UNIQUE_HELP,
        ));
    }
    let has_int = types.iter().any(|ty| matches!(ty, TypeRef::Int { .. }));
    let has_str = types.iter().any(|ty| matches!(ty, TypeRef::Str { .. }));
    let literal_has = |want_int: bool| {
        types.iter().any(|ty| match ty {
            TypeRef::Literal { values } => values
                .iter()
                .any(|value| matches!(value, TagValue::Int(_)) == want_int),
            _ => false,
        })
    };
    let int_like = usize::from(has_int)
        + usize::from(literal_has(true) && !has_int)
        + enums.iter().filter(|e| **e == Some(true)).count();
    if int_like > 1 {
        return Err(UnionError::new(
            "type unions may not contain more than one int-like type (`int`, `Enum`, `Literal[int values]`)",
            UNIQUE_HELP,
        ));
    }
    let str_scalars = count(&|ty| {
        matches!(
            ty,
            TypeRef::Str { .. }
                | TypeRef::Bytes { .. }
                | TypeRef::Datetime { .. }
                | TypeRef::Date
                | TypeRef::Time { .. }
                | TypeRef::Timedelta
                | TypeRef::Uuid
                | TypeRef::Decimal { .. }
        )
    });
    let str_like = str_scalars
        + usize::from(literal_has(false) && !has_str)
        + enums.iter().filter(|e| **e == Some(false)).count();
    if str_like > 1 {
        return Err(UnionError::new(
            "type unions may not contain more than one str-like type (`str`, `Enum`, `Literal[str values]`, `datetime`, `date`, `time`, `timedelta`, `uuid`, `decimal`, `bytes`, `bytearray`)",
            "JSON cannot tell these apart (all are strings): keep one, or use tagged msgspec.Structs",
        ));
    }
    Ok(())
}

/// Several Structs in one union: msgspec's tagged-union rules.
fn check_structs(structs: &[StructFacts]) -> Result<(), UnionError> {
    if structs.len() < 2 {
        return Ok(());
    }
    let mut tags: Vec<&StructTag> = Vec::new();
    for facts in structs {
        let Some(tag) = &facts.tag else {
            return Err(UnionError::new(
                "if a type union contains multiple Struct types, all Struct types must be tagged (via `tag` or `tag_field` kwarg)",
                STRUCT_HELP,
            ));
        };
        if let Some(first) = tags.first() {
            if facts.array_like != structs[0].array_like {
                return Err(UnionError::new(
                    "type unions may not contain Struct types with `array_like=True` and `array_like=False`",
                    STRUCT_HELP,
                ));
            }
            let is_str = |tag: &StructTag| matches!(tag.value, TagValue::Str(_));
            if is_str(first) != is_str(tag) {
                return Err(UnionError::new(
                    "type unions may not contain Struct types with both `int` and `str` tags",
                    STRUCT_HELP,
                ));
            }
            if first.field != tag.field {
                return Err(UnionError::new(
                    "if a type union contains multiple Struct types, all Struct types must have the same `tag_field`",
                    STRUCT_HELP,
                ));
            }
        }
        if tags.iter().any(|seen| seen.value == tag.value) {
            return Err(UnionError::new(
                "if a type union contains multiple Struct types, all Struct types must have unique `tag` values",
                STRUCT_HELP,
            ));
        }
        tags.push(tag);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::manifest::Constraints;

    #[derive(Default)]
    struct Facts {
        structs: BTreeMap<String, StructFacts>,
        enums: BTreeMap<String, bool>,
    }

    impl UnionFacts for Facts {
        fn struct_facts(&self, name: &str) -> Option<StructFacts> {
            self.structs.get(name).cloned()
        }
        fn enum_is_int(&self, name: &str) -> Option<bool> {
            self.enums.get(name).copied()
        }
    }

    fn literal(values: &[TagValue]) -> TypeRef {
        TypeRef::Literal {
            values: values.to_vec(),
        }
    }

    fn tagged(field: &str, value: &str) -> StructFacts {
        StructFacts {
            tag: Some(StructTag {
                field: field.into(),
                value: TagValue::Str(value.into()),
            }),
            array_like: false,
        }
    }

    #[test]
    fn test_union_of_flattens_dedupes_and_lifts_none() {
        let facts = Facts::default();
        let nested = TypeRef::Union {
            variants: vec![TypeRef::int(), TypeRef::str()],
        };
        let joined = union_of(
            vec![TypeRef::optional(nested), TypeRef::int(), TypeRef::float()],
            &facts,
        );
        assert_eq!(
            joined,
            Ok(TypeRef::optional(TypeRef::Union {
                variants: vec![TypeRef::int(), TypeRef::str(), TypeRef::float()]
            }))
        );
        assert_eq!(
            union_of(vec![TypeRef::Any, TypeRef::int()], &facts),
            Ok(TypeRef::Any)
        );
    }

    #[test]
    fn test_union_of_int_drops_int_literals_like_msgspec() {
        let facts = Facts::default();
        let joined = union_of(
            vec![
                literal(&[TagValue::Int(1.into()), TagValue::Str("a".into())]),
                TypeRef::int(),
            ],
            &facts,
        );
        assert_eq!(
            joined,
            Ok(TypeRef::Union {
                variants: vec![literal(&[TagValue::Str("a".into())]), TypeRef::int()]
            })
        );
    }

    #[test]
    fn test_union_of_two_str_like_is_refused() {
        let facts = Facts::default();
        let error = union_of(vec![TypeRef::str(), TypeRef::Uuid], &facts).expect_err("refused");
        assert!(error.message.contains("str-like"));
        let bytes = TypeRef::Bytes {
            bytearray: false,
            constraints: Constraints::default(),
        };
        assert!(union_of(vec![TypeRef::Date, bytes], &facts).is_err());
        assert!(
            union_of(
                vec![
                    TypeRef::int(),
                    TypeRef::Decimal {
                        constraints: Constraints::default()
                    }
                ],
                &facts
            )
            .is_ok()
        );
    }

    #[test]
    fn test_union_of_structs_need_same_tag_field() {
        let mut facts = Facts::default();
        facts.structs.insert("m.A".into(), tagged("type", "A"));
        facts.structs.insert("m.B".into(), tagged("kind", "B"));
        facts.structs.insert("m.C".into(), tagged("type", "C"));
        let a = TypeRef::structure("m.A");
        let error = union_of(vec![a.clone(), TypeRef::structure("m.B")], &facts)
            .expect_err("different tag fields");
        assert!(error.message.contains("same `tag_field`"));
        assert!(union_of(vec![a.clone(), TypeRef::structure("m.C")], &facts).is_ok());
        let dict = TypeRef::dict(TypeRef::str(), TypeRef::Any);
        assert!(union_of(vec![a, dict], &facts).is_err());
    }
}
