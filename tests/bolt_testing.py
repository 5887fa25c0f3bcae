"""What every test suite that builds and serves a Django project with Bolt needs: the `bolt`
CLI, `bolt build`, `manage.py`, free loopback ports, and `runbolt` servers stopped by PID.

Shared by tests/e2e and tests/differential (`pytest.ini` puts tests/ on the import path).
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

__all__ = [
    "BUILD_TIMEOUT",
    "REPO",
    "Server",
    "bolt_build",
    "bolt_env",
    "bolt_executable",
    "child_pids",
    "free_port",
    "manage",
    "stop_process",
    "venv_tool",
]

REPO = Path(__file__).resolve().parents[1]
#: A cold `bolt build` compiles the runtime's dependencies once.
BUILD_TIMEOUT = 1200
#: How long a server gets to drain after SIGTERM before SIGKILL.
STOP_TIMEOUT = 20
LOOPBACK = "127.0.0.1"


def venv_tool(name: str) -> str:
    """The console script `name` of this interpreter's venv, else `name` on PATH."""
    local = Path(sys.executable).with_name(name)
    if local.is_file():
        return str(local)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"`{name}` is not installed: run `make test` (it sets up .venv)")
    return found


def bolt_executable() -> str:
    """`$BOLT_BIN`, else `.venv/bin/bolt` of this checkout (the Makefile installs it), else
    `bolt` on PATH."""
    explicit = os.environ.get("BOLT_BIN")
    if explicit:
        return explicit
    local = REPO / ".venv" / "bin" / "bolt"
    if local.is_file():
        return str(local)
    return venv_tool("bolt")


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
        pytest.fail(
            f"bolt build failed ({result.returncode}) in {project}:\n{result.stdout}\n{result.stderr}"
        )
    return result


def manage(
    project: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> str:
    """`python manage.py ARGS` in `project`; its stdout, or the test fails with its output."""
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
        pytest.fail(
            f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def stop_process(
    process: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT
) -> int:
    """SIGTERM by PID, wait, SIGKILL fallback; returns the exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return int(process.returncode)


def child_pids(pid: int) -> list[int]:
    """PIDs of the direct children of `pid` (Linux `/proc`); empty once it is gone."""
    try:
        return [
            int(child)
            for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def _answers(port: int, path: str) -> bool:
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=2)
    try:
        connection.request("GET", path)
        connection.getresponse().read()
        return True
    finally:
        connection.close()


class Server:
    """`manage.py runbolt [ARGS]` in a subprocess, logging to a file; stopped by its PID."""

    def __init__(
        self,
        project: Path,
        port: int,
        *args: str,
        log: Path,
        env: dict[str, str] | None = None,
    ) -> None:
        self.project = project
        self.port = port
        self.log_path = log
        self._log = log.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runbolt",
                "--host",
                LOOPBACK,
                "--port",
                str(port),
                *args,
            ],
            cwd=project,
            env=bolt_env(env),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60, path: str = "/") -> None:
        """Until `GET path` gets any answer; fails the test if the server exits or times out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"runbolt exited with {self.process.returncode} before serving:\n{self.log()}"
                )
            try:
                if _answers(self.port, path):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        pytest.fail(
            f"runbolt did not answer on port {self.port} within {timeout}s:\n{self.log()}"
        )

    def wait_exit(self, timeout: float = 60) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail(f"runbolt did not exit within {timeout}s:\n{self.log()}")

    def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """SIGTERM, wait, SIGKILL fallback; returns the exit code."""
        code = stop_process(self.process, timeout)
        self._log.close()
        return code

    def children(self) -> list[int]:
        """PIDs of the direct children (the workers of a supervisor)."""
        return child_pids(self.process.pid)
