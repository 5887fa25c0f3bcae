"""`django_bolt.urls`: named routes of the compiled contract reverse with Django's `reverse()`."""

from __future__ import annotations

import types

import pytest
from django.urls import NoReverseMatch
from django.urls import reverse as django_reverse

from django_bolt.urls import django_route, named_patterns

MANIFEST = {
    "apis": [
        {"module": "shop.api", "name": "api", "prefix": "/api"},
        {"module": "shop.api", "name": "admin", "prefix": "/admin", "namespace": "backoffice"},
    ],
    "routes": [
        {"method": "GET", "path": "/api/items/{item_id}", "api": "shop.api:api", "name": "item-detail"},
        {"method": "GET", "path": "/api/files/{rest:path}", "api": "shop.api:api", "name": "file"},
        {"method": "GET", "path": "/api/unnamed", "api": "shop.api:api"},
        {"method": "DELETE", "path": "/admin/users/{id}", "api": "shop.api:admin", "name": "user-delete"},
    ],
}


URLCONF = types.ModuleType("bolt_test_urlconf")
URLCONF.urlpatterns = named_patterns(MANIFEST)  # type: ignore[attr-defined]


def reverse(name: str, **kwargs: object) -> str:
    return django_reverse(name, urlconf=URLCONF, **kwargs)


def test_django_route_converts_placeholders():
    assert django_route("/api/items/{item_id}/files/{rest:path}") == "api/items/<item_id>/files/<path:rest>"


def test_named_routes_reverse_with_args_kwargs_and_catch_all():
    assert reverse("item-detail", args=[7]) == "/api/items/7"
    assert reverse("item-detail", kwargs={"item_id": "x"}) == "/api/items/x"
    assert reverse("file", args=["a/b.txt"]) == "/api/files/a/b.txt"


def test_namespaced_api_routes_reverse_under_their_namespace():
    assert reverse("backoffice:user-delete", args=[3]) == "/admin/users/3"
    with pytest.raises(NoReverseMatch):
        reverse("user-delete", args=[3])


def test_unnamed_routes_are_not_registered():
    assert len(named_patterns(MANIFEST)) == 3  # two plain + one namespace include
