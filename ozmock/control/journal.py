"""The call journal from outside: read it (filtered by operation, seller, status; the last `limit`)
or clear it; and the contract warnings recorded in it (`/__ozmock/warnings`: which calls relied on a
documented rule the live API does not enforce, or on a deprecated operation). Clearing is not
persisted: the journal is not part of the saved state."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

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
    with world.lock:
        entries = world.journal.to_json(operation=query.get("operation"), client_id=client_id, status=status)
    if limit:
        entries = entries[-limit:]
    return json_response({"entries": entries})


async def warnings(request: Request) -> Response:
    world = world_of(request)
    with world.lock:
        entries = world.journal.warnings(operation=request.query_params.get("operation"))
    found = [{"seq": entry.seq, "at": entry.at, "operation": entry.operation, "client_id": entry.client_id,
              "status": entry.status, "trace_id": entry.trace_id, "warnings": entry.warnings} for entry in entries]
    counts: dict[str, int] = {}
    for entry in entries:
        for text in entry.warnings:
            counts[text] = counts.get(text, 0) + 1
    return json_response({"warnings": found, "summary": [{"warning": text, "calls": n} for text, n in counts.items()]})


def routes() -> list[Route]:
    return [Route("/__ozmock/journal", journal, methods=["GET", "DELETE"]),
            Route("/__ozmock/warnings", warnings, methods=["GET"])]
