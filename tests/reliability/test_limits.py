"""Request limits: the request target (414), header counts and sizes (431), bodies (413) — and
the connection keeps serving after a refused request where HTTP allows it."""

from __future__ import annotations

from reliability_support import connect, read_response, report, serving


def _status(port: int, head: bytes) -> int:
    sock = connect(port)
    try:
        sock.sendall(head)
        return read_response(sock)[0]
    finally:
        sock.close()


def test_unit_request_target_over_the_limit_gets_414(rel_project, tmp_path):
    with serving(tmp_path) as server:
        at_limit = "/health?q=" + "a" * (8192 - len("/health?q="))
        over = at_limit + "a"
        served = _status(server.port, f"GET {at_limit} HTTP/1.1\r\nHost: a\r\n\r\n".encode())
        refused = _status(server.port, f"GET {over} HTTP/1.1\r\nHost: a\r\n\r\n".encode())
        sixteen = _status(server.port, f"GET /health?q={'a' * 16384} HTTP/1.1\r\nHost: a\r\n\r\n".encode())
    report("request target", at_8192=served, at_8193=refused, at_16k=sixteen)
    assert (served, refused, sixteen) == (200, 414, 414)


def test_unit_request_target_limit_follows_the_setting(rel_project, tmp_path):
    with serving(tmp_path, REL_MAX_URI_LENGTH="64") as server:
        status = _status(server.port, f"GET /health?q={'a' * 60} HTTP/1.1\r\nHost: a\r\n\r\n".encode())
    assert status == 414


def test_unit_too_many_or_too_large_headers_get_431(rel_project, tmp_path):
    many = "".join(f"X-H{index}: v\r\n" for index in range(200))
    with serving(tmp_path) as server:
        counted = _status(server.port, f"GET /health HTTP/1.1\r\nHost: a\r\n{many}\r\n".encode())
        sized = _status(server.port, f"GET /health HTTP/1.1\r\nHost: a\r\nX-Big: {'b' * 200_000}\r\n\r\n".encode())
    report("headers", too_many=counted, too_large=sized)
    assert (counted, sized) == (431, 431)


def test_unit_body_over_the_limit_gets_413_without_being_read(rel_project, tmp_path):
    with serving(tmp_path) as server:
        status = _status(server.port, b"POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10000000\r\n\r\n")
    assert status == 413
