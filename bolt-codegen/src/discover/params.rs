//! Handler parameters → [`Param`]s: where each value comes from, its type, default and
//! constraints.

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::{Ranged, TextRange};

use super::dependencies::RouteDependencies;
use super::known::{self, TypeName};
use super::literal;
use super::markers::Marker;
use super::path_template::Placeholder;
use super::project::Module;
use super::resolve::Symbol;
use super::session::{Reported, Session};
use super::types::{Position, ResolvedType};
use crate::diagnostics::DiagnosticCode;
use crate::manifest::{Param, ParamSource, TypeRef};

/// Parameter names that receive the request object (as django-bolt infers them).
const REQUEST_PARAMS: [&str; 2] = ["request", "req"];

/// A parameter and where it is declared.
#[derive(Debug, Clone)]
pub(crate) struct LocatedParam {
    pub(crate) param: Param,
    pub(crate) range: TextRange,
}

impl<'p> Session<'p> {
    /// The parameters of the function `owner` in signature order, its dependencies added to
    /// `deps` (a handler, a view's method or a dependency class's `__init__` with `skip` = 1
    /// for `self`, a dependency); `placeholders` are the route path's (`None` when the path
    /// itself is invalid). Reports every problem before failing.
    pub(crate) fn signature_params(
        &mut self,
        module: &'p Module,
        owner: &str,
        parameters: &'p ast::Parameters,
        skip: usize,
        placeholders: Option<&[Placeholder]>,
        deps: &mut RouteDependencies,
    ) -> Result<Vec<LocatedParam>, Reported> {
        let mut failed = false;
        for variadic in [&parameters.vararg, &parameters.kwarg]
            .into_iter()
            .flatten()
        {
            failed = true;
            self.report(
                module
                    .diagnostic(
                        DiagnosticCode::VariadicParameter,
                        format!("`{owner}` takes variadic parameter `{}`", variadic.name),
                        variadic.range(),
                        "not allowed in a handler",
                    )
                    .with_help("declare each value as its own parameter; Bolt calls handlers with a fixed list of arguments"),
            );
        }
        let mut params = Vec::new();
        for parameter in parameters.iter_non_variadic_params().skip(skip) {
            match self.param(module, parameter, placeholders, deps) {
                Ok(param) => params.push(param),
                Err(Reported) => failed = true,
            }
        }
        failed |= self.check_single_body(module, &params).is_err();
        if failed { Err(Reported) } else { Ok(params) }
    }

    fn check_single_body(
        &mut self,
        module: &'p Module,
        params: &[LocatedParam],
    ) -> Result<(), Reported> {
        let mut bodies = params
            .iter()
            .filter(|located| located.param.source == ParamSource::Body);
        let Some(first) = bodies.next() else {
            return Ok(());
        };
        let extra: Vec<&LocatedParam> = bodies.collect();
        for second in &extra {
            self.report(
                module
                    .diagnostic(
                        DiagnosticCode::MultipleBodies,
                        format!(
                            "parameters `{}` and `{}` both read the request body",
                            first.param.name, second.param.name
                        ),
                        second.range,
                        "second body parameter",
                    )
                    .with_help(
                        "combine them into one msgspec.Struct, or mark one `Query()`/`Header()`",
                    )
                    .with_note(format!(
                        "`{}` is the body: it is (or contains) a Struct, or is marked `Body()`",
                        first.param.name
                    )),
            );
        }
        if extra.is_empty() {
            Ok(())
        } else {
            Err(Reported)
        }
    }

    fn param(
        &mut self,
        module: &'p Module,
        parameter: &'p ast::ParameterWithDefault,
        placeholders: Option<&[Placeholder]>,
        deps: &mut RouteDependencies,
    ) -> Result<LocatedParam, Reported> {
        let name = parameter.parameter.name.as_str();
        let annotation = parameter.parameter.annotation();
        let range = parameter.parameter.range();
        if self.is_request_param(module, name, annotation) {
            let param = Param {
                name: name.to_owned(),
                source: ParamSource::Request,
                alias: None,
                ty: TypeRef::Any,
                required: parameter.default.is_none(),
                default: parameter.default().and_then(literal::json),
                dependency: None,
            };
            return Ok(LocatedParam { param, range });
        }
        // `Depends`: the annotation only documents the dependency's result; it is not read.
        if let Some(target) = self.parameter_depends(module, parameter)? {
            let index = self.dependency(&target, range, placeholders, deps)?;
            let param = Param {
                name: name.to_owned(),
                source: ParamSource::Depends,
                alias: None,
                ty: TypeRef::Any,
                required: true,
                default: None,
                dependency: Some(index),
            };
            return Ok(LocatedParam { param, range });
        }
        let resolved = match annotation {
            Some(annotation) => self.resolve_type(module, annotation, Position::Parameter),
            None => Ok(ResolvedType {
                ty: TypeRef::Any,
                marker: None,
            }),
        };
        let default_marker = match parameter.default() {
            Some(default) => self.marker_call(module, default),
            None => Ok(None),
        };
        let (resolved, default_marker) = (resolved?, default_marker?);
        let ResolvedType { mut ty, marker } = resolved;
        let marker = match (marker, default_marker) {
            (Some(first), Some(second)) => {
                return Err(self.report_second_marker(module, &first, &second));
            }
            (None, Some(from_default)) => {
                ty = self.constrain(module, &ty, &from_default.constraints, from_default.range)?;
                Some(from_default)
            }
            (from_annotation, None) => from_annotation,
        };
        let default = declared_default(parameter, marker.as_ref());
        let source = self.param_source(module, name, &ty, marker.as_ref(), placeholders, range)?;
        self.check_param_type(
            module,
            name,
            source,
            &ty,
            marker.is_some(),
            annotation.map_or(range, Ranged::range),
        )?;
        // django-bolt: a parameter is optional when it has a default or an Optional type;
        // an Optional parameter without a default defaults to None.
        let is_optional = matches!(ty, TypeRef::Optional { .. });
        let default = match default {
            None if is_optional && source != ParamSource::Body => {
                Some(Some(serde_json::Value::Null))
            }
            other => other,
        };
        let param = Param {
            name: name.to_owned(),
            source,
            // "The name on the wire if it differs": `alias=` equal to the name is no alias
            // (django-bolt looks both up the same way).
            alias: marker
                .and_then(|marker| marker.alias)
                .filter(|alias| alias != name),
            ty,
            required: default.is_none(),
            default: default.flatten(),
            dependency: None,
        };
        Ok(LocatedParam { param, range })
    }

    /// `request`, `request: Any`, or any parameter annotated `Request`.
    fn is_request_param(&self, module: &'p Module, name: &str, annotation: Option<&Expr>) -> bool {
        let Some(annotation) = annotation else {
            return REQUEST_PARAMS.contains(&name);
        };
        match self.resolver.resolve(module, annotation) {
            Ok(Symbol::External(path)) if known::is_request(&path) => true,
            Ok(Symbol::External(path)) => {
                REQUEST_PARAMS.contains(&name) && TypeName::of(&path) == Some(TypeName::Any)
            }
            _ => false,
        }
    }

    fn report_second_marker(
        &mut self,
        module: &'p Module,
        first: &Marker,
        second: &Marker,
    ) -> Reported {
        self.report(
            module
                .diagnostic(
                    DiagnosticCode::ConflictingMarkers,
                    "a parameter can have only one marker",
                    second.range,
                    "second marker",
                )
                .with_help("keep the marker in `Annotated[...]` and give a plain default")
                .with_note(format!(
                    "`{}()` is already given in the annotation",
                    first.name
                )),
        )
    }

    fn param_source(
        &mut self,
        module: &'p Module,
        name: &str,
        ty: &TypeRef,
        marker: Option<&Marker>,
        placeholders: Option<&[Placeholder]>,
        range: TextRange,
    ) -> Result<ParamSource, Reported> {
        let known = placeholders.unwrap_or_default();
        let in_path = |wire: &str| known.iter().any(|placeholder| placeholder.name == wire);
        match marker {
            Some(marker) if marker.source == ParamSource::Path => {
                let wire = marker.alias.as_deref().unwrap_or(name);
                if placeholders.is_none() || in_path(wire) {
                    return Ok(ParamSource::Path);
                }
                Err(self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::PathParamNotInPath,
                            format!(
                                "`Path()` parameter `{wire}` is not a placeholder of the route path"
                            ),
                            range,
                            "not in the path",
                        )
                        .with_help(format!(
                            "add `{{{wire}}}` to the route path, or mark the parameter `Query()`"
                        )),
                ))
            }
            Some(marker) => Ok(marker.source),
            None if in_path(name) => Ok(ParamSource::Path),
            None if ty.contains_struct() => Ok(ParamSource::Body),
            None => Ok(ParamSource::Query),
        }
    }

    fn check_param_type(
        &mut self,
        module: &'p Module,
        name: &str,
        source: ParamSource,
        ty: &TypeRef,
        explicit_marker: bool,
        range: TextRange,
    ) -> Result<(), Reported> {
        let (allowed, expected) = match source {
            ParamSource::Path => (
                is_scalar(ty),
                "a scalar (int, float, str, bool, UUID, datetime, enum, Literal, ...)",
            ),
            ParamSource::Query | ParamSource::Header | ParamSource::Cookie
                if matches!(ty, TypeRef::Struct { .. }) && explicit_marker =>
            {
                // A parameter model's fields are gathered into an object: msgspec cannot
                // convert that to an `array_like` Struct.
                let array_like = matches!(ty, TypeRef::Struct { name }
                    if self.structs.get(name).is_some_and(|definition| definition.array_like));
                (
                    !array_like,
                    "a Struct without `array_like=True` (its fields are read by name)",
                )
            }
            ParamSource::Query => (
                is_scalar(ty)
                    || is_optional_scalar(ty)
                    || is_scalar_list(ty)
                    || is_optional_scalar_list(ty)
                    || is_scalar_tuple(ty),
                "a scalar (int, float, str, bool, UUID, datetime, enum, Literal, ...), Optional[...] of one, (Optional) list/set/frozenset/tuple[T, ...]/tuple[A, B] of those, or a Struct marked `Query()`",
            ),
            ParamSource::Header | ParamSource::Cookie => (
                is_scalar(ty) || is_optional_scalar(ty) || is_scalar_tuple(ty),
                "a scalar (int, float, str, bool, UUID, datetime, enum, Literal, ...), Optional[...] of one, (Optional) tuple[A, B] of those, or a Struct marked `Header()`/`Cookie()`",
            ),
            ParamSource::Body | ParamSource::Request | ParamSource::Depends => (true, ""),
        };
        if allowed {
            return Ok(());
        }
        let source_name = source_name(source);
        let help = if *ty == TypeRef::Any {
            format!("annotate the parameter: `{name}: str`")
        } else if matches!(ty, TypeRef::Struct { .. }) {
            "drop `array_like=True` from the Struct, or take it as the JSON body".to_owned()
        } else {
            "structured input belongs in the body: use a msgspec.Struct parameter".to_owned()
        };
        Err(self.report(
            module
                .diagnostic(
                    DiagnosticCode::ParamTypeNotAllowed,
                    format!("{source_name} parameter `{name}` must be {expected}"),
                    range,
                    format!("not allowed for a {source_name} parameter"),
                )
                .with_help(help),
        ))
    }
}

/// The default the handler declares: `Some(json)` when there is one (`json` is its value if
/// it is a literal). A marker's own default wins over the parameter default.
fn declared_default(
    parameter: &ast::ParameterWithDefault,
    marker: Option<&Marker>,
) -> Option<Option<serde_json::Value>> {
    let default_is_marker = marker.is_some_and(|marker| {
        parameter
            .default()
            .is_some_and(|default| default.range() == marker.range)
    });
    if default_is_marker {
        return marker.and_then(|marker| marker.default.clone());
    }
    match parameter.default() {
        Some(default) => Some(literal::json(default)),
        None => marker.and_then(|marker| marker.default.clone()),
    }
}

/// A type a single text value converts to (`msgspec.convert(text, T, strict=False)`);
/// `Any` (no annotation) receives the text as is, like django-bolt's unannotated query
/// parameters. A union of such types is one too.
fn is_scalar(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Union { variants } => variants.iter().all(is_scalar),
        _ => matches!(
            ty,
            TypeRef::Any
                | TypeRef::Int { .. }
                | TypeRef::Float { .. }
                | TypeRef::Str { .. }
                | TypeRef::Bool
                | TypeRef::Bytes { .. }
                | TypeRef::Datetime { .. }
                | TypeRef::Date
                | TypeRef::Time { .. }
                | TypeRef::Timedelta
                | TypeRef::Uuid
                | TypeRef::Decimal { .. }
                | TypeRef::Enum { .. }
                | TypeRef::Literal { .. }
        ),
    }
}

fn is_optional_scalar(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Optional { inner } if is_scalar(inner))
}

/// `list`, `set`, `frozenset` or `tuple[T, ...]` of scalars: repeated query keys.
fn is_scalar_list(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::List { items, .. }
        | TypeRef::Set { items, .. }
        | TypeRef::FrozenSet { items, .. }
        | TypeRef::Tuple { items, .. } => is_scalar(items),
        _ => false,
    }
}

fn is_optional_scalar_list(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Optional { inner } if is_scalar_list(inner))
}

/// `tuple[A, B]` (or `Optional` of one) of scalars: exactly one repeated value per item.
fn is_scalar_tuple(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::FixedTuple { items } => !items.is_empty() && items.iter().all(is_scalar),
        TypeRef::Optional { inner } => is_scalar_tuple(inner),
        _ => false,
    }
}

fn source_name(source: ParamSource) -> &'static str {
    match source {
        ParamSource::Path => "path",
        ParamSource::Query => "query",
        ParamSource::Header => "header",
        ParamSource::Cookie => "cookie",
        ParamSource::Body => "body",
        ParamSource::Request => "request",
        ParamSource::Depends => "dependency",
    }
}
