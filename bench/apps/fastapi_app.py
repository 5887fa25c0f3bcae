"""The benchmark API in FastAPI (pydantic v2 models, its idiomatic body type).

Every handler is `async def`: FastAPI runs a plain `def` in a thread pool (a thread hop per
request, ~4x the CPU here), while Bolt, django-bolt and Litestar (`sync_to_thread=False`) call
non-blocking handlers inline; `async def` is how FastAPI does that.

Served by `uvicorn fastapi_app:app --workers 1 --loop uvloop --http httptools --no-access-log`.
"""

from __future__ import annotations

import asyncio

from fastapi import FastAPI
from payloads import HELLO, RESPONSE_10K
from pydantic import BaseModel

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


class Item(BaseModel):
    id: int
    name: str
    price: float
    in_stock: bool
    tags: list[str]
    description: str


@app.get("/")
async def root() -> dict:
    return HELLO


@app.get("/items/{item_id}")
async def get_item(item_id: int, q: str | None = None) -> dict:
    return {"item_id": item_id, "q": q}


@app.post("/items")
async def create_item(item: Item) -> Item:
    return item


@app.post("/bulk")
async def bulk(items: list[Item]) -> dict:
    return {"count": len(items)}


@app.get("/json10k")
async def json10k() -> list:
    return RESPONSE_10K


@app.get("/async")
async def async_sleep() -> dict:
    await asyncio.sleep(0)
    return HELLO
