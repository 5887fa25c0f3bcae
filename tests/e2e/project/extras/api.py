"""A second API module, found by the `api.py` scan; it holds three BoltAPI objects.

Under `/extras/aio`: awaiting handlers on the worker's own event loop (timers, gather,
executors via Django's `sync_to_async`, exceptions after an await, asyncio introspection,
requests that wake each other up)."""

import asyncio
import contextvars
import threading
import time

from asgiref.sync import sync_to_async
from django_bolt import BoltAPI, PlainText

from catalog.models import Product

api = BoltAPI(prefix="/extras")
admin = BoltAPI(prefix="/admin")
site = BoltAPI()


@site.get("/")
def index() -> dict:
    return {"apis": ["/api", "/extras", "/admin"]}


@api.get("/ping")
def ping() -> PlainText:
    return PlainText("pong")


@api.delete("/cache/{key}")
async def clear_cache(key: str) -> dict:
    return {"cleared": key}


@api.patch("/flags/{name}")
def set_flag(name: str, on: bool = True) -> dict:
    return {"flag": name, "on": on}


@admin.get("/stats")
async def stats() -> dict:
    return {"products": await Product.objects.acount()}


# -- awaiting handlers on the worker's event loop ----------------------------------------

_events: dict[str, asyncio.Event] = {}
_finished: list[str] = []
_request_tag: contextvars.ContextVar[str] = contextvars.ContextVar("request_tag", default="unset")


def _event(key: str) -> asyncio.Event:
    return _events.setdefault(key, asyncio.Event())


@api.get("/aio/sleep")
async def sleep(ms: int = 50, tag: str = "") -> dict:
    started = time.monotonic()
    await asyncio.sleep(ms / 1000)
    if tag:
        _finished.append(tag)
    return {"slept_ms": ms, "elapsed": time.monotonic() - started}


@api.get("/aio/gather")
async def gather() -> dict:
    started = time.monotonic()
    values = await asyncio.gather(*(asyncio.sleep(0.1, result=n) for n in range(5)))
    return {"values": values, "elapsed": time.monotonic() - started}


def _count_products() -> dict:
    return {"count": Product.objects.count(), "thread": threading.current_thread().name}


@api.get("/aio/orm")
async def orm() -> dict:
    counted = await sync_to_async(_count_products)()
    listed = [product.name async for product in Product.objects.order_by("id")[:3]]
    return {**counted, "first": listed, "loop_thread": threading.current_thread().name}


@api.get("/aio/fail-after-await")
async def fail_after_await() -> dict:
    await asyncio.sleep(0.01)
    raise ValueError("failed after an await (expected by the e2e tests)")


@api.get("/aio/introspect")
async def introspect() -> dict:
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    before = {"task": task is not None, "running": loop.is_running(), "tag": _request_tag.get()}
    _request_tag.set("introspect")
    async with asyncio.timeout(5):
        await asyncio.sleep(0.01)
    timed_out = False
    try:
        async with asyncio.timeout(0.02):
            await asyncio.sleep(5)
    except TimeoutError:
        timed_out = True
    return {
        **before,
        "same_task": asyncio.current_task() is task,
        "same_loop": asyncio.get_running_loop() is loop,
        "timed_out": timed_out,
        "thread": threading.current_thread().name,
    }


_background: list[str] = []
_background_tasks: set[asyncio.Task[None]] = set()


async def _record_later(value: str) -> None:
    await asyncio.sleep(0.01)
    _background.append(value)


@api.get("/aio/inline/{tag}")
async def inline_schedules(tag: str) -> dict:
    """Never awaits (so it runs inline), yet uses the running loop like any `async def`."""
    loop = asyncio.get_running_loop()
    task = loop.create_task(_record_later(f"{tag}-task"))
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    loop.call_later(0.05, _background.append, f"{tag}-timer")
    loop.call_soon(_background.append, f"{tag}-soon")
    return {"running": loop.is_running(), "thread": threading.current_thread().name}


@api.get("/aio/background")
def background() -> dict:
    return {"done": list(_background)}


@api.get("/aio/wait/{key}")
async def wait(key: str) -> dict:
    await asyncio.wait_for(_event(key).wait(), timeout=10)
    return {"woken": key}


@api.post("/aio/set/{key}")
async def set_event(key: str) -> dict:
    _event(key).set()
    await asyncio.sleep(0)
    return {"set": key}


@api.get("/aio/finished")
async def finished() -> dict:
    await asyncio.sleep(0)
    return {"finished": list(_finished)}
