"""The OpenAPI document of discover's real output for its types fixture
(``bolt-codegen/tests/fixtures/types``, snapshotted by ``bolt-codegen/tests/openapi.rs`` as
``openapi__openapi_discover_types.snap``) is valid OpenAPI 3.1, and what msgspec encodes for
the fixture's own classes validates against the documented schemas."""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import msgspec
import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = REPO / "bolt-codegen" / "tests" / "snapshots" / "openapi__openapi_discover_types.snap"
FIXTURE = REPO / "bolt-codegen" / "tests" / "fixtures" / "types"
STAND_IN = Path(__file__).resolve().parent / "pep695_stand_in.py"


def install_stand_in(name: str, file: Path) -> None:
    """Executes ``file`` as module ``name`` (set on its parent package too): ``shop/pep695.py``
    uses PEP 695 syntax, which Python 3.11 cannot import."""
    module_spec = importlib.util.spec_from_file_location(name, file)
    assert module_spec is not None, file
    assert module_spec.loader is not None, file
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    module_spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(importlib.import_module(parent), child, module)


def _document() -> dict[str, Any]:
    # An insta snapshot: a `---` delimited header, then the document.
    document: dict[str, Any] = json.loads(SNAPSHOT.read_text(encoding="utf-8").split("---\n", 2)[2])
    return document


def test_discover_types_document_is_valid_openapi_3_1():
    errors = [error.message for error in OpenAPIV31SpecValidator(_document()).iter_errors()]
    assert errors == []


@pytest.fixture(scope="module")
def shop() -> Iterator[dict[str, ModuleType]]:
    """The fixture's modules, imported (``shop.pep695`` by its stand-in before Python 3.12)."""
    sys.path.insert(0, str(FIXTURE))
    try:
        if sys.version_info < (3, 12):
            install_stand_in("shop.pep695", STAND_IN)
        yield {name: importlib.import_module(f"shop.{name}") for name in ("models", "enums", "pep695")}
    finally:
        sys.path.remove(str(FIXTURE))
        for name in [name for name in sys.modules if name == "shop" or name.startswith("shop.")]:
            del sys.modules[name]


def _validator(name: str) -> Draft202012Validator:
    components = _document()["components"]
    assert name in components["schemas"], f"component {name}"
    return Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": components})


# (component, fixture class "module.Name" or a generic built by the test, JSON msgspec decodes)
SAMPLES: list[tuple[str, str, str]] = [
    (
        "Scalars",
        "models.Scalars",
        '{"raw": "AAE=", "buffer": "YWJj", "at": "2024-01-02T03:04:05Z", "naive": "2024-01-02T03:04:05",'
        ' "day": "2024-01-02", "clock": "03:04:05", "span": "P1DT2H", "price": "1.50",'
        ' "ident": "c0ffee00-0000-4000-8000-000000000000", "anything": [1, "x", null],'
        ' "small": -9223372036854775808, "bounded": 100, "ratio": 0.5}',
    ),
    (
        "Collections",
        "models.Collections",
        '{"tags": ["a"], "unique": [1, 2], "frozen": ["x"], "pair": [1, "a"], "empty": [], "many": [1.5],'
        ' "bare_list": [1, "a"], "bare_set": [1], "bare_tuple": [null], "bare_dict": {"k": 1},'
        ' "legacy": [[1, 2]], "by_int": {"1": "a"}, "by_colour": {"red": 1}, "by_literal": {"a": 1},'
        ' "by_key": {"ab": 1}, "by_uuid": {"c0ffee00-0000-4000-8000-000000000000": [1]},'
        ' "limited": {"a": 1, "b": 2}}',
    ),
    (
        "Choices",
        "models.Choices",
        '{"colour": "green", "priority": 6, "status": "closed_now", "plain": 11, "letter": "b",'
        ' "mode": "slow", "level": "x", "maybe": null, "flag": false, "number": 1.5, "text_or_num": 3,'
        ' "nested": "s", "any_wins": {"any": true}, "int_over_literal": 7, "both": 2, "short": "abc"}',
    ),
    (
        "Shapes",
        "models.Shapes",
        '{"shape": {"kind": "sq", "userId": 1, "side_len": 2.0, "X": 3},'
        ' "shapes": [{"kind": "Circle", "userId": 2, "radiusCm": 1.5, "_privateName": "p"}],'
        ' "maybe": null}',
    ),
    ("Row", "models.Row", '[1, "b"]'),
    ("Row", "models.Row", "[1]"),
    ("Cased", "models.Cased", '{"A": 1, "b_field": 2, "c_field": 3}'),
    ("Upper", "models.Upper", '{"VALUE_ONE": 1}'),
    ("Pascal", "models.Pascal", '{"ValueOne": 1}'),
    ("OrderedChild", "models.OrderedChild", '{"a": 1, "b": 2, "c": 3, "d": "x"}'),
    ("Tree", "models.Tree", '{"value": 1, "children": [{"value": 2, "owner": {"trees": []}}]}'),
    ("Owner", "models.Owner", '{"trees": [{"value": 1}]}'),
    ("Filters", "models.Filters", '{"q": "x", "page": 2}'),
    ("Auth", "models.Auth", '{"x-api-key": "k"}'),
    ("Bounded", "models.Bounded", '{"value": 3}'),
    ("Colour", "enums.Colour", '"red"'),
    ("Priority", "enums.Priority", "7"),
    ("Status", "enums.Status", '"archived-x"'),
    ("Plain", "enums.Plain", "10"),
    ("Letter", "enums.Letter", '"a"'),
    ("Page_struct_shop.models.Tree_", "Page[Tree]", '{"items": [{"value": 1}], "total": 1}'),
    ("Page_struct_shop.pep695.Box_int__", "Page[Box[int]]", '{"items": [{"value": 1, "others": [2]}]}'),
    ("Box_str_", "Box[str]", '{"value": "v"}'),
]


def _type(shop: dict[str, ModuleType], name: str) -> Any:
    models, box = shop["models"], shop["pep695"].Box
    generics = {
        "Page[Tree]": models.Page[models.Tree],
        "Page[Box[int]]": models.Page[box[int]],
        "Box[str]": box[str],
    }
    if name in generics:
        return generics[name]
    module, _, attribute = name.partition(".")
    return getattr(shop[module], attribute)


@pytest.mark.parametrize(("component", "cls", "text"), SAMPLES, ids=[f"{s[0]}:{s[2][:24]}" for s in SAMPLES])
def test_msgspec_encodings_validate_against_documented_schemas(shop, component, cls, text):
    value = msgspec.json.decode(text, type=_type(shop, cls))
    encoded = json.loads(msgspec.json.encode(value))
    errors = [error.message for error in _validator(component).iter_errors(encoded)]
    assert errors == []


@pytest.mark.parametrize(
    ("component", "instance"),
    [
        ("Row", ["1", "b"]),  # array_like: positions are typed
        ("Row", []),  # the first column is required
        ("Shapes", {"shape": {"kind": "triangle", "userId": 1}}),  # unknown tag
        ("Scalars", {"raw": "AAE="}),  # required fields missing
        ("Colour", "crimson"),  # an alias is not a value
        ("Upper", {"value_one": 1}),  # renamed key
    ],
)
def test_invalid_instances_are_rejected_by_documented_schemas(component, instance):
    assert list(_validator(component).iter_errors(instance)) != []
