"""#3 body routes, collections: set, frozenset, tuple[T, ...], tuple[A, B], tuple[()], dicts
with non-str keys, dict length and key constraints. Each `POST /v2/body/<Name>` echoes
`canonical(body)`."""

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Literal

import msgspec
from django_bolt import Body, BoltAPI
from msgspec import Meta

from .kinds import Color, Ids, Mode, Pair, Priority, Small
from .shape import canonical

api = BoltAPI()


class Sets(msgspec.Struct):
    s: set[int]
    fs: frozenset[str]
    nested: list[frozenset[int]] = []
    sized: Annotated[set[str], Meta(min_length=1, max_length=3)] = msgspec.field(default_factory=lambda: {"a"})
    ids: Ids = frozenset()


class VarTuples(msgspec.Struct):
    t: tuple[int, ...]
    words: tuple[str, ...] = ()
    nested: tuple[tuple[int, ...], ...] = ()
    sized: Annotated[tuple[float, ...], Meta(min_length=1, max_length=2)] = (0.0,)


class FixedTuples(msgspec.Struct):
    pair: tuple[int, str]
    triple: tuple[float, bool, None] = (0.0, True, None)
    empty: tuple[()] = ()
    nested: tuple[Pair, tuple[int, ...], list[str]] = ((0, ""), (), [])
    maybe: tuple[int, int] | None = None


class DictIntKeys(msgspec.Struct):
    m: dict[int, str]
    sized: Annotated[dict[str, int], Meta(min_length=1, max_length=3)] = msgspec.field(default_factory=lambda: {"k": 0})
    floats: dict[float, bool] = {}


class DictEnumKeys(msgspec.Struct):
    by_color: dict[Color, int]
    by_prio: dict[Priority, str] = {}
    by_mode: dict[Mode, list[int]] = {}


class DictLiteralKeys(msgspec.Struct):
    m: dict[Literal["a", "b"], int]
    n: dict[Small, bool] = {}


class DictStrLikeKeys(msgspec.Struct):
    by_id: dict[uuid.UUID, int]
    by_time: dict[datetime.datetime, str] = {}
    by_day: dict[datetime.date, int] = {}
    by_amount: dict[Decimal, int] = {}
    by_duration: dict[datetime.timedelta, int] = {}


class DictKeyConstraints(msgspec.Struct):
    m: dict[Annotated[str, Meta(min_length=2, max_length=4)], int]
    words: dict[Annotated[str, Meta(pattern="^[a-z]+$")], int] = {}
    naturals: dict[Annotated[int, Meta(ge=0, lt=100)], str] = {}
    small: Annotated[dict[Color, int], Meta(max_length=2)] = {}


class DeepCollections(msgspec.Struct):
    grid: list[tuple[int, int]] = []
    index: dict[str, set[int]] = {}
    frozen: frozenset[tuple[int, str]] = frozenset()
    table: dict[int, dict[Color, tuple[bool, ...]]] = {}


@api.post("/v2/body/Sets")
def body_sets(body: Sets):
    return {"r": canonical(body)}


@api.post("/v2/body/VarTuples")
def body_var_tuples(body: VarTuples):
    return {"r": canonical(body)}


@api.post("/v2/body/FixedTuples")
def body_fixed_tuples(body: FixedTuples):
    return {"r": canonical(body)}


@api.post("/v2/body/DictIntKeys")
def body_dict_int_keys(body: DictIntKeys):
    return {"r": canonical(body)}


@api.post("/v2/body/DictEnumKeys")
def body_dict_enum_keys(body: DictEnumKeys):
    return {"r": canonical(body)}


@api.post("/v2/body/DictLiteralKeys")
def body_dict_literal_keys(body: DictLiteralKeys):
    return {"r": canonical(body)}


@api.post("/v2/body/DictStrLikeKeys")
def body_dict_str_like_keys(body: DictStrLikeKeys):
    return {"r": canonical(body)}


@api.post("/v2/body/DictKeyConstraints")
def body_dict_key_constraints(body: DictKeyConstraints):
    return {"r": canonical(body)}


@api.post("/v2/body/DeepCollections")
def body_deep_collections(body: DeepCollections):
    return {"r": canonical(body)}


@api.post("/v2/body/BareSet")
def body_bare_set(body: Annotated[set[int], Body()]):
    return {"r": canonical(body)}


@api.post("/v2/body/BarePair")
def body_bare_pair(body: Annotated[tuple[int, str], Body()]):
    return {"r": canonical(body)}


@api.post("/v2/body/BareIntDict")
def body_bare_int_dict(body: Annotated[dict[int, Color], Body()]):
    return {"r": canonical(body)}
