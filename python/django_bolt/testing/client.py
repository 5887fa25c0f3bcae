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
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import Any

import httpx

from ..api import BoltAPI
from ..runtime.binding import build_bindings, default_error_formatter
from ..runtime.hooks import Hooks
from ..runtime.loader import load_extension
from ..runtime.server import ServeOptions, server_config
from ..runtime.verify import collect_apis

__all__ = ["AsyncTestClient", "TestClient"]


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


class _InProcessApp:
    """The compiled pipeline of the project's build, in process: what both clients send to."""

    def __init__(self, api: BoltAPI | None, raise_server_exceptions: bool) -> None:
        ext: ModuleType = load_extension()
        manifest: dict[str, Any] = json.loads(ext.MANIFEST)
        self.hooks = _TestHooks(raise_server_exceptions)
        bindings = build_bindings(manifest, self.hooks.missing)
        self.hooks.error_formatter = default_error_formatter(manifest)
        self._loop = asyncio.new_event_loop()
        config = server_config(ServeOptions(), reuse_port=False)
        self._app = ext.TestApp(bindings, self.hooks, config, self._run_coroutine, _served_routes(manifest, api))

    def _run_coroutine(self, coroutine: Any) -> Any:
        return self._loop.run_until_complete(coroutine)

    def answer(self, request: httpx.Request, body: bytes) -> httpx.Response:
        """``request`` answered by the pipeline on the calling thread; a handler's unhandled
        exception is raised here with ``raise_server_exceptions``."""
        path, _, query = request.url.raw_path.partition(b"?")
        headers = [(name.decode("latin-1").lower(), value) for name, value in request.headers.raw]
        self.hooks.raised = None
        status, response_headers, content = self._app.request(
            request.method, path.decode("ascii"), query.decode("latin-1"), headers, body
        )
        raised, self.hooks.raised = self.hooks.raised, None
        if raised is not None and self.hooks.raise_server_exceptions:
            raise raised
        return httpx.Response(status, headers=response_headers, content=content, request=request)

    def close(self) -> None:
        if not self._loop.is_closed():
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()


class _InProcessTransport(httpx.BaseTransport):
    def __init__(self, app: _InProcessApp) -> None:
        self._app = app

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._app.answer(request, request.read())


class _AsyncInProcessTransport(httpx.AsyncBaseTransport):
    """Answers on the client's own worker thread, so the test's event loop keeps running."""

    def __init__(self, app: _InProcessApp) -> None:
        self._app = app
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bolt-test-client")

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._app.answer, request, body)

    async def aclose(self) -> None:
        self._executor.shutdown(wait=True)


def _client_parts(
    api: BoltAPI | None, raise_server_exceptions: bool, kwargs: dict[str, Any]
) -> tuple[_InProcessApp, _TestHooks, BoltAPI | None]:
    """What both clients are made of (``kwargs``: httpx's, redirects followed as in 0.13)."""
    kwargs.setdefault("follow_redirects", True)
    app = _InProcessApp(api, raise_server_exceptions)
    return app, app.hooks, api


class TestClient(httpx.Client):
    """django-bolt 0.13's ``TestClient(api)``: ``client.get("/items/1")`` returns an
    ``httpx.Response`` from the compiled pipeline, in process, the handler on the calling
    thread (a sync one inside the test's database transaction).

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
        self._app, self.hooks, self.api = _client_parts(api, raise_server_exceptions, kwargs)
        super().__init__(base_url=base_url, transport=_InProcessTransport(self._app), **kwargs)

    def close(self) -> None:
        super().close()
        self._app.close()


class AsyncTestClient(httpx.AsyncClient):
    """django-bolt 0.13's ``AsyncTestClient(api)`` for async tests: ``await client.get(...)``.
    Requests run on the client's own thread (the test's event loop keeps running), so, as in
    0.13, a sync handler uses that thread's database connection, not the test's transaction:
    use ``TransactionTestCase`` (or ``django_db(transaction=True)``) when handlers read rows the
    test wrote. Same options as :class:`TestClient`."""

    __test__ = False

    def __init__(
        self,
        api: BoltAPI | None = None,
        base_url: str = "http://testserver",
        raise_server_exceptions: bool = True,
        **kwargs: Any,
    ) -> None:
        self._app, self.hooks, self.api = _client_parts(api, raise_server_exceptions, kwargs)
        super().__init__(base_url=base_url, transport=_AsyncInProcessTransport(self._app), **kwargs)

    async def aclose(self) -> None:
        await super().aclose()
        self._app.close()
