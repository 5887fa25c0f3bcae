//! `enum.Enum` / `IntEnum` / `StrEnum` classes of the project → [`EnumDef`]s.
//!
//! Member values must be int or str literals or `auto()`, computed like Python 3.11 does
//! (`Enum`/`IntEnum`: the largest int so far + 1, starting at 1; `StrEnum`: the lower-cased
//! member name). Aliases (a value seen before) are not members of their own. msgspec needs
//! all values to be ints or all strs.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::docstring;
use super::known::{self, EnumBase};
use super::literal;
use super::project::Module;
use super::resolve::Symbol;
use super::session::{Reported, Session};
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::manifest::{EnumDef, TagValue, TypeRef};

/// `auto()` in a plain or int enum starts counting here.
const AUTO_START: i64 = 1;

/// Help for members Bolt cannot evaluate.
const MEMBER_HELP: &str = "write each member value as an int or str literal, or `enum.auto()`";

/// The flavour of a project enum: its base and the mixin type, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnumFlavour {
    /// `Enum` without mixin: values as written.
    Plain,
    /// `IntEnum` or `(int, Enum)`: int values.
    Int,
    /// `StrEnum` (`auto()` → lower-cased name).
    StrEnum,
    /// `(str, Enum)`: str values, no `auto()`.
    StrMixin,
}

impl EnumFlavour {
    pub(crate) fn from_base(base: EnumBase) -> Self {
        match base {
            EnumBase::Plain => Self::Plain,
            EnumBase::Int => Self::Int,
            EnumBase::Str => Self::StrEnum,
        }
    }
}

/// One member value as written.
enum MemberValue {
    Value(TagValue),
    Auto,
}

impl<'p> Session<'p> {
    /// The type of a reference to project enum `class`.
    pub(crate) fn enum_type(
        &mut self,
        owner: &'p Module,
        class: &'p ast::StmtClassDef,
        flavour: EnumFlavour,
    ) -> Result<TypeRef, Reported> {
        let key = format!("{}.{}", owner.name(), class.name);
        if self.enums.contains_key(&key) {
            return Ok(TypeRef::Enum { name: key });
        }
        if self.failed_enums.contains(&key) {
            return Err(Reported);
        }
        match self.build_enum(owner, class, flavour) {
            Ok(definition) => {
                self.enums.insert(key.clone(), definition);
                Ok(TypeRef::Enum { name: key })
            }
            Err(reported) => {
                self.failed_enums.insert(key);
                Err(reported)
            }
        }
    }

    fn build_enum(
        &mut self,
        module: &'p Module,
        class: &'p ast::StmtClassDef,
        flavour: EnumFlavour,
    ) -> Result<EnumDef, Reported> {
        let mut values: Vec<TagValue> = Vec::new();
        let mut assigned: Vec<TagValue> = Vec::new();
        let mut failed = false;
        for (name, value) in members(&class.body) {
            let written = match self.member_value(module, value) {
                Ok(written) => written,
                Err(diagnostic) => {
                    failed = true;
                    self.report(*diagnostic);
                    continue;
                }
            };
            let computed = match written {
                MemberValue::Value(value) => Ok(value),
                MemberValue::Auto => auto_value(flavour, name, &assigned),
            };
            let value = match computed.and_then(|value| check_flavour(flavour, value)) {
                Ok(value) => value,
                Err(problem) => {
                    failed = true;
                    self.report(invalid_member(module, class, name, value.range(), problem));
                    continue;
                }
            };
            assigned.push(value.clone());
            if !values.contains(&value) {
                values.push(value);
            }
        }
        if failed {
            return Err(Reported);
        }
        let ints = values
            .iter()
            .filter(|v| matches!(v, TagValue::Int(_)))
            .count();
        if ints != 0 && ints != values.len() {
            return Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::InvalidEnum,
                        format!(
                            "enum `{}` mixes int and str values: msgspec requires all str or all int values",
                            class.name
                        ),
                        class.name.range(),
                        "mixed values",
                    )
                    .with_help("make every member value an int, or every member value a str"),
            ));
        }
        Ok(EnumDef {
            module: module.name().to_owned(),
            qualname: class.name.to_string(),
            values,
            docstring: docstring::of_body(&class.body),
            span: module.span(class.name.range().start()),
        })
    }

    fn member_value(
        &self,
        module: &'p Module,
        value: &'p Expr,
    ) -> Result<MemberValue, Box<Diagnostic>> {
        if let Some(text) = literal::string(value) {
            return Ok(MemberValue::Value(TagValue::Str(text.to_owned())));
        }
        if literal::is_integer_literal(value) {
            return match literal::integer(value) {
                Some(int) => Ok(MemberValue::Value(TagValue::Int(int.into()))),
                None => Err(Box::new(
                    module
                        .diagnostic(
                            DiagnosticCode::InvalidEnum,
                            "enum member value is outside [-2**63, 2**63 - 1]: msgspec does not support it",
                            value.range(),
                            "outside the int64 range",
                        )
                        .with_help("use int values within [-2**63, 2**63 - 1] (msgspec: \"Integer values > (2**63 - 1) are not currently supported for Enum/Literal/integer tags\"), or str values"),
                )),
            };
        }
        if let Expr::Call(call) = value
            && call.arguments.is_empty()
            && matches!(
                self.resolver.resolve(module, &call.func),
                Ok(Symbol::External(path)) if known::is_enum_auto(&path)
            )
        {
            return Ok(MemberValue::Auto);
        }
        Err(Box::new(
            module
                .diagnostic(
                    DiagnosticCode::InvalidEnum,
                    format!(
                        "enum member value `{}` cannot be evaluated at build time",
                        &module.text()[value.range()]
                    ),
                    value.range(),
                    "not an int or str literal",
                )
                .with_help(MEMBER_HELP),
        ))
    }
}

/// Members of an enum body: `NAME = value` (and `NAME: T = value`), skipping `_sunder_`
/// and `__dunder__` names, which are not members.
fn members(body: &[Stmt]) -> Vec<(&str, &Expr)> {
    body.iter()
        .filter_map(|stmt| match stmt {
            Stmt::Assign(assign) => match assign.targets.as_slice() {
                [Expr::Name(target)] => Some((target.id.as_str(), &*assign.value)),
                _ => None,
            },
            Stmt::AnnAssign(assign) => match (&*assign.target, &assign.value) {
                (Expr::Name(target), Some(value)) => Some((target.id.as_str(), &**value)),
                _ => None,
            },
            _ => None,
        })
        .filter(|(name, _)| !is_reserved_name(name))
        .collect()
}

fn is_reserved_name(name: &str) -> bool {
    name.len() > 2 && name.starts_with('_') && name.ends_with('_')
}

/// `auto()` as Python 3.11 computes it.
fn auto_value(flavour: EnumFlavour, name: &str, assigned: &[TagValue]) -> Result<TagValue, String> {
    match flavour {
        EnumFlavour::StrEnum => Ok(TagValue::Str(name.to_lowercase())),
        EnumFlavour::StrMixin => Err(
            "`auto()` in a `(str, Enum)` gives an int; use `enum.StrEnum` or a str literal"
                .to_owned(),
        ),
        EnumFlavour::Plain | EnumFlavour::Int => {
            let ints: Option<Vec<i64>> = assigned
                .iter()
                .map(|value| match value {
                    TagValue::Int(number) => number.as_i64(),
                    TagValue::Str(_) => None,
                })
                .collect();
            match ints {
                Some(ints) => match ints.iter().max() {
                    None => Ok(TagValue::Int(AUTO_START.into())),
                    Some(max) => max
                        .checked_add(1)
                        .map(|next| TagValue::Int(next.into()))
                        .ok_or_else(|| "`auto()` overflows int64".to_owned()),
                },
                None => Err(
                    "`auto()` after str values gives an int, mixing int and str values".to_owned(),
                ),
            }
        }
    }
}

fn check_flavour(flavour: EnumFlavour, value: TagValue) -> Result<TagValue, String> {
    match (flavour, &value) {
        (EnumFlavour::Int, TagValue::Str(_)) => {
            Err("an `IntEnum` (or `(int, Enum)`) member needs an int value".to_owned())
        }
        (EnumFlavour::StrEnum | EnumFlavour::StrMixin, TagValue::Int(_)) => {
            Err("a `StrEnum` (or `(str, Enum)`) member needs a str value".to_owned())
        }
        _ => Ok(value),
    }
}

fn invalid_member(
    module: &Module,
    class: &ast::StmtClassDef,
    name: &str,
    range: TextRange,
    problem: String,
) -> Diagnostic {
    module
        .diagnostic(
            DiagnosticCode::InvalidEnum,
            format!("enum member `{}.{name}`: {problem}", class.name),
            range,
            "invalid value",
        )
        .with_help(MEMBER_HELP)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(value: i64) -> TagValue {
        TagValue::Int(value.into())
    }

    #[test]
    fn test_auto_value_counts_from_largest_int() {
        assert_eq!(auto_value(EnumFlavour::Plain, "a", &[]), Ok(int(1)));
        assert_eq!(
            auto_value(EnumFlavour::Int, "c", &[int(5), int(2)]),
            Ok(int(6))
        );
        assert_eq!(
            auto_value(EnumFlavour::StrEnum, "Big_Name", &[]),
            Ok(TagValue::Str("big_name".into()))
        );
        assert!(auto_value(EnumFlavour::Plain, "b", &[TagValue::Str("x".into())]).is_err());
    }

    #[test]
    fn test_is_reserved_name_skips_sunder_and_dunder() {
        assert!(is_reserved_name("_ignore_"));
        assert!(is_reserved_name("__doc__"));
        assert!(!is_reserved_name("_private"));
        assert!(!is_reserved_name("RED"));
    }
}
