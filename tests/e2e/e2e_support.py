"""Helpers of the end-to-end tests: the projects and an HTTP client (building and serving:
`bolt_testing`)."""

from __future__ import annotations

import http.client
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bolt_testing import REPO

PROJECT = Path(__file__).resolve().parent / "project"
EXAMPLES = REPO / "examples"


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
