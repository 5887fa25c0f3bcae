"""Binds each compiled route to its live handler (docs/internals.md §5).

``bindings[i]`` is for route id ``i`` (the route's index in the manifest). The extension reads
each binding's attributes once, at ``serve()``.
"""

from __future__ import annotations

import decimal
import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec
import msgspec.inspect as mi

from ..api import UNSET, RouteSpec
from ..exceptions import StaleBuildError
from ..responses import JSON, Response
from .dependencies import call_plan, dependency_caller, resolve_function
from .loader import BuildInfo
from .signature import NO_DEFAULT, LiveParam, live_params, resolve_hints
from .verify import verify_build

__all__ = [
    "Binding",
    "bind_route",
    "build_bindings",
    "default_error_formatter",
    "error_formatters",
    "param_converter",
    "response_type_for",
]

#: Sources whose values the extension coerces from text.
_TEXT_SOURCES = frozenset({"path", "query", "header", "cookie"})


@dataclass(frozen=True, slots=True)
class Binding:
    """What the extension needs to call one route's handler."""

    handler: Callable[..., Any]
    defaults: tuple[Any, ...]
    """One entry per compiled parameter: the default object, or ``hooks.missing``."""
    body_decoder: Callable[[bytes], Any] | None
    """``msgspec.json.Decoder(T).decode`` for the body parameter's type, else ``None``."""
    response_type: Any
    """The type for ``hooks.convert_response``, or ``None`` (the value is returned as-is)."""
    route: str = ""
    """``"METHOD /path"``, for diagnostics."""
    converters: tuple[Callable[[Any], Any] | None, ...] = field(default=())
    """One entry per compiled parameter: what turns the extension's coerced value into the
    handler's argument (see :func:`param_converter`), or ``None`` when it already is it."""
    error_formatter: Callable[..., Any] | None = None
    """The ``error_formatter=`` of the route's API, if any."""


def _is_convertible(info: mi.Type, seen: set[int] | None = None) -> bool:
    """A type msgspec can convert to: no custom classes anywhere inside it."""
    seen = set() if seen is None else seen
    if id(info) in seen:
        return True
    seen.add(id(info))
    if isinstance(info, mi.CustomType):
        return False
    if isinstance(info, mi.UnionType):
        return all(_is_convertible(member, seen) for member in info.types)
    if isinstance(info, (mi.ListType, mi.SetType, mi.FrozenSetType, mi.VarTupleType)):
        return _is_convertible(info.item_type, seen)
    if isinstance(info, mi.TupleType):
        return all(_is_convertible(member, seen) for member in info.item_types)
    if isinstance(info, mi.DictType):
        return _is_convertible(info.key_type, seen) and _is_convertible(info.value_type, seen)
    if isinstance(info, mi.StructType):
        return all(_is_convertible(field.type, seen) for field in info.fields)
    return True


def response_type_for(route: RouteSpec, hints: Mapping[str, Any] | None = None) -> Any:
    """``response_model=`` if given, else the return annotation, when it is a type msgspec
    can convert to (not a response class, not ``None``/``Any``/absent); else ``None``."""
    if not route.validate_response or isinstance(route.response_model, dict):
        # A multi-status `response_model={...}` documents the route; bodies are encoded as
        # returned (django-bolt 0.13).
        return None
    if route.response_model is not UNSET:
        annotation = route.response_model
    else:
        if hints is None:
            hints = resolve_hints(route.handler)
        annotation = hints.get("return", UNSET)
    if annotation is UNSET or annotation is None or annotation is type(None) or annotation is Any:
        return None
    try:
        info = mi.type_info(annotation)
    except Exception:
        return None
    if isinstance(info, (mi.AnyType, mi.NoneType)) or not _is_convertible(info):
        return None
    return annotation


def _positional_adapter(fn: Callable[..., Any], params: Sequence[LiveParam]) -> Callable[..., Any]:
    """The extension calls ``handler(*args)``; keyword-only parameters need a wrapper."""
    keyword_only = [p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY]
    if not keyword_only:
        return fn
    split = len(params) - len(keyword_only)

    @functools.wraps(fn)
    def call(*args: Any) -> Any:
        return fn(*args[:split], **dict(zip(keyword_only, args[split:], strict=True)))

    return call


def _is_native(info: mi.Type) -> bool:
    """A type whose values the extension builds itself: ``int``, ``float``, ``str``, ``bool``,
    ``None``, ``Any``, ``Literal`` values, unions and lists of those."""
    if isinstance(info, (mi.IntType, mi.FloatType, mi.StrType, mi.BoolType, mi.NoneType, mi.AnyType, mi.LiteralType)):
        return True
    if isinstance(info, mi.UnionType):
        return all(_is_native(member) for member in info.types)
    if isinstance(info, mi.ListType):
        return _is_native(info.item_type)
    return False


def _without_none(info: mi.Type) -> tuple[mi.Type, bool]:
    """``(T, True)`` for ``Optional[T]`` (one other member), else ``(info, False)``."""
    if isinstance(info, mi.UnionType):
        members = [member for member in info.types if not isinstance(member, mi.NoneType)]
        if len(members) == 1 and len(members) != len(info.types):
            return members[0], True
    return info, False


def _lax_converter(annotation: Any) -> Callable[[Any], Any]:
    """``msgspec.convert(value, annotation, strict=False)``; a one-field Struct holds the type
    so msgspec's type information is built once, not per call (2 µs → 0.2 µs for an Enum)."""
    holder = msgspec.defstruct("ParamValue", [("value", annotation)], array_like=True)
    convert = msgspec.convert

    def convert_value(value: Any) -> Any:
        try:
            return convert((value,), holder, strict=False).value
        except msgspec.ValidationError as error:
            # The holder's own position is no part of the parameter's location.
            message = str(error).replace(" - at `$[0]`", "").replace("`$[0]", "`$")
            raise msgspec.ValidationError(message) from None

    return convert_value


def _model_converter(model: type) -> Callable[[Any], Any]:
    """A parameter model from the dict of its fields' values, by JSON key."""
    convert = msgspec.convert

    def convert_model(fields: Any) -> Any:
        return convert(fields, model, strict=False)

    return convert_model


_CONTAINERS: dict[type[mi.Type], type] = {
    mi.SetType: set,
    mi.FrozenSetType: frozenset,
    mi.VarTupleType: tuple,
}


def param_converter(source: str, annotation: Any) -> Callable[[Any], Any] | None:
    """What turns the extension's coerced value of a path/query/header/cookie parameter into
    exactly what ``msgspec.convert(text, annotation, strict=False)`` returns.

    The extension hands ``int``/``float``/``str``/``bool``/``None`` values natively, the
    validated text for other scalars, a list for repeated values and a dict (by JSON key) for
    a parameter model; ``msgspec.convert`` of that is what the text converts to. Returns
    ``None`` when the native value already is the argument, and the cheapest exact
    conversion otherwise (an Enum member by value lookup, ``set``/``frozenset``/``tuple`` of
    native items, ``Decimal``, else ``msgspec.convert``).
    """
    if source not in _TEXT_SOURCES or annotation is inspect.Parameter.empty:
        return None
    try:
        info = mi.type_info(annotation)
    except Exception:
        return None
    if _is_native(info):
        return None
    base, optional = _without_none(info)
    if isinstance(base, mi.StructType):
        return _model_converter(base.cls)
    if isinstance(base, mi.EnumType):
        members: dict[Any, Any] = {member.value: member for member in base.cls}
        if optional:
            members[None] = None
        return members.__getitem__
    if not optional:
        container = _CONTAINERS.get(type(base))
        if container is not None and _is_native(base.item_type):  # type: ignore[attr-defined]
            return container
        if isinstance(base, mi.TupleType) and all(_is_native(item) for item in base.item_types):
            return tuple
        if isinstance(base, mi.DecimalType):
            # The extension hands Decimal text as msgspec reads it (`-0` → `0`).
            return decimal.Decimal
    return _lax_converter(annotation)


def _wire_params(
    route: RouteSpec, compiled: Mapping[str, Any], live_of: Callable[[Callable[..., Any]], dict[str, LiveParam]]
) -> list[tuple[Mapping[str, Any], LiveParam]]:
    """Every parameter the extension reads, in its order (``Route::wire_params``: the
    handler's, then each dependency's, without ``depends`` ones), with its live twin."""
    owners: list[tuple[Callable[..., Any], Sequence[Mapping[str, Any]]]] = [(route.handler, compiled.get("params", []))]
    for dependency in compiled.get("dependencies", []):
        function = resolve_function(str(dependency["function"]["module"]), str(dependency["function"]["qualname"]))
        owners.append((function, dependency.get("params", [])))
    wire = []
    for function, params in owners:
        live = live_of(function)
        for param in params:
            if param["source"] == "depends":
                continue
            found = live.get(str(param["name"]))
            if found is None:
                raise StaleBuildError(
                    [f"{route.method} {route.path}: parameter `{param['name']}` is compiled but not in the code"]
                )
            wire.append((param, found))
    return wire


def _status_body(result: Any, responses: Mapping[str, Any]) -> Any:
    """A multi-status route's ``(status, body)`` result as the response it stands for: the
    body encoded as returned with that status, no body when it is ``None`` or the status
    documents none (django-bolt 0.13). Any other result is answered as usual."""
    if not (isinstance(result, tuple) and len(result) == 2):
        return result
    code, body = result
    if not isinstance(code, int) or isinstance(code, bool):
        return result
    documented = responses.get(str(code), responses.get("default"))
    if body is None or (str(code) in responses and documented is None):
        return Response(b"", status_code=code, media_type="application/octet-stream")
    return JSON(body, status_code=code)


def status_body_returns(
    handler: Callable[..., Any], responses: Mapping[str, Any], is_async: bool
) -> Callable[..., Any]:
    """``handler`` whose ``(status, body)`` results become responses (see :func:`_status_body`);
    ``is_async``: the route is dispatched as async (its handler call returns a coroutine)."""
    if is_async:

        @functools.wraps(handler)
        async def call_async(*args: Any) -> Any:
            return _status_body(await handler(*args), responses)

        return call_async

    @functools.wraps(handler)
    def call(*args: Any) -> Any:
        return _status_body(handler(*args), responses)

    return call


class PrefixFormatters:
    """The ``error_formatter=`` of the API a path is under (longest prefix first)."""

    def __init__(self, by_prefix: Sequence[tuple[str, Callable[..., Any]]]) -> None:
        self._by_prefix = sorted(by_prefix, key=lambda item: len(item[0]), reverse=True)

    def select(self, path: str) -> Callable[..., Any] | None:
        for prefix, formatter in self._by_prefix:
            if not prefix or path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                return formatter
        return None


def error_formatters(manifest: Mapping[str, Any]) -> dict[str, Callable[..., Any]]:
    """The ``error_formatter=`` of each API that has one, by ``"module:name"`` (the build
    proved each is a top-level function)."""
    formatters = {}
    for api in manifest.get("apis", []):
        formatter = api.get("error_formatter")
        if formatter:
            key = f"{api['module']}:{api['name']}"
            formatters[key] = resolve_function(str(formatter["module"]), str(formatter["qualname"]))
    return formatters


def default_error_formatter(manifest: Mapping[str, Any]) -> PrefixFormatters | None:
    """The formatters of errors no route answers (404, 405, 414): by the API whose
    ``prefix`` the path is under (the longest), ``None`` when no API has a formatter."""
    formatters = error_formatters(manifest)
    if not formatters:
        return None
    by_prefix = [
        (str(api.get("prefix", "")), formatters[f"{api['module']}:{api['name']}"])
        for api in manifest.get("apis", [])
        if f"{api['module']}:{api['name']}" in formatters
    ]
    return PrefixFormatters(by_prefix)


def bind_route(
    route: RouteSpec,
    compiled: Mapping[str, Any],
    missing: Any,
    error_formatter: Callable[..., Any] | None = None,
) -> Binding:
    """The binding of one registered route to its compiled twin: which parameters the
    handler (and each dependency) is called with, from where and whether required, is the
    manifest's; the defaults, annotations and keyword-only-ness are the live functions'."""
    hints = resolve_hints(route.handler)
    cache: dict[int, dict[str, LiveParam]] = {}

    def live_of(function: Callable[..., Any]) -> dict[str, LiveParam]:
        if id(function) not in cache:
            cache[id(function)] = live_params(function, hints if function is route.handler else None)
        return cache[id(function)]

    wire = _wire_params(route, compiled, live_of)
    sources = [str(param["source"]) for param, _live in wire]
    defaults = tuple(
        missing if param["required"] or source == "request" else (None if live.default is NO_DEFAULT else live.default)
        for (param, live), source in zip(wire, sources, strict=True)
    )
    decoder = None
    if "body" in sources:
        decoder = msgspec.json.Decoder(wire[sources.index("body")][1].annotation).decode
    if compiled.get("dependencies"):
        calls, handler_call = call_plan(compiled, route.handler, live_of)
        handler = dependency_caller(calls, handler_call)
    else:
        handler = _positional_adapter(route.handler, [live for _param, live in wire])
    if compiled.get("responses"):
        kinds = [compiled["handler"]["kind"], *(d["function"]["kind"] for d in compiled.get("dependencies", []))]
        handler = status_body_returns(handler, compiled["responses"], any(kind != "sync" for kind in kinds))
    return Binding(
        handler=handler,
        defaults=defaults,
        body_decoder=decoder,
        response_type=response_type_for(route, hints),
        route=f"{route.method} {route.path}",
        converters=tuple(
            param_converter(source, live.annotation) for source, (_p, live) in zip(sources, wire, strict=True)
        ),
        error_formatter=error_formatter,
    )


def build_bindings(manifest: Mapping[str, Any], missing: Any, info: BuildInfo | None = None) -> list[Binding]:
    """Verifies the build is current for the code (raising
    :class:`~django_bolt.exceptions.StaleBuildError`) and binds every compiled route."""
    registered = verify_build(manifest, info)
    formatters = error_formatters(manifest)
    bindings = []
    for route in manifest.get("routes", []):
        _api, spec = registered[(str(route["method"]), str(route["path"]))]
        bindings.append(bind_route(spec, route, missing, formatters.get(str(route.get("api")))))
    return bindings
