"""The differential API: one POST route per body type that echoes the decoded value, and GET
routes that echo coerced query/path parameters with their Python types.

Every body route is `POST /body/<TypeName>` and returns the decoded body unchanged (msgspec
encodes it); the tests read the body type from the handler's signature. Every parameter
route returns `{name: {"t": type name, "r": repr}}` so that the tests can compare values
exactly (`1` vs `1.0` vs `True`, `nan`, `-0.0`).
"""

from typing import Annotated, Any, Optional

import msgspec
from django_bolt import Body, BoltAPI, Query
from msgspec import Meta

from .aliases import PositiveInt, Probability, ShortStr, ShortTags
from .schemas import Base, Child, Customer, GrandChild, Order, StrictChild

api = BoltAPI()

# -- scalars: each with and without every applicable constraint ------------------------------


class IntPlain(msgspec.Struct):
    v: int


class IntGt(msgspec.Struct):
    v: Annotated[int, Meta(gt=0)]


class IntGe(msgspec.Struct):
    v: Annotated[int, Meta(ge=-3)]


class IntLt(msgspec.Struct):
    v: Annotated[int, Meta(lt=10)]


class IntLe(msgspec.Struct):
    v: Annotated[int, Meta(le=-2)]


class IntMultipleOf(msgspec.Struct):
    v: Annotated[int, Meta(multiple_of=7)]


class IntAll(msgspec.Struct):
    v: Annotated[int, Meta(ge=-100, lt=1000, multiple_of=3)]


class IntExtremes(msgspec.Struct):
    """Bounds at the edges of 64 bits: values beyond them are Python ints, not i64."""

    lo: Annotated[int, Meta(ge=-9223372036854775807)]
    hi: Annotated[int, Meta(le=9223372036854775807)]
    big: Annotated[int, Meta(gt=9223372036854775806, multiple_of=9223372036854775807)] = 9223372036854775807


class FloatPlain(msgspec.Struct):
    v: float


class FloatGt(msgspec.Struct):
    v: Annotated[float, Meta(gt=0)]


class FloatGe(msgspec.Struct):
    v: Annotated[float, Meta(ge=-1.5)]


class FloatLt(msgspec.Struct):
    v: Annotated[float, Meta(lt=100)]


class FloatLe(msgspec.Struct):
    v: Annotated[float, Meta(le=1e10)]


class FloatMultipleOf(msgspec.Struct):
    v: Annotated[float, Meta(multiple_of=0.5)]


class FloatTenth(msgspec.Struct):
    v: Annotated[float, Meta(multiple_of=0.1)]


class FloatAll(msgspec.Struct):
    v: Annotated[float, Meta(gt=-1, le=100.0, multiple_of=0.25)]


class StrPlain(msgspec.Struct):
    v: str


class StrMinLength(msgspec.Struct):
    v: Annotated[str, Meta(min_length=2)]


class StrMaxLength(msgspec.Struct):
    v: Annotated[str, Meta(max_length=5)]


class StrLength(msgspec.Struct):
    v: Annotated[str, Meta(min_length=1, max_length=3)]


class StrPattern(msgspec.Struct):
    v: Annotated[str, Meta(pattern="^[A-Z]{3}-[0-9]+$")]


class StrPatternSearch(msgspec.Struct):
    """Unanchored: matches anywhere, like `re.search`."""

    v: Annotated[str, Meta(pattern="[0-9]{2}")]


class StrPatternClasses(msgspec.Struct):
    """Character classes whose Unicode meaning differs between engines."""

    word: Annotated[str, Meta(pattern=r"^\w+$")] = "w"
    digits: Annotated[str, Meta(pattern=r"^\d{1,3}$")] = "1"
    space: Annotated[str, Meta(pattern=r"^\S*\s\S*$")] = " "
    caseless: Annotated[str, Meta(pattern="(?i)^straße$")] = "Straße"


class StrAll(msgspec.Struct):
    v: Annotated[str, Meta(min_length=2, max_length=8, pattern="^[a-z]")]


class BoolNone(msgspec.Struct):
    flag: bool
    nothing: None


class AnyFields(msgspec.Struct):
    v: Any
    d: dict = {}
    items: list = []


# -- Optional ----------------------------------------------------------------------------------


class Point(msgspec.Struct):
    x: int
    y: int


class Optionals(msgspec.Struct):
    a: int | None
    b: Optional[str]
    c: Annotated[float, Meta(ge=0)] | None = None
    d: Optional[list[int]] = None
    e: Point | None = None
    f: None | Annotated[str, Meta(max_length=2)] = "ok"


# -- lists -------------------------------------------------------------------------------------


class ListInt(msgspec.Struct):
    items: list[int]


class ListLength(msgspec.Struct):
    items: Annotated[list[str], Meta(min_length=1, max_length=3)]


class ListExact(msgspec.Struct):
    items: Annotated[list[int], Meta(min_length=2, max_length=2)]


class ListConstrainedItems(msgspec.Struct):
    items: list[Annotated[int, Meta(ge=0, le=9)]]


class ListNested(msgspec.Struct):
    items: list[list[float]]


class ListOfStructs(msgspec.Struct):
    points: Annotated[list[Point], Meta(max_length=4)]


class ListOptional(msgspec.Struct):
    items: list[int | None]


# -- dicts -------------------------------------------------------------------------------------


class DictStrInt(msgspec.Struct):
    m: dict[str, int]


class DictValueConstrained(msgspec.Struct):
    m: dict[str, Annotated[str, Meta(max_length=3)]]


class DictOfStructs(msgspec.Struct):
    m: dict[str, Point]


class DictOfLists(msgspec.Struct):
    m: dict[str, list[int | None]]


class DictNested(msgspec.Struct):
    m: dict[str, dict[str, bool]]


# -- nested and recursive Structs --------------------------------------------------------------


class Segment(msgspec.Struct):
    a: Point
    b: Point
    label: str = ""


class Level3(msgspec.Struct):
    values: list[Annotated[int, Meta(ge=0)]]


class Level2(msgspec.Struct):
    inner: Level3
    name: Annotated[str, Meta(max_length=10)] = "l2"


class Level1(msgspec.Struct):
    inner: Level2
    extra: dict[str, Level3] = {}


class Tree(msgspec.Struct):
    value: int
    children: list["Tree"] = []


class LinkedNode(msgspec.Struct):
    value: str
    next: Optional["LinkedNode"] = None


class RecA(msgspec.Struct):
    n: int = 0
    b: "RecB | None" = None


class RecB(msgspec.Struct):
    tag: Annotated[str, Meta(min_length=1)] = "b"
    items: list[RecA] = []


# -- forbid_unknown_fields ---------------------------------------------------------------------


class StrictPoint(msgspec.Struct, forbid_unknown_fields=True):
    x: int
    y: int


class StrictOuter(msgspec.Struct, forbid_unknown_fields=True):
    """Strict itself; its inner Point ignores unknown fields."""

    inner: Point
    label: str = ""


class LooseOuter(msgspec.Struct):
    inner: StrictPoint
    others: list[StrictPoint] = []


# -- defaults, default_factory, wire names, options --------------------------------------------


class WithDefaults(msgspec.Struct):
    a: int = 1
    b: str = "x"
    c: list[int] = []
    d: list[int] = msgspec.field(default_factory=list)
    e: dict[str, int] = msgspec.field(default_factory=dict)
    f: Optional[int] = None
    g: float = msgspec.field(default=1.5)
    h: bool = True


class Renamed(msgspec.Struct):
    display_name: str = msgspec.field(name="displayName")
    is_admin: bool = msgspec.field(default=False, name="isAdmin")


class Swapped(msgspec.Struct):
    """Each field's wire name is the other field's Python name."""

    a: int = msgspec.field(name="b")
    b: str = msgspec.field(name="a")


class OddNames(msgspec.Struct):
    key: int = msgspec.field(name="ключ")
    spaced: str = msgspec.field(default="", name="with space")
    dotted: bool = msgspec.field(default=False, name="a.b[0]")
    emoji: Optional[int] = msgspec.field(default=None, name="😀")


class KwOnly(msgspec.Struct, kw_only=True):
    a: int = 0
    b: str


class FrozenPoint(msgspec.Struct, frozen=True, omit_defaults=True):
    x: float
    y: float = 0.0


class Empty(msgspec.Struct):
    pass


class UsesAliases(msgspec.Struct):
    count: PositiveInt
    p: Probability
    short: ShortStr
    tags: ShortTags = []
    maybe: PositiveInt | None = None
    ps: list[Probability] = []


class Wide(msgspec.Struct):
    """More fields than fit in one 64-bit word."""

    f0: int
    f3: int
    f6: int
    f9: int
    f12: int
    f15: int
    f18: int
    f21: int
    f24: int
    f27: int
    f30: int
    f33: int
    f36: int
    f39: int
    f42: int
    f45: int
    f48: int
    f51: int
    f54: int
    f57: int
    f60: int
    f63: int
    f66: int
    f69: int
    f1: int = 1
    f2: str = ""
    f4: int = 4
    f5: str = ""
    f7: int = 7
    f8: str = ""
    f10: int = 10
    f11: str = ""
    f13: int = 13
    f14: str = ""
    f16: int = 16
    f17: str = ""
    f19: int = 19
    f20: str = ""
    f22: int = 22
    f23: str = ""
    f25: int = 25
    f26: str = ""
    f28: int = 28
    f29: str = ""
    f31: int = 31
    f32: str = ""
    f34: int = 34
    f35: str = ""
    f37: int = 37
    f38: str = ""
    f40: int = 40
    f41: str = ""
    f43: int = 43
    f44: str = ""
    f46: int = 46
    f47: str = ""
    f49: int = 49
    f50: str = ""
    f52: int = 52
    f53: str = ""
    f55: int = 55
    f56: str = ""
    f58: int = 58
    f59: str = ""
    f61: int = 61
    f62: str = ""
    f64: int = 64
    f65: str = ""
    f67: int = 67
    f68: str = ""


# -- body routes -------------------------------------------------------------------------------


@api.post("/body/IntPlain")
def body_int_plain(body: IntPlain):
    return body


@api.post("/body/IntGt")
def body_int_gt(body: IntGt):
    return body


@api.post("/body/IntGe")
def body_int_ge(body: IntGe):
    return body


@api.post("/body/IntLt")
def body_int_lt(body: IntLt):
    return body


@api.post("/body/IntLe")
def body_int_le(body: IntLe):
    return body


@api.post("/body/IntMultipleOf")
def body_int_multiple_of(body: IntMultipleOf):
    return body


@api.post("/body/IntAll")
def body_int_all(body: IntAll):
    return body


@api.post("/body/IntExtremes")
def body_int_extremes(body: IntExtremes):
    return body


@api.post("/body/FloatPlain")
def body_float_plain(body: FloatPlain):
    return body


@api.post("/body/FloatGt")
def body_float_gt(body: FloatGt):
    return body


@api.post("/body/FloatGe")
def body_float_ge(body: FloatGe):
    return body


@api.post("/body/FloatLt")
def body_float_lt(body: FloatLt):
    return body


@api.post("/body/FloatLe")
def body_float_le(body: FloatLe):
    return body


@api.post("/body/FloatMultipleOf")
def body_float_multiple_of(body: FloatMultipleOf):
    return body


@api.post("/body/FloatTenth")
def body_float_tenth(body: FloatTenth):
    return body


@api.post("/body/FloatAll")
def body_float_all(body: FloatAll):
    return body


@api.post("/body/StrPlain")
def body_str_plain(body: StrPlain):
    return body


@api.post("/body/StrMinLength")
def body_str_min_length(body: StrMinLength):
    return body


@api.post("/body/StrMaxLength")
def body_str_max_length(body: StrMaxLength):
    return body


@api.post("/body/StrLength")
def body_str_length(body: StrLength):
    return body


@api.post("/body/StrPattern")
def body_str_pattern(body: StrPattern):
    return body


@api.post("/body/StrPatternSearch")
def body_str_pattern_search(body: StrPatternSearch):
    return body


@api.post("/body/StrPatternClasses")
def body_str_pattern_classes(body: StrPatternClasses):
    return body


@api.post("/body/StrAll")
def body_str_all(body: StrAll):
    return body


@api.post("/body/BoolNone")
def body_bool_none(body: BoolNone):
    return body


@api.post("/body/AnyFields")
def body_any_fields(body: AnyFields):
    return body


@api.post("/body/Optionals")
def body_optionals(body: Optionals):
    return body


@api.post("/body/ListInt")
def body_list_int(body: ListInt):
    return body


@api.post("/body/ListLength")
def body_list_length(body: ListLength):
    return body


@api.post("/body/ListExact")
def body_list_exact(body: ListExact):
    return body


@api.post("/body/ListConstrainedItems")
def body_list_constrained_items(body: ListConstrainedItems):
    return body


@api.post("/body/ListNested")
def body_list_nested(body: ListNested):
    return body


@api.post("/body/ListOfStructs")
def body_list_of_structs(body: ListOfStructs):
    return body


@api.post("/body/ListOptional")
def body_list_optional(body: ListOptional):
    return body


@api.post("/body/DictStrInt")
def body_dict_str_int(body: DictStrInt):
    return body


@api.post("/body/DictValueConstrained")
def body_dict_value_constrained(body: DictValueConstrained):
    return body


@api.post("/body/DictOfStructs")
def body_dict_of_structs(body: DictOfStructs):
    return body


@api.post("/body/DictOfLists")
def body_dict_of_lists(body: DictOfLists):
    return body


@api.post("/body/DictNested")
def body_dict_nested(body: DictNested):
    return body


@api.post("/body/Point")
def body_point(body: Point):
    return body


@api.post("/body/Segment")
def body_segment(body: Segment):
    return body


@api.post("/body/Level1")
def body_level1(body: Level1):
    return body


@api.post("/body/Tree")
def body_tree(body: Tree):
    return body


@api.post("/body/LinkedNode")
def body_linked_node(body: LinkedNode):
    return body


@api.post("/body/RecA")
def body_rec_a(body: RecA):
    return body


@api.post("/body/StrictPoint")
def body_strict_point(body: StrictPoint):
    return body


@api.post("/body/StrictOuter")
def body_strict_outer(body: StrictOuter):
    return body


@api.post("/body/LooseOuter")
def body_loose_outer(body: LooseOuter):
    return body


@api.post("/body/WithDefaults")
def body_with_defaults(body: WithDefaults):
    return body


@api.post("/body/Renamed")
def body_renamed(body: Renamed):
    return body


@api.post("/body/Swapped")
def body_swapped(body: Swapped):
    return body


@api.post("/body/OddNames")
def body_odd_names(body: OddNames):
    return body


@api.post("/body/KwOnly")
def body_kw_only(body: KwOnly):
    return body


@api.post("/body/FrozenPoint")
def body_frozen_point(body: FrozenPoint):
    return body


@api.post("/body/Empty")
def body_empty(body: Empty):
    return body


@api.post("/body/UsesAliases")
def body_uses_aliases(body: UsesAliases):
    return body


@api.post("/body/Wide")
def body_wide(body: Wide):
    return body


@api.post("/body/Base")
def body_base(body: Base):
    return body


@api.post("/body/Child")
def body_child(body: Child):
    return body


@api.post("/body/StrictChild")
def body_strict_child(body: StrictChild):
    return body


@api.post("/body/GrandChild")
def body_grand_child(body: GrandChild):
    return body


@api.post("/body/Customer")
def body_customer(body: Customer):
    return body


@api.post("/body/Order")
def body_order(body: Order):
    return body


# Bodies that are not a Struct themselves.


@api.post("/body/ListOfPoints")
def body_list_of_points(body: list[Point]):
    return body


@api.post("/body/OptionalPoint")
def body_optional_point(body: Optional[Point]):
    return body


@api.post("/body/DictOfAny")
def body_dict_of_any(body: Annotated[dict[str, Any], Body()]):
    return body


@api.post("/body/ListOfInts")
def body_list_of_ints(body: Annotated[list[Annotated[int, Meta(gt=-5)]], Body()]):
    return body


# -- query and path parameters -----------------------------------------------------------------


def _describe(value: Any) -> dict:
    return {"t": type(value).__name__, "r": repr(value)}


@api.get("/query/int")
def query_int(v: int):
    return {"v": _describe(v)}


@api.get("/query/int_bounded")
def query_int_bounded(v: Annotated[int, Query(ge=-10, le=10)] = 0):
    return {"v": _describe(v)}


@api.get("/query/int_meta")
def query_int_meta(v: Annotated[int, Meta(gt=0, multiple_of=5)]):
    return {"v": _describe(v)}


@api.get("/query/float")
def query_float(v: float):
    return {"v": _describe(v)}


@api.get("/query/float_bounded")
def query_float_bounded(v: float = Query(1.5, gt=0, lt=100)):
    return {"v": _describe(v)}


@api.get("/query/float_multiple")
def query_float_multiple(v: Annotated[float, Meta(multiple_of=0.5)] | None = None):
    return {"v": _describe(v)}


@api.get("/query/bool")
def query_bool(v: bool):
    return {"v": _describe(v)}


@api.get("/query/bool_default")
def query_bool_default(v: bool = False):
    return {"v": _describe(v)}


@api.get("/query/str")
def query_str(v: str):
    return {"v": _describe(v)}


@api.get("/query/str_constrained")
def query_str_constrained(v: Annotated[str, Query(min_length=2, max_length=5, pattern="^[a-z]+$")] = "ab"):
    return {"v": _describe(v)}


@api.get("/query/opt_int")
def query_opt_int(v: int | None = None):
    return {"v": _describe(v)}


@api.get("/query/opt_float")
def query_opt_float(v: Optional[float] = None):
    return {"v": _describe(v)}


@api.get("/query/opt_bool")
def query_opt_bool(v: bool | None = None):
    return {"v": _describe(v)}


@api.get("/query/opt_str")
def query_opt_str(v: str | None = None):
    return {"v": _describe(v)}


@api.get("/query/any")
def query_any(v: Any = None):
    return {"v": _describe(v)}


@api.get("/query/list_int")
def query_list_int(v: list[int] = []):  # noqa: B006 - read only
    return {"v": _describe(v)}


@api.get("/query/list_len")
def query_list_len(v: Annotated[list[int], Query(min_length=1, max_length=3)]):
    return {"v": _describe(v)}


@api.get("/query/list_float")
def query_list_float(v: list[Annotated[float, Meta(ge=0)]] = []):  # noqa: B006 - read only
    return {"v": _describe(v)}


@api.get("/query/list_bool")
def query_list_bool(v: list[bool] = []):  # noqa: B006 - read only
    return {"v": _describe(v)}


@api.get("/query/list_str")
def query_list_str(v: list[Annotated[str, Meta(max_length=3)]] = []):  # noqa: B006 - read only
    return {"v": _describe(v)}


@api.get("/query/opt_list")
def query_opt_list(v: Optional[list[int]] = None):
    return {"v": _describe(v)}


@api.get("/query/multi")
def query_multi(
    a: int,
    b: float | None = None,
    c: bool = True,
    d: str = Query("x", alias="d-alias"),
    e: list[str] = [],  # noqa: B006 - read only
    f: Annotated[int, Query(alias="F", gt=0)] = 1,
):
    return {
        "a": _describe(a),
        "b": _describe(b),
        "c": _describe(c),
        "d": _describe(d),
        "e": _describe(e),
        "f": _describe(f),
    }


@api.get("/path/{i}/{f}/{b}/{s}")
def path_scalars(i: int, f: float, b: bool, s: str):
    return {"i": _describe(i), "f": _describe(f), "b": _describe(b), "s": _describe(s)}


@api.get("/path/bounded/{n}")
def path_bounded(n: Annotated[int, Meta(ge=1, le=10)]):
    return {"n": _describe(n)}
