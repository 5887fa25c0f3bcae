"""Reads a registered handler's live parameters: their defaults, annotations and kinds.

What each parameter *is* (its source, whether it is required, its type) is decided by
discover and read from the manifest; this module only reads the values the build cannot
carry — default objects, the annotation objects msgspec decodes into, and whether a
parameter is keyword-only.
"""

from __future__ import annotations

import inspect
import sys
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, get_origin

from ..params import Depends, Param

__all__ = ["NO_DEFAULT", "LiveParam", "live_params", "resolve_hints"]

#: The default of a parameter that has none.
NO_DEFAULT: Any = inspect.Parameter.empty


@dataclass(frozen=True)
class LiveParam:
    """One handler parameter, as the live function declares it."""

    name: str
    default: Any
    """The default object (a marker's ``default=`` when the marker is the default), or
    :data:`NO_DEFAULT`."""
    annotation: Any
    """The resolved annotation (``Annotated`` extras kept), ``Any`` when there is none."""
    marker: Param | None
    kind: inspect._ParameterKind

    def constraints(self) -> dict[str, Any]:
        return self.marker.constraints() if self.marker is not None else {}


def resolve_hints(fn: Callable[..., Any]) -> dict[str, Any]:
    """Annotations with string/forward references evaluated and ``Annotated`` kept; an
    annotation that cannot be evaluated is left out (the build already proved the types)."""
    try:
        return typing.get_type_hints(fn, include_extras=True)
    except Exception:
        pass
    target = inspect.unwrap(fn)
    raw: dict[str, Any] = dict(getattr(target, "__annotations__", {}) or {})
    module = sys.modules.get(getattr(target, "__module__", "") or "")
    globalns = dict(getattr(target, "__globals__", None) or (vars(module) if module else {}))
    hints: dict[str, Any] = {}
    for name, value in raw.items():
        if isinstance(value, str):
            try:
                value = eval(value, globalns)
            except Exception:
                continue
        hints[name] = value
    return hints


def _marker(annotation: Any) -> Param | Depends | None:
    if get_origin(annotation) is Annotated:
        for extra in annotation.__metadata__:
            if isinstance(extra, (Param, Depends)):
                return extra
    return None


def live_params(fn: Callable[..., Any], hints: dict[str, Any] | None = None) -> dict[str, LiveParam]:
    """The parameters of ``fn`` by name, in signature order."""
    hints = resolve_hints(fn) if hints is None else hints
    params: dict[str, LiveParam] = {}
    for parameter in inspect.signature(fn).parameters.values():
        annotation = hints.get(parameter.name, Any)
        marker = _marker(annotation)
        default = parameter.default
        if isinstance(default, (Param, Depends)):
            marker = marker or default
            default = default.default if isinstance(default, Param) else NO_DEFAULT
        elif isinstance(marker, Param) and default is NO_DEFAULT and marker.default is not ...:
            default = marker.default
        if default is ...:
            default = NO_DEFAULT
        params[parameter.name] = LiveParam(
            name=parameter.name,
            default=default,
            annotation=annotation,
            marker=marker if isinstance(marker, Param) else None,
            kind=parameter.kind,
        )
    return params
