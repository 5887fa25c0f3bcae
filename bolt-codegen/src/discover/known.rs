//! Names from outside the project that discovery understands: builtins, `typing`, `msgspec`
//! and `django_bolt`. Every name is compared in its canonical dotted form
//! (see [`canonical`]).

use std::borrow::Cow;

/// The package users import Bolt from (django-bolt compatible).
const BOLT_PACKAGE: &str = "django_bolt";
/// `typing_extensions` re-exports `typing` under the same names.
const TYPING_EXTENSIONS: &str = "typing_extensions.";
const TYPING: &str = "typing.";

/// Names of the builtins module that may appear in annotations or defaults.
pub(crate) const BUILTIN_NAMES: &[&str] = &[
    "int",
    "float",
    "str",
    "bool",
    "bytes",
    "bytearray",
    "list",
    "dict",
    "set",
    "frozenset",
    "tuple",
    "object",
    "type",
    "complex",
    "memoryview",
    "range",
    "len",
    "print",
];

/// The canonical form of an external dotted name: `typing_extensions.X` → `typing.X`,
/// `django_bolt.<submodules>.X` → `django_bolt.X` (django-bolt re-exports its public names).
pub(crate) fn canonical(path: &str) -> Cow<'_, str> {
    if let Some(rest) = path.strip_prefix(TYPING_EXTENSIONS) {
        return Cow::Owned(format!("{TYPING}{rest}"));
    }
    let in_bolt = path
        .strip_prefix(BOLT_PACKAGE)
        .is_some_and(|rest| rest.starts_with('.') && rest[1..].contains('.'));
    match (in_bolt, path.rsplit_once('.')) {
        (true, Some((_, last))) => Cow::Owned(format!("{BOLT_PACKAGE}.{last}")),
        _ => Cow::Borrowed(path),
    }
}

/// An external name used as (the head of) a type expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypeName {
    Any,
    Int,
    Float,
    Str,
    Bool,
    NoneType,
    List,
    Dict,
    Optional,
    Union,
    Annotated,
    ClassVar,
    Bytes,
    ByteArray,
    Datetime,
    Date,
    Time,
    Timedelta,
    Uuid,
    Decimal,
    Set,
    FrozenSet,
    Tuple,
    Literal,
    /// `typing.Generic` (only as a class base).
    Generic,
}

const TYPE_NAMES: &[(&str, TypeName)] = &[
    ("typing.Any", TypeName::Any),
    ("builtins.object", TypeName::Any),
    ("builtins.int", TypeName::Int),
    ("builtins.float", TypeName::Float),
    ("builtins.str", TypeName::Str),
    ("builtins.bool", TypeName::Bool),
    ("types.NoneType", TypeName::NoneType),
    ("builtins.list", TypeName::List),
    ("typing.List", TypeName::List),
    ("builtins.dict", TypeName::Dict),
    ("typing.Dict", TypeName::Dict),
    ("typing.Optional", TypeName::Optional),
    ("typing.Union", TypeName::Union),
    ("typing.Annotated", TypeName::Annotated),
    ("typing.ClassVar", TypeName::ClassVar),
    ("builtins.bytes", TypeName::Bytes),
    ("builtins.bytearray", TypeName::ByteArray),
    ("datetime.datetime", TypeName::Datetime),
    ("datetime.date", TypeName::Date),
    ("datetime.time", TypeName::Time),
    ("datetime.timedelta", TypeName::Timedelta),
    ("uuid.UUID", TypeName::Uuid),
    ("decimal.Decimal", TypeName::Decimal),
    ("builtins.set", TypeName::Set),
    ("typing.Set", TypeName::Set),
    ("builtins.frozenset", TypeName::FrozenSet),
    ("typing.FrozenSet", TypeName::FrozenSet),
    ("builtins.tuple", TypeName::Tuple),
    ("typing.Tuple", TypeName::Tuple),
    ("typing.Literal", TypeName::Literal),
    ("typing.Generic", TypeName::Generic),
];

impl TypeName {
    pub(crate) fn of(path: &str) -> Option<Self> {
        let path = canonical(path);
        TYPE_NAMES
            .iter()
            .find(|(name, _)| *name == path)
            .map(|(_, kind)| *kind)
    }
}

/// Types that a later version of Bolt will support: reported as "not supported yet".
const NOT_YET_SUPPORTED_TYPES: &[&str] = &[
    "builtins.memoryview",
    "typing.AbstractSet",
    "typing.MutableSet",
    "collections.abc.Set",
    "collections.abc.MutableSet",
    "typing.Sequence",
    "typing.MutableSequence",
    "typing.Collection",
    "typing.MutableMapping",
    "typing.NewType",
    "collections.abc.MutableSequence",
    "collections.abc.Collection",
    "collections.abc.MutableMapping",
    "collections.abc.Iterable",
    "collections.OrderedDict",
    "collections.defaultdict",
    "collections.Counter",
    "collections.deque",
    "typing.Deque",
    "typing.DefaultDict",
    "typing.OrderedDict",
    "typing.Counter",
    "typing.Mapping",
    "typing.Iterable",
    "typing.TypedDict",
    "typing.NamedTuple",
    "collections.abc.Sequence",
    "collections.abc.Mapping",
    "enum.Flag",
    "enum.IntFlag",
    "msgspec.Raw",
    "msgspec.msgpack.Ext",
    "msgspec.UnsetType",
    "django_bolt.UploadFile",
];

/// True for a type Bolt will support in a later version (so the message says "yet").
pub(crate) fn is_not_yet_supported_type(path: &str) -> bool {
    NOT_YET_SUPPORTED_TYPES.contains(&canonical(path).as_ref())
}

/// `class X(msgspec.Struct)`.
pub(crate) fn is_struct_base(path: &str) -> bool {
    canonical(path) == "msgspec.Struct"
}

/// `enum.Enum` and friends, as a base class of a project class.
pub(crate) fn is_enum_base(path: &str) -> bool {
    canonical(path).starts_with("enum.")
}

/// The flavour of an `enum` base class, which decides the values of its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnumBase {
    /// `enum.Enum`: values as written; `auto()` counts up from 1.
    Plain,
    /// `enum.IntEnum`: int values; `auto()` counts up from 1.
    Int,
    /// `enum.StrEnum`: str values; `auto()` is the lower-cased member name.
    Str,
}

impl EnumBase {
    /// The flavour of an `enum.*` base, or `None` for `Flag`, `IntFlag` and unknown names.
    pub(crate) fn of(path: &str) -> Option<Self> {
        match canonical(path).as_ref() {
            "enum.Enum" => Some(Self::Plain),
            "enum.IntEnum" => Some(Self::Int),
            "enum.StrEnum" => Some(Self::Str),
            _ => None,
        }
    }
}

/// `enum.auto` as a member value.
pub(crate) fn is_enum_auto(path: &str) -> bool {
    canonical(path) == "enum.auto"
}

/// `typing.TypeVar(...)` at module level.
pub(crate) fn is_type_var(path: &str) -> bool {
    canonical(path) == "typing.TypeVar"
}

/// `msgspec.Meta(...)` in `Annotated[...]`.
pub(crate) fn is_msgspec_meta(path: &str) -> bool {
    canonical(path) == "msgspec.Meta"
}

/// `msgspec.field(...)` as a Struct field default.
pub(crate) fn is_msgspec_field(path: &str) -> bool {
    canonical(path) == "msgspec.field"
}

/// `BoltAPI(...)`.
pub(crate) fn is_bolt_api(path: &str) -> bool {
    canonical(path) == "django_bolt.BoltAPI"
}

/// `django_bolt.OpenAPIConfig` (also `django_bolt.openapi.OpenAPIConfig`).
pub(crate) fn is_openapi_config(path: &str) -> bool {
    canonical(path) == "django_bolt.OpenAPIConfig"
}

/// `django_bolt.Router` (also `django_bolt.router.Router`).
pub(crate) fn is_router(path: &str) -> bool {
    canonical(path) == "django_bolt.Router"
}

/// `django_bolt.Request` as a parameter annotation.
pub(crate) fn is_request(path: &str) -> bool {
    canonical(path) == "django_bolt.Request"
}

/// django-bolt response classes: a handler annotated with one returns it as-is.
const RESPONSE_CLASSES: &[&str] = &[
    "Response",
    "JSON",
    "PlainText",
    "HTML",
    "Redirect",
    "File",
    "FileResponse",
    "StreamingResponse",
];

/// True for `-> JSON`, `-> StreamingResponse`, ...
pub(crate) fn is_response_class(path: &str) -> bool {
    let path = canonical(path);
    path.strip_prefix("django_bolt.")
        .is_some_and(|name| RESPONSE_CLASSES.contains(&name))
}

/// A django-bolt parameter marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkerName {
    Query,
    Path,
    Header,
    Cookie,
    Body,
    Depends,
    /// `Form`, `File`: recognised, not supported yet.
    NotYetSupported(&'static str),
}

const MARKER_NAMES: &[(&str, MarkerName)] = &[
    ("django_bolt.Query", MarkerName::Query),
    ("django_bolt.Path", MarkerName::Path),
    ("django_bolt.Header", MarkerName::Header),
    ("django_bolt.Cookie", MarkerName::Cookie),
    ("django_bolt.Body", MarkerName::Body),
    ("django_bolt.Depends", MarkerName::Depends),
    ("django_bolt.Form", MarkerName::NotYetSupported("Form")),
    ("django_bolt.File", MarkerName::NotYetSupported("File")),
];

impl MarkerName {
    pub(crate) fn of(path: &str) -> Option<Self> {
        let path = canonical(path);
        MARKER_NAMES
            .iter()
            .find(|(name, _)| *name == path)
            .map(|(_, kind)| *kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_canonical_bolt_submodule_is_flattened() {
        assert_eq!(canonical("django_bolt.params.Query"), "django_bolt.Query");
        assert_eq!(
            canonical("django_bolt.param_functions.Query"),
            "django_bolt.Query"
        );
        assert_eq!(canonical("django_bolt.BoltAPI"), "django_bolt.BoltAPI");
        assert_eq!(canonical("typing_extensions.Annotated"), "typing.Annotated");
        assert_eq!(canonical("django_boltx.a.B"), "django_boltx.a.B");
    }

    #[test]
    fn test_marker_name_of_known_markers() {
        assert_eq!(
            MarkerName::of("django_bolt.params.Header"),
            Some(MarkerName::Header)
        );
        assert_eq!(
            MarkerName::of("django_bolt.Depends"),
            Some(MarkerName::Depends)
        );
        assert_eq!(
            MarkerName::of("django_bolt.Form"),
            Some(MarkerName::NotYetSupported("Form"))
        );
        assert_eq!(MarkerName::of("fastapi.Query"), None);
    }
}
