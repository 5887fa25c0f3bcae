import json
from pathlib import Path

import pytest

from django_bolt import BoltAPI
from django_bolt.api import UNSET, UnsupportedFeatureError


def test_decorators_register_and_return_the_function_unchanged():
    api = BoltAPI()

    def handler() -> dict:
        return {}

    for method in ("get", "post", "put", "patch", "delete"):
        assert getattr(api, method)("/x")(handler) is handler
    assert [r.method for r in api.routes] == ["GET", "POST", "PUT", "PATCH", "DELETE"]
    route = api.routes[0]
    assert route.path == "/x"
    assert route.handler is handler
    assert route.status_code == 200
    assert route.response_model is UNSET
    assert route.qualname.endswith("handler")


def test_options_are_recorded():
    api = BoltAPI()

    @api.post("/items", status_code=201, response_model=dict, tags=["a"], summary="s", description="d", name="n")
    def create() -> None:
        pass

    route = api.routes[0]
    assert (route.status_code, route.response_model, route.tags) == (201, dict, ("a",))
    assert (route.summary, route.description, route.name) == ("s", "d", "n")


@pytest.mark.parametrize(
    ("prefix", "path", "full"),
    [
        ("", "/", "/"),
        ("", "", "/"),
        ("", "/items/", "/items"),
        ("/api", "/", "/api"),
        ("/api/", "/items", "/api/items"),
        ("/api", "/items/{id}", "/api/items/{id}"),
        ("/api", "/files/{p:path}", "/api/files/{p:path}"),
    ],
)
def test_prefix_and_trailing_slash(prefix, path, full):
    api = BoltAPI(prefix=prefix)
    api.get(path)(lambda: None)
    assert api.routes[0].path == full


TRAILING_SLASH_CASES = json.loads((Path(__file__).parent / "trailing_slash_cases.json").read_text())


@pytest.mark.parametrize(("mode", "prefix", "path", "full"), TRAILING_SLASH_CASES)
def test_trailing_slash_modes_register_the_paths_the_build_compiles(mode, prefix, path, full):
    # The same cases test `TrailingSlash::full_path` (bolt-codegen/src/manifest.rs).
    api = BoltAPI(prefix=prefix, trailing_slash=mode)
    api.get(path)(lambda: None)
    assert api.routes[0].path == full


def test_duplicate_route_is_an_error():
    api = BoltAPI()
    api.get("/x")(lambda: None)
    with pytest.raises(ValueError, match="registered twice"):
        api.get("/x")(lambda: None)
    api.post("/x")(lambda: None)


@pytest.mark.parametrize("keyword", ["guards", "auth", "response_class"])
def test_unsupported_route_keywords_raise(keyword):
    api = BoltAPI()
    with pytest.raises(UnsupportedFeatureError, match=keyword):
        api.get("/x", **{keyword: [object()] if keyword != "response_class" else dict})


def test_unsupported_api_keywords_raise():
    with pytest.raises(UnsupportedFeatureError, match="middleware"):
        BoltAPI(middleware=[object()])
    with pytest.raises(ValueError, match="trailing_slash"):
        BoltAPI(trailing_slash="sometimes")
    # Accepted keywords that only tune documentation or defaults.
    BoltAPI(namespace="n", enable_logging=False, compression=False, include_in_schema=True, validate_response=False)


def test_head_and_options_routes_are_registered():
    api = BoltAPI(prefix="/p")
    api.head("/x")(lambda: None)
    api.options("/x")(lambda: None)
    assert [(route.method, route.path) for route in api.routes] == [("HEAD", "/p/x"), ("OPTIONS", "/p/x")]


def test_validate_response_default_comes_from_the_api():
    api = BoltAPI(validate_response=False)
    api.get("/a")(lambda: None)
    api.get("/b", validate_response=True)(lambda: None)
    assert [r.validate_response for r in api.routes] == [False, True]


def test_view_registers_one_route_per_implemented_method_with_class_defaults():
    from django_bolt.views import APIView

    api = BoltAPI(prefix="/v")

    @api.view("/items/{item_id}", tags=["items"])
    class ItemView(APIView):
        status_code = 202

        def get(self, item_id: int) -> dict:
            return {"id": item_id}

        async def delete(self, item_id: int) -> None:
            return None

    routes = {route.method: route for route in api.routes}
    assert set(routes) == {"GET", "DELETE"}
    assert (routes["GET"].path, routes["GET"].status_code, routes["GET"].tags) == (
        "/v/items/{item_id}",
        202,
        ("items",),
    )
    assert (routes["GET"].module, routes["GET"].qualname) == (__name__, f"{ItemView.__qualname__}.get")
    assert routes["GET"].handler(3) == {"id": 3}


def test_view_refuses_what_it_cannot_serve():
    from django_bolt.views import APIView

    api = BoltAPI()
    with pytest.raises(TypeError, match="must inherit from APIView"):
        api.view("/x")(type("Plain", (), {}))

    class Secured(APIView):
        auth = [object()]  # noqa: RUF012  (0.13 declares auth as a class list)

        def get(self) -> None:
            return None

    with pytest.raises(UnsupportedFeatureError, match="auth"):
        api.view("/s")(Secured)

    class OnlyGet(APIView):
        def get(self) -> None:
            return None

    with pytest.raises(ValueError, match="does not implement method 'post'"):
        api.view("/o", methods=["POST"])(OnlyGet)
