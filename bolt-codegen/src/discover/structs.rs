//! `msgspec.Struct` classes of the project → [`StructDef`]s.
//!
//! A Struct is built the first time a type refers to it; its key is inserted before its
//! fields are resolved, so recursive and mutually recursive Structs terminate.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::docstring;
use super::known::{self, TypeName};
use super::literal;
use super::project::Module;
use super::resolve::Symbol;
use super::session::{Reported, Session};
use crate::diagnostics::DiagnosticCode;
use crate::manifest::{Field, StructDef, TypeRef};

/// Struct options that do not change validation or the wire format Bolt checks.
const HARMLESS_STRUCT_OPTIONS: &[&str] = &[
    "frozen",
    "kw_only",
    "omit_defaults",
    "order",
    "eq",
    "repr_omit_defaults",
    "weakref",
    "dict",
    "cache_hash",
    "gc",
];
const FORBID_UNKNOWN_FIELDS: &str = "forbid_unknown_fields";
/// Bound on how deep Struct inheritance is followed (guards against pathological loops).
const MAX_INHERITANCE_DEPTH: usize = 64;

/// What a project class is, for typing purposes.
#[derive(Debug, Clone, Copy)]
enum ClassKind<'p> {
    /// A Struct; `parent` is the project Struct it inherits from, if any.
    Struct {
        parent: Option<(&'p Module, &'p ast::StmtClassDef)>,
    },
    Enum,
    Other,
}

/// A field default as declared.
#[derive(Debug, Clone, Default)]
struct FieldDefault {
    has_default: bool,
    json: Option<serde_json::Value>,
    wire_name: Option<String>,
}

impl<'p> Session<'p> {
    /// The type of a reference to project class `class` (defined in `owner`), used at
    /// `range` of `user`.
    pub(crate) fn class_type(
        &mut self,
        owner: &'p Module,
        class: &'p ast::StmtClassDef,
        user: &'p Module,
        range: TextRange,
    ) -> Result<TypeRef, Reported> {
        match self.class_kind(owner, class, 0) {
            ClassKind::Struct { .. } => Ok(TypeRef::structure(self.ensure_struct(owner, class))),
            ClassKind::Enum => Err(self.report(
                user.diagnostic(
                    DiagnosticCode::UnsupportedType,
                    format!("enum `{}` is not supported yet", class.name),
                    range,
                    "not supported yet",
                )
                .with_help("a later version of Bolt adds enums; meanwhile use `str` and convert in the handler"),
            )),
            ClassKind::Other => Err(self.report(
                user.diagnostic(
                    DiagnosticCode::UnresolvedType,
                    format!("`{}` is not a msgspec.Struct", class.name),
                    range,
                    "not a Struct",
                )
                .with_help(format!(
                    "declare it as `class {}(msgspec.Struct): ...`, or (for a Django model) expose a Struct and convert in the handler",
                    class.name
                )),
            )),
        }
    }

    fn class_kind(
        &self,
        module: &'p Module,
        class: &'p ast::StmtClassDef,
        depth: usize,
    ) -> ClassKind<'p> {
        if depth > MAX_INHERITANCE_DEPTH {
            return ClassKind::Other;
        }
        let bases = class
            .arguments
            .as_deref()
            .map(|arguments| &*arguments.args)
            .unwrap_or_default();
        let mut kind = ClassKind::Other;
        for base in bases {
            match self.resolver.resolve(module, base) {
                Ok(Symbol::External(path)) if known::is_struct_base(&path) => {
                    kind = ClassKind::Struct { parent: None };
                }
                Ok(Symbol::External(path)) if known::is_enum_base(&path) => return ClassKind::Enum,
                Ok(Symbol::Class(owner, parent)) => match self.class_kind(owner, parent, depth + 1)
                {
                    ClassKind::Struct { .. } => {
                        return ClassKind::Struct {
                            parent: Some((owner, parent)),
                        };
                    }
                    ClassKind::Enum => return ClassKind::Enum,
                    ClassKind::Other => {}
                },
                _ => {}
            }
        }
        kind
    }

    /// The key of a Struct, building its definition on first use.
    fn ensure_struct(&mut self, module: &'p Module, class: &'p ast::StmtClassDef) -> String {
        let key = format!("{}.{}", module.name(), class.name);
        if self.started_structs.insert(key.clone())
            && let Ok(definition) = self.build_struct(module, class)
        {
            self.structs.insert(key.clone(), definition);
        }
        key
    }

    fn build_struct(
        &mut self,
        module: &'p Module,
        class: &'p ast::StmtClassDef,
    ) -> Result<StructDef, Reported> {
        let inherited = self.inherited(module, class);
        let options = self.struct_options(module, class);
        let mut fields = inherited
            .as_ref()
            .map(|parent| parent.fields.clone())
            .unwrap_or_default();
        let mut failed = options.is_err();
        for stmt in &class.body {
            let Stmt::AnnAssign(assign) = stmt else {
                continue;
            };
            let Expr::Name(target) = &*assign.target else {
                continue;
            };
            if self.is_class_var(module, &assign.annotation) {
                continue;
            }
            match self.struct_field(module, target.id.as_str(), assign) {
                Ok(field) => upsert(&mut fields, field),
                Err(Reported) => failed = true,
            }
        }
        if failed {
            return Err(Reported);
        }
        let inherited_forbid = inherited.is_some_and(|parent| parent.forbid_unknown_fields);
        Ok(StructDef {
            module: module.name().to_owned(),
            qualname: class.name.to_string(),
            fields,
            forbid_unknown_fields: options.ok().flatten().unwrap_or(inherited_forbid),
            array_like: false,
            tag: None,
            docstring: docstring::of_body(&class.body),
            span: module.span(class.name.range().start()),
        })
    }

    /// The parent Struct's definition (built if needed), when the parent is a project Struct.
    fn inherited(&mut self, module: &'p Module, class: &'p ast::StmtClassDef) -> Option<StructDef> {
        let ClassKind::Struct {
            parent: Some((owner, parent)),
        } = self.class_kind(module, class, 0)
        else {
            return None;
        };
        let key = self.ensure_struct(owner, parent);
        self.structs.get(&key).cloned()
    }

    /// `class X(Struct, forbid_unknown_fields=True, frozen=True)`: the explicit
    /// `forbid_unknown_fields`, if any; unsupported options are reported.
    fn struct_options(
        &mut self,
        module: &'p Module,
        class: &'p ast::StmtClassDef,
    ) -> Result<Option<bool>, Reported> {
        let keywords = class
            .arguments
            .as_deref()
            .map(|arguments| &*arguments.keywords)
            .unwrap_or_default();
        let mut forbid = None;
        let mut failed = false;
        for keyword in keywords {
            let name = keyword.arg.as_ref().map_or("**", |arg| arg.as_str());
            if name == FORBID_UNKNOWN_FIELDS {
                if let Some(value) = literal::boolean(&keyword.value) {
                    forbid = Some(value);
                    continue;
                }
            } else if HARMLESS_STRUCT_OPTIONS.contains(&name) {
                continue;
            }
            failed = true;
            self.report(
                module
                    .diagnostic(
                        DiagnosticCode::UnsupportedStructOption,
                        format!("Struct option `{name}` is not supported yet"),
                        keyword.range(),
                        "not supported yet",
                    )
                    .with_help(
                        "supported: forbid_unknown_fields=True/False (a literal), frozen, kw_only, omit_defaults, order, eq",
                    ),
            );
        }
        if failed { Err(Reported) } else { Ok(forbid) }
    }

    fn is_class_var(&self, module: &'p Module, annotation: &Expr) -> bool {
        let head = match annotation {
            Expr::Subscript(subscript) => &*subscript.value,
            other => other,
        };
        matches!(
            self.resolver.resolve(module, head),
            Ok(Symbol::External(path)) if TypeName::of(&path) == Some(TypeName::ClassVar)
        )
    }

    fn struct_field(
        &mut self,
        module: &'p Module,
        name: &str,
        assign: &'p ast::StmtAnnAssign,
    ) -> Result<Field, Reported> {
        let ty = self.type_ref(module, &assign.annotation);
        let default = match &assign.value {
            Some(value) => self.field_default(module, value),
            None => Ok(FieldDefault::default()),
        };
        let (ty, default) = (ty?, default?);
        Ok(Field {
            name: name.to_owned(),
            wire_name: default.wire_name,
            ty,
            required: !default.has_default,
            default: default.json,
        })
    }

    /// A literal default, or `msgspec.field(default=..., default_factory=..., name=...)`.
    fn field_default(
        &mut self,
        module: &'p Module,
        value: &'p Expr,
    ) -> Result<FieldDefault, Reported> {
        let literal_default = FieldDefault {
            has_default: true,
            json: literal::json(value),
            wire_name: None,
        };
        let Expr::Call(call) = value else {
            return Ok(literal_default);
        };
        let is_field = matches!(
            self.resolver.resolve(module, &call.func),
            Ok(Symbol::External(path)) if known::is_msgspec_field(&path)
        );
        if !is_field {
            return Ok(literal_default);
        }
        let mut default = FieldDefault::default();
        let mut failed = false;
        for keyword in &call.arguments.keywords {
            match keyword.arg.as_ref().map(|arg| arg.as_str()) {
                Some("default") => {
                    default.has_default = true;
                    default.json = literal::json(&keyword.value);
                }
                Some("default_factory") => default.has_default = true,
                Some("name") => match literal::string(&keyword.value) {
                    Some(wire) => default.wire_name = Some(wire.to_owned()),
                    None => {
                        failed = true;
                        self.report(field_argument_error(
                            module,
                            keyword.range(),
                            "`name=` must be a string literal",
                        ));
                    }
                },
                _ => {
                    failed = true;
                    self.report(field_argument_error(
                        module,
                        keyword.range(),
                        "unknown `msgspec.field()` argument",
                    ));
                }
            }
        }
        if failed { Err(Reported) } else { Ok(default) }
    }
}

fn field_argument_error(
    module: &Module,
    range: TextRange,
    message: &str,
) -> crate::diagnostics::Diagnostic {
    module
        .diagnostic(
            DiagnosticCode::InvalidMarkerArgument,
            message,
            range,
            "here",
        )
        .with_help("msgspec.field() takes default=, default_factory= and name= (a string literal)")
}

/// Adds `field`, replacing an inherited field of the same name in place (msgspec order).
fn upsert(fields: &mut Vec<Field>, field: Field) {
    match fields
        .iter_mut()
        .find(|existing| existing.name == field.name)
    {
        Some(existing) => *existing = field,
        None => fields.push(field),
    }
}
