"""The `django_bolt` modules and names `bolt build` accepts in imports (B0405) are exactly what
this package provides: `provided_names.json` is bolt-codegen's `PROVIDED_MODULES` table (a Rust
test keeps them equal) and must list each module's `__all__`."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

TABLE: dict[str, list[str]] = json.loads((Path(__file__).parent / "provided_names.json").read_text())
PACKAGE = Path(__file__).resolve().parents[1] / "django_bolt"
INTERNAL = {"apps", "management", "runtime", "static"}


@pytest.mark.parametrize("module", sorted(TABLE))
def test_provided_module_exports_exactly_the_table(module):
    imported = importlib.import_module(module)
    assert sorted(imported.__all__) == TABLE[module]
    for name in TABLE[module]:
        assert hasattr(imported, name), f"{module}.{name}"


def test_every_public_module_of_the_package_is_in_the_table():
    public = {
        f"django_bolt.{path.stem}"
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").is_file())
        and not path.stem.startswith("_")
        and path.stem not in INTERNAL
    }
    assert public | {"django_bolt"} == set(TABLE)


def test_route_methods_equal_the_build_s():
    from django_bolt.api import METHODS

    methods = json.loads((Path(__file__).parent / "http_methods.json").read_text())
    assert list(METHODS) == methods
