"""The OpenAPI contract against behaviour: schemathesis fuzzes the running example project
from the document the server itself publishes at `/docs/openapi.json`, with every check
(status codes, content types, response schemas, negative data rejected, 405 + Allow, …)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bolt_testing import Server, venv_tool

SEED = 20260
MAX_EXAMPLES_PER_OPERATION = 50
RUN_TIMEOUT = 600
# `GET /boom` raises on purpose (the README's "500, and the worker keeps serving" demo): it
# would fail the `not_a_server_error` check by design.
EXCLUDED_PATHS = ("/boom",)


def test_example_api_conforms_to_its_openapi_document(example_server: Server, tmp_path: Path) -> None:
    command = [
        venv_tool("schemathesis"),
        "run",
        f"http://127.0.0.1:{example_server.port}/docs/openapi.json",
        "--checks",
        "all",
        "--seed",
        str(SEED),
        "--max-examples",
        str(MAX_EXAMPLES_PER_OPERATION),
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--request-timeout",
        "10",
        "--no-color",
    ]
    for path in EXCLUDED_PATHS:
        command += ["--exclude-path", path]
    # Its own directory: schemathesis may write reports or a config lookup there.
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False)
    output = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, f"schemathesis found failures:\n{output}\n--- server log ---\n{example_server.log()}"
    assert "No issues found" in output, output
    assert " 5 selected / 6 total" in output, output
