"""Helpers of the end-to-end tests: the `bolt` binary, builds, servers, an HTTP client."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
PROJECT = Path(__file__).resolve().parent / "project"
EXAMPLES = REPO / "examples"
BUILD_TIMEOUT = 1200


def bolt_executable() -> str:
    """`.venv/bin/bolt` of this checkout (the Makefile installs it there), else `bolt` on PATH."""
    local = REPO / ".venv" / "bin" / "bolt"
    if local.is_file():
        return str(local)
    found = shutil.which("bolt")
    if found is None:
        pytest.fail("the `bolt` CLI is not installed: run `make test` (it builds .venv/bin/bolt)")
    return found


def bolt_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["BOLT_PYTHON"] = sys.executable
    env.setdefault("PYO3_PYTHON", sys.executable)
    env.update(extra or {})
    return env


def bolt_build(project: Path) -> subprocess.CompletedProcess[str]:
    """`bolt build --project DIR`; fails the test with the CLI's output when it fails."""
    result = subprocess.run(
        [bolt_executable(), "build", "--project", str(project)],
        cwd=project,
        env=bolt_env(),
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"bolt build failed ({result.returncode}) in {project}:\n{result.stdout}\n{result.stderr}")
    return result


def manage(project: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=project,
        env=bolt_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def copy_project(destination: Path) -> Path:
    """A copy of the e2e project, build output (`.bolt/`, `bolt/`) included."""
    shutil.copytree(
        PROJECT,
        destination,
        ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3", "db.sqlite3*"),
        symlinks=True,
    )
    return destination


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    """Lowercase names; repeated headers joined with ", "."""
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def request(
    port: int,
    method: str,
    path: str,
    *,
    json_body: Any = None,
    body: bytes | str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10,
) -> Reply:
    """One request on a new connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        return send(connection, method, path, json_body=json_body, body=body, headers=headers)
    finally:
        connection.close()


def send(
    connection: http.client.HTTPConnection,
    method: str,
    path: str,
    *,
    json_body: Any = None,
    body: bytes | str | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """One request on an open connection."""
    headers = dict(headers or {})
    if json_body is not None:
        body = json.dumps(json_body).encode()
        headers.setdefault("Content-Type", "application/json")
    if isinstance(body, str):
        body = body.encode()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    merged: dict[str, str] = {}
    for name, value in response.getheaders():
        key = name.lower()
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return Reply(status=response.status, headers=merged, body=data)


class Server:
    """`manage.py runbolt` in a subprocess, logging to a file."""

    def __init__(self, project: Path, port: int, *args: str, log: Path, env: dict[str, str] | None = None) -> None:
        self.project = project
        self.port = port
        self.log_path = log
        self._log = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runbolt", "--host", "127.0.0.1", "--port", str(port), *args],
            cwd=project,
            env=bolt_env(env),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60, path: str = "/") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"runbolt exited with {self.process.returncode} before serving:\n{self.log()}")
            try:
                request(self.port, "GET", path, timeout=2)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        pytest.fail(f"runbolt did not answer on port {self.port} within {timeout}s:\n{self.log()}")

    def wait_exit(self, timeout: float = 60) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail(f"runbolt did not exit within {timeout}s:\n{self.log()}")

    def stop(self, timeout: float = 20) -> int:
        """SIGTERM, wait, SIGKILL fallback; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return int(self.process.returncode)

    def children(self) -> list[int]:
        """PIDs of the direct children (the workers of a supervisor)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []
