"""The world clock from outside: read it, switch its mode, set it, move it forward."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..clock import parse_iso
from .common import json_response, parse_json, persist, problem, world_of


async def clock(request: Request) -> Response:
    """GET reads the clock; POST `{"mode": "frozen" | "real" | 60, "now": ISO}` changes it."""
    world = world_of(request)
    if request.method == "POST":
        raw = await request.body()
        try:
            options = parse_json(raw)
            with world.lock:
                if "mode" in options:
                    world.clock.set_mode(options["mode"])
                if "now" in options:
                    world.clock.set_time(parse_iso(options["now"]))
        except (ValueError, TypeError) as error:
            return problem(str(error))
        persist(request)
    with world.lock:
        return json_response(world.clock.to_json())


async def advance(request: Request) -> Response:
    """POST `{"seconds": n}`: jump over waits; clock-driven changes happen on the next call."""
    world = world_of(request)
    raw = await request.body()
    try:
        seconds = float(parse_json(raw).get("seconds", 0))
        with world.lock:
            world.clock.advance(seconds)
    except (ValueError, TypeError) as error:
        return problem(str(error))
    persist(request)
    with world.lock:
        return json_response(world.clock.to_json())


def routes() -> list[Route]:
    return [
        Route("/__ozmock/clock", clock, methods=["GET", "POST"]),
        Route("/__ozmock/clock/advance", advance, methods=["POST"]),
    ]
