"""`error_formatter=`: RFC 9457 Problem Details (`django_bolt.error_handlers.problem_details`)
on one API, a project formatter on another; every error of their routes goes through them."""

from typing import Annotated

import msgspec
from django_bolt import BoltAPI, Query
from django_bolt.error_handlers import problem_details
from django_bolt.exceptions import HTTPException, NotFound

from .formatters import plain_errors

api = BoltAPI(prefix="/problems", error_formatter=problem_details)
custom = BoltAPI(prefix="/custom-errors", error_formatter=plain_errors)


class Thing(msgspec.Struct):
    name: Annotated[str, msgspec.Meta(min_length=1)]
    size: int


@api.get("/items/{item_id}")
def item(item_id: int, limit: Annotated[int, Query(le=10)] = 5) -> dict:
    if item_id == 404:
        raise NotFound(detail="no such item", extra={"item": item_id})
    if item_id == 500:
        raise RuntimeError("boom (expected by the e2e tests)")
    return {"item": item_id, "limit": limit}


@custom.post("/things")
def things(thing: Thing) -> dict:
    if thing.size > 100:
        raise HTTPException(409, "too big", headers={"Retry-After": "5"})
    return {"name": thing.name}


class Conflict(msgspec.Struct):
    code: str
    existing: int


@custom.post("/typed")
def typed_conflict(thing: Thing) -> dict:
    """`HTTPException(..., body=Struct)`: the typed body as it is, not the formatter's."""
    raise HTTPException(409, "duplicate", headers={"X-Dup": "1"}, body=Conflict(code="duplicate", existing=thing.size))
