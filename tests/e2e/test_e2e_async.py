"""Awaiting handlers on the worker thread's own asyncio loop (`/extras/aio/...`): real timers
run concurrently, executors (Django's `sync_to_async`) wake the loop, asyncio's view of the
handler is a real task on a running loop, and requests can wake each other up."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from typing import Any

from bolt_testing import Server

from e2e_support import Reply, request

JSON_TYPE = "application/json"


def ok(reply: Reply, status: int = 200) -> Any:
    assert reply.status == status, (reply.status, reply.body)
    assert reply.content_type == JSON_TYPE, reply.headers
    return reply.json()


def concurrently(calls: list[Callable[[], Reply]]) -> tuple[list[Reply], float]:
    """Runs the calls on threads at once; their replies (in order) and the time taken."""
    replies: list[Reply | None] = [None] * len(calls)

    def run(index: int) -> None:
        replies[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    elapsed = time.monotonic() - started
    assert all(reply is not None for reply in replies), "a request did not finish"
    return [reply for reply in replies if reply is not None], elapsed


def test_real_timers_run_concurrently(port):
    replies, elapsed = concurrently([lambda: request(port, "GET", "/extras/aio/sleep?ms=50") for _ in range(20)])
    for reply in replies:
        assert 0.045 <= ok(reply)["elapsed"] < 0.5
    assert elapsed < 20 * 0.05 / 2, f"20 requests sleeping 0.05 s each took {elapsed:.2f}s: serialized"


def test_gather_of_several_sleeps(port):
    body = ok(request(port, "GET", "/extras/aio/gather"))
    assert body["values"] == [0, 1, 2, 3, 4]
    assert 0.095 <= body["elapsed"] < 0.4, "the five 0.1 s sleeps ran together"


def test_sync_to_async_orm_runs_in_a_thread_and_wakes_the_loop(port):
    ok(request(port, "POST", "/api/products", json_body={"name": "Async pen", "price": 2.0, "stock": 1}), 201)
    replies, _ = concurrently([lambda: request(port, "GET", "/extras/aio/orm") for _ in range(10)])
    for reply in replies:
        body = ok(reply)
        assert body["count"] >= 1
        assert body["thread"] != body["loop_thread"], "the ORM ran in an executor thread"
        assert body["first"]


def test_an_exception_after_an_await_is_500_and_logged(server: Server):
    for _ in range(2):
        reply = request(server.port, "GET", "/extras/aio/fail-after-await")
        assert (reply.status, reply.json()) == (500, {"detail": "Internal Server Error"})
    assert ok(request(server.port, "GET", "/extras/aio/sleep?ms=1"))["slept_ms"] == 1
    log = server.log()
    assert "failed after an await (expected by the e2e tests)" in log
    assert "GET /extras/aio/fail-after-await -> extras.api.fail_after_await" in log


def test_the_handler_is_a_task_on_the_running_loop_of_the_worker_thread(port):
    first = ok(request(port, "GET", "/extras/aio/introspect"))
    assert first["task"], "asyncio.current_task() is the handler's task from its first line"
    assert first["running"]
    assert first["same_task"]
    assert first["same_loop"]
    assert first["timed_out"], "asyncio.timeout() works"
    second = ok(request(port, "GET", "/extras/aio/introspect"))
    assert second["tag"] == "unset", "a context variable set by a request does not leak into the next"
    assert second["thread"] == first["thread"]


def test_a_handler_awaits_an_event_set_by_another_request(port):
    key = f"k{time.monotonic_ns()}"
    waiting: list[Reply] = []
    waiter = threading.Thread(target=lambda: waiting.append(request(port, "GET", f"/extras/aio/wait/{key}")))
    waiter.start()
    time.sleep(0.1)
    assert waiter.is_alive(), "the waiter waits"
    assert ok(request(port, "GET", "/extras/aio/sleep?ms=1"))["slept_ms"] == 1, "the worker serves meanwhile"
    assert ok(request(port, "POST", f"/extras/aio/set/{key}")) == {"set": key}
    waiter.join(5)
    assert not waiter.is_alive()
    assert ok(waiting[0]) == {"woken": key}


def test_a_client_that_disconnects_has_its_task_cancelled(port):
    """Nobody reads the answer of a departed client: its handler is cancelled at its `await`
    (tests/reliability/test_departed_clients.py counts the `CancelledError`s)."""
    tag = f"gone{time.monotonic_ns()}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", f"/extras/aio/sleep?ms=200&tag={tag}")
    time.sleep(0.05)
    connection.close()
    assert ok(request(port, "GET", "/extras/aio/sleep?ms=1"))["slept_ms"] == 1
    time.sleep(0.5)
    assert tag not in ok(request(port, "GET", "/extras/aio/finished"))["finished"]


def test_an_inline_handler_schedules_work_on_the_running_loop_and_it_runs(port):
    tag = f"inline{time.monotonic_ns()}"
    answer = ok(request(port, "GET", f"/extras/aio/inline/{tag}"))
    assert answer["running"] is True
    deadline = time.monotonic() + 5
    expected = {f"{tag}-soon", f"{tag}-task", f"{tag}-timer"}
    while not expected <= set(ok(request(port, "GET", "/extras/aio/background"))["done"]):
        assert time.monotonic() < deadline, "work scheduled by an inline handler never ran"
        time.sleep(0.02)
