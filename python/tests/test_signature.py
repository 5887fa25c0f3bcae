"""``live_params``: the live values of a handler's parameters (defaults, annotations, kinds)
that the manifest cannot carry; what each parameter is comes from the manifest."""

import inspect
from typing import Annotated, Any

import msgspec

from django_bolt import Body, Header, Query
from django_bolt.runtime.signature import NO_DEFAULT, live_params, resolve_hints


class Item(msgspec.Struct):
    name: str


def test_live_params_defaults_come_from_the_signature_or_the_marker():
    def handler(
        a: int,
        b: int = 4,
        c: int = Query(3),
        d: Annotated[int, Query(ge=1)] = 5,
        e: Annotated[str, Header(alias="X-E")] = "e",
        f: int = Query(),
        g: Annotated[int, Query(default=7)] = ...,  # type: ignore[assignment]
    ) -> None:
        pass

    params = live_params(handler)
    assert list(params) == ["a", "b", "c", "d", "e", "f", "g"]
    assert [p.default for p in params.values()] == [NO_DEFAULT, 4, 3, 5, "e", NO_DEFAULT, NO_DEFAULT]
    assert params["d"].constraints() == {"ge": 1}
    assert params["e"].marker is not None
    assert params["e"].marker.alias == "X-E"
    assert params["b"].marker is None


def test_live_params_keep_annotations_and_kinds():
    def handler(item: Annotated[Item, Body()], raw=None, *, flag: bool = False) -> None:
        pass

    params = live_params(handler)
    assert params["item"].annotation == Annotated[Item, Body()]
    assert params["raw"].annotation is Any
    assert params["flag"].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["item"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD


def test_resolve_hints_leaves_out_what_cannot_be_evaluated():
    def handler(a: "int", b: "NotDefinedAnywhere") -> "int":  # type: ignore[name-defined]  # noqa: F821
        return a

    assert resolve_hints(handler) == {"a": int, "return": int}
