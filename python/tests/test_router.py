"""`Router` and `BoltAPI.include_router`: the paths, tags and handlers the API registers (the
same that `bolt build` reads statically: tests/fixtures/routers of bolt-codegen)."""

from __future__ import annotations

import pytest

from django_bolt import BoltAPI, Router
from django_bolt.api import UnsupportedFeatureError


def _listing(api: BoltAPI) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [(route.method, route.path, route.qualname.rsplit(".", 1)[-1], route.tags) for route in api.routes]


def test_include_router_prefixes_api_then_include_then_router():
    api = BoltAPI(prefix="/api")
    users = Router(prefix="/users/", tags=["users"])

    @users.get("")
    def list_users() -> list[str]:
        return []

    @users.get("/{user_id}", tags=["people"])
    def get_user(user_id: int) -> dict:
        return {}

    api.include_router(users, prefix="/v1/")
    assert _listing(api) == [
        ("GET", "/api/v1/users", "list_users", ("users",)),
        ("GET", "/api/v1/users/{user_id}", "get_user", ("people",)),
    ]


def test_routes_declared_after_include_and_nested_prefix_are_included():
    api = BoltAPI()
    teams = Router(prefix="/teams")
    members = Router(prefix="/members")

    @members.post("/")
    def early() -> None: ...

    api.include_router(teams)
    teams.include_router(members, prefix="/people")

    @members.get("/late")
    def late() -> None: ...

    assert [(route.method, route.path) for route in api.routes] == [
        ("POST", "/teams/people/members"),
        ("GET", "/teams/people/members/late"),
    ]


def test_router_included_twice_registers_each_route_twice():
    api = BoltAPI()
    items = Router(prefix="/items")

    @items.get("/")
    def list_items() -> list[int]:
        return []

    api.include_router(items)
    api.include_router(items, prefix="/v2")
    assert [route.path for route in api.routes] == ["/items", "/v2/items"]
    assert all(route.api is api for route in api.routes)


@pytest.mark.parametrize("keyword", ["auth", "guards", "middleware", "dependencies"])
def test_router_security_and_policy_keywords_are_refused_not_dropped(keyword):
    with pytest.raises(UnsupportedFeatureError, match=keyword):
        Router(prefix="/x", **{keyword: [object()]})


def test_router_route_keywords_are_checked_like_api_routes():
    router = Router()
    with pytest.raises(UnsupportedFeatureError, match="guards"):
        router.get("/a", guards=[object()])


def test_include_router_refuses_a_bolt_api():
    with pytest.raises(TypeError, match="mount"):
        BoltAPI().include_router(BoltAPI())  # type: ignore[arg-type]
