"""The main end-to-end API: every feature in Bolt's scope, under the prefix `/api`."""

import asyncio
from typing import Annotated

import msgspec
from django_bolt import (
    HTML,
    JSON,
    Body,
    BoltAPI,
    Conflict,
    Cookie,
    Header,
    HTTPException,
    NotFound,
    PlainText,
    Query,
    Redirect,
    Request,
    Response,
)

from .models import Product
from .schemas import Line, Order, ProductIn, ProductOut, ProductPatch, Renamed, StrictPoint

api = BoltAPI(prefix="/api")


class Summary(msgspec.Struct):
    name: str
    total: float


def _out(product: Product) -> ProductOut:
    return ProductOut(id=product.id, name=product.name, price=float(product.price), stock=product.stock)


# -- routing and path parameters -----------------------------------------------------------


@api.get("/hello")
def root() -> dict:
    return {"hello": "bolt"}


@api.get("/types/{i}/{s}/{f}/{b}")
def path_types(i: int, s: str, f: float, b: bool) -> dict:
    return {"i": i, "s": s, "f": f, "b": b}


@api.get("/files/{p:path}")
def catch_all(p: str) -> dict:
    return {"path": p}


@api.get("/bounded/{n}")
def bounded_path(n: Annotated[int, msgspec.Meta(ge=1, le=10)]) -> dict:
    return {"n": n}


# -- query parameters ----------------------------------------------------------------------


@api.get("/search")
def search(
    q: str,
    page: Annotated[int, Query(ge=1, le=100)] = 1,
    size: int = Query(10, ge=1, le=50),
    ratio: float | None = None,
    sort_by: str = Query("name", alias="sort-by"),
    code: Annotated[str | None, Query(pattern="^[A-Z]{3}$")] = None,
    word: Annotated[str, Query(min_length=2, max_length=5)] = "ab",
    exact: bool = False,
    tags: list[int] = [],  # noqa: B006 - read only
) -> dict:
    return {
        "q": q,
        "page": page,
        "size": size,
        "ratio": ratio,
        "sort_by": sort_by,
        "code": code,
        "word": word,
        "exact": exact,
        "tags": tags,
    }


@api.get("/ids")
def sum_ids(ids: Annotated[list[int], Query(min_length=1, max_length=3)]) -> dict:
    return {"ids": ids, "sum": sum(ids)}


# -- headers and cookies -------------------------------------------------------------------


@api.get("/headers")
def headers(
    x_api_key: Annotated[str, Header()],
    session: Annotated[str, Cookie()],
    agent: str = Header("none", alias="User-Agent"),
    trace: int | None = Header(None, alias="X-Trace"),
    theme: str = Cookie("light"),
) -> dict:
    return {"x_api_key": x_api_key, "session": session, "agent": agent, "trace": trace, "theme": theme}


# -- bodies --------------------------------------------------------------------------------


@api.post("/orders", status_code=201)
def create_order(order: Order) -> dict:
    return {
        "customer": order.customer.name,
        "email": order.customer.email,
        "lines": len(order.lines),
        "total": sum(line.qty * line.price for line in order.lines),
        "note": order.note,
        "priority": order.priority,
        "tags": order.tags,
        "meta": order.meta,
    }


@api.post("/orders/echo")
async def echo_order(order: Order) -> Order:
    return order


@api.post("/lines/bulk")
def bulk_lines(lines: list[Line]) -> dict:
    return {"count": len(lines), "skus": [line.sku for line in lines]}


@api.post("/strict")
def strict(point: StrictPoint) -> StrictPoint:
    return point


@api.post("/renamed")
def renamed(value: Renamed) -> Renamed:
    return value


@api.post("/raw")
def raw(payload: Annotated[dict, Body()]) -> dict:
    return {"keys": sorted(payload)}


@api.put("/orders/{order_id}")
def replace_order(order_id: int, order: Order, dry_run: bool = False) -> dict:
    return {"order_id": order_id, "customer": order.customer.name, "dry_run": dry_run}


# -- the request object --------------------------------------------------------------------


@api.post("/echo/{name}")
def echo_request(name: str, request: Request) -> dict:
    return {
        "name": name,
        "method": request.method,
        "path": request.path,
        "query": request.query,
        "x_echo": request.headers.get("x-echo"),
        "cookies": request.cookies,
        "params": request.params,
        "body": request.body.decode(),
        "via_get": request.get("method"),
        "via_item": request["path"],
        "state": _use_state(request),
        "context": request.context,
    }


def _use_state(request: Request) -> dict:
    request.state["seen"] = request.state.get("seen", 0) + 1
    request["state"]["seen"] += 1
    return dict(request.state)


# -- handler kinds -------------------------------------------------------------------------


@api.get("/kinds/sync")
def kind_sync() -> dict:
    return {"kind": "sync"}


@api.get("/kinds/inline")
async def kind_inline(n: int = 1) -> dict:
    return {"kind": "async_inline", "n": n}


@api.get("/kinds/awaiting")
async def kind_awaiting(delay_ms: Annotated[int, Query(ge=0, le=500)] = 10) -> dict:
    await asyncio.sleep(delay_ms / 1000)
    return {"kind": "async_awaiting", "delay_ms": delay_ms}


# -- Django ORM ----------------------------------------------------------------------------


@api.get("/products", response_model=list[ProductOut])
async def list_products(limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[ProductOut]:
    return [product async for product in Product.objects.all()[:limit]]


@api.post("/products", status_code=201)
def create_product(data: ProductIn) -> ProductOut:
    return Product.objects.create(name=data.name, price=data.price, stock=data.stock)


@api.get("/products/count")
def count_products() -> dict:
    return {"count": Product.objects.count()}


@api.get("/products/{product_id}")
def get_product(product_id: int) -> ProductOut:
    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        raise NotFound(detail=f"Product {product_id} not found")
    return product


@api.put("/products/{product_id}")
async def replace_product(product_id: int, data: ProductIn) -> ProductOut:
    product = await Product.objects.filter(pk=product_id).afirst()
    if product is None:
        raise NotFound(detail=f"Product {product_id} not found")
    product.name, product.price, product.stock = data.name, data.price, data.stock
    await product.asave()
    await product.arefresh_from_db()
    return _out(product)


@api.patch("/products/{product_id}")
def patch_product(product_id: int, data: ProductPatch) -> ProductOut:
    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        raise NotFound(detail=f"Product {product_id} not found")
    for field in ("name", "price", "stock"):
        value = getattr(data, field)
        if value is not None:
            setattr(product, field, value)
    product.save()
    product.refresh_from_db()
    return product


@api.delete("/products/{product_id}")
async def delete_product(product_id: int) -> None:
    deleted, _ = await Product.objects.filter(pk=product_id).adelete()
    if not deleted:
        raise NotFound(detail=f"Product {product_id} not found")


# -- return values and coercion ------------------------------------------------------------


@api.get("/returns/dict")
def returns_dict() -> dict:
    return {"a": 1, "b": [True, None]}


@api.get("/returns/list")
def returns_list() -> list:
    return [1, "two", 3.5]


@api.get("/returns/struct")
def returns_struct() -> Summary:
    return Summary(name="s", total=1.5)


@api.get("/returns/structs")
def returns_structs() -> list[Summary]:
    return [Summary(name="a", total=1.0), Summary(name="b", total=2.0)]


@api.get("/returns/none")
def returns_none() -> None:
    return None


@api.get("/returns/str")
def returns_str() -> str:
    return "plain text"


@api.get("/returns/bytes")
def returns_bytes():  # `bytes` is not a manifest type: no annotation, returned as-is
    return b"\x00\x01binary"


@api.get("/coerce/model", response_model=Summary)
def coerce_model() -> dict:
    return {"name": "m", "total": 2, "ignored": "extra key"}


@api.get("/coerce/annotation")
def coerce_annotation() -> list[Summary]:
    return [{"name": "x", "total": 1}]  # type: ignore[list-item]


@api.get("/coerce/invalid")
def coerce_invalid() -> Summary:
    return {"name": 1}  # type: ignore[return-value]


@api.post("/accepted", status_code=202)
async def accepted() -> dict:
    return {"accepted": True}


# -- response classes ----------------------------------------------------------------------


@api.get("/responses/json")
def response_json() -> JSON:
    return JSON({"made": "json"}, status_code=201, headers={"X-Custom": "json"})


@api.get("/responses/plain")
def response_plain() -> PlainText:
    return PlainText("just text", status_code=203, headers={"X-Custom": "plain"})


@api.get("/responses/html")
def response_html() -> HTML:
    return HTML("<h1>Bolt</h1>")


@api.get("/responses/generic")
def response_generic() -> Response:
    return Response("a,b\n1,2\n", media_type="text/csv", headers={"X-Custom": "csv"})


@api.get("/responses/redirect")
def response_redirect() -> Redirect:
    return Redirect("/api/hello", status_code=302)


# -- errors --------------------------------------------------------------------------------


@api.get("/errors/http")
def error_http() -> dict:
    raise HTTPException(418, "I'm a teapot", headers={"X-Tea": "earl-grey"})


@api.get("/errors/default-detail")
def error_default_detail() -> dict:
    raise HTTPException(503)


@api.get("/errors/subclass")
async def error_subclass() -> dict:
    raise Conflict(detail="Already exists", headers={"X-Reason": "duplicate"}, extra={"id": 3})


@api.get("/errors/not-found")
def error_not_found() -> dict:
    raise NotFound()


@api.get("/errors/crash")
def error_crash() -> dict:
    raise RuntimeError("boom (expected by the e2e tests)")


@api.get("/errors/crash-async")
async def error_crash_async() -> dict:
    await asyncio.sleep(0)
    raise ValueError("async boom (expected by the e2e tests)")
