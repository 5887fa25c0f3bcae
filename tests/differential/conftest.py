"""Differential fixtures: the project is built with `bolt build` once per session and served
by `manage.py runbolt` on a free port; the tests send the same inputs to the server and to
msgspec and compare the answers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bolt_testing import Server, bolt_build, free_port

from diff_support import PROJECT, Client

# Fixture names are prefixed: with `pytest python/tests tests/e2e tests/differential` the
# rootdir is python/, and fixtures of conftest files outside it are visible to every test
# (tests/e2e has its own `server`).


@pytest.fixture(scope="session")
def diff_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    bolt_build(PROJECT)
    log = tmp_path_factory.mktemp("logs") / "runbolt.log"
    env = {"DIFF_DB_PATH": str(tmp_path_factory.mktemp("db") / "diff.sqlite3")}
    instance = Server(PROJECT, free_port(), log=log, env=env)
    instance.wait_ready(path="/query/bool_default")
    yield instance
    code = instance.stop()
    assert code == 0, f"runbolt exited with {code} on SIGTERM:\n{instance.log()}"


@pytest.fixture(scope="session")
def diff_client(diff_server: Server) -> Iterator[Client]:
    connection = Client(diff_server.port)
    yield connection
    connection.close()
