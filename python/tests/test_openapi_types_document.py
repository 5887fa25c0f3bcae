"""The OpenAPI document of bolt-codegen's types fixture (its insta snapshot) is valid OpenAPI
3.1, and what msgspec encodes for the same Python types validates against its schemas."""

import datetime
import decimal
import enum
import json
import uuid
from pathlib import Path
from typing import Any, Literal

import msgspec
import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator

SNAPSHOT = Path(__file__).resolve().parents[2] / "bolt-codegen" / "tests" / "snapshots" / "openapi__openapi_types.snap"


def _document() -> dict[str, Any]:
    # An insta snapshot: a `---` delimited header, then the document.
    return json.loads(SNAPSHOT.read_text().split("---\n", 2)[2])


def test_types_document_is_valid_openapi_3_1():
    document = _document()
    errors = [error.message for error in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == []


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"
    BLUE = "blue"


class Cat(msgspec.Struct, tag=True, tag_field="kind"):
    name: str


class Dog(msgspec.Struct, tag="dog", tag_field="kind"):
    good: bool = True


class One(msgspec.Struct, tag=1):
    a: int


class Point(msgspec.Struct, array_like=True):
    x: int
    y: float = 0.0


class TaggedPoint(msgspec.Struct, array_like=True, forbid_unknown_fields=True, tag="tp"):
    x: int


class Renamed(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    user_name: str
    is_admin: bool = False


def _everything_property(name: str) -> dict[str, Any]:
    return _document()["components"]["schemas"]["Everything"]["properties"][name]


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator({**schema, "components": _document()["components"]})


@pytest.mark.parametrize(
    ("component", "value"),
    [
        ("Cat", Cat("tom")),
        ("Dog", Dog()),
        ("One", One(1)),
        ("Point", Point(1)),
        ("Point", Point(1, 2.5)),
        ("TaggedPoint", TaggedPoint(3)),
        ("Renamed", Renamed("ann", True)),
        ("shop.types.Color", Color.GREEN),
    ],
)
def test_msgspec_encodings_validate_against_the_components(component, value):
    encoded = json.loads(msgspec.json.encode(value))
    _validator({"$ref": f"#/components/schemas/{component}"}).validate(encoded)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("raw", b"\x00\x01"),
        ("buffer", bytearray(b"abcd")),
        ("aware", datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)),
        ("day", datetime.date(2024, 1, 2)),
        ("duration", datetime.timedelta(seconds=90)),
        ("id", uuid.UUID(int=7)),
        ("amount", decimal.Decimal("1.50")),
        ("mode", 2),
        ("tags", {"a", "b"}),
        ("pair", (1, "x")),
        ("empty", ()),
        ("by_code", {"ab": 1}),
        ("pet", Dog(False)),
        ("pet_or_text", "text"),
        ("maybe_pet", None),
    ],
)
def test_msgspec_encodings_validate_against_field_schemas(field, value):
    encoded = json.loads(msgspec.json.encode(value))
    _validator(_everything_property(field)).validate(encoded)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("buffer", "AAAAAAAAAAAAAAAA"),  # 12 bytes > max_length=4
        ("mode", "c"),
        ("tags", ["a", "a"]),
        ("pair", [1, "x", 2]),
        ("by_code", {"A": 1}),
        ("pet", {"kind": "Cat"}),
        ("pet", {"kind": "cow"}),
    ],
)
def test_values_msgspec_rejects_do_not_validate(field, value):
    assert not _validator(_everything_property(field)).is_valid(value)


def test_literal_is_what_msgspec_accepts():
    schema = _everything_property("mode")
    for value in (1, 2, "a", "b"):
        msgspec.convert(value, Literal["b", 2, "a", 1])
        assert _validator(schema).is_valid(value)
