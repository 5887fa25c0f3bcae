"""The Python work every framework must do per request of the benchmark API, timed alone.

For each endpoint: decoding the body with msgspec (where there is one), calling the handler of
``apps/django_app/benchapp/api.py`` and encoding its result with msgspec — no HTTP, no
framework. Added to the floor reference's cost per request (actix + one trivial Python call,
measured by ``bench/run``), it is the least CPU any framework that calls Python once per request
can spend; ``django-bolt's CPU / that sum`` is then the best ratio Bolt could reach on the
endpoint (issue #5: "if a target is out of reach, show the profile that proves what the floor is").

Run by ``bench/run`` (pinned to the server's core, after the load runs; ``--json`` output) in the
Bolt venv (Python 3.12, Django 6), or by hand:
``PYTHONPATH=bench:bench/apps/django_app DJANGO_SETTINGS_MODULE=benchproject.settings
BENCH_DB=bench/apps/django_app/db-bolt.sqlite3 bench/.venvs/bolt/bin/python bench/handler_work.py``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

ROUNDS = 7
MIN_ROUND_SECONDS = 0.2


def per_call(step: Callable[[], Any]) -> float:
    """Microseconds per call: the fastest of ROUNDS rounds (the least disturbed)."""
    calls = 1
    while True:  # calibrate: a round lasts at least MIN_ROUND_SECONDS
        start = time.perf_counter()
        for _ in range(calls):
            step()
        if time.perf_counter() - start >= MIN_ROUND_SECONDS:
            break
        calls *= 2
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(calls):
            step()
        best = min(best, (time.perf_counter() - start) / calls)
    return best * 1e6


def run_inline(coro: Any) -> Any:
    """Drives a coroutine that never waits on a future (bare yields only), like Bolt does."""
    try:
        while True:
            coro.send(None)
    except StopIteration as done:
        return done.value


def steps() -> dict[str, Callable[[], Any]]:
    """Each endpoint's Python work as one call (keyed like the harness's endpoints); also what
    the floor reference (`floor/serve.py`) runs per request. Sets Django up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchproject.settings")
    import django

    django.setup()
    import msgspec
    from benchapp import api

    import payloads

    encode = msgspec.json.encode
    item_decoder = msgspec.json.Decoder(api.Item)
    items_decoder = msgspec.json.Decoder(list[api.Item])
    users = msgspec.convert  # `response_model=list[UserOut]` conversion, as both frameworks do
    item_body = payloads.dumps(payloads.ITEM_1K)
    bulk_body = payloads.dumps(payloads.BULK_10K)
    invalid_body = payloads.dumps(payloads.INVALID_ITEM)

    def invalid() -> None:
        try:
            item_decoder.decode(invalid_body)
        except msgspec.ValidationError:
            pass

    loop = asyncio.new_event_loop()

    def users_async() -> bytes:
        rows = loop.run_until_complete(api.users_async())
        return encode(users(rows, list[api.UserOut], from_attributes=True))

    return {
        "root": lambda: encode(api.root()),
        "items_get": lambda: encode(api.get_item(42, "hello")),
        "items_post": lambda: encode(api.create_item(item_decoder.decode(item_body))),
        "bulk": lambda: encode(api.bulk(items_decoder.decode(bulk_body))),
        "json10k": lambda: encode(api.json10k()),
        "invalid": invalid,
        "async": lambda: encode(run_inline(api.async_sleep())),
        "users_async": users_async,
        "users_sync": lambda: encode(users(api.users_sync(), list[api.UserOut], from_attributes=True)),
        "depends": lambda: encode(api.with_dependencies(api.api_version("v1"), api.paging(2, 5))),
    }


def main() -> None:
    work = steps()
    costs = {key: round(per_call(step), 2) for key, step in work.items()}
    if "--json" in sys.argv:
        print(json.dumps(costs))
        return
    print("| endpoint | Python work µs/request |")
    print("|---|---:|")
    for key, cost in costs.items():
        print(f"| {key} | {cost:.2f} |")


if __name__ == "__main__":
    main()
