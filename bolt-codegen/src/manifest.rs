//! The Manifest: Bolt's intermediate representation of a project's API.
//!
//! It is the only contract between the stages of `bolt build` (DESIGN.md rule 1):
//! `discover` produces it from Python source, `emit` and `openapi` consume it, and the
//! Python runtime reads it (embedded in the compiled extension) to bind handlers and to
//! verify that the code it imported is the code that was compiled.
//!
//! Serialised as checked-in JSON (`bolt/manifest.json`): every collection is sorted or a
//! `BTreeMap`, optional fields are omitted when empty, and there are no absolute paths
//! or timestamps, so building twice yields identical bytes.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Bumped whenever the JSON shape changes incompatibly.
pub const MANIFEST_VERSION: u32 = 1;

/// The whole API of one Django project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`MANIFEST_VERSION`] when written by this version of Bolt.
    pub version: u32,
    /// Every `X = BoltAPI(...)` that was discovered, sorted by `(module, name)`.
    pub apis: Vec<Api>,
    /// Every route, sorted by `(path, method)`. The index of a route in this list is its
    /// route id in the compiled extension.
    pub routes: Vec<Route>,
    /// Every `msgspec.Struct` reachable from a route, keyed by its qualified name
    /// (`"module.Qualname"`, e.g. `"shop.api.Item"`; a generic Struct instantiated with type
    /// arguments is keyed `"module.Qualname[arg, ...]"`, each argument rendered by
    /// [`TypeRef::canonical`]).
    pub structs: BTreeMap<String, StructDef>,
    /// Every `enum.Enum` (incl. `IntEnum`, `StrEnum`) reachable from a route, keyed like
    /// Structs (`"module.Qualname"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub enums: BTreeMap<String, EnumDef>,
}

impl Manifest {
    /// An empty manifest of the current version.
    pub fn new() -> Self {
        Self {
            version: MANIFEST_VERSION,
            apis: Vec::new(),
            routes: Vec::new(),
            structs: BTreeMap::new(),
            enums: BTreeMap::new(),
        }
    }

    /// Deterministic, pretty, newline-terminated JSON: the checked-in form.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self)
            .expect("a Manifest contains only JSON-representable data");
        text.push('\n');
        text
    }

    /// Parses the checked-in form.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}

impl Default for Manifest {
    fn default() -> Self {
        Self::new()
    }
}

/// A position in a project file, for diagnostics and documentation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Path relative to the project root, with `/` separators.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// One `X = BoltAPI(...)` assignment at module top level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Api {
    /// Dotted module name, e.g. `"shop.api"`.
    pub module: String,
    /// The variable the API is bound to, e.g. `"api"`.
    pub name: String,
    /// The literal `prefix=` (empty when absent). Already applied to every route's path.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    /// The literal `namespace=`: route names reverse as `"<namespace>:<name>"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The literal `validate_response=`: its routes' default (they may override it).
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub validate_response: bool,
    /// `trailing_slash=`: how its routes' paths end (already applied to every route's path).
    #[serde(default, skip_serializing_if = "TrailingSlash::is_strip")]
    pub trailing_slash: TrailingSlash,
    /// `error_formatter=`: the function that shapes its error responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_formatter: Option<ErrorFormatter>,
    /// `openapi_config=OpenAPIConfig(...)`: the OpenAPI document's `info`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openapi: Option<OpenApiInfo>,
    pub span: Span,
}

/// The OpenAPI document's `info` from `OpenAPIConfig(title=..., version=..., ...)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenApiInfo {
    pub title: String,
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_of_service: Option<String>,
}

/// Serde default of flags that are on unless turned off.
fn yes() -> bool {
    true
}

/// Serde: flags left at their default (`true`) are not written.
fn is_yes(value: &bool) -> bool {
    *value
}

/// HTTP methods a route can be declared with (`HEAD` is also answered by every `GET` route
/// without a `HEAD` route of its own, `OPTIONS` by an automatic 204 with `Allow`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl HttpMethod {
    /// Every method, in declaration order (Python's `django_bolt.api.METHODS` is checked equal
    /// to it: `python/tests/http_methods.json`).
    pub const ALL: [Self; 7] = [
        Self::Get,
        Self::Post,
        Self::Put,
        Self::Patch,
        Self::Delete,
        Self::Head,
        Self::Options,
    ];

    /// The method as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One decorated handler: `@api.get("/items/{id}")`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub method: HttpMethod,
    /// Full path template including the API prefix, e.g. `"/api/items/{id}"`.
    /// Placeholders are `{name}` (one segment) or `{name:path}` (the rest of the path,
    /// only as the last segment).
    pub path: String,
    /// The API this route belongs to, as `"module:name"`.
    pub api: String,
    /// The router the route is declared on, as `"module:name"`, when it is one (its prefix
    /// and include prefixes are already in `path`, its tags in `operation`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub router: Option<String>,
    /// `name=`: what Django's `reverse()` finds the route by (`django_bolt.urls`), prefixed
    /// `"<namespace>:"` when its API has a `namespace=`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `validate_response=` (route, else its API's; default true): whether the returned
    /// value is converted to the response type before encoding, or encoded as returned.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub validate_response: bool,
    pub handler: Handler,
    /// Parameters in signature order (the order the handler is called with).
    pub params: Vec<Param>,
    /// The `Depends(...)` calls a request makes before the handler, callees before their
    /// callers: a [`ParamSource::Depends`] parameter (of the handler or of a dependency)
    /// names its entry by index. A dependency with `use_cache=True` (the default) has one
    /// entry however often it is depended on — the per-request cache, resolved here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<Dependency>,
    /// Status code of a successful response (`status_code=`, default 200).
    pub status_code: u16,
    /// `response_model=` if given, else the return annotation, else absent (returned as-is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<TypeRef>,
    /// A multi-status `response_model={200: A, 404: B, ...: C}` (then `response` is absent):
    /// the documented body type per status code (`"default"` for `...`; `None`: no body).
    /// As in django-bolt 0.13 these document the route; a handler returns `(status, body)`
    /// and the body is encoded as returned.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub responses: BTreeMap<String, Option<TypeRef>>,
    /// Documentation: `tags=`, `summary=`, `description=` and the docstring.
    #[serde(default, skip_serializing_if = "Operation::is_empty")]
    pub operation: Operation,
    /// Where the decorator is.
    pub span: Span,
}

impl Route {
    /// The parameters the runtime reads from the request, in the order it hands them over:
    /// the handler's, then each dependency's (in [`Route::dependencies`] order), without the
    /// [`ParamSource::Depends`] ones (their values are the dependencies' results).
    pub fn wire_params(&self) -> impl Iterator<Item = &Param> {
        self.params
            .iter()
            .chain(self.dependencies.iter().flat_map(|call| &call.params))
            .filter(|param| param.source != ParamSource::Depends)
    }

    /// How the runtime calls the route: as the handler, unless a dependency needs more (an
    /// awaiting dependency puts a sync handler on the event loop too).
    pub fn dispatch_kind(&self) -> HandlerKind {
        self.dependencies
            .iter()
            .map(|call| call.function.kind)
            .fold(self.handler.kind, Ord::max)
    }
}

/// One `Depends(fn)` call of a route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dependency {
    /// The function (or class) called; a class is called like a sync function with the
    /// parameters of its `__init__`.
    pub function: Handler,
    /// `use_cache=` (default true): called once per request however often depended on.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub use_cache: bool,
    /// Its parameters in signature order, resolved for this route (a name that is a path
    /// placeholder of this route is a path parameter).
    pub params: Vec<Param>,
    /// Where the function or class is defined.
    pub span: Span,
}

/// `BoltAPI(error_formatter=fn)`: every error response of the API's routes (404, 405, 413,
/// 422, an `HTTPException`, a 500) is `fn(BoltError, request)`'s response instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorFormatter {
    /// Dotted module of the function (`django_bolt.error_handlers` for `problem_details`).
    pub module: String,
    pub qualname: String,
    /// What its error bodies are, for the OpenAPI document.
    #[serde(default, skip_serializing_if = "ErrorBody::is_undocumented")]
    pub body: ErrorBody,
}

/// The error body an [`ErrorFormatter`] produces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorBody {
    /// A formatter of the project: its bodies are not described.
    #[default]
    Undocumented,
    /// `django_bolt.error_handlers.problem_details`: RFC 9457 (`application/problem+json`).
    ProblemDetails,
}

impl ErrorBody {
    pub fn is_undocumented(&self) -> bool {
        *self == Self::Undocumented
    }
}

/// `BoltAPI(trailing_slash=...)`: how a route's full path (prefixes + path) ends, as
/// django-bolt 0.13 registers it. The root `/` is always `/`. A request for the other form
/// (with or without the slash) is redirected (308) to the route's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrailingSlash {
    /// Trailing slashes removed (the default).
    #[default]
    Strip,
    /// A trailing slash added (Django's convention).
    Append,
    /// The path as written.
    Keep,
}

impl TrailingSlash {
    /// Every mode by its Python spelling.
    pub const ALL: [(&'static str, Self); 3] = [
        ("strip", Self::Strip),
        ("append", Self::Append),
        ("keep", Self::Keep),
    ];

    pub fn is_strip(&self) -> bool {
        *self == Self::Strip
    }

    /// `prefix` (without trailing `/`) followed by `path`, ending as this mode says.
    pub fn full_path(self, prefix: &str, path: &str) -> String {
        let joined = format!("{prefix}{path}");
        let stripped = joined.trim_end_matches('/');
        if stripped.is_empty() {
            return "/".to_owned();
        }
        match self {
            Self::Strip => stripped.to_owned(),
            Self::Append => format!("{stripped}/"),
            Self::Keep => joined,
        }
    }
}

/// The Python function a route calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handler {
    /// Dotted module name, e.g. `"shop.api"`.
    pub module: String,
    /// Qualified name inside the module, e.g. `"create_item"`.
    pub qualname: String,
    pub kind: HandlerKind,
}

/// How the runtime calls a handler; decided statically from the AST (DESIGN.md rule 6).
/// Ordered by what each needs: a route needs the most any of its functions needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandlerKind {
    /// `def`: called inline under the GIL.
    Sync,
    /// `async def` whose body contains no `await`, `async for` or `async with`:
    /// the coroutine is driven inline with one `send(None)`.
    AsyncInline,
    /// `async def` that really awaits: runs on the worker's asyncio loop.
    AsyncAwaiting,
}

/// Documentation attached to an operation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docstring: Option<String>,
    /// `include_in_schema=False`: served, but left out of the OpenAPI document.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

impl Operation {
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
            && self.summary.is_none()
            && self.description.is_none()
            && self.docstring.is_none()
            && !self.hidden
    }
}

/// Where a parameter's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamSource {
    /// A `{name}` placeholder of the path.
    Path,
    /// The query string; `list[T]` collects repeated keys.
    Query,
    /// A request header; the wire name is the alias, else the parameter name, with `_`
    /// replaced by `-`, matched case-insensitively.
    Header,
    /// A cookie, matched exactly by its wire name.
    Cookie,
    /// The JSON request body (a `msgspec.Struct`, a container of Structs, or `Body()`).
    Body,
    /// The request object itself (a parameter named `request`).
    Request,
    /// `Depends(fn)`: the result of a dependency of the route ([`Param::dependency`]).
    Depends,
}

impl ParamSource {
    /// The name `name` is looked up by in this source: headers lowercased with `_` → `-`,
    /// other sources unchanged.
    pub fn wire_name(self, name: &str) -> String {
        match self {
            Self::Header => name.replace('_', "-").to_ascii_lowercase(),
            _ => name.to_owned(),
        }
    }
}

/// One handler parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// The Python parameter name.
    pub name: String,
    pub source: ParamSource,
    /// The name on the wire if it differs from `name` (`alias=`; an alias equal to `name` is
    /// not written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// The declared type with its constraints (`Annotated[..., Query(ge=1)]`, `Meta(...)`).
    /// For [`ParamSource::Request`] this is [`TypeRef::Any`].
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// True when the parameter has no default. Defaults themselves are bound by the Python
    /// runtime from the real function object, so they need not be literals.
    pub required: bool,
    /// The default as JSON when it is a literal (for documentation only; `None` written as
    /// `null`, which reads back as `Some(Null)`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present_value"
    )]
    pub default: Option<serde_json::Value>,
    /// [`ParamSource::Depends`]: the index of its call in [`Route::dependencies`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependency: Option<usize>,
}

impl Param {
    /// The name the value is looked up by in the request. Headers: the alias or else the
    /// name, lowercased with `_` → `-` (django-bolt 0.13's `(alias or name).lower().replace("_", "-")`).
    pub fn wire_name(&self) -> String {
        self.source
            .wire_name(self.alias.as_deref().unwrap_or(&self.name))
    }
}

/// A `msgspec.Struct` class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StructDef {
    /// Dotted module name where the class is defined.
    pub module: String,
    /// Qualified name inside the module (without type arguments for generic Structs).
    pub qualname: String,
    /// Fields in msgspec's order (`__struct_fields__`: inherited fields first, then
    /// `kw_only` fields moved after the positional ones, exactly as msgspec orders them).
    /// This order is the array order of `array_like` Structs.
    pub fields: Vec<Field>,
    /// `forbid_unknown_fields=True`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub forbid_unknown_fields: bool,
    /// `array_like=True`: encoded as a JSON array of the field values in `fields` order
    /// (preceded by the tag value when tagged).
    #[serde(default, skip_serializing_if = "is_false")]
    pub array_like: bool,
    /// `tag=`/`tag_field=` (own or inherited): this Struct's tag, when it is tagged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<StructTag>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docstring: Option<String>,
    pub span: Span,
}

/// The tag of a tagged Struct (msgspec tagged unions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StructTag {
    /// The JSON key holding the tag (`tag_field=`, default `"type"`).
    pub field: String,
    /// The tag value: a JSON string or integer (`tag=True` → the class name).
    pub value: TagValue,
}

/// A tag or enum/literal value: msgspec only allows integers and strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TagValue {
    /// An integer within `[-2**63, 2**63 - 1]`, as a JSON integer: msgspec refuses others as
    /// `Literal` values, enum values and int tags, and so does discover.
    Int(serde_json::Number),
    Str(String),
}

/// An `enum.Enum` class (incl. `IntEnum`, `StrEnum`): decoded from its members' values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumDef {
    /// Dotted module name where the class is defined.
    pub module: String,
    /// Qualified name inside the module.
    pub qualname: String,
    /// Member values in definition order (aliases omitted); all ints or all strs, as
    /// msgspec requires.
    pub values: Vec<TagValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docstring: Option<String>,
    pub span: Span,
}

/// One field of a Struct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// The Python attribute name.
    pub name: String,
    /// The JSON key if it differs from `name` (msgspec `rename`/`field(name=...)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wire_name: Option<String>,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// True when the field has no default and no default factory.
    pub required: bool,
    /// The default as JSON when it is a literal (for documentation only; `None` written as
    /// `null`, which reads back as `Some(Null)`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present_value"
    )]
    pub default: Option<serde_json::Value>,
}

impl Field {
    /// The JSON key of this field.
    pub fn json_key(&self) -> &str {
        self.wire_name.as_deref().unwrap_or(&self.name)
    }
}

/// A resolved type, as the build proved it from the annotations.
///
/// Canonical forms (so that equal annotations give equal manifests):
/// - `T | None`, `Optional[T]` → `Optional { inner: T }`; a union of several non-None types
///   plus `None` → `Optional { inner: Union { .. } }`. `Union` never contains `None`,
///   `Optional` or another `Union` (nested unions are flattened, duplicates dropped), and has
///   at least two variants, in declaration order.
/// - `Literal[...]` with `None` among its values → `Optional { inner: Literal { .. } }`.
/// - `dict` alone is `dict[str, Any]`, `list` alone `list[Any]` (likewise set, frozenset,
///   `tuple` → `tuple[Any, ...]`).
/// - `bytearray` is `Bytes { bytearray: true }` (same JSON, another Python type).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TypeRef {
    /// `typing.Any`, `object`, or no annotation.
    Any,
    /// `None`.
    None,
    Bool,
    /// `int` of any size (JSON integers beyond 64 bits included, like msgspec).
    Int {
        #[serde(default, skip_serializing_if = "Constraints::is_empty")]
        constraints: Constraints,
    },
    Float {
        #[serde(default, skip_serializing_if = "Constraints::is_empty")]
        constraints: Constraints,
    },
    Str {
        #[serde(default, skip_serializing_if = "Constraints::is_empty")]
        constraints: Constraints,
    },
    /// `bytes` / `bytearray`: base64 strings in JSON. Length constraints count decoded bytes.
    Bytes {
        #[serde(default, skip_serializing_if = "is_false")]
        bytearray: bool,
        #[serde(default, skip_serializing_if = "Constraints::is_empty")]
        constraints: Constraints,
    },
    /// `datetime.datetime`; `constraints.tz` is `Meta(tz=...)`.
    Datetime {
        #[serde(default, skip_serializing_if = "Constraints::is_empty")]
        constraints: Constraints,
    },
    /// `datetime.date`.
    Date,
    /// `datetime.time`; `constraints.tz` is `Meta(tz=...)`.
    Time {
        #[serde(default, skip_serializing_if = "Constraints::is_empty")]
        constraints: Constraints,
    },
    /// `datetime.timedelta`.
    Timedelta,
    /// `uuid.UUID`.
    Uuid,
    /// `decimal.Decimal`.
    Decimal {
        #[serde(default, skip_serializing_if = "Constraints::is_empty")]
        constraints: Constraints,
    },
    /// An `enum.Enum` subclass, by its key in [`Manifest::enums`].
    Enum {
        name: String,
    },
    /// `typing.Literal[...]`: int and str values in declaration order, duplicates dropped
    /// (a `None` value is lifted into an enclosing `Optional`).
    Literal {
        values: Vec<TagValue>,
    },
    /// `list[T]`.
    List {
        items: Box<TypeRef>,
        #[serde(default, skip_serializing_if = "Constraints::is_empty")]
        constraints: Constraints,
    },
    /// `set[T]`.
    Set {
        items: Box<TypeRef>,
        #[serde(default, skip_serializing_if = "Constraints::is_empty")]
        constraints: Constraints,
    },
    /// `frozenset[T]`.
    FrozenSet {
        items: Box<TypeRef>,
        #[serde(default, skip_serializing_if = "Constraints::is_empty")]
        constraints: Constraints,
    },
    /// `tuple[T, ...]`.
    Tuple {
        items: Box<TypeRef>,
        #[serde(default, skip_serializing_if = "Constraints::is_empty")]
        constraints: Constraints,
    },
    /// `tuple[A, B, ...]` of fixed length (`tuple[()]` has no items).
    FixedTuple {
        items: Vec<TypeRef>,
    },
    /// `dict[K, V]` (`dict` alone is `dict[str, Any]`); JSON object keys are strings,
    /// converted to `K` like msgspec does (str, int, enum, literal and other str-like keys).
    Dict {
        keys: Box<TypeRef>,
        values: Box<TypeRef>,
        #[serde(default, skip_serializing_if = "Constraints::is_empty")]
        constraints: Constraints,
    },
    /// `Optional[T]` / `T | None`.
    Optional {
        inner: Box<TypeRef>,
    },
    /// `A | B | ...` (see the canonical forms above); a union of tagged Structs is a tagged
    /// union, told apart by their [`StructDef::tag`].
    Union {
        variants: Vec<TypeRef>,
    },
    /// A `msgspec.Struct`, by its key in [`Manifest::structs`].
    Struct {
        name: String,
    },
}

impl TypeRef {
    pub fn int() -> Self {
        Self::Int {
            constraints: Constraints::default(),
        }
    }
    pub fn float() -> Self {
        Self::Float {
            constraints: Constraints::default(),
        }
    }
    pub fn str() -> Self {
        Self::Str {
            constraints: Constraints::default(),
        }
    }
    pub fn list(items: TypeRef) -> Self {
        Self::List {
            items: Box::new(items),
            constraints: Constraints::default(),
        }
    }
    pub fn optional(inner: TypeRef) -> Self {
        Self::Optional {
            inner: Box::new(inner),
        }
    }
    pub fn structure(name: impl Into<String>) -> Self {
        Self::Struct { name: name.into() }
    }
    pub fn dict(keys: TypeRef, values: TypeRef) -> Self {
        Self::Dict {
            keys: Box::new(keys),
            values: Box::new(values),
            constraints: Constraints::default(),
        }
    }

    /// True when this type is, or contains, a Struct (such a parameter is the body).
    pub fn contains_struct(&self) -> bool {
        match self {
            Self::Struct { .. } => true,
            Self::List { items, .. }
            | Self::Set { items, .. }
            | Self::FrozenSet { items, .. }
            | Self::Tuple { items, .. } => items.contains_struct(),
            Self::FixedTuple { items } => items.iter().any(Self::contains_struct),
            Self::Union { variants } => variants.iter().any(Self::contains_struct),
            Self::Dict { values, .. } => values.contains_struct(),
            Self::Optional { inner } => inner.contains_struct(),
            _ => false,
        }
    }

    /// The canonical one-line rendering, used in generic Struct keys and diagnostics:
    /// the same string `django_bolt.runtime.verify.render_manifest_type` renders, e.g.
    /// `int{ge=1}`, `list[str]`, `dict[str, int]`, `optional[struct shop.api.Item]`,
    /// `union[int, str]`, `tuple[int, ...]`, `fixed_tuple[int, str]`,
    /// `literal["a", 1]`, `enum shop.api.Color`, `bytes`, `bytearray{max_length=4}`,
    /// `datetime{tz=true}`.
    pub fn canonical(&self) -> String {
        let join = |types: &[TypeRef]| {
            types
                .iter()
                .map(Self::canonical)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Self::Any => "any".to_owned(),
            Self::None => "none".to_owned(),
            Self::Bool => "bool".to_owned(),
            Self::Date => "date".to_owned(),
            Self::Timedelta => "timedelta".to_owned(),
            Self::Uuid => "uuid".to_owned(),
            Self::Int { constraints } => format!("int{}", constraints.canonical()),
            Self::Float { constraints } => format!("float{}", constraints.canonical()),
            Self::Str { constraints } => format!("str{}", constraints.canonical()),
            Self::Bytes {
                bytearray,
                constraints,
            } => {
                let name = if *bytearray { "bytearray" } else { "bytes" };
                format!("{name}{}", constraints.canonical())
            }
            Self::Datetime { constraints } => format!("datetime{}", constraints.canonical()),
            Self::Time { constraints } => format!("time{}", constraints.canonical()),
            Self::Decimal { constraints } => format!("decimal{}", constraints.canonical()),
            Self::Enum { name } => format!("enum {name}"),
            Self::Literal { values } => {
                let values: Vec<String> = values.iter().map(TagValue::canonical).collect();
                format!("literal[{}]", values.join(", "))
            }
            Self::List { items, constraints } => {
                format!("list[{}]{}", items.canonical(), constraints.canonical())
            }
            Self::Set { items, constraints } => {
                format!("set[{}]{}", items.canonical(), constraints.canonical())
            }
            Self::FrozenSet { items, constraints } => {
                format!(
                    "frozenset[{}]{}",
                    items.canonical(),
                    constraints.canonical()
                )
            }
            Self::Tuple { items, constraints } => {
                format!(
                    "tuple[{}, ...]{}",
                    items.canonical(),
                    constraints.canonical()
                )
            }
            Self::FixedTuple { items } => format!("fixed_tuple[{}]", join(items)),
            Self::Dict {
                keys,
                values,
                constraints,
            } => format!(
                "dict[{}, {}]{}",
                keys.canonical(),
                values.canonical(),
                constraints.canonical()
            ),
            Self::Optional { inner } => format!("optional[{}]", inner.canonical()),
            Self::Union { variants } => format!("union[{}]", join(variants)),
            Self::Struct { name } => format!("struct {name}"),
        }
    }
}

impl TagValue {
    /// The value as JSON: a number or a string.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Self::Int(number) => serde_json::Value::Number(number.clone()),
            Self::Str(text) => serde_json::Value::String(text.clone()),
        }
    }

    /// JSON text: `1`, `"a"`.
    pub fn canonical(&self) -> String {
        self.to_json().to_string()
    }
}

/// Validation constraints (`Query(ge=..)`, `msgspec.Meta(...)`), all optional.
/// Numeric bounds keep the integer/float distinction of the source literal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Constraints {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<serde_json::Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ge: Option<serde_json::Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<serde_json::Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub le: Option<serde_json::Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiple_of: Option<serde_json::Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// `Meta(tz=True|False)` on `datetime`/`time`: aware values required / naive required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz: Option<bool>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The numeric bounds by keyword, in msgspec's order: gt, ge, lt, le, multiple_of.
    pub fn numeric(&self) -> [(&'static str, Option<&serde_json::Number>); 5] {
        [
            ("gt", self.gt.as_ref()),
            ("ge", self.ge.as_ref()),
            ("lt", self.lt.as_ref()),
            ("le", self.le.as_ref()),
            ("multiple_of", self.multiple_of.as_ref()),
        ]
    }

    /// The length bounds by keyword: min_length, max_length.
    pub fn lengths(&self) -> [(&'static str, Option<u64>); 2] {
        [
            ("min_length", self.min_length),
            ("max_length", self.max_length),
        ]
    }

    /// `{ge=1,max_length=3}` in a fixed order (gt, ge, lt, le, multiple_of, min_length,
    /// max_length, pattern, tz), empty when unconstrained; strings as JSON, numbers as in
    /// the source, booleans `true`/`false`.
    pub fn canonical(&self) -> String {
        let mut parts = Vec::new();
        for (key, value) in self.numeric() {
            if let Some(value) = value {
                parts.push(format!("{key}={value}"));
            }
        }
        for (key, value) in self.lengths() {
            if let Some(value) = value {
                parts.push(format!("{key}={value}"));
            }
        }
        if let Some(pattern) = &self.pattern {
            parts.push(format!(
                "pattern={}",
                serde_json::Value::String(pattern.clone())
            ));
        }
        if let Some(tz) = self.tz {
            parts.push(format!("tz={tz}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("{{{}}}", parts.join(","))
        }
    }
}

/// A field that is present is `Some`, even when it is JSON `null` (serde's `Option` would
/// read `null` as absent, and a manifest would not read back as it was written).
fn present_value<'de, D>(deserializer: D) -> Result<Option<serde_json::Value>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    serde_json::Value::deserialize(deserializer).map(Some)
}

fn is_false(value: &bool) -> bool {
    !*value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        let span = Span {
            file: "shop/api.py".into(),
            line: 7,
            column: 1,
        };
        let mut manifest = Manifest::new();
        manifest.apis.push(Api {
            module: "shop.api".into(),
            name: "api".into(),
            prefix: String::new(),
            namespace: None,
            validate_response: true,
            openapi: None,
            span: span.clone(),
            trailing_slash: Default::default(),
            error_formatter: None,
        });
        manifest.routes.push(Route {
            method: HttpMethod::Get,
            path: "/items/{id}".into(),
            api: "shop.api:api".into(),
            router: None,
            name: None,
            validate_response: true,
            handler: Handler {
                module: "shop.api".into(),
                qualname: "get_item".into(),
                kind: HandlerKind::Sync,
            },
            params: vec![Param {
                name: "id".into(),
                source: ParamSource::Path,
                alias: None,
                ty: TypeRef::Int {
                    constraints: Constraints {
                        ge: Some(1.into()),
                        ..Constraints::default()
                    },
                },
                required: true,
                default: None,
                dependency: None,
            }],
            status_code: 200,
            response: None,
            operation: Operation::default(),
            span,
            dependencies: Vec::new(),
            responses: BTreeMap::new(),
        });
        manifest
    }

    /// The cases `python/tests/trailing_slash_cases.json` also holds for `django_bolt.api`'s
    /// twin of the rule (the registered paths must be the compiled ones).
    #[test]
    fn trailing_slash_modes_end_full_paths_as_django_bolt_registers_them() {
        let cases: Vec<(String, String, String, String)> =
            serde_json::from_str(include_str!("../../python/tests/trailing_slash_cases.json"))
                .expect("cases");
        assert!(cases.len() > 10);
        for (mode, prefix, path, expected) in cases {
            let (_, mode) = TrailingSlash::ALL
                .into_iter()
                .find(|(name, _)| *name == mode)
                .expect("a mode");
            assert_eq!(
                mode.full_path(&prefix, &path),
                expected,
                "{mode:?} {prefix} {path}"
            );
        }
    }

    #[test]
    fn manifest_json_round_trip_is_identical() {
        let manifest = sample();
        let text = manifest.to_json();
        let parsed = Manifest::from_json(&text).expect("parses");
        assert_eq!(parsed, manifest);
        assert_eq!(parsed.to_json(), text);
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn type_ref_json_is_tagged_and_omits_empty_constraints() {
        let json = serde_json::to_string(&TypeRef::list(TypeRef::str())).expect("serialises");
        assert_eq!(json, r#"{"type":"list","items":{"type":"str"}}"#);
    }

    #[test]
    fn header_wire_name_uses_dashes_and_lowercase() {
        let param = Param {
            name: "x_request_id".into(),
            source: ParamSource::Header,
            alias: None,
            ty: TypeRef::str(),
            required: true,
            default: None,
            dependency: None,
        };
        assert_eq!(param.wire_name(), "x-request-id");
    }

    #[test]
    fn header_wire_name_of_an_alias_uses_dashes_and_lowercase_like_django_bolt() {
        let param = Param {
            name: "token".into(),
            source: ParamSource::Header,
            alias: Some("X_Token".into()),
            ty: TypeRef::str(),
            required: true,
            default: None,
            dependency: None,
        };
        assert_eq!(param.wire_name(), "x-token");
        let query = Param {
            source: ParamSource::Query,
            ..param
        };
        assert_eq!(query.wire_name(), "X_Token");
    }
}
