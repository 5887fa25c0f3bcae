//! Type annotations → [`TypeRef`]: builtins, `typing` forms, `datetime`/`uuid`/`decimal`,
//! `Literal`, unions (checked like msgspec), `Annotated` metadata, string annotations,
//! module-level aliases, type variables, project Structs (generic ones included) and enums.

use ruff_python_ast::{self as ast, Expr, Operator};
use ruff_python_parser::typing::parse_type_annotation;
use ruff_text_size::{Ranged, TextRange};

use super::constraints::{self, Combine};
use super::generics::subscript_args;
use super::known::{self, MarkerName, TypeName};
use super::literal;
use super::markers::Marker;
use super::project::Module;
use super::resolve::Symbol;
use super::session::{Reported, Session, all_ok};
use super::unions;
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::manifest::{Constraints, TagValue, TypeRef};

/// Help shown for types Bolt cannot use.
const SUPPORTED_TYPES_HELP: &str = "use int, float, str, bool, None, bytes, datetime/date/time/timedelta, UUID, Decimal, Literal[...], list/set/frozenset/tuple/dict, unions, typing.Any, or a msgspec.Struct or enum defined in the project";
/// Help shown for types a later version adds.
const NOT_YET_HELP: &str = "a later version of Bolt adds this type; meanwhile use `list[T]` or `dict[str, T]`, or accept a `str` and convert it in the handler";

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
        if let Expr::Name(name) = expr
            && let Some(bound) = self.pep695_binding(name.id.as_str())
        {
            return Ok(ResolvedType::plain(bound));
        }
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
                .class_type(owner, class, module, expr.range(), None)
                .map(ResolvedType::plain),
            Symbol::Value(owner, value) if self.is_type_var_value(owner, value) => {
                self.type_var_type(owner, value).map(ResolvedType::plain)
            }
            Symbol::Value(owner, value) => self.alias_type(owner, value, position),
            Symbol::Module(_) | Symbol::Function(..) => Err(self.report(
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
            Some(TypeName::Set) => collection(TypeName::Set, TypeRef::Any),
            Some(TypeName::FrozenSet) => collection(TypeName::FrozenSet, TypeRef::Any),
            Some(TypeName::Tuple) => collection(TypeName::Tuple, TypeRef::Any),
            Some(TypeName::Bytes) => bytes(false),
            Some(TypeName::ByteArray) => bytes(true),
            Some(TypeName::Datetime) => TypeRef::Datetime {
                constraints: Constraints::default(),
            },
            Some(TypeName::Date) => TypeRef::Date,
            Some(TypeName::Time) => TypeRef::Time {
                constraints: Constraints::default(),
            },
            Some(TypeName::Timedelta) => TypeRef::Timedelta,
            Some(TypeName::Uuid) => TypeRef::Uuid,
            Some(TypeName::Decimal) => TypeRef::Decimal {
                constraints: Constraints::default(),
            },
            Some(TypeName::Generic) => {
                return Err(self.report(not_a_type(module, range)));
            }
            Some(
                TypeName::Optional
                | TypeName::Union
                | TypeName::Annotated
                | TypeName::ClassVar
                | TypeName::Literal,
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
        let args: Vec<&Expr> = subscript_args(&subscript.slice);
        let range = subscript.range();
        let head = self
            .resolver
            .resolve(module, &subscript.value)
            .map_err(|error| {
                self.report_unresolved(module, subscript.value.range(), error, "type")
            })?;
        let path = match head {
            Symbol::External(path) => path,
            Symbol::Class(owner, class) => {
                return self
                    .class_type(owner, class, module, range, Some(&args))
                    .map(ResolvedType::plain);
            }
            _ => return Err(self.report(not_generic(module, range))),
        };
        let plain = |ty: Result<TypeRef, Reported>| ty.map(ResolvedType::plain);
        match (TypeName::of(&path), args.as_slice()) {
            (Some(TypeName::List), [item]) => plain(self.type_ref(module, item).map(TypeRef::list)),
            (Some(name @ (TypeName::Set | TypeName::FrozenSet)), [item]) => {
                plain(self.type_ref(module, item).map(|item| collection(name, item)))
            }
            (Some(TypeName::Tuple), [item, Expr::EllipsisLiteral(_)]) => plain(
                self.type_ref(module, item)
                    .map(|item| collection(TypeName::Tuple, item)),
            ),
            (Some(TypeName::Tuple), [Expr::Tuple(empty)]) if empty.elts.is_empty() => {
                plain(Ok(TypeRef::FixedTuple { items: Vec::new() }))
            }
            (Some(TypeName::Tuple), items)
                if !items.iter().any(|item| matches!(item, Expr::EllipsisLiteral(_))) =>
            {
                let items = all_ok(items.iter().map(|item| self.type_ref(module, item)).collect());
                plain(items.map(|items| TypeRef::FixedTuple { items }))
            }
            (Some(TypeName::Literal), values) if !values.is_empty() => {
                plain(self.literal_type(module, values))
            }
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
                Some(
                    TypeName::List
                    | TypeName::Dict
                    | TypeName::Optional
                    | TypeName::Annotated
                    | TypeName::Set
                    | TypeName::FrozenSet
                    | TypeName::Tuple
                    | TypeName::Literal,
                ),
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
                    .with_help("list[T], set[T], tuple[T, ...], tuple[A, B], dict[K, V], Optional[T], Literal[v, ...], Annotated[T, metadata, ...]"),
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
        let (keys, values) = (keys?, values?);
        if is_key_type(&keys) {
            return Ok(TypeRef::dict(keys, values));
        }
        Err(self.report(
            module
                .diagnostic(
                    DiagnosticCode::InvalidDictKey,
                    format!(
                        "JSON object keys are strings and cannot be decoded to `{}`",
                        keys.canonical()
                    ),
                    key.range(),
                    "not a str-like or number-like key type",
                )
                .with_help("use str, int, float, Decimal, an enum, a Literal, UUID, datetime/date/time/timedelta or bytes as the key type"),
        ))
    }

    /// `Literal[...]`: int and str values (nested Literals flattened), `None` → Optional,
    /// `Literal[True, False]` → bool.
    fn literal_type(&mut self, module: &'p Module, args: &[&Expr]) -> Result<TypeRef, Reported> {
        let mut values: Vec<TagValue> = Vec::new();
        let mut has_none = false;
        let mut bools = Vec::new();
        self.literal_values(module, args, &mut values, &mut has_none, &mut bools)?;
        let base = match (values.is_empty(), bools.as_slice()) {
            (true, [_, _]) => TypeRef::Bool,
            (false, []) => TypeRef::Literal { values },
            (true, []) => TypeRef::None,
            (_, [first, ..]) => {
                return Err(self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::InvalidLiteral,
                            "`Literal` with bool values is supported only as `Literal[True, False]` (which is `bool`)",
                            *first,
                            "bool value",
                        )
                        .with_help("use `bool`, or int/str literal values"),
                ));
            }
        };
        Ok(if has_none && base != TypeRef::None {
            optional(base)
        } else {
            base
        })
    }

    fn literal_values(
        &mut self,
        module: &'p Module,
        args: &[&Expr],
        values: &mut Vec<TagValue>,
        has_none: &mut bool,
        bools: &mut Vec<TextRange>,
    ) -> Result<(), Reported> {
        let mut failed = false;
        for arg in args {
            let value = match arg {
                Expr::NoneLiteral(_) => {
                    *has_none = true;
                    continue;
                }
                Expr::BooleanLiteral(literal) => {
                    if !bools
                        .iter()
                        .any(|seen| module.text()[*seen] == module.text()[literal.range()])
                    {
                        bools.push(literal.range());
                    }
                    continue;
                }
                Expr::StringLiteral(_) => {
                    literal::string(arg).map(|text| TagValue::Str(text.to_owned()))
                }
                _ if literal::is_integer_literal(arg) => {
                    if let Some(int) = literal::integer(arg) {
                        Some(TagValue::Int(int.into()))
                    } else {
                        failed = true;
                        self.report(
                            module
                                .diagnostic(
                                    DiagnosticCode::InvalidLiteral,
                                    format!(
                                        "msgspec does not support `Literal` integer values outside [-2**63, 2**63 - 1], found `{}`",
                                        &module.text()[arg.range()]
                                    ),
                                    arg.range(),
                                    "outside the int64 range",
                                )
                                .with_help("use int values within [-2**63, 2**63 - 1] (msgspec: \"Integer values > (2**63 - 1) are not currently supported for Enum/Literal/integer tags\"), or str values"),
                        );
                        continue;
                    }
                }
                Expr::Subscript(nested) if self.is_literal_head(module, &nested.value) => {
                    let inner = subscript_args(&nested.slice);
                    failed |= self
                        .literal_values(module, &inner, values, has_none, bools)
                        .is_err();
                    continue;
                }
                _ => None,
            };
            match value {
                Some(value) => {
                    if !values.contains(&value) {
                        values.push(value);
                    }
                }
                None => {
                    failed = true;
                    self.report(
                        module
                            .diagnostic(
                                DiagnosticCode::InvalidLiteral,
                                format!(
                                    "`Literal` may only contain None, booleans, integers and strings (msgspec), found `{}`",
                                    &module.text()[arg.range()]
                                ),
                                arg.range(),
                                "not a literal value",
                            )
                            .with_help("write the values inline, e.g. `Literal[\"a\", \"b\"]`"),
                    );
                }
            }
        }
        if failed { Err(Reported) } else { Ok(()) }
    }

    fn is_literal_head(&self, module: &'p Module, head: &Expr) -> bool {
        matches!(
            self.resolver.resolve(module, head),
            Ok(Symbol::External(path)) if TypeName::of(&path) == Some(TypeName::Literal)
        )
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
        self.check_object_union(module, range, members)?;
        self.join_union(module, range, types)
    }

    /// `types` as one canonical union, or a diagnostic where msgspec refuses it.
    pub(crate) fn join_union(
        &mut self,
        module: &'p Module,
        range: TextRange,
        types: Vec<TypeRef>,
    ) -> Result<TypeRef, Reported> {
        unions::union_of(types, &*self).map_err(|error| {
            self.report(
                module
                    .diagnostic(
                        DiagnosticCode::InvalidUnion,
                        format!("msgspec cannot decode this union: {}", error.message),
                        range,
                        "invalid union",
                    )
                    .with_help(error.help),
            )
        })
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
                    .constrain_with(module, &resolved.ty, &constraints, range, Combine::Meta)
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

    /// `ty` with a marker's `constraints` applied, or a diagnostic if one does not fit.
    pub(crate) fn constrain(
        &mut self,
        module: &'p Module,
        ty: &TypeRef,
        constraints: &Constraints,
        range: TextRange,
    ) -> Result<TypeRef, Reported> {
        self.constrain_with(module, ty, constraints, range, Combine::Marker)
    }

    fn constrain_with(
        &mut self,
        module: &'p Module,
        ty: &TypeRef,
        constraints: &Constraints,
        range: TextRange,
        combine: Combine,
    ) -> Result<TypeRef, Reported> {
        constraints::apply(ty, constraints, combine).map_err(|error| {
            let (code, help) = match error {
                constraints::ConstraintError::Mismatch { .. } => (
                    DiagnosticCode::ConstraintMismatch,
                    "gt/ge/lt/le/multiple_of apply to int and float; min_length/max_length to str, bytes, list, set, frozenset, tuple[T, ...] and dict; pattern to str; tz to datetime and time. On `Optional[T]`, put the Meta inside: `Optional[Annotated[T, Meta(...)]]`",
                ),
                constraints::ConstraintError::IntBound { .. } => (
                    DiagnosticCode::InvalidMarkerArgument,
                    "write int bounds as int literals within [-2**63, 2**63 - 1]",
                ),
                _ => (
                    DiagnosticCode::ConflictingConstraints,
                    "set each constraint once, and only one of gt/ge and of lt/le",
                ),
            };
            self.report(
                module
                    .diagnostic(code, error.message(), range, "here")
                    .with_help(help),
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

/// `set[T]`, `frozenset[T]`, `tuple[T, ...]`.
fn collection(name: TypeName, items: TypeRef) -> TypeRef {
    let items = Box::new(items);
    let constraints = Constraints::default();
    match name {
        TypeName::Set => TypeRef::Set { items, constraints },
        TypeName::FrozenSet => TypeRef::FrozenSet { items, constraints },
        _ => TypeRef::Tuple { items, constraints },
    }
}

fn bytes(bytearray: bool) -> TypeRef {
    TypeRef::Bytes {
        bytearray,
        constraints: Constraints::default(),
    }
}

/// Types msgspec decodes JSON object keys (strings) to. Not `bytearray`: msgspec 0.22 builds a
/// decoder for `dict[bytearray, V]` but refuses every key (``Expected `bytes`, got `str` ``).
fn is_key_type(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Any
            | TypeRef::Str { .. }
            | TypeRef::Int { .. }
            | TypeRef::Float { .. }
            | TypeRef::Decimal { .. }
            | TypeRef::Enum { .. }
            | TypeRef::Literal { .. }
            | TypeRef::Uuid
            | TypeRef::Datetime { .. }
            | TypeRef::Date
            | TypeRef::Time { .. }
            | TypeRef::Timedelta
            | TypeRef::Bytes {
                bytearray: false,
                ..
            }
    )
}

fn not_a_type(module: &Module, range: TextRange) -> Diagnostic {
    module
        .diagnostic(
            DiagnosticCode::InvalidType,
            format!("`{}` is not a type", &module.text()[range]),
            range,
            "expected a type",
        )
        .with_help(SUPPORTED_TYPES_HELP)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_is_key_type_refuses_bool_and_containers() {
        assert!(is_key_type(&TypeRef::int()));
        assert!(is_key_type(&TypeRef::Uuid));
        assert!(!is_key_type(&TypeRef::Bool));
        assert!(!is_key_type(&TypeRef::list(TypeRef::str())));
        assert!(!is_key_type(&TypeRef::optional(TypeRef::str())));
    }

    #[test]
    fn is_key_type_takes_bytes_but_not_bytearray_like_msgspec() {
        let bytes = |bytearray| TypeRef::Bytes {
            bytearray,
            constraints: Constraints::default(),
        };
        assert!(is_key_type(&bytes(false)));
        assert!(!is_key_type(&bytes(true)));
    }
}
