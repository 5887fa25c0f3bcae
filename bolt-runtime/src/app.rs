//! The compiled application: static tables that `bolt build` generates for one project.
//!
//! Generated code (see `bolt-codegen::emit`) instantiates these types as `static` items
//! with the project's routes, parameter types and constraints, and hands one [`App`] to
//! the bridge. Everything here is plain data; the behaviour lives in [`crate::routing`],
//! [`crate::extract`] and [`crate::validate`].

use std::fmt;

/// Index of a route in [`App::routes`]; equal to its index in the manifest's `routes`.
pub type RouteId = usize;

/// One project's compiled API.
#[derive(Debug)]
pub struct App {
    /// The manifest this was compiled from, as checked-in JSON. The Python runtime reads it
    /// to bind handlers and to verify the imported code matches the compiled code.
    pub manifest_json: &'static str,
    /// The OpenAPI 3.1 document generated from the same manifest (the bytes of the
    /// project's checked-in `bolt/openapi.json`), served at `<docs path>/openapi.json`.
    pub openapi_json: &'static str,
    /// Hash of `manifest_json` (hex), also part of the extension's file name.
    pub contract: &'static str,
    /// Routes, indexed by [`RouteId`].
    pub routes: &'static [Route],
    pub router: Router,
}

/// Path → route resolution, generated per project.
pub struct Router {
    /// Paths without placeholders, by exact (raw, undecoded) path.
    pub static_paths: &'static phf::Map<&'static str, PathEntry>,
    /// Generated matcher for paths with placeholders. Captures are raw (still
    /// percent-encoded) substrings of the path, in placeholder order.
    pub match_dynamic: for<'p> fn(&'p str) -> Option<DynamicMatch<'p>>,
}

impl fmt::Debug for Router {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Router")
            .field("static_paths", &self.static_paths.len())
            .finish_non_exhaustive()
    }
}

/// The routes registered on one path template, by method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathEntry {
    /// The path template, e.g. `"/items/{id}"`.
    pub template: &'static str,
    /// Sorted by method.
    pub methods: &'static [(Method, RouteId)],
}

/// A successful dynamic match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynamicMatch<'p> {
    pub entry: &'static PathEntry,
    /// Raw captures in placeholder order (a `{name:path}` capture spans several segments).
    pub captures: smallvec::SmallVec<[&'p str; 4]>,
}

/// HTTP methods routes can be declared with (`HEAD` is answered by every `GET` route that
/// has no `HEAD` route beside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl Method {
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

/// One route's compiled description.
#[derive(Debug)]
pub struct Route {
    pub method: Method,
    /// Full path template, e.g. `"/api/items/{id}"`.
    pub path: &'static str,
    pub handler: HandlerRef,
    /// Parameters in the order the handler is called with.
    pub params: &'static [Param],
    /// Status code of a successful response.
    pub status_code: u16,
}

/// The Python function behind a route, and how to call it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandlerRef {
    pub module: &'static str,
    pub qualname: &'static str,
    pub kind: HandlerKind,
}

/// How the runtime calls a handler (decided by the build from the AST).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandlerKind {
    /// `def`: called inline.
    Sync,
    /// `async def` that never awaits: the coroutine is completed inline with `send(None)`.
    AsyncInline,
    /// `async def` that awaits: runs on the worker's asyncio loop.
    AsyncAwaiting,
}

/// One handler parameter.
#[derive(Debug)]
pub struct Param {
    /// Python parameter name (used in error `loc` when there is no alias).
    pub name: &'static str,
    /// Name on the wire: the alias, else the name; for headers lowercased with `-`.
    pub wire_name: &'static str,
    pub source: Source,
    pub schema: &'static Schema,
    /// No default: a missing value is a `missing` error.
    pub required: bool,
}

/// Where a parameter comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Index into [`DynamicMatch::captures`].
    Path {
        capture: usize,
    },
    Query,
    Header,
    Cookie,
    /// The JSON body, validated natively against `schema`, then decoded by msgspec.
    Body,
    /// The request object.
    Request,
}

impl Source {
    /// The first element of an error `loc`.
    pub fn loc_root(self) -> &'static str {
        match self {
            Self::Path { .. } => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Cookie => "cookie",
            Self::Body | Self::Request => "body",
        }
    }
}

/// A type with its constraints, as generated for the project's annotations.
#[derive(Debug)]
pub enum Schema {
    Any,
    None,
    Bool,
    Int(NumberRules),
    Float(NumberRules),
    Str(StrRules),
    /// `bytes` / `bytearray`: base64 text; the length counts decoded bytes.
    Bytes(LengthRules),
    Datetime(Tz),
    Date,
    Time(Tz),
    Timedelta,
    Uuid,
    Decimal(NumberRules),
    /// An `enum.Enum` class's values or a `typing.Literal`'s.
    Choice(&'static ChoiceSchema),
    /// `list[T]`, `tuple[T, ...]`, and `set[T]`/`frozenset[T]` without length constraints:
    /// a JSON array of items.
    List {
        items: &'static Schema,
        length: LengthRules,
    },
    /// `set[T]`/`frozenset[T]` with length constraints: like [`Schema::List`], but the
    /// length counts distinct items (msgspec checks the length of the built set).
    Set {
        items: &'static Schema,
        length: LengthRules,
    },
    /// `tuple[A, B, ...]`: a JSON array of exactly these items.
    FixedTuple(&'static [&'static Schema]),
    /// `dict[K, V]`: a JSON object; `length` counts distinct keys (of type `K`).
    Dict {
        keys: &'static Schema,
        values: &'static Schema,
        length: LengthRules,
    },
    Optional(&'static Schema),
    /// `A | B | ...` (never containing `None`: that is [`Schema::Optional`] around it).
    Union(&'static UnionSchema),
    Struct(&'static StructSchema),
}

/// `Meta(tz=...)` on `datetime`/`time`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Tz {
    /// No constraint.
    #[default]
    Any,
    /// `tz=True`: a UTC offset is required.
    Aware,
    /// `tz=False`: a UTC offset is refused.
    Naive,
}

/// The allowed values of an `Enum` class or a `Literal`.
#[derive(Debug)]
pub struct ChoiceSchema {
    /// Integer values (an int-valued `Enum`/`IntEnum`, int `Literal` values).
    pub ints: &'static [i64],
    /// String values (a str-valued `Enum`/`StrEnum`, str `Literal` values).
    pub strs: &'static [&'static str],
}

/// A union, dispatched on the JSON kind of the value like msgspec does: at most one
/// alternative per kind, decided by `bolt build` (a `None` slot: that kind is refused).
#[derive(Debug)]
pub struct UnionSchema {
    /// The alternatives in declaration order (for messages: ``Expected `int | str` ``).
    pub variants: &'static [&'static Schema],
    /// `true`/`false`: the `bool` alternative.
    pub bool: Option<&'static Schema>,
    /// Integers within 64 bits: `int`, else an int `Enum`/`Literal`, else `float`, else
    /// `Decimal`. Larger integers go here only when it is `int`, else to [`Self::float`].
    pub int: Option<&'static Schema>,
    /// Numbers with a fraction or exponent: `float`, else `Decimal`.
    pub float: Option<&'static Schema>,
    /// Strings: `str`, else the one str-like alternative (`datetime`, `uuid`, `bytes`, a
    /// str `Enum`/`Literal`, ...).
    pub str: Option<&'static Schema>,
    /// Arrays: the one array-like alternative, or several tagged `array_like` Structs.
    pub array: UnionSlot,
    /// Objects: the `dict` or the one Struct, or several tagged Structs.
    pub object: UnionSlot,
}

/// Where a union sends JSON arrays or objects.
#[derive(Debug, Clone, Copy)]
pub enum UnionSlot {
    /// No alternative takes this kind.
    Empty,
    One(&'static Schema),
    /// Tagged Structs (all tagged, same tag field), chosen by the tag's value.
    Tagged(&'static [&'static StructSchema]),
}

/// Numeric bounds; `None` means unconstrained. Integer bounds are exact for `int` values.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NumberRules {
    pub gt: Option<Bound>,
    pub ge: Option<Bound>,
    pub lt: Option<Bound>,
    pub le: Option<Bound>,
    pub multiple_of: Option<Bound>,
}

/// A numeric constraint literal, keeping the integer/float distinction of the source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    Int(i64),
    Float(f64),
}

/// String constraints.
#[derive(Debug, Clone, Copy, Default)]
pub struct StrRules {
    pub length: LengthRules,
    /// Searched like msgspec does (`re.search`, not a full match).
    pub pattern: Option<&'static Pattern>,
}

/// A regex constraint: its source (checked to compile by `bolt build`) and the compiled
/// form, built once on first use.
#[derive(Debug)]
pub struct Pattern {
    pub source: &'static str,
    pub compiled: std::sync::OnceLock<regex::Regex>,
}

impl Pattern {
    /// For generated `static` items.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: std::sync::OnceLock::new(),
        }
    }
}

/// Length bounds for strings (in characters) and lists (in items).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LengthRules {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// A `msgspec.Struct`.
#[derive(Debug)]
pub struct StructSchema {
    /// Qualified name, e.g. `"shop.api.Item"`.
    pub name: &'static str,
    /// In msgspec's field order (the array order when `array_like`).
    pub fields: &'static [FieldSchema],
    pub forbid_unknown_fields: bool,
    /// `array_like=True`: a JSON array `[tag?, field0, field1, ...]`.
    pub array_like: bool,
    /// Set when the Struct is tagged.
    pub tag: Option<StructTag>,
}

/// A tagged Struct's tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StructTag {
    /// The JSON key (`tag_field`); unused for `array_like` Structs (the tag comes first).
    pub field: &'static str,
    pub value: TagValue,
}

/// A tag value: msgspec allows integers and strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagValue {
    Int(i64),
    Str(&'static str),
}

/// One Struct field.
#[derive(Debug)]
pub struct FieldSchema {
    /// The JSON key.
    pub key: &'static str,
    pub schema: &'static Schema,
    pub required: bool,
}
