//! Generic Structs: type variables (`T = TypeVar("T")`, PEP 695 `class Page[T](Struct)`),
//! the parameters of a generic class, and their bindings while its fields are resolved.
//!
//! Like msgspec, a type variable without a binding means its `bound=`, else `Any`.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::{Ranged, TextRange};

use super::known::{self, TypeName};
use super::object_union::Leaf;
use super::project::Module;
use super::resolve::Symbol;
use super::session::{Reported, Session};
use crate::diagnostics::DiagnosticCode;
use crate::manifest::TypeRef;

/// Bound on nested generic instantiations (`Node[list[T]]` inside `Node[T]` never ends).
pub(crate) const MAX_GENERIC_DEPTH: usize = 32;

/// Identity of a type variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TypeParamId {
    /// `T = TypeVar("T")` at module level: the defining module and the call's offset.
    Var { module: String, offset: u32 },
    /// A PEP 695 parameter of the class being built, by name.
    Pep695(String),
}

impl TypeParamId {
    /// The module-level `TypeVar(...)` call `value` of `owner`.
    pub(crate) fn type_var(owner: &Module, value: &Expr) -> Self {
        Self::Var {
            module: owner.name().to_owned(),
            offset: value.range().start().to_u32(),
        }
    }
}

/// A type parameter of a generic class, with what it defaults to.
#[derive(Debug, Clone)]
pub(crate) struct TypeParam<'p> {
    pub(crate) id: TypeParamId,
    /// `bound=` (module-level TypeVar) or `: bound` (PEP 695), resolved in `owner`.
    pub(crate) bound: Option<(&'p Module, &'p Expr)>,
}

/// The bindings in force while one Struct's fields are resolved.
#[derive(Debug, Clone, Default)]
pub(crate) struct TypeEnv {
    pub(crate) bindings: Vec<(TypeParamId, TypeRef)>,
    /// The parameters whose argument involves `object` (which their [`TypeRef::Any`] binding
    /// no longer tells apart from `Any`), with what that argument flattens to as a union
    /// member: msgspec refuses `int | T` with `T = object`.
    pub(crate) objects: Vec<(TypeParamId, Vec<Leaf>)>,
}

impl TypeEnv {
    fn lookup(&self, id: &TypeParamId) -> Option<&TypeRef> {
        self.bindings
            .iter()
            .find(|(bound, _)| bound == id)
            .map(|(_, ty)| ty)
    }

    /// What the argument of `id` flattens to, when it involves `object`.
    pub(crate) fn object_leaves(&self, id: &TypeParamId) -> Option<&[Leaf]> {
        self.objects
            .iter()
            .find(|(bound, _)| bound == id)
            .map(|(_, leaves)| leaves.as_slice())
    }
}

/// A type argument of a generic Struct (`Page[Item]`): its type, and, when it involves
/// `object`, what it flattens to as a union member.
#[derive(Debug, Clone)]
pub(crate) struct TypeArg {
    pub(crate) ty: TypeRef,
    pub(crate) object_leaves: Option<Vec<Leaf>>,
}

impl<'p> Session<'p> {
    /// True when `value` (a module-level binding's value) is a `TypeVar(...)` call.
    pub(crate) fn is_type_var_value(&self, owner: &'p Module, value: &Expr) -> bool {
        let Expr::Call(call) = value else {
            return false;
        };
        matches!(
            self.resolver.resolve(owner, &call.func),
            Ok(Symbol::External(path)) if known::is_type_var(&path)
        )
    }

    /// The type a PEP 695 parameter named `name` stands for in the innermost Struct, if any.
    pub(crate) fn pep695_binding(&self, name: &str) -> Option<TypeRef> {
        let id = TypeParamId::Pep695(name.to_owned());
        self.type_envs.last()?.lookup(&id).cloned()
    }

    /// The type a module-level `TypeVar(...)` stands for here: its binding in the innermost
    /// Struct, else its `bound=`, else `Any`.
    pub(crate) fn type_var_type(
        &mut self,
        owner: &'p Module,
        value: &'p Expr,
    ) -> Result<TypeRef, Reported> {
        let param = self.type_var_param(owner, value)?;
        if let Some(bound) = self.type_envs.last().and_then(|env| env.lookup(&param.id)) {
            return Ok(bound.clone());
        }
        self.param_default(&param)
    }

    /// What the module-level `TypeVar(...)` at `value` stands for here, without reporting
    /// anything: `Ok(binding)` in the innermost Struct, else `Err(bound=)` (`None`: unbound,
    /// so `Any`).
    pub(crate) fn type_var_lookup(
        &self,
        owner: &'p Module,
        value: &'p Expr,
    ) -> Result<TypeRef, Option<&'p Expr>> {
        let id = TypeParamId::type_var(owner, value);
        if let Some(bound) = self.type_envs.last().and_then(|env| env.lookup(&id)) {
            return Ok(bound.clone());
        }
        let Expr::Call(call) = value else {
            return Err(None);
        };
        Err(call
            .arguments
            .find_keyword("bound")
            .map(|keyword| &keyword.value))
    }

    /// What an unbound parameter means: its bound, else `Any`.
    pub(crate) fn param_default(&mut self, param: &TypeParam<'p>) -> Result<TypeRef, Reported> {
        match param.bound {
            Some((module, bound)) => self.type_ref(module, bound),
            None => Ok(TypeRef::Any),
        }
    }

    fn type_var_param(
        &mut self,
        owner: &'p Module,
        value: &'p Expr,
    ) -> Result<TypeParam<'p>, Reported> {
        let id = TypeParamId::type_var(owner, value);
        let Expr::Call(call) = value else {
            return Ok(TypeParam { id, bound: None });
        };
        if let [_, constraint, ..] = &*call.arguments.args {
            return Err(self.report(
                owner
                    .diagnostic(
                        DiagnosticCode::InvalidGeneric,
                        "type variables with constraints are not supported by msgspec",
                        constraint.range(),
                        "constraint",
                    )
                    .with_help("use `bound=` instead of constraints, or a concrete type"),
            ));
        }
        let bound = call
            .arguments
            .find_keyword("bound")
            .map(|keyword| (owner, &keyword.value));
        Ok(TypeParam { id, bound })
    }

    /// The type parameters of `class`, in order: PEP 695 `class C[T]`, else `Generic[...]`
    /// among the bases, else the type variables of subscripted bases (`class C(Base[T])`).
    pub(crate) fn class_type_params(
        &mut self,
        module: &'p Module,
        class: &'p ast::StmtClassDef,
    ) -> Result<Vec<TypeParam<'p>>, Reported> {
        if let Some(params) = &class.type_params {
            return self.pep695_params(module, params);
        }
        let bases = class
            .arguments
            .as_deref()
            .map(|arguments| &*arguments.args)
            .unwrap_or_default();
        let mut generic = None;
        let mut implicit: Vec<TypeParam<'p>> = Vec::new();
        for base in bases {
            let Expr::Subscript(subscript) = base else {
                continue;
            };
            let is_generic = matches!(
                self.resolver.resolve(module, &subscript.value),
                Ok(Symbol::External(path)) if TypeName::of(&path) == Some(TypeName::Generic)
            );
            let args = subscript_args(&subscript.slice);
            let mut found = Vec::new();
            for arg in args {
                if let Some(param) = self.type_var_arg(module, arg)? {
                    found.push(param);
                }
            }
            if is_generic {
                generic = Some(found);
            } else {
                for param in found {
                    if !implicit.iter().any(|seen| seen.id == param.id) {
                        implicit.push(param);
                    }
                }
            }
        }
        Ok(generic.unwrap_or(implicit))
    }

    fn type_var_arg(
        &mut self,
        module: &'p Module,
        arg: &'p Expr,
    ) -> Result<Option<TypeParam<'p>>, Reported> {
        let symbol = self.resolver.resolve(module, arg);
        match symbol {
            Ok(Symbol::Value(owner, value)) if self.is_type_var_value(owner, value) => {
                self.type_var_param(owner, value).map(Some)
            }
            _ => Ok(None),
        }
    }

    fn pep695_params(
        &mut self,
        module: &'p Module,
        params: &'p ast::TypeParams,
    ) -> Result<Vec<TypeParam<'p>>, Reported> {
        let mut out = Vec::new();
        for param in params.iter() {
            match param {
                ast::TypeParam::TypeVar(var) => {
                    if let Some(Expr::Tuple(_)) = var.bound.as_deref() {
                        return Err(self.report(
                            module
                                .diagnostic(
                                    DiagnosticCode::InvalidGeneric,
                                    "type parameters with constraints are not supported by msgspec",
                                    var.range(),
                                    "constrained",
                                )
                                .with_help("use a single bound (`T: Base`) or a concrete type"),
                        ));
                    }
                    out.push(TypeParam {
                        id: TypeParamId::Pep695(var.name.to_string()),
                        bound: var.bound.as_deref().map(|bound| (module, bound)),
                    });
                }
                other => {
                    return Err(self.report(
                        module
                            .diagnostic(
                                DiagnosticCode::InvalidGeneric,
                                "only plain type variables are supported as Struct type parameters",
                                other.range(),
                                "not a TypeVar",
                            )
                            .with_help("declare `class Page[T](Struct)` with plain parameters"),
                    ));
                }
            }
        }
        Ok(out)
    }

    /// Reports type arguments that do not fit the class's parameters.
    pub(crate) fn report_generic_arity(
        &mut self,
        module: &'p Module,
        range: TextRange,
        class: &ast::StmtClassDef,
        expected: usize,
        found: usize,
    ) -> Reported {
        let message = if expected == 0 {
            format!("`{}` is not a generic Struct", class.name)
        } else {
            format!(
                "`{}` takes {expected} type argument{}, {found} given",
                class.name,
                if expected == 1 { "" } else { "s" }
            )
        };
        self.report(
            module
                .diagnostic(DiagnosticCode::InvalidGeneric, message, range, "wrong type arguments")
                .with_help("give one type argument per type parameter of the Struct (`Generic[T]` or `class Page[T](Struct)`)"),
        )
    }
}

/// The arguments of `X[a, b]`.
pub(crate) fn subscript_args(slice: &Expr) -> Vec<&Expr> {
    match slice {
        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
        single => vec![single],
    }
}
