"""Slow and stalled clients: every request head has a deadline, first or later on a kept-alive
connection; idle kept-alive connections last their keep-alive time, not the head deadline."""

from __future__ import annotations

import time

from reliability_support import (
    connect,
    health_status,
    open_fds,
    read_response,
    report,
    serving,
    wait_closed,
    wait_for_fds,
)

HEAD_MS = 500
LIMITS = {"REL_CLIENT_TIMEOUT_MS": str(HEAD_MS), "REL_KEEP_ALIVE": "30"}
GET = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
PARTIAL = b"GET /health HTTP/1.1\r\nX-Slow: "


def test_unit_partial_first_head_gets_408_at_the_head_deadline(rel_project, tmp_path):
    with serving(tmp_path, **LIMITS) as server:
        sock = connect(server.port)
        sock.sendall(PARTIAL)
        waited, received = wait_closed(sock, limit=5)
        sock.close()
    report("first head", closed_after_s=round(waited, 2))
    assert received.startswith(b"HTTP/1.1 408"), received
    assert HEAD_MS / 1000 * 0.8 <= waited < HEAD_MS / 1000 + 1.0


def test_unit_short_head_deadline_is_precise_for_prompt_clients(rel_project, tmp_path):
    """actix's own head timer runs on a clock refreshed every 500 ms, so a 300 ms deadline
    could fire before a prompt request arrived; Bolt times heads on tokio's clock."""
    with serving(tmp_path, REL_CLIENT_TIMEOUT_MS="300") as server:
        statuses = []
        for _ in range(40):
            sock = connect(server.port)
            sock.sendall(GET)
            statuses.append(read_response(sock)[0])
            sock.close()
            time.sleep(0.02)
    assert statuses == [200] * 40


def test_unit_partial_second_head_on_a_kept_alive_connection_is_closed_at_the_head_deadline(
    rel_project, tmp_path
):
    with serving(tmp_path, **LIMITS) as server:
        sock = connect(server.port)
        sock.sendall(GET)
        assert read_response(sock)[0] == 200
        sock.sendall(PARTIAL)
        waited, _ = wait_closed(sock, limit=5)
        sock.close()
    report("later head", closed_after_s=round(waited, 2))
    assert HEAD_MS / 1000 * 0.8 <= waited < HEAD_MS / 1000 + 1.0


def test_unit_partial_head_after_a_body_is_closed_at_the_head_deadline(rel_project, tmp_path):
    body = b'{"text":"GET / HTTP/1.1\\r\\n\\r\\n"}'
    post = b"POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    with serving(tmp_path, **LIMITS) as server:
        sock = connect(server.port)
        sock.sendall(post)
        assert read_response(sock) == (200, body)
        sock.sendall(PARTIAL)
        waited, _ = wait_closed(sock, limit=5)
        sock.close()
    assert waited < HEAD_MS / 1000 + 1.0


def test_unit_idle_kept_alive_connection_lasts_its_keep_alive_not_the_head_deadline(
    rel_project, tmp_path
):
    with serving(tmp_path, REL_CLIENT_TIMEOUT_MS=str(HEAD_MS), REL_KEEP_ALIVE="2") as server:
        sock = connect(server.port)
        body = b'{"text":"x"}'
        sock.sendall(b"POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n" + body)
        assert read_response(sock) == (200, body)
        waited, received = wait_closed(sock, limit=6)
        sock.close()
    report("idle keep-alive", closed_after_s=round(waited, 2))
    assert received == b""
    assert 1.8 <= waited < 3.5


def test_scenario_many_stalled_later_heads_are_all_closed_and_their_memory_freed(
    rel_project, tmp_path
):
    count = 200
    with serving(tmp_path, **LIMITS) as server:
        pid = server.process.pid
        baseline = open_fds(pid)
        sockets = []
        for _ in range(count):
            sock = connect(server.port)
            sock.sendall(GET)
            assert read_response(sock)[0] == 200
            sock.sendall(PARTIAL)
            sockets.append(sock)
        held = open_fds(pid)
        freed_after = wait_for_fds(pid, baseline + 2, limit=10)
        after = open_fds(pid)
        status = health_status(server.port)
        for sock in sockets:
            sock.close()
    report("stalled later heads", connections=count, fds_baseline=baseline, fds_held=held,
           fds_after=after, freed_after_s=round(freed_after, 2))
    assert held >= baseline + count - 5
    assert after <= baseline + 2
    assert freed_after < HEAD_MS / 1000 + 2.0
    assert status == 200


def test_unit_body_that_stops_arriving_gets_408_at_the_body_deadline(rel_project, tmp_path):
    with serving(tmp_path, REL_BODY_TIMEOUT_MS="500") as server:
        sock = connect(server.port)
        sock.sendall(b"POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n" + b'{"text":"')
        waited, received = wait_closed(sock, limit=5)
        sock.close()
    report("slow body", closed_after_s=round(waited, 2))
    assert received.startswith(b"HTTP/1.1 408"), received
    assert waited < 1.5


def test_scenario_idle_connection_flood_is_closed_at_the_head_deadline(rel_project, tmp_path):
    count = 500
    with serving(tmp_path, **LIMITS) as server:
        pid = server.process.pid
        baseline = open_fds(pid)
        sockets = [connect(server.port) for _ in range(count)]
        started = time.monotonic()
        while open_fds(pid) < baseline + count // 2 and time.monotonic() - started < 10:
            time.sleep(0.01)
        held = open_fds(pid)
        freed_after = (time.monotonic() - started) + wait_for_fds(pid, baseline + 2, limit=10)
        after = open_fds(pid)
        status = health_status(server.port)
        for sock in sockets:
            sock.close()
    report("idle flood", connections=count, fds_held=held, fds_after=after, freed_after_s=round(freed_after, 2))
    assert after <= baseline + 2
    assert freed_after < HEAD_MS / 1000 + 2.0
    assert status == 200
