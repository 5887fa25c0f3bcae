"""The example API. `bolt build` compiles it; `python manage.py runbolt` serves it.

Try:
    curl http://127.0.0.1:8000/
    curl 'http://127.0.0.1:8000/items/7?q=hello&limit=5'
    curl http://127.0.0.1:8000/items/0                     # 404 from NotFound
    curl 'http://127.0.0.1:8000/items/abc?limit=0'         # 422, both errors listed
    curl -X POST http://127.0.0.1:8000/items -d '{"name": "Plumbus", "price": 32.5}'
    curl http://127.0.0.1:8000/products                    # async Django ORM
    curl http://127.0.0.1:8000/boom                        # 500, and the server keeps serving
"""

from typing import Annotated

import msgspec
from django_bolt import BoltAPI, NotFound, Query

from .models import Product

api = BoltAPI()


class Item(msgspec.Struct):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    price: Annotated[float, msgspec.Meta(ge=0)]
    description: str | None = None
    tags: list[str] = []


class ProductOut(msgspec.Struct):
    id: int
    name: str
    price: float
    in_stock: bool


class ProductIn(msgspec.Struct):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    # The model's DecimalField(max_digits=10, decimal_places=2) holds at most this much.
    price: Annotated[float, msgspec.Meta(ge=0, le=99999999.99)]
    in_stock: bool = True


@api.get("/")
def hello() -> dict:
    """A static route: no parameters, a dict encoded as JSON."""
    return {"message": "Hello from Bolt"}


@api.get("/items/{item_id}")
def get_item(item_id: int, q: str | None = None, limit: Annotated[int, Query(ge=1, le=100)] = 10) -> dict:
    """Path and query parameters, coerced and checked natively before Python runs."""
    if item_id == 0 or item_id > 1000:
        raise NotFound(detail=f"Item {item_id} not found")
    return {"item_id": item_id, "q": q, "limit": limit}


@api.post("/items", status_code=201)
def create_item(item: Item) -> Item:
    """A Struct body, validated natively; answered with 201."""
    return item


@api.get("/products", response_model=list[ProductOut])
async def list_products(limit: Annotated[int, Query(ge=1, le=100)] = 10) -> list[ProductOut]:
    """The async Django ORM; model instances are converted to `ProductOut`."""
    return [product async for product in Product.objects.all()[:limit]]


@api.post("/products", status_code=201)
async def create_product(data: ProductIn) -> ProductOut:
    product = await Product.objects.acreate(name=data.name, price=data.price, in_stock=data.in_stock)
    return ProductOut(id=product.id, name=product.name, price=float(product.price), in_stock=product.in_stock)


@api.get("/boom")
def boom() -> dict:
    """An unexpected error: logged, answered with 500, and the worker keeps serving."""
    raise RuntimeError("this handler always fails")
