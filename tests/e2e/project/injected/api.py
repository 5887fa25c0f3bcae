"""Routes with dependencies (see deps.py)."""

from typing import Annotated

from django_bolt import BoltAPI, Depends, Request
from django_bolt.status_codes import HTTP_201_CREATED

from .deps import Pagination, api_version, call_log, current_user, item_owner, stamp

api = BoltAPI(prefix="/injected")

CurrentUser = Annotated[dict, Depends(current_user)]


@api.get("/version")
def version(value: str = Depends(api_version)) -> dict:
    return {"version": value}


@api.get("/items")
def items(page: Pagination = Depends(Pagination), version: str = Depends(api_version)) -> dict:
    return {**page.as_dict(), "version": version}


@api.get("/me")
async def me(user: CurrentUser, request: Request) -> dict:
    return {"user": user, "calls": call_log(request)}


@api.get("/items/{item_id}")
def owned_item(request: Request, user: CurrentUser, owner: dict = Depends(item_owner)) -> dict:
    # `current_user` is depended on twice (here and by `item_owner`): called once.
    return {"owner": owner, "user": user, "calls": call_log(request)}


@api.get("/stamps")
def stamps(
    request: Request,
    first: int = Depends(stamp, use_cache=False),
    second: int = Depends(stamp, use_cache=False),
    cached: int = Depends(stamp),
    again: int = Depends(stamp),
) -> dict:
    return {"stamps": [first, second, cached, again], "calls": call_log(request)}


@api.post("/created", status_code=HTTP_201_CREATED)
def created(version: str = Depends(api_version)) -> dict:
    """`status_code=` as a `django_bolt.status_codes` constant."""
    return {"created": True, "version": version}
