"""What the reliability tests share: the project, a server started with given limits, raw
sockets, and the figures each test prints."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bolt_testing import Server, free_port

__all__ = [
    "PROJECT",
    "ResponseReader",
    "connect",
    "open_fds",
    "read_response",
    "report",
    "serving",
    "health_status",
    "wait_closed",
    "wait_for_fds",
]

PROJECT = Path(__file__).resolve().parent / "project"
LOOPBACK = "127.0.0.1"


@contextmanager
def serving(tmp_path: Path, *args: str, **env: str) -> Iterator[Server]:
    """`runbolt ARGS` of the reliability project with `env`; stopped by PID afterwards."""
    server = Server(PROJECT, free_port(), *args, log=tmp_path / f"runbolt-{time.monotonic_ns()}.log", env=env)
    try:
        server.wait_ready(path="/health")
        yield server
    finally:
        server.stop()


def connect(port: int, timeout: float = 10) -> socket.socket:
    sock = socket.create_connection((LOOPBACK, port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


class ResponseReader:
    """Reads responses with a Content-Length body from one socket, in order, keeping what a
    read brought beyond the current response (pipelined answers arrive together)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def _fill(self, what: str) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed {what}: {self.buffer!r}")
        self.buffer += chunk

    def next(self) -> tuple[int, bytes]:
        while b"\r\n\r\n" not in self.buffer:
            self._fill("before a full head")
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        self.buffer = rest
        while len(self.buffer) < length:
            self._fill("mid-body")
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, body


def read_response(sock: socket.socket) -> tuple[int, bytes]:
    """Reads one response with a Content-Length body; returns its status and body (for one
    request at a time: bytes after it are dropped — use :class:`ResponseReader` to pipeline)."""
    return ResponseReader(sock).next()


def wait_closed(sock: socket.socket, limit: float) -> tuple[float, bytes]:
    """Seconds until the server closes `sock` (reading whatever it sends first), or `limit`
    if it is still open then."""
    start = time.monotonic()
    received = b""
    sock.settimeout(0.2)
    while time.monotonic() - start < limit:
        try:
            chunk = sock.recv(4096)
        except TimeoutError:
            continue
        except ConnectionResetError:
            break
        if not chunk:
            break
        received += chunk
    return time.monotonic() - start, received


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def wait_for_fds(pid: int, at_most: int, limit: float) -> float:
    """Seconds until `pid` has at most `at_most` open fds (or `limit`, if it never does)."""
    started = time.monotonic()
    while open_fds(pid) > at_most and time.monotonic() - started < limit:
        time.sleep(0.05)
    return time.monotonic() - started


def health_status(port: int) -> int:
    """The status of `GET /health` on a new connection."""
    sock = connect(port)
    try:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        return read_response(sock)[0]
    finally:
        sock.close()


def report(name: str, **figures: object) -> None:
    """Prints a test's figures (shown with `pytest -s`, and in the log of `make soak`)."""
    shown = ", ".join(f"{key}={value}" for key, value in figures.items())
    print(f"\n[reliability] {name}: {shown}")
