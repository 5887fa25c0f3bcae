from typing import Annotated, Any

import msgspec

from django_bolt import Body, BoltAPI, Cookie, Depends, Header, Path, Query, Request
from django_bolt.runtime.signature import NO_DEFAULT, analyze_params, contains_struct, path_placeholders


class S(msgspec.Struct):
    a: int


def _params(path, fn, method="get"):
    api = BoltAPI()
    getattr(api, method)(path)(fn)
    return {p.name: p for p in analyze_params(api.routes[0])}


def test_path_placeholders():
    assert path_placeholders("/a/{x}/b/{rest:path}") == ["x", "rest"]
    assert path_placeholders("/static") == []


def test_contains_struct():
    assert contains_struct(S)
    assert contains_struct(list[S])
    assert contains_struct(S | None)
    assert contains_struct(dict[str, S])
    assert contains_struct(Annotated[list[S], Body()])
    assert not contains_struct(list[int])
    assert not contains_struct(int)


def test_source_inference():
    def handler(
        item_id: int,
        body: S,
        q: str,
        request: Request,
        h: Annotated[str, Header()],
        c: str = Cookie("x"),
        many: list[S] | None = None,
        n: int = 3,
    ) -> None: ...

    params = _params("/items/{item_id}", handler, "post")
    assert {name: p.source for name, p in params.items()} == {
        "item_id": "path",
        "body": "body",
        "q": "query",
        "request": "request",
        "h": "header",
        "c": "cookie",
        "many": "body",
        "n": "query",
    }
    assert params["item_id"].required
    assert params["c"].default == "x"
    assert not params["c"].required
    assert params["many"].default is None
    assert params["n"].default == 3
    assert params["q"].default is NO_DEFAULT


def test_request_by_name_only_without_annotation():
    def handler(request, req: Any, other: Request, request_id: int = 0) -> None: ...

    params = _params("/", handler)
    assert [params[n].source for n in ("request", "req", "other", "request_id")] == [
        "request",
        "request",
        "request",
        "query",
    ]

    def typed(request: str) -> None: ...

    assert _params("/", typed)["request"].source == "query"


def test_markers_in_annotated_or_default_with_alias_and_constraints():
    def handler(
        a: Annotated[int, Query(ge=1, alias="A")] = 5,
        b: int = Query(7, le=9),
        c: Annotated[int, Path(gt=0)] = ...,  # type: ignore[assignment]
        d: str = Query(alias="d"),
    ) -> None: ...

    params = _params("/x/{c}", handler)
    assert (params["a"].alias, params["a"].default, params["a"].constraints()) == ("A", 5, {"ge": 1})
    assert (params["b"].default, params["b"].constraints()) == (7, {"le": 9})
    assert params["c"].source == "path"
    assert params["c"].required
    assert params["d"].alias is None  # an alias equal to the name is no alias
    assert params["d"].required


def test_unsupported_parameters_are_reported():
    def dep() -> int:
        return 1

    def handler(x: int = Depends(dep), *args: Any, **kwargs: Any) -> None: ...

    params = _params("/", handler)
    assert params["x"].source == "depends"
    assert "Depends" in (params["x"].problem or "")
    assert params["args"].problem
    assert params["kwargs"].problem


def test_unresolvable_annotation_is_a_problem_not_a_crash():
    def handler(x: "Missing") -> None: ...  # type: ignore[name-defined]  # noqa: F821

    params = _params("/", handler)
    assert "cannot be evaluated" in (params["x"].problem or "")
