"""Reads a registered handler's parameters the way ``bolt build`` reads its source.

Shared by :mod:`.binding` (defaults, body decoder) and :mod:`.verify` (the comparison with
the manifest). Source inference follows django-bolt and the manifest's rules:

1. an annotation of :class:`Request`, or the name ``request`` (or django-bolt's ``req``)
   without annotation (or annotated ``Any``), is the request object;
2. else a marker (``Query()``, ``Header()``, ..., in ``Annotated`` or as the default) decides
   (``Annotated[Filters, Query()]`` with a Struct is a parameter model read from that source);
3. a name that is a ``{placeholder}`` of the path is a path parameter;
4. a type that is or contains a ``msgspec.Struct`` is the JSON body (decided on the canonical
   type, like discover: ``Item | Any`` is ``Any``, a query parameter);
5. anything else is a query parameter: scalars (incl. datetime, date, time, timedelta, UUID,
   Decimal, Enum, Literal, bytes), their unions and optionals, and ``list``/``set``/
   ``frozenset``/``tuple`` of them (repeated keys).

An ``Optional`` type (incl. ``Literal[..., None]``, but not ``Optional[Any]``, which is ``Any``)
without a default defaults to ``None``.
"""

from __future__ import annotations

import inspect
import re
import sys
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

from ..api import RouteSpec
from ..params import Depends, Param
from ..request import REQUEST_PARAM_NAMES, Request
from .typeref import LiveTypes
from .typeref import contains_struct as typeref_contains_struct

__all__ = [
    "NO_DEFAULT",
    "LiveParam",
    "analyze_params",
    "path_placeholders",
    "resolve_hints",
    "contains_struct",
    "unwrap_handler",
]

#: The default of a parameter that has none.
NO_DEFAULT: Any = inspect.Parameter.empty

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::path)?\}")


@dataclass(frozen=True)
class LiveParam:
    """One handler parameter, as the live function declares it."""

    name: str
    source: str
    """``path``, ``query``, ``header``, ``cookie``, ``body``, ``request``, or an unsupported
    one (``form``, ``file``, ``depends``, ``varargs``)."""
    alias: str | None
    required: bool
    default: Any
    """The default object, or :data:`NO_DEFAULT`."""
    annotation: Any
    """The resolved annotation (``Annotated`` extras kept), ``Any`` when there is none."""
    marker: Param | None
    kind: inspect._ParameterKind
    problem: str | None = None
    """Why this parameter cannot be served, if it cannot."""

    def constraints(self) -> dict[str, Any]:
        return self.marker.constraints() if self.marker is not None else {}


def path_placeholders(path: str) -> list[str]:
    """The names of the ``{name}`` / ``{name:path}`` placeholders of a path template."""
    return _PLACEHOLDER.findall(path)


def unwrap_handler(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The function under ``functools.wraps`` layers (its code tells sync from async)."""
    return inspect.unwrap(fn)


def resolve_hints(fn: Callable[..., Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Annotations with string/forward references evaluated and ``Annotated`` kept.

    Returns ``(hints, problems)``: when the whole set cannot be evaluated, each annotation is
    evaluated alone and the ones that fail are reported in ``problems`` by parameter name.
    """
    try:
        return typing.get_type_hints(fn, include_extras=True), {}
    except Exception:
        pass
    target = unwrap_handler(fn)
    raw: dict[str, Any] = dict(getattr(target, "__annotations__", {}) or {})
    module = sys.modules.get(getattr(target, "__module__", "") or "")
    globalns = dict(getattr(target, "__globals__", None) or (vars(module) if module else {}))
    hints: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, value in raw.items():
        if isinstance(value, str):
            try:
                value = eval(value, globalns)
            except Exception as exc:
                problems[name] = f"annotation {raw[name]!r} cannot be evaluated ({type(exc).__name__}: {exc})"
                continue
        hints[name] = value
    return hints, problems


def _split_annotated(annotation: Any) -> tuple[Any, Param | Depends | None]:
    if get_origin(annotation) is Annotated:
        for extra in annotation.__metadata__:
            if isinstance(extra, (Param, Depends)):
                return annotation, extra
    return annotation, None


def _strip_annotated(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def contains_struct(annotation: Any) -> bool:
    """True when the type is, or contains (``list``, ``dict`` values, ``Optional``, unions,
    tuples...), a Struct: without a marker, such a parameter is the JSON body. Decided on the
    canonical type, as discover decides it (``Item | Any`` is ``Any``: not a body)."""
    try:
        return typeref_contains_struct(LiveTypes().typeref(annotation))
    except Exception:
        return False


def _is_optional(annotation: Any) -> bool:
    """``Optional[T]`` / ``T | None`` / ``Literal[..., None]`` (possibly inside ``Annotated``):
    the manifest's canonical ``optional``, as discover decides it."""
    try:
        return LiveTypes().typeref(annotation)["type"] == "optional"
    except Exception:
        return False


def _is_request_param(name: str, annotation: Any) -> bool:
    """Annotated ``Request``, or named ``request``/``req`` with no annotation (or ``Any``)."""
    if _strip_annotated(annotation) is Request:
        return True
    return name in REQUEST_PARAM_NAMES and annotation is Any


def analyze_params(route: RouteSpec) -> list[LiveParam]:
    """The parameters of ``route``'s handler, in signature order."""
    fn = route.handler
    signature = inspect.signature(fn)
    hints, problems = resolve_hints(fn)
    placeholders = set(path_placeholders(route.path))
    params: list[LiveParam] = []
    for parameter in signature.parameters.values():
        name = parameter.name
        annotation = hints.get(name, Any)
        problem = problems.get(name)
        annotation, marker = _split_annotated(annotation)
        default = parameter.default
        if isinstance(default, (Param, Depends)):
            if marker is None:
                marker = default
            default = default.default if isinstance(default, Param) else NO_DEFAULT
        elif isinstance(marker, Param) and default is NO_DEFAULT and marker.default is not ...:
            default = marker.default
        if default is ...:
            default = NO_DEFAULT

        if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            source = "varargs"
            problem = problem or "*args / **kwargs parameters are not supported"
        elif _is_request_param(name, annotation):
            source = "request"
        elif isinstance(marker, Depends):
            source = "depends"
            problem = problem or "Depends() is not supported by Bolt yet"
        elif isinstance(marker, Param):
            source = marker.source
        elif name in placeholders:
            source = "path"
        elif contains_struct(annotation):
            source = "body"
        else:
            source = "query"
        alias = marker.alias if isinstance(marker, Param) else None
        if alias == name:
            alias = None
        if default is NO_DEFAULT and source not in ("body", "request") and _is_optional(annotation):
            # django-bolt: an Optional parameter without a default defaults to None.
            default = None
        required = default is NO_DEFAULT
        params.append(
            LiveParam(
                name=name,
                source=source,
                alias=alias,
                required=required,
                default=default,
                annotation=annotation,
                marker=marker if isinstance(marker, Param) else None,
                kind=parameter.kind,
                problem=problem,
            )
        )
    return params
