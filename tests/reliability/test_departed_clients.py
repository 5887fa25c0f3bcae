"""A client that leaves while its awaiting handler runs: the handler's task is cancelled
(`CancelledError` at its `await`), the connection is freed, the request is logged as 499 —
and the server goes on serving."""

from __future__ import annotations

import json
import time

from reliability_support import connect, open_fds, read_response, report, serving


def _stats(port: int) -> dict[str, int]:
    sock = connect(port)
    try:
        sock.sendall(b"GET /tracked/stats HTTP/1.1\r\nHost: a\r\n\r\n")
        status, body = read_response(sock)
    finally:
        sock.close()
    assert status == 200
    return json.loads(body)


def test_scenario_departed_clients_have_their_awaiting_handlers_cancelled(rel_project, tmp_path):
    count = 200
    with serving(tmp_path) as server:
        warm = connect(server.port)  # creates the worker's event loop (its fds) first
        warm.sendall(b"GET /tracked?ms=0 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        assert read_response(warm)[0] == 200
        warm.close()
        time.sleep(0.2)
        baseline = open_fds(server.process.pid)
        sockets = [connect(server.port) for _ in range(count)]
        for sock in sockets:
            sock.sendall(b"GET /tracked?ms=30000 HTTP/1.1\r\nHost: a\r\n\r\n")
        deadline = time.monotonic() + 10
        while _stats(server.port)["started"] < count + 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        left = time.monotonic()
        for sock in sockets:
            sock.close()
        while _stats(server.port)["cancelled"] < count and time.monotonic() < left + 10:
            time.sleep(0.05)
        cancelled_after = time.monotonic() - left
        stats = _stats(server.port)
        fds_after = open_fds(server.process.pid)
    log = server.log()
    report("departed clients", clients=count, cancelled=stats["cancelled"], finished=stats["finished"],
           cancelled_within_s=round(cancelled_after, 2), fds_baseline=baseline, fds_after=fds_after)
    assert stats == {"started": count + 1, "cancelled": count, "finished": 1}
    assert cancelled_after < 2.0
    assert fds_after <= baseline + 2
    assert log.count("499 GET /tracked: client disconnected; handler cancelled") == count


def test_unit_a_client_that_stays_gets_its_answer(rel_project, tmp_path):
    with serving(tmp_path) as server:
        sock = connect(server.port)
        sock.sendall(b"GET /tracked?ms=200 HTTP/1.1\r\nHost: a\r\n\r\n")
        status, body = read_response(sock)
        sock.close()
        stats = _stats(server.port)
    assert (status, json.loads(body)) == (200, {"slept_ms": 200})
    assert stats == {"started": 1, "cancelled": 0, "finished": 1}
