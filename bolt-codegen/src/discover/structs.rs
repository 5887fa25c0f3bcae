//! `msgspec.Struct` classes of the project → [`StructDef`]s.
//!
//! A Struct is built the first time a type refers to it; its key and options are recorded
//! before its fields are resolved, so recursive and mutually recursive Structs terminate
//! and unions of tagged Structs can be checked while the Structs are still being built.
//!
//! Field order, wire names, tags and inherited options follow msgspec's `StructMeta`
//! (`_core.c`: `structmeta_collect_base`, `structmeta_collect_fields`,
//! `structmeta_construct_fields`, `structmeta_process_rename`, `structmeta_construct_tag`).

use std::collections::{BTreeMap, BTreeSet};

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::docstring;
use super::enums::EnumFlavour;
use super::generics::{MAX_GENERIC_DEPTH, TypeArg, TypeEnv, TypeParam, subscript_args};
use super::known::{self, EnumBase, TypeName};
use super::literal;
use super::project::Module;
use super::resolve::Symbol;
use super::session::{Reported, Session, all_ok};
use super::unions::StructFacts;
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::manifest::{Field, StructDef, StructTag, TagValue, TypeRef};

/// Struct options that do not change validation or the wire format Bolt checks; they must
/// still be `True`/`False` literals.
const FLAG_STRUCT_OPTIONS: &[&str] = &[
    "frozen",
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
const KW_ONLY: &str = "kw_only";
const ARRAY_LIKE: &str = "array_like";
const RENAME: &str = "rename";
const TAG: &str = "tag";
const TAG_FIELD: &str = "tag_field";
/// msgspec's default `tag_field`.
const DEFAULT_TAG_FIELD: &str = "type";
/// Bound on how deep Struct inheritance is followed (guards against pathological loops).
const MAX_INHERITANCE_DEPTH: usize = 64;
const OPTIONS_HELP: &str = "Struct options must be literals: forbid_unknown_fields/kw_only/array_like/frozen/... = True or False, rename=\"lower\"|\"upper\"|\"camel\"|\"pascal\"|\"kebab\"|{\"field\": \"name\"}, tag=True|False|\"str\"|int|str.lower|str.upper, tag_field=\"str\"";

/// `rename=`: how field names become JSON keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rename {
    /// `rename=None`: own fields keep their names, even when a base Struct renames.
    Keep,
    Lower,
    Upper,
    Camel,
    Pascal,
    Kebab,
    /// `{"field": "key" | None}`: unlisted fields (and `None`) keep their name.
    Mapping(BTreeMap<String, Option<String>>),
}

impl Rename {
    /// The JSON key of field `name`, exactly as msgspec computes it.
    pub(crate) fn apply(&self, name: &str) -> String {
        match self {
            Self::Keep => name.to_owned(),
            Self::Lower => name.to_lowercase(),
            Self::Upper => name.to_uppercase(),
            Self::Kebab => name.trim_matches('_').replace('_', "-"),
            Self::Camel => camel(name, false),
            Self::Pascal => camel(name, true),
            Self::Mapping(mapping) => mapping
                .get(name)
                .cloned()
                .flatten()
                .unwrap_or_else(|| name.to_owned()),
        }
    }
}

/// msgspec's `rename_camel_inner`: split on `_`, keep leading underscores, title-case every
/// part but the first (all parts for pascal) with Python's `str.title()`.
fn camel(name: &str, capitalize_first: bool) -> String {
    let parts: Vec<&str> = name.split('_').collect();
    if parts.len() == 1 && !capitalize_first {
        return name.to_owned();
    }
    let mut out = String::new();
    let mut first = true;
    for part in parts {
        if first && part.is_empty() {
            out.push('_');
        } else {
            if !first || capitalize_first {
                out.push_str(&python_title(part));
            } else {
                out.push_str(part);
            }
            first = false;
        }
    }
    out
}

/// Python's `str.title()`: a cased character following an uncased one is upper-cased, the
/// other cased characters lower-cased.
fn python_title(text: &str) -> String {
    let mut out = String::new();
    let mut previous_cased = false;
    for c in text.chars() {
        let cased = c.is_lowercase() || c.is_uppercase();
        if previous_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        previous_cased = cased;
    }
    out
}

/// `tag=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TagSetting {
    /// `tag=True`: the class name.
    ClassName,
    /// `tag=str.lower` / `tag=str.upper`: msgspec calls it with the class name.
    ClassNameCased(TagCase),
    /// `tag=False`: untagged (also for subclasses of a tagged Struct).
    Off,
    Value(TagValue),
}

/// The `str` method a `tag=` callable names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TagCase {
    Lower,
    Upper,
}

impl TagCase {
    /// The `tag=` callable `path` names (`builtins.str.lower`), if it is one Bolt evaluates.
    fn of(path: &str) -> Option<Self> {
        match path {
            "builtins.str.lower" => Some(Self::Lower),
            "builtins.str.upper" => Some(Self::Upper),
            _ => None,
        }
    }

    /// Python's `str.lower()`/`str.upper()` of `name` (full Unicode case mapping, like Rust's).
    fn apply(self, name: &str) -> String {
        match self {
            Self::Lower => name.to_lowercase(),
            Self::Upper => name.to_uppercase(),
        }
    }
}

/// A Struct's options, own or inherited, known before its fields are resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StructConfig {
    pub(crate) rename: Option<Rename>,
    pub(crate) tag: Option<TagSetting>,
    pub(crate) tag_field: Option<String>,
    pub(crate) array_like: Option<bool>,
    pub(crate) forbid_unknown_fields: Option<bool>,
    /// The class's own `kw_only=` (not inherited: it applies to the fields it declares).
    pub(crate) kw_only: bool,
    /// The final tag (`None` when untagged).
    pub(crate) resolved_tag: Option<StructTag>,
    /// Names of the keyword-only fields (inherited ones included), for subclasses' order.
    pub(crate) kw_only_fields: BTreeSet<String>,
}

impl StructConfig {
    pub(crate) fn facts(&self) -> StructFacts {
        StructFacts {
            tag: self.resolved_tag.clone(),
            array_like: self.array_like == Some(true),
        }
    }

    /// msgspec's `STRUCT_MERGE_OPTIONS` and tag inheritance: own options win.
    fn inherit(&mut self, parent: &StructConfig) {
        if self.rename.is_none() {
            self.rename = parent.rename.clone();
        }
        if self.tag.is_none() {
            self.tag = parent.tag.clone();
        }
        if self.tag_field.is_none() {
            self.tag_field = parent.tag_field.clone();
        }
        self.array_like = self.array_like.or(parent.array_like);
        self.forbid_unknown_fields = self.forbid_unknown_fields.or(parent.forbid_unknown_fields);
    }

    /// `structmeta_construct_tag`.
    fn resolve_tag(&mut self, class_name: &str) {
        self.resolved_tag = match (&self.tag, &self.tag_field) {
            (Some(TagSetting::Off), _) | (None, None) => None,
            (setting, field) => {
                let value = match setting {
                    Some(TagSetting::Value(value)) => value.clone(),
                    Some(TagSetting::ClassNameCased(case)) => TagValue::Str(case.apply(class_name)),
                    _ => TagValue::Str(class_name.to_owned()),
                };
                Some(StructTag {
                    field: field
                        .clone()
                        .unwrap_or_else(|| DEFAULT_TAG_FIELD.to_owned()),
                    value,
                })
            }
        };
    }
}

/// What a project class is, for typing purposes.
#[derive(Debug, Clone, Copy)]
enum ClassKind<'p> {
    /// A Struct; `parent` is the project Struct it inherits from (with the base expression,
    /// which may carry type arguments), if any.
    Struct {
        parent: Option<(&'p Module, &'p ast::StmtClassDef, &'p Expr)>,
    },
    Enum(EnumFlavour),
    /// An enum Bolt cannot type (`Flag`, `IntFlag`, an enum subclassing a project class).
    UnsupportedEnum,
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
    /// `range` of `user`, with type arguments `args` (`Page[Item]`) if any.
    pub(crate) fn class_type(
        &mut self,
        owner: &'p Module,
        class: &'p ast::StmtClassDef,
        user: &'p Module,
        range: TextRange,
        args: Option<&[&Expr]>,
    ) -> Result<TypeRef, Reported> {
        match self.class_kind(owner, class, 0) {
            ClassKind::Struct { .. } => {
                let args = match args {
                    Some(args) => Some(self.type_args(user, args)?),
                    None => None,
                };
                self.ensure_struct(owner, class, args, user, range)
                    .map(TypeRef::structure)
            }
            _ if args.is_some() => Err(self.report(user.diagnostic(
                DiagnosticCode::InvalidType,
                format!("`{}` is not a generic type", class.name),
                range,
                "does not take type arguments",
            ))),
            ClassKind::Enum(flavour) => self.enum_type(owner, class, flavour),
            ClassKind::UnsupportedEnum => Err(self.report(
                user.diagnostic(
                    DiagnosticCode::UnsupportedType,
                    format!("enum `{}` is not supported yet", class.name),
                    range,
                    "not supported yet",
                )
                .with_help("Bolt compiles enums that derive directly from enum.Enum, IntEnum or StrEnum (optionally with an int/str mixin); Flag and IntFlag are not supported"),
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
        let mut enum_base = None;
        let mut mixin = None;
        let mut unsupported_enum = false;
        for base in bases {
            let head = match base {
                Expr::Subscript(subscript) => &*subscript.value,
                other => other,
            };
            match self.resolver.resolve(module, head) {
                Ok(Symbol::External(path)) if known::is_struct_base(&path) => {
                    if matches!(kind, ClassKind::Other) {
                        kind = ClassKind::Struct { parent: None };
                    }
                }
                Ok(Symbol::External(path)) if known::is_enum_base(&path) => {
                    match EnumBase::of(&path) {
                        Some(found) => enum_base = Some(found),
                        None => unsupported_enum = true,
                    }
                }
                Ok(Symbol::External(path)) => match TypeName::of(&path) {
                    Some(TypeName::Str) => mixin = Some(EnumFlavour::StrMixin),
                    Some(TypeName::Int) => mixin = Some(EnumFlavour::Int),
                    _ => {}
                },
                Ok(Symbol::Class(owner, parent)) => match self.class_kind(owner, parent, depth + 1)
                {
                    ClassKind::Struct { .. } => {
                        if !matches!(kind, ClassKind::Struct { parent: Some(_) }) {
                            kind = ClassKind::Struct {
                                parent: Some((owner, parent, base)),
                            };
                        }
                    }
                    ClassKind::Enum(_) | ClassKind::UnsupportedEnum => unsupported_enum = true,
                    ClassKind::Other => {}
                },
                _ => {}
            }
        }
        if unsupported_enum {
            return ClassKind::UnsupportedEnum;
        }
        match (enum_base, mixin) {
            (Some(EnumBase::Plain), Some(mixin)) => ClassKind::Enum(mixin),
            (Some(base), _) => ClassKind::Enum(EnumFlavour::from_base(base)),
            (None, _) => kind,
        }
    }

    /// The type arguments `args` of a generic Struct, written in `module`.
    fn type_args(&mut self, module: &'p Module, args: &[&Expr]) -> Result<Vec<TypeArg>, Reported> {
        let types = all_ok(args.iter().map(|arg| self.type_ref(module, arg)).collect())?;
        Ok(types
            .into_iter()
            .zip(args)
            .map(|(ty, arg)| TypeArg {
                ty,
                object_leaves: self.object_leaves(module, arg),
            })
            .collect())
    }

    /// The key of a Struct (with `args` for a generic one), building its definition on
    /// first use — and again for arguments involving `object`, whose unions msgspec may
    /// refuse where the same Struct with `Any` is fine (both share the key `Page[Any]`).
    fn ensure_struct(
        &mut self,
        module: &'p Module,
        class: &'p ast::StmtClassDef,
        args: Option<Vec<TypeArg>>,
        user: &'p Module,
        range: TextRange,
    ) -> Result<String, Reported> {
        let params = self.class_type_params(module, class)?;
        let base_key = format!("{}.{}", module.name(), class.name);
        let (key, bindings, objects) = match args {
            Some(args) if args.len() != params.len() => {
                return Err(self.report_generic_arity(
                    user,
                    range,
                    class,
                    params.len(),
                    args.len(),
                ));
            }
            Some(args) => {
                let rendered: Vec<String> = args.iter().map(|arg| arg.ty.canonical()).collect();
                let key = format!("{base_key}[{}]", rendered.join(", "));
                let mut bindings = Vec::new();
                let mut objects = Vec::new();
                for (param, arg) in params.iter().zip(args) {
                    if let Some(leaves) = arg.object_leaves {
                        objects.push((param.id.clone(), leaves));
                    }
                    bindings.push((param.id.clone(), arg.ty));
                }
                (key, bindings, objects)
            }
            None => {
                let bindings = self.default_bindings(&params)?;
                (base_key, bindings, Vec::new())
            }
        };
        // Built once per key, and once more per distinct use of `object` in its arguments.
        let started = if objects.is_empty() {
            key.clone()
        } else {
            format!("{key} {objects:?}")
        };
        if self.type_envs.len() > MAX_GENERIC_DEPTH {
            return Err(self.report(
                user.diagnostic(
                    DiagnosticCode::InvalidGeneric,
                    format!("generic Struct `{}` expands without end", class.name),
                    range,
                    "too deeply nested",
                )
                .with_help(
                    "a generic Struct must not instantiate itself with ever larger type arguments",
                ),
            ));
        }
        if self.started_structs.insert(started) {
            self.type_envs.push(TypeEnv { bindings, objects });
            // A Struct is referred to by name: an alias expanded inside its fields
            // (`Expr = Num | Add` with `Add.left: Expr`) is a new expansion, not a loop
            // (the Struct, already started, ends the recursion).
            let outer_aliases = std::mem::take(&mut self.alias_trail);
            let built = self.build_struct(module, class, &key);
            self.alias_trail = outer_aliases;
            self.type_envs.pop();
            if let Ok(definition) = built {
                self.structs.insert(key.clone(), definition);
            }
        }
        Ok(key)
    }

    fn default_bindings(
        &mut self,
        params: &[TypeParam<'p>],
    ) -> Result<Vec<(super::generics::TypeParamId, TypeRef)>, Reported> {
        let mut bindings = Vec::new();
        for param in params {
            let ty = self.param_default(param)?;
            bindings.push((param.id.clone(), ty));
        }
        Ok(bindings)
    }

    fn build_struct(
        &mut self,
        module: &'p Module,
        class: &'p ast::StmtClassDef,
        key: &str,
    ) -> Result<StructDef, Reported> {
        let parent = self.parent_struct(module, class);
        let own = self.struct_options(module, class);
        let (parent_def, parent_config) = match &parent {
            Some(Ok((definition, config))) => (Some(definition.clone()), Some(config.clone())),
            _ => (None, None),
        };
        let mut config = own.clone().unwrap_or_default();
        if let Some(parent_config) = &parent_config {
            config.inherit(parent_config);
        }
        config.resolve_tag(class.name.as_str());
        self.struct_configs.insert(key.to_owned(), config.clone());

        let mut order: Vec<Field> = parent_def.map(|p| p.fields).unwrap_or_default();
        let mut kw_only_fields = parent_config.map(|p| p.kw_only_fields).unwrap_or_default();
        let mut failed = own.is_err() || matches!(parent, Some(Err(Reported)));
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
            let name = target.id.as_str();
            match self.struct_field(module, name, assign, config.rename.as_ref()) {
                Ok(field) => upsert(&mut order, field),
                Err(Reported) => failed = true,
            }
            if config.kw_only {
                kw_only_fields.insert(name.to_owned());
            } else {
                kw_only_fields.remove(name);
            }
        }
        if failed {
            return Err(Reported);
        }
        let (positional, keyword): (Vec<Field>, Vec<Field>) = order
            .into_iter()
            .partition(|field| !kw_only_fields.contains(&field.name));
        let fields: Vec<Field> = positional.into_iter().chain(keyword).collect();
        self.check_wire_names(module, class, &fields, config.resolved_tag.as_ref())?;
        config.kw_only_fields = kw_only_fields;
        self.struct_configs.insert(key.to_owned(), config.clone());
        Ok(StructDef {
            module: module.name().to_owned(),
            qualname: class.name.to_string(),
            fields,
            forbid_unknown_fields: config.forbid_unknown_fields.unwrap_or(false),
            array_like: config.array_like.unwrap_or(false),
            tag: config.resolved_tag,
            docstring: docstring::of_body(&class.body),
            span: module.span(class.name.range().start()),
        })
    }

    /// msgspec refuses two fields with one JSON key, and a tag field that is a field's key.
    fn check_wire_names(
        &mut self,
        module: &'p Module,
        class: &'p ast::StmtClassDef,
        fields: &[Field],
        tag: Option<&StructTag>,
    ) -> Result<(), Reported> {
        let mut seen = BTreeSet::new();
        for field in fields {
            if !seen.insert(field.json_key()) {
                return Err(self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::InvalidStructOption,
                            format!(
                                "several fields of `{}` rename to `{}`: field names must be unique",
                                class.name,
                                field.json_key()
                            ),
                            class.name.range(),
                            "duplicate JSON key",
                        )
                        .with_help("change `rename=` or `msgspec.field(name=...)` so every field has its own key"),
                ));
            }
        }
        if let Some(tag) = tag
            && seen.contains(tag.field.as_str())
        {
            return Err(self.report(
                module
                    .diagnostic(
                        DiagnosticCode::InvalidStructOption,
                        format!(
                            "`tag_field='{}'` conflicts with an existing field of that name",
                            tag.field
                        ),
                        class.name.range(),
                        "tag field clashes",
                    )
                    .with_help("choose another `tag_field=` or rename the field"),
            ));
        }
        Ok(())
    }

    /// The parent Struct's definition and options (built if needed), when the parent is a
    /// project Struct; `Err` when the parent failed (already reported).
    fn parent_struct(
        &mut self,
        module: &'p Module,
        class: &'p ast::StmtClassDef,
    ) -> Option<Result<(StructDef, StructConfig), Reported>> {
        let ClassKind::Struct {
            parent: Some((owner, parent, base)),
        } = self.class_kind(module, class, 0)
        else {
            return None;
        };
        let args = match base {
            Expr::Subscript(subscript) => {
                let args: Vec<&Expr> = subscript_args(&subscript.slice);
                match self.type_args(module, &args) {
                    Ok(args) => Some(args),
                    Err(reported) => return Some(Err(reported)),
                }
            }
            _ => None,
        };
        let key = match self.ensure_struct(owner, parent, args, module, base.range()) {
            Ok(key) => key,
            Err(reported) => return Some(Err(reported)),
        };
        match (self.structs.get(&key), self.struct_configs.get(&key)) {
            (Some(definition), Some(config)) => Some(Ok((definition.clone(), config.clone()))),
            _ => Some(Err(Reported)),
        }
    }

    /// `class X(Struct, forbid_unknown_fields=True, rename="camel", tag=True, ...)`.
    fn struct_options(
        &mut self,
        module: &'p Module,
        class: &'p ast::StmtClassDef,
    ) -> Result<StructConfig, Reported> {
        let keywords = class
            .arguments
            .as_deref()
            .map(|arguments| &*arguments.keywords)
            .unwrap_or_default();
        let mut config = StructConfig::default();
        let mut failed = false;
        for keyword in keywords {
            let name = keyword.arg.as_ref().map_or("**", |arg| arg.as_str());
            let value = &keyword.value;
            let applied = match name {
                FORBID_UNKNOWN_FIELDS => {
                    flag_option(value).map(|flag| config.forbid_unknown_fields = Some(flag))
                }
                ARRAY_LIKE => flag_option(value).map(|flag| config.array_like = Some(flag)),
                KW_ONLY => flag_option(value).map(|flag| config.kw_only = flag),
                RENAME => rename_option(value).map(|rename| config.rename = rename),
                TAG => self.tag_option(module, value).map(|tag| config.tag = tag),
                TAG_FIELD => match value {
                    Expr::NoneLiteral(_) => Ok(()),
                    _ => literal::string(value)
                        .map(|field| config.tag_field = Some(field.to_owned()))
                        .ok_or("must be a string literal"),
                },
                flag if FLAG_STRUCT_OPTIONS.contains(&flag) => flag_option(value).map(|_| ()),
                _ => {
                    failed = true;
                    self.report(
                        module
                            .diagnostic(
                                DiagnosticCode::UnsupportedStructOption,
                                format!("Struct option `{name}` is not supported yet"),
                                keyword.range(),
                                "not supported yet",
                            )
                            .with_help(OPTIONS_HELP),
                    );
                    continue;
                }
            };
            if let Err(problem) = applied {
                failed = true;
                self.report(
                    module
                        .diagnostic(
                            DiagnosticCode::InvalidStructOption,
                            format!("Struct option `{name}` {problem}"),
                            keyword.value.range(),
                            "not a value Bolt can use",
                        )
                        .with_help(OPTIONS_HELP),
                );
            }
        }
        if failed { Err(Reported) } else { Ok(config) }
    }

    /// `tag=` as written; `str.lower`/`str.upper` (resolved, so a shadowed `str` is not
    /// taken for the builtin) are applied to the class name like msgspec does.
    fn tag_option(
        &self,
        module: &'p Module,
        value: &Expr,
    ) -> Result<Option<TagSetting>, &'static str> {
        if let Expr::Attribute(_) = value
            && let Ok(Symbol::External(path)) = self.resolver.resolve(module, value)
            && let Some(case) = TagCase::of(&path)
        {
            return Ok(Some(TagSetting::ClassNameCased(case)));
        }
        tag_option(value)
    }

    fn is_class_var(&self, module: &'p Module, annotation: &Expr) -> bool {
        let annotation = match annotation {
            Expr::StringLiteral(string) => {
                let text = string.value.to_str();
                let head = text.split('[').next().unwrap_or_default().trim();
                return head == "ClassVar" || head == "typing.ClassVar";
            }
            other => other,
        };
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
        rename: Option<&Rename>,
    ) -> Result<Field, Reported> {
        let ty = self.type_ref(module, &assign.annotation);
        let default = match &assign.value {
            Some(value) => self.field_default(module, value),
            None => Ok(FieldDefault::default()),
        };
        let (ty, default) = (ty?, default?);
        let wire_name = default
            .wire_name
            .or_else(|| rename.map(|rename| rename.apply(name)))
            .filter(|wire| wire != name);
        Ok(Field {
            name: name.to_owned(),
            wire_name,
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
                Some("name") => match (&keyword.value, literal::string(&keyword.value)) {
                    (Expr::NoneLiteral(_), _) => {}
                    (_, Some(wire)) => default.wire_name = Some(wire.to_owned()),
                    (_, None) => {
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

/// `rename=` as written: `None` (no renaming, overriding a base's), a known name, or a dict
/// literal.
fn rename_option(value: &Expr) -> Result<Option<Rename>, &'static str> {
    if let Expr::NoneLiteral(_) = value {
        return Ok(Some(Rename::Keep));
    }
    if let Some(name) = literal::string(value) {
        return match name {
            "lower" => Ok(Some(Rename::Lower)),
            "upper" => Ok(Some(Rename::Upper)),
            "camel" => Ok(Some(Rename::Camel)),
            "pascal" => Ok(Some(Rename::Pascal)),
            "kebab" => Ok(Some(Rename::Kebab)),
            _ => Err(
                "is not one of \"lower\", \"upper\", \"camel\", \"pascal\", \"kebab\" (msgspec: rename is unsupported)",
            ),
        };
    }
    let Expr::Dict(dict) = value else {
        return Err("must be a literal (a rename callable cannot be evaluated at build time)");
    };
    let mut mapping = BTreeMap::new();
    for item in &dict.items {
        let key = item
            .key
            .as_ref()
            .and_then(literal::string)
            .ok_or("must map string literals to string literals or None")?;
        let target = match &item.value {
            Expr::NoneLiteral(_) => None,
            other => Some(
                literal::string(other)
                    .ok_or("must map string literals to string literals or None")?
                    .to_owned(),
            ),
        };
        mapping.insert(key.to_owned(), target);
    }
    Ok(Some(Rename::Mapping(mapping)))
}

/// A flag option: `True`/`False`, and `None` which msgspec reads as `False` (verified:
/// `forbid_unknown_fields=None` and `array_like=None` turn an inherited `True` off).
fn flag_option(value: &Expr) -> Result<bool, &'static str> {
    match value {
        Expr::NoneLiteral(_) => Ok(false),
        _ => literal::boolean(value).ok_or("must be `True` or `False`"),
    }
}

/// `tag=` as written.
fn tag_option(value: &Expr) -> Result<Option<TagSetting>, &'static str> {
    if let Expr::NoneLiteral(_) = value {
        return Ok(None);
    }
    if let Some(flag) = literal::boolean(value) {
        return Ok(Some(if flag {
            TagSetting::ClassName
        } else {
            TagSetting::Off
        }));
    }
    if let Some(text) = literal::string(value) {
        return Ok(Some(TagSetting::Value(TagValue::Str(text.to_owned()))));
    }
    if literal::is_integer_literal(value) {
        return literal::integer(value)
            .map(|int| Some(TagSetting::Value(TagValue::Int(int.into()))))
            .ok_or("must be within [-2**63, 2**63 - 1] (msgspec: integer tag values)");
    }
    Err(
        "must be `True`, `False`, a str literal, an int literal, `str.lower` or `str.upper` (another tag callable cannot be evaluated at build time)",
    )
}

fn field_argument_error(module: &Module, range: TextRange, message: &str) -> Diagnostic {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values printed by msgspec 0.22 (`msgspec.structs.fields(C)` encode names of
    /// a Struct with each `rename=`) on Python 3.11.
    #[test]
    fn test_rename_matches_msgspec() {
        let cases = [
            (Rename::Camel, "field_one", "fieldOne"),
            (Rename::Camel, "_private_field", "_privateField"),
            (Rename::Camel, "__dunder_x", "__dunderX"),
            (Rename::Camel, "trailing_", "trailing"),
            (Rename::Camel, "id2x_y", "id2xY"),
            (Rename::Camel, "a_b2c", "aB2C"),
            (Rename::Camel, "plain", "plain"),
            (Rename::Pascal, "plain", "Plain"),
            (Rename::Pascal, "field_one", "FieldOne"),
            (Rename::Pascal, "_x_y", "_XY"),
            (Rename::Kebab, "_field_one_", "field-one"),
            (Rename::Lower, "MiXed_1", "mixed_1"),
            (Rename::Upper, "mixed_1", "MIXED_1"),
        ];
        for (rename, name, expected) in cases {
            assert_eq!(rename.apply(name), expected, "{rename:?} {name}");
        }
    }

    #[test]
    fn test_python_title_follows_cased_characters() {
        assert_eq!(python_title("b2c"), "B2C");
        assert_eq!(python_title("hELLO"), "Hello");
        assert_eq!(python_title(""), "");
    }
}
