"""The call journal from outside: read it (filtered by operation, seller, status; the last `limit`)
or clear it; and the contract warnings recorded in it (`/__ozmock/warnings`: which calls relied on a
documented rule the live API does not enforce, or on a deprecated operation). Clearing is not
persisted: the journal is not part of the saved state."""
from __future__ import annotations

from typing import Any

import orjson
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
        found = world.journal.calls(query.get("operation"), client_id=client_id, status=status)   # a snapshot
    except UnknownOperation as error:
        return problem(f"operation: {error}")
    entries = [entry.to_json() for entry in (found[-limit:] if limit else found)]
    try:
        return json_response({"entries": entries})
    except TypeError:       # an entry orjson cannot write: shown as text, so the journal stays readable
        return json_response({"entries": [readable(entry) for entry in entries]})


def readable(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry whose bodies JSON can carry: one that cannot be written keeps a bounded repr instead."""
    for name in ("request", "response"):
        try:
            orjson.dumps(entry[name])
        except TypeError:
            entry[name] = repr(entry[name])[:2000]
    return entry


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
