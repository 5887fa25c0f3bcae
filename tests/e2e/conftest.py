"""End-to-end fixtures: the e2e project (and, for the OpenAPI fuzz test, the example project)
is built with `bolt build` once per session, migrated into a fresh SQLite file, and served by
`manage.py runbolt` on a free port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bolt_testing import Server, bolt_build, free_port, manage

from e2e_support import EXAMPLES, PROJECT

#: The e2e project's own tests (`project/*/tests.py`, `project/*/test_*.py`) run inside the
#: project, with its settings (test_e2e_testclient.py), not in this process.
collect_ignore = ["project"]


@pytest.fixture(scope="session")
def built_project() -> Path:
    """The e2e project after `bolt build` (once per session)."""
    bolt_build(PROJECT)
    return PROJECT


@pytest.fixture(scope="session")
def db_env(tmp_path_factory: pytest.TempPathFactory, built_project: Path) -> dict[str, str]:
    """A freshly migrated SQLite database for the session's servers."""
    env = {"E2E_DB_PATH": str(tmp_path_factory.mktemp("db") / "e2e.sqlite3")}
    manage(built_project, "migrate", "--noinput", env=env)
    return env


@pytest.fixture(scope="session")
def server(built_project: Path, db_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("logs") / "runbolt.log"
    instance = Server(built_project, free_port(), log=log, env=db_env)
    instance.wait_ready(path="/api/hello")
    yield instance
    code = instance.stop()
    assert code == 0, f"runbolt exited with {code} on SIGTERM:\n{instance.log()}"


@pytest.fixture
def port(server: Server) -> int:
    return server.port


@pytest.fixture(scope="session")
def example_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The README's example project (`examples/`), built and served on a throw-away database."""
    bolt_build(EXAMPLES)
    env = {"EXAMPLE_DB_PATH": str(tmp_path_factory.mktemp("example-db") / "example.sqlite3")}
    manage(EXAMPLES, "migrate", "--noinput", env=env)
    log = tmp_path_factory.mktemp("example-logs") / "runbolt.log"
    instance = Server(EXAMPLES, free_port(), log=log, env=env)
    instance.wait_ready(path="/")
    yield instance
    code = instance.stop()
    assert code == 0, f"runbolt (examples) exited with {code} on SIGTERM:\n{instance.log()}"
