//! Type annotations → [`TypeRef`]: builtins, `typing` forms, `Annotated` metadata,
//! string annotations, module-level aliases and project Structs.

use ruff_python_ast::{self as ast, Expr, Operator};
use ruff_python_parser::typing::parse_type_annotation;
use ruff_text_size::{Ranged, TextRange};

use super::known::{self, MarkerName, TypeName};
use super::markers::Marker;
use super::project::Module;
use super::resolve::Symbol;
use super::session::{Reported, Session, all_ok};
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::manifest::{Constraints, TypeRef};

/// Help shown for types Bolt cannot use.
const SUPPORTED_TYPES_HELP: &str = "use int, float, str, bool, None, list[T], dict[str, T], Optional[T], typing.Any, or a msgspec.Struct defined in the project";
/// Help shown for types a later version adds.
const NOT_YET_HELP: &str = "a later version of Bolt adds this type; meanwhile use `list[T]` for sets and tuples, or accept a `str` and convert it in the handler";

/// Where an annotation is written: parameter markers are only allowed on parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    Parameter,
    Elsewhere,
}

/// A resolved annotation: the type and, on a parameter, its marker.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ResolvedType {
    pub(crate) ty: TypeRef,
    pub(crate) marker: Option<Marker>,
}

impl ResolvedType {
    fn plain(ty: TypeRef) -> Self {
        Self { ty, marker: None }
    }
}

/// One item of `Annotated[T, ...]` metadata.
enum Metadata {
    Constraints(Constraints, TextRange),
    Marker(Marker),
}

impl<'p> Session<'p> {
    /// The type of an annotation written in `module`.
    pub(crate) fn resolve_type(
        &mut self,
        module: &'p Module,
        expr: &Expr,
        position: Position,
    ) -> Result<ResolvedType, Reported> {
        match expr {
            Expr::NoneLiteral(_) => Ok(ResolvedType::plain(TypeRef::None)),
            Expr::StringLiteral(string) => self.string_annotation(module, string, position),
            Expr::BinOp(ast::ExprBinOp {
                op: Operator::BitOr,
                ..
            }) => self
                .union_type(module, expr.range(), &union_members(expr))
                .map(ResolvedType::plain),
            Expr::Subscript(subscript) => self.subscript_type(module, subscript, position),
            Expr::Name(_) | Expr::Attribute(_) => self.named_type(module, expr, position),
            _ => Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::InvalidType,
                        format!("`{}` is not a type", &module.text()[expr.range()]),
                        expr.range(),
                        "expected a type",
                    )
                    .with_help(SUPPORTED_TYPES_HELP),
            )),
        }
    }

    /// A type in a nested position (list items, dict values, union members).
    pub(crate) fn type_ref(
        &mut self,
        module: &'p Module,
        expr: &Expr,
    ) -> Result<TypeRef, Reported> {
        self.resolve_type(module, expr, Position::Elsewhere)
            .map(|resolved| resolved.ty)
    }

    fn string_annotation(
        &mut self,
        module: &'p Module,
        string: &ast::ExprStringLiteral,
        position: Position,
    ) -> Result<ResolvedType, Reported> {
        match parse_type_annotation(string, module.text()) {
            Ok(parsed) => self.resolve_type(module, parsed.expression(), position),
            Err(error) => Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::InvalidType,
                        format!(
                            "string annotation is not a valid type expression: {}",
                            error.error
                        ),
                        string.range(),
                        "invalid annotation",
                    )
                    .with_help("write a type expression inside the quotes: `\"list[Item]\"`"),
            )),
        }
    }

    fn named_type(
        &mut self,
        module: &'p Module,
        expr: &Expr,
        position: Position,
    ) -> Result<ResolvedType, Reported> {
        let symbol = self
            .resolver
            .resolve(module, expr)
            .map_err(|error| self.report_unresolved(module, expr.range(), error, "type"))?;
        match symbol {
            Symbol::External(path) => self
                .external_type(module, expr.range(), &path)
                .map(ResolvedType::plain),
            Symbol::Class(owner, class) => self
                .class_type(owner, class, module, expr.range())
                .map(ResolvedType::plain),
            Symbol::Value(owner, value) => self.alias_type(owner, value, position),
            Symbol::Module(_) | Symbol::Function => Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::InvalidType,
                        format!(
                            "`{}` is a module or a function, not a type",
                            &module.text()[expr.range()]
                        ),
                        expr.range(),
                        "not a type",
                    )
                    .with_help(SUPPORTED_TYPES_HELP),
            )),
        }
    }

    /// `PositiveInt = Annotated[int, Meta(gt=0)]` used as `x: PositiveInt`.
    fn alias_type(
        &mut self,
        owner: &'p Module,
        value: &'p Expr,
        position: Position,
    ) -> Result<ResolvedType, Reported> {
        let key = (owner.name().to_owned(), value.range().start().to_u32());
        if self.alias_trail.contains(&key) {
            return Err(self.report(
                owner
                    .diagnostic(
                        DiagnosticCode::ImportCycle,
                        "this type alias refers to itself",
                        value.range(),
                        "recursive alias",
                    )
                    .with_help("recursive types must go through a msgspec.Struct"),
            ));
        }
        self.alias_trail.push(key);
        let resolved = self.resolve_type(owner, value, position);
        self.alias_trail.pop();
        resolved
    }

    fn external_type(
        &mut self,
        module: &'p Module,
        range: TextRange,
        path: &str,
    ) -> Result<TypeRef, Reported> {
        let written = &module.text()[range];
        let ty = match TypeName::of(path) {
            Some(TypeName::Any) => TypeRef::Any,
            Some(TypeName::Int) => TypeRef::int(),
            Some(TypeName::Float) => TypeRef::float(),
            Some(TypeName::Str) => TypeRef::str(),
            Some(TypeName::Bool) => TypeRef::Bool,
            Some(TypeName::NoneType) => TypeRef::None,
            Some(TypeName::List) => TypeRef::list(TypeRef::Any),
            Some(TypeName::Dict) => dict_of(TypeRef::Any),
            Some(
                TypeName::Optional | TypeName::Union | TypeName::Annotated | TypeName::ClassVar,
            ) => {
                return Err(self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::InvalidType,
                            format!("`{written}` needs type arguments"),
                            range,
                            "missing `[...]`",
                        )
                        .with_help(format!("e.g. `{written}[int]`")),
                ));
            }
            None if known::is_not_yet_supported_type(path) => {
                return Err(self.report(unsupported_type(module, range, path)));
            }
            None => {
                return Err(self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::UnresolvedType,
                            format!("cannot use `{written}` as a type: `{path}` is not part of the project"),
                            range,
                            "unknown type",
                        )
                        .with_help(SUPPORTED_TYPES_HELP),
                ));
            }
        };
        Ok(ty)
    }

    fn subscript_type(
        &mut self,
        module: &'p Module,
        subscript: &ast::ExprSubscript,
        position: Position,
    ) -> Result<ResolvedType, Reported> {
        let args: Vec<&Expr> = match &*subscript.slice {
            Expr::Tuple(tuple) => tuple.elts.iter().collect(),
            single => vec![single],
        };
        let range = subscript.range();
        let head = self
            .resolver
            .resolve(module, &subscript.value)
            .map_err(|error| {
                self.report_unresolved(module, subscript.value.range(), error, "type")
            })?;
        let path = match head {
            Symbol::External(path) => path,
            Symbol::Class(..) => {
                return Err(self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::UnsupportedType,
                            "generic Structs are not supported yet",
                            range,
                            "not supported yet",
                        )
                        .with_help("declare a non-generic Struct with concrete field types"),
                ));
            }
            _ => return Err(self.report(not_generic(module, range))),
        };
        let plain = |ty: Result<TypeRef, Reported>| ty.map(ResolvedType::plain);
        match (TypeName::of(&path), args.as_slice()) {
            (Some(TypeName::List), [item]) => plain(self.type_ref(module, item).map(TypeRef::list)),
            (Some(TypeName::Dict), [key, value]) => plain(self.dict_type(module, key, value)),
            (Some(TypeName::Optional), [inner]) => {
                plain(self.type_ref(module, inner).map(optional))
            }
            (Some(TypeName::Union), members) => plain(self.union_type(module, range, members)),
            (Some(TypeName::Annotated), [inner, metadata @ ..]) if !metadata.is_empty() => {
                self.annotated_type(module, inner, metadata, position)
            }
            (Some(TypeName::ClassVar), _) => Err(self.report(module.diagnostic(
                DiagnosticCode::InvalidType,
                "`ClassVar` is only allowed on class attributes",
                range,
                "not a field or parameter type",
            ))),
            (
                Some(TypeName::List | TypeName::Dict | TypeName::Optional | TypeName::Annotated),
                _,
            ) => Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::InvalidType,
                        format!(
                            "wrong number of type arguments in `{}`",
                            &module.text()[range]
                        ),
                        range,
                        "wrong arity",
                    )
                    .with_help("list[T], dict[str, T], Optional[T], Annotated[T, metadata, ...]"),
            )),
            (Some(_), _) => Err(self.report(not_generic(module, range))),
            (None, _) if known::is_not_yet_supported_type(&path) => {
                Err(self.report(unsupported_type(module, range, &path)))
            }
            (None, _) => self
                .external_type(module, subscript.value.range(), &path)
                .map(ResolvedType::plain),
        }
    }

    fn dict_type(
        &mut self,
        module: &'p Module,
        key: &Expr,
        value: &Expr,
    ) -> Result<TypeRef, Reported> {
        let keys = self.type_ref(module, key);
        let values = self.type_ref(module, value);
        match keys? {
            TypeRef::Str { .. } => Ok(dict_of(values?)),
            _ => Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::UnsupportedType,
                        "dict keys other than `str` are not supported yet",
                        key.range(),
                        "not `str`",
                    )
                    .with_help("JSON object keys are strings: use `dict[str, T]`"),
            )),
        }
    }

    fn union_type(
        &mut self,
        module: &'p Module,
        range: TextRange,
        members: &[&Expr],
    ) -> Result<TypeRef, Reported> {
        let types = all_ok(
            members
                .iter()
                .map(|member| self.type_ref(module, member))
                .collect(),
        )?;
        let has_none = types.contains(&TypeRef::None);
        let mut others: Vec<TypeRef> = types
            .into_iter()
            .filter(|ty| *ty != TypeRef::None)
            .collect();
        match (others.pop(), others.is_empty(), has_none) {
            (None, _, _) => Ok(TypeRef::None),
            (Some(only), true, false) => Ok(only),
            (Some(only), true, true) => Ok(optional(only)),
            (Some(_), false, _) => Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::UnsupportedType,
                        "unions other than `T | None` are not supported yet",
                        range,
                        "not supported yet",
                    )
                    .with_help("use one type, optionally with `| None`"),
            )),
        }
    }

    fn annotated_type(
        &mut self,
        module: &'p Module,
        inner: &Expr,
        metadata: &[&Expr],
        position: Position,
    ) -> Result<ResolvedType, Reported> {
        let base = self.resolve_type(module, inner, position);
        let items: Vec<Result<Metadata, Reported>> = metadata
            .iter()
            .map(|item| self.metadata(module, item, position))
            .collect();
        let mut resolved = base?;
        let mut failed = false;
        for item in items {
            let applied = match item {
                Ok(Metadata::Constraints(constraints, range)) => self
                    .constrain(module, &resolved.ty, &constraints, range)
                    .map(|ty| resolved.ty = ty),
                Ok(Metadata::Marker(marker)) => self.attach_marker(module, &mut resolved, marker),
                Err(reported) => Err(reported),
            };
            failed |= applied.is_err();
        }
        if failed { Err(Reported) } else { Ok(resolved) }
    }

    fn attach_marker(
        &mut self,
        module: &'p Module,
        resolved: &mut ResolvedType,
        marker: Marker,
    ) -> Result<(), Reported> {
        if let Some(first) = &resolved.marker {
            let note = format!("`{}()` is already given", first.name);
            return Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::ConflictingMarkers,
                        "a parameter can have only one marker",
                        marker.range,
                        "second marker",
                    )
                    .with_note(note),
            ));
        }
        resolved.ty = self.constrain(module, &resolved.ty, &marker.constraints, marker.range)?;
        resolved.marker = Some(marker);
        Ok(())
    }

    /// `ty` with `constraints` applied, or a diagnostic if one does not fit the type.
    pub(crate) fn constrain(
        &mut self,
        module: &'p Module,
        ty: &TypeRef,
        constraints: &Constraints,
        range: TextRange,
    ) -> Result<TypeRef, Reported> {
        apply_constraints(ty, constraints).map_err(|name| {
            self.report(
                module
                    .diagnostic(
                        DiagnosticCode::ConstraintMismatch,
                        format!("constraint `{name}` does not apply to this type"),
                        range,
                        format!("`{name}` here"),
                    )
                    .with_help("gt/ge/lt/le/multiple_of apply to int and float; min_length/max_length to str and list; pattern to str"),
            )
        })
    }

    fn metadata(
        &mut self,
        module: &'p Module,
        item: &Expr,
        position: Position,
    ) -> Result<Metadata, Reported> {
        let unknown = |module: &Module, detail: &str| {
            module
                .diagnostic(
                    DiagnosticCode::UnknownMetadata,
                    format!("unknown metadata in `Annotated`: `{}`", &module.text()[item.range()]),
                    item.range(),
                    detail.to_owned(),
                )
                .with_help("Bolt understands msgspec.Meta(...) and the parameter markers Query, Path, Header, Cookie, Body")
        };
        let Expr::Call(call) = item else {
            return Err(self.report(unknown(module, "not understood")));
        };
        let symbol = self
            .resolver
            .resolve(module, &call.func)
            .map_err(|error| self.report_unresolved(module, call.func.range(), error, "name"))?;
        let Symbol::External(path) = symbol else {
            return Err(self.report(unknown(module, "not understood")));
        };
        if known::is_msgspec_meta(&path) {
            return self
                .meta_constraints(module, call)
                .map(|c| Metadata::Constraints(c, item.range()));
        }
        match (MarkerName::of(&path), position) {
            (Some(_), Position::Parameter) => match self.marker_call(module, item)? {
                Some(marker) => Ok(Metadata::Marker(marker)),
                None => Err(self.report(unknown(module, "not understood"))),
            },
            (Some(_), Position::Elsewhere) => Err(self.report(unknown(
                module,
                "markers are only allowed on handler parameters",
            ))),
            (None, _) => Err(self.report(unknown(module, "not understood"))),
        }
    }
}

/// The members of `A | B | C`.
fn union_members(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::BinOp(ast::ExprBinOp {
            op: Operator::BitOr,
            left,
            right,
            ..
        }) => {
            let mut members = union_members(left);
            members.extend(union_members(right));
            members
        }
        other => vec![other],
    }
}

fn dict_of(values: TypeRef) -> TypeRef {
    TypeRef::dict(TypeRef::str(), values)
}

/// `Optional[T]`, flattening `Optional[Optional[T]]` and `Optional[None]`.
fn optional(inner: TypeRef) -> TypeRef {
    match inner {
        TypeRef::Optional { .. } | TypeRef::None | TypeRef::Any => inner,
        other => TypeRef::optional(other),
    }
}

fn unsupported_type(module: &Module, range: TextRange, path: &str) -> Diagnostic {
    module
        .diagnostic(
            DiagnosticCode::UnsupportedType,
            format!(
                "type `{}` is not supported yet",
                path.strip_prefix("builtins.").unwrap_or(path)
            ),
            range,
            "not supported yet",
        )
        .with_help(NOT_YET_HELP)
}

fn not_generic(module: &Module, range: TextRange) -> Diagnostic {
    module.diagnostic(
        DiagnosticCode::InvalidType,
        format!("`{}` is not a generic type", &module.text()[range]),
        range,
        "does not take type arguments",
    )
}

/// Names of the numeric constraints set in `constraints`.
fn numeric_constraints(constraints: &Constraints) -> Vec<&'static str> {
    [
        ("gt", constraints.gt.is_some()),
        ("ge", constraints.ge.is_some()),
        ("lt", constraints.lt.is_some()),
        ("le", constraints.le.is_some()),
        ("multiple_of", constraints.multiple_of.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, set)| set.then_some(name))
    .collect()
}

fn length_constraints(constraints: &Constraints) -> Vec<&'static str> {
    [
        ("min_length", constraints.min_length.is_some()),
        ("max_length", constraints.max_length.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, set)| set.then_some(name))
    .collect()
}

/// `ty` with `constraints` merged in (later values win); `Err(name)` names the first
/// constraint that does not apply. Constraints on `Optional[T]` apply to `T`.
fn apply_constraints(ty: &TypeRef, constraints: &Constraints) -> Result<TypeRef, &'static str> {
    if constraints.is_empty() {
        return Ok(ty.clone());
    }
    let numeric = numeric_constraints(constraints);
    let lengths = length_constraints(constraints);
    let pattern = constraints.pattern.as_ref().map(|_| "pattern");
    let first_of = |names: &[Option<&'static str>]| {
        names
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or("constraint")
    };
    match ty {
        TypeRef::Optional { inner } => apply_constraints(inner, constraints).map(TypeRef::optional),
        TypeRef::Int { constraints: old } if lengths.is_empty() && pattern.is_none() => {
            Ok(TypeRef::Int {
                constraints: merge(old, constraints),
            })
        }
        TypeRef::Float { constraints: old } if lengths.is_empty() && pattern.is_none() => {
            Ok(TypeRef::Float {
                constraints: merge(old, constraints),
            })
        }
        TypeRef::Str { constraints: old } if numeric.is_empty() => Ok(TypeRef::Str {
            constraints: merge(old, constraints),
        }),
        TypeRef::List {
            items,
            constraints: old,
        } if numeric.is_empty() && pattern.is_none() => Ok(TypeRef::List {
            items: items.clone(),
            constraints: merge(old, constraints),
        }),
        TypeRef::Int { .. } | TypeRef::Float { .. } => {
            Err(first_of(&[lengths.first().copied(), pattern]))
        }
        TypeRef::Str { .. } => Err(first_of(&[numeric.first().copied()])),
        TypeRef::List { .. } => Err(first_of(&[numeric.first().copied(), pattern])),
        _ => Err(first_of(&[
            numeric.first().copied(),
            lengths.first().copied(),
            pattern,
        ])),
    }
}

fn merge(old: &Constraints, new: &Constraints) -> Constraints {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_apply_constraints_on_optional_int_applies_to_inner() {
        let constraints = Constraints {
            ge: Some(1.into()),
            ..Constraints::default()
        };
        let applied = apply_constraints(&TypeRef::optional(TypeRef::int()), &constraints);
        assert_eq!(applied, Ok(TypeRef::optional(TypeRef::Int { constraints })));
    }

    #[test]
    fn test_apply_constraints_length_on_int_is_rejected() {
        let constraints = Constraints {
            max_length: Some(3),
            ..Constraints::default()
        };
        assert_eq!(
            apply_constraints(&TypeRef::int(), &constraints),
            Err("max_length")
        );
        let numeric = Constraints {
            gt: Some(0.into()),
            ..Constraints::default()
        };
        assert_eq!(apply_constraints(&TypeRef::str(), &numeric), Err("gt"));
    }
}
