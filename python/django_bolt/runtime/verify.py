"""Refuses stale builds (docs/internals.md §7).

The compiled extension embeds the manifest it was built from. At start-up we compare it with
what the imported code registered: the set of ``(method, path, module, qualname)``, each
route's handler kind and status code, each parameter's ``(name, source, alias, required,
type)``, each Struct's fields ``(name, wire name, type, required)``, field order and the
options that change decoding (``forbid_unknown_fields``, ``array_like``, tag), and each Enum's
values. Types are compared as canonical strings (``TypeRef::canonical``) rendered both from
the manifest's ``TypeRef`` JSON and from the live annotation (resolved by :mod:`.typeref`),
so a difference reads the same way on both sides: ``int{ge=1}`` vs ``int{ge=0}``.
"""

from __future__ import annotations

import dis
import enum
import importlib
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import msgspec

from ..api import UNSET, BoltAPI, RouteSpec
from ..exceptions import StaleBuildError
from .signature import LiveParam, analyze_params, resolve_hints, unwrap_handler
from .typeref import LiveStruct, LiveTypes, class_key, render_typeref, render_value

__all__ = [
    "render_manifest_type",
    "render_live_type",
    "handler_kind",
    "collect_apis",
    "registered_routes",
    "find_differences",
    "check_build",
    "verify_build",
]

_AWAIT_OPCODES = frozenset({"GET_AWAITABLE", "GET_AITER", "GET_ANEXT", "BEFORE_ASYNC_WITH", "END_ASYNC_FOR"})


# ---------------------------------------------------------------------------------------------
# Canonical type strings


#: The canonical string of a manifest ``TypeRef`` (its serde JSON form), exactly as
#: ``TypeRef::canonical`` renders it.
render_manifest_type = render_typeref


def render_live_type(annotation: Any, extra: Mapping[str, Any] | None = None) -> str:
    """The canonical string of a live annotation, with a marker's constraints (``extra``)
    applied to the type under ``Optional``; the same string as :func:`render_manifest_type`
    of the ``TypeRef`` that ``bolt build`` resolves the annotation to."""
    return _live_type(LiveTypes(), annotation, extra)


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
    """Imports every API module of the manifest, then every module that declares a compiled
    route (routes on a router or an imported API live in other modules; importing them runs
    their decorators, as django-bolt's autodiscovery does); returns the ``BoltAPI`` objects by
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
    for handler_module in sorted({str(route["handler"]["module"]) for route in manifest.get("routes", [])}):
        try:
            importlib.import_module(handler_module)
        except ModuleNotFoundError as error:
            if error.name != handler_module:
                raise
            missing.append(f"module {handler_module}: compiled routes are declared there, but it no longer exists")
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


def _live_type(types: LiveTypes, annotation: Any, extra: Mapping[str, Any] | None = None) -> str:
    try:
        return types.render(annotation, extra)
    except Exception as exc:
        return f"invalid ({type(exc).__name__}: {exc})"


def _live_param_type(param: LiveParam, types: LiveTypes) -> str:
    if param.source == "request":
        return "any"
    return _live_type(types, param.annotation, param.constraints())


def _compare_params(
    label: str, compiled: Sequence[Mapping[str, Any]], live: Sequence[LiveParam], types: LiveTypes
) -> list[str]:
    differences = [f"{label}: parameter `{p.name}` cannot be served: {p.problem}" for p in live if p.problem]
    compiled_names = [str(p["name"]) for p in compiled]
    live_names = [p.name for p in live]
    if compiled_names != live_names:
        differences.append(
            f"{label}: parameters are ({', '.join(compiled_names)}) in the build, ({', '.join(live_names)}) in the code"
        )
        for param in live:  # still reach the Structs and Enums the code uses
            _live_param_type(param, types)
        return differences
    for built, param in zip(compiled, live, strict=True):
        pairs = (
            ("source", str(built["source"]), param.source),
            ("alias", built.get("alias"), param.alias),
            ("required", bool(built["required"]), param.required),
            ("type", render_typeref(built["type"]), _live_param_type(param, types)),
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


_FieldRow = tuple[str, "str | None", str, bool]


def _built_field_rows(fields: Iterable[Mapping[str, Any]]) -> list[_FieldRow]:
    rows: list[_FieldRow] = []
    for field in fields:
        wire = field.get("wire_name")
        wire = wire if wire != field["name"] else None
        rows.append((str(field["name"]), wire, render_typeref(field["type"]), bool(field["required"])))
    return rows


def _live_field_rows(live: LiveStruct) -> list[_FieldRow]:
    return [
        (str(field["name"]), field["wire_name"], render_typeref(field["type"]), bool(field["required"]))
        for field in live.fields
    ]


def _render_tag(tag: Mapping[str, Any] | None) -> str:
    if not tag:
        return "none"
    return f"{tag['field']}={render_value(tag['value'])}"


def _compare_struct(name: str, built: Mapping[str, Any], live: LiveStruct) -> list[str]:
    label = f"struct {name}"
    if live.problem:
        return [f"{label}: {live.problem}"]
    differences = []
    built_rows = {row[0]: row for row in _built_field_rows(built.get("fields", []))}
    live_rows = {row[0]: row for row in _live_field_rows(live)}
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
    options = (
        ("forbid_unknown_fields", bool(built.get("forbid_unknown_fields", False)), live.forbid_unknown_fields),
        ("array_like", bool(built.get("array_like", False)), live.array_like),
    )
    for what, in_build, in_code in options:
        if in_build != in_code:
            differences.append(f"{label}: {what} is {_show(in_build)} in the build, {_show(in_code)} in the code")
    built_tag, live_tag = _render_tag(built.get("tag")), _render_tag(live.tag)
    if built_tag != live_tag:
        differences.append(f"{label}: tag is {built_tag} in the build, {live_tag} in the code")
    return differences


def _compare_enum(name: str, built: Mapping[str, Any], cls: type[enum.Enum]) -> list[str]:
    built_values = [render_value(value) for value in built.get("values", [])]
    live_values = [render_value(member.value) for member in cls]
    if built_values == live_values:
        return []
    return [f"enum {name}: values are [{', '.join(built_values)}] in the build, [{', '.join(live_values)}] in the code"]


def _resolve_class(built: Mapping[str, Any]) -> Any:
    """The class a manifest Struct/Enum entry names, or ``None``."""
    try:
        value: Any = importlib.import_module(str(built["module"]))
        for part in str(built["qualname"]).split("."):
            value = getattr(value, part)
    except (ImportError, AttributeError, KeyError):
        return None
    return value


def _unreached_struct(name: str, built: Mapping[str, Any]) -> LiveStruct | None:
    """A compiled Struct that no route of the code reaches any more, read from its class
    (generic instantiations cannot be rebuilt from their key: ``None``)."""
    cls = _resolve_class(built)
    if not (isinstance(cls, type) and issubclass(cls, msgspec.Struct)) or name != class_key(cls):
        return None
    types = LiveTypes()
    types.typeref(cls)
    return types.structs.get(name)


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
    types = LiveTypes()

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
        differences.extend(_compare_params(label, built.get("params", []), analyze_params(spec), types))
        if built.get("response") is not None:
            hints, _problems = resolve_hints(spec.handler)
            _live_type(types, _response_annotation(spec, hints))

    built_structs: Mapping[str, Mapping[str, Any]] = manifest.get("structs", {})
    for name in sorted(built_structs):
        live = types.structs.get(name) or _unreached_struct(name, built_structs[name])
        if live is None:
            differences.append(f"struct {name}: compiled, but the class no longer exists or no route uses it")
            continue
        differences.extend(_compare_struct(name, built_structs[name], live))
    for name in sorted(types.structs.keys() - built_structs.keys()):
        differences.append(f"struct {name}: used by a route in the code, but not compiled")

    built_enums: Mapping[str, Mapping[str, Any]] = manifest.get("enums", {})
    for name in sorted(built_enums):
        cls = types.enums.get(name) or _resolve_class(built_enums[name])
        if not (isinstance(cls, type) and issubclass(cls, enum.Enum)):
            differences.append(f"enum {name}: compiled, but the class no longer exists")
            continue
        differences.extend(_compare_enum(name, built_enums[name], cls))
    for name in sorted(types.enums.keys() - built_enums.keys()):
        differences.append(f"enum {name}: used by a route in the code, but not compiled")
    return differences


def check_build(
    manifest: Mapping[str, Any],
) -> tuple[dict[tuple[str, str], tuple[str, RouteSpec]], list[str]]:
    """Imports the API modules and compares: ``(registered routes by (method, path),
    differences)``."""
    apis, missing = collect_apis(manifest)
    registered = registered_routes(apis)
    return registered, missing + find_differences(manifest, registered)


def verify_build(manifest: Mapping[str, Any]) -> dict[tuple[str, str], tuple[str, RouteSpec]]:
    """:func:`check_build`; raises :class:`StaleBuildError` on any difference, else returns
    the registered routes by ``(method, path)``."""
    registered, differences = check_build(manifest)
    if differences:
        raise StaleBuildError(differences)
    return registered
