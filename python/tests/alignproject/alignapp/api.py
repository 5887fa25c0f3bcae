"""Handlers whose parameters exercise discover's parameter rules."""

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional

from django_bolt import BoltAPI, Cookie, Header, Path, Query, Request
from msgspec import Meta

from .aliases import Mode
from .enums import Colour, Status
from .models import (
    Auth,
    Filters,
    Generics,
    Item,
    Lower,
    Mapped,
    OrderedChild,
    Owner,
    Page,
    Pascal,
    Row,
    Scalars,
    Shapes,
    Tree,
    Unions,
    Upper,
)

api = BoltAPI()


@api.post("/unions")
def unions(body: Unions) -> Unions:
    raise NotImplementedError


@api.post("/scalars")
def scalars(body: Scalars) -> Generics:
    raise NotImplementedError


@api.post("/shapes")
def shapes(body: Shapes) -> list[Row]:
    raise NotImplementedError


@api.post("/cases")
def cases(body: tuple[Upper, Lower, Pascal, Mapped, OrderedChild]) -> Page[Tree]:
    raise NotImplementedError


@api.get("/owners")
def owners() -> list[Owner]:
    raise NotImplementedError


@api.get("/items/{item_id}/{colour}")
def get_item(
    request: Request,
    item_id: uuid.UUID,
    colour: Annotated[Colour, Path()],
    since: Optional[datetime.datetime] = None,
    price: Decimal = Decimal("1.0"),
    status: Status | None = None,
    mode: Mode = "a",
    flag: Literal[True, False] = True,
    either: Literal[1] | int = 1,
    anything: Item | Any = None,
    optional_any: Optional[Any] = None,
    required_any: Optional[Any] = Query(),
    limit: Annotated[int, Meta(ge=0), Query(le=10)] = 5,
    overridden: Annotated[int, Meta(ge=0, le=100)] = Query(50, ge=5),
    maybe: Optional[Annotated[int, Meta(le=9)]] = Query(None, ge=1),
    same_alias: str = Query("x", alias="same_alias"),
    ids: set[int] = Query(default=set()),
    filters: Annotated[Filters, Query()] = Filters(),
    auth: Annotated[Auth, Header()] = None,
    session: Annotated[Filters, Cookie()] = None,
    token: Annotated[Optional[Annotated[str, Meta(min_length=2)]], Header(alias="X-Token")] = None,
    day: datetime.date = Query(),
) -> Page[Item]:
    raise NotImplementedError
