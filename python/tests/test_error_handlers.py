"""``django_bolt.error_handlers``: the BoltError of each error and the responses formatters make."""

import json

import msgspec
import pytest

from django_bolt import JSON, PlainText
from django_bolt.error_handlers import (
    BoltError,
    ErrorRequest,
    bolt_error_from_exception,
    format_core_error,
    format_exception,
    problem_details,
)
from django_bolt.exceptions import Conflict, HTTPException, ResponseValidationError
from django_bolt.responses import Response

ENCODE = msgspec.json.encode


def test_problem_details_has_the_standard_members_field_errors_and_extra():
    error = BoltError(
        status=422,
        kind="validation",
        detail="Request validation failed",
        errors=[{"loc": ["query", "q"], "msg": "bad", "type": "int_parsing"}],
        extra={"hint": "x", "status": 999},
    )
    response = problem_details(error, ErrorRequest("GET", "/items"))
    assert (response.status_code, response.media_type) == (422, "application/problem+json")
    assert response.content == {
        "type": "about:blank",
        "title": "Unprocessable Content",
        "status": 422,
        "detail": "Request validation failed",
        "instance": "/items",
        "errors": [{"loc": ["query", "q"], "msg": "bad", "type": "int_parsing"}],
        "hint": "x",
    }


def test_core_error_bodies_become_bolt_errors_with_their_headers():
    seen = []

    def formatter(error, request):
        seen.append((error, request.path))
        return JSON({"kind": error.kind}, status_code=error.status)

    body = b'{"detail":[{"type":"missing","loc":["query","q"],"msg":"Field required"}]}'
    status, headers, content = format_core_error(formatter, 422, body, [], "GET", "/x", ENCODE)
    assert (status, json.loads(content)) == (422, {"kind": "validation"})
    (error, path), *_ = seen
    assert (error.detail, error.errors[0]["loc"], path) == ("Request validation failed", ["query", "q"], "/x")
    allow = [("content-type", "application/json"), ("allow", "GET, HEAD")]
    status, headers, _ = format_core_error(
        formatter, 405, b'{"detail":"Method Not Allowed"}', allow, "PUT", "/x", ENCODE
    )
    assert ("allow", "GET, HEAD") in headers
    assert seen[-1][0].kind == "method_not_allowed"


def test_exceptions_map_to_kinds_and_typed_bodies_skip_the_formatter():
    conflict = bolt_error_from_exception(Conflict(detail="taken", headers={"X-A": "1"}, extra={"id": 3}))
    assert (conflict.status, conflict.kind, conflict.detail, conflict.headers, conflict.extra) == (
        409,
        "conflict",
        "taken",
        {"X-A": "1"},
        {"id": 3},
    )
    assert bolt_error_from_exception(RuntimeError("x")).kind == "internal_error"
    assert bolt_error_from_exception(ResponseValidationError(["bad"])).kind == "response_validation"
    typed = HTTPException(400, body={"custom": True})
    assert format_exception(problem_details, typed, "GET", "/x", ENCODE) is None


@pytest.mark.parametrize(
    "result",
    [PlainText("ok", status_code=200), {"not": "a response"}, Response(b"", status_code=404, headers={"bad\n": "v"})],
)
def test_a_failing_formatter_gives_the_default_response(result):
    parts = format_core_error(lambda error, request: result, 404, b'{"detail":"Not Found"}', [], "GET", "/", ENCODE)
    assert parts is None
