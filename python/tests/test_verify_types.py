"""The start-up check over every type of issue #3: canonical strings of manifest ``TypeRef``s
(written the way discover writes them, see ``bolt-codegen/src/manifest.rs``) and of live
annotations agree, and each difference that changes decoding is reported."""

import copy
import datetime
import decimal
import enum
import importlib
import sys
import textwrap
import typing
import uuid
from typing import Annotated, Any, Generic, Literal, Optional, TypeVar, Union

import msgspec
import pytest
from msgspec import Meta

from django_bolt import Query
from django_bolt.runtime.typeref import LiveTypes, render_typeref
from django_bolt.runtime.verify import (
    collect_apis,
    find_differences,
    registered_routes,
    render_live_type,
    render_manifest_type,
)

M = __name__
T = TypeVar("T")


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Kind(enum.StrEnum):
    A = "a"


class Point(msgspec.Struct):
    x: int


class Cat(msgspec.Struct, tag=True):
    name: str


class Dog(msgspec.Struct, tag=True):
    good: bool = True


class Page(msgspec.Struct, Generic[T]):
    items: list[T]


INT: dict[str, Any] = {"type": "int"}
STR: dict[str, Any] = {"type": "str"}


def _struct(name: str) -> dict[str, Any]:
    return {"type": "struct", "name": f"{M}.{name}"}


def _opt(inner: dict[str, Any]) -> dict[str, Any]:
    return {"type": "optional", "inner": inner}


def _union(*variants: dict[str, Any]) -> dict[str, Any]:
    return {"type": "union", "variants": list(variants)}


def _lit(*values: Any) -> dict[str, Any]:
    return {"type": "literal", "values": list(values)}


# (manifest TypeRef JSON, live annotation, marker constraints, canonical string)
CASES: list[tuple[dict[str, Any], Any, dict[str, Any] | None, str]] = [
    # Scalars of #3
    ({"type": "bytes"}, bytes, None, "bytes"),
    ({"type": "bytes", "bytearray": True}, bytearray, None, "bytearray"),
    (
        {"type": "bytes", "bytearray": True, "constraints": {"max_length": 4}},
        Annotated[bytearray, Meta(max_length=4)],
        None,
        "bytearray{max_length=4}",
    ),
    (
        {"type": "bytes", "constraints": {"min_length": 1}},
        Annotated[bytes, Meta(min_length=1)],
        None,
        "bytes{min_length=1}",
    ),
    ({"type": "datetime"}, datetime.datetime, None, "datetime"),
    (
        {"type": "datetime", "constraints": {"tz": True}},
        Annotated[datetime.datetime, Meta(tz=True)],
        None,
        "datetime{tz=true}",
    ),
    (
        {"type": "datetime", "constraints": {"tz": False}},
        Annotated[datetime.datetime, Meta(tz=False)],
        None,
        "datetime{tz=false}",
    ),
    ({"type": "date"}, datetime.date, None, "date"),
    ({"type": "time"}, datetime.time, None, "time"),
    ({"type": "time", "constraints": {"tz": False}}, Annotated[datetime.time, Meta(tz=False)], None, "time{tz=false}"),
    ({"type": "timedelta"}, datetime.timedelta, None, "timedelta"),
    ({"type": "uuid"}, uuid.UUID, None, "uuid"),
    ({"type": "decimal"}, decimal.Decimal, None, "decimal"),
    ({"type": "any"}, object, None, "any"),
    ({"type": "list", "items": {"type": "any"}}, list[object], None, "list[any]"),
    # Enums and literals
    ({"type": "enum", "name": f"{M}.Color"}, Color, None, f"enum {M}.Color"),
    ({"type": "enum", "name": f"{M}.Level"}, Level, None, f"enum {M}.Level"),
    ({"type": "enum", "name": f"{M}.Kind"}, Kind, None, f"enum {M}.Kind"),
    (_lit("a", 1), Literal["a", 1], None, 'literal["a", 1]'),
    (_lit("b", "a"), Literal["b", "a"], None, 'literal["b", "a"]'),  # declaration order
    (
        _lit(-9223372036854775808, 9223372036854775807),
        Literal[-(2**63), 2**63 - 1],
        None,
        "literal[-9223372036854775808, 9223372036854775807]",
    ),
    (_lit("é\n"), Literal["é\n"], None, 'literal["é\\n"]'),
    (_opt(_lit("a")), Literal["a", None], None, 'optional[literal["a"]]'),
    (_opt(_lit("a")), Optional[Literal["a"]], None, 'optional[literal["a"]]'),  # noqa: UP045
    (_opt(_lit("a", "b")), Literal["a", None, "b"], None, 'optional[literal["a", "b"]]'),
    ({"type": "none"}, Literal[None], None, "none"),
    (_lit("a", "b"), Literal["a"] | Literal["b"], None, 'literal["a", "b"]'),  # merged, like discover
    (_opt(_union(_lit("a"), INT)), Literal["a", None] | int, None, 'optional[union[literal["a"], int]]'),
    # Collections
    ({"type": "set", "items": INT}, set[int], None, "set[int]"),
    ({"type": "set", "items": {"type": "any"}}, set, None, "set[any]"),
    ({"type": "frozen_set", "items": STR}, frozenset[str], None, "frozenset[str]"),
    ({"type": "frozen_set", "items": {"type": "any"}}, typing.FrozenSet, None, "frozenset[any]"),  # noqa: UP006
    (
        {"type": "set", "items": INT, "constraints": {"max_length": 3}},
        Annotated[set[int], Meta(max_length=3)],
        None,
        "set[int]{max_length=3}",
    ),
    ({"type": "tuple", "items": INT}, tuple[int, ...], None, "tuple[int, ...]"),
    ({"type": "tuple", "items": {"type": "any"}}, tuple, None, "tuple[any, ...]"),
    (
        {"type": "tuple", "items": INT, "constraints": {"min_length": 1}},
        Annotated[tuple[int, ...], Meta(min_length=1)],
        None,
        "tuple[int, ...]{min_length=1}",
    ),
    ({"type": "fixed_tuple", "items": [INT, STR]}, tuple[int, str], None, "fixed_tuple[int, str]"),
    ({"type": "fixed_tuple", "items": [INT, STR]}, typing.Tuple[int, str], None, "fixed_tuple[int, str]"),  # noqa: UP006
    ({"type": "fixed_tuple", "items": []}, tuple[()], None, "fixed_tuple[]"),
    ({"type": "list", "items": {"type": "uuid"}}, typing.List[uuid.UUID], None, "list[uuid]"),  # noqa: UP006
    # Dicts
    ({"type": "dict", "keys": INT, "values": STR}, dict[int, str], None, "dict[int, str]"),
    ({"type": "dict", "keys": STR, "values": {"type": "any"}}, typing.Dict, None, "dict[str, any]"),  # noqa: UP006
    (
        {"type": "dict", "keys": {"type": "enum", "name": f"{M}.Color"}, "values": INT},
        dict[Color, int],
        None,
        f"dict[enum {M}.Color, int]",
    ),
    (
        {"type": "dict", "keys": _lit("a", "b"), "values": INT},
        dict[Literal["a", "b"], int],
        None,
        'dict[literal["a", "b"], int]',
    ),
    (
        {"type": "dict", "keys": {"type": "str", "constraints": {"min_length": 2}}, "values": INT},
        dict[Annotated[str, Meta(min_length=2)], int],
        None,
        "dict[str{min_length=2}, int]",
    ),
    (
        {"type": "dict", "keys": STR, "values": INT, "constraints": {"min_length": 1, "max_length": 9}},
        Annotated[dict[str, int], Meta(min_length=1, max_length=9)],
        None,
        "dict[str, int]{min_length=1,max_length=9}",
    ),
    ({"type": "dict", "keys": {"type": "uuid"}, "values": INT}, dict[uuid.UUID, int], None, "dict[uuid, int]"),
    # Unions and optionals (flattened, deduplicated, declaration order, None lifted)
    (_union(INT, STR), int | str, None, "union[int, str]"),
    (_union(STR, INT), Union[str, int], None, "union[str, int]"),  # noqa: UP007
    (_opt(_union(INT, STR)), Union[int, str, None], None, "optional[union[int, str]]"),  # noqa: UP007
    (_opt(_union(INT, STR)), Optional[Union[int, str]], None, "optional[union[int, str]]"),  # noqa: UP007, UP045
    (_opt(INT), None | int, None, "optional[int]"),
    (_opt(_union(INT, STR)), int | (str | None), None, "optional[union[int, str]]"),
    (_union(INT, STR, {"type": "float"}), Union[int, Union[str, int], float], None, "union[int, str, float]"),  # noqa: UP007
    (INT, Union[int, Annotated[int, Meta(description="same")]], None, "int"),  # noqa: UP007
    (
        _union({"type": "int", "constraints": {"ge": 1}}, INT),
        Annotated[int, Meta(ge=1)] | int,
        None,
        "union[int{ge=1}, int]",
    ),
    (_opt({"type": "datetime"}), datetime.datetime | None, None, "optional[datetime]"),
    (_opt({"type": "list", "items": {"type": "uuid"}}), list[uuid.UUID] | None, None, "optional[list[uuid]]"),
    (_union({"type": "uuid"}, {"type": "decimal"}), uuid.UUID | decimal.Decimal, None, "union[uuid, decimal]"),
    # Structs, tagged unions, generics
    (_struct("Point"), Point, None, f"struct {M}.Point"),
    (_union(_struct("Cat"), _struct("Dog")), Cat | Dog, None, f"union[struct {M}.Cat, struct {M}.Dog]"),
    (
        _opt(_union(_struct("Cat"), _struct("Dog"))),
        Optional[Cat | Dog],  # noqa: UP045
        None,
        f"optional[union[struct {M}.Cat, struct {M}.Dog]]",
    ),
    (_union(INT, _struct("Point")), int | Point, None, f"union[int, struct {M}.Point]"),
    ({"type": "struct", "name": f"{M}.Page[int]"}, Page[int], None, f"struct {M}.Page[int]"),
    (
        {"type": "struct", "name": f"{M}.Page[struct {M}.Point]"},
        Page[Point],
        None,
        f"struct {M}.Page[struct {M}.Point]",
    ),
    (
        {"type": "struct", "name": f"{M}.Page[optional[int{{ge=1}}]]"},
        Page[Annotated[int, Meta(ge=1)] | None],
        None,
        f"struct {M}.Page[optional[int{{ge=1}}]]",
    ),
    # Constraints: order, number kinds, strings as JSON, marker constraints under Optional
    (
        {"type": "str", "constraints": {"min_length": 1, "pattern": '^"\\d+$'}},
        Annotated[str, Meta(pattern='^"\\d+$', min_length=1)],
        None,
        'str{min_length=1,pattern="^\\"\\\\d+$"}',
    ),
    (
        {"type": "int", "constraints": {"ge": -9223372036854775808}},
        Annotated[int, Meta(ge=-9223372036854775808)],
        None,
        "int{ge=-9223372036854775808}",
    ),
    (
        {"type": "float", "constraints": {"gt": 0.5, "le": 1e16}},
        Annotated[float, Meta(gt=0.5, le=1e16)],
        None,
        "float{gt=0.5,le=1e16}",
    ),
    (
        {"type": "int", "constraints": {"ge": 1, "le": 5}},
        Annotated[Annotated[int, Meta(ge=1)], Meta(le=5)],
        None,
        "int{ge=1,le=5}",
    ),
    (
        {"type": "list", "items": INT, "constraints": {"max_length": 3}},
        Annotated[list[int], Query(max_length=3)],
        {"max_length": 3},
        "list[int]{max_length=3}",
    ),
    (
        _opt({"type": "str", "constraints": {"min_length": 1}}),
        str | None,
        {"min_length": 1},
        "optional[str{min_length=1}]",
    ),
    (
        _opt({"type": "datetime", "constraints": {"tz": True}}),
        Optional[Annotated[datetime.datetime, Meta(tz=True)]],  # noqa: UP045
        None,
        "optional[datetime{tz=true}]",
    ),
]


@pytest.mark.parametrize(("typeref", "annotation", "extra", "text"), CASES, ids=[case[3] for case in CASES])
def test_manifest_and_live_renderings_agree(typeref, annotation, extra, text):
    assert render_manifest_type(typeref) == text
    assert render_live_type(annotation, extra) == text


@pytest.mark.parametrize(("typeref", "annotation", "extra", "text"), CASES, ids=[case[3] for case in CASES])
def test_live_typeref_is_the_json_discover_writes(typeref, annotation, extra, text):
    assert LiveTypes().typeref(annotation, extra) == typeref


def test_rendering_matches_type_ref_canonical_doc_examples():
    # The examples of `TypeRef::canonical`'s doc comment (bolt-codegen/src/manifest.rs).
    examples = [
        ({"type": "int", "constraints": {"ge": 1}}, "int{ge=1}"),
        ({"type": "list", "items": STR}, "list[str]"),
        ({"type": "dict", "keys": STR, "values": INT}, "dict[str, int]"),
        (_opt({"type": "struct", "name": "shop.api.Item"}), "optional[struct shop.api.Item]"),
        (_union(INT, STR), "union[int, str]"),
        ({"type": "tuple", "items": INT}, "tuple[int, ...]"),
        ({"type": "fixed_tuple", "items": [INT, STR]}, "fixed_tuple[int, str]"),
        (_lit("a", 1), 'literal["a", 1]'),
        ({"type": "enum", "name": "shop.api.Color"}, "enum shop.api.Color"),
        ({"type": "bytes"}, "bytes"),
        ({"type": "bytes", "bytearray": True, "constraints": {"max_length": 4}}, "bytearray{max_length=4}"),
        ({"type": "datetime", "constraints": {"tz": True}}, "datetime{tz=true}"),
    ]
    for typeref, text in examples:
        assert render_typeref(typeref) == text


def test_unsupported_annotations_are_named():
    assert render_live_type(complex) == "unsupported builtins.complex"
    assert render_live_type(Literal[True]) == "unsupported Literal bool values [True]"
    # msgspec: "Integer values > (2**63 - 1) are not currently supported for Enum/Literal/..."
    assert render_live_type(Literal[2**63]) == "unsupported Literal value 9223372036854775808"
    assert render_live_type(Literal[2**64 - 1]) == "unsupported Literal value 18446744073709551615"
    assert render_live_type(Literal[-(2**63) - 1]) == "unsupported Literal value -9223372036854775809"
    assert render_live_type(int | object) == "unsupported union with object: int | object"
    assert render_live_type(Annotated[bool, Meta(ge=1)]) == "unsupported bool{ge=1}"
    assert render_live_type(list[complex]) == "list[unsupported builtins.complex]"


def test_live_types_collect_structs_and_enums_transitively():
    class Inner(msgspec.Struct):
        color: Color
        level: dict[str, Level]

    class Outer(msgspec.Struct):
        inner: list[Inner]
        page: Page[Inner] | None = None

    types = LiveTypes()
    types.typeref(Outer)
    inner_key = f"{M}.{Inner.__qualname__}"
    assert set(types.structs) == {f"{M}.{Outer.__qualname__}", inner_key, f"{M}.Page[struct {inner_key}]"}
    assert set(types.enums) == {f"{M}.Color", f"{M}.Level"}
    page = types.structs[f"{M}.Page[struct {inner_key}]"]
    assert page.fields == [
        {
            "name": "items",
            "wire_name": None,
            "type": {"type": "list", "items": {"type": "struct", "name": inner_key}},
            "required": True,
        }
    ]


# ---------------------------------------------------------------------------------------------
# A whole API module using the new types, compared with the manifest discover would write


TYPES_API = """
from __future__ import annotations

import datetime
import decimal
import enum
import uuid
from typing import Annotated, Generic, Literal, TypeVar

import msgspec
from django_bolt import BoltAPI, Header, Query

api = BoltAPI()
T = TypeVar("T")


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"
    CRIMSON = "red"  # an alias: not a value of its own


class Cat(msgspec.Struct, tag=True, tag_field="kind"):
    name: str


class Dog(msgspec.Struct, tag="dog", tag_field="kind"):
    good: bool = True


class Point(msgspec.Struct, array_like=True, forbid_unknown_fields=True):
    x: int
    y: float = 0.0


class Base(msgspec.Struct, kw_only=True):
    created: datetime.datetime | None = None


class Order(Base, rename="camel"):
    order_id: uuid.UUID
    total: decimal.Decimal
    color: Color
    pet: Cat | Dog
    where: Point
    tags: frozenset[str] = frozenset()
    page: Page[int] | None = None


class Page(msgspec.Struct, Generic[T]):
    items: list[T]


class Filters(msgspec.Struct):
    since: datetime.date | None = None
    mode: Literal["b", "a"] = "a"


@api.post("/orders/{day}")
def create(
    day: datetime.date,
    order: Order,
    filters: Annotated[Filters, Query()],
    at: Annotated[datetime.datetime, msgspec.Meta(tz=True)],
    ids: set[int] = set(),
    token: Annotated[bytes | None, Header()] = None,
    mode: Literal["x", None] = None,
) -> Page[Order]:
    raise NotImplementedError
"""

MOD = "typesapi"


def _types_manifest() -> dict[str, Any]:
    def struct(qualname: str, fields: list[dict[str, Any]], **options: Any) -> dict[str, Any]:
        return {"module": MOD, "qualname": qualname, "fields": fields, **options, "span": {}}

    def field(name: str, ty: dict[str, Any], required: bool = True, wire: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"name": name, "type": ty, "required": required}
        if wire is not None:
            out["wire_name"] = wire
        return out

    def ref(name: str) -> dict[str, Any]:
        return {"type": "struct", "name": f"{MOD}.{name}"}

    return {
        "version": 1,
        "apis": [{"module": MOD, "name": "api", "span": {}}],
        "routes": [
            {
                "method": "POST",
                "path": "/orders/{day}",
                "api": f"{MOD}:api",
                "handler": {"module": MOD, "qualname": "create", "kind": "sync"},
                "params": [
                    {"name": "day", "source": "path", "type": {"type": "date"}, "required": True},
                    {"name": "order", "source": "body", "type": ref("Order"), "required": True},
                    {"name": "filters", "source": "query", "type": ref("Filters"), "required": True},
                    {
                        "name": "at",
                        "source": "query",
                        "type": {"type": "datetime", "constraints": {"tz": True}},
                        "required": True,
                    },
                    {"name": "ids", "source": "query", "type": {"type": "set", "items": INT}, "required": False},
                    {"name": "token", "source": "header", "type": _opt({"type": "bytes"}), "required": False},
                    {"name": "mode", "source": "query", "type": _opt(_lit("x")), "required": False},
                ],
                "status_code": 200,
                "response": ref(f"Page[struct {MOD}.Order]"),
                "span": {},
            }
        ],
        "structs": {
            f"{MOD}.Cat": struct("Cat", [field("name", STR)], tag={"field": "kind", "value": "Cat"}),
            f"{MOD}.Dog": struct(
                "Dog", [field("good", {"type": "bool"}, False)], tag={"field": "kind", "value": "dog"}
            ),
            f"{MOD}.Point": struct(
                "Point",
                [field("x", INT), field("y", {"type": "float"}, False)],
                array_like=True,
                forbid_unknown_fields=True,
            ),
            f"{MOD}.Order": struct(
                "Order",
                [
                    field("order_id", {"type": "uuid"}, wire="orderId"),
                    field("total", {"type": "decimal"}),
                    field("color", {"type": "enum", "name": f"{MOD}.Color"}),
                    field("pet", _union(ref("Cat"), ref("Dog"))),
                    field("where", ref("Point")),
                    field("tags", {"type": "frozen_set", "items": STR}, False),
                    field("page", _opt(ref("Page[int]")), False),
                    field("created", _opt({"type": "datetime"}), False),
                ],
            ),
            # discover compiles a Struct's base class too (its fields come first).
            f"{MOD}.Base": struct("Base", [field("created", _opt({"type": "datetime"}), False)]),
            f"{MOD}.Page[int]": struct("Page", [field("items", {"type": "list", "items": INT})]),
            f"{MOD}.Page[struct {MOD}.Order]": struct(
                "Page", [field("items", {"type": "list", "items": ref("Order")})]
            ),
            f"{MOD}.Filters": struct(
                "Filters",
                [field("since", _opt({"type": "date"}), False), field("mode", _lit("b", "a"), False)],
            ),
        },
        "enums": {f"{MOD}.Color": {"module": MOD, "qualname": "Color", "values": ["red", "green"], "span": {}}},
    }


@pytest.fixture(scope="module")
def types_module(tmp_path_factory):
    directory = tmp_path_factory.mktemp("typesapi")
    (directory / f"{MOD}.py").write_text(textwrap.dedent(TYPES_API))
    sys.path.insert(0, str(directory))
    sys.modules.pop(MOD, None)
    try:
        yield importlib.import_module(MOD)
    finally:
        sys.path.remove(str(directory))
        sys.modules.pop(MOD, None)


def _differences(manifest: dict[str, Any]) -> list[str]:
    apis, missing = collect_apis(manifest)
    return missing + find_differences(manifest, registered_routes(apis))


def test_types_module_matches_its_manifest(types_module):
    assert _differences(_types_manifest()) == []


def _changed(edit) -> list[str]:
    manifest = copy.deepcopy(_types_manifest())
    edit(manifest)
    return _differences(manifest)


def test_struct_option_differences_are_reported(types_module):
    def flip(manifest):
        point = manifest["structs"][f"{MOD}.Point"]
        point["array_like"] = False
        point["forbid_unknown_fields"] = False
        manifest["structs"][f"{MOD}.Dog"]["tag"]["value"] = "Dog"
        del manifest["structs"][f"{MOD}.Cat"]["tag"]

    assert _changed(flip) == [
        f'struct {MOD}.Cat: tag is none in the build, kind="Cat" in the code',
        f'struct {MOD}.Dog: tag is kind="Dog" in the build, kind="dog" in the code',
        f"struct {MOD}.Point: forbid_unknown_fields is false in the build, true in the code",
        f"struct {MOD}.Point: array_like is false in the build, true in the code",
    ]


def test_field_order_wire_names_and_types_are_compared(types_module):
    def reorder(manifest):
        fields = manifest["structs"][f"{MOD}.Order"]["fields"]
        fields.insert(0, fields.pop())  # kw_only `created` moved first

    assert _changed(reorder) == [
        f"struct {MOD}.Order: field order is (created, order_id, total, color, pet, where, tags, page) in the build, "
        "(order_id, total, color, pet, where, tags, page, created) in the code"
    ]

    def rename(manifest):
        fields = manifest["structs"][f"{MOD}.Order"]["fields"]
        del fields[0]["wire_name"]
        fields[1]["type"] = {"type": "float"}
        manifest["structs"][f"{MOD}.Filters"]["fields"][1]["type"] = _lit("a", "b")

    assert _changed(rename) == [
        f'struct {MOD}.Filters: field `mode`: type is literal["a", "b"] in the build, literal["b", "a"] in the code',
        f"struct {MOD}.Order: field `order_id`: wire name is none in the build, orderId in the code",
        f"struct {MOD}.Order: field `total`: type is float in the build, decimal in the code",
    ]


def test_enum_values_are_compared(types_module):
    def recolor(manifest):
        manifest["enums"][f"{MOD}.Color"]["values"] = ["red", "green", "red"]

    assert _changed(recolor) == [
        f'enum {MOD}.Color: values are ["red", "green", "red"] in the build, ["red", "green"] in the code'
    ]

    def forget(manifest):
        del manifest["enums"][f"{MOD}.Color"]

    assert _changed(forget) == [f"enum {MOD}.Color: used by a route in the code, but not compiled"]


def test_parameter_types_of_new_kinds_are_compared(types_module):
    def edit(manifest):
        params = manifest["routes"][0]["params"]
        params[3]["type"] = {"type": "datetime"}
        params[4]["type"] = {"type": "list", "items": INT}
        params[2]["source"] = "body"

    label = "POST /orders/{day} (typesapi:create)"
    assert _changed(edit) == [
        f"{label}: parameter `filters`: source is body in the build, query in the code",
        f"{label}: parameter `at`: type is datetime in the build, datetime{{tz=true}} in the code",
        f"{label}: parameter `ids`: type is list[int] in the build, set[int] in the code",
    ]


def test_generic_struct_not_compiled_and_compiled_but_unused(types_module):
    def edit(manifest):
        structs = manifest["structs"]
        structs[f"{MOD}.Page[str]"] = structs.pop(f"{MOD}.Page[int]")

    assert _changed(edit) == [
        f"struct {MOD}.Page[str]: compiled, but the class no longer exists or no route uses it",
        f"struct {MOD}.Page[int]: used by a route in the code, but not compiled",
    ]
