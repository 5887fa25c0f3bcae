"""Request framing: ambiguous or malformed heads and bodies are refused and the connection is
closed, so nothing pipelined behind them (a smuggled request) ever runs; well-formed pipelined
requests are all answered, in order."""

from __future__ import annotations

import pytest

from reliability_support import ResponseReader, connect, report, serving

#: Appended to every refused case: if it ever ran, it would answer 404 from the server.
SMUGGLED = b"GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n"

REFUSED = {
    "content-length and chunked": b"POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "two content-lengths": b"POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
    "signed content-length": b"POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: +4\r\n\r\nabcd",
    "negative content-length": b"POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
    "unknown transfer coding": b"POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    "space before colon": b"POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
    "chunk size overflow": b"POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"FFFFFFFFFFFFFFFFF\r\nx\r\n0\r\n\r\n",
    "chunk size not hex": b"POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nx\r\n0\r\n\r\n",
    "space in target": b"GET /a b HTTP/1.1\r\nHost: a\r\n\r\n",
    "nul in header value": b"GET /health HTTP/1.1\r\nHost: a\r\nX-A: a\x00b\r\n\r\n",
    "invalid header name": b"GET /health HTTP/1.1\r\nHost: a\r\nX(A): b\r\n\r\n",
    "bare cr in header": b"GET /health HTTP/1.1\r\nHost: a\r\nX-A: a\rX-B: b\r\n\r\n",
    "obsolete line folding": b"GET /health HTTP/1.1\r\nHost: a\r\nX-A: a\r\n b\r\n\r\n",
    "not http": b"HELLO\r\n\r\n",
}


def _responses(port: int, raw: bytes) -> tuple[list[int], bool]:
    """Statuses of every response to `raw`, and whether the server then closed."""
    sock = connect(port, timeout=3)
    reader = ResponseReader(sock)
    statuses: list[int] = []
    closed = False
    try:
        sock.sendall(raw)
        while True:
            try:
                statuses.append(reader.next()[0])
            except ConnectionError:
                closed = True
                break
            except TimeoutError:
                break
    finally:
        sock.close()
    return statuses, closed


@pytest.fixture(scope="module")
def framing_server(rel_project, tmp_path_factory):
    with serving(tmp_path_factory.mktemp("framing")) as server:
        yield server


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_unit_ambiguous_request_is_refused_and_nothing_behind_it_runs(framing_server, case):
    statuses, closed = _responses(framing_server.port, REFUSED[case] + SMUGGLED)
    assert len(statuses) <= 1, statuses
    assert all(400 <= status < 500 for status in statuses), statuses
    assert 404 not in statuses
    assert closed


def test_unit_pipelined_requests_are_all_answered_in_order(framing_server):
    body = b'{"text":"p"}'
    post = b"POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    get = b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n"
    chunked = b"POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nc\r\n" + body + b"\r\n0\r\n\r\n"
    batch = (get + post + chunked) * 6
    sock = connect(framing_server.port)
    try:
        sock.sendall(batch)
        reader = ResponseReader(sock)
        answers = [reader.next() for _ in range(18)]
    finally:
        sock.close()
    report("pipelining", depth=18)
    assert answers == [(200, b'{"ok":true}'), (200, body), (200, body)] * 6
