"""`django_bolt.testing.TestClient` as a user runs it: the e2e project's own test module
(`catalog/tests.py`, Django `TestCase`s driving the compiled pipeline in process) run by
Django's test runner against the built project, in a process of its own."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bolt_testing import bolt_env


def test_project_testcases_pass_with_the_in_process_client(built_project: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "test", "catalog", "-v", "2"],
        cwd=built_project,
        env=bolt_env({"E2E_DB_PATH": str(tmp_path / "testclient.sqlite3")}),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    ran = re.search(r"Ran (\d+) tests?", output)
    assert ran is not None, output
    assert int(ran.group(1)) == 7, output
    assert "OK" in output


def test_project_pytest_tests_pass_with_pytest_django(built_project: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "catalog/test_client.py"],
        cwd=built_project,
        env=bolt_env({"E2E_DB_PATH": str(tmp_path / "pytest.sqlite3")}),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"\b5 passed\b", output), output
