"""Calls a route's dependencies before its handler (docs/internals.md §5).

The build resolved the graph (``route["dependencies"]``: callees first, a cached dependency
once per route), and the extension hands over the values of every parameter it reads — the
handler's, then each dependency's — as one flat argument list (``Route::wire_params``). This
module turns that list into calls: each dependency with its arguments (values from the list,
or earlier dependencies' results), then the handler. Nothing is looked up per request.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .signature import LiveParam

__all__ = ["Argument", "FunctionCall", "resolve_function", "call_plan", "dependency_caller"]

#: ``(from_wire, index)``: the flat argument ``index``, or the result of dependency ``index``.
Argument = tuple[bool, int]


@dataclass(frozen=True)
class FunctionCall:
    """How one function (a dependency or the handler) is called."""

    function: Callable[..., Any]
    is_async: bool
    positional: tuple[Argument, ...]
    keyword: tuple[tuple[str, Argument], ...]


def resolve_function(module: str, qualname: str) -> Callable[..., Any]:
    """The function or class ``module:qualname`` names (the build proved it is a top-level
    definition of a project module)."""
    value: Any = importlib.import_module(module)
    for part in qualname.split("."):
        value = getattr(value, part)
    return value  # type: ignore[no-any-return]


def _function_call(
    function: Callable[..., Any],
    kind: str,
    params: Sequence[Mapping[str, Any]],
    live: Mapping[str, LiveParam],
    next_wire: list[int],
) -> FunctionCall:
    """The call of ``function`` whose compiled parameters are ``params``; ``next_wire`` is
    the index of its first own value in the flat list (advanced past them)."""
    positional: list[Argument] = []
    keyword: list[tuple[str, Argument]] = []
    for param in params:
        if param["source"] == "depends":
            argument: Argument = (False, int(param["dependency"]))
        else:
            argument = (True, next_wire[0])
            next_wire[0] += 1
        name = str(param["name"])
        if live[name].kind is inspect.Parameter.KEYWORD_ONLY:
            keyword.append((name, argument))
        else:
            positional.append(argument)
    return FunctionCall(function, kind != "sync", tuple(positional), tuple(keyword))


def call_plan(
    route: Mapping[str, Any],
    handler: Callable[..., Any],
    live_of: Callable[[Callable[..., Any]], Mapping[str, LiveParam]],
) -> tuple[list[FunctionCall], FunctionCall]:
    """The dependency calls of ``route`` (in order) and the handler's call, in the flat
    argument order of ``Route::wire_params``: the handler's values first, then each
    dependency's."""
    next_wire = [0]
    handler_call = _function_call(
        handler, str(route["handler"]["kind"]), route.get("params", []), live_of(handler), next_wire
    )
    calls = []
    for dependency in route.get("dependencies", []):
        function = resolve_function(str(dependency["function"]["module"]), str(dependency["function"]["qualname"]))
        calls.append(
            _function_call(
                function,
                str(dependency["function"]["kind"]),
                dependency.get("params", []),
                live_of(function),
                next_wire,
            )
        )
    return calls, handler_call


def _arguments(call: FunctionCall, flat: Sequence[Any], results: Sequence[Any]) -> tuple[list[Any], dict[str, Any]]:
    args = [flat[index] if from_wire else results[index] for from_wire, index in call.positional]
    kwargs = {name: flat[index] if from_wire else results[index] for name, (from_wire, index) in call.keyword}
    return args, kwargs


def dependency_caller(calls: Sequence[FunctionCall], handler: FunctionCall) -> Callable[..., Any]:
    """What the extension calls with the flat argument list: a plain function when every
    function is sync, else a coroutine function (the extension drives it like an async
    handler: inline when nothing awaits, on the event loop otherwise)."""
    calls = tuple(calls)
    if not handler.is_async and not any(call.is_async for call in calls):

        def call_sync(*flat: Any) -> Any:
            results: list[Any] = []
            for call in calls:
                args, kwargs = _arguments(call, flat, results)
                results.append(call.function(*args, **kwargs))
            args, kwargs = _arguments(handler, flat, results)
            return handler.function(*args, **kwargs)

        return call_sync

    async def call_async(*flat: Any) -> Any:
        results: list[Any] = []
        for call in calls:
            args, kwargs = _arguments(call, flat, results)
            value = call.function(*args, **kwargs)
            results.append(await value if call.is_async else value)
        args, kwargs = _arguments(handler, flat, results)
        value = handler.function(*args, **kwargs)
        return await value if handler.is_async else value

    return call_async
