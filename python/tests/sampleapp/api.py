"""A sample API for the unit tests; ``MANIFEST`` in ``manifests.py`` is what discover makes of it."""

import asyncio
from typing import Annotated

import msgspec

from django_bolt import JSON, BoltAPI, Header, PlainText, Query, Request
from django_bolt.param_functions import Cookie

api = BoltAPI(prefix="/api")


class Tag(msgspec.Struct):
    name: str
    weight: int = 1


class Item(msgspec.Struct):
    name: Annotated[str, msgspec.Meta(min_length=1)]
    price: float
    tags: list[Tag] = []
    note: str | None = None


@api.get("/")
def root() -> dict:
    return {"hello": "world"}


@api.get("/items/{item_id}")
async def get_item(
    item_id: int,
    q: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    x_token: str = Header(alias="X-Token"),
    session: Annotated[str | None, Cookie()] = None,
) -> Item:
    return Item(name=str(item_id), price=1.0)


@api.post("/items", status_code=201)
async def create_item(item: Item, request: Request) -> dict:
    await asyncio.sleep(0)
    return {"name": item.name}


@api.put("/items/{item_id}", response_model=list[Item])
def put_items(item_id: int, items: list[Item], *, dry: bool = False) -> list[Item]:
    return items


@api.get("/text")
def text() -> PlainText:
    return PlainText("hi")


@api.get("/json")
def json_() -> JSON:
    return JSON({"a": 1})
