"""`Depends` over real HTTP (the `injected` app of the e2e project): a dependency's own
parameters coerced natively like the handler's, sync/async and nested dependencies, the
per-request cache (`use_cache`), class dependencies, errors raised by a dependency, one
request object shared by all, and dependency parameters in the OpenAPI document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from e2e_support import PROJECT, request


@pytest.mark.parametrize(
    ("headers", "expected"),
    [({}, {"version": "v1"}), ({"X-API-Version": "v2"}, {"version": "v2"})],
)
def test_sync_dependency_reads_its_header_with_default(port, headers, expected):
    reply = request(port, "GET", "/injected/version", headers=headers)
    assert (reply.status, reply.json()) == (200, expected)


def test_class_dependency_is_called_with_its_init_parameters_coerced(port):
    reply = request(port, "GET", "/injected/items?page=3&size=20&order=desc", headers={"X-API-Version": "v9"})
    assert (reply.status, reply.json()) == (200, {"page": 3, "size": 20, "order": "desc", "version": "v9"})
    defaults = request(port, "GET", "/injected/items")
    assert defaults.json() == {"page": 1, "size": 10, "order": "asc", "version": "v1"}


def test_dependency_parameters_are_validated_natively_with_every_error(port):
    reply = request(port, "GET", "/injected/items?page=x&size=500")
    assert reply.status == 422
    assert [(error["loc"], error["type"]) for error in reply.json()["detail"]] == [
        (["query", "page"], "int_parsing"),
        (["query", "size"], "less_than_equal"),
    ]


def test_async_dependency_error_stops_the_request_with_its_status(port):
    reply = request(port, "GET", "/injected/me")
    assert (reply.status, reply.json()) == (401, {"detail": "not authenticated"})


def test_async_dependency_in_annotated_gives_its_result_and_shares_the_request(port):
    reply = request(port, "GET", "/injected/me", headers={"Authorization": "Bearer good"})
    assert (reply.status, reply.json()) == (200, {"user": {"name": "ann"}, "calls": ["current_user"]})


def test_nested_cached_dependency_runs_once_and_reads_the_path(port):
    reply = request(port, "GET", "/injected/items/7", headers={"Authorization": "Bearer good"})
    assert reply.status == 200, reply.body
    assert reply.json() == {
        "owner": {"item": 7, "owner": "ann"},
        "user": {"name": "ann"},
        "calls": ["current_user", "item_owner"],
    }
    refused = request(port, "GET", "/injected/items/seven", headers={"Authorization": "Bearer good"})
    assert refused.status == 422
    assert refused.json()["detail"][0]["loc"] == ["path", "item_id"]


def test_use_cache_false_calls_again_and_cached_calls_once(port):
    reply = request(port, "GET", "/injected/stamps")
    assert reply.status == 200, reply.body
    assert reply.json() == {"stamps": [1, 2, 3, 3], "calls": ["stamp", "stamp", "stamp"]}


def test_openapi_documents_dependency_parameters_once_each():
    document = json.loads((Path(PROJECT) / "bolt" / "openapi.json").read_text())
    parameters = document["paths"]["/injected/items/{item_id}"]["get"]["parameters"]
    assert sorted((p["in"], p["name"]) for p in parameters) == [("header", "authorization"), ("path", "item_id")]
    items = document["paths"]["/injected/items"]["get"]["parameters"]
    assert sorted((p["in"], p["name"]) for p in items) == [
        ("header", "x-api-version"),
        ("query", "order"),
        ("query", "page"),
        ("query", "size"),
    ]


def test_status_code_constant_sets_the_status(port):
    reply = request(port, "POST", "/injected/created")
    assert (reply.status, reply.json()) == (201, {"created": True, "version": "v1"})
