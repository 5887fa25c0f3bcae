"""`bolt dev` over real HTTP: it builds and serves a copy of the e2e project, then on each save
restarts the worker (body-only edit) or rebuilds (signature edit), and keeps serving the last
good version when the code has errors or a new worker cannot start. `runbolt --dev` hands
over to it.

The first dev-profile build compiles the runtime's dependencies in the `devopt` profile once
per target directory (about a minute, cold); every later build of the module reuses them.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bolt_testing import BUILD_TIMEOUT, bolt_env, bolt_executable, child_pids, free_port, stop_process

from e2e_support import copy_project, request

RELOAD_TIMEOUT = 60
"""Seconds a save may take to be served (a rebuild included)."""
STOP_TIMEOUT = 30
SERVING = "[bolt dev] serving"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    pending = [pid]
    while pending:
        children = child_pids(pending.pop())
        found += children
        pending += children
    return found


class DevServer:
    """`bolt dev` (or `runbolt --dev`) in a subprocess, logging to a file; stopped by PID."""

    def __init__(self, command: list[str], project: Path, port: int, log: Path) -> None:
        self.port = port
        self.log_path = log
        self._log = log.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=project,
            env=bolt_env({"E2E_DB_PATH": str(log.with_suffix(".sqlite3"))}),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.workers: set[int] = set()

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def get_json(self, path: str) -> Any:
        """The JSON of ``GET path``, ``None`` when nothing answers or it is not a 200."""
        try:
            reply = request(self.port, "GET", path, timeout=5)
        except OSError:
            return None
        return reply.json() if reply.status == 200 else None

    def wait_until(self, what: str, check: Any, timeout: float = RELOAD_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"bolt dev exited with {self.process.returncode} waiting for {what}:\n{self.log()}")
            self.workers.update(_descendants(self.process.pid))
            if check():
                return
            time.sleep(0.05)
        pytest.fail(f"bolt dev: no {what} within {timeout}s:\n{self.log()}")

    def wait_for_json(self, path: str, expected: Any, timeout: float = RELOAD_TIMEOUT) -> None:
        self.wait_until(f"{expected!r} from GET {path}", lambda: self.get_json(path) == expected, timeout)

    def wait_for_log(self, text: str, count: int = 1) -> None:
        self.wait_until(f"{text!r} (x{count}) in the log", lambda: self.log().count(text) >= count)

    def stop(self) -> int:
        """SIGTERM by PID, wait, SIGKILL fallback; returns the exit code."""
        self.workers.update(_descendants(self.process.pid))
        code = stop_process(self.process, STOP_TIMEOUT)
        self._log.close()
        return code


@pytest.fixture(scope="module")
def dev_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the e2e project without build output (`bolt dev` builds it)."""
    project = copy_project(tmp_path_factory.mktemp("dev") / "project")
    shutil.rmtree(project / ".bolt", ignore_errors=True)
    return project


@pytest.fixture
def dev_server(dev_project: Path, tmp_path: Path) -> Iterator[DevServer]:
    port = free_port()
    command = [bolt_executable(), "dev", "--project", str(dev_project), "--port", str(port)]
    server = DevServer(command, dev_project, port, tmp_path / "dev.log")
    try:
        yield server
    finally:
        code = server.stop()
        leftovers = [pid for pid in server.workers if _alive(pid)]
        for pid in leftovers:
            os.kill(pid, signal.SIGKILL)
    assert code == 0, f"bolt dev exited with {code} on SIGTERM:\n{server.log()}"
    assert not leftovers, f"workers {leftovers} outlived bolt dev:\n{server.log()}"
    assert server.get_json("/api/hello") is None, "the port still answers after bolt dev stopped"


def test_dev_loop_restarts_rebuilds_and_keeps_the_last_good_version(dev_project: Path, dev_server: DevServer):
    catalog = dev_project / "catalog" / "api.py"
    extras = dev_project / "extras" / "api.py"
    dev_server.wait_for_json("/api/hello", {"hello": "bolt"}, timeout=BUILD_TIMEOUT)
    dev_server.wait_for_log(SERVING)

    # A handler body: the contract still fits, only the worker restarts.
    _edit(catalog, 'return {"hello": "bolt"}', 'return {"hello": "dev"}')
    dev_server.wait_for_json("/api/hello", {"hello": "dev"})
    dev_server.wait_for_log("handler body changed in catalog/api.py → restarting the worker")
    dev_server.wait_for_log(SERVING, count=2)
    assert "rebuilding" not in dev_server.log()

    # A signature: a new query parameter is compiled in.
    _edit(
        catalog,
        'def root() -> dict:\n    return {"hello": "dev"}',
        'def root(name: str = "dev") -> dict:\n    return {"hello": name}',
    )
    dev_server.wait_for_json("/api/hello?name=loop", {"hello": "loop"})
    dev_server.wait_for_log("routes changed: ~GET /api/hello (params) → rebuilding")
    dev_server.wait_for_log(SERVING, count=3)

    # A syntax error: diagnostics, and the last good build keeps serving.
    fixed = catalog.read_text()
    catalog.write_text(fixed + "\n\ndef broken(:\n    pass\n")
    dev_server.wait_for_log("the code has errors; still serving the previous version")
    assert "B0401" in dev_server.log(), dev_server.log()
    assert dev_server.get_json("/api/hello?name=still") == {"hello": "still"}

    # Fixed again: served (nothing to rebuild).
    catalog.write_text(fixed)
    dev_server.wait_for_log(SERVING, count=4)

    # A module that fails at import: the new worker cannot start, the old one keeps serving.
    good_extras = extras.read_text()
    extras.write_text(good_extras + '\n\nraise RuntimeError("broken at import")\n')
    dev_server.wait_for_log("before serving; still serving the previous version")
    assert dev_server.get_json("/api/hello?name=again") == {"hello": "again"}

    # Fixed, with a new route: rebuilt and served.
    extras.write_text(good_extras + '\n\n@api.get("/added")\ndef added() -> dict:\n    return {"added": True}\n')
    dev_server.wait_for_json("/extras/added", {"added": True})
    assert "+GET /extras/added" in dev_server.log()
    assert dev_server.log().count("→ rebuilding") == 2, dev_server.log()


def test_runbolt_dev_hands_over_to_bolt_dev(dev_project: Path, tmp_path: Path):
    port = free_port()
    command = [sys.executable, "manage.py", "runbolt", "--dev", "--port", str(port)]
    server = DevServer(command, dev_project, port, tmp_path / "runbolt-dev.log")
    try:
        server.wait_until("serving", lambda: SERVING in server.log(), timeout=BUILD_TIMEOUT)
        assert server.get_json("/api/hello") is not None, server.log()
        # `exec`: the PID runbolt started with is `bolt dev` itself.
        assert Path(f"/proc/{server.process.pid}/exe").resolve().name == "bolt"
    finally:
        code = server.stop()
    assert code == 0, server.log()
    assert not [pid for pid in server.workers if _alive(pid)], server.log()


def test_bolt_dev_command_keeps_host_and_port():
    from django_bolt.management.commands.runbolt import bolt_dev_command

    command = bolt_dev_command("/venv/bin/bolt", Path("/srv/site"), {"host": "0.0.0.0", "port": 9000})
    assert command == ["/venv/bin/bolt", "dev", "--project", "/srv/site", "--host", "0.0.0.0", "--port", "9000"]


def test_bolt_executable_next_to_python_then_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from django_bolt.management.commands import runbolt

    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert runbolt.bolt_executable() is None
    sibling = tmp_path / "bolt"
    sibling.write_text("#!/bin/sh\n")
    sibling.chmod(0o755)
    assert runbolt.bolt_executable() == str(sibling)


def test_standby_tells_project_modules_from_libraries(tmp_path: Path):
    from django_bolt.management.commands import runbolt

    root = os.path.join(str(tmp_path), "")
    assert runbolt._is_inside(str(tmp_path / "shop" / "api.py"), root)
    assert not runbolt._is_inside(str(tmp_path) + "2/x.py", root)
    assert not runbolt._is_inside(None, root)
    assert "django" in runbolt._library_modules(tmp_path)
