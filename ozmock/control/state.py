"""The world as a whole: rebuild it from the scenario (reset), export it, replace it (import).

A new world is swapped in on the owner; requests already running finish on the old one.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..world import World
from .common import json_response, owner_of, persist, problem, read_json, world_of

RESET_OPTIONS = ("scenario", "seed")


async def reset(request: Request) -> Response:
    owner = owner_of(request)
    try:
        options = await read_json(request)
        if owner.reset_hook is None:
            raise ValueError("this server cannot rebuild its world")
        owner.world = owner.reset_hook(**{k: v for k, v in options.items() if k in RESET_OPTIONS})
    except (ValueError, TypeError) as error:
        return problem(str(error))
    persist(request)
    return json_response({"status": "ok", "scenario": owner.world.scenario})


async def state(request: Request) -> Response:
    """GET exports the world as JSON (what --state-file stores); PUT replaces it with such a document."""
    if request.method == "PUT":
        try:
            owner_of(request).world = World.from_json(await read_json(request))
        except ValueError as error:
            return problem(str(error))
        persist(request)
    world = world_of(request)
    with world.lock:
        return json_response(world.to_json())


def routes() -> list[Route]:
    return [
        Route("/__ozmock/reset", reset, methods=["POST"]),
        Route("/__ozmock/state", state, methods=["GET", "PUT"]),
    ]
