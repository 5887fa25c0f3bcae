"""`BoltAPI(trailing_slash=...)`: "append" (Django's convention, routers' routes included)
and "keep"; the other form of a path is redirected (308) to the route's."""

from django_bolt import BoltAPI, Router

api = BoltAPI(prefix="/slashes", trailing_slash="append")
kept = BoltAPI(prefix="/kept", trailing_slash="keep")
nested = Router(prefix="/nested")


@api.get("/items")
def items(page: int = 1) -> dict:
    return {"page": page}


@api.get("/items/{item_id}")
def item(item_id: int) -> dict:
    return {"item": item_id}


@nested.get("/leaf")
def leaf() -> dict:
    return {"leaf": True}


api.include_router(nested)


@kept.get("/plain")
def plain() -> dict:
    return {"slash": False}


@kept.get("/slashed/")
def slashed() -> dict:
    return {"slash": True}
