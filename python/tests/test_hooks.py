import asyncio
import datetime as dt
import decimal
import logging
import select
import threading
import time
import uuid
from pathlib import PurePosixPath

import msgspec
import pytest
from django.http import HttpResponse
from django.utils.translation import gettext_lazy
from sampleapp.models import Category, Product

from django_bolt import HTML, JSON, HTTPException, PlainText, Redirect, Response
from django_bolt.exceptions import ResponseValidationError
from django_bolt.runtime.hooks import MISSING, Hooks


@pytest.fixture
def hooks():
    instance = Hooks()
    yield instance
    instance.stop()


def test_contract_attributes(hooks):
    assert hooks.missing is MISSING
    assert repr(MISSING) == "<missing>"
    assert hooks.http_exception is HTTPException
    assert {Response, JSON, PlainText, HTML, Redirect, HttpResponse} <= set(hooks.response_classes)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (JSON({"a": 1}), (200, [("content-type", "application/json")], b'{"a":1}')),
        (
            JSON([1], status_code=201, headers={"X-A": "b"}),
            (201, [("content-type", "application/json"), ("X-A", "b")], b"[1]"),
        ),
        (PlainText("hé"), (200, [("content-type", "text/plain; charset=utf-8")], "hé".encode())),
        (HTML("<p>x</p>", status_code=202), (202, [("content-type", "text/html; charset=utf-8")], b"<p>x</p>")),
        (Response({"k": None}), (200, [("content-type", "application/json")], b'{"k":null}')),
        (Response(), (200, [("content-type", "application/json")], b"{}")),
        (Response("text", media_type="text/csv", status_code=203), (203, [("content-type", "text/csv")], b"text")),
        (
            Response(b"\x00\x01", media_type="application/json"),
            (200, [("content-type", "application/json")], b"\x00\x01"),
        ),
        (
            Response("x", headers={"Content-Type": "application/x-custom"}),
            (200, [("Content-Type", "application/x-custom")], b'"x"'),
        ),
        (Redirect("/to"), (307, [("content-type", "text/plain; charset=utf-8"), ("location", "/to")], b"")),
        (
            Redirect("/to", status_code=302, headers={"X-B": "c"}),
            (302, [("content-type", "text/plain; charset=utf-8"), ("location", "/to"), ("X-B", "c")], b""),
        ),
    ],
)
def test_render_response(hooks, response, expected):
    assert hooks.render_response(response) == expected


def test_render_response_with_cookies(hooks):
    response = JSON({}).set_cookie("session", "abc", httponly=True, max_age=60).delete_cookie("old")
    _status, headers, _body = hooks.render_response(response)
    cookies = [value for name, value in headers if name == "set-cookie"]
    assert cookies[0] == "session=abc; HttpOnly; Max-Age=60; Path=/; SameSite=Lax"
    assert cookies[1].startswith("old=")
    assert "Max-Age=0" in cookies[1]


def test_render_django_http_response(hooks):
    response = HttpResponse("hello", status=418, content_type="text/plain")
    response["X-Thing"] = "1"
    status, headers, body = hooks.render_response(response)
    assert status == 418
    assert ("Content-Type", "text/plain") in headers
    assert ("X-Thing", "1") in headers
    assert body == b"hello"


class Out(msgspec.Struct):
    name: str
    price: decimal.Decimal


def test_encode_json_native_and_django_values(hooks):
    when = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    ident = uuid.UUID(int=1)
    value = {
        "d": decimal.Decimal("1.50"),
        "t": when,
        "date": dt.date(2024, 1, 2),
        "u": ident,
        "lazy": gettext_lazy("Hello"),
        "path": PurePosixPath("/a/b"),
        "set": {1},
        "gen": (i for i in range(2)),
        "struct": Out(name="x", price=decimal.Decimal("2")),
    }
    assert msgspec.json.decode(hooks.encode_json(value)) == {
        "d": "1.50",
        "t": "2024-01-02T03:04:05Z",
        "date": "2024-01-02",
        "u": str(ident),
        "lazy": "Hello",
        "path": "/a/b",
        "set": [1],
        "gen": [0, 1],
        "struct": {"name": "x", "price": "2"},
    }


def test_encode_model_instances(hooks):
    product = Product(id=3, name="pen", price=decimal.Decimal("1.25"), category=Category(id=7, title="t"))
    assert msgspec.json.decode(hooks.encode_json(product)) == {
        "id": 3,
        "name": "pen",
        "price": "1.25",
        "category_id": 7,
    }


def test_encode_unknown_object_is_a_type_error(hooks):
    with pytest.raises(TypeError, match="not JSON serializable"):
        hooks.encode_json(object())


def test_convert_response(hooks):
    product = Product(id=3, name="pen", price=decimal.Decimal("1.25"))
    assert hooks.convert_response(product, Out) == Out(name="pen", price=decimal.Decimal("1.25"))
    assert hooks.convert_response({"name": "a", "price": "2"}, Out) == Out(name="a", price=decimal.Decimal("2"))
    assert hooks.convert_response(iter([product]), list[Out]) == [Out(name="pen", price=decimal.Decimal("1.25"))]
    response = JSON({})
    assert hooks.convert_response(response, dict) is response
    with pytest.raises(ResponseValidationError):
        hooks.convert_response({"name": 1}, Out)


def _drive(worker, done, timeout=5.0):
    """What the extension's driver does: run the loop whenever its selector is readable or
    its next run is due, until ``done()``."""
    poller = select.poll()
    poller.register(worker.fileno(), select.POLLIN)
    deadline = time.monotonic() + timeout
    next_run = worker.run()
    while not done():
        assert time.monotonic() < deadline, "the loop did not finish in time"
        poller.poll(None if next_run is None else next_run * 1000)
        next_run = worker.run()


def test_submit_runs_the_task_inline_as_far_as_it_goes(hooks):
    worker = hooks.event_loop()

    async def ok(n):
        assert asyncio.current_task() is not None
        assert asyncio.get_running_loop() is worker.loop
        await asyncio.sleep(0)
        return n * 2

    task, next_run = worker.submit(ok(21))
    assert task.done()
    assert task.result() == 42
    assert next_run is None
    assert asyncio._get_running_loop() is None, "the running loop is set only while the loop runs"
    assert not worker.tasks


def test_a_timer_set_by_an_inline_step_leaves_a_ready_callback_and_one_in_submit_does_not(hooks):
    worker = hooks.event_loop()
    fired = []

    async def sets_a_timer():
        asyncio.get_running_loop().call_later(0.01, fired.append, "inside")
        return None

    worker.submit(sets_a_timer())
    assert not worker.ready, "submit reports its timers itself"
    worker.loop.inline_step = True  # what the extension sets around an inline handler's step
    worker.loop.call_later(0.01, fired.append, "outside")
    worker.loop.inline_step = False
    assert worker.ready, "the extension sees the ready queue after an inline handler"
    _drive(worker, lambda: len(fired) == 2)
    assert sorted(fired) == ["inside", "outside"]


def test_submit_and_run_finish_waiting_tasks_on_this_thread(hooks):
    worker = hooks.event_loop()
    threads = set()
    event = asyncio.Event()

    async def sleeper():
        async with asyncio.timeout(2):
            await asyncio.gather(*(asyncio.sleep(0.05) for _ in range(3)))
        threads.add(threading.current_thread())
        return "slept"

    async def waiter():
        await event.wait()
        return "woken"

    async def setter():
        event.set()
        return "set"

    async def in_executor():
        return await asyncio.get_running_loop().run_in_executor(None, sum, [1, 2])

    async def fail():
        await asyncio.sleep(0.01)
        raise ValueError("boom")

    started = time.monotonic()
    sleepers = [worker.submit(sleeper()) for _ in range(10)]
    assert all(not task.done() and 0 < next_run <= 0.05 for task, next_run in sleepers)
    waiting, _ = worker.submit(waiter())
    set_task, next_run = worker.submit(setter())
    assert set_task.result() == "set"
    assert next_run == 0.0, "the waiter's wake-up is ready"
    executor, _ = worker.submit(in_executor())
    failing, _ = worker.submit(fail())
    tasks = [task for task, _ in sleepers] + [waiting, executor, failing]
    assert worker.tasks == {task for task in tasks if not task.done()}
    _drive(worker, lambda: not worker.tasks)
    assert time.monotonic() - started < 1, "the timers ran concurrently"
    assert [task.result() for task, _ in sleepers] == ["slept"] * 10
    assert threads == {threading.current_thread()}
    assert (waiting.result(), executor.result()) == ("woken", 3)
    assert isinstance(failing.exception(), ValueError)


def test_stop_cancels_what_still_runs_and_closes_the_loops(hooks):
    worker = hooks.event_loop()
    cancelled = []

    async def forever():
        try:
            await asyncio.sleep(100)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    task, _ = worker.submit(forever())
    hooks.stop()
    assert task.cancelled()
    assert cancelled == [True]
    assert worker.loop.is_closed()
    hooks.stop()  # idempotent


def test_log_exception(caplog):
    try:
        raise KeyError("x")
    except KeyError as exc:
        error = exc
    with caplog.at_level(logging.ERROR, logger="django_bolt"):
        Hooks.log_exception(error, "GET /x")
    assert "Unhandled exception in GET /x" in caplog.text
    assert caplog.records[0].exc_info[0] is KeyError
