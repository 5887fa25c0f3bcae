"""Live annotations → the manifest's ``TypeRef`` JSON, in its canonical form.

``bolt build`` resolves annotations statically into ``TypeRef`` values (``bolt-codegen/src/
manifest.rs``); the start-up check (:mod:`.verify`) resolves the live annotations into the
same JSON shape and renders both with :func:`render_typeref`, the Python twin of
``TypeRef::canonical``. Any disagreement refuses to serve, so the rules here are discover's
(``bolt-codegen/src/discover``: ``unions.rs``, ``types.rs``, ``constraints.rs``,
``generics.rs``, ``structs.rs``), which follow msgspec:

- unions (:func:`join_union`): nested unions and optionals flattened; ``Any`` absorbs the
  whole union (``Optional[Any]`` is ``any``); ``object`` is a custom type to msgspec, so a
  union may hold it only with ``None`` (``object | None`` is ``any``, ``int | object`` is
  refused) unless ``Any`` is a member too (``object_union.rs``); all ``Literal`` members merged into
  one where the first one is; duplicates dropped; literal values dropped where ``int``/``str``
  already takes them (``int | Literal[1]`` is ``int``); ``None`` lifted into ``optional``;
- ``Literal[...]`` keeps its int/str values in declaration order (nested Literals flattened,
  duplicates dropped), ints within ``[-2**63, 2**63 - 1]`` as msgspec requires; ``None`` is
  lifted into ``optional``; ``Literal[True, False]`` is ``bool`` (other bool values are
  refused);
- bare ``list``/``set``/``frozenset``/``tuple`` have ``Any`` items, bare ``dict`` is
  ``dict[str, Any]``; ``tuple[A, B]`` (and ``tuple[()]``) is a ``fixed_tuple``; dict keys must
  be str-like or number-like;
- ``bytearray`` is ``bytes`` with ``"bytearray": true``;
- ``Annotated[T, msgspec.Meta(...)]`` constraints go on ``T`` when its kind takes them (never
  on ``decimal``, nor on ``optional``); a marker's (``Query(ge=1)``) go under an ``optional``
  and override ``Meta``'s;
- a generic Struct is keyed ``module.Name[arg, ...]`` (arguments rendered canonically); used
  bare, its type variables are their bound, else ``Any``; a Struct's base class is reached
  too (``class IntPage(Page[int])`` reaches ``Page[int]``).

Anything discover refuses becomes an ``unsupported`` type, which no manifest holds.

Literal value order is the declaration order, which ``msgspec.inspect.type_info`` does not
keep (it sorts), so annotations are read with :mod:`typing` here; msgspec supplies only what
it alone knows (Struct fields with type arguments substituted, encoded names, config).
"""

from __future__ import annotations

import datetime
import decimal
import enum
import json
import types
import typing
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args, get_origin

import msgspec
import msgspec.structs

__all__ = [
    "CONSTRAINT_ORDER",
    "TypeRef",
    "LiveStruct",
    "LiveTypes",
    "render_constraints",
    "render_typeref",
    "render_value",
    "class_key",
    "contains_struct",
    "join_union",
]

#: A ``TypeRef`` in its serde JSON form (``{"type": "list", "items": {...}}``).
TypeRef = dict[str, Any]

#: The order of ``Constraints::canonical``.
CONSTRAINT_ORDER = ("gt", "ge", "lt", "le", "multiple_of", "min_length", "max_length", "pattern", "tz")

_SCALARS: dict[Any, str] = {
    bool: "bool",
    int: "int",
    float: "float",
    str: "str",
    datetime.datetime: "datetime",
    datetime.date: "date",
    datetime.time: "time",
    datetime.timedelta: "timedelta",
    uuid.UUID: "uuid",
    decimal.Decimal: "decimal",
}
#: The constraints each ``TypeRef`` kind can carry (msgspec's ``typenode_collect_constraints``:
#: numeric bounds on int/float, ``pattern`` on str, lengths on str/bytes/collections/dicts,
#: ``tz`` on datetime/time). ``decimal`` takes none: msgspec refuses ``Meta(ge=...)`` on it.
_NUMERIC = frozenset({"gt", "ge", "lt", "le", "multiple_of"})
_LENGTHS = frozenset({"min_length", "max_length"})
_ALLOWED: dict[str, frozenset[str]] = {
    "int": _NUMERIC,
    "float": _NUMERIC,
    "str": _LENGTHS | {"pattern"},
    "bytes": _LENGTHS,
    "datetime": frozenset({"tz"}),
    "time": frozenset({"tz"}),
    "list": _LENGTHS,
    "set": _LENGTHS,
    "frozen_set": _LENGTHS,
    "tuple": _LENGTHS,
    "dict": _LENGTHS,
}
#: Key types msgspec decodes JSON object keys (strings) to (discover's ``is_key_type``).
_KEY_KINDS = frozenset(
    {"any", "str", "int", "float", "decimal", "enum", "literal", "uuid"}
    | {"datetime", "date", "time", "timedelta", "bytes"}
)
#: Literal int values msgspec (and so discover) accepts: ``-2**63 <= v <= 2**63 - 1``.
_LITERAL_INT_RANGE = range(-(2**63), 2**63)
_LISTS = (list, typing.List)  # noqa: UP006
_SETS = (set, typing.Set)  # noqa: UP006
_FROZEN_SETS = (frozenset, typing.FrozenSet)  # noqa: UP006
_TUPLES = (tuple, typing.Tuple)  # noqa: UP006
_DICTS = (dict, typing.Dict)  # noqa: UP006
_UNIONS: tuple[Any, ...] = (typing.Union, types.UnionType)


# ---------------------------------------------------------------------------------------------
# Rendering (the Python twin of `TypeRef::canonical`)


def _render_number(value: Any) -> str:
    if isinstance(value, float):
        # serde_json (ryu) writes `1e16` and `1e-7` where Python writes `1e+16` and `1e-07`.
        text = repr(value)
        if "e" in text:
            mantissa, exponent = text.split("e")
            sign = "-" if exponent.startswith("-") else ""
            text = f"{mantissa}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"
        return text
    return str(value)


def render_value(value: Any) -> str:
    """A literal/enum/tag value as JSON text: ``1``, ``"a"`` (``true`` for a bool)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float)):
        return _render_number(value)
    return repr(value)


def render_constraints(constraints: Mapping[str, Any]) -> str:
    """``{ge=1,max_length=3}`` in :data:`CONSTRAINT_ORDER`, empty when unconstrained."""
    parts = [f"{key}={render_value(constraints[key])}" for key in CONSTRAINT_ORDER if constraints.get(key) is not None]
    return "{" + ",".join(parts) + "}" if parts else ""


def render_typeref(typeref: Mapping[str, Any]) -> str:
    """The canonical one-line string of a ``TypeRef`` (``TypeRef::canonical``)."""
    kind = typeref.get("type")
    constraints = render_constraints(typeref.get("constraints") or {})
    if kind in ("any", "none", "bool", "date", "timedelta", "uuid"):
        return str(kind)
    if kind in ("int", "float", "str", "datetime", "time", "decimal"):
        return f"{kind}{constraints}"
    if kind == "bytes":
        return ("bytearray" if typeref.get("bytearray") else "bytes") + constraints
    if kind == "enum":
        return f"enum {typeref['name']}"
    if kind == "literal":
        return "literal[" + ", ".join(render_value(v) for v in typeref["values"]) + "]"
    if kind in ("list", "set", "frozen_set"):
        name = "frozenset" if kind == "frozen_set" else kind
        return f"{name}[{render_typeref(typeref['items'])}]{constraints}"
    if kind == "tuple":
        return f"tuple[{render_typeref(typeref['items'])}, ...]{constraints}"
    if kind == "fixed_tuple":
        return "fixed_tuple[" + ", ".join(render_typeref(item) for item in typeref["items"]) + "]"
    if kind == "dict":
        return f"dict[{render_typeref(typeref['keys'])}, {render_typeref(typeref['values'])}]{constraints}"
    if kind == "optional":
        return f"optional[{render_typeref(typeref['inner'])}]"
    if kind == "union":
        return "union[" + ", ".join(render_typeref(variant) for variant in typeref["variants"]) + "]"
    if kind == "struct":
        return f"struct {typeref['name']}"
    if kind == "unsupported":
        return f"unsupported {typeref['what']}"
    return f"unknown {json.dumps(dict(typeref), sort_keys=True)}"


# ---------------------------------------------------------------------------------------------
# Live annotations → TypeRef


def class_key(cls: type) -> str:
    """A class's key in the manifest: ``"module.Qualname"``."""
    return f"{cls.__module__}.{cls.__qualname__}"


def _qualified(value: Any) -> str:
    if isinstance(value, type):
        return class_key(value)
    return repr(value)


def _unsupported(what: str) -> TypeRef:
    return {"type": "unsupported", "what": what}


def _meta_constraints(metadata: tuple[Any, ...]) -> dict[str, Any]:
    """The constraints of the ``msgspec.Meta`` objects among ``Annotated`` extras, merged."""
    merged: dict[str, Any] = {}
    for extra in metadata:
        if isinstance(extra, msgspec.Meta):
            for key in CONSTRAINT_ORDER:
                value = getattr(extra, key, None)
                if value is not None:
                    merged[key] = value
    return merged


def _is_struct_class(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, msgspec.Struct) and value is not msgspec.Struct


def _is_enum_class(value: Any) -> bool:
    return isinstance(value, enum.EnumMeta) and issubclass(value, enum.Enum)


def _constrain(typeref: TypeRef, constraints: Mapping[str, Any], marker: bool) -> TypeRef:
    """``typeref`` with ``constraints`` applied, like discover's ``constraints::apply``: a
    marker's (``Query(ge=1)``) pass through an ``optional`` to its inner type and override
    what ``Meta`` set; ``Meta``'s apply to the type itself. Constraints a type cannot carry
    give an ``unsupported`` type (discover refuses them, so no build can hold them)."""
    if not constraints:
        return typeref
    kind = typeref.get("type")
    if kind == "optional" and marker:
        return {"type": "optional", "inner": _constrain(typeref["inner"], constraints, marker)}
    if kind == "unsupported":
        return typeref
    allowed = _ALLOWED.get(str(kind), frozenset())
    if not constraints.keys() <= allowed:
        return _unsupported(f"{render_typeref(typeref)}{render_constraints(constraints)}")
    return {**typeref, "constraints": {**typeref.get("constraints", {}), **constraints}}


def contains_struct(typeref: Mapping[str, Any]) -> bool:
    """True when the type is, or contains, a Struct (``TypeRef::contains_struct``): without
    a marker, such a parameter is the JSON body. Dict keys are not looked at."""
    kind = typeref.get("type")
    if kind == "struct":
        return True
    if kind in ("list", "set", "frozen_set", "tuple"):
        return contains_struct(typeref["items"])
    if kind == "fixed_tuple":
        return any(contains_struct(item) for item in typeref["items"])
    if kind == "union":
        return any(contains_struct(variant) for variant in typeref["variants"])
    if kind == "dict":
        return contains_struct(typeref["values"])
    if kind == "optional":
        return contains_struct(typeref["inner"])
    return False


def join_union(members: list[TypeRef]) -> TypeRef:
    """``members`` as one canonical type (discover's ``unions::union_of``): nested unions and
    optionals flattened, ``any`` absorbing everything, all Literals merged into one (where the
    first one is), duplicates dropped, literal values dropped where ``int``/``str`` already
    takes them, ``None`` lifted into ``optional``."""
    has_none = False
    flat: list[TypeRef] = []

    def flatten(member: TypeRef) -> bool:
        nonlocal has_none
        kind = member["type"]
        if kind == "any":
            return True
        if kind == "none":
            has_none = True
            return False
        if kind == "optional":
            has_none = True
            return flatten(member["inner"])
        if kind == "union":
            return any(flatten(variant) for variant in member["variants"])
        flat.append(member)
        return False

    for member in members:
        if flatten(member):
            return {"type": "any"}
    variants: list[TypeRef] = []
    literal: TypeRef | None = None
    for member in flat:
        if member["type"] != "literal":
            variants.append(member)
        elif literal is None:
            literal = {"type": "literal", "values": list(member["values"])}
            variants.append(literal)
        else:
            literal["values"].extend(v for v in member["values"] if not _has_value(literal["values"], v))
    unique: dict[str, TypeRef] = {}
    for variant in variants:
        unique.setdefault(render_typeref(variant), variant)
    variants = list(unique.values())
    kinds = {variant["type"] for variant in variants}
    for index, variant in enumerate(variants):
        if variant["type"] == "literal":
            kept = [
                value
                for value in variant["values"]
                if not (isinstance(value, int) and "int" in kinds) and not (isinstance(value, str) and "str" in kinds)
            ]
            variants[index] = {"type": "literal", "values": kept}
    variants = [v for v in variants if not (v["type"] == "literal" and not v["values"])]
    if not variants:
        return {"type": "none"}
    joined = variants[0] if len(variants) == 1 else {"type": "union", "variants": variants}
    return {"type": "optional", "inner": joined} if has_none else joined


def _union_leaf(arg: Any) -> str:
    """What a member of a (flattened) union is for msgspec's rule on custom types:
    ``object``, ``any``, ``none`` or ``other``."""
    while get_origin(arg) is Annotated:
        arg = arg.__origin__
    if isinstance(arg, typing.TypeVar):  # unbound: its bound, else Any (like discover)
        return "any" if arg.__bound__ is None else _union_leaf(arg.__bound__)
    if arg is object:
        return "object"
    if arg is Any:
        return "any"
    if arg is None or arg is type(None) or (get_origin(arg) is Literal and all(v is None for v in get_args(arg))):
        return "none"
    return "other"


def _object_beside_other_types(args: tuple[Any, ...]) -> bool:
    """msgspec: "Type unions containing a custom type may not contain any additional types
    other than `None`" — ``object`` is a custom type, unless ``Any`` absorbs the union first
    (discover's ``object_union.rs``). :mod:`typing` has flattened nested unions already."""
    leaves = {_union_leaf(arg) for arg in args}
    return "object" in leaves and "other" in leaves and "any" not in leaves


def _has_value(values: list[Any], value: Any) -> bool:
    return any(type(seen) is type(value) and seen == value for seen in values)


@dataclass
class LiveStruct:
    """A Struct reached from a live annotation, as the manifest's ``StructDef`` shows it."""

    key: str
    cls: type
    """The class (``Page``), without type arguments."""
    annotation: Any
    """The class, or the parametrised generic (``Page[int]``) its fields are read from."""
    fields: list[dict[str, Any]] = field(default_factory=list)
    """``{"name", "wire_name", "type", "required"}`` per field, in msgspec's order."""
    forbid_unknown_fields: bool = False
    array_like: bool = False
    tag: dict[str, Any] | None = None
    """``{"field": ..., "value": ...}`` when tagged."""
    problem: str | None = None
    """Why the fields could not be read, if they could not."""


class LiveTypes:
    """Converts live annotations to ``TypeRef`` JSON and collects every Struct and Enum they
    reach (transitively through Struct fields and Struct base classes), keyed like the
    manifest's."""

    def __init__(self) -> None:
        self.structs: dict[str, LiveStruct] = {}
        self.enums: dict[str, type[enum.Enum]] = {}
        self._pending: list[LiveStruct] = []

    # -- public -------------------------------------------------------------------------------

    def typeref(self, annotation: Any, extra: Mapping[str, Any] | None = None) -> TypeRef:
        """The ``TypeRef`` of ``annotation``; ``extra`` are a parameter marker's constraints
        (``Query(ge=1)``): applied to the type under an ``Optional``, over ``Meta``'s."""
        result = self._convert(annotation, dict(extra or {}))
        self._complete()
        return result

    def render(self, annotation: Any, extra: Mapping[str, Any] | None = None) -> str:
        """The canonical string of ``annotation`` (see :meth:`typeref`)."""
        return render_typeref(self.typeref(annotation, extra))

    # -- conversion ---------------------------------------------------------------------------

    def _convert(self, annotation: Any, marker: Mapping[str, Any]) -> TypeRef:
        meta: dict[str, Any] = {}
        while get_origin(annotation) is Annotated:
            meta.update(_meta_constraints(annotation.__metadata__))
            annotation = annotation.__origin__
        origin = get_origin(annotation)
        if origin in _UNIONS:
            args = get_args(annotation)
            if _object_beside_other_types(args):
                result = _unsupported(f"union with object: {annotation}")
            else:
                result = join_union([self._convert(arg, {}) for arg in args])
        elif origin is Literal:
            result = self._literal(get_args(annotation))
        else:
            result = self._convert_plain(annotation, origin)
        return _constrain(_constrain(result, meta, marker=False), marker, marker=True)

    def _convert_plain(self, annotation: Any, origin: Any) -> TypeRef:
        if annotation is Any or annotation is object:
            return {"type": "any"}
        if annotation is None or annotation is type(None):
            return {"type": "none"}
        if annotation in (bytes, bytearray):
            return {"type": "bytes", "bytearray": True} if annotation is bytearray else {"type": "bytes"}
        if _is_enum_class(annotation):
            if issubclass(annotation, enum.Flag):
                return _unsupported(_qualified(annotation))
            key = class_key(annotation)
            self.enums.setdefault(key, annotation)
            return {"type": "enum", "name": key}
        scalar = _SCALARS.get(annotation) if isinstance(annotation, type) else None
        if scalar is not None:
            return {"type": scalar}
        if isinstance(annotation, typing.TypeVar):
            # Like msgspec (and discover): an unbound type variable is its bound, else Any.
            bound = annotation.__bound__
            return {"type": "any"} if bound is None else self._convert(bound, {})
        if _is_struct_class(annotation) or _is_struct_class(origin):
            return self._struct(annotation, origin)
        container = origin if origin is not None else annotation
        args = get_args(annotation)
        if container in _LISTS or container in _SETS or container in _FROZEN_SETS:
            kind = "list" if container in _LISTS else "set" if container in _SETS else "frozen_set"
            return {"type": kind, "items": self._convert(args[0], {}) if args else {"type": "any"}}
        if container in _TUPLES:
            if not args and origin is None:  # bare `tuple` / `Tuple`
                return {"type": "tuple", "items": {"type": "any"}}
            if len(args) == 2 and args[1] is Ellipsis:
                return {"type": "tuple", "items": self._convert(args[0], {})}
            # `tuple[()]` has no arguments at all (and `Tuple[()]` one empty tuple on 3.10-).
            items = [self._convert(arg, {}) for arg in args if arg != ()]
            return {"type": "fixed_tuple", "items": items}
        if container in _DICTS:
            if not args:
                return {"type": "dict", "keys": {"type": "str"}, "values": {"type": "any"}}
            keys, values = self._convert(args[0], {}), self._convert(args[1], {})
            if keys["type"] not in _KEY_KINDS:
                return _unsupported(f"dict key {render_typeref(keys)}")
            return {"type": "dict", "keys": keys, "values": values}
        return _unsupported(_qualified(annotation))

    def _literal(self, args: tuple[Any, ...]) -> TypeRef:
        """``Literal[...]`` like discover: int/str values (nested Literals are flattened and
        duplicates dropped by :mod:`typing`), ``None`` lifted into ``optional``, and
        ``Literal[True, False]`` is ``bool`` (other bool values are refused)."""
        values: list[Any] = []
        bools: set[bool] = set()
        has_none = False
        for value in args:
            if value is None:
                has_none = True
            elif type(value) is bool:
                bools.add(value)
            elif (type(value) is int and value in _LITERAL_INT_RANGE) or type(value) is str:
                if not _has_value(values, value):
                    values.append(value)
            else:
                return _unsupported(f"Literal value {value!r}")
        base: TypeRef
        if bools:
            if values or len(bools) != 2:
                return _unsupported(f"Literal bool values {sorted(bools)!r}")
            base = {"type": "bool"}
        elif values:
            base = {"type": "literal", "values": values}
        else:
            return {"type": "none"}
        return {"type": "optional", "inner": base} if has_none else base

    def _struct(self, annotation: Any, origin: Any) -> TypeRef:
        cls = annotation if _is_struct_class(annotation) else origin
        args = get_args(annotation) if origin is not None else ()
        key = class_key(cls)
        if args:
            key += "[" + ", ".join(render_typeref(self._convert(arg, {})) for arg in args) + "]"
        if key not in self.structs:
            live = LiveStruct(key=key, cls=cls, annotation=annotation)
            self.structs[key] = live
            self._pending.append(live)
        return {"type": "struct", "name": key}

    def _parent(self, live: LiveStruct) -> Any:
        """The Struct base class of ``live`` as discover keys it (the first base that is a
        Struct; ``Page[int]`` when subscripted, with the type arguments of ``live`` substituted
        for its type variables), or ``None``."""
        # `__orig_bases__` of the class itself: a plain subclass inherits its base's attribute.
        for base in live.cls.__dict__.get("__orig_bases__", live.cls.__bases__):
            origin = get_origin(base)
            if _is_struct_class(base) or _is_struct_class(origin):
                parameters = getattr(base, "__parameters__", ())
                if origin is None or not parameters:
                    return base
                bindings = dict(zip(getattr(live.cls, "__parameters__", ()), get_args(live.annotation), strict=False))
                return base[tuple(bindings.get(parameter, parameter) for parameter in parameters)]
        return None

    def _complete(self) -> None:
        """Reads the fields of the Structs reached so far (and of those they reach)."""
        while self._pending:
            live = self._pending.pop()
            parent = self._parent(live)
            if parent is not None:
                self._struct(parent, get_origin(parent))
            config = live.cls.__struct_config__
            live.forbid_unknown_fields = bool(config.forbid_unknown_fields)
            live.array_like = bool(config.array_like)
            if config.tag is not None and config.tag_field is not None:
                live.tag = {"field": config.tag_field, "value": config.tag}
            try:
                infos = msgspec.structs.fields(live.annotation)
            except Exception as exc:
                live.problem = f"its fields cannot be read ({type(exc).__name__}: {exc})"
                continue
            for info in infos:
                required = info.default is msgspec.NODEFAULT and info.default_factory is msgspec.NODEFAULT
                live.fields.append(
                    {
                        "name": info.name,
                        "wire_name": info.encode_name if info.encode_name != info.name else None,
                        "type": self._convert(info.type, {}),
                        "required": required,
                    }
                )
