"""A second API module, found by the `api.py` scan; it holds two BoltAPI objects."""

from django_bolt import BoltAPI, PlainText

from catalog.models import Product

api = BoltAPI(prefix="/extras")
admin = BoltAPI(prefix="/admin")
site = BoltAPI()


@site.get("/")
def index() -> dict:
    return {"apis": ["/api", "/extras", "/admin"]}


@api.get("/ping")
def ping() -> PlainText:
    return PlainText("pong")


@api.delete("/cache/{key}")
async def clear_cache(key: str) -> dict:
    return {"cleared": key}


@api.patch("/flags/{name}")
def set_flag(name: str, on: bool = True) -> dict:
    return {"flag": name, "on": on}


@admin.get("/stats")
async def stats() -> dict:
    return {"products": await Product.objects.acount()}
