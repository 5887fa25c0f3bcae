"""An API composed of routers (django-bolt's `Router` / `include_router`): the same router
included twice, a nested router, routes declared in another module."""

from typing import Annotated

import msgspec
from django_bolt import BoltAPI, Query, Request, Response
from django_bolt.openapi import OpenAPIConfig
from django_bolt.views import APIView

from . import team_routes  # noqa: F401  (declares the routes)
from .routers import members, orgs, teams

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


class Score(msgspec.Struct):
    team: str
    points: int


class Problem(msgspec.Struct):
    title: str
    status: int


@api.get("/scores/{team_id}", response_model={200: Score, 204: None, 404: Problem, ...: dict})
def score(team_id: int):
    """Multi-status (django-bolt 0.13): `(status, body)` picks the status; bodies are encoded
    as returned; a bare value takes the route's status (the first 2xx code)."""
    if team_id == 0:
        return 204, None
    if team_id == 7:
        return {"team": "bare", "points": 7}
    if team_id > 10:
        return 404, Problem(title=f"team {team_id} not found", status=404)
    if team_id == 9:
        return 418, {"teapot": True}
    return 200, Score(team="Rovers", points=team_id * 3)


@api.post("/scores", response_model={201: Score, 409: Problem})
async def add_score(score: Score):
    if score.points < 0:
        return 409, {"title": "negative points", "status": 409}
    return 201, score


@orgs.get("/members/{member_id}")
def org_member(org: str, member_id: int) -> dict:
    """A placeholder in a router prefix (`Router(prefix="/orgs/{org}")`), coerced natively."""
    return {"org": org, "member": member_id}


api.include_router(orgs, prefix="/v3")


@api.view("/counters/{name}", tags=["counters"])
class CounterView(APIView):
    """A class-based view: each method is bound to one instance made at registration (as in
    django-bolt 0.13), which serves all that method's requests."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}

    def get(self, name: str) -> dict:
        return {"name": name, "count": self.counts.get(name, 0)}

    async def post(self, request: Request, name: str, step: Annotated[int, Query(ge=1)] = 1) -> dict:
        self.counts[name] = self.counts.get(name, 0) + step
        return {"name": name, "count": self.counts[name], "method": request.method}
