"""`BoltAPI(error_formatter=...)` over real HTTP (the `problems` app of the e2e project):
`problem_details` (RFC 9457) and a project formatter shape every error of their APIs — the
native 422s, an `HTTPException`, an unhandled exception's 500, and the 404/405 of paths under
their prefix — while other APIs keep the default bodies."""

from __future__ import annotations

import json
from pathlib import Path

from e2e_support import PROJECT, request

PROBLEM_JSON = "application/problem+json"


def test_native_validation_errors_are_problem_details(port):
    reply = request(port, "GET", "/problems/items/abc?limit=99")
    assert reply.status == 422
    assert reply.content_type == PROBLEM_JSON
    body = reply.json()
    assert {key: body[key] for key in ("type", "title", "status", "detail", "instance")} == {
        "type": "about:blank",
        "title": "Unprocessable Content",
        "status": 422,
        "detail": "Request validation failed",
        "instance": "/problems/items/abc",
    }
    assert [error["loc"] for error in body["errors"]] == [["path", "item_id"], ["query", "limit"]]


def test_http_exceptions_keep_status_and_extra_members(port):
    reply = request(port, "GET", "/problems/items/404")
    assert (reply.status, reply.content_type) == (404, PROBLEM_JSON)
    body = reply.json()
    assert (body["detail"], body["item"], body["title"]) == ("no such item", 404, "Not Found")


def test_unhandled_exception_is_a_problem_500(port):
    reply = request(port, "GET", "/problems/items/500")
    assert (reply.status, reply.content_type) == (500, PROBLEM_JSON)
    assert reply.json()["detail"] == "Internal Server Error"


def test_unrouted_errors_under_the_prefix_use_the_api_formatter(port):
    missing = request(port, "GET", "/problems/nowhere")
    assert (missing.status, missing.content_type) == (404, PROBLEM_JSON)
    assert missing.json()["instance"] == "/problems/nowhere"
    wrong_method = request(port, "DELETE", "/problems/items/1")
    assert (wrong_method.status, wrong_method.content_type) == (405, PROBLEM_JSON)
    assert wrong_method.headers["allow"].startswith("GET")


def test_other_apis_keep_the_default_error_bodies(port):
    reply = request(port, "GET", "/api/no-such-route")
    assert (reply.status, reply.json()) == (404, {"detail": "Not Found"})
    invalid = request(port, "GET", "/api/bounded/abc")
    assert invalid.status == 422
    assert invalid.json()["detail"][0]["loc"] == ["path", "n"]


def test_project_formatter_shapes_body_errors_and_exceptions(port):
    invalid = request(port, "POST", "/custom-errors/things", json_body={"name": "", "size": "x"})
    assert invalid.status == 422
    assert invalid.headers["x-error-kind"] == "validation"
    assert invalid.json()["error"] == "validation"
    assert ["body", "name"] in invalid.json()["fields"] or ["body", "size"] in invalid.json()["fields"]
    conflict = request(port, "POST", "/custom-errors/things", json_body={"name": "a", "size": 500})
    assert (conflict.status, conflict.headers["retry-after"]) == (409, "5")
    assert conflict.json() == {"error": "conflict", "message": "too big", "fields": [], "path": "/custom-errors/things"}
    ok = request(port, "POST", "/custom-errors/things", json_body={"name": "a", "size": 1})
    assert (ok.status, ok.json()) == (200, {"name": "a"})


def test_openapi_documents_the_formatted_error_bodies():
    document = json.loads((Path(PROJECT) / "bolt" / "openapi.json").read_text())
    responses = document["paths"]["/problems/items/{item_id}"]["get"]["responses"]
    assert responses["422"]["content"] == {
        PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}
    }
    assert "ProblemDetails" in document["components"]["schemas"]
    custom = document["paths"]["/custom-errors/things"]["post"]["responses"]
    assert "content" not in custom["422"]
    assert "content" not in custom["default"]


def test_http_exception_with_a_typed_body_answers_that_body(port):
    reply = request(port, "POST", "/custom-errors/typed", json_body={"name": "a", "size": 3})
    assert (reply.status, reply.headers["x-dup"], reply.content_type) == (409, "1", "application/json")
    assert reply.json() == {"code": "duplicate", "existing": 3}
