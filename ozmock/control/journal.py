"""The call journal from outside: read it (filtered by operation, seller, status; the last `limit`)
or clear it. Clearing is not persisted: the journal is not part of the saved state."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..pipeline.journal import UnknownOperation
from .common import json_response, problem, world_of


async def journal(request: Request) -> Response:
    world = world_of(request)
    if request.method == "DELETE":
        with world.lock:
            world.journal.clear()
        return json_response({"entries": []})
    query = request.query_params
    try:
        client_id = int(query["client_id"]) if "client_id" in query else None
        status = int(query["status"]) if "status" in query else None
        limit = int(query.get("limit", 0)) or None
    except ValueError:
        return problem("client_id, status and limit are integers")
    try:
        with world.lock:
            entries = world.journal.to_json(operation=query.get("operation"), client_id=client_id, status=status)
    except UnknownOperation as error:
        return problem(f"operation: {error}")
    if limit:
        entries = entries[-limit:]
    return json_response({"entries": entries})


def routes() -> list[Route]:
    return [Route("/__ozmock/journal", journal, methods=["GET", "DELETE"])]
