"""Binds each compiled route to its live handler (docs/internals.md §5).

``bindings[i]`` is for route id ``i`` (the route's index in the manifest). The extension reads
each binding's attributes once, at ``serve()``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec
import msgspec.inspect as mi

from ..api import UNSET, RouteSpec
from .signature import LiveParam, analyze_params, resolve_hints
from .verify import verify_build

__all__ = ["Binding", "bind_route", "build_bindings", "response_type_for"]


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
    if not route.validate_response:
        return None
    if route.response_model is not UNSET:
        annotation = route.response_model
    else:
        if hints is None:
            hints, _problems = resolve_hints(route.handler)
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


def bind_route(route: RouteSpec, missing: Any) -> Binding:
    """The binding of one registered route."""
    params = analyze_params(route)
    hints, _problems = resolve_hints(route.handler)
    defaults = tuple(missing if p.required or p.source == "request" else p.default for p in params)
    body = next((p for p in params if p.source == "body"), None)
    decoder = None
    if body is not None:
        decoder = msgspec.json.Decoder(
            body.annotation if body.annotation is not inspect.Parameter.empty else Any
        ).decode
    return Binding(
        handler=_positional_adapter(route.handler, params),
        defaults=defaults,
        body_decoder=decoder,
        response_type=response_type_for(route, hints),
        route=f"{route.method} {route.path}",
    )


def build_bindings(manifest: Mapping[str, Any], missing: Any) -> list[Binding]:
    """Imports the API modules, verifies them against the manifest (raising
    :class:`~django_bolt.exceptions.StaleBuildError`) and binds every compiled route."""
    registered = verify_build(manifest)
    bindings = []
    for route in manifest.get("routes", []):
        _api, spec = registered[(str(route["method"]), str(route["path"]))]
        bindings.append(bind_route(spec, missing))
    return bindings
