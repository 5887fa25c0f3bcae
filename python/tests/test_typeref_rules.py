"""Each canonicalisation rule of discover (bolt-codegen/src/discover: unions.rs, types.rs,
constraints.rs, generics.rs, structs.rs, params.rs), as the start-up check renders live
annotations. The expected strings are what discover writes for the same annotation (checked
over whole projects by test_verify_alignment.py)."""

import datetime
import decimal
import enum
import uuid
from typing import Annotated, Any, Generic, Literal, Optional, TypeVar, Union

import msgspec
import pytest
from msgspec import Meta

from django_bolt import BoltAPI, Cookie, Header, Query
from django_bolt.runtime.signature import analyze_params, contains_struct
from django_bolt.runtime.typeref import LiveTypes, join_union, render_typeref
from django_bolt.runtime.verify import find_differences, registered_routes, render_live_type

M = __name__
T = TypeVar("T")
N = TypeVar("N", bound=int)


class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"
    CRIMSON = "red"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Perm(enum.Flag):
    R = 1
    W = 2


class Item(msgspec.Struct):
    name: str


S = TypeVar("S", bound=Item)


class Page(msgspec.Struct, Generic[T]):
    items: list[T]


class Bounded(msgspec.Struct, Generic[N]):
    value: N


class OfItems(msgspec.Struct, Generic[S]):
    first: S


class IntPage(Page[int]):
    extra: str = ""


class Wrapped(Page[list[T]], Generic[T]):
    note: str = ""


class BarePage(Page):
    pass


class Numbered(msgspec.Struct, tag=9223372036854775807, tag_field="n"):
    value: int = 0


class Ordered(msgspec.Struct, kw_only=True):
    a: int
    b: int = 0


class OrderedChild(Ordered):
    c: int = 3
    a: int = 1


class Renamed(msgspec.Struct, rename="camel"):
    user_id: int
    field_x: int = msgspec.field(default=0, name="X")


class Filters(msgspec.Struct):
    q: str = ""


# (annotation, canonical string discover writes)
_WITH_OBJECT = "unsupported union with object: typing.Union"
_DOC_OBJECT = "typing.Annotated[object, msgspec.Meta(description='x')]"
RULES: list[tuple[Any, str]] = [
    # unions.rs `merge_literals`: all Literals of a union are one, where the first one is.
    (Literal["a"] | Literal["b"], 'literal["a", "b"]'),
    (Union[Literal[1], int, Literal["x"], str], "union[int, str]"),  # noqa: UP007
    (Union[Literal[1], Literal["x"], Literal[1, 2]], 'literal[1, "x", 2]'),  # noqa: UP007
    (Optional[Literal["a"]] | Literal["b"], 'optional[literal["a", "b"]]'),  # noqa: UP045
    (float | Literal["a"] | Literal["b"], 'union[float, literal["a", "b"]]'),
    # unions.rs `drop_subsumed_literals`: int (str) takes the int (str) literal values.
    (int | Literal[1, 2], "int"),
    (Literal["a", "b"] | str, "str"),
    (Literal["a", 1] | int, 'union[literal["a"], int]'),
    (Literal[1, "a"] | int | str, "union[int, str]"),
    (Annotated[int, Meta(ge=1)] | Literal[5], "int{ge=1}"),
    # types.rs `literal_type`: Literal[True, False] is bool; None lifted; nested flattened.
    (Literal[True, False], "bool"),
    (Literal[False, True, None], "optional[bool]"),
    (Literal[None], "none"),
    (Literal["z", None], 'optional[literal["z"]]'),
    (Literal[1, Literal[2, "x"], 1], 'literal[1, 2, "x"]'),  # noqa: RUF041
    (Literal[-(2**63), 2**63 - 1], "literal[-9223372036854775808, 9223372036854775807]"),
    # msgspec refuses Literal ints outside int64 (so does discover: B0310).
    (Literal[2**63], "unsupported Literal value 9223372036854775808"),
    (Literal[1, -(2**63) - 1], "unsupported Literal value -9223372036854775809"),
    # unions.rs `flatten`: Any absorbs the whole union; Optional[Any] is Any; object is Any.
    (int | Any, "any"),
    (Union[Any, str, None], "any"),  # noqa: UP007
    (Optional[Any], "any"),  # noqa: UP045
    (Any | None, "any"),
    (object, "any"),
    (list[object], "list[any]"),
    # object_union.rs: to msgspec `object` is a custom type, allowed in a union only with None
    # (or beside Any, which absorbs the union first).
    (object | None, "any"),
    (Optional[object], "any"),  # noqa: UP045
    (Union[object, Literal[None]], "any"),  # noqa: UP007
    (Union[object, int, Any], "any"),  # noqa: UP007
    (list[object] | int, "union[list[any], int]"),
    (int | object, "unsupported union with object: int | object"),
    (Union[Optional[object], str], f"{_WITH_OBJECT}[object, NoneType, str]"),  # noqa: UP007, UP045
    (Annotated[object, Meta(description="x")] | int, f"{_WITH_OBJECT}[{_DOC_OBJECT}, int]"),
    # unions.rs: flattened, duplicates dropped, declaration order, None lifted into optional.
    (Optional[Union[int, Optional[str]]], "optional[union[int, str]]"),  # noqa: UP007, UP045
    (Union[int, str, int], "union[int, str]"),  # noqa: UP007
    (Union[int, Annotated[int, Meta(description="same")]], "int"),  # noqa: UP007
    (Union[str, None, int], "optional[union[str, int]]"),  # noqa: UP007
    (Colour | Level, f"union[enum {M}.Colour, enum {M}.Level]"),
    (tuple[int, str] | None, "optional[fixed_tuple[int, str]]"),
    # constraints.rs: Decimal takes no constraints; each constraint on the kinds msgspec allows.
    (Annotated[decimal.Decimal, Meta(description="doc only")], "decimal"),
    (Annotated[decimal.Decimal, Meta(ge=1)], "unsupported decimal{ge=1}"),
    (Annotated[str, Meta(ge=1)], "unsupported str{ge=1}"),
    (Annotated[int, Meta(pattern="a")], 'unsupported int{pattern="a"}'),
    (Annotated[list[int], Meta(tz=True)], "unsupported list[int]{tz=true}"),
    (Annotated[Optional[int], Meta(ge=1)], "unsupported optional[int]{ge=1}"),  # noqa: UP045
    (Optional[Annotated[datetime.time, Meta(tz=False)]], "optional[time{tz=false}]"),  # noqa: UP045
    (Annotated[bytearray, Meta(max_length=4)], "bytearray{max_length=4}"),
    # types.rs `is_key_type`: dict keys must be str-like or number-like.
    (dict[uuid.UUID, int], "dict[uuid, int]"),
    (dict[Literal["a"], int], 'dict[literal["a"], int]'),
    (dict[bool, int], "unsupported dict key bool"),
    (dict, "dict[str, any]"),
    (tuple, "tuple[any, ...]"),
    (tuple[()], "fixed_tuple[]"),
    # known.rs: abstract collections and Flag enums are not supported by discover.
    (Perm, f"unsupported {M}.Perm"),
    # enums.rs / generics.rs: enums and generic Struct keys.
    (Colour, f"enum {M}.Colour"),
    (Page[int], f"struct {M}.Page[int]"),
    (Page[Page[int]], f"struct {M}.Page[struct {M}.Page[int]]"),
    (Page[Literal["a"] | Literal["b"]], f'struct {M}.Page[literal["a", "b"]]'),
    (Page[Any], f"struct {M}.Page[any]"),
    (Page, f"struct {M}.Page"),
    (Bounded, f"struct {M}.Bounded"),
]


@pytest.mark.parametrize(("annotation", "text"), RULES, ids=[rule[1] for rule in RULES])
def test_live_annotation_renders_like_discover(annotation, text):
    assert render_live_type(annotation) == text


def test_join_union_merges_literals_where_the_first_one_is():
    literal_a = {"type": "literal", "values": ["a"]}
    literal_b = {"type": "literal", "values": ["b", "a"]}
    joined = join_union([{"type": "float"}, literal_a, {"type": "none"}, literal_b])
    assert render_typeref(joined) == 'optional[union[float, literal["a", "b"]]]'
    assert join_union([{"type": "none"}]) == {"type": "none"}


def _fields(annotation: Any) -> tuple[LiveTypes, dict[str, Any]]:
    types = LiveTypes()
    types.typeref(annotation)
    return types, {
        key: [(f["name"], f["wire_name"], render_typeref(f["type"]), f["required"]) for f in live.fields]
        for key, live in types.structs.items()
    }


def test_generic_struct_used_bare_binds_its_type_variable_to_the_bound_else_any():
    _, fields = _fields(Bounded)
    assert fields[f"{M}.Bounded"] == [("value", None, "int", True)]
    _, fields = _fields(OfItems)
    assert fields[f"{M}.OfItems"] == [("first", None, f"struct {M}.Item", True)]
    _, fields = _fields(Page)
    assert fields[f"{M}.Page"] == [("items", None, "list[any]", True)]


def test_struct_base_classes_are_reached_keyed_like_discover():
    # structs.rs `parent_struct`: the base is compiled too, with its type arguments.
    types, fields = _fields(IntPage)
    assert set(types.structs) == {f"{M}.IntPage", f"{M}.Page[int]"}
    assert fields[f"{M}.IntPage"] == [("items", None, "list[int]", True), ("extra", None, "str", False)]
    types, _ = _fields(Wrapped[str])
    assert set(types.structs) == {f"{M}.Wrapped[str]", f"{M}.Page[list[str]]"}
    types, _ = _fields(Wrapped)
    assert set(types.structs) == {f"{M}.Wrapped", f"{M}.Page[list[any]]"}
    types, _ = _fields(BarePage)
    assert set(types.structs) == {f"{M}.BarePage", f"{M}.Page"}
    types, _ = _fields(OrderedChild)
    assert set(types.structs) == {f"{M}.OrderedChild", f"{M}.Ordered"}


def test_kw_only_order_rename_wire_names_and_large_tags_follow_msgspec():
    _, fields = _fields(OrderedChild)
    # Inherited fields first (`a` redefined in place, no longer kw_only), kw_only ones last.
    assert [row[0] for row in fields[f"{M}.OrderedChild"]] == ["a", "c", "b"]
    _, fields = _fields(Renamed)
    assert fields[f"{M}.Renamed"] == [("user_id", "userId", "int", True), ("field_x", "X", "int", False)]
    types, _ = _fields(Numbered)
    assert types.structs[f"{M}.Numbered"].tag == {"field": "n", "value": 9223372036854775807}


def test_enums_keep_member_values_without_aliases():
    types = LiveTypes()
    types.typeref(dict[Colour, Level])
    assert [member.value for member in types.enums[f"{M}.Colour"]] == ["red", "green"]
    assert set(types.enums) == {f"{M}.Colour", f"{M}.Level"}


def test_union_absorbed_by_any_still_reaches_its_structs():
    # discover resolves every member (compiling the Struct) before joining the union.
    types = LiveTypes()
    assert types.render(Item | Any) == "any"
    assert set(types.structs) == {f"{M}.Item"}


def test_marker_constraints_pass_optional_and_override_meta():
    assert render_live_type(Annotated[int, Meta(ge=0, le=100)], {"ge": 5}) == "int{ge=5,le=100}"
    assert render_live_type(Optional[Annotated[int, Meta(le=9)]], {"ge": 1}) == "optional[int{ge=1,le=9}]"  # noqa: UP045
    # discover refuses constraints a type cannot carry: never equal to a manifest type.
    assert render_live_type(Union[int, str, None], {"ge": 1}) == "optional[unsupported union[int, str]{ge=1}]"  # noqa: UP007


def test_contains_struct_decides_on_the_canonical_type():
    assert contains_struct(Optional[Page[int]])  # noqa: UP045
    assert contains_struct(dict[str, Item])
    assert not contains_struct(Item | Any)
    assert not contains_struct(Literal["Item"])


api = BoltAPI()


@api.get("/rules/{item_id}")
def rules_handler(
    item_id: uuid.UUID,
    anything: Item | Any = None,
    required_any: Optional[Any] = Query(),  # noqa: UP045
    optional_int: Optional[int] = Query(),  # noqa: UP045
    limit: Annotated[int, Meta(ge=0), Query(le=10)] = 5,
    same: str = Query("x", alias="same"),
    filters: Annotated[Filters, Query()] = Filters(),  # noqa: B008
    token: Annotated[Filters, Header()] = None,
    crumbs: Annotated[Filters, Cookie()] = None,
) -> None:
    raise NotImplementedError


def _params() -> dict[str, Any]:
    (route,) = [r for r in api.routes if r.path == "/rules/{item_id}"]
    return {p.name: p for p in analyze_params(route)}


def test_params_source_and_required_follow_discover():
    params = _params()
    assert params["anything"].source == "query"  # `Item | Any` is Any: not a body
    assert params["required_any"].required  # `Optional[Any]` is Any: no implied None default
    assert not params["optional_int"].required  # `Optional[int]` defaults to None
    assert [params[n].source for n in ("filters", "token", "crumbs")] == ["query", "header", "cookie"]
    assert params["same"].alias is None


def _manifest() -> dict[str, Any]:
    filters = {"type": "struct", "name": f"{M}.Filters"}

    def param(name: str, source: str, ty: dict[str, Any], required: bool = False, **more: Any) -> dict[str, Any]:
        return {"name": name, "source": source, "type": ty, "required": required, **more}

    return {
        "version": 1,
        "apis": [{"module": M, "name": "api", "span": {}}],
        "routes": [
            {
                "method": "GET",
                "path": "/rules/{item_id}",
                "api": f"{M}:api",
                "handler": {"module": M, "qualname": "rules_handler", "kind": "sync"},
                "params": [
                    param("item_id", "path", {"type": "uuid"}, True),
                    param("anything", "query", {"type": "any"}, default=None),
                    param("required_any", "query", {"type": "any"}, True),
                    param("optional_int", "query", {"type": "optional", "inner": {"type": "int"}}),
                    param("limit", "query", {"type": "int", "constraints": {"ge": 0, "le": 10}}),
                    param("same", "query", {"type": "str"}),  # alias == name: discover omits it
                    param("filters", "query", filters),
                    param("token", "header", filters),
                    param("crumbs", "cookie", filters),
                ],
                "status_code": 200,
                "response": {"type": "none"},
                "span": {},
            }
        ],
        "structs": {
            f"{M}.Item": {
                "module": M,
                "qualname": "Item",
                "fields": [{"name": "name", "type": {"type": "str"}, "required": True}],
                "span": {},
            },
            f"{M}.Filters": {
                "module": M,
                "qualname": "Filters",
                "fields": [{"name": "q", "type": {"type": "str"}, "required": False}],
                "span": {},
            },
        },
    }


def test_verify_accepts_the_manifest_discover_writes_for_these_parameters():
    manifest = _manifest()
    assert find_differences(manifest, registered_routes({f"{M}:api": api})) == []
