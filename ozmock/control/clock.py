"""The world clock from outside: read it, switch its mode, set it, move it forward."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..clock import Clock, parse_iso, parse_mode, seconds_value
from .common import json_response, parse_object, persist, problem, world_of


async def clock(request: Request) -> Response:
    """GET reads the clock; POST `{"mode": "frozen" | "real" | 60, "now": ISO}` changes it."""
    world = world_of(request)
    if request.method == "POST":
        raw = await request.body()
        try:
            options = parse_object(raw)
            if "mode" in options:
                parse_mode(options["mode"])          # both checked before either changes the clock
            instant = parse_iso(options["now"]) if "now" in options else None
            if instant is not None:
                Clock().set_time(instant)
            with world.lock:
                if "mode" in options:
                    world.clock.set_mode(options["mode"])
                if instant is not None:
                    world.clock.set_time(instant)
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
        seconds = seconds_value(parse_object(raw).get("seconds", 0))
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
