"""What every control route shares: the app that owns the world, JSON in and out, the error shape.

Routes are plain module functions; the control app keeps its owner (the `OzonApp`) in its state, so a
route reads `owner.world` on every request and a reset or imported world is served at once. Routes
read the request body before taking `world.lock` and never await while holding it: the lock is
re-entrant per thread, and every coroutine of the event loop runs on the same thread.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Awaitable, Callable

import orjson
from starlette.requests import Request
from starlette.responses import Response

from ..pipeline.bounds import MAX_JSON_DEPTH, nesting_exceeds
from ..pipeline.settle import settle

if TYPE_CHECKING:
    from ..app import OzonApp
    from ..world import Seller, World


def owner_of(request: Request) -> "OzonApp":
    return request.app.state.owner


def world_of(request: Request) -> "World":
    return owner_of(request).world


def persist(request: Request) -> None:
    """Control writes are acknowledged writes too: with --state-file they reach the disk first."""
    owner = owner_of(request)
    if owner.on_write is not None:
        owner.on_write(owner.world)


def json_response(data: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type="application/json")


def problem(message: str, status: int = 400) -> Response:
    return json_response({"code": 3 if status == 400 else 5, "message": message, "details": []}, status)


def parse_json(raw: bytes) -> Any:
    """A control request body: JSON, or {} when empty; nested no deeper than the edge allows."""
    if not raw.strip():
        return {}
    if nesting_exceeds(raw):
        raise ValueError(f"control API bodies nest at most {MAX_JSON_DEPTH} levels")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ValueError("control API bodies are JSON") from None


def parse_object(raw: bytes) -> dict[str, Any]:
    """A control request body that must be a JSON object (or empty)."""
    value = parse_json(raw)
    if not isinstance(value, dict):
        raise ValueError(f"the body is a JSON object, not {type(value).__name__}")
    return value


def bounded(body: dict[str, Any], name: str, low: float, high: float, default: float | None = None, *,
            integer: bool = False) -> Any:
    """A number of the body within [low, high] (an integer when asked), `default` when absent; ValueError
    names the field otherwise. Control inputs are held to ranges the world can store and act on."""
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not float(value).is_integer()):
        raise ValueError(f"{name} is {'an integer' if integer else 'a number'}, not {value!r}")
    if not low <= value <= high:                   # also refuses NaN
        raise ValueError(f"{name} is within {low:g}..{high:g}, not {value!r}")
    return int(value) if integer else float(value)


async def read_json(request: Request) -> Any:
    return parse_json(await request.body())


def seller_view(read: Callable[[Request, "World", "Seller"], Response]) -> Callable[[Request], Awaitable[Response]]:
    """A read route over the path's seller (`client_id`): under the world's lock, with every change due
    by now applied, as the next API call would see it; 404 when there is no such seller."""
    @functools.wraps(read)
    async def route(request: Request) -> Response:
        world = world_of(request)
        with world.lock:
            seller = world.sellers.get(int(request.path_params["client_id"]))
            if seller is None:
                return no_seller(request)
            settle(world, seller, world.clock.now().timestamp())
            return read(request, world, seller)
    return route


def no_seller(request: Request) -> Response:
    return problem(f"no seller with Client-Id {request.path_params['client_id']}", 404)
