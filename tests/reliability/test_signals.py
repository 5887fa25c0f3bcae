"""Stopping: SIGTERM drains (the process exits as soon as the last response is out), a second
SIGTERM/SIGINT stops at once with a non-zero exit code."""

from __future__ import annotations

import signal
import threading
import time

from reliability_support import connect, read_response, report, serving


def _request_in_background(port: int, path: str) -> tuple[threading.Thread, dict[str, object]]:
    outcome: dict[str, object] = {}

    def run() -> None:
        sock = connect(port, timeout=30)
        try:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: a\r\n\r\n".encode())
            outcome["status"] = read_response(sock)[0]
        except OSError as error:
            outcome["error"] = error
        finally:
            outcome["at"] = time.monotonic()
            sock.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_unit_sigterm_exits_right_after_the_last_in_flight_response(rel_project, tmp_path):
    with serving(tmp_path) as server:
        idle = connect(server.port)
        idle.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
        assert read_response(idle)[0] == 200
        thread, outcome = _request_in_background(server.port, "/slow?ms=1500")
        time.sleep(0.3)
        server.process.send_signal(signal.SIGTERM)
        code = server.process.wait(timeout=20)
        exited = time.monotonic()
        thread.join()
        idle.close()
    lag = exited - float(outcome["at"])
    report("drain", exit_after_last_response_s=round(lag, 3))
    assert outcome.get("status") == 200, outcome
    assert code == 0
    assert lag < 1.0


def test_unit_second_sigterm_stops_at_once_with_a_nonzero_code(rel_project, tmp_path):
    with serving(tmp_path) as server:
        thread, outcome = _request_in_background(server.port, "/slow?ms=20000")
        time.sleep(0.3)
        server.process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert server.process.poll() is None, "the first signal drains the in-flight request"
        second = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        code = server.process.wait(timeout=10)
        stopped_after = time.monotonic() - second
        thread.join()
    report("second signal", stopped_after_s=round(stopped_after, 3), exit_code=code)
    assert code != 0
    assert stopped_after < 1.0
    assert "status" not in outcome, "the in-flight request was cut"


def test_unit_second_signal_to_a_supervisor_stops_its_workers_at_once(rel_project, tmp_path):
    with serving(tmp_path, "--processes", "2") as server:
        deadline = time.monotonic() + 30
        while len(server.children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        thread, _ = _request_in_background(server.port, "/slow?ms=20000")
        time.sleep(0.5)
        server.process.send_signal(signal.SIGINT)
        time.sleep(0.5)
        assert server.process.poll() is None
        second = time.monotonic()
        server.process.send_signal(signal.SIGINT)
        code = server.process.wait(timeout=10)
        stopped_after = time.monotonic() - second
        thread.join()
    report("supervisor second signal", stopped_after_s=round(stopped_after, 3), exit_code=code)
    assert code != 0
    assert stopped_after < 1.5
