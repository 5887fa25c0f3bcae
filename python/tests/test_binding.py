import inspect
from pathlib import Path
from typing import Any

import msgspec
import pytest
from manifests import sample_manifest
from sampleapp import api as sample

from django_bolt import JSON, BoltAPI, PlainText, Query
from django_bolt.runtime.binding import bind_route, build_bindings, response_type_for
from django_bolt.runtime.hooks import MISSING
from django_bolt.runtime.loader import BuildInfo

#: A build record whose sources are all as recorded (none): the check goes straight to the
#: registered routes.
CURRENT = BuildInfo(root=Path(__file__).parent, contract="0", extension=Path("x.so"), profile="dev", files={})


def _compiled(*params: tuple[str, str, bool]) -> dict[str, Any]:
    """A compiled route's ``params``: ``(name, source, required)`` each."""
    return {
        "params": [
            {"name": name, "source": source, "required": required, "type": {"type": "any"}}
            for name, source, required in params
        ]
    }


def test_bindings_follow_the_manifest_order():
    manifest = sample_manifest()
    bindings = build_bindings(manifest, MISSING, CURRENT)
    assert [b.route for b in bindings] == [f"{r['method']} {r['path']}" for r in manifest["routes"]]
    by_route = {b.route: b for b in bindings}

    root = by_route["GET /api"]
    assert root.handler is sample.root
    assert root.defaults == ()
    assert root.body_decoder is None
    assert root.response_type is dict

    get_item = by_route["GET /api/items/{item_id}"]
    assert get_item.handler is sample.get_item
    assert get_item.defaults == (MISSING, None, 10, MISSING, None)
    assert get_item.response_type is sample.Item

    create = by_route["POST /api/items"]
    assert create.defaults == (MISSING, MISSING)
    assert create.body_decoder is not None
    item = create.body_decoder(b'{"name": "a", "price": 2, "tags": [{"name": "t"}]}')
    assert item == sample.Item(name="a", price=2.0, tags=[sample.Tag(name="t")])
    with pytest.raises(msgspec.ValidationError):
        create.body_decoder(b'{"name": "", "price": 2}')

    put = by_route["PUT /api/items/{item_id}"]
    assert put.defaults == (MISSING, MISSING, False)
    assert put.response_type == list[sample.Item]
    assert put.body_decoder(b'[{"name": "a", "price": 1}]') == [sample.Item(name="a", price=1.0)]
    # The extension calls handler(*args): keyword-only parameters get an adapter.
    assert put.handler is not sample.put_items
    assert put.handler(1, [], True) == []

    assert by_route["GET /api/text"].response_type is None
    assert by_route["GET /api/json"].response_type is None


def test_response_type_rules():
    api = BoltAPI()

    @api.get("/a")
    def no_annotation():
        return 1

    @api.get("/b")
    def returns_none() -> None:
        return None

    @api.get("/c")
    def returns_any() -> Any:
        return 1

    @api.get("/d")
    def returns_response() -> JSON | PlainText:
        return JSON(1)

    @api.get("/e", response_model=list[int])
    def model_wins() -> str:
        return "x"

    @api.get("/f", response_model=None)
    def model_none() -> int:
        return 1

    @api.get("/g", validate_response=False)
    def not_validated() -> int:
        return 1

    @api.get("/h")
    def returns_int() -> int:
        return 1

    types = [response_type_for(r) for r in api.routes]
    assert types == [None, None, None, None, list[int], None, None, int]


def test_defaults_from_markers_and_signature():
    api = BoltAPI()

    @api.get("/x/{x}")
    def handler(x: int, a: int = Query(3), b: int = 4, c: int = Query(), d: str | None = None) -> None:
        pass

    compiled = _compiled(
        ("x", "path", True), ("a", "query", False), ("b", "query", False), ("c", "query", True), ("d", "query", False)
    )
    binding = bind_route(api.routes[0], compiled, MISSING)
    assert binding.defaults == (MISSING, 3, 4, MISSING, None)
    assert binding.body_decoder is None
    assert binding.handler is handler


def test_body_without_annotation_decodes_any():
    from django_bolt import Body

    api = BoltAPI()

    @api.post("/raw")
    def raw(payload=Body()):
        return payload

    binding = bind_route(api.routes[0], _compiled(("payload", "body", True)), MISSING)
    assert binding.body_decoder(b'{"a": [1]}') == {"a": [1]}
    assert inspect.isfunction(binding.handler)


def test_optional_without_default_binds_none_and_a_vanished_parameter_is_stale():
    from django_bolt.exceptions import StaleBuildError

    api = BoltAPI()

    @api.get("/o")
    def handler(q: str | None) -> None:
        pass

    binding = bind_route(api.routes[0], _compiled(("q", "query", False)), MISSING)
    assert binding.defaults == (None,)
    with pytest.raises(StaleBuildError, match="parameter `gone` is compiled but not in the code"):
        bind_route(api.routes[0], _compiled(("gone", "query", True)), MISSING)
