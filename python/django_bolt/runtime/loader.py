"""Finds and imports the project's compiled extension (docs/internals.md §2).

``bolt build`` writes ``.bolt/build.json`` in the project root::

    {"contract": "<hex>", "extension": "lib/_bolt_app.<contract16>.so", "profile": "release",
     "sources": {"files": {"shop/api.py": "<sha256>", ...}, "absent": ["shop.py", ...]}}

``sources`` are the files discover read (and the candidates it did not find): the start-up
check (:mod:`.verify`) re-hashes them to know whether the code changed since the build.

The extension's module name is always ``_bolt_app``; it is imported from its file path.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["BuildInfo", "BuildNotFoundError", "project_root", "read_build_info", "load_extension", "MODULE_NAME"]

MODULE_NAME = "_bolt_app"
BUILD_DIR = ".bolt"
BUILD_FILE = "build.json"


class BuildNotFoundError(RuntimeError):
    """There is no usable compiled API for this project."""


@dataclass(frozen=True)
class BuildInfo:
    """The content of ``.bolt/build.json``."""

    root: Path
    contract: str
    extension: Path
    profile: str
    files: dict[str, str] | None = None
    """Project-relative file → SHA-256 of what the build read; ``None`` when not recorded."""
    absent: tuple[str, ...] = ()
    """Files the build looked for and did not find."""


def project_root() -> Path:
    """``settings.BASE_DIR`` when Django is configured and sets it, else the current directory."""
    try:
        from django.conf import settings

        base_dir = getattr(settings, "BASE_DIR", None) if settings.configured else None
    except ImportError:  # pragma: no cover - Django is a dependency
        base_dir = None
    return Path(base_dir if base_dir else os.getcwd()).resolve()


def read_build_info(root: Path | None = None) -> BuildInfo:
    """Reads ``.bolt/build.json``; raises :class:`BuildNotFoundError` with the fix."""
    root = project_root() if root is None else Path(root)
    path = root / BUILD_DIR / BUILD_FILE
    if not path.is_file():
        raise BuildNotFoundError(f"no compiled API found ({path} is missing); run `bolt build` in {root}")
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        contract = str(data["contract"])
        extension = root / BUILD_DIR / str(data["extension"])
        profile = str(data.get("profile", "release"))
        sources = data.get("sources")
        files = {str(k): str(v) for k, v in sources["files"].items()} if sources else None
        absent = tuple(str(name) for name in sources.get("absent", ())) if sources else ()
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BuildNotFoundError(f"{path} is not a valid build record ({exc}); run `bolt build`") from exc
    if not extension.is_file():
        raise BuildNotFoundError(f"the compiled extension {extension} is missing; run `bolt build`")
    return BuildInfo(root=root, contract=contract, extension=extension, profile=profile, files=files, absent=absent)


def load_extension(root: Path | None = None) -> ModuleType:
    """Imports the compiled extension named by ``.bolt/build.json`` (once per process)."""
    info = read_build_info(root)
    loaded = sys.modules.get(MODULE_NAME)
    if loaded is not None and getattr(loaded, "__file__", None) == str(info.extension):
        return loaded
    spec = importlib.util.spec_from_file_location(MODULE_NAME, info.extension)
    if spec is None or spec.loader is None:
        raise BuildNotFoundError(f"cannot import {info.extension}; run `bolt build`")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError as exc:
        raise BuildNotFoundError(f"cannot import {info.extension} ({exc}); run `bolt build`") from exc
    contract = getattr(module, "CONTRACT", None)
    if contract != info.contract:
        raise BuildNotFoundError(
            f"{info.extension} was built for contract {contract}, but {BUILD_DIR}/{BUILD_FILE} "
            f"records {info.contract}; run `bolt build`"
        )
    sys.modules[MODULE_NAME] = module
    return module
