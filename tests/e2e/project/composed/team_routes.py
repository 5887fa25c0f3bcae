"""Routes on the routers of `routers`, declared in another module than the routers."""

from typing import Annotated

import msgspec
from django_bolt import NotFound, Query

from .routers import members, teams


class Member(msgspec.Struct):
    name: Annotated[str, msgspec.Meta(min_length=1)]
    role: str = "player"


TEAMS = {1: "Rovers", 2: "United"}


@teams.get("")
def list_teams() -> list[str]:
    return sorted(TEAMS.values())


@teams.get("/{team_id}", tags=["lookup"], name="team-detail")
def get_team(team_id: int, verbose: Annotated[bool, Query()] = False) -> dict:
    if team_id not in TEAMS:
        raise NotFound(detail=f"team {team_id} not found")
    return {"id": team_id, "name": TEAMS[team_id], "verbose": verbose}


@members.post("/", status_code=201)
async def add_member(member: Member) -> Member:
    return member


@teams.get("/{team_id}/member/checked")
def checked_member(team_id: int) -> Member:
    return {"name": f"m{team_id}", "extra": True}  # type: ignore[return-value]


@teams.get("/{team_id}/member/raw", validate_response=False)
def raw_member(team_id: int) -> Member:
    return {"name": f"m{team_id}", "extra": True}  # type: ignore[return-value]


@teams.get("/internal/ping", include_in_schema=False)
def internal_ping() -> dict:
    return {"pong": True}
