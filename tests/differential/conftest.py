"""Differential fixtures: the project is built with `bolt build` once per session and served
by `manage.py runbolt` on a free port; the tests send the same inputs to the server and to
msgspec and compare the answers.

The APIs built are `[tool.bolt] apis` of project/pyproject.toml. When `BOLT_DIFF_APIS` asks
for more (diff_support.enabled_apis), the project is copied to a fixed directory under the
temp dir with a pyproject.toml listing them all, and that copy is built and served (the
checked-in project and its bolt/*.json stay untouched; the fixed path keeps cargo's
incremental artifacts between runs)."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from bolt_testing import Server, bolt_build, free_port

from diff_support import PROJECT, Client, configured_apis, enabled_apis

# Fixture names are prefixed: with `pytest python/tests tests/e2e tests/differential` the
# rootdir is python/, and fixtures of conftest files outside it are visible to every test
# (tests/e2e has its own `server`).


def project_with(apis: list[str]) -> Path:
    """The project to build: the checked-in one, or a synced copy listing `apis`."""
    if apis == configured_apis():
        return PROJECT
    digest = hashlib.sha256("\n".join(apis).encode()).hexdigest()[:12]
    copy = Path(tempfile.gettempdir()) / f"bolt-diff-project-{digest}"
    for stale in ("diffshapes", "diffv2", "diffproject"):
        shutil.rmtree(copy / stale, ignore_errors=True)
    shutil.copytree(
        PROJECT,
        copy,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(".bolt", "bolt", "__pycache__", "*.sqlite3"),
    )
    listed = "".join(f'    "{api}",\n' for api in apis)
    (copy / "pyproject.toml").write_text(f"[tool.bolt]\napis = [\n{listed}]\n")
    return copy


@pytest.fixture(scope="session")
def diff_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    project = project_with(enabled_apis())
    bolt_build(project)
    log = tmp_path_factory.mktemp("logs") / "runbolt.log"
    env = {"DIFF_DB_PATH": str(tmp_path_factory.mktemp("db") / "diff.sqlite3")}
    instance = Server(project, free_port(), log=log, env=env)
    instance.wait_ready(path="/query/bool_default")
    yield instance
    code = instance.stop()
    assert code == 0, f"runbolt exited with {code} on SIGTERM:\n{instance.log()}"


@pytest.fixture(scope="session")
def diff_client(diff_server: Server) -> Iterator[Client]:
    connection = Client(diff_server.port)
    yield connection
    connection.close()
