"""Endpoints the reliability battery drives: a quick answer, a slow awaiting handler and a
slow blocking one."""

import asyncio
import time
from typing import Annotated

import msgspec
from django_bolt import BoltAPI, Query

api = BoltAPI()


class Echo(msgspec.Struct):
    text: str


@api.get("/health")
def health() -> dict:
    return {"ok": True}


@api.post("/echo")
def echo(item: Echo) -> Echo:
    return item


@api.get("/slow")
async def slow(ms: Annotated[int, Query(ge=0, le=60_000)] = 1000) -> dict:
    await asyncio.sleep(ms / 1000)
    return {"slept_ms": ms}


@api.get("/block")
def block(ms: Annotated[int, Query(ge=0, le=60_000)] = 1000) -> dict:
    time.sleep(ms / 1000)
    return {"blocked_ms": ms}


#: What `/tracked` handlers saw: started, cancelled (their client left), finished.
TRACKED = {"started": 0, "cancelled": 0, "finished": 0}


@api.get("/tracked")
async def tracked(ms: Annotated[int, Query(ge=0, le=60_000)] = 10_000) -> dict:
    TRACKED["started"] += 1
    try:
        await asyncio.sleep(ms / 1000)
    except asyncio.CancelledError:
        TRACKED["cancelled"] += 1
        raise
    TRACKED["finished"] += 1
    return {"slept_ms": ms}


@api.get("/tracked/stats")
def tracked_stats() -> dict:
    return dict(TRACKED)
