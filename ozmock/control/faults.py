"""Fault rules from outside: list, add (one rule or a list, all or nothing), remove one, clear."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..pipeline.faults import check_operation, fault_from_json
from .common import json_response, parse_json, persist, problem, world_of


async def faults(request: Request) -> Response:
    world = world_of(request)
    if request.method == "POST":
        raw = await request.body()
        try:
            options = parse_json(raw)
            parsed = [fault_from_json(rule) for rule in (options if isinstance(options, list) else [options])]
            for rule in parsed:                  # all or nothing
                check_operation(rule.operation)
            with world.lock:
                added = [world.faults.add(rule) for rule in parsed]
                answer = json_response({"faults": [rule.to_json() for rule in added]})
        except (ValueError, TypeError) as error:
            return problem(str(error))
        persist(request)
        return answer
    if request.method == "DELETE":
        with world.lock:
            world.faults.clear()
        persist(request)
    with world.lock:
        return json_response({"faults": world.faults.to_json()})


async def fault(request: Request) -> Response:
    world = world_of(request)
    with world.lock:
        removed = world.faults.remove(int(request.path_params["fault_id"]))
    if not removed:
        return problem("no such fault", 404)
    persist(request)
    with world.lock:
        return json_response({"faults": world.faults.to_json()})


def routes() -> list[Route]:
    return [
        Route("/__ozmock/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route("/__ozmock/faults/{fault_id:int}", fault, methods=["DELETE"]),
    ]
