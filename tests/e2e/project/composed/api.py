"""An API composed of routers (django-bolt's `Router` / `include_router`): the same router
included twice, a nested router, routes declared in another module."""

from django_bolt import BoltAPI, Response
from django_bolt.openapi import OpenAPIConfig

from . import team_routes  # noqa: F401  (declares the routes)
from .routers import members, teams

api = BoltAPI(
    prefix="/composed",
    namespace="composed",
    openapi_config=OpenAPIConfig(title="Bolt e2e", version="2.0.0", description="The e2e project's APIs."),
)


@api.get("/", name="index")
def index() -> dict:
    return {"routers": ["teams", "members"]}


@api.head("/")
def index_head() -> Response:
    return Response(None, status_code=200, headers={"x-routers": "2"})


@api.options("/")
def index_options() -> dict:
    return {"methods": ["GET", "HEAD", "OPTIONS"]}


api.include_router(teams)
api.include_router(teams, prefix="/v2/")
teams.include_router(members, prefix="/people")
