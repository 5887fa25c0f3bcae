"""`/docs`: Swagger UI and the OpenAPI document, served by the compiled server from memory
with the assets shipped in the `django_bolt` package, rendered by a real headless Chromium
that cannot reach any other host."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
from bolt_testing import Server, free_port

from e2e_support import PROJECT, request

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_TIMEOUT = 120
VIRTUAL_TIME_BUDGET_MS = 10_000
ASSETS = Path(__file__).resolve().parents[2] / "python" / "django_bolt" / "static" / "swagger-ui"

# What Swagger UI renders for each operation: `<span class="opblock-summary-path" data-path="/x">`.
OPBLOCK_PATH = re.compile(r'class="opblock-summary-path" data-path="([^"]*)"')
OPBLOCK_METHOD = re.compile(r'class="opblock-summary-method">([A-Z]+)<')


def _operations(document: dict) -> list[tuple[str, str]]:
    return sorted(
        (method.upper(), path) for path, item in document["paths"].items() for method in item if method != "parameters"
    )


def _checked_in_openapi() -> bytes:
    return (PROJECT / "bolt" / "openapi.json").read_bytes()


def _dump_dom(url: str, profile: Path) -> str:
    """The DOM Chromium renders for `url`; any host but 127.0.0.1 is unresolvable, so the
    page can only have been rendered from what the server sent."""
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        f"--user-data-dir={profile}",
        f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}",
        "--dump-dom",
        url,
    ]
    # Its own process group, so the renderer/zygote children go with it.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = process.communicate(timeout=CHROMIUM_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        pytest.fail(f"chromium did not finish within {CHROMIUM_TIMEOUT}s:\n{err.decode(errors='replace')[-3000:]}")
    finally:
        # Whatever of its group is left (chromium's zygote/renderer processes).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, f"chromium exited with {process.returncode}:\n{err.decode(errors='replace')}"
    return out.decode(errors="replace")


def test_swagger_ui_renders_every_operation_in_headless_chromium(server: Server, tmp_path: Path) -> None:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is not installed (`make` installs the Debian package `chromium`)")
    dom = _dump_dom(f"http://127.0.0.1:{server.port}/docs", tmp_path / "chromium-profile")

    assert 'id="swagger-ui"' in dom
    assert "Failed to load API definition" not in dom, dom[-3000:]
    assert 'class="title">Bolt e2e' in dom, "the document's info.title (OpenAPIConfig) is rendered"
    expected = _operations(json.loads(_checked_in_openapi()))
    rendered = sorted(zip(OPBLOCK_METHOD.findall(dom), OPBLOCK_PATH.findall(dom), strict=True))
    assert rendered == expected, "every operation is rendered as an opblock"
    assert len(rendered) > 40
    for operation_id in ("search", "create_order", "get_product", "set_flag", "stats"):
        assert f'href="#/default/{operation_id}"' in dom, operation_id


def test_docs_page_and_spec_are_served_from_memory(server: Server) -> None:
    page = request(server.port, "GET", "/docs")
    assert page.status == 200
    assert page.content_type == "text/html; charset=utf-8"
    html = page.body.decode()
    assert '<script src="/docs/swagger-ui-bundle.js">' in html
    assert 'url: "/docs/openapi.json"' in html
    assert "http" not in html, "no link leaves the server"
    assert request(server.port, "GET", "/docs/").body == page.body

    spec = request(server.port, "GET", "/docs/openapi.json")
    assert spec.status == 200
    assert spec.content_type == "application/json"
    assert spec.body == _checked_in_openapi(), "the same bytes as bolt/openapi.json"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
        ("swagger-ui.css", "text/css; charset=utf-8"),
        ("favicon-32x32.png", "image/png"),
        ("favicon-16x16.png", "image/png"),
    ],
)
def test_docs_assets_are_the_packaged_files(server: Server, name: str, content_type: str) -> None:
    reply = request(server.port, "GET", f"/docs/{name}")
    assert reply.status == 200
    assert reply.content_type == content_type
    assert reply.body == (ASSETS / name).read_bytes()
    assert reply.headers["cache-control"] == "no-cache"
    etag = reply.headers["etag"]
    cached = request(server.port, "GET", f"/docs/{name}", headers={"If-None-Match": etag})
    assert (cached.status, cached.body, cached.headers["etag"]) == (304, b"", etag)


def test_docs_head_405_and_unknown_files(server: Server) -> None:
    head = request(server.port, "HEAD", "/docs/openapi.json")
    assert (head.status, head.body) == (200, b"")
    assert head.headers["content-length"] == str(len(_checked_in_openapi()))
    post = request(server.port, "POST", "/docs", body=b"{}")
    assert (post.status, post.headers["allow"]) == (405, "GET, HEAD")
    assert post.json() == {"detail": "Method Not Allowed"}
    for path in ("/docs/index.html", "/docs/swagger-ui.css.map", "/docsx", "/docs/../docs"):
        assert request(server.port, "GET", path).status == 404, path
    # A user route keeps its own answer.
    assert request(server.port, "GET", "/").json() == {"apis": ["/api", "/extras", "/admin"]}


@pytest.mark.parametrize(
    ("env", "served", "absent"),
    [
        ({"E2E_DOCS_PATH": "/reference/"}, "/reference", "/docs"),
        ({"E2E_DOCS": "0"}, None, "/docs"),
    ],
    ids=["moved", "disabled"],
)
def test_docs_settings(
    built_project: Path, db_env: dict[str, str], tmp_path: Path, env: dict[str, str], served: str | None, absent: str
) -> None:
    other = Server(built_project, free_port(), log=tmp_path / "runbolt.log", env={**db_env, **env})
    try:
        other.wait_ready(path="/api/hello")
        assert request(other.port, "GET", absent).status == 404
        assert request(other.port, "GET", f"{absent}/openapi.json").status == 404
        if served is not None:
            assert request(other.port, "GET", served).status == 200
            spec = request(other.port, "GET", f"{served}/openapi.json")
            assert spec.body == _checked_in_openapi()
            assert f"API docs on http://127.0.0.1:{other.port}{served}\n" in other.log()
        else:
            assert "API docs" not in other.log()
    finally:
        assert other.stop() == 0, other.log()
