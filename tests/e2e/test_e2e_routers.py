"""Routers over real HTTP: `Router(prefix, tags)`, `api.include_router(router, prefix=...)`,
nested routers, the same router included twice, routes declared in another module than their
router (the `composed` app of the e2e project)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bolt_testing import manage

from e2e_support import PROJECT, request


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/composed", {"routers": ["teams", "members"]}),
        ("/composed/teams", ["Rovers", "United"]),
        ("/composed/teams/1", {"id": 1, "name": "Rovers", "verbose": False}),
        ("/composed/v2/teams", ["Rovers", "United"]),
        ("/composed/v2/teams/2?verbose=true", {"id": 2, "name": "United", "verbose": True}),
    ],
)
def test_router_routes_answer_under_api_include_and_router_prefixes(port, path, expected):
    reply = request(port, "GET", path)
    assert reply.status == 200, reply.body
    assert reply.json() == expected


def test_router_route_parameters_are_coerced_natively(port):
    reply = request(port, "GET", "/composed/teams/abc?verbose=maybe")
    assert reply.status == 422
    assert [error["loc"] for error in reply.json()["detail"]] == [["path", "team_id"], ["query", "verbose"]]


def test_router_route_exceptions_keep_their_status(port):
    reply = request(port, "GET", "/composed/teams/9")
    assert (reply.status, reply.json()) == (404, {"detail": "team 9 not found"})


@pytest.mark.parametrize("base", ["/composed/teams", "/composed/v2/teams"])
def test_nested_router_takes_the_include_prefix_and_validates_its_body(port, base):
    created = request(port, "POST", f"{base}/people/members", json_body={"name": "Ann"})
    assert (created.status, created.json()) == (201, {"name": "Ann", "role": "player"})
    refused = request(port, "POST", f"{base}/people/members", json_body={"name": ""})
    assert refused.status == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "name"]


def test_explicit_head_and_options_routes_win_over_the_automatic_ones(port):
    head = request(port, "HEAD", "/composed")
    assert (head.status, head.headers.get("x-routers"), head.body) == (200, "2", b"")
    options = request(port, "OPTIONS", "/composed")
    assert (options.status, options.json()) == (200, {"methods": ["GET", "HEAD", "OPTIONS"]})
    automatic = request(port, "HEAD", "/composed/teams")
    assert (automatic.status, automatic.headers.get("x-routers"), automatic.body) == (200, None, b"")
    assert request(port, "OPTIONS", "/composed/teams").status == 204


def test_validate_response_false_encodes_the_value_as_returned(port):
    assert request(port, "GET", "/composed/teams/3/member/checked").json() == {"name": "m3", "role": "player"}
    assert request(port, "GET", "/composed/teams/3/member/raw").json() == {"name": "m3", "extra": True}


def test_router_prefix_alone_is_not_a_route(port):
    assert request(port, "GET", "/composed/people/members").status == 404
    assert request(port, "GET", "/teams").status == 404


def test_include_in_schema_false_is_served_but_not_documented(port):
    assert request(port, "GET", "/composed/teams/internal/ping").json() == {"pong": True}
    document = json.loads(Path(PROJECT / "bolt" / "openapi.json").read_text())
    assert "/composed/teams/internal/ping" not in document["paths"]


def test_named_routes_reverse_through_django(built_project, db_env):
    script = (
        "from django.urls import reverse; "
        "print(reverse('composed:index')); "
        "print(reverse('composed:team-detail', args=[7]))"
    )
    output = manage(built_project, "shell", "-c", script, env=db_env)
    printed = [line for line in output.split() if line.startswith("/")]
    # The router is included twice with one name: Django reverses to the last pattern.
    assert printed[0] == "/composed"
    assert printed[1] in {"/composed/teams/7", "/composed/v2/teams/7"}


def test_openapi_has_router_tags_and_every_included_path():
    document = json.loads(Path(PROJECT / "bolt" / "openapi.json").read_text())
    paths = document["paths"]
    assert paths["/composed/teams"]["get"]["tags"] == ["teams"]
    assert paths["/composed/v2/teams/{team_id}"]["get"]["tags"] == ["lookup"]
    assert "tags" not in paths["/composed/teams/people/members"]["post"]
    assert "/composed/v2/teams/people/members" in paths


@pytest.mark.parametrize(
    ("path", "status", "body"),
    [
        ("/composed/scores/2", 200, {"team": "Rovers", "points": 6}),
        ("/composed/scores/7", 200, {"team": "bare", "points": 7}),
        ("/composed/scores/12", 404, {"title": "team 12 not found", "status": 404}),
        ("/composed/scores/9", 418, {"teapot": True}),
    ],
)
def test_multi_status_route_answers_the_returned_status_and_body(port, path, status, body):
    reply = request(port, "GET", path)
    assert (reply.status, reply.json()) == (status, body)
    assert reply.content_type == "application/json"


def test_multi_status_route_without_body_and_async_with_status(port):
    empty = request(port, "GET", "/composed/scores/0")
    assert (empty.status, empty.body) == (204, b"")
    created = request(port, "POST", "/composed/scores", json_body={"team": "United", "points": 3})
    assert (created.status, created.json()) == (201, {"team": "United", "points": 3})
    conflict = request(port, "POST", "/composed/scores", json_body={"team": "United", "points": -1})
    assert (conflict.status, conflict.json()) == (409, {"title": "negative points", "status": 409})
    invalid = request(port, "GET", "/composed/scores/x")
    assert invalid.status == 422


def test_multi_status_responses_are_documented_per_code():
    document = json.loads((Path(PROJECT) / "bolt" / "openapi.json").read_text())
    responses = document["paths"]["/composed/scores/{team_id}"]["get"]["responses"]
    assert responses["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Score"}
    assert "content" not in responses["204"]
    assert responses["404"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert responses["default"]["content"]["application/json"]["schema"]["type"] == "object"
    created = document["paths"]["/composed/scores"]["post"]["responses"]
    assert sorted(created) == ["201", "409", "422", "default"]


def test_placeholders_in_a_router_prefix_are_path_parameters(port):
    reply = request(port, "GET", "/composed/v3/orgs/acme/members/7")
    assert (reply.status, reply.json()) == (200, {"org": "acme", "member": 7})
    invalid = request(port, "GET", "/composed/v3/orgs/acme/members/seven")
    assert invalid.status == 422
    assert invalid.json()["detail"][0]["loc"] == ["path", "member_id"]


def test_class_based_view_methods_are_routes_each_served_by_one_instance(port):
    # As in django-bolt 0.13, each method's handler is bound to an instance made once at
    # registration: requests to one method share it, the methods do not.
    assert request(port, "GET", "/composed/counters/a").json() == {"name": "a", "count": 0}
    posted = request(port, "POST", "/composed/counters/a?step=2")
    assert (posted.status, posted.json()) == (200, {"name": "a", "count": 2, "method": "POST"})
    again = request(port, "POST", "/composed/counters/a?step=3")
    assert again.json()["count"] == 5
    assert request(port, "GET", "/composed/counters/a").json() == {"name": "a", "count": 0}
    invalid = request(port, "POST", "/composed/counters/a?step=0")
    assert invalid.status == 422
    assert invalid.json()["detail"][0]["loc"] == ["query", "step"]
    not_allowed = request(port, "DELETE", "/composed/counters/a")
    assert (not_allowed.status, not_allowed.headers["allow"]) == (405, "GET, HEAD, POST")
