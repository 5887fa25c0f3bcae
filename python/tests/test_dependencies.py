"""The dependency call plan (``django_bolt.runtime.dependencies``): the flat argument list of
the extension turned into dependency calls, then the handler's call."""

import asyncio
import inspect
import sys
import types
from typing import Any

import pytest

from django_bolt.runtime.dependencies import call_plan, dependency_caller
from django_bolt.runtime.signature import live_params


@pytest.fixture
def deps_module(monkeypatch) -> types.ModuleType:
    """A module the plan resolves dependencies from by ``module:qualname``."""
    module = types.ModuleType("plan_deps")

    def version(x_version: str) -> str:
        return f"v{x_version}"

    async def user(token: str, *, version: str) -> dict:
        await asyncio.sleep(0)
        return {"token": token, "version": version}

    class Paging:
        def __init__(self, page: int, *, size: int = 10) -> None:
            self.page, self.size = page, size

    module.version, module.user, module.Paging = version, user, Paging  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "plan_deps", module)
    return module


def _param(name: str, source: str = "query", dependency: int | None = None) -> dict[str, Any]:
    param: dict[str, Any] = {"name": name, "source": source, "required": True, "type": {"type": "any"}}
    if dependency is not None:
        param["dependency"] = dependency
    return param


def _dependency(qualname: str, kind: str, params: list[dict[str, Any]]) -> dict[str, Any]:
    return {"function": {"module": "plan_deps", "qualname": qualname, "kind": kind}, "params": params}


def test_sync_plan_calls_dependencies_in_order_with_wire_values_and_results(deps_module):
    def handler(a: int, paging: Any, v: str) -> tuple:
        return (a, paging.page, paging.size, v)

    route = {
        "handler": {"kind": "sync"},
        "params": [_param("a"), _param("paging", "depends", 1), _param("v", "depends", 0)],
        "dependencies": [
            _dependency("version", "sync", [_param("x_version", "header")]),
            _dependency("Paging", "sync", [_param("page"), _param("size")]),
        ],
    }
    calls, handler_call = call_plan(route, handler, live_params)
    caller = dependency_caller(calls, handler_call)
    assert not inspect.iscoroutinefunction(caller)
    # Flat order: the handler's `a`, then version's `x_version`, then Paging's page, size.
    assert caller(1, "2", 3, 4) == (1, 3, 4, "v2")


def test_plan_with_an_async_dependency_is_a_coroutine_and_passes_keyword_only(deps_module):
    def handler(user: dict) -> dict:
        return user

    route = {
        "handler": {"kind": "sync"},
        "params": [_param("user", "depends", 1)],
        "dependencies": [
            _dependency("version", "sync", [_param("x_version", "header")]),
            _dependency("user", "async_awaiting", [_param("token"), _param("version", "depends", 0)]),
        ],
    }
    calls, handler_call = call_plan(route, handler, live_params)
    caller = dependency_caller(calls, handler_call)
    assert inspect.iscoroutinefunction(caller)
    assert asyncio.run(caller("3", "t")) == {"token": "t", "version": "v3"}
