"""Parameter classification of issue #3's types: the same rules as discover's
(``bolt-codegen/src/discover/params.rs``)."""

import datetime
import decimal
import enum
import uuid
from typing import Annotated, Generic, Literal, Optional, TypeVar

import msgspec

from django_bolt import Body, BoltAPI, Cookie, Header, Query
from django_bolt.runtime.signature import NO_DEFAULT, analyze_params, contains_struct

T = TypeVar("T")


class Color(enum.Enum):
    RED = "red"


class Filters(msgspec.Struct):
    limit: int = 10


class Page(msgspec.Struct, Generic[T]):
    items: list[T]


def _params(path, fn, method="get"):
    api = BoltAPI()
    getattr(api, method)(path)(fn)
    return {p.name: p for p in analyze_params(api.routes[0])}


def test_new_scalars_their_unions_and_collections_are_query_parameters():
    def handler(
        at: datetime.datetime,
        day: datetime.date,
        clock: datetime.time,
        span: datetime.timedelta,
        id: uuid.UUID,
        amount: decimal.Decimal,
        color: Color,
        mode: Literal["a", "b"],
        raw: bytes,
        either: int | uuid.UUID,
        maybe: datetime.date | None,
        ids: set[int],
        frozen: frozenset[str],
        many: tuple[uuid.UUID, ...],
        pair: tuple[int, str],
        colors: list[Color] | None,
    ) -> None: ...

    params = _params("/", handler)
    assert {p.source for p in params.values()} == {"query"}


def test_structs_are_the_body_unless_marked_as_a_parameter_model():
    def handler(
        body: Page[int],
        filters: Annotated[Filters, Query()],
        headers: Annotated[Filters, Header()],
        cookies: Annotated[Filters, Cookie()],
        defaulted: Filters = Query(),
    ) -> None: ...

    params = _params("/", handler, "post")
    assert {name: p.source for name, p in params.items()} == {
        "body": "body",
        "filters": "query",
        "headers": "header",
        "cookies": "cookie",
        "defaulted": "query",
    }
    assert params["filters"].required
    assert params["defaulted"].required  # `Query()` without a default is required


def test_a_dict_or_fixed_tuple_with_a_struct_is_the_body():
    def handler(
        by_id: dict[str, Filters], pair: tuple[int, Filters], plain: Annotated[dict[str, int], Body()]
    ) -> None: ...

    params = _params("/", handler, "post")
    assert [params[n].source for n in ("by_id", "pair", "plain")] == ["body", "body", "body"]


def test_contains_struct_sees_generic_structs_and_ignores_literal_values():
    assert contains_struct(Page[int])
    assert contains_struct(Optional[Page[Filters]])  # noqa: UP045
    assert contains_struct(tuple[int, Filters])
    assert not contains_struct(Literal["Filters"])
    assert not contains_struct(Color)
    assert not contains_struct(set[uuid.UUID])


def test_optional_forms_default_to_none_like_discover():
    def handler(
        a: Literal["x", None],
        b: Optional[Literal["x"]],  # noqa: UP045
        c: uuid.UUID | None,
        d: Annotated[datetime.date | None, Query()],
        e: int | str,
        f: Literal["x"],
    ) -> None: ...

    params = _params("/", handler)
    for name in "abcd":
        assert params[name].default is None, name
        assert not params[name].required, name
    for name in "ef":
        assert params[name].default is NO_DEFAULT, name
        assert params[name].required, name
