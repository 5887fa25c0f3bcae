"""Every behaviour of the e2e project, over real HTTP against `manage.py runbolt`."""

from __future__ import annotations

import http.client
import json
import threading
import time
from typing import Any

import pytest
from bolt_testing import Server

from e2e_support import Reply, request, send

JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
ERROR_KEYS = {"type", "loc", "msg", "input", "ctx"}


def ok(reply: Reply, status: int = 200) -> Any:
    assert reply.status == status, (reply.status, reply.body)
    assert reply.content_type == JSON_TYPE, reply.headers
    return reply.json()


def errors(reply: Reply) -> list[tuple[str, list[Any]]]:
    """The `(type, loc)` of each 422 error, sorted; checks the shape of each error."""
    assert reply.status == 422, (reply.status, reply.body)
    assert reply.content_type == JSON_TYPE
    body = reply.json()
    assert set(body) == {"detail"}, body
    assert isinstance(body["detail"], list)
    assert body["detail"], body
    found = []
    for error in body["detail"]:
        assert set(error) <= ERROR_KEYS, error
        assert {"type", "loc", "msg"} <= set(error), error
        assert isinstance(error["msg"], str), error
        assert error["msg"], error
        assert error["loc"][0] in ("path", "query", "header", "cookie", "body"), error
        found.append((error["type"], error["loc"]))
    return sorted(found, key=json.dumps)


def expect(*pairs: tuple[str, list[Any]]) -> list[tuple[str, list[Any]]]:
    return sorted(pairs, key=json.dumps)


def detail(reply: Reply) -> dict[str, Any]:
    """The 422 error list, by `loc` joined with '.'."""
    return {".".join(str(part) for part in e["loc"]): e for e in reply.json()["detail"]}


ORDER = {
    "customer": {"name": "Ann"},
    "lines": [{"sku": "ABC-1", "price": 2.5, "qty": 2}, {"sku": "XYZ-22", "price": 1.0}],
}


# -- routing -------------------------------------------------------------------------------


def test_prefixed_route_and_root(port):
    reply = request(port, "GET", "/api/hello")
    assert ok(reply) == {"hello": "bolt"}
    assert reply.body == b'{"hello":"bolt"}'
    assert ok(request(port, "GET", "/")) == {"apis": ["/api", "/extras", "/admin"]}


def test_unknown_path_is_404(port):
    reply = request(port, "GET", "/nope")
    assert reply.status == 404
    assert reply.content_type == JSON_TYPE
    assert reply.json() == {"detail": "Not Found"}
    assert request(port, "GET", "/api/types/1/2").status == 404


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/api/search", "GET, HEAD"),
        ("POST", "/api/hello", "GET, HEAD"),
        ("DELETE", "/", "GET, HEAD"),
        ("PUT", "/api/products", "GET, HEAD, POST"),
        ("POST", "/api/products/1", "DELETE, GET, HEAD, PATCH, PUT"),
        ("GET", "/api/orders", "POST"),
        ("GET", "/extras/cache/k", "DELETE"),
    ],
)
def test_wrong_method_is_405_with_allow(port, method, path, allow):
    reply = request(port, method, path, body=b"{}")
    assert reply.status == 405
    assert reply.json() == {"detail": "Method Not Allowed"}
    assert reply.headers.get("allow") == allow


def test_head_runs_get_and_sends_headers_only(port):
    reply = request(port, "HEAD", "/api/kinds/sync")
    assert reply.status == 200
    assert reply.body == b""
    assert reply.content_type == JSON_TYPE
    assert request(port, "HEAD", "/api/orders").status == 405


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/api/hello/", "/api/hello"),
        ("/api/search/?q=bolt&limit=2", "/api/search?q=bolt&limit=2"),
        ("/api/products/1/", "/api/products/1"),
    ],
)
def test_trailing_slash_miss_is_a_308_to_the_route(port, path, location):
    """django-bolt 0.13's `trailing_slash="strip"`: the path with its slash removed, query kept."""
    reply = request(port, "GET", path)
    assert reply.status == 308
    assert reply.headers.get("location") == location
    assert reply.body == b""
    assert request(port, "GET", "/nope/").status == 404


def test_options_on_a_known_path_is_204_with_allow(port):
    reply = request(port, "OPTIONS", "/api/products")
    assert reply.status == 204
    assert reply.headers.get("allow") == "GET, HEAD, POST"
    assert request(port, "OPTIONS", "/nope").status == 404


def test_static_path_beats_dynamic(port):
    count = ok(request(port, "GET", "/api/products/count"))
    assert set(count) == {"count"}


def test_keep_alive_connection_serves_several_requests(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        for n in range(3):
            reply = send(connection, "GET", f"/api/kinds/inline?n={n}")
            assert ok(reply) == {"kind": "async_inline", "n": n}
    finally:
        connection.close()


# -- path parameters -----------------------------------------------------------------------


def test_path_param_types(port):
    reply = request(port, "GET", "/api/types/42/hello%20world/2.5/true")
    assert ok(reply) == {"i": 42, "s": "hello world", "f": 2.5, "b": True}
    assert ok(request(port, "GET", "/api/types/-7/x/3/false")) == {"i": -7, "s": "x", "f": 3.0, "b": False}


def test_path_param_errors_are_all_listed(port):
    reply = request(port, "GET", "/api/types/x/s/y/maybe")
    assert errors(reply) == expect(
        ("int_parsing", ["path", "i"]),
        ("float_parsing", ["path", "f"]),
        ("bool_parsing", ["path", "b"]),
    )
    assert detail(reply)["path.i"]["msg"] == "Expected `int`, got `str`"
    assert detail(reply)["path.i"]["input"] == "x"


def test_catch_all_path(port):
    assert ok(request(port, "GET", "/api/files/a/b/c.txt")) == {"path": "a/b/c.txt"}
    assert ok(request(port, "GET", "/api/files/one")) == {"path": "one"}


def test_path_constraints(port):
    assert ok(request(port, "GET", "/api/bounded/5")) == {"n": 5}
    assert errors(request(port, "GET", "/api/bounded/0")) == [("greater_than_equal", ["path", "n"])]
    assert detail(request(port, "GET", "/api/bounded/0"))["path.n"]["msg"] == "Expected `int` >= 1"
    assert errors(request(port, "GET", "/api/bounded/11")) == [("less_than_equal", ["path", "n"])]


# -- query parameters ----------------------------------------------------------------------


def test_query_defaults(port):
    assert ok(request(port, "GET", "/api/search?q=x")) == {
        "q": "x",
        "page": 1,
        "size": 10,
        "ratio": None,
        "sort_by": "name",
        "code": None,
        "word": "ab",
        "exact": False,
        "tags": [],
    }


def test_query_values_alias_and_lists(port):
    path = (
        "/api/search?q=hello%20there&page=3&size=50&ratio=0.5&sort-by=price"
        "&code=ABC&word=hello&exact=true&tags=1&tags=2"
    )
    assert ok(request(port, "GET", path)) == {
        "q": "hello there",
        "page": 3,
        "size": 50,
        "ratio": 0.5,
        "sort_by": "price",
        "code": "ABC",
        "word": "hello",
        "exact": True,
        "tags": [1, 2],
    }


def test_query_errors_are_all_listed(port):
    reply = request(port, "GET", "/api/search?page=0&size=51&ratio=abc&code=abc&word=a&exact=maybe&tags=1&tags=x")
    assert errors(reply) == expect(
        ("missing", ["query", "q"]),
        ("greater_than_equal", ["query", "page"]),
        ("less_than_equal", ["query", "size"]),
        ("float_parsing", ["query", "ratio"]),
        ("string_pattern_mismatch", ["query", "code"]),
        ("string_too_short", ["query", "word"]),
        ("bool_parsing", ["query", "exact"]),
        ("int_parsing", ["query", "tags", 1]),
    )
    assert errors(request(port, "GET", "/api/search?q=x&word=abcdef")) == [("string_too_long", ["query", "word"])]


def test_required_query_list(port):
    assert ok(request(port, "GET", "/api/ids?ids=1&ids=2&ids=3")) == {"ids": [1, 2, 3], "sum": 6}
    assert errors(request(port, "GET", "/api/ids")) == [("missing", ["query", "ids"])]
    assert errors(request(port, "GET", "/api/ids?ids=1&ids=2&ids=3&ids=4")) == [("too_long", ["query", "ids"])]


# -- headers and cookies -------------------------------------------------------------------


def test_headers_and_cookies(port):
    reply = request(
        port,
        "GET",
        "/api/headers",
        headers={"X-API-Key": "k1", "Cookie": "session=s1; theme=dark", "User-Agent": "e2e/1", "X-Trace": "7"},
    )
    assert ok(reply) == {"x_api_key": "k1", "session": "s1", "agent": "e2e/1", "trace": 7, "theme": "dark"}


def test_header_names_are_case_insensitive_and_defaults_apply(port):
    reply = request(port, "GET", "/api/headers", headers={"x-api-key": "k2", "Cookie": "session=s2"})
    assert ok(reply) == {"x_api_key": "k2", "session": "s2", "agent": "none", "trace": None, "theme": "light"}


def test_header_and_cookie_errors(port):
    reply = request(port, "GET", "/api/headers", headers={"X-Trace": "abc"})
    # Header locations use the wire name: the alias, else the name with "_" -> "-", lowercase.
    assert errors(reply) == expect(
        ("missing", ["header", "x-api-key"]),
        ("missing", ["cookie", "session"]),
        ("int_parsing", ["header", "x-trace"]),
    )


# -- bodies --------------------------------------------------------------------------------


def test_struct_body(port):
    reply = request(port, "POST", "/api/orders", json_body=ORDER)
    assert ok(reply, 201) == {
        "customer": "Ann",
        "email": None,
        "lines": 2,
        "total": 6.0,
        "note": None,
        "priority": 0,
        "tags": [],
        "meta": {},
    }


def test_struct_body_defaults_are_filled(port):
    reply = request(port, "POST", "/api/orders/echo", json_body={**ORDER, "tags": ["a"], "meta": {"k": 1}})
    assert ok(reply) == {
        "customer": {"name": "Ann", "email": None},
        "lines": [{"sku": "ABC-1", "price": 2.5, "qty": 2}, {"sku": "XYZ-22", "price": 1.0, "qty": 1}],
        "note": None,
        "priority": 0,
        "tags": ["a"],
        "meta": {"k": 1},
    }


def test_body_errors_are_all_listed_with_full_locations(port):
    bad = {
        "customer": {"name": ""},
        "lines": [{"sku": "bad", "price": 0, "qty": 0}, {"price": "x"}],
        "priority": "high",
        "tags": [1],
        "meta": {"a": "b"},
    }
    reply = request(port, "POST", "/api/orders", json_body=bad)
    assert errors(reply) == expect(
        ("string_too_short", ["body", "customer", "name"]),
        ("string_pattern_mismatch", ["body", "lines", 0, "sku"]),
        ("greater_than", ["body", "lines", 0, "price"]),
        ("greater_than_equal", ["body", "lines", 0, "qty"]),
        ("missing", ["body", "lines", 1, "sku"]),
        ("float_type", ["body", "lines", 1, "price"]),
        ("int_type", ["body", "priority"]),
        ("string_type", ["body", "tags", 0]),
        ("int_type", ["body", "meta", "a"]),
    )
    by_loc = detail(reply)
    assert by_loc["body.lines.1.sku"]["msg"] == "Object missing required field `sku`"
    assert by_loc["body.priority"]["msg"] == "Expected `int`, got `str`"


def test_a_route_answers_the_same_whichever_body_order_it_has_learned(port):
    """A route checks its bodies decode-first while most are valid and validate-first after
    a run of invalid ones (BOLT_BODY_VALIDATION="adaptive", the default): same answers."""
    bad = {"customer": {"name": ""}, "lines": [{"price": "x"}], "priority": "high"}

    def answers(body: Any) -> tuple[int, Any]:
        reply = request(port, "POST", "/api/orders/echo", json_body=body)
        return reply.status, reply.json()

    refused, accepted = answers(bad), answers(ORDER)
    assert refused[0] == 422
    assert len(refused[1]["detail"]) == 4
    assert accepted[0] == 200
    for _ in range(40):  # the route switches to validate-first
        assert answers(bad) == refused
    assert answers(ORDER) == accepted
    for _ in range(40):  # and back to decode-first
        assert answers(ORDER) == accepted
    assert answers(bad) == refused


def test_body_missing_required_fields_and_wrong_shapes(port):
    assert errors(request(port, "POST", "/api/orders", json_body={"lines": ORDER["lines"]})) == [
        ("missing", ["body", "customer"])
    ]
    assert errors(request(port, "POST", "/api/orders", json_body=[])) == [("object_type", ["body"])]
    too_many = {**ORDER, "lines": ORDER["lines"] * 3}
    assert errors(request(port, "POST", "/api/orders", json_body=too_many)) == [("too_long", ["body", "lines"])]
    assert errors(request(port, "POST", "/api/orders", json_body={**ORDER, "lines": []})) == [
        ("too_short", ["body", "lines"])
    ]


def test_malformed_json_is_one_json_invalid_error(port):
    reply = request(port, "POST", "/api/orders", body=b'{"customer": ', headers={"Content-Type": JSON_TYPE})
    assert errors(reply) == [("json_invalid", ["body"])]


def test_empty_body_for_a_required_struct(port):
    found = errors(request(port, "POST", "/api/orders"))
    assert len(found) == 1
    assert found[0][0] in ("missing", "json_invalid")
    assert found[0][1][0] == "body"


def test_list_of_structs_body(port):
    lines = [{"sku": "ABC-1", "price": 1}, {"sku": "DEF-2", "price": 2, "qty": 3}]
    assert ok(request(port, "POST", "/api/lines/bulk", json_body=lines)) == {"count": 2, "skus": ["ABC-1", "DEF-2"]}
    bad = [{"sku": "ABC-1", "price": 1}, {"sku": "nope", "price": -1}]
    assert errors(request(port, "POST", "/api/lines/bulk", json_body=bad)) == expect(
        ("string_pattern_mismatch", ["body", 1, "sku"]),
        ("greater_than", ["body", 1, "price"]),
    )
    assert errors(request(port, "POST", "/api/lines/bulk", json_body={"a": 1})) == [("list_type", ["body"])]


def test_forbid_unknown_fields(port):
    assert ok(request(port, "POST", "/api/strict", json_body={"x": 1, "y": 2})) == {"x": 1, "y": 2}
    assert errors(request(port, "POST", "/api/strict", json_body={"x": 1, "y": 2, "z": 3})) == [
        ("extra_forbidden", ["body", "z"])
    ]


def test_renamed_fields_use_wire_names(port):
    assert ok(request(port, "POST", "/api/renamed", json_body={"displayName": "Ann"})) == {
        "displayName": "Ann",
        "isAdmin": False,
    }
    assert errors(request(port, "POST", "/api/renamed", json_body={"display_name": "Ann"})) == [
        ("missing", ["body", "displayName"])
    ]


def test_body_marker_with_a_dict(port):
    assert ok(request(port, "POST", "/api/raw", json_body={"b": 1, "a": [2]})) == {"keys": ["a", "b"]}
    assert errors(request(port, "POST", "/api/raw", json_body=[1])) == [("object_type", ["body"])]


def test_path_query_and_body_errors_together(port):
    assert ok(request(port, "PUT", "/api/orders/5?dry_run=true", json_body=ORDER)) == {
        "order_id": 5,
        "customer": "Ann",
        "dry_run": True,
    }
    reply = request(port, "PUT", "/api/orders/x?dry_run=maybe", json_body={"lines": ORDER["lines"]})
    assert errors(reply) == expect(
        ("int_parsing", ["path", "order_id"]),
        ("bool_parsing", ["query", "dry_run"]),
        ("missing", ["body", "customer"]),
    )


def test_payload_too_large(port):
    reply = request(port, "POST", "/api/raw", body=b'{"a": "' + b"x" * (100 * 1024) + b'"}')
    assert reply.status == 413
    assert reply.json() == {"detail": "Payload Too Large"}
    assert ok(request(port, "GET", "/api/hello")) == {"hello": "bolt"}


# -- the request object --------------------------------------------------------------------


def test_request_object(port):
    reply = request(
        port,
        "POST",
        "/api/echo/bob?x=1&y=two",
        body=b"raw text",
        headers={"X-Echo": "hi", "Cookie": "a=1; b=2", "Content-Type": "text/plain"},
    )
    assert ok(reply) == {
        "name": "bob",
        "method": "POST",
        "path": "/api/echo/bob",
        "query": {"x": "1", "y": "two"},
        "x_echo": "hi",
        "cookies": {"a": "1", "b": "2"},
        "params": {"name": "bob"},
        "body": "raw text",
        "via_get": "POST",
        "via_item": "/api/echo/bob",
        "state": {"seen": 2},
        "context": None,
    }


# -- handler kinds -------------------------------------------------------------------------


def test_handler_kinds(port):
    assert ok(request(port, "GET", "/api/kinds/sync")) == {"kind": "sync"}
    assert ok(request(port, "GET", "/api/kinds/inline?n=5")) == {"kind": "async_inline", "n": 5}
    assert ok(request(port, "GET", "/api/kinds/awaiting?delay_ms=20")) == {"kind": "async_awaiting", "delay_ms": 20}


def test_awaiting_handlers_run_concurrently(port):
    results: list[int] = []

    def call() -> None:
        results.append(request(port, "GET", "/api/kinds/awaiting?delay_ms=300", timeout=20).status)

    threads = [threading.Thread(target=call) for _ in range(8)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    assert results == [200] * 8
    assert elapsed < 8 * 0.3 * 0.6, f"8 requests sleeping 0.3s each took {elapsed:.2f}s: not concurrent"


# -- Django ORM ----------------------------------------------------------------------------


def test_orm_crud(port):
    created = ok(request(port, "POST", "/api/products", json_body={"name": "Pen", "price": 1.5, "stock": 3}), 201)
    product_id = created["id"]
    assert created == {"id": product_id, "name": "Pen", "price": 1.5, "stock": 3}
    assert ok(request(port, "GET", f"/api/products/{product_id}")) == created
    assert created in ok(request(port, "GET", "/api/products"))
    assert ok(request(port, "GET", "/api/products/count"))["count"] >= 1

    replaced = ok(request(port, "PUT", f"/api/products/{product_id}", json_body={"name": "Ink", "price": 2}))
    assert replaced == {"id": product_id, "name": "Ink", "price": 2.0, "stock": 0}
    patched = ok(request(port, "PATCH", f"/api/products/{product_id}", json_body={"stock": 9}))
    assert patched == {"id": product_id, "name": "Ink", "price": 2.0, "stock": 9}

    deleted = request(port, "DELETE", f"/api/products/{product_id}")
    assert ok(deleted) is None
    assert deleted.body == b"null"
    missing = request(port, "GET", f"/api/products/{product_id}")
    assert missing.status == 404
    assert missing.json() == {"detail": f"Product {product_id} not found"}
    assert request(port, "DELETE", f"/api/products/{product_id}").status == 404


def test_orm_list_limit_and_admin_api(port):
    for n in range(3):
        ok(request(port, "POST", "/api/products", json_body={"name": f"P{n}", "price": n}), 201)
    assert len(ok(request(port, "GET", "/api/products?limit=2"))) == 2
    count = ok(request(port, "GET", "/api/products/count"))["count"]
    assert ok(request(port, "GET", "/admin/stats")) == {"products": count}


def test_orm_body_validation(port):
    assert errors(request(port, "POST", "/api/products", json_body={"name": "", "price": -1})) == expect(
        ("string_too_short", ["body", "name"]),
        ("greater_than_equal", ["body", "price"]),
    )
    assert errors(request(port, "GET", "/api/products/abc")) == [("int_parsing", ["path", "product_id"])]


# -- return values, coercion, status codes ---------------------------------------------------


def test_return_values(port):
    assert ok(request(port, "GET", "/api/returns/dict")) == {"a": 1, "b": [True, None]}
    assert ok(request(port, "GET", "/api/returns/list")) == [1, "two", 3.5]
    assert ok(request(port, "GET", "/api/returns/struct")) == {"name": "s", "total": 1.5}
    assert ok(request(port, "GET", "/api/returns/structs")) == [
        {"name": "a", "total": 1.0},
        {"name": "b", "total": 2.0},
    ]
    none = request(port, "GET", "/api/returns/none")
    assert ok(none) is None
    assert none.body == b"null"
    text = request(port, "GET", "/api/returns/str")
    assert (text.status, text.content_type, text.body) == (200, TEXT_TYPE, b"plain text")
    raw = request(port, "GET", "/api/returns/bytes")
    assert (raw.status, raw.content_type, raw.body) == (200, "application/octet-stream", b"\x00\x01binary")


def test_response_model_and_annotation_coercion(port):
    assert ok(request(port, "GET", "/api/coerce/model")) == {"name": "m", "total": 2.0}
    assert request(port, "GET", "/api/coerce/model").body == b'{"name":"m","total":2.0}'
    assert ok(request(port, "GET", "/api/coerce/annotation")) == [{"name": "x", "total": 1.0}]
    invalid = request(port, "GET", "/api/coerce/invalid")
    assert invalid.status == 500
    assert invalid.json() == {"detail": "Internal Server Error"}


def test_status_code_option(port):
    assert ok(request(port, "POST", "/api/accepted"), 202) == {"accepted": True}


# -- response classes ----------------------------------------------------------------------


def test_response_classes(port):
    reply = request(port, "GET", "/api/responses/json")
    assert ok(reply, 201) == {"made": "json"}
    assert reply.headers["x-custom"] == "json"

    reply = request(port, "GET", "/api/responses/plain")
    assert (reply.status, reply.content_type, reply.body) == (203, TEXT_TYPE, b"just text")
    assert reply.headers["x-custom"] == "plain"

    reply = request(port, "GET", "/api/responses/html")
    assert (reply.status, reply.content_type, reply.body) == (200, HTML_TYPE, b"<h1>Bolt</h1>")

    reply = request(port, "GET", "/api/responses/generic")
    assert (reply.status, reply.content_type, reply.body) == (200, "text/csv", b"a,b\n1,2\n")
    assert reply.headers["x-custom"] == "csv"

    reply = request(port, "GET", "/api/responses/redirect")
    assert reply.status == 302
    assert reply.headers["location"] == "/api/hello"


# -- errors --------------------------------------------------------------------------------


def test_http_exception_with_headers(port):
    reply = request(port, "GET", "/api/errors/http")
    assert reply.status == 418
    assert reply.content_type == JSON_TYPE
    assert reply.json() == {"detail": "I'm a teapot"}
    assert reply.headers["x-tea"] == "earl-grey"


def test_http_exception_default_detail_and_subclasses(port):
    reply = request(port, "GET", "/api/errors/default-detail")
    assert (reply.status, reply.json()) == (503, {"detail": "Service Unavailable"})
    reply = request(port, "GET", "/api/errors/subclass")
    assert (reply.status, reply.json()) == (409, {"detail": "Already exists", "extra": {"id": 3}})
    assert reply.headers["x-reason"] == "duplicate"
    reply = request(port, "GET", "/api/errors/not-found")
    assert (reply.status, reply.json()) == (404, {"detail": "Not Found"})


@pytest.mark.parametrize("path", ["/api/errors/crash", "/api/errors/crash-async"])
def test_unhandled_exception_is_500_and_the_worker_keeps_serving(server: Server, path):
    port = server.port
    for _ in range(3):
        reply = request(port, "GET", path)
        assert reply.status == 500
        assert reply.content_type == JSON_TYPE
        assert reply.json() == {"detail": "Internal Server Error"}
        assert ok(request(port, "GET", "/api/hello")) == {"hello": "bolt"}
    assert server.process.poll() is None
    assert "boom (expected by the e2e tests)" in server.log()


# -- the second API module -----------------------------------------------------------------


def test_second_api_module(port):
    reply = request(port, "GET", "/extras/ping")
    assert (reply.status, reply.content_type, reply.body) == (200, TEXT_TYPE, b"pong")
    assert ok(request(port, "DELETE", "/extras/cache/k1")) == {"cleared": "k1"}
    assert ok(request(port, "PATCH", "/extras/flags/beta?on=false")) == {"flag": "beta", "on": False}
    assert ok(request(port, "PATCH", "/extras/flags/beta")) == {"flag": "beta", "on": True}


def test_host_outside_allowed_hosts_is_refused_before_any_handler(port):
    # ALLOWED_HOSTS = ["127.0.0.1", "localhost"] (e2eproject/settings.py), validated as Django does.
    assert request(port, "GET", "/api/hello", headers={"Host": f"localhost:{port}"}).status == 200
    for host in ("evil.example", "127.0.0.1.evil.example", "localhost:80:80", "local host"):
        reply = request(port, "GET", "/api/hello", headers={"Host": host})
        assert (reply.status, reply.json()) == (400, {"detail": "Bad Request"}), host


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/hello"), ("GET", "/api/no-such-route"), ("GET", "/api/bounded/abc"), ("GET", "/docs")],
)
def test_security_middleware_headers_are_on_every_answer(port, method, path):
    # MIDDLEWARE lists SecurityMiddleware and XFrameOptionsMiddleware (e2eproject/settings.py).
    reply = request(port, method, path)
    assert reply.headers["x-content-type-options"] == "nosniff", path
    assert reply.headers["referrer-policy"] == "same-origin"
    assert reply.headers["cross-origin-opener-policy"] == "same-origin"
    assert reply.headers["x-frame-options"] == "SAMEORIGIN"
