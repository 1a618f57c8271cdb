"""The journal as a live request log, for the dashboard and tools that follow it:

    GET /__ozmock/journal/log?after=SEQ&limit=N   calls after sequence number SEQ (all kept ones by default),
                                                  newest last, without their bodies: cheap to poll; `world`
                                                  names the world, so a follower notices a reset
    GET /__ozmock/journal/{seq}                   one call in full: request and response bodies

`/__ozmock/journal` stays the assertion-minded view (filters, full entries)."""
from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .common import json_response, problem, world_of

BODIES = ("request", "response")
DEFAULT_LIMIT = 500


def summary(entry: Any) -> dict[str, Any]:
    return {name: value for name, value in entry.to_json().items() if name not in BODIES}


async def log(request: Request) -> Response:
    query = request.query_params
    try:
        after = int(query.get("after", 0))
        limit = int(query.get("limit", DEFAULT_LIMIT))
    except ValueError:
        return problem("after and limit are integers")
    if limit < 1:
        return problem("limit is at least 1")
    world = world_of(request)
    with world.lock:
        entries = [entry for entry in world.journal.entries() if entry.seq > after][-limit:]
        return json_response({"world": f"{id(world):x}", "entries": [summary(entry) for entry in entries]})


async def call(request: Request) -> Response:
    world, seq = world_of(request), request.path_params["seq"]
    with world.lock:
        found = next((entry for entry in world.journal.entries() if entry.seq == seq), None)
        if found is None:
            return problem(f"no call #{seq} in the journal (it keeps the last {world.journal.size})", 404)
        return json_response(found.to_json())


def routes() -> list[Route]:
    return [
        Route("/__ozmock/journal/log", log, methods=["GET"]),
        Route("/__ozmock/journal/{seq:int}", call, methods=["GET"]),
    ]
