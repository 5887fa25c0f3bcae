//! `object` in a union. To msgspec, `object` is a custom type, and "Type unions containing a
//! custom type may not contain any additional types other than `None`" (`_core.c`:
//! `typenode_collect_check_invariants`): `object | None` decodes, `int | object` does not —
//! unless `Any` is a member too, which absorbs the whole union first. Everywhere else
//! `object` is `Any` ([`TypeRef::Any`]), so whether a member is `object` is read from the
//! annotation itself: through aliases, string annotations, `Annotated`, `Optional` and nested
//! unions, as msgspec sees the flattened union.

use ruff_python_ast::{self as ast, Expr, Operator};
use ruff_python_parser::typing::parse_type_annotation;
use ruff_text_size::TextRange;

use super::generics::{TypeParamId, subscript_args};
use super::known::{self, TypeName};
use super::project::Module;
use super::resolve::Symbol;
use super::session::{Reported, Session};
use crate::diagnostics::DiagnosticCode;
use crate::manifest::TypeRef;

/// Bound on aliases followed (`X = int | X` never ends).
const MAX_DEPTH: usize = 32;

/// One member of a flattened union, for the `object` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Leaf {
    Object,
    Any,
    None,
    Other,
}

impl<'p> Session<'p> {
    /// Reports the union `members` (written at `range`) when msgspec refuses it for
    /// containing `object` next to another type than `None` (and no `Any`).
    pub(crate) fn check_object_union(
        &mut self,
        module: &'p Module,
        range: TextRange,
        members: &[&Expr],
    ) -> Result<(), Reported> {
        let mut leaves = Vec::new();
        for member in members {
            self.union_leaves(module, member, 0, &mut leaves);
        }
        if leaves.contains(&Leaf::Any)
            || !leaves.contains(&Leaf::Object)
            || !leaves.contains(&Leaf::Other)
        {
            return Ok(());
        }
        Err(self.report(
            module
                .diagnostic(
                    DiagnosticCode::InvalidUnion,
                    "msgspec cannot decode this union: type unions containing a custom type may not contain any additional types other than `None` (to msgspec, `object` is a custom type)",
                    range,
                    "invalid union",
                )
                .with_help("use `typing.Any` instead of `object` (it takes any JSON value), or keep only `object | None`"),
        ))
    }

    /// What the type argument `expr` (written in `module`) flattens to as a union member,
    /// when that involves `object` (else its [`TypeRef`] says enough).
    pub(crate) fn object_leaves(&self, module: &'p Module, expr: &Expr) -> Option<Vec<Leaf>> {
        let mut leaves = Vec::new();
        self.union_leaves(module, expr, 0, &mut leaves);
        leaves.contains(&Leaf::Object).then_some(leaves)
    }

    /// Pushes what the union member `expr` (written in `module`) flattens to.
    fn union_leaves(&self, module: &'p Module, expr: &Expr, depth: usize, out: &mut Vec<Leaf>) {
        if depth > MAX_DEPTH {
            out.push(Leaf::Other);
            return;
        }
        if let Expr::Name(name) = expr
            && let Some(bound) = self.pep695_binding(name.id.as_str())
        {
            let id = TypeParamId::Pep695(name.id.to_string());
            match self.bound_object_leaves(&id) {
                Some(leaves) => out.extend_from_slice(leaves),
                None => typeref_leaves(&bound, out),
            }
            return;
        }
        match expr {
            Expr::NoneLiteral(_) => out.push(Leaf::None),
            Expr::BinOp(ast::ExprBinOp {
                op: Operator::BitOr,
                left,
                right,
                ..
            }) => {
                self.union_leaves(module, left, depth + 1, out);
                self.union_leaves(module, right, depth + 1, out);
            }
            Expr::StringLiteral(string) => match parse_type_annotation(string, module.text()) {
                Ok(parsed) => self.union_leaves(module, parsed.expression(), depth + 1, out),
                Err(_) => out.push(Leaf::Other),
            },
            Expr::Subscript(subscript) => self.subscript_leaves(module, subscript, depth, out),
            Expr::Name(_) | Expr::Attribute(_) => match self.resolver.resolve(module, expr) {
                Ok(Symbol::External(path)) => out.push(match TypeName::of(&path) {
                    Some(TypeName::Any) if known::canonical(&path) == "builtins.object" => {
                        Leaf::Object
                    }
                    Some(TypeName::Any) => Leaf::Any,
                    Some(TypeName::NoneType) => Leaf::None,
                    _ => Leaf::Other,
                }),
                Ok(Symbol::Value(owner, value)) if self.is_type_var_value(owner, value) => {
                    let id = TypeParamId::type_var(owner, value);
                    match self.type_var_lookup(owner, value) {
                        Ok(_) if let Some(leaves) = self.bound_object_leaves(&id) => {
                            out.extend_from_slice(leaves);
                        }
                        Ok(bound) => typeref_leaves(&bound, out),
                        Err(Some(bound)) => self.union_leaves(owner, bound, depth + 1, out),
                        Err(None) => out.push(Leaf::Any),
                    }
                }
                Ok(Symbol::Value(owner, value)) => self.union_leaves(owner, value, depth + 1, out),
                _ => out.push(Leaf::Other),
            },
            _ => out.push(Leaf::Other),
        }
    }

    /// What the innermost Struct's argument for `id` flattens to, when it involves `object`.
    fn bound_object_leaves(&self, id: &TypeParamId) -> Option<&[Leaf]> {
        self.type_envs.last()?.object_leaves(id)
    }

    fn subscript_leaves(
        &self,
        module: &'p Module,
        subscript: &ast::ExprSubscript,
        depth: usize,
        out: &mut Vec<Leaf>,
    ) {
        let head = match self.resolver.resolve(module, &subscript.value) {
            Ok(Symbol::External(path)) => TypeName::of(&path),
            _ => None,
        };
        let args = subscript_args(&subscript.slice);
        match (head, args.as_slice()) {
            (Some(TypeName::Union), members) => {
                for member in members {
                    self.union_leaves(module, member, depth + 1, out);
                }
            }
            (Some(TypeName::Optional), [inner]) => {
                out.push(Leaf::None);
                self.union_leaves(module, inner, depth + 1, out);
            }
            (Some(TypeName::Annotated), [inner, ..]) => {
                self.union_leaves(module, inner, depth + 1, out);
            }
            (Some(TypeName::Literal), values)
                if values
                    .iter()
                    .all(|value| matches!(value, Expr::NoneLiteral(_))) =>
            {
                out.push(Leaf::None);
            }
            _ => out.push(Leaf::Other),
        }
    }
}

/// The leaves of a type variable's binding (its annotation is gone: `object` is `Any` here).
fn typeref_leaves(ty: &TypeRef, out: &mut Vec<Leaf>) {
    match ty {
        TypeRef::Any => out.push(Leaf::Any),
        TypeRef::None => out.push(Leaf::None),
        TypeRef::Optional { inner } => {
            out.push(Leaf::None);
            typeref_leaves(inner, out);
        }
        TypeRef::Union { variants } => {
            for variant in variants {
                typeref_leaves(variant, out);
            }
        }
        _ => out.push(Leaf::Other),
    }
}
