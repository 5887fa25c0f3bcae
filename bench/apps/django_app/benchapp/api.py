"""The benchmark API, written once for django-bolt's public API.

PyPI django-bolt 0.13 serves this file as it is; Bolt compiles it with `bolt build` and serves
the same file — one project, two frameworks, no copy to keep in step.
"""

import asyncio
from typing import Annotated

import msgspec
from django_bolt import BoltAPI, Depends
from django_bolt.param_functions import Body, Header
from payloads import HELLO, RESPONSE_10K

from .models import User

api = BoltAPI()


class Item(msgspec.Struct):
    id: int
    name: str
    price: float
    in_stock: bool
    tags: list[str]
    description: str


class UserOut(msgspec.Struct):
    id: int
    username: str
    email: str
    is_active: bool
    score: int


@api.get("/")
def root() -> dict:
    return HELLO


@api.get("/items/{item_id}")
def get_item(item_id: int, q: str | None = None) -> dict:
    return {"item_id": item_id, "q": q}


@api.post("/items")
def create_item(item: Item) -> Item:
    return item


@api.post("/bulk")
def bulk(items: Annotated[list[Item], Body()]) -> dict:
    return {"count": len(items)}


@api.get("/json10k")
def json10k() -> list:
    return RESPONSE_10K


@api.get("/async")
async def async_sleep() -> dict:
    await asyncio.sleep(0)
    return HELLO


@api.get("/users", response_model=list[UserOut])
async def users_async() -> list[UserOut]:
    return [user async for user in User.objects.all()[:10]]


@api.get("/users/sync", response_model=list[UserOut])
def users_sync() -> list[UserOut]:
    return list(User.objects.all()[:10])


def api_version(x_api_version: Annotated[str, Header()] = "v1") -> str:
    return x_api_version


def paging(page: int = 1, size: int = 10) -> dict:
    return {"page": page, "size": size}


@api.get("/deps")
def with_dependencies(version: str = Depends(api_version), pages: dict = Depends(paging)) -> dict:  # noqa: B008  (django-bolt's documented form)
    return {"version": version, **pages}
