"""Live annotations → the manifest's ``TypeRef`` JSON, in its canonical form.

``bolt build`` resolves annotations statically into ``TypeRef`` values (``bolt-codegen/src/
manifest.rs``); the start-up check (:mod:`.verify`) resolves the live annotations into the
same JSON shape and renders both with :func:`render_typeref`, the Python twin of
``TypeRef::canonical``. The canonical forms are the manifest's:

- ``T | None`` → ``{"type": "optional", "inner": T}``; several non-None members plus
  ``None`` → ``optional`` of a ``union``; unions are flattened, duplicates dropped, members
  kept in declaration order;
- ``Literal[...]`` keeps its int/str values in declaration order; a ``None`` value is lifted
  into an enclosing ``optional``;
- bare ``list``/``set``/``frozenset``/``tuple`` have ``Any`` items, bare ``dict`` is
  ``dict[str, Any]``; ``tuple[A, B]`` (and ``tuple[()]``) is a ``fixed_tuple``;
- ``bytearray`` is ``bytes`` with ``"bytearray": true``; ``object`` is ``any``;
- ``Annotated[T, msgspec.Meta(...)]`` constraints are folded into ``T``'s ``constraints``.

Literal value order is the declaration order, which ``msgspec.inspect.type_info`` does not
keep (it sorts), so annotations are read with :mod:`typing` here; msgspec supplies only what
it alone knows (Struct fields with type arguments substituted, encoded names, config).
"""

from __future__ import annotations

import collections.abc as abc
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
#: ``TypeRef`` kinds that carry ``constraints``.
_CONSTRAINED = frozenset(
    {"int", "float", "str", "bytes", "datetime", "time", "decimal", "list", "set", "frozen_set", "tuple", "dict"}
)
_LISTS = (list, typing.List, abc.Sequence, abc.MutableSequence, abc.Collection)  # noqa: UP006
_SETS = (set, typing.Set, abc.MutableSet, abc.Set)  # noqa: UP006
_FROZEN_SETS = (frozenset, typing.FrozenSet)  # noqa: UP006
_TUPLES = (tuple, typing.Tuple)  # noqa: UP006
_DICTS = (dict, typing.Dict, abc.Mapping, abc.MutableMapping)  # noqa: UP006
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
    return isinstance(value, type) and issubclass(value, msgspec.Struct)


def _is_enum_class(value: Any) -> bool:
    return isinstance(value, enum.EnumMeta) and issubclass(value, enum.Enum)


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
    reach (transitively through Struct fields), keyed like the manifest's."""

    def __init__(self) -> None:
        self.structs: dict[str, LiveStruct] = {}
        self.enums: dict[str, type[enum.Enum]] = {}
        self._pending: list[LiveStruct] = []

    # -- public -------------------------------------------------------------------------------

    def typeref(self, annotation: Any, extra: Mapping[str, Any] | None = None) -> TypeRef:
        """The ``TypeRef`` of ``annotation``; ``extra`` are a parameter marker's constraints
        (``Query(ge=1)``), applied to the type under an ``Optional``."""
        result = self._convert(annotation, dict(extra or {}))
        self._complete()
        return result

    def render(self, annotation: Any, extra: Mapping[str, Any] | None = None) -> str:
        """The canonical string of ``annotation`` (see :meth:`typeref`)."""
        return render_typeref(self.typeref(annotation, extra))

    # -- conversion ---------------------------------------------------------------------------

    def _convert(self, annotation: Any, extra: dict[str, Any]) -> TypeRef:
        constraints = dict(extra)
        while get_origin(annotation) is Annotated:
            constraints.update(_meta_constraints(annotation.__metadata__))
            annotation = annotation.__origin__
        origin = get_origin(annotation)
        if origin in _UNIONS:
            return self._union(get_args(annotation), constraints)
        if origin is Literal:
            return self._literal(get_args(annotation))
        result = self._convert_plain(annotation, origin)
        if constraints:
            if result.get("type") in _CONSTRAINED:
                result["constraints"] = {**result.get("constraints", {}), **constraints}
            elif result.get("type") not in ("unsupported",):
                return _unsupported(f"{render_typeref(result)}{render_constraints(constraints)}")
        return result

    def _convert_plain(self, annotation: Any, origin: Any) -> TypeRef:
        if annotation is Any or annotation is object:
            return {"type": "any"}
        if annotation is None or annotation is type(None):
            return {"type": "none"}
        if annotation in (bytes, bytearray):
            return {"type": "bytes", "bytearray": True} if annotation is bytearray else {"type": "bytes"}
        if _is_enum_class(annotation):
            key = class_key(annotation)
            self.enums.setdefault(key, annotation)
            return {"type": "enum", "name": key}
        scalar = _SCALARS.get(annotation) if isinstance(annotation, type) else None
        if scalar is not None:
            return {"type": scalar}
        if isinstance(annotation, typing.TypeVar):
            bound = annotation.__bound__
            return {"type": "any"} if bound is None else self._convert(bound, {})
        supertype = getattr(annotation, "__supertype__", None)
        if supertype is not None:  # typing.NewType
            return self._convert(supertype, {})
        if _is_struct_class(annotation) or _is_struct_class(origin):
            return self._struct(annotation, origin)
        container = origin if origin is not None else annotation
        args = get_args(annotation)
        if container in _LISTS or container in _SETS or container in _FROZEN_SETS:
            kind = "list" if container in _LISTS else "set" if container in _SETS else "frozen_set"
            return {"type": kind, "items": self._convert(args[0], {}) if args else {"type": "any"}}
        if container in _TUPLES:
            if annotation is tuple or annotation is typing.Tuple:  # noqa: UP006
                return {"type": "tuple", "items": {"type": "any"}}
            if len(args) == 2 and args[1] is Ellipsis:
                return {"type": "tuple", "items": self._convert(args[0], {})}
            # `tuple[()]` has no arguments at all (and `Tuple[()]` one empty tuple on 3.10-).
            items = [self._convert(arg, {}) for arg in args if arg != ()]
            return {"type": "fixed_tuple", "items": items}
        if container in _DICTS:
            if not args:
                return {"type": "dict", "keys": {"type": "str"}, "values": {"type": "any"}}
            return {"type": "dict", "keys": self._convert(args[0], {}), "values": self._convert(args[1], {})}
        return _unsupported(_qualified(annotation))

    def _union(self, args: tuple[Any, ...], constraints: dict[str, Any]) -> TypeRef:
        members: list[TypeRef] = []
        has_none = False
        non_none = [arg for arg in args if arg is not None and arg is not type(None)]
        # A marker's constraints apply under `Optional[T]`, not to the members of a union.
        inner_constraints = constraints if len(non_none) == 1 else {}
        for arg in args:
            member = self._convert(arg, inner_constraints if arg in non_none else {})
            if member["type"] == "none":
                has_none = True
                continue
            if member["type"] == "optional":
                has_none = True
                member = member["inner"]
            members.extend(member["variants"] if member["type"] == "union" else [member])
        unique: dict[str, TypeRef] = {}
        for member in members:
            unique.setdefault(render_typeref(member), member)
        if not unique:
            return {"type": "none"}
        variants = list(unique.values())
        inner = variants[0] if len(variants) == 1 else {"type": "union", "variants": variants}
        return {"type": "optional", "inner": inner} if has_none else inner

    def _literal(self, args: tuple[Any, ...]) -> TypeRef:
        values: list[Any] = []
        has_none = False
        for value in args:
            if value is None:
                has_none = True
            elif isinstance(value, bool) or not isinstance(value, (int, str)):
                # msgspec also takes bools, but the manifest's literal values are ints and strs.
                return _unsupported(f"Literal value {value!r}")
            elif not any(type(seen) is type(value) and seen == value for seen in values):
                values.append(value)
        if not values:
            return {"type": "none"}
        literal: TypeRef = {"type": "literal", "values": values}
        return {"type": "optional", "inner": literal} if has_none else literal

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

    def _complete(self) -> None:
        """Reads the fields of the Structs reached so far (and of those they reach)."""
        while self._pending:
            live = self._pending.pop()
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
