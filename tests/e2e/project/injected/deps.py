"""Dependencies (django-bolt's `Depends`): sync and async, nested, cached and not, a class,
parameters of every source coerced natively, and errors raised before the handler."""

import asyncio
from typing import Annotated

from django_bolt import Depends, Header, Query, Request
from django_bolt.exceptions import HTTPException


def api_version(x_api_version: Annotated[str, Header()] = "v1") -> str:
    return x_api_version


def call_log(request: Request) -> list[str]:
    """The dependency calls of this request (on `request.state`: one request object for
    the handler and all its dependencies)."""
    log: list[str] = request.state.setdefault("calls", [])
    return log


async def current_user(request: Request, authorization: Annotated[str | None, Header()] = None) -> dict:
    await asyncio.sleep(0)
    call_log(request).append("current_user")
    if authorization != "Bearer good":
        raise HTTPException(401, "not authenticated")
    return {"name": "ann"}


def item_owner(item_id: int, request: Request, user: dict = Depends(current_user)) -> dict:
    call_log(request).append("item_owner")
    return {"item": item_id, "owner": user["name"]}


class Pagination:
    def __init__(self, page: int = 1, size: Annotated[int, Query(ge=1, le=50)] = 10, *, order: str = "asc"):
        self.page = page
        self.size = size
        self.order = order

    def as_dict(self) -> dict:
        return {"page": self.page, "size": self.size, "order": self.order}


def stamp(request: Request) -> int:
    log = call_log(request)
    log.append("stamp")
    return len(log)
