"""Refuses stale builds (docs/internals.md §7).

The compiled extension embeds the manifest it was built from. At start-up we compare it with
what the imported code registered: the set of ``(method, path, module, qualname)``, each
route's handler kind and status code, each parameter's ``(name, source, alias, required,
type)`` and each Struct's fields. Types are compared as canonical strings rendered both from
the manifest's ``TypeRef`` JSON and from the live annotation (through
``msgspec.inspect.type_info``, which folds ``Annotated[..., Meta(...)]`` constraints in), so a
difference reads the same way on both sides: ``int{ge=1}`` vs ``int{ge=0}``.
"""

from __future__ import annotations

import dis
import importlib
import inspect
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import msgspec
import msgspec.inspect as mi

from ..api import UNSET, BoltAPI, RouteSpec
from ..exceptions import StaleBuildError
from .signature import LiveParam, analyze_params, resolve_hints, unwrap_handler

__all__ = [
    "render_manifest_type",
    "render_live_type",
    "handler_kind",
    "struct_key",
    "collect_apis",
    "registered_routes",
    "find_differences",
    "verify_build",
]

_CONSTRAINT_ORDER = ("gt", "ge", "lt", "le", "multiple_of", "min_length", "max_length", "pattern")
_AWAIT_OPCODES = frozenset({"GET_AWAITABLE", "GET_AITER", "GET_ANEXT", "BEFORE_ASYNC_WITH", "END_ASYNC_FOR"})


# ---------------------------------------------------------------------------------------------
# Canonical type strings


def _render_constraints(constraints: Mapping[str, Any]) -> str:
    parts = []
    for key in _CONSTRAINT_ORDER:
        value = constraints.get(key)
        if value is None:
            continue
        text = json.dumps(value) if isinstance(value, str) else repr(value)
        parts.append(f"{key}={text}")
    return "{" + ",".join(parts) + "}" if parts else ""


def render_manifest_type(typeref: Mapping[str, Any]) -> str:
    """The canonical string of a manifest ``TypeRef`` (its serde JSON form)."""
    kind = typeref.get("type")
    constraints = _render_constraints(typeref.get("constraints") or {})
    if kind in ("any", "none", "bool"):
        return str(kind)
    if kind in ("int", "float", "str"):
        return f"{kind}{constraints}"
    if kind == "list":
        return f"list[{render_manifest_type(typeref['items'])}]{constraints}"
    if kind == "dict":
        return f"dict[{render_manifest_type(typeref['keys'])}, {render_manifest_type(typeref['values'])}]"
    if kind == "optional":
        return f"optional[{render_manifest_type(typeref['inner'])}]"
    if kind == "struct":
        return f"struct {typeref['name']}"
    return f"unknown {json.dumps(dict(typeref), sort_keys=True)}"


def struct_key(cls: type) -> str:
    """A Struct's key in the manifest: ``"module.Qualname"``."""
    return f"{cls.__module__}.{cls.__qualname__}"


def _info_constraints(info: mi.Type, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(info, name) for name in names if getattr(info, name, None) is not None}


def _render_info(info: mi.Type, extra: Mapping[str, Any] | None = None) -> str:
    """``extra`` (a marker's constraints) applies to the first node under ``Optional``."""
    if isinstance(info, mi.UnionType):
        members = [member for member in info.types if not isinstance(member, mi.NoneType)]
        if len(members) == 1 and len(info.types) == 2:
            return f"optional[{_render_info(members[0], extra)}]"
        return "union[" + ", ".join(_render_info(member) for member in info.types) + "]"
    merged: dict[str, Any]
    if isinstance(info, mi.AnyType):
        return "any" + _render_constraints(extra or {})
    if isinstance(info, mi.NoneType):
        return "none"
    if isinstance(info, mi.BoolType):
        return "bool" + _render_constraints(extra or {})
    if isinstance(info, (mi.IntType, mi.FloatType)):
        merged = _info_constraints(info, ("gt", "ge", "lt", "le", "multiple_of")) | dict(extra or {})
        name = "int" if isinstance(info, mi.IntType) else "float"
        return name + _render_constraints(merged)
    if isinstance(info, mi.StrType):
        merged = _info_constraints(info, ("min_length", "max_length", "pattern")) | dict(extra or {})
        return "str" + _render_constraints(merged)
    if isinstance(info, mi.ListType):
        merged = _info_constraints(info, ("min_length", "max_length")) | dict(extra or {})
        return f"list[{_render_info(info.item_type)}]" + _render_constraints(merged)
    if isinstance(info, mi.DictType):
        keys = "str" if isinstance(info.key_type, mi.AnyType) else _render_info(info.key_type)
        merged = _info_constraints(info, ("min_length", "max_length")) | dict(extra or {})
        return f"dict[{keys}, {_render_info(info.value_type)}]" + _render_constraints(merged)
    if isinstance(info, mi.StructType):
        return f"struct {struct_key(info.cls)}" + _render_constraints(extra or {})
    if isinstance(info, mi.CustomType):
        return f"unsupported {info.cls.__module__}.{info.cls.__qualname__}"
    return f"unsupported {type(info).__name__}"


def render_live_type(annotation: Any, extra: Mapping[str, Any] | None = None) -> str:
    """The canonical string of a live annotation, with a marker's constraints (``extra``)."""
    try:
        info = mi.type_info(annotation)
    except Exception as exc:
        return f"invalid ({type(exc).__name__}: {exc})"
    return _render_info(info, extra)


def _walk_structs(info: mi.Type, found: dict[str, mi.StructType]) -> None:
    if isinstance(info, mi.StructType):
        key = struct_key(info.cls)
        if key in found:
            return
        found[key] = info
        for field in info.fields:
            _walk_structs(field.type, found)
    elif isinstance(info, mi.UnionType):
        for member in info.types:
            _walk_structs(member, found)
    elif isinstance(info, mi.ListType):
        _walk_structs(info.item_type, found)
    elif isinstance(info, mi.DictType):
        _walk_structs(info.key_type, found)
        _walk_structs(info.value_type, found)


def live_structs(annotations: Iterable[Any]) -> dict[str, mi.StructType]:
    """Every Struct reachable from the annotations, by manifest key."""
    found: dict[str, mi.StructType] = {}
    for annotation in annotations:
        try:
            info = mi.type_info(annotation)
        except Exception:
            continue
        _walk_structs(info, found)
    return found


def handler_kind(fn: Callable[..., Any]) -> str:
    """``sync``, ``async_inline`` (never awaits) or ``async_awaiting``, from the code object."""
    target = unwrap_handler(fn)
    if not (inspect.iscoroutinefunction(target) or inspect.iscoroutinefunction(fn)):
        return "sync"
    code = getattr(target, "__code__", None)
    if code is None:
        return "async_awaiting"
    opnames = {instruction.opname for instruction in dis.get_instructions(code)}
    return "async_awaiting" if opnames & _AWAIT_OPCODES else "async_inline"


# ---------------------------------------------------------------------------------------------
# Collecting what the code registered


def collect_apis(manifest: Mapping[str, Any]) -> tuple[dict[str, BoltAPI], list[str]]:
    """Imports every API module of the manifest; returns the ``BoltAPI`` objects by
    ``"module:name"`` and the APIs that no longer exist. Import errors propagate."""
    apis: dict[str, BoltAPI] = {}
    missing: list[str] = []
    for api in manifest.get("apis", []):
        key = f"{api['module']}:{api['name']}"
        module = importlib.import_module(api["module"])
        value = getattr(module, api["name"], None)
        if isinstance(value, BoltAPI):
            apis[key] = value
        else:
            missing.append(f"API {key}: compiled, but the module no longer defines it as a BoltAPI")
    return apis, missing


def registered_routes(apis: Mapping[str, BoltAPI]) -> dict[tuple[str, str], tuple[str, RouteSpec]]:
    """``(method, path) → (api key, route)`` over all the APIs."""
    routes: dict[tuple[str, str], tuple[str, RouteSpec]] = {}
    for key, api in apis.items():
        for route in api.routes:
            routes.setdefault((route.method, route.path), (key, route))
    return routes


# ---------------------------------------------------------------------------------------------
# Comparison


def _label(method: str, path: str, module: str, qualname: str) -> str:
    return f"{method} {path} ({module}:{qualname})"


def _live_param_type(param: LiveParam) -> str:
    if param.source == "request":
        return "any"
    return render_live_type(param.annotation, param.constraints())


def _compare_params(label: str, compiled: Sequence[Mapping[str, Any]], live: Sequence[LiveParam]) -> list[str]:
    differences = [f"{label}: parameter `{p.name}` cannot be served: {p.problem}" for p in live if p.problem]
    compiled_names = [str(p["name"]) for p in compiled]
    live_names = [p.name for p in live]
    if compiled_names != live_names:
        differences.append(
            f"{label}: parameters are ({', '.join(compiled_names)}) in the build, ({', '.join(live_names)}) in the code"
        )
        return differences
    for built, param in zip(compiled, live, strict=True):
        pairs = (
            ("source", str(built["source"]), param.source),
            ("alias", built.get("alias"), param.alias),
            ("required", bool(built["required"]), param.required),
            ("type", render_manifest_type(built["type"]), _live_param_type(param)),
        )
        for what, in_build, in_code in pairs:
            if in_build != in_code:
                differences.append(
                    f"{label}: parameter `{param.name}`: {what} is {_show(in_build)} in the build, "
                    f"{_show(in_code)} in the code"
                )
    return differences


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _field_rows(fields: Iterable[Any], live: bool) -> list[tuple[str, str | None, str, bool]]:
    rows = []
    for field in fields:
        if live:
            wire = field.encode_name if field.encode_name != field.name else None
            rows.append((field.name, wire, _render_info(field.type), bool(field.required)))
        else:
            wire = field.get("wire_name")
            wire = wire if wire != field["name"] else None
            rows.append((field["name"], wire, render_manifest_type(field["type"]), bool(field["required"])))
    return rows


def _compare_struct(name: str, built: Mapping[str, Any], info: mi.StructType) -> list[str]:
    label = f"struct {name}"
    differences = []
    built_rows = {row[0]: row for row in _field_rows(built.get("fields", []), live=False)}
    live_rows = {row[0]: row for row in _field_rows(info.fields, live=True)}
    for field in built_rows.keys() - live_rows.keys():
        differences.append(f"{label}: field `{field}` is compiled but no longer in the class")
    for field in live_rows.keys() - built_rows.keys():
        differences.append(f"{label}: field `{field}` is in the class but not compiled")
    for field, built_row in built_rows.items():
        live_row = live_rows.get(field)
        if live_row is None:
            continue
        for index, what in ((1, "wire name"), (2, "type"), (3, "required")):
            if built_row[index] != live_row[index]:
                differences.append(
                    f"{label}: field `{field}`: {what} is {_show(built_row[index])} in the build, "
                    f"{_show(live_row[index])} in the code"
                )
    if not differences and list(built_rows) != list(live_rows):
        differences.append(
            f"{label}: field order is ({', '.join(built_rows)}) in the build, ({', '.join(live_rows)}) in the code"
        )
    if bool(built.get("forbid_unknown_fields", False)) != bool(info.forbid_unknown_fields):
        differences.append(
            f"{label}: forbid_unknown_fields is {_show(bool(built.get('forbid_unknown_fields', False)))} "
            f"in the build, {_show(bool(info.forbid_unknown_fields))} in the code"
        )
    return differences


def _resolve_struct(built: Mapping[str, Any]) -> mi.StructType | None:
    try:
        value: Any = importlib.import_module(str(built["module"]))
        for part in str(built["qualname"]).split("."):
            value = getattr(value, part)
    except (ImportError, AttributeError):
        return None
    if isinstance(value, type) and issubclass(value, msgspec.Struct):
        info = mi.type_info(value)
        return info if isinstance(info, mi.StructType) else None
    return None


def _response_annotation(route: RouteSpec, hints: Mapping[str, Any]) -> Any:
    if route.response_model is not UNSET:
        return route.response_model
    return hints.get("return")


def find_differences(
    manifest: Mapping[str, Any],
    registered: Mapping[tuple[str, str], tuple[str, RouteSpec]],
) -> list[str]:
    """Every difference between the manifest and the registered routes, one line each."""
    differences: list[str] = []
    compiled = {(str(r["method"]), str(r["path"])): r for r in manifest.get("routes", [])}
    annotations: list[Any] = []

    for key in sorted(compiled.keys() - registered.keys(), key=lambda k: (k[1], k[0])):
        route = compiled[key]
        handler = route["handler"]
        differences.append(
            f"{_label(*key, handler['module'], handler['qualname'])}: compiled, but no longer registered in the code"
        )
    for key in sorted(registered.keys() - compiled.keys(), key=lambda k: (k[1], k[0])):
        _api, spec = registered[key]
        differences.append(f"{_label(*key, spec.module, spec.qualname)}: registered in the code, but not compiled")

    for key in sorted(compiled.keys() & registered.keys(), key=lambda k: (k[1], k[0])):
        built = compiled[key]
        api_key, spec = registered[key]
        handler = built["handler"]
        label = _label(*key, spec.module, spec.qualname)
        if (handler["module"], handler["qualname"]) != (spec.module, spec.qualname):
            differences.append(
                f"{label}: handler is {handler['module']}:{handler['qualname']} in the build, "
                f"{spec.module}:{spec.qualname} in the code"
            )
        if built.get("api") not in (None, api_key):
            differences.append(f"{label}: API is {built['api']} in the build, {api_key} in the code")
        kind = handler_kind(spec.handler)
        if handler.get("kind") != kind:
            differences.append(f"{label}: handler kind is {handler.get('kind')} in the build, {kind} in the code")
        if int(built.get("status_code", 200)) != spec.status_code:
            differences.append(
                f"{label}: status_code is {built.get('status_code')} in the build, {spec.status_code} in the code"
            )
        live = analyze_params(spec)
        differences.extend(_compare_params(label, built.get("params", []), live))
        annotations.extend(p.annotation for p in live if p.source == "body")
        if built.get("response") is not None:
            hints, _problems = resolve_hints(spec.handler)
            annotations.append(_response_annotation(spec, hints))

    live_by_key = live_structs(annotations)
    built_structs: Mapping[str, Mapping[str, Any]] = manifest.get("structs", {})
    for name in sorted(built_structs):
        info = live_by_key.get(name) or _resolve_struct(built_structs[name])
        if info is None:
            differences.append(f"struct {name}: compiled, but the class no longer exists")
            continue
        differences.extend(_compare_struct(name, built_structs[name], info))
    for name in sorted(live_by_key.keys() - built_structs.keys()):
        differences.append(f"struct {name}: used by a route in the code, but not compiled")
    return differences


def verify_build(manifest: Mapping[str, Any]) -> dict[tuple[str, str], tuple[str, RouteSpec]]:
    """Imports the API modules and compares; raises :class:`StaleBuildError` on any
    difference, else returns the registered routes by ``(method, path)``."""
    apis, missing = collect_apis(manifest)
    registered = registered_routes(apis)
    differences = missing + find_differences(manifest, registered)
    if differences:
        raise StaleBuildError(differences)
    return registered
