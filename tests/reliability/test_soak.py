"""The long tier (`make soak`; skipped by `make test`): a mixed load for `BOLT_SOAK_SECONDS`
(default 1,800) with RSS, fd and thread slopes; 1,000 stalled later heads; a 10,000-request
corpus of mutated requests. Each prints its figures; the README records the latest."""

from __future__ import annotations

import http.client
import json
import os
import random
import threading
import time
from pathlib import Path

import pytest

from reliability_support import connect, health_status, open_fds, read_response, report, serving, wait_for_fds

pytestmark = pytest.mark.skipif(os.environ.get("BOLT_SOAK") != "1", reason="the soak tier runs with `make soak`")

SOAK_SECONDS = float(os.environ.get("BOLT_SOAK_SECONDS", "1800"))
SAMPLE_EVERY = 10.0


def _process_figures(pid: int) -> tuple[float, int, int]:
    """RSS in MB, open fds, threads."""
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    rss_kb = int(fields["VmRSS"].split()[0])
    return rss_kb / 1024, open_fds(pid), int(fields["Threads"])


def _slope_per_hour(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, value) samples, per hour."""
    count = len(samples)
    if count < 2:
        return 0.0
    mean_t = sum(t for t, _ in samples) / count
    mean_v = sum(v for _, v in samples) / count
    spread = sum((t - mean_t) ** 2 for t, _ in samples)
    if spread == 0:
        return 0.0
    return sum((t - mean_t) * (v - mean_v) for t, v in samples) / spread * 3600


class _Load:
    """Client threads sending a mix of requests on kept-alive connections until stopped."""

    MIX = (
        ("GET", "/health", None, 200),
        ("POST", "/echo", b'{"text":"soak"}', 200),
        ("POST", "/echo", b'{"text":1}', 422),
        ("GET", "/tracked?ms=2", None, 200),
        ("GET", "/nowhere", None, 404),
        ("GET", "/block?ms=1", None, 200),
    )

    def __init__(self, port: int, threads: int = 4) -> None:
        self.port = port
        self.stop = threading.Event()
        self.counts: dict[str, int] = {"ok": 0, "unexpected": 0, "errors": 0}
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(seed,)) for seed in range(threads)]

    def _run(self, seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        while not self.stop.is_set():
            method, path, body, expected = rng.choice(self.MIX)
            try:
                connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
                status = connection.getresponse()
                status.read()
                outcome = "ok" if status.status == expected else "unexpected"
            except (OSError, http.client.HTTPException):
                outcome = "errors"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            with self.lock:
                self.counts[outcome] += 1
            if rng.random() < 0.01:  # now and then a client leaves mid-request
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.close()

    def __enter__(self) -> _Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


def test_soak_mixed_load_has_flat_memory_fds_and_threads(rel_project, tmp_path):
    with serving(tmp_path) as server:
        pid = server.process.pid
        samples: list[tuple[float, tuple[float, int, int]]] = []
        started = time.monotonic()
        with _Load(server.port) as load:
            while time.monotonic() - started < SOAK_SECONDS:
                time.sleep(SAMPLE_EVERY)
                samples.append((time.monotonic() - started, _process_figures(pid)))
        time.sleep(1)
        after = _process_figures(pid)
    warm = [sample for sample in samples if sample[0] >= min(120.0, SOAK_SECONDS / 4)]
    rss_slope = _slope_per_hour([(t, figures[0]) for t, figures in warm])
    fd_slope = _slope_per_hour([(t, figures[1]) for t, figures in warm])
    thread_slope = _slope_per_hour([(t, figures[2]) for t, figures in warm])
    total = sum(load.counts.values())
    report(
        "soak",
        seconds=round(SOAK_SECONDS),
        requests=total,
        requests_per_s=round(total / SOAK_SECONDS),
        counts=json.dumps(load.counts),
        rss_mb_first=round(warm[0][1][0], 1) if warm else None,
        rss_mb_last=round(after[0], 1),
        rss_slope_mb_per_h=round(rss_slope, 2),
        fd_slope_per_h=round(fd_slope, 2),
        thread_slope_per_h=round(thread_slope, 2),
        fds_after=after[1],
        threads_after=after[2],
    )
    assert load.counts["unexpected"] == 0
    assert load.counts["errors"] <= total * 0.001
    assert rss_slope < 5.0
    assert abs(fd_slope) < 5.0
    assert abs(thread_slope) < 1.0


def test_soak_thousand_stalled_later_heads_are_closed(rel_project, tmp_path):
    count = 1000
    with serving(tmp_path, REL_CLIENT_TIMEOUT_MS="1000", REL_KEEP_ALIVE="30") as server:
        pid = server.process.pid
        rss_before, fds_before, _ = _process_figures(pid)
        sockets = []
        for _ in range(count):
            sock = connect(server.port)
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
            assert read_response(sock)[0] == 200
            sock.sendall(b"GET /health HTTP/1.1\r\nX-Slow: ")
            sockets.append(sock)
        rss_held, fds_held, _ = _process_figures(pid)
        freed_after = wait_for_fds(pid, fds_before + 2, limit=15)
        rss_after, fds_after, _ = _process_figures(pid)
        for sock in sockets:
            sock.close()
    report(
        "slowloris 1000",
        rss_mb_before=round(rss_before, 1),
        rss_mb_held=round(rss_held, 1),
        rss_mb_after=round(rss_after, 1),
        fds_held=fds_held,
        fds_after=fds_after,
        freed_after_s=round(freed_after, 2),
    )
    assert fds_after <= fds_before + 2
    assert freed_after < 3.0


def _mutated(rng: random.Random, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(rng.randint(1, 6)):
        choice = rng.random()
        position = rng.randrange(len(data) + 1)
        if choice < 0.4 and data:
            data[min(position, len(data) - 1)] = rng.randrange(256)
        elif choice < 0.7:
            data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif data:
            del data[position : position + rng.randint(1, 8)]
    return bytes(data)


def test_soak_ten_thousand_mutated_requests_never_take_the_server_down(rel_project, tmp_path):
    bases = [
        b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n",
        b'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 15\r\n\r\n{"text":"soak"}',
        b'POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nf\r\n{"text":"soak"}\r\n0\r\n\r\n',
        b"GET /tracked?ms=1 HTTP/1.1\r\nHost: a\r\nCookie: a=b\r\n\r\n",
    ]
    rng = random.Random(20261208)
    statuses: dict[str, int] = {}
    with serving(tmp_path, REL_CLIENT_TIMEOUT_MS="300") as server:
        for _ in range(10_000):
            sock = connect(server.port, timeout=2)
            try:
                sock.sendall(_mutated(rng, rng.choice(bases)))
                status = str(read_response(sock)[0])
            except (OSError, ConnectionError, ValueError, IndexError):
                status = "closed"
            finally:
                sock.close()
            statuses[status] = statuses.get(status, 0) + 1
        alive = health_status(server.port)
        exit_code = server.process.poll()
    report("mutated corpus", requests=10_000, statuses=json.dumps(dict(sorted(statuses.items()))))
    assert exit_code is None
    assert alive == 200
    assert not any(status.startswith("5") for status in statuses)
