"""A worker killed with SIGKILL under load: the supervisor respawns it, the other worker keeps
serving, and only the requests that were on the killed worker's connections fail."""

from __future__ import annotations

import http.client
import os
import signal
import threading
import time

from reliability_support import report, serving


def _load(port: int, stop: threading.Event, counts: dict[str, int], lock: threading.Lock) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    while not stop.is_set():
        try:
            connection.request("GET", "/health")
            response = connection.getresponse()
            response.read()
            outcome = "ok" if response.status == 200 else "unexpected"
        except (OSError, http.client.HTTPException):
            outcome = "failed"
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        with lock:
            counts[outcome] += 1
    connection.close()


def test_scenario_sigkill_of_a_worker_under_load_costs_only_its_requests(rel_project, tmp_path):
    clients = 8
    with serving(tmp_path, "--processes", "2") as server:
        deadline = time.monotonic() + 30
        while len(server.children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = server.children()
        assert len(workers) == 2, server.log()
        stop = threading.Event()
        lock = threading.Lock()
        counts = {"ok": 0, "failed": 0, "unexpected": 0}
        threads = [threading.Thread(target=_load, args=(server.port, stop, counts, lock)) for _ in range(clients)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        with lock:
            before_kill = dict(counts)
        os.kill(workers[0], signal.SIGKILL)
        killed_at = time.monotonic()
        respawned_after = None
        while time.monotonic() - killed_at < 10:
            current = server.children()
            if len(current) == 2 and workers[0] not in current:
                respawned_after = time.monotonic() - killed_at
                break
            time.sleep(0.05)
        time.sleep(1.0)
        with lock:
            after_respawn = dict(counts)
        time.sleep(1.0)
        stop.set()
        for thread in threads:
            thread.join()
    served_after = counts["ok"] - after_respawn["ok"]
    report(
        "sigkill a worker",
        requests_ok=counts["ok"],
        failed=counts["failed"],
        unexpected=counts["unexpected"],
        respawned_after_s=round(respawned_after or -1, 2),
        ok_before_kill=before_kill["ok"],
        ok_in_last_second=served_after,
    )
    assert respawned_after is not None
    assert respawned_after < 5
    assert counts["unexpected"] == 0
    assert counts["failed"] <= clients * 2
    assert served_after > 100
