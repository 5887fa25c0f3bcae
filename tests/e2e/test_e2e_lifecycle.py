"""Start-up and process behaviour of `runbolt`: stale builds, multiple processes,
deterministic builds."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

from bolt_testing import Server, bolt_build, free_port

from e2e_support import PROJECT, copy_project, request


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_stale_signature_refuses_to_start(built_project, db_env, tmp_path):
    project = copy_project(tmp_path / "stale")
    _edit(
        project / "catalog" / "api.py",
        "def path_types(i: int, s: str, f: float, b: bool) -> dict:",
        "def path_types(i: str, s: str, f: float, b: bool) -> dict:",
    )
    server = Server(project, free_port(), log=tmp_path / "stale.log", env=db_env)
    code = server.wait_exit(timeout=60)
    log = server.log()
    server.stop()
    assert code != 0, log
    assert "GET /api/types/{i}/{s}/{f}/{b}" in log
    assert "parameter `i`" in log
    assert "bolt build" in log


def test_stale_new_route_refuses_to_start(built_project, db_env, tmp_path):
    project = copy_project(tmp_path / "newroute")
    with (project / "extras" / "api.py").open("a") as handle:
        handle.write('\n\n@api.get("/added")\ndef added() -> dict:\n    return {}\n')
    server = Server(project, free_port(), log=tmp_path / "newroute.log", env=db_env)
    code = server.wait_exit(timeout=60)
    log = server.log()
    server.stop()
    assert code != 0, log
    assert "GET /extras/added (extras.api:added)" in log
    assert "bolt build" in log


def test_body_only_edit_still_starts_and_runs_the_new_body(built_project, db_env, tmp_path):
    project = copy_project(tmp_path / "bodyonly")
    _edit(project / "catalog" / "api.py", 'return {"hello": "bolt"}', 'return {"hello": "edited"}')
    server = Server(project, free_port(), log=tmp_path / "bodyonly.log", env=db_env)
    try:
        server.wait_ready(path="/api/hello")
        assert request(server.port, "GET", "/api/hello").json() == {"hello": "edited"}
    finally:
        assert server.stop() == 0, server.log()


def test_processes_serve_and_a_dead_worker_is_respawned(built_project, db_env, tmp_path):
    server = Server(built_project, free_port(), "--processes", "2", log=tmp_path / "procs.log", env=db_env)
    try:
        server.wait_ready(path="/api/hello")
        deadline = time.monotonic() + 30
        while len(server.children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = server.children()
        assert len(workers) == 2, server.log()
        assert "(processes: 2)" in server.log()

        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            current = server.children()
            if len(current) == 2 and workers[0] not in current:
                break
            time.sleep(0.1)
        current = server.children()
        assert len(current) == 2, server.log()
        assert workers[0] not in current, server.log()
        assert workers[1] in current, server.log()

        # Both the surviving and the respawned worker answer (SO_REUSEPORT spreads connections).
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                statuses = [request(server.port, "GET", "/api/hello").status for _ in range(20)]
                if statuses == [200] * 20:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        assert [request(server.port, "GET", "/api/hello").status for _ in range(20)] == [200] * 20
    finally:
        code = server.stop()
    assert code == 0, server.log()
    for pid in current:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()


def test_build_is_deterministic(built_project, tmp_path):
    """`bolt build` twice, and in a copy at another absolute path: identical checked-in files."""
    outputs = sorted(path.name for path in (built_project / "bolt").iterdir())
    assert "manifest.json" in outputs
    first = {name: (built_project / "bolt" / name).read_bytes() for name in outputs}
    assert first["manifest.json"].endswith(b"\n")
    bolt_build(built_project)
    assert {name: (built_project / "bolt" / name).read_bytes() for name in outputs} == first
    copy = copy_project(tmp_path / "elsewhere")
    bolt_build(copy)
    assert {name: (copy / "bolt" / name).read_bytes() for name in outputs} == first


def test_manifest_is_the_project_contract(built_project):
    import json

    manifest = json.loads((built_project / "bolt" / "manifest.json").read_text())
    apis = {(api["module"], api["name"]) for api in manifest["apis"]}
    assert apis == {
        ("catalog.api", "api"),
        ("composed.api", "api"),
        ("extras.api", "api"),
        ("extras.api", "admin"),
        ("extras.api", "site"),
        ("injected.api", "api"),
        ("paramtypes.api", "api"),
        ("problems.api", "api"),
        ("problems.api", "custom"),
        ("slashes.api", "api"),
        ("slashes.api", "kept"),
    }
    # Sorted by path, then by method in the manifest's declaration order.
    order = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    keys = [(route["path"], order.index(route["method"])) for route in manifest["routes"]]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert str(PROJECT) not in json.dumps(manifest)


def _drain_check(server: Server) -> None:
    """A request in flight when SIGTERM arrives completes; then the server exits 0."""
    server.wait_ready(path="/api/hello")
    results: list[int] = []

    def slow() -> None:
        results.append(request(server.port, "GET", "/api/kinds/awaiting?delay_ms=500", timeout=20).status)

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.15)
    server.process.send_signal(signal.SIGTERM)
    thread.join(20)
    code = server.wait_exit(timeout=30)
    log = server.log()
    server.stop()
    assert results == [200], log
    assert code == 0, log


def test_sigterm_drains_in_flight_requests(built_project, db_env, tmp_path):
    _drain_check(Server(built_project, free_port(), log=tmp_path / "drain.log", env=db_env))


def test_sigterm_drains_in_flight_requests_with_processes(built_project, db_env, tmp_path):
    _drain_check(Server(built_project, free_port(), "--processes", "2", log=tmp_path / "drain2.log", env=db_env))
