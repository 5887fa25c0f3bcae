"""Refuses stale builds (docs/internals.md §7).

Whether a build is current is decided by one reader of the code, discover (Rust): no part of
it is re-implemented here.

1. ``.bolt/build.json`` records every file discover read, with its SHA-256, and the candidate
   files it did not find. When they are all as recorded, the code is what the build was made
   from: current.
2. Otherwise ``bolt verify`` compares the manifest the extension was compiled from with what
   discover makes of the code now (a handler body edit changes no contract): the differences
   come back one line per route, Struct or Enum.
3. Then the modules are imported, and the routes their decorators registered must be the
   compiled ones, handler for handler (a route added at run time, e.g. in a loop, is not
   compiled: refused).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..api import BoltAPI, RouteSpec
from ..exceptions import StaleBuildError
from .loader import BuildInfo, read_build_info

__all__ = [
    "changed_sources",
    "bolt_command",
    "contract_differences",
    "collect_apis",
    "registered_routes",
    "registration_differences",
    "check_build",
    "verify_build",
]

#: Seconds ``bolt verify`` may take (discover reads a project in milliseconds).
VERIFY_TIMEOUT = 60.0

#: Changed files named in a message before "and N more".
_LISTED_FILES = 5


# ---------------------------------------------------------------------------------------------
# 1. Did the code change since the build?


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def changed_sources(info: BuildInfo) -> list[str] | None:
    """The recorded files that changed, disappeared or appeared since the build (sorted);
    ``None`` when the build recorded no sources (built by an older ``bolt``)."""
    if info.files is None:
        return None
    changed = [name for name, digest in info.files.items() if _sha256(info.root / name) != digest]
    changed += [name for name in info.absent if (info.root / name).exists()]
    return sorted(changed)


# ---------------------------------------------------------------------------------------------
# 2. Did the contract change?


def bolt_command() -> str | None:
    """The ``bolt`` executable: ``$BOLT_BIN``, else the one installed beside this Python
    (the same virtualenv), else ``bolt`` on ``PATH``."""
    explicit = os.environ.get("BOLT_BIN")
    if explicit:
        return explicit
    beside = Path(sys.executable).parent / "bolt"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("bolt")


def _files(names: list[str]) -> str:
    if len(names) <= _LISTED_FILES:
        return ", ".join(names)
    return f"{', '.join(names[:_LISTED_FILES])} and {len(names) - _LISTED_FILES} more"


def contract_differences(root: Path, manifest: Mapping[str, Any], changed: list[str] | None) -> list[str]:
    """What ``bolt verify`` finds between ``manifest`` (the compiled one) and the code of the
    project at ``root``: empty when the build is current."""
    what_changed = f"{_files(changed)} changed since the build" if changed else "the build recorded no sources"
    command = bolt_command()
    if command is None:
        return [
            f"{what_changed}, and the `bolt` command that tells whether the API changed is not "
            "installed (set $BOLT_BIN, or install bolt in this environment)"
        ]
    try:
        completed = subprocess.run(
            [command, "verify", "--project", str(root), "--manifest", "-"],
            input=json.dumps(manifest),
            capture_output=True,
            text=True,
            timeout=VERIFY_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return [f"{what_changed}, and `{command} verify` could not tell whether the API changed ({error})"]
    try:
        verdict: dict[str, Any] = json.loads(completed.stdout)
    except ValueError:
        reason = completed.stderr.strip() or f"exit status {completed.returncode}"
        return [f"{what_changed}, and `{command} verify` could not tell whether the API changed: {reason}"]
    if verdict.get("current"):
        return []
    if verdict.get("errors"):
        return [f"{what_changed}, and the code no longer builds:\n{verdict['errors'].rstrip()}"]
    return [str(line) for line in verdict.get("differences", [])] or [f"{what_changed}: the API changed"]


# ---------------------------------------------------------------------------------------------
# 3. Are the compiled routes the registered ones?


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


def _label(method: str, path: str, module: str, qualname: str) -> str:
    return f"{method} {path} ({module}:{qualname})"


def registration_differences(
    manifest: Mapping[str, Any], registered: Mapping[tuple[str, str], tuple[str, RouteSpec]]
) -> list[str]:
    """The compiled routes nothing registered, the registered routes nothing compiled, and
    the routes registered with another handler or API, one line each."""
    differences: list[str] = []
    compiled = {(str(r["method"]), str(r["path"])): r for r in manifest.get("routes", [])}
    for key in sorted(compiled.keys() | registered.keys(), key=lambda k: (k[1], k[0])):
        built, live = compiled.get(key), registered.get(key)
        if live is None:
            handler = compiled[key]["handler"]
            differences.append(
                f"{_label(*key, handler['module'], handler['qualname'])}: compiled, but not registered by the code"
            )
            continue
        api_key, spec = live
        label = _label(*key, spec.module, spec.qualname)
        if built is None:
            differences.append(f"{label}: registered by the code, but not compiled")
            continue
        handler = built["handler"]
        if (handler["module"], handler["qualname"]) != (spec.module, spec.qualname):
            differences.append(
                f"{label}: handler is {handler['module']}:{handler['qualname']} in the build, "
                f"{spec.module}:{spec.qualname} in the code"
            )
        if built.get("api") not in (None, api_key):
            differences.append(f"{label}: API is {built['api']} in the build, {api_key} in the code")
    return differences


# ---------------------------------------------------------------------------------------------


def check_build(
    manifest: Mapping[str, Any], info: BuildInfo | None = None
) -> tuple[dict[tuple[str, str], tuple[str, RouteSpec]], list[str]]:
    """``(registered routes by (method, path), differences)``: the sources, then the
    contract when they changed, then the registered routes."""
    info = read_build_info() if info is None else info
    changed = changed_sources(info)
    if changed is None or changed:
        differences = contract_differences(info.root, manifest, changed)
        if differences:
            return {}, differences
    apis, missing = collect_apis(manifest)
    registered = registered_routes(apis)
    return registered, missing + registration_differences(manifest, registered)


def verify_build(
    manifest: Mapping[str, Any], info: BuildInfo | None = None
) -> dict[tuple[str, str], tuple[str, RouteSpec]]:
    """:func:`check_build`; raises :class:`StaleBuildError` on any difference, else returns
    the registered routes by ``(method, path)``."""
    registered, differences = check_build(manifest, info)
    if differences:
        raise StaleBuildError(differences)
    return registered
