"""``TestClient``: an ``httpx.Client`` whose transport hands each request to the compiled
extension's in-process pipeline (routing, limits, native validation, the handler, response
rendering — what ``runbolt`` runs per request), on the calling thread.

Because the handler runs on the test's own thread, a sync handler uses the test's database
connection: rows written by a ``django.test.TestCase`` (inside its transaction) are visible to
it. An ``async def`` handler runs on the client's own event loop, on the same thread.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from types import ModuleType
from typing import Any

import httpx

from ..api import BoltAPI
from ..runtime.binding import build_bindings, default_error_formatter
from ..runtime.hooks import Hooks
from ..runtime.loader import load_extension
from ..runtime.server import ServeOptions, server_config
from ..runtime.verify import collect_apis

__all__ = ["TestClient"]


class _TestHooks(Hooks):
    """The server's hooks, keeping the last unhandled exception: re-raised in the test with
    ``raise_server_exceptions`` (then not logged), else logged as the server logs it."""

    def __init__(self, raise_server_exceptions: bool) -> None:
        super().__init__()
        self.raise_server_exceptions = raise_server_exceptions
        self.raised: BaseException | None = None

    def log_exception(self, exc: BaseException, where: str) -> None:  # type: ignore[override]
        self.raised = exc
        if not self.raise_server_exceptions:
            Hooks.log_exception(exc, where)


def _served_routes(manifest: Mapping[str, Any], api: BoltAPI | None) -> list[bool] | None:
    """Per compiled route: whether ``api`` serves it (``None``: every route is served)."""
    if api is None:
        return None
    apis, _missing = collect_apis(manifest)
    keys = [key for key, value in apis.items() if value is api]
    if not keys:
        raise ValueError(
            "TestClient(api): this BoltAPI is not one the build compiled (it must be a module-level "
            "`api = BoltAPI(...)` of the project); run `bolt build` if it is new"
        )
    return [route.get("api") in keys for route in manifest.get("routes", [])]


class _InProcessTransport(httpx.BaseTransport):
    def __init__(self, app: Any, hooks: _TestHooks) -> None:
        self._app = app
        self._hooks = hooks

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raw_path = request.url.raw_path
        path, _, query = raw_path.partition(b"?")
        headers = [(name.decode("latin-1").lower(), value) for name, value in request.headers.raw]
        body = request.read()
        self._hooks.raised = None
        status, response_headers, content = self._app.request(
            request.method, path.decode("ascii"), query.decode("latin-1"), headers, body
        )
        raised, self._hooks.raised = self._hooks.raised, None
        if raised is not None and self._hooks.raise_server_exceptions:
            raise raised
        return httpx.Response(status, headers=response_headers, content=content, request=request)


class TestClient(httpx.Client):
    """django-bolt 0.13's ``TestClient(api)``: ``client.get("/items/1")`` returns an
    ``httpx.Response`` from the compiled pipeline, in process.

    ``api`` restricts the client to that API's routes (others answer 404, as in 0.13); without
    it every compiled route is served. ``raise_server_exceptions`` (default true) re-raises a
    handler's unhandled exception in the test instead of returning the 500.
    """

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        api: BoltAPI | None = None,
        base_url: str = "http://testserver",
        raise_server_exceptions: bool = True,
        **kwargs: Any,
    ) -> None:
        ext: ModuleType = load_extension()
        manifest: dict[str, Any] = json.loads(ext.MANIFEST)
        self.hooks = _TestHooks(raise_server_exceptions)
        bindings = build_bindings(manifest, self.hooks.missing)
        self.hooks.error_formatter = default_error_formatter(manifest)
        self._loop = asyncio.new_event_loop()
        config = server_config(ServeOptions(), reuse_port=False)
        app = ext.TestApp(bindings, self.hooks, config, self._run_coroutine, _served_routes(manifest, api))
        kwargs.setdefault("follow_redirects", True)
        super().__init__(base_url=base_url, transport=_InProcessTransport(app, self.hooks), **kwargs)
        self.api = api

    def _run_coroutine(self, coroutine: Any) -> Any:
        return self._loop.run_until_complete(coroutine)

    def close(self) -> None:
        super().close()
        if not self._loop.is_closed():
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()
