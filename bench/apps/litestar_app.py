"""The benchmark API in Litestar (msgspec Structs, its idiomatic body type).

Served by `granian litestar_app:app --interface asgi --workers 1 --loop uvloop --http 1`.
Litestar answers body validation errors with 400; an exception handler maps them to 422 like
the other frameworks (same body shape as Litestar's own).
"""

from __future__ import annotations

import asyncio

import msgspec
from litestar import Litestar, Request, Response, get, post
from litestar.exceptions import ValidationException
from payloads import HELLO, RESPONSE_10K


class Item(msgspec.Struct):
    id: int
    name: str
    price: float
    in_stock: bool
    tags: list[str]
    description: str


@get("/", sync_to_thread=False)
def root() -> dict:
    return HELLO


@get("/items/{item_id:int}", sync_to_thread=False)
def get_item(item_id: int, q: str | None = None) -> dict:
    return {"item_id": item_id, "q": q}


@post("/items", status_code=200, sync_to_thread=False)
def create_item(data: Item) -> Item:
    return data


@post("/bulk", status_code=200, sync_to_thread=False)
def bulk(data: list[Item]) -> dict:
    return {"count": len(data)}


@get("/json10k", sync_to_thread=False)
def json10k() -> list:
    return RESPONSE_10K


@get("/async")
async def async_sleep() -> dict:
    await asyncio.sleep(0)
    return HELLO


def validation_422(_request: Request, exc: ValidationException) -> Response:
    return Response({"detail": exc.detail, "extra": exc.extra}, status_code=422)


app = Litestar(
    route_handlers=[root, get_item, create_item, bulk, json10k, async_sleep],
    exception_handlers={ValidationException: validation_422},
    openapi_config=None,
)
